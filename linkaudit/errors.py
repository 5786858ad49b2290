"""linkaudit's exceptions, drawn as the tree they form.

    LinkauditError            anything linkaudit raises on purpose; the CLI prints it on one line
    ├── UsageError            bad options or arguments (exit 2)
    ├── ConfigError           a rule pack or config file that cannot be used (exit 2)
    ├── StoreError            a result store that cannot be opened or written (exit 2)
    ├── ClusterError          a distributed scan's cluster was lost mid-run (exit 2; run it again)
    └── InputFileError        one input that cannot be read; reported, and the scan goes on

Rules and reporters never raise on bad documents: they find nothing or print what they have.
"""

from __future__ import annotations

__all__ = [
    "LinkauditError",
    "UsageError",
    "ConfigError",
    "StoreError",
    "ClusterError",
    "InputFileError",
]


class LinkauditError(Exception):
    """Base of every error linkaudit raises on purpose."""


class UsageError(LinkauditError):
    """The command line asks for something that cannot be done."""


class ConfigError(LinkauditError):
    """A rule pack or configuration file is invalid."""


class StoreError(LinkauditError):
    """The result store named by ``--store`` cannot be used; the message never holds a
    password."""


class ClusterError(LinkauditError):
    """The cluster of a ``--cluster`` scan was lost, or lost a task's workers too often; the
    results already stored are kept, and the same command resumes the run."""


class InputFileError(LinkauditError):
    """One input could not be read; the scan reports it and goes on."""
