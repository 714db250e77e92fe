"""Generate src/textfix/data/classical_chars.tsv and classical_pairs.tsv from classical poetry.

    python tools/generate_classical.py --repo PATH   # a clone of chinese-poetry/chinese-poetry

Source: the 全唐诗 and 全宋诗 collections of ``chinese-poetry/chinese-poetry`` (MIT license),
``全唐诗/poet.tang.*.json`` and ``全唐诗/poet.song.*.json`` (57,607 and 254,248 poems, stored in
traditional script) at the commit pinned here (``COMMIT``), read from the clone with ``git
archive``, so any clone holding that commit gives the same table. Every character of every line
of every poem is counted; a character is also counted in OpenCC's ``t2s`` conversion of the
poems, and keeps the larger of its two counts: simplified text (聞 is 闻 there) is judged as
traditional text is, and a character both scripts write (于, which t2s makes of 於 too) keeps the
count it has in simplified text.

The jieba counts that ``char_frequency.tsv`` holds are modern Chinese: they rate 聯 far above 聞
and 頂 above 頁, where a Tang poem writes 聞 twenty times for each 聯. ``ftfy_undo`` reads this
table where ftfy's change leaves several byte choices that make the same line (聞 and 聯 are
C2 84 and C2 93, both a straightened quote).

``classical_pairs.tsv`` holds, for every two Han characters side by side in a line of a poem
seen PAIR_MIN_COUNT times or more, its pointwise mutual information in bits where that is
PAIR_MIN_BITS or more (how much more often the pair occurs than its characters alone predict:
灼灼 13.2, 莫道 4.2), keyed by simplified form as ``char_pairs.tsv`` is (``traditional_chars.tsv``
maps a traditional character to its key).

Only characters counted MIN_COUNT times or more are written. Running the script again with the
pinned source and the pinned OpenCC (tools/requirements.txt) reproduces the file byte for byte
but for the date.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import opencc

from textfix.data import traditional_chars

REPOSITORY = "chinese-poetry/chinese-poetry"
COMMIT = "99ebbef7e1345c0985c44b9fd96a3f9e776f117b"
FOLDER = "全唐诗"
COLLECTIONS = (("poet.tang.", "全唐诗"), ("poet.song.", "全宋诗"))
# A character seen fewer times than this is left to the table's floor (rarer than any listed).
MIN_COUNT = 3
PAIR_MIN_COUNT = 50
PAIR_MIN_BITS = 0.05  # rounds to at least 0.1
DATA = Path(__file__).resolve().parent.parent / "src" / "textfix" / "data"


def poems(repo: Path) -> Iterator[tuple[str, list[str]]]:
    """(the collection's name, the poem's lines) of every poem of COLLECTIONS at COMMIT, in the
    order of the archive."""
    archive = subprocess.Popen(
        ["git", f"--git-dir={git_dir(repo)}", "archive", "--format=tar", COMMIT, FOLDER],
        stdout=subprocess.PIPE)
    assert archive.stdout is not None
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        for member in tar:
            name = member.name.rpartition("/")[2]
            collection = next((title for prefix, title in COLLECTIONS
                               if member.name == f"{FOLDER}/{name}" and name.startswith(prefix)
                               and name.endswith(".json")), None)
            if collection is None:
                continue
            data = tar.extractfile(member)
            assert data is not None
            for poem in json.loads(data.read().decode("utf-8")):
                yield collection, poem["paragraphs"]
    if archive.wait() != 0:
        raise SystemExit(f"git archive {COMMIT} failed in {repo}")


def git_dir(repo: Path) -> Path:
    """The git directory of a clone (bare or not, or a worktree's)."""
    found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--absolute-git-dir"],
                           capture_output=True, text=True, check=True).stdout.strip()
    return Path(found)


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


