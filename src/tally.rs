//! Counting mentions: per document as it is scanned ([`DocumentTally`]),
//! and over a corpus ([`Tally`]), which keeps totals only, so a corpus of
//! millions of documents takes no more memory than one of ten. Tallies
//! merge, so parts of a corpus can be counted apart (on other cores or
//! other machines) and combined.

use std::collections::BTreeMap;

use crate::dates::Date;
use crate::error::{Error, Result};
use crate::gazetteer::CountryId;
use crate::input::Meta;
use crate::mentions::{Mention, Target};
use crate::periods::{Granularity, Timeline, Window};
use crate::regions::RegionSet;

/// Mentions counted in one document, with the document's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentTally {
    /// What is known about the document (its id, source, title, date...).
    pub meta: Meta,
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
    pub fn new(meta: impl Into<Meta>, mentions: &[Mention]) -> DocumentTally {
        let mut doc = DocumentTally {
            meta: meta.into(),
            ..DocumentTally::default()
        };
        for m in mentions {
            doc.add(m);
        }
        doc
    }

    /// Counts one more mention.
    pub fn add(&mut self, m: &Mention) {
        match m.target {
            Target::Country(id) => *self.countries.entry(id).or_default() += 1,
            Target::Region(r) => *self.regions.entry(r).or_default() += 1,
        }
    }

    /// The document's id (its path, or `path#row` for a record).
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The document's date, if it has one that can be read (the scan
    /// writes dates in ISO form; others are read leniently).
    ///
    /// ```
    /// use geomention::{input::Meta, tally::DocumentTally};
    /// let mut meta = Meta::for_source("a.txt");
    /// meta.date = Some("18 March 2024".into());
    /// let doc = DocumentTally::new(meta, &[]);
    /// assert_eq!(doc.date().unwrap().to_string(), "2024-03-18");
    /// ```
    pub fn date(&self) -> Option<Date> {
        crate::dates::parse(self.meta.date.as_deref()?).ok()
    }
}

/// Totals for one country or region over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Count {
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents with at least one mention.
    pub documents: u64,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.mentions += other.mentions;
        self.documents += other.documents;
    }
}

/// Mention totals for a corpus: per country, per region phrase, and the
/// documents that mention each region of a region set (a member or the
/// region itself).
///
/// ```
/// use geomention::{input::Meta, tally::{DocumentTally, Tally}, Extractor, RegionSet};
/// let ex = Extractor::bundled();
/// let regions = RegionSet::bundled();
/// let mut a = Tally::new(regions);
/// a.add(&DocumentTally::new(Meta::for_source("b.txt"), &ex.find("Fiji")));
/// let mut b = Tally::new(regions);
/// b.add(&DocumentTally::new(Meta::for_source("a.txt"), &ex.find("Fiji and Tonga")));
/// a.merge(&b);
/// let fiji = geomention::Gazetteer::bundled().lookup("FJI").unwrap();
/// assert_eq!(a.country_totals()[&fiji].mentions, 2);
/// assert_eq!(a.country_totals()[&fiji].documents, 2);
/// assert_eq!(a.documents(), 2);
/// let pacific = regions.position("pacific").unwrap() as u16;
/// assert_eq!(a.region_documents(pacific), 2);
/// ```
///
/// Made with [`Tally::by_period`], a tally also counts per year, quarter
/// or month ([`Tally::timeline`]); every tally counts the documents without
/// a date ([`Tally::undated`]).
///
/// A tally serialises with serde (see [`Tally::to_json`]): countries by
/// their ISO code, regions by their position in the region ids the tally
/// carries along, so a tally counted in one process (a Spark executor, a
/// Dask worker) reads back the same in another.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Tally {
    documents: u64,
    /// Documents without a date that can be read.
    #[serde(default)]
    undated: u64,
    /// Counts per period, when asked for.
    #[serde(default)]
    timeline: Option<Box<Timeline>>,
    countries: BTreeMap<CountryId, Count>,
    regions: BTreeMap<u16, Count>,
    region_documents: BTreeMap<u16, u64>,
    /// Each region's id and members, by region position, to count its
    /// documents.
    region_ids: Vec<String>,
    members: Vec<Vec<CountryId>>,
}

impl Tally {
    /// An empty tally that counts documents per region of `regions`.
    pub fn new(regions: &RegionSet) -> Tally {
        Tally {
            region_ids: regions.regions().iter().map(|r| r.id.clone()).collect(),
            members: regions
                .regions()
                .iter()
                .map(|r| {
                    let mut m = r.members.clone();
                    m.sort_unstable();
                    m
                })
                .collect(),
            ..Tally::default()
        }
    }

