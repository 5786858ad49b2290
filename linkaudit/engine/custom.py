"""Custom rules: data in a pack, conditions in the Common Expression Language (CEL).

A team writes a rule as a ``[[rule]]`` table; it never runs Python. Every condition is compiled
when the pack loads and tried once against a sample link with every field filled in, so that a
syntax error, a field that does not exist or a condition that is not true/false is a
`ConfigError` naming the rule, not a surprise half-way through a scan.

What a condition sees (a stable contract: fields are added, never renamed)::

    link.url  link.host  link.domain  link.path  link.url_date (string or null)
    link.status  link.http_status  link.final_url  link.page.title  link.page.published
    doc.source  doc.format  doc.reference_date (string or null)

``link.status``, ``link.http_status`` and ``link.final_url`` are null offline, and so are
``link.page.title`` and ``link.page.published`` (``link.page`` is always a map, so a condition
never fails on it). A condition that reads any of them needs the network and is skipped under
``--offline``. A condition that fails at run time (comparing null with a string, say) is false.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkaudit.errors import ConfigError
from linkaudit.extract.hosts import registered_domain
from linkaudit.model import Document, Link, Severity
from linkaudit.settings import CUSTOM_RULE_ID, MAX_CONDITION_LENGTH

__all__ = [
    "CustomRule",
    "parse_custom_rule",
    "link_view",
    "doc_view",
    "message_fields",
    "evaluate",
    "NETWORK_FIELDS",
    "SAMPLE_LINK",
    "SAMPLE_DOC",
]

#: Fields only a network check fills in; a condition reading one needs the network.
NETWORK_FIELDS = ("status", "http_status", "final_url", "page")
_NETWORK_READ = re.compile(r"\blink\s*(?:\.\s*|\[\s*[\"'])(" + "|".join(NETWORK_FIELDS) + r")\b")
_STRING_LITERAL = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"", re.S
)
_KEYS = frozenset({"id", "name", "severity", "when", "message", "citations_only", "description"})

#: A link with every field set: conditions are tried on it at load time.
SAMPLE_LINK: Mapping[str, Any] = {
    "url": "https://news.example.com/2023/09/19/story?id=1",
    "host": "news.example.com",
    "domain": "example.com",
    "path": "/2023/09/19/story",
    "url_date": "2023-09-19",
    "status": "ok",
    "http_status": 200,
    "final_url": "https://news.example.com/2023/09/19/story?id=1",
    "page": {"title": "A story", "published": "2023-09-19"},
}
SAMPLE_DOC: Mapping[str, Any] = {
    "source": "article.md",
    "format": "markdown",
    "reference_date": "2023-09-19",
}


@dataclass(frozen=True, slots=True)
class CustomRule:
    """A rule a pack defines with a CEL condition and a message template."""

    id: str
    name: str
    severity: Severity
    when: str
    message: str
    pack: str
    citations_only: bool = False
    description: str = ""
    needs_network: bool = False
    program: Any = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without its compiled program (which cannot be), compiled again on loading:
        a pack travels to the processes that judge documents."""
        return (
            _rebuilt,
            (
                self.id,
                self.name,
                self.severity,
                self.when,
                self.message,
                self.pack,
                self.citations_only,
                self.description,
                self.needs_network,
            ),
        )

    def matches(self, context: Any) -> bool:
        """True when the condition holds; a run-time CEL error (null compared) is false."""
        try:
            return self.program.execute(context) is True
        except Exception:  # noqa: BLE001 - the CEL runtime raises TypeError, KeyError, ValueError...
            return False


def _rebuilt(
    rid: str,
    name: str,
    severity: Severity,
    when: str,
    message: str,
    pack: str,
    citations_only: bool,
    description: str,
    needs_network: bool,
) -> CustomRule:
    """A `CustomRule` unpickled: its condition compiled again."""
    return CustomRule(
        rid,
        name,
        severity,
        when,
        message,
        pack,
        citations_only,
        description,
        needs_network,
        program=_compile(when),
    )


def _path_of(link: Link) -> str:
    """The path of a normalised URL, by string search: urlsplit costs too much on 10,000 links."""
    url = link.normalized_url
    start = url.find("://")
    if start < 0:
        return url.split("?", 1)[0]  # a local link: the reference is its path
    slash = url.find("/", start + 3)
    if slash < 0:
        return "/"
    return url[slash:].split("?", 1)[0]


