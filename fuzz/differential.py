"""The Rust core against the Python reference through the whole pipeline: the same text and the
same steps for every input (and the same text from ``fix``, which takes a path of its own), with
lost bytes marked (the default) and guessed (lossy="guess"), or a report of the first input
where they differ.

    python fuzz/differential.py corpus [--documents]    # every paragraph of ../shared/corpus
    python fuzz/differential.py random --count 1000000 [--seed N]

The implementation is chosen when textfix is imported (``TEXTFIX_IMPLEMENTATION``), so each runs
in a process of its own: this process starts one worker per implementation and sends both the
same inputs, in batches, as JSON lines. ``random`` draws strings from pieces that wake every
layer (mojibake of each chain, debris, references, damage, invisibles) and from any code point,
lone surrogates and astral characters included, with a target script now and then. Exit status
1 and the input on stderr where the two differ.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BATCH = 500
PROGRESS = 50_000  # inputs between two progress lines on stderr
DOCUMENT_BYTES = 32_000
TARGETS = [None] * 6 + ["simplified", "traditional", "tw", "hk", "auto"]
PIECES = [
    "浣犲ソ涓栫晫", "ÄãºÃÊÀ½ç", "ä½ å¥½", "笢恅", "鍒嗛厤", "锟斤拷", "烫烫烫烫", "\ufffd", "?",
    "僑聯(lián)", "联(lian2)", "ㄌㄧㄢˊ", "(", ")", "&nbsp;", "&#20013;", "&amp;", "<p>", "\u200b",
    "\u2f08", "\uf900", "e\u0301", "\x85", "\x81", "\u00a0", "\u3000", "Ａ", "，", "。", "\n",
    "\r\n", " ", "中文", "軟體", "软件", "テキスト", "®©", "°±", "€", "😀", "𠀀", "\ud800",
    "\udfff", "\uffff", "\ue000", "Привет", "café", "iPhoneºÍiPad", "Linux »ò Windows",
    "杩欐槸涓\ufffd涓\ufffd娴嬭瘯", "6999鍏\ufffd 杩", "鉁\ufffd 鈽\ufffd", "妤间富鑰?槸",
    "ä¸ ", "Â ",
]
LOSSY_MODES = ("mark", "guess")


def worker() -> None:
    """Fix each JSON line of stdin ({"text", "to"}), writing the result and steps as JSON."""
    import textfix

    for line in sys.stdin:
        item = json.loads(line)
        answer = []
        for lossy in LOSSY_MODES:  # lost bytes marked (the default) and guessed
            result = textfix.fix_and_explain(item["text"], to=item["to"], lossy=lossy)
            answer += [result.text, [step.to_dict() for step in result.steps]]
            # fix() takes its own path (one look for the scan and the script marks)
            answer.append(textfix.fix(item["text"], to=item["to"], lossy=lossy))
        print(json.dumps(answer), flush=True)


def start(implementation: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TEXTFIX_IMPLEMENTATION": implementation, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, __file__, "--worker"], env=env, text=True,
                            encoding="utf-8", stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def compare(items: Iterable[tuple[str, str | None]]) -> int:
    """Send ``items`` to both workers; the number compared (SystemExit on the first difference)."""
    workers = {name: start(name) for name in ("rust", "python")}
    count = 0
    iterator = iter(items)
    try:
        while batch := list(islice(iterator, BATCH)):
            lines = "".join(json.dumps({"text": text, "to": to}) + "\n" for text, to in batch)
            # Written from threads: a worker's answers fill its pipe while its input still comes.
            writers = [threading.Thread(target=_send, args=(process, lines))
                       for process in workers.values()]
            for writer in writers:
                writer.start()
            answers = {name: [process.stdout.readline() for _ in batch]  # type: ignore[union-attr]
                       for name, process in workers.items()}
            for writer in writers:
                writer.join()
            for name, process in workers.items():
                if "" in answers[name]:  # end of its output: the worker is gone
                    sys.exit(f"the {name} worker stopped (exit status {process.wait()}) "
                             f"in the batch after {count:,} inputs")
            for (text, to), rust, python in zip(batch, answers["rust"], answers["python"],
                                                strict=True):
                if not rust or rust != python:
                    sys.exit(f"differ on {text!r} (to={to!r}):\n  rust   {rust.strip()}\n"
                             f"  python {python.strip()}")
            count += len(batch)
            if count % PROGRESS == 0:
                print(f"{count:,} inputs the same so far", file=sys.stderr, flush=True)
    finally:
        for process in workers.values():
            if process.stdin is not None:
                process.stdin.close()
            process.wait()
    return count


def _send(process: subprocess.Popen[str], lines: str) -> None:
    assert process.stdin is not None
    process.stdin.write(lines)
    process.stdin.flush()


def corpus_items(documents: bool) -> Iterator[tuple[str, str | None]]:
    paths = sorted(CORPUS.glob("*.jsonl.gz"))
    if not paths:
        sys.exit(f"no corpus in {CORPUS}: nothing to compare")
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            paragraphs = [json.loads(line)["text"] for line in lines]
        for text in paragraphs:
            yield text, None
        if documents:
            yield from ((document, to) for document in _documents(paragraphs)
                        for to in (None, "simplified"))


def _documents(paragraphs: list[str]) -> Iterator[str]:
    """Paragraphs joined by newlines into documents of about DOCUMENT_BYTES of UTF-8."""
    document: list[str] = []
    size = 0
    for text in paragraphs:
        document.append(text)
        size += len(text.encode("utf-8", "surrogatepass")) + 1
        if size >= DOCUMENT_BYTES:
            yield "\n".join(document)
            document, size = [], 0
    if document:
        yield "\n".join(document)


def random_items(count: int, seed: int) -> Iterator[tuple[str, str | None]]:
    chooser = random.Random(seed)
    for _ in range(count):
        pieces = []
        for _ in range(chooser.randrange(1, 16)):
            if chooser.random() < 0.7:
                pieces.append(chooser.choice(PIECES))
            else:
                pieces.append(chr(chooser.choice((chooser.randrange(0x20, 0x3000),
                                                  chooser.randrange(0x3000, 0x110000)))))
        yield "".join(pieces), chooser.choice(TARGETS)


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:] == ["--worker"]:
        worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    corpus = modes.add_parser("corpus", help="every paragraph of ../shared/corpus")
    corpus.add_argument("--documents", action="store_true",
                        help="and whole documents of about 32 KB, with and without conversion")
    fuzzed = modes.add_parser("random", help="strings drawn from pieces and any code point")
    fuzzed.add_argument("--count", type=int, default=100_000)
    fuzzed.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.mode == "corpus":
        count = compare(corpus_items(args.documents))
    else:
        count = compare(random_items(args.count, args.seed))
    print(f"{count:,} inputs: the same text and steps from the core and the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
