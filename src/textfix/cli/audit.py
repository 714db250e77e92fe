"""Corpus audit (``textfix --detect --summary``): the state of a crawl at a glance.

The per-document reports of ``--detect`` (one per file, or per record with ``--jsonl``) are
summed into one table: how many documents had which problem, the encodings seen, the script
mix, what "would change" is made of, and which documents had problems or could not be read.
``--summary-html FILE`` writes the same as one self-contained page (inline CSS and SVG, no
script, nothing fetched), so it can be mailed or attached to a ticket; its table of documents
is sorted by a click on a column heading, in CSS (one pre-sorted copy per column).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..progress import counted, human_bytes
from ..sinks import AtomicSink
from ._io import describe, shown

SPAM = "spam line"  # the problem name of a keyword-spam first line that was only detected
NOTHING_FOUND = "nothing found"
# Problems that are findings, not changes: a document with only these changes no text.
FINDINGS = frozenset({"irrecoverable", SPAM})
# Documents listed by name, at most: a crawl of millions would make a page no browser opens.
MAX_ROWS = 5000


@dataclass(frozen=True)
class Row:
    """One document in the table of documents: one with problems, one that would change, or
    one that could not be read (``why``)."""

    name: str
    encoding: str = ""
    script: str = ""
    problems: tuple[tuple[str, int], ...] = ()
    would_change: bool = False
    why: str = ""

    @property
    def found(self) -> str:
        """``'annotations 3, html 1'``, or why the document could not be read."""
        return self.why or ", ".join(f"{name} {count:,}" for name, count in self.problems)


@dataclass
class Summary:
    """Counts over documents; ``add`` takes one ``--detect`` report."""

    unit: str = "documents"
    documents: int = 0
    bytes: int = 0
    would_change: int = 0
    with_problems: int = 0
    unreadable: int = 0
    problems: Counter[str] = field(default_factory=Counter)  # problem -> documents with it
    occurrences: Counter[str] = field(default_factory=Counter)  # problem -> times found
    encodings: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    # Why the documents that would change do: repaired (or converted), only re-encoded to
    # UTF-8, or something else (a BOM dropped).
    changes: Counter[str] = field(default_factory=Counter)
    rows: list[Row] = field(default_factory=list)
    rows_left_out: int = 0

    def add(self, report: Mapping[str, object], size: int | None = None) -> None:
        self.documents += 1
        self.bytes += size or 0
        would_change = bool(report.get("would_change"))
        self.would_change += would_change
        problems = report.get("problems")
        found: dict[str, int] = dict(problems) if isinstance(problems, Mapping) else {}
        if report.get("spam_line") and "spam" not in found:
            found[SPAM] = 1
        self.with_problems += bool(found)
        self.problems.update(found.keys())
        self.occurrences.update(found)
        encoding = report.get("encoding")
        encoding = encoding if isinstance(encoding, str) else ""
        if encoding:
            self.encodings[encoding] += 1
        script = report.get("script")
        script = script if isinstance(script, str) else ""
        if script:
            self.scripts[script] += 1
        if would_change:
            self.changes[_why_changed(found, encoding)] += 1
        if found or would_change:
            self._row(Row(_name(report), encoding, script, tuple(sorted(found.items())),
                          would_change))

    def add_unreadable(self, name: str, why: str) -> None:
        """An input that could not be read (``why``: ``binary data, not text``)."""
        self.unreadable += 1
        self._row(Row(name, why=why))

    def _row(self, row: Row) -> None:
        if len(self.rows) < MAX_ROWS:
            self.rows.append(row)
        else:
            self.rows_left_out += 1

    @property
    def clean(self) -> int:
        """Documents in which nothing at all was found."""
        return self.documents - self.with_problems


def natural(name: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts ``dump.jsonl:9`` before ``dump.jsonl:10``."""
    return tuple((int(part), "") if part.isdigit() else (-1, part)
                 for part in re.split(r"(\d+)", name) if part)


def _name(report: Mapping[str, object]) -> str:
    """``dump.jsonl:12`` for a record, the file name for a file."""
    name = str(report.get("file", "-"))
    return f"{name}:{report['line']}" if "line" in report else name


def _why_changed(found: Mapping[str, int], encoding: str) -> str:
    if any(name not in FINDINGS for name in found):
        return "repaired or converted"
    if encoding not in ("utf-8", "ascii", ""):
        return "re-encoded to UTF-8 only"
    return "other (a BOM dropped)"


def summarize(reports: Iterable[Mapping[str, object]], unit: str = "documents") -> Summary:
    """A summary of ``--detect`` reports.

    >>> s = summarize([{"script": "simplified", "problems": {"html": 2}},
    ...                {"script": "traditional", "problems": {}}])
    >>> s.documents, s.problems["html"], s.clean
    (2, 1, 1)
    """
    summary = Summary(unit=unit)
    for report in reports:
        summary.add(report)
    return summary


