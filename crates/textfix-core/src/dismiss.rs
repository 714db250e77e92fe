//! The triggered lines that no chain reads anything in: `layers.mojibake.runs.reads_nothing`
//! asked with every chain the layer knows, for every triggered line of a document at once.
//! Such a line is one whose decisions give nothing (no whole reading, none from a page, no
//! run), whichever chains it is worth: the mojibake layer leaves it to ftfy alone, and where it
//! holds Chinese and no UTF-8 sign, skips it. Only this crate's kernels are asked; where one
//! cannot answer (a codec it holds no table for), the line is not dismissed.

use crate::codecs::{True, Wrong};
use crate::han::{self, Tables};
use crate::little;
use crate::model::Model;
use crate::scan::{BIG5_LEAD, DASHES, WESTERN};
use crate::units;
use crate::western;
use crate::whole::{self, ChainName, Limits, Whole};

/// The chains of `runs.reads_nothing`, by what it asks of each, and its numbers.
pub struct Chains<'a> {
    /// Every chain and its reading twice over (`TWICE_OVER`), each read whole.
    pub whole: &'a [ChainName],
    /// `PAGE_CHAINS`, read whole with no bar on rare characters.
    pub pages: &'a [ChainName],
    /// The single-byte chains, asked of each Western stretch whole and run by run.
    pub single: &'a [ChainName],
    /// The chains from double-byte codecs into UTF-8, asked run by run.
    pub from_utf8: &'a [ChainName],
    /// The chains between Big5 and GBK, by their tables.
    pub han: &'a [&'a Tables],
    /// `recode.WHOLE_WORST`.
    pub rarest: f64,
    pub limits: Limits,
    /// `plausibility.SHORT_TEXT`.
    pub short_text: usize,
    /// Whether lost bytes are guessed (`lossy="guess"`), as the runs are then searched.
    pub guess: bool,
}

/// For each line of `text` at `spans` (code point offsets), whether no chain reads anything
/// in it; false for a span outside the text.
pub fn reads_nothing_each(
    model: &Model,
    text: &[u32],
    spans: &[(usize, usize)],
    chains: &Chains,
) -> Vec<bool> {
    spans
        .iter()
        .map(|&(start, end)| {
            text.get(start..end)
                .is_some_and(|line| reads_nothing(model, line, chains))
        })
        .collect()
}

/// `runs.reads_nothing` of `line`, in its order: the Western stretches, the whole readings,
/// the runs, the short-text reading between Big5 and GBK.
pub fn reads_nothing(model: &Model, line: &[u32], chains: &Chains) -> bool {
    if !chains.single.is_empty() && !western_reads_nothing(model, line, chains, Runs::Found) {
        return false;
    }
    if !nothing_whole(model, line, chains.whole, chains.rarest, chains.limits)
        || !nothing_whole(model, line, chains.pages, f64::INFINITY, chains.limits)
    {
        return false;
    }
    if chains
        .han
        .iter()
        .any(|tables| han::han_gains(model, tables, line).is_some())
        || !chains
            .from_utf8
            .iter()
            .all(|chain| no_runs(model, line, chain, chains.guess))
    {
        return false;
    }
    // `EAST_ASIAN`: [\u2e80-\U0010ffff].
    line.len() > chains.short_text
        || !line.iter().any(|&code| code >= 0x2E80)
        || !chains
            .han
            .iter()
            .any(|tables| han::whole_could_save(tables, line))
}

/// What counts as a chain reading a text run by run: its gains may pick a run (`Found`), or
/// `recode.repair_runs` keeps one (`Kept`, `accept.rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runs {
    Found,
    Kept,
}

