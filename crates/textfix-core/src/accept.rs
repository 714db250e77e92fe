//! The runs `recode.repair_runs` keeps, for the chains whose runs the dismissal of a line asks
//! about: from GBK or Big5 into UTF-8, between Big5 and GBK, and from a Western code page
//! (into UTF-8, GB18030 or Big5). The gains pick runs (the run DP), each run is grown to a
//! boundary, a Big5/GBK one also by the characters of the other script at its ends and cut at
//! a clause's end, and kept only where it is convincing (and, read from a Western code page
//! into Chinese, not one Han character from a European word's letters). The reference is
//! `recode._accepted_runs` and `recode/acceptance.py` (`grown_to_boundary`, `script_extended`,
//! `cut_at_clause_end`, `whole_clause`, `convincing`, `lone_han`, `european_word`); every
//! repair here is the one it makes, to the last bit.

use crate::codecs::{True, Wrong};
use crate::han::{self, Tables};
use crate::model::{Model, SIMPLIFIED_ONLY, TRADITIONAL_ONLY, UNREADABLE};
use crate::runs::{best_runs, MARGIN};
use crate::score::cost_in_words;
use crate::units::{self, Reading};
use crate::whole::european_word;

/// The bits of `whole_classes` this module asks (`whole.rs` has them all).
const FOREIGN: u8 = 1;
const HAN: u8 = 2;
const CJK_PUNCTUATION: u8 = 4;

/// `acceptance.SNAP_UNITS`, `SNAP_BITS`: how far and over how much worse a run is grown.
const SNAP_UNITS: usize = 3;
const SNAP_BITS: f64 = 6.0;
/// `acceptance._HAN_TO_HAN_MARGIN`: what a Big5/GBK run must save but as a whole clause.
const HAN_TO_HAN_MARGIN: f64 = 18.0;
/// `acceptance.CLAUSE_CHARS`, `CLAUSE_RARE`.
const CLAUSE_CHARS: usize = 3;
const CLAUSE_RARE: f64 = 20.0;
/// `acceptance.PLAUSIBLE_AVERAGE`: what real text costs per character at most, on average.
const PLAUSIBLE_AVERAGE: f64 = 12.5;

/// `acceptance._CLAUSE_MARKS` and `_SENTENCE_MARKS` (the same marks): ，、。；：？！
const CLAUSE_MARKS: [u32; 7] = [0xFF0C, 0x3001, 0x3002, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01];

/// A run's repair: `recode.Repair`.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub start: usize,
    pub end: usize,
    pub after: Vec<u32>,
    pub gain: f64,
}

/// The units of a search, as `_accepted_runs` takes them.
struct Units<'a> {
    spans: &'a [(usize, usize)],
    befores: Vec<&'a [u32]>,
    readings: Readings<'a>,
    gains: &'a [Option<f64>],
    /// Between Big5 and GBK (`recode.han_to_han`), else from a double-byte codec or a Western
    /// code page (`single`) into UTF-8, or from a Western code page into Chinese
    /// (`into_chinese`).
    han: bool,
    single: bool,
    into_chinese: bool,
}