def _share(count: int, total: int) -> str:
    """``'12.5%'``; a few documents in a big crawl are ``'<0.1%'``, not a misleading 0.0%."""
    if not total:
        return "-"
    share = 100 * count / total
    return "<0.1%" if 0 < share < 0.05 else f"{share:.1f}%"


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, ties by name: the same crawl always gives the same table."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def sections(summary: Summary) -> Iterator[tuple[str, list[tuple[str, int, str]]]]:
    """(heading, rows of (name, documents, note)) for the table and the page alike."""
    problems = [(name, count, f"{summary.occurrences[name]:,} found")
                for name, count in _ranked(summary.problems)]
    problems.append((NOTHING_FOUND, summary.clean, ""))
    yield "problem", problems
    if summary.encodings:
        yield "encoding", [(name, count, "") for name, count in _ranked(summary.encodings)]
    yield "script", [(name, count, "") for name, count in _ranked(summary.scripts)]


def headline(summary: Summary) -> str:
    size = f", {human_bytes(summary.bytes)}" if summary.bytes else ""
    unreadable = f", {summary.unreadable:,} unreadable" if summary.unreadable else ""
    share = _share(summary.would_change, summary.documents)
    return (f"{counted(summary.documents, summary.unit)}{size}{unreadable}; "
            f"{summary.would_change:,} would change ({share})")


def explanation(summary: Summary) -> list[str]:
    """What the counts mean: "would change" and "nothing found" count different things."""
    why = ", ".join(f"{count:,} {name}" for name, count in _ranked(summary.changes))
    lines = [f"would change: the output bytes differ from the input ({why})" if why else
             "would change: the output bytes differ from the input"]
    lines.append(f"{NOTHING_FOUND}: neither a repair nor damage; such a document may still "
                 "change, re-encoded to UTF-8")
    lines.append("a document with several problems counts under each; shares are of the "
                 f"{summary.unit} read")
    return lines


def format_table(summary: Summary) -> str:
    """The summary as a plain-text table (what ``--summary`` prints)."""
    lines = [f"textfix audit: {headline(summary)}", *explanation(summary), ""]
    for heading, rows in sections(summary):
        width = max([len(heading), *(len(name) for name, _, _ in rows)])
        lines.append(f"{heading:<{width}}  {summary.unit:>10}  {'share':>6}")
        for name, count, note in rows:
            share = _share(count, summary.documents)
            lines.append(f"{name:<{width}}  {count:>10,}  {share:>6}  {note}".rstrip())
        lines.append("")
    if summary.rows:
        lines.extend(_document_lines(summary))
        lines.append("")
    return "\n".join(lines)


