"""The command under faults: bad inputs, bad options, a closed pipe, Ctrl-C, a full disk, a kill.

Every failure is one line on stderr and a non-zero exit, never a traceback, and a file rewritten
in place is either the old file or the new one. Processes are real where the fault is a process
matter (signals, pipes); a small driver pauses the command inside its write, so that a signal
lands mid-write every time, not when the timing happens to allow it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support import one_error_line, run_process, write

from textfix import cli

if TYPE_CHECKING:
    from conftest import Textfix

# A traditional news line machine-converted with pinyin debris, and what textfix makes of it.
DEBRIS = "衡陽市僑聯(lián)召開第八次歸僑僑眷代表大會，會議選舉產生了新一屆委員會。\n"
REPAIRED = "衡陽市僑聯召開第八次歸僑僑眷代表大會，會議選舉產生了新一屆委員會。\n"
SIMPLIFIED = "衡阳市侨联召开第八次归侨侨眷代表大会，会议选举产生了新一届委员会。\n"
FORUM = "楼主说得对！这款手机的续航真的不行，用了半天就没电了。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

# Runs the command, but the first os.write to a file (the temporary of -i/-o) writes half of its
# bytes, prints PAUSED on stdout and sleeps: the test then signals a process stopped mid-write.
DRIVER = """
import os, sys, time
from textfix import cli
real_write = os.write
def paused_write(fd, data):
    if fd <= 2:
        return real_write(fd, data)
    written = real_write(fd, bytes(data[: len(data) // 2]))
    real_write(1, b"PAUSED\\n")
    time.sleep(120)
    return written
os.write = paused_write
if os.environ.get("DRIVER_READY"):
    real_write(1, b"READY\\n")
sys.exit(cli.main(sys.argv[1:]))
"""


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = write(tmp_path / "notes.txt", DEBRIS * 3)
    path.chmod(0o640)
    return path


# --- unreadable inputs ----------------------------------------------------------------------


def test_missing_file_names_it(run: Textfix, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path / "新闻.txt")]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: {tmp_path / '新闻.txt'}: no such file")


def test_directory_as_input(run: Textfix, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == f"textfix: error: {tmp_path}: is a directory"


def test_directory_in_place(run: Textfix, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-i", str(tmp_path)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err).endswith(": is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_real(run: Textfix, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "secret.txt", FORUM)
    path.chmod(0)
    assert run([str(path)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == f"textfix: error: {path}: permission denied"


def test_permission_denied(run: Textfix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    # The tests may run as root, who may read anything: the refusal is simulated where it comes.
    path = write(tmp_path / "secret.txt", FORUM)

    def refuse(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert run([str(path)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == f"textfix: error: {path}: permission denied"


def test_other_read_error_is_one_line(run: Textfix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "nfs.txt", FORUM)

    def fail(self: Path) -> bytes:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))

    monkeypatch.setattr(Path, "read_bytes", fail)
    assert run([str(path)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: {path}: cannot read: input/output error")


def test_file_name_with_newline_stays_one_line(run: Textfix, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path / "a\nb.txt")]) == (2, b"")
    assert one_error_line(capsys.readouterr().err).endswith("a\\nb.txt: no such file")


def test_binary_stdin(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], PNG) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == "textfix: error: -: binary data, not text"


def test_empty_file_and_empty_stdin(run: Textfix, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    assert run([str(empty)]) == (0, b"")
    assert run([]) == (0, b"")
    assert run(["-i", str(empty)]) == (0, b"")
    assert run(["--check", str(empty)]) == (0, b"")
    assert empty.read_bytes() == b""
    assert capsys.readouterr().err == ""


def test_failed_input_does_not_clobber_output(run: Textfix, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # Negative case: -o of a run whose only input is missing keeps its earlier content.
    target = write(tmp_path / "out.txt", REPAIRED)
    assert run([str(tmp_path / "missing.txt"), "-o", str(target)]) == (2, b"")
    one_error_line(capsys.readouterr().err)
    assert target.read_bytes() == REPAIRED.encode()


# --- bad usage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bogus"], "textfix: error: unrecognized arguments: --bogus (see 'textfix --help')"),
        (["-o"], "textfix: error: argument -o/--output: expected one argument "
                 "(see 'textfix --help')"),
        (["--backup", ".orig", "x.txt"], "textfix: error: --backup works only with -i"),
        (["-i", "--backup", "", "x.txt"],
         "textfix: error: --backup needs a file name suffix such as .orig, not ''"),
        (["-i", "--backup", "/tmp/x", "x.txt"],
         "textfix: error: --backup needs a file name suffix such as .orig, not '/tmp/x'"),
        (["-i"], "textfix: error: -i needs FILE arguments and no -o"),
    ],
    ids=["unknown", "missing-value", "backup-without-i", "empty-suffix", "suffix-path",
         "in-place-stdin"],
)
def test_usage_errors(run: Textfix, argv: list[str], message: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv, FORUM.encode()) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == message


# --- a full disk ----------------------------------------------------------------------------


def test_disk_full_in_place(run: Textfix, notes: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    def full(fd: int, data: object) -> int:
        raise ENOSPC

    monkeypatch.setattr(os, "write", full)
    assert run(["-i", "--to", "simplified", str(notes)]) == (2, b"")
    monkeypatch.undo()
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: {notes}: cannot write: no space left on device")
    assert notes.read_bytes() == (DEBRIS * 3).encode()
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640
    assert entries(notes.parent) == ["notes.txt"]


def test_disk_full_after_a_partial_write(run: Textfix, notes: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # The disk fills up after some bytes are on it: still the whole old file, no temporary.
    real_write = os.write
    calls: list[int] = []

    def fills_up(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) > 1:
            raise ENOSPC
        return real_write(fd, bytes(data[:10]))

    monkeypatch.setattr(os, "write", fills_up)
    assert run(["-i", str(notes)]) == (2, b"")
    monkeypatch.undo()
    assert len(calls) == 2
    one_error_line(capsys.readouterr().err)
    assert notes.read_bytes() == (DEBRIS * 3).encode()
    assert entries(notes.parent) == ["notes.txt"]


def test_disk_full_output_keeps_old_output(run: Textfix, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.txt", DEBRIS)
    target = write(tmp_path / "out.txt", "上一次的结果\n")

    def full(fd: int, data: object) -> int:
        raise ENOSPC

    monkeypatch.setattr(os, "write", full)
    assert run([str(source), "-o", str(target)]) == (2, b"")
    monkeypatch.undo()
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: {target}: cannot write: no space left on device")
    assert target.read_bytes() == "上一次的结果\n".encode()
    assert entries(tmp_path) == ["in.txt", "out.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_as_output_in_process(run: Textfix, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.txt", DEBRIS)
    assert run([str(source), "-o", "/dev/full"]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == (
        "textfix: error: /dev/full: cannot write: no space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written through, never renamed over


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_process(tmp_path: Path) -> None:
    write(tmp_path / "in.txt", DEBRIS * 1000)
    done = run_process(["in.txt", "-o", "/dev/full"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, b"")
    assert one_error_line(done.stderr) == (
        "textfix: error: /dev/full: cannot write: no space left on device")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "textfix", "in.txt"], stdout=full,
                              stderr=subprocess.PIPE, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "textfix: error: stdout: cannot write: no space left on device")


def test_backup_copy_fails_on_full_disk(run: Textfix, notes: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    def full(source: object, target: object) -> None:
        raise ENOSPC

    monkeypatch.setattr(shutil, "copy2", full)
    assert run(["-i", "--backup", ".orig", str(notes)]) == (2, b"")
    one_error_line(capsys.readouterr().err)
    assert notes.read_bytes() == (DEBRIS * 3).encode()
    assert entries(notes.parent) == ["notes.txt"]


def test_read_only_folder_in_place(run: Textfix, notes: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert run(["-i", str(notes)]) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: {notes}: cannot write: permission denied")
    assert notes.read_bytes() == (DEBRIS * 3).encode()


# --- in place: mode, symlinks, backup -------------------------------------------------------


def test_backup_keeps_the_original(run: Textfix, notes: Path) -> None:
    os.utime(notes, (1_600_000_000, 1_600_000_000))
    assert run(["-i", "--backup", ".orig", "--to", "simplified", str(notes)]) == (0, b"")
    assert notes.read_bytes() == (SIMPLIFIED * 3).encode()
    backup = notes.with_name("notes.txt.orig")
    assert backup.read_bytes() == (DEBRIS * 3).encode()
    assert backup.stat().st_mtime == 1_600_000_000
    assert stat.S_IMODE(backup.stat().st_mode) == 0o640
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640
    assert entries(notes.parent) == ["notes.txt", "notes.txt.orig"]


def test_backup_replaces_an_older_backup(run: Textfix, notes: Path) -> None:
    write(notes.with_name("notes.txt~"), "很久以前的备份\n")
    assert run(["-i", "--backup", "~", str(notes)]) == (0, b"")
    assert notes.with_name("notes.txt~").read_bytes() == (DEBRIS * 3).encode()
    assert notes.read_bytes() == (REPAIRED * 3).encode()


def test_no_backup_of_an_unchanged_file(run: Textfix, tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.txt", FORUM)
    assert run(["-i", "--backup", ".orig", str(clean)]) == (0, b"")
    assert entries(tmp_path) == ["clean.txt"]


def test_in_place_follows_a_symlink(run: Textfix, notes: Path) -> None:
    link = notes.with_name("link.txt")
    link.symlink_to(notes.name)
    assert run(["-i", str(link)]) == (0, b"")
    assert link.is_symlink()
    assert notes.read_bytes() == (REPAIRED * 3).encode()
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640


def test_in_place_keeps_an_unusual_mode(run: Textfix, notes: Path) -> None:
    notes.chmod(0o604)
    assert run(["-i", str(notes)]) == (0, b"")
    assert stat.S_IMODE(notes.stat().st_mode) == 0o604


# --- real processes: pipe, Ctrl-C, kill -9 --------------------------------------------------


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # textfix big.txt | head -1: far more output than a pipe buffer holds, reader leaves early.
    big = write(tmp_path / "big.txt", DEBRIS * 40_000)  # 3.5 MB
    process = subprocess.Popen([sys.executable, "-m", "textfix", str(big)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == REPAIRED.encode()
    process.stdout.close()
    _, err = process.communicate(timeout=120)  # a hang fails here rather than stalling the run
    assert process.returncode == 0
    assert err == b""


def test_closed_pipe_through_head(tmp_path: Path) -> None:
    if shutil.which("head") is None:
        pytest.skip("needs head")
    write(tmp_path / "big.txt", DEBRIS * 40_000)
    done = subprocess.run(
        f"set -o pipefail; {sys.executable} -m textfix big.txt | head -1", shell=True,
        executable=shutil.which("bash") or "/bin/sh", capture_output=True, cwd=tmp_path,
        timeout=120, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, REPAIRED.encode(), b"")


@pytest.fixture
def paused() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes started from DRIVER; killed at the end if a test left one running."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def start_paused(argv: list[str], cwd: Path, started: list[subprocess.Popen[bytes]],
                 ready: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DRIVER_READY": "1" if ready else ""}
    process = subprocess.Popen([sys.executable, "-c", DRIVER, *argv], cwd=cwd, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    started.append(process)
    assert process.stdout is not None
    expected = b"READY\n" if ready else b"PAUSED\n"
    assert process.stdout.readline() == expected
    return process


def test_kill_mid_write_leaves_the_original_whole(run: Textfix,
        notes: Path, paused: list[subprocess.Popen[bytes]]) -> None:
    process = start_paused(["-i", "--to", "simplified", "notes.txt"], notes.parent, paused)
    temporaries = [name for name in entries(notes.parent) if name != "notes.txt"]
    assert len(temporaries) == 1 and re.fullmatch(r"\.notes\.txt\..+\.tmp", temporaries[0])
    # The new text is half on disk, in the temporary, at the moment of the kill.
    half = (SIMPLIFIED * 3).encode()[: len((SIMPLIFIED * 3).encode()) // 2]
    assert (notes.parent / temporaries[0]).read_bytes() == half
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL
    assert notes.read_bytes() == (DEBRIS * 3).encode()
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640
    # What a kill -9 leaves: the temporary, under a hidden name nothing reads (documented).
    assert entries(notes.parent) == [temporaries[0], "notes.txt"]
    # A later run is not disturbed by it.
    assert run(["-i", str(notes)]) == (0, b"")
    assert notes.read_bytes() == (REPAIRED * 3).encode()


def test_interrupt_mid_write_cleans_up(notes: Path,
                                       paused: list[subprocess.Popen[bytes]]) -> None:
    process = start_paused(["-i", "--backup", ".orig", "notes.txt"], notes.parent, paused)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert one_error_line(err) == "textfix: interrupted"
    assert notes.read_bytes() == (DEBRIS * 3).encode()
    assert entries(notes.parent) == ["notes.txt"]


def test_interrupt_while_reading_stdin(tmp_path: Path,
                                       paused: list[subprocess.Popen[bytes]]) -> None:
    # The command waits on a pipe that never ends (a stalled curl); Ctrl-C stops it.
    process = start_paused(["--to", "simplified"], tmp_path, paused, ready=True)
    assert process.stdin is not None
    process.stdin.write(DEBRIS.encode())
    process.stdin.flush()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=0.5)  # still reading: stdin is open
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (130, b"")
    assert one_error_line(err) == "textfix: interrupted"


def test_interrupt_output_file_keeps_old_content(tmp_path: Path,
                                                 paused: list[subprocess.Popen[bytes]]) -> None:
    write(tmp_path / "in.txt", DEBRIS)
    write(tmp_path / "out.txt", "上一次的结果\n")
    process = start_paused(["in.txt", "-o", "out.txt"], tmp_path, paused)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert one_error_line(err) == "textfix: interrupted"
    assert (tmp_path / "out.txt").read_bytes() == "上一次的结果\n".encode()
    assert entries(tmp_path) == ["in.txt", "out.txt"]


# --- the rules between options (issue 15) ---------------------------------------------------


@pytest.mark.parametrize("label", ["klingon", "text/html; charset=klingon", "utf-9"])
def test_unknown_charset_is_one_line_and_exit_2(run: Textfix, label: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    name = label.split("=")[-1]
    assert run(["--encoding", label], "今天天气很好\n".encode()) == (2, b"")
    assert one_error_line(capsys.readouterr().err) == (
        f"textfix: error: --encoding: unknown charset {name!r}")


@pytest.mark.parametrize("label", ["gb2312", "GBK", "big5", "text/html; charset=gbk",
                                   "text/html", "latin-1"])
def test_known_charsets_are_accepted(run: Textfix, label: str) -> None:
    news = "国务院今天在北京召开常务会议\n"
    assert run(["--encoding", label], news.encode("gbk")) == (0, news.encode())


@pytest.mark.parametrize("mode", [["--detect"], ["--check"], ["--detect", "--summary"]])
def test_modes_that_change_nothing_walk_directories(run: Textfix, tmp_path: Path,
                                                    mode: list[str]) -> None:
    (tmp_path / "news").mkdir()
    write(tmp_path / "news" / "a.txt", "衡陽市僑聯(lián)召開工作會議\n")
    write(tmp_path / "b.txt", "今天天气很好，我们去公园散步吧。\n")
    status, out = run([*mode, str(tmp_path)])
    if mode == ["--detect"]:
        files = [json.loads(line)["file"] for line in out.decode().splitlines()]
        assert (status, files) == (0, [str(tmp_path / "b.txt"), str(tmp_path / "news" / "a.txt")])
    elif mode == ["--check"]:
        assert status == 1
    else:
        assert status == 0 and b"2 documents" in out


def test_summary_implies_detect(run: Textfix, tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", "今天天气很好\n")
    assert run(["--summary", str(source)]) == run(["--detect", "--summary", str(source)])
    assert "implies --detect" in cli.build_parser().format_help()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    # Issue 15: -o and --summary-html created owner-only files (mkstemp's 0600) whatever the
    # umask; a new file must get what `>` would give it.
    source = write(tmp_path / "news.txt", "衡陽市僑聯(lián)召開工作會議\n")
    records = write(tmp_path / "crawl.jsonl", '{"text": "衡陽市僑聯(lián)"}\n')
    runs = {
        "out.txt": ["-o", str(tmp_path / "out.txt"), str(source)],
        "audit.html": ["--summary-html", str(tmp_path / "audit.html"), str(source)],
        "out.jsonl": ["--jsonl", "--field", "text", "-o", str(tmp_path / "out.jsonl"),
                      str(records)],
    }
    for name, argv in runs.items():
        done = subprocess.run([sys.executable, "-m", "textfix", *argv], capture_output=True,
                              umask=umask, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name
