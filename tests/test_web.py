"""``textfix serve`` without a browser: where changes land (marks), the JSON API, the limits and
headers, and the command with and without the web extra. The page itself: test_web_browser.py."""

from __future__ import annotations

import dataclasses
import http.client
import importlib
import json
import os
import subprocess
import sys
import textwrap
import urllib.parse
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

import pytest

import textfix
from textfix.explain import Step, replay
from textfix.web.command import exposure_warning
from textfix.web.marks import Piece, marks, pieces
from textfix.web.service import Options, fix_request

# A sentence whose UTF-8 GB18030 reads without a loss (where one is lost, it stays U+FFFD and
# is reported: tests/test_lossy_guess.py).
NEWS = "新华社北京电 如果为空，则这个组件不能获得帮助"
NEWS_AS_GBK = NEWS.encode("utf-8").decode("gb18030")  # UTF-8 read as GBK
FORUM = "楼主说得对，这款手机的电池续航真的很差，我已经退货了。"
FORUM_AS_LATIN = FORUM.encode("gbk").decode("cp1252")  # GBK read as Latin-1
CLEAN = "苹果公司今天发布了 iPhone 16，售价 5999 元起。Apple unveiled the iPhone 16 today."


def test_marks_follow_later_layers() -> None:
    # The reading removed, the entity read, the zero-width space dropped, then converted: each
    # change lands where it is in the final text, with what it replaced.
    text = "衡陽市僑聯(lián)召開會議&amp;討論\u200b僑務"
    result = textfix.fix_and_explain(text, to="simplified")
    assert result.text == "衡阳市侨联召开会议&讨论侨务"
    found = pieces(text, result.steps)
    assert "".join(piece.text for piece in found) == result.text
    # The conversion of 討論僑務, once the zero-width space between was gone, takes in the mark
    # of its removal: one mark for both.
    assert [(piece.text, piece.origin, [result.steps[i].layer for i in piece.steps])
            for piece in found if piece.steps] == [
        ("阳", "陽", ["script"]), ("侨联", "僑聯", ["script"]), ("", "(lián)", ["annotations"]),
        ("开会议", "開會議", ["script"]), ("&", "&amp;", ["html"]),
        ("讨论侨务", "討論\u200b僑務", ["unicode", "script"])]
    assert [piece.text for piece in found if not piece.steps] == ["衡", "市", "召"]


def test_a_change_inside_a_change_makes_one_mark() -> None:
    # The mojibake repair, then the conversion of part of what it made: one mark, both steps.
    # (The comma keeps 好's last byte, which GB18030 cannot read at the end, from being lost.)
    traditional = "臺灣的天氣今天很好，"
    text = traditional.encode("utf-8").decode("gb18030", "replace")
    result = textfix.fix_and_explain(text, to="simplified")
    assert result.text == "台湾的天气今天很好，"
    assert pieces(text, result.steps) == [Piece("台湾的天气今天很好，", text, (0, 1, 2))]


def test_marks_count_utf16_units_after_an_astral_character() -> None:
    text = "𠀀字 &amp; 字"  # U+20000 takes two UTF-16 units in a browser
    result = textfix.fix_and_explain(text)
    assert result.text == "𠀀字 & 字"
    [mark] = marks(text, result.steps)
    assert (mark.start, mark.end, mark.origin) == (4, 5, "&amp;")


def test_clean_text_has_no_marks() -> None:
    result = fix_request(CLEAN, Options())
    assert result["text"] == CLEAN
    assert not result["changed"]
    assert result["marks"] == [] and result["steps"] == []
    assert result["summary"] == {"kinds": {}, "chains": {}}


