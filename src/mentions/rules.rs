//! Reading forms with another reading in languages other than English.
//!
//! English has its own, richer rules ([`super::context`]). Elsewhere the
//! same evidence is used, as far as it carries across languages:
//! capitals (a capitalised word next to a name makes a person: "Nguyễn
//! Văn Anh"), a title before a name ("ông Anh", "Herr Israel"), sentence
//! starts and title-case lines (where capitals say nothing), and, in
//! scripts without capitals, the rest of the document (a form that is also
//! an ordinary word counts only when the country is named plainly too: Hindi
//! चीनी, "Chinese" or "sugar").

use super::context::{
    ends_sentence, is_capitalised, is_title_case_line, next_word, previous_word, starts_sentence,
    window_after, window_before, Reading,
};
use super::language::Language;
use crate::gazetteer::FormFlags;

/// Titles and forms of address that make the next name a person's.
fn titles(language: Language) -> &'static [&'static str] {
    match language.tag() {
        "fr" => &[
            "M", "Mme", "Mlle", "Me", "Dr", "Pr", "monsieur", "madame", "Mgr", "père", "sœur",
        ],
        "es" => &[
            "Sr", "Sra", "Srta", "don", "doña", "Dr", "Dra", "señor", "señora", "padre",
        ],
        "pt" => &[
            "Sr", "Sra", "dom", "dona", "Dr", "Dra", "senhor", "senhora", "padre",
        ],
        "it" => &[
            "sig", "sig.ra", "signor", "signora", "dott", "dott.ssa", "don", "avv",
        ],
        "de" => &["Herr", "Herrn", "Frau", "Dr", "Prof", "Pfarrer"],
        "nl" => &["meneer", "mevrouw", "dhr", "mevr", "heer", "Dr"],
        "vi" => &[
            "ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "thầy", "cụ", "cháu", "Ông", "Bà",
            "Anh", "Chị", "Cô",
        ],
        "id" | "ms" => &[
            "Pak", "Bapak", "Ibu", "Bu", "Tuan", "Puan", "Encik", "Cik", "Datuk", "Dato",
            "Saudara", "Sdr", "Haji",
        ],
        "tl" => &[
            "G",
            "Gng",
            "Bb",
            "Ginoong",
            "Ginang",
            "Binibining",
            "Mang",
            "Aling",
            "si",
            "ni",
            "kay",
            "sina",
            "nina",
            "kina",
            "Si",
            "Ni",
            "Kay",
        ],
        "sw" => &["Bw", "Bi", "Bwana", "Mama", "Mzee", "Dkt"],
        "tr" => &["Bay", "Bayan", "Dr"],
        "ru" => &["г-н", "г-жа", "господин", "госпожа"],
        "uk" => &["пан", "пані", "п."],
        _ => &[],
    }
}

/// Words right before a name that make it a place ("en France", "do
/// Brasil", "в Камбодже"), as English "in" does.
fn places_after(language: Language) -> &'static [&'static str] {
    match language.tag() {
        "fr" => &["en", "au", "aux", "vers", "depuis", "Depuis", "En"],
        "es" => &["en", "desde", "hacia", "En", "Desde"],
        "pt" => &["em", "no", "na", "do", "da", "para", "Em", "No", "Na"],
        "it" => &["in", "dal", "dalla", "verso", "In"],
        "de" => &["in", "nach", "aus", "In", "Nach", "Aus"],
        "nl" => &["in", "naar", "uit", "In", "Naar", "Uit"],
        "id" | "ms" => &["di", "ke", "dari", "Di", "Ke", "Dari"],
        "tl" => &["sa", "Sa"],
        "vi" => &["ở", "tại", "sang", "từ", "Ở", "Tại"],
        "sw" => &["nchini", "katika", "kutoka", "Nchini", "Katika"],
        "ru" => &["в", "во", "из", "В", "Из"],
        "uk" => &["в", "у", "із", "з", "до", "В", "У", "До"],
        _ => &[],
    }
}

