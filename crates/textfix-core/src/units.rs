//! The candidate search of `recode.repair_runs` for the chains that read a Western code page or
//! GBK/Big5 back into UTF-8, and a Western code page back into GB18030 or Big5, up to where
//! the runs are picked: the windows worth searching, each cut into units, each unit's reading
//! and its gain with the pairs across unit boundaries credited (`recode._window_gains`). The
//! reference is `src/textfix/recode.py`; every number here is the one it computes.
//!
//! A window where bytes were lost and have to be guessed among several readings (U+FFFD, a
//! Windows "?", a dropped byte with more than one way back) is not handled here: it comes back
//! as None, and Python's reference searches it.

use crate::codecs::{True, Wrong};
use crate::model::Model;
use crate::score::{cost_in_words, join};
use regex::bytes::Regex;
use std::sync::OnceLock;

/// Where a decoder wrote U+FFFD for bytes it could not read, and the byte it stands as.
const GAP: u32 = 0xFFFD;
const GAP_BYTE: u8 = 0xFF;
/// Characters of context around the prefilter's matches, and how many matches at most.
const WINDOW_MARGIN: usize = 8;
const MOST_WINDOWS: usize = 16;
/// The bytes that cp1252 and its kin leave undefined, which many decoders drop.
const UNDEFINED_IN_CP1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// One unit's reading: its characters and whether it is a full one.
pub type Reading = Option<(Vec<u32>, bool)>;

/// The units of one window, their readings and their gains (None: no repair may cross it).
#[derive(Debug, Clone, PartialEq)]
pub struct Units {
    pub spans: Vec<(usize, usize)>,
    pub readings: Vec<Reading>,
    pub gains: Vec<Option<f64>>,
}

/// A window `[start, end)` of the text and its units; None where the reference must search it.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub units: Option<Units>,
}

/// The token patterns of `recode._TOKENS`, byte for byte (the regex crate's leftmost-first
/// matching picks what Python's backtracking does among the alternatives). None never happens:
/// they are constants, and a test compiles each.
fn tokens(codec: True) -> Option<&'static Regex> {
    static UTF8: OnceLock<Option<Regex>> = OnceLock::new();
    static GB18030: OnceLock<Option<Regex>> = OnceLock::new();
    static BIG5: OnceLock<Option<Regex>> = OnceLock::new();
    let (cell, pattern) = match codec {
        True::Utf8 => (
            &UTF8,
            concat!(
                r"(?-u)[\xc2-\xf4][\x80-\xbf]{0,2}\?[\x80-\xbf]{0,3}|\?[\x80-\xbf]{1,3}",
                r"|[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]",
                r"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]",
                r"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}",
                r"|(?:[\xc2-\xf4][\x80-\xbf]{0,2})?(?:\xff[\x80-\xbf]{0,3})+",
                r"|[\xc2-\xf4][\x80-\xbf]{0,2}\x20?",
                r"|[\x80-\xff]",
            ),
        ),
        True::Gb18030 => (
            &GB18030,
            concat!(
                r"(?-u)[\x00-\x7f]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]",
                r"|[\x81-\xfe][\x40-\x7e\x80-\xfe]|[\x80-\xff]",
            ),
        ),
        True::Cp950 => (
            &BIG5,
            r"(?-u)[\x00-\x7f]|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x80-\xff]",
        ),
    };
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

fn is_cjk_utf8(data: &[u8], at: usize) -> bool {
    match data.get(at..at + 3) {
        Some(&[lead, second, third]) => {
            (0xE2..=0xEF).contains(&lead)
                && (0x80..=0xBF).contains(&second)
                && (0x80..=0xBF).contains(&third)
                && [lead, second, third] != [0xEF, 0xBF, 0xBD]
        }
        _ => false,
    }
}

