//! The language a document is written in: from its metadata when it has
//! one, else detected from its first few kilobytes.
//!
//! Detection looks at scripts first (Thai, Lao, Khmer, Burmese, Korean,
//! Japanese kana, Chinese, Arabic letters, Cyrillic, Devanagari and Bengali
//! tell the language, or nearly: Persian letters, Ukrainian letters,
//! traditional or simplified characters decide the rest). Text in the Latin
//! alphabet goes to [`whatlang`] (trigrams), restricted to the languages
//! geomention reads; Malay is told from Indonesian and Swahili recognised by
//! their function words, which whatlang does not know. Short or unclear
//! Latin text is taken as English, whose forms every language's matcher
//! also has.

use crate::gazetteer::LANGUAGES;

/// A language geomention reads: English, or one of
/// [`LANGUAGES`](crate::gazetteer::LANGUAGES).
///
/// ```
/// use geomention::mentions::Language;
/// assert_eq!(Language::from_tag("fr-CA").unwrap().tag(), "fr");
/// assert_eq!(Language::from_tag("zh-TW").unwrap().tag(), "zh-Hant");
/// assert_eq!(Language::detect("Россия и Камбоджа подписали соглашение о сотрудничестве.").tag(), "ru");
/// assert_eq!(Language::detect("Cambodia and Myanmar signed.").tag(), "en");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(u8);

impl Language {
    /// English.
    pub const ENGLISH: Language = Language(0);

    /// Every language, English first.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..=LANGUAGES.len() as u8).map(Language)
    }

    /// Its position among [`Language::all`].
    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The language's tag (`en`, `fr`, `zh-Hans`...).
    pub fn tag(self) -> &'static str {
        match self.0 {
            0 => "en",
            i => LANGUAGES[usize::from(i) - 1],
        }
    }

    /// The language of one of geomention's own tags exactly (`en`, `fr`,
    /// `zh-Hans`): what detection yields, without [`Language::from_tag`]'s
    /// parsing.
    fn from_code(code: &str) -> Option<Language> {
        if code == "en" {
            return Some(Language::ENGLISH);
        }
        let i = LANGUAGES.iter().position(|t| *t == code)?;
        Some(Language(i as u8 + 1))
    }

    /// The language a tag or name names, if geomention reads it: BCP 47
    /// tags (`fr`, `fr-FR`, `zh-TW`, `zh-Hant-HK`), ISO 639-2/3 codes
    /// (`fra`, `rus`, `fil`) and English names (`French`).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let lower = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = lower.split('-');
        let primary = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        let primary = match primary {
            "english" | "eng" => "en",
            "french" | "fra" | "fre" => "fr",
            "spanish" | "spa" => "es",
            "portuguese" | "por" => "pt",
            "german" | "deu" | "ger" => "de",
            "italian" | "ita" => "it",
            "dutch" | "nld" | "dut" => "nl",
            "indonesian" | "ind" | "in" => "id",
            "malay" | "msa" | "may" | "zsm" => "ms",
            "tagalog" | "filipino" | "fil" | "tgl" => "tl",
            "vietnamese" | "vie" => "vi",
            "turkish" | "tur" => "tr",
            "swahili" | "swa" | "swh" => "sw",
            "russian" | "rus" => "ru",
            "ukrainian" | "ukr" => "uk",
            "arabic" | "ara" | "arb" => "ar",
            "persian" | "farsi" | "fas" | "per" | "pes" | "prs" => "fa",
            "hindi" | "hin" => "hi",
            "bengali" | "bangla" | "ben" => "bn",
            "chinese" | "zho" | "chi" | "cmn" | "yue" => "zh",
            "japanese" | "jpn" => "ja",
            "korean" | "kor" => "ko",
            "thai" | "tha" => "th",
            "burmese" | "mya" | "bur" => "my",
            "khmer" | "khm" => "km",
            "lao" => "lo",
            other => other,
        };
        let tag = if primary == "zh" {
            let traditional = rest
                .iter()
                .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
            if traditional {
                "zh-Hant"
            } else {
                "zh-Hans"
            }
        } else {
            primary
        };
        if tag == "en" {
            return Some(Language::ENGLISH);
        }
        let i = LANGUAGES.iter().position(|t| *t == tag)?;
        Some(Language(i as u8 + 1))
    }

    /// The language of a text, from its first few kilobytes.
    pub fn detect(text: &str) -> Language {
        // The first two kilobytes tell the script and, nearly always, the
        // language; looking further costs more than it helps on short news.
        let head = &text[..crate::encoding::floor_char_boundary(text, 2000)];
        // Mostly ASCII (English with curly quotes, most Latin-alphabet
        // text): the scripts need no counting.
        let non_ascii = head.bytes().filter(|b| *b >= 0x80).count();
        let tag = if non_ascii * 10 < head.len() {
            latin_language(head)
        } else {
            ScriptCounts::of(head)
                .language()
                .unwrap_or_else(|| latin_language(head))
        };
        Language::from_code(tag).unwrap_or(Language::ENGLISH)
    }
}

