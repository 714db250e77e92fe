//! The model file: the tables both implementations read (`src/textfix/data/model.py` is the
//! other reader and the writer; `tools/build_model.py` builds it). A format change cannot land
//! on one side only: both check [`FORMAT`] and the SHA-256 the file ends with.

use crate::codecs::Codecs;
use crate::scan::STARTS;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub const MAGIC: &[u8; 8] = b"TXFXMDL\0";
pub const FORMAT: u32 = 1;
/// Units per bit: costs and bonuses are integers of these.
pub const SCALE: f64 = 1024.0;
const NAME: usize = 16;
const DIGEST: usize = 32;
/// In a reading table: no reading.
pub const UNREADABLE: u32 = 0xFFFF;

/// What is wrong with a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

fn error<T>(message: impl Into<String>) -> Result<T, ModelError> {
    Err(ModelError(message.into()))
}

/// The model, as the kernels use it: costs in bits (exact dyadic fractions, so every sum is
/// exact in any order), pair bonuses by key pair, the keys, and the Big5/GBK readings.
#[derive(Debug)]
pub struct Model {
    /// The cost of every BMP character, indexed by code point.
    pub bmp_costs: Vec<f64>,
    /// (first code point, cost) of each run of astral code points of one cost, in order.
    pub astral: Vec<(u32, f64)>,
    /// Pair bonuses keyed by `first | second << 16` (both BMP).
    pub pairs: HashMap<u32, f64, BuildHasherDefault<PairHasher>>,
    /// One bit per slot of [`filter_slot`] that some pair key falls in: a pair whose bit is
    /// clear is in no word, told without a lookup in the table (most pairs a reading makes are
    /// in none, and the table is larger than a core's cache).
    pub pair_filter: Vec<u64>,
    /// The character each BMP character's pairs are keyed by (itself for most). Astral keys
    /// stand as U+FFFF, which is in no pair.
    pub keys: Vec<u16>,
    /// The largest bonus each BMP key character earns as the first of a pair, and as the second.
    pub largest_as_first: Vec<f64>,
    pub largest_as_second: Vec<f64>,
    /// What every BMP character reads as: Big5 read as GBK (`gbk` -> `cp950`), then GBK read as
    /// Big5 (`cp950` -> `gb18030`); [`UNREADABLE`] where it has no reading.
    pub readings: [Vec<u32>; 2],
    /// The codecs the mojibake chains re-encode and decode with.
    pub codecs: Codecs,
    /// The scan's character flags (bit k: the character is in the k-th class of
    /// `textfix.layers.scan_table`, see `scan.rs`): every BMP character's, indexed by code
    /// point, and (first code point, flags) of each run of astral code points, in order.
    pub scan_flags: Vec<u32>,
    pub scan_astral: Vec<(u32, u32)>,
    /// A bit per BMP character: whether it is in a class a match can start with
    /// (`scan::STARTS`). 8 KB, where the flags are 256 KB: a document of clean text is
    /// passed over through this one.
    pub scan_starts: Vec<u64>,
    /// The classes of the whole-text readings' checks (`tools/build_model.py`'s
    /// `whole_classes`, see `whole.rs`): every BMP character's bits, indexed by code point, and
    /// (first code point, bits) of each run of astral code points, in order.
    pub whole_bmp: Vec<u8>,
    pub whole_astral: Vec<(u32, u8)>,
    /// SHORT_TEXT: how many characters a short text (a title, a table cell) has at most.
    pub short_text: usize,
    /// (code point, letter) of each character of the annotation layer's letter class: 1-26 for
    /// the letter it stands for in a syllable, 0 for a mark, 27 for none; by code point.
    pub syllable_letters: Vec<(u32, u32)>,
    /// Every syllable some character is read as, as base-27 digits (a = 1), in order.
    pub syllables: Vec<u32>,
    /// The Unicode version of the Python that derived the model ("14.0.0").
    pub unicode: String,
    /// (code point, bits) of each character only one script writes, by code point
    /// ([`SIMPLIFIED_ONLY`], [`TRADITIONAL_ONLY`]).
    pub script_only: Vec<(u32, u8)>,
    /// The script layer's marks of every BMP character (`script_marks.rs`), by code point.
    pub script_marks: Vec<u8>,
}

