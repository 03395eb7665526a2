//! From the lines a PDF backend gives, page by page and in reading order,
//! to one document text: ligatures expanded, page numbers and running
//! headers dropped, hyphenation at line ends undone, page starts recorded.

use std::collections::{HashMap, HashSet};

/// A document's text and the byte offsets where pages 2, 3, … start.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Assembled {
    /// Lines joined by `\n` (also across columns and pages, so that a name
    /// wrapped across them still reads as one).
    pub text: String,
    /// Offsets in `text` where pages 2, 3, … start.
    pub pages: Vec<usize>,
}

/// Turns pages of lines into one text.
///
/// ```
/// use geomention::input::pdf::layout::assemble;
/// let pages = vec![
///     vec!["Workers from Cam-".to_string(), "bodia and Myanmar-".into(), "based firms".into(), "1".into()],
///     vec!["were oﬀered jobs.".to_string(), "2".into()],
/// ];
/// let a = assemble(pages);
/// assert_eq!(a.text, "Workers from Cambodia\nand Myanmar-based\nfirms\nwere offered jobs.");
/// assert_eq!(a.pages, vec![a.text.find("were").unwrap()]);
/// ```
pub fn assemble(pages: Vec<Vec<String>>) -> Assembled {
    let mut pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|lines| lines.iter().filter_map(|l| clean_line(l)).collect())
        .collect();
    drop_page_furniture(&mut pages);
    let vocabulary = Vocabulary::of(&pages);
    let mut joiner = Joiner::default();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            joiner.page_starts();
        }
        for line in page {
            joiner.line(line, &vocabulary);
        }
    }
    joiner.finish()
}

