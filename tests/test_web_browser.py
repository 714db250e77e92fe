"""The page of ``textfix serve`` in a real browser: headless Chromium (the system's, Debian's
``chromium``) driven by Playwright. In CI these tests must run: a missing browser or Playwright
fails them instead of skipping.

The page says where it is through ``body[data-state]`` (idle, busy, done, error) and
``body[data-run]`` (the number of the request last answered), which the tests wait on.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import textfix
from textfix.explain import Step

# A sentence whose UTF-8 GB18030 reads without a loss (where one is lost, it stays U+FFFD and
# the page reports it: tests/test_lossy_guess.py).
NEWS = "新华社北京电 如果为空，则这个组件不能获得帮助"
NEWS_AS_GBK = NEWS.encode("utf-8").decode("gb18030")  # UTF-8 read as GBK
FORUM = "楼主说得对，这款手机的电池续航真的很差，我已经退货了。"
FORUM_AS_LATIN = FORUM.encode("gbk").decode("cp1252")  # GBK read as Latin-1
PRODUCT = "衡陽市僑聯(lián)召開第五次代表大會"  # pinyin debris
PRODUCT_FIXED = "衡陽市僑聯召開第五次代表大會"
TRADITIONAL = "臺灣的天氣今天很好，適合出門散步。"
CLEAN = "苹果公司今天发布了 iPhone 16，售价 5999 元起。Apple unveiled the iPhone 16 today."
CLASSICAL = "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。"
NOTHING = "Nothing to repair: the text is clean."

# Calls a page makes when hostile markup in the text runs; the hook records them.
HOOK = "window.__xssHits = []; window.__hit = (what) => window.__xssHits.push(what);"
PAYLOADS = (
    '<script>__hit("script")</script>',
    "<img src=x onerror=\"__hit('img')\">",
    "<svg onload=\"__hit('svg')\"></svg>",
    "<a href=\"javascript:__hit('link')\">点我领取优惠券</a>",
)
# Markup that the repair itself makes, from entities in text that has no markup.
ENTITIES = ("领取优惠券&lt;img src=y onerror=\"__hit('entity')\"&gt;"
            "&lt;script&gt;__hit(2)&lt;/script&gt;")


def _need(module: str) -> Any:
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason="textfix[web-test] is not installed")


def chromium_path() -> str:
    found = os.environ.get("TEXTFIX_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("no chromium: .ci/run installs Debian's chromium package")
    pytest.skip("no chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _need("starlette")
    _need("uvicorn")
    from textfix.web.command import running

    with running() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = _need("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path())
        yield launched
        launched.close()


@dataclasses.dataclass
class Page:
    """A browser tab on the page, with the errors it reported."""

    tab: Any
    errors: list[str]

    def run(self) -> int:
        return int(self.tab.get_attribute("body", "data-run"))

    def wait(self, after: int) -> str:
        """Wait for the answer to a request made after request ``after``; the page's state."""
        self.tab.wait_for_function(
            "n => +document.body.dataset.run > n && document.body.dataset.state !== 'busy'",
            arg=after, timeout=120_000)
        return str(self.tab.get_attribute("body", "data-state"))

    def paste(self, text: str) -> str:
        """Paste as a person does: through the clipboard, with Ctrl+V, over what was there."""
        before = self.run()
        self.tab.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.tab.focus("#source")
        self.tab.keyboard.press("Control+A")
        self.tab.keyboard.press("Control+V")
        return self.wait(before)

    def drop(self, name: str, data: bytes) -> str:
        before = self.run()
        transfer = self.tab.evaluate_handle(
            """([name, bytes]) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "text/html"}));
                return transfer;
            }""", [name, list(data)])
        self.tab.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
        return self.wait(before)

    def output(self) -> str:
        return str(self.tab.eval_on_selector("#output", "e => e.textContent"))

    def status(self) -> str:
        return str(self.tab.inner_text("#status"))

    def tip_for(self, mark: Any) -> list[str]:
        """Hover ``mark``: the tip's lines (Before, its text, After, ...)."""
        mark.hover()
        self.tab.wait_for_selector("#tip:not([hidden])")
        return [line for line in str(self.tab.inner_text("#tip")).split("\n") if line]


def open_page(browser: Any, server: str, **context: Any) -> Page:
    context.setdefault("locale", "en-US")
    context.setdefault("permissions", ["clipboard-read", "clipboard-write"])
    context.setdefault("viewport", {"width": 1200, "height": 900})
    tab = browser.new_context(**context).new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text)
           if message.type == "error" else None)
    tab.add_init_script(HOOK)
    tab.goto(server)
    return Page(tab, errors)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Page]:
    opened = open_page(browser, server)
    yield opened
    opened.tab.context.close()
    assert opened.errors == []  # a CSP violation or a script error would be here


