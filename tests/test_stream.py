"""Incremental decoding (textfix.stream) and the CLI's streaming of large inputs."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import cli, stream
from textfix.cli import report, streaming
from textfix.stream import StreamDecoder, iter_decode

if TYPE_CHECKING:
    from conftest import Textfix

NEWS = "国务院总理今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。\n"
FORUM = "樓主說得對，這家店的售後服務太差了，我上個月買的手機螢幕就壞了。\n"
MIXED = "新品上市：iPhone 15 Pro 256GB 钛金属，限时优惠￥7999！\n"


def feed_in_pieces(decoder: StreamDecoder, data: bytes, size: int) -> str:
    pieces = [decoder.feed(data[i:i + size]) for i in range(0, len(data), size)]
    return "".join(pieces) + decoder.finish()


@pytest.mark.parametrize(("text", "codec", "encoding"), [
    (NEWS * 40, "gbk", "gb18030"),
    (FORUM * 40, "big5", "big5hkscs"),
    (MIXED * 40, "utf-8", "utf-8"),
    ("生僻字𠀀和表情😀\n" * 60, "gb18030", "gb18030"),
])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_every_chunk_boundary(text: str, codec: str, encoding: str, size: int) -> None:
    # Pieces of 1, 2, 3 and 7 bytes cut every multibyte character somewhere.
    decoder = StreamDecoder(probe_bytes=64)
    assert feed_in_pieces(decoder, text.encode(codec), size) == text
    assert decoder.guess is not None
    assert decoder.guess.encoding == encoding
    assert decoder.steps == []


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig"])
def test_bom_streams_split_anywhere(codec: str) -> None:
    text = MIXED * 30
    decoder = StreamDecoder(probe_bytes=50)
    assert feed_in_pieces(decoder, text.encode(codec), 3) == text
    assert decoder.guess is not None and decoder.guess.reason == "bom"


def test_ascii_probe_then_gbk_switches_codec_once() -> None:
    # A log whose first lines are ASCII: the probe sees UTF-8 (and ASCII), the first
    # non-ASCII block proves GBK, and the stream stays GBK from there on.
    head = "2026-12-01 08:00:00 INFO server started on port 8080\n" * 20
    data = head.encode() + (NEWS * 50).encode("gbk")
    decoder = StreamDecoder(probe_bytes=256)
    assert feed_in_pieces(decoder, data, 100) == head + NEWS * 50
    assert [(s.action, s.detail) for s in decoder.steps] == [("switched", "utf-8 -> gb18030")]


def test_declared_charset_covers_an_ascii_probe() -> None:
    head = "<html><head><title>News</title></head><body>\n" * 10
    data = head.encode() + (NEWS * 10).encode("gbk")
    decoder = StreamDecoder("text/html; charset=gb2312", probe_bytes=200)
    assert feed_in_pieces(decoder, data, 64) == head + NEWS * 10
    assert decoder.guess is not None
    assert (decoder.guess.encoding, decoder.guess.reason) == ("gb18030", "declared-verified")
    assert decoder.steps == []


def test_a_gbk_line_inside_utf8_is_read_per_line() -> None:
    ad = "本站广告：特价手机，全场五折！\n"
    data = (NEWS * 20).encode() + ad.encode("gbk") + (NEWS * 20).encode()
    decoder = StreamDecoder(probe_bytes=100)
    assert "".join(iter_decode(io.BytesIO(data), decoder=decoder)) == NEWS * 20 + ad + NEWS * 20
    assert [s.action for s in decoder.steps] == ["per-line"]
    assert "gb18030" in decoder.steps[0].detail


def test_a_line_longer_than_the_limit_is_cut_between_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "MAX_LINE", 1000)
    text = "這是一段沒有換行的很長的繁體中文文字，" * 3000
    decoder = StreamDecoder(probe_bytes=100)
    assert feed_in_pieces(decoder, text.encode("big5"), 333) == text


def test_truncated_last_character_costs_one_character() -> None:
    text = (NEWS * 10).rstrip("\n")
    decoder = StreamDecoder(probe_bytes=100)
    assert feed_in_pieces(decoder, text.encode("gbk")[:-1], 50) == text[:-1] + "\ufffd"


def test_binary_stream_gives_no_text() -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
    decoder = StreamDecoder(probe_bytes=64)
    assert feed_in_pieces(decoder, data, 100) == ""
    assert decoder.is_binary


def test_short_input_is_detected_at_finish() -> None:
    decoder = StreamDecoder()
    assert decoder.feed("短文本".encode("gbk")) == ""  # still probing
    assert decoder.finish() == "短文本"
    assert decoder.guess is not None and decoder.guess.encoding == "gb18030"


def test_same_text_as_decode() -> None:
    data = (NEWS + FORUM).encode("gb18030") * 30
    assert "".join(iter_decode(io.BytesIO(data))) == textfix.decode(data).text


def test_repair_stream_repairs_each_piece() -> None:
    data = ("衡陽市僑聯(lián)召開工作會議\n" * 10).encode("gbk")
    out = io.BytesIO()
    decoder = stream.repair_stream(io.BytesIO(data), out.write,
                                   config=textfix.Config(to="simplified"))
    assert out.getvalue().decode() == "衡阳市侨联召开工作会议\n" * 10
    assert decoder.guess is not None and decoder.guess.encoding == "gb18030"


# --- the CLI on inputs over its streaming threshold -------------------------------------------


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "STREAM_BYTES", 256)
    monkeypatch.setattr(stream, "PROBE_BYTES", 128)


@pytest.mark.usefixtures("small_threshold")
def test_cli_streams_a_large_file(run: Textfix, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("衡陽市僑聯(lián)召開工作會議\n" * 50).encode("gbk"))
    assert run(["--to", "simplified", str(path)]) == \
        (0, ("衡阳市侨联召开工作会议\n" * 50).encode())


@pytest.mark.usefixtures("small_threshold")
def test_cli_streams_large_stdin_after_small_files(run: Textfix, tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_bytes("第一个文件\n".encode("gbk"))
    status, out = run([str(small), "-"], stdin=(NEWS * 20).encode("gbk"))
    assert (status, out.decode()) == (0, "第一个文件\n" + NEWS * 20)


@pytest.mark.usefixtures("small_threshold")
def test_cli_large_binary_file_is_one_error(run: Textfix, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert run([str(path)]) == (2, b"")
    assert capsys.readouterr().err == f"textfix: error: {path}: binary data, not text\n"


@pytest.mark.usefixtures("small_threshold")
def test_cli_keep_bom_when_streaming(run: Textfix, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes((MIXED * 20).encode("utf-16"))
    assert run(["--keep-bom", str(path)]) == (0, codecs.BOM_UTF8 + (MIXED * 20).encode())


@pytest.mark.usefixtures("small_threshold")
def test_cli_modes_that_need_the_whole_input_still_get_it(run: Textfix, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes((NEWS * 20).encode("gbk"))
    out = tmp_path / "out.txt"
    assert run(["-o", str(out), str(path)]) == (0, b"")
    assert out.read_text(encoding="utf-8") == NEWS * 20
    assert run(["--check", str(path)])[0] == 1  # GBK bytes would become UTF-8


# --- properties ----------------------------------------------------------------------------

PROPERTY = settings(max_examples=120, deadline=None, derandomize=True, database=None)
LINES = [NEWS, FORUM, MIXED, "第3条(试行)\n", "Price: ¥99\n", "\n", "生僻字𠀀\n"]


@PROPERTY
@given(st.binary(max_size=600), st.integers(1, 64), st.integers(16, 256),
       st.sampled_from([None, "gbk", "big5", "text/html; charset=utf-8", "utf-16"]))
def test_any_bytes_in_any_pieces_never_raise(data: bytes, size: int, probe: int,
                                             declared: str | None) -> None:
    decoder = StreamDecoder(declared, probe_bytes=probe)
    assert isinstance(feed_in_pieces(decoder, data, size), str)


@PROPERTY
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=30), st.integers(1, 97),
       st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-32"]))
def test_text_in_any_pieces_comes_back(lines: list[str], size: int, codec: str) -> None:
    text = "".join(lines)
    decoder = StreamDecoder(probe_bytes=64)
    assert feed_in_pieces(decoder, text.encode(codec), size) == text


class _FullDisk(io.BytesIO):
    def write(self, data: bytes) -> int:  # type: ignore[override]
        raise OSError(28, "No space left on device")


@pytest.mark.usefixtures("small_threshold")
def test_cli_stream_write_error_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes((NEWS * 20).encode("gbk"))
    assert cli.main([str(path)], stdin=io.BytesIO(), stdout=_FullDisk()) == 2
    assert capsys.readouterr().err == \
        "textfix: error: stdout: cannot write: no space left on device\n"


def test_guess_follows_a_switch_of_codec() -> None:
    # Issue 15: after the stream switched to GB18030, guess still said utf-8.
    head = "2026-12-01 08:00:00 INFO server started on port 8080\n" * 20
    data = head.encode() + (NEWS * 50).encode("gbk")
    decoder = StreamDecoder(probe_bytes=256)
    feed_in_pieces(decoder, data[:200], 100)
    assert decoder.guess is not None and decoder.guess.encoding == "utf-8"
    feed_in_pieces(decoder, data[200:], 100)
    assert decoder.guess is not None
    switch = len(head.encode())
    assert (decoder.guess.encoding, decoder.guess.reason) == ("gb18030", "per-line")
    assert decoder.guess.segments[0] == (0, switch, "utf-8")
    assert decoder.guess.segments[-1] == (switch, len(data), "gb18030")


def test_guess_names_the_lines_read_in_another_codec() -> None:
    ad = "本站广告：特价手机，全场五折！\n"
    data = (NEWS * 20).encode() + ad.encode("gbk") + (NEWS * 20).encode()
    decoder = StreamDecoder(probe_bytes=100)
    assert feed_in_pieces(decoder, data, 100) == NEWS * 20 + ad + NEWS * 20
    assert decoder.guess is not None
    start = len((NEWS * 20).encode())
    assert (decoder.guess.encoding, decoder.guess.reason) == ("utf-8", "per-line")
    assert (start, start + len(ad.encode("gbk")), "gb18030") in decoder.guess.segments
    assert decoder.guess.segments[-1][1:] == (len(data), "utf-8")


# --- --check and --detect on inputs over the threshold (issue 15: they read them whole) -----

@pytest.mark.usefixtures("small_threshold")
@pytest.mark.parametrize("text", [
    NEWS * 30,
    "衡陽市僑聯(lián)召開工作會議\n" + NEWS * 30 + "文件名：锟斤拷.txt\n",
    "关东地区今天下大雨\n関東地方では明日にかけて大雨が続く見込みです。\n" * 20,
])
@pytest.mark.parametrize("codec", ["utf-8", "gbk", "utf-16"])
def test_streamed_detect_reports_what_the_whole_read_does(run: Textfix, tmp_path: Path, text: str,
                                                          codec: str) -> None:
    if codec == "gbk" and "関" in text:
        return  # kana are not GBK
    path = tmp_path / "big.txt"
    data = text.encode(codec)
    path.write_bytes(data)
    status, out = run(["--detect", str(path)])
    streamed = json.loads(out)
    whole = report.detect_report(str(path), data, textfix.decode(data))
    assert status == 0
    for key in ("encoding", "script", "simplified", "traditional", "han", "problems",
                "would_change", "spam_line"):
        assert streamed[key] == whole[key], key
    assert run(["--check", str(path)])[0] == int(bool(whole["would_change"]))


@pytest.mark.usefixtures("small_threshold")
def test_streamed_check_of_stdin(run: Textfix, tmp_path: Path) -> None:
    assert run(["--check"], stdin=(NEWS * 40).encode())[0] == 0
    assert run(["--check"], stdin=(NEWS * 40 + "僑聯(lián)會議\n").encode())[0] == 1


def test_check_and_detect_hold_no_whole_input(run: Textfix, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Streamed 64 KB at a time, four times the input takes no more memory: Python's own
    # allocations peak the same on 0.5 and 2 MB (reading it whole, the peak grew with it).
    import tracemalloc

    monkeypatch.setattr(streaming, "STREAM_BYTES", 1 << 16)
    monkeypatch.setattr(stream, "READ_BYTES", 1 << 16)
    lines = (NEWS + FORUM).encode()
    warm = tmp_path / "warm.txt"  # the tables and converters load once, before measuring
    warm.write_bytes("衡陽市僑聯(lián)召開工作會議\n".encode() + lines * 3)
    for mode in ("--check", "--detect"):
        run([mode, str(warm)])
        peaks = []
        for size in (500_000, 2_000_000):
            path = tmp_path / f"{size}.txt"
            path.write_bytes(lines * (size // len(lines)))
            tracemalloc.start()
            try:
                assert run([mode, str(path)])[0] == 0
                peaks.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        assert peaks[1] < peaks[0] * 1.25 + 100_000, (mode, peaks)


@pytest.mark.parametrize("mode", [[], ["--check"], ["--detect"]])
def test_progress_counts_a_single_long_input_as_it_goes(run: Textfix,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        mode: list[str]) -> None:
    # Issue 15: a single 3 MB file showed no progress until it was done. With the bar on, an
    # input over PROGRESS_STREAM_BYTES is streamed and the bar counts the bytes read.
    from textfix import progress

    monkeypatch.setattr(streaming, "PROGRESS_STREAM_BYTES", 1 << 12)
    monkeypatch.setattr(stream, "READ_BYTES", 1 << 12)
    monkeypatch.setattr(stream, "PROBE_BYTES", 1 << 12)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    monkeypatch.setattr(progress.Progress, "_tqdm", lambda self: None)  # the counter of our own
    path = tmp_path / "long.txt"
    path.write_bytes((NEWS + FORUM).encode() * 200)
    assert run(["--progress", *mode, str(path)])[0] == 0
    drawn = [line.strip() for line in capsys.readouterr().err.split("\r") if line.strip()]
    total = progress.human_bytes(path.stat().st_size)
    assert len(drawn) >= 5, drawn
    assert all(line.startswith("textfix: ") and f" of {total} (" in line for line in drawn)
