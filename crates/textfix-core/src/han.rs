//! Big5 and GBK read as each other, per line: what each character saves read through the chain,
//! with half of what each pair of neighbours saves credited to each, and the bounds that dismiss
//! a line before any of that is computed. The reference is `src/textfix/recode/han.py`
//! (`han_gains`: `_could_save`, `_han_savings`, `_most_saved`, `_with_pair_credit`; and
//! `whole_could_save`); every function here returns what it returns, to the last bit (the
//! model's costs are dyadic fractions, so every sum is exact in any order).
//!
//! Text is a slice of code points, as Python's strings are: a lone surrogate is one of them.

use crate::model::{Model, UNREADABLE};
use crate::runs::MARGIN;
use crate::score::{join, neighbours};

/// Below any repair's margin by more than the sums of a line's gains can be off by rounding.
const ROUNDING: f64 = 0.01;
/// The bound every line's best run must reach.
const BOUND: f64 = MARGIN - ROUNDING;
/// A noncharacter: in no pair, as a text's ends are; also what no reading is.
const NONE_CODE: u32 = 0xFFFF;

/// The Big5/GBK chains the model holds readings for, in its order (`model.READING_CHAINS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// Big5 text read as GBK: `Chain("gbk", "cp950")`.
    Big5AsGbk = 0,
    /// GBK text read as Big5: `Chain("cp950", "gb18030")`.
    GbkAsBig5 = 1,
}

impl Chain {
    /// The chain that reads text misread by `wrong` as the `true` codec, if the model has it.
    pub fn named(wrong: &str, true_codec: &str) -> Option<Chain> {
        match (wrong, true_codec) {
            ("gbk", "cp950") => Some(Chain::Big5AsGbk),
            ("cp950", "gb18030") => Some(Chain::GbkAsBig5),
            _ => None,
        }
    }
}

/// What a BMP character is through a chain (`_Screen` and `_han_tables` of the reference), in
/// 32 bytes: a line's lookups stay in cache.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// What it reads as ([`UNREADABLE`] where it has no reading); astral for a few.
    reading: u32,
    /// Its pair key, and the key of what it becomes (U+FFFF for an astral one, in no pair).
    now: u16,
    then: u16,
    /// What it saves on its own, read (0 where it has no reading: see [`Entry::own`]).
    saves: f64,
    /// The cost of what it becomes: its reading, or itself where it has none.
    read_cost: f64,
    /// The most its value in `most_saved` may be: what it saves on its own and half the
    /// largest bonuses its reading's key earns on either side.
    most: f64,
}

impl Entry {
    fn gaining(&self) -> bool {
        self.most > 0.0
    }

    /// What it saves on its own, read; None where it has no reading.
    fn own(&self) -> Option<f64> {
        (self.reading != UNREADABLE).then_some(self.saves)
    }

    fn now(&self) -> u32 {
        u32::from(self.now)
    }

    fn then(&self) -> u32 {
        u32::from(self.then)
    }
}

/// A chain's table of every BMP character, made once (a few milliseconds).
#[derive(Debug)]
pub struct Tables {
    entries: Vec<Entry>,
    /// The entry of U+FFFF: the text's ends, and any code point the table does not hold.
    padding: Entry,
}

impl Tables {
    pub fn new(model: &Model, chain: Chain) -> Tables {
        let readings = &model.readings[chain as usize];
        let entry = |code: u32| -> Entry {
            let reading = readings.get(code as usize).copied().unwrap_or(UNREADABLE);
            let readable = reading != UNREADABLE;
            let after = if readable { reading } else { code };
            let read_cost = model.char_cost(after);
            let own = readable.then(|| model.char_cost(code) - read_cost);
            let then = model.key(if after > 0xFFFF { NONE_CODE } else { after });
            let most = own.unwrap_or(0.0)
                + (largest(&model.largest_as_second, then)
                    + largest(&model.largest_as_first, then))
                    * 0.5;
            Entry {
                reading,
                now: key16(model.key(code)),
                then: key16(then),
                saves: own.unwrap_or(0.0),
                read_cost,
                most,
            }
        };
        Tables {
            entries: (0..0x10000).map(entry).collect(),
            padding: entry(NONE_CODE),
        }
    }

