"""The corpus audit: --detect --summary over a folder, and --summary-html."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from textfix.cli import audit

if TYPE_CHECKING:
    from conftest import Textfix

SPAM_PAGE = ("免费视频在线观看_高清电影在线播放_最新电视剧免费看\n"
             "台北市政府今日宣布，捷運新路線將於明年通車。\n")


def make_crawl(root: Path) -> None:
    """A small crawl: converter debris, a clean page, a GBK page with an entity, a spam page,
    mojibake with irrecoverable damage, and an image that is not text."""
    (root / "news").mkdir(parents=True)
    (root / "news" / "a.txt").write_text("美國總統今天發(fā)表講話，呼籲國會通過預算案\n",
                                         encoding="utf-8")
    (root / "news" / "b.txt").write_text("今天天气很好，我们去公园散步吧。\n", encoding="utf-8")
    (root / "news" / "c.html").write_bytes(
        "国务院总理朱镕基今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。&nbsp;\n"
        .encode("gbk"))
    (root / "mirror.txt").write_text(SPAM_PAGE, encoding="utf-8")
    (root / "forum.txt").write_text(
        "楼主说得对，我也这么觉得\n".encode().decode("cp1252") + "锟斤拷\n", encoding="utf-8")
    (root / ".hidden").write_text("not walked", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")


TABLE = """\
textfix audit: 5 documents, 428 B, 1 unreadable; 3 would change (60.0%)
would change: the output bytes differ from the input (3 repaired or converted)
nothing found: neither a repair nor damage; such a document may still change, re-encoded to UTF-8
a document with several problems counts under each; shares are of the documents read

problem         documents   share
annotations             1   20.0%  1 found
html                    1   20.0%  1 found
irrecoverable           1   20.0%  1 found
mojibake                1   20.0%  1 found
spam line               1   20.0%  1 found
nothing found           1   20.0%

encoding   documents   share
utf-8              4   80.0%
gb18030            1   20.0%

script        documents   share
simplified            3   60.0%
mixed                 1   20.0%
traditional           1   20.0%

document       encoding  change  found
./forum.txt    utf-8     yes     irrecoverable 1, mojibake 1
./logo.png               -       binary data, not text
./mirror.txt   utf-8     no      spam line 1
./news/a.txt   utf-8     yes     annotations 1
./news/c.html  gb18030   yes     html 1
"""


def test_summary_table_over_a_folder(run: Textfix, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    make_crawl(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out = run(["--detect", "--summary", "."])
    assert status == 2  # the image is reported, the rest summed up, and listed by name
    assert out.decode() == TABLE
    err = capsys.readouterr().err
    assert err == "textfix: error: ./logo.png: binary data, not text\n"


def test_summary_html_is_self_contained(run: Textfix, tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    make_crawl(crawl)
    page = tmp_path / "audit.html"
    status, out = run(["--summary-html", str(page), str(crawl)])
    assert (status, out) == (2, b"")  # only the page: no table, no per-file reports
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert html.count("<svg") == 3  # problems, encodings, scripts
    assert "<td>spam line</td><td class=n>1</td><td class=n>20.0%</td>" in html
    assert "5 documents, 428 B, 1 unreadable; 3 would change (60.0%)" in html
    assert not re.search(r"(src|href)=|<script|https?://(?!www\.w3\.org/2000/svg)", html)


def test_summary_html_escapes_names() -> None:
    summary = audit.summarize([{"encoding": "<b>x</b>", "script": "none", "problems": {}}])
    assert "&lt;b&gt;x&lt;/b&gt;" in audit.format_html(summary)
    assert "<b>x</b>" not in audit.format_html(summary)


def test_summary_of_jsonl_records(run: Textfix) -> None:
    records = [
        {"text": "美國總統今天發(fā)表講話，呼籲國會通過預算案"},
        {"text": "今天天气很好，我们去公园散步吧。"},
        {"text": SPAM_PAGE},
        {"text": "鱼&amp;熊掌不可兼得"},
    ]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    status, out = run(["--jsonl", "--field", "text", "--summary"], data)
    assert status == 0
    assert out.decode() == """\
textfix audit: 4 records; 2 would change (50.0%)
would change: the output bytes differ from the input (2 repaired or converted)
nothing found: neither a repair nor damage; such a document may still change, re-encoded to UTF-8
a document with several problems counts under each; shares are of the records read

problem           records   share
annotations             1   25.0%  1 found
html                    1   25.0%  1 found
spam line               1   25.0%  1 found
nothing found           1   25.0%

script          records   share
simplified            2   50.0%
mixed                 1   25.0%
traditional           1   25.0%

document  change  found
-:1       yes     annotations 1
-:3       no      spam line 1
-:4       yes     html 1
"""


def test_summary_usage_errors(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--check", "--summary"])[0] == 2
    assert "--summary and --summary-html go with --detect" in capsys.readouterr().err


def test_unwritable_summary_page(run: Textfix, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("今天天气很好。\n", encoding="utf-8")
    status, _ = run(["--summary-html", str(tmp_path / "no" / "such" / "dir.html"), str(source)])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("textfix: error: ") and "cannot write" in err and err[-1] == "\n"
    assert err.count("\n") == 1


def test_summary_html_names_every_document_with_problems(run: Textfix, tmp_path: Path) -> None:
    # Issue 15: the page said "1 unreadable" but not which, listed no document with mojibake,
    # its number headings stood left of right-aligned numbers, and its counts were unexplained.
    crawl = tmp_path / "crawl"
    make_crawl(crawl)
    page = tmp_path / "audit.html"
    run(["--summary-html", str(page), str(crawl)])
    html = page.read_text(encoding="utf-8")
    row = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
    for cells in [(crawl / "logo.png", "", "-", "binary data, not text"),
                  (crawl / "forum.txt", "utf-8", "yes", "irrecoverable 1, mojibake 1"),
                  (crawl / "news" / "c.html", "gb18030", "yes", "html 1")]:
        assert html.count(row.format(*cells)) == 4  # one copy of the table per sort order
    assert str(crawl / "news" / "b.txt") not in html  # clean documents are counted, not listed
    # sorted by a click on a heading: a radio button per column, and CSS, no script
    for sort in ("by-name", "by-encoding", "by-change", "by-problems"):
        assert f"<table class='documents {sort}'>" in html
        assert f"#{sort}:checked ~ .{sort}" in html
    by_problems = html.split("<table class='documents by-problems'>")[1].split("</table>")[0]
    assert by_problems.index("forum.txt") < by_problems.index("c.html")  # most found first
    assert "<script" not in html
    # the number columns' headings align with their numbers
    assert "<th class=n>documents</th><th class=n>share</th>" in html
    assert "would change: the output bytes differ from the input (3 repaired or converted)" in html
    assert "nothing found: neither a repair nor damage" in html


def test_would_change_is_explained_by_kind() -> None:
    summary = audit.summarize([
        {"file": "a", "encoding": "gb18030", "problems": {}, "would_change": True},
        {"file": "b", "encoding": "utf-8", "problems": {"html": 1}, "would_change": True},
        {"file": "c", "encoding": "utf-8", "problems": {}, "would_change": False},
    ])
    assert audit.explanation(summary)[0] == ("would change: the output bytes differ from the "
                                             "input (1 re-encoded to UTF-8 only, 1 repaired or "
                                             "converted)")
    assert [row.name for row in summary.rows] == ["a", "b"]
