//! Which bytes a line was before ftfy, where ftfy's change leaves several: the dynamic programme
//! of `textfix.layers.ftfy_choice.best_sources`, which stays as its reference. The choices at
//! each position and what each costs besides its reading come from Python (`options`); here
//! every choice is read in the true codec from every state the line can be in, and costed as
//! the judge costs text, in the reference's order of additions and of ties.

use crate::model::{float_section, section, trusted_sections, PairHasher};
use crate::{Model, ModelError};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// The classical pair bonuses, keyed by the two key characters as `first << 32 | second`.
pub type ClassicalPairs = HashMap<u64, f64, BuildHasherDefault<PairHasher>>;

/// The character each character's classical pairs are keyed by (`traditional_chars`): a table
/// of the BMP, and the few astral ones; any other is its own key.
pub struct Keys {
    bmp: Vec<u32>,
    astral: HashMap<u32, u32>,
}

impl Keys {
    pub fn new(mapped: impl IntoIterator<Item = (u32, u32)>) -> Keys {
        let mut keys = Keys {
            bmp: (0..0x10000).collect(),
            astral: HashMap::new(),
        };
        for (code, key) in mapped {
            match keys.bmp.get_mut(code as usize) {
                Some(slot) => *slot = key,
                None => {
                    keys.astral.insert(code, key);
                }
            }
        }
        keys
    }

    fn key(&self, code: u32) -> u32 {
        match self.bmp.get(code as usize) {
            Some(key) => *key,
            None => *self.astral.get(&code).unwrap_or(&code),
        }
    }
}

/// What a choice is: bytes, or the line's own character kept as it is, with what the judge
/// says the character costs.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Bytes(Vec<u8>),
    Kept { code: u32, bits: f64 },
}

/// One choice at a position: its source, how many characters of the line it covers, and the
/// bits it costs besides its reading's.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub source: Source,
    pub width: usize,
    pub extra: f64,
}

/// A judge: what each character read from bytes costs (`_read_bits`, by BMP code point; NaN
/// where no byte pair of either true codec reads as it), and whether it adds the classical
/// pair bonus.
pub struct Judge {
    pub read_bits: Vec<f64>,
    pub classical: bool,
}

/// The tables a chooser reads, as the model file stores them (`tools/build_model.py` writes
/// what `ftfy_choice` derives): each true codec's two-byte table, each judge's costs, the
/// classical keys and pair bonuses.
pub struct Tables {
    pub pairs: Vec<Vec<u32>>,
    pub judges: Vec<Judge>,
    pub classical_keys: Keys,
    pub classical_pairs: ClassicalPairs,
}

impl Tables {
    /// The tables of the true `codecs` (`pairs_<codec>`) and of the `judges` (their names, whose
    /// costs are `choose_<name>`, and whether each is classical), from the model file `data`
    /// whose digest is known to match; an error where a section is missing or of another size,
    /// or where a character some table reads as, or an ASCII one, has no cost.
    pub fn from_trusted_model(
        data: &[u8],
        codecs: &[&str],
        judges: &[(&str, bool)],
    ) -> Result<Tables, ModelError> {
        let found = trusted_sections(data)?;
        let pairs = codecs
            .iter()
            .map(|codec| section(&found, &format!("pairs_{codec}")))
            .collect::<Result<Vec<Vec<u32>>, ModelError>>()?;
        if pairs.iter().any(|table| table.len() != 0x80 << 8) {
            return Err(ModelError("a two-byte table has 32,768 entries".into()));
        }
        let codes = section(&found, "choose_codes")?;
        let mut read = Vec::with_capacity(judges.len());
        for &(name, classical) in judges {
            let costs = float_section(&found, &format!("choose_{name}"))?;
            if costs.len() != codes.len() {
                return Err(ModelError(format!("choose_{name} and choose_codes differ")));
            }
            let mut read_bits = vec![f64::NAN; 0x10000];
            for (&code, &bits) in codes.iter().zip(&costs) {
                if let Some(slot) = read_bits.get_mut(code as usize) {
                    *slot = bits;
                }
            }
            read.push(Judge {
                read_bits,
                classical,
            });
        }
        // Every character a pair reads as, and every ASCII one, must have its cost.
        let readable = (0..0x80)
            .chain(pairs.iter().flatten().copied())
            .filter(|&code| code != NO_CHAR);
        for code in readable {
            let costed = |judge: &Judge| {
                judge
                    .read_bits
                    .get(code as usize)
                    .is_some_and(|bits| !bits.is_nan())
            };
            if !read.iter().all(costed) {
                return Err(ModelError(format!("U+{code:04X} has no cost")));
            }
        }
        let keys = section(&found, "keys")?;
        let classical_keys = Keys::new(keys.chunks_exact(2).map(|pair| (pair[0], pair[1])));
        let firsts = section(&found, "classical_first")?;
        let seconds = section(&found, "classical_second")?;
        let bonuses = float_section(&found, "classical_bonus")?;
        if firsts.len() != bonuses.len() || seconds.len() != bonuses.len() {
            return Err(ModelError(
                "the classical pair sections differ in length".into(),
            ));
        }
        let classical_pairs = firsts
            .iter()
            .zip(&seconds)
            .zip(&bonuses)
            .map(|((&first, &second), &bits)| (u64::from(first) << 32 | u64::from(second), bits))
            .collect();
        Ok(Tables {
            pairs,
            judges: read,
            classical_keys,
            classical_pairs,
        })
    }
}