    /// What `code` reads as through the chain ([`UNREADABLE`] where it has no reading, as an
    /// astral character has none).
    pub fn reading(&self, code: u32) -> u32 {
        if code > 0xFFFF {
            UNREADABLE
        } else {
            self.entry(code).reading
        }
    }

    fn entry(&self, code: u32) -> &Entry {
        self.entries.get(code as usize).unwrap_or(&self.padding)
    }
}

fn key16(key: u32) -> u16 {
    u16::try_from(key).unwrap_or(0xFFFF)
}

fn largest(table: &[f64], key: u32) -> f64 {
    table.get(key as usize).copied().unwrap_or(0.0)
}

fn is_latin_letter(code: u32) -> bool {
    (0xC0..=0x24F).contains(&code)
}

/// Lines the bounds cannot judge: astral characters (no table), or a Latin-1 letter, whose
/// pairs may pay a join.
fn unjudged(text: &[u32]) -> bool {
    text.iter().any(|&c| c > 0xFFFF || is_latin_letter(c))
}

/// False where all of `text` read through the chain cannot save the margin (the reference's
/// `whole_could_save`): the sum of what each character may save at most is below it. True:
/// maybe.
pub fn whole_could_save(tables: &Tables, text: &[u32]) -> bool {
    if unjudged(text) {
        return true;
    }
    if !text.iter().any(|&c| tables.entry(c).gaining()) {
        return false;
    }
    text.iter().map(|&c| tables.entry(c).most).sum::<f64>() >= BOUND
}

/// What each character of `text` saves read through the chain, with what each pair of
/// neighbours saves credited half to each of its characters (all to one where the other has
/// no reading: None); None where no run of the line can save the margin. The reference is
/// `han_gains`: what `_han_repairs` hands to `_accepted_runs`.
pub fn han_gains(model: &Model, tables: &Tables, text: &[u32]) -> Option<Vec<Option<f64>>> {
    if !could_save(model, tables, text) {
        return None;
    }
    let missing: Vec<bool> = text
        .iter()
        .map(|&c| c > 0xFFFF || tables.entry(c).reading == UNREADABLE)
        .collect();
    let (own, saved) = if text.iter().any(|&c| c > 0xFFFF) {
        savings_of_strings(model, tables, text, &missing)
    } else {
        savings(model, tables, text, &missing)
    };
    let halves: Vec<f64> = saved.iter().map(|s| s * 0.5).collect();
    if most_saved(&own, &halves, &missing) < BOUND {
        return None;
    }
    Some(credited(&own, &saved, &halves, &missing))
}

/// The reference's `_could_save`: false where no run of `text` can save the margin, bounded
/// from the few characters that can gain at all (the screen), the bonuses of the text's own
/// pairs only looked up where those of the reading leave a character's value positive; where
/// their sum is not below the margin, the largest sum of consecutive values, each character
/// bounded by what it may gain at most where its value was not computed. One pass, with no
/// table of the line's entries or values: both sums take each value in order as it comes.
fn could_save(model: &Model, tables: &Tables, text: &[u32]) -> bool {
    if unjudged(text) {
        return true;
    }
    let entry = |index: usize| {
        text.get(index)
            .map_or(&tables.padding, |&c| tables.entry(c))
    };
    let mut total = 0.0;
    let mut run = RunSum::default();
    let mut before = &tables.padding;
    for (index, &code) in text.iter().enumerate() {
        let here = tables.entry(code);
        let after = entry(index + 1);
        let value = if here.gaining() {
            let left = model.bonus(before.then(), here.then());
            let right = model.bonus(here.then(), after.then());
            let bound = here.own().unwrap_or(0.0) + (left + right) * 0.5;
            if bound <= 0.0 {
                bound // the bonuses of the text's pairs only take from it
            } else {
                let left = (left - model.bonus(before.now(), here.now())) * 0.5;
                let right = (right - model.bonus(here.now(), after.now())) * 0.5;
                let value = match here.own() {
                    None => positive(left) + positive(right),
                    Some(own) => own + left + right,
                };
                if value > 0.0 {
                    total += value;
                }
                value
            }
        } else {
            here.most
        };
        run.add(value);
        before = here;
    }
    total >= BOUND && run.best() >= BOUND
}

/// Python's `max(0.0, value)`.
fn positive(value: f64) -> f64 {
    if value > 0.0 {
        value
    } else {
        0.0
    }
}

