"""Compare the findings of JSON Lines reports: the same (source, rule, fingerprint, severity,
message) set in each, whatever the order of the documents.

    python bench/archive/findings.py A.jsonl B.jsonl ...

Prints, per report, its documents, findings by rule and a digest of the findings set, then
whether every report has the same set (exit 1 when not). Used for the distributed runs of
`bench/README.md`: cold against warm, a run killed and restarted against one left alone.
"""

from __future__ import annotations

import collections
import hashlib
import json
import sys


def findings_of(path: str) -> tuple[int, collections.Counter[str], set[tuple[str, ...]]]:
    """Documents, findings per rule, and the set of findings (with their document)."""
    docs = 0
    rules: collections.Counter[str] = collections.Counter()
    found: set[tuple[str, ...]] = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("type") != "document":
                continue
            docs += 1
            for x in row.get("findings", []):
                rules[x["rule"]] += 1
                found.add((row["source"], x["rule"], x["fingerprint"], x["severity"], x["message"]))
    return docs, rules, found


def main() -> int:
    sets = []
    for path in sys.argv[1:]:
        docs, rules, found = findings_of(path)
        digest = hashlib.sha256(repr(sorted(found)).encode()).hexdigest()[:16]
        print(
            f"{path}: {docs} documents, {len(found)} findings {dict(sorted(rules.items()))}, {digest}"
        )
        sets.append(found)
    same = all(s == sets[0] for s in sets)
    print("same findings" if same else "DIFFERENT findings")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
