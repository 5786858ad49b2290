"""Which format an input with no name to go by (standard input) is written in.

Markdown piped in and read as plain text loses every Markdown-only finding, so the first part of
the input is looked at: a doctype or an ``<html>`` root is HTML; front matter, a Markdown link,
a reference definition, a fenced code block or a heading is Markdown (HTML tags inside it
included: Markdown allows them); a fragment with no Markdown that opens with an HTML tag, or has
several (a closing one among them), is HTML;
else two weaker Markdown signs (lists, quotes, emphasis, setext headings) make it Markdown, and
anything else is plain text. ``--type`` always wins over this.
"""

from __future__ import annotations

import codecs
import re

from linkaudit.settings import SNIFF_BYTES, SNIFF_MIN_HTML_TAGS

__all__ = ["sniff_format", "sniff_bytes"]

_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html[\s>])", re.I)
_TAG = re.compile(
    r"</?(?:a|abbr|article|aside|b|blockquote|body|br|cite|code|div|em|figure|footer|h[1-6]|head"
    r"|header|hr|i|img|li|link|main|meta|nav|ol|p|pre|script|section|span|strong|style|table"
    r"|td|th|time|title|tr|ul)(?:\s[^<>]*)?/?>",
    re.I,
)
_CLOSING_TAG = re.compile(r"</[a-z][a-z0-9]*\s*>", re.I)

# Strong Markdown signs: any one of them decides.
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n(?:[^\n]*\n)*?[\w-]+[ \t]*[:=]")
# A label is ``[^[\]\n]``: a scan from one ``[`` stops at the next, so that a line of thousands
# of brackets is read in linear time, not in quadratic.
_INLINE_LINK = re.compile(
    r"!?\[[^\[\]\n]+\]\([ \t]*(?:<[^<>\n]+>|[^\s()<>]+)(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)"
)
_REFERENCE_LINK = re.compile(r"\[[^\[\]\n]+\]\[[^\[\]\n]*\]")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:[ \t]*<?\S+", re.M)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_AUTOLINK = re.compile(r"<https?://[^\s<>]+>", re.I)
_STRONG = (_FRONT_MATTER, _INLINE_LINK, _REFERENCE_LINK, _REFERENCE_DEF, _FENCE, _ATX_HEADING)

# Weak signs: plain text uses them too, so it takes two different ones.
_LIST_ITEMS = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.M)
_QUOTE = re.compile(r"^ {0,3}>[ \t]?\S", re.M)
_EMPHASIS = re.compile(r"(?<![\w*])\*\*[^\s*][^*\n]*\*\*(?![\w*])|(?<!\w)__[^\s_][^_\n]*__(?!\w)")
_CODE_SPAN = re.compile(r"(?<!`)`[^`\n]+`(?!`)")
_SETEXT = re.compile(r"^[^\s\n][^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.M)


#: Elements whose content is code or raw text: what they show is not how the input is written.
_CODE_OPEN = re.compile(r"<(pre|code|script|style|textarea)\b[^<>]*>", re.I)


def _without_code(text: str) -> str:
    """``text`` with the content of its code, script and style elements left out (an HTML
    fragment's ``<pre># a shell comment</pre>`` is no Markdown heading). An element never
    closed is no element (Markdown prose may name one: "the `<pre>` tag"). Linear: a name
    found unclosed once is not looked for again (no later one can be closed either)."""
    lower = text.lower()
    unclosed: set[str] = set()
    out = []
    at = 0
    while (m := _CODE_OPEN.search(text, at)) is not None:
        name = m.group(1).lower()
        close = -1 if name in unclosed else lower.find("</" + name, m.end())
        if close < 0:
            unclosed.add(name)
            out.append(text[at : m.end()])
            at = m.end()
            continue
        out.append(text[at : m.end()])
        at = close
    out.append(text[at:])
    return "".join(out)


def _markdown_signs(text: str) -> tuple[int, int]:
    """How many strong and weak Markdown signs ``text`` (HTML tags removed) shows."""
    strong = sum(1 for pattern in _STRONG if pattern.search(text))
    weak = 0
    if len(_LIST_ITEMS.findall(text)) >= 2:
        weak += 1
    for pattern in (_QUOTE, _EMPHASIS, _CODE_SPAN, _SETEXT, _AUTOLINK):
        if pattern.search(text):
            weak += 1
    return strong, weak


def _past_prolog(text: str) -> str:
    """``text`` from its first tag that is not an XML declaration or a comment."""
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if text.startswith("<?xml", at):
            end = text.find(">", at)
        elif text.startswith("<!--", at):
            end = text.find("-->", at)
            end = end + 2 if end >= 0 else -1
        else:
            return text[at:]
        if end < 0:
            return ""
        at = end + 1


def sniff_format(text: str) -> str:
    """``markdown``, ``html`` or ``text``: what ``text`` (the start of an input) is written in."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _HTML_ROOT.match(_past_prolog(text)):
        return "html"
    strong, weak = _markdown_signs(_TAG.sub(" ", _without_code(text)))
    if strong:
        return "markdown"
    tags = _TAG.findall(text)
    if _CLOSING_TAG.search(text) and (
        len(tags) >= SNIFF_MIN_HTML_TAGS or _TAG.match(text.lstrip())
    ):
        return "html"
    if weak >= 2:
        return "markdown"
    return "text"


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_bytes(data: bytes) -> str:
    """`sniff_format` of the first `SNIFF_BYTES` of raw input (decoded leniently: a guess
    only; the reader then decodes it for real)."""
    head = data[:SNIFF_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return sniff_format(head[len(bom) :].decode(encoding, errors="replace"))
    return sniff_format(head.decode("utf-8", errors="replace"))
