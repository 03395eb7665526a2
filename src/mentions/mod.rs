//! Mention extraction: text in, every mention of a country or region out,
//! with its byte span, the form matched and its kind.
//!
//! Aho-Corasick automata (leftmost-longest, over the case variants a form
//! is written in; capitalised spellings tried only where a word starts)
//! find candidate forms, so "Papua New Guinea" wins over
//! "Guinea" and "Nigerian" over "Niger". Each candidate is then checked in
//! place: it must stand as a whole word, its capitals must be capitals
//! ("US" but not "us"), and forms with another common reading (the person
//! "Chad Smith", the US state in "Atlanta, Georgia", "turkey" the bird)
//! must pass the context rules in [`context`].
//!
//! ```
//! use geomention::{Extractor, Target};
//! let ex = Extractor::bundled();
//! let text = "Cambodian police raided a Myanmar-based ring; Chad Smith said.";
//! let found: Vec<&str> = ex.find(text).iter().map(|m| &text[m.start..m.end]).collect();
//! assert_eq!(found, ["Cambodian", "Myanmar"]);
//! ```

pub mod context;
mod settle;

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::gazetteer::{CountryId, FormFlags, FormKind, Gazetteer};
use crate::regions::RegionSet;
use context::Reading;
use settle::Contest;
pub use settle::{Candidate, Evidence, Pending};

/// What a mention refers to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Target {
    /// A country of the gazetteer.
    Country(CountryId),
    /// A region, by its position in the [`RegionSet`] the extractor was built with.
    Region(u16),
}

/// One mention found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// The country or region mentioned.
    pub target: Target,
    /// Whether it was a name, alias, demonym or region phrase.
    pub kind: FormKind,
    form: u32,
}

impl Mention {
    /// The index of the form matched (see [`Extractor::form`]).
    pub(crate) fn form(&self) -> u32 {
        self.form
    }

    pub(crate) fn from_parts(
        start: usize,
        end: usize,
        target: Target,
        kind: FormKind,
        form: u32,
    ) -> Mention {
        Mention {
            start,
            end,
            target,
            kind,
            form,
        }
    }
}

#[derive(Debug, Clone)]
struct Pattern {
    target: Option<Target>,
    kind: FormKind,
    flags: FormFlags,
    /// The form as the data writes it, which sets the case rules.
    text: String,
    /// Index into `canonical`.
    form: u32,
    /// Whether this spelling keeps the form's capitals ("Turkey", not the
    /// lower-case "turkey" that is matched only to be seen).
    fits_case: bool,
    /// Index into `contests` when the text names several countries.
    contest: Option<u32>,
    /// A US city name: matched only as evidence for state names.
    us_city: bool,
}

/// Finds country and region mentions in text.
///
/// Build one per gazetteer and region set and share it: it is `Sync`, and
/// [`Extractor::find`] takes `&self`.
pub struct Extractor {
    /// Spellings that start with anything but a lower-case ASCII letter
    /// (nearly all), searched anchored at word starts only.
    capitalised: Automaton,
    /// The few that start with a lower-case letter ("sub-Saharan Africa",
    /// "turkey"), searched everywhere.
    lowercase: Automaton,
    /// Which bytes start a capitalised spelling.
    starts: [bool; 256],
    patterns: Vec<Pattern>,
    canonical: Vec<String>,
    contests: Vec<Contest>,
    /// The contest of each form (by form index), if it names several countries.
    form_contest: Vec<Option<u32>>,
    /// The longest spelling, in bytes: how far a match may run past the end
    /// of the piece it starts in.
    longest: usize,
    /// Each country's continent (UN M49 region code, 0 if none), for
    /// settling contested forms.
    continents: Vec<u16>,
}

/// An automaton over some of the patterns, and which pattern each of its
/// own pattern ids is.
struct Automaton {
    search: AhoCorasick,
    pattern: Vec<usize>,
    anchored: bool,
}

impl Automaton {
    fn new(patterns: &[Pattern], select: impl Fn(&Pattern) -> bool, anchored: bool) -> Automaton {
        let pattern: Vec<usize> = (0..patterns.len())
            .filter(|i| select(&patterns[*i]))
            .collect();
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(if anchored {
                StartKind::Anchored
            } else {
                StartKind::Unanchored
            })
            .build(pattern.iter().map(|i| patterns[*i].text.as_bytes()))
            .expect("gazetteer forms build an automaton");
        Automaton {
            search,
            pattern,
            anchored,
        }
    }

