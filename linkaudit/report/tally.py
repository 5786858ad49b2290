"""The report's ``summary`` counts, kept document by document.

One place for them, so that the in-memory reports and the streaming writers count alike. What it
keeps grows with the distinct URLs cited (``unique_urls`` needs the set of them), never with the
documents themselves.
"""

from __future__ import annotations

from typing import Any

from linkaudit.model import DocumentResult, Severity

__all__ = ["Tally"]

_SEVERITY: dict[Severity, str] = {s: s.value for s in Severity}


class Tally:
    """Counts documents, link locations, distinct URLs and findings by severity."""

    __slots__ = ("documents", "links", "urls", "findings")

    def __init__(self) -> None:
        self.documents = 0
        self.links = 0
        self.urls: set[str] = set()
        self.findings = {s.value: 0 for s in Severity}

    def add(self, d: DocumentResult) -> None:
        self.documents += 1
        for link in d.links:
            self.links += len(link.locations)
            self.urls.add(link.normalized_url)
        counts = self.findings
        for f in d.findings:
            counts[_SEVERITY[f.severity]] += 1

    def summary(self, *, errors: int, skipped_files: int) -> dict[str, Any]:
        """The JSON report's ``summary`` object (its keys in the contract's order)."""
        return {
            "documents": self.documents,
            "links": self.links,
            "unique_urls": len(self.urls),
            "findings": dict(self.findings),
            "errors": errors,
            "skipped_files": skipped_files,
        }
