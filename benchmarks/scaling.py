"""Throughput from 1 to 2 workers: the CLI's -j and a local Dask cluster, in the same run.

    python benchmarks/scaling.py [--corpus PATH] [--quick] [--times N] [--repeat N] [--json FILE]

Workload: the development corpus as JSON Lines (one record per paragraph, both scripts and
English; ``--times`` copies of it, 2 by default, so a run lasts seconds and not the start-up),
repaired and converted to simplified (``--to simplified``): the CPU-heavy everyday job.
Subjects, each the best of ``--repeat`` runs (the run least disturbed by the rest of the machine):

- anchor: raw OpenCC ``t2s`` over the same texts in this process, on one core;
- ``textfix --jsonl --field text --to simplified -j N`` as a subprocess, wall clock (start-up,
  reading, writing included), N = 1 and 2, with the CPU seconds it used (its workers included):
  their growth from 1 to 2 is the cost of the pool, whatever else the machine is doing;
- ``fix_bag(bag, to="simplified")`` on a Dask ``LocalCluster`` of N worker processes with one
  thread each (cluster start-up excluded, one warm-up compute first), N = 1 and 2.

Figures are ratios: 2 workers against 1 of the same subject, and each against the anchor.
Without the dask extra the Dask rows are left out and the reason printed.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import opencc
from common import REPO, argument_parser

EXAMPLE = REPO / "examples" / "page.txt"
DASK_FILES = 16


def load_texts(corpus: Path, quick: bool, times: int) -> tuple[list[str], str]:
    """The corpus paragraphs (every fourth with --quick), or the example page's lines repeated
    when the corpus is not there (a clean clone has no ../shared)."""
    if corpus.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines]
        source = str(corpus)
    else:
        lines_ = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line]
        texts = lines_ * (40_000 // max(len(lines_), 1))
        source = f"{EXAMPLE} repeated (no corpus at {corpus})"
    return (texts[::4] if quick else texts) * times, source


def best(run: Callable[[], float], repeat: int) -> float:
    return min(run() for _ in range(repeat))


def time_opencc(texts: list[str]) -> float:
    convert = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False).convert
    start = time.perf_counter()
    for text in texts:
        convert(text)
    return time.perf_counter() - start


def time_fix(texts: list[str]) -> float:
    import textfix

    config = textfix.Config(to="simplified")
    textfix.fix(texts[0], config=config)  # the converters are built outside the clock
    start = time.perf_counter()
    for text in texts:
        textfix.fix(text, config=config)
    return time.perf_counter() - start


def cli_command(path: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "textfix", "--jsonl", "--field", "text", "--to", "simplified",
            "-j", str(jobs), str(path)]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cli(path: Path, jobs: int, expected: bytes | None) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds, output) of one CLI run."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cli_command(path, jobs), capture_output=True, check=True)
    elapsed = time.perf_counter() - start
    if expected is not None and done.stdout != expected:
        raise SystemExit(f"-j {jobs} output differs from -j 1")
    return elapsed, _children_cpu() - cpu, done.stdout


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_dask(files: list[Path], workers: int, repeat: int) -> tuple[float, float] | str:
    """(best seconds, CPU seconds of the workers in that run) for reading the JSONL files,
    repairing and converting every text and summing the lengths, all on ``workers`` worker
    processes; or why it could not run. The data never goes through the client."""
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster

        from textfix.integrations.dask import fix_bag
    except ImportError as error:
        return f"not measured: {error.name} is not installed (pip install -e '.[dask]')"
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    with cluster, Client(cluster) as client:
        texts = db.read_text([str(f) for f in files]).map(json.loads).pluck("text")
        total = fix_bag(texts, to="simplified").map(len).sum()
        total.compute()  # warm-up: every worker imports textfix and builds its converters

        def once() -> tuple[float, float]:
            cpu = sum(client.run(_process_cpu).values())
            start = time.perf_counter()
            total.compute()
            elapsed = time.perf_counter() - start
            return elapsed, sum(client.run(_process_cpu).values()) - cpu

        return min(once() for _ in range(repeat))


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
                    encoding="utf-8")
    return path


def measure_cli(folder: Path, texts: list[str], repeat: int) -> dict[int, tuple[float, float]]:
    """-j 1 and -j 2: best (wall, CPU) seconds of each, their outputs checked equal."""
    path = write_jsonl(folder / "corpus.jsonl", texts)
    _, _, expected = time_cli(path, 1, None)  # also warms the file cache
    return {jobs: min(time_cli(path, jobs, expected)[:2] for _ in range(repeat))
            for jobs in (1, 2)}


def measure_dask(folder: Path, texts: list[str], repeat: int
                 ) -> tuple[tuple[float, float], tuple[float, float]] | str:
    # The same files, so the same partitions, for 1 and 2 workers.
    files = [write_jsonl(folder / f"part-{part:02}.jsonl", texts[part::DASK_FILES])
             for part in range(DASK_FILES)]
    one = time_dask(files, 1, repeat)
    if isinstance(one, str):
        return one
    two = time_dask(files, 2, repeat)
    return two if isinstance(two, str) else (one, two)


def main(argv: list[str] | None = None) -> int:
    parser = argument_parser(__doc__, corpus=True, json=True)
    parser.add_argument("--quick", action="store_true", help="a quarter of the corpus")
    parser.add_argument("--times", type=int, default=2, help="copies of the corpus (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args(argv)
    texts, source = load_texts(args.corpus, args.quick, args.times)
    chars = sum(map(len, texts))
    command = "python benchmarks/scaling.py" + "".join(
        f" {shlex.quote(a)}" for a in (argv if argv is not None else sys.argv[1:]))
    print(f"$ {command}")
    print(f"{len(texts):,} texts, {chars / 1e6:.2f} Mchar, from {source}")
    print(f"{os.cpu_count()} cores; load average before: "
          + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    figures: dict[str, object] = {"command": command, "texts": len(texts), "chars": chars,
                                  "load_before": os.getloadavg()}

    anchor = best(lambda: time_opencc(texts), args.repeat)
    in_process = best(lambda: time_fix(texts), args.repeat)
    figures.update(opencc_t2s_s=anchor, fix_in_process_s=in_process)
    with tempfile.TemporaryDirectory() as folder:
        runs = measure_cli(Path(folder), texts, args.repeat)
        dask_runs = measure_dask(Path(folder), texts, args.repeat)
    (one, one_cpu), (two, two_cpu) = runs[1], runs[2]
    figures.update(cli_j1_s=one, cli_j2_s=two, cli_j1_cpu_s=one_cpu, cli_j2_cpu_s=two_cpu)
    rate = chars / 1e6
    print()
    print(f"{'subject':<52} {'seconds':>8} {'Mchar/s':>8} {'vs t2s':>7} {'CPU s':>6}")
    print(f"{'raw OpenCC t2s, 1 core (anchor)':<52} {anchor:8.2f} {rate / anchor:8.2f} "
          f"{1:7.2f}")
    print(f"{'textfix.fix(x, to=simplified), in this process':<52} {in_process:8.2f} "
          f"{rate / in_process:8.2f} {anchor / in_process:7.2f}")
    for jobs, seconds, cpu in ((1, one, one_cpu), (2, two, two_cpu)):
        name = "textfix " + " ".join(cli_command(Path("FILE"), jobs)[3:])
        print(f"{name:<52} {seconds:8.2f} {rate / seconds:8.2f} {anchor / seconds:7.2f} "
              f"{cpu:6.2f}")
    print(f"CLI speed-up from -j 1 to -j 2: {one / two:.2f}x (CPU used: {two_cpu / one_cpu:.2f}x)")
    figures["cli_speedup"] = one / two
    if isinstance(dask_runs, str):
        print(f"Dask: {dask_runs}")
    else:
        (d_one, d_one_cpu), (d_two, d_two_cpu) = dask_runs
        for workers, seconds, cpu in ((1, d_one, d_one_cpu), (2, d_two, d_two_cpu)):
            name = f"Dask read+fix_bag+sum, {workers} worker{'s' if workers > 1 else ''}"
            print(f"{name:<52} {seconds:8.2f} {rate / seconds:8.2f} {anchor / seconds:7.2f} "
                  f"{cpu:6.2f}")
        print(f"Dask speed-up from 1 to 2 workers: {d_one / d_two:.2f}x "
              f"(CPU used: {d_two_cpu / d_one_cpu:.2f}x)")
        figures.update(dask_1_s=d_one, dask_2_s=d_two, dask_1_cpu_s=d_one_cpu,
                       dask_2_cpu_s=d_two_cpu, dask_speedup=d_one / d_two)
    figures["load_after"] = os.getloadavg()
    print("load average after: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