_FIELDS: dict[str, Any] = {
    "url": lambda link: link.url,
    "host": lambda link: link.host,
    "domain": lambda link: registered_domain(link.host),
    "path": _path_of,
    "url_date": lambda link: link.url_date.iso() if link.url_date else None,
    "status": lambda link: link.check.status if link.check else None,
    "http_status": lambda link: link.check.http_status if link.check else None,
    "final_url": lambda link: link.check.final_url if link.check else None,
    "page": lambda link: {
        "title": link.page.title if link.page else None,
        "published": link.page.published if link.page else None,
    },
}
LINK_FIELDS = tuple(_FIELDS)
_FIELD_READ = re.compile(r"\blink\s*\.\s*([A-Za-z_]\w*)")
_LINK_NAME = re.compile(r"\blink\b")


def fields_read(conditions: Sequence[str]) -> tuple[str, ...]:
    """The link fields some condition reads, so a view builds only those (each costs time on
    10,000 links). Any use of ``link`` other than ``link.name`` means every field."""
    wanted: set[str] = set()
    for condition in conditions:
        text = _STRING_LITERAL.sub('""', condition)
        names = _FIELD_READ.findall(text)
        if len(names) != len(_LINK_NAME.findall(text)):
            return LINK_FIELDS
        wanted.update(n for n in names if n in _FIELDS)
    return tuple(f for f in LINK_FIELDS if f in wanted)


def link_view(link: Link, fields: Sequence[str] = LINK_FIELDS) -> dict[str, Any]:
    """The stable view of one link that conditions and messages see (``fields`` of it)."""
    return {name: _FIELDS[name](link) for name in fields}


def doc_view(doc: Document, reference_date: str | None) -> dict[str, Any]:
    return {"source": doc.source, "format": doc.format, "reference_date": reference_date}


def message_fields(link: Mapping[str, Any], doc: Mapping[str, Any]) -> dict[str, str]:
    """The flat names a message may use: ``{url}``, ``{host}``, ``{title}``, ``{source}``..."""
    flat: dict[str, Any] = {k: v for k, v in link.items() if k != "page"}
    flat["title"] = link["page"]["title"]
    flat["published"] = link["page"]["published"]
    flat.update(doc)
    return {k: "n/a" if v is None else str(v) for k, v in flat.items()}


_MESSAGE_NAMES = frozenset(message_fields(SAMPLE_LINK, SAMPLE_DOC)) | {"id", "name"}