/// The bits of `script_only` (`tools/build_model.py`'s SCRIPT_ constants).
pub const SIMPLIFIED_ONLY: u8 = 1;
pub const TRADITIONAL_ONLY: u8 = 2;

/// The BMP table and the astral runs of `whole_classes`.
type WholeClasses = (Vec<u8>, Vec<(u32, u8)>);

/// The runs (first, last, bits) of `whole_classes`, covering U+0000 to U+10FFFF in order, as
/// a BMP table and the astral runs.
fn whole_classes(flat: &[u32]) -> Result<WholeClasses, ModelError> {
    let mut bmp = vec![0u8; 0x10000];
    let mut astral = Vec::new();
    let mut next = 0u32;
    for run in flat.chunks_exact(3) {
        let (first, last) = (run[0], run[1]);
        let Ok(bits) = u8::try_from(run[2]) else {
            return error("whole_classes holds bits past the eighth");
        };
        if first != next || last < first || last > 0x10FFFF {
            return error("whole_classes does not cover the code points in order");
        }
        for code in first..=last.min(0xFFFF) {
            if let Some(slot) = bmp.get_mut(code as usize) {
                *slot = bits;
            }
        }
        if last >= 0x10000 {
            astral.push((first.max(0x10000), bits));
        }
        next = last + 1;
    }
    if next != 0x110000 {
        return error("whole_classes does not reach U+10FFFF");
    }
    Ok((bmp, astral))
}

/// The BMP table of the pairs (code point, bits) of `script_marks`.
fn script_marks(flat: &[u32]) -> Result<Vec<u8>, ModelError> {
    let mut table = vec![0u8; 0x10000];
    for pair in flat.chunks_exact(2) {
        match (table.get_mut(pair[0] as usize), u8::try_from(pair[1])) {
            (Some(slot), Ok(bits)) => *slot = bits,
            _ => {
                return error("script_marks holds a character past the BMP or bits past the eighth")
            }
        }
    }
    Ok(table)
}

/// The hasher of the pair table: a pair key is two code points, and the lookups are per
/// character of every line, where the default (SipHash, made to resist chosen keys, which a
/// fixed table need not) was most of the time. A 64-bit finalizer mixes the key's bits.
#[derive(Default)]
pub struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).rotate_left(5);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The slots of the pair filter, 2^FILTER_BITS: with the shipped model's 115,489 pairs, one in
/// 18 is taken, and 256 KB stay in cache.
const FILTER_BITS: u32 = 21;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// A pair key's slot in the filter: the top bits of a multiplicative hash.
fn filter_slot(key: u32) -> usize {
    (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// The sections of a model file by name: (element width, raw bytes).
pub(crate) type Found<'a> = HashMap<String, (usize, &'a [u8])>;

/// Whether a model file's SHA-256 is to be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DigestCheck {
    Check,
    Trust,
}

fn sections(data: &[u8], digest: DigestCheck) -> Result<Found<'_>, ModelError> {
    if data.len() < MAGIC.len() + 8 + DIGEST || &data[..MAGIC.len()] != MAGIC {
        return error("not a textfix model file");
    }
    let (content, stored) = data.split_at(data.len() - DIGEST);
    if digest == DigestCheck::Check && Sha256::digest(content).as_slice() != stored {
        return error("the model file's digest does not match its content");
    }
    let word = |at: usize| -> u32 {
        u32::from_le_bytes([
            content[at],
            content[at + 1],
            content[at + 2],
            content[at + 3],
        ])
    };
    let version = word(MAGIC.len());
    if version != FORMAT {
        return error(format!("model format {version}, this core reads {FORMAT}"));
    }
    let count = word(MAGIC.len() + 4) as usize;
    let mut position = MAGIC.len() + 8;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        if position + NAME + 8 > content.len() {
            return error("the model file's header is cut short");
        }
        let raw = &content[position..position + NAME];
        let name = String::from_utf8_lossy(raw)
            .trim_end_matches('\0')
            .to_owned();
        let width = word(position + NAME) as usize;
        let length = word(position + NAME + 4) as usize;
        entries.push((name, width, width * length));
        position += NAME + 8;
    }
    let mut found = HashMap::new();
    for (name, width, size) in entries {
        if position + size > content.len() {
            return error(format!("section {name} is cut short"));
        }
        found.insert(name, (width, &content[position..position + size]));
        position += size;
    }
    if position != content.len() {
        return error("the model file's sections do not fill it");
    }
    Ok(found)
}

