"""The pipeline as a whole: config, options, explanation and replay, idempotence, clean text."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

import textfix
from textfix import Config, FixResult, Step

CASES = Path(__file__).parent / "cases"


def read_as_cp1252(text: str) -> str:
    """``text`` sent as UTF-8 and read as windows-1252 (undefined bytes as C1 controls)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


# --- config ---------------------------------------------------------------------------------


def test_config_defaults() -> None:
    config = Config()
    assert config.to is None
    assert (config.mojibake, config.html, config.unicode, config.annotations, config.script) == (
        True, True, True, True, True)
    assert (config.fold_width, config.fold_spaces, config.punctuation) == (False, False, False)


def test_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.to = "tw"  # type: ignore[misc]


def test_config_is_picklable_and_hashable() -> None:
    config = Config(to="tw", fold_width=True, annotations=False)
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert hash(copy) == hash(config)
    assert len({config, copy, Config()}) == 2


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("zh-TW", "tw"), ("zh_TW", "tw"), ("zh-Hans", "simplified"), ("S", "simplified"),
     ("zh-HK", "hk"), ("s2twp.json", "s2twp"), (" Traditional ", "traditional"), ("auto", "auto"),
     ("t2s", "t2s")],
)
def test_config_normalizes_target(name: str, canonical: str) -> None:
    assert Config(to=name).to == canonical


@pytest.mark.parametrize("name", ["martian", "zh-XX", "", "s2x"])
def test_bad_target_raises_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown conversion target"):
        Config(to=name)
    with pytest.raises(ValueError, match="unknown conversion target"):
        textfix.fix("为人民服务", to=name)


def test_config_replace() -> None:
    config = Config().replace(to="tw", punctuation=True)
    assert (config.to, config.punctuation) == ("tw", True)
    with pytest.raises(TypeError, match="colour"):
        Config().replace(colour=True)


def test_unknown_option_raises_type_error() -> None:
    with pytest.raises(TypeError, match="fold_widths"):
        textfix.fix("你好", fold_widths=True)
    with pytest.raises(TypeError):
        textfix.fix_and_explain("你好", bogus=False)


def test_fix_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="decode"):
        textfix.fix(b"\xe4\xbd\xa0\xe5\xa5\xbd")  # type: ignore[arg-type]


def test_options_override_config() -> None:
    text = "衡陽市僑聯(lián)"
    keep = Config(annotations=False)
    assert textfix.fix(text, config=keep) == text
    assert textfix.fix(text, config=keep, annotations=True) == "衡陽市僑聯"
    assert textfix.fix(text, config=Config(to="simplified")) == "衡阳市侨联"
    assert textfix.fix(text, config=Config(to="simplified"), to="tw") == "衡陽市僑聯"
    assert textfix.fix("中文,English", config=Config(punctuation=True)) == "中文，English"
    assert textfix.fix("中文,English", config=Config(punctuation=True),
                       punctuation=False) == "中文,English"


def test_config_object_is_shared_not_mutated() -> None:
    config = Config(to="simplified")
    textfix.fix("為人民服務", config=config, to="tw", punctuation=True)
    assert config == Config(to="simplified")


# --- explanation and replay -----------------------------------------------------------------

EXPLAINED = [
    # (input, options, expected output)
    ("衡陽市僑聯(lián)召開會議", {}, "衡陽市僑聯召開會議"),
    ("售价&nbsp;199元\u200b包邮", {}, "售价\u00a0199元包邮"),
    (read_as_cp1252("衡陽市僑聯(lián)") + "\u200b說:好&amp;壞", {"to": "simplified",
                                                              "punctuation": True},
     "衡阳市侨联说：好&坏"),
    ("第一行 \u2f08民\n第二行 僑聯(lián)\n第三行 &#20013;文", {"to": "simplified"},
     "第一行 人民\n第二行 侨联\n第三行 中文"),
    ("请插入U盘(ㄆㄢˊ)\n然后打开软件", {"to": "twp"}, "請插入隨身碟\n然後開啟軟體"),
    ("他说:好,我们明天见.版本1.2 (测试)", {"punctuation": True},
     "他说：好，我们明天见。版本1.2 （测试）"),
    ("ｉＰｈｏｎｅ１５\u3000官方\u00a0正品", {"fold_width": True, "fold_spaces": True},
     "iPhone15 官方 正品"),
    ("锟斤拷 " + read_as_cp1252("你好"), {}, "锟斤拷 你好"),
]


