"""False positives on clean text with Western symbols in it: lines a product page, a price list
or a data sheet has (``Pro®``, ``25°±2°C``, ``€1,299``, ``«café»``, ``Привет¤``), which the dev
corpus (manual pages) seldom has.

    python benchmarks/clean_symbols.py [--lines 20000] [--seed 1]

Each line joins 2-7 pieces: words of Chinese (both scripts), English, French, German, Polish,
Russian, Ukrainian, Greek, Japanese, Korean, Vietnamese, Thai, Arabic and Hebrew, emoji,
figures, and those words and figures with the symbols they take (trademarks, degrees,
plus-minus, currencies, section signs, guillemets and curly quotes, dashes, middle dots, units),
with a space, nothing, or a Chinese or Western comma between. None is
mojibake: every line should come back unchanged. The line counts as changed by textfix
(``textfix.fix``, defaults), ftfy (textfix's CJK-safe options) and the mojibake benchmark's brute
force, in the same run.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import ftfy

import textfix

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import argument_parser
from mojibake_accuracy import FTFY_CONFIG, brute_force

CHINESE = ("温度", "测量", "价格", "商标", "注册", "版权所有", "今天", "我们", "手机", "电脑",
           "新闻", "公司", "北京", "市场", "数据", "產品", "價格", "網路", "臺灣", "軟體", "华为",
           "小米", "苹果")
WESTERN = ("Copyright", "price", "Temperature", "model", "size", "Acme", "Pro", "version",
           "file", "page", "über", "café", "naïve", "São", "Zürich", "Łódź", "résumé",
           "Pokémon", "Ångström", "Crème brûlée", "Muñoz")
ALPHABETS = ("Привет", "мир", "цена", "товар", "доставка", "Москва", "енергії", "дії", "Ελλάδα",
             "θερμοκρασία", "Αθήνα")
OTHER_SCRIPTS = ("これは", "日本語", "テキスト", "ありがとう", "東京都", "한국어", "안녕하세요",
                 "서울", "Tiếng Việt", "Hà Nội", "ภาษาไทย", "สวัสดี", "العربية", "مرحبا", "עברית",
                 "שלום",
                 "😀", "🎉", "👍🏻", "❤️", "Straße", "œuvre", "Ölpreis", "İstanbul", "ğüşiöç")
FIGURES = ("25", "100", "2024", "3.5", "12", "0.5", "1,299")


def pieces(rng: random.Random, western: tuple[str, ...] = WESTERN) -> list[Callable[[], str]]:
    def word() -> str:
        draw = rng.random()
        return rng.choice(CHINESE if draw < 0.4 else western if draw < 0.65 else ALPHABETS
                          if draw < 0.8 else OTHER_SCRIPTS)

    def figure() -> str:
        return rng.choice(FIGURES)

    return [
        lambda: word() + "®", lambda: word() + "™", lambda: word() + "©", lambda: word() + "®©",
        lambda: figure() + "°C", lambda: figure() + "°", lambda: figure() + "±" + figure(),
        lambda: figure() + "°±" + figure(), lambda: "±" + figure() + "°",
        lambda: "€" + figure(), lambda: "£" + figure(), lambda: "¥" + figure(),
        lambda: figure() + " €", lambda: "§" + figure(), lambda: "© " + figure(),
        lambda: "©" + figure(), lambda: "«" + word() + "»", lambda: "“" + word() + "”",
        lambda: "‘" + word() + "’", lambda: word() + "…", lambda: word() + " – " + word(),
        lambda: word() + "—" + word(), lambda: word() + "·" + word(),
        lambda: figure() + "×" + figure(), lambda: figure() + "½", lambda: figure() + "µm",
        lambda: figure() + "²", lambda: figure() + "m³", lambda: "¿" + word() + "?",
        lambda: "¡" + word() + "!", word, word, figure,
    ]


def lines(count: int, seed: int, most: int = 7, western: tuple[str, ...] = WESTERN
          ) -> list[str]:
    """``count`` lines of 2 to ``most`` pieces (1 to 2 where ``most`` is 2: a title, a table
    cell), their Western words drawn from ``western``."""
    rng = random.Random(seed)
    forms = pieces(rng, western)
    made = []
    for _ in range(count):
        parts = [rng.choice(forms)() for _ in range(rng.randint(min(2, most - 1), most))]
        made.append(rng.choice([" ", "", " ", "，", ", ", "、"]).join(parts))
    return made


def main() -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=10, help="changed lines shown per tool")
    args = parser.parse_args()
    clean = lines(args.lines, args.seed)
    tools: dict[str, Callable[[str], str]] = {
        "textfix": textfix.fix, "ftfy": lambda text: ftfy.fix_text(text, config=FTFY_CONFIG),
        "brute": brute_force}
    print(f"python benchmarks/clean_symbols.py --lines {args.lines} --seed {args.seed}")
    for name, tool in tools.items():
        changed = [(line, out) for line in clean if (out := tool(line)) != line]
        print(f"{name:<8} changed {len(changed):>6} of {len(clean)} "
              f"({100 * len(changed) / len(clean):.2f} %)")
        for line, out in changed[:args.show]:
            print(f"    {line!r} -> {out!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
