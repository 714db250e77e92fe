//! The candidate search of `recode.repair_runs` for the chains that read a Western code page or
//! GBK/Big5 back into UTF-8, and a Western code page back into GB18030 or Big5, up to where
//! the runs are picked: the windows worth searching, each cut into units, each unit's reading
//! and its gain with the pairs across unit boundaries credited (`recode.search._window_gains`). The
//! reference is `src/textfix/recode/search.py`; every number here is the one it computes.
//!
//! Where bytes were lost, a character whose missing bytes have exactly one valid filling is read
//! and any other stays a loss marker (U+FFFD where a code page dropped a byte and left none);
//! only with `guess` (`lossy="guess"`) are lost bytes guessed
//! as the reference guesses them: a U+FFFD's byte every way it may have been, a Windows "?" as
//! the likeliest pairs of characters, a byte a code page dropped; a run of such units takes the
//! readings that read best together (the Viterbi pass of `recode.search._best_path`); what only
//! survived a loss is read with one marker.

use crate::codecs::{True, Wrong};
use crate::model::Model;
use crate::score::{cost, cost_in_words, join};
use crate::streamed_gains;
#[cfg(test)]
use regex::bytes::Regex;
use std::sync::OnceLock;

/// Where a decoder wrote U+FFFD for bytes it could not read, and the byte it stands as.
pub(crate) const GAP: u32 = 0xFFFD;
pub(crate) const GAP_BYTE: u8 = 0xFF;
/// Characters of context around the prefilter's matches, and how many matches at most.
const WINDOW_MARGIN: usize = 8;
const MOST_WINDOWS: usize = 16;
/// What what survived a loss is worth: it may bridge two repairs, never make one.
pub(crate) const SURVIVOR_GAIN: f64 = -1.0;
/// The bytes that cp1252 and its kin leave undefined, which many decoders drop.
const UNDEFINED_IN_CP1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// One unit's reading: its characters and whether it is a full one.
pub type Reading = Option<(Vec<u32>, bool)>;

/// The units of one window of a text: their spans in it, their readings and their gains
/// (None: no repair may cross the unit).
#[derive(Debug, Clone, PartialEq)]
pub struct Units {
    pub spans: Vec<(usize, usize)>,
    pub readings: Vec<Reading>,
    pub gains: Vec<Option<f64>>,
}

/// The token patterns of `recode.search._TOKENS`, byte for byte, which `token_end` matches by
/// hand (the tests hold the two alike) (the regex crate's leftmost-first
/// matching picks what Python's backtracking does among the alternatives). None never happens:
/// they are constants, and a test compiles each.
#[cfg(test)]
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
                r"|[\xc2-\xf4][\x80-\xbf]{0,2}(?:\x20[\x80-\xbf]{0,2})?",
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

/// The matches of `recode.search._TWO_UTF8` in `data`, in order and apart: (start, end).
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

/// Whether `two_utf8` finds a match in the bytes `encode_replacing` writes for `text` (through
/// GB18030 where `gb18030`, else cp950), told as the bytes are written, with no buffer: a match
/// is a CJK character's UTF-8 followed by another or by a byte 40-7E, and the scan finds one
/// wherever one ends (it passes over no byte but those of a match it took). Most lines of
/// Chinese have none, and have no window.
fn any_two_utf8(model: &Model, text: &[u32], gb18030: bool) -> bool {
    let steps = Seen::steps();
    let mut state = Seen::Nothing.index();
    let mut then = |byte: u8| {
        let step = steps
            .get(usize::from(state))
            .and_then(|row| row.get(usize::from(byte)))
            .copied()
            .unwrap_or(0);
        state = step & !FOUND;
        step & FOUND != 0
    };
    for &code in text {
        let packed = model.codecs.replacing_packed(gb18030, code);
        let found = if packed < 0x100 {
            then(packed as u8)
        } else if packed < 0x1_0000 {
            then((packed >> 8) as u8) || then(packed as u8)
        } else {
            packed.to_be_bytes().iter().any(|&byte| then(byte))
        };
        if found {
            return true;
        }
    }
    false
}

/// The bit of a step of [`Seen::steps`] that says a match ends at the byte.
const FOUND: u8 = 0x80;
/// How many states [`Seen`] has.
const SEEN_STATES: usize = 10;

/// What the last bytes told `any_two_utf8`: a CJK character's UTF-8 is a lead byte E2-EF and two
/// continuation bytes 80-BF, but EF BF BD (U+FFFD); a lead byte cannot be a continuation byte
/// or a byte 40-7E, so only a lead byte starts one, and the bytes before it matter only in
/// whether one just ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Nothing,
    /// A lead byte, and whether it is EF; with a CJK character just before it (`after`).
    Lead {
        ef: bool,
        after: bool,
    },
    /// A lead byte and a continuation byte, and whether they are EF BF.
    Second {
        efbf: bool,
        after: bool,
    },
    /// A CJK character, just ended.
    Cjk,
}

impl Seen {
    /// Each state's index, and the state of an index (`Nothing` for any other).
    fn index(self) -> u8 {
        match self {
            Seen::Nothing => 0,
            Seen::Lead { ef, after } => 1 + u8::from(ef) + 2 * u8::from(after),
            Seen::Second { efbf, after } => 5 + u8::from(efbf) + 2 * u8::from(after),
            Seen::Cjk => 9,
        }
    }

    fn of(index: usize) -> Seen {
        match index {
            1..=4 => Seen::Lead {
                ef: (index - 1) % 2 == 1,
                after: (index - 1) / 2 == 1,
            },
            5..=8 => Seen::Second {
                efbf: (index - 5) % 2 == 1,
                after: (index - 5) / 2 == 1,
            },
            9 => Seen::Cjk,
            _ => Seen::Nothing,
        }
    }

    /// `then` of every state and byte, as the next state's index with [`FOUND`] where a match
    /// ends: a byte costs one look-up.
    fn steps() -> &'static [[u8; 256]; SEEN_STATES] {
        static STEPS: OnceLock<[[u8; 256]; SEEN_STATES]> = OnceLock::new();
        STEPS.get_or_init(|| {
            let mut steps = [[0u8; 256]; SEEN_STATES];
            for (index, row) in steps.iter_mut().enumerate() {
                for (byte, step) in (0..=255u8).zip(row.iter_mut()) {
                    let mut state = Seen::of(index);
                    let found = state.then(byte);
                    *step = state.index() | if found { FOUND } else { 0 };
                }
            }
            steps
        })
    }

    /// Take `byte`; whether a match ends at it.
    fn then(&mut self, byte: u8) -> bool {
        let continuation = (0x80..=0xBF).contains(&byte);
        let (next, found) = match (*self, byte) {
            (Seen::Cjk, 0x40..=0x7E) => (Seen::Nothing, true),
            (state, 0xE2..=0xEF) => (
                Seen::Lead {
                    ef: byte == 0xEF,
                    after: state == Seen::Cjk,
                },
                false,
            ),
            (Seen::Lead { ef, after }, _) if continuation => (
                Seen::Second {
                    efbf: ef && byte == 0xBF,
                    after,
                },
                false,
            ),
            (Seen::Second { efbf, after }, _) if continuation && !(efbf && byte == 0xBD) => {
                (Seen::Cjk, after)
            }
            _ => (Seen::Nothing, false),
        };
        *self = next;
        found
    }
}

