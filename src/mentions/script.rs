//! Word boundaries by script, for texts in languages other than English.
//!
//! - Scripts written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew,
//!   Devanagari, Bengali...): a form stands as a word when no letter of such
//!   a script touches it; digits do not glue, except to codes ("US2").
//! - Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
//!   Burmese): a form may touch other letters; the longest dictionary form
//!   wins where forms overlap (印度尼西亚 is Indonesia, not India), and
//!   the data lists the longer words that hold a short name. Katakana forms
//!   must be whole katakana runs (タイ is not inside タイヤ).
//! - Korean: a name must start a word and may be followed by particles
//!   (캄보디아에서, 중국의), nothing else.
//! - Everywhere: a form never ends in the middle of a character cluster (a
//!   combining vowel sign or tone mark after it, or a Burmese syllable that
//!   goes on).

/// Whether a character belongs to a script written without spaces.
pub fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF   // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x19E0..=0x19FF // Khmer symbols
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK
        | 0xF900..=0xFAFF // CJK compatibility
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3134F)
}

fn katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

fn hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

fn myanmar(c: char) -> bool {
    matches!(c as u32, 0x1000..=0x109F)
}

/// A combining mark (vowel sign, tone mark, virama, accent).
pub(crate) fn mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c as u32, 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD)
}

/// Whether `c`, next to a form, makes the form part of a longer word.
fn glues(c: char, code: bool) -> bool {
    if code && c.is_numeric() {
        return true;
    }
    // Asked at every character of a text: the first 2,048 (Latin, Greek,
    // Cyrillic, Hebrew, Arabic...) come from a table.
    static SMALL: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    let n = c as usize;
    if n < 2048 {
        let table = SMALL.get_or_init(|| {
            let mut t = [0u64; 32];
            for (i, c) in (0..2048u32).filter_map(|i| Some((i, char::from_u32(i)?))) {
                if glues_slow(c) {
                    t[i as usize / 64] |= 1 << (i % 64);
                }
            }
            t
        });
        return table[n / 64] >> (n % 64) & 1 == 1;
    }
    glues_slow(c)
}

fn glues_slow(c: char) -> bool {
    (c.is_alphabetic() && !unspaced(c)) || mark(c) || c == '_'
}

/// Korean particles that may follow a name (case markers, postpositions,
/// topic and conjunction markers), longest first where one starts another.
const PARTICLES: &[&str] = &[
    "에서부터",
    "으로부터",
    "에서는",
    "에서도",
    "에서의",
    "에게서",
    "으로는",
    "으로의",
    "이라는",
    "이라고",
    "까지는",
    "에서",
    "에게",
    "에는",
    "에도",
    "에의",
    "으로",
    "로는",
    "로의",
    "과의",
    "와의",
    "과는",
    "와는",
    "까지",
    "부터",
    "보다",
    "처럼",
    "이나",
    "이며",
    "이고",
    "이다",
    "였다",
    "에",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "와",
    "과",
    "도",
    "만",
    "로",
    "며",
    "나",
    "께",
    "측",
    "산",
    "발",
    "행",
    "인",
    "들",
];

/// Whether a run of Hangul after a name is made of particles only.
fn particles_only(run: &str) -> bool {
    if run.is_empty() {
        return true;
    }
    PARTICLES
        .iter()
        .any(|p| run.strip_prefix(p).is_some_and(particles_only))
}

/// Whether `text[start..end]`, a form matched in a text of another
/// language than English, stands as a word there (see the module docs).
/// `code`: the form is a code ("US", "RDC") that digits glue to.
///
/// ```
/// use geomention::mentions::script::fits;
/// let n = "Kamboçya".len();
/// assert!(fits("Kamboçya'da", 0, n, false));
/// assert!(!fits("Kamboçyalı", 0, n, false));
/// let t = "在印度尼西亚"; // the form 印度尼西亚 matched at byte 3
/// assert!(fits(t, 3, t.len(), false));
/// let t = "タイヤ";
/// assert!(!fits(t, 0, "タイ".len(), false));
/// let t = "캄보디아에서";
/// assert!(fits(t, 0, "캄보디아".len(), false));
/// let t = "캄보디아산업";
/// assert!(!fits(t, 0, "캄보디아".len(), false));
/// ```
pub fn fits(text: &str, start: usize, end: usize, code: bool) -> bool {
    let form = &text[start..end];
    let (Some(first), Some(last)) = (form.chars().next(), form.chars().next_back()) else {
        return false;
    };
    let prev = text[..start].chars().next_back();
    let after = &text[end..];
    let next = after.chars().next();
    start_fits(prev, first, code) && end_fits(last, next, after, code)
}

/// Whether a form starts a word where it is matched (its end may run on).
pub(crate) fn fits_start(text: &str, start: usize, end: usize, code: bool) -> bool {
    let first = text[start..end].chars().next();
    let prev = text[..start].chars().next_back();
    first.is_some_and(|f| start_fits(prev, f, code))
}

fn start_fits(prev: Option<char>, first: char, code: bool) -> bool {
    let Some(prev) = prev else {
        return true;
    };
    if unspaced(first) {
        return !(katakana(first) && katakana(prev));
    }
    if hangul(first) {
        return !hangul(prev) && !glues(prev, code);
    }
    !glues(prev, code)
}

fn end_fits(last: char, next: Option<char>, after: &str, code: bool) -> bool {
    let Some(next) = next else {
        return true;
    };
    if mark(next) || (myanmar(last) && syllable_goes_on(after)) {
        return false;
    }
    if unspaced(last) {
        return !(katakana(last) && katakana(next));
    }
    if hangul(last) {
        let run_end = after.find(|c: char| !hangul(c)).unwrap_or(after.len());
        return particles_only(&after[..run_end]);
    }
    !glues(next, code)
}

/// Whether a Burmese syllable goes on after a form: the next consonant is
/// the final of the form's last syllable (it carries an asat or a virama).
fn syllable_goes_on(after: &str) -> bool {
    let mut chars = after.chars();
    let (Some(c), Some(d)) = (chars.next(), chars.next()) else {
        return false;
    };
    myanmar(c) && matches!(d as u32, 0x103A | 0x1039)
}

/// Whether a candidate may start at `c`, the character at a position,
/// after `prev`: anywhere in scripts without spaces, at word starts in the
/// others.
pub(crate) fn may_start(prev: Option<char>, c: char) -> bool {
    match prev {
        None => true,
        Some(p) => unspaced(c) || !glues(p, false),
    }
}
