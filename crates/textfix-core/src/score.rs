//! The plausibility scorer: what a string costs in bits under the model (lower is more
//! plausible). The reference is `src/textfix/plausibility.py`; every function here returns
//! what its namesake there returns, to the last bit (the model's costs are exact dyadic
//! fractions, so the order of a sum does not matter). Text is a slice of code points, as
//! Python's strings are: a lone surrogate is one of them.

use crate::model::Model;

/// What ASCII text costs per character in `cost` (the model's cost of an ASCII letter).
pub const ASCII_LETTER: f64 = 5.0;
/// A Latin-1 letter next to a Han character: the signature of GBK read as Latin-1.
pub const LATIN_HAN_JOIN: f64 = 8.0;

fn is_latin_letter(c: u32) -> bool {
    (0xC0..=0x24F).contains(&c)
}

fn is_han(c: u32) -> bool {
    (0x4E00..=0x9FFF).contains(&c)
}

/// Whether the pair `left`, `right` pays the join: a Latin-1 letter beside a Han character.
pub fn join(left: u32, right: u32) -> f64 {
    if (is_latin_letter(left) && is_han(right)) || (is_han(left) && is_latin_letter(right)) {
        LATIN_HAN_JOIN
    } else {
        0.0
    }
}

/// The cost of each character of `text` on its own.
pub fn char_costs(model: &Model, text: &[u32]) -> Vec<f64> {
    text.iter().map(|&c| model.char_cost(c)).collect()
}

/// The positions of the BMP characters of `text` (ASCII and surrogates never) that cost
/// `threshold` or more, in order (`plausibility.suspect_positions`).
pub fn suspect_positions(model: &Model, text: &[u32], threshold: f64) -> Vec<usize> {
    text.iter()
        .enumerate()
        .filter(|&(_, &code)| {
            (0x80..0x10000).contains(&code)
                && !(0xD800..0xE000).contains(&code)
                && model
                    .bmp_costs
                    .get(code as usize)
                    .is_some_and(|&bits| bits >= threshold)
        })
        .map(|(index, _)| index)
        .collect()
}

/// How many Latin-1 letters of `text` stand next to a Han character (each counted once).
fn latin_han_joins(text: &[u32]) -> usize {
    (0..text.len())
        .filter(|&i| {
            is_latin_letter(text[i])
                && ((i > 0 && is_han(text[i - 1])) || (i + 1 < text.len() && is_han(text[i + 1])))
        })
        .count()
}

/// The cost of `text` in bits: its characters' costs and the joins it pays.
pub fn cost(model: &Model, text: &[u32]) -> f64 {
    if text.iter().all(|&c| c < 0x80) {
        return text.len() as f64 * ASCII_LETTER;
    }
    let own: f64 = text.iter().map(|&c| model.char_cost(c)).sum();
    own + LATIN_HAN_JOIN * latin_han_joins(text) as f64
}

/// The bits that the word-internal pairs of `text` earn.
pub fn word_bonus(model: &Model, text: &[u32]) -> f64 {
    text.windows(2)
        .map(|pair| model.bonus(model.key(pair[0]), model.key(pair[1])))
        .sum()
}

/// `cost` less the bits that the word-internal pairs of `text` earn.
pub fn cost_in_words(model: &Model, text: &[u32]) -> f64 {
    cost(model, text) - word_bonus(model, text)
}

/// What each pair of neighbouring characters of `text` costs beyond their own costs: the join
/// it pays, less its word bonus.
pub fn neighbours(model: &Model, text: &[u32]) -> Vec<f64> {
    text.windows(2)
        .map(|pair| join(pair[0], pair[1]) - model.bonus(model.key(pair[0]), model.key(pair[1])))
        .collect()
}

/// The cost of the rarest character of `text` (0 for none).
pub fn worst(model: &Model, text: &[u32]) -> f64 {
    text.iter().map(|&c| model.char_cost(c)).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    #[test]
    fn repairs_cost_less_than_mojibake() {
        let m = model();
        assert!(cost(m, &chars("你好")) < cost(m, &chars("浣犲ソ")));
        assert!(cost_in_words(m, &chars("詳細")) < cost_in_words(m, &chars("冈細")));
    }

    #[test]
    fn traditional_pairs_earn_what_simplified_ones_do() {
        let m = model();
        let simplified = word_bonus(m, &chars("新闻"));
        assert!(simplified > 8.0);
        assert_eq!(simplified, word_bonus(m, &chars("新聞")));
    }

    #[test]
    fn a_latin_letter_beside_a_han_character_pays_the_join_once() {
        let m = model();
        let text = chars("中é文");
        let own: f64 = char_costs(m, &text).iter().sum();
        assert_eq!(cost(m, &text), own + LATIN_HAN_JOIN);
        assert_eq!(neighbours(m, &chars("é中"))[0], LATIN_HAN_JOIN);
    }

    #[test]
    fn ascii_costs_by_length() {
        let m = model();
        assert_eq!(cost(m, &chars("abc def")), 35.0);
        assert_eq!(worst(m, &[]), 0.0);
    }

    #[test]
    fn astral_characters_cost_by_kind() {
        let m = model();
        assert_eq!(m.char_cost(0x1F600), 12.0);
        assert_eq!(m.char_cost(0x20000), 29.0);
        assert_eq!(m.char_cost(0x10FFFF), 32.0);
    }
}