/// The windows of `text` worth the unit-by-unit search (`recode.search._windows`, after
/// `recode.search._hopeless`): empty where none is.
fn windows(model: &Model, text: &[u32], wrong: Wrong, codec: True) -> Vec<(usize, usize)> {
    if wrong.single_byte() {
        return vec![(0, text.len())];
    }
    if !any_two_utf8(model, text, wrong == Wrong::Gbk) {
        return Vec::new(); // hopeless, told with no bytes kept
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

/// Characters `start..end` of a text and the range of their bytes under the wrong codec
/// (None: a character it cannot write, which no repair may cross).
pub(crate) type Unit = (usize, usize, Option<(usize, usize)>);

/// `recode.search.units`: the bytes of `text` under the wrong codec, and each unit of it.
fn units(model: &Model, text: &[u32], wrong: Wrong, codec: True) -> Option<(Vec<u8>, Vec<Unit>)> {
    let bmp_only = !wrong.single_byte();
    let mut data = Vec::with_capacity(text.len() * 2);
    // Each character's end among the bytes, and whether the wrong codec could write it.
    let mut ends = Vec::with_capacity(text.len());
    for &code in text {
        let start = data.len();
        // A character a code page writes as the gap byte (ÿ in cp1252) is none the wrong codec
        // made of the true codec's text, which never holds that byte: it is no gap either.
        let written = if code == GAP {
            data.push(GAP_BYTE);
            true
        } else {
            !(bmp_only && code > 0xFFFF)
                && model.codecs.encode(wrong, code, &mut data)
                && data[start..] != [GAP_BYTE]
        };
        if !written {
            data.truncate(start);
            data.push(0); // a boundary for every codec
        }
        ends.push((written, data.len()));
    }
    let token_end = token_ends(&data, codec)?;
    let mut result = Vec::new();
    let (mut start, mut start_byte) = (0, 0);
    for (index, &(written, position)) in ends.iter().enumerate() {
        if !written {
            if start < index {
                result.push((start, index, Some((start_byte, position - 1))));
            }
            result.push((index, index + 1, None));
            (start, start_byte) = (index + 1, position);
        } else if token_end.get(position) == Some(&true) {
            result.push((start, index + 1, Some((start_byte, position))));
            (start, start_byte) = (index + 1, position);
        }
    }
    if start < text.len() {
        result.push((start, text.len(), Some((start_byte, data.len()))));
    }
    Some((data, result))
}

/// Where the tokens of `data` end (`recode.search._TOKENS`' matches, one after the other). Every byte
/// starts a token, so each token starts where the last one ended; an ASCII byte is a token
/// of its own in every pattern but UTF-8's "?" (a Windows loss marker that takes continuation
/// bytes with it). The patterns are matched by hand (`token_end`): a search of the compiled
/// pattern cost more than the rest of a Western line's units, byte for byte.
fn token_ends(data: &[u8], codec: True) -> Option<Vec<bool>> {
    let mut ends = vec![false; data.len() + 1];
    let mut at = 0;
    while let Some(&byte) = data.get(at) {
        at = if byte < 0x80 && !(codec == True::Utf8 && byte == b'?') {
            at + 1
        } else {
            token_end(data, at, codec)
        };
        if let Some(slot) = ends.get_mut(at) {
            *slot = true;
        }
    }
    Some(ends)
}

/// Where the match of `tokens(codec)` at `at` (a byte of `data`) ends: its alternatives tried
/// in their order, each as greedily as the pattern's leftmost-first match takes it (the last
/// alternative of each takes any one byte, so a match always starts at `at`).
fn token_end(data: &[u8], at: usize, codec: True) -> usize {
    let within = |index: usize, low: u8, high: u8| {
        data.get(index)
            .is_some_and(|byte| (low..=high).contains(byte))
    };
    let Some(&first) = data.get(at) else {
        return at + 1;
    };
    match codec {
        // [\x00-\x7f]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\x7e\x80-\xfe]|[\x80-\xff]
        True::Gb18030 => {
            if (0x81..=0xFE).contains(&first) {
                if within(at + 1, 0x30, 0x39)
                    && within(at + 2, 0x81, 0xFE)
                    && within(at + 3, 0x30, 0x39)
                {
                    return at + 4;
                }
                if within(at + 1, 0x40, 0x7E) || within(at + 1, 0x80, 0xFE) {
                    return at + 2;
                }
            }
            at + 1
        }
        // [\x00-\x7f]|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x80-\xff]
        True::Cp950 => {
            if (0x81..=0xFE).contains(&first)
                && (within(at + 1, 0x40, 0x7E) || within(at + 1, 0xA1, 0xFE))
            {
                at + 2
            } else {
                at + 1
            }
        }
        True::Utf8 => utf8_token_end(data, at, first),
    }
}

/// `token_end` of the UTF-8 pattern, alternative by alternative.
fn utf8_token_end(data: &[u8], at: usize, first: u8) -> usize {
    let within = |index: usize, low: u8, high: u8| {
        data.get(index)
            .is_some_and(|byte| (low..=high).contains(byte))
    };
    let continuation = |index: usize| within(index, 0x80, 0xBF);
    // How many continuation bytes, up to `most`, from `index` on.
    let continuations = |index: usize, most: usize| {
        (0..most)
            .take_while(|&count| continuation(index + count))
            .count()
    };
    let lead = (0xC2..=0xF4).contains(&first);
    // A lead byte and what continuation bytes follow it, at most two: a fewer count is
    // followed by a continuation byte, never by what comes next in the alternatives below.
    let lead_end = if lead {
        at + 1 + continuations(at + 1, 2)
    } else {
        at
    };
    // [\xc2-\xf4][\x80-\xbf]{0,2}\?[\x80-\xbf]{0,3}
    if lead && data.get(lead_end) == Some(&b'?') {
        return lead_end + 1 + continuations(lead_end + 1, 3);
    }
    // \?[\x80-\xbf]{1,3}
    if first == b'?' && continuation(at + 1) {
        return at + 1 + continuations(at + 1, 3);
    }
    // [\x00-\x7f]
    if first < 0x80 {
        return at + 1;
    }
    // The well-formed sequences.
    let length = match first {
        0xC2..=0xDF => continuation(at + 1).then_some(2),
        0xE0 => (within(at + 1, 0xA0, 0xBF) && continuation(at + 2)).then_some(3),
        0xE1..=0xEC | 0xEE | 0xEF => (continuation(at + 1) && continuation(at + 2)).then_some(3),
        0xED => (within(at + 1, 0x80, 0x9F) && continuation(at + 2)).then_some(3),
        0xF0 => (within(at + 1, 0x90, 0xBF) && continuation(at + 2) && continuation(at + 3))
            .then_some(4),
        0xF1..=0xF3 => {
            (continuation(at + 1) && continuation(at + 2) && continuation(at + 3)).then_some(4)
        }
        0xF4 => (within(at + 1, 0x80, 0x8F) && continuation(at + 2) && continuation(at + 3))
            .then_some(4),
        _ => None,
    };
    if let Some(length) = length {
        return at + length;
    }
    // (?:[\xc2-\xf4][\x80-\xbf]{0,2})?(?:\xff[\x80-\xbf]{0,3})+
    if data.get(lead_end) == Some(&GAP_BYTE) {
        let mut end = lead_end;
        while data.get(end) == Some(&GAP_BYTE) {
            end += 1 + continuations(end + 1, 3);
        }
        return end;
    }
    // [\xc2-\xf4][\x80-\xbf]{0,2}(?:\x20[\x80-\xbf]{0,2})?
    if lead {
        if data.get(lead_end) == Some(&b' ') {
            return lead_end + 1 + continuations(lead_end + 1, 2);
        }
        return lead_end;
    }
    // [\x80-\xff]
    at + 1
}

/// What the true codec makes of a unit's bytes (`recode.search._readings`): the candidate readings
/// (several where a lost byte had to be guessed) and whether they are full readings (false:
/// only what survived a loss, with a loss marker for the rest); None if it cannot read them.
pub(crate) type Candidates = Option<(Vec<Vec<u32>>, bool)>;

#[allow(clippy::too_many_arguments)]
pub(crate) fn readings(
    model: &Model,
    data: &[u8],
    wrong: Wrong,
    codec: True,
    after: Option<u32>,
    guess: bool,
    nbsps: Spaces,
    next: Option<&[u8]>,
) -> Candidates {
    if data.is_ascii() {
        return Some((vec![data.iter().copied().map(u32::from).collect()], true));
        // all alike
    }
    if let Some(read) = model.codecs.decode(codec, data) {
        return Some((vec![read], true));
    }
    if codec != True::Utf8 {
        return None;
    }
    let gaps = data.iter().filter(|&&b| b == GAP_BYTE).count();
    let questions = data.iter().filter(|&&b| b == b'?').count();
    let completions = if gaps == 1 {
        gap_filled(model, data)
    } else if wrong.single_byte() && gaps == 0 {
        // A space that was an NBSP lost no byte: where the window shows no dropped byte (or
        // tells nothing, and the NBSP reads clearly likelier) and reading it so gives a
        // character, no dropped byte is looked for but when guessing.
        let mut nbsp = if nbsps == Spaces::Any || guess {
            Vec::new()
        } else {
            valid(model, restored(data, false))
        };
        if nbsps == Spaces::Weighed
            && nbsp.len() == 1
            && !nbsp_likelier(model, &nbsp[0], data, after, first_read(next))
        {
            nbsp.clear();
        }
        if nbsp.is_empty() {
            valid(model, restored(data, true))
        } else {
            nbsp
        }
    } else {
        Vec::new()
    };
    if !completions.is_empty() && (guess || completions.len() == 1) {
        return Some((completions, true));
    }
    if !completions.is_empty() && gaps == 0 && questions == 0 {
        // A byte a code page dropped, with several fillings: marked, with the space after it.
        let kept = data.strip_suffix(b" ").unwrap_or(data);
        return Some((vec![survivors(kept)], false));
    }
    if (gaps == 0 && questions == 0) || !damaged_utf8(data, gaps + questions) {
        return None;
    }
    if guess && !wrong.single_byte() && questions == 1 && gaps == 0 {
        let found = windows_readings(model, data, after);
        if let Some(first) = found.first() {
            let full = !first.contains(&u32::from(b'?'));
            return Some((found, full));
        }
    }
    Some((vec![survivors(data)], false))
}

/// The candidates that are valid UTF-8 with no U+FFFD in them, read, in their order.
fn valid(model: &Model, candidates: Vec<Vec<u8>>) -> Vec<Vec<u32>> {
    candidates
        .into_iter()
        .filter_map(|candidate| model.codecs.decode(True::Utf8, &candidate))
        .filter(|read| !read.contains(&GAP))
        .collect()
}

/// `recode.search._gap_filled`: the valid readings of `data` with its one gap byte restored, every
/// way it may have been (80-FF).
fn gap_filled(model: &Model, data: &[u8]) -> Vec<Vec<u32>> {
    let Some(gap) = data.iter().position(|&b| b == GAP_BYTE) else {
        return Vec::new();
    };
    valid(
        model,
        (0x80..=0xFFu8)
            .map(|byte| {
                let mut copy = data.to_vec();
                copy[gap] = byte;
                copy
            })
            .collect(),
    )
}

/// `data` decoded as Python's UTF-8 decoder with errors="replace" does: one U+FFFD for each
/// maximal part of an ill-formed sequence, as `String::from_utf8_lossy` does.
fn utf8_replacing(data: &[u8]) -> Vec<u32> {
    String::from_utf8_lossy(data)
        .chars()
        .map(u32::from)
        .collect()
}

/// `recode.search._damaged_utf8`: without its `markers` ("?" and gap bytes), `data` leaves one
/// broken sequence at most for each.
fn damaged_utf8(data: &[u8], markers: usize) -> bool {
    let rest: Vec<u8> = data
        .iter()
        .copied()
        .filter(|&b| b != b'?' && b != GAP_BYTE)
        .collect();
    utf8_replacing(&rest).iter().filter(|&&c| c == GAP).count() <= markers
}

/// `recode.search._survivors`: `data` read with its loss markers, every character whose bytes all
/// survived and one marker where the damaged ones stood ("?" where Windows wrote one, around
/// which the U+FFFDs go; one U+FFFD for each run of them elsewhere).
fn survivors(data: &[u8]) -> Vec<u32> {
    let text = utf8_replacing(data);
    let question = u32::from(b'?');
    let mut marked = Vec::with_capacity(text.len());
    let mut index = 0;
    while let Some(&c) = text.get(index) {
        let run = text[index..].iter().take_while(|&&c| c == GAP).count();
        let at = index + run;
        if text.get(at) == Some(&question) {
            // \ufffd*\?\ufffd*: the U+FFFDs before, the "?", and those after, as one "?".
            let after = text[at + 1..].iter().take_while(|&&c| c == GAP).count();
            marked.push(question);
            index = at + 1 + after;
        } else if run > 0 {
            marked.push(GAP); // a run of them is one marker
            index = at;
        } else {
            marked.push(c);
            index += 1;
        }
    }
    marked.dedup_by(|next, previous| *next == GAP && *previous == GAP);
    marked
}

/// How many readings of a unit with a lost byte compete in context, and of a character with
/// one lost byte for it (`recode.search._IN_CONTEXT`, `recode.search._LIKELIEST`).
const IN_CONTEXT: usize = 16;
const LIKELIEST: usize = 64;

/// `recode.search._likeliest`: the valid readings of `candidates`, the most plausible first.
fn likeliest(model: &Model, candidates: Vec<Vec<u8>>) -> Vec<Vec<u32>> {
    let mut found: Vec<(f64, Vec<u32>)> = valid(model, candidates)
        .into_iter()
        .map(|read| (cost(model, &read), read))
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0)); // stable: ties in their order
    found.truncate(LIKELIEST);
    found.into_iter().map(|(_, read)| read).collect()
}

