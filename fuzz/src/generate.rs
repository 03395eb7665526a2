//! Text built from the fuzzer's bytes: the spellings of every language's
//! forms (as written, in capitals, in lower case, decomposed, with the
//! other apostrophe), glued by separators, letters of other scripts,
//! combining marks, digits, line breaks and raw strings.

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use geomention::gazetteer::LANGUAGES;
use geomention::{Gazetteer, RegionSet};
use unicode_normalization::UnicodeNormalization;

/// Each language's forms and region phrases as the data writes them,
/// English first (in the order of `Language::all`).
pub fn spellings() -> &'static [Vec<String>] {
    static CELL: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let gaz = Gazetteer::bundled();
        let phrases = RegionSet::bundled()
            .regions()
            .iter()
            .flat_map(|r| r.phrases.iter().cloned());
        let english = gaz.forms().iter().map(|f| f.text.clone()).chain(phrases);
        let mut out = vec![english.collect::<Vec<_>>()];
        for tag in LANGUAGES {
            let forms = gaz.language_forms(tag);
            let own = forms.forms.iter().map(|f| f.text.clone());
            let regions = forms.regions.iter().map(|(_, p)| p.clone());
            out.push(own.chain(regions).collect());
        }
        out
    })
}

/// What sits between words, in the scripts geomention reads.
pub const SEPARATORS: &[&str] = &[
    " ",
    "  ",
    ", ",
    ". ",
    "; ",
    ": ",
    "'",
    "\u{2019}",
    "'s ",
    "\u{2019}s ",
    "-",
    "\u{2010}",
    "\u{2013}",
    " \u{2014} ",
    "\"",
    "\u{201C}",
    "\u{201D}",
    "(",
    ")",
    "/",
    "\0",
    "\r\n",
    "\n",
    "\n\n",
    "\r",
    "\r\n\r\n",
    "\t",
    "\u{A0}",
    "\u{FEFF}",
    "\u{200B}",
    "\u{200D}",
    "_",
    "、",
    "，",
    "。",
    "·",
    "・",
    "\u{3000}",
    "،",
    "؛",
    "।",
    "\u{0E2F}",
    "\u{104B}",
    "\u{17D4}",
    "\u{FFFD}",
    "\u{1A}",
];

/// Words that feed the context rules (persons, US places, the bird, the
/// language) and the word-boundary checks.
pub const WORDS: &[&str] = &[
    "in",
    "the",
    "The",
    "and",
    "said",
    "Mr",
    "Mr.",
    "Dr",
    "Smith",
    "senator",
    "USA",
    "U.S.",
    "Atlanta,",
    "Athens",
    "State",
    "Spanish",
    "French",
    "speak",
    "language",
    "Government",
    "Valley",
    "us",
    "turkey",
    "fine",
    "china",
    "Republic",
    "of",
    "the Congo",
    "ROC",
    "Taipei",
    "Brazzaville",
    "de",
    "la",
    "du",
    "von",
    "в",
    "из",
    "的",
    "在",
    "と",
    "의",
    "ใน",
    "ở",
    "di",
    "ng",
    "na",
    "ya",
    "و",
    "در",
    "में",
    "से",
    "ရှိ",
    "នៅ",
    "ຢູ່",
    "1",
    "2024",
    "#",
    "@",
    "http://x.y/",
];

/// Ranges of letters, marks and digits of the scripts geomention reads.
const CHARS: &[(u32, u32)] = &[
    (0x41, 0x5A),     // Latin capitals
    (0x61, 0x7A),     // Latin small
    (0xC0, 0x24F),    // Latin-1 and extended letters
    (0x300, 0x36F),   // combining diacritics
    (0x391, 0x3C9),   // Greek
    (0x400, 0x4FF),   // Cyrillic
    (0x5D0, 0x5EA),   // Hebrew
    (0x600, 0x6FF),   // Arabic, its marks and digits
    (0x900, 0x97F),   // Devanagari
    (0x980, 0x9FF),   // Bengali
    (0xE01, 0xE5B),   // Thai
    (0xE81, 0xEDF),   // Lao
    (0x1000, 0x109F), // Myanmar
    (0x1780, 0x17F9), // Khmer
    (0x1E00, 0x1EFF), // Vietnamese letters
    (0x2000, 0x206F), // general punctuation
    (0x3040, 0x30FF), // kana
    (0x4E00, 0x9FFF), // CJK
    (0xAC00, 0xD7A3), // Hangul
    (0xFE00, 0xFE0F), // variation selectors
    (0xFF01, 0xFF5E), // full-width forms
    (0x1F300, 0x1F64F),
];

/// Mixed text from the fuzzer's bytes.
pub fn mixed_text(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = String::new();
    let tokens = u.int_in_range(0..=48)?;
    for _ in 0..tokens {
        match u.int_in_range(0u8..=15)? {
            0..=5 => form(u, &mut s)?,
            6..=8 => s.push_str(u.choose(SEPARATORS)?),
            9..=10 => s.push_str(u.choose(WORDS)?),
            11..=13 => {
                for _ in 0..u.int_in_range(1..=4)? {
                    s.push(letter(u)?);
                }
            }
            14 => s.push_str(&"\n".repeat(u.int_in_range(1..=3)?)),
            _ => s.push_str(u.arbitrary::<&str>()?),
        }
    }
    Ok(s)
}

/// One form of one language, spelled one of the ways texts write it.
fn form(u: &mut Unstructured<'_>, s: &mut String) -> Result<()> {
    let language = u.choose(spellings())?;
    let Ok(text) = u.choose(language) else {
        return Ok(());
    };
    match u.int_in_range(0u8..=7)? {
        0..=2 => s.push_str(text),
        3 => s.push_str(&text.to_uppercase()),
        4 => s.push_str(&text.to_lowercase()),
        5 => s.extend(text.nfd()),
        6 if text.contains('\'') => s.push_str(&text.replace('\'', "\u{2019}")),
        6 => s.push_str(&text.replace('\u{2019}', "'")),
        _ => {
            // Cut in two by a character.
            let cut = text
                .char_indices()
                .map(|(i, _)| i)
                .nth(u.int_in_range(0..=8)?)
                .unwrap_or(text.len());
            s.push_str(&text[..cut]);
            s.push(letter(u)?);
            s.push_str(&text[cut..]);
        }
    }
    Ok(())
}

/// A letter, mark, digit or symbol of one of the scripts.
pub fn letter(u: &mut Unstructured<'_>) -> Result<char> {
    let (lo, hi) = *u.choose(CHARS)?;
    let c = u.int_in_range(lo..=hi)?;
    Ok(char::from_u32(c).unwrap_or('\u{FFFD}'))
}

/// Sorted char boundaries strictly inside `text`, from positions the
/// fuzzer chose.
pub fn cuts(positions: &[u16], text: &str) -> Vec<usize> {
    let mut cuts: Vec<usize> = positions
        .iter()
        .filter(|_| text.len() > 1)
        .map(|p| {
            let mut at = 1 + usize::from(*p) % (text.len() - 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        })
        .filter(|at| *at > 0)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}
