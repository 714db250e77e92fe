"""The textfix command, in-process through textfix.cli.main and as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support import one_error_line, run_process, write

import textfix
from textfix import cli

if TYPE_CHECKING:
    from conftest import Textfix

DEBRIS = "衡陽市僑聯(lián)召開第八次歸僑僑眷代表大會\n"
REPAIRED = "衡陽市僑聯召開第八次歸僑僑眷代表大會\n"
SIMPLIFIED = "衡阳市侨联召开第八次归侨侨眷代表大会\n"
CLEAN = "今天天气很好，我们去公园散步吧。\n"
# 镕 is outside GB2312: a file declared gb2312 that holds it is GBK.
GBK_NEWS = "国务院总理朱镕基今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


# --- filtering -------------------------------------------------------------------------------


def test_stdin_to_stdout(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], DEBRIS.encode()) == (0, REPAIRED.encode())
    assert capsys.readouterr().err == ""


def test_dash_is_stdin(run: Textfix) -> None:
    assert run(["-"], DEBRIS.encode()) == (0, REPAIRED.encode())


def test_clean_input_is_byte_for_byte(run: Textfix) -> None:
    data = "第一行\r\n\u3000\u3000第二行：ＡＢＣ，“引号”\r\n".encode()
    assert run([], data) == (0, data)


def test_empty_input(run: Textfix) -> None:
    assert run([], b"") == (0, b"")


def test_to_simplified(run: Textfix) -> None:
    assert run(["--to", "simplified"], DEBRIS.encode()) == (0, SIMPLIFIED.encode())


def test_to_taiwan_phrases(run: Textfix) -> None:
    assert run(["--to", "twp"], "请插入U盘然后打开软件\n".encode()) == (
        0, "請插入隨身碟然後開啟軟體\n".encode())


def test_legacy_encoding_in_utf8_out(run: Textfix) -> None:
    assert run([], GBK_NEWS.encode("gbk")) == (0, GBK_NEWS.encode("utf-8"))


def test_declared_encoding(run: Textfix) -> None:
    assert run(["--encoding", "gb2312"], GBK_NEWS.encode("gbk")) == (0, GBK_NEWS.encode())


def test_files_are_concatenated(run: Textfix, tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", DEBRIS)
    second = write(tmp_path / "b.txt", GBK_NEWS.encode("gbk"))
    assert run([str(first), str(second)]) == (0, (REPAIRED + GBK_NEWS).encode())


def test_output_file(run: Textfix, tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", DEBRIS)
    target = tmp_path / "out.txt"
    assert run([str(source), "-o", str(target), "--to", "simplified"]) == (0, b"")
    assert target.read_bytes() == SIMPLIFIED.encode()
    assert source.read_bytes() == DEBRIS.encode()


@pytest.mark.parametrize(
    ("options", "stdin", "expected"),
    [
        (["--no-annotations"], DEBRIS, DEBRIS),
        (["--no-html"], "鱼&amp;熊掌\n", "鱼&amp;熊掌\n"),
        ([], "鱼&amp;熊掌\n", "鱼&熊掌\n"),
        (["--no-unicode"], "小米\u200b手环\n", "小米\u200b手环\n"),
        ([], "小米\u200b手环\n", "小米手环\n"),
        (["--no-mojibake"], "ä½\u00a0å¥½\n", "ä½\u00a0å¥½\n"),
        ([], "ä½\u00a0å¥½\n", "你好\n"),
        (["--fold-width"], "ｉＰｈｏｎｅ１５，５９９９元\n", "iPhone15，5999元\n"),
        (["--fold-spaces"], "\u3000\u3000第一章\n", "  第一章\n"),
        (["--punctuation"], "他说:好,明天见.\n", "他说：好，明天见。\n"),
        (["--to", "auto"], "這裡的群眾很多，为什么\n", "這裡的群眾很多，為什麼\n"),
    ],
)
def test_options(run: Textfix, options: list[str], stdin: str, expected: str) -> None:
    assert run(options, stdin.encode()) == (0, expected.encode())


# --- in place ----------------------------------------------------------------------------


def test_in_place_rewrites_and_keeps_mode(run: Textfix, tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", DEBRIS)
    path.chmod(0o640)
    assert run(["-i", "--to", "simplified", str(path)]) == (0, b"")
    assert path.read_bytes() == SIMPLIFIED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no temporary left


def test_in_place_converts_legacy_file_to_utf8(run: Textfix, tmp_path: Path) -> None:
    path = write(tmp_path / "gbk.txt", GBK_NEWS.encode("gbk"))
    assert run(["-i", str(path)]) == (0, b"")
    assert path.read_bytes() == GBK_NEWS.encode("utf-8")


def test_in_place_leaves_clean_file_alone(run: Textfix, tmp_path: Path) -> None:
    path = write(tmp_path / "clean.txt", CLEAN)
    before = path.stat()
    assert run(["-i", str(path)]) == (0, b"")
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert path.read_bytes() == CLEAN.encode()


def test_in_place_failure_leaves_file_whole(run: Textfix, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "notes.txt", DEBRIS)

    def fail(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    status, out = run(["-i", str(path)])
    assert (status, out) == (2, b"")
    assert path.read_bytes() == DEBRIS.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert "notes.txt" in one_error_line(capsys.readouterr().err)


def test_in_place_needs_files(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-i"], DEBRIS.encode()) == (2, b"")
    one_error_line(capsys.readouterr().err)


def test_in_place_with_output_is_usage_error(run: Textfix, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "notes.txt", DEBRIS)
    assert run(["-i", "-o", str(tmp_path / "out.txt"), str(path)]) == (2, b"")
    one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == DEBRIS.encode()


# --- check, detect, explain ----------------------------------------------------------------


def test_check_clean(run: Textfix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "clean.txt", CLEAN)
    assert run(["--check", str(path)]) == (0, b"")
    assert capsys.readouterr().err == ""


def test_check_dirty(run: Textfix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = write(tmp_path / "clean.txt", CLEAN)
    dirty = write(tmp_path / "dirty.txt", DEBRIS)
    assert run(["--check", str(clean), str(dirty)]) == (1, b"")
    err = capsys.readouterr().err
    assert "dirty.txt" in err
    assert "clean.txt" not in err
    assert dirty.read_bytes() == DEBRIS.encode()


def test_check_legacy_encoding_would_change(run: Textfix, tmp_path: Path) -> None:
    path = write(tmp_path / "gbk.txt", GBK_NEWS.encode("gbk"))
    assert run(["--check", str(path)]) == (1, b"")


def test_check_with_target(run: Textfix, tmp_path: Path) -> None:
    path = write(tmp_path / "clean.txt", CLEAN)
    assert run(["--check", "--to", "simplified", str(path)]) == (0, b"")
    assert run(["--check", "--to", "tw", str(path)]) == (1, b"")


def test_check_and_detect_together_is_usage_error(run: Textfix,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--check", "--detect"], CLEAN.encode()) == (2, b"")
    one_error_line(capsys.readouterr().err)


def test_detect(run: Textfix, tmp_path: Path) -> None:
    dirty = write(tmp_path / "dirty.txt", DEBRIS)
    gbk = write(tmp_path / "gbk.txt", GBK_NEWS.encode("gbk"))
    status, out = run(["--detect", str(dirty), str(gbk)])
    assert status == 0
    first, second = (json.loads(line) for line in out.decode("utf-8").splitlines())
    assert first["file"] == str(dirty)
    assert first["encoding"] == "utf-8"
    assert first["script"] == "traditional"
    assert first["simplified"] == 0
    assert first["problems"] == {"annotations": 1}
    assert first["would_change"] is True
    assert second["file"] == str(gbk)
    assert second["encoding"] == "gb18030"
    assert second["script"] == "simplified"
    assert second["traditional"] == 0
    assert second["problems"] == {}
    assert second["would_change"] is True
    assert dirty.read_bytes() == DEBRIS.encode()


def test_detect_clean_stdin(run: Textfix) -> None:
    status, out = run(["--detect"], CLEAN.encode())
    report = json.loads(out)
    assert status == 0
    assert (report["file"], report["encoding"], report["script"], report["problems"],
            report["would_change"]) == ("-", "utf-8", "simplified", {}, False)
    assert report["han"] == 14
    assert set(report) >= {"confidence", "reason", "simplified", "traditional"}


def test_detect_reports_irrecoverable_damage(run: Textfix) -> None:
    status, out = run(["--detect"], "文件名：锟斤拷锟斤拷.txt\n".encode())
    report = json.loads(out)
    assert status == 0
    assert report["would_change"] is False
    assert sum(report["problems"].values()) == 1


def test_explain_goes_to_stderr(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["--explain"], DEBRIS.encode())
    assert (status, out) == (0, REPAIRED.encode())
    err = capsys.readouterr().err
    assert "annotations" in err
    assert "(lián)" in err
    assert "Traceback" not in err


# --- errors: one line on stderr, exit 2 -----------------------------------------------------


def test_missing_file(run: Textfix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    assert run([str(missing)]) == (2, b"")
    assert "missing.txt" in one_error_line(capsys.readouterr().err)


def test_directory(run: Textfix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path)]) == (2, b"")
    one_error_line(capsys.readouterr().err)


def test_binary_file(run: Textfix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "logo.png", PNG)
    assert run([str(path)]) == (2, b"")
    assert "logo.png" in one_error_line(capsys.readouterr().err)


def test_binary_file_in_place_is_untouched(run: Textfix, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "logo.png", PNG)
    assert run(["-i", str(path)]) == (2, b"")
    one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == PNG


def test_bad_option(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--bogus"], CLEAN.encode()) == (2, b"")
    assert "--bogus" in one_error_line(capsys.readouterr().err)


def test_bad_target(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--to", "martian"], CLEAN.encode()) == (2, b"")
    assert "martian" in one_error_line(capsys.readouterr().err)


def test_good_files_still_written_beside_a_bad_one(run: Textfix, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.txt", DEBRIS)
    status, out = run([str(tmp_path / "missing.txt"), str(good)])
    assert (status, out) == (2, REPAIRED.encode())
    one_error_line(capsys.readouterr().err)


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    # main(argv, stdin, stdout) -> int: --version returns 0 instead of raising SystemExit.
    out = io.BytesIO()
    status = cli.main(["--version"], stdin=io.BytesIO(), stdout=out)
    captured = out.getvalue().decode() + capsys.readouterr().out
    assert status == 0
    assert captured == f"textfix {textfix.__version__}\n"


# --- real processes ---------------------------------------------------------------------


def test_process_stdin_stdout() -> None:
    done = run_process(["--to", "simplified"], DEBRIS.encode())
    assert (done.returncode, done.stdout, done.stderr) == (0, SIMPLIFIED.encode(), b"")


def test_process_in_place(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", DEBRIS)
    path.chmod(0o600)
    done = run_process(["-i", "notes.txt"], cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert path.read_bytes() == REPAIRED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_process_version() -> None:
    done = run_process(["--version"])
    assert (done.returncode, done.stdout.decode()) == (0, f"textfix {textfix.__version__}\n")


@pytest.mark.parametrize(
    ("argv", "data"),
    [
        (["missing.txt"], None),
        (["."], None),
        (["logo.png"], PNG),
        (["--bogus"], None),
        (["--to", "martian", "clean.txt"], None),
    ],
    ids=["missing", "directory", "binary", "bad-option", "bad-target"],
)
def test_process_errors(tmp_path: Path, argv: list[str], data: bytes | None) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    if data is not None:
        write(tmp_path / argv[0], data)
    done = run_process(argv, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    one_error_line(done.stderr.decode("utf-8"))


def test_process_check_exit_status(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    write(tmp_path / "dirty.txt", DEBRIS)
    assert run_process(["--check", "clean.txt"], cwd=tmp_path).returncode == 0
    assert run_process(["--check", "clean.txt", "dirty.txt"], cwd=tmp_path).returncode == 1


def test_detect_and_check_leave_japanese_alone(run: Textfix, tmp_path: Path) -> None:
    text = "関東地方では明日にかけて大雨が続く見込みです。\n"
    source = write(tmp_path / "news.txt", text)
    status, out = run(["--detect", "--to", "simplified", str(source)])
    report = json.loads(out)
    assert (status, report["script"], report["would_change"]) == (0, "japanese", False)
    assert run(["--check", "--to", "simplified", str(source)])[0] == 0


def test_explain_names_line_and_column_in_the_input(run: Textfix, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 15: offsets were into the text as it stood at each step, with no line numbers, and
    # every file had a line "decode utf-8 at 0-0: '' -> ''".
    page = write(tmp_path / "page.txt", "本報(bào)訊 記者&nbsp;林曉(xiǎo)雯\n第二行⼈氣&amp;小吃\n")
    status, out = run(["--explain", str(page)])
    assert (status, out.decode()) == (0, "本報訊 記者\xa0林曉雯\n第二行人氣&小吃\n")
    assert capsys.readouterr().err.splitlines() == [
        f"{page}:1:3: annotations removed reading: '(bào)' -> '' (bào is a reading of 報); "
        "output 1:3, offset 2",
        f"{page}:1:12: html unescaped reference: '&nbsp;' -> '\\xa0'; output 1:7, offset 6",
        f"{page}:1:20: annotations removed reading: '(xiǎo)' -> '' (xiǎo is a reading of 曉); "
        "output 1:10, offset 9",
        f"{page}:2:4: unicode unified ideograph: '⼈' -> '人'; output 2:4, offset 14",
        f"{page}:2:6: html unescaped reference: '&amp;' -> '&'; output 2:6, offset 16",
    ]


def test_explain_of_clean_utf8_says_nothing_and_legacy_says_its_charset(run: Textfix,
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = write(tmp_path / "clean.txt", CLEAN)
    gbk = write(tmp_path / "gbk.txt", GBK_NEWS.encode("gbk"))
    assert run(["--explain", str(clean), str(gbk)])[0] == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{gbk}: decoded as gb18030 (detected, confidence 0.99)"]


def test_explain_locations_survive_every_layer() -> None:
    from textfix.explain import locate, original

    text = "相關閱讀：å¤œå¸‚&amp;攤主\n衡陽市僑聯(lián)⼈氣&#20013;文\n"
    result = textfix.fix_and_explain(text, to="simplified")
    assert original(result.text, result.steps) == text
    places = [(step.layer, text[place.start:place.end], result.text[place.output_start:
                                                                     place.output_end])
              for step, place in zip(result.steps, locate(result.steps), strict=True)]
    assert places == [
        ("html", "&amp;", "夜市&"),  # inside what the mojibake repair made of it afterwards
        ("html", "&#20013;", "中"),
        ("mojibake", "å¤œå¸‚&amp;", "夜市&"),
        ("unicode", "⼈", "人"),
        ("annotations", "(lián)", ""),
        ("script", "關閱讀", "关阅读"),
        ("script", "攤", "摊"),
        ("script", "陽", "阳"),
        ("script", "僑聯", "侨联"),
        ("script", "氣", "气"),
    ]
