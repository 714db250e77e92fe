"""Steps carry data: the fields a layer decided by, ``detail`` rendered from them, and a round trip
through JSON wherever steps are serialised."""

from __future__ import annotations

import json

import pytest

import textfix
from textfix.explain import Step
from textfix.web.service import Options, fix_request

# A news headline garbled as UTF-8 read as GBK, a product title as GBK read as cp1252, and a
# French line as UTF-8 read as Mac Roman, which ftfy reads back.
NEWS = "新闻网站更新了今天的头条".encode().decode("gbk")
TITLE = "ÐÂ¿îÀ¶ÑÀ¶ú»ú ÕýÆ·ÐÐ»õ"
EUROPEAN = "Liège et Zürich, à bientôt".encode().decode("mac_roman")


def test_a_recode_step_names_its_chain_and_gain() -> None:
    result = textfix.fix_and_explain(NEWS)
    assert result.text == "新闻网站更新了今天的头条"
    recodes = [step for step in result.steps if step.action == "recode"]
    assert [step.chain for step in recodes] == ["utf-8 read as gbk"]
    gain = recodes[0].gain
    assert gain is not None and gain > 12.0
    assert recodes[0].detail == f"utf-8 read as gbk, {gain:.0f} bits more plausible"
    assert recodes[0].evidence == ()


def test_a_western_code_page_step_names_its_chain() -> None:
    result = textfix.fix_and_explain(TITLE)
    assert result.text == "新款蓝牙耳机 正品行货"
    assert {step.chain for step in result.steps if step.changed} == {"gb18030 read as cp1252"}


def test_an_ftfy_step_gives_what_ftfy_did_as_evidence() -> None:
    result = textfix.fix_and_explain(EUROPEAN)
    assert result.text == "Liège et Zürich, à bientôt"
    (step,) = result.steps
    assert (step.action, step.chain, step.gain) == ("ftfy", "", None)
    assert step.evidence == ("utf-8 read as macroman",)
    assert step.detail == "ftfy: utf-8 read as macroman"


def test_damage_is_a_finding_with_its_sentence() -> None:
    (step,) = textfix.fix_and_explain("新闻：锟斤拷的报道").steps
    assert (step.action, step.changed, step.chain) == ("irrecoverable", False, "")
    assert step.detail == "the original characters were lost before this text was made"


def test_a_per_line_decode_gives_its_byte_runs() -> None:
    # A UTF-8 page whose footer an advertiser's script wrote in GBK.
    head = "<html><body>\n<p>市政府今天发布了新的交通规划。</p>\n".encode()
    data = head + "<p>本站广告：特价手机，全场五折！</p>\n".encode("gbk") + b"</body></html>\n"
    decoding = textfix.decode(data).steps[0]
    assert decoding.action == "per-line"
    assert decoding.segments == ((0, len(head), "utf-8"), (len(head), len(data), "gb18030"))
    assert decoding.detail.endswith(f": bytes 0-{len(head)} utf-8, "
                                    f"bytes {len(head)}-{len(data)} gb18030")
    assert Step.from_dict(json.loads(json.dumps(decoding.to_dict()))) == decoding


def test_a_one_codec_decode_has_no_runs() -> None:
    decoding = textfix.decode("市政府今天发布了新的交通规划。".encode("gbk")).steps[0]
    assert (decoding.segments, decoding.chain, decoding.gain) == ((), "", None)


@pytest.mark.parametrize("text", [NEWS, TITLE, EUROPEAN, "新闻：锟斤拷的报道",
                                  "僑聯(lián)&amp;官網(wǎng)"])
def test_steps_round_trip_through_json(text: str) -> None:
    steps = textfix.fix_and_explain(text).steps
    assert steps
    read_back = [Step.from_dict(json.loads(json.dumps(step.to_dict()))) for step in steps]
    assert read_back == list(steps)
    assert textfix.replay(text, read_back) == textfix.fix(text)


def test_clean_text_has_no_steps_to_serialise() -> None:
    assert textfix.fix_and_explain("今天的新闻：市政府发布了新的交通规划。").steps == ()


def test_the_web_api_carries_the_fields() -> None:
    answer = fix_request(NEWS, Options())
    (recode,) = [step for step in answer["steps"] if step["action"] == "recode"]
    assert recode["chain"] == "utf-8 read as gbk" and recode["gain"] > 12.0
    assert Step.from_dict(json.loads(json.dumps(recode))).detail == recode["detail"]
    assert answer["summary"]["chains"] == {"utf-8 read as gbk": 1}