@pytest.mark.parametrize(("garbled", "expected", "before", "layer", "why"), [
    (NEWS_AS_GBK, NEWS, NEWS_AS_GBK, "mojibake: read back in its real charset",
     "UTF-8 read as GBK; the repair is "),
    # The tip names the soft hyphen that the garbling made, which would be invisible.
    (FORUM_AS_LATIN, FORUM, FORUM_AS_LATIN.replace("\xad", "‹U+00AD›"),
     "mojibake: read back in its real charset",
     "GBK (GB18030) read as Latin-1 (cp1252); the repair is "),
    (PRODUCT, PRODUCT_FIXED, "(lián)", "romanization: reading removed",
     "lián is a reading of 聯"),
], ids=["utf-8 as gbk", "gbk as latin-1", "pinyin debris"])
def test_pasted_garbled_text_is_repaired_and_explained(
        page: Page, garbled: str, expected: str, before: str, layer: str, why: str) -> None:
    assert page.paste(garbled) == "done"
    assert page.output() == expected
    assert page.status() == "1 change"
    [mark] = page.tab.query_selector_all("#output mark")
    assert mark.text_content() == ("" if expected == PRODUCT_FIXED else expected)
    lines = page.tip_for(mark)
    assert lines[:2] == ["Before", before]
    assert lines[lines.index("Layer") + 1] == layer
    assert lines[lines.index("Why") + 1].startswith(why)


def test_tip_names_every_step_of_a_change(page: Page) -> None:
    # Read back from UTF-8, then converted: one mark, two steps in its tip.
    garbled = TRADITIONAL.removesuffix("。").encode("utf-8").decode("gb18030")  # nothing lost
    page.tab.select_option("#to", "simplified")
    assert page.paste(garbled) == "done"
    assert page.output() == "台湾的天气今天很好，适合出门散步"
    lines = page.tip_for(page.tab.query_selector("#output mark"))
    layers = [lines[i + 1] for i, line in enumerate(lines) if line == "Layer"]
    assert layers == ["mojibake: read back in its real charset", *["script conversion: t2s"] * 4]


@pytest.mark.parametrize(("name", "original", "codec", "declared", "found"), [
    ("news.html", "<p>国务院新闻办公室今天举行发布会，介绍今年一季度经济运行情况。</p>", "gbk",
     "utf-8", "gb18030"),
    ("taiwan.html", "<p>臺灣的天氣今天很好，適合出門散步，記得帶傘。</p>", "big5", "gbk",
     "big5hkscs"),
])
def test_dropped_file_with_a_lying_meta_charset(
        page: Page, name: str, original: str, codec: str, declared: str, found: str) -> None:
    html = (f'<html><head><meta charset="{declared}"><title>新聞</title></head>'
            f"<body>{original}</body></html>")
    if codec == "gbk":
        html = html.replace("新聞", "新闻")
    assert page.drop(name, html.encode(codec)) == "done"
    assert page.output() == html
    assert page.tab.inner_text("#charset") == (
        f"Charset: {found} (the declared charset was wrong; read from the bytes), "
        f"{len(html.encode(codec))} bytes")
    assert page.status() == NOTHING
    assert page.tab.inner_text("#file-info") == f"{name}: {len(html.encode(codec))} bytes"
    # Options apply to the file as well: its bytes are sent again.
    before = page.run()
    page.tab.select_option("#to", "traditional" if codec == "gbk" else "simplified")
    assert page.wait(before) == "done"
    assert page.output() == textfix.decode(
        html.encode(codec), to="traditional" if codec == "gbk" else "simplified").text
    assert page.output() != html


def test_diff_summary_copy_and_download(page: Page) -> None:
    text = f"{FORUM_AS_LATIN}\n价格：¥99.00 (含税)锟斤拷\n{PRODUCT}"
    expected = f"{FORUM}\n价格：¥99.00 (含税)锟斤拷\n{PRODUCT_FIXED}"
    assert page.paste(text) == "done"
    assert page.output() == expected
    assert page.status() == "2 changes · 1 irrecoverable stretch reported"
    damage = page.tab.query_selector("#output mark.k-damage")
    assert damage is not None and damage.text_content() == "锟斤拷"
    lines = page.tip_for(damage)
    assert lines[lines.index("Why") + 1] == (
        "the original characters were lost before this text was made")
    page.tab.click("#tab-diff")
    pairs = page.tab.eval_on_selector_all(
        "#diff .pair", "ps => ps.map(p => [...p.children].map(c => [c.tagName, c.textContent]))")
    assert pairs == [[["DEL", FORUM_AS_LATIN], ["INS", FORUM]], [["DEL", "(lián)"]]]
    page.tab.click("#tab-summary")
    rows = page.tab.eval_on_selector_all(
        "#summary tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    assert rows[:4] == [["Mojibake repaired", "1"], ["Irrecoverable damage reported", "1"],
                        ["Romanization removed", "1"],
                        ["Chains", "GBK (GB18030) read as Latin-1 (cp1252): 1"]]
    page.tab.click("#copy")
    page.tab.wait_for_selector("#copy:text('Copied')")
    assert page.tab.evaluate("navigator.clipboard.readText()") == expected
    with page.tab.expect_download() as download:
        page.tab.click("#download")
    assert download.value.suggested_filename == "textfix.fixed.txt"
    assert Path(download.value.path()).read_bytes() == expected.encode("utf-8")


