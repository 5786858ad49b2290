"""The command line: parse options, call the API, pick reporters, choose the exit code.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error, 3 no network,
130 interrupted (Ctrl-C).
When several apply: 2 over 3 over 1 over 0. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any, NoReturn

import click

from linkaudit.__about__ import __version__
from linkaudit.errors import LinkauditError, UsageError
from linkaudit.settings import MAX_WORKERS, NET_MAX_RETRIES, NET_MIN_TIMEOUT

_NO_ARGS: tuple[type[Exception], ...] = tuple(
    c for c in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if c is not None
)
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_NO_NETWORK = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C (128 + SIGINT)
_FAIL_LEVELS = ("error", "warning", "info", "never")


def _fail(message: str) -> NoReturn:
    click.echo(f"linkaudit: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130. What the caches hold was written on the way out."""
    click.echo("linkaudit: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def pair_formats(raw_args: Sequence[str]) -> list[tuple[str, str | None]]:
    """Pair each ``--format`` with the ``-o`` that follows it, in command-line order."""
    pairs: list[list[str | None]] = []
    pending_output: str | None = None
    it = iter(range(len(raw_args)))
    for i in it:
        arg = raw_args[i]
        value: str | None = None
        kind = None
        for flag, k in (("--format", "f"), ("-f", "f"), ("--output", "o"), ("-o", "o")):
            if arg == flag and i + 1 < len(raw_args):
                value, kind = raw_args[i + 1], k
                next(it, None)
                break
            if flag.startswith("--") and arg.startswith(flag + "="):
                value, kind = arg.split("=", 1)[1], k
                break
        if kind == "f":
            pairs.append([value, pending_output])
            pending_output = None
        elif kind == "o":
            if pairs and pairs[-1][1] is None:
                pairs[-1][1] = value
            else:
                pending_output = value
    return [(str(f), o) for f, o in pairs]


class _ScanCommand(click.Command):
    """Keeps the raw arguments so that formats and outputs can be paired in order."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["linkaudit.raw_args"] = list(args)
        return super().parse_args(ctx, args)


class _Interrupted(Exception):
    """Ctrl-C, carried past click: click turns a KeyboardInterrupt into ``Abort`` (a blank
    line, then the exit code of a usage error), and the shell convention is 130."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted() from None


def _reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """How inputs are walked and read: the same options for ``scan`` and ``links``."""
    for option in reversed(
        (
            click.option(
                "--type",
                "forced_type",
                metavar="TYPE",
                help="Read every input as text|markdown|html.",
            ),
            click.option(
                "--include",
                multiple=True,
                metavar="GLOB",
                help="Also read these files when walking.",
            ),
            click.option(
                "--exclude", multiple=True, metavar="GLOB", help="Skip these paths when walking."
            ),
        )
    ):
        command = option(command)
    return command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="linkaudit")
def cli() -> None:
    """linkaudit: check an article's citations: dead, redirected, mismatched, and impossible in
    time."""