/// The numbers the reference names (`ftfy_choice`, `plausibility`).
#[derive(Clone, Copy, Debug)]
pub struct Bits {
    pub unreadable: f64,
    pub latin_han_join: f64,
    pub trail_by_han: f64,
}

/// Everything the programme reads: the model (word bonuses), a true codec's two-byte table
/// (`pairs[(lead - 0x80) << 8 | trail]`: the character, or `NO_CHAR`), a judge, and the
/// classical pair bonuses keyed by their characters as `traditional_chars` maps them
/// (`classical_keys`, by BMP code point; an astral character is its own key), and the page's
/// bits for each character read (`ftfy_page.Page.bits`, by BMP code point), where it has any.
pub struct Costs<'a> {
    pub model: &'a Model,
    pub pairs: &'a [u32],
    pub judge: &'a Judge,
    pub classical_keys: &'a Keys,
    pub classical_pairs: &'a ClassicalPairs,
    pub bits: Bits,
    pub page: Option<&'a [f64]>,
}

pub const NO_CHAR: u32 = u32::MAX;

/// The lead byte the reading waits on (-1: none) and the last character it read.
type State = (i32, u32);

/// One state reached at a position: its cost, the position and slot it came from, and the
/// choice taken there.
#[derive(Clone, Copy)]
struct Entry {
    state: State,
    cost: f64,
    from: (usize, usize),
    choice: usize,
}

/// A choice refused (`best_sources`' `refused`): its position, its number among the choices
/// there, and the bits it costs more.
pub type Refused = (usize, usize, f64);

/// Keeps `entry` among the states reached at its position (in the order first reached: the
/// reference's dict order, which decides its ties) where its state is new there, or cheaper
/// than the entry it had. (A line's positions reach a dozen states or so: a scan is as fast
/// as a hash map.)
fn offer(entries: &mut Vec<Entry>, entry: Entry) {
    match entries.iter_mut().find(|kept| kept.state == entry.state) {
        Some(kept) => {
            if entry.cost < kept.cost {
                *kept = entry;
            }
        }
        None => entries.push(entry),
    }
}

