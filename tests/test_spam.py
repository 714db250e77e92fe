"""Keyword-spam first lines: flagged by --detect and the audit, dropped only when asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import textfix
from textfix.layers import spam

if TYPE_CHECKING:
    from conftest import Textfix

TRADITIONAL_BODY = "台北市政府今日宣布，捷運新路線將於明年通車，預計每日載客量達十萬人次。\n"
SIMPLIFIED_BODY = "国务院总理今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。\n"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "scraped_page.txt"

# Hijacked-page keyword lines, each in the other script from its body.
SPAM = [
    ("免费视频在线观看_高清电影在线播放_最新电视剧免费看", TRADITIONAL_BODY),
    ("澳门新葡京官网|皇冠体育投注平台|北京赛车开奖直播", TRADITIONAL_BODY),
    ("澳门新葡京官网 | 皇冠体育投注平台 | 北京赛车开奖直播", TRADITIONAL_BODY),
    ("香港六合彩開獎記錄,台灣娛樂城體驗金,線上百家樂免費試玩", SIMPLIFIED_BODY),
    ("99国精产品在线视频_永久性国产无码精品_亚洲а∨无码2019在线观看", TRADITIONAL_BODY),
]
# First lines that must stay: real titles with separators, tables of contents, tag lists, and
# keyword-shaped lines in the body's own script or over a body without a script.
NOT_SPAM = [
    ("喜迎“九代會” | 衡陽市僑聯:“僑”這五年 “衡”精彩", TRADITIONAL_BODY),
    ("国务院常务会议召开 | 新闻频道 | 中国政府网", TRADITIONAL_BODY),
    ("习近平主持召开中央政治局会议_时政新闻_新华网", TRADITIONAL_BODY),
    ("新闻中心_人民网", TRADITIONAL_BODY),
    ("第一章 总则 | 第二章 会员 | 第三章 组织机构", TRADITIONAL_BODY),
    ("第一章总则,第二章会员,第三章组织机构", TRADITIONAL_BODY),
    ("Python,机器学习,深度学习,数据分析", TRADITIONAL_BODY),
    ("标签：美食,旅游,摄影", TRADITIONAL_BODY),
    ("美食,旅游,摄影,生活,读书", TRADITIONAL_BODY),
    ("免费视频在线观看_高清电影在线播放_最新电视剧免费看", SIMPLIFIED_BODY),
    ("免费视频在线观看_高清电影在线播放_最新电视剧免费看", "Hello, this page is in English.\n"),
    ("华为手机官方旗舰店,小米手机官方旗舰店,苹果手机官方旗舰店。", TRADITIONAL_BODY),
]


@pytest.mark.parametrize(("line", "body"), SPAM)
def test_spam_lines_are_found_and_dropped(line: str, body: str) -> None:
    text = f"{line}\n\n{body}"
    found = spam.find_spam_line(text)
    assert found is not None and found.line == line
    assert textfix.fix(text, drop_spam_lines=True) == body
    assert textfix.fix(text) == text  # off by default


@pytest.mark.parametrize(("line", "body"), NOT_SPAM)
def test_other_first_lines_stay(line: str, body: str) -> None:
    text = f"{line}\n{body}"
    assert spam.find_spam_line(text) is None
    assert textfix.fix(text, drop_spam_lines=True) == text


def test_only_the_top_of_the_text() -> None:
    text = f"{TRADITIONAL_BODY}{SPAM[0][0]}\n{TRADITIONAL_BODY}"
    assert textfix.fix(text, drop_spam_lines=True) == text


def test_two_stacked_lines_and_blank_lines_before() -> None:
    text = f"\n{SPAM[0][0]}\r\n{SPAM[1][0]}\r\n\r\n{TRADITIONAL_BODY}"
    assert [found.line for found in spam.find_spam_lines(text)] == [SPAM[0][0], SPAM[1][0]]
    assert textfix.fix(text, drop_spam_lines=True) == f"\n{TRADITIONAL_BODY}"


def test_explained_and_replayable_and_idempotent() -> None:
    text = f"{SPAM[0][0]}\n{TRADITIONAL_BODY}"
    result = textfix.fix_and_explain(text, drop_spam_lines=True, to="simplified")
    step = next(step for step in result.steps if step.layer == "spam")
    assert (step.action, step.before, step.after) == (
        "dropped keyword line", f"{SPAM[0][0]}\n", "")
    assert step.detail == "3 keywords in simplified, body in traditional"
    assert textfix.replay(text, result.steps) == result.text
    assert result.text == "台北市政府今日宣布，捷运新路线将于明年通车，预计每日载客量达十万人次。\n"
    once = textfix.fix(text, drop_spam_lines=True)
    assert textfix.fix(once, drop_spam_lines=True) == once


def test_cli_detect_flags_and_option_drops(run: Textfix) -> None:
    data = f"{SPAM[1][0]}\n{TRADITIONAL_BODY}".encode()
    status, out = run(["--detect"], data)
    assert status == 0
    assert json.loads(out)["spam_line"] == SPAM[1][0]
    assert run(["--drop-spam-lines"], data) == (0, TRADITIONAL_BODY.encode())
    status, out = run(["--detect"], TRADITIONAL_BODY.encode())
    assert status == 0
    assert json.loads(out)["spam_line"] is None


@pytest.mark.skipif(not REFERENCE.exists(),
                    reason=f"needs ../shared: the reference page is not at {REFERENCE}")
def test_reference_page_first_line() -> None:
    page = REFERENCE.read_text(encoding="utf-8")
    first, rest = page.split("\n", 1)
    assert first.startswith("99国精产品在线视频_")
    assert textfix.fix(page, drop_spam_lines=True) == textfix.fix(rest.lstrip("\n"))
    simplified = textfix.fix(page, to="simplified", drop_spam_lines=True)
    assert simplified.startswith("当前位置:\n\n喜迎“九代会” | 衡阳市侨联:“侨”这五年 “衡”精彩\n")
