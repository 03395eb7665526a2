//! Folding names so that lookups ignore case, accents and punctuation style.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Folds a name for comparison: decomposes and drops accents, lowercases,
/// maps curly apostrophes and dashes to ASCII, turns hyphens and dots into
/// spaces, collapses white space and drops a leading "the ".
///
/// ```
/// use geomention::normalize::fold;
/// assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
/// assert_eq!(fold("  The  Gambia "), "gambia");
/// assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
/// assert_eq!(fold("U.S."), "u s");
/// ```
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' | '\u{02bc}' => '\'',
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '.' | '_' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}
