"""Small helpers every reporter shares: where a document lives, and which findings come first.

Kept apart so that SARIF, GitHub annotations and the Markdown table agree on paths and order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from linkaudit.model import AuditResult, DocumentResult, Finding

__all__ = ["Located", "display_path", "is_url", "ordered_findings", "plural", "STDIN_NAME"]

#: how a document read from standard input is named in reports
STDIN_NAME = "stdin"

_URL_PREFIXES = ("http://", "https://")


def is_url(source: str) -> bool:
    return source.startswith(_URL_PREFIXES)


def display_path(source: str, root: Path | None = None) -> str:
    """The document's path relative to ``root`` (default: the working directory) when inside it.

    CI systems resolve annotation paths against the checkout, which is the working directory,
    so a relative POSIX path is what they can use; anything outside becomes absolute.
    """
    if source == "-":
        return STDIN_NAME
    if is_url(source):
        return source
    base = (root or Path.cwd()).resolve()
    try:
        resolved = Path(source).resolve()
    except OSError:
        return Path(source).as_posix()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the document it belongs to."""

    document: DocumentResult
    finding: Finding


def ordered_findings(result: AuditResult) -> Iterator[Located]:
    """Every finding, most severe first; within a level, in document and position order."""
    items = [Located(d, f) for d in result.documents for f in d.findings]
    position = {id(d): i for i, d in enumerate(result.documents)}
    items.sort(
        key=lambda x: (
            -x.finding.severity.rank,
            position[id(x.document)],
            x.finding.line,
            x.finding.column,
            x.finding.rule,
        )
    )
    return iter(items)