/// What each unit reads as: a search's readings, or between Big5 and GBK, where each unit is
/// one character, each character's reading ([`UNREADABLE`] where it has none), with no list
/// made of each.
enum Readings<'a> {
    Units(&'a [Reading]),
    Chars(&'a [u32]),
}

/// `recode.repair_runs(text, chain)` for a chain from GBK or Big5 (`wrong`) into UTF-8, or from
/// a Western code page into any codec (the units of `units::unit_gains`); None for another
/// chain.
pub fn unit_repairs(
    model: &Model,
    text: &[u32],
    wrong: Wrong,
    codec: True,
    guess: bool,
) -> Option<Vec<Repair>> {
    let single = wrong.single_byte();
    if !single && codec != True::Utf8 {
        return None;
    }
    let mut repairs = Vec::new();
    for window in units::unit_gains(model, text, wrong, codec, guess)? {
        let befores = window
            .spans
            .iter()
            .map(|&(start, end)| text.get(start..end).unwrap_or(&[]))
            .collect();
        repairs.extend(accepted_runs(
            model,
            &Units {
                spans: &window.spans,
                befores,
                readings: Readings::Units(&window.readings),
                gains: &window.gains,
                han: false,
                single,
                into_chinese: single && codec != True::Utf8,
            },
        ));
    }
    Some(repairs)
}

/// `recode.repair_runs(text, chain)` for a chain between Big5 and GBK (`recode._han_repairs`):
/// the runs the gains of its characters (`han::han_gains`) pick.
pub fn han_repairs(model: &Model, tables: &Tables, text: &[u32]) -> Vec<Repair> {
    let Some(gains) = han::han_gains(model, tables, text) else {
        return Vec::new();
    };
    let readings: Vec<u32> = text.iter().map(|&code| tables.reading(code)).collect();
    let spans: Vec<(usize, usize)> = (0..text.len()).map(|index| (index, index + 1)).collect();
    let befores = text.chunks(1).collect();
    accepted_runs(
        model,
        &Units {
            spans: &spans,
            befores,
            readings: Readings::Chars(&readings),
            gains: &gains,
            han: true,
            single: false,
            into_chinese: false,
        },
    )
}

/// `recode._accepted_runs`: the convincing runs of units that the gains pick.
fn accepted_runs(model: &Model, units: &Units) -> Vec<Repair> {
    let mut repairs = Vec::new();
    for (first, last) in best_runs(units.gains) {
        let (mut first, mut last) = grown_to_boundary(model, units, first, last);
        if units.han {
            (first, last) = script_extended(model, units, first, last);
            last = cut_at_clause_end(model, units, first, last);
        }
        let gain = units
            .gains
            .get(first..last)
            .unwrap_or(&[])
            .iter()
            .fold(0.0, |sum, gain| sum + gain.unwrap_or(0.0));
        let after: Vec<u32> = (first..last).flat_map(|at| repaired(units, at)).collect();
        let clause = units.han && whole_clause(model, units, first, last);
        if !convincing(model, units, first, last, gain, &after, clause) {
            continue;
        }
        if units.into_chinese
            && count(model, &after, HAN) <= 1
            && european_word(model, &word_around(units, first, last))
        {
            continue; // one Han character from a European word's letters (Nap須te)
        }
        let (Some(&(start, _)), Some(&(_, end))) = (
            units.spans.get(first),
            last.checked_sub(1).and_then(|at| units.spans.get(at)),
        ) else {
            continue;
        };
        repairs.push(Repair {
            start,
            end,
            after,
            gain,
        });
    }
    repairs
}

/// The units `[first, last)` with the character before and the one after them: what
/// `recode._accepted_runs` asks `european_word` of.
fn word_around(units: &Units, first: usize, last: usize) -> Vec<u32> {
    let left = first
        .checked_sub(1)
        .and_then(|at| before(units, at).last().copied());
    let right = before(units, last).first().copied();
    left.into_iter()
        .chain((first..last).flat_map(|at| before(units, at).iter().copied()))
        .chain(right)
        .collect()
}

/// How many characters of `text` are in the class `bit`.
fn count(model: &Model, text: &[u32], bit: u8) -> usize {
    text.iter()
        .filter(|&&code| model.whole_class(code) & bit != 0)
        .count()
}

fn before<'a>(units: &Units<'a>, at: usize) -> &'a [u32] {
    units.befores.get(at).copied().unwrap_or(&[])
}

fn reading<'a>(units: &Units<'a>, at: usize) -> Option<&'a [u32]> {
    match units.readings {
        Readings::Units(readings) => readings
            .get(at)
            .and_then(|reading| reading.as_ref())
            .map(|(chars, _)| chars.as_slice()),
        Readings::Chars(readings) => readings
            .get(at)
            .filter(|&&reading| reading != UNREADABLE)
            .map(std::slice::from_ref),
    }
}

