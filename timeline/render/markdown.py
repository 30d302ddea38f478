"""Markdown chronology: a heading per year, a bullet per event, footnotes quoting the evidence.

Written for GitHub-flavoured Markdown: footnote references ``[^n]`` after each bullet, and one
footnote per distinct evidence sentence (shared by events that cite the same sentence) that
quotes it and names its document — title, outlet, date and URL when known. Text from documents
has Markdown's special characters backslash-escaped so a quote never turns into a link, emphasis
or HTML, and its control characters made visible (``safe.display``). Only ``http`` and
``https`` URLs become links (percent-encoded, so none can close the link early); any other URL
(``javascript:``, ``data:``, raw HTML) is shown as escaped text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from ..model import DocumentMeta, Event, Timeline
from .labels import (
    UNDATED,
    date_label,
    documents_by_path,
    event_when,
    one_line,
    plural,
    source_documents,
    summary,
)
from .safe import display

# Characters that can start inline syntax mid-line in GFM (emphasis, code, links, autolinks and
# HTML, tables, strikethrough, entities, math). Line-start syntax (#, -, +, 1.) cannot occur:
# every escaped text follows other text on its line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")


def escape_markdown(text: str) -> str:
    """Plain text made literal in Markdown (whitespace collapsed, specials escaped)."""
    return _SPECIAL.sub(r"\\\1", display(one_line(text)))


# What an autolink may hold as is: RFC 3986's unreserved and reserved characters and "%";
# everything else (space, < > " ` \\, controls, non-ASCII) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def link(url: str) -> str:
    """An ``http``/``https`` URL as an autolink; any other URL as escaped text."""
    url = one_line(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return escape_markdown(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return escape_markdown(url)
    return f"<{quote(url, safe=_URL_SAFE)}>"


def _code(text: str) -> str:
    """``text`` as an inline code span (whitespace collapsed, no backtick to end it early)."""
    return "`" + display(one_line(text)).replace("`", "'") + "`"


def _document(meta: DocumentMeta | None, path: str) -> str:
    """The document as a footnote names it: *Title*, outlet, date, <url> and (`path`)."""
    parts: list[str] = []
    if meta is not None:
        if meta.title:
            parts.append(f"*{escape_markdown(meta.title)}*")
        if meta.outlet:
            parts.append(escape_markdown(meta.outlet))
        if meta.dct:
            parts.append(escape_markdown(meta.dct))
        if meta.url:
            parts.append(link(meta.url))
    code = _code(path)
    return f"{', '.join(parts)} ({code})" if parts else code


def _bullet(event: Event, refs: list[int]) -> str:
    facts: list[str] = []
    if event.actors:
        facts.append(escape_markdown(", ".join(event.actors)))
    if event.location:
        facts.append(f"in {escape_markdown(event.location)}")
    if event.status != "occurred":
        facts.append(f"**{escape_markdown(event.status)}**")
    facts.append(plural(len(source_documents(event)), "source"))
    if event.disputed:
        others = ", ".join(escape_markdown(date_label(d.date)) for d in event.disputed)
        facts.append(f"date disputed: also {others}")
    marks = "".join(f"[^{n}]" for n in refs)
    return (
        f"- **{escape_markdown(date_label(event.date))}** · {escape_markdown(event.type)} · "
        f"{escape_markdown(event.title)} — {' · '.join(facts)}{marks}"
    )


def to_markdown(timeline: Timeline, *, title: str = "Chronology") -> str:
    """The chronology as GitHub-flavoured Markdown."""
    meta = documents_by_path(timeline)
    lines = [f"# {escape_markdown(title)}", "", f"{summary(timeline)}.", ""]
    notes: dict[tuple[str, int, int, str], int] = {}
    footnotes: list[str] = []
    year: str | None = None
    for event in timeline.events:
        when = event_when(event)
        event_year = str(when.start.year) if when is not None else UNDATED.capitalize()
        if event_year != year:
            if year is not None:
                lines.append("")
            year = event_year
            lines += [f"## {year}", ""]
        refs: list[int] = []
        for source in event.sources:
            key = (source.document, source.start, source.end, source.sentence)
            if key not in notes:
                notes[key] = len(notes) + 1
                quote = escape_markdown(source.sentence)
                footnotes.append(
                    f"[^{notes[key]}]: “{quote}” — "
                    f"{_document(meta.get(source.document), source.document)}"
                )
            if notes[key] not in refs:
                refs.append(notes[key])
        lines.append(_bullet(event, refs))
    if not timeline.events:
        lines.append("No events.")
    lines.append("")
    if footnotes:
        lines += [*footnotes, ""]
    return "\n".join(lines)
