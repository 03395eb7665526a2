//! Property-based and robustness tests: the extractor, classes, tallies and
//! the parsers of user files must hold their invariants (and never panic) on
//! arbitrary input. Inputs that once broke an invariant are kept below as
//! plain tests.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use geomention::classify::{ClassMethod, Classes};
use geomention::gazetteer::{FormFlags, FormKind};
use geomention::input::text::decode;
use geomention::mentions::Language;
use geomention::normalize::fold;
use geomention::tally::{DocumentTally, Tally};
use geomention::values::Values;
use geomention::{CountryId, Error, Extractor, Gazetteer, Mention, RegionSet, Target};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// `cases` cases per property, or `PROPTEST_CASES` when set (for long runs);
/// no failure files (the minimal inputs found are kept below as plain tests).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn gaz() -> &'static Gazetteer {
    Gazetteer::bundled()
}

fn ex() -> &'static Extractor {
    Extractor::bundled()
}

// ---------------------------------------------------------------------------
// Text generators
// ---------------------------------------------------------------------------

/// Every form and region phrase, as written, in capitals, in lower case and
/// with a typographic apostrophe: the strings the extractor looks for.
fn form_spellings() -> &'static [String] {
    static CELL: OnceLock<Vec<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = Vec::new();
        let phrases = RegionSet::bundled()
            .regions()
            .iter()
            .flat_map(|r| r.phrases.iter());
        for text in gaz().forms().iter().map(|f| &f.text).chain(phrases) {
            out.push(text.clone());
            out.push(text.to_uppercase());
            out.push(text.to_lowercase());
            if text.contains('\'') {
                out.push(text.replace('\'', "\u{2019}"));
            }
        }
        out
    })
}

/// Forms (and region phrases) that need no context check: whatever surrounds
/// them, each is a mention of its own.
fn unambiguous_forms() -> &'static [String] {
    static CELL: OnceLock<Vec<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out: Vec<String> = gaz()
            .forms()
            .iter()
            .filter(|f| f.country.is_some() && !f.flags.is_ambiguous() && f.alternatives.is_empty())
            .map(|f| f.text.clone())
            .collect();
        out.extend(
            RegionSet::bundled()
                .regions()
                .iter()
                .flat_map(|r| r.phrases.iter().cloned()),
        );
        out
    })
}

/// Punctuation, white space and odd characters that sit between words.
const SEPARATORS: &[&str] = &[
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
    "\0",
    "\u{1F600}",
    "\u{301}",
    "e\u{301}",
    "\r\n",
    "\n",
    "\n\n",
    "\r",
    "\t",
    "\u{A0}",
    "\u{FEFF}",
    "_",
    "1",
    "\u{FFFD}",
];

/// Letters and words that feed the context rules and word boundaries.
const WORDS: &[&str] = &[
    "in",
    "the",
    "The",
    "and",
    "said",
    "Mr",
    "Mr.",
    "Dr",
    "Smith",
    "Henderson",
    "senator",
    "USA",
    "U.S.",
    "Atlanta,",
    "Athens",
    "State",
    "Spanish",
    "French",
    "Landlocked",
    "Oil-rich",
    "Government",
    "Valley",
    "us",
    "business",
    "é",
    "Ö",
    "Ş",
    "ğ",
    "д",
    "中",
    "a",
    "x",
    "9",
];

/// One piece of text: a form, a separator, a word, any character or any
/// short string.
fn piece() -> impl Strategy<Value = String> {
    let forms = form_spellings();
    prop_oneof![
        5 => (0..forms.len()).prop_map(move |i| forms[i].clone()),
        4 => prop::sample::select(SEPARATORS).prop_map(String::from),
        2 => prop::sample::select(WORDS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,4}",
    ]
}

/// Text made of pieces glued together with no separator guaranteed.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

/// Text made only of forms that need no context, between plain separators.
fn unambiguous_text() -> impl Strategy<Value = String> {
    let forms = unambiguous_forms();
    let token = (0..forms.len(), any::<bool>()).prop_map(move |(i, upper)| {
        if upper && !flags_of(&forms[i]).exact_case {
            forms[i].to_uppercase()
        } else {
            forms[i].clone()
        }
    });
    let sep = prop::sample::select(&[" ", ", ", ". ", " and ", " in ", "'s ", "; ", "\n"][..]);
    prop::collection::vec((token, sep), 1..8).prop_map(|v| {
        v.into_iter()
            .map(|(t, s)| format!("{t}{s}"))
            .collect::<String>()
    })
}