fn sequence_length(lead: u8) -> usize {
    if lead < 0xE0 {
        2
    } else if lead < 0xF0 {
        3
    } else {
        4
    }
}

/// `recode.search._windows_readings`: where Windows wrote one "?" for an unreadable GBK pair (the
/// last byte of one character and the first of the next), the likeliest characters for both,
/// in pairs; `after` is the character after the unit in the text.
fn windows_readings(model: &Model, data: &[u8], after: Option<u32>) -> Vec<Vec<u32>> {
    let Some(mark) = data.iter().position(|&b| b == b'?') else {
        return Vec::new();
    };
    let (left, right) = (&data[..mark], &data[mark + 1..]);
    // Characters before the last lead byte, whose bytes all survived, are read as they are.
    let last_lead = left.iter().rposition(|&b| b >= 0xC0).unwrap_or(0);
    if last_lead > 0 {
        let Some(whole) = model.codecs.decode(True::Utf8, &left[..last_lead]) else {
            return Vec::new();
        };
        return windows_readings(model, &data[last_lead..], after)
            .into_iter()
            .map(|reading| {
                let mut joined = whole.clone();
                joined.extend(reading);
                joined
            })
            .collect();
    }
    let Some(&lead) = left.first() else {
        return Vec::new();
    };
    if left.len() == 1 && right.is_empty() && sequence_length(lead) == 3 {
        // A lead byte of three alone: the pair was its two continuation bytes.
        let mut candidates = Vec::new();
        for first in 0x80..0xC0u8 {
            for second in 0x80..0xC0u8 {
                if unassigned(model, first, second) {
                    candidates.push(vec![lead, first, second]);
                }
            }
        }
        return likeliest(model, candidates);
    }
    if left.len() != sequence_length(lead) - 1 || right.len() > 3 {
        return Vec::new();
    }
    let joined = |prefix: &[u8], byte: u8, suffix: &[u8]| {
        let mut candidate = prefix.to_vec();
        candidate.push(byte);
        candidate.extend_from_slice(suffix);
        candidate
    };
    let firsts = likeliest(
        model,
        (0x80..0xC0u8).map(|b| joined(left, b, &[])).collect(),
    );
    if right.is_empty() {
        // What follows is whole: the second byte lost was ASCII (a space, the likeliest), but
        // before another "?" (that character's lead) and at the end (none was lost).
        if after.is_some_and(|c| c != u32::from(b'?')) {
            return firsts
                .into_iter()
                .map(|mut first| {
                    first.push(u32::from(b' '));
                    first
                })
                .collect();
        }
        return firsts;
    }
    let leads = match right.len() + 1 {
        2 => 0xC2..0xE0u8,
        3 => 0xE0..0xF0,
        _ => 0xF0..0xF5,
    };
    let seconds = likeliest(model, leads.map(|b| joined(&[], b, right)).collect());
    let question = vec![u32::from(b'?')];
    if firsts.is_empty() || seconds.is_empty() {
        let mut pair = firsts.first().unwrap_or(&question).clone();
        pair.extend_from_slice(seconds.first().unwrap_or(&question));
        return vec![pair];
    }
    // Each reading is one character: its cost, and the pair's across the two, where the bytes
    // lost between them are a pair GBK leaves unassigned.
    let mut scored: Vec<(f64, Vec<u32>)> = Vec::with_capacity(firsts.len() * seconds.len());
    for first in &firsts {
        for second in &seconds {
            let (a, b) = (first.first().copied(), second.first().copied());
            let (Some(a), Some(b)) = (a, b) else {
                continue;
            };
            if !unassigned(model, last_utf8_byte(a), first_utf8_byte(b)) {
                continue;
            }
            let score = model.char_cost(a) + model.char_cost(b) + adjacency(model, a, b);
            scored.push((score, vec![a, b]));
        }
    }
    let mut scores: Vec<f64> = scored.iter().map(|(score, _)| *score).collect();
    scores.sort_by(f64::total_cmp);
    let Some(&cut) = scores.get(usize::min(IN_CONTEXT, scores.len()).saturating_sub(1)) else {
        return Vec::new();
    };
    scored.retain(|(score, _)| *score <= cut);
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(IN_CONTEXT);
    scored.into_iter().map(|(_, pair)| pair).collect()
}

