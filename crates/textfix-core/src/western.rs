//! The single-byte chains' runs in a Western stretch, each distinct reading asked once: a
//! single-byte code page enters `units::unit_gains` only through the bytes it writes for each
//! character (and whether it writes it at all), so two pages that write a stretch alike (Latin-1,
//! cp1252 and cp1254 write most European text alike) read it alike into the same codec.

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
        let nothing = units::finds_gains(model, text, wrong, codec, guess) == Some(false);
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