// ---------------------------------------------------------------------------
// Mention invariants
// ---------------------------------------------------------------------------

/// (canonical text, target, kind) of every form the bundled extractor knows.
fn known_forms() -> &'static HashSet<(String, Target, FormKind)> {
    static CELL: OnceLock<HashSet<(String, Target, FormKind)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut set = HashSet::new();
        for f in gaz().forms() {
            for id in f.country.iter().chain(&f.alternatives) {
                set.insert((f.text.clone(), Target::Country(*id), f.kind));
            }
        }
        let regions = RegionSet::bundled();
        for (i, r) in regions.regions().iter().enumerate() {
            for p in &r.phrases {
                set.insert((p.clone(), Target::Region(i as u16), FormKind::RegionPhrase));
            }
        }
        for tag in geomention::gazetteer::LANGUAGES {
            let own = gaz().language_forms(tag);
            for f in &own.forms {
                for id in f.country.iter().chain(&f.alternatives).chain(&f.also) {
                    set.insert((f.text.clone(), Target::Country(*id), f.kind));
                }
            }
            for (id, p) in &own.regions {
                if let Some(i) = regions.position(id) {
                    set.insert((p.clone(), Target::Region(i as u16), FormKind::RegionPhrase));
                }
            }
        }
        set
    })
}

/// The flags of each English form, by canonical text.
fn flags_of(form: &str) -> FormFlags {
    static CELL: OnceLock<HashMap<String, FormFlags>> = OnceLock::new();
    CELL.get_or_init(|| {
        gaz()
            .forms()
            .iter()
            .map(|f| (f.text.clone(), f.flags))
            .collect()
    })
    .get(form)
    .copied()
    .unwrap_or_default()
}

/// The flags a form has in a language's matcher: the language's own
/// (merged) forms first, then English's.
fn flags_in(language: Language, form: &str) -> FormFlags {
    if language == Language::ENGLISH {
        return flags_of(form);
    }
    gaz()
        .language_forms(language.tag())
        .forms
        .iter()
        .find(|f| f.text == form)
        .map_or_else(|| flags_of(form), |f| f.flags)
}

/// Mentions of `text` by the English matcher alone (the properties below
/// are about English text; detection could read a random string as
/// another language).
fn en(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    ex().find_in(Language::ENGLISH, text, &mut out);
    out
}

/// A span as written, with the typographic apostrophe and line breaks the
/// extractor accepts in place of `'` and a space mapped back.
fn normalised(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect()
}

/// Whether a character next to a name makes it part of a longer word. The
/// extractor deliberately lets the punctuation blocks U+0080..U+00BF and
/// U+2000..U+2FFF touch names, so characters there are not held against it.
/// Whether a character touching a mention would make it part of a longer
/// word: letters always, digits only for exact-case codes ("US2").
/// In other languages than English, letters of scripts written without
/// spaces do not glue either (Latin names sit inside Chinese text).
fn glues(c: char, code: bool, english: bool) -> bool {
    let exempt = matches!(c as u32, 0x80..=0xBF | 0x2000..=0x2FFF)
        || (!english && geomention::mentions::script::unspaced(c));
    c == '_' || ((c.is_alphabetic() || (code && c.is_numeric())) && !exempt)
}

