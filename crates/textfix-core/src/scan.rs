//! The one-pass scan of a whole document: where the pipeline's scan stops, which repair layers
//! have a trigger from there, and the lines with a trigger of the mojibake layer. The reference
//! is the regular expressions of `src/textfix/pipeline.py` (`_scan`, `_layers_to_run`) and
//! `src/textfix/layers/mojibake/triggers.py` (`trigger`, `trigger_spans`).
//!
//! Every pattern there is one character of a class followed by conditions that look at most a
//! few characters around it. The classes are data, the model's character flags (bit k: the
//! k-th class of `textfix.layers.scan_table`, written by tools/build_model.py from the very
//! class strings the reference compiles); the conditions are the context rules below, each
//! naming the Python pattern it mirrors. Offsets are code points, as Python's.

use crate::model::Model;

// The classes, in the order of `textfix.layers.scan_table.classes()` (a test there and one here
// keep the two lists in step).
pub const MOJIBAKE_SCAN: u32 = 1 << 0;
pub const MOJIBAKE_START: u32 = 1 << 1;
pub const MOJIBAKE_GUARDED: u32 = 1 << 2;
pub const DAMAGE_START: u32 = 1 << 3;
pub const C1: u32 = 1 << 4;
pub const UTF8_LEAD: u32 = 1 << 5;
pub const CONTINUATION: u32 = 1 << 6;
pub const WESTERN: u32 = 1 << 7;
pub const DASHES: u32 = 1 << 8;
pub const PAGE_LEAD_1: u32 = 1 << 9;
pub const PAGE_LEAD_2: u32 = 1 << 10;
pub const PAGE_CONTINUATION: u32 = 1 << 11;
pub const MOJIBAKE_WHERE_WESTERN: u32 = 1 << 12;
pub const MOJIBAKE_WHERE_DAMAGE: u32 = 1 << 13;
pub const MOJIBAKE_WHERE_SHORT: u32 = 1 << 14;
pub const MOJIBAKE_WHERE_PAGE_1: u32 = 1 << 15;
pub const MOJIBAKE_WHERE_PAGE_2: u32 = 1 << 16;
pub const UNICODE: u32 = 1 << 17;
pub const UNICODE_WIDTH: u32 = 1 << 18;
pub const UNICODE_SPACES: u32 = 1 << 19;
pub const HTML_SCAN: u32 = 1 << 20;
pub const HTML_WHERE: u32 = 1 << 21;
pub const ANNOTATIONS_SCAN: u32 = 1 << 22;
pub const ANNOTATIONS_WHERE: u32 = 1 << 23;
pub const CLOSE: u32 = 1 << 24;
pub const OPEN: u32 = 1 << 25;
pub const LETTER: u32 = 1 << 26;
pub const TONE: u32 = 1 << 27;
pub const ZHUYIN: u32 = 1 << 28;
pub const NOT_ASCII: u32 = 1 << 29;
/// No layer's: a character that may keep a text from being in NFC.
pub const NFC_CHAR: u32 = 1 << 30;
/// The mojibake layer's Big5 leads read as Western (`big5_lead`, after the rest).
pub const BIG5_LEAD: u32 = 1 << 31;
/// How many classes there are.
pub const CLASSES: usize = 32;
/// The classes a match of the scan or of a trigger can start with (the rest are context).
pub const STARTS: u32 = MOJIBAKE_SCAN
    | MOJIBAKE_START
    | MOJIBAKE_WHERE_WESTERN
    | MOJIBAKE_WHERE_DAMAGE
    | MOJIBAKE_WHERE_SHORT
    | MOJIBAKE_WHERE_PAGE_1
    | MOJIBAKE_WHERE_PAGE_2
    | UNICODE
    | UNICODE_WIDTH
    | UNICODE_SPACES
    | HTML_SCAN
    | HTML_WHERE
    | ANNOTATIONS_SCAN
    | ANNOTATIONS_WHERE
    | CLOSE
    | NFC_CHAR;

// The options (`textfix._kernels.triggers`): the enabled repair layers, the unicode layer's
// folds, and whether the mojibake layer's lines are wanted. The layers come back in the same
// bits.
pub const HTML_LAYER: u32 = 1;
pub const MOJIBAKE_LAYER: u32 = 2;
pub const UNICODE_LAYER: u32 = 4;
pub const FOLD_WIDTH: u32 = 8;
pub const FOLD_SPACES: u32 = 16;
pub const ANNOTATIONS_LAYER: u32 = 32;
pub const LINES: u32 = 64;
/// Asked, the scan also says in this bit of its layers whether the text holds an `NFC_CHAR`
/// (without one, it is in NFC).
pub const NFC_MAYBE: u32 = 128;

