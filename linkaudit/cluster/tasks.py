"""What runs on a worker: the pipeline's stages over a chunk of documents. Plain functions of
picklable values (a worker imports linkaudit; nothing here reads the clock, the working
directory or the environment: the settings carry them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from linkaudit.inputs import Input
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.pipeline.extract import ExtractSettings, Facts, ReadFailure, extract
from linkaudit.pipeline.judge import Judged, JudgeSettings, judge
from linkaudit.pipeline.notes import SiteTally, site_tally
from linkaudit.pipeline.plan import CheckPlan, Planner, PlanSettings

__all__ = ["ChunkPlan", "extract_chunk", "plan_chunk", "judge_chunk"]

Read = Facts | ReadFailure


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """What comes back to the driver from a chunk before judging: small beside its facts."""

    plan: CheckPlan
    read: int  # documents read (not failures)
    tally: SiteTally


def extract_chunk(items: Sequence[Input], reading: ExtractSettings) -> list[Read]:
    """The chunk's documents read: facts, or why each could not be (kept on the worker)."""
    return [extract(item, reading) for item in items]


def plan_chunk(reads: Sequence[Read], settings: PlanSettings) -> ChunkPlan:
    """The chunk's check plan, how many documents it read, and its site tally."""
    planner = Planner(settings)
    facts = [f for f in reads if not isinstance(f, ReadFailure)]
    for f in facts:
        planner.add(f)
    return ChunkPlan(planner.plan(), len(facts), site_tally(facts))


def judge_chunk(
    reads: Sequence[Read],
    checks: Mapping[str, tuple[LinkCheck, PageMeta | None]],
    settings: JudgeSettings,
) -> list[Judged | ReadFailure]:
    """Each document of the chunk judged (failures passed through), in input order."""
    return [f if isinstance(f, ReadFailure) else judge(f, checks, settings) for f in reads]