/// Checks every invariant a list of mentions of `text` must hold.
fn check_mentions(text: &str, mentions: &[Mention]) -> Result<(), TestCaseError> {
    let ex = ex();
    let language = ex.language_of(text, None);
    let english = language == Language::ENGLISH;
    let mut prev_end = 0;
    for m in mentions {
        prop_assert!(m.start < m.end, "empty span {:?}", m);
        prop_assert!(m.end <= text.len(), "span {:?} past the end", m);
        prop_assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "span {:?} not on char boundaries",
            m
        );
        prop_assert!(
            prev_end <= m.start,
            "mentions overlap or are out of order: {:?}",
            mentions
        );
        prev_end = m.end;

        let written = normalised(&text[m.start..m.end]);
        let form = normalised(ex.form(m));
        prop_assert_eq!(
            written.to_lowercase(),
            form.to_lowercase(),
            "span text differs from its form"
        );
        // Every capital of the form is a capital in the text.
        for (f, w) in form.chars().zip(written.chars()) {
            prop_assert!(
                !f.is_ascii_uppercase() || w == f,
                "{:?} matched form {:?} with a lower-case capital",
                written,
                form
            );
        }
        if flags_in(language, ex.form(m)).exact_case {
            prop_assert_eq!(&written, &form, "exact-case form written in another case");
        }
        prop_assert!(
            known_forms().contains(&(ex.form(m).to_string(), m.target, m.kind)),
            "mention {:?} ({:?}) is no form of its target",
            m,
            ex.form(m)
        );
        // A whole word: no letter (nor digit, for codes) touches it.
        let before = text[..m.start].chars().next_back();
        let after = text[m.end..].chars().next();
        let code = flags_in(language, ex.form(m)).exact_case;
        let glues = |c: char| glues(c, code, english);
        prop_assert!(
            !before.is_some_and(glues) && !after.is_some_and(glues),
            "{:?} at {}..{} is inside a longer word: {:?}",
            &text[m.start..m.end],
            m.start,
            m.end,
            text
        );
    }
    Ok(())
}

/// A mention as comparable data, shifted by `offset` bytes.
fn key(m: &Mention, offset: usize) -> (usize, usize, Target, FormKind, String) {
    (
        m.start + offset,
        m.end + offset,
        m.target,
        m.kind,
        ex().form(m).to_string(),
    )
}

