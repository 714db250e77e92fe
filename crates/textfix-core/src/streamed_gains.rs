//! A single-byte code page's unit gains made one unit at a time, with no list of readings:
//! `units::finds_gains` of the Western chains, which every Western stretch of a triggered
//! line is asked of (eight chains, five pages).
//!
//! Where no lost byte is guessed, a unit has one reading or none (`units::readings`: several
//! only where a guess is asked), so `units::in_context` keeps each as it is. A unit's gain is
//! then its own reading's against its text, and a pair's across each boundary
//! (`units::gains`), which needs only the unit before: the gains are made in order, with the
//! sums `units::read_units` makes, and handed on as they are final. Into GB18030 and cp950 a
//! unit's reading is a table decode; into UTF-8, most units of clean text that are not ASCII
//! are one byte (an accented letter before an ASCII one), whose reading depends on the byte
//! alone and is made once. Reading every unit's candidates into lists cost a clean European
//! line most of its time in the core, a quarter of it allocation. A window whose runs are
//! judged (`units::unit_gains` of a single-byte page, all of the text) is read so too.

use crate::codecs::{True, Wrong};
use crate::model::Model;
use crate::score::cost_in_words;
use crate::units::{
    self, adjacency, Candidates, Spaces, Unit, Units, GAP, GAP_BYTE, SURVIVOR_GAIN,
};
use std::sync::OnceLock;

/// A unit's one reading and whether it is full (no byte of it lost), or none.
type OneReading = Option<(Vec<u32>, bool)>;

/// One unit's reading, as the boundary after it needs it.
#[derive(Clone, Copy)]
struct Read {
    gain: Option<f64>,
    /// Its text's last character, and its reading's (its text's where it has none).
    before_last: Option<u32>,
    after_last: Option<u32>,
}

/// The gains of the `units` of `text` (written by a single-byte page as `data`) that `read`
/// marks, read into `codec` with no guess (`wrong` is a single-byte page), stretch by stretch
/// of consecutive marked units, each handed to `each` in order: what `units::read_units` gives
/// for each such stretch, one after the other.
pub(crate) fn each_gain(
    model: &Model,
    text: &[u32],
    data: &[u8],
    units: &[Unit],
    read: &[bool],
    chain: (Wrong, True),
    each: impl FnMut(Option<f64>),
) {
    let marked = |index: usize| read.get(index).copied().unwrap_or(false);
    walk(model, text, data, units, marked, chain, |_, _| {}, each);
}

/// `units::read_units` of all the `units` of `text` (written by a single-byte page as `data`,
/// the window of all of it), read into `codec` with no guess.
pub(crate) fn window_units(
    model: &Model,
    text: &[u32],
    data: &[u8],
    units: &[Unit],
    chain: (Wrong, True),
) -> Units {
    let mut readings = Vec::with_capacity(units.len());
    let mut gains = Vec::with_capacity(units.len());
    walk(
        model,
        text,
        data,
        units,
        |_| true,
        chain,
        |_, reading| readings.push(reading.map(|(read, full)| (read.to_vec(), full))),
        |gain| gains.push(gain),
    );
    Units {
        spans: units
            .iter()
            .map(|&(first, last, _)| (first, last))
            .collect(),
        readings,
        gains,
    }
}