/// A section of 4-byte values.
pub(crate) fn section(found: &Found<'_>, name: &str) -> Result<Vec<u32>, ModelError> {
    match found.get(name) {
        Some((4, raw)) => Ok(raw
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()),
        Some(_) => error(format!("section {name} is not of 4-byte values")),
        None => error(format!("the model has no section {name}")),
    }
}

/// A section of 8-byte doubles.
pub(crate) fn float_section(found: &Found<'_>, name: &str) -> Result<Vec<f64>, ModelError> {
    match found.get(name) {
        Some((8, raw)) => raw
            .chunks_exact(8)
            .map(|b| <[u8; 8]>::try_from(b).map(f64::from_le_bytes))
            .collect::<Result<Vec<f64>, _>>()
            .or_else(|_| error(format!("section {name} is cut short"))),
        Some(_) => error(format!("section {name} is not of 8-byte values")),
        None => error(format!("the model has no section {name}")),
    }
}

/// The sections of a model file whose digest is known to match (see [`Model::parse_trusted`]),
/// for the tables read on first use rather than with the model.
pub(crate) fn trusted_sections(data: &[u8]) -> Result<Found<'_>, ModelError> {
    sections(data, DigestCheck::Trust)
}

fn bits(units: u32) -> f64 {
    f64::from(units as i32) / SCALE
}

impl Model {
    /// Parse and check a model file.
    pub fn parse(data: &[u8]) -> Result<Model, ModelError> {
        Model::parse_sections(sections(data, DigestCheck::Check)?)
    }

    /// Parse a model file whose digest is known to match: the one built into the binding, which
    /// `tests::shipped_model_digest_matches` checks once, so that no process start hashes its
    /// 3 MB again. Everything else is checked as in [`Model::parse`].
    pub fn parse_trusted(data: &[u8]) -> Result<Model, ModelError> {
        Model::parse_sections(sections(data, DigestCheck::Trust)?)
    }

