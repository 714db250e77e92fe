//! The triggered lines whose decisions take nothing from any chain: `runs.reads_nothing`, but
//! where a chain's runs are asked, a line with an East Asian character (no line a Western code
//! page writes) counts as read by them only where a run is kept (`accept.rs`), not where the
//! gains merely could pick one. Rare characters of classical text give the Big5/GBK and
//! UTF-8 chains runs to weigh on most lines, and acceptance turns every one of them down; such
//! a line is one whose decisions leave it to ftfy alone as well. The reference is
//! `layers.mojibake.runs.reads_nothing_kept`.

use crate::accept;
use crate::codecs::{True, Wrong};
use crate::dismiss::{nothing_whole, western_reads_nothing, Chains};
use crate::han;
use crate::model::Model;
use crate::scan::{C1, CONTINUATION, UTF8_LEAD};
use crate::units;

/// `acceptance.EAST_ASIAN`'s first character, U+2E80: a line with one is no line of a Western
/// code page (`patchwork.whole_over_runs` reads only those when no run is kept).
const EAST_ASIAN: u32 = 0x2E80;

/// What `quiet_each` says of a line: no chain's reading of it is taken ([`QUIET`]), and the
/// decisions leave it alone too ([`SETTLED`]); or neither ([`READ`]).
pub const READ: u8 = 0;
pub const QUIET: u8 = 1;
pub const SETTLED: u8 = 2;

/// For each line of `text` at `spans` (code point offsets), whether it is `quiet` and
/// `left_alone`; [`READ`] for a span outside the text. Where every line is [`SETTLED`], the
/// mojibake layer changes nothing in the document (`runs.quiet_each`).
pub fn quiet_each(
    model: &Model,
    text: &[u32],
    spans: &[(usize, usize)],
    chains: &Chains,
) -> Vec<u8> {
    spans
        .iter()
        .map(|&(start, end)| match text.get(start..end) {
            Some(line) if quiet(model, line, chains) => {
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

/// `runs.left_alone`: whether the decisions for a quiet `line` (ftfy's part, `ftfy_undo`'s
/// restoring, the lossy chains) leave it as it is: it holds a CJK character
/// (`acceptance.CJK`: ftfy does not read it first), no sign of UTF-8 read as Latin-1
/// (`triggers.UTF8_AS_LATIN`: ftfy is not asked), no U+FFFD (the lossy chains read only such
/// lines), and two CJK characters side by side or a CJK mark (`ftfy_undo._CJK_PAIR`,
/// `_CLEAN_MARK`: clean words, which no restoring touches).
pub fn left_alone(model: &Model, line: &[u32]) -> bool {
    let cjk = |code: u32| {
        model.whole_class(code) & HAN != 0
            || matches!(code, 0x3000..=0x30FF | 0x3100..=0x312F | 0xFF00..=0xFFEF)
    };
    let pair_char = |code: u32| {
        matches!(code, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF)
    };
    let clean_mark =
        |code: u32| matches!(code, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x10000..=0x10FFFF);
    let flags = |at: usize| line.get(at).map_or(0, |&code| model.scan_flags(code));
    let utf8_as_latin = (0..line.len()).any(|at| {
        let here = flags(at);
        here & C1 != 0 || (here & UTF8_LEAD != 0 && flags(at + 1) & CONTINUATION != 0)
    });
    !line.contains(&LOST)
        && !utf8_as_latin
        && line.iter().any(|&code| cjk(code))
        && (line.iter().any(|&code| clean_mark(code))
            || line
                .windows(2)
                .any(|pair| pair.iter().all(|&code| pair_char(code))))
}

/// `runs.reads_nothing_kept` of `line`, in its order: the Western stretches, the whole
/// readings, the runs, the short-text reading between Big5 and GBK.
pub fn quiet(model: &Model, line: &[u32], chains: &Chains) -> bool {
    if !chains.single.is_empty() && !western_reads_nothing(model, line, chains) {
        return false;
    }
    if !nothing_whole(model, line, chains.whole, chains.rarest, chains.limits)
        || !nothing_whole(model, line, chains.pages, f64::INFINITY, chains.limits)
    {
        return false;
    }
    let kept = line.iter().any(|&code| code >= EAST_ASIAN);
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
    line.len() > chains.short_text
        || !kept
        || !chains
            .han
            .iter()
            .any(|tables| han::whole_could_save(tables, line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::han::{Chain, Tables};
    use crate::testing::model;
    use crate::whole::{ChainName, Limits};

    fn named(wrong: &str, true_codec: &str) -> ChainName {
        ChainName {
            wrong: wrong.to_string(),
            true_codec: true_codec.to_string(),
            times: 1,
        }
    }

    /// `quiet_each` of each line of `text`, with a few chains of each kind.
    fn states(text: &str) -> Vec<u8> {
        let model = model();
        let single = vec![named("sloppy-cp1252", "gb18030"), named("latin-1", "utf-8")];
        let from_utf8 = vec![named("gbk", "utf-8"), named("cp950", "utf-8")];
        let whole: Vec<ChainName> = single.iter().chain(&from_utf8).cloned().collect();
        let tables = [
            Tables::new(model, Chain::Big5AsGbk),
            Tables::new(model, Chain::GbkAsBig5),
        ];
        let han: Vec<&Tables> = tables.iter().collect();
        let chains = Chains {
            whole: &whole,
            pages: &[],
            single: &single,
            from_utf8: &from_utf8,
            han: &han,
            rarest: 20.0,
            limits: Limits {
                average: 15.0,
                margin: 12.0,
            },
            short_text: 24,
            guess: false,
        };
        let codes: Vec<u32> = text.chars().map(u32::from).collect();
        let mut spans = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.chars().count();
            spans.push((start, end));
            start = end + 1;
        }
        spans.push((start, usize::MAX)); // outside the text
        quiet_each(model, &codes, &spans, &chains)
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
