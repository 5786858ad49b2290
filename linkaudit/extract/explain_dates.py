"""The date reasoning as text, for ``linkaudit dates FILE``: what an editor needs to check it."""

from __future__ import annotations

from linkaudit.extract.reference import find_dateline, metadata_date, score_candidates
from linkaudit.model import DateMention, Document, ReferenceDate

__all__ = ["render_date_report"]

_MAX_CANDIDATES = 6


def _describe(m: DateMention) -> str:
    bits = []
    if m.year is not None:
        bits.append(f"year {m.year}")
    if m.month is not None:
        bits.append(f"month {m.month}")
    if m.day is not None:
        bits.append(f"day {m.day}")
    if m.weekday is not None:
        bits.append(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[m.weekday])
    if m.offset_years is not None:
        bits.append(f"{m.offset_years:+g} years")
    if m.offset_days is not None:
        bits.append(f"{m.offset_days:+d} days")
    if m.anchor:
        bits.append(f"anchor {m.anchor}")
    if m.qualifier:
        bits.append(m.qualifier)
    if m.tense != "past":
        bits.append(m.tense)
    return ", ".join(bits)


def render_date_report(
    doc: Document, mentions: tuple[DateMention, ...], reference: ReferenceDate | None
) -> str:
    """Mentions found, candidate years with scores, and the reference date with its reasons."""
    lines = [f"Dates in {doc.source}", "", f"Mentions ({len(mentions)}):"]
    if not mentions:
        lines.append("  (none)")
    for m in mentions:
        lines.append(f"  {m.line}:{m.column}  {m.kind:<11} '{m.text}'  ({_describe(m)})")
    lines += ["", "Sources of a date:"]
    meta = metadata_date(doc)
    lines.append(f"  metadata: {meta[0].isoformat()} ({meta[1]})" if meta else "  metadata: none")
    dl = find_dateline(doc.text.text, mentions)
    lines.append(
        f"  dateline: {dl[0].isoformat()} ('{dl[1].text}', line {dl[1].line})"
        if dl
        else "  dateline: none"
    )
    cands = score_candidates(mentions, text=doc.text.text)
    lines += ["", "Candidate writing years from the text (score: reasons):"]
    if not cands:
        lines.append("  (none: the text names no past year)")
    for c in cands[:_MAX_CANDIDATES]:
        why = "; ".join(c.reasons) if c.reasons else "no constraint supports it"
        lines.append(f"  {c.year}  {c.score:+.1f}: {why}")
    lines += ["", "Reference date:"]
    if reference is None:
        lines.append("  none: nothing in the document dates it (no guess is made)")
        return "\n".join(lines) + "\n"
    latest = reference.latest.isoformat() if reference.latest else "open (nothing bounds it)"
    earliest = reference.earliest.isoformat() if reference.earliest else "open"
    lines += [
        f"  date:       {reference.iso()}  (precision {reference.precision}, "
        f"source {reference.source}, confidence {reference.confidence:.2f})",
        f"  range:      {earliest} .. {latest}" + ("  (firm)" if reference.firm else ""),
    ]
    if reference.method:
        how = "declared" if reference.declared else "not declared: a guess or an inference"
        lines.append(f"  method:     {reference.method} ({how})")
    if reference.modified is not None:
        lines.append(
            f"  updated:    {reference.modified.isoformat()} (sources up to it may be cited)"
        )
    if reference.implied_date or reference.implied_earliest:
        imp_e = reference.implied_earliest.isoformat() if reference.implied_earliest else "open"
        imp_l = reference.implied_latest.isoformat() if reference.implied_latest else "open"
        imp_d = reference.implied_date.isoformat() if reference.implied_date else "none"
        lines.append(f"  text says:  {imp_d}  ({imp_e} .. {imp_l})")
    for r in reference.reasons:
        lines.append(f"  because:    {r}")
    for m in reference.evidence:
        lines.append(f"  evidence:   {m.line}:{m.column} '{m.text}' ({m.kind})")
    return "\n".join(lines) + "\n"