@dataclass(slots=True)
class Counts:
    chars: Counter[str]  # every character, the larger of its two counts
    keyed: Counter[str]  # every Han character by its key (its simplified form)
    pairs: Counter[str]  # every two Han characters side by side in a line, by their keys
    poems: Counter[str]  # poems per collection


def count(repo: Path) -> Counts:
    original: Counter[str] = Counter()
    converted: Counter[str] = Counter()
    found = Counts(Counter(), Counter(), Counter(), Counter())
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    keys = {ord(traditional): simplified for traditional, simplified in
            traditional_chars().items() if len(traditional) == len(simplified) == 1}
    for collection, lines in poems(repo):
        found.poems[collection] += 1
        text = "\n".join(lines)
        original.update(text)
        converted.update(t2s.convert(text))
        keyed = text.translate(keys)
        found.keyed.update(filter(is_han, keyed))
        found.pairs.update(first + second for first, second in itertools.pairwise(keyed)
                           if is_han(first) and is_han(second))
    merged = Counter({char: max(number, converted.get(char, 0))
                      for char, number in original.items()})
    merged.update({char: number for char, number in converted.items() if char not in original})
    found.chars = Counter({char: number for char, number in merged.items()
                           if not char.isascii() and char.isprintable()})
    return found


def pair_bits(found: Counts) -> dict[str, float]:
    """{pair: PMI in bits, rounded to 0.1} of the pairs seen PAIR_MIN_COUNT times or more whose
    PMI is PAIR_MIN_BITS or more."""
    chars, pairs = sum(found.keyed.values()), sum(found.pairs.values())
    table = {}
    for pair, number in found.pairs.items():
        if number >= PAIR_MIN_COUNT:
            expected = found.keyed[pair[0]] / chars * found.keyed[pair[1]] / chars
            bits = math.log2(number / pairs / expected)
            if bits >= PAIR_MIN_BITS:
                table[pair] = round(bits, 1)
    return table


def header(what: str, found: Counts, more: str) -> str:
    poems_read = ", ".join(f"{title} {number:,} poems" for title, number in found.poems.items())
    return (
        f"# {what}\n"
        "# Generated by tools/generate_classical.py; do not edit. Regenerate with that script.\n"
        f"# Sources: {REPOSITORY} {COMMIT} (MIT license), {FOLDER}/poet.tang.*.json and"
        f" poet.song.*.json ({poems_read}); {more}\n"
        f"# Generated on {datetime.date.today().isoformat()}"
        f" with Python {sys.version.split()[0]}.\n")


def write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"wrote {path} ({len(text.encode()):,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True,
                        help=f"a clone of {REPOSITORY} holding commit {COMMIT[:8]}")
    parser.add_argument("--out", type=Path, default=DATA, help="the folder written to")
    args = parser.parse_args(argv)
    found = count(args.repo)
    kept = sorted(((char, number) for char, number in found.chars.items()
                   if number >= MIN_COUNT), key=lambda item: (-item[1], item[0]))
    write(args.out / "classical_chars.tsv", header(
        "Character counts in classical poetry (the larger of the poems' count and that of"
        " their OpenCC t2s conversion)", found,
        f"OpenCC {opencc.__version__} t2s; characters seen {MIN_COUNT}+ times")
        + "".join(f"{char}\t{number}\n" for char, number in kept))
    groups: dict[float, list[str]] = {}
    for pair, bits in pair_bits(found).items():
        groups.setdefault(bits, []).append(pair)
    write(args.out / "classical_pairs.tsv", header(
        "Pairs of Han characters side by side in classical poetry and their pointwise mutual"
        f" information in bits (pairs seen {PAIR_MIN_COUNT}+ times, keyed by simplified form)",
        found, "keys: data/traditional_chars.tsv")
        + "# One line per value: the bits, a tab, then every pair with that value, run together.\n"
        + "".join(f"{bits}\t{''.join(sorted(pairs))}\n"
                  for bits, pairs in sorted(groups.items(), reverse=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