    /// The longest match at or after `from` (exactly at `from` if anchored),
    /// as (start, end, pattern index).
    fn find(&self, haystack: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        let input = Input::new(haystack)
            .range(from..)
            .anchored(if self.anchored {
                Anchored::Yes
            } else {
                Anchored::No
            });
        self.search
            .find(input)
            .map(|m| (m.start(), m.end(), self.pattern[m.pattern().as_usize()]))
    }
}

fn starts_lowercase(p: &Pattern) -> bool {
    p.text.as_bytes()[0].is_ascii_lowercase()
}

/// What a reading in context leaves for the document to decide; `None`
/// for another reading (not a mention).
fn pending_of(reading: Reading, flags: FormFlags) -> Option<Pending> {
    match reading {
        Reading::Country => Some(Pending::Settled),
        Reading::Other => None,
        Reading::Unsure => Some(Pending::Unsure {
            us_place: flags.us_place,
        }),
        Reading::NeedsEvidence => Some(Pending::NeedsEvidence),
    }
}

/// Collects the spellings of every form, numbering forms as it goes.
#[derive(Default)]
struct PatternBuilder {
    patterns: Vec<Pattern>,
    canonical: Vec<String>,
    contests: Vec<Contest>,
    form_contest: Vec<Option<u32>>,
    /// The countries the next form may name, if several.
    contest: Option<Contest>,
    /// The next forms are US city names.
    us_city: bool,
}

impl PatternBuilder {
    fn add(
        &mut self,
        target: Option<Target>,
        kind: FormKind,
        flags: FormFlags,
        text: &str,
        lower_too: bool,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let form = self.canonical.len() as u32;
        self.canonical.push(text.to_string());
        let contest = self.contest.take().map(|c| {
            self.contests.push(c);
            (self.contests.len() - 1) as u32
        });
        self.form_contest.push(contest);
        let straight = |s: &str| s.replace('\u{2019}', "'");
        for variant in spellings(text, flags, lower_too) {
            let fits_case = context::case_fits(
                straight(text).as_bytes(),
                straight(&variant).as_bytes(),
                flags,
            );
            self.patterns.push(Pattern {
                target,
                kind,
                flags,
                text: variant,
                form,
                fits_case,
                contest,
                us_city: self.us_city,
            });
        }
    }
}

static BUNDLED: OnceLock<Extractor> = OnceLock::new();

