//! The codecs of the chains the core re-encodes and decodes with, as Python's codecs behave:
//! the tables are dumped from them by `tools/build_model.py`, and
//! `tests/test_kernels_units.py` proves every byte, byte pair, four-byte GB18030 sequence and
//! BMP character's encoding equal to Python's. UTF-8 is Rust's own (Python's strict decode
//! refuses exactly what `std::str::from_utf8` does: overlongs, surrogates, past U+10FFFF).

use crate::model::{section, Found, ModelError};
use std::collections::HashMap;

/// In the tables: no character, or no encoding.
pub const NO_CODE: u32 = u32::MAX;
/// The four-byte GB18030 sequences that decode to BMP characters.
const GB18030_FOUR_BYTE_BMP: usize = 39420;
/// The single-byte code pages the model holds (`page_<name>`), as `data/model.py` lists them.
const PAGES: [&str; 10] = [
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1254",
    "mac_roman",
    "cp1251",
    "cp1253",
    "cp1257",
    "iso-8859-2",
    "cp437",
];

/// A codec that misread the text (it re-encodes the text to its bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    /// GBK, and GB18030 for what GBK cannot write (`recode.chain.encode`).
    Gbk,
    Cp950,
    /// A single-byte code page: Latin-1, or a "sloppy-" one, by its index in the model.
    Page(usize),
}

/// A codec that wrote the text (it decodes the bytes back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum True {
    Utf8,
    Gb18030,
    Cp950,
}

impl Wrong {
    /// The codec named as `recode.Chain` names it; None for one the core does not hold.
    pub fn named(name: &str) -> Option<Wrong> {
        match name {
            "gbk" => Some(Wrong::Gbk),
            "cp950" => Some(Wrong::Cp950),
            "latin-1" => Some(Wrong::Page(0)),
            _ => {
                let base = name.strip_prefix("sloppy-")?;
                // Latin-1 has no undefined byte: "sloppy-latin-1" would be another table.
                let index = PAGES.iter().position(|page| *page == base)?;
                (index > 0).then_some(Wrong::Page(index))
            }
        }
    }

    pub fn single_byte(self) -> bool {
        matches!(self, Wrong::Page(_))
    }
}

impl True {
    pub fn named(name: &str) -> Option<True> {
        match name {
            "utf-8" => Some(True::Utf8),
            "gb18030" => Some(True::Gb18030),
            "cp950" => Some(True::Cp950),
            _ => None,
        }
    }
}

/// The codec tables.
#[derive(Debug)]
pub struct Codecs {
    encode_gbk: Vec<u32>,
    encode_gb18030: Vec<u32>,
    encode_cp950: Vec<u32>,
    pairs_gb18030: Vec<u32>,
    pairs_cp950: Vec<u32>,
    gb18030_four: Vec<u32>,
    /// Each page's encoding: character to byte.
    pages: Vec<PageEncoding>,
}

/// A single-byte page's encoding: the characters below U+0100 (most of what it writes) looked
/// up directly, the others by binary search.
#[derive(Debug)]
struct PageEncoding {
    low: [Option<u8>; 0x100],
    high: Vec<(u32, u8)>,
}

impl PageEncoding {
    /// The inverse of a page's reading of every byte; where two bytes read alike, the last.
    fn new(chars: &[u32]) -> PageEncoding {
        let mut low = [None; 0x100];
        let mut high: HashMap<u32, u8> = HashMap::new();
        for (&code, byte) in chars.iter().zip(0..=255u8) {
            match low.get_mut(code as usize) {
                Some(slot) => *slot = Some(byte),
                None => {
                    high.insert(code, byte);
                }
            }
        }
        let mut high: Vec<(u32, u8)> = high.into_iter().collect();
        high.sort_unstable();
        PageEncoding { low, high }
    }

    fn get(&self, code: u32) -> Option<u8> {
        match self.low.get(code as usize) {
            Some(&byte) => byte,
            None => self
                .high
                .binary_search_by_key(&code, |&(c, _)| c)
                .ok()
                .and_then(|at| self.high.get(at))
                .map(|&(_, byte)| byte),
        }
    }
}