/// Each unit of `units` that is `marked` read in order (its reading handed to `each_reading`
/// as it is made) and each one's gain handed to `each_gain` once the pair after it is
/// credited; units not marked are skipped, and end a stretch.
#[allow(clippy::too_many_arguments)]
fn walk(
    model: &Model,
    text: &[u32],
    data: &[u8],
    units: &[Unit],
    marked: impl Fn(usize) -> bool,
    (wrong, codec): (Wrong, True),
    mut each_reading: impl FnMut(usize, Option<(&[u32], bool)>),
    mut each_gain: impl FnMut(Option<f64>),
) {
    let unit_bytes = |index: usize| {
        units
            .get(index)
            .and_then(|&(_, _, bytes)| bytes.and_then(|(from, to)| data.get(from..to)))
    };
    let nbsps = units::spaces(data, units);
    let (mut buffer, mut unmarked) = (Vec::new(), Vec::new());
    let mut previous: Option<Read> = None;
    for (index, &(first, last, _)) in units.iter().enumerate() {
        if !marked(index) {
            // A stretch ends: no pair is credited across units read apart.
            if let Some(done) = previous.take() {
                each_gain(done.gain);
            }
            continue;
        }
        let before = text.get(first..last).unwrap_or(&[]);
        let context = Context {
            after: text.get(last).copied(),
            // `read_units` reads a stretch alone: its last unit has no next one.
            next: unit_bytes(index + 1).filter(|_| marked(index + 1)),
            nbsps,
        };
        let reading = unit_bytes(index)
            .and_then(|written| reading(model, written, (wrong, codec), context, &mut buffer));
        each_reading(index, reading);
        let mut gain =
            reading.and_then(|(after, full)| own_gain(model, before, after, full, &mut unmarked));
        let after = reading.map_or(before, |(after, _)| after);
        if let Some(mut left) = previous.take() {
            credit_pair(model, &mut left, &mut gain, before, after);
            each_gain(left.gain);
        }
        previous = Some(Read {
            gain,
            before_last: before.last().copied(),
            after_last: after.last().copied(),
        });
    }
    if let Some(done) = previous {
        each_gain(done.gain);
    }
}

/// What a unit's reading into UTF-8 may depend on beyond its bytes (`units::readings`).
#[derive(Clone, Copy)]
struct Context<'a> {
    after: Option<u32>,
    next: Option<&'a [u8]>,
    nbsps: Spaces,
}

/// `units::readings` of a unit's bytes with no guess: its one reading (made in `buffer`, or
/// made once for a lone byte into UTF-8) and whether it is full, or none.
fn reading<'a>(
    model: &Model,
    written: &[u8],
    (wrong, codec): (Wrong, True),
    context: Context<'_>,
    buffer: &'a mut Vec<u32>,
) -> Option<(&'a [u32], bool)> {
    if written.is_ascii() {
        buffer.clear();
        buffer.extend(written.iter().copied().map(u32::from));
        return Some((buffer, true));
    }
    if codec != True::Utf8 {
        // Into GB18030 or cp950, a unit reads as its decode or not at all.
        return model
            .codecs
            .decode_into(codec, written, buffer)
            .then_some((&buffer[..], true));
    }
    if let [byte] = *written {
        if byte != GAP_BYTE {
            return lone_byte_reading(model, wrong, byte)
                .as_ref()
                .map(|(read, full)| (read.as_slice(), *full));
        }
    }
    let (found, full) = units::readings(
        model,
        written,
        wrong,
        codec,
        context.after,
        false,
        context.nbsps,
        context.next,
    )?;
    *buffer = found.into_iter().next()?;
    Some((buffer, full))
}

/// The reading into UTF-8 of a unit of one byte that is not ASCII nor the gap byte: no valid
/// sequence, so its readings are the ways a dropped byte completes it, which the byte alone
/// decides (no space follows it in its unit, so no NBSP is weighed, and the completions are
/// read by UTF-8's own rules, not the model's tables; every single-byte page, `wrong` among
/// them, is read alike). Made once for each byte.
fn lone_byte_reading(model: &Model, wrong: Wrong, byte: u8) -> &'static OneReading {
    static READINGS: OnceLock<Vec<OneReading>> = OnceLock::new();
    let readings = READINGS.get_or_init(|| {
        (0..=255u8)
            .map(|byte| first_reading(lone_byte_candidates(model, wrong, byte)))
            .collect()
    });
    readings.get(usize::from(byte)).unwrap_or(&None)
}

/// `units::readings` of the lone `byte` into UTF-8 from a single-byte page, with no guess.
fn lone_byte_candidates(model: &Model, wrong: Wrong, byte: u8) -> Candidates {
    units::readings(
        model,
        &[byte],
        wrong,
        True::Utf8,
        None,
        false,
        Spaces::Weighed,
        None,
    )
}

/// A unit's one reading, as `units::in_context` keeps it where none is ambiguous.
fn first_reading(candidates: Candidates) -> OneReading {
    let (found, full) = candidates?;
    found.into_iter().next().map(|read| (read, full))
}

