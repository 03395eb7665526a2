//! The gazetteer: every country and territory, its codes, names, aliases,
//! demonyms, UN M49 regions, label point and boundary.
//!
//! The bundled data (`geodata/` in the repository) is compiled into the
//! library, so [`Gazetteer::bundled`] works from any directory.
//!
//! ```
//! use geomention::Gazetteer;
//! let gaz = Gazetteer::bundled();
//! let mm = gaz.lookup("Burma").unwrap();
//! assert_eq!(gaz.country(mm).iso_a3, "MMR");
//! assert_eq!(gaz.lookup("mm").unwrap(), mm);
//! assert_eq!(gaz.lookup("104").unwrap(), mm);
//! ```

mod forms;
pub mod languages;
mod load;
mod locate;

pub use forms::{FormFlags, FormKind, NameForm};
pub use languages::{LanguageForms, LANGUAGES};

use std::collections::HashMap;
use std::sync::OnceLock;

use geo::{BoundingRect, MultiPolygon, Point, Rect};

use crate::error::{Error, Result};
use crate::normalize::fold;

/// Index of a country in a [`Gazetteer`].
///
/// It serialises as the country's `iso_a3` code (see
/// [`Gazetteer::bundled`]), not as the index, so serialised data stays
/// valid when the gazetteer gains countries.
///
/// ```
/// let gaz = geomention::Gazetteer::bundled();
/// let mm = gaz.lookup("Burma").unwrap();
/// assert_eq!(serde_json::to_string(&mm).unwrap(), "\"MMR\"");
/// assert_eq!(serde_json::from_str::<geomention::CountryId>("\"MMR\"").unwrap(), mm);
/// assert!(serde_json::from_str::<geomention::CountryId>("\"Burma\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryId(pub(crate) u16);

impl serde::Serialize for CountryId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&Gazetteer::bundled().country(*self).iso_a3)
    }
}

impl<'de> serde::Deserialize<'de> for CountryId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let code = std::borrow::Cow::<str>::deserialize(d)?;
        Gazetteer::bundled().by_iso_a3(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown country code {code:?}; expected an ISO 3166-1 alpha-3 code such as \"MMR\""
            ))
        })
    }
}

impl CountryId {
    /// The position of the country in [`Gazetteer::countries`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn from_index(i: usize) -> CountryId {
        CountryId(i as u16)
    }
}

/// One country or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, or the boundary data's own code for units
    /// without one (Kosovo is `XKX`).
    pub iso_a3: String,
    /// ISO 3166-1 alpha-2 code, where there is one.
    pub iso_a2: Option<String>,
    /// ISO 3166-1 numeric code as three digits, where there is one.
    pub iso_n3: Option<String>,
    /// English short name (CLDR).
    pub name: String,
    /// CLDR's English alternates ("Burma", "Ivory Coast").
    pub alt_names: Vec<String>,
    /// UN M49 region code ("002" Africa, "142" Asia...).
    pub region: Option<String>,
    /// UN M49 subregion code ("035" South-eastern Asia...).
    pub subregion: Option<String>,
    /// UN M49 intermediate region code ("202" Sub-Saharan Africa...).
    pub intermediate: Option<String>,
    /// A point inside the country for labels and markers.
    pub label: Option<Point<f64>>,
}

/// Countries, their names and their boundaries.
pub struct Gazetteer {
    countries: Vec<Country>,
    forms: Vec<NameForm>,
    by_code: HashMap<String, CountryId>,
    by_name: HashMap<String, CountryId>,
    geometry_source: &'static str,
    geometries: OnceLock<Vec<Option<MultiPolygon<f64>>>>,
    index: OnceLock<locate::CountryIndex>,
    /// Each language's forms, parsed on first use (same order as [`LANGUAGES`]).
    languages: Vec<OnceLock<LanguageForms>>,
    /// Folded names in every language, for lookups.
    by_name_any_language: OnceLock<HashMap<String, CountryId>>,
}