/// (what each character saves on its own, what each pair of neighbours saves) of a line of BMP
/// characters, by code (the reference's `_han_savings` with `_line_costs` and `_han_tables`).
fn savings(model: &Model, tables: &Tables, text: &[u32], missing: &[bool]) -> (Vec<f64>, Vec<f64>) {
    let entries: Vec<&Entry> = text.iter().map(|&c| tables.entry(c)).collect();
    let own: Vec<f64> = text
        .iter()
        .zip(&entries)
        .map(|(&c, e)| model.char_cost(c) - e.read_cost)
        .collect();
    let afters: Vec<u32> = text
        .iter()
        .zip(&entries)
        .zip(missing)
        .map(|((&c, e), &lost)| if lost { c } else { e.reading })
        .collect();
    let text_joins = join_pairs(text);
    let read_joins = join_pairs(&afters);
    let mut saved = Vec::with_capacity(text.len().saturating_sub(1));
    for (index, (pair, read)) in text.windows(2).zip(entries.windows(2)).enumerate() {
        let (&[first, second], &[read_first, read_second]) = (pair, read) else {
            continue;
        };
        // What the text's pair costs beyond its characters: the join it pays, less its bonus.
        let bonus = model.bonus(model.key(first), model.key(second));
        let now = if text_joins.get(index) == Some(&true) {
            join(first, second) - bonus
        } else {
            -bonus
        };
        let then = model.bonus(read_first.then(), read_second.then());
        let value = if read_joins.get(index) == Some(&true) {
            let after = |at: usize| afters.get(at).copied().unwrap_or(NONE_CODE);
            now - (join(after(index), after(index + 1)) - then)
        } else {
            now + then
        };
        saved.push(value);
    }
    (own, saved)
}

/// For each pair of neighbours of `text`, whether one of them is a Latin-1 letter (a pair
/// `join` may charge).
fn join_pairs(text: &[u32]) -> Vec<bool> {
    text.windows(2)
        .map(|pair| pair.iter().any(|&c| is_latin_letter(c)))
        .collect()
}

/// `savings` of a line with astral characters, by strings (the reference's
/// `_han_savings_of_strings`).
fn savings_of_strings(
    model: &Model,
    tables: &Tables,
    text: &[u32],
    missing: &[bool],
) -> (Vec<f64>, Vec<f64>) {
    let read: Vec<u32> = text
        .iter()
        .zip(missing)
        .map(|(&c, &lost)| {
            if lost {
                NONE_CODE
            } else {
                tables.entry(c).reading
            }
        })
        .collect();
    let own = text
        .iter()
        .zip(&read)
        .map(|(&c, &r)| model.char_cost(c) - model.char_cost(r))
        .collect();
    let afters: Vec<u32> = text
        .iter()
        .zip(&read)
        .zip(missing)
        .map(|((&c, &r), &lost)| if lost { c } else { r })
        .collect();
    let saved = neighbours(model, text)
        .iter()
        .zip(neighbours(model, &afters))
        .map(|(now, then)| now - then)
        .collect();
    (own, saved)
}

/// `halves` at `index` (the pair of characters `index` and `index + 1`), 0 beyond its ends.
fn half(halves: &[f64], index: Option<usize>) -> f64 {
    index.and_then(|i| halves.get(i)).copied().unwrap_or(0.0)
}

/// Each character's gain with half of each of its pairs' savings: the values of `most_saved`
/// and the gains of `credited` before the characters with no reading are seen to.
fn halved(own: &[f64], halves: &[f64]) -> Vec<f64> {
    own.iter()
        .enumerate()
        .map(|(i, o)| o + half(halves, i.checked_sub(1)) + half(halves, Some(i)))
        .collect()
}

/// An upper bound of the gain of any run of characters (the reference's `_most_saved`): the sum
/// of the positive values, else the largest sum of consecutive ones. A character with no
/// reading stands in it as the halves its neighbours would take in full.
fn most_saved(own: &[f64], halves: &[f64], missing: &[bool]) -> f64 {
    let mut values = halved(own, halves);
    for (index, value) in values.iter_mut().enumerate() {
        if missing.get(index) == Some(&true) {
            *value =
                positive(half(halves, index.checked_sub(1))) + positive(half(halves, Some(index)));
        }
    }
    let sum: f64 = values.iter().filter(|&&v| v > 0.0).sum();
    if sum < BOUND {
        return sum;
    }
    largest_run_sum(&values)
}