@cli.command(cls=_ScanCommand)
@click.argument("sources", nargs=-1)
@click.option(
    "--manifest",
    metavar="FILE",
    help="Also read the paths FILE lists, one a line (- : standard input).",
)
@click.option(
    "--offline", is_flag=True, help="No network, no cache: extraction, dates and offline rules."
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    metavar="FMT",
    help="text|json|jsonl|sarif|junit|github|markdown|html (repeatable, each with its own -o).",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    metavar="FILE",
    help="Write the preceding --format here.",
)
@click.option(
    "--fail-on",
    type=click.Choice(_FAIL_LEVELS),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this level exists.",
)
@click.option(
    "--published",
    metavar="DATE",
    help="The article's publication date (overrides everything else).",
)
@click.option("--today", metavar="DATE", help="What 'today' is (reproducible reports).")
@click.option(
    "--rules", "pack", default="default", show_default=True, metavar="PACK|PATH", help="Rule pack."
)
@click.option("--select", metavar="ID,...", help="Run only these rules (ids or prefixes).")
@click.option("--ignore", metavar="ID,...", help="Do not run these rules.")
@_reading_options
@click.option("--all-regions", is_flag=True, help="Treat links in page chrome as citations too.")
@click.option("--check-code", is_flag=True, help="Also check URLs inside code blocks.")
@click.option("--day-first", is_flag=True, help="Read 03/04/2023 as 3 April.")
@click.option(
    "--changed-since",
    metavar="REF",
    help="Scan only files changed since this git ref (and untracked files).",
)
@click.option("--concurrency", type=click.IntRange(1), help="Requests in flight (default 64).")
@click.option("--per-host", type=click.IntRange(1), help="Requests in flight per host (default 2).")
@click.option(
    "--timeout", type=click.FloatRange(NET_MIN_TIMEOUT), help="Seconds to wait for an answer."
)
@click.option(
    "--retries",
    type=click.IntRange(0, NET_MAX_RETRIES),
    help=f"Retries for errors, 5xx and 429 (at most {NET_MAX_RETRIES}).",
)
@click.option("--allow-private", is_flag=True, help="Fetch private/loopback addresses too.")
@click.option("--archive", is_flag=True, help="Look up web-archive copies of dead links.")
@click.option("--respect-robots", is_flag=True, help="Skip URLs a site's robots.txt disallows.")
@click.option("--cache/--no-cache", default=True, help="Reuse results of recent runs.")
@click.option("--cache-dir", metavar="DIR", help="Where the result cache lives.")
@click.option(
    "--state-dir",
    metavar="DIR",
    help="Where the secret that signs remembered documents lives (never the cache folder).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, MAX_WORKERS),
    metavar="N",
    help="Processes that read documents (0 or 1: none besides this one; default: one per "
    "core for large scans).",
)
@click.option("--cache-max-age", metavar="AGE", help="How long results stay fresh (1d, 6h, 30m).")
@click.option(
    "--store",
    metavar="URL",
    help="Keep results in this store: postgresql://user@host:port/db (shared), sqlite:///path "
    "or a path (default: the cache folder's sqlite file).",
)
@click.option(
    "--cluster",
    metavar="SPEC",
    help="Spread the scan over a Dask cluster: local:N (N worker processes here) or "
    "tcp://scheduler:8786 (needs the distributed extra).",
)
@click.option("--ca-bundle", metavar="FILE", help="CA certificates to trust (PEM).")
@click.option(
    "--config", "config_file", metavar="FILE", help="Config file (default: found walking up)."
)
@click.option(
    "--exclude-url", multiple=True, metavar="REGEX", help="Neither check nor report matching URLs."
)
@click.option("--baseline", metavar="FILE", help="Report only findings not recorded in FILE.")
@click.option("--write-baseline", metavar="FILE", help="Record every current finding in FILE.")
@click.option(
    "--report-unused-suppressions", is_flag=True, help="Note suppressions that silenced nothing."
)
@click.option("--root-dir", metavar="DIR", help="Resolve root-relative local links here.")
@click.option("--base-url", metavar="URL", help="Map root-relative local links onto this site.")
@click.option(
    "--site",
    metavar="NAME|auto|none",
    help="Site generator conventions for local links and anchors: auto (detect from "
    "book.toml, mkdocs.yml, ...), none, or mdbook|mkdocs|sphinx|docusaurus|hugo|zola|jekyll.",
)
@click.option("--pretty", is_flag=True, help="Indent JSON even when it goes to a file or pipe.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors and the report files.")
@click.option("--summary-only", is_flag=True, help="Only the summary line in the text report.")
@click.pass_context
def scan(ctx: click.Context, sources: tuple[str, ...], **opts: Any) -> None:
    """Scan articles (files, directories, URLs, or - for stdin) and report what does not add up."""
    from linkaudit.report import FORMATS
    from linkaudit.report.stream import SINKS

    raw_args = ctx.meta.get("linkaudit.raw_args", [])
    pairs = pair_formats(raw_args) if opts["formats"] else []
    if not pairs:
        default = "text"
        if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in FORMATS:
            default = "github"
        pairs = [(default, opts["outputs"][0] if opts["outputs"] else None)]
    for fmt, _ in pairs:
        if fmt not in SINKS:
            raise UsageError(f"unknown --format {fmt!r} (choose from {', '.join(SINKS)})")
    stdout_reports = [p for p in pairs if p[1] in (None, "-")]
    if len(stdout_reports) > 1:
        raise UsageError("only one --format can go to standard output; give the others -o FILE")
    files = [os.path.realpath(p[1]) for p in pairs if p[1] not in (None, "-")]
    if len(files) != len(set(files)):
        raise UsageError("two reports would be written to the same -o FILE")
    if not sources and opts["manifest"] is None:
        raise UsageError("Missing argument 'SOURCES...' (or --manifest FILE).")
    if sources.count("-") + (opts["manifest"] == "-") > 1:
        raise UsageError("standard input (-) can be read only once")

    forced = opts["forced_type"]
    if forced is not None and forced not in ("text", "markdown", "html"):
        raise UsageError(f"unknown --type {forced!r} (choose from text, markdown, html)")

    from dataclasses import replace

    from linkaudit.api import audit

    options, fail_on = scan_options(ctx, sources, opts)
    options = replace(options, manifest=opts["manifest"])
    if opts["write_baseline"]:
        options = replace(options, baseline=None)
    if opts["changed_since"] is not None:
        from linkaudit.changed import changed_files

        options = replace(options, only=changed_files(opts["changed_since"]))
    from linkaudit.net.progress import progress_bar

    label, unit = ("reading documents", "docs") if options.offline else ("checking links", "URLs")
    from linkaudit.model import safe_text
    from linkaudit.report.stream import STREAMING, open_sink, write_result

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ

    def report_options(fmt: str, path: str | None) -> dict[str, Any]:
        to_terminal = path in (None, "-") and sys.stdout.isatty()
        if fmt == "text":
            return {"color": color and path in (None, "-"), "summary_only": opts["summary_only"]}
        if fmt == "json":
            return {"pretty": to_terminal or opts["pretty"]}
        return {}

    # every report streams and nothing needs the whole result: each document is written as it
    # is judged (on a cluster, and not kept; see `linkaudit.api.DocumentSink`)
    streamed = all(fmt in STREAMING for fmt, _ in pairs) and not opts["write_baseline"]
    with progress_bar(opts["quiet"], label=label, unit=unit) as bar:
        if streamed:
            result = _scan_streamed(
                list(sources), options, bar, pairs, report_options, quiet=opts["quiet"]
            )
        else:
            result = audit(list(sources), options, progress=bar)
    if opts["write_baseline"]:
        result = _write_baseline(result, opts["write_baseline"])

    for err in result.errors:
        click.echo(f"linkaudit: error: {safe_text(f'{err.source}: {err.message}')}", err=True)
    if result.network_down:
        click.echo(
            "linkaudit: no network: every host failed at DNS or connect; reporting offline findings",
            err=True,
        )
    for fmt, path in [] if streamed else pairs:
        extra = report_options(fmt, path)
        if path in (None, "-"):
            if not opts["quiet"]:
                write_result(result, open_sink(fmt, _Echo(), **extra))
        else:
            try:
                with open(path, "w", encoding="utf-8") as fh:
                    write_result(result, open_sink(fmt, fh, **extra))
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    sys.exit(exit_code(result, fail_on))


