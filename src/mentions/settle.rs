//! Document-wide readings: what the rest of a document says decides the
//! candidates a sentence alone cannot ("Chad Smith … Chad said", "Fine
//! China", "Dominican", "ROC").
//!
//! A document may be scanned in pieces (a 2 GB report is read in chunks on
//! several cores). Each piece gathers its [`Evidence`]; pieces' evidence
//! merges, and the pending candidates are settled once the whole document
//! has been seen, so the result equals one pass over the whole text.

use std::collections::BTreeSet;

use super::{Mention, Target};
use crate::gazetteer::CountryId;

/// Whether a candidate's reading is settled, or waits for the rest of the
/// document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Pending {
    /// Counted as it stands.
    Settled,
    /// A form with another reading, unsure here: counted unless the
    /// document reads the same form otherwise elsewhere (or, for a US state
    /// name, names a US city), or counted anyway if the document names the
    /// country plainly.
    Unsure {
        /// The form is also a US place ("Georgia").
        us_place: bool,
    },
    /// A common word capitalised by a title-case line: counted only if the
    /// document names the country elsewhere.
    NeedsEvidence,
    /// A text that names one of several countries ("Dominican"): the
    /// document decides which.
    Contested,
}

/// A mention as one pass found it, before the rest of the document is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The mention, with the form's first (default) target.
    pub mention: Mention,
    /// Whether it still waits for the document.
    pub pending: Pending,
}

/// What a document says that decides its pending candidates, gathered
/// piece by piece. Evidence merges: the evidence of a whole document is the
/// merge of its pieces', in any order.
///
/// ```
/// use geomention::mentions::Evidence;
/// let (mut a, b) = (Evidence::default(), Evidence::default());
/// a.merge(&b);
/// assert_eq!(a, Evidence::default());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Targets named by a form with no other reading.
    pub(crate) plain: TargetSet,
    /// Targets an ambiguous form was read as, in a context that leaves no
    /// doubt ("refugees in Jordan").
    pub(crate) read_as_country: TargetSet,
    /// Forms read as something else somewhere ("Chad Smith", "turkey").
    pub(crate) other_forms: BTreeSet<u32>,
    /// The document names a US city that goes with a state name.
    pub(crate) us_city: bool,
}

impl Evidence {
    /// Adds the evidence of another piece of the same document.
    pub fn merge(&mut self, other: &Evidence) {
        self.plain.merge(&other.plain);
        self.read_as_country.merge(&other.read_as_country);
        self.other_forms.extend(other.other_forms.iter().copied());
        self.us_city |= other.us_city;
    }

    /// Forgets everything (to reuse the sets for the next document).
    pub fn clear(&mut self) {
        self.plain.clear();
        self.read_as_country.clear();
        self.other_forms.clear();
        self.us_city = false;
    }

    fn names(&self, target: Target) -> bool {
        self.plain.contains(&target) || self.read_as_country.contains(&target)
    }

    /// How strongly the document points at a country: 2 if it names it,
    /// 1 if it names another country of the same continent (`continents`:
    /// UN M49 region per country, 0 for none), 0 otherwise.
    fn support(&self, continents: &[u16], id: CountryId) -> u8 {
        if self.names(Target::Country(id)) {
            return 2;
        }
        let continent = continents[id.index()];
        let near = self
            .plain
            .iter()
            .chain(self.read_as_country.iter())
            .any(|t| match t {
                Target::Country(other) => continent != 0 && continents[other.index()] == continent,
                Target::Region(_) => false,
            });
        u8::from(near)
    }
}

/// A set of targets: countries as bits (a document names many countries
/// many times, and each mention is recorded), regions in a small set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TargetSet {
    countries: Vec<u64>,
    regions: BTreeSet<u16>,
}

impl TargetSet {
    pub(crate) fn insert(&mut self, target: Target) {
        match target {
            Target::Country(id) => {
                let (word, bit) = (id.index() / 64, id.index() % 64);
                if self.countries.len() <= word {
                    self.countries.resize(word + 1, 0);
                }
                self.countries[word] |= 1 << bit;
            }
            Target::Region(r) => {
                self.regions.insert(r);
            }
        }
    }

    pub(crate) fn contains(&self, target: &Target) -> bool {
        match target {
            Target::Country(id) => self
                .countries
                .get(id.index() / 64)
                .is_some_and(|w| w & (1 << (id.index() % 64)) != 0),
            Target::Region(r) => self.regions.contains(r),
        }
    }

    pub(crate) fn merge(&mut self, other: &TargetSet) {
        if self.countries.len() < other.countries.len() {
            self.countries.resize(other.countries.len(), 0);
        }
        for (w, o) in self.countries.iter_mut().zip(&other.countries) {
            *w |= o;
        }
        self.regions.extend(other.regions.iter().copied());
    }

    pub(crate) fn clear(&mut self) {
        self.countries.clear();
        self.regions.clear();
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Target> + '_ {
        let countries = self.countries.iter().enumerate().flat_map(|(w, bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| Target::Country(CountryId::from_index(w * 64 + b)))
        });
        countries.chain(self.regions.iter().map(|r| Target::Region(*r)))
    }
}

/// The countries a contested text may name: the first is the default,
/// unless the form needs context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contest {
    pub targets: Vec<CountryId>,
    pub has_default: bool,
}

/// The mention a candidate stands for, given its document's evidence, or
/// `None` when the document reads it as something else.
pub(crate) fn settle(
    candidate: &Candidate,
    evidence: &Evidence,
    contest: Option<&Contest>,
    continents: &[u16],
) -> Option<Mention> {
    let m = candidate.mention;
    let keep = match candidate.pending {
        Pending::Settled => true,
        Pending::Unsure { us_place } => {
            let named_plainly = evidence.plain.contains(&m.target);
            let other_reading_here = evidence.other_forms.contains(&m.form);
            named_plainly || !(other_reading_here || (us_place && evidence.us_city))
        }
        Pending::NeedsEvidence => evidence.names(m.target),
        Pending::Contested => {
            let contest = contest?;
            let target = choose(contest, evidence, continents)?;
            return Some(Mention {
                target: Target::Country(target),
                ..m
            });
        }
    };
    keep.then_some(m)
}

/// The best-supported country of a contest; on a tie the default, or none
/// when the form needs context.
fn choose(contest: &Contest, evidence: &Evidence, continents: &[u16]) -> Option<CountryId> {
    let scored: Vec<(u8, CountryId)> = contest
        .targets
        .iter()
        .map(|id| (evidence.support(continents, *id), *id))
        .collect();
    let best = scored.iter().map(|(s, _)| *s).max()?;
    let mut top = scored.iter().filter(|(s, _)| *s == best);
    let first = top.next()?.1;
    let tied = top.next().is_some();
    if best > 0 && !tied {
        return Some(first);
    }
    contest.has_default.then(|| contest.targets[0])
}
