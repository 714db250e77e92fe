"""The README's examples run and show what they say.

Every ```python block of the README is run, statement by statement, in a folder with the files
and objects it names (a response, a crawl dump, a sink). A statement whose line ends in a
comment that starts with a Python literal (``# '你好，世界'   (UTF-8 read as cp1252)``) must give
that value; ``# unchanged`` means its first argument; a literal list ending in ``...`` lists the
values it may give. The command-line examples whose output the README shows are run too.
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import textfix

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def load(name: str) -> Any:
    """A module of this folder by its file (the tests are no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"readme_{name}", Path(__file__).with_name(
        f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blocks(language: str) -> list[tuple[int, str]]:
    """(line number, code) of each fenced block of ``language`` (``""`` for a bare fence)."""
    return [(README.count("\n", 0, match.start()) + 1, match.group(2))
            for match in _BLOCK.finditer(README) if match.group(1) == language]


PYTHON = blocks("python")


def shown(comment: str) -> tuple[str, Any]:
    """What a trailing comment says a statement gives: ("value", v), ("one of", values),
    ("unchanged", None) or ("nothing", None) for a comment that is prose."""
    comment = comment.strip()
    if comment.startswith("unchanged"):
        return "unchanged", None
    for end in range(len(comment), 0, -1):
        try:
            value = ast.literal_eval(comment[:end].strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        if isinstance(value, tuple) and value and value[-1] is Ellipsis:
            return "one of", value[:-1]
        return "value", value
    return "nothing", None


def _last_comment(line: str) -> str | None:
    import tokenize

    try:
        for token in tokenize.generate_tokens(io.StringIO(line + "\n").readline):
            if token.type == tokenize.COMMENT:
                return token.string[1:]
    except (tokenize.TokenError, SyntaxError):
        return None
    return None


@dataclass
class Response:
    """What requests and httpx give: a GBK page whose header says UTF-8."""

    content: bytes = "<p>今天天气很好，我们去公园散步吧</p>".encode("gbk")
    headers: dict[str, str] | None = None
    url: str = "https://news.example.cn/a.html"

    def __post_init__(self) -> None:
        self.headers = {"content-type": "text/html; charset=utf-8"}

    @property
    def body(self) -> bytes:  # Scrapy's name for it
        return self.content


def namespace(folder: Path) -> dict[str, Any]:
    """The names the examples use without making them."""
    (folder / "crawl-dump.txt").write_bytes("第一行新闻\n衡陽市僑聯(lián)召開會議\n".encode("gbk"))
    return {
        "response": Response(),
        "data": "国务院总理今天在北京会见了来访的客人".encode("gb18030"),
        "text": "本報(bào)訊 記者&nbsp;林曉(xiǎo)雯報道⼈氣小吃",
        "sink": io.StringIO(),
    }


def run_block(code: str, names: dict[str, Any], where: str) -> int:
    """Run ``code`` statement by statement, checking what each shows; the number checked."""
    tree = ast.parse(code)
    lines = code.splitlines()
    checked = 0
    for statement in tree.body:
        source = "\n".join(lines[statement.lineno - 1 : statement.end_lineno])
        comment = _last_comment(lines[(statement.end_lineno or statement.lineno) - 1])
        kind, value = shown(comment) if comment else ("nothing", None)
        if isinstance(statement, ast.Expr) and kind != "nothing":
            got = eval(compile(ast.Expression(statement.value), where, "eval"), names)
            if kind == "unchanged":
                call = statement.value
                assert isinstance(call, ast.Call)
                first = eval(compile(ast.Expression(call.args[0]), where, "eval"), names)
                assert got == first, source
            elif kind == "one of":
                assert value is not None and got in value, source
            else:
                assert got == value, source
            checked += 1
        else:
            exec(compile(ast.Module([statement], []), where, "exec"), names)
    return checked


def test_the_library_example_shows_what_it_gives(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    line, code = PYTHON[0]
    names = namespace(tmp_path)
    assert run_block(code, names, f"README.md:{line}") == 8
    page = names["page"]
    assert (page.text, page.encoding, page.reason) == (
        "<p>今天天气很好，我们去公园散步吧</p>", "gb18030", "declared-overridden")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "html unescaped reference 11 &nbsp; -> \xa0"
    assert names["result"].text == "本報訊 記者\xa0林曉雯報道人氣小吃"


def test_the_streaming_example_reads_a_gbk_dump(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line, code = PYTHON[1]
    names = {**namespace(tmp_path), "textfix": textfix}
    run_block(code, names, f"README.md:{line}")
    assert names["sink"].getvalue() == "第一行新闻\n衡陽市僑聯召開會議\n"


def test_the_scrapy_example_yields_the_repaired_page(tmp_path: Path) -> None:
    line, code = PYTHON[2]
    names: dict[str, Any] = {"textfix": textfix}
    run_block(code, names, f"README.md:{line}")
    item = next(names["parse"](None, Response()))
    assert item == {"url": "https://news.example.cn/a.html",
                    "text": "<p>今天天气很好，我们去公园散步吧</p>", "charset": "gb18030"}


def test_the_dask_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow", reason="dask reads parquet with pyarrow")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl").mkdir()
    record = json.dumps({"text": "衡陽市僑聯(lián)召開會議"}, ensure_ascii=False)
    (tmp_path / "crawl" / "a.jsonl").write_text(record + "\n", encoding="utf-8")
    frame = pd.DataFrame({"title": ["免费视频在线观看_高清电影在线播放"], "body": ["僑聯(lián)"]})
    frame.to_parquet(tmp_path / "crawl" / "part.0.parquet")
    line, code = PYTHON[3]
    names: dict[str, Any] = {}
    # The frame reads the parquet files of crawl/; the bag the JSON Lines files.
    code = code.replace('dd.read_parquet("crawl/")', 'dd.read_parquet("crawl/part.0.parquet")')
    run_block(code, names, f"README.md:{line}")
    assert names["clean"].compute() == ["衡阳市侨联召开会议"]
    assert list(names["frame"].compute()["body"]) == ["僑聯"]


def test_the_spark_example_is_valid_python() -> None:
    # Spark is not a test dependency: the example is parsed, and its textfix part run.
    ast.parse(PYTHON[4][1])
    from textfix.integrations.frames import fix_series

    pd = pytest.importorskip("pandas")
    config = textfix.Config(to="simplified")
    assert list(fix_series(pd.Series(["衡陽市僑聯(lián)"]), config)) == ["衡阳市侨联"]


def test_every_python_block_is_covered() -> None:
    assert len(PYTHON) == 5, "a new ```python block in the README needs a test here"


def test_shown_reads_the_comments() -> None:
    assert shown(" '你好，世界'   (UTF-8 read as cp1252)") == ("value", "你好，世界")
    assert shown(" ('mixed', 2, 1)") == ("value", ("mixed", 2, 1))
    assert shown(" 'gb18030', 'big5hkscs', 'utf-8', 'binary', ...") == (
        "one of", ("gb18030", "big5hkscs", "utf-8", "binary"))
    assert shown(" unchanged: clean text is never touched") == ("unchanged", None)
    assert shown(" repaired text, the charset used, why") == ("nothing", None)


# --- command-line examples whose output the README shows -----------------------------------


def _block_after(marker: str) -> str:
    """The first bare fenced block after ``marker`` in the README."""
    start = README.index(marker)
    match = _BLOCK.search(README, start)
    assert match is not None
    return match.group(2)


def test_the_audit_table(tmp_path: Path) -> None:
    load("test_audit").make_crawl(tmp_path / "crawl")
    done = subprocess.run([sys.executable, "-m", "textfix", "--detect", "--summary", "crawl/"],
                          capture_output=True, cwd=tmp_path, timeout=120, check=False)
    assert done.stdout.decode() == _block_after("Directories are walked (hidden files")


def test_the_explain_lines(tmp_path: Path) -> None:
    shown_lines = _block_after("`textfix.explain.locate(steps)` gives").splitlines()
    (tmp_path / "page.txt").write_text("本報(bào)訊 記者&nbsp;林曉(xiǎo)雯\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "textfix", "--explain", "page.txt"],
                          capture_output=True, cwd=tmp_path, timeout=120, check=True)
    assert done.stderr.decode().splitlines()[:2] == shown_lines


# --- statements -------------------------------------------------------------------------------


def test_the_runtime_dependencies_are_the_packages() -> None:
    # Issue 15: the README named opencc, chardet and ftfy; w3lib is one too.
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11 reads pyproject.toml")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=!~\[ ]", requirement)[0] for requirement in project["dependencies"]]
    stated = re.search(r"^Runtime dependencies: (.*)$", README, re.MULTILINE)
    assert stated is not None
    assert sorted(re.findall(r"\w+", stated.group(1).split("(")[0].replace(" and ", ", "))) \
        == sorted(names)
    for paragraph in re.findall(r"runtime dependencies (?:are|stay) still ([^.]*)", README):
        assert all(name in paragraph for name in names), paragraph


def test_pytest_summary_counts_the_tests_that_need_shared() -> None:
    conftest = load("conftest")

    class Report:
        def __init__(self, why: str) -> None:
            self.longrepr = ("test_x.py", 1, f"Skipped: {why}")

    class Reporter:
        def __init__(self) -> None:
            self.stats = {"skipped": [
                Report("needs ../shared: the peer test data is not at /x"),
                Report("needs ../shared: the reference page is not at /y"),
                Report("the dask extra is not installed")]}
            self.lines: list[str] = []

        def write_line(self, line: str, **markup: bool) -> None:
            self.lines.append(line)

    reporter = Reporter()
    conftest.pytest_terminal_summary(reporter)
    assert len(reporter.lines) == 1
    assert reporter.lines[0].startswith("textfix: 2 skipped because ")
    assert "needs ../shared" in README and "skipped because" in README