def _document_lines(summary: Summary) -> list[str]:
    """The documents with problems or changes, and the unreadable ones, by name (records of
    JSON Lines have no encoding column)."""
    rows = sorted(summary.rows, key=lambda row: natural(row.name))
    width = max(len("document"), *(len(row.name) for row in rows))
    encodings = max((len(row.encoding) for row in rows), default=0)
    encoding = max(len("encoding"), encodings) if encodings else 0

    def line(name: str, code: str, change: str, found: str) -> str:
        columns = [f"{name:<{width}}", *([f"{code:<{encoding}}"] if encoding else []),
                   f"{change:<6}", found]
        return "  ".join(columns).rstrip()

    lines = [line("document", "encoding", "change", "found")]
    for row in rows:
        change = "yes" if row.would_change else "no" if not row.why else "-"
        lines.append(line(row.name, row.encoding, change, row.found))
    if summary.rows_left_out:
        lines.append(f"... and {summary.rows_left_out:,} more")
    return lines


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 52em; color: #222 }
h1 { font-size: 1.4em } h2 { font-size: 1.1em; margin-top: 1.6em }
table { border-collapse: collapse; width: 100% }
td, th { padding: .2em .6em; text-align: left; border-bottom: 1px solid #eee }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap }
svg { display: block; margin: .6em 0 }
input.sort { display: none }
label { cursor: pointer; text-decoration: underline dotted }
table.documents { display: none }
#by-name:checked ~ .by-name, #by-problems:checked ~ .by-problems,
#by-encoding:checked ~ .by-encoding, #by-change:checked ~ .by-change { display: table }
"""
# The columns the table of documents sorts by: (id, heading, key). One copy of the table per
# column, shown by a radio button in CSS: no script on the page.
_SORTS: tuple[tuple[str, str, Callable[[Row], tuple[object, ...]]], ...] = (
    ("by-name", "document", lambda row: (natural(row.name),)),
    ("by-encoding", "encoding", lambda row: (row.encoding, natural(row.name))),
    ("by-change", "would change", lambda row: (not row.would_change, natural(row.name))),
    ("by-problems", "found", lambda row: (-sum(n for _, n in row.problems), not row.why,
                                          natural(row.name))),
)
_COLOURS = {"problem": "#d9534f", "encoding": "#337ab7", "script": "#5cb85c"}
CLEAN_COLOUR = "#9e9e9e"


def _chart(rows: Sequence[tuple[str, int, str]], total: int, colour: str) -> str:
    """A horizontal bar chart in inline SVG: one bar per row, its length the share."""
    bar, label, height = 360, 160, 22
    parts = [f'<svg width="{label + bar + 70}" height="{height * len(rows) + 4}" '
             'xmlns="http://www.w3.org/2000/svg" role="img">']
    for index, (name, count, _) in enumerate(rows):
        y = index * height + 2
        width = round(bar * count / total) if total else 0
        parts.append(f'<text x="{label - 6}" y="{y + 15}" text-anchor="end" font-size="13">'
                     f"{html.escape(name)}</text>")
        fill = CLEAN_COLOUR if name == NOTHING_FOUND else colour
        parts.append(f'<rect x="{label}" y="{y + 3}" width="{max(width, 1)}" height="15" '
                     f'fill="{fill}"><title>{html.escape(name)}: {count:,}</title></rect>')
        parts.append(f'<text x="{label + width + 5}" y="{y + 15}" font-size="12">'
                     f"{_share(count, total)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def format_html(summary: Summary, title: str = "textfix audit") -> str:
    """The summary as a self-contained HTML page with a chart per section."""
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(headline(summary))}</p>",
            "<ul>", *(f"<li>{html.escape(line)}</li>" for line in explanation(summary)), "</ul>"]
    for heading, rows in sections(summary):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(_chart(rows, summary.documents, _COLOURS[heading]))
        body.append(f"<table><tr><th>{html.escape(heading)}</th><th class=n>{summary.unit}</th>"
                    "<th class=n>share</th><th></th></tr>")
        for name, count, note in rows:
            body.append(f"<tr><td>{html.escape(name)}</td><td class=n>{count:,}</td>"
                        f"<td class=n>{_share(count, summary.documents)}</td>"
                        f"<td>{html.escape(note)}</td></tr>")
        body.append("</table>")
    if summary.rows:
        body.extend(_documents_html(summary))
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def _documents_html(summary: Summary) -> list[str]:
    """The table of documents, one pre-sorted copy per column; a click on a heading (a label
    of a hidden radio button) shows the copy sorted by it."""
    parts = [f"<h2>{html.escape(summary.unit)} with problems, changes or errors</h2>",
             "<p>Click a heading to sort.</p>"]
    parts.extend(f'<input class=sort type=radio name=sort id={sort}'
                 f'{" checked" if sort == "by-problems" else ""}>' for sort, _, _ in _SORTS)
    headings = {sort: heading for sort, heading, _ in _SORTS}
    for sort, _, key in _SORTS:
        parts.append(f"<table class='documents {sort}'><tr>"
                     + "".join(f"<th><label for={other}>{html.escape(headings[other])}</label>"
                               "</th>" for other in ("by-name", "by-encoding", "by-change",
                                                      "by-problems"))
                     + "</tr>")
        for row in sorted(summary.rows, key=key):
            change = "yes" if row.would_change else "no" if not row.why else "-"
            parts.append(f"<tr><td>{html.escape(row.name)}</td><td>{html.escape(row.encoding)}"
                         f"</td><td>{change}</td><td>{html.escape(row.found)}</td></tr>")
        parts.append("</table>")
    if summary.rows_left_out:
        parts.append(f"<p>… and {summary.rows_left_out:,} more.</p>")
    return parts


def expand(names: Sequence[str]) -> list[str]:
    """Directories replaced by the files under them (sorted, hidden ones skipped)."""
    files: list[str] = []
    for name in names:
        if name != "-" and Path(name).is_dir():
            for root, dirs, found in os.walk(name):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(os.path.join(root, f) for f in sorted(found)
                             if not f.startswith("."))
        else:
            files.append(name)
    return files


def write_summary(summary: Summary, args: argparse.Namespace, stdout: BinaryIO) -> int:
    """Print the table (``--summary``) and write the page (``--summary-html``); exit status."""
    if args.summary:
        stdout.write(format_table(summary).encode("utf-8"))
        stdout.flush()
    if args.summary_html:
        try:
            sink = AtomicSink(args.summary_html)
            sink.write(format_html(summary).encode("utf-8"))
            sink.commit()
        except OSError as error:
            print(f"textfix: error: {shown(args.summary_html)}: cannot write: "
                  f"{describe(error)}", file=sys.stderr)
            return 2
    return 0