/// (the cost, and at each position that begins a piece the index of its choice, -1 elsewhere)
/// of the cheapest reading of the line whose `choices` are given position by position, each of
/// the `refused` choices costing its bits more.
pub fn best(choices: &[Vec<Choice>], refused: &[Refused], costs: &Costs<'_>) -> (f64, Vec<i64>) {
    let size = choices.len();
    let start: State = (-1, u32::from('\n'));
    let mut best: Vec<Vec<Entry>> = vec![Vec::new(); size + 1];
    best[0].push(Entry {
        state: start,
        cost: 0.0,
        from: (0, 0),
        choice: 0,
    });
    let mut extras: Vec<f64> = Vec::new();
    for index in 0..size {
        // What each choice here costs besides its reading: a refused one, the refused bits
        // more (added to its own first, as the reference adds them).
        extras.clear();
        extras.extend(choices[index].iter().map(|choice| choice.extra));
        for &(position, number, bits) in refused {
            if position == index {
                if let Some(extra) = extras.get_mut(number) {
                    *extra += bits;
                }
            }
        }
        // Only states reached before this position are read on from it: a choice never ends
        // where it starts.
        for slot in 0..best[index].len() {
            let Entry {
                state,
                cost: so_far,
                ..
            } = best[index][slot];
            for (number, (choice, extra)) in choices[index].iter().zip(&extras).enumerate() {
                let end = index + choice.width;
                if choice.width == 0 || end > size {
                    continue;
                }
                let (after, spent) = read(state, &choice.source, costs);
                offer(
                    &mut best[end],
                    Entry {
                        state: after,
                        cost: so_far + spent + extra,
                        from: (index, slot),
                        choice: number,
                    },
                );
            }
        }
    }
    // The end: a lead byte still waiting is unreadable; the first of the cheapest wins.
    let mut chosen = vec![-1i64; size];
    let Some((mut slot, cost)) = best[size]
        .iter()
        .map(|entry| {
            let waiting = if entry.state.0 >= 0 {
                costs.bits.unreadable
            } else {
                0.0
            };
            entry.cost + waiting
        })
        .enumerate()
        .fold(
            None,
            |found: Option<(usize, f64)>, (slot, cost)| match found {
                Some((_, least)) if least <= cost => found,
                _ => Some((slot, cost)),
            },
        )
    else {
        return (f64::INFINITY, chosen);
    };
    let mut index = size;
    while index > 0 {
        let entry = best[index][slot];
        chosen[entry.from.0] = entry.choice as i64;
        (index, slot) = entry.from;
    }
    (cost, chosen)
}

/// (the state after reading `source` from `state`, what was read costs): `_read`.
fn read(state: State, source: &Source, costs: &Costs<'_>) -> (State, f64) {
    let (mut pending, mut last) = state;
    let unreadable = costs.bits.unreadable;
    let mut spent = 0.0;
    let data = match source {
        Source::Kept { code, bits } => {
            let spent = if pending >= 0 { unreadable } else { 0.0 };
            return ((-1, *code), spent + bits + pair_bits(last, *code, costs));
        }
        Source::Bytes(data) => data,
    };
    for &byte in data {
        let mut char = NO_CHAR;
        if pending >= 0 {
            let lead = pending as usize;
            char = costs.pairs[(lead - 0x80) << 8 | usize::from(byte)];
            pending = -1;
            if char == NO_CHAR {
                spent += unreadable;
                if byte >= 0x80 {
                    continue;
                }
            }
        }
        if char == NO_CHAR {
            if byte < 0x80 {
                char = u32::from(byte);
            } else if (0x81..=0xFE).contains(&byte) {
                pending = i32::from(byte);
                continue;
            } else {
                spent += unreadable;
                continue;
            }
        }
        spent += read_bits(char, costs) + page_bits(char, costs) + pair_bits(last, char, costs);
        last = char;
    }
    ((pending, last), spent)
}

fn read_bits(code: u32, costs: &Costs<'_>) -> f64 {
    // Every character a byte or a pair of the true codecs reads as is in the table (the
    // binding checks it); anything else costs what an unreadable byte does.
    match costs.judge.read_bits.get(code as usize) {
        Some(bits) if !bits.is_nan() => *bits,
        _ => costs.bits.unreadable,
    }
}

/// What the page says reading `code` costs besides the judge (0 without a page, or beyond the BMP).
fn page_bits(code: u32, costs: &Costs<'_>) -> f64 {
    costs
        .page
        .and_then(|page| page.get(code as usize).copied())
        .unwrap_or(0.0)
}

/// `_pair_bits`: the Latin-1 join, less a word's bonus (the classical judge's: the larger of
/// that and the pair's in classical poetry), and the bits for an ASCII character beside a Han
/// character that GBK or Big5 reads as a trail byte.
fn pair_bits(left: u32, right: u32, costs: &Costs<'_>) -> f64 {
    let glued = if han_and_trail(left, right) || han_and_trail(right, left) {
        costs.bits.trail_by_han
    } else {
        0.0
    };
    let model = costs.model;
    let mut bonus = 0.0 + model.bonus(model.key(left), model.key(right));
    if costs.judge.classical {
        let key = |code: u32| u64::from(costs.classical_keys.key(code));
        let classical = *costs
            .classical_pairs
            .get(&(key(left) << 32 | key(right)))
            .unwrap_or(&0.0);
        if classical > bonus {
            bonus = classical;
        }
    }
    join(left, right, costs.bits.latin_han_join) - bonus + glued
}

