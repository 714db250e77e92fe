//! The single-byte chains' runs in a Western stretch, each distinct reading asked once: a
//! single-byte code page enters `units::unit_gains` only through the bytes it writes for each
//! character (and whether it writes it at all), so two pages that write a stretch alike (Latin-1,
//! cp1252 and cp1254 write most European text alike) read it alike into the same codec.

use crate::accept::{self, Repair};
use crate::codecs::{True, Wrong};
use crate::little;
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
    none_each(model, text, chains, guess)
}

/// Whether no chain of `chains` (single-byte ones) keeps a run of the Western stretch
/// `line[from..to]` that acceptance may take (`runs._stretch_runs_kept` of each): a run of
/// `accept::unit_repairs` that `little::surely_too_little` turns down where it stands in the
/// line is none. False as soon as one keeps such a run, or for a chain the core does not
/// search. Where a chain's gains find no window that may save the margin, it keeps none, and
/// its runs are not grown and judged; pages that write the stretch alike keep the same runs,
/// which are judged for each page (what it cannot write elsewhere in the line differs).
pub fn none_kept_each(
    model: &Model,
    line: &[u32],
    (from, to): (usize, usize),
    chains: &[ChainName],
    guess: bool,
) -> bool {
    let text = line.get(from..to).unwrap_or(&[]);
    let mut asked: Vec<(Vec<u16>, True, Vec<Repair>)> = Vec::new();
    let mut runs: Vec<Repair> = Vec::new();
    for chain in chains {
        let Some((wrong, codec)) = chain.codecs() else {
            return false;
        };
        let key = written(model, text, wrong);
        let seen = key.as_ref().and_then(|key| {
            asked
                .iter()
                .find(|(seen, true_codec, _)| seen == key && *true_codec == codec)
        });
        let kept = match seen {
            Some((_, _, kept)) => kept,
            None => {
                runs = if units::finds_gains(model, text, wrong, codec, guess) == Some(false) {
                    Vec::new()
                } else {
                    match accept::unit_repairs(model, text, wrong, codec, guess) {
                        Some(found) => found,
                        None => return false,
                    }
                };
                &runs
            }
        };
        let taken = kept.iter().any(|run| {
            !little::surely_too_little(
                model,
                line,
                from + run.start,
                from + run.end,
                &run.after,
                chain,
            )
        });
        if taken {
            return false;
        }
        if seen.is_none() {
            if let Some(key) = key {
                asked.push((key, codec, std::mem::take(&mut runs)));
            }
        }
    }
    true
}

/// Whether no chain of `chains` (single-byte ones) finds a window of `text` where a run may
/// save the margin; false as soon as one does, or for a chain the core does not search.
fn none_each(model: &Model, text: &[u32], chains: &[ChainName], guess: bool) -> bool {
    let mut asked: Vec<(Vec<u16>, True)> = Vec::new();
    for chain in chains {
        let Some((wrong, codec)) = chain.codecs() else {
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
        if units::finds_gains(model, text, wrong, codec, guess) != Some(false) {
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

    /// `none_kept_each` says what asking every chain's `unit_repairs` and judging each run
    /// with `surely_too_little` says, and is true where `no_runs_each` is.
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
                accept::unit_repairs(model, &codes, wrong, codec, false).is_some_and(|found| {
                    found.iter().all(|run| {
                        little::surely_too_little(
                            model, &codes, run.start, run.end, &run.after, chain,
                        )
                    })
                })
            });
            let none_kept = none_kept_each(model, &codes, (0, codes.len()), &chains, false);
            assert_eq!(none_kept, every, "{text}");
            assert!(none_kept || !no_runs_each(model, &codes, &chains, false));
            kept.push(!none_kept);
        }
        // The European news line keeps nothing, the three garbled lines keep runs.
        assert!(!kept[0] && kept[3] && kept[4] && kept[5]);
    }
}