/// `units::gains`' own gain of a unit whose text `before` reads as `after` (`full`: no byte of
/// it was lost).
fn own_gain(
    model: &Model,
    before: &[u32],
    after: &[u32],
    full: bool,
    unmarked: &mut Vec<u32>,
) -> Option<f64> {
    // A repair adds no loss marker, but where a code page dropped a byte without one.
    if losses(after) > losses(before) && (full || losses(before) > 0) {
        return None;
    }
    if after == before {
        return Some(0.0);
    }
    if !full {
        return Some(SURVIVOR_GAIN);
    }
    let mut cost = |text: &[u32]| {
        if text.contains(&GAP) {
            unmarked.clear();
            unmarked.extend(text.iter().copied().filter(|&c| c != GAP));
            cost_in_words(model, unmarked)
        } else {
            cost_in_words(model, text)
        }
    };
    Some(cost(before) - cost(after))
}

fn losses(text: &[u32]) -> usize {
    text.iter()
        .filter(|&&c| c == GAP || c == u32::from(b'?'))
        .count()
}

/// `units::gains`' credit of the pair across the boundary between the unit `left` and the next
/// one, whose text `before` reads as `after` and whose own gain is `right`: what the pair
/// saves goes to the side that may be repaired, or half to each.
fn credit_pair(
    model: &Model,
    left: &mut Read,
    right: &mut Option<f64>,
    before: &[u32],
    after: &[u32],
) {
    let pairs = (
        (left.before_last, before.first().copied()),
        (left.after_last, after.first().copied()),
    );
    if pairs.0 == pairs.1 {
        return; // the same pair costs the same: nothing saved
    }
    let cost = |pair: (Option<u32>, Option<u32>)| match pair {
        (Some(a), Some(b)) => adjacency(model, a, b),
        _ => 0.0,
    };
    let (was, is) = (cost(pairs.0), cost(pairs.1));
    if was == is {
        return;
    }
    let saved = was - is;
    match (&mut left.gain, right) {
        (None, Some(right)) => *right += saved,
        (Some(left), None) => *left += saved,
        (Some(left), Some(right)) => {
            *left += saved / 2.0;
            *right += saved / 2.0;
        }
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{model, SINGLE_BYTE_PAGES};
    use crate::units::finds_gains;

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    /// The reading of a lone byte into UTF-8, made once, is each page's own.
    #[test]
    fn a_lone_byte_reads_alike_from_every_page() {
        let model = model();
        for page in SINGLE_BYTE_PAGES {
            let wrong = Wrong::named(page).unwrap();
            for byte in 0x80..GAP_BYTE {
                assert_eq!(
                    *lone_byte_reading(model, wrong, byte),
                    first_reading(lone_byte_candidates(model, wrong, byte)),
                    "{page} {byte:X}"
                );
            }
        }
    }

    /// Lines that the chains repair still find their gains, and clean lines find none.
    #[test]
    fn garbled_lines_find_gains_and_clean_ones_none() {
        let model = model();
        let find = |text: &str, page: &str, codec: True| {
            finds_gains(
                model,
                &chars(text),
                Wrong::named(page).unwrap(),
                codec,
                false,
            )
        };
        // GBK read as cp1252 and Latin-1, Big5 read as cp1252, UTF-8 read as cp1252.
        assert_eq!(
            find("ÄãºÃ£¬ÊÀ½ç£¡", "sloppy-cp1252", True::Gb18030),
            Some(true)
        );
        assert_eq!(
            find("±¾ÎÄÕªÒª¡¢¹Ø¼ü´Ê", "latin-1", True::Gb18030),
            Some(true)
        );
        assert_eq!(find("§A¦n¡A¥@¬É", "sloppy-cp1252", True::Cp950), Some(true));
        assert_eq!(
            find("ä½ å¥½ï¼Œä¸–ç•Œ", "sloppy-cp1252", True::Utf8),
            Some(true)
        );
        assert_eq!(
            find("cafÃ© Ã  la crÃ¨me", "latin-1", True::Utf8),
            Some(true)
        );
        for page in SINGLE_BYTE_PAGES {
            for codec in [True::Gb18030, True::Cp950, True::Utf8] {
                let clean = "Die Förderung für Wärmepumpen soll ab Januar um 15 % sinken.";
                assert_eq!(find(clean, page, codec), Some(false), "{page} {codec:?}");
            }
        }
    }
}
