//! What the script layer asks of a whole text before it converts it, in one pass over its code
//! points: `textfix.layers.script_marks.marks`, whose reference asks it with regular
//! expressions. The characters of each mark are the model's `script_marks` section.

use crate::model::Model;

/// The bits of `script_marks` (`textfix.layers.script_marks`).
pub const HIRAGANA: u8 = 1;
pub const REGIONAL: u8 = 2;
/// Per traditional standard (Taiwan, Hong Kong, OpenCC's own): its configuration rewrites the
/// character.
pub const REWRITES: [u8; 3] = [4, 8, 16];

const NEWLINE: u32 = 0x0A;

/// What `marks` finds in a text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub hiragana: bool,
    /// How many characters each standard's configuration would rewrite.
    pub rewrites: [usize; 3],
    /// (start, end) of each line (split at U+000A, which it does not hold) that holds a
    /// regional form, in order.
    pub regional_lines: Vec<(usize, usize)>,
}

/// The marks of `text`.
pub fn marks(model: &Model, text: &[u32]) -> Marks {
    let mut found = Marks::default();
    let mut line_start = 0;
    let mut line_is_regional = false;
    for (at, &code) in text.iter().enumerate() {
        if code == NEWLINE {
            if line_is_regional {
                found.regional_lines.push((line_start, at));
            }
            line_start = at + 1;
            line_is_regional = false;
            continue;
        }
        let bits = model.script_mark(code);
        if bits == 0 {
            continue;
        }
        found.hiragana |= bits & HIRAGANA != 0;
        line_is_regional |= bits & REGIONAL != 0;
        for (count, bit) in found.rewrites.iter_mut().zip(REWRITES) {
            *count += usize::from(bits & bit != 0);
        }
    }
    if line_is_regional {
        found.regional_lines.push((line_start, text.len()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model;

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    #[test]
    fn taiwan_text_with_a_regional_form_on_its_second_line() {
        let found = marks(model(), &codes("台灣的電腦\n隨著時代進步，裡面為什麼\n完"));
        assert!(!found.hiragana);
        assert_eq!(found.regional_lines, vec![(6, 18)]);
        // 裡 and 為 are Taiwan's: OpenCC's own standard would rewrite them, Taiwan's neither.
        assert!(found.rewrites[0] < found.rewrites[2]);
    }

    #[test]
    fn hiragana_and_clean_simplified() {
        assert!(marks(model(), &codes("東京では雨")).hiragana);
        assert_eq!(marks(model(), &codes("今天天气很好\n")), Marks::default());
        assert_eq!(
            marks(model(), &[0xD800, 0x10FFFF, 0x110000]),
            Marks::default()
        );
    }
}
