//! The triggered lines whose decisions take nothing from any chain: `runs.reads_nothing`, but
//! where a chain's runs are asked, a line that cp1252 cannot write (one with Chinese, Cyrillic
//! or an emoji in it), or with a Western character alone between ASCII ones, counts as read by
//! them only where a run is kept (`accept.rs`), not where the gains merely could pick one. Rare characters of classical text give the Big5/GBK and
//! UTF-8 chains runs to weigh on most lines, and `°±` or `®©` beside other scripts the Western
//! code pages, and acceptance turns every one of them down; such a line is one whose decisions
//! leave it to ftfy alone as well. The reference is `layers.mojibake.runs.reads_nothing_kept`.

use crate::accept;
use crate::codecs::{True, Wrong};
use crate::dismiss::{nothing_whole, western_reads_nothing, Chains, Runs};
use crate::han;
use crate::model::{Model, UNREADABLE};
use crate::runs::MARGIN;
use crate::scan::{C1, CONTINUATION, UTF8_LEAD};
use crate::score::{char_costs, cost_in_words};
use crate::units;
use crate::whole::ChainName;

/// `acceptance.EAST_ASIAN`'s first character, U+2E80: a short line with one may be read whole
/// between Big5 and GBK.
const EAST_ASIAN: u32 = 0x2E80;

/// What `settle_each` says of a line: no chain's reading of it is taken ([`QUIET`]), and the
/// decisions leave it alone too ([`SETTLED`]); or neither ([`READ`]).
pub const READ: u8 = 0;
pub const QUIET: u8 = 1;
pub const SETTLED: u8 = 2;

/// For each line of `text` at `spans` (code point offsets), whether it `reads_nothing_kept` and
/// `left_alone`; [`READ`] for a span outside the text. Where every line is [`SETTLED`], the
/// mojibake layer changes nothing in the document (`runs.settle_each`).
pub fn settle_each(
    model: &Model,
    text: &[u32],
    spans: &[(usize, usize)],
    chains: &Chains,
) -> Vec<u8> {
    spans
        .iter()
        .map(|&(start, end)| match text.get(start..end) {
            Some(line) if reads_nothing_kept(model, line, chains) => {
                if left_alone(model, line) {
                    SETTLED
                } else {
                    QUIET
                }
            }
            _ => READ,
        })
        .collect()
}

/// The bits of `whole_classes` this module asks.
const HAN: u8 = 2;
/// U+FFFD, which lossy decoders write (`lossy_replace.LOST`).
const LOST: u32 = 0xFFFD;

/// `runs.left_alone`: whether the decisions for a `line` that reads nothing kept (ftfy's part, `ftfy_undo`'s
/// restoring, the page's chain, the lossy chains) leave it as it is and take nothing from it:
/// it holds three Han characters in a row (CJK, which ftfy does not read first; clean words,
/// which `ftfy_undo` never restores; no stretch ftfy made, which would mark the page as gone
/// through ftfy: no code page writes a Han character), no sign of UTF-8 read as Latin-1
/// (`triggers.UTF8_AS_LATIN`: ftfy is not asked), and no U+FFFD (the lossy chains read only
/// such lines).
pub fn left_alone(model: &Model, line: &[u32]) -> bool {
    let han = |code: &u32| model.whole_class(*code) & HAN != 0;
    let flags = |at: usize| line.get(at).map_or(0, |&code| model.scan_flags(code));
    let utf8_as_latin = (0..line.len()).any(|at| {
        let here = flags(at);
        here & C1 != 0 || (here & UTF8_LEAD != 0 && flags(at + 1) & CONTINUATION != 0)
    });
    !line.contains(&LOST) && !utf8_as_latin && line.windows(3).any(|three| three.iter().all(han))
}