fn sized(found: &Found<'_>, name: &str, size: usize) -> Result<Vec<u32>, ModelError> {
    let values = section(found, name)?;
    if values.len() == size {
        Ok(values)
    } else {
        Err(ModelError(format!(
            "{name} holds {} values, not {size}",
            values.len()
        )))
    }
}

/// Push the bytes of an encoding stored as one big-endian number.
#[inline]
fn push_packed(out: &mut Vec<u8>, packed: u32) {
    let [first, second, third, last] = packed.to_be_bytes();
    // By length, with no copy of a slice of unknown length (a call per character).
    if packed < 0x100 {
        out.push(last);
    } else if packed < 0x1_0000 {
        out.extend_from_slice(&[third, last]);
    } else {
        out.extend_from_slice(&[first, second, third, last]);
    }
}

/// The four-byte GB18030 sequence of an astral character (Python computes it likewise).
fn gb18030_astral(code: u32, out: &mut Vec<u8>) {
    let number = code - 0x1_0000;
    out.extend_from_slice(&[
        (0x90 + number / 12600) as u8,
        (0x30 + number / 1260 % 10) as u8,
        (0x81 + number / 10 % 126) as u8,
        (0x30 + number % 10) as u8,
    ]);
}

impl Codecs {
    pub(crate) fn parse(found: &Found<'_>) -> Result<Codecs, ModelError> {
        let mut pages = Vec::with_capacity(PAGES.len());
        for name in PAGES {
            let chars = sized(found, &format!("page_{name}"), 256)?;
            // Each page reads every byte as another character: the inverse is its encoding.
            pages.push(PageEncoding::new(&chars));
        }
        Ok(Codecs {
            encode_gbk: sized(found, "encode_gbk", 0x1_0000)?,
            encode_gb18030: sized(found, "encode_gb18030", 0x1_0000)?,
            encode_cp950: sized(found, "encode_cp950", 0x1_0000)?,
            pairs_gb18030: sized(found, "pairs_gb18030", 0x8000)?,
            pairs_cp950: sized(found, "pairs_cp950", 0x8000)?,
            gb18030_four: sized(found, "gb18030_four", GB18030_FOUR_BYTE_BMP)?,
            pages,
        })
    }

    /// Append `code` encoded alone by `wrong` (strictly, as `recode.chain.encode`); false where it
    /// cannot be.
    #[inline]
    pub fn encode(&self, wrong: Wrong, code: u32, out: &mut Vec<u8>) -> bool {
        let table = match wrong {
            Wrong::Page(index) => {
                return match self.pages.get(index).and_then(|page| page.get(code)) {
                    Some(byte) => {
                        out.push(byte);
                        true
                    }
                    None => false,
                };
            }
            Wrong::Gbk => &self.encode_gbk,
            Wrong::Cp950 => &self.encode_cp950,
        };
        if code > 0xFFFF {
            if wrong == Wrong::Gbk {
                gb18030_astral(code, out); // GBK cannot: GB18030 writes every astral one
                return true;
            }
            return false;
        }
        match table.get(code as usize) {
            Some(&packed) if packed != NO_CODE => {
                push_packed(out, packed);
                true
            }
            _ => false,
        }
    }

    /// `text` encoded by GB18030 (`gb18030` true) or cp950 with errors="replace": "?" for a
    /// character it cannot write. Also where each character's bytes start.
    pub fn encode_replacing(&self, gb18030: bool, text: &[u32]) -> (Vec<u8>, Vec<usize>) {
        let table = if gb18030 {
            &self.encode_gb18030
        } else {
            &self.encode_cp950
        };
        let mut data = Vec::with_capacity(text.len() * 2);
        let mut starts = Vec::with_capacity(text.len());
        for &code in text {
            starts.push(data.len());
            if code > 0xFFFF {
                if gb18030 && code <= 0x10_FFFF {
                    gb18030_astral(code, &mut data);
                } else {
                    data.push(b'?');
                }
                continue;
            }
            match table.get(code as usize) {
                Some(&packed) if packed != NO_CODE => push_packed(&mut data, packed),
                _ => data.push(b'?'),
            }
        }
        (data, starts)
    }