def test_switching_to_simplified_converts(page: Page) -> None:
    assert page.paste(TRADITIONAL) == "done"
    assert page.status() == NOTHING
    before = page.run()
    page.tab.select_option("#to", "simplified")
    assert page.wait(before) == "done"
    assert page.output() == "台湾的天气今天很好，适合出门散步。"
    marks = page.tab.query_selector_all("#output mark.k-script")
    assert [mark.text_content() for mark in marks] == ["台湾", "气", "适", "门"]
    assert page.status() == "4 changes"
    page.tab.click("#tab-summary")
    summary = page.tab.inner_text("#summary")
    assert "Script conversions\t4" in summary
    assert ("Script of the text\ttraditional (0 simplified-only, 5 traditional-only of 15 Han "
            "characters)") in summary


@pytest.mark.parametrize("clean", [CLEAN, CLASSICAL, "<p>价格：¥99.00 (含税)</p>"])
def test_clean_text_shows_nothing_to_repair(page: Page, clean: str) -> None:
    assert page.paste(clean) == "done"
    assert page.status() == NOTHING
    assert page.output() == clean
    assert page.tab.query_selector_all("#output mark") == []


def test_hostile_markup_is_shown_not_run(browser: Any, page: Page) -> None:
    # The hook and the payloads are live: put in a page as markup, they call it.
    control = browser.new_page()
    control.set_content("<body></body>")
    control.evaluate(HOOK)
    control.evaluate("html => { document.body.innerHTML = html; }", "\n".join(PAYLOADS))
    control.wait_for_function("window.__xssHits.includes('img')")
    control.close()

    made = f"{FORUM_AS_LATIN}\n{ENTITIES}"
    assert page.paste(made) == "done"
    assert page.output() == (f"{FORUM}\n领取优惠券<img src=y onerror=\"__hit('entity')\">"
                             "<script>__hit(2)</script>")
    for mark in page.tab.query_selector_all("#output mark"):
        page.tip_for(mark)
    text = "\n".join((FORUM_AS_LATIN, *PAYLOADS))
    assert page.paste(text) == "done"
    expected = "\n".join((FORUM, *PAYLOADS))
    assert page.output() == expected
    page.tab.click("text=点我领取优惠券")
    for mark in page.tab.query_selector_all("#output mark"):
        page.tip_for(mark)
    page.tab.click("#tab-diff")
    for pair in page.tab.query_selector_all("#diff [data-mark]"):
        page.tip_for(pair)
    assert page.drop("payload.html", text.encode("utf-8")) == "done"
    assert page.output() == expected
    page.tab.wait_for_timeout(300)  # an onerror would have fired by now
    assert page.tab.evaluate("window.__xssHits") == []
    live = "main script, main img, main svg, main a, main iframe, #tip *:not(dl, dt, dd)"
    assert page.tab.query_selector_all(live) == []


def test_oversized_request_is_refused_and_the_page_says_so(page: Page) -> None:
    before = page.run()
    # Chosen with the file button; made in the page, 11 MB of a forum dump.
    page.tab.evaluate("""line => {
        const input = document.getElementById("file");
        const transfer = new DataTransfer();
        const bytes = new TextEncoder().encode(line.repeat(Math.ceil(11 * 1048576 / line.length)));
        transfer.items.add(new File([bytes], "dump.txt", {type: "text/plain"}));
        input.files = transfer.files;
        input.dispatchEvent(new Event("change"));
    }""", FORUM_AS_LATIN + "\n")
    assert page.wait(before) == "error"
    assert page.status() == "Too large: the server takes at most 10 MB per request (413)."
    assert page.output() == ""
    assert page.tab.is_disabled("#copy")
    assert page.errors == ["Failed to load resource: the server responded with a status of 413 "
                           "(Request Entity Too Large)"]
    page.errors.clear()