impl Extractor {
    /// An extractor for the bundled gazetteer and regions.
    pub fn bundled() -> &'static Extractor {
        BUNDLED.get_or_init(|| Extractor::new(Gazetteer::bundled(), RegionSet::bundled()))
    }

    /// Builds an extractor from a gazetteer and a region set (whose phrases
    /// become region mentions).
    ///
    /// ```
    /// use std::path::Path;
    /// use geomention::{Extractor, Gazetteer, RegionSet, Target};
    /// let gaz = Gazetteer::bundled();
    /// let toml = "[[region]]\nid = \"mekong\"\nname = \"Mekong\"\nmembers = [\"KHM\"]\nphrases = [\"Mekong basin\"]\n";
    /// let regions = RegionSet::parse(toml, Path::new("r.toml"), gaz).unwrap();
    /// let ex = Extractor::new(gaz, &regions);
    /// assert_eq!(ex.find("dams in the Mekong basin")[0].target, Target::Region(0));
    /// ```
    pub fn new(gaz: &Gazetteer, regions: &RegionSet) -> Extractor {
        let mut builder = PatternBuilder::default();
        for (i, region) in regions.regions().iter().enumerate() {
            for phrase in &region.phrases {
                let target = Some(Target::Region(i as u16));
                builder.add(
                    target,
                    FormKind::RegionPhrase,
                    FormFlags::default(),
                    phrase,
                    false,
                );
            }
        }
        // Lower-case spellings are searched apart from the rest, and cheaply
        // only while they are few (a SIMD prefilter takes up to 64): those of
        // ambiguous forms ("turkey"), and of the common-noun block phrases
        // that hide one ("guinea pig").
        let ambiguous: std::collections::HashSet<String> = gaz
            .forms()
            .iter()
            .filter(|f| f.flags.is_ambiguous())
            .map(|f| f.text.to_lowercase())
            .collect();
        for form in gaz.forms() {
            let lower = form.text.to_lowercase();
            // A common-noun phrase ("Guinea pig", not "Gulf of Guinea") that
            // holds an ambiguous word.
            let hides_ambiguous = || {
                let common_noun = form.text.split(' ').skip(1).any(|w| {
                    w.starts_with(|c: char| c.is_lowercase()) && !matches!(w, "of" | "the" | "and")
                });
                common_noun
                    && lower
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| ambiguous.contains(w))
            };
            let lower_too =
                form.flags.is_ambiguous() || (form.kind == FormKind::Block && hides_ambiguous());
            builder.contest = (!form.alternatives.is_empty()).then(|| Contest {
                targets: form
                    .country
                    .into_iter()
                    .chain(form.alternatives.iter().copied())
                    .collect(),
                has_default: !form.flags.needs_context,
            });
            builder.add(
                form.country.map(Target::Country),
                form.kind,
                form.flags,
                &form.text,
                lower_too,
            );
        }
        builder.contest = None;
        builder.us_city = true;
        for city in context::US_CITIES {
            builder.add(None, FormKind::Block, FormFlags::default(), city, false);
        }
        let PatternBuilder {
            mut patterns,
            canonical,
            contests,
            form_contest,
            ..
        } = builder;
        // A text can be matched by one pattern only: the first listed wins,
        // so region phrases come first and the automaton sees no duplicates.
        let mut seen = std::collections::HashSet::new();
        patterns.retain(|p| seen.insert(p.text.clone()));
        let mut starts = [false; 256];
        for p in patterns.iter().filter(|p| !starts_lowercase(p)) {
            starts[usize::from(p.text.as_bytes()[0])] = true;
        }
        let continents = gaz
            .countries()
            .iter()
            .map(|c| {
                c.region
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(0)
            })
            .collect();
        Extractor {
            capitalised: Automaton::new(&patterns, |p| !starts_lowercase(p), true),
            lowercase: Automaton::new(&patterns, starts_lowercase, false),
            starts,
            longest: patterns.iter().map(|p| p.text.len()).max().unwrap_or(0),
            patterns,
            canonical,
            contests,
            form_contest,
            continents,
        }
    }

    /// The first position in `from..to` where a capitalised spelling could
    /// start a word.
    /// `before` is the byte before the haystack, if any. Only a letter
    /// before rules a position out (digits do not glue: "Kenya2nd"); the
    /// full check is [`context::is_word`].
    fn next_word_start(
        &self,
        hay: &[u8],
        before: Option<u8>,
        from: usize,
        to: usize,
    ) -> Option<usize> {
        let mut i = from;
        while i < to {
            i += hay[i..to]
                .iter()
                .position(|b| self.starts[usize::from(*b)])?;
            let prev = if i == 0 { before } else { Some(hay[i - 1]) };
            if !prev.is_some_and(|b| b.is_ascii_alphabetic()) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Every mention in `text`, in order.
    ///
    /// ```
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// assert!(ex.find("Let us eat turkey off fine china.").is_empty());
    /// assert_eq!(ex.find("Papua New Guinea and Guinea-Bissau").len(), 2);
    /// ```
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_into(text, &mut out);
        out
    }

    /// Like [`Extractor::find`], but appends to a buffer the caller reuses,
    /// so that scanning many documents allocates little per document.
    pub fn find_into(&self, text: &str, out: &mut Vec<Mention>) {
        let mut candidates = Vec::new();
        let mut evidence = Evidence::default();
        self.scan(text, 0..text.len(), &mut candidates, &mut evidence);
        out.extend(candidates.iter().filter_map(|c| self.settle(c, &evidence)));
    }

    /// One pass over the part `range` of `text`, for texts read in pieces:
    /// appends the candidates that start in `range`, in order, and adds
    /// what the piece says to `evidence`. The rules read up to
    /// [`context::WINDOW`] bytes around each candidate, so `text` should
    /// hold that much on either side of `range` where the document has it,
    /// plus [`Extractor::overhang`] bytes after it for a match that runs
    /// past its end.
    ///
    /// Returns where the pass stopped: past `range.end` when a match
    /// started inside the range and ran beyond it; the next piece must then
    /// be scanned from there.
    ///
    /// ```
    /// use geomention::mentions::Evidence;
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// let text = "Chad Smith flew to Chad. Chad said it would sign.";
    /// let (mut found, mut ev) = (Vec::new(), Evidence::default());
    /// let stop = ex.scan(text, 0..20, &mut found, &mut ev);
    /// ex.scan(text, stop..text.len(), &mut found, &mut ev);
    /// let kept: Vec<_> = found.iter().filter_map(|c| ex.settle(c, &ev)).collect();
    /// assert_eq!(kept, ex.find(text));
    /// ```
    pub fn scan(
        &self,
        text: &str,
        range: Range<usize>,
        out: &mut Vec<Candidate>,
        evidence: &mut Evidence,
    ) -> usize {
        let hay_end = (range.end + 2 * self.overhang()).min(text.len());
        let haystack = Haystack::new(&text.as_bytes()[range.start..hay_end]);
        let hay = &*haystack.bytes;
        let before = range.start.checked_sub(1).map(|i| text.as_bytes()[i]);
        // Haystack offsets at or past `stop` are outside the range.
        let stop = haystack.offset_of(range.end - range.start);
        // Everything before `pos` is consumed. Capitalised spellings are
        // tried at each word start; lower-case ones come from their own
        // search, kept one match ahead.
        let mut pos = 0;
        let mut lower = self.lowercase.find(hay, 0);
        loop {
            if lower.is_some_and(|(start, _, _)| start < pos) {
                lower = self.lowercase.find(hay, pos);
            }
            let limit = lower.map_or(hay.len(), |(start, _, _)| start).min(stop);
            let word_start = self.next_word_start(hay, before, pos, limit);
            let (hs, he, index) = match word_start {
                Some(i) => match self.capitalised.find(hay, i) {
                    Some(m) => m,
                    None => {
                        pos = i + 1;
                        continue;
                    }
                },
                None => match lower.filter(|(start, _, _)| *start < stop) {
                    Some(m) => m,
                    None => break,
                },
            };
            let (start, end) = haystack.span_in_text(hs, he);
            let (start, end) = (start + range.start, end + range.start);
            let pattern = &self.patterns[index];
            if !self.fits(pattern, text, start, end) {
                // The longest form did not fit ("Omanis" holds no
                // "Omani"): a shorter one inside it still may.
                pos = hs + 1;
                continue;
            }
            pos = he.max(hs + 1);
            self.judge(pattern, text, start, end, out, evidence);
        }
        let consumed = haystack.span_in_text(pos.max(stop), pos.max(stop)).0;
        range.start + consumed.min(text.len() - range.start)
    }

    /// How many bytes past the end of a piece a match starting in it may
    /// run: the longest spelling.
    pub fn overhang(&self) -> usize {
        self.longest
    }

    /// Whether a matched spelling stands as a word of the right case.
    fn fits(&self, pattern: &Pattern, text: &str, start: usize, end: usize) -> bool {
        let word = if pattern.flags.exact_case {
            context::is_code_word(text, start, end)
        } else {
            context::is_word(text, start, end)
        };
        word && (pattern.fits_case || pattern.flags.is_ambiguous())
    }

    /// Reads one match that fits: records a candidate and what it says of
    /// the document.
    fn judge(
        &self,
        pattern: &Pattern,
        text: &str,
        start: usize,
        end: usize,
        out: &mut Vec<Candidate>,
        evidence: &mut Evidence,
    ) {
        if pattern.us_city {
            evidence.us_city = true;
            return;
        }
        let Some(target) = pattern.target else {
            return; // a block phrase: consumed, never reported
        };
        if pattern.kind == FormKind::Demonym && context::is_language_use(text, start, end) {
            return;
        }
        let mention = Mention {
            start,
            end,
            target,
            kind: pattern.kind,
            form: pattern.form,
        };
        let pending = if pattern.contest.is_some() {
            Some(Pending::Contested)
        } else if !pattern.flags.is_ambiguous() {
            evidence.plain.insert(target);
            Some(Pending::Settled)
        } else if !pattern.fits_case {
            None // "turkey", "chad": the common word
        } else {
            pending_of(
                context::read(text, start, end, pattern.flags),
                pattern.flags,
            )
        };
        match pending {
            None => {
                evidence.other_forms.insert(pattern.form);
            }
            Some(pending) => {
                if pending == Pending::Settled && pattern.flags.is_ambiguous() {
                    evidence.read_as_country.insert(target);
                }
                out.push(Candidate { mention, pending });
            }
        }
    }

    /// The mention a candidate stands for once its whole document has been
    /// scanned and `evidence` gathered, or `None` when the document reads it
    /// as something else.
    pub fn settle(&self, candidate: &Candidate, evidence: &Evidence) -> Option<Mention> {
        let contest =
            self.form_contest[candidate.mention.form as usize].map(|i| &self.contests[i as usize]);
        settle::settle(candidate, evidence, contest, &self.continents)
    }

    /// The form a mention matched, as the gazetteer writes it ("U.S.",
    /// "Burma"); `&text[m.start..m.end]` is the text as written.
    ///
    /// ```
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// let m = ex.find("BURMA")[0];
    /// assert_eq!(ex.form(&m), "Burma");
    /// ```
    pub fn form(&self, mention: &Mention) -> &str {
        &self.canonical[mention.form as usize]
    }
}