/// `recode.search._unassigned`: whether GBK leaves the pair `first`, `second` unassigned, so
/// that Windows wrote "?" for it: GB18030 reads no character from it, or a private-use one.
fn unassigned(model: &Model, first: u8, second: u8) -> bool {
    match model.codecs.decode(True::Gb18030, &[first, second]) {
        Some(read) => read.len() != 1 || read.iter().any(|c| (0xE000..=0xF8FF).contains(c)),
        None => true,
    }
}

/// The first and last bytes of a character's UTF-8.
fn first_utf8_byte(code: u32) -> u8 {
    utf8_of(code).first().copied().unwrap_or(0)
}

fn last_utf8_byte(code: u32) -> u8 {
    utf8_of(code).last().copied().unwrap_or(0)
}

fn utf8_of(code: u32) -> Vec<u8> {
    let mut buffer = [0u8; 4];
    char::from_u32(code).map_or_else(Vec::new, |c| c.encode_utf8(&mut buffer).as_bytes().to_vec())
}

/// `recode.search._in_context`: one reading per unit; a run of units with several candidates
/// takes the readings that read best together and with the fixed neighbours on either side
/// (which are never ambiguous: a run takes in every ambiguous unit next to it).
fn in_context(model: &Model, found: Vec<Candidates>, befores: &[&[u32]]) -> Vec<Option<Vec<u32>>> {
    let ambiguous = |index: usize| {
        found
            .get(index)
            .is_some_and(|f| f.as_ref().is_some_and(|(list, _)| list.len() > 1))
    };
    // A fixed unit's text: its reading, or what it was where it has none (or an empty one).
    let text_of = |at: usize| -> &[u32] {
        match found.get(at) {
            Some(Some((list, _))) if list.first().is_some_and(|read| !read.is_empty()) => {
                list.first().map_or(&[][..], Vec::as_slice)
            }
            _ => befores.get(at).copied().unwrap_or(&[]),
        }
    };
    let mut paths = Vec::new();
    let mut index = 0;
    while index < found.len() {
        if !ambiguous(index) {
            index += 1;
            continue;
        }
        let mut end = index;
        while ambiguous(end) {
            end += 1;
        }
        let left = if index > 0 {
            text_of(index - 1).last().copied()
        } else {
            None
        };
        let right = text_of(end).first().copied();
        let options: Vec<Vec<Vec<u32>>> = found[index..end]
            .iter()
            .map(|f| cheapest(model, f.as_ref().map_or(&[][..], |(list, _)| list)))
            .collect();
        paths.push((index, best_path(model, &options, left, right)));
        index = end;
    }
    let mut chosen: Vec<Option<Vec<u32>>> = found
        .into_iter()
        .map(|f| f.and_then(|(list, _)| list.into_iter().next()))
        .collect();
    for (index, path) in paths {
        for (offset, read) in path.into_iter().enumerate() {
            if let Some(slot) = chosen.get_mut(index + offset) {
                *slot = Some(read);
            }
        }
    }
    chosen
}

/// `recode.search._cheapest`: the IN_CONTEXT readings that cost least in words, cheapest first.
fn cheapest(model: &Model, found: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let mut costed: Vec<(f64, &Vec<u32>)> = found
        .iter()
        .map(|read| (cost_in_words(model, read), read))
        .collect();
    costed.sort_by(|a, b| a.0.total_cmp(&b.0));
    costed
        .into_iter()
        .take(IN_CONTEXT)
        .map(|(_, read)| read.clone())
        .collect()
}