fn keys(ms: &[Mention], offset: usize) -> Vec<(usize, usize, Target, FormKind, String)> {
    ms.iter().map(|m| key(m, offset)).collect()
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn extractor_never_panics_on_arbitrary_text(s in text()) {
        let mentions = ex().find(&s);
        check_mentions(&s, &mentions)?;
    }

    #[test]
    fn extractor_never_panics_on_arbitrary_unicode(s in "\\PC{0,200}") {
        let mentions = ex().find(&s);
        check_mentions(&s, &mentions)?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn find_into_appends_and_matches_find(a in text(), b in text()) {
        let mut buf = ex().find(&a);
        let before = buf.clone();
        ex().find_into(&b, &mut buf);
        prop_assert_eq!(&buf[..before.len()], &before[..], "find_into changed existing items");
        prop_assert_eq!(&buf[before.len()..], &ex().find(&b)[..]);
    }

    #[test]
    fn mentions_do_not_depend_on_surrounding_documents(a in text(), b in text()) {
        let alone_a = ex().find(&a);
        let alone_b = ex().find(&b);
        let again_a = ex().find(&a);
        let again_b = ex().find(&b);
        prop_assert_eq!(alone_a, again_a);
        prop_assert_eq!(alone_b, again_b);
    }

    #[test]
    fn concatenating_with_a_paragraph_break_keeps_mentions_of_unambiguous_forms(
        a in unambiguous_text(),
        b in unambiguous_text(),
    ) {
        let joined = format!("{a}\n\n{b}");
        let mut expected = keys(&en(&a), 0);
        expected.extend(keys(&en(&b), a.len() + 2));
        prop_assert_eq!(keys(&en(&joined), 0), expected);
    }

}

#[test]
fn every_unambiguous_form_alone_is_found_as_itself() {
    let mut missed = Vec::new();
    for form in unambiguous_forms() {
        let upper = form.to_uppercase();
        let texts = if flags_of(form).exact_case {
            vec![form.clone()]
        } else {
            vec![form.clone(), upper]
        };
        for text in texts {
            let found = ex().find(&text);
            if found.len() != 1 || (found[0].start, found[0].end) != (0, text.len()) {
                missed.push(text);
            }
        }
    }
    assert!(missed.is_empty(), "not found alone: {missed:?}");
}

// ---------------------------------------------------------------------------
// Extractor: inputs that broke an invariant
// ---------------------------------------------------------------------------

/// The codes of the countries found in `text`.
fn codes(text: &str) -> Vec<String> {
    ex().find(text)
        .iter()
        .filter_map(|m| match m.target {
            Target::Country(id) => Some(gaz().country(id).iso_a3.clone()),
            Target::Region(_) => None,
        })
        .collect()
}

#[test]
fn a_letter_before_a_name_makes_it_part_of_a_word_whatever_its_utf8_bytes() {
    // "é" (C3 A9) already glues; "Ö" (C3 96), "Ş" (C5 9E), "ğ" (C4 9F) and
    // Cyrillic "А" (D0 90) end in bytes that is_word takes for punctuation.
    assert_eq!(codes("éFiji"), Vec::<String>::new());
    assert_eq!(codes("ÖFiji"), Vec::<String>::new());
    assert_eq!(codes("ŞKenya"), Vec::<String>::new());
    assert_eq!(codes("ğFiji"), Vec::<String>::new());
    assert_eq!(codes("\u{410}Fiji"), Vec::<String>::new());
}

#[test]
fn curly_apostrophe_spellings_are_found_like_straight_ones() {
    let mut missed = Vec::new();
    for f in gaz().forms() {
        if f.country.is_none() || !f.text.contains('\'') {
            continue;
        }
        let curly = f.text.replace('\'', "\u{2019}");
        if codes(&curly) != codes(&f.text) {
            missed.push(curly);
        }
    }
    assert!(missed.is_empty(), "not found with ’: {missed:?}");
    assert_eq!(codes("Côte d\u{2019}Ivoire"), ["CIV"]);
    // Worse than a miss: a shorter form inside names another country.
    assert_eq!(codes("People\u{2019}s Republic of China"), ["CHN"]);
    assert_eq!(
        codes("Democratic People\u{2019}s Republic of Korea"),
        ["PRK"]
    );
}

#[test]
fn a_name_wrapped_with_crlf_matches_like_one_wrapped_with_lf() {
    assert_eq!(codes("Papua New\nGuinea"), ["PNG"]);
    assert_eq!(codes("Papua New\r\nGuinea"), ["PNG"]);
}

#[test]
fn an_empty_region_phrase_does_not_hang_the_extractor() {
    let toml = "[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\nphrases = [\"\"]\n";
    // Either the file is refused, or the extractor built from it terminates.
    let Ok(regions) = RegionSet::parse(toml, Path::new("r.toml"), gaz()) else {
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ex = Extractor::new(Gazetteer::bundled(), &regions);
        let _ = tx.send(ex.find(" Fiji").len());
    });
    assert!(
        rx.recv_timeout(Duration::from_secs(2)).is_ok(),
        "Extractor::find did not return within 2 s (a thread is left spinning)"
    );
}

// ---------------------------------------------------------------------------
// Tallies
// ---------------------------------------------------------------------------

fn country_ids() -> &'static [CountryId] {
    static CELL: OnceLock<Vec<CountryId>> = OnceLock::new();
    CELL.get_or_init(|| gaz().ids().collect())
}

/// A document tally with random counts, named by `name`.
fn document(name: String) -> impl Strategy<Value = DocumentTally> {
    let n = country_ids().len();
    (
        prop::collection::btree_map(0..n, 1u32..50, 0..6),
        prop::collection::btree_map(0u16..10, 1u32..50, 0..3),
    )
        .prop_map(move |(countries, regions)| DocumentTally {
            meta: name.as_str().into(),
            countries: countries
                .into_iter()
                .map(|(i, c)| (country_ids()[i], c))
                .collect(),
            regions,
        })
}

/// Documents with distinct names (when `distinct`) or names that may repeat.
fn documents(distinct: bool) -> impl Strategy<Value = Vec<DocumentTally>> {
    prop::collection::vec(0u32..1000, 0..12).prop_flat_map(move |mut ids| {
        if distinct {
            ids.sort_unstable();
            ids.dedup();
        }
        ids.into_iter()
            .map(|i| document(format!("doc{i}.txt")))
            .collect::<Vec<_>>()
    })
}

