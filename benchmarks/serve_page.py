"""How long the page of ``textfix serve`` takes to show the result of a paste, in headless
Chromium (the system's ``chromium``, driven by Playwright; needs ``textfix[web-test]``).

    python benchmarks/serve_page.py [--sizes 100,1000] [--repeat 3]

For each size in KB, two texts are pasted: a scraped forum dump where a third of the lines are
garbled (UTF-8 read as GBK, GBK read as Latin-1) and one has pinyin debris, and the same amount
of clean Chinese news text. Each is pasted as a person does, through the clipboard with Ctrl+V.
Reported, as medians over the repeats: the time from the request being sent to the server's
answer, the time from the paste to the result shown (every change highlighted), and the longest
main-thread task from the paste on (what a person feels as a freeze; Chrome calls a task over
50 ms long; the browser's own insertion of the text into the box is one of them).
"""

from __future__ import annotations

import os
import shutil
import statistics

from common import argument_parser
from playwright.sync_api import Page, sync_playwright

from textfix.web.command import running

NEWS = "新华社北京电 国务院总理今天在人民大会堂作政府工作报告"
FORUM = "楼主说得对，这款手机的电池续航真的很差，我已经退货了。"
GARBLED = (NEWS.encode("utf-8").decode("gb18030", "replace"), FORUM.encode("gbk").decode("cp1252"),
           "衡陽市僑聯(lián)召開第五次代表大會",
           "苹果公司今天发布了 iPhone 16，售价 5999 元起。Apple unveiled the iPhone 16 today.",
           "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。", "回复 #{n} 楼：同意楼上的看法。")
CLEAN = ("国务院新闻办公室今天举行发布会，介绍今年一季度经济运行情况。",
         "上海证券交易所今日发布公告，三家公司暂停上市。", "第 {n} 条：本办法自发布之日起施行。")
# Long tasks of the main thread, from when it is reset.
OBSERVER = """window.__longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__longest = Math.max(window.__longest, entry.duration);
  }
}).observe({type: "longtask"});"""


def text_of(lines: tuple[str, ...], size: int) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        line = lines[len(out) % len(lines)].replace("{n}", str(len(out)))
        out.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(out)


def measure(page: Page, text: str) -> tuple[int, int, float, int]:
    """(ms to the answer, ms to the result shown, longest task in ms, changes shown)."""
    before = int(page.get_attribute("body", "data-run") or 0)
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.focus("#source")
    page.keyboard.press("Control+A")
    page.evaluate("window.__longest = 0")
    page.keyboard.press("Control+V")
    page.wait_for_function("n => +document.body.dataset.run > n && "
                           "document.body.dataset.state === 'done'", arg=before, timeout=600_000)
    page.wait_for_timeout(100)  # the observer reports the last task after it ends
    return (int(page.get_attribute("body", "data-request-ms") or 0),
            int(page.get_attribute("body", "data-paste-ms") or 0),
            float(page.evaluate("window.__longest")),
            int(page.evaluate("document.querySelectorAll('#output mark').length")))


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--sizes", default="100,1000", help="paste sizes in KB (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chromium = os.environ.get("TEXTFIX_CHROMIUM") or shutil.which("chromium") or "chromium"
    with running() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": 1200, "height": 900},
                                permissions=["clipboard-read", "clipboard-write"])
        page.add_init_script(OBSERVER)
        page.goto(url)
        measure(page, text_of(GARBLED, 10_000))  # warm up: the first repair loads tables
        print(f"{'paste':<24}{'changes':>9}{'answer ms':>11}{'shown ms':>10}"
              f"{'longest task ms':>17}")
        for size in (int(kb) for kb in args.sizes.split(",")):
            for name, lines in (("forum dump", GARBLED), ("clean news", CLEAN)):
                runs = [measure(page, text_of(lines, size * 1024)) for _ in range(args.repeat)]
                answer, shown, longest = (statistics.median(r[i] for r in runs) for i in range(3))
                print(f"{f'{size} KB {name}':<24}{runs[0][3]:>9}{answer:>11.0f}{shown:>10.0f}"
                      f"{longest:>17.0f}")
        browser.close()


if __name__ == "__main__":
    main()