/// `plausibility.join`: a Latin-1 letter (U+00C0-U+024F) next to a Han character.
fn join(left: u32, right: u32, bits: f64) -> f64 {
    let latin = |code: u32| (0xC0..0x250).contains(&code);
    let han = |code: u32| (0x4E00..0xA000).contains(&code);
    if (latin(left) && han(right)) || (han(left) && latin(right)) {
        bits
    } else {
        0.0
    }
}

fn han_and_trail(han: u32, trail: u32) -> bool {
    (0x4E00..=0x9FFF).contains(&han) && (u32::from('@')..=u32::from('~')).contains(&trail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    const BITS: Bits = Bits {
        unreadable: 32.0,
        latin_han_join: 8.0,
        trail_by_han: 5.0,
    };

    /// A two-byte table where B0 A1 reads as 啊 and B0 A2 as 阿, nothing else.
    fn pairs() -> Vec<u32> {
        let mut table = vec![NO_CHAR; 0x80 << 8];
        table[(0xB0 - 0x80) << 8 | 0xA1] = u32::from('啊');
        table[(0xB0 - 0x80) << 8 | 0xA2] = u32::from('阿');
        table
    }

    fn judge() -> Judge {
        let mut read_bits = vec![f64::NAN; 0x10000];
        read_bits[..0x80].fill(10.0);
        read_bits['啊' as usize] = 12.0;
        read_bits['阿' as usize] = 9.0;
        Judge {
            read_bits,
            classical: false,
        }
    }

    fn costs<'a>(
        pairs: &'a [u32],
        judge: &'a Judge,
        keys: &'a Keys,
        classical: &'a ClassicalPairs,
    ) -> Costs<'a> {
        Costs {
            model: model(),
            pairs,
            judge,
            classical_keys: keys,
            classical_pairs: classical,
            bits: BITS,
            page: None,
        }
    }

    fn bytes(data: &[u8], width: usize, extra: f64) -> Choice {
        Choice {
            source: Source::Bytes(data.to_vec()),
            width,
            extra,
        }
    }

    /// Position 0: B0 (a lead byte); position 1: A1 (啊) or A2 (阿, cheaper, 2 bits more).
    fn lead_and_two_trails() -> Vec<Vec<Choice>> {
        vec![
            vec![bytes(&[0xB0], 1, 0.0)],
            vec![bytes(&[0xA1], 1, 0.0), bytes(&[0xA2], 1, 2.0)],
        ]
    }

    #[test]
    fn the_cheaper_reading_of_two_sources_is_chosen() {
        let (pairs, judge) = (pairs(), judge());
        let (keys, classical) = (Keys::new([]), ClassicalPairs::default());
        let costs = costs(&pairs, &judge, &keys, &classical);
        let choices = lead_and_two_trails();
        let (cost, chosen) = best(&choices, &[], &costs);
        assert_eq!(chosen, vec![0, 1]);
        assert_eq!(cost, 11.0);
        // A lead byte left waiting at the end is unreadable.
        let (cost, chosen) = best(&choices[..1], &[], &costs);
        assert_eq!((cost, chosen), (32.0, vec![0]));
    }

    #[test]
    fn a_refused_choice_costs_its_bits_more() {
        let (pairs, judge) = (pairs(), judge());
        let (keys, classical) = (Keys::new([]), ClassicalPairs::default());
        let costs = costs(&pairs, &judge, &keys, &classical);
        let choices = lead_and_two_trails();
        // 阿 (9 + 2) refused 4 bits more loses to 啊 (12); refused elsewhere, nothing changes.
        assert_eq!(best(&choices, &[(1, 1, 4.0)], &costs), (12.0, vec![0, 0]));
        assert_eq!(best(&choices, &[(0, 1, 4.0)], &costs), (11.0, vec![0, 1]));
    }

    #[test]
    fn the_classical_judge_earns_a_poems_pair_through_its_key_characters() {
        let pairs = pairs();
        let mut judge = judge();
        judge.classical = true;
        // 啊阿 earns 5 bits in the poems, keyed as 吖阿 (an astral character maps too).
        let keys = Keys::new([
            (u32::from('啊'), u32::from('吖')),
            (0x2_0000, u32::from('阿')),
        ]);
        let mut classical = ClassicalPairs::default();
        classical.insert(
            u64::from(u32::from('吖')) << 32 | u64::from(u32::from('阿')),
            5.0,
        );
        let costs = costs(&pairs, &judge, &keys, &classical);
        assert_eq!(keys.key(0x2_0000), u32::from('阿'));
        assert_eq!(keys.key(0x2_0001), 0x2_0001);
        // 啊 then 阿 (12 + 9 - 5) beats 阿 then 阿 (9 + 9 + 2 bits for the other source).
        let choices = vec![
            vec![bytes(&[0xB0], 1, 0.0)],
            vec![bytes(&[0xA1], 1, 0.0), bytes(&[0xA2], 1, 2.0)],
            vec![bytes(&[0xB0, 0xA2], 1, 0.0)],
        ];
        assert_eq!(best(&choices, &[], &costs), (16.0, vec![0, 0, 0]));
    }

    #[test]
    fn a_character_the_page_read_for_sure_costs_its_bits_less() {
        let (pairs, judge) = (pairs(), judge());
        let (keys, classical) = (Keys::new([]), ClassicalPairs::default());
        let mut page = vec![0.0; 0x10000];
        page['啊' as usize] = -4.0;
        let mut costs = costs(&pairs, &judge, &keys, &classical);
        costs.page = Some(&page);
        // 啊 (12 - 4) now beats 阿 (9 + 2 bits for the other source).
        let choices = vec![
            vec![bytes(&[0xB0], 1, 0.0)],
            vec![bytes(&[0xA1], 1, 0.0), bytes(&[0xA2], 1, 2.0)],
        ];
        assert_eq!(best(&choices, &[], &costs), (8.0, vec![0, 0]));
    }

    #[test]
    fn a_piece_of_two_characters_and_a_kept_character() {
        let (pairs, judge) = (pairs(), judge());
        let (keys, classical) = (Keys::new([]), ClassicalPairs::default());
        let costs = costs(&pairs, &judge, &keys, &classical);
        let kept = Choice {
            source: Source::Kept {
                code: u32::from('ĳ'),
                bits: 40.0,
            },
            width: 1,
            extra: 0.0,
        };
        // "ij" kept as two letters costs 20 bits; as the ligature's bytes, one piece, 12 + 1.
        let choices = vec![
            vec![bytes(b"i", 1, 0.0), bytes(&[0xB0, 0xA1], 2, 1.0), kept],
            vec![bytes(b"j", 1, 0.0)],
        ];
        let (cost, chosen) = best(&choices, &[], &costs);
        assert_eq!((cost, chosen), (13.0, vec![1, -1]));
        assert_eq!(best(&[], &[], &costs), (0.0, vec![]));
    }

    #[test]
    fn the_shipped_model_holds_the_choosers_tables() {
        let shipped = include_bytes!("../../../src/textfix/data/model.bin");
        let judges = [("modern", false), ("classical", true)];
        let tables = Tables::from_trusted_model(shipped, &["gb18030", "cp950"], &judges)
            .expect("the shipped model holds the chooser's tables");
        assert_eq!(tables.pairs.len(), 2);
        assert_eq!(tables.pairs[0][(0xB0 - 0x80) << 8 | 0xA1], u32::from('啊'));
        assert!(tables.judges[1].classical && !tables.judges[0].classical);
        for judge in &tables.judges {
            assert!(judge.read_bits['啊' as usize].is_finite());
            assert!(judge.read_bits[..0x80].iter().all(|bits| bits.is_finite()));
        }
        // 聞 and 聯 (traditional) are keyed by 闻 and 联, as `traditional_chars` maps them.
        assert_eq!(tables.classical_keys.key(u32::from('聞')), u32::from('闻'));
        assert!(!tables.classical_pairs.is_empty());
        let unknown = Tables::from_trusted_model(shipped, &["gb18030"], &[("nobody", false)]);
        assert!(unknown.is_err());
    }
}