/// The largest sum of consecutive `values` (0 for none): the prefix sums less the least prefix
/// sum before each.
fn largest_run_sum(values: &[f64]) -> f64 {
    let mut run = RunSum::default();
    for &value in values {
        run.add(value);
    }
    run.best()
}

/// `largest_run_sum` taken a value at a time.
#[derive(Default)]
struct RunSum {
    prefix: f64,
    least: f64,
    best: Option<f64>,
}

impl RunSum {
    fn add(&mut self, value: f64) {
        self.least = self.least.min(self.prefix);
        self.prefix += value;
        let sum = self.prefix - self.least;
        self.best = Some(self.best.map_or(sum, |b| if sum > b { sum } else { b }));
    }

    fn best(&self) -> f64 {
        self.best.unwrap_or(0.0)
    }
}

/// The gains with half of what each pair saves credited to each of its characters, or all of
/// it to one where the other has no reading (None), as the reference's `_with_pair_credit` adds them.
fn credited(own: &[f64], saved: &[f64], halves: &[f64], missing: &[bool]) -> Vec<Option<f64>> {
    let lost = |index: usize| missing.get(index) == Some(&true);
    let mut gains: Vec<Option<f64>> = halved(own, halves).into_iter().map(Some).collect();
    for (index, gain) in gains.iter_mut().enumerate() {
        if lost(index) {
            *gain = None;
            continue;
        }
        let beside_loss = (index > 0 && lost(index - 1)) || lost(index + 1);
        if !beside_loss {
            continue;
        }
        let mut value = own.get(index).copied().unwrap_or(0.0);
        if let Some(left) = index.checked_sub(1) {
            let pair = saved.get(left).copied().unwrap_or(0.0);
            if pair != 0.0 {
                value += if lost(left) {
                    pair
                } else {
                    half(halves, Some(left))
                };
            }
        }
        if index + 1 < own.len() {
            let pair = saved.get(index).copied().unwrap_or(0.0);
            if pair != 0.0 {
                value += if lost(index + 1) {
                    pair
                } else {
                    half(halves, Some(index))
                };
            }
        }
        *gain = Some(value);
    }
    gains
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn tables(chain: Chain) -> Tables {
        Tables::new(model(), chain)
    }

    #[test]
    fn clean_traditional_text_is_dismissed() {
        let t = tables(Chain::Big5AsGbk);
        let line = chars("子曰：學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？");
        assert_eq!(han_gains(model(), &t, &line), None);
        assert!(han_gains(model(), &t, &[]).is_none());
    }

    #[test]
    fn gbk_read_as_big5_saves_bits() {
        // 中文字幕下载，请先阅读说明 in GBK, read as Big5.
        let line = chars("笢恅趼躉狟婥ㄛ③珂堐黍佽隴");
        let t = tables(Chain::GbkAsBig5);
        assert!(whole_could_save(&t, &line));
        let gains = han_gains(model(), &t, &line).expect("not dismissed");
        assert_eq!(gains.len(), line.len());
        let total: f64 = gains.iter().flatten().sum();
        assert!(total > MARGIN);
    }

    #[test]
    fn odd_code_points_do_not_panic() {
        let t = tables(Chain::GbkAsBig5);
        for text in [
            vec![0xD800, 0xDC00, 0xFFFF],
            vec![0x20000, 0x4E2D, 0xE9],
            vec![0x10FFFF],
            vec![0xFFFF; 40],
        ] {
            let _ = han_gains(model(), &t, &text);
            let _ = whole_could_save(&t, &text);
        }
    }

    #[test]
    fn the_largest_run_sum_is_of_consecutive_values() {
        assert_eq!(largest_run_sum(&[]), 0.0);
        assert_eq!(largest_run_sum(&[-1.0]), -1.0);
        assert_eq!(largest_run_sum(&[3.0, -1.0, 4.0, -10.0, 5.0]), 6.0);
    }

    #[test]
    fn chains_are_named_as_the_reference_names_them() {
        assert_eq!(Chain::named("gbk", "cp950"), Some(Chain::Big5AsGbk));
        assert_eq!(Chain::named("cp950", "gb18030"), Some(Chain::GbkAsBig5));
        assert_eq!(Chain::named("utf-8", "gbk"), None);
    }
}