/// A line with ligatures expanded, soft hyphens inside it removed, control
/// characters dropped and white space trimmed; `None` if nothing is left.
fn clean_line(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.trim().chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // A soft hyphen only shows at a line end, where it is a break.
            '\u{AD}' if i + 1 == chars.len() => out.push('\u{AD}'),
            '\u{AD}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let trimmed = out.trim_end();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Removes page numbers and running headers and footers: lines near the
/// top or bottom of a page that are only a page number, or that repeat
/// (numbers aside) on at least three pages and half of them.
fn drop_page_furniture(pages: &mut [Vec<String>]) {
    const EDGE: usize = 2;
    let edges = |n: usize| (0..n.min(EDGE)).chain(n.saturating_sub(EDGE).max(EDGE)..n);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let keys: HashSet<String> = edges(page.len()).map(|i| furniture_key(&page[i])).collect();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let page_count = pages.len();
    let repeated = |key: &str| {
        seen.get(key)
            .is_some_and(|&n| n >= 3 && 2 * n >= page_count)
    };
    for page in pages.iter_mut() {
        let drop: HashSet<usize> = edges(page.len())
            .filter(|&i| is_page_number(&page[i]) || repeated(&furniture_key(&page[i])))
            .collect();
        let mut i = 0;
        page.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
}

/// A line with its digits blanked, for spotting running headers that
/// differ only by their page number.
fn furniture_key(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// Whether a line is only a page number: `12`, `- 12 -`, `Page 3 of 20`,
/// `3/20`, `iv`.
fn is_page_number(line: &str) -> bool {
    let core = line
        .trim_matches(|c: char| c.is_whitespace() || "-–—|·•[]()".contains(c))
        .to_lowercase();
    let core = core
        .strip_prefix("page")
        .or_else(|| core.strip_prefix("p."))
        .unwrap_or(&core)
        .trim();
    let mut parts = core.split(|c: char| c == '/' || c.is_whitespace());
    let number = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.filter(|p| !p.is_empty() && *p != "of").collect();
    let is_number =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let roman = |s: &str| {
        let units = s.trim_start_matches('x');
        s.len() - units.len() <= 3
            && !s.is_empty()
            && ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"].contains(&units)
    };
    match rest.as_slice() {
        [] => is_number(number) || roman(number),
        [total] => is_number(number) && is_number(total),
        _ => false,
    }
}

/// Words of a document, lower-cased, counted where they are not broken
/// across a line end: the evidence for undoing a hyphenation.
struct Vocabulary(HashMap<String, u32>);

impl Vocabulary {
    fn of(pages: &[Vec<String>]) -> Vocabulary {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut after_break = false;
        for line in pages.iter().flatten() {
            let mut tokens: Vec<&str> = line.split_whitespace().collect();
            if after_break && !tokens.is_empty() {
                tokens.remove(0);
            }
            after_break = ends_in_break(line).is_some();
            if after_break {
                tokens.pop();
            }
            for token in tokens {
                let word = token.trim_matches(|c: char| !c.is_alphanumeric());
                if word.is_empty() {
                    continue;
                }
                let word = word.to_lowercase();
                if word.contains('-') {
                    for part in word.split('-').filter(|p| !p.is_empty()) {
                        *counts.entry(part.to_string()).or_default() += 1;
                    }
                }
                *counts.entry(word).or_default() += 1;
            }
        }
        Vocabulary(counts)
    }

    fn count(&self, word: &str) -> u32 {
        self.0.get(&word.to_lowercase()).copied().unwrap_or(0)
    }

    /// Whether `left-` at a line end and `right` on the next line are a
    /// compound that keeps its hyphen (`Myanmar-based`, `Timor-Leste`,
    /// `cross-border`) rather than one word hyphenated to fit
    /// (`traf-ficking`, `Cam-bodia`).
    fn keeps_hyphen(&self, left: &str, right: &str) -> bool {
        let starts_upper = right.chars().next().is_some_and(char::is_uppercase);
        let digits = right.starts_with(|c: char| c.is_ascii_digit())
            || left.ends_with(|c: char| c.is_ascii_digit());
        if starts_upper || digits {
            return true;
        }
        let joined = self.count(&format!("{left}{right}"));
        let hyphenated = self.count(&format!("{left}-{right}"));
        if joined != hyphenated {
            return hyphenated > joined;
        }
        let word = |w: &str| w.chars().count() >= 3 && self.count(w) > 0;
        let name = left.starts_with(char::is_uppercase);
        if COMPOUND_TAILS.contains(&right.to_lowercase().as_str()) && (name || word(left)) {
            return true;
        }
        word(left) && word(right)
    }
}

/// Second parts of compounds that keep their hyphen when split at a line
/// end after a name (`Myanmar-based`, `Chinese-run`).
const COMPOUND_TAILS: &[&str] = &[
    "based",
    "born",
    "run",
    "owned",
    "led",
    "linked",
    "backed",
    "controlled",
    "operated",
    "related",
    "speaking",
    "style",
    "bound",
    "funded",
    "registered",
    "flagged",
    "wide",
];

/// Second parts of compounds long enough to be told apart from word
/// endings when glued to a name (`Myanmarbased` → `Myanmar-based`).
const GLUED_TAILS: &[&str] = &[
    "based",
    "born",
    "owned",
    "linked",
    "backed",
    "controlled",
    "operated",
    "related",
    "speaking",
    "funded",
    "registered",
    "flagged",
];

/// Puts back the hyphen of compounds whose line break an extractor undid
/// by gluing the parts (`Myanmarbased` → `Myanmar-based`): a capitalised
/// name of three letters or more followed by a common compound tail. The
/// built-in backend joins every hyphenated line end that way.
///
/// ```
/// use geomention::input::pdf::layout::split_glued_compounds;
/// assert_eq!(split_glued_compounds("into Myanmarbased sites"), "into Myanmar-based sites");
/// assert_eq!(split_glued_compounds("Controlled, based"), "Controlled, based");
/// ```
pub fn split_glued_compounds(line: &str) -> std::borrow::Cow<'_, str> {
    if !GLUED_TAILS.iter().any(|t| line.contains(t)) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 4);
    let mut rest = line;
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let space = rest[end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(rest.len(), |i| end + i);
        out.push_str(&split_token(&rest[..end]));
        out.push_str(&rest[end..space]);
        rest = &rest[space..];
    }
    std::borrow::Cow::Owned(out)
}

/// One token with its glued compound split, if it is one.
fn split_token(token: &str) -> String {
    let letters = token.trim_end_matches(|c: char| !c.is_alphabetic());
    for tail in GLUED_TAILS {
        let Some(head) = letters.strip_suffix(tail) else {
            continue;
        };
        let name = head.chars().count() >= 3
            && head.starts_with(char::is_uppercase)
            && head.chars().all(char::is_alphabetic)
            && head.chars().last().is_some_and(char::is_lowercase);
        if name {
            return format!("{head}-{}", &token[head.len()..]);
        }
    }
    token.to_string()
}

/// If a line ends in a hyphen that breaks a word (a letter then `-`, `‐`
/// or a soft hyphen), the hyphen's byte length and whether it is soft.
fn ends_in_break(line: &str) -> Option<(usize, bool)> {
    let mut rev = line.chars().rev();
    let last = rev.next()?;
    let before = rev.next()?;
    if !before.is_alphabetic() {
        return None;
    }
    match last {
        '-' | '\u{2010}' => Some((last.len_utf8(), false)),
        '\u{AD}' => Some((last.len_utf8(), true)),
        _ => None,
    }
}

/// Builds the text line by line, undoing hyphenation at line ends.
#[derive(Default)]
struct Joiner {
    text: String,
    pages: Vec<usize>,
    /// A page started and its first offset is not known yet.
    page_pending: bool,
    /// The text ends in a hyphen that breaks a word: its length, and
    /// whether it is a soft hyphen.
    open_break: Option<(usize, bool)>,
}

impl Joiner {
    fn page_starts(&mut self) {
        if self.page_pending {
            // A page without text: it starts where the next one does.
            self.pages.push(usize::MAX);
        }
        self.page_pending = true;
    }

    fn line(&mut self, line: &str, vocabulary: &Vocabulary) {
        let mut rest = line;
        if let Some((len, soft)) = self.open_break.take() {
            let head_len = line.find(char::is_whitespace).unwrap_or(line.len());
            let (head, tail) = line.split_at(head_len);
            let right: String = head.chars().take_while(|c| c.is_alphanumeric()).collect();
            if !right.is_empty() {
                let left = trailing_word(&self.text[..self.text.len() - len]);
                if soft || !vocabulary.keeps_hyphen(left, &right) {
                    self.text.truncate(self.text.len() - len);
                }
                self.text.push_str(head);
                rest = tail.trim_start();
                if rest.is_empty() {
                    self.open_break = ends_in_break(head);
                    return;
                }
            }
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        if self.page_pending {
            self.resolve_pending();
        }
        self.text.push_str(rest);
        self.open_break = ends_in_break(rest);
    }

    fn resolve_pending(&mut self) {
        let at = self.text.len();
        for p in self.pages.iter_mut().rev() {
            if *p != usize::MAX {
                break;
            }
            *p = at;
        }
        self.pages.push(at);
        self.page_pending = false;
    }

    fn finish(mut self) -> Assembled {
        if self.page_pending {
            self.pages.push(usize::MAX);
        }
        let end = self.text.len();
        for p in self.pages.iter_mut().filter(|p| **p == usize::MAX) {
            *p = end;
        }
        Assembled {
            text: self.text,
            pages: self.pages,
        }
    }
}

/// The letters at the end of a text (the left part of a broken word).
fn trailing_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(pages: &[&[&str]]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| p.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn hyphenated_words_are_joined_and_compounds_keep_their_hyphen() {
        let a = assemble(lines(&[&[
            "human traf-",
            "ficking from Myanmar-",
            "based sites near Timor-",
            "Leste and cross-",
            "border routes; cross-border trade",
            "and a soft\u{AD}",
            "hyphen",
        ]]));
        assert_eq!(
            a.text,
            "human trafficking\nfrom Myanmar-based\nsites near Timor-Leste\nand cross-border\nroutes; cross-border trade\nand a softhyphen"
        );
    }

    #[test]
    fn the_document_decides_between_joined_and_hyphenated_forms() {
        let a = assemble(lines(&[&[
            "in-formation and information; co-",
            "operation is co-operation here",
        ]]));
        assert!(a
            .text
            .starts_with("in-formation and information; co-operation\n"));
        let b = assemble(lines(&[&["information is in-", "formation"]]));
        assert_eq!(b.text, "information is information");
    }

    #[test]
    fn dashes_and_numbers_at_line_ends_are_not_hyphenation() {
        let a = assemble(lines(&[&[
            "a dash -",
            "then",
            "COVID-",
            "19 and 2019-",
            "2020 data",
        ]]));
        assert_eq!(a.text, "a dash -\nthen\nCOVID-19\nand 2019-\n2020 data");
    }

    #[test]
    fn ligatures_are_expanded() {
        let a = assemble(lines(&[&["ﬁve oﬃcials ﬂew to ﬀ and ﬄ"]]));
        assert_eq!(a.text, "five officials flew to ff and ffl");
    }

    #[test]
    fn page_numbers_and_running_headers_are_dropped() {
        let page = |n: usize| -> Vec<String> {
            let word = ["one", "two", "three", "four"][n - 1];
            vec![
                "Scam compounds in Cambodia — annual report".into(),
                format!("Body text {word} names Laos."),
                format!("Page {n} of 4"),
            ]
        };
        let a = assemble((1..=4).map(page).collect());
        assert_eq!(a.text.matches("Cambodia").count(), 0, "{}", a.text);
        assert_eq!(a.text.matches("Laos").count(), 4);
        assert!(!a.text.contains("of 4"));
        assert!(is_page_number("- 12 -") && is_page_number("iv") && is_page_number("3/20"));
        assert!(!is_page_number("12 people") && !is_page_number("civil"));
    }

    #[test]
    fn a_word_broken_across_a_page_lands_on_the_first_page() {
        let a = assemble(lines(&[&["workers from Indo-"], &["nesia and Fiji"]]));
        assert_eq!(a.text, "workers from Indonesia\nand Fiji");
        assert_eq!(a.pages, vec![a.text.find("and").unwrap()]);
    }

    #[test]
    fn empty_pages_start_where_the_next_text_does() {
        let a = assemble(lines(&[&["one"], &[], &["three"], &[]]));
        assert_eq!(a.text, "one\nthree");
        assert_eq!(a.pages, vec![4, 4, 9]);
    }
}