/// `recode.search._best_path`: the sequence of one option per position that costs least, with the
/// pairs across the boundaries and `left`, `right` (when given) fixed at either end.
fn best_path(
    model: &Model,
    options: &[Vec<Vec<u32>>],
    left: Option<u32>,
    right: Option<u32>,
) -> Vec<Vec<u32>> {
    let mut lattice: Vec<Vec<Vec<u32>>> = Vec::with_capacity(options.len() + 2);
    lattice.extend(left.map(|c| vec![vec![c]]));
    lattice.extend(options.iter().cloned());
    lattice.extend(right.map(|c| vec![vec![c]]));
    let Some(first) = lattice.first() else {
        return Vec::new();
    };
    let mut costs: Vec<f64> = first.iter().map(|o| cost_in_words(model, o)).collect();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(lattice.len());
    for step in lattice.windows(2) {
        let (previous, current) = (&step[0], &step[1]);
        let mut step_costs = Vec::with_capacity(current.len());
        let mut step_back = Vec::with_capacity(current.len());
        for option in current {
            let own = cost_in_words(model, option);
            let mut least = (f64::INFINITY, 0);
            for (k, (before, total)) in previous.iter().zip(&costs).enumerate() {
                let joint = match (before.last(), option.first()) {
                    (Some(&a), Some(&b)) => adjacency(model, a, b),
                    _ => 0.0,
                };
                let sum = total + joint;
                if k == 0 || sum < least.0 {
                    least = (sum, k);
                }
            }
            step_costs.push(least.0 + own);
            step_back.push(least.1);
        }
        costs = step_costs;
        back.push(step_back);
    }
    let (mut position, mut least) = (0, f64::INFINITY);
    for (k, &value) in costs.iter().enumerate() {
        if k == 0 || value < least {
            (position, least) = (k, value);
        }
    }
    let mut path = vec![position];
    for step_back in back.iter().rev() {
        position = step_back.get(position).copied().unwrap_or(0);
        path.push(position);
    }
    path.reverse();
    let chosen: Vec<Vec<u32>> = lattice
        .iter()
        .zip(&path)
        .map(|(option, &k)| option.get(k).cloned().unwrap_or_default())
        .collect();
    let (skip, keep) = (usize::from(left.is_some()), options.len());
    chosen.into_iter().skip(skip).take(keep).collect()
}

/// `recode.search._dropping` for one unit's bytes: whether a UTF-8 sequence in them is cut short
/// before anything but a space (a byte was dropped; before a space it may be a character whose
/// NBSP became the space).
fn dropping(unit: &[u8]) -> bool {
    let continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let mut at = 0;
    while let Some(&lead) = unit.get(at) {
        // [\xc2-\xf4][\x80-\xbf]{0,2}(?![\x80-\xbf]), as in `restored`.
        let follow = unit
            .get(at + 1..)
            .unwrap_or(&[])
            .iter()
            .take(3)
            .take_while(|b| continuation(b))
            .count();
        if !(0xC2..=0xF4).contains(&lead) || follow > 2 {
            at += 1;
            continue;
        }
        let end = at + 1 + follow;
        if end - at < sequence_length(lead) && unit.get(end) != Some(&b' ') {
            return true;
        }
        at = end;
    }
    false
}