/// `runs.reads_nothing_kept` of `line`, in its order: the Western stretches, the whole
/// readings, the runs, the short-text reading between Big5 and GBK.
pub fn reads_nothing_kept(model: &Model, line: &[u32], chains: &Chains) -> bool {
    // `patchwork.whole_over_runs` reads only a line cp1252 writes, with no Western character
    // alone between ASCII ones, when no run is kept (`patchwork.never_read_alone`).
    let kept = !western_line(model, line) || lone_upper_half(line);
    let runs = if kept { Runs::Kept } else { Runs::Found };
    if !chains.single.is_empty() && !western_reads_nothing(model, line, chains, runs) {
        return false;
    }
    if !nothing_read_whole(model, line, chains.whole, chains.rarest, chains)
        || !nothing_read_whole(model, line, chains.pages, f64::INFINITY, chains)
    {
        return false;
    }
    if chains.han.iter().any(|tables| {
        if kept {
            !accept::han_repairs(model, tables, line).is_empty()
        } else {
            han::han_gains(model, tables, line).is_some()
        }
    }) {
        return false;
    }
    if !chains.from_utf8.iter().all(|chain| {
        let (Some(wrong), Some(codec)) =
            (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
        else {
            return false;
        };
        if kept {
            accept::unit_repairs(model, line, wrong, codec, chains.guess)
                .is_some_and(|found| found.is_empty())
        } else {
            units::unit_gains(model, line, wrong, codec, chains.guess)
                .is_some_and(|found| found.is_empty())
        }
    }) {
        return false;
    }
    // `runs.best_short_text_reading`: a short East Asian line read whole between Big5 and GBK
    // (where runs are kept, only where `recode.repair_short_text` reads it).
    line.len() > chains.short_text
        || !line.iter().any(|&code| code >= EAST_ASIAN)
        || !chains.han.iter().any(|tables| {
            if kept {
                short_text_reading(model, tables, line)
            } else {
                han::whole_could_save(tables, line)
            }
        })
}

/// `recode.whole.LONE_MARGIN`, `RARE_BEFORE`: what a short text's reading must save where one
/// character changes, and how rare that character must be.
const LONE_MARGIN: f64 = 15.0;
const RARE_BEFORE: f64 = 25.0;
/// `acceptance.PLAUSIBLE_AVERAGE`.
const PLAUSIBLE_AVERAGE: f64 = 12.5;
/// The bits of `whole_classes` this module asks: `plausibility.foreign`'s letters.
const FOREIGN: u8 = 1;

/// Whether `recode.repair_short_text` reads all of the short `text` through the Big5/GBK chain
/// of `tables`: it could save the margin (`han::whole_could_save`), every character has a
/// reading, some change, not only kana, no foreign letter is added, the reading reads like real
/// text, and it saves LONE_MARGIN bits for one rare character changed or MARGIN for several.
fn short_text_reading(model: &Model, tables: &han::Tables, text: &[u32]) -> bool {
    if !han::whole_could_save(tables, text) {
        return false;
    }
    let after: Vec<u32> = text.iter().map(|&code| tables.reading(code)).collect();
    let foreign = |text: &[u32]| {
        text.iter()
            .filter(|&&code| model.whole_class(code) & FOREIGN != 0)
            .count()
    };
    if after.contains(&UNREADABLE) || after == text || foreign(&after) > foreign(text) {
        return false;
    }
    let changed: Vec<u32> = text
        .iter()
        .zip(&after)
        .filter(|(before, reading)| before != reading)
        .map(|(&before, _)| before)
        .collect();
    if changed.iter().all(|code| (0x3040..=0x30FF).contains(code)) {
        return false; // Japanese, whatever its Big5 reading says
    }
    let letters: Vec<u32> = after.iter().copied().filter(|&code| code >= 0x80).collect();
    let gain = cost_in_words(model, text) - cost_in_words(model, &after);
    if cost_in_words(model, &letters) > PLAUSIBLE_AVERAGE * letters.len() as f64 {
        return false;
    }
    match changed.as_slice() {
        [only] => {
            gain > LONE_MARGIN
                && char_costs(model, &[*only])
                    .first()
                    .is_some_and(|&cost| cost >= RARE_BEFORE)
        }
        _ => gain > MARGIN,
    }
}

/// `patchwork._western`: whether cp1252 or Latin-1 writes every character of `line` (true where
/// the model holds no cp1252: then runs are asked as where it does).
fn western_line(model: &Model, line: &[u32]) -> bool {
    let Some(cp1252) = Wrong::named("sloppy-cp1252") else {
        return true;
    };
    let mut byte = Vec::with_capacity(1);
    line.iter().all(|&code| {
        byte.clear();
        code <= 0xFF || model.codecs.encode(cp1252, code, &mut byte)
    })
}

/// `patchwork._LONE_UPPER_HALF`: a character beyond ASCII with no such neighbour.
fn lone_upper_half(line: &[u32]) -> bool {
    let ascii = |at: Option<&u32>| at.map_or(true, |&code| code < 0x80);
    line.iter().enumerate().any(|(at, &code)| {
        code >= 0x80
            && ascii(at.checked_sub(1).and_then(|at| line.get(at)))
            && ascii(line.get(at + 1))
    })
}

/// `dismiss::nothing_whole`: whether `line` read whole through every one of `chains` gives
/// nothing; the chains `cannot_read_whole` settles are not asked of `whole::repair_whole_each`
/// (on a line of Chinese, all of them).
fn nothing_read_whole(
    model: &Model,
    line: &[u32],
    whole: &[ChainName],
    rarest: f64,
    chains: &Chains,
) -> bool {
    if line.contains(&LOST) {
        return true; // no chain reads a line with a U+FFFD whole
    }
    let astral = line.iter().any(|&code| code > 0xFFFF);
    let asked: Vec<ChainName> = whole
        .iter()
        .filter(|chain| !cannot_read_whole(model, line, chain, astral))
        .cloned()
        .collect();
    asked.is_empty() || nothing_whole(model, line, &asked, rarest, chains.limits)
}

/// Whether `whole::repair_whole` reads nothing of `line` (which holds no U+FFFD, and holds an
/// `astral` character or not) through `chain`, told by its first signs, at the first
/// characters of most lines: a double-byte codec read as anything but UTF-8, a character the
/// wrong codec cannot write, bytes UTF-8 cannot read (its first round, of a chain of two).
/// False: ask it.
fn cannot_read_whole(model: &Model, line: &[u32], chain: &ChainName, astral: bool) -> bool {
    let single = chain.wrong == "latin-1" || chain.wrong.starts_with("sloppy-");
    let to_utf8 = chain.true_codec == "utf-8";
    if !single && (!to_utf8 || astral) {
        return true;
    }
    let (Some(wrong), Some(codec)) = (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
    else {
        return false; // the reference reads it
    };
    if chain.times < 1 {
        return false;
    }
    let mut data = Vec::new();
    let mut checked = 0;
    for &code in line {
        if !model.codecs.encode(wrong, code, &mut data) {
            return true;
        }
        if codec == True::Utf8 {
            match std::str::from_utf8(data.get(checked..).unwrap_or(&[])) {
                Ok(_) => checked = data.len(),
                // A sequence cut at the end may go on; any other error is final.
                Err(error) if error.error_len().is_none() => checked += error.valid_up_to(),
                Err(_) => return true,
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::han::Tables;
    use crate::testing::{chains, han_tables, model, named};
    use crate::whole::ChainName;

    /// `settle_each` of each line of `text`, with a few chains of each kind.
    fn states(text: &str) -> Vec<u8> {
        let model = model();
        let single = vec![
            named("sloppy-cp1252", "gb18030", 1),
            named("latin-1", "utf-8", 1),
        ];
        let from_utf8 = vec![named("gbk", "utf-8", 1), named("cp950", "utf-8", 1)];
        let whole: Vec<ChainName> = single.iter().chain(&from_utf8).cloned().collect();
        let han: Vec<&Tables> = han_tables().iter().collect();
        let chains = chains(&whole, &[], &single, &from_utf8, &han);
        let codes: Vec<u32> = text.chars().map(u32::from).collect();
        let mut spans = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.chars().count();
            spans.push((start, end));
            start = end + 1;
        }
        spans.push((start, usize::MAX)); // outside the text
        settle_each(model, &codes, &spans, &chains)
    }

    #[test]
    fn clean_classical_lines_are_settled_and_garbled_ones_read() {
        let text = [
            "鴨鴨，觜唼唼。青蒲生，春水狹。蕩漾木蘭船，中有雙少年。少年醉，鴨不起。",
            "防有鹊巢，邛有旨苕。谁侜予美？心焉忉忉。中唐有甓，邛有旨鷊。谁侜予美？心焉惕惕。",
            "浣犲ソ锛屼笘鐣岋紒浠婂ぉ澶╂皵寰堝ソ",
            "籓芖氦い濡r辊U更",
            // No chain reads them, but ftfy or the lossy chains are asked.
            "Le café crème coûte 3,50 € à Zürich, où l’été est frais.",
            "我部電腦用咗三年，而家開機要成兩分鐘，係咪要換SSD？\u{fffd}",
        ]
        .join("\n");
        assert_eq!(
            states(&text),
            [SETTLED, SETTLED, READ, READ, QUIET, QUIET, READ]
        );
    }

    #[test]
    fn no_input_panics() {
        for text in ["", "\n\n", "\u{ffff}\u{10ffff}", "\u{e000}\u{e000}。"] {
            states(text);
        }
    }
}