def _check_message(where: str, template: str) -> None:
    """Only plain ``{name}`` fields from the view: no attribute or index access, no positions,
    no format spec (``{url:d}``) and no conversion (``{url!r}``): every field is a string, and a
    spec that does not fit one would fail at scan time. The template is then formatted once with
    the sample link, so nothing left can fail half-way through a scan."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ConfigError(f"{where}: message: {exc}") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in _MESSAGE_NAMES:
            import difflib

            close = difflib.get_close_matches(name, sorted(_MESSAGE_NAMES), n=1)
            hint = f" (did you mean {{{close[0]}}}?)" if close else ""
            raise ConfigError(f"{where}: message: unknown field {{{name}}}{hint}")
        if spec and "{" in spec:
            raise ConfigError(f"{where}: message: nested fields are not allowed")
        if conversion:
            raise ConfigError(
                f"{where}: message: {{{name}!{conversion}}}: conversions are not allowed "
                f"(write {{{name}}})"
            )
        if spec:
            raise ConfigError(
                f"{where}: message: {{{name}:{spec}}}: format specs are not allowed "
                f"(write {{{name}}})"
            )
    sample = message_fields(SAMPLE_LINK, SAMPLE_DOC)
    sample["id"], sample["name"] = "SAMPLE001", "sample"
    try:
        template.format_map(sample)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        raise ConfigError(f"{where}: message: cannot be formatted: {_one_line(exc)}") from None


def needs_network(condition: str) -> bool:
    """Whether a condition reads a field only a network check fills in."""
    return bool(_NETWORK_READ.search(_STRING_LITERAL.sub('""', condition)))


@functools.lru_cache(maxsize=1024)
def _compile(condition: str) -> Any:
    import cel

    return cel.compile(condition)


def parse_custom_rule(pack: str, table: Any, taken: Sequence[str]) -> CustomRule:
    """Validate one ``[[rule]]`` table and compile its condition; ConfigError names the rule."""
    if not isinstance(table, dict):
        raise ConfigError(f"{pack}: [[rule]] must be a table")
    rid = str(table.get("id", "")).strip()
    where = f"{pack}: [[rule]] {rid or '(no id)'}"
    if not re.match(CUSTOM_RULE_ID, rid):
        raise ConfigError(f"{where}: id must be upper-case letters then digits, like NEWS001")
    if rid in taken:
        raise ConfigError(f"{where}: id is already used by another rule")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], sorted(_KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}{hint}")
    for key in ("name", "when", "message"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(f"{where}: {key!r} is required and must be a string")
    try:
        severity = Severity(str(table.get("severity", "warning")).lower())
    except ValueError:
        raise ConfigError(
            f"{where}: severity {table.get('severity')!r} is not error, warning or info"
        ) from None
    citations_only = table.get("citations_only", False)
    if not isinstance(citations_only, bool):
        raise ConfigError(f"{where}: citations_only must be true or false")
    when = table["when"].strip()
    if len(when) > MAX_CONDITION_LENGTH:
        raise ConfigError(f"{where}: condition longer than {MAX_CONDITION_LENGTH} characters")
    _check_message(where, table["message"])
    try:
        program = _compile(when)
    except Exception as exc:  # noqa: BLE001 - the binding raises ValueError/RuntimeError
        raise ConfigError(f"{where}: condition does not compile: {_one_line(exc)}") from None
    names = set(program.variables()) - {"link", "doc"}
    bound = _comprehension_names(when)
    if names - bound:
        raise ConfigError(
            f"{where}: condition uses unknown name {sorted(names - bound)[0]!r} "
            "(conditions see link.* and doc.*)"
        )
    import cel

    try:
        result = program.execute(cel.Context({"link": dict(SAMPLE_LINK), "doc": dict(SAMPLE_DOC)}))
    except KeyError as exc:
        raise ConfigError(f"{where}: condition reads a field that does not exist: {exc}") from None
    except Exception as exc:  # noqa: BLE001
        raise ConfigError(f"{where}: condition fails on a sample link: {_one_line(exc)}") from None
    if not isinstance(result, bool):
        raise ConfigError(f"{where}: condition must be true or false, not {type(result).__name__}")
    return CustomRule(
        id=rid,
        name=table["name"].strip(),
        severity=severity,
        when=when,
        message=table["message"],
        pack=pack,
        citations_only=citations_only,
        description=str(table.get("description", "")),
        needs_network=needs_network(when),
        program=program,
    )


def _comprehension_names(condition: str) -> set[str]:
    """Names bound by macros such as ``links.exists(x, ...)``: not unknown variables."""
    return set(
        re.findall(r"\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*([A-Za-z_]\w*)", condition)
    )


def _one_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


@dataclass(frozen=True, slots=True)
class Hit:
    """A custom rule that fired on a link."""

    rule: CustomRule
    link: Link
    message: str


def evaluate(
    rules: Sequence[CustomRule],
    doc: Document,
    links: Sequence[Link],
    reference_date: str | None,
    *,
    all_regions: bool = False,
) -> Iterator[Hit]:
    """Run every custom rule on every link, building each link's view once.

    One CEL context per document: only ``link`` changes from link to link, and only the fields
    some condition reads are converted (the full view is built for a link that matched, for its
    message).
    """
    import cel

    if not rules:
        return
    dview = doc_view(doc, reference_date)
    fields = fields_read([r.when for r in rules])
    context = cel.Context({"doc": dview})
    every = [(r, r.program.execute) for r in rules if not r.citations_only]
    cited = [(r, r.program.execute) for r in rules if r.citations_only]
    partial = fields != LINK_FIELDS
    for link in links:
        view = link_view(link, fields)
        context.add_variable("link", view)
        try:  # fast path: no condition fails at run time on this link
            matched = [r for r, run in every if run(context) is True]
        except Exception:  # noqa: BLE001
            matched = [r for r, run in every if _true(run, context)]
        if cited and link.citations(all_regions):
            matched.extend(r for r, run in cited if _true(run, context))
        if not matched:
            continue
        flat = message_fields(link_view(link) if partial else view, dview)
        for r in sorted(matched, key=lambda x: x.id):
            flat["id"], flat["name"] = r.id, r.name
            yield Hit(r, link, r.message.format_map(flat))


def _true(run: Any, context: Any) -> bool:
    try:
        return run(context) is True
    except Exception:  # noqa: BLE001 - a run-time CEL error (null compared) is "no match"
        return False
