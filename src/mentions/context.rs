//! The rules that decide whether a matched form is a mention: whole words,
//! capitals, and context for forms with another common reading.
//!
//! The rules are general (capitalisation, neighbouring words, punctuation),
//! not lists of known sentences, so that they hold on text never seen.

use crate::gazetteer::FormFlags;

/// How a candidate of an ambiguous form reads in its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Clearly the country ("in Jordan", "Jordan's king").
    Country,
    /// Clearly something else ("Chad Smith", "Atlanta, Georgia", "turkey").
    Other,
    /// Could be either; the rest of the document decides.
    Unsure,
    /// A common word capitalised by a title-case line ("Fine China",
    /// "Turkey Meatballs"): the country only if the document names it
    /// elsewhere.
    NeedsEvidence,
}

/// How far, in bytes, any rule looks before or after a candidate. Bounded
/// so that checking a mention costs the same however long the text is, and
/// so that a text cut into pieces reads the same as the whole.
pub const WINDOW: usize = 256;

/// The text the rules may see before `start`: at most [`WINDOW`] bytes.
pub(crate) fn window_before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..start]
}

/// The text the rules may see after `end`: at most [`WINDOW`] bytes.
pub(crate) fn window_after(text: &str, end: usize) -> &str {
    &text[end..crate::encoding::floor_char_boundary(text, end + WINDOW)]
}

/// Whether `text[start..end]` stands as a whole word: no letter touches it
/// ("Omani" holds no "Oman"), while hyphens, apostrophes, punctuation, the
/// replacement character of a badly encoded byte and digits may
/// ("Myanmar-based", "Myanmar's", "Fiji\u{FFFD}s", "Canada3115" in text
/// copied from a table).
///
/// ```
/// use geomention::mentions::context::is_word;
/// assert!(is_word("Myanmar-based", 0, 7));
/// assert!(is_word("Kenya2nd", 0, 5));
/// assert!(!is_word("Romania", 1, 5));
/// assert!(!is_word("Myanmarése", 0, 7));
/// ```
pub fn is_word(text: &str, start: usize, end: usize) -> bool {
    let glues = |c: char| c.is_alphabetic() || c == '_';
    !text[..start].chars().next_back().is_some_and(glues)
        && !text[end..].chars().next().is_some_and(glues)
}

/// Like [`is_word`], but digits glue too: a code such as "US" or "DRC"
/// followed by a digit is a part number or a model ("US2", "UK10").
///
/// ```
/// use geomention::mentions::context::is_code_word;
/// assert!(is_code_word("the US said", 4, 6));
/// assert!(!is_code_word("US2023", 0, 2));
/// ```
pub fn is_code_word(text: &str, start: usize, end: usize) -> bool {
    let glues = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(glues)
        && !text[end..].chars().next().is_some_and(glues)
}

/// Whether the case of the written text fits the form: every capital in the
/// form must be a capital in the text ("US" is not "us" or "Us"; "Chad" is
/// not "chad"), lowercase letters may be either (headlines in capitals);
/// `exact-case` forms must match byte for byte.
///
/// ```
/// use geomention::gazetteer::FormFlags;
/// use geomention::mentions::context::case_fits;
/// let plain = FormFlags::default();
/// assert!(case_fits(b"Myanmar", b"MYANMAR", plain));
/// assert!(!case_fits(b"Myanmar", b"myanmar", plain));
/// assert!(!case_fits(b"US", b"Us", plain));
/// ```
pub fn case_fits(form: &[u8], written: &[u8], flags: FormFlags) -> bool {
    if flags.exact_case {
        return form == written;
    }
    let (Ok(form), Ok(written)) = (std::str::from_utf8(form), std::str::from_utf8(written)) else {
        return false;
    };
    form.chars().count() == written.chars().count()
        && form
            .chars()
            .zip(written.chars())
            .all(|(f, w)| !f.is_uppercase() || w.is_uppercase())
}

/// Words that, capitalised right after an ambiguous name, still read as the
/// country ("Jordan Valley", "Chad Government", "Georgia Parliament").
const COUNTRY_FOLLOWERS: &[&str] = &[
    "Army",
    "Air",
    "Armed",
    "Authorities",
    "Basin",
    "Border",
    "Cabinet",
    "Central",
    "Coast",
    "Constitution",
    "Court",
    "Customs",
    "Defence",
    "Defense",
    "Embassy",
    "Foreign",
    "Government",
    "Immigration",
    "Interior",
    "King",
    "Kingdom",
    "Lake",
    "Military",
    "Minister",
    "Ministry",
    "National",
    "Navy",
    "Parliament",
    "Police",
    "President",
    "Prime",
    "Queen",
    "Republic",
    "River",
    "Senate",
    "Valley",
    "Times",
    "Post",
    "News",
    "And",
    "Or",
    "The",
    "In",
    "On",
    "To",
    "With",
    "From",
    "For",
    "Of",
    "As",
    "At",
    "By",
];