    /// Also counts per period of `granularity` the documents dated inside
    /// `window`.
    ///
    /// ```
    /// use geomention::{input::Meta, tally::{DocumentTally, Tally}, Extractor, RegionSet};
    /// use geomention::periods::{Granularity, Window};
    /// let regions = RegionSet::bundled();
    /// let mut t = Tally::new(regions).by_period(Granularity::Quarter, Window::default());
    /// let mut meta = Meta::for_source("a.txt");
    /// meta.date = Some("2024-03-31".into());
    /// t.add(&DocumentTally::new(meta, &Extractor::bundled().find("Fiji")));
    /// t.add(&DocumentTally::new("b.txt", &Extractor::bundled().find("Tonga")));
    /// let timeline = t.timeline().unwrap();
    /// let q1 = timeline.get("2024-Q1".parse().unwrap()).unwrap();
    /// assert_eq!((q1.documents(), t.documents(), t.undated()), (1, 2, 1));
    /// ```
    pub fn by_period(mut self, granularity: Granularity, window: Window) -> Tally {
        self.timeline = Some(Box::new(Timeline::new(granularity, window)));
        self
    }

    /// The counts per period, for a tally made with [`Tally::by_period`].
    pub fn timeline(&self) -> Option<&Timeline> {
        self.timeline.as_deref()
    }

    /// Documents counted without a date that can be read.
    pub fn undated(&self) -> u64 {
        self.undated
    }

    /// An empty tally for the same region set, without periods.
    pub(crate) fn empty_like(&self) -> Tally {
        Tally {
            region_ids: self.region_ids.clone(),
            members: self.members.clone(),
            ..Tally::default()
        }
    }

    /// Adds one document's counts (and, when the tally counts per period,
    /// to its period's).
    pub fn add(&mut self, doc: &DocumentTally) {
        self.add_counts(doc);
        let Some(date) = doc.date() else {
            self.undated += 1;
            return;
        };
        if let Some(mut timeline) = self.timeline.take() {
            timeline.add(doc, date, self);
            self.timeline = Some(timeline);
        }
    }

    /// Adds one document's counts to the totals only.
    pub(crate) fn add_counts(&mut self, doc: &DocumentTally) {
        self.documents += 1;
        for (id, n) in &doc.countries {
            self.countries.entry(*id).or_default().add(Count {
                mentions: u64::from(*n),
                documents: 1,
            });
        }
        for (r, n) in &doc.regions {
            self.regions.entry(*r).or_default().add(Count {
                mentions: u64::from(*n),
                documents: 1,
            });
        }
        for (i, members) in self.members.iter().enumerate() {
            let r = i as u16;
            let mentioned = doc.regions.contains_key(&r)
                || doc
                    .countries
                    .keys()
                    .any(|id| members.binary_search(id).is_ok());
            if mentioned {
                *self.region_documents.entry(r).or_default() += 1;
            }
        }
    }

    /// Adds every count of another tally (of the same region set). Periods
    /// are merged when this tally counts per period: into the period
    /// holding them when the other's are shorter (months into quarters),
    /// as coarse when they are longer. An empty tally without periods
    /// takes the other's periods (as it takes its regions).
    pub fn merge(&mut self, other: &Tally) {
        if self.members.is_empty() {
            self.members = other.members.clone();
            self.region_ids = other.region_ids.clone();
        }
        if self.documents == 0 && self.timeline.is_none() {
            self.timeline = other
                .timeline
                .as_ref()
                .map(|t| Box::new(Timeline::new(t.granularity(), t.window())));
        }
        match (self.timeline.take(), other.timeline()) {
            (Some(mut mine), Some(theirs)) => {
                mine.merge(theirs, self);
                self.timeline = Some(mine);
            }
            // A tally counted without periods adds to the totals only.
            (mine, _) => self.timeline = mine,
        }
        self.undated += other.undated;
        self.documents += other.documents;
        for (id, c) in &other.countries {
            self.countries.entry(*id).or_default().add(*c);
        }
        for (r, c) in &other.regions {
            self.regions.entry(*r).or_default().add(*c);
        }
        for (r, n) in &other.region_documents {
            *self.region_documents.entry(*r).or_default() += n;
        }
    }

    /// [`Tally::merge`], refusing a tally counted for another region set
    /// (an empty [`Tally::default`] fits any).
    ///
    /// ```
    /// use geomention::{tally::Tally, Gazetteer, RegionSet};
    /// let mine = RegionSet::parse("[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"FJI\"]\n",
    ///     "mine.toml".as_ref(), Gazetteer::bundled())?;
    /// let mut a = Tally::new(RegionSet::bundled());
    /// assert!(a.try_merge(&Tally::new(RegionSet::bundled())).is_ok());
    /// assert!(a.try_merge(&Tally::default()).is_ok());
    /// let err = a.try_merge(&Tally::new(&mine)).unwrap_err();
    /// assert!(err.to_string().contains("different region sets"));
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub fn try_merge(&mut self, other: &Tally) -> Result<()> {
        let fits = |t: &Tally| t.region_ids.is_empty() && t.documents == 0;
        if self.region_ids != other.region_ids && !fits(self) && !fits(other) {
            return Err(Error::Invalid(format!(
                "cannot merge tallies counted for different region sets ({} and {}); count both with the same regions",
                list_ids(&self.region_ids),
                list_ids(&other.region_ids)
            )));
        }
        self.merge(other);
        Ok(())
    }