fn gain(units: &Units, at: usize) -> Option<f64> {
    units.gains.get(at).copied().flatten()
}

/// `recode.chain.repaired_text`: a unit's reading, or the unit where it has none.
fn repaired<'a>(units: &'a Units, at: usize) -> impl Iterator<Item = u32> + 'a {
    reading(units, at)
        .unwrap_or_else(|| before(units, at))
        .iter()
        .copied()
}

/// Whether a unit's reading is another text than the unit (`reading and reading[0] != before`).
fn changes(units: &Units, at: usize) -> bool {
    reading(units, at).is_some_and(|read| read != before(units, at))
}

/// `acceptance.BOUNDARY`, `[\x00-\x7f]`, and `HAN_BOUNDARY`, which adds Chinese's clause marks
/// (、。！，：；？), matched at the start of a unit.
fn boundary(units: &Units, at: usize) -> bool {
    before(units, at).first().is_some_and(|&code| {
        code < 0x80
            || (units.han
                && matches!(
                    code,
                    0x3001 | 0x3002 | 0xFF01 | 0xFF0C | 0xFF1A | 0xFF1B | 0xFF1F
                ))
    })
}

/// `plausibility.foreign`: how many IPA, Greek, Cyrillic, Hangul and kana letters.
fn foreign(model: &Model, text: &[u32]) -> usize {
    text.iter()
        .filter(|&&code| model.whole_class(code) & FOREIGN != 0)
        .count()
}

/// `acceptance.grown_to_boundary`: the run grown to a boundary SNAP_UNITS units away or less,
/// over units that read a little worse at most, never as foreign letters.
fn grown_to_boundary(model: &Model, units: &Units, first: usize, last: usize) -> (usize, usize) {
    let reaches = |walk: &mut dyn Iterator<Item = usize>| -> usize {
        let mut taken = 0;
        for at in walk {
            if taken == SNAP_UNITS {
                return 0;
            }
            if boundary(units, at) {
                return taken;
            }
            let joins = gain(units, at).is_some_and(|gain| gain >= -SNAP_BITS)
                && reading(units, at).is_some_and(|read| {
                    !read.iter().any(|&code| (0x80..=0x2FF).contains(&code))
                        && foreign(model, read) <= foreign(model, before(units, at))
                });
            if !joins {
                return 0;
            }
            taken += 1;
        }
        taken
    };
    let left = reaches(&mut (0..first).rev());
    let right = reaches(&mut (last..units.gains.len()));
    (first - left, last + right)
}

/// `acceptance.script_of`: the script whose own characters `text` holds more of (its bit), or
/// 0 where neither.
fn script_of(model: &Model, text: impl Iterator<Item = u32>) -> u8 {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for code in text {
        let bits = model.script_only(code);
        simplified += usize::from(bits & SIMPLIFIED_ONLY != 0);
        traditional += usize::from(bits & TRADITIONAL_ONLY != 0);
    }
    match simplified.cmp(&traditional) {
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => SIMPLIFIED_ONLY,
        std::cmp::Ordering::Less => TRADITIONAL_ONLY,
    }
}

/// Whether a one-character `text` is that character of the script `bits` (`char in other`).
fn only_in(model: &Model, text: &[u32], bits: u8) -> bool {
    matches!(text, [code] if model.script_only(*code) & bits != 0)
}