def _scan_streamed(
    sources: list[str],
    options: Any,
    bar: Any,
    pairs: Sequence[tuple[str, str | None]],
    report_options: Callable[[str, str | None], dict[str, Any]],
    *,
    quiet: bool,
) -> Any:
    """`audit` with the reports written through sinks as each document comes; the whole
    reports are the same bytes as when written from the whole result."""
    from linkaudit.api import audit
    from linkaudit.report.stream import RunSummary

    with ExitStack() as stack:
        shown = [p for p in pairs if not (quiet and p[1] in (None, "-"))]
        sink = _Reports(stack, shown, report_options)
        result = audit(sources, options, progress=bar, sink=sink)
        sink.end(RunSummary.of(result))
    return result


class _Reports:
    """The reports' sinks, opened (files created, headers written) only when the first
    document comes or the run ends: a scan stopped by a usage error writes no half report."""

    def __init__(
        self,
        stack: ExitStack,
        pairs: Sequence[tuple[str, str | None]],
        report_options: Callable[[str, str | None], dict[str, Any]],
    ) -> None:
        self._stack = stack
        self._pairs = pairs
        self._options = report_options
        self._sink: Any = None

    def _opened(self) -> Any:
        if self._sink is None:
            from linkaudit.report.stream import RunInfo, TeeSink, open_sink

            sinks = []
            for fmt, path in self._pairs:
                out: Any = _Echo()
                if path not in (None, "-"):
                    try:
                        fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by the stack)
                        out = self._stack.enter_context(fh)
                    except OSError as exc:
                        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
                sinks.append(open_sink(fmt, out, **self._options(fmt, path)))
            self._sink = TeeSink(*sinks)
            self._sink.begin(RunInfo())
        return self._sink

    def document(self, result: Any) -> None:
        self._opened().document(result)

    def end(self, summary: Any) -> None:
        self._opened().end(summary)