/// Letters per script in a text.
#[derive(Default)]
struct ScriptCounts {
    latin: usize,
    cyrillic: usize,
    ukrainian: usize,
    arabic: usize,
    persian: usize,
    devanagari: usize,
    bengali: usize,
    thai: usize,
    lao: usize,
    khmer: usize,
    myanmar: usize,
    hangul: usize,
    kana: usize,
    han: usize,
    simplified: usize,
    traditional: usize,
}

/// Characters written differently in simplified and traditional Chinese.
const SIMPLIFIED: &str = "国这们说对时为发与经关还进过么门问间东车长来会个业义亚军边区华";
const TRADITIONAL: &str = "國這們說對時為發與經關還進過麼門問間東車長來會個業義亞軍邊區華";

impl ScriptCounts {
    fn of(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        // ASCII letters are counted byte by byte; only other characters are
        // decoded.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                c.latin += usize::from(bytes[i].is_ascii_alphabetic());
                i += 1;
                continue;
            }
            let ch = text[i..].chars().next().expect("at a character boundary");
            i += ch.len_utf8();
            match ch as u32 {
                0xC0..=0x24F | 0x1E00..=0x1EFF => c.latin += 1,
                0x400..=0x4FF => {
                    c.cyrillic += 1;
                    if matches!(ch, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                        c.ukrainian += 1;
                    }
                }
                0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                    c.arabic += 1;
                    if matches!(ch, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی') {
                        c.persian += 1;
                    }
                }
                0x900..=0x97F => c.devanagari += 1,
                0x980..=0x9FF => c.bengali += 1,
                0xE00..=0xE7F => c.thai += 1,
                0xE80..=0xEFF => c.lao += 1,
                0x1780..=0x17FF => c.khmer += 1,
                0x1000..=0x109F => c.myanmar += 1,
                0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => c.hangul += 1,
                0x3040..=0x30FF => c.kana += 1,
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => {
                    c.han += 1;
                    if SIMPLIFIED.contains(ch) {
                        c.simplified += 1;
                    } else if TRADITIONAL.contains(ch) {
                        c.traditional += 1;
                    }
                }
                _ => {}
            }
        }
        c
    }

    /// The language the dominant script says, or `None` for Latin text.
    fn language(&self) -> Option<&'static str> {
        let scripts = [
            (self.latin, "latin"),
            (self.cyrillic, "cyrillic"),
            (self.arabic, "arabic"),
            (self.devanagari, "hi"),
            (self.bengali, "bn"),
            (self.thai, "th"),
            (self.lao, "lo"),
            (self.khmer, "km"),
            (self.myanmar, "my"),
            (self.hangul, "ko"),
            (self.kana + self.han, "cjk"),
        ];
        let (n, script) = scripts.iter().copied().max_by_key(|(n, _)| *n)?;
        if n == 0 || script == "latin" {
            return None;
        }
        Some(match script {
            "cyrillic" if self.ukrainian * 100 >= self.cyrillic => "uk",
            "cyrillic" => "ru",
            "arabic" if self.persian * 50 >= self.arabic => "fa",
            "arabic" => "ar",
            "cjk" if self.kana * 20 >= self.han + self.kana => "ja",
            "cjk" if self.traditional > self.simplified => "zh-Hant",
            "cjk" => "zh-Hans",
            other => other,
        })
    }
}

