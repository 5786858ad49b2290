"""linkaudit: a source-integrity and link-audit checker that also reasons about time.

The public surface is small: `audit` with its `ScanOptions`, the model it returns, and the
errors it raises. Everything else is internal and may change.
"""

from __future__ import annotations

import logging

from linkaudit.__about__ import __version__
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

logging.getLogger("linkaudit").addHandler(logging.NullHandler())