/// Nouns for "language" that make a demonym next to them a language
/// ("en langue anglaise", "на английском языке", "bahasa Inggris"): the
/// noun's stem, and whether it comes after the demonym.
fn language_nouns(language: Language) -> &'static [(&'static str, bool)] {
    match language.tag() {
        "fr" => &[("langue", false)],
        "es" => &[("idioma", false), ("lengua", false)],
        "pt" => &[("idioma", false), ("língua", false), ("lingua", false)],
        "it" => &[("lingua", false)],
        "de" => &[("Sprache", true)],
        "nl" => &[("taal", true)],
        "ru" => &[("язык", true)],
        "uk" => &[("мов", true)],
        "tr" => &[("dil", true)],
        "id" | "ms" => &[("bahasa", false), ("Bahasa", false)],
        "tl" => &[("wika", false)],
        "vi" => &[("tiếng", false), ("Tiếng", false)],
        "sw" => &[("lugha", false)],
        "ar" => &[("اللغة", false), ("باللغة", false)],
        "fa" => &[("زبان", false)],
        "hi" => &[("भाषा", true)],
        "bn" => &[("ভাষা", true)],
        _ => &[],
    }
}

/// Whether a demonym names a language here: a word for "language" right
/// before it, or within three words after it ("на английском и русском
/// языках").
pub(crate) fn is_language_use(language: Language, text: &str, start: usize, end: usize) -> bool {
    let nouns = language_nouns(language);
    if nouns.is_empty() {
        return false;
    }
    let before = window_before(text, start);
    let after = window_after(text, end);
    let prev = before.split_whitespace().next_back().unwrap_or("");
    let next: Vec<&str> = after.split_whitespace().take(3).collect();
    nouns.iter().any(|(noun, follows)| {
        if *follows {
            next.iter().any(|w| w.starts_with(noun))
        } else {
            prev.starts_with(noun)
        }
    })
}

/// Whether a name is joined by a hyphen to another word ("Lào-Thái",
/// "ລາວ-ໄທ"): a compound of two names, a place.
fn hyphenated(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    (before.next() == Some('-') && joined(before.next()))
        || (after.next() == Some('-') && joined(after.next()))
}

/// Particles inside personal names ("de Vries", "van Dijk", "da Silva").
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "der", "den", "von", "da", "das", "do", "dos", "di", "du", "le", "la", "bin",
    "binti", "al", "el", "ter", "ten",
];

/// Reads an ambiguous form in context, in a language other than English.
pub(crate) fn read(
    language: Language,
    text: &str,
    start: usize,
    end: usize,
    flags: FormFlags,
) -> Reading {
    let before = window_before(text, start);
    let after = window_after(text, end);
    let cased = text[start..end]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_lowercase());
    let prev = previous_word(before);
    if flags.common_word && !flags.person && hyphenated(text, start, end) {
        return Reading::Country;
    }
    if flags.common_word && (!cased || is_title_case_line(text, start, end)) {
        return Reading::NeedsEvidence;
    }
    if flags.person && cased {
        if let Some((w, true)) = prev {
            if titles(language).contains(&w.trim_end_matches('.')) {
                return Reading::Other;
            }
            if places_after(language).contains(&w) {
                return Reading::Country;
            }
        }
        let capitalised_before = prev.is_some_and(|(w, tight)| {
            tight && is_capitalised(w) && !ends_sentence(w) && !starts_sentence(before, w)
        });
        let capitalised_after = match next_word(after) {
            Some((w, true)) if is_capitalised(w) => true,
            // "Frans de Vries", "Israel da Silva": a name particle, then a name.
            Some((w, true)) if NAME_PARTICLES.contains(&w) => {
                let rest = &after[after.find(w).map_or(after.len(), |i| i + w.len())..];
                next_word(rest).is_some_and(|(w, tight)| tight && is_capitalised(w))
            }
            _ => false,
        };
        if capitalised_before || capitalised_after {
            return Reading::Other;
        }
        return Reading::Unsure;
    }
    if flags.common_word && !starts_sentence(before, "") && !flags.person {
        return Reading::Country;
    }
    Reading::Unsure
}
