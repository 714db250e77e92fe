//! The dismissed lines that the rest of the mojibake layer leaves alone
//! (`layers.mojibake.quiet.quiet`, its reference): no U+FFFD, nothing for ftfy (its own test of
//! mojibake, `ftfy.badness.is_bad`, finds none, or the line holds Chinese and no sign of UTF-8
//! read as Latin-1), nothing for ftfy_undo to restore (nothing ftfy made, clean words, or no
//! two upper-half characters side by side), nothing that tells the page of ftfy.
//! The character classes and ftfy's pattern come from Python, where the modules that own them
//! define them; this module holds the structure of each test.

use regex::Regex;

/// A set of code points as sorted, disjoint (first, last) ranges.
#[derive(Debug, Clone, Default)]
pub struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    pub fn new(mut ranges: Vec<(u32, u32)>) -> Self {
        ranges.sort_unstable();
        Ranges(ranges)
    }

    pub fn contains(&self, code: u32) -> bool {
        let index = self.0.partition_point(|&(_, last)| last < code);
        self.0.get(index).is_some_and(|&(first, _)| first <= code)
    }
}

/// The classes the tests read, by the names `quiet._core_rules` gives them.
#[derive(Debug, Clone, Default)]
pub struct Classes {
    pub cjk: Ranges,
    pub c1: Ranges,
    pub utf8_lead: Ranges,
    pub continuation: Ranges,
    /// What a Latin-1 or cp1252 reading writes; `upper`: those of them beyond ASCII.
    pub page: Ranges,
    pub upper: Ranges,
    pub left_marks: Ranges,
    pub cjk_pair: Ranges,
    pub clean_mark: Ranges,
    pub alphabet: Ranges,
    pub latin_extended: Ranges,
    pub small: Ranges,
}

/// Everything the tests need: the classes, ftfy's pattern (matching wherever ftfy's does, and
/// possibly more), the script (first word of the Unicode name) of each character of the
/// alphabet range from `scripts_from` on, and the character the pattern reads a lone surrogate
/// as.
#[derive(Debug, Clone)]
pub struct Rules {
    pub classes: Classes,
    pub bad: Regex,
    pub scripts_from: u32,
    pub scripts: Vec<u32>,
    pub stand_in: char,
}

impl Rules {
    /// The rules with ftfy's `pattern` compiled; the regex crate's error where it cannot be.
    pub fn new(
        pattern: &str,
        classes: Classes,
        scripts_from: u32,
        scripts: Vec<u32>,
        stand_in: char,
    ) -> Result<Self, regex::Error> {
        Ok(Rules {
            classes,
            bad: Regex::new(pattern)?,
            scripts_from,
            scripts,
            stand_in,
        })
    }
}

const LOST: u32 = 0xFFFD;

/// What `quiet_state` says of a line: the layer's steps after the dismissal may change it
/// ([`LOUD`]); they leave it alone ([`QUIET`]); they leave it alone, but it tells the page that
/// ftfy went over it ([`FTFY_MADE`]: `garbled_page._ftfy_made_some`).
pub const LOUD: u8 = 0;
pub const QUIET: u8 = 1;
pub const FTFY_MADE: u8 = 2;

/// For each line of `text` at `spans`, its `quiet_state`; [`LOUD`] for a span outside the text.
pub fn quiet_each(rules: &Rules, text: &[u32], spans: &[(usize, usize)]) -> Vec<u8> {
    spans
        .iter()
        .map(|&(start, end)| {
            text.get(start..end)
                .map_or(LOUD, |line| quiet_state(rules, line))
        })
        .collect()
}

/// `quiet.quiet_state` of `line`.
pub fn quiet_state(rules: &Rules, line: &[u32]) -> u8 {
    if line.contains(&LOST)
        || !no_ftfy(rules, line)
        || (left_by(rules, line) && !clean_words(rules, line) && upper_pair(rules, line))
    {
        LOUD
    } else if ftfy_made_some(rules, line) {
        FTFY_MADE
    } else {
        QUIET
    }
}

/// `quiet.quiet` of `line`.
pub fn quiet(rules: &Rules, line: &[u32]) -> bool {
    quiet_state(rules, line) == QUIET
}

/// ftfy changes nothing in the line, or is not asked (`_ftfy_alone`).
fn no_ftfy(rules: &Rules, line: &[u32]) -> bool {
    let c = &rules.classes;
    let chinese = line.iter().any(|&code| c.cjk.contains(code));
    (chinese && !utf8_as_latin(c, line)) || !bad(rules, line)
}

/// `triggers.UTF8_AS_LATIN`: a C1 control, or a UTF-8 lead before a continuation.
fn utf8_as_latin(c: &Classes, line: &[u32]) -> bool {
    line.iter().enumerate().any(|(index, &code)| {
        c.c1.contains(code)
            || (c.utf8_lead.contains(code)
                && line
                    .get(index + 1)
                    .is_some_and(|&next| c.continuation.contains(next)))
    })
}

/// ftfy's `is_bad` (or more): the line as a string, a lone surrogate as the stand-in.
pub fn bad(rules: &Rules, line: &[u32]) -> bool {
    let text: String = line
        .iter()
        .map(|&code| char::from_u32(code).unwrap_or(rules.stand_in))
        .collect();
    rules.bad.is_match(&text)
}

fn made(c: &Classes, code: u32) -> bool {
    !c.page.contains(code)
}

/// `ftfy_undo._left_by(line, [])`: a character ftfy made, a straight quote, an NBSP or à.
fn left_by(rules: &Rules, line: &[u32]) -> bool {
    let c = &rules.classes;
    line.iter()
        .any(|&code| made(c, code) || c.left_marks.contains(code))
}

