//! Mention extraction: text in, every mention of a country or region out,
//! with its byte span, the form matched and its kind, in English and 26
//! other languages.
//!
//! Aho-Corasick automata (leftmost-longest, over the case variants a form
//! is written in; spellings tried only where a word may start) find
//! candidate forms, so "Papua New Guinea" wins over "Guinea", "Nigerian"
//! over "Niger" and 印度尼西亚 (Indonesia) over 印度 (India). Each candidate
//! is then checked in place: it must stand as a whole word (by the rules of
//! its script, [`script`]), its capitals must be capitals ("US" but not
//! "us"), and forms with another common reading (the person "Chad Smith",
//! the US state in "Atlanta, Georgia", "turkey" the bird, Vietnamese "Anh")
//! must pass the context rules ([`context`] for English). A document's
//! language (from its metadata, or [`Language::detect`]) picks the forms
//! searched: English ones alone for English, the language's own and
//! English's for the others.
//!
//! ```
//! use geomention::{Extractor, Target};
//! let ex = Extractor::bundled();
//! let text = "Cambodian police raided a Myanmar-based ring; Chad Smith said.";
//! let found: Vec<&str> = ex.find(text).iter().map(|m| &text[m.start..m.end]).collect();
//! assert_eq!(found, ["Cambodian", "Myanmar"]);
//! ```

pub mod context;
mod language;
mod matcher;
mod rules;
pub mod script;
mod settle;

use std::ops::Range;
use std::sync::OnceLock;

use crate::gazetteer::{CountryId, FormKind, Gazetteer};
use crate::regions::RegionSet;
pub use language::Language;
use matcher::{Matcher, FORM_BITS, LONGEST_FORM};
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

/// Finds country and region mentions in text.
///
/// Build one per region set and share it: it is `Sync`, and
/// [`Extractor::find`] takes `&self`. The English matcher is built at once;
/// each other language's on the first document in that language.
pub struct Extractor {
    gazetteer: &'static Gazetteer,
    regions: RegionSet,
    /// One per [`Language`], English first.
    matchers: Vec<OnceLock<Matcher>>,
    /// Each country's continent (UN M49 region code, 0 if none), for
    /// settling contested forms.
    continents: Vec<u16>,
}

static BUNDLED: OnceLock<Extractor> = OnceLock::new();

impl Extractor {
    /// An extractor for the bundled gazetteer and regions.
    pub fn bundled() -> &'static Extractor {
        BUNDLED.get_or_init(|| Extractor::new(Gazetteer::bundled(), RegionSet::bundled()))
    }

    /// Builds an extractor from the gazetteer and a region set (whose
    /// phrases become region mentions).
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
    pub fn new(gaz: &'static Gazetteer, regions: &RegionSet) -> Extractor {
        let matchers: Vec<OnceLock<Matcher>> = Language::all().map(|_| OnceLock::new()).collect();
        let _ = matchers[0].set(Matcher::english(gaz, regions));
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
            gazetteer: gaz,
            regions: regions.clone(),
            matchers,
            continents,
        }
    }

    /// The matcher of a language, built on first use.
    fn matcher(&self, language: Language) -> &Matcher {
        self.matchers[language.index()]
            .get_or_init(|| Matcher::language(language, self.gazetteer, &self.regions))
    }

    /// The matcher a mention's form came from.
    fn matcher_of(&self, form: u32) -> &Matcher {
        let index = (form >> FORM_BITS) as usize;
        self.matchers[index]
            .get()
            .expect("a mention comes from a matcher that was built")
    }

    /// The language of a text: `hint` (a tag from the document's metadata)
    /// if geomention reads it, else detected ([`Language::detect`]).
    ///
    /// ```
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// assert_eq!(ex.language_of("Le Cambodge et la Birmanie.", Some("fr-FR")).tag(), "fr");
    /// assert_eq!(ex.language_of("泰国警方在柬埔寨边境解救了数百名被困者。", None).tag(), "zh-Hans");
    /// ```
    pub fn language_of(&self, text: &str, hint: Option<&str>) -> Language {
        hint.and_then(Language::from_tag)
            .unwrap_or_else(|| Language::detect(text))
    }

    /// Every mention in `text`, in order, in the language the text is
    /// detected to be in.
    ///
    /// ```
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// assert!(ex.find("Let us eat turkey off fine china.").is_empty());
    /// assert_eq!(ex.find("Papua New Guinea and Guinea-Bissau").len(), 2);
    /// let ru = "Полиция Камбоджи и таиландские власти освободили граждан Мьянмы.";
    /// assert_eq!(ex.find(ru).len(), 3);
    /// ```
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_into(text, &mut out);
        out
    }

    /// Like [`Extractor::find`], but appends to a buffer the caller reuses.
    pub fn find_into(&self, text: &str, out: &mut Vec<Mention>) {
        self.find_in(Language::detect(text), text, out);
    }

    /// Every mention in `text`, read as written in `language`, appended to
    /// `out`.
    pub fn find_in(&self, language: Language, text: &str, out: &mut Vec<Mention>) {
        let mut candidates = Vec::new();
        let mut evidence = Evidence::default();
        self.scan(
            language,
            text,
            0..text.len(),
            &mut candidates,
            &mut evidence,
        );
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
    /// use geomention::mentions::{Evidence, Language};
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// let text = "Chad Smith flew to Chad. Chad said it would sign.";
    /// let (mut found, mut ev) = (Vec::new(), Evidence::default());
    /// let en = Language::ENGLISH;
    /// let stop = ex.scan(en, text, 0..20, &mut found, &mut ev);
    /// ex.scan(en, text, stop..text.len(), &mut found, &mut ev);
    /// let kept: Vec<_> = found.iter().filter_map(|c| ex.settle(c, &ev)).collect();
    /// assert_eq!(kept, ex.find(text));
    /// ```
    pub fn scan(
        &self,
        language: Language,
        text: &str,
        range: Range<usize>,
        out: &mut Vec<Candidate>,
        evidence: &mut Evidence,
    ) -> usize {
        self.matcher(language).scan(text, range, out, evidence)
    }

    /// How many bytes past the end of a piece a match starting in it may
    /// run: the longest spelling of any language.
    pub fn overhang(&self) -> usize {
        LONGEST_FORM
    }

    /// The mention a candidate stands for once its whole document has been
    /// scanned and `evidence` gathered, or `None` when the document reads it
    /// as something else.
    pub fn settle(&self, candidate: &Candidate, evidence: &Evidence) -> Option<Mention> {
        self.matcher_of(candidate.mention.form())
            .settle(candidate, evidence, &self.continents)
    }

    /// The form a mention matched, as the data writes it ("U.S.", "Burma");
    /// `&text[m.start..m.end]` is the text as written.
    ///
    /// ```
    /// use geomention::Extractor;
    /// let ex = Extractor::bundled();
    /// let m = ex.find("BURMA")[0];
    /// assert_eq!(ex.form(&m), "Burma");
    /// ```
    pub fn form(&self, mention: &Mention) -> &str {
        self.matcher_of(mention.form).form(mention.form)
    }

    /// The size of a language's matcher (building it if needed): spellings
    /// searched for, and heap bytes of its automata.
    ///
    /// ```
    /// use geomention::{mentions::Language, Extractor};
    /// let (spellings, bytes) = Extractor::bundled().matcher_size(Language::ENGLISH);
    /// assert!(spellings > 1000 && bytes > 0);
    /// ```
    pub fn matcher_size(&self, language: Language) -> (usize, usize) {
        let m = self.matcher(language);
        (m.spellings(), m.memory_usage())
    }
}