const NEWLINE: u32 = 0x0A;

/// What the scan of a text found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// Where the pipeline's scan stops first (`plan.scan.search`), if anywhere.
    pub stop: Option<usize>,
    /// The layers (option bits) with a trigger at or after `stop`; with NFC_MAYBE asked, also
    /// that bit where the text may not be in NFC (where a character of NFC_CHAR is, or where
    /// the scan ended before the text did).
    pub layers: u32,
    /// (start, end) of each line with a trigger of the mojibake layer, where LINES is asked.
    pub lines: Vec<(usize, usize)>,
}

/// A text and its characters' flags, for the context rules.
struct Text<'a> {
    model: &'a Model,
    codes: &'a [u32],
}

impl Text<'_> {
    fn code(&self, at: usize) -> Option<u32> {
        self.codes.get(at).copied()
    }

    /// The flags of the character at `at` (none past either end).
    fn flags(&self, at: usize) -> u32 {
        self.code(at).map_or(0, |code| self.model.scan_flags(code))
    }

    fn is(&self, at: usize, class: u32) -> bool {
        self.flags(at) & class != 0
    }

    /// Whether the `count` characters after `at` are all of `class`.
    fn followed_by(&self, at: usize, class: u32, count: usize) -> bool {
        (1..=count).all(|step| self.is(at + step, class))
    }

    /// How many characters of `class` end right before `end`, counting up to `most`.
    fn run_before(&self, end: usize, class: u32, most: usize) -> usize {
        (1..=most.min(end))
            .take_while(|&back| self.is(end - back, class))
            .count()
    }

    /// How many characters satisfying `accept` start at `start`, counting up to `most`.
    fn run_from(&self, start: usize, most: usize, accept: fn(u32) -> bool) -> usize {
        self.codes
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take(most)
            .take_while(|&&code| accept(code))
            .count()
    }

    // --- The context rules. `at` is the character a class matched; a Python look-behind
    // --- written right after it reaches back over it.

    /// html `(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)` after its
    /// `&`: `SCAN_WHERE`'s condition, and the rest of `TRIGGER` (`&(?:...);`).
    fn reference_follows(&self, at: usize) -> bool {
        let is = |offset: usize, char: char| self.code(at + offset) == Some(u32::from(char));
        let ended = |offset: usize, count: usize, most: usize| {
            (1..=most).contains(&count) && is(offset + count, ';')
        };
        if is(1, '#') {
            let digits = self.run_from(at + 2, 8, |c| (0x30..=0x39).contains(&c));
            if ended(2, digits, 7) {
                return true;
            }
            let hex = |c: u32| char::from_u32(c).is_some_and(|c| c.is_ascii_hexdigit());
            return (is(2, 'x') || is(2, 'X')) && ended(3, self.run_from(at + 3, 7, hex), 6);
        }
        let letter = |c: u32| char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic());
        let alnum = |c: u32| char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric());
        self.code(at + 1).is_some_and(letter) && ended(2, self.run_from(at + 2, 32, alnum), 31)
    }

    /// mojibake `_NOT_DOUBLED`, `(?!(?<=[\u2010-\u203a])[\u2010-\u203a])`: not a dash or quote
    /// of Chinese's doubled ones followed by another.
    fn not_doubled(&self, at: usize) -> bool {
        !(self.is(at, DASHES) && self.is(at + 1, DASHES))
    }

    /// mojibake `{_NOT_DOUBLED}(?=[{western}])`: a Western pair (the first `SCAN_WHERE` rule,
    /// and trigger()'s `(?<=[{western}]){_NOT_DOUBLED}(?=[{western}])`).
    fn western_pair(&self, at: usize) -> bool {
        self.not_doubled(at) && self.is(at + 1, WESTERN)
    }

    /// mojibake `_big5_ascii_pairs`, `(?=[\x40-\x7e][{big5_lead}][\x40-\x7e])` after a Big5
    /// lead read as Western: an ASCII second byte, then another such character (trigger()'s
    /// `(?<=[{big5_lead}])...`, and the Western `SCAN_WHERE` rule's second condition).
    fn big5_ascii_pairs(&self, at: usize) -> bool {
        let ascii_trail = |step: usize| {
            self.code(at + step)
                .is_some_and(|c| (0x40..=0x7E).contains(&c))
        };
        self.is(at, BIG5_LEAD) && ascii_trail(1) && self.is(at + 2, BIG5_LEAD) && ascii_trail(3)
    }

    /// mojibake `_NOT_DAMAGE`, `(?!斤拷)` after 锟: not U+FFFD written in GBK.
    fn not_damage(&self, at: usize) -> bool {
        !(self.code(at + 1) == Some(0x65A4) && self.code(at + 2) == Some(0x62F7))
    }

    /// mojibake `_page_sequences()`'s `(?=[{continuations}]{count})`: a UTF-8 lead byte read
    /// through a code page, with its `count` continuation bytes after it.
    fn page_sequence(&self, at: usize, count: usize) -> bool {
        self.followed_by(at, PAGE_CONTINUATION, count)
    }

    /// mojibake `_SHORT_TEXT_AROUND`, `(?<![\s\S]{SHORT_TEXT + 1})(?![\s\S]{SHORT_TEXT})` right
    /// after the character: no more than SHORT_TEXT characters up to it, fewer after it.
    fn short_around(&self, at: usize) -> bool {
        let short = self.model.short_text;
        at < short && self.codes.len() - (at + 1) < short
    }

    /// annotations `_AFTER_CLOSE` after a closing parenthesis: 1-8 letters (`_LETTER`), with or
    /// without a tone number after them (`[1-5]`), or 1-5 zhuyin (`_ZHUYIN`), right after an
    /// opening parenthesis (`[(（]`) that follows a character that is not ASCII. (Each
    /// `(?<=[^\x00-\x7f][(（]{char}{n}{last}[)）])` can hold only where n is the whole run.)
    /// The letters must also spell a syllable (`annotations.closes_a_syllable`).
    fn after_close(&self, at: usize) -> bool {
        let debris = |end: usize, class: u32, most: usize| {
            let count = self.run_before(end, class, most + 1);
            ((1..=most).contains(&count)
                && end >= count + 2
                && self.is(end - count - 1, OPEN)
                && self.is(end - count - 2, NOT_ASCII))
            .then(|| self.codes.get(end - count..end).unwrap_or_default())
        };
        let spelled = |letters: Option<&[u32]>| {
            letters.is_some_and(|letters| self.model.spells_a_syllable(letters))
        };
        self.is(at, CLOSE)
            && (spelled(debris(at, LETTER, 8))
                || (at >= 1 && self.is(at - 1, TONE) && spelled(debris(at - 1, LETTER, 8)))
                || debris(at, ZHUYIN, 5).is_some())
    }

    // --- The patterns.

    /// mojibake `trigger()`: `[start](?:(?<![guarded])|(?<=锟)(?!斤拷)|(?<=[C1])
    /// |(?<=[lead])(?=[continuation])|(?<=[western])_NOT_DOUBLED(?=[western])
    /// |(?<=[big5 lead])_big5_ascii_pairs|(?<=[page lead])(?=[page continuation]{n})...)`.
    fn mojibake_trigger(&self, at: usize, flags: u32) -> bool {
        flags & MOJIBAKE_START != 0
            && (flags & MOJIBAKE_GUARDED == 0
                || (flags & DAMAGE_START != 0 && self.not_damage(at))
                || flags & C1 != 0
                || (flags & UTF8_LEAD != 0 && self.is(at + 1, CONTINUATION))
                || (flags & WESTERN != 0 && self.western_pair(at))
                || self.big5_ascii_pairs(at)
                || (flags & PAGE_LEAD_1 != 0 && self.page_sequence(at, 1))
                || (flags & PAGE_LEAD_2 != 0 && self.page_sequence(at, 2)))
    }

    /// Whether the pipeline's scan (`pipeline._scan`) stops at `at`: a character some enabled
    /// layer takes plain, or one of a `SCAN_WHERE` rule of an enabled layer (as no layer takes
    /// it plain) where that rule's condition holds.
    fn scan_stops(&self, at: usize, flags: u32, options: u32) -> bool {
        let on = |layer: u32| options & layer != 0;
        let unicode = UNICODE
            | if on(FOLD_WIDTH) { UNICODE_WIDTH } else { 0 }
            | if on(FOLD_SPACES) { UNICODE_SPACES } else { 0 };
        let plain = (on(HTML_LAYER) && flags & HTML_SCAN != 0)
            || (on(MOJIBAKE_LAYER) && flags & MOJIBAKE_SCAN != 0)
            || (on(UNICODE_LAYER) && flags & unicode != 0)
            || (on(ANNOTATIONS_LAYER) && flags & ANNOTATIONS_SCAN != 0);
        plain
            || (on(HTML_LAYER) && flags & HTML_WHERE != 0 && self.reference_follows(at))
            || (on(MOJIBAKE_LAYER)
                && ((flags & MOJIBAKE_WHERE_WESTERN != 0
                    && (self.western_pair(at) || self.big5_ascii_pairs(at)))
                    || (flags & MOJIBAKE_WHERE_DAMAGE != 0 && self.not_damage(at))
                    || (flags & MOJIBAKE_WHERE_SHORT != 0 && self.short_around(at))
                    || (flags & MOJIBAKE_WHERE_PAGE_1 != 0 && self.page_sequence(at, 1))
                    || (flags & MOJIBAKE_WHERE_PAGE_2 != 0 && self.page_sequence(at, 2))))
            || (on(ANNOTATIONS_LAYER) && flags & ANNOTATIONS_WHERE != 0 && self.after_close(at))
    }

    /// Whether `layer`'s trigger pattern matches at `at`.
    fn triggers(&self, layer: u32, at: usize, flags: u32, options: u32) -> bool {
        match layer {
            // html.TRIGGER, `&(?:NAME);`: its & is SCAN_WHERE's.
            HTML_LAYER => flags & HTML_WHERE != 0 && self.reference_follows(at),
            MOJIBAKE_LAYER => self.mojibake_trigger(at, flags),
            // The unicode layer's trigger, `[{scan_class(fold_width, fold_spaces)}]`.
            UNICODE_LAYER => flags & unicode_class(options) != 0,
            // annotations.TRIGGER, `[)）]{_AFTER_CLOSE}`.
            ANNOTATIONS_LAYER => self.after_close(at),
            _ => false,
        }
    }
}