/// The matches of `recode._TWO_UTF8` in `data`, in order and apart: (start, end).
fn two_utf8(data: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < data.len() {
        if is_cjk_utf8(data, at) {
            if is_cjk_utf8(data, at + 3) {
                found.push((at, at + 6));
                at += 6;
                continue;
            }
            if data.get(at + 3).is_some_and(|b| (0x40..=0x7E).contains(b)) {
                found.push((at, at + 4));
                at += 4;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// The windows of `text` worth the unit-by-unit search (`recode._windows`, after
/// `recode._hopeless`): empty where none is.
fn windows(model: &Model, text: &[u32], wrong: Wrong, codec: True) -> Vec<(usize, usize)> {
    if wrong.single_byte() {
        return vec![(0, text.len())];
    }
    let (data, starts) = model.codecs.encode_replacing(wrong == Wrong::Gbk, text);
    let matches = two_utf8(&data);
    if matches.is_empty() {
        return Vec::new(); // hopeless
    }
    if codec != True::Utf8 || text.contains(&GAP) || text.contains(&u32::from(b'?')) {
        return vec![(0, text.len())];
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (count, &(start, end)) in matches.iter().enumerate() {
        if count == MOST_WINDOWS {
            return vec![(0, text.len())];
        }
        // The characters before the match; one cut in two counts once, as a decode of the
        // bytes before it makes one U+FFFD of its first part.
        let first = starts.partition_point(|&at| at < start);
        let last = first + (end - start);
        let (start, end) = (
            first.saturating_sub(WINDOW_MARGIN),
            usize::min(text.len(), last + WINDOW_MARGIN),
        );
        match found.last_mut() {
            Some(previous) if start <= previous.1 => previous.1 = end,
            _ => found.push((start, end)),
        }
    }
    if found.iter().map(|(start, end)| end - start).sum::<usize>() * 2 > text.len() {
        return vec![(0, text.len())];
    }
    found
}

/// Characters `start..end` of a text and their bytes under the wrong codec (None: a character
/// it cannot write, which no repair may cross).
type Unit = (usize, usize, Option<Vec<u8>>);

/// `recode.units`: each unit of `text`.
fn units(model: &Model, text: &[u32], wrong: Wrong, codec: True) -> Option<Vec<Unit>> {
    let bmp_only = !wrong.single_byte();
    let mut data = Vec::with_capacity(text.len() * 2);
    // Each character's end among the bytes, and whether the wrong codec could write it.
    let mut ends = Vec::with_capacity(text.len());
    for &code in text {
        let start = data.len();
        let written = if code == GAP {
            data.push(GAP_BYTE);
            true
        } else {
            !(bmp_only && code > 0xFFFF) && model.codecs.encode(wrong, code, &mut data)
        };
        if !written {
            data.truncate(start);
            data.push(0); // a boundary for every codec
        }
        ends.push((written, data.len()));
    }
    let mut token_end = vec![false; data.len() + 1];
    for found in tokens(codec)?.find_iter(&data) {
        if let Some(slot) = token_end.get_mut(found.end()) {
            *slot = true;
        }
    }
    let bytes = |from: usize, to: usize| data.get(from..to).map(<[u8]>::to_vec);
    let mut result = Vec::new();
    let (mut start, mut start_byte) = (0, 0);
    for (index, &(written, position)) in ends.iter().enumerate() {
        if !written {
            if start < index {
                result.push((start, index, bytes(start_byte, position - 1)));
            }
            result.push((index, index + 1, None));
            (start, start_byte) = (index + 1, position);
        } else if token_end.get(position) == Some(&true) {
            result.push((start, index + 1, bytes(start_byte, position)));
            (start, start_byte) = (index + 1, position);
        }
    }
    if start < text.len() {
        result.push((start, text.len(), bytes(start_byte, data.len())));
    }
    Some(result)
}

/// What a unit's bytes read as.
enum Found {
    Read(Vec<u32>),
    Unreadable,
    /// Lost bytes with several readings, or damage: the reference's work.
    Lossy,
}

/// `recode._readings` where it needs no guess among several readings.
fn reading(model: &Model, data: &[u8], wrong: Wrong, codec: True) -> Found {
    if let Some(read) = model.codecs.decode(codec, data) {
        return Found::Read(read);
    }
    if codec != True::Utf8 {
        return Found::Unreadable;
    }
    if data.contains(&GAP_BYTE) || data.contains(&b'?') {
        return Found::Lossy;
    }
    if !wrong.single_byte() {
        return Found::Unreadable;
    }
    let mut completions = restored(data)
        .into_iter()
        .filter_map(|candidate| model.codecs.decode(True::Utf8, &candidate))
        .filter(|read| !read.contains(&GAP));
    match (completions.next(), completions.next()) {
        (None, _) => Found::Unreadable,
        (Some(read), None) => Found::Read(read),
        (Some(_), Some(_)) => Found::Lossy,
    }
}

/// `recode._restored`: `data` with one byte restored that a single-byte code page dropped, or
/// an NBSP that became a space, every way it may have been.
fn restored(data: &[u8]) -> Vec<Vec<u8>> {
    let continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let mut found = Vec::new();
    let mut at = 0;
    while at < data.len() {
        // [\xc2-\xf4][\x80-\xbf]{0,2}(?![\x80-\xbf]): a lead and no more than two
        // continuation bytes (backing off from fewer only meets a continuation byte again).
        let lead = data[at];
        if !(0xC2..=0xF4).contains(&lead) {
            at += 1;
            continue;
        }
        let follow = data[at + 1..]
            .iter()
            .take(3)
            .take_while(|b| continuation(b))
            .count();
        if follow > 2 {
            at += 1;
            continue;
        }
        let end = at + 1 + follow;
        for position in at + 1..=end {
            if data[position - 1] == 0xC2 {
                continue; // C2 and a dropped byte is a C1 control
            }
            for byte in UNDEFINED_IN_CP1252 {
                let mut candidate = Vec::with_capacity(data.len() + 1);
                candidate.extend_from_slice(&data[..position]);
                candidate.push(byte);
                candidate.extend_from_slice(&data[position..]);
                found.push(candidate);
            }
        }
        if data.get(end) == Some(&b' ') {
            let mut candidate = data.to_vec();
            candidate[end] = 0xA0;
            found.push(candidate);
        }
        at = end;
    }
    found
}

fn losses(text: &[u32]) -> usize {
    text.iter()
        .filter(|&&c| c == GAP || c == u32::from(b'?'))
        .count()
}

fn unmarked(text: &[u32]) -> Vec<u32> {
    text.iter().copied().filter(|&c| c != GAP).collect()
}

/// What the pair `left`, `right` costs beyond its characters (`plausibility.adjacencies`).
fn adjacency(model: &Model, left: u32, right: u32) -> f64 {
    join(left, right) - model.bonus(model.key(left), model.key(right))
}

/// `recode._gains` and `recode._add_pair_gains` of units whose readings are all full.
fn gains(model: &Model, befores: &[&[u32]], readings: &[Reading]) -> Vec<Option<f64>> {
    let mut gains: Vec<Option<f64>> = befores
        .iter()
        .zip(readings)
        .map(|(before, reading)| match reading {
            None => None,
            Some((read, _)) if losses(read) > losses(before) => None,
            Some((read, _)) if read.as_slice() == *before => Some(0.0),
            Some((read, _)) => Some(
                cost_in_words(model, &unmarked(before)) - cost_in_words(model, &unmarked(read)),
            ),
        })
        .collect();
    let afters: Vec<&[u32]> = befores
        .iter()
        .zip(readings)
        .map(|(before, reading)| {
            reading
                .as_ref()
                .map_or(*before, |(read, _)| read.as_slice())
        })
        .collect();
    let pair = |texts: &[&[u32]], index: usize| -> f64 {
        match (texts[index - 1].last(), texts[index].first()) {
            (Some(&left), Some(&right)) => adjacency(model, left, right),
            _ => 0.0,
        }
    };
    for index in 1..befores.len() {
        let (before, after) = (pair(befores, index), pair(&afters, index));
        let (left, right) = (gains[index - 1], gains[index]);
        if before == after || (left.is_none() && right.is_none()) {
            continue;
        }
        let saved = before - after;
        match (left, right) {
            (None, Some(right)) => gains[index] = Some(right + saved),
            (Some(left), None) => gains[index - 1] = Some(left + saved),
            (Some(left), Some(right)) => {
                gains[index - 1] = Some(left + saved / 2.0);
                gains[index] = Some(right + saved / 2.0);
            }
            (None, None) => {}
        }
    }
    gains
}

/// The units of the window `[start, end)` of `text`, read and with their gains; None where a
/// unit needs a guess among several readings.
fn window(
    model: &Model,
    text: &[u32],
    start: usize,
    end: usize,
    wrong: Wrong,
    codec: True,
) -> Option<Units> {
    let piece = text.get(start..end)?;
    let mut spans = Vec::new();
    let mut readings = Vec::new();
    for (first, last, data) in units(model, piece, wrong, codec)? {
        spans.push((start + first, start + last));
        readings.push(match data {
            None => None,
            Some(data) => match reading(model, &data, wrong, codec) {
                Found::Read(read) => Some((read, true)),
                Found::Unreadable => None,
                Found::Lossy => return None,
            },
        });
    }
    let befores: Vec<&[u32]> = spans
        .iter()
        .map(|&(first, last)| text.get(first..last).unwrap_or(&[]))
        .collect();
    let gains = gains(model, &befores, &readings);
    Some(Units {
        spans,
        readings,
        gains,
    })
}

/// The windows of `text` that `recode.repair_runs` searches through the chain `wrong` ->
/// `codec`, each with its units (None: the reference's to search). Not for a chain between
/// Big5 and GBK (double-byte `wrong`, `codec` not UTF-8): None.
pub fn unit_gains(model: &Model, text: &[u32], wrong: Wrong, codec: True) -> Option<Vec<Window>> {
    if !wrong.single_byte() && codec != True::Utf8 {
        return None;
    }
    Some(
        windows(model, text, wrong, codec)
            .into_iter()
            .map(|(start, end)| Window {
                start,
                end,
                units: window(model, text, start, end, wrong, codec),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn repaired(text: &str, wrong: &str, codec: &str) -> String {
        let found = unit_gains(
            model(),
            &chars(text),
            Wrong::named(wrong).unwrap(),
            True::named(codec).unwrap(),
        )
        .unwrap();
        let mut out = String::new();
        for window in found {
            let units = window.units.unwrap();
            for reading in units.readings {
                let (read, _) = reading.unwrap();
                out.extend(read.into_iter().filter_map(char::from_u32));
            }
        }
        out
    }

    #[test]
    fn the_patterns_compile() {
        for codec in [True::Utf8, True::Gb18030, True::Cp950] {
            assert!(tokens(codec).is_some_and(|pattern| pattern.is_match(b"a")));
        }
    }

    #[test]
    fn utf8_read_as_gbk_reads_back() {
        assert_eq!(repaired("浣犲ソ涓栫晫", "gbk", "utf-8"), "你好世界");
    }

    #[test]
    fn gbk_read_as_latin1_reads_back() {
        assert_eq!(repaired("ÄãºÃ", "latin-1", "gb18030"), "你好");
    }

    #[test]
    fn clean_text_has_no_window() {
        let found = unit_gains(model(), &chars("今天天气很好"), Wrong::Gbk, True::Utf8).unwrap();
        assert!(found.is_empty());
    }

    #[test]
    fn between_big5_and_gbk_is_not_here() {
        assert!(unit_gains(model(), &chars("你好"), Wrong::Gbk, True::Cp950).is_none());
    }

    #[test]
    fn a_dropped_byte_with_one_way_back_is_restored() {
        // 的 is E7 9A 84; cp1252 reads 9A and 84; a sloppy reader drops nothing, but 丁 (E4 B8
        // 81) loses its 81 to a decoder that drops undefined bytes.
        let found = restored(b"\xe4\xb8");
        assert!(found.iter().any(|candidate| candidate == b"\xe4\xb8\x81"));
    }
}