def test_answer_for_text_matches_fix_and_explain() -> None:
    text = f"{NEWS_AS_GBK}\n{FORUM_AS_LATIN}\n衡陽市僑聯(lián)"
    answer = fix_request(text, Options.parse({"to": "simplified"}))
    expected = textfix.fix_and_explain(text, to="simplified")
    assert answer["text"] == expected.text == f"{NEWS}\n{FORUM}\n衡阳市侨联"
    assert answer["steps"] == [step.to_dict() for step in expected.steps]
    assert answer["encoding"] is None
    assert answer["summary"]["kinds"] == {"annotations": 1, "converted": 2, "mojibake": 2}
    assert answer["summary"]["chains"] == {"utf-8 read as gbk": 1, "gb18030 read as cp1252": 1}
    # The script report is of the repaired text before its conversion.
    assert answer["script"]["script"] == "mixed"


def test_answer_for_bytes_matches_decode() -> None:
    page = ("<html><head><meta charset=\"utf-8\"></head><body><p>臺灣的天氣今天很好，"
            "適合出門散步。</p></body></html>")
    data = page.encode("big5")
    answer = fix_request(data, Options.parse({"to": "tw"}))
    expected = textfix.decode(data, to="tw")
    assert answer["text"] == expected.text == page
    assert answer["steps"] == [step.to_dict() for step in expected.steps]
    assert answer["encoding"]["encoding"] == expected.encoding
    assert answer["encoding"]["reason"] == "declared-overridden"
    assert answer["encoding"]["bytes"] == len(data)
    assert answer["script"]["script"] == "traditional"


def test_options_are_checked() -> None:
    assert Options.parse({"to": "zh-Hans", "fold_width": "1"}) == Options(
        "simplified", None, (("fold_width", True),))
    assert Options.parse({"options": {"punctuation": True, "mojibake": False}}).switches == (
        ("mojibake", False), ("punctuation", True))
    bads: list[dict[str, object]] = [{"to": "klingon"}, {"options": {"bold": True}},
                                     {"options": {"fold_width": 2}}, {"options": []}, {"to": 5}]
    for bad in bads:
        with pytest.raises(ValueError):
            Options.parse(bad)


def test_opt_in_layers_apply() -> None:
    text = "ＡＢＣ公司，价格：１００元"
    assert fix_request(text, Options())["text"] == text
    answer = fix_request(text, Options.parse({"options": {"fold_width": True}}))
    assert answer["text"] == "ABC公司，价格：100元"


def test_exposure_warning() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert exposure_warning(host) is None
    for host in ("0.0.0.0", "192.168.1.5", "::", "example.org"):
        warning = exposure_warning(host)
        assert warning is not None and "other machines can reach" in warning


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    # The extra hidden from the import system: one line on stderr, exit 2, no traceback.
    code = textwrap.dedent("""
        import sys
        sys.modules["starlette"] = None
        sys.modules["uvicorn"] = None
        from textfix.cli import main
        sys.exit(main(["serve"]))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == ("textfix: error: 'textfix serve' needs the web extra: "
                           "pip install 'textfix[web]'\n")


# --- The app over HTTP, served by uvicorn on a loopback port --------------------------------

def _need(module: str) -> Any:
    """The module; in CI a missing one fails the run instead of skipping the tests."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason="textfix[web] is not installed")


@dataclasses.dataclass
class Answer:
    status: int
    headers: Any
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _need("starlette")
    _need("uvicorn")
    from textfix.web.command import running

    with running(limit=1000) as url:
        yield url


def call(url: str, method: str = "GET", body: bytes | Iterable[bytes] | None = None,
         kind: str = "application/octet-stream") -> Answer:
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=60)
    path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    chunked = body is not None and not isinstance(body, bytes)
    connection.request(method, path, body=body, headers={"content-type": kind},
                       encode_chunked=chunked)
    response = connection.getresponse()
    answer = Answer(response.status, response.headers, response.read())
    connection.close()
    return answer


def post_json(url: str, values: object) -> Answer:
    return call(url + "api/fix", "POST", json.dumps(values).encode(), "application/json")


def test_health(server: str) -> None:
    answer = call(server + "api/health")
    assert answer.status == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["limit"] == 1000


def test_fix_json(server: str) -> None:
    answer = post_json(server, {"text": FORUM_AS_LATIN, "to": "traditional"})
    assert answer.status == 200
    expected = textfix.fix_and_explain(FORUM_AS_LATIN, to="traditional")
    assert answer.json()["text"] == expected.text
    assert expected.text == "樓主說得對，這款手機的電池續航真的很差，我已經退貨了。"
    assert [Step.from_dict(step) for step in answer.json()["steps"]] == list(expected.steps)