class _Echo:
    """Standard output as a report sink's target: each piece through ``click.echo``."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


def _load_config(explicit: str | None, sources: Sequence[str]) -> Any:
    """The config named with --config, or the nearest one above the first local source."""
    from pathlib import Path

    from linkaudit.config import Config, find_config, load_config

    if explicit:
        return load_config(Path(explicit))
    start = Path.cwd()
    for src in sources:
        if (
            src != "-"
            and not src.lower().startswith(("http://", "https://"))
            and os.path.exists(src)
        ):
            start = Path(src)
            break
    found = find_config(start)
    return load_config(found) if found is not None else Config()


def scan_options(
    ctx: click.Context, sources: Sequence[str], opts: dict[str, Any]
) -> tuple[Any, str]:
    """ScanOptions from the config file with the command line on top, and the --fail-on level."""
    from dataclasses import replace
    from pathlib import Path

    from click.core import ParameterSource

    from linkaudit.api import ScanOptions
    from linkaudit.engine.packs import load_pack
    from linkaudit.engine.runner import check_rule_ids
    from linkaudit.net.options import NetOptions

    cfg = _load_config(opts.get("config_file"), sources)

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)

    pack = load_pack(opts["pack"] if given("pack") or cfg.rules is None else cfg.rules)

    def ids(value: str | None, what: str) -> tuple[str, ...]:
        if not value:
            return ()
        return tuple(check_rule_ids(value.split(","), what, pack.custom))

    def flag(name: str, key: str) -> bool:
        return bool(opts.get(name)) or bool(cfg.flags.get(key, False))

    for pattern in opts["exclude_url"]:
        try:
            import re

            re.compile(pattern)
        except re.error as exc:
            raise UsageError(
                f"--exclude-url: invalid regular expression {pattern!r}: {exc}"
            ) from None

    def path_opt(name: str, from_cfg: str | None) -> Path | None:
        value = opts.get(name)
        return Path(value) if value else (Path(from_cfg) if from_cfg else None)

    options = ScanOptions(
        offline=flag("offline", "offline"),
        pack=pack,
        select=ids(opts["select"], "--select") if given("select") else cfg.select or (),
        ignore=ids(opts["ignore"], "--ignore") if given("ignore") else cfg.ignore or (),
        published=_parse_date(opts["published"], "--published"),
        today=_parse_date(opts["today"], "--today"),
        all_regions=flag("all_regions", "all-regions"),
        check_code=flag("check_code", "check-code"),
        forced_type=opts["forced_type"],
        include=tuple(opts["include"]) if given("include") else cfg.include or (),
        exclude=tuple(opts["exclude"]) if given("exclude") else cfg.exclude or (),
        day_first=flag("day_first", "day-first"),
        net=_net_options(opts, replace(NetOptions(), **cfg.net), given),
        exclude_url=tuple(opts["exclude_url"]) if given("exclude_url") else cfg.exclude_url or (),
        per_file_ignores=cfg.per_file_ignores,
        config_dir=cfg.base if cfg.path is not None else None,
        report_unused_suppressions=flag("report_unused_suppressions", "report-unused-suppressions"),
        baseline=path_opt("baseline", cfg.baseline),
        root_dir=path_opt("root_dir", cfg.root_dir),
        base_url=opts.get("base_url") or cfg.base_url,
        hosts=cfg.hosts,
        site=_site_option(opts.get("site") or cfg.site or "auto"),
        pack_auto=not given("pack") and cfg.rules is None,
        workers=opts["workers"] if opts.get("workers") is not None else cfg.workers,
        state_dir=path_opt("state_dir", cfg.state_dir),
        cluster=_cluster_option(opts.get("cluster") or cfg.cluster),
    )
    fail_on = opts["fail_on"] if given("fail_on") or cfg.fail_on is None else cfg.fail_on
    return options, fail_on


def _cluster_option(value: str | None) -> str | None:
    """``--cluster`` checked now (one line and exit 2 when it cannot be read)."""
    if value is None:
        return None
    from linkaudit.cluster.spec import parse_cluster

    parse_cluster(value)
    return value


def _site_option(value: str) -> str:
    from linkaudit.engine.packs import suggest
    from linkaudit.sites import GENERATORS

    name = value.strip().lower()
    choices = ("auto", "none", *GENERATORS)
    if name not in choices:
        raise UsageError(
            f"--site: unknown site generator {value!r}{suggest(name, choices)} "
            f"(choose from {', '.join(choices)})"
        )
    return name


def _write_baseline(result: Any, path: str) -> Any:
    """Record every finding in ``path``; they are then known, so the exit code ignores them."""
    from dataclasses import replace

    from linkaudit.engine.baseline import entries_for, render_baseline

    entries = entries_for((d.relpath, f) for d in result.documents for f in d.findings)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(render_baseline(entries))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    note = f"wrote baseline {path}: {len(entries)} finding{'s' if len(entries) != 1 else ''}"
    documents = tuple(replace(d, findings=()) for d in result.documents)
    click.echo(f"linkaudit: {note}", err=True)
    return replace(result, documents=documents, notes=(*result.notes, note))


def _net_options(opts: dict[str, Any], base: Any, given: Callable[[str], bool]) -> Any:
    """NetOptions: the config file's (``base``) with the options given on the command line on
    top."""
    from dataclasses import replace

    from_cli = {
        "concurrency": opts["concurrency"],
        "per_host": opts["per_host"],
        "timeout": opts["timeout"],
        "retries": opts["retries"],
        "cache_dir": opts["cache_dir"],
        "ca_bundle": opts["ca_bundle"],
        "store": opts["store"],
    }
    net = replace(base, **{k: v for k, v in from_cli.items() if v is not None}, quiet=opts["quiet"])
    for name, field_name in (
        ("allow_private", "allow_private"),
        ("archive", "archive"),
        ("cache", "use_cache"),
        ("respect_robots", "respect_robots"),
    ):
        if given(name):
            net = replace(net, **{field_name: opts[name]})
    if opts["cache_max_age"]:
        net = replace(net, cache_max_age_s=_parse_age(opts["cache_max_age"]))
    if net.store is not None:
        from linkaudit.store import parse_store

        parse_store(net.store)  # a store URL that cannot be read: one line, exit 2, now
    return net


def _parse_age(text: str) -> int:
    """``90``, ``30m``, ``6h``, ``1d``, ``2w`` -> seconds."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhdw]?)\s*", text.lower())
    if not m:
        raise UsageError(f"--cache-max-age: cannot read {text!r} (use e.g. 1d, 6h, 30m)")
    unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m.group(2)]
    return int(m.group(1)) * unit