    /// The bytes `encode_replacing` writes for `code`, as one big-endian number (`push_packed`
    /// writes them): "?" for a character the codec cannot write.
    #[inline]
    pub fn replacing_packed(&self, gb18030: bool, code: u32) -> u32 {
        if code > 0xFFFF {
            if gb18030 && code <= 0x10_FFFF {
                let mut bytes = Vec::with_capacity(4);
                gb18030_astral(code, &mut bytes);
                return bytes
                    .iter()
                    .fold(0, |packed, &byte| packed << 8 | u32::from(byte));
            }
            return u32::from(b'?');
        }
        let table = if gb18030 {
            &self.encode_gb18030
        } else {
            &self.encode_cp950
        };
        match table.get(code as usize) {
            Some(&packed) if packed != NO_CODE => packed,
            _ => u32::from(b'?'),
        }
    }

    /// `data` decoded strictly by `codec`; None where Python's strict decode raises.
    pub fn decode(&self, codec: True, data: &[u8]) -> Option<Vec<u32>> {
        let mut out = Vec::with_capacity(data.len());
        self.decode_into(codec, data, &mut out).then_some(out)
    }

    /// `decode` into `out` (cleared first), for a caller that reads many short pieces with one
    /// buffer; false (and `out` holding a part) where `decode` gives None.
    pub fn decode_into(&self, codec: True, data: &[u8], out: &mut Vec<u32>) -> bool {
        out.clear();
        match codec {
            True::Utf8 => std::str::from_utf8(data)
                .map(|text| out.extend(text.chars().map(u32::from)))
                .is_ok(),
            True::Gb18030 => self.decode_gb18030(data, out).is_some(),
            True::Cp950 => Self::decode_pairs(&self.pairs_cp950, data, out).is_some(),
        }
    }

    fn pair(table: &[u32], lead: u8, trail: u8) -> Option<u32> {
        let index = (usize::from(lead).checked_sub(0x80)?) * 256 + usize::from(trail);
        table.get(index).copied().filter(|&code| code != NO_CODE)
    }

    /// A decoder of ASCII and byte pairs (cp950): a byte of 80 or above leads a pair.
    fn decode_pairs(table: &[u32], data: &[u8], out: &mut Vec<u32>) -> Option<()> {
        let mut index = 0;
        while let Some(&lead) = data.get(index) {
            if lead < 0x80 {
                out.push(u32::from(lead));
                index += 1;
                continue;
            }
            out.push(Self::pair(table, lead, *data.get(index + 1)?)?);
            index += 2;
        }
        Some(())
    }

    /// GB18030 as CPython's decoder reads it: ASCII, a pair, or four bytes where the second
    /// is a digit (the BMP by table, the astral planes by arithmetic).
    fn decode_gb18030(&self, data: &[u8], out: &mut Vec<u32>) -> Option<()> {
        let mut index = 0;
        while let Some(&lead) = data.get(index) {
            if lead < 0x80 {
                out.push(u32::from(lead));
                index += 1;
                continue;
            }
            let second = *data.get(index + 1)?;
            if !(0x30..=0x39).contains(&second) {
                out.push(Self::pair(&self.pairs_gb18030, lead, second)?);
                index += 2;
                continue;
            }
            let (third, fourth) = (*data.get(index + 2)?, *data.get(index + 3)?);
            if !(0x81..=0xFE).contains(&lead)
                || !(0x81..=0xFE).contains(&third)
                || !(0x30..=0x39).contains(&fourth)
            {
                return None;
            }
            let (a, b) = (u32::from(lead - 0x81), u32::from(second - 0x30));
            let (c, d) = (u32::from(third - 0x81), u32::from(fourth - 0x30));
            let code = if a < 4 {
                let number = (a * 10 + b) * 1260 + c * 10 + d;
                *self.gb18030_four.get(number as usize)?
            } else if a >= 15 {
                let code = 0x1_0000 + ((a - 15) * 10 + b) * 1260 + c * 10 + d;
                if code > 0x10_FFFF {
                    return None;
                }
                code
            } else {
                return None;
            };
            if code == NO_CODE {
                return None;
            }
            out.push(code);
            index += 4;
        }
        Some(())
    }
}