/// `runs._western_reads_nothing`: no single-byte chain reads a Western stretch holding a
/// Western pair, run by run (as `runs` counts) or whole (where runs are `Kept`, but for a reading
/// acceptance surely turns down: `little.rs`).
pub(crate) fn western_reads_nothing(
    model: &Model,
    line: &[u32],
    chains: &Chains,
    runs: Runs,
) -> bool {
    let western = |code: u32| model.scan_flags(code) & WESTERN != 0;
    let in_stretch = |code: u32| code < 0x80 || western(code);
    let mut start = 0;
    while start < line.len() {
        let Some(length) = line
            .get(start..)
            .map(|rest| rest.iter().take_while(|&&code| in_stretch(code)).count())
        else {
            break;
        };
        if length == 0 {
            start += 1;
            continue;
        }
        let (from, to) = (start, start + length);
        let stretch = line.get(from..to).unwrap_or(&[]);
        start = to;
        if !has_western_pair(model, stretch) {
            continue;
        }
        // No run is kept where the gains find none: those are asked first, for all pages
        // that write the stretch alike at once.
        let no_runs = match runs {
            Runs::Found => western::no_runs_each(model, stretch, chains.single, chains.guess),
            Runs::Kept => {
                western::none_kept_each(model, line, (from, to), chains.single, chains.guess)
            }
        };
        if !no_runs {
            return false;
        }
        let nothing = if runs == Runs::Kept {
            // A whole reading acceptance surely turns down is none: `_western_repairs` then
            // reads the stretch run by run, and keeps no run.
            whole::repair_whole_each(model, stretch, chains.single, chains.rarest, chains.limits)
                .iter()
                .zip(chains.single)
                .all(|(reading, chain)| match reading {
                    Whole::Nothing => true,
                    Whole::NotHandled => false,
                    Whole::Found(after, _) => {
                        little::surely_too_little(model, line, from, to, after, chain)
                    }
                })
        } else {
            nothing_whole(model, stretch, chains.single, chains.rarest, chains.limits)
        };
        if !nothing {
            return false;
        }
    }
    true
}

/// `triggers.western_pair()`: two Western characters, not two of Chinese's doubled dashes; or
/// two Big5 characters read as a Western one and an ASCII one each (`¥i¥H` is 可以).
fn has_western_pair(model: &Model, text: &[u32]) -> bool {
    let flags = |at: usize| text.get(at).map_or(0, |&code| model.scan_flags(code));
    let ascii_trail = |at: usize| text.get(at).is_some_and(|c| (0x40..=0x7E).contains(c));
    (0..text.len()).any(|at| {
        let (first, second) = (flags(at), flags(at + 1));
        (first & WESTERN != 0
            && second & WESTERN != 0
            && !(first & DASHES != 0 && second & DASHES != 0))
            || (first & BIG5_LEAD != 0
                && ascii_trail(at + 1)
                && flags(at + 2) & BIG5_LEAD != 0
                && ascii_trail(at + 3))
    })
}

/// Whether `text` read whole through every one of `chains` gives nothing (a chain the core
/// cannot read counts as a reading: the reference would be asked).
pub(crate) fn nothing_whole(
    model: &Model,
    text: &[u32],
    chains: &[ChainName],
    rarest: f64,
    limits: Limits,
) -> bool {
    whole::repair_whole_each(model, text, chains, rarest, limits)
        .iter()
        .all(|reading| *reading == Whole::Nothing)
}

/// Whether `chain` finds no window of `text` where a run may save the margin
/// (`recode.unit_gains` empty); false for a chain the core does not search.
fn no_runs(model: &Model, text: &[u32], chain: &ChainName, guess: bool) -> bool {
    let (Some(wrong), Some(codec)) = (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
    else {
        return false;
    };
    units::finds_gains(model, text, wrong, codec, guess) == Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{chains, han_tables, model, named};

    fn dismissed(text: &str) -> bool {
        let model = model();
        let single: Vec<ChainName> = ["sloppy-cp1252", "sloppy-cp1250", "latin-1"]
            .iter()
            .map(|wrong| named(wrong, "gb18030", 1))
            .chain([named("sloppy-cp1252", "utf-8", 1)])
            .collect();
        let from_utf8 = vec![named("gbk", "utf-8", 1), named("cp950", "utf-8", 1)];
        let mut whole = single.clone();
        whole.extend(from_utf8.iter().cloned());
        whole.push(named("gbk", "utf-8", 2));
        let pages = vec![named("sloppy-cp1251", "utf-8", 1)];
        let han: Vec<&Tables> = han_tables().iter().collect();
        let chains = chains(&whole, &pages, &single, &from_utf8, &han);
        let codes: Vec<u32> = text.chars().map(u32::from).collect();
        reads_nothing_each(
            model,
            &codes,
            &[(0, codes.len()), (1, 0), (0, usize::MAX)],
            &chains,
        ) == [reads_nothing(model, &codes, &chains), false, false]
            && reads_nothing(model, &codes, &chains)
    }

    #[test]
    fn a_clean_cantonese_line_is_dismissed() {
        assert!(dismissed(
            "我部電腦用咗三年，而家開機要成兩分鐘，係咪要換SSD？"
        ));
        assert!(dismissed("Le café crème coûte 3,50 € à Zürich."));
    }

    #[test]
    fn a_garbled_line_is_not() {
        assert!(!dismissed("浣犲ソ锛屼笘鐣岋紒浠婂ぉ澶╂皵寰堝ソ"));
        assert!(!dismissed("ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£"));
        assert!(!dismissed("ä½ å¥½ï¼Œä¸–ç•Œ"));
    }
}