/// Two upper-half characters side by side, without which `ftfy_leaves.shows_ftfy` is false and
/// `ftfy_undo.restore` restores nothing.
fn upper_pair(rules: &Rules, line: &[u32]) -> bool {
    let c = &rules.classes;
    line.windows(2)
        .any(|pair| pair.iter().all(|&code| c.upper.contains(code)))
}

/// `ftfy_undo._clean_words`: two CJK characters side by side, a CJK mark or an astral
/// character, or a word of an alphabet (`_ALPHABET_RUN` with `_one_script`).
fn clean_words(rules: &Rules, line: &[u32]) -> bool {
    let c = &rules.classes;
    if line
        .windows(2)
        .any(|pair| pair.iter().all(|&code| c.cjk_pair.contains(code)))
        || line.iter().any(|&code| c.clean_mark.contains(code))
    {
        return true;
    }
    // A Latin letter before three small ASCII ones is a word (`_one_script` of such a match).
    let latin_word = line.windows(4).enumerate().any(|(index, window)| {
        window
            .first()
            .is_some_and(|&code| c.latin_extended.contains(code))
            && line
                .get(index + 1..index + 4)
                .is_some_and(|rest| rest.iter().all(|&code| c.small.contains(code)))
    });
    // Three letters of the alphabet range in a row (in a run of three or more, then) whose
    // names begin with one word.
    latin_word
        || line.windows(3).any(|three| {
            let words: Vec<Option<u32>> = three.iter().map(|&code| script(rules, code)).collect();
            matches!(words.as_slice(), [Some(a), Some(b), Some(d)] if a == b && b == d)
        })
}

/// The script word of a character of the alphabet range; None outside it.
fn script(rules: &Rules, code: u32) -> Option<u32> {
    if !rules.classes.alphabet.contains(code) {
        return None;
    }
    let index = usize::try_from(code.checked_sub(rules.scripts_from)?).ok()?;
    rules.scripts.get(index).copied()
}

/// `garbled_page._ftfy_made_some`: a character ftfy made beside an upper-half one, or a
/// straight quote between two (ftfy straightened cp1252's curly ones), and no three characters
/// ftfy made in a row.
fn ftfy_made_some(rules: &Rules, line: &[u32]) -> bool {
    let c = &rules.classes;
    let beside = line.windows(2).any(|pair| match pair {
        &[first, second] => {
            (made(c, first) && c.upper.contains(second))
                || (c.upper.contains(first) && made(c, second))
        }
        _ => false,
    });
    let quoted = line.windows(3).any(|three| match three {
        &[before, quote, after] => {
            (quote == u32::from(b'"') || quote == u32::from(b'\''))
                && c.upper.contains(before)
                && c.upper.contains(after)
        }
        _ => false,
    });
    (beside || quoted)
        && !line
            .windows(3)
            .any(|three| three.iter().all(|&code| made(c, code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(pairs: &[(u32, u32)]) -> Ranges {
        Ranges::new(pairs.to_vec())
    }

    fn rules() -> Rules {
        let page: Vec<(u32, u32)> = vec![(0, 0xFF), (0x20AC, 0x20AC), (0x2122, 0x2122)];
        Rules {
            classes: Classes {
                cjk: ranges(&[(0x3000, 0x30FF), (0x4E00, 0x9FFF)]),
                c1: ranges(&[(0x80, 0x9F)]),
                utf8_lead: ranges(&[(0xC2, 0xF4)]),
                continuation: ranges(&[(0x80, 0xBF)]),
                page: Ranges::new(page),
                upper: ranges(&[(0x80, 0xFF), (0x20AC, 0x20AC), (0x2122, 0x2122)]),
                left_marks: ranges(&[(0x22, 0x22), (0x27, 0x27), (0xA0, 0xA0), (0xE0, 0xE0)]),
                cjk_pair: ranges(&[(0x3000, 0x30FF), (0x4E00, 0x9FFF)]),
                clean_mark: ranges(&[(0x3000, 0x303F), (0x10000, 0x10FFFF)]),
                alphabet: ranges(&[(0x370, 0x1FFF)]),
                latin_extended: ranges(&[(0x100, 0x24F)]),
                small: ranges(&[(0x61, 0x7A)]),
            },
            // A stand-in for ftfy's pattern: a lowercase accented letter before a currency sign.
            bad: Regex::new(r"[\x{E0}-\x{FF}][\x{A3}\x{20AC}]|[\x{80}-\x{9F}]").expect("valid"),
            scripts_from: 0x370,
            scripts: (0x370..=0x1FFF).map(|code| code / 0x100).collect(),
            stand_in: '\u{FFFF}',
        }
    }

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    #[test]
    fn clean_lines_are_quiet() {
        let rules = rules();
        for line in [
            "Le café crème coûte 3,50 € à Zürich.",
            "我部電腦用咗三年，而家開機要成兩分鐘",
            "В Москве открылась выставка",
            "",
        ] {
            assert!(quiet(&rules, &codes(line)), "{line}");
        }
    }

    #[test]
    fn lines_with_work_left_are_not() {
        let rules = rules();
        for line in [
            "café€ ok",
            "a\u{FFFD}b",
            "x\u{85}y",
            "ab\u{0100}\u{2122}\u{E9}",
        ] {
            assert!(!quiet(&rules, &codes(line)), "{line}");
        }
        let mut with_surrogate = codes("caf");
        with_surrogate.extend([0xD800, 0xE9, 0x20AC]);
        assert!(!quiet(&rules, &with_surrogate));
        assert_eq!(
            quiet_each(&rules, &codes("ok\ncafé€"), &[(0, 2), (3, 8), (4, 99)]),
            [QUIET, LOUD, LOUD]
        );
    }
}
