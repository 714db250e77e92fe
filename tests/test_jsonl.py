"""JSON Lines mode: named fields repaired, every other byte kept, malformed lines per --on-error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import Config, cli, parallel
from textfix.cli import jsonl

if TYPE_CHECKING:
    from conftest import Textfix

NEWS = "美國總統今天發(fā)表講話，呼籲國會通過預算案"
NEWS_FIXED = "美國總統今天發表講話，呼籲國會通過預算案"
NEWS_SIMPLIFIED = "美国总统今天发表讲话，呼吁国会通过预算案"
FORUM = "楼主说得对，我也这么觉得".encode().decode("cp1252")  # UTF-8 read as cp1252
FORUM_FIXED = "楼主说得对，我也这么觉得"
PRODUCT = "小米14 Ultra 16GB&#43;1TB 黑色 徕卡光学"
PRODUCT_FIXED = "小米14 Ultra 16GB+1TB 黑色 徕卡光学"
TAIPEI = "台北市政府今日宣布，捷運新路線將於明年通車。"
TAIPEI_SIMPLIFIED = "台北市政府今日宣布，捷运新路线将于明年通车。"
SPAM = "免费视频在线观看_高清电影在线播放_最新电视剧免费看"  # simplified keywords, traditional body
PAGE = f"{SPAM}\n{TAIPEI}"
# Clean records, written by hand in several styles: they must come out byte for byte.
CLEAN_LINES = [
    '{"id":7,"text":"用户反馈：这款耳机的降噪效果很好","lang":"zh-CN"}\n',
    '{"id": 8, "text": "Python 教程(tutorial)：函数(function)的定义", "score": 1.10}\n',
    '{"id": 9, "text": "\\u53f0\\u5317\\u5e02\\u653f\\u5e9c", "meta": {"title": "台北"}}\r\n',
    '{ "id" : 10 , "text" : "' + TAIPEI + '" }\n',
]


@pytest.fixture
def run(run: Textfix) -> Textfix:
    """The command in JSON Lines mode."""
    return lambda argv, stdin=b"": run(["--jsonl", *argv], stdin)


def line(record: Mapping[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def test_named_fields_repaired_others_kept(run: Textfix) -> None:
    record = {"id": 1, "url": "http://news.example.com/a?b=1&amp;c=2", "text": NEWS,
              "crawled": "2024-11-12T17:11:24Z", "views": 12}
    status, out = run(["--field", "text"], line(record).encode())
    assert status == 0
    # url holds an entity too, but it is not a named field: it stays.
    assert out.decode() == line({**record, "text": NEWS_FIXED})


def test_clean_records_pass_through_verbatim(run: Textfix) -> None:
    data = "".join(CLEAN_LINES).encode()
    assert run(["--field", "text", "--field", "meta.title"], data) == (0, data)


def test_changed_record_is_reserialised_in_key_order(run: Textfix) -> None:
    data = '{"text":"鱼&amp;熊掌不可兼得","z":1,"a":"\\u4e2d","n":1.10}\r\n'.encode()
    status, out = run(["--field", "text"], data)
    expected = '{"text": "鱼&熊掌不可兼得", "z": 1, "a": "中", "n": 1.1}\r\n'
    assert (status, out.decode()) == (0, expected)


def test_nested_paths_and_lists(run: Textfix) -> None:
    record = {"meta": {"title": NEWS, "og.title": FORUM}, "comments": [
        {"user": "小明", "body": FORUM}, {"user": "阿華", "body": PRODUCT}],
        "tags": ["美食&amp;生活", 3, None, "随笔"]}
    argv = ["--field", "meta.title", "--field", "meta.og\\.title", "--field", "comments.body",
            "--field", "tags", "--field", "missing.path"]
    status, out = run(argv, line(record).encode())
    assert status == 0
    assert json.loads(out) == {
        "meta": {"title": NEWS_FIXED, "og.title": FORUM_FIXED},
        "comments": [{"user": "小明", "body": FORUM_FIXED},
                     {"user": "阿華", "body": PRODUCT_FIXED}],
        "tags": ["美食&生活", 3, None, "随笔"]}


def test_pipeline_options_apply_to_fields(run: Textfix) -> None:
    data = (line({"text": NEWS}) + line({"text": TAIPEI})).encode()
    status, out = run(["--field", "text", "--to", "simplified"], data)
    assert status == 0
    assert out.decode() == line({"text": NEWS_SIMPLIFIED}) + line({"text": TAIPEI_SIMPLIFIED})


BROKEN = [
    line({"id": 1, "text": NEWS}),
    '{"id": 2, "text": "未闭合的记录\n',
    "[1, 2, 3]\n",
    b"\xff\xfe{}\n".decode("latin-1"),  # replaced by real bytes below
    "\n",
    line({"id": 3, "text": PRODUCT}),
]


def broken_input() -> bytes:
    parts = [part.encode() for part in BROKEN]
    parts[3] = b'{"text": "\xb9\xfa\xbc\xd2"}\n'  # GBK bytes: not UTF-8
    return b"".join(parts)


def test_on_error_stop(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["--field", "text"], broken_input())
    assert status == 2
    assert out.decode() == line({"id": 1, "text": NEWS_FIXED})  # what came before is written
    assert capsys.readouterr().err == (
        "textfix: error: -:2: malformed JSON: Unterminated string starting at (column 19)\n")


def test_on_error_skip_counts(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["--field", "text", "--on-error", "skip"], broken_input())
    assert status == 0
    assert out.decode() == line({"id": 1, "text": NEWS_FIXED}) + "\n" + line(
        {"id": 3, "text": PRODUCT_FIXED})
    assert capsys.readouterr().err == (
        "textfix: 3 malformed lines skipped (first: -:2: malformed JSON: Unterminated string "
        "starting at (column 19))\n")


def test_on_error_keep_writes_them_as_they_were(run: Textfix,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["--field", "text", "--on-error", "keep"], broken_input())
    assert status == 0
    parts = broken_input().split(b"\n")
    assert out.split(b"\n")[1:4] == parts[1:4]
    assert "3 malformed lines kept as they were" in capsys.readouterr().err


def test_malformed_reasons() -> None:
    def why(data: bytes) -> str:
        with pytest.raises(jsonl.Malformed) as error:
            jsonl.parse_record(data)
        return str(error.value)

    assert why(b'"just a string"') == "not a JSON object but str"
    assert why(b'{"a": "\xe4\xb8"}') == "not UTF-8 (byte 0xe4 at column 8)"
    assert why(b"[" * 100_000) == "malformed JSON: nested too deeply"


def test_annotate_adds_a_report(run: Textfix) -> None:
    data = (line({"id": 1, "text": NEWS}) + line({"id": 2, "text": "今天天气很好。"})
            + line({"id": 3, "text": PAGE})).encode()
    status, out = run(["--field", "text", "--annotate", "textfix"], data)
    assert status == 0
    records = [json.loads(text) for text in out.decode().splitlines()]
    assert records[0] == {"id": 1, "text": NEWS_FIXED, "textfix": {
        "changed": ["text"], "problems": {"annotations": 1}, "script": "traditional",
        "spam_line": None}}
    assert records[1]["textfix"] == {"changed": [], "problems": {}, "script": "simplified",
                                     "spam_line": None}
    assert records[2]["textfix"]["spam_line"] == SPAM
    assert records[2]["text"] == PAGE  # detected, not dropped (that is --drop-spam-lines)


def test_drop_spam_lines_in_records(run: Textfix) -> None:
    status, out = run(["--field", "text", "--drop-spam-lines"], line({"text": PAGE}).encode())
    assert (status, out.decode()) == (0, line({"text": TAIPEI}))


def test_check_and_detect(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    data = (CLEAN_LINES[0] + line({"text": FORUM})).encode()
    assert run(["--field", "text", "--check"], data) == (1, b"")
    assert capsys.readouterr().err == "would fix -:2\n"
    assert run(["--field", "text", "--check"], CLEAN_LINES[0].encode()) == (0, b"")
    status, out = run(["--field", "text", "--detect"], data)
    reports = [json.loads(text) for text in out.decode().splitlines()]
    assert status == 0
    assert [(r["line"], r["would_change"], r["problems"]) for r in reports] == [
        (1, False, {}), (2, True, {"mojibake": 1})]


def test_stats_line(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    data = (line({"text": NEWS}) + line({"text": PRODUCT}) + CLEAN_LINES[0]).encode()
    run(["--field", "text", "--stats"], data)
    err = capsys.readouterr().err
    assert err.startswith(f"textfix: 3 records, {len(data)} B, 2 changed "
                          "(annotations 1, html 1), "), err


def test_bom_blank_lines_and_last_line_without_newline(run: Textfix) -> None:
    data = b"\xef\xbb\xbf" + CLEAN_LINES[0].encode() + b"\n  \n" + b'{"text": "ok"}'
    assert run(["--field", "text"], data) == (0, CLEAN_LINES[0].encode() + b"\n  \n"
                                              + b'{"text": "ok"}\n')


def test_lone_surrogate_stays_an_escape(run: Textfix) -> None:
    data = '{"text": "鱼&amp;\\ud800熊"}\n'.encode()
    assert run(["--field", "text"], data) == (0, '{"text": "鱼&\\ud800熊"}\n'.encode())


def test_usage_errors(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], b"{}\n")[0] == 2
    assert "needs at least one --field" in capsys.readouterr().err
    assert run(["--field", "a..b"], b"{}\n")[0] == 2
    assert "empty key" in capsys.readouterr().err
    assert run(["--field", "text", "--annotate", "r", "--check"], b"{}\n")[0] == 2
    assert cli.main(["--field", "text"], stdin=io.BytesIO(b""), stdout=io.BytesIO()) == 2
    assert "--field works only with --jsonl" in capsys.readouterr().err


def test_files_in_place_and_output(run: Textfix, tmp_path: Path) -> None:
    changed = tmp_path / "a.jsonl"
    changed.write_text(line({"text": NEWS}) + CLEAN_LINES[1], encoding="utf-8")
    clean = tmp_path / "b.jsonl"
    clean.write_text(CLEAN_LINES[0], encoding="utf-8")
    before = clean.stat().st_mtime_ns
    assert run(["--field", "text", "-i", str(changed), str(clean)]) == (0, b"")
    assert changed.read_text(encoding="utf-8") == line({"text": NEWS_FIXED}) + CLEAN_LINES[1]
    assert clean.stat().st_mtime_ns == before  # nothing changed: not rewritten
    target = tmp_path / "out.jsonl"
    assert run(["--field", "text", "-o", str(target), str(clean), str(changed)]) == (0, b"")
    assert target.read_text(encoding="utf-8") == (CLEAN_LINES[0] + line({"text": NEWS_FIXED})
                                                  + CLEAN_LINES[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.jsonl", "out.jsonl"]


def test_missing_file_is_reported_and_the_rest_done(run: Textfix, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(line({"text": NEWS}), encoding="utf-8")
    status, out = run(["--field", "text", str(tmp_path / "nope.jsonl"), str(good)])
    assert (status, out.decode()) == (2, line({"text": NEWS_FIXED}))
    assert capsys.readouterr().err == f"textfix: error: {tmp_path}/nope.jsonl: no such file\n"


def many_records(count: int) -> tuple[bytes, bytes]:
    """(input, expected output) of ``count`` records of every kind, clean ones among them."""
    pairs = [(line({"n": 0, "text": NEWS}), line({"n": 0, "text": NEWS_FIXED})),
             (line({"n": 0, "text": FORUM}), line({"n": 0, "text": FORUM_FIXED})),
             (CLEAN_LINES[2], CLEAN_LINES[2]),
             (line({"n": 0, "text": PRODUCT}), line({"n": 0, "text": PRODUCT_FIXED}))]
    source, expected = [], []
    for number in range(count):
        given, fixed = pairs[number % len(pairs)]
        source.append(given.replace('"n": 0', f'"n": {number}'))
        expected.append(fixed.replace('"n": 0', f'"n": {number}'))
    return "".join(source).encode(), "".join(expected).encode()


def test_parallel_records_in_order(run: Textfix, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)  # a pool even for this small input
    monkeypatch.setattr(jsonl, "CHUNK_BYTES", 700)  # many chunks, so order matters
    data, expected = many_records(300)
    assert run(["--field", "text", "-j", "2"], data) == (0, expected)
    assert run(["--field", "text", "-j", "1"], data) == (0, expected)


def test_parallel_stop_on_error_in_a_later_chunk(run: Textfix, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(jsonl, "CHUNK_BYTES", 500)
    data, expected = many_records(60)
    lines = data.splitlines(keepends=True)
    lines[41] = b"{not json\n"
    status, out = run(["--field", "text", "-j", "2"], b"".join(lines))
    assert status == 2
    assert out == b"".join(expected.splitlines(keepends=True)[:41])
    assert capsys.readouterr().err.startswith("textfix: error: -:42: malformed JSON")


def test_subprocess_parallel_big_input(tmp_path: Path) -> None:
    """A real run over more than MIN_PARALLEL_BYTES: the pool starts, output is in order."""
    data, expected = many_records(14_000)
    assert len(data) > parallel.MIN_PARALLEL_BYTES
    source = tmp_path / "crawl.jsonl"
    source.write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "textfix", "--jsonl", "--field", "text",
                           "-j", "2", "--stats", str(source)], capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    assert done.stderr.decode().startswith("textfix: 14,000 records, ")


def test_job_pickles() -> None:
    import pickle

    job = jsonl.Job((("text",), ("meta", "title")), Config(to="tw"), "fix", "skip", ("r",))
    assert pickle.loads(pickle.dumps(job)) == job


def test_chunks_are_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "CHUNK_BYTES", 16)
    lines = [b'{"text": "a\\r b \xe2\x80\xa8 c"}\r\n', b'{"text": "' + b"x" * 100 + b'"}\n',
             b"\n", b'{"text": "last"}']
    chunks = list(jsonl.read_chunks(["-"], io.BytesIO(b"".join(lines)), []))
    assert [line for chunk in chunks for line in chunk.lines()] == lines
    assert [chunk.first_line for chunk in chunks] == [1, 2, 3]  # the blank line joined the last


def test_output_to_a_fifo_is_written_through(run: Textfix, tmp_path: Path) -> None:
    """-o on something that is not a regular file (a FIFO here, /dev/null in real use) writes
    through it: a rename would put a regular file in place of the device."""
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    data = line({"text": NEWS}).encode()
    assert run(["--field", "text", "-o", str(fifo)], data) == (0, b"")
    reader.join(timeout=30)
    assert received == [line({"text": NEWS_FIXED}).encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("argv", [
    ["-o", "/nonexistent/folder/out.jsonl"],
    ["-o", "/dev/full"],
    ["--summary-html", "/nonexistent/folder/audit.html"],
])
def test_write_failures_are_one_line(argv: list[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(line({"text": NEWS}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "textfix", "--jsonl", "--field", "text", *argv,
                           str(source)], capture_output=True, timeout=60, check=False)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("textfix: error: ") and "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    data, _ = many_records(20_000)
    source = tmp_path / "big.jsonl"
    source.write_bytes(data)
    reader = subprocess.Popen([sys.executable, "-m", "textfix", "--jsonl", "--field", "text",
                               "-j", "2", str(source)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(100)
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)  # a hang fails here rather than stalling the run
    assert reader.returncode == 0
    assert err == b""


JSON_SCALARS = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
TEXTS = st.sampled_from([NEWS, FORUM, PRODUCT, TAIPEI, PAGE, "鱼&amp;熊掌", ""]) | st.text()


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5), TEXTS, st.booleans())
def test_any_record(record: dict[str, object], text: str, ascii_only: bool) -> None:
    """Any record: only the named field changes, as fix() says; a second run changes nothing."""
    record = {**record, "text": text}
    given_line = json.dumps(record, ensure_ascii=ascii_only).encode() + b"\n"
    job = jsonl.Job((("text",),), Config())
    outcome = jsonl.fix_record_line(given_line, job)
    assert outcome is not None
    if outcome.output == given_line:
        assert textfix.fix(text) == text
    result = json.loads(outcome.output)
    assert result == {**record, "text": textfix.fix(text)}
    assert list(result) == list(record)
    again = jsonl.fix_record_line(outcome.output, job)
    assert again is not None and again.output == outcome.output
