"""Expanding the command line's inputs into the files to read, in a stable order.

Directories are walked recursively in sorted order; ``.gitignore`` files and hidden folders are
respected, symlink loops and special files (FIFOs, sockets, devices) are skipped, and every file
skipped for its extension is counted, so nothing is dropped silently.

A web archive (a WARC file, by its name or its first bytes) is many inputs: one per captured
page, each a path and the byte offset of its record (`linkaudit.readers.warc`), so a multi-GB
crawl is never held in memory and its records can be read anywhere. A manifest (``--manifest``)
lists paths one a line, for archives listed by another tool.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from linkaudit.readers.warc import is_warc, is_warc_name, scan_records
from linkaudit.settings import SKIP_EXTENSIONS_SHOWN, WALK_EXTENSIONS

__all__ = ["Input", "WalkResult", "expand_inputs", "describe_skipped", "read_manifest"]

#: Why a walk passed over an entry: the key in `WalkResult.passed_over`, and how it is said.
SKIP_REASONS = {
    "extension": "with an extension not read",
    "gitignore": "ignored by .gitignore",
    "exclude": "matched by --exclude",
    "hidden": "hidden (a name starting with a dot)",
    "special": "not a regular file (FIFO, socket or device)",
    "dangling": "a symlink to nothing",
    "warc-type": "WARC records not HTML, Markdown or text (images, scripts, styles, ...)",
    "warc-status": "WARC responses with a status other than 2xx (redirects, errors)",
    "warc-revisit": "WARC revisit records (a capture recorded as unchanged)",
}


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to read: a file path, ``-`` for stdin, or a URL."""

    source: str  # as shown in reports
    path: Path | None = None
    url: str | None = None
    stdin: bool = False
    explicit: bool = False  # named on the command line (read whatever its extension)
    root: Path | None = None  # the scan root it was found under, for relative fingerprints
    # a page captured in a web archive: ``path`` is the WARC, ``offset`` where its record
    # starts, ``record`` its name in reports (the WARC-Record-ID), after the ``#`` of ``source``
    record: str | None = None
    offset: int | None = None


@dataclass
class WalkResult:
    inputs: list[Input] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # files skipped (extension, special files, dangling links): the summary's
    # every entry a walk passed over, by reason (`SKIP_REASONS`), ignored and hidden ones too
    passed_over: Counter[str] = field(default_factory=Counter)
    # the extensions of files skipped for their extension ("" for none)
    extensions: Counter[str] = field(default_factory=Counter)
    folders_passed_over: int = 0  # folders among ``passed_over`` (hidden, ignored, excluded)


def _gitignore_spec(directory: Path) -> object | None:
    ignore = directory / ".gitignore"
    if not ignore.is_file():
        return None
    import pathspec

    try:
        lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _matches(rel: str, globs: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch(rel, g) or fnmatch(name, g) for g in globs)