/// `acceptance.script_extended`: the Big5/GBK run grown by the characters at its ends that
/// belong to the other script than its repair and read back as characters that do not.
fn script_extended(model: &Model, units: &Units, first: usize, last: usize) -> (usize, usize) {
    let script = script_of(model, (first..last).flat_map(|at| repaired(units, at)));
    if script == 0 {
        return (first, last);
    }
    let other = if script == TRADITIONAL_ONLY {
        SIMPLIFIED_ONLY
    } else {
        TRADITIONAL_ONLY
    };
    let joins = |at: usize| {
        gain(units, at).is_some_and(|gain| gain >= -SNAP_BITS)
            && reading(units, at).is_some_and(|read| {
                only_in(model, before(units, at), other) && !only_in(model, read, other)
            })
    };
    let (mut first, mut last) = (first, last);
    while first > 0 && joins(first - 1) {
        first -= 1;
    }
    while last < units.gains.len() && joins(last) {
        last += 1;
    }
    (first, last)
}

/// Whether `text` is one Han character (`_han_char().fullmatch`).
fn one_han(model: &Model, text: &[u32]) -> bool {
    matches!(text, [code] if model.whole_class(*code) & HAN != 0)
}

/// `acceptance.cut_at_clause_end`: the run's end, less its last character where that is a Han
/// character saving less than SNAP_BITS right after a clause mark the run reads back.
fn cut_at_clause_end(model: &Model, units: &Units, first: usize, last: usize) -> usize {
    if last < first + 2 {
        return last;
    }
    let garbled_mark = reading(units, last - 2).is_some_and(|mark| {
        matches!(mark, [code] if CLAUSE_MARKS.contains(code)) && mark != before(units, last - 2)
    });
    let cut = garbled_mark
        && gain(units, last - 1).is_some_and(|gain| gain < SNAP_BITS)
        && one_han(model, before(units, last - 1));
    if cut {
        last - 1
    } else {
        last
    }
}

/// `acceptance.whole_clause`: a Big5/GBK run of CLAUSE_CHARS or more characters that all
/// change, between clause boundaries (or the text's ends), one of them CLAUSE_RARE bits rare.
fn whole_clause(model: &Model, units: &Units, first: usize, last: usize) -> bool {
    last >= first + CLAUSE_CHARS
        && (first == 0 || boundary(units, first - 1))
        && (last == units.befores.len() || boundary(units, last))
        && (first..last).all(|at| changes(units, at))
        && (first..last)
            .flat_map(|at| before(units, at).iter())
            .map(|&code| model.char_cost(code))
            .fold(f64::NEG_INFINITY, f64::max)
            >= CLAUSE_RARE
}

/// `acceptance._lone_mark`: one character changes, a private-use one read as a sentence mark.
fn lone_mark(units: &Units, first: usize, last: usize) -> bool {
    let mut changed = (first..last).filter(|&at| changes(units, at));
    let (Some(only), None) = (changed.next(), changed.next()) else {
        return false;
    };
    before(units, only)
        .first()
        .is_some_and(|code| (0xE000..=0xF8FF).contains(code))
        && matches!(reading(units, only), Some([code]) if CLAUSE_MARKS.contains(code))
}

/// `acceptance._ALPHABET_LETTERS.fullmatch`: Latin, Greek and Cyrillic letters only.
fn alphabet_letters(text: &[u32]) -> bool {
    !text.is_empty()
        && text.iter().all(|&code| {
            matches!(code, 0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x52F)
        })
}