static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The gazetteer built from the data compiled into the library.
    ///
    /// Parsing happens once, on first use; boundaries are parsed only when
    /// first asked for.
    pub fn bundled() -> &'static Gazetteer {
        BUNDLED.get_or_init(|| {
            load::bundled().expect("bundled geodata parses (checked by tests/gazetteer.rs)")
        })
    }

    /// Every country, in `iso_a3` order.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// assert!(gaz.countries().len() > 240);
    /// ```
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Every surface form (names, aliases, demonyms, block phrases).
    pub fn forms(&self) -> &[NameForm] {
        &self.forms
    }

    /// The country with this id.
    pub fn country(&self, id: CountryId) -> &Country {
        &self.countries[id.index()]
    }

    /// Ids of all countries, in `iso_a3` order.
    pub fn ids(&self) -> impl Iterator<Item = CountryId> + '_ {
        (0..self.countries.len()).map(|i| CountryId(i as u16))
    }

    /// Looks a country up by ISO code (alpha-2, alpha-3 or numeric, with or
    /// without leading zeros), name, alias or demonym, ignoring case, accents
    /// and punctuation.
    ///
    /// Names resolve to the same units as the boundaries and the mention
    /// counts: "Somaliland" is `SOL`, not Somalia.
    ///
    /// An unknown query gives [`Error::UnknownCountry`] with close matches.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// let ci = gaz.lookup("Ivory Coast").unwrap();
    /// assert_eq!(gaz.lookup("cote d'ivoire").unwrap(), ci);
    /// assert_eq!(gaz.lookup("Côte d’Ivoire").unwrap(), ci);
    /// assert_eq!(gaz.lookup("4").unwrap(), gaz.lookup("004").unwrap());
    /// assert!(gaz.lookup("Atlantis").is_err());
    /// ```
    pub fn lookup(&self, query: &str) -> Result<CountryId> {
        self.find(query).ok_or_else(|| Error::UnknownCountry {
            query: query.to_string(),
            suggestions: self.suggestions(&fold(query.trim())),
        })
    }

    /// [`Gazetteer::lookup`] without the error: `None` for an unknown
    /// query, and no time spent looking for close matches.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// assert_eq!(gaz.find("Burma"), gaz.find("MMR"));
    /// assert_eq!(gaz.find("Cambodiya"), None);
    /// assert_eq!(gaz.find("Cambodja"), gaz.find("KHM")); // Dutch
    /// ```
    pub fn find(&self, query: &str) -> Option<CountryId> {
        let q = query.trim();
        let code = match q.len() {
            1 | 2 if q.bytes().all(|b| b.is_ascii_digit()) => format!("{q:0>3}"),
            _ => q.to_ascii_uppercase(),
        };
        if let Some(id) = self.by_code.get(&code) {
            return Some(*id);
        }
        let folded = fold(q);
        self.by_name
            .get(&folded)
            .or_else(|| self.names_in_every_language().get(&folded))
            .copied()
    }

    /// The forms of another language (a tag of [`LANGUAGES`]: `fr`,
    /// `zh-Hans`...), parsed on first use.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// let fr = gaz.language_forms("fr");
    /// assert!(fr.forms.iter().any(|f| f.text == "Birmanie"));
    /// ```
    ///
    /// # Panics
    /// On a tag that is not in [`LANGUAGES`].
    pub fn language_forms(&self, tag: &str) -> &LanguageForms {
        let i = LANGUAGES
            .iter()
            .position(|t| *t == tag)
            .unwrap_or_else(|| panic!("{tag:?} is not one of geomention's languages"));
        self.languages[i].get_or_init(|| {
            languages::load(tag, &self.by_code)
                .expect("bundled language forms parse (checked by tests)")
        })
    }

    /// Folded names, aliases and demonyms of every language (English
    /// first), for lookups ("Birmanie", "缅甸", "Мьянма").
    fn names_in_every_language(&self) -> &HashMap<String, CountryId> {
        self.by_name_any_language.get_or_init(|| {
            let mut all = HashMap::new();
            for tag in LANGUAGES {
                for f in &self.language_forms(tag).forms {
                    if let (Some(id), true) = (f.country, f.also.is_empty()) {
                        all.entry(fold(&f.text)).or_insert(id);
                    }
                }
            }
            all
        })
    }

    /// The country with exactly this `iso_a3` code (upper case), and
    /// nothing else: no names, no other codes.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// assert_eq!(gaz.by_iso_a3("KHM"), gaz.find("Cambodia"));
    /// assert_eq!(gaz.by_iso_a3("KH"), None);
    /// assert_eq!(gaz.by_iso_a3("khm"), None);
    /// ```
    pub fn by_iso_a3(&self, code: &str) -> Option<CountryId> {
        self.by_code
            .get(code)
            .copied()
            .filter(|id| self.country(*id).iso_a3 == code)
    }

    /// Up to three "Name (ISO)" strings close to a folded query.
    fn suggestions(&self, folded: &str) -> Vec<String> {
        if folded.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, CountryId)> = self
            .by_name
            .iter()
            .map(|(name, id)| (strsim::jaro_winkler(folded, name), *id))
            .filter(|(score, _)| *score >= 0.82)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, id) in scored {
            let c = self.country(id);
            let s = format!("{} ({})", c.name, c.iso_a3);
            if !out.contains(&s) {
                out.push(s);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    /// The country's boundary, if the bundled data has a polygon for it
    /// (tiny states such as the Vatican collapse at 1:50m and have none).
    ///
    /// ```
    /// use geo::Area;
    /// let gaz = geomention::Gazetteer::bundled();
    /// let fj = gaz.lookup("Fiji").unwrap();
    /// assert!(gaz.geometry(fj).unwrap().unsigned_area() > 0.5);
    /// ```
    pub fn geometry(&self, id: CountryId) -> Option<&MultiPolygon<f64>> {
        self.geometries
            .get_or_init(|| {
                load::geometries(self.geometry_source, &self.by_code, self.countries.len())
                    .expect("bundled boundaries parse (checked by tests/gazetteer.rs)")
            })
            .get(id.index())
            .and_then(Option::as_ref)
    }

    /// The bounding box of the country's boundary.
    ///
    /// ```
    /// let gaz = geomention::Gazetteer::bundled();
    /// let bbox = gaz.bbox(gaz.lookup("KHM").unwrap()).unwrap();
    /// assert!(bbox.min().x > 102.0 && bbox.max().x < 108.0);
    /// ```
    pub fn bbox(&self, id: CountryId) -> Option<Rect<f64>> {
        self.geometry(id).and_then(|g| g.bounding_rect())
    }

    /// The country whose boundary contains a point (longitude, latitude).
    ///
    /// ```
    /// use geo::Point;
    /// let gaz = geomention::Gazetteer::bundled();
    /// let phnom_penh = Point::new(104.92, 11.56);
    /// let id = gaz.country_at(phnom_penh).unwrap();
    /// assert_eq!(gaz.country(id).iso_a3, "KHM");
    /// assert!(gaz.country_at(Point::new(-140.0, 0.0)).is_none()); // open ocean
    /// ```
    pub fn country_at(&self, point: Point<f64>) -> Option<CountryId> {
        self.index
            .get_or_init(|| locate::CountryIndex::new(self))
            .locate(self, point)
    }
}
