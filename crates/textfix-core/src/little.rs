//! Whether acceptance surely turns down a single-byte chain's reading of a Western stretch as
//! resting on too little (`layers.mojibake.acceptance.surely_too_little`, the reference): the
//! line holds what the chain's code page cannot write outside the run, the run no C1 control,
//! and the reading fewer than three Han characters, no Chinese alone, no word with a clean
//! neighbour and no word of its own. `°±` read through GBK as 氨 between figures, beside
//! Chinese or another script, is such a reading.

use crate::codecs::Wrong;
use crate::model::Model;
use crate::score::word_bonus;
use crate::whole::ChainName;

/// The bits of `whole_classes` this module asks (`whole.rs` has them all).
const HAN: u8 = 2;
const CJK_PUNCTUATION: u8 = 4;
/// `acceptance._PARTLY_GARBLED_HAN`, `_JOIN_BITS`.
const PARTLY_GARBLED_HAN: usize = 3;
const JOIN_BITS: f64 = 6.0;

/// `acceptance.surely_too_little` of the reading `after` of `line[start..end]` through `chain`.
pub fn surely_too_little(
    model: &Model,
    line: &[u32],
    start: usize,
    end: usize,
    after: &[u32],
    chain: &ChainName,
) -> bool {
    let Some(wrong) = Wrong::named(&chain.wrong).filter(|wrong| wrong.single_byte()) else {
        return false;
    };
    let (Some(before), Some(left), Some(right)) =
        (line.get(start..end), line.get(..start), line.get(end..))
    else {
        return false;
    };
    let mut byte = Vec::with_capacity(1);
    let mut unwritable = |code: u32| {
        byte.clear();
        code >= 0x80 && !model.codecs.encode(wrong, code, &mut byte)
    };
    let written_elsewhere =
        left.iter().any(|&code| unwritable(code)) || right.iter().any(|&code| unwritable(code));
    let han = after
        .iter()
        .filter(|&&code| model.whole_class(code) & HAN != 0)
        .count();
    let letters: Vec<u32> = after.iter().copied().filter(|&code| code >= 0x80).collect();
    written_elsewhere
        && !before.iter().any(|code| (0x80..=0x9F).contains(code))
        && han < PARTLY_GARBLED_HAN
        && !maybe_only_chinese(model, &letters, han, chain.true_codec == "utf-8")
        && !joins_a_word(model, line, start, end, after)
        && !maybe_a_word_of_its_own(model, line, start, end, &letters)
}

/// `acceptance._CJK_CLASS`: Han characters, kana, bopomofo, CJK and fullwidth punctuation.
fn cjk(model: &Model, code: u32) -> bool {
    model.whole_class(code) & HAN != 0
        || (0x3000..=0x30FF).contains(&code)
        || (0x3100..=0x312F).contains(&code)
        || (0xFF00..=0xFFEF).contains(&code)
}

/// `acceptance._maybe_only_chinese`.
fn maybe_only_chinese(model: &Model, letters: &[u32], han: usize, into_utf8: bool) -> bool {
    if letters.is_empty()
        || letters
            .iter()
            .any(|&code| model.whole_class(code) & (HAN | CJK_PUNCTUATION) == 0)
    {
        return false;
    }
    han >= 2
        || (han == 0 && letters.len() >= 2)
        || (into_utf8 && letters.iter().any(|&code| cjk(model, code)))
}

/// `acceptance._joins_a_word`: the reading's first or last character makes a word with the
/// clean character next to it.
fn joins_a_word(model: &Model, line: &[u32], start: usize, end: usize, after: &[u32]) -> bool {
    let joins = |pair: [Option<&u32>; 2]| match pair {
        [Some(&first), Some(&second)] => word_bonus(model, &[first, second]) >= JOIN_BITS,
        _ => false,
    };
    let left = start.checked_sub(1).and_then(|at| line.get(at));
    joins([left, after.first()]) || joins([after.last(), line.get(end)])
}

/// `acceptance._surely_no_letter`: ASCII but its letters, Latin-1's symbols (A0-BF but ª µ º),
/// × and ÷.
fn surely_no_letter(code: u32) -> bool {
    (code < 0x80 && !(code as u8).is_ascii_alphabetic())
        || ((0xA0..=0xBF).contains(&code) && !matches!(code, 0xAA | 0xB5 | 0xBA))
        || code == 0xD7
        || code == 0xF7
}

/// `acceptance._maybe_a_word_of_its_own`, of the run `line[start..end]` whose reading's
/// characters beyond ASCII are `letters`.
fn maybe_a_word_of_its_own(
    model: &Model,
    line: &[u32],
    start: usize,
    end: usize,
    letters: &[u32],
) -> bool {
    if !line.iter().any(|&code| cjk(model, code)) {
        return false;
    }
    let inside = line.get(start..end).unwrap_or(&[]);
    let Some(first) = inside.iter().position(|&code| code >= 0x80) else {
        return false;
    };
    let length = inside.get(first..).map_or(0, |rest| {
        rest.iter().take_while(|&&code| code >= 0x80).count()
    });
    let (core_start, core_end) = (start + first, start + first + length);
    if let [only] = letters {
        if model.whole_class(*only) & CJK_PUNCTUATION != 0 {
            return true;
        }
    }
    let ascii_alnum = |at: Option<&u32>| {
        at.is_some_and(|&code| code < 0x80 && (code as u8).is_ascii_alphanumeric())
    };
    let core = line.get(core_start..core_end).unwrap_or(&[]);
    !(core.iter().all(|&code| surely_no_letter(code))
        || ascii_alnum(core_start.checked_sub(1).and_then(|at| line.get(at)))
        || ascii_alnum(line.get(core_end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn chain(wrong: &str, true_codec: &str) -> ChainName {
        ChainName {
            wrong: wrong.into(),
            true_codec: true_codec.into(),
            times: 1,
        }
    }

    #[test]
    fn symbols_between_figures_beside_chinese_surely_rest_on_too_little() {
        // 2024°±100 read through GBK is 2024氨100: one Han character, no word.
        let line = codes("新闻，2024°±100，網路");
        let after = codes("2024氨100");
        let gbk = chain("sloppy-cp1252", "gb18030");
        assert!(surely_too_little(model(), &line, 3, 12, &after, &gbk));
        // Alone on its line, nothing the code page cannot write stands outside the run.
        let alone = codes("2024°±100");
        assert!(!surely_too_little(model(), &alone, 0, 9, &after, &gbk));
    }

    #[test]
    fn a_garbled_stretch_does_not() {
        // 价格：ÄãºÃÊÀ½ç is 价格：你好世界: four Han characters.
        let line = codes("价格：ÄãºÃÊÀ½ç");
        let after = codes("你好世界");
        let gbk = chain("latin-1", "gb18030");
        assert!(!surely_too_little(model(), &line, 3, 11, &after, &gbk));
        // A double-byte chain is never judged here, nor a run outside the line.
        assert!(!surely_too_little(
            model(),
            &line,
            3,
            11,
            &after,
            &chain("gbk", "utf-8")
        ));
        assert!(!surely_too_little(model(), &line, 3, 40, &after, &gbk));
    }
}
