"""-j/--jobs: worker processes with ordered output and bounded look-ahead; --progress; --stats."""

from __future__ import annotations

import functools
import io
import multiprocessing
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from textfix import parallel, progress

if TYPE_CHECKING:
    from conftest import Textfix

NEWS = "美國總統今天發(fā)表講話，呼籲國會通過預算案\n"
NEWS_FIXED = "美國總統今天發表講話，呼籲國會通過預算案\n"
FORUM = "楼主说得对，我也这么觉得\n".encode().decode("cp1252")
FORUM_FIXED = "楼主说得对，我也这么觉得\n"
CLEAN = "今天天气很好，我们去公园散步吧。\n"
GBK = "国务院总理朱镕基今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。\n"


def test_ordered_map_keeps_order_on_processes() -> None:
    items = list(range(200))
    assert list(parallel.ordered_map(functools.partial(pow, 3), items, 2)) == [
        3 ** item for item in items]


def test_ordered_map_in_process_for_one_job() -> None:
    assert list(parallel.ordered_map(str.upper, ["衡陽", "abc"], 1)) == ["衡陽", "ABC"]


def test_ordered_map_reads_ahead_a_bounded_amount() -> None:
    consumed = 0

    def items() -> Iterator[int]:
        nonlocal consumed
        for item in range(10_000):
            consumed += 1
            yield item

    results = parallel.ordered_map(abs, items(), 2)
    assert next(results) == 0
    # The first result comes back while at most jobs * INFLIGHT_PER_JOB (+1) are read.
    assert consumed <= 2 * parallel.INFLIGHT_PER_JOB + 1
    assert sum(results) == sum(range(10_000))
    assert consumed == 10_000


def test_ordered_map_raises_the_workers_error_in_order() -> None:
    results = parallel.ordered_map(int, ["1", "2", "x", "4"], 2)
    assert [next(results), next(results)] == [1, 2]
    with pytest.raises(ValueError, match="invalid literal"):
        next(results)


def test_consumer_that_stops_early_stops_the_workers() -> None:
    results = parallel.ordered_map(abs, range(10_000), 2)
    assert next(results) == 0
    results.close()  # textfix big.txt | head -1: the reader went away
    assert multiprocessing.active_children() == []


class _StuckPool:
    """A pool whose ``terminate`` never returns, as CPython's can when a worker dies holding a
    queue lock."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def terminate(self) -> None:
        self.release.wait()

    def join(self) -> None:
        pass


def test_a_pool_stuck_in_terminate_has_its_workers_killed(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(parallel, "_STOP_SECONDS", 0.2)
    worker = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,),
                                                          daemon=True)
    worker.start()
    pool = _StuckPool()
    try:
        parallel._stop(pool)  # type: ignore[arg-type]
        worker.join(10)
        assert not worker.is_alive()
    finally:
        pool.release.set()


def test_resolve_jobs() -> None:
    assert parallel.resolve_jobs(None) == parallel.available_cores() >= 1
    assert parallel.resolve_jobs(0) == parallel.available_cores()
    assert parallel.resolve_jobs(3) == 3
    with pytest.raises(ValueError):
        parallel.resolve_jobs(-1)


def test_peek_small_and_large() -> None:
    head, complete, rest = parallel.peek(iter([b"ab", b"cd"]), 10, len)
    assert (head, complete, list(rest)) == ([b"ab", b"cd"], True, [b"ab", b"cd"])
    head, complete, rest = parallel.peek(iter([b"abc"] * 5), 4, len)
    assert (len(head), complete, list(rest)) == (2, False, [b"abc"] * 5)


def write_inputs(folder: Path) -> tuple[list[str], bytes]:
    """Files of every kind (one missing), and the output textfix must give for them."""
    texts = [NEWS, FORUM, CLEAN, NEWS * 3, CLEAN + FORUM]
    names = []
    for number, text in enumerate(texts):
        path = folder / f"{number}.txt"
        path.write_text(text, encoding="utf-8")
        names.append(str(path))
    gbk = folder / "gbk.txt"
    gbk.write_bytes(GBK.encode("gbk"))
    names.insert(2, str(gbk))
    names.insert(4, str(folder / "missing.txt"))
    expected = (NEWS_FIXED + FORUM_FIXED + GBK + CLEAN + NEWS_FIXED * 3 + CLEAN
                + FORUM_FIXED).encode()
    return names, expected


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_on_workers_in_order(run: Textfix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)  # a pool even for small files
    names, expected = write_inputs(tmp_path)
    assert run(["-j", jobs, *names]) == (2, expected)
    assert capsys.readouterr().err == f"textfix: error: {tmp_path}/missing.txt: no such file\n"


def test_check_and_in_place_on_workers(run: Textfix, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    names, _ = write_inputs(tmp_path)
    present = [name for name in names if "missing" not in name]
    assert run(["-j", "2", "--check", *present]) == (1, b"")
    would = capsys.readouterr().err.splitlines()
    # Every file but the clean UTF-8 one (GBK bytes become UTF-8).
    assert would == [f"would fix {name}" for name in present if not name.endswith("2.txt")]
    assert run(["-j", "2", "-i", *present]) == (0, b"")
    assert Path(present[0]).read_text(encoding="utf-8") == NEWS_FIXED
    assert Path(present[2]).read_bytes() == GBK.encode("utf-8")  # -i writes UTF-8
    assert run(["-j", "2", "--check", *present]) == (0, b"")


def test_stats_line_for_files(run: Textfix, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "a.txt"
    first.write_text(NEWS + "鱼&amp;熊掌不可兼得\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text(CLEAN, encoding="utf-8")
    size = first.stat().st_size + second.stat().st_size
    status, _ = run(["--stats", "--to", "simplified", str(first), str(second)])
    assert status == 0
    line = capsys.readouterr().err
    assert line.startswith(f"textfix: 2 documents, {size} B, 1 changed "
                           "(annotations 1, html 1, script 5), "), line


def test_bad_jobs_is_a_usage_error(run: Textfix, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-j", "-2"]) == (2, b"")
    assert capsys.readouterr().err == (
        "textfix: error: -j/--jobs needs 0 (all cores) or more, not -2\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_fallback_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    stream = Terminal()
    bar = progress.Progress(3000, progress.show_progress(None, stream), stream)
    bar.update(1500)
    assert stream.getvalue().startswith("\rtextfix: 1.5 kB of 3.0 kB (50%), ")
    bar.close()
    assert stream.getvalue().endswith("\r")
    assert stream.getvalue().split("\r")[-2].strip() == ""  # the line is wiped


def test_progress_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    assert progress.show_progress(None, stream) is False
    assert progress.show_progress(True, stream) is True
    bar = progress.Progress(100, False, stream)
    bar.update(100)
    bar.close()
    assert stream.getvalue() == ""


def test_piped_run_prints_no_progress(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_text((NEWS + CLEAN) * 20_000, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "textfix", str(source)], capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout == ((NEWS_FIXED + CLEAN) * 20_000).encode()


def test_progress_with_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm", reason="tqdm is optional (the progress extra)")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = Terminal()
    bar = progress.Progress(3000, True, stream)
    bar.update(1500)
    bar.close()
    drawn = stream.getvalue()
    assert drawn.startswith("\rtextfix:") and "/3.00k" in drawn  # tqdm's bar, in bytes
    assert drawn.endswith("\r") and drawn.split("\r")[-2].strip() == ""  # wiped at the end