@pytest.mark.parametrize(("text", "options", "expected"), EXPLAINED)
def test_fix_and_explain_replays(text: str, options: dict[str, object], expected: str) -> None:
    result = textfix.fix_and_explain(text, **options)  # type: ignore[arg-type]
    assert isinstance(result, FixResult)
    assert result.text == expected
    assert textfix.fix(text, **options) == expected  # type: ignore[arg-type]
    assert result.changed
    assert all(isinstance(step, Step) for step in result.steps)
    assert textfix.replay(text, result.steps) == result.text


def test_steps_index_the_text_the_layer_received() -> None:
    text = "僑聯(lián)與官網(wǎng)"
    result = textfix.fix_and_explain(text)
    assert [(s.start, s.end, s.before) for s in result.steps] == [
        (2, 8, "(lián)"), (11, 17, "(wǎng)")]
    for step in result.steps:
        assert text[step.start:step.end] == step.before


def test_clean_text_has_no_steps() -> None:
    result = textfix.fix_and_explain("今天天气很好。")
    assert result == FixResult("今天天气很好。", ())
    assert not result.changed


# --- idempotence and clean text -------------------------------------------------------------


def _case_inputs() -> list[str]:
    def cases(name: str) -> list[dict[str, str]]:
        return list(json.loads((CASES / name).read_text(encoding="utf-8"))["cases"])

    texts = [case["input"] for case in cases("annotations.json")]
    texts.extend(case["input"] for case in cases("negative.json")  # those of the annotations
                 if case["label"].startswith("parentheses kept: "))
    texts.extend(case["input"] for case in cases("script.json"))
    texts.extend(text for text, _, _ in EXPLAINED)
    texts.extend([
        read_as_cp1252("【正品保证】小米手环8 NFC版"),
        "&amp;lt;p&amp;gt;正文&amp;lt;/p&amp;gt;",
        "衡陽市僑聯(lián)(lián)(lián)",
        "衡陽市僑聯&#40;lián&#41;",
        "中\u200d文\x00字\u2f08符",
        "数据\ufffd丢失 锟斤拷",
    ])
    return texts


CASE_INPUTS = _case_inputs()


@pytest.mark.parametrize("text", CASE_INPUTS)
def test_idempotent(text: str) -> None:
    once = textfix.fix(text)
    assert textfix.fix(once) == once


@pytest.mark.parametrize("text", CASE_INPUTS)
def test_idempotent_with_conversion_to_simplified(text: str) -> None:
    # (Not asked of traditional targets: OpenCC's s2t reads an already traditional 里長 as 裡長.)
    once = textfix.fix(text, to="simplified")
    assert textfix.fix(once, to="simplified") == once


# --- punctuation (opt-in) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说:好,我们明天见.", "他说：好，我们明天见。"),
        ("真的吗?太好了!", "真的吗？太好了！"),
        ("版本1.2已发布;文件名是 说明.txt", "版本1.2已发布；文件名是 说明.txt"),
        ("(测试)和(test)", "（测试）和(test)"),
        ("f(x) = 3.14, a, b", "f(x) = 3.14, a, b"),
    ],
)
def test_punctuation(text: str, expected: str) -> None:
    assert textfix.fix(text, punctuation=True) == expected
    assert textfix.fix(text) == text


# --- the fast path ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "调用 printf(format) 函数(parameters)输出，并返回写入的字节数。",  # "(" before a word
    "他说：“今天我们休息。”——然后就走了……",  # curly quotes, — and … are Western characters
    "AT&T 的股价今天上涨了 3%，R&D 投入也增加了。",  # "&" that starts no reference
    "北京(Beijing)和上海(Shanghai)都是直辖市。",
])
def test_clean_text_stops_no_scan(text: str) -> None:
    """Characters that start a trigger only in some places do not stop the scan elsewhere: the
    text is left after one scan, with no layer run."""
    from textfix import pipeline

    assert pipeline.DEFAULT_PLAN.scan.search(text) is None
    assert pipeline.scan(text, pipeline.DEFAULT_PLAN) is None  # the core's, where it runs
    assert textfix.fix(text) == text


@pytest.mark.parametrize(("text", "layer"), [
    ("衡陽市僑聯(lián)", "annotations"),
    ("价格&nbsp;199元", "html"),
    ("ä½ å¥½", "mojibake"),
    ("标题：“ÄãºÃ”", "mojibake"),
])
def test_triggers_still_stop_the_scan(text: str, layer: str) -> None:
    from textfix import pipeline

    assert layer in pipeline._layers_to_run(text, pipeline.DEFAULT_PLAN)
