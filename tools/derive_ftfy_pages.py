"""Derive the test data of pages garbled through ftfy: ``tests/ftfy_pages.json``.

    python tools/derive_ftfy_pages.py                         # with the installed ftfy
    /path/to/old-venv/bin/python tools/derive_ftfy_pages.py   # with an older release

Each page of ``PAGES`` (text written for the tests: news, a forum thread, product titles,
classical lines, both scripts) is encoded in GBK (or Big5), read as Latin-1 and as cp1252 (the
bytes cp1252 leaves undefined as C1 controls, as browsers do), and given to ``ftfy.fix_text``
with its default config, as a corpus pipeline runs it. The results of the running ftfy replace
that release's entries in the file and the others stay: ftfy 6.0-6.2 decode more byte runs than
6.3, and the tests hold the behaviour of both without depending on the old release.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ftfy

OUT = Path(__file__).resolve().parent.parent / "tests" / "ftfy_pages.json"

PAGES = {
    "news": ("gb18030", [
        "国家统计局今日发布数据显示，一季度国内生产总值同比增长5.3%。",
        "其中，第三产业增加值占比达到六成，消费对经济增长的贡献率继续提高。",
        "据某业内人士透露，这批浅层地热项目潜力巨大。",
        "第七部分 基金合同当事人及权利义务",
    ]),
    "forum": ("gb18030", [
        "楼主说得对，我上周刚买的这款手机，用了三天就开始发热，客服一直不回消息，太坑了！",
        "你说的那家店在哪里？我找了半天也没找到。",
        "回复：系统目录页面的设置在“高级选项”里，配置好以后重启一下就行。",
    ]),
    "shop": ("gb18030", [
        "【官方正品】小米 Redmi Note 13 Pro 5G手机 2亿像素 12GB+256GB 子夜黑 全网通",
        "某知名品牌浅灰色双肩包，潜水面料防泼水，容量大。",
        "AMD同款显卡，售价３９９９元，Apple台式机可用",
    ]),
    "poems": ("gb18030", [
        "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
        "蒹葭苍苍，白露为霜。所谓伊人，在水一方。",
        "桃之夭夭，灼灼其华。之子于归，宜其室家。",
    ]),
    "taiwan-news-in-gbk": ("gb18030", [
        "行政院今日宣布，自下個月起調整基本工資，月薪將由新台幣兩萬七千四百七十元調升。",
        "聯合新聞網報導：兩岸談判將於下週舉行，各界聞訊高度關注。",
        "他說這句話該怎麼理解？大家來討論一下，總結出詳細的答案。",
    ]),
    "taiwan-forum-in-big5": ("big5", [
        "請問有人用過這家的咖啡機嗎？價格不便宜，但評價好像還不錯。",
        "聽說這家店的牛肉麵很好吃，排隊的人很多。",
        "昔人已乘黃鶴去，此地空餘黃鶴樓。黃鶴一去不復返，白雲千載空悠悠。",
    ]),
}


def read_as(data: bytes, page: str) -> str:
    if page == "latin-1":
        return data.decode("latin-1")
    return "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in data)


def main() -> int:
    entries = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else []
    entries = [entry for entry in entries if entry["ftfy"] != ftfy.__version__]
    for name, (codec, lines) in PAGES.items():
        original = "\n".join(lines)
        for page in ("latin-1", "cp1252"):
            garbled = ftfy.fix_text(read_as(original.encode(codec), page))
            entries.append({"ftfy": ftfy.__version__, "page": name, "codec": codec,
                            "read_as": page, "original": original, "garbled": garbled})
    entries.sort(key=lambda entry: (entry["ftfy"], entry["page"], entry["read_as"]))
    OUT.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(entries)} entries (ftfy {ftfy.__version__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