fn unicode_class(options: u32) -> u32 {
    UNICODE
        | if options & FOLD_WIDTH != 0 {
            UNICODE_WIDTH
        } else {
            0
        }
        | if options & FOLD_SPACES != 0 {
            UNICODE_SPACES
        } else {
            0
        }
}

/// The classes a match of the scan can start with, for these options.
fn scan_starts(options: u32) -> u32 {
    let mut classes = 0;
    if options & HTML_LAYER != 0 {
        classes |= HTML_SCAN | HTML_WHERE;
    }
    if options & MOJIBAKE_LAYER != 0 {
        classes |= MOJIBAKE_SCAN
            | MOJIBAKE_WHERE_WESTERN
            | MOJIBAKE_WHERE_DAMAGE
            | MOJIBAKE_WHERE_SHORT
            | MOJIBAKE_WHERE_PAGE_1
            | MOJIBAKE_WHERE_PAGE_2;
    }
    if options & UNICODE_LAYER != 0 {
        classes |= unicode_class(options);
    }
    if options & ANNOTATIONS_LAYER != 0 {
        classes |= ANNOTATIONS_SCAN | ANNOTATIONS_WHERE;
    }
    classes
}

/// The classes a match of `layer`'s trigger can start with.
fn trigger_starts(layer: u32, options: u32) -> u32 {
    match layer {
        HTML_LAYER => HTML_WHERE,
        MOJIBAKE_LAYER => MOJIBAKE_START,
        UNICODE_LAYER => unicode_class(options),
        ANNOTATIONS_LAYER => CLOSE,
        _ => 0,
    }
}