/// Function words that tell Swahili, Malay and Indonesian apart from the
/// languages whatlang knows.
const SWAHILI: &[&str] = &[
    "kwa", "katika", "kuwa", "hiyo", "ambao", "ambayo", "nchini", "pia", "lakini", "hii", "huo",
    "vya", "kwamba", "baada", "kutoka", "zaidi", "watu", "mwaka", "serikali", "hadi", "wakati",
    "alisema", "wao", "yake", "wake", "hizo",
];
/// Whether a word is an English function word: when they make a fifth of
/// a text's words, the text is English, and the trigram detector need not
/// run.
fn english_function_word(bytes: &[u8]) -> bool {
    if bytes.len() > 5 {
        return false;
    }
    let mut lower = [0u8; 5];
    for (l, b) in lower.iter_mut().zip(bytes) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..bytes.len()],
        b"the"
            | b"of"
            | b"and"
            | b"to"
            | b"in"
            | b"a"
            | b"is"
            | b"that"
            | b"for"
            | b"on"
            | b"with"
            | b"was"
            | b"as"
            | b"by"
            | b"at"
            | b"from"
            | b"it"
            | b"are"
            | b"were"
            | b"has"
            | b"have"
            | b"its"
            | b"their"
            | b"said"
            | b"which"
            | b"who"
    )
}
const MALAY: &[&str] = &[
    "bahawa", "kerana", "kerajaan", "iaitu", "ialah", "sahaja", "boleh",
];
const INDONESIAN: &[&str] = &[
    "bahwa",
    "karena",
    "pemerintah",
    "yaitu",
    "adalah",
    "saja",
    "bisa",
];

/// Function words of the Latin-alphabet languages, for texts too short
/// for the trigram detector. Words English also uses (`a`, `in`, `as`,
/// `die`, `do`) are left out.
const SHORT_TEXT_WORDS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "des", "du", "et", "une", "au", "aux", "dans", "sur", "pour",
            "avec", "est", "sont", "ont", "par", "qui", "que", "l", "d", "à", "été", "pas",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "y", "una", "por", "con", "para", "que", "es", "al", "se",
            "su", "sus", "en", "tras", "según",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "da", "dos", "das", "e", "em", "na", "nos", "um", "uma", "com", "ao",
            "pelo", "pela", "para", "que", "não", "após",
        ],
    ),
    (
        "de",
        &[
            "der", "und", "den", "dem", "des", "ein", "eine", "mit", "von", "für", "im", "ist",
            "sind", "nach", "auf", "bei", "aus", "zu",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "gli", "della", "delle", "dei", "degli", "di", "del", "nel", "nella",
            "con", "per", "che", "sono", "è", "un", "una", "e",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "met", "op", "voor", "niet", "zijn", "naar", "uit",
            "bij",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "ke", "dari", "dengan", "untuk", "ini", "itu", "pada", "tidak",
            "oleh", "dalam",
        ],
    ),
    (
        "tl",
        &["ang", "ng", "mga", "sa", "na", "ay", "si", "ni", "kay"],
    ),
    (
        "tr",
        &["ve", "bir", "bu", "ile", "için", "olarak", "gibi", "çok"],
    ),
    (
        "vi",
        &[
            "của", "và", "các", "những", "được", "trong", "người", "với", "cho", "đã", "là",
        ],
    ),
    (
        "sw",
        &[
            "na", "wa", "ya", "kwa", "katika", "za", "la", "cha", "kutoka",
        ],
    ),
];

