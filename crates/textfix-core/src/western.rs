//! The single-byte chains' runs in a Western stretch, each distinct reading asked once: a
//! single-byte code page enters `units::unit_gains` only through the bytes it writes for each
//! character (and whether it writes it at all), so two pages that write a stretch alike (Latin-1,
//! cp1252 and cp1254 write most European text alike) read it alike into the same codec.

use crate::accept;
use crate::codecs::{True, Wrong};
use crate::model::Model;
use crate::units;
use crate::whole::ChainName;

/// What `units::units` writes for U+FFFD under any code page, and for a character the page
/// cannot write: keys outside the byte range.
const GAP: u32 = 0xFFFD;
const GAP_KEY: u16 = 0x100;
const UNWRITTEN_KEY: u16 = 0x101;

/// Whether no chain of `chains` (single-byte ones) finds a window of `text` where a run may
/// save the margin (`dismiss::no_runs` of each, in order); false as soon as one does, or for a
/// chain the core does not search.
pub fn no_runs_each(model: &Model, text: &[u32], chains: &[ChainName], guess: bool) -> bool {
    none_each(model, text, chains, guess, false)
}

/// Whether no chain of `chains` (single-byte ones) keeps a run of `text`
/// (`accept::unit_repairs` of each empty); false as soon as one does, or for a chain the core
/// does not search. Where a chain's gains find no window that may save the margin, it keeps
/// none, and its runs are not grown and judged; the runs a page keeps are as much a matter of
/// the bytes it writes as its gains are.
pub fn none_kept_each(model: &Model, text: &[u32], chains: &[ChainName], guess: bool) -> bool {
    none_each(model, text, chains, guess, true)
}

/// `no_runs_each`, or where `kept`, `none_kept_each`.
fn none_each(model: &Model, text: &[u32], chains: &[ChainName], guess: bool, kept: bool) -> bool {
    let mut asked: Vec<(Vec<u16>, True)> = Vec::new();
    for chain in chains {
        let (Some(wrong), Some(codec)) =
            (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
        else {
            return false;
        };
        let key = written(model, text, wrong);
        if let Some(key) = &key {
            if asked
                .iter()
                .any(|(seen, true_codec)| seen == key && *true_codec == codec)
            {
                continue; // read alike already, and found nothing
            }
        }
        let nothing = units::finds_gains(model, text, wrong, codec, guess) == Some(false)
            || (kept
                && accept::unit_repairs(model, text, wrong, codec, guess)
                    .is_some_and(|found| found.is_empty()));
        if !nothing {
            return false;
        }
        if let Some(key) = key {
            asked.push((key, codec));
        }
    }
    true
}

/// Each character of `text` as the single-byte page `wrong` writes it (None for a codec that
/// is not single-byte).
fn written(model: &Model, text: &[u32], wrong: Wrong) -> Option<Vec<u16>> {
    if !wrong.single_byte() {
        return None;
    }
    let mut byte = Vec::with_capacity(1);
    Some(
        text.iter()
            .map(|&code| {
                if code == GAP {
                    return GAP_KEY;
                }
                byte.clear();
                if model.codecs.encode(wrong, code, &mut byte) {
                    byte.first().map_or(UNWRITTEN_KEY, |&b| u16::from(b))
                } else {
                    UNWRITTEN_KEY
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{model, named};

    /// `none_kept_each` says what asking every chain's `unit_repairs` says, and is true where
    /// `no_runs_each` is.
    #[test]
    fn none_kept_is_every_chain_keeping_none() {
        let model = model();
        let chains: Vec<ChainName> = [
            ("sloppy-cp1252", "gb18030"),
            ("sloppy-cp1250", "gb18030"),
            ("latin-1", "gb18030"),
            ("sloppy-mac_roman", "gb18030"),
            ("sloppy-cp1252", "utf-8"),
            ("latin-1", "utf-8"),
            ("sloppy-cp1252", "cp950"),
        ]
        .iter()
        .map(|&(wrong, codec)| named(wrong, codec, 1))
        .collect();
        let mut kept = Vec::new();
        for text in [
            "Le café crème coûte 3,50 € à Zürich, où l’été est frais.",
            "2024°C3.5°±1,299¿naïve?",
            "¿我们?2024±25網路™العربية®§3.5Zürich™café",
            "ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£",
            "ä½ å¥½ï¼Œä¸–ç•Œ",
            "Ã©tÃ© Â±25Â°",
        ] {
            let codes: Vec<u32> = text.chars().map(u32::from).collect();
            let every = chains.iter().all(|chain| {
                let (Some(wrong), Some(codec)) =
                    (Wrong::named(&chain.wrong), True::named(&chain.true_codec))
                else {
                    return false;
                };
                accept::unit_repairs(model, &codes, wrong, codec, false)
                    .is_some_and(|found| found.is_empty())
            });
            let none_kept = none_kept_each(model, &codes, &chains, false);
            assert_eq!(none_kept, every, "{text}");
            assert!(none_kept || !no_runs_each(model, &codes, &chains, false));
            kept.push(!none_kept);
        }
        // The European news line keeps nothing, the three garbled lines keep runs.
        assert!(!kept[0] && kept[3] && kept[4] && kept[5]);
    }
}