const LAYERS: [u32; 4] = [HTML_LAYER, MOJIBAKE_LAYER, UNICODE_LAYER, ANNOTATIONS_LAYER];

/// Scan `codes` once: where the pipeline's scan stops, the enabled layers with a trigger from
/// there, and (with LINES and the mojibake layer) the mojibake layer's triggered lines, as
/// `trigger_spans` finds them: from each trigger, the line around it (lines end at "\n"), the
/// next search starting after that line.
pub fn scan(model: &Model, codes: &[u32], options: u32) -> Scan {
    let text = Text { model, codes };
    let enabled = LAYERS.iter().fold(0, |all, &layer| all | (options & layer));
    let lines_wanted = options & LINES != 0 && options & MOJIBAKE_LAYER != 0;
    let nfc_wanted = options & NFC_MAYBE != 0;
    let mut found = Scan::default();
    let mut resume = 0; // where the search for the next triggered line starts
    let mut wanted = scan_starts(options) | if lines_wanted { MOJIBAKE_START } else { 0 };
    for (at, &code) in codes.iter().enumerate() {
        if !model.may_start(code) {
            continue;
        }
        let flags = model.scan_flags(code);
        if nfc_wanted && flags & NFC_CHAR != 0 {
            found.layers |= NFC_MAYBE;
        }
        if flags & wanted == 0 {
            continue;
        }
        let mut changed = false;
        if found.stop.is_none() && text.scan_stops(at, flags, options) {
            found.stop = Some(at);
            changed = true;
        }
        if found.stop.is_some() {
            for layer in LAYERS {
                if enabled & layer != 0
                    && found.layers & layer == 0
                    && text.triggers(layer, at, flags, options)
                {
                    found.layers |= layer;
                    changed = true;
                }
            }
        }
        if lines_wanted && at >= resume && text.mojibake_trigger(at, flags) {
            let start = codes[..at]
                .iter()
                .rposition(|&c| c == NEWLINE)
                .map_or(0, |newline| newline + 1);
            let end = codes[at + 1..]
                .iter()
                .position(|&c| c == NEWLINE)
                .map_or(codes.len(), |offset| at + 1 + offset);
            found.lines.push((start, end));
            resume = end + 1;
        }
        if changed {
            if found.stop.is_some() && found.layers & enabled == enabled && !lines_wanted {
                if nfc_wanted {
                    found.layers |= NFC_MAYBE; // not looked for in the rest
                }
                break; // nothing more to find
            }
            wanted = if found.stop.is_none() {
                scan_starts(options)
            } else {
                LAYERS
                    .iter()
                    .filter(|&&layer| enabled & layer != 0 && found.layers & layer == 0)
                    .fold(0, |all, &layer| all | trigger_starts(layer, options))
            } | if lines_wanted { MOJIBAKE_START } else { 0 };
        }
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

    const DEFAULT: u32 = HTML_LAYER | MOJIBAKE_LAYER | UNICODE_LAYER | ANNOTATIONS_LAYER;

    #[test]
    fn flags_are_the_classes_named_here() {
        let flags = |c: char| model().scan_flags(u32::from(c));
        assert_ne!(flags('&') & HTML_WHERE, 0);
        assert_ne!(flags('）') & CLOSE, 0);
        assert_ne!(flags('（') & OPEN, 0);
        assert_ne!(flags('锟') & DAMAGE_START, 0);
        assert_ne!(flags('\u{85}') & C1, 0);
        assert_ne!(flags('ä') & UTF8_LEAD, 0);
        assert_ne!(flags('—') & DASHES, 0);
        assert_ne!(flags('\u{200b}') & UNICODE, 0);
        assert_ne!(flags('ａ') & UNICODE_WIDTH, 0);
        assert_ne!(flags('\u{3000}') & UNICODE_SPACES, 0);
        assert_ne!(flags('ǎ') & LETTER, 0);
        assert_ne!(flags('3') & TONE, 0);
        assert_ne!(flags('ㄌ') & ZHUYIN, 0);
        assert_ne!(flags('中') & NOT_ASCII, 0);
        assert_ne!(flags('\u{301}') & NFC_CHAR, 0);
        assert_ne!(flags('\u{f900}') & NFC_CHAR, 0); // a singleton: NFC makes it 豈
        assert_eq!(flags('é') & NFC_CHAR, 0);
        assert_ne!(flags('¥') & BIG5_LEAD, 0);
        assert_eq!(flags('é') & BIG5_LEAD, 0);
        assert_eq!(flags('中') & !NOT_ASCII, 0);
        assert_eq!(flags('a') & !LETTER, 0);
        assert_ne!(model().scan_flags(0x2F800) & UNICODE, 0); // a compatibility ideograph
        assert_eq!(model().scan_flags(0x110000), 0);
        let all = (0..=0x10FFFF).fold(0, |all, code| all | model().scan_flags(code));
        assert_eq!(u64::from(all) >> CLASSES, 0);
    }

    #[test]
    fn every_start_is_in_starts() {
        for options in 0..128 {
            let triggers = LAYERS
                .iter()
                .fold(0, |all, &layer| all | trigger_starts(layer, options));
            assert_eq!((scan_starts(options) | triggers) & !STARTS, 0);
        }
        for code in 0..=0x10FFFF {
            assert_eq!(
                model().may_start(code),
                model().scan_flags(code) & STARTS != 0
            );
        }
    }

    #[test]
    fn clean_text_stops_nowhere() {
        let text = codes("新闻：北京今天晴。Copyright 2024, 函数 (function) 用法。\nA & B");
        assert_eq!(scan(model(), &text, DEFAULT | LINES), Scan::default());
    }

    #[test]
    fn each_layer_is_found_where_its_trigger_is() {
        let cases = [
            ("一&#20013;二", HTML_LAYER),
            ("浣犲ソ，世界", MOJIBAKE_LAYER),
            ("⼈民\u{200b}日报", UNICODE_LAYER),
            ("僑聯(lián)", ANNOTATIONS_LAYER),
            ("汉(han4)字", ANNOTATIONS_LAYER),
        ];
        for (text, layer) in cases {
            let found = scan(model(), &codes(text), DEFAULT);
            assert_eq!(found.layers, layer, "{text}");
            assert!(found.stop.is_some(), "{text}");
        }
    }

    #[test]
    fn big5_read_as_western_with_ascii_second_bytes_is_found() {
        // 可以 and 主連線 in Big5 read as Latin-1: each character a Western one and a letter.
        for text in ["¥i¥H", "trol connection, ¥D³s½u", "Linux ¤u§@ 2024"] {
            let found = scan(model(), &codes(text), DEFAULT | LINES);
            assert_eq!(found.layers & MOJIBAKE_LAYER, MOJIBAKE_LAYER, "{text}");
        }
        // One such character alone, and European capitals before a letter, are not.
        for text in ["±q CPAN", "Århus Ålesund", "Ça va, Æsir"] {
            let found = scan(model(), &codes(text), DEFAULT | LINES);
            assert_eq!(found.layers & MOJIBAKE_LAYER, 0, "{text}");
        }
    }

    #[test]
    fn only_letters_that_spell_a_reading_close_one() {
        for text in [
            "作业(job)",
            "睡眠(sleep)",
            "函数(function)",
            "字(zhuangs)",
            "字(abcdefgh)",
        ] {
            assert_eq!(scan(model(), &codes(text), DEFAULT).stop, None, "{text}");
        }
        for text in [
            "慢(man)",
            "绿(lǜ)",
            "绿(lü4)",
            "字(zhuāng)",
            "字(lu\u{308}e4)",
        ] {
            let found = scan(model(), &codes(text), DEFAULT);
            assert_eq!(found.layers, ANNOTATIONS_LAYER, "{text}");
        }
    }

    #[test]
    fn a_character_that_may_break_nfc_is_reported_where_asked() {
        let found = |text: &str| scan(model(), &codes(text), DEFAULT | NFC_MAYBE).layers;
        assert_eq!(found("新闻：北京今天晴。Café"), 0);
        assert_eq!(found("新闻：北京今天晴。Cafe\u{301}"), NFC_MAYBE);
        // Where the scan ends early, the rest is not looked at: no answer is an answer of maybe.
        let everything = "一&#20013;⼈浣犲ソ僑聯(lián)";
        assert_eq!(
            found(everything),
            DEFAULT & !(FOLD_WIDTH | FOLD_SPACES) | NFC_MAYBE
        );
        assert_eq!(
            scan(model(), &codes("Cafe\u{301}"), DEFAULT).layers & NFC_MAYBE,
            0
        );
    }

    #[test]
    fn triggered_lines_are_whole_lines() {
        let text = codes("clean\nä½ å¥½\nclean again\r\nÃ©t\u{e9}");
        let found = scan(model(), &text, MOJIBAKE_LAYER | LINES);
        assert_eq!(found.lines, vec![(6, 12), (26, 30)]);
    }

    #[test]
    fn no_input_panics() {
        let texts: [&[u32]; 5] = [
            &[],
            &[0xD800],
            &[0x26, 0x23],
            &[0x29, 0xFFFF, 0x110000, 0x10FFFF],
            &[0x28, 0x61, 0x29],
        ];
        for text in texts {
            for options in 0..128 {
                scan(model(), text, options);
            }
        }
    }
}
