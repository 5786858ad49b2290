"""Network settings for one scan (stub: the network work fills this in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NetOptions:
    concurrency: int = 64
    per_host: int = 2
    interval_ms: int = 50
    timeout: float = 10.0
    retries: int = 2
    allow_private: bool = False
    use_cache: bool = True
    cache_dir: str | None = None
    cache_max_age_s: int = 86400
    archive: bool = False
    quiet: bool = False