/// Capitalised words before a name that do not make it a person's surname
/// (sentence openers, prepositions, directions, places).
const NOT_FIRST_NAMES: &[&str] = &[
    "A",
    "About",
    "Above",
    "Across",
    "After",
    "Against",
    "All",
    "Along",
    "Also",
    "Although",
    "Amid",
    "Among",
    "Amongst",
    "An",
    "And",
    "Around",
    "As",
    "At",
    "Back",
    "Because",
    "Before",
    "Below",
    "Beside",
    "Besides",
    "Between",
    "Beyond",
    "Big",
    "Both",
    "But",
    "By",
    "Central",
    "Despite",
    "Down",
    "Each",
    "Earlier",
    "Eastern",
    "Either",
    "Elsewhere",
    "Even",
    "Every",
    "First",
    "For",
    "From",
    "Furthermore",
    "Hence",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "If",
    "In",
    "Including",
    "Indeed",
    "Inside",
    "Instead",
    "Into",
    "Its",
    "Just",
    "Landlocked",
    "Last",
    "Later",
    "Like",
    "Little",
    "Mainly",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "Near",
    "Nearby",
    "Neighboring",
    "Neighbour",
    "Neighbouring",
    "Neither",
    "Next",
    "Nor",
    "Northern",
    "Not",
    "Now",
    "Of",
    "Off",
    "On",
    "Once",
    "Only",
    "Onto",
    "Or",
    "Our",
    "Out",
    "Outside",
    "Over",
    "Overall",
    "Per",
    "Perhaps",
    "Poor",
    "Rich",
    "Rural",
    "Since",
    "Small",
    "So",
    "Some",
    "Southern",
    "Still",
    "Than",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "Therefore",
    "These",
    "This",
    "Those",
    "Though",
    "Through",
    "Throughout",
    "Thus",
    "Tiny",
    "To",
    "Today",
    "Toward",
    "Towards",
    "Under",
    "Unless",
    "Unlike",
    "Until",
    "Up",
    "Upon",
    "Via",
    "Visiting",
    "Western",
    "What",
    "When",
    "Where",
    "Whereas",
    "Whether",
    "Which",
    "While",
    "Who",
    "Whose",
    "Why",
    "With",
    "Within",
    "Without",
    "Yesterday",
    "Yet",
];

/// Whether a sentence-initial word reads as a modifier of the name rather
/// than a given name: hyphenated compounds and common adjective endings.
fn looks_like_modifier(word: &str) -> bool {
    word.contains('-')
        || [
            "ing", "ed", "ern", "ful", "less", "ous", "ic", "ish", "ese", "ive", "ary", "ny", "ly",
            "ry",
        ]
        .iter()
        .any(|suffix| word.len() > suffix.len() + 2 && word.ends_with(suffix))
}

/// Titles and roles that make the next capitalised name a person's.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Sir",
    "Dame",
    "Coach",
    "Captain",
    "Sen",
    "Senator",
    "Rep",
    "Judge",
    "Officer",
    "Detective",
    "Sergeant",
    "Agent",
    "Pastor",
    "Father",
    "Brother",
    "Sister",
    "Uncle",
    "Aunt",
    "Saint",
    "St",
];

/// Verbs that, right after a bare name, make it a person ("Jordan said").
const PERSON_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "recalled",
    "wrote",
    "scored",
    "smiled",
    "laughed",
    "shrugged",
    "nodded",
    "admitted",
    "insisted",
    "asked",
    "replied",
    "joked",
    "grinned",
    "sighed",
    "whispered",
    "shouted",
    "tweeted",
    "posted",
    "noted",
    "argued",
    "continued",
    "remembered",
    "believes",
    "thinks",
    "thought",
    "felt",
    "feels",
    "was born",
];

/// Words around a US state name that make it the state ("a Georgia senator").
const US_STATE_WORDS: &[&str] = &[
    "senator",
    "senators",
    "governor",
    "voters",
    "legislature",
    "lawmakers",
    "county",
    "counties",
    "sheriff",
    "primary",
    "peach",
    "peaches",
    "Bulldogs",
    "Tech",
    "State",
    "Senate",
    "Democrats",
    "Republicans",
    "Republican",
    "Democrat",
    "USA",
    "U.S.",
    "US",
];

