//! Every kernel on arbitrary code point sequences: no panic, whatever the input (lone
//! surrogates, noncharacters, astral characters, controls, long runs of one kind). Inputs come
//! from a fixed-seed generator, so a failure names its case number and repeats.

use textfix_core::codecs::{True, Wrong};
use textfix_core::han::{self, Chain, Tables};
use textfix_core::{runs, score, units, Model};

fn model() -> Model {
    Model::parse(include_bytes!("../../../src/textfix/data/model.bin")).expect("the model parses")
}

/// A small deterministic generator (xorshift64*): no dependency for a stress test.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    /// A code point from one of the ranges mojibake and clean text are made of.
    fn code_point(&mut self) -> u32 {
        const RANGES: [(u32, u32); 10] = [
            (0x00, 0x7F),
            (0x80, 0x24F),
            (0x370, 0x52F),
            (0x3000, 0x30FF),
            (0x4E00, 0x9FFF),
            (0xD800, 0xDFFF),
            (0xE000, 0xF8FF),
            (0xFF00, 0xFFFF),
            (0x1F000, 0x1FAFF),
            (0x20000, 0x10FFFF),
        ];
        let (first, last) = RANGES[self.below(RANGES.len() as u64) as usize];
        first + self.below(u64::from(last - first) + 1) as u32
    }

    fn text(&mut self) -> Vec<u32> {
        let length = match self.below(10) {
            0 => self.below(4000),
            _ => self.below(40),
        };
        (0..length).map(|_| self.code_point()).collect()
    }
}

#[test]
fn the_scorer_never_panics() {
    let model = model();
    let mut draw = Draw(0x7E47_F1C5);
    for _ in 0..5_000 {
        let text = draw.text();
        let costs = score::char_costs(&model, &text);
        assert_eq!(costs.len(), text.len());
        assert!(score::cost(&model, &text).is_finite());
        assert!(score::cost_in_words(&model, &text).is_finite());
        assert_eq!(
            score::neighbours(&model, &text).len(),
            text.len().saturating_sub(1)
        );
        assert!(score::worst(&model, &text) >= 0.0);
    }
}

/// The chains whose unit search the core does, as `recode.Chain` names them.
const CHAINS: [(&str, &str); 8] = [
    ("gbk", "utf-8"),
    ("cp950", "utf-8"),
    ("sloppy-cp1252", "utf-8"),
    ("latin-1", "utf-8"),
    ("latin-1", "gb18030"),
    ("sloppy-mac_roman", "gb18030"),
    ("sloppy-cp1252", "cp950"),
    ("sloppy-cp437", "utf-8"),
];

#[test]
fn the_unit_search_never_panics() {
    let model = model();
    let mut draw = Draw(0x5EED_F0C0);
    // Pieces of mojibake and loss markers among the drawn code points, so that the lossy
    // readings and the Viterbi pass are reached, not only the strict ones.
    let pieces: Vec<Vec<u32>> = [
        "浣犲ソ",
        "涓\u{fffd}",
        "ä½",
        "Ã",
        "?",
        "\u{fffd}",
        "鍥絃",
        " ",
    ]
    .iter()
    .map(|piece| piece.chars().map(u32::from).collect())
    .collect();
    for case in 0..3_000 {
        let mut text = draw.text();
        for _ in 0..draw.below(12) {
            let at = draw.below(text.len() as u64 + 1) as usize;
            let piece = &pieces[draw.below(pieces.len() as u64) as usize];
            text.splice(at..at, piece.iter().copied());
        }
        let (wrong, codec) = CHAINS[case % CHAINS.len()];
        let (wrong, codec) = (Wrong::named(wrong).unwrap(), True::named(codec).unwrap());
        let guess = case % 2 == 1;
        for window in units::unit_gains(&model, &text, wrong, codec, guess).expect("a chain") {
            assert_eq!(window.spans.len(), window.readings.len());
            assert_eq!(window.spans.len(), window.gains.len());
        }
    }
}

#[test]
fn the_big5_gbk_kernels_never_panic() {
    let model = model();
    let tables = [
        Tables::new(&model, Chain::Big5AsGbk),
        Tables::new(&model, Chain::GbkAsBig5),
    ];
    let mut draw = Draw(0x4A7B_11C3);
    for case in 0..5_000 {
        let text = draw.text();
        let chain = &tables[case % 2];
        let _ = han::whole_could_save(chain, &text);
        if let Some(gains) = han::han_gains(&model, chain, &text) {
            assert_eq!(gains.len(), text.len(), "case {case}");
            for (start, end) in runs::best_runs(&gains) {
                assert!(start < end && end <= text.len(), "case {case}");
            }
        }
    }
}

#[test]
fn the_whole_readings_never_panic() {
    use textfix_core::whole::{repair_whole_each, ChainName, Limits, Whole};
    let model = model();
    let chains: Vec<ChainName> = [
        ("gbk", "utf-8", 1),
        ("gbk", "utf-8", 2),
        ("cp950", "utf-8", 1),
        ("gbk", "cp950", 1),
        ("sloppy-cp1252", "utf-8", 2),
        ("latin-1", "gb18030", 1),
        ("sloppy-cp437", "cp950", 1),
        ("sloppy-koi8_r", "utf-8", 1),
        ("latin-1", "utf-8", -3),
    ]
    .into_iter()
    .map(|(wrong, true_codec, times)| ChainName {
        wrong: wrong.into(),
        true_codec: true_codec.into(),
        times,
    })
    .collect();
    let limits = Limits {
        average: 15.0,
        margin: 12.0,
    };
    let mut draw = Draw(0x3A11_0E5D);
    for _ in 0..3_000 {
        let text = draw.text();
        for found in repair_whole_each(&model, &text, &chains, f64::INFINITY, limits) {
            if let Whole::Found(_, gain) = found {
                assert!(gain > limits.margin);
            }
        }
    }
}
