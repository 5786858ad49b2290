"""Exceptions the network layer raises internally; none escapes `check_urls`.

Every failure of a fetch ends up as a `LinkCheck` status, so these exist only to carry the
reason from the transport up to the classifier (and out of `fetch_document`, whose caller
reports it as an input error)::

    NetError
     ├── Refused          the safety policy refused a URL, host or address (never sent)
     │    └── SchemeRefused   a redirect to file:, ftp:, ... (only http and https are followed)
     ├── HeaderLimit      the server sent more header bytes or lines than we accept
     └── FetchFailed      fetch_document could not get an HTML page (status, error, type)
"""

from __future__ import annotations

__all__ = ["NetError", "Refused", "SchemeRefused", "HeaderLimit", "FetchFailed"]


class NetError(Exception):
    """Base of linkaudit's network errors."""


class Refused(NetError):
    """The policy refused the request; ``kind`` is ``metadata``, ``private`` or ``host``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class SchemeRefused(Refused):
    """A URL (usually a redirect target) with a scheme other than http/https."""

    def __init__(self, reason: str) -> None:
        super().__init__("scheme", reason)


class HeaderLimit(NetError):
    """Too many response header bytes or lines."""


class FetchFailed(NetError):
    """A document fetched as input could not be read."""