/// The language of a text of fewer than a dozen ASCII words: the one whose
/// function words it holds most of, two at least and more than the
/// `english` ones; English when none stands out.
fn short_text_language(text: &str, english: usize) -> &'static str {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(40)
        .map(str::to_lowercase)
        .collect();
    let mut best: Option<(&'static str, usize)> = None;
    let mut tied = false;
    for (tag, list) in SHORT_TEXT_WORDS {
        let hits = words.iter().filter(|w| list.contains(&w.as_str())).count();
        match best {
            Some((_, most)) if hits == most => tied = true,
            Some((_, most)) if hits < most => {}
            _ => {
                best = Some((tag, hits));
                tied = false;
            }
        }
    }
    match best {
        Some((tag, hits)) if hits >= 2 && hits > english && !tied => tag,
        _ => "en",
    }
}

/// Words among the first ASCII words of a text: how many, how many are
/// English function words, how many another language's.
struct WordCounts {
    count: usize,
    english: usize,
    foreign: usize,
}

/// Of the first `limit` ASCII words of `bytes`, how many there are and how
/// many are function words of English and of the other Latin-alphabet
/// languages (one pass, no allocation). `foreign`: whether to count the
/// other languages' words.
fn function_words(bytes: &[u8], limit: usize, foreign: bool) -> WordCounts {
    let mut c = WordCounts {
        count: 0,
        english: 0,
        foreign: 0,
    };
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (b.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                c.add(&bytes[s..i], foreign);
                start = None;
                if c.count == limit {
                    return c;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        c.add(&bytes[s..], foreign);
    }
    c
}

impl WordCounts {
    fn add(&mut self, word: &[u8], foreign: bool) {
        self.count += 1;
        if english_function_word(word) {
            self.english += 1;
        } else if foreign && foreign_function_word(word) {
            self.foreign += 1;
        }
    }
}

/// Whether an ASCII word is a function word of a Latin-alphabet language
/// other than English ([`SHORT_TEXT_WORDS`]).
fn foreign_function_word(word: &[u8]) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static [u8]>> =
        std::sync::OnceLock::new();
    if word.len() > 8 {
        return false;
    }
    let words = WORDS.get_or_init(|| {
        SHORT_TEXT_WORDS
            .iter()
            .flat_map(|(_, list)| list.iter())
            .filter(|w| w.is_ascii())
            .map(|w| w.as_bytes())
            .collect()
    });
    let mut lower = [0u8; 8];
    for (l, b) in lower.iter_mut().zip(word) {
        *l = b.to_ascii_lowercase();
    }
    words.contains(&lower[..word.len()])
}

/// The language of Latin-alphabet text.
fn latin_language(text: &str) -> &'static str {
    // English first, cheaply: ASCII words (accented letters split words,
    // which only lowers the share).
    let WordCounts { count, english, .. } = function_words(text.as_bytes(), 80, false);
    if count < 12 {
        // Too short for trigrams (a headline, a CSV cell): function words.
        return short_text_language(text, english);
    }
    // English function words make a fifth of English prose, and under a
    // tenth of the other languages' (measured on the test texts: at most
    // 0.10, Dutch). Lists of names lower the share; then the other
    // languages' function words must be rare too. Only the rest pays for
    // the trigram detector.
    if english * 100 >= count * 20
        || (english * 100 >= count * 8
            && function_words(text.as_bytes(), 80, true).foreign * 3 <= english)
    {
        return "en";
    }
    let words = || {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(300)
    };
    let words: Vec<&str> = words().collect();
    let share = |list: &[&str]| {
        words
            .iter()
            .filter(|w| list.iter().any(|l| w.eq_ignore_ascii_case(l)))
            .count()
    };
    if share(SWAHILI) * 100 >= words.len() * 6 {
        return "sw";
    }
    use whatlang::Lang::*;
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    let detector = DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            Eng, Fra, Spa, Por, Deu, Ita, Nld, Ind, Tgl, Vie, Tur,
        ])
    });
    let Some(info) = detector.detect(text) else {
        return "en";
    };
    if info.confidence() < 0.5 {
        return "en";
    }
    match info.lang() {
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Deu => "de",
        Ita => "it",
        Nld => "nl",
        Ind if share(MALAY) > share(INDONESIAN) => "ms",
        Ind => "id",
        Tgl => "tl",
        Vie => "vi",
        Tur => "tr",
        _ => "en",
    }
}
