//! A whole text read through a chain at once: what `recode.repair_whole` (in
//! `src/textfix/recode/whole.py`, the reference) computes, for many chains in one call. The
//! text is re-encoded by the codec that misread it and decoded by the one that wrote it,
//! `times` rounds, strictly; the reading is kept where it loses nothing, holds no character
//! rarer than `rarest`, makes no foreign letters, reads like Chinese where it reads into
//! Chinese, and saves more than the margin. The character classes of those checks are the
//! model's `whole_classes`, found by the Python patterns themselves (`tools/build_model.py`).

use crate::codecs::{True, Wrong};
use crate::model::Model;
use crate::score::{cost, cost_in_words, word_bonus};

/// The bits of `whole_classes` (`tools/build_model.py`'s WHOLE_ constants).
const FOREIGN: u8 = 1;
const HAN: u8 = 2;
const CJK_PUNCTUATION: u8 = 4;
const ACCENTED: u8 = 8;
const LOWER: u8 = 16;
const WORD_SIDE: u8 = 32;
const C1: u8 = 64;

/// Written for a character whose bytes the wrong codec could not read (`recode.chain.GAP`).
const GAP: u32 = 0xFFFD;

/// A chain as `recode.Chain` names it.
#[derive(Debug, Clone)]
pub struct ChainName {
    pub wrong: String,
    pub true_codec: String,
    pub times: i64,
}

impl ChainName {
    /// The chain's codecs; None for one the core does not hold.
    pub fn codecs(&self) -> Option<(Wrong, True)> {
        Some((Wrong::named(&self.wrong)?, True::named(&self.true_codec)?))
    }
}

/// The numbers of the checks, passed from Python (`recode.WHOLE_AVERAGE`, `recode.MARGIN`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most a reading into Chinese may cost per non-ASCII character, on average.
    pub average: f64,
    /// What a reading must save.
    pub margin: f64,
}

/// What reading a whole text through one chain gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Whole {
    /// A codec the core holds no table for: the reference reads it.
    NotHandled,
    /// No reading is taken.
    Nothing,
    /// The text reads as `after`, saving `gain` bits.
    Found(Vec<u32>, f64),
}

/// `text` read through each of `chains` (`recode.repair_whole` of each), no character of a
/// reading costlier than `rarest`.
pub fn repair_whole_each(
    model: &Model,
    text: &[u32],
    chains: &[ChainName],
    rarest: f64,
    limits: Limits,
) -> Vec<Whole> {
    let facts = Facts::of(model, text);
    chains
        .iter()
        .map(|chain| repair_whole(model, text, &facts, chain, rarest, limits))
        .collect()
}

/// What the checks ask of the text itself, found once for all chains.
struct Facts {
    gap: bool,
    astral: bool,
    losses: usize,
    foreign: usize,
    /// Computed on first use: most chains fail before the gain is asked.
    cost: std::cell::OnceCell<f64>,
    european_word: std::cell::OnceCell<bool>,
}

impl Facts {
    fn of(model: &Model, text: &[u32]) -> Facts {
        Facts {
            gap: text.contains(&GAP),
            astral: text.iter().any(|&code| code > 0xFFFF),
            losses: losses(text),
            foreign: count(model, text, FOREIGN),
            cost: std::cell::OnceCell::new(),
            european_word: std::cell::OnceCell::new(),
        }
    }
}

fn single_byte(codec: &str) -> bool {
    codec == "latin-1" || codec.starts_with("sloppy-")
}