def exit_code(result: Any, fail_on: str) -> int:
    """2 over 3 over 1 over 0."""
    if result.errors:
        return EXIT_ERROR
    if result.network_down:
        return EXIT_NO_NETWORK
    if fail_on != "never":
        from linkaudit.model import Severity

        threshold = Severity(fail_on).rank
        if result.counts is not None:  # documents streamed to the reports, not kept
            worst = result.counts.worst()
            return EXIT_FINDINGS if worst is not None and worst.rank >= threshold else EXIT_OK
        if any(f.severity.rank >= threshold for d in result.documents for f in d.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _active_pack(pack: str | None, config_file: str | None) -> Any:
    """The pack named on the command line, else the config's (found from here), else default."""
    from linkaudit.engine.packs import load_pack

    if pack is None:
        pack = _load_config(config_file, ()).rules or "default"
    return load_pack(pack)


@cli.command("rules")
@click.option(
    "--rules",
    "pack",
    default=None,
    metavar="PACK|PATH",
    help="Rule pack (default: config, else default).",
)
@click.option(
    "--config", "config_file", metavar="FILE", help="Config file (default: found walking up)."
)
def rules_cmd(pack: str | None, config_file: str | None) -> None:
    """List the rule catalog: id, name, severity in the active pack, on/off, source pack."""
    from linkaudit.engine.runner import catalog

    for row in catalog(_active_pack(pack, config_file)):
        click.echo(
            f"{row.id:<8} {row.name:<24} {row.severity.value:<8} {'on' if row.enabled else 'off':<4} "
            f"{row.origin:<10} {row.summary}"
        )


@cli.command("explain")
@click.argument("rule_id")
@click.option("--rules", "pack", default=None, metavar="PACK|PATH", help="Pack with custom rules.")
@click.option(
    "--config", "config_file", metavar="FILE", help="Config file (default: found walking up)."
)
def explain_cmd(rule_id: str, pack: str | None, config_file: str | None) -> None:
    """What a rule checks, why it matters, how to fix it, with examples."""
    from linkaudit.engine.packs import known_rule_ids, suggest
    from linkaudit.engine.registry import get_rule

    rule = get_rule(rule_id)
    if rule is None:
        loaded = _active_pack(pack, config_file)
        for c in loaded.custom:
            if c.id == rule_id.upper():
                click.echo(
                    f"{c.id} {c.name} (custom rule from {c.pack}: {c.severity.value}"
                    f"{', needs the network' if c.needs_network else ''})\n"
                )
                if c.description:
                    _echo_doc(c.description.strip() + "\n")
                click.echo(f"Fires when: {c.when}\nMessage: {c.message}")
                return
        known = known_rule_ids(loaded.custom)
        raise UsageError(f"unknown rule {rule_id!r}{suggest(rule_id.upper(), known)}")
    click.echo(
        f"{rule.id} {rule.name} (default: {rule.severity.value}"
        f"{', needs the network' if rule.needs_network else ''}"
        f"{', off by default' if not rule.enabled_by_default else ''})\n"
    )
    _echo_doc(rule.doc)
    if rule.params:
        from linkaudit.engine.registry import PARAM_TYPES

        listed = ", ".join(f"{k} ({PARAM_TYPES[t]})" for k, t in sorted(rule.params.items()))
        click.echo(f"\nParameters (set in a pack's [rules.{rule.id}]): {listed}")


def _echo_doc(text: str) -> None:
    """A rule's documentation: its markup styled on a terminal, dropped otherwise."""
    from linkaudit.report.explain import to_plain, to_rich_markup

    if sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(to_rich_markup(text))
    else:
        click.echo(to_plain(text))


@cli.command("links")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: path:line:col: kind URL; json: with the normalized URL, URL date and flags.",
)
@_reading_options
@click.option("--all-regions", is_flag=True, help="Count links in page chrome as citations too.")
@click.option("--pretty", is_flag=True, help="Indent JSON even when it goes to a file or pipe.")
@click.option(
    "--config", "config_file", metavar="FILE", help="Config file (default: found walking up)."
)
@click.pass_context
def links_cmd(ctx: click.Context, sources: tuple[str, ...], **opts: Any) -> None:
    """List every link in SOURCES (files, directories, - for stdin) with file:line:col and
    whether it is a citation, in code, or page chrome. Never uses the network."""
    from click.core import ParameterSource

    from linkaudit.api import ScanOptions, extract_links
    from linkaudit.model import safe_text
    from linkaudit.report.links import render_json, render_text

    if sources.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    forced = opts["forced_type"]
    if forced is not None and forced not in ("text", "markdown", "html"):
        raise UsageError(f"unknown --type {forced!r} (choose from text, markdown, html)")
    cfg = _load_config(opts["config_file"], sources)

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)

    all_regions = bool(opts["all_regions"]) or bool(cfg.flags.get("all-regions", False))
    options = ScanOptions(
        offline=True,
        forced_type=forced,
        include=tuple(opts["include"]) if given("include") else cfg.include or (),
        exclude=tuple(opts["exclude"]) if given("exclude") else cfg.exclude or (),
        all_regions=all_regions,
        config_dir=cfg.base if cfg.path is not None else None,
    )
    result = extract_links(list(sources), options)
    for doc in result.documents:  # a guessed encoding, as scan notes it
        if doc.document.encoding_warning:
            note = f"{doc.document.source}: {doc.document.encoding_warning}"
            click.echo(f"linkaudit: note: {safe_text(note)}", err=True)
    for err in result.errors:
        click.echo(f"linkaudit: error: {safe_text(f'{err.source}: {err.message}')}", err=True)
    if opts["fmt"] == "json":
        pretty = opts["pretty"] or sys.stdout.isatty()
        click.echo(render_json(result, all_regions, pretty=pretty), nl=False)
    else:
        click.echo(render_text(result, all_regions), nl=False)
    sys.exit(EXIT_ERROR if result.errors else EXIT_OK)


