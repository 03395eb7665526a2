//! Counting mentions per document; tallies merge, so documents can be
//! counted in parallel and combined.

use std::collections::BTreeMap;

use crate::gazetteer::CountryId;
use crate::mentions::{Mention, Target};

/// Mentions counted in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentTally {
    /// The document's name (its path, or `-` for standard input).
    pub name: String,
    /// Mentions of each country.
    pub countries: BTreeMap<CountryId, u32>,
    /// Mentions of each region (by position in the region set).
    pub regions: BTreeMap<u16, u32>,
}

impl DocumentTally {
    /// Counts the mentions of one document.
    ///
    /// ```
    /// use geomention::{tally::DocumentTally, Extractor, Gazetteer};
    /// let text = "Myanmar, Burma and Cambodia.";
    /// let doc = DocumentTally::new("a.txt", &Extractor::bundled().find(text));
    /// let mm = Gazetteer::bundled().lookup("MMR").unwrap();
    /// assert_eq!(doc.countries[&mm], 2);
    /// ```
    pub fn new(name: impl Into<String>, mentions: &[Mention]) -> DocumentTally {
        let mut doc = DocumentTally {
            name: name.into(),
            ..DocumentTally::default()
        };
        for m in mentions {
            match m.target {
                Target::Country(id) => *doc.countries.entry(id).or_default() += 1,
                Target::Region(r) => *doc.regions.entry(r).or_default() += 1,
            }
        }
        doc
    }
}

/// Totals for one country or region over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents with at least one mention.
    pub documents: u64,
}

/// Mention counts for a corpus, document by document.
///
/// ```
/// use geomention::{tally::{DocumentTally, Tally}, Extractor};
/// let ex = Extractor::bundled();
/// let mut a = Tally::default();
/// a.push(DocumentTally::new("b.txt", &ex.find("Fiji")));
/// let mut b = Tally::default();
/// b.push(DocumentTally::new("a.txt", &ex.find("Fiji and Tonga")));
/// a.merge(b);
/// assert_eq!(a.documents()[0].name, "a.txt");
/// let fiji = geomention::Gazetteer::bundled().lookup("FJI").unwrap();
/// assert_eq!(a.country_totals()[&fiji].mentions, 2);
/// assert_eq!(a.country_totals()[&fiji].documents, 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    documents: Vec<DocumentTally>,
}

impl Tally {
    /// Adds a document, keeping documents in name order.
    pub fn push(&mut self, doc: DocumentTally) {
        let at = self.documents.partition_point(|d| d.name <= doc.name);
        self.documents.insert(at, doc);
    }

    /// Adds every document of another tally.
    pub fn merge(&mut self, other: Tally) {
        self.documents.extend(other.documents);
        self.documents.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// The documents, in name order.
    pub fn documents(&self) -> &[DocumentTally] {
        &self.documents
    }

    /// Mentions and documents per country over the corpus.
    pub fn country_totals(&self) -> BTreeMap<CountryId, Count> {
        self.totals(|doc| &doc.countries)
    }

    /// Mentions and documents per region over the corpus.
    pub fn region_totals(&self) -> BTreeMap<u16, Count> {
        self.totals(|doc| &doc.regions)
    }

    fn totals<K: Ord + Copy>(
        &self,
        counts: impl Fn(&DocumentTally) -> &BTreeMap<K, u32>,
    ) -> BTreeMap<K, Count> {
        let mut out: BTreeMap<K, Count> = BTreeMap::new();
        for doc in &self.documents {
            for (key, n) in counts(doc) {
                let c = out.entry(*key).or_default();
                c.mentions += u64::from(*n);
                c.documents += 1;
            }
        }
        out
    }
}

impl FromIterator<DocumentTally> for Tally {
    fn from_iter<I: IntoIterator<Item = DocumentTally>>(iter: I) -> Tally {
        let mut documents: Vec<DocumentTally> = iter.into_iter().collect();
        documents.sort_by(|a, b| a.name.cmp(&b.name));
        Tally { documents }
    }
}