def _walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    result: WalkResult,
) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    # stack of (directory, [(base dir, spec)]) — .gitignore rules apply below their folder
    stack: list[tuple[Path, list[tuple[Path, object]]]] = [(root, [])]
    while stack:
        directory, specs = stack.pop()
        try:
            st = directory.stat()
        except OSError as exc:
            result.errors.append((str(directory), f"cannot read directory: {exc.strerror}"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            continue  # a symlink loop or a second way to the same folder
        seen.add(key)
        spec = _gitignore_spec(directory)
        if spec is not None:
            specs = specs + [(directory, spec)]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            result.errors.append((str(directory), f"cannot read directory: {exc.strerror}"))
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                _pass_over(result, "hidden", entry)
                continue
            rel = path.relative_to(root).as_posix()
            if _ignored(path, specs, entry.is_dir()):
                _pass_over(result, "gitignore", entry)
                continue
            if exclude and _matches(rel, exclude):
                _pass_over(result, "exclude", entry)
                continue
            try:
                mode = entry.stat().st_mode
            except OSError:
                _skip(result, "dangling")
                continue
            if stat.S_ISDIR(mode):
                subdirs.append(path)
            elif stat.S_ISREG(mode):
                if (
                    path.suffix.lower() in WALK_EXTENSIONS
                    or is_warc_name(path)
                    or (include and _matches(rel, include))
                ):
                    yield path
                else:
                    _skip(result, "extension")
                    result.extensions[path.suffix.lower()] += 1
            else:
                _skip(result, "special")  # FIFOs, sockets, devices: never opened
        for sub in reversed(subdirs):
            stack.append((sub, specs))


def _skip(result: WalkResult, reason: str) -> None:
    result.skipped += 1
    result.passed_over[reason] += 1


def _pass_over(result: WalkResult, reason: str, entry: os.DirEntry[str]) -> None:
    """An entry not even looked at (hidden, ignored, excluded): not a skipped file, but said
    when a scan finds nothing to read."""
    result.passed_over[reason] += 1
    try:
        if entry.is_dir():
            result.folders_passed_over += 1
    except OSError:
        pass


def describe_skipped(result: WalkResult) -> str:
    """What a walk passed over and why, in one line: "12 files skipped: 10 with an extension
    not read (.py .json; add --include), 2 ignored by .gitignore" (empty when nothing)."""
    total = sum(result.passed_over.values())
    if not total:
        return ""
    parts = []
    for reason, said in SKIP_REASONS.items():
        count = result.passed_over.get(reason, 0)
        if not count:
            continue
        if reason == "extension":
            exts = [e or "(none)" for e, _ in result.extensions.most_common(SKIP_EXTENSIONS_SHOWN)]
            more = " ..." if len(result.extensions) > SKIP_EXTENSIONS_SHOWN else ""
            said += f" ({' '.join(exts)}{more}; add --include GLOB to read them)"
        parts.append(f"{count} {said}")
    folders = result.folders_passed_over
    noun = "file" if total == 1 else "files"
    if folders:
        noun = "folder" if total == 1 else "folders" if folders == total else "files and folders"
    return f"{total} {noun} skipped: {', '.join(parts)}"


def _ignored(path: Path, specs: list[tuple[Path, object]], is_dir: bool) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


def expand_inputs(
    args: Sequence[str],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    manifest: str | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> WalkResult:
    """Turn command-line arguments (and the paths a ``manifest`` lists; ``-``: read from
    ``stdin``) into inputs, errors and a count of skipped files."""
    result = WalkResult()
    for arg in args:
        _expand(arg, Path(arg), result, include, exclude)
    if manifest is not None:
        for where, entry, path in read_manifest(manifest, result, stdin):
            if entry == "-":
                result.errors.append((where, "'-' in a manifest: list paths, one a line"))
            else:
                _expand(entry, path, result, include, exclude, where=where)
    return result


def _expand(
    arg: str,
    path: Path,
    result: WalkResult,
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    where: str | None = None,
) -> None:
    """The inputs one argument (or manifest line, read at ``where``) names."""
    if arg == "-":
        result.inputs.append(Input(source="-", stdin=True, explicit=True))
        return
    if arg.lower().startswith(("http://", "https://")):
        result.inputs.append(Input(source=arg, url=arg, explicit=True))
        return
    shown = str(path) if where is not None else arg
    try:
        st = path.stat()
    except FileNotFoundError:
        result.errors.append(_error(where, shown, "no such file or directory"))
        return
    except OSError as exc:
        result.errors.append(_error(where, shown, f"cannot read: {exc.strerror}"))
        return
    if stat.S_ISDIR(st.st_mode):
        for found in _walk(path, include, exclude, result):
            if is_warc_name(found):
                _expand_warc(str(found), found, result, explicit=False, root=path)
            else:
                result.inputs.append(Input(source=str(found), path=found, root=path))
    elif stat.S_ISREG(st.st_mode):
        if is_warc(path):
            _expand_warc(shown, path, result, explicit=True, root=path.parent)
        else:
            result.inputs.append(Input(source=shown, path=path, explicit=True, root=path.parent))
    else:
        message = "not a regular file (FIFO, socket or device): not read"
        result.errors.append(_error(where, shown, message))


def _error(where: str | None, shown: str, message: str) -> tuple[str, str]:
    return (shown, message) if where is None else (where, f"{shown}: {message}")


def _expand_warc(shown: str, path: Path, result: WalkResult, *, explicit: bool, root: Path) -> None:
    """One input per page the web archive at ``path`` captured (streaming: records are
    located, not read); its other records counted as skipped, corrupt ones as errors."""
    try:
        for entry in scan_records(path):
            if entry.name is not None:
                result.inputs.append(
                    Input(
                        source=f"{shown}#{entry.name}",
                        path=path,
                        explicit=explicit,
                        root=root,
                        record=entry.name,
                        offset=entry.offset,
                    )
                )
            elif entry.skipped is not None:
                _skip(result, entry.skipped)
            else:
                where = shown if entry.offset < 0 else f"{shown} (byte {entry.offset})"
                result.errors.append((where, entry.error or "corrupt WARC record"))
    except OSError as exc:
        result.errors.append((shown, f"cannot read: {exc.strerror}"))


def read_manifest(
    manifest: str, result: WalkResult, stdin: Callable[[], bytes] | None = None
) -> Iterator[tuple[str, str, Path]]:
    """``(where, entry, path)`` for each path a manifest lists: one a line, ``#`` comments
    and blank lines skipped, relative paths relative to the manifest's folder (to the working
    directory for ``-``, standard input). A manifest that cannot be read is one error."""
    if manifest == "-":
        data = stdin() if stdin is not None else b""
        folder = Path(".")
        name = "<manifest on stdin>"
    else:
        name = manifest
        folder = Path(manifest).parent
        try:
            data = Path(manifest).read_bytes()
        except OSError as exc:
            result.errors.append((manifest, f"cannot read the manifest: {exc.strerror}"))
            return
    text = data.decode("utf-8", errors="surrogateescape")
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry == "-" or entry.lower().startswith(("http://", "https://")):
            yield f"{name}:{number}", entry, Path(entry)
        else:
            yield f"{name}:{number}", entry, folder / entry