def test_fix_bytes(server: str) -> None:
    data = "<meta charset=utf-8><p>今天天气很好</p>".encode("gbk")
    answer = call(server + "api/fix?to=traditional", "POST", data)
    assert answer.status == 200
    assert answer.json()["text"] == "<meta charset=utf-8><p>今天天氣很好</p>"
    assert answer.json()["encoding"]["encoding"] == "gb18030"


def test_bad_requests_get_400_with_a_reason(server: str) -> None:
    for body, words in ((b"{", "not JSON"), (b"[1]", "JSON object"), (b'{"txt": "x"}', "'text'"),
                        (b'{"text": "x", "to": "klingon"}', "unknown conversion target")):
        answer = call(server + "api/fix", "POST", body, "application/json")
        assert answer.status == 400
        assert words in answer.json()["error"]


def test_request_over_the_limit_gets_413(server: str) -> None:
    answer = call(server + "api/fix", "POST", b"x" * 1001)
    assert answer.status == 413
    assert answer.json() == {"error": "the request is larger than the limit of "
                             "0.000953674 MB", "limit": 1000}
    # Sent without a length (chunked): counted as it comes.
    answer = call(server + "api/fix", "POST", iter([b"x" * 600, b"x" * 600]))
    assert answer.status == 413
    assert call(server + "api/fix", "POST", b"x" * 1000).status == 200


def test_headers_forbid_inline_script_and_remote_origins(server: str) -> None:
    for path in ("", "app.js", "api/health"):
        answer = call(server + path)
        assert answer.status == 200
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy and "http" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "server" not in answer.headers


def test_only_its_own_assets_are_served(server: str) -> None:
    page = call(server)
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert b'<script src="/app.js" defer></script>' in page.body
    for name in ("index.html", "app.js", "style.css"):  # no remote asset, CDN or web font
        asset = resources.files("textfix.web").joinpath("assets", name).read_text("utf-8")
        assert "http:" not in asset and "https:" not in asset and "@font-face" not in asset
        assert "innerHTML" not in asset and "eval(" not in asset
    for path in ("../pyproject.toml", "assets/app.js", "etc/passwd", "web/app.py", "%2e%2e/"):
        assert call(server + path).status == 404
    assert call(server + "api/fix").status == 405


def test_serve_command_warns_off_loopback() -> None:
    _need("uvicorn")
    # Bound to every address (nothing is sent to it): the warning comes first.
    process = subprocess.Popen([sys.executable, "-m", "textfix", "serve", "--host", "0.0.0.0",
                                "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        assert process.stderr.readline() == (
            "textfix: warning: listening on 0.0.0.0: other machines can reach this page and "
            "send it text; use the default 127.0.0.1 to keep it to this one\n")
        assert process.stderr.readline().startswith("textfix: serving http://0.0.0.0:")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_command_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    _need("uvicorn")
    from textfix.cli import main

    assert main(["serve", "--port", "http"]) == 2
    assert capsys.readouterr().err == ("textfix: error: argument --port: invalid int value: "
                                       "'http' (see 'textfix serve --help')\n")
    assert main(["serve", "--max-mb", "0"]) == 2
    assert capsys.readouterr().err == (
        "textfix: error: --max-mb must be above 0 and --port within 0-65535\n")


def test_serve_command_answers_on_loopback() -> None:
    _need("uvicorn")
    process = subprocess.Popen([sys.executable, "-m", "textfix", "serve", "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("textfix: serving http://127.0.0.1:")
        url = line.split()[2]
        assert call(url + "api/health").json()["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_replay_of_the_answer_steps() -> None:
    text = f"{NEWS_AS_GBK}&amp;"
    answer = fix_request(text, Options())
    steps = [textfix.Step(**step) for step in answer["steps"]]
    assert replay(text, steps) == answer["text"] == f"{NEWS}&"