fn repair_whole(
    model: &Model,
    text: &[u32],
    facts: &Facts,
    chain: &ChainName,
    rarest: f64,
    limits: Limits,
) -> Whole {
    let single = single_byte(&chain.wrong);
    let to_utf8 = chain.true_codec == "utf-8";
    if facts.gap || (!single && (!to_utf8 || facts.astral)) {
        return Whole::Nothing;
    }
    let (Some(wrong), Some(true_codec)) =
        (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
    else {
        return Whole::NotHandled;
    };
    let mut after = text.to_vec();
    for _ in 0..chain.times.max(0) {
        let mut data = Vec::with_capacity(after.len() * 2);
        if !after
            .iter()
            .all(|&code| model.codecs.encode(wrong, code, &mut data))
        {
            return Whole::Nothing;
        }
        match model.codecs.decode(true_codec, &data) {
            Some(read) => after = read,
            None => return Whole::Nothing,
        }
    }
    if losses(&after) > facts.losses {
        return Whole::Nothing;
    }
    let worst = after
        .iter()
        .filter(|&&code| model.whole_class(code) & C1 == 0)
        .map(|&code| model.char_cost(code))
        .fold(0.0, f64::max);
    if worst > rarest {
        return Whole::Nothing;
    }
    if !single && count(model, &after, FOREIGN) > facts.foreign {
        return Whole::Nothing; // 为 read back as Ϊ: a clean neighbour swept into the reading
    }
    if single && !to_utf8 {
        let letters: Vec<u32> = after.iter().copied().filter(|&code| code >= 0x80).collect();
        let reads_like_chinese =
            cost_in_words(model, &letters) <= limits.average * letters.len() as f64;
        let makes_chinese = letters
            .iter()
            .any(|&code| model.whole_class(code) & (HAN | CJK_PUNCTUATION) != 0);
        if !reads_like_chinese
            || !makes_chinese
            || (count(model, &after, HAN) <= 1
                && *facts
                    .european_word
                    .get_or_init(|| european_word(model, text)))
        {
            return Whole::Nothing;
        }
    }
    let gain = *facts.cost.get_or_init(|| cost(model, text)) - cost(model, &after);
    // The margin may be saved with the word pairs the reading makes (擴充 of Big5 read as
    // Western saves 11.7 bits by its characters, 20 with its word).
    let in_words = gain + word_bonus(model, &after) - word_bonus(model, text);
    if gain.max(in_words) > limits.margin {
        Whole::Found(after, gain)
    } else {
        Whole::Nothing
    }
}

/// How many loss markers `text` holds (U+FFFD and "?": `plausibility.losses`).
fn losses(text: &[u32]) -> usize {
    text.iter()
        .filter(|&&code| code == GAP || code == u32::from(b'?'))
        .count()
}

/// How many characters of `text` are in the class `bit`.
fn count(model: &Model, text: &[u32], bit: u8) -> usize {
    text.iter()
        .filter(|&&code| model.whole_class(code) & bit != 0)
        .count()
}

/// Whether `text` holds two lowercase accented letters between ASCII letters
/// (`acceptance.european_word`).
pub(crate) fn european_word(model: &Model, text: &[u32]) -> bool {
    let class = |at: usize| text.get(at).map_or(0, |&code| model.whole_class(code));
    (1..text.len()).any(|at| {
        let (first, second) = (class(at), class(at + 1));
        class(at - 1) & WORD_SIDE != 0
            && first & second & (ACCENTED | LOWER) == ACCENTED | LOWER
            && class(at + 2) & WORD_SIDE != 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    const LIMITS: Limits = Limits {
        average: 15.0,
        margin: 12.0,
    };

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn chain(wrong: &str, true_codec: &str, times: i64) -> ChainName {
        ChainName {
            wrong: wrong.into(),
            true_codec: true_codec.into(),
            times,
        }
    }

    fn read(text: &str, chain: ChainName) -> Whole {
        repair_whole_each(model(), &codes(text), &[chain], 20.0, LIMITS)
            .pop()
            .unwrap_or(Whole::NotHandled)
    }

    #[test]
    fn utf8_read_as_gbk_reads_back() {
        match read("鏂伴椈鎶ラ亾", chain("gbk", "utf-8", 1)) {
            Whole::Found(after, gain) => {
                assert_eq!(after, codes("新闻报道"));
                assert!(gain > 12.0);
            }
            other => panic!("no reading: {other:?}"),
        }
    }

    #[test]
    fn clean_text_has_no_reading() {
        assert_eq!(read("新闻报道", chain("gbk", "utf-8", 1)), Whole::Nothing);
        assert_eq!(
            read("Hôtel de ville", chain("sloppy-cp1252", "utf-8", 1)),
            Whole::Nothing
        );
        assert_eq!(
            read("Napíšte nám", chain("sloppy-cp1250", "gb18030", 1)),
            Whole::Nothing
        );
    }

    #[test]
    fn gbk_read_as_latin1_reads_back() {
        let text = gbk_as_latin1("中文新闻");
        match read(&text, chain("latin-1", "gb18030", 1)) {
            Whole::Found(after, _) => assert_eq!(after, codes("中文新闻")),
            other => panic!("no reading: {other:?}"),
        }
    }

    #[test]
    fn unknown_codecs_are_not_handled() {
        assert_eq!(
            read("abc", chain("sloppy-koi8_r", "utf-8", 1)),
            Whole::NotHandled
        );
        assert_eq!(
            read("abc", chain("latin-1", "big5hkscs", 1)),
            Whole::NotHandled
        );
    }

    #[test]
    fn no_input_panics() {
        for text in [
            vec![],
            vec![0xD800],
            vec![0x10FFFF, 0xFFFF, 0xFFFD],
            vec![0x110000, 0x80, 0x3F],
        ] {
            for chain in [
                chain("gbk", "utf-8", 2),
                chain("latin-1", "cp950", 1),
                chain("sloppy-cp1252", "utf-8", 3),
                chain("cp950", "utf-8", -1),
            ] {
                repair_whole_each(model(), &text, &[chain], f64::INFINITY, LIMITS);
            }
        }
    }

    /// The text written in GBK and read as Latin-1, through the model's GBK table.
    fn gbk_as_latin1(text: &str) -> String {
        let mut data = Vec::new();
        for code in codes(text) {
            assert!(model().codecs.encode(Wrong::Gbk, code, &mut data));
        }
        data.into_iter().map(char::from).collect()
    }
}