/// Splits `docs` into `groups` tallies (by `assign`) and merges them in the
/// order `order` gives.
fn merged(docs: &[DocumentTally], assign: &[usize], order: &[usize]) -> Tally {
    let groups = order.len();
    let regions = geomention::RegionSet::bundled();
    let mut parts: Vec<Tally> = vec![Tally::new(regions); groups];
    for (d, g) in docs.iter().zip(assign.iter().cycle()) {
        parts[g % groups].add(d);
    }
    let mut out = Tally::new(regions);
    for &g in order {
        out.merge(&parts[g]);
    }
    out
}

fn expected_totals<K: Ord + Copy>(
    docs: &[DocumentTally],
    counts: impl Fn(&DocumentTally) -> Vec<(K, u32)>,
) -> BTreeMap<K, (u64, u64)> {
    let mut out: BTreeMap<K, (u64, u64)> = BTreeMap::new();
    for d in docs {
        for (k, n) in counts(d) {
            let e = out.entry(k).or_default();
            e.0 += u64::from(n);
            e.1 += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn tally_merge_is_order_independent(
        (docs, assign, order) in documents(true).prop_flat_map(|docs| {
            let assign = prop::collection::vec(0usize..4, 1..8);
            let order = Just((0..4).collect::<Vec<usize>>()).prop_shuffle();
            (Just(docs), assign, order)
        }),
        order2 in Just((0..4).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let all: Tally = docs.iter().cloned().collect();
        let one = merged(&docs, &assign, &order);
        let two = merged(&docs, &assign, &order2);
        prop_assert_eq!(&one, &all);
        prop_assert_eq!(&two, &all);
        prop_assert_eq!(one.country_totals(), all.country_totals());
        prop_assert_eq!(one.region_totals(), all.region_totals());
        prop_assert_eq!(one.documents(), docs.len() as u64);
    }

    #[test]
    fn tally_totals_count_mentions_and_documents_in_any_order(
        docs in documents(false),
        assign in prop::collection::vec(0usize..3, 1..8),
        order in Just(vec![0usize, 1, 2]).prop_shuffle(),
    ) {
        let t = merged(&docs, &assign, &order);
        let countries = expected_totals(&docs, |d| d.countries.iter().map(|(k, v)| (*k, *v)).collect());
        let regions = expected_totals(&docs, |d| d.regions.iter().map(|(k, v)| (*k, *v)).collect());
        let got: BTreeMap<CountryId, (u64, u64)> = t
            .country_totals()
            .iter()
            .map(|(k, c)| (*k, (c.mentions, c.documents)))
            .collect();
        prop_assert_eq!(got, countries);
        let got: BTreeMap<u16, (u64, u64)> = t
            .region_totals()
            .iter()
            .map(|(k, c)| (*k, (c.mentions, c.documents)))
            .collect();
        prop_assert_eq!(got, regions);
        prop_assert_eq!(t.documents(), docs.len() as u64);
    }

    #[test]
    fn document_tally_counts_every_mention_once(s in text()) {
        let ms = ex().find(&s);
        let doc = DocumentTally::new("d", &ms);
        let total: u32 = doc.countries.values().chain(doc.regions.values()).sum();
        prop_assert_eq!(total as usize, ms.len());
    }
}

// ---------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------

/// Any finite f64, with small whole numbers (counts) and ties common.
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => (0u32..40).prop_map(f64::from),
        2 => -1e6..1e6f64,
        1 => prop::sample::select(vec![0.0, -0.0, 0.5, 1.0, 1e-300, f64::MIN_POSITIVE, f64::MAX, f64::MIN]),
        2 => prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
    ]
}

fn values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(finite(), 0..40)
}