/// `recode.search._restored`: `data` with one byte restored that a single-byte code page dropped
/// (not unless `dropped`), or an NBSP that became a space, every way it may have been; or the
/// two bytes it dropped after a lone lead byte of three.
fn restored(data: &[u8], dropped: bool) -> Vec<Vec<u8>> {
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
            if data[position - 1] == 0xC2 || !dropped {
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
        if dropped && end == at + 1 && (0xE0..0xF0).contains(&lead) {
            for first in UNDEFINED_IN_CP1252 {
                for second in UNDEFINED_IN_CP1252 {
                    let mut candidate = Vec::with_capacity(data.len() + 2);
                    candidate.extend_from_slice(&data[..end]);
                    candidate.push(first);
                    candidate.push(second);
                    candidate.extend_from_slice(&data[end..]);
                    found.push(candidate);
                }
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

fn unmarked(text: &[u32]) -> std::borrow::Cow<'_, [u32]> {
    if text.contains(&GAP) {
        text.iter().copied().filter(|&c| c != GAP).collect()
    } else {
        std::borrow::Cow::Borrowed(text) // most units hold no loss marker: nothing to copy
    }
}

/// What the pair `left`, `right` costs beyond its characters (`plausibility.adjacencies`).
pub(crate) fn adjacency(model: &Model, left: u32, right: u32) -> f64 {
    join(left, right) - model.bonus(model.key(left), model.key(right))
}

/// `recode.search._gains` and `recode.search._add_pair_gains` of units whose readings are all full.
fn gains(model: &Model, befores: &[&[u32]], readings: &[Reading]) -> Vec<Option<f64>> {
    let mut gains: Vec<Option<f64>> = befores
        .iter()
        .zip(readings)
        .map(|(before, reading)| match reading {
            None => None,
            // A repair adds no loss marker, but where a code page dropped a byte without one.
            Some((read, full))
                if losses(read) > losses(before) && (*full || losses(before) > 0) =>
            {
                None
            }
            Some((read, _)) if read.as_slice() == *before => Some(0.0),
            Some((_, false)) => Some(SURVIVOR_GAIN),
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
        if (befores[index - 1].last(), befores[index].first())
            == (afters[index - 1].last(), afters[index].first())
        {
            continue; // the same pair costs the same: nothing saved
        }
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

/// The units of the window `[start, end)` of `text`, read and with their gains (None only
/// where the token patterns did not compile, which a test rules out).
fn window(
    model: &Model,
    text: &[u32],
    start: usize,
    end: usize,
    wrong: Wrong,
    codec: True,
    guess: bool,
) -> Option<Units> {
    let piece = text.get(start..end)?;
    let (data, units) = units(model, piece, wrong, codec)?;
    if wrong.single_byte() && !guess && start == 0 {
        // One reading or none a unit: made one unit at a time.
        return Some(streamed_gains::window_units(
            model,
            text,
            &data,
            &units,
            (wrong, codec),
        ));
    }
    let nbsps = spaces(&data, &units);
    Some(read_units(
        model, text, start, &data, &units, wrong, codec, guess, nbsps,
    ))
}

/// What a space after a UTF-8 sequence cut short may be, in a window (`recode.dropped.Spaces`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spaces {
    /// Bytes were dropped, or an NBSP survived: its NBSP is one filling among the others.
    Any,
    /// Nothing tells: its NBSP where that is clearly the likelier.
    Weighed,
    /// No byte was dropped: its NBSP, the only filling.
    Nbsp,
}

/// `recode.dropped.spaces`: what the units of a window tell of its spaces after sequences cut
/// short (a byte dropped or an NBSP kept; else one of cp1252's undefined bytes kept; else
/// nothing).
pub(crate) fn spaces(data: &[u8], units: &[Unit]) -> Spaces {
    let unit_bytes = || {
        units
            .iter()
            .filter_map(|&(_, _, bytes)| bytes.and_then(|(from, to)| data.get(from..to)))
    };
    if unit_bytes().any(|unit| dropping(unit) || unit.contains(&0xA0)) {
        Spaces::Any
    } else if unit_bytes().any(|unit| unit.iter().any(|b| UNDEFINED_IN_CP1252.contains(b))) {
        Spaces::Nbsp
    } else {
        Spaces::Weighed
    }
}

/// What a space costs between a Chinese character and the next, and how much likelier the
/// NBSP must read (`recode.dropped`'s constants).
const SPACE_BEFORE_HAN: f64 = 5.3;
const SPACE_BEFORE_ASCII: f64 = 1.0;
const NBSP_MARGIN: f64 = 1.0;

/// `recode.dropped.first_read`: the first character the unit after one (its bytes) reads as
/// in UTF-8, or None where none.
fn first_read(data: Option<&[u8]>) -> Option<u32> {
    data.and_then(|data| utf8_replacing(data).first().copied())
        .filter(|&first| first != GAP)
}

/// `recode.dropped.nbsp_likelier`: whether `nbsp`, the reading of `data` with its space an
/// NBSP (followed in the text by `after`, which reads as `following`), is clearly likelier
/// than the readings with a dropped byte and a real space.
fn nbsp_likelier(
    model: &Model,
    nbsp: &[u32],
    data: &[u8],
    after: Option<u32>,
    following: Option<u32>,
) -> bool {
    let Some(after) = after.filter(|&c| c != u32::from(b'\n') && c != u32::from(b'\r')) else {
        return true; // a space at the end of a line is seldom typed
    };
    let space = u32::from(b' ');
    let others: Vec<Vec<u32>> = valid(model, restored(data, true))
        .into_iter()
        .filter(|other| other.as_slice() != nbsp)
        .map(|mut other| {
            if other.last() == Some(&space) {
                other.pop();
            }
            other
        })
        .collect();
    if others.is_empty() {
        return true;
    }
    let mut joined = nbsp.to_vec();
    joined.extend(following);
    let own = cost_in_words(model, &joined)
        - following.map_or(0.0, |following| cost_in_words(model, &[following]));
    // Summed in order, each 2 to the minus its cost by `pow` (as Python's `2.0 ** x`; the
    // base is hidden from the optimiser, which would call `exp2`, another rounding).
    let two = std::hint::black_box(2.0_f64);
    let mut total = 0.0;
    for other in &others {
        total += two.powf(-cost_in_words(model, other));
    }
    let theirs = -total.log2();
    let space = if after < 0x80 {
        SPACE_BEFORE_ASCII
    } else {
        SPACE_BEFORE_HAN
    };
    theirs + space - own >= NBSP_MARGIN
}

/// `units` (of the window of `text` at `start`, with the window's bytes `data`) read, and with
/// their gains.
#[allow(clippy::too_many_arguments)]
fn read_units(
    model: &Model,
    text: &[u32],
    start: usize,
    data: &[u8],
    units: &[Unit],
    wrong: Wrong,
    codec: True,
    guess: bool,
    nbsps: Spaces,
) -> Units {
    let mut spans = Vec::with_capacity(units.len());
    let mut found = Vec::with_capacity(units.len());
    let unit_bytes = |index: usize| {
        units
            .get(index)
            .and_then(|&(_, _, bytes)| bytes.and_then(|(from, to)| data.get(from..to)))
    };
    for (index, &(first, last, _)) in units.iter().enumerate() {
        spans.push((start + first, start + last));
        let after = text.get(start + last).copied();
        // The next unit's first character is read only where an NBSP is weighed (rarely).
        let next = unit_bytes(index + 1);
        found.push(
            unit_bytes(index)
                .and_then(|bytes| readings(model, bytes, wrong, codec, after, guess, nbsps, next)),
        );
    }
    let befores: Vec<&[u32]> = spans
        .iter()
        .map(|&(first, last)| text.get(first..last).unwrap_or(&[]))
        .collect();
    let fulls: Vec<Option<bool>> = found.iter().map(|f| f.as_ref().map(|f| f.1)).collect();
    let readings: Vec<Reading> = in_context(model, found, &befores)
        .into_iter()
        .zip(fulls)
        .map(|(chosen, full)| chosen.zip(full))
        .collect();
    let gains = gains(model, &befores, &readings);
    Units {
        spans,
        readings,
        gains,
    }
}

/// Whether `unit_gains` finds a window where a run may save the margin (None where it is not
/// asked of the chain). A single-byte page's window is all of `text`, and most of its units are
/// ASCII characters written as themselves: each reads as itself, saves nothing, and a pair of
/// them costs what it did, so only the units that are not, and their neighbours, are read (a
/// clean line of European news was 25 µs a page, nearly all of it spent on its ASCII). The
/// gains between those stretches are zeros, which change no sum of a run.
pub fn finds_gains(
    model: &Model,
    text: &[u32],
    wrong: Wrong,
    codec: True,
    guess: bool,
) -> Option<bool> {
    if !wrong.single_byte() {
        return unit_gains(model, text, wrong, codec, guess).map(|found| !found.is_empty());
    }
    let (data, units) = units(model, text, wrong, codec)?;
    let read = read_marks(text, &data, &units);
    let mut saving = Saving::default();
    if guess {
        // Lost bytes guessed: a unit may have several readings, which are read in context.
        for gain in read_gains(model, text, &data, &units, &read, wrong, codec, guess) {
            saving.push(gain);
        }
    } else {
        streamed_gains::each_gain(model, text, &data, &units, &read, (wrong, codec), |gain| {
            saving.push(gain);
        });
    }
    Some(saving.saves())
}

/// Which of the `units` of `text` (written by a single-byte page as `data`) are read: those
/// that are not ASCII written as itself, and the one on either side of each.
fn read_marks(text: &[u32], data: &[u8], units: &[Unit]) -> Vec<bool> {
    let plain = |&(first, last, bytes): &Unit| {
        let written = bytes.and_then(|(from, to)| data.get(from..to));
        written.is_some_and(|written| {
            text.get(first..last).is_some_and(|chars| {
                chars.len() == written.len()
                    && chars
                        .iter()
                        .zip(written)
                        .all(|(&code, &byte)| byte < 0x80 && code == u32::from(byte))
            })
        })
    };
    let mut read = vec![false; units.len()];
    for (index, unit) in units.iter().enumerate() {
        if !plain(unit) {
            for near in index.saturating_sub(1)..usize::min(index + 2, units.len()) {
                if let Some(slot) = read.get_mut(near) {
                    *slot = true;
                }
            }
        }
    }
    read
}

/// The gains of the `units` of `text` (its bytes `data`) that `read` marks, each stretch of
/// them read (`read_units`) on its own, one after the other.
#[allow(clippy::too_many_arguments)]
fn read_gains(
    model: &Model,
    text: &[u32],
    data: &[u8],
    units: &[Unit],
    read: &[bool],
    wrong: Wrong,
    codec: True,
    guess: bool,
) -> Vec<Option<f64>> {
    let nbsps = spaces(data, units);
    let mut gains = Vec::new();
    let mut index = 0;
    while index < units.len() {
        if !read.get(index).copied().unwrap_or(false) {
            index += 1;
            continue;
        }
        let end = index
            + read
                .get(index..)
                .map_or(0, |rest| rest.iter().take_while(|&&r| r).count());
        let stretch = units.get(index..end).unwrap_or(&[]);
        gains.extend(read_units(model, text, 0, data, stretch, wrong, codec, guess, nbsps).gains);
        index = end;
    }
    gains
}

/// The windows of `text` that `recode.repair_runs` searches through the chain `wrong` ->
/// `codec`, each with its units, but those where no run can save the margin. None for a chain between Big5 and GBK (double-byte `wrong`,
/// `codec` not UTF-8), which is not searched here.
pub fn unit_gains(
    model: &Model,
    text: &[u32],
    wrong: Wrong,
    codec: True,
    guess: bool,
) -> Option<Vec<Units>> {
    if !wrong.single_byte() && codec != True::Utf8 {
        return None;
    }
    let mut found = Vec::new();
    for (start, end) in windows(model, text, wrong, codec) {
        let units = window(model, text, start, end, wrong, codec, guess)?;
        if may_save(&units.gains) {
            found.push(units);
        }
    }
    Some(found)
}

/// A repair must save this many bits per run (`recode.MARGIN`), less what sums of gains can
/// be off by in another order (`recode.chain.ROUNDING`).
const MARGIN: f64 = 12.0;
const ROUNDING: f64 = 0.01;

/// `recode.search._may_save`: whether some run of consecutive `gains` (None breaks a run) sums to
/// the margin; where none does, no run is picked, and the window is left out.
fn may_save(gains: &[Option<f64>]) -> bool {
    let mut saving = Saving::default();
    for &gain in gains {
        saving.push(gain);
    }
    saving.saves()
}

/// `may_save` over gains handed in one at a time: the best sum of a run ending at each.
#[derive(Default)]
struct Saving {
    best: f64,
    ending_here: f64,
}

impl Saving {
    fn push(&mut self, gain: Option<f64>) {
        self.ending_here = match gain {
            None => 0.0,
            Some(gain) => f64::max(0.0, self.ending_here + gain),
        };
        self.best = f64::max(self.best, self.ending_here);
    }

    fn saves(&self) -> bool {
        self.best >= MARGIN - ROUNDING
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{model, SINGLE_BYTE_PAGES};

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn repaired(text: &str, wrong: &str, codec: &str) -> String {
        read(text, wrong, codec, false)
    }

    fn read(text: &str, wrong: &str, codec: &str, guess: bool) -> String {
        let found = unit_gains(
            model(),
            &chars(text),
            Wrong::named(wrong).unwrap(),
            True::named(codec).unwrap(),
            guess,
        )
        .unwrap();
        let mut out = String::new();
        for units in found {
            for reading in units.readings {
                let (read, _) = reading.unwrap();
                out.extend(read.into_iter().filter_map(char::from_u32));
            }
        }
        out
    }

    /// `any_two_utf8` says what `two_utf8` of the written bytes says, on clean and garbled
    /// lines and on random ones of Han, kana, symbols, ASCII and astral characters.
    #[test]
    fn any_two_utf8_is_two_utf8_found() {
        let model = model();
        let mut texts: Vec<Vec<u32>> = [
            "鴨鴨，觜唼唼。青蒲生，春水狹。",
            "浣犲ソ锛屼笘鐣岋紒浠婂ぉ澶╂皵寰堝ソ",
            "瀹夎 Python 3.12 鐨勬柟娉",
            "Le café crème coûte 3,50 €",
            "𠀀𪚥a鍙",
            "",
        ]
        .iter()
        .map(|text| chars(text))
        .collect();
        let pool: Vec<u32> = (0x4E00..0x9FA6)
            .step_by(37)
            .chain([
                0x41, 0x7A, 0x3F, 0x20, 0xE9, 0xFFFD, 0x3042, 0xFF0C, 0x20AC, 0x2014,
            ])
            .chain([0x2_0000, 0x2_A6A5, 0x1_F600, 0xE000, 0xFFFF])
            .collect();
        let mut random = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut next = || random() as usize;
        for _ in 0..20_000 {
            let length = next() % 12;
            let text: Vec<u32> = (0..length).map(|_| pool[next() % pool.len()]).collect();
            // And its UTF-8 read as GB18030 or Big5, where that reads: mojibake, mostly matched.
            let utf8: String = text
                .iter()
                .filter_map(|&code| char::from_u32(code))
                .collect();
            for codec in [True::Gb18030, True::Cp950] {
                texts.extend(model.codecs.decode(codec, utf8.as_bytes()));
            }
            texts.push(text);
        }
        let mut found = 0;
        for text in &texts {
            for gb18030 in [true, false] {
                let (data, _) = model.codecs.encode_replacing(gb18030, text);
                let any = any_two_utf8(model, text, gb18030);
                assert_eq!(any, !two_utf8(&data).is_empty(), "{text:X?}");
                found += usize::from(any);
            }
        }
        assert!(any_two_utf8(model, &texts[1], true));
        for index in 0..SEEN_STATES {
            assert_eq!(usize::from(Seen::of(index).index()), index);
        }
        assert!((2_000..60_000).contains(&found), "{found}"); // both kinds asked often
    }

    /// `streamed_gains::each_gain` gives, gain for gain and to the last bit, what reading the
    /// units into lists gives (`read_gains`), for every single-byte page into GB18030, cp950
    /// and UTF-8: on clean Western, symbol and Chinese lines, on GBK, Big5 and UTF-8 read as
    /// each page, and on random text of the characters those pages write and of others; and
    /// `streamed_gains::window_units` the units `read_units` reads of the whole text.
    #[test]
    fn streamed_gains_are_the_read_gains() {
        let model = model();
        let mut texts: Vec<Vec<u32>> = [
            "Le café crème coûte 3,50 € à Zürich, où l’été est frais.",
            "Die Bundesregierung plant, die Förderung für Wärmepumpen ab Januar um 15 % zu kürzen.",
            "W Łodzi otwarto nową linię tramwajową o długości 7,4 km, która połączy dworzec.",
            "¿华为?, 臺灣™, енергії – 电脑, ±100°, 价格®©, Hà Nội…, £3.5",
            "«θερμοκρασία»华为—电脑¡über!100小米™© 12 \u{fffd}?",
            "ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£",
            "¸´ÖÆ±ê×¼Êä\"Èë Ã¦Â\u{fffd}Â?",
            "±¾ÎÄÕªÒª¡¢¹Ø¼ü´Ê",
            "ä½ å¥½ï¼Œä¸–ç•Œ",
            "Ã©tÃ© Â±25Â° Ã  cÃ´tÃ©, Ã? dÃ©jÃ  vu Ã ",
            "â€œquotedâ€\u{9d} â€” Ã¼ber ð\u{9f}˜€ Ã\u{a0}la",
            "À Marseille, É é ô ñ ð Ð Õ õ ç Ç à Ã ÿ Ÿ ? é? Ã?©",
        ]
        .iter()
        .map(|text| chars(text))
        .collect();
        // Chinese written in GBK and Big5, read as each page.
        for chinese in ["你好，世界！今天天氣很好。", "複製標準輸入，網路與電腦。"]
        {
            for wrong in [None, Some(Wrong::Gbk), Some(Wrong::Cp950)] {
                let mut data = Vec::new();
                for code in chars(chinese) {
                    match wrong {
                        Some(wrong) => {
                            model.codecs.encode(wrong, code, &mut data);
                        }
                        None => data.extend(char::from_u32(code).unwrap().to_string().bytes()),
                    }
                }
                texts.push(data.iter().map(|&byte| u32::from(byte)).collect());
                for page in SINGLE_BYTE_PAGES {
                    let page = Wrong::named(page).unwrap();
                    let read: Vec<u32> = data
                        .iter()
                        .filter_map(|&byte| {
                            (0..0x2200u32).find(|&code| {
                                let mut one = Vec::new();
                                model.codecs.encode(page, code, &mut one) && one == [byte]
                            })
                        })
                        .collect();
                    texts.push(read);
                }
            }
        }
        let mut pool: Vec<u32> = (0x20..0x7F).chain(0x80..0x250).collect();
        pool.extend([
            0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x20AC, 0x2122, 0x2026,
        ]);
        pool.extend([
            0x4E2D, 0x6587, 0x0416, 0x03B1, GAP, 0x1F600, 0x02C6, 0x20, 0x20, 0x3F,
        ]);
        let mut random = xorshift(0x853C_49E6_748F_EA9B);
        let mut next = || random() as usize;
        for _ in 0..4_000 {
            let length = next() % 24;
            texts.push((0..length).map(|_| pool[next() % pool.len()]).collect());
        }
        for text in &texts {
            for page in SINGLE_BYTE_PAGES {
                let wrong = Wrong::named(page).unwrap();
                for codec in [True::Gb18030, True::Cp950, True::Utf8] {
                    let (data, units) = units(model, text, wrong, codec).unwrap();
                    let read = read_marks(text, &data, &units);
                    let mut gains = Vec::new();
                    streamed_gains::each_gain(
                        model,
                        text,
                        &data,
                        &units,
                        &read,
                        (wrong, codec),
                        |gain| {
                            gains.push(gain.map(f64::to_bits));
                        },
                    );
                    let expected: Vec<Option<u64>> =
                        read_gains(model, text, &data, &units, &read, wrong, codec, false)
                            .into_iter()
                            .map(|gain| gain.map(f64::to_bits))
                            .collect();
                    assert_eq!(gains, expected, "{page} {codec:?} {text:X?}");
                    // And a whole window's units, read for its runs to be judged.
                    let streamed =
                        streamed_gains::window_units(model, text, &data, &units, (wrong, codec));
                    let nbsps = spaces(&data, &units);
                    let listed =
                        read_units(model, text, 0, &data, &units, wrong, codec, false, nbsps);
                    assert_eq!(streamed.spans, listed.spans);
                    assert_eq!(
                        streamed.readings, listed.readings,
                        "{page} {codec:?} {text:X?}"
                    );
                    let bits = |units: &Units| -> Vec<Option<u64>> {
                        units
                            .gains
                            .iter()
                            .map(|gain| gain.map(f64::to_bits))
                            .collect()
                    };
                    assert_eq!(bits(&streamed), bits(&listed), "{page} {codec:?} {text:X?}");
                }
            }
        }
        // And some of those gains save the margin: the garbled lines are found.
        let garbled = chars("ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£");
        let latin1 = Wrong::named("latin-1").unwrap();
        assert_eq!(
            finds_gains(model, &garbled, latin1, True::Gb18030, false),
            Some(true)
        );
        let clean = chars("Le café crème coûte 3,50 € à Zürich, où l’été est frais.");
        assert_eq!(
            finds_gains(model, &clean, latin1, True::Gb18030, false),
            Some(false)
        );
    }

    /// A xorshift generator from `state`: the same numbers on every run.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// `token_end` matches what the pattern does, on random bytes of the ranges it tells apart.
    #[test]
    fn token_end_is_the_pattern() {
        let alphabet: Vec<u8> = [
            0x00, 0x20, 0x2F, 0x30, 0x39, 0x3F, 0x40, 0x61, 0x7E, 0x7F, 0x80, 0x81, 0x8F, 0x90,
            0x9F, 0xA0, 0xA1, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
            0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFE, 0xFF,
        ]
        .to_vec();
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..200_000 {
            let length = (next() % 9) as usize;
            let data: Vec<u8> = (0..length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for codec in [True::Utf8, True::Gb18030, True::Cp950] {
                let pattern = tokens(codec).unwrap();
                for at in 0..data.len() {
                    let found = pattern.find_at(&data, at).unwrap();
                    assert_eq!(found.start(), at);
                    assert_eq!(token_end(&data, at, codec), found.end(), "{data:X?} {at}");
                }
            }
        }
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
        let found = unit_gains(
            model(),
            &chars("今天天气很好"),
            Wrong::Gbk,
            True::Utf8,
            false,
        )
        .unwrap();
        assert!(found.is_empty());
    }

    #[test]
    fn between_big5_and_gbk_is_not_here() {
        assert!(unit_gains(model(), &chars("你好"), Wrong::Gbk, True::Cp950, false).is_none());
    }

    #[test]
    fn a_lost_byte_is_guessed_in_context() {
        // 这是一个测试 read as GBK with U+FFFD where 一 and 个 lost a byte each.
        let garbled = "杩欐槸涓\u{fffd}涓\u{fffd}娴嬭瘯";
        assert_eq!(read(garbled, "gbk", "utf-8", true), "这是一个测试");
        // Unless asked to guess, a character with many fillings stays lost.
        assert_eq!(
            repaired(garbled, "gbk", "utf-8"),
            "这是\u{fffd}\u{fffd}测试"
        );
    }

    #[test]
    fn what_survived_a_loss_keeps_one_marker() {
        assert_eq!(
            survivors(b"\xe4\xbd\xff\xff\xe5\xa5\xbd"),
            chars("\u{fffd}好")
        );
        assert_eq!(survivors(b"\xe4\xbd?\xa5\xbd"), chars("?"));
    }

    #[test]
    fn a_dropped_byte_with_one_way_back_is_restored() {
        // 的 is E7 9A 84; cp1252 reads 9A and 84; a sloppy reader drops nothing, but 丁 (E4 B8
        // 81) loses its 81 to a decoder that drops undefined bytes.
        let found = restored(b"\xe4\xb8", true);
        assert!(found.iter().any(|candidate| candidate == b"\xe4\xb8\x81"));
    }

    #[test]
    fn two_dropped_bytes_after_a_lone_lead_are_restored() {
        // 名 is E5 90 8D: both its last bytes are undefined in cp1252.
        let found = restored(b"\xe5", true);
        assert!(found.iter().any(|candidate| candidate == b"\xe5\x90\x8d"));
        assert_eq!(found.len(), 5 + 25); // one byte back, or two
    }

    #[test]
    fn an_nbsp_inside_a_character_is_one_unit_with_it() {
        // 格 is E6 A0 BC: read as cp1252 with its NBSP turned into a space, "æ ¼".
        assert_eq!(read("è¡¨æ ¼çš„", "sloppy-cp1252", "utf-8", false), "表格的");
    }

    /// `finds_gains` says what `unit_gains` finds, on text drawn from European words, Western
    /// symbols, what GBK and UTF-8 read as Western code pages leave, losses and other scripts:
    /// every single-byte page into every codec, guessing or not.
    #[test]
    fn finds_gains_is_what_unit_gains_finds() {
        let pieces: Vec<Vec<u32>> = [
            "a",
            " ",
            "12",
            "?",
            ".",
            "é",
            "°±",
            "®©",
            "Łódź",
            "ção",
            "’",
            "€",
            "ÄãºÃ",
            "£¬",
            "ä½\u{a0}å¥½",
            "ä½ å¥½",
            "æ˜¾ç¤º",
            "\u{fffd}",
            "Ã",
            "中文",
            "Привет",
            "😀",
            "µÈÓÚ",
            "»ò",
            "\u{81}",
            "Â",
            "Ã©",
            "¥",
            "½",
            "Napíšte",
            "ï¼Œ",
            "å",
        ]
        .iter()
        .map(|piece| chars(piece))
        .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let mut found = 0;
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..next(12) {
                text.extend_from_slice(&pieces[next(pieces.len())]);
            }
            let wrong = Wrong::named(SINGLE_BYTE_PAGES[next(SINGLE_BYTE_PAGES.len())]).unwrap();
            for codec in [True::Utf8, True::Gb18030, True::Cp950] {
                for guess in [false, true] {
                    let expected = unit_gains(model(), &text, wrong, codec, guess)
                        .map(|windows| !windows.is_empty());
                    assert_eq!(
                        finds_gains(model(), &text, wrong, codec, guess),
                        expected,
                        "{text:?}"
                    );
                    found += usize::from(expected == Some(true));
                }
            }
        }
        assert!(found > 1000, "{found}");
    }
}