    fn parse_sections(found: Found<'_>) -> Result<Model, ModelError> {
        let bmp_costs: Vec<f64> = section(&found, "bmp_costs")?
            .into_iter()
            .map(bits)
            .collect();
        if bmp_costs.len() != 0x10000 {
            return error("bmp_costs does not hold every BMP character");
        }
        let flat = section(&found, "astral_costs")?;
        let astral: Vec<(u32, f64)> = flat.chunks_exact(3).map(|r| (r[0], bits(r[2]))).collect();
        if astral.first().map(|run| run.0) != Some(0x10000) {
            return error("astral_costs does not start at U+10000");
        }
        let pair_keys = section(&found, "pair_keys")?;
        let pair_bits = section(&found, "pair_bits")?;
        if pair_keys.len() != pair_bits.len() {
            return error("pair_keys and pair_bits differ in length");
        }
        let mut largest_as_first = vec![0.0; 0x10000];
        let mut largest_as_second = vec![0.0; 0x10000];
        let mut pairs = HashMap::with_capacity_and_hasher(pair_keys.len(), Default::default());
        let mut pair_filter = vec![0u64; FILTER_WORDS];
        for (&key, &units) in pair_keys.iter().zip(&pair_bits) {
            let slot = filter_slot(key);
            if let Some(word) = pair_filter.get_mut(slot / 64) {
                *word |= 1 << (slot % 64);
            }
            let value = bits(units);
            let (first, second) = ((key & 0xFFFF) as usize, (key >> 16) as usize);
            largest_as_first[first] = f64::max(largest_as_first[first], value);
            largest_as_second[second] = f64::max(largest_as_second[second], value);
            pairs.insert(key, value);
        }
        let mut keys: Vec<u16> = (0..=0xFFFFu32).map(|code| code as u16).collect();
        for pair in section(&found, "keys")?.chunks_exact(2) {
            if let Some(slot) = keys.get_mut(pair[0] as usize) {
                *slot = u16::try_from(pair[1]).unwrap_or(0xFFFF);
            }
        }
        let table = |name: &str| -> Result<Vec<u32>, ModelError> {
            let values = section(&found, name)?;
            if values.len() == 0x10000 {
                Ok(values)
            } else {
                error(format!("{name} does not hold every BMP character"))
            }
        };
        let scan_flags = table("scan_flags")?;
        let flat = section(&found, "scan_astral")?;
        let scan_astral: Vec<(u32, u32)> = flat.chunks_exact(3).map(|r| (r[0], r[2])).collect();
        if scan_astral.first().map(|run| run.0) != Some(0x10000) {
            return error("scan_astral does not start at U+10000");
        }
        let mut scan_starts = vec![0u64; 0x10000 / 64];
        for (code, &flags) in scan_flags.iter().enumerate() {
            if flags & STARTS != 0 {
                if let Some(word) = scan_starts.get_mut(code / 64) {
                    *word |= 1 << (code % 64);
                }
            }
        }
        let short_text = match section(&found, "scan_numbers")?.first() {
            Some(&value) => value as usize,
            None => return error("scan_numbers is empty"),
        };
        let (whole_bmp, whole_astral) = whole_classes(&section(&found, "whole_classes")?)?;
        let syllable_letters: Vec<(u32, u32)> = section(&found, "syllable_letters")?
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1]))
            .collect();
        let syllables = section(&found, "syllables")?;
        let unicode = section(&found, "unicode")?
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".");
        let script_only: Vec<(u32, u8)> = section(&found, "script_only")?
            .chunks_exact(2)
            .map(|pair| (pair[0], u8::try_from(pair[1]).unwrap_or(0)))
            .collect();
        if !script_only.windows(2).all(|w| w[0].0 < w[1].0) {
            return error("script_only is out of order");
        }
        if !syllable_letters.windows(2).all(|w| w[0].0 < w[1].0)
            || !syllables.windows(2).all(|w| w[0] < w[1])
        {
            return error("syllable_letters or syllables is out of order");
        }
        let script_marks = script_marks(&section(&found, "script_marks")?)?;
        Ok(Model {
            script_only,
            script_marks,
            whole_bmp,
            whole_astral,
            scan_flags,
            scan_astral,
            scan_starts,
            short_text,
            syllable_letters,
            syllables,
            unicode,
            bmp_costs,
            astral,
            pairs,
            keys,
            largest_as_first,
            largest_as_second,
            pair_filter,
            readings: [table("big5_as_gbk")?, table("gbk_as_big5")?],
            codecs: Codecs::parse(&found)?,
        })
    }

    /// The cost of one code point in bits.
    pub fn char_cost(&self, code: u32) -> f64 {
        if code < 0x10000 {
            return self.bmp_costs[code as usize];
        }
        let index = self.astral.partition_point(|run| run.0 <= code);
        self.astral[index - 1].1
    }

    /// Whether a match of the scan or of a trigger can start at this code point: false for
    /// most, from the small bit set; astral ones are looked up.
    pub fn may_start(&self, code: u32) -> bool {
        match self.scan_starts.get(code as usize / 64) {
            Some(word) => word >> (code % 64) & 1 != 0,
            None => self.scan_flags(code) & STARTS != 0,
        }
    }

    /// The scan flags of one code point (none above U+10FFFF).
    pub fn scan_flags(&self, code: u32) -> u32 {
        if let Some(&flags) = self.scan_flags.get(code as usize) {
            return flags;
        }
        let index = self.scan_astral.partition_point(|run| run.0 <= code);
        match self.scan_astral.get(index.wrapping_sub(1)) {
            Some(&(_, flags)) if code <= 0x10FFFF => flags,
            _ => 0,
        }
    }

    /// The bits of one code point in the whole-text readings' classes (none above U+10FFFF).
    /// Whether `codes` (characters of the annotation layer's letter class) spell a syllable
    /// some character is read as, as `annotations.spelled` folds them.
    pub fn spells_a_syllable(&self, codes: &[u32]) -> bool {
        let mut packed: u32 = 0;
        let mut letters = 0;
        for &code in codes {
            let letter = self
                .syllable_letters
                .binary_search_by_key(&code, |&(key, _)| key)
                .ok()
                .and_then(|at| self.syllable_letters.get(at))
                .map_or(27, |&(_, letter)| letter);
            match letter {
                0 => continue,
                1..=26 if letters < 6 => {
                    packed = packed * 27 + letter;
                    letters += 1;
                }
                _ => return false,
            }
        }
        letters > 0 && self.syllables.binary_search(&packed).is_ok()
    }

    /// The script layer's marks of a character (`script_marks.rs`); none beyond the BMP.
    pub fn script_mark(&self, code: u32) -> u8 {
        self.script_marks.get(code as usize).copied().unwrap_or(0)
    }

    pub fn whole_class(&self, code: u32) -> u8 {
        if let Some(&bits) = self.whole_bmp.get(code as usize) {
            return bits;
        }
        let index = self.whole_astral.partition_point(|run| run.0 <= code);
        match self.whole_astral.get(index.wrapping_sub(1)) {
            Some(&(_, bits)) if code <= 0x10FFFF => bits,
            _ => 0,
        }
    }

    /// The bits of one code point in `script_only`: which script alone writes it, if one.
    pub fn script_only(&self, code: u32) -> u8 {
        self.script_only
            .binary_search_by_key(&code, |&(key, _)| key)
            .ok()
            .and_then(|at| self.script_only.get(at))
            .map_or(0, |&(_, bits)| bits)
    }

    /// The character that `c`'s pairs are keyed by, as a BMP code (U+FFFF for astral ones).
    pub fn key(&self, code: u32) -> u32 {
        if code < 0x10000 {
            u32::from(self.keys[code as usize])
        } else {
            0xFFFF
        }
    }

    /// The word bonus of the pair of key codes `first`, `second` (0 where it is in no word).
    pub fn bonus(&self, first: u32, second: u32) -> f64 {
        if first > 0xFFFF || second > 0xFFFF {
            return 0.0;
        }
        let key = first | second << 16;
        let slot = filter_slot(key);
        match self.pair_filter.get(slot / 64) {
            Some(word) if word >> (slot % 64) & 1 != 0 => {
                self.pairs.get(&key).copied().unwrap_or(0.0)
            }
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &[u8] = include_bytes!("../../../src/textfix/data/model.bin");

    /// The binding parses the file it embeds without hashing it: this is where it is hashed.
    #[test]
    fn shipped_model_digest_matches() {
        let (content, stored) = SHIPPED.split_at(SHIPPED.len() - DIGEST);
        assert_eq!(Sha256::digest(content).as_slice(), stored);
        assert!(Model::parse(SHIPPED).is_ok());
    }

    #[test]
    fn a_changed_byte_is_refused_only_when_the_digest_is_checked() {
        let mut changed = SHIPPED.to_vec();
        let middle = changed.len() / 2;
        changed[middle] ^= 1;
        assert_eq!(
            Model::parse(&changed).err(),
            Some(ModelError(
                "the model file's digest does not match its content".into()
            ))
        );
        assert!(Model::parse_trusted(&changed).is_ok());
    }

    /// The filter in front of the pair table loses no pair: every bonus is the table's.
    #[test]
    fn every_pair_passes_the_filter() {
        let model = Model::parse(SHIPPED).expect("the shipped model parses");
        for (&key, &value) in &model.pairs {
            assert_eq!(model.bonus(key & 0xFFFF, key >> 16), value);
        }
        let (中, 文) = (model.key(0x4E2D), model.key(0x6587));
        assert!(model.bonus(中, 文) > 0.0);
        assert_eq!(model.bonus(文, 0xFFFF), 0.0);
    }
}