/// The bytes the automaton searches: the text with line breaks and tabs
/// as spaces, so that a name wrapped across lines ("Papua New\nGuinea",
/// common in text taken from PDF reports) still matches. The `\r` of a
/// CRLF pair is dropped, and its place remembered to map spans back.
struct Haystack<'t> {
    bytes: std::borrow::Cow<'t, [u8]>,
    /// Haystack offsets at which a `\r` was dropped, ascending.
    dropped: Vec<usize>,
}

impl<'t> Haystack<'t> {
    fn new(text: &'t [u8]) -> Haystack<'t> {
        if memchr::memchr3(b'\n', b'\r', b'\t', text).is_none() {
            return Haystack {
                bytes: std::borrow::Cow::Borrowed(text),
                dropped: Vec::new(),
            };
        }
        let mut dropped = Vec::new();
        let bytes = if memchr::memchr(b'\r', text).is_none() {
            let mut bytes = text.to_vec();
            for i in memchr::memchr2_iter(b'\n', b'\t', text) {
                bytes[i] = b' ';
            }
            bytes
        } else {
            let mut bytes = Vec::with_capacity(text.len());
            for (i, &b) in text.iter().enumerate() {
                match b {
                    b'\r' if text.get(i + 1) == Some(&b'\n') => dropped.push(bytes.len()),
                    b'\n' | b'\r' | b'\t' => bytes.push(b' '),
                    _ => bytes.push(b),
                }
            }
            bytes
        };
        Haystack {
            bytes: std::borrow::Cow::Owned(bytes),
            dropped,
        }
    }

    /// The haystack offset of a text offset (the inverse of
    /// [`Haystack::span_in_text`] at a position that is not a dropped `\r`).
    fn offset_of(&self, text_offset: usize) -> usize {
        // Dropped positions are haystack offsets: the k-th one sits at text
        // offset d + k.
        let before = self
            .dropped
            .iter()
            .enumerate()
            .take_while(|(k, &d)| d + k < text_offset)
            .count();
        text_offset - before
    }

    /// A haystack span as a span of the text: every dropped `\r` before
    /// the start (or inside the span) moves it right.
    fn span_in_text(&self, start: usize, end: usize) -> (usize, usize) {
        if self.dropped.is_empty() {
            return (start, end);
        }
        let before_start = self.dropped.partition_point(|&d| d <= start);
        let before_end = self.dropped.partition_point(|&d| d < end);
        (start + before_start, end + before_end)
    }
}

/// The spellings a form is matched under. Matching is case-sensitive, so
/// that "US" does not fire on every "us" inside "business": a form is
/// matched as written, in Title Case ("Pacific Islands" for "Pacific
/// islands"), with a capital first letter, in capitals (headlines), and,
/// and, when `lower_too`, in lower case (so that "turkey" the bird is seen
/// and can tell against "Turkey" at a sentence start, and "guinea pig"
/// hides its "guinea"). Each comes
/// with the typographic apostrophe news sites use, too.
fn spellings(form: &str, flags: FormFlags, lower_too: bool) -> Vec<String> {
    let mut out = vec![form.to_string()];
    if !flags.exact_case {
        out.push(title_case(form));
        let mut chars = form.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_uppercase().chain(chars).collect());
        }
        out.push(form.to_uppercase());
        if lower_too {
            out.push(form.to_lowercase());
        }
    }
    let curly: Vec<String> = out
        .iter()
        .filter(|s| s.contains('\''))
        .map(|s| s.replace('\'', "\u{2019}"))
        .collect();
    out.extend(curly);
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// Capitalises the first letter of every word ("sub-Saharan Africa" ->
/// "Sub-Saharan Africa").
fn title_case(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    let mut at_word_start = true;
    for c in form.chars() {
        if at_word_start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c == ' ';
    }
    out
}