/// US cities written before ", Georgia" and friends.
pub(crate) const US_CITIES: &[&str] = &[
    "Atlanta",
    "Savannah",
    "Augusta",
    "Macon",
    "Athens",
    "Columbus",
    "Marietta",
    "Alpharetta",
    "Albany",
    "Valdosta",
    "Decatur",
    "Roswell",
    "Sandy Springs",
    "Rome",
    "Dalton",
];

/// Words after "Georgian" that make it the British period style, not the
/// country ("Georgian architecture", "a Georgian terrace").
const PERIOD_STYLE_WORDS: &[&str] = &[
    "architecture",
    "architect",
    "era",
    "period",
    "style",
    "house",
    "houses",
    "home",
    "homes",
    "terrace",
    "terraces",
    "townhouse",
    "townhouses",
    "mansion",
    "building",
    "buildings",
    "façade",
    "facade",
    "furniture",
    "silver",
    "England",
    "Britain",
    "London",
    "Bath",
    "Dublin",
];

/// Whether a word right before a name ends a sentence ("in London. India
/// signed"): then it says nothing about the name. Titles ("Mr.") and
/// initials ("J.") do not end sentences.
pub(crate) fn ends_sentence(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    let initial = stem.chars().count() == 1;
    !initial && !TITLES.contains(&stem) && !stem.contains('.')
}

/// Reads an ambiguous form in context.
///
/// ```
/// use geomention::gazetteer::FormFlags;
/// use geomention::mentions::context::{read, Reading};
/// let person = FormFlags { person: true, ..FormFlags::default() };
/// let t = "the striker Jordan Henderson";
/// assert_eq!(read(t, 12, 18, person), Reading::Other);
/// let t = "refugees in Jordan";
/// assert_eq!(read(t, 12, 18, person), Reading::Country);
/// ```
pub fn read(text: &str, start: usize, end: usize, flags: FormFlags) -> Reading {
    let before = window_before(text, start);
    let after = window_after(text, end);
    let prev = previous_word(before);
    let next = next_word(after);
    let headline = || is_title_case_line(text, start, end);
    // A common word in a title-case line ("Fine China", "Turkey Meatballs")
    // may be capitalised only by the style: other evidence must decide.
    if flags.common_word && headline() {
        return Reading::NeedsEvidence;
    }

    // "in Jordan" reads as the country, but "in Georgia" is no help: the
    // state has people in it too.
    if flags.person && !flags.us_place {
        if let Some((w, true)) = prev {
            if matches!(w, "in" | "across" | "into" | "throughout" | "inside") {
                return Reading::Country;
            }
        }
    }
    if flags.person || flags.us_place {
        if let Some((w, tight)) = prev {
            // "Mr. Jordan", "Michael J. Jordan": a title or an initial.
            let initial = w.len() == 2 && w.ends_with('.') && w.starts_with(char::is_uppercase);
            if tight && (initial || TITLES.contains(&w.trim_end_matches('.'))) {
                return Reading::Other;
            }
        }
        if let Some((w, tight)) = next {
            // "Jordan said he…" is a person; "Jordan said it would…" may
            // well be the country, and is left to the rest of the text.
            if tight && PERSON_VERBS.contains(&w) {
                let rest = &after[after.find(w).map_or(after.len(), |i| i + w.len())..];
                if matches!(
                    next_word(rest),
                    Some(("he" | "she" | "his" | "her" | "him", _))
                ) {
                    return Reading::Other;
                }
            }
            // A capitalised word right after the name is a surname
            // ("Chad Smith", "Georgia Tech") unless headline style
            // capitalises everything.
            if tight && is_capitalised(w) && !COUNTRY_FOLLOWERS.contains(&w) && !headline() {
                return Reading::Other;
            }
        }
        if let Some((w, tight)) = prev.filter(|(w, _)| !ends_sentence(w)) {
            // "Michael Jordan": a capitalised word right before. At a
            // sentence start every word is capitalised, so there only a
            // word that does not look like an adjective ("Landlocked",
            // "Oil-rich") or a sentence opener counts.
            if tight
                && is_capitalised(w)
                && !NOT_FIRST_NAMES.contains(&w)
                && !(starts_sentence(before, w) && looks_like_modifier(w))
                && !headline()
            {
                return Reading::Other;
            }
        }
    }
    if flags.us_place {
        if let Some((w, _)) = next {
            if US_STATE_WORDS.contains(&w) || PERIOD_STYLE_WORDS.contains(&w) {
                return Reading::Other;
            }
        }
        if let Some((w, _)) = prev {
            if US_STATE_WORDS.contains(&w) {
                return Reading::Other;
            }
        }
        let trimmed = before.trim_end();
        if let Some(city_part) = trimmed.strip_suffix(',') {
            if US_CITIES.iter().any(|c| city_part.trim_end().ends_with(c)) {
                return Reading::Other;
            }
        }
        if after.starts_with(", USA") || after.starts_with(", U.S.") || after.starts_with(", US") {
            return Reading::Other;
        }
    }
    if flags.common_word && starts_sentence(before, "") {
        return Reading::Unsure;
    }
    if flags.common_word && !flags.person && !flags.us_place {
        return Reading::Country;
    }
    Reading::Unsure
}