@cli.command("dates")
@click.argument("source")
@click.option("--published", metavar="DATE", help="The article's publication date.")
@click.option("--today", metavar="DATE", help="What 'today' is.")
@click.option("--type", "forced_type", metavar="TYPE", help="text|markdown|html")
def dates_cmd(
    source: str, published: str | None, today: str | None, forced_type: str | None
) -> None:
    """Show the date evidence in SOURCE and the reference date inferred from it."""
    from linkaudit.api import ScanOptions, analyse_document, read_input
    from linkaudit.errors import InputFileError
    from linkaudit.extract.explain_dates import render_date_report
    from linkaudit.inputs import expand_inputs

    options = ScanOptions(
        offline=True,
        published=_parse_date(published, "--published"),
        today=_parse_date(today, "--today"),
        forced_type=forced_type,
    )
    walk = expand_inputs([source])
    if walk.errors:
        raise UsageError(f"{walk.errors[0][0]}: {walk.errors[0][1]}")
    if len(walk.inputs) != 1 or walk.inputs[0].url is not None:
        raise UsageError(f"{source}: 'dates' reads one file (or - for standard input)")
    try:
        doc = read_input(walk.inputs[0], options, lambda: sys.stdin.buffer.read())
    except InputFileError as exc:
        raise UsageError(f"{source}: {exc}") from None
    facts = analyse_document(doc, options)
    click.echo(render_date_report(doc, facts.mentions, facts.reference), nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: one-line errors with exit 2, never a traceback."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="linkaudit",
            standalone_mode=False,
        )
    except _NO_ARGS as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)
    except click.UsageError as exc:
        _fail(exc.format_message())
    except _Interrupted:
        _interrupted()
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # Ctrl-C while click parsed
            _interrupted()
        _fail("aborted")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _fail(exc.format_message())
    except LinkauditError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - a bug: one line and exit 2, never a traceback
        detail = " ".join(str(exc).split())
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        click.echo(f"linkaudit: internal error: {what}; please report it", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
