"""The pipeline: four stages with public seams, and how they fit together.

linkaudit reads documents, finds the links and dates in them, checks the links, and judges
each document by the rules of a pack. Each of those steps is a stage here, a plain function
between frozen, picklable values, so that the same stages run in one process, in a pool of
processes, or on the workers of a cluster::

    inputs (files, folders, stdin, URLs)
      │ extract  Input + ExtractSettings -> Facts | ReadFailure          one document at a time
      │          (the document, its links with URL dates, date mentions, reference date,
      │          suppressions; relative links checked on disk)
      │ plan     Facts of many documents + PlanSettings -> CheckPlan
      │          (distinct URLs grouped by registered domain, and what rules declared they need
      │          across documents: snapshot dates, archive lookups, earliest citing dates);
      │          plans merge (`CheckPlan.merge`) and split by whole domains (`partition`)
      │ check    CheckPlan + NetOptions + a store description -> CheckResults
      │          (normalised URL -> (LinkCheck, PageMeta | None), network_down)
      │ judge    Facts + the checks of its URLs + JudgeSettings -> Judged
      │          (the DocumentResult: findings after per-file ignores and suppressions;
      │          the document's notes)
      │ settle   the Judged of a run, in order -> Settled (the baseline joined on
      ▼          fingerprints; the notes said once for the run)
    reports      (`linkaudit.report`) render the results

**Explicit inputs.** Every stage gets what it depends on as values: ``today``, the path root
(the working directory, against which paths are shown), the rule pack and the options are in
the settings, which the caller makes once per run (`extract_settings`, `plan_settings`,
`judge_settings`). No stage reads the clock, the working directory or the environment.

**Only `linkaudit.net` and the store adapters (`linkaudit.store`) do I/O** on the network and
in the result store. The check stage opens the store itself from its description
(``postgresql://…``, ``sqlite:///path``, a path, or None for the sqlite cache in the cache
folder), so a worker never receives an open handle; a published page given as an input is
fetched through `linkaudit.net` too. Besides that, extract reads the input it is given (and,
for relative links and site conventions, the files around it); plan, judge and settle are pure.
The facts cache and the reading processes belong to the one-machine driver (`reading`), not
to a stage.

**One machine.** `linkaudit.api.audit` composes the stages: documents are extracted in input
order by `reading.read_all` (remembered ones from the facts cache; large scans in a pool of
reading processes, never started inside a daemonic process such as a Dask worker, which may
not have children); each document's URLs are planned (`Planner.add`) and handed at once to a
checker on a background thread (`check.checker`), so the network is busy while later
documents are parsed; once all are read, the checker finishes with the plan's needs
(`check.finish`), every document is judged, and `settle` concludes the run. A cluster composes
the same functions: extract per document, plans of chunks merged and partitioned by domain,
`check` per partition, judge per document with its URLs' checks, `settle` over the stream.
"""

from __future__ import annotations

from linkaudit.pipeline.check import CheckResults, check, checker, finish, with_checks
from linkaudit.pipeline.extract import (
    ExtractSettings,
    Facts,
    ReadFailure,
    analyse,
    extract,
    extract_settings,
    localize,
)
from linkaudit.pipeline.judge import (
    Judged,
    JudgeSettings,
    Settled,
    apply_baseline_file,
    judge,
    judge_settings,
    settle,
)
from linkaudit.pipeline.plan import CheckPlan, Planner, PlanSettings, plan, plan_settings
from linkaudit.pipeline.reading import read_all

__all__ = [
    "CheckPlan",
    "CheckResults",
    "ExtractSettings",
    "Facts",
    "JudgeSettings",
    "Judged",
    "PlanSettings",
    "Planner",
    "ReadFailure",
    "Settled",
    "analyse",
    "apply_baseline_file",
    "check",
    "checker",
    "extract",
    "extract_settings",
    "finish",
    "judge",
    "judge_settings",
    "localize",
    "plan",
    "plan_settings",
    "read_all",
    "settle",
    "with_checks",
]