/// The word just before `before`'s end, and whether only one space (no
/// punctuation or line break) separates it from the name.
pub(crate) fn previous_word(before: &str) -> Option<(&str, bool)> {
    let trimmed = before.trim_end_matches([' ', '\t']);
    let tight = trimmed.len() + 1 == before.len();
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '-'))
        .map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &trimmed[start..];
    let word = word.trim_start_matches(['.', '\'', '-']);
    (!word.is_empty()).then_some((word, tight))
}

/// The word just after the name; `tight` as for [`previous_word`]. A
/// possessive or hyphen right after the name gives no next word.
pub(crate) fn next_word(after: &str) -> Option<(&str, bool)> {
    let trimmed = after.trim_start_matches([' ', '\t']);
    if trimmed.len() == after.len() {
        return None;
    }
    let tight = after.len() - trimmed.len() == 1;
    let end = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .unwrap_or(trimmed.len());
    let word = &trimmed[..end];
    (!word.is_empty()).then_some((word, tight))
}

/// Whether a word is written as a name: a capital, then lower case, and no
/// digits ("Canada3115" in a table is no first name).
pub(crate) fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !word.chars().any(|c| c.is_ascii_digit())
}

/// Whether `word` (which ends `before`) opens a sentence, a line or a quote.
pub(crate) fn starts_sentence(before: &str, word: &str) -> bool {
    let head = before.trim_end();
    let head = head
        .strip_suffix(word)
        .unwrap_or(head)
        .trim_end_matches([' ', '\t']);
    if head.is_empty() || head.ends_with('\n') {
        return true;
    }
    matches!(
        head.chars().next_back(),
        Some(
            '.' | '!'
                | '?'
                | ':'
                | '"'
                | '\u{201C}'
                | '\u{2018}'
                | '('
                | '-'
                | '\u{2014}'
                | '\u{2022}'
                | '*'
        )
    )
}

/// Whether the line holding the name is written in title case, as many
/// headlines are (then capitals say nothing about names).
pub(crate) fn is_title_case_line(text: &str, start: usize, end: usize) -> bool {
    const LONGEST_HEADLINE: usize = 160;
    let bytes = text.as_bytes();
    let from = start.saturating_sub(LONGEST_HEADLINE);
    let to = (end + LONGEST_HEADLINE).min(bytes.len());
    let line_start = match bytes[from..start].iter().rposition(|b| *b == b'\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return false, // a line this long is prose
    };
    let line_end = match bytes[end..to].iter().position(|b| *b == b'\n') {
        Some(i) => end + i,
        None if to == bytes.len() => to,
        None => return false,
    };
    let line = &text[line_start..line_end];
    let last = line
        .trim_end()
        .trim_end_matches(['"', '\u{201D}', '\'', '\u{2019}', ')']);
    if last.ends_with(['.', '!', '?', ';', ',']) {
        return false; // a sentence, however short
    }
    let (mut words, mut capitalised) = (0, 0);
    for w in line.split_whitespace().filter(|w| w.len() >= 4) {
        words += 1;
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        }
    }
    words >= 3 && capitalised * 10 >= words * 7 && line.len() < LONGEST_HEADLINE
}

/// Whether a demonym names a language here: "in Spanish", "in French and
/// English" (the language of a text says nothing about where it is about).
///
/// ```
/// use geomention::mentions::context::is_language_use;
/// let t = "adverts run in Spanish, mostly";
/// let at = t.find("Spanish").unwrap();
/// assert!(is_language_use(t, at, at + 7));
/// let t = "held in Spanish prisons";
/// assert!(!is_language_use(t, 8, 15));
/// ```
pub fn is_language_use(text: &str, start: usize, end: usize) -> bool {
    let in_before = matches!(
        previous_word(window_before(text, start)),
        Some(("in" | "In", true))
    );
    in_before
        && match next_word(window_after(text, end)) {
            None => true,
            Some((w, _)) => matches!(w, "and" | "or" | "only" | "too" | "as" | "with"),
        }
}