/// `acceptance.convincing`: at least two garbled characters in a row change (or, between Big5
/// and GBK, one private-use character read as a sentence mark), no foreign letters are added
/// (but from a Western code page), and the run saves more than the margin (into UTF-8); from a
/// Western code page into Chinese, more than the margin, reading like real text and making a
/// Han character or CJK punctuation; between Big5 and GBK, more than HAN_TO_HAN_MARGIN (the
/// margin for a whole clause) and reading like real text.
fn convincing(
    model: &Model,
    units: &Units,
    first: usize,
    last: usize,
    gain: f64,
    after: &[u32],
    clause: bool,
) -> bool {
    let (mut streak, mut longest) = (0usize, 0usize);
    for at in first..last {
        streak = if changes(units, at) {
            streak + before(units, at).len()
        } else {
            0
        };
        longest = longest.max(streak);
    }
    if longest < 2 && !(units.han && lone_mark(units, first, last)) {
        return false;
    }
    let befores: Vec<u32> = (first..last)
        .flat_map(|at| before(units, at).iter().copied())
        .collect();
    if !units.single && foreign(model, after) > foreign(model, &befores) {
        return false;
    }
    let letters: Vec<u32> = after.iter().copied().filter(|&code| code >= 0x80).collect();
    let reads_like_chinese =
        || cost_in_words(model, &letters) <= PLAUSIBLE_AVERAGE * letters.len() as f64;
    if units.into_chinese {
        // A Western code page read back as Chinese must read like it, and make a Han character
        // or CJK punctuation (`makes_chinese`).
        return gain > MARGIN
            && reads_like_chinese()
            && letters
                .iter()
                .any(|&code| model.whole_class(code) & (HAN | CJK_PUNCTUATION) != 0);
    }
    if !units.han {
        return gain > MARGIN;
    }
    if alphabet_letters(&befores) {
        return false; // a Russian word read back from GBK as Big5
    }
    gain > (if clause { MARGIN } else { HAN_TO_HAN_MARGIN }) && reads_like_chinese()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn han(text: &str, chain: han::Chain) -> Vec<Repair> {
        let tables = Tables::new(model(), chain);
        han_repairs(model(), &tables, &codes(text))
    }

    #[test]
    fn garbled_big5_is_kept_and_clean_classical_text_is_not() {
        // 臺灣的中文字幕下載 in Big5, read as GBK (with U+FFFD where GBK reads nothing).
        let found = han("籓芖\u{fffd}氦い濡r辊\u{fffd}U更", han::Chain::Big5AsGbk);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (0, 2));
        assert_eq!(found[0].after, codes("臺灣"));
        assert_eq!(found[0].gain, 37.8349609375);
        assert!(han(
            "鴨鴨，觜唼唼。青蒲生，春水狹。蕩漾木蘭船，中有雙少年。少年醉，鴨不起。",
            han::Chain::GbkAsBig5
        )
        .is_empty());
    }

    #[test]
    fn utf8_read_as_gbk_is_kept() {
        let text = codes("说明：浣犲ソ锛屼笘鐣岋紒 done");
        let found = unit_repairs(model(), &text, Wrong::Gbk, True::Utf8, false);
        let found = found.unwrap_or_default();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (3, 12));
        assert_eq!(found[0].after, codes("你好，世界！"));
        assert_eq!(found[0].gain, 121.0927734375);
        assert_eq!(
            unit_repairs(model(), &text, Wrong::Gbk, True::Gb18030, false),
            None
        );
    }

    #[test]
    fn gbk_read_as_latin1_is_kept_and_symbols_are_not() {
        let text = codes("说明：ÄãºÃÊÀ½ç done");
        let found = unit_repairs(model(), &text, Wrong::Page(0), True::Gb18030, false);
        let found = found.unwrap_or_default();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].after, codes("你好世界"));
        let symbols = codes("价格 25°±2°C, Pro®©");
        let found = unit_repairs(model(), &symbols, Wrong::Page(0), True::Gb18030, false);
        assert_eq!(found, Some(Vec::new()));
    }

    #[test]
    fn no_input_panics() {
        let texts: [&[u32]; 5] = [
            &[],
            &[0xD800, 0xDFFF],
            &[0xFFFF, 0x110000, 0x10FFFF],
            &[0xE000, 0xE000, 0x3002],
            &[0x41, 0x20AC, 0x6D63, 0x7280, 0x8C92],
        ];
        for text in texts {
            for chain in [han::Chain::Big5AsGbk, han::Chain::GbkAsBig5] {
                let tables = Tables::new(model(), chain);
                han_repairs(model(), &tables, text);
            }
            for wrong in [Wrong::Gbk, Wrong::Cp950] {
                unit_repairs(model(), text, wrong, True::Utf8, false);
                unit_repairs(model(), text, wrong, True::Utf8, true);
            }
        }
    }
}
