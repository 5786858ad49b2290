"""Rebuild the precision corpora exactly from the search tool's repository mirrors.

Why: the corpora are third-party text and never enter the project; this recipe (with
corpora.toml) is what makes every precision figure reproducible.

Usage: python bench/precision/build_corpora.py [--out /work/corpora] [--mirrors /work/.mirror]
       [--only NAME,...] [--recipe bench/precision/heldout.toml]

A mirror may lack a repository's largest blobs (the search tool leaves them out); then
`git archive` fails, and the corpus is written file by file. A file the commit's tree lists
but the mirror lacks is written as an empty placeholder (and named on stderr): the file
exists in the repository, so links to it must resolve as they do there; its bytes are never
read by a scan of links.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = Path("/work/corpora")
DEFAULT_MIRRORS = Path("/work/.mirror")


def load_corpora(path: Path = HERE / "corpora.toml") -> list[dict]:
    """The corpus records of corpora.toml, in file order."""
    with path.open("rb") as fh:
        return list(tomllib.load(fh)["corpus"])


def git_dir(mirrors: Path, repo: str) -> Path:
    """Where the search tool's fetch puts a repository's git directory."""
    return mirrors / repo.replace("/", "+") / "repo"


def fail(msg: str) -> None:
    print(f"build_corpora: {msg}", file=sys.stderr)
    sys.exit(2)


def build_one(corpus: dict, out: Path, mirrors: Path) -> int:
    """Extract one corpus; returns the number of files written."""
    gd = git_dir(mirrors, corpus["repo"])
    fetch_hint = f"run the search tool's fetch for github:{corpus['repo']}"
    if not gd.is_dir():
        fail(f"{corpus['name']}: no mirror at {gd}; {fetch_hint}")
    commit = corpus["commit"]
    probe = subprocess.run(
        ["git", f"--git-dir={gd}", "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
    )
    if probe.returncode != 0:
        fail(
            f"{corpus['name']}: commit {commit} is not in {gd}; {fetch_hint} (it must contain that commit)"
        )
    res = subprocess.run(
        ["git", f"--git-dir={gd}", "archive", "--format=tar", commit, "--", *corpus["paths"]],
        capture_output=True,
    )
    dest = out / corpus["name"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if res.returncode != 0:
        return build_by_blob(corpus, gd, dest)
    n = 0
    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
        n = sum(1 for m in members if m.isfile())
        tar.extractall(dest, members=members, filter="data")
    return n


def build_by_blob(corpus: dict, gd: Path, dest: Path) -> int:
    """Write the corpus file by file (``git archive`` stops at the first blob the mirror
    lacks); a missing blob becomes an empty placeholder, named on stderr, so that the tree
    has every file the commit has (links to it resolve as they do in the repository)."""
    listing = subprocess.run(
        ["git", f"--git-dir={gd}", "ls-tree", "-r", corpus["commit"], "--", *corpus["paths"]],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        fail(f"{corpus['name']}: git ls-tree failed: {listing.stderr.strip()}")
    n = 0
    for line in listing.stdout.splitlines():
        meta, _, name = line.partition("\t")
        _mode, kind, blob = meta.split()
        if kind != "blob":
            continue
        data = subprocess.run(
            ["git", f"--git-dir={gd}", "cat-file", "blob", blob], capture_output=True
        )
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if data.returncode != 0:
            print(
                f"build_corpora: {corpus['name']}: {name} is not in the mirror: "
                "written as an empty placeholder",
                file=sys.stderr,
            )
            target.write_bytes(b"")
            n += 1
            continue
        target.write_bytes(data.stdout)
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    ap.add_argument("--only", default="", help="comma-separated corpus names")
    ap.add_argument("--recipe", type=Path, default=HERE / "corpora.toml")
    args = ap.parse_args(argv)
    only = {s for s in args.only.split(",") if s}
    for corpus in load_corpora(args.recipe):
        if only and corpus["name"] not in only:
            continue
        n = build_one(corpus, args.out, args.mirrors)
        print(
            f"{corpus['name']:<18} {corpus['kind']:<10} {corpus['repo']}@{corpus['commit'][:12]}  {n} files"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