def test_api_answers_as_fix_and_explain(page: Page) -> None:
    for text, to in ((NEWS_AS_GBK, None), (FORUM_AS_LATIN, "traditional"), (PRODUCT, "simplified"),
                     (CLEAN, None)):
        answer = page.tab.evaluate(
            """async ([text, to]) => {
                const response = await fetch("/api/fix", {method: "POST", body: JSON.stringify(
                    {text, to}), headers: {"content-type": "application/json"}});
                return response.json();
            }""", [text, to])
        expected = textfix.fix_and_explain(text, to=to)
        assert answer["text"] == expected.text
        assert [Step.from_dict(step) for step in answer["steps"]] == list(expected.steps)
        assert answer["changed"] == expected.changed


def test_interface_language_follows_the_browser(browser: Any, server: str) -> None:
    chinese = open_page(browser, server, locale="zh-CN")
    try:
        assert chinese.tab.inner_text("#run") == "修复"
        assert chinese.tab.get_attribute("html", "lang") == "zh-CN"
        assert chinese.paste(CLASSICAL) == "done"
        assert chinese.status() == "没有需要修复的内容：文本是干净的。"
        assert chinese.paste(NEWS_AS_GBK) == "done"
        lines = chinese.tip_for(chinese.tab.query_selector("#output mark"))
        assert lines[lines.index("原因") + 1].startswith("UTF-8 被当作 GBK 读取")
        chinese.tab.click("#lang")  # the switch; remembered on this browser
        assert chinese.tab.inner_text("#run") == "Repair"
        assert chinese.status() == "1 change"
        chinese.tab.reload()
        assert chinese.tab.inner_text("#run") == "Repair"
    finally:
        chinese.tab.context.close()
    assert chinese.errors == []
    english = open_page(browser, server, locale="en-GB")
    assert english.tab.inner_text("#run") == "Repair"
    english.tab.context.close()


def test_usable_at_phone_width(browser: Any, server: str) -> None:
    phone = open_page(browser, server, viewport={"width": 360, "height": 740}, is_mobile=True,
                      has_touch=True, locale="zh-CN")
    try:
        assert phone.paste(f"{FORUM_AS_LATIN}\n{PRODUCT}") == "done"
        assert phone.tab.evaluate("document.documentElement.scrollWidth") <= 360
        phone.tab.tap("#output mark >> nth=0")
        tip = phone.tab.wait_for_selector("#tip:not([hidden])")
        box = tip.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert phone.tab.inner_text("#tip").split("\n")[2:4] == ["修改为", FORUM]
    finally:
        phone.tab.context.close()


def _forum_dump(size: int) -> str:
    """About ``size`` bytes (UTF-8) of a scraped forum dump: garbled, annotated and clean lines."""
    lines = [NEWS_AS_GBK, FORUM_AS_LATIN, PRODUCT, CLEAN, CLASSICAL,
             "回复 #{n} 楼：同意楼上的看法。"]
    text: list[str] = []
    total = 0
    while total < size:
        line = lines[len(text) % len(lines)].replace("{n}", str(len(text)))
        text.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(text)


def test_100kb_paste_and_the_screenshot(page: Page, record_property: Any) -> None:
    dump = _forum_dump(100 * 1024)
    assert page.paste(dump) == "done"
    expected = textfix.fix_and_explain(dump)
    assert page.output() == expected.text
    marks = len(expected.steps)
    assert page.tab.evaluate("document.querySelectorAll('#output mark').length") == marks
    shown = int(page.tab.get_attribute("body", "data-paste-ms"))
    answered = int(page.tab.get_attribute("body", "data-request-ms"))
    record_property("shown_ms_100kb", shown)
    print(f"\n100 KB paste ({len(dump.encode('utf-8'))} bytes, {marks} changes): result shown "
          f"{shown} ms after the paste (the server answered {answered} ms after the request)")

    # The screenshot for the README: a short forum post with every kind of repair on it.
    post = "\n".join((PRODUCT + "&amp;暨換屆選舉", "价格：¥99.00 (含税)锟斤拷",
                      FORUM_AS_LATIN, NEWS_AS_GBK))
    page.tab.set_viewport_size({"width": 1200, "height": 720})
    assert page.paste(post) == "done"
    page.tip_for(page.tab.query_selector_all("#output mark")[-1])
    picture = page.tab.screenshot()
    assert picture.startswith(b"\x89PNG")
    if os.environ.get("TEXTFIX_SCREENSHOT"):  # TEXTFIX_SCREENSHOT=docs/serve.png
        Path(os.environ["TEXTFIX_SCREENSHOT"]).write_bytes(picture)