/// Checks the invariants of classes made of `values` into at most `k`.
fn check_classes(method: &ClassMethod, values: &[f64], k: usize) -> Result<(), TestCaseError> {
    let c = Classes::new(method, values, k);
    if !matches!(method, ClassMethod::Breaks(_)) {
        prop_assert!(c.len() <= k, "{} classes for k = {}", c.len(), k);
    }
    match method {
        // Manual breaks make the same classes whatever the values (one per
        // break and an open top class), so regions share one legend.
        ClassMethod::Breaks(b) => prop_assert_eq!(c.len(), b.len() + 1),
        _ => prop_assert_eq!(c.is_empty(), values.is_empty()),
    }
    prop_assert!(
        c.upper.windows(2).all(|w| w[0] < w[1]),
        "upper bounds not ascending: {:?}",
        c.upper
    );
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut last = 0;
    for &v in &sorted {
        let class = c.class_of(v);
        prop_assert!(class.is_some(), "{} has no class in {:?}", v, c.upper);
        let class = class.unwrap();
        prop_assert!(class < c.len());
        prop_assert!(
            class >= last,
            "class of {} below that of a smaller value",
            v
        );
        last = class;
    }
    if let Some(&max) = sorted.last() {
        if !matches!(method, ClassMethod::Breaks(_)) {
            prop_assert_eq!(
                c.upper.last().copied(),
                Some(max),
                "last bound is not the maximum"
            );
        }
    }
    for i in 0..c.len() {
        let _ = c.label(i);
    }
    prop_assert_eq!(c.class_of(f64::NAN), None);
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn quantile_classes_cover_every_value_in_order(v in values(), k in 1usize..=8) {
        check_classes(&ClassMethod::Quantile, &v, k)?;
    }

    #[test]
    fn equal_interval_classes_cover_every_value_in_order(v in values(), k in 1usize..=8) {
        check_classes(&ClassMethod::EqualInterval, &v, k)?;
    }

    #[test]
    fn jenks_classes_cover_every_value_in_order(v in values(), k in 1usize..=8) {
        check_classes(&ClassMethod::Jenks, &v, k)?;
    }

    #[test]
    fn manual_break_classes_cover_every_value_in_order(
        v in values(),
        breaks in prop::collection::vec(finite(), 1..6),
        k in 1usize..=8,
    ) {
        let mut b = breaks;
        b.sort_by(f64::total_cmp);
        b.dedup();
        check_classes(&ClassMethod::Breaks(b), &v, k)?;
    }

    #[test]
    fn classes_ignore_values_that_are_not_finite(
        v in values(),
        k in 0usize..=8,
        junk in prop::collection::vec(prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY]), 0..4),
    ) {
        for method in [ClassMethod::Quantile, ClassMethod::EqualInterval] {
            let mut all = v.clone();
            all.extend(&junk);
            prop_assert_eq!(Classes::new(&method, &all, k), Classes::new(&method, &v, k));
        }
    }

    #[test]
    fn class_method_parse_never_panics(s in "[0-9a-z,. eE+-]{0,20}|\\PC{0,20}") {
        if let Ok(ClassMethod::Breaks(b)) = s.parse::<ClassMethod>() {
            prop_assert!(b.iter().all(|x| x.is_finite()));
            prop_assert!(b.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn jenks_does_not_panic_on_values_whose_squares_overflow() {
    // 1e200² is infinite: the cost table fills with NaN and the traceback
    // indexes sorted[0 - 1].
    let v = [1e200, 2e200, 3e200];
    let c = std::panic::catch_unwind(|| Classes::new(&ClassMethod::Jenks, &v, 2))
        .expect("Classes::new(Jenks) panicked");
    assert_eq!(c.len(), 2);
    assert!(v.iter().all(|x| c.class_of(*x).is_some()));
}

// ---------------------------------------------------------------------------
// Parsers of user input
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn decoding_never_panics_and_keeps_utf8_offsets(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        text in "\\PC{0,100}",
    ) {
        for input in [bytes.clone(), text.into_bytes()] {
            match decode("x", &input) {
                Err(e) => {
                    prop_assert!(input.contains(&0));
                    prop_assert!(e.to_string().starts_with("x:"));
                }
                Ok((decoded, warning)) => {
                    if let Ok(valid) = std::str::from_utf8(&input) {
                        if !valid.starts_with('\u{feff}') {
                            prop_assert_eq!(&decoded, valid);
                            prop_assert!(warning.is_none());
                        }
                    } else if !input.contains(&0) {
                        // Invalid UTF-8: same length, so spans are file offsets.
                        prop_assert_eq!(decoded.len(), input.len());
                        prop_assert!(warning.unwrap().starts_with("x:"));
                    }
                }
            }
        }
    }
}

#[test]
fn decoding_looks_for_nul_only_in_the_first_8_kib() {
    let mut late = vec![b'a'; 8192];
    late.push(0);
    assert!(decode("x", &late).is_ok());
    let mut early = vec![b'a'; 8191];
    early.push(0);
    early.extend([1, 2, 3, 0, 0, 4]);
    assert!(decode("x", &early).is_err());
    assert!(matches!(decode("x", b""), Ok((_, None))));
}

/// Fragments of TOML region files, valid and not.
const TOML_BITS: &[&str] = &[
    "[[region]]\n",
    "[region]\n",
    "id = \"mekong\"\n",
    "id = \"Bad Id\"\n",
    "id = \"\"\n",
    "name = \"Mekong\"\n",
    "members = [\"KHM\", \"Laos\", \"Burma\"]\n",
    "members = [\"Atlantis\"]\n",
    "members = []\n",
    "m49 = [\"035\"]\n",
    "m49 = [\"999\"]\n",
    "exclude = [\"KHM\"]\n",
    "context = [\"THA\"]\n",
    "phrases = [\"Mekong basin\"]\n",
    "unknown = 1\n",
    "id = ",
    "\"",
    "'",
    "[",
    "]",
    "=",
    ",",
    "\n",
    "\r\n",
    "#",
    "é",
    "\u{1F600}",
    "\u{2019}",
    "\\",
    "\\u",
    "\0",
    " ",
    "\t",
    "\"\"\"",
];

/// Fragments of values CSV files, valid and not.
const CSV_BITS: &[&str] = &[
    "country,value\n",
    "country\n",
    "Myanmar",
    "KH",
    "Côte d\u{2019}Ivoire",
    "Atlantis",
    "MMR",
    ",",
    ",,",
    "\n",
    "\r\n",
    "\"",
    "1,000",
    "\"1,000\"",
    "12",
    "-3.5e2",
    "NaN",
    "inf",
    "1e999",
    " ",
    "é",
    "\u{1F600}",
    "\u{FEFF}",
    "#",
    ";",
    "\t",
];

fn garbage(bits: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(bits).prop_map(String::from),
            1 => "\\PC{0,6}",
            1 => any::<char>().prop_map(String::from),
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

/// Checks that a parse error names the file and a line of it.
fn check_parse_error(err: &Error, file: &str, text: &str) -> Result<(), TestCaseError> {
    let msg = err.to_string();
    prop_assert!(
        msg.starts_with(&format!("{file}:")),
        "error does not name the file: {:?}",
        msg
    );
    match err {
        Error::Parse { line, .. } => {
            let lines = text.split('\n').count();
            prop_assert!(
                *line >= 1 && *line <= lines,
                "line {} is not a line of the {}-line input: {:?}",
                line,
                lines,
                msg
            );
        }
        other => prop_assert!(false, "not a parse error: {:?}", other),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(768))]

    #[test]
    fn regions_parse_never_panics_on_garbage(s in garbage(TOML_BITS)) {
        match RegionSet::parse(&s, Path::new("r.toml"), gaz()) {
            Ok(set) => {
                for r in set.regions() {
                    prop_assert!(!r.members.is_empty(), "region {} has no members", r.id);
                    prop_assert!(r.members.windows(2).all(|w| w[0] < w[1]));
                    prop_assert!(r.context.iter().all(|c| !r.contains(*c)));
                }
            }
            Err(e) => check_parse_error(&e, "r.toml", &s)?,
        }
    }

    #[test]
    fn values_parse_never_panics_and_errors_name_a_line(s in garbage(CSV_BITS)) {
        match Values::parse(&s, Path::new("v.csv"), gaz()) {
            Ok(v) => prop_assert!(v.by_country.values().all(|x| x.is_finite())),
            Err(e) => check_parse_error(&e, "v.csv", &s)?,
        }
    }
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

fn strip_accents(s: &str) -> String {
    s.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Country names and alternates whose folded form names one country only,
/// with the country, where a plain lookup finds it.
fn unique_names() -> &'static [(String, CountryId)] {
    static CELL: OnceLock<Vec<(String, CountryId)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let gaz = gaz();
        let mut owners: HashMap<String, HashSet<CountryId>> = HashMap::new();
        for f in gaz.forms() {
            if let Some(id) = f.country {
                owners.entry(fold(&f.text)).or_default().insert(id);
            }
        }
        for id in gaz.ids() {
            let c = gaz.country(id);
            for n in std::iter::once(&c.name).chain(&c.alt_names) {
                owners.entry(fold(n)).or_default().insert(id);
            }
        }
        let mut out = Vec::new();
        for id in gaz.ids() {
            let c = gaz.country(id);
            for n in std::iter::once(&c.name).chain(&c.alt_names) {
                if owners[&fold(n)].len() == 1 && gaz.lookup(n).ok() == Some(id) {
                    out.push((n.clone(), id));
                }
            }
        }
        out
    })
}

#[test]
fn lookup_is_case_and_accent_insensitive() {
    let names = unique_names();
    assert!(
        names.len() > 240,
        "only {} names are unique and found",
        names.len()
    );
    let mut wrong = Vec::new();
    for (name, id) in names {
        for q in [
            name.to_uppercase(),
            name.to_lowercase(),
            strip_accents(name),
            strip_accents(&name.to_uppercase()),
            format!("  {name}\t"),
        ] {
            if gaz().lookup(&q).ok() != Some(*id) {
                wrong.push((name.clone(), q));
            }
        }
    }
    assert!(wrong.is_empty(), "lookups failed: {wrong:?}");
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn lookup_ignores_any_mix_of_case(
        i in 0..unique_names().len(),
        flips in prop::collection::vec(any::<bool>(), 64),
    ) {
        let (name, id) = &unique_names()[i];
        let q: String = name
            .chars()
            .zip(flips.iter().cycle())
            .map(|(c, up)| if *up { c.to_uppercase().collect::<String>() } else { c.to_lowercase().collect() })
            .collect();
        prop_assert_eq!(gaz().lookup(&q).ok(), Some(*id), "{:?} (from {:?})", q, name);
    }

    #[test]
    fn lookup_never_panics_and_errors_quote_the_query(q in "\\PC{0,30}") {
        if let Err(e) = gaz().lookup(&q) {
            let unknown = matches!(e, Error::UnknownCountry { .. });
            prop_assert!(unknown, "unexpected error {:?}", e);
            let quoted = format!("{q:?}");
            prop_assert!(e.to_string().contains(&quoted), "{} does not quote {}", e, quoted);
        }
    }
}

/// Scans `text` in pieces cut at `cuts` (byte offsets, any order), each
/// piece resuming where the previous stopped, then settles: what a reader
/// of a big file in chunks does.
fn find_in_pieces(text: &str, cuts: &[usize]) -> Vec<Mention> {
    let mut cuts: Vec<usize> = cuts
        .iter()
        .map(|c| c % (text.len() + 1))
        .filter(|c| text.is_char_boundary(*c))
        .collect();
    cuts.push(text.len());
    cuts.sort_unstable();
    let (mut found, mut evidence) = (Vec::new(), geomention::mentions::Evidence::default());
    let language = ex().language_of(text, None);
    let mut from = 0;
    for cut in cuts {
        if cut > from {
            from = ex().scan(language, text, from..cut, &mut found, &mut evidence);
        }
    }
    found
        .iter()
        .filter_map(|c| ex().settle(c, &evidence))
        .collect()
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn scanning_in_pieces_finds_what_one_pass_finds(
        s in text(),
        cuts in proptest::collection::vec(0usize..4096, 0..6),
    ) {
        prop_assert_eq!(find_in_pieces(&s, &cuts), ex().find(&s));
    }
}

#[test]
fn scanning_in_pieces_keeps_names_cut_in_the_middle_and_wrapped() {
    let text = "Talks in Papua New\r\nGuinea, Bosnia and Herzegovina and Chad. Chad Smith said. Dominica and Dominicans.";
    for cut in (0..=text.len()).filter(|c| text.is_char_boundary(*c)) {
        assert_eq!(
            find_in_pieces(text, &[cut]),
            ex().find(text),
            "cut at {cut}"
        );
    }
}
