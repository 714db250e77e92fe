"""Thread and process safety: shared converters, tables and cached plans give serial results.

Many threads start at once on cold caches (no OpenCC converter built yet), with the same config
and with different ones; every result must equal the serial result. Config pickles, and a
process pool (spawn: nothing inherited from this process) returns the same text.
"""

from __future__ import annotations

import functools
import multiprocessing
import pickle
import random
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

import textfix
from textfix.layers import script

TARGETS = [None, "simplified", "traditional", "tw", "hk"]
NOODLES = "我们去面馆吃面，顺便买了一个U盘。"
# (text, {target: expected}) on realistic text: a forum line, a Taiwan page, converter debris,
# cp1252 mojibake, a leftover entity, a product title.
CASES: list[tuple[str, dict[str | None, str]]] = [
    (NOODLES, {
        None: NOODLES,
        "simplified": NOODLES,
        "traditional": "我們去麪館喫麪，順便買了一個U盤。",
        "tw": "我們去麵館吃麵，順便買了一個U盤。",
        "hk": "我們去麪館吃麪，順便買了一個U盤。",
    }),
    ("這裡的群眾很多，大家都在討論軟體的問題。", {
        None: "這裡的群眾很多，大家都在討論軟體的問題。",
        "simplified": "这里的群众很多，大家都在讨论软体的问题。",
        "traditional": "這裡的羣眾很多，大家都在討論軟體的問題。",
        "tw": "這裡的群眾很多，大家都在討論軟體的問題。",
        "hk": "這裡的羣眾很多，大家都在討論軟體的問題。",
    }),
    ("衡陽市僑聯(lián)召開第八次歸僑僑眷代表大會", {
        None: "衡陽市僑聯召開第八次歸僑僑眷代表大會",
        "simplified": "衡阳市侨联召开第八次归侨侨眷代表大会",
        "traditional": "衡陽市僑聯召開第八次歸僑僑眷代表大會",
        "tw": "衡陽市僑聯召開第八次歸僑僑眷代表大會",
        "hk": "衡陽市僑聯召開第八次歸僑僑眷代表大會",
    }),
    ("ä½\u00a0å¥½ï¼Œä¸–ç•Œ", {target: "你好，世界" for target in TARGETS}),
    ("鱼&amp;熊掌不可兼得", {
        None: "鱼&熊掌不可兼得",
        "simplified": "鱼&熊掌不可兼得",
        "traditional": "魚&熊掌不可兼得",
        "tw": "魚&熊掌不可兼得",
        "hk": "魚&熊掌不可兼得",
    }),
    ("iPhone 15 Pro Max 256GB 原色钛金属 港版", {
        None: "iPhone 15 Pro Max 256GB 原色钛金属 港版",
        "simplified": "iPhone 15 Pro Max 256GB 原色钛金属 港版",
        "traditional": "iPhone 15 Pro Max 256GB 原色鈦金屬 港版",
        "tw": "iPhone 15 Pro Max 256GB 原色鈦金屬 港版",
        "hk": "iPhone 15 Pro Max 256GB 原色鈦金屬 港版",
    }),
]
TEXTS = [text for text, _ in CASES]


def test_serial_results_are_the_expected_ones() -> None:
    for text, expected in CASES:
        assert {to: textfix.fix(text, to=to) for to in TARGETS} == expected, text


def hammer(tasks: list[tuple[Callable[[str], str], str]], workers: int = 16) -> list[str]:
    """Run every task from ``workers`` threads that all start at the same moment."""
    start = threading.Barrier(workers)

    def wait_then(task: tuple[Callable[[str], str], str]) -> str:
        return task[0](task[1])

    def first(task: tuple[Callable[[str], str], str]) -> str:
        start.wait(timeout=60)
        return wait_then(task)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(first, tasks[:workers]))
        results += list(pool.map(wait_then, tasks[workers:]))
    return results


def cold() -> None:
    """Forget every built OpenCC converter, so the threads race to build them."""
    script._converter.cache_clear()


@pytest.mark.parametrize("same_config", [True, False], ids=["same-config", "mixed-configs"])
def test_threads_give_serial_results(same_config: bool) -> None:
    rng = random.Random(5)
    configs = ([textfix.Config(to="tw")] if same_config
               else [textfix.Config(to=to) for to in TARGETS]
               + [textfix.Config(to="simplified", fold_width=True, punctuation=True)])
    tasks: list[tuple[Callable[[str], str], str]] = []
    for _ in range(600):
        config = rng.choice(configs)
        tasks.append((functools.partial(textfix.fix, config=config), rng.choice(TEXTS)))
    expected = [fix(text) for fix, text in tasks]
    cold()
    assert hammer(tasks) == expected


def test_threads_convert_and_detect_give_serial_results() -> None:
    rng = random.Random(7)
    tasks: list[tuple[Callable[[str], str], str]] = []
    for _ in range(600):
        to = rng.choice(["simplified", "traditional", "tw", "hk", "twp", "auto"])
        kind = rng.randrange(3)
        task: Callable[[str], str]
        if kind == 0:
            task = functools.partial(textfix.convert, to=to)
        elif kind == 1:
            task = functools.partial(textfix.fix, to=to)
        else:
            task = lambda text: repr(textfix.detect_script(text))  # noqa: E731
        tasks.append((task, rng.choice(TEXTS) * rng.randint(1, 30)))
    expected = [task(text) for task, text in tasks]
    cold()
    assert hammer(tasks) == expected


def test_threads_decode_give_serial_results() -> None:
    pages = [NOODLES.encode("gb18030"), "這裡的群眾很多".encode("big5"),
             "衡陽市僑聯(lián)召開".encode(), "鱼&amp;熊掌".encode("utf-16")]
    tasks: list[tuple[Callable[[str], str], str]] = []
    rng = random.Random(9)
    for _ in range(200):
        page = rng.choice(pages)
        tasks.append((lambda _text, page=page: textfix.decode(page).text, ""))  # type: ignore[misc]
    expected = [task(text) for task, text in tasks]
    assert hammer(tasks, workers=8) == expected


def test_config_pickles() -> None:
    config = textfix.Config(to="zh-TW", fold_width=True, annotations=False)
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert hash(copy) == hash(config)
    assert copy.to == "tw"
    assert textfix.fix("ｉＰｈｏｎｅ１５和软件", config=copy) == "iPhone15和軟件"


def test_process_pool_with_spawn() -> None:
    config = textfix.Config(to="tw")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        fixed = list(pool.map(functools.partial(textfix.fix, config=config), TEXTS * 3))
        converted = list(pool.map(functools.partial(textfix.convert, to="hk"), TEXTS))
        configs = list(pool.map(pickle.loads, [pickle.dumps(config)] * 2))
    assert fixed == [expected["tw"] for _, expected in CASES] * 3
    assert converted == [textfix.convert(text, "hk") for text in TEXTS]
    assert configs == [config, config]
