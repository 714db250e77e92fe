"""Whole documents of about 32 KB, the unit a crawler hands over, of every kind of clean text the
benchmarks measure: manual pages, classical poetry and prose, web-like pages (paragraphs
between lines of symbols, English, emoji and other scripts), traditional text, European news and
Cantonese forum lines; each kind also with its newlines removed (one 32 KB line, as a JSON
field, minified HTML or a one-paragraph article is).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_symbols import lines as symbol_lines

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DOCUMENT_BYTES = 32_000

# Clean European news sentences (accented letters, guillemets, currencies, units), written for
# these benchmarks.
EUROPEAN_NEWS = (
    "Le gouvernement français a présenté mercredi un budget de 492 milliards d’euros, "
    "en hausse de 3,5 % par rapport à l’an dernier.",
    "À Marseille, la température a atteint 38 °C jeudi après-midi : « du jamais vu en "
    "septembre », selon Météo-France.",
    "Die Bundesregierung plant, die Förderung für Wärmepumpen ab Januar um 15 % zu kürzen.",
    "In München stiegen die Mieten im Durchschnitt auf 21,50 € pro Quadratmeter; Ökonomen "
    "erwarten keine Trendwende.",
    "El Banco de España rebajó su previsión de crecimiento al 1,8 % y advirtió sobre la "
    "inflación subyacente.",
    "La selección española ganó 2–1 en Sevilla con un gol de Muñoz en el minuto 89.",
    "Rząd w Warszawie zapowiedział, że od lipca ceny energii dla gospodarstw domowych "
    "zostaną zamrożone.",
    "W Łodzi otwarto nową linię tramwajową o długości 7,4 km, która połączy dworzec z "
    "osiedlem Widzew.",
    "O Banco Central Europeu manteve as taxas de juro inalteradas pela terceira reunião "
    "consecutiva.",
    "Em São Paulo, a prefeitura anunciou a construção de 12 novas creches até dezembro.",
    "Il Consiglio dei ministri ha approvato la riforma delle pensioni con 18 voti "
    "favorevoli e nessun contrario.",
    "A Napoli il traffico è rimasto bloccato per tre ore dopo l’incidente sulla tangenziale.",
    "Vláda České republiky schválila návrh rozpočtu se schodkem 252 miliard korun.",
    "Ve Zlíně se v sobotu konal tradiční jarmark, který navštívilo přes dvacet tisíc lidí.",
    "Sveriges riksbank höjde styrräntan med 0,25 procentenheter till 4 procent på tisdagen.",
    "Türkiye’nin en büyük şehri İstanbul’da metro hattının açılışı ertelendi.",
    "Ο πρωθυπουργός ανακοίνωσε νέα μέτρα στήριξης ύψους 1,2 δισ. ευρώ για τα νοικοκυριά.",
    "В Москве открылась выставка современного искусства, которая продлится до 15 марта.",
    "Kyiv’s city council approved a 4.3% rise in public-transport fares — the first since "
    "2019.",
    "The company’s shares fell 12% on Thursday after it cut its full-year forecast to £1.2bn.",
)

# Cantonese forum lines (Hong Kong characters and particles, prices and symbols), written for
# these benchmarks.
CANTONESE = (
    "今日去咗旺角食嘢，啲魚蛋好好味，不過排咗成個鐘先買到😂",
    "有冇人知道呢部機點解開唔到？我試咗重新啟動都冇用。",
    "佢哋話聽日會落大雨，記得帶遮呀！",
    "呢間餐廳嘅叉燒飯$58一碟，份量都幾多，推介！",
    "我部電腦用咗三年，而家開機要成兩分鐘，係咪要換SSD？",
    "尋日喺銅鑼灣見到個明星，佢本人好靚仔㗎。",
    "想問吓大家，去日本旅行帶幾多現金先夠？大約€500得唔得？",
    "屋企啲冷氣機又壞咗，今個夏天真係熱到頂唔順。",
    "個樓盤實用面積得380呎，叫價$650萬，你哋覺得值唔值？",
    "啱啱考完DSE，終於可以抖吓啦，下個禮拜去台灣玩。",
    "唔該晒大家嘅意見，我決定買咗部新手機，用落幾順手。",
    "搵咗成日都搵唔到合適嘅工，有冇師兄師姐可以指點吓？",
    "個盒尺寸係30×20×15cm，重量±2kg，寄順豐要幾錢？",
    "今朝地鐵又延誤，遲咗半個鐘返工，俾老細鬧咗一餐。",
    "我哋隊今晚贏咗2比1，全場氣氛好熱烈！⚽",
    "呢本書講香港六七十年代嘅歷史，好值得一睇。",
)


def corpus(name: str) -> list[dict[str, str]]:
    with gzip.open(SHARED / "corpus" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def joined(texts: Iterable[str], limit: int, size: int = DOCUMENT_BYTES) -> list[str]:
    """``texts`` joined by newlines into documents of ``size`` bytes of UTF-8 or a text more, at
    most ``limit`` of them (a last, shorter one is dropped)."""
    documents: list[str] = []
    document: list[str] = []
    length = 0
    for text in texts:
        document.append(text)
        length += len(text.encode("utf-8", "surrogatepass")) + 1
        if length >= size:
            documents.append("\n".join(document))
            document, length = [], 0
            if len(documents) == limit:
                break
    return documents


def _interleaved(first: list[str], second: list[str]) -> Iterator[str]:
    for pair in zip(first, second, strict=False):
        yield from pair


def _drawn(texts: tuple[str, ...], count: int, seed: int) -> list[str]:
    """``count`` lines of two of ``texts`` each, their figures drawn anew: a page of a few dozen
    sentences repeated would measure a cache of lines, not the reading of each (a real page
    repeats its navigation, not its paragraphs)."""
    rng = random.Random(seed)

    def figures(text: str) -> str:
        return _DIGITS.sub(lambda run: str(rng.randrange(10 ** len(run.group()))), text)

    return [f"{figures(rng.choice(texts))} {figures(rng.choice(texts))}" for _ in range(count)]


_DIGITS = re.compile("[0-9]+")


def clean_documents(limit: int, seed: int = 1) -> dict[str, list[str]]:
    """{kind: up to ``limit`` clean documents}, with a "... one line" kind for each."""
    dev = corpus("dev")
    literary = [record["text"] for record in corpus("literary")]
    shuffled = random.Random(seed).sample(literary, len(literary))  # every collection mixed
    dev_texts = [record["text"] for record in dev]
    kinds = {
        "manual pages": joined(dev_texts, limit),
        "classical poetry and prose": joined(shuffled, limit),
        "web-like": joined(_interleaved(dev_texts, symbol_lines(len(dev_texts), seed)), limit),
        "traditional": joined((record["text"] for record in dev
                               if record["script"] == "traditional"), limit),
        "European news and Cantonese": joined(
            _interleaved(_drawn(EUROPEAN_NEWS, 20_000, seed), _drawn(CANTONESE, 20_000, seed)),
            limit),
    }
    for kind, documents in list(kinds.items()):
        kinds[f"{kind}, one line"] = [document.replace("\n", " ") for document in documents]
    return kinds
