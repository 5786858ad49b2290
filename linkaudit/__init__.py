"""linkaudit: a source-integrity and link-audit checker that also reasons about time.

The public surface is small: `audit` with its `ScanOptions`, the model it returns, and the
errors it raises. Everything else is internal and may change. Names are imported on first use,
so that ``linkaudit --version`` and the command line start without loading parsers.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from linkaudit.__about__ import __version__

if TYPE_CHECKING:
    from linkaudit.api import ScanOptions, audit
    from linkaudit.errors import ConfigError, InputFileError, LinkauditError, UsageError
    from linkaudit.model import AuditResult, Finding, Link, ReferenceDate, Severity

__all__ = [
    "__version__",
    "audit",
    "ScanOptions",
    "AuditResult",
    "Finding",
    "Link",
    "ReferenceDate",
    "Severity",
    "LinkauditError",
    "UsageError",
    "ConfigError",
    "InputFileError",
]

_HOME = {
    "audit": "linkaudit.api",
    "ScanOptions": "linkaudit.api",
    "AuditResult": "linkaudit.model",
    "Finding": "linkaudit.model",
    "Link": "linkaudit.model",
    "ReferenceDate": "linkaudit.model",
    "Severity": "linkaudit.model",
    "LinkauditError": "linkaudit.errors",
    "UsageError": "linkaudit.errors",
    "ConfigError": "linkaudit.errors",
    "InputFileError": "linkaudit.errors",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'linkaudit' has no attribute {name!r}")


logging.getLogger("linkaudit").addHandler(logging.NullHandler())