    /// The ids of the regions this tally counts documents for, in region
    /// set order.
    pub fn region_ids(&self) -> &[String] {
        &self.region_ids
    }

    /// The tally as JSON (see [`Tally::from_json`]); the same tally gives
    /// the same text.
    ///
    /// ```
    /// use geomention::{tally::{DocumentTally, Tally}, Extractor};
    /// let t: Tally = [DocumentTally::new("a", &Extractor::bundled().find("Fiji, Tonga"))].into_iter().collect();
    /// let json = t.to_json();
    /// assert!(json.contains("\"FJI\""));
    /// assert_eq!(Tally::from_json(&json)?, t);
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a tally serialises to JSON")
    }

    /// Reads a tally written by [`Tally::to_json`], checking that its
    /// region counts refer to regions it names.
    ///
    /// ```
    /// use geomention::tally::Tally;
    /// assert!(Tally::from_json("{\"documents\": 2}").is_ok());
    /// let err = Tally::from_json("{\"countries\": {\"Burma\": {\"mentions\": 1, \"documents\": 1}}}").unwrap_err();
    /// assert!(err.to_string().contains("unknown country code \"Burma\""));
    /// ```
    pub fn from_json(json: &str) -> Result<Tally> {
        // serde would also take a struct's fields as an array: `[1, 2]`.
        if !json.trim_start().starts_with('{') {
            return Err(Error::Invalid(
                "reading a tally from JSON: expected an object; the tally was not written by Tally::to_json".into(),
            ));
        }
        let mut tally: Tally = serde_json::from_str(json)
            .map_err(|e| Error::Invalid(format!("reading a tally from JSON: {e}")))?;
        tally.check()?;
        // Members are searched by id; ids follow code order, but sort anyway.
        tally.members.iter_mut().for_each(|m| m.sort_unstable());
        Ok(tally)
    }

    fn check(&self) -> Result<()> {
        let n = self.region_ids.len();
        let bad = |what: &str| {
            Err(Error::Invalid(format!(
                "reading a tally from JSON: {what}; the tally was not written by Tally::to_json"
            )))
        };
        if self.members.len() != n {
            return bad(&format!(
                "{} region ids but {} member lists",
                n,
                self.members.len()
            ));
        }
        let keys = self.regions.keys().chain(self.region_documents.keys());
        if let Some(r) = keys.into_iter().find(|r| usize::from(**r) >= n) {
            return bad(&format!("region position {r} but only {n} regions"));
        }
        Ok(())
    }

    /// Number of documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Mentions and documents per country over the corpus.
    pub fn country_totals(&self) -> &BTreeMap<CountryId, Count> {
        &self.countries
    }

    /// Mentions and documents per region phrase over the corpus.
    pub fn region_totals(&self) -> &BTreeMap<u16, Count> {
        &self.regions
    }

    /// Documents that mention a member of the region (by position in the
    /// region set) or the region itself.
    pub fn region_documents(&self, region: u16) -> u64 {
        self.region_documents.get(&region).copied().unwrap_or(0)
    }

    /// Documents that mention a member of the region with this id or the
    /// region itself; `None` for a region the tally was not made for.
    pub fn documents_mentioning(&self, region_id: &str) -> Option<u64> {
        let i = self.region_ids.iter().position(|id| id == region_id)?;
        Some(self.region_documents(i as u16))
    }
}

fn list_ids(ids: &[String]) -> String {
    if ids.is_empty() {
        "no regions".to_string()
    } else {
        format!("regions {}", ids.join(","))
    }
}

/// Collects document tallies, counting region documents for the bundled
/// regions (use [`Tally::new`] and [`Tally::add`] for a region set of your
/// own).
impl FromIterator<DocumentTally> for Tally {
    fn from_iter<I: IntoIterator<Item = DocumentTally>>(iter: I) -> Tally {
        let mut tally = Tally::new(RegionSet::bundled());
        for doc in iter {
            tally.add(&doc);
        }
        tally
    }
}

impl crate::scan::ScanSink for Tally {
    fn document(&mut self, doc: &DocumentTally) -> crate::Result<()> {
        self.add(doc);
        Ok(())
    }
    fn warning(&mut self, _message: &str) {}
}
