//! Region layers: named groups of countries, the phrases that name them, and
//! the countries that frame their maps.
//!
//! The bundled set (`geodata/regions.toml`) has `world`, `southeast-asia`,
//! `africa`, `pacific`, `east-asia`, `south-asia`, `middle-east`, `europe`
//! and `latin-america`; users can load their own file in the same format.
//!
//! ```
//! use geomention::{Gazetteer, RegionSet};
//! let gaz = Gazetteer::bundled();
//! let regions = RegionSet::bundled();
//! let sea = regions.get("southeast-asia").unwrap();
//! assert_eq!(sea.members.len(), 11);
//! assert!(sea.members.contains(&gaz.lookup("Myanmar").unwrap()));
//! assert!(regions.get("atlantis").is_err());
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::gazetteer::{CountryId, Gazetteer};

const BUNDLED_REGIONS: &str = include_str!("../geodata/regions.toml");

/// One region layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Identifier used on the command line and in file names.
    pub id: String,
    /// Display name for map titles.
    pub name: String,
    /// Member countries, in code order.
    pub members: Vec<CountryId>,
    /// Countries kept in frame (and drawn grey) that are not members.
    pub context: Vec<CountryId>,
    /// Phrases that name the region in a text.
    pub phrases: Vec<String>,
}

impl Region {
    /// Whether a country is a member of this region.
    pub fn contains(&self, id: CountryId) -> bool {
        self.members.binary_search(&id).is_ok()
    }
}

/// An ordered set of regions.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSet {
    regions: Vec<Region>,
}

/// At most this many regions: a region's index is a `u16` in tallies.
const MAX_REGIONS: usize = u16::MAX as usize;

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    region: Option<Spanned<Vec<RegionEntry>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    id: Text,
    name: String,
    #[serde(default)]
    members: Vec<Text>,
    #[serde(default)]
    m49: Vec<Text>,
    #[serde(default)]
    exclude: Vec<Text>,
    #[serde(default)]
    context: Vec<Text>,
    #[serde(default)]
    phrases: Vec<Text>,
}

static BUNDLED: OnceLock<RegionSet> = OnceLock::new();

impl RegionSet {
    /// The regions bundled with the library (`geodata/regions.toml`).
    pub fn bundled() -> &'static RegionSet {
        BUNDLED.get_or_init(|| {
            RegionSet::parse(
                BUNDLED_REGIONS,
                Path::new("geodata/regions.toml"),
                Gazetteer::bundled(),
            )
            .expect("bundled regions parse (checked by tests/regions.rs)")
        })
    }

    /// Reads a user's regions file; errors name the file and line.
    ///
    /// ```no_run
    /// use geomention::{Gazetteer, RegionSet};
    /// let mine = RegionSet::from_path("my-regions.toml", Gazetteer::bundled())?;
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, gaz: &Gazetteer) -> Result<RegionSet> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        RegionSet::parse(&text, path, gaz)
    }

    /// Parses regions from TOML text; `path` is only used in error messages.
    ///
    /// ```
    /// use std::path::Path;
    /// use geomention::{Gazetteer, RegionSet};
    /// let toml = "[[region]]\nid = \"mekong\"\nname = \"Mekong\"\nmembers = [\"KHM\", \"Laos\", \"Burma\"]\n";
    /// let set = RegionSet::parse(toml, Path::new("mine.toml"), Gazetteer::bundled()).unwrap();
    /// assert_eq!(set.get("mekong").unwrap().members.len(), 3);
    ///
    /// let bad = "[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"Atlantis\"]\n";
    /// let err = RegionSet::parse(bad, Path::new("mine.toml"), Gazetteer::bundled()).unwrap_err();
    /// assert!(err.to_string().starts_with("mine.toml:4:"));
    /// ```
    pub fn parse(text: &str, path: &Path, gaz: &Gazetteer) -> Result<RegionSet> {
        let at = |offset: usize, message: String| Error::Parse {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        let file: RegionsFile = toml::from_str(text).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let entries = match file.region {
            Some(list) if !list.get_ref().is_empty() => list.into_inner(),
            list => {
                return Err(at(
                    list.map_or(0, |l| l.span().start),
                    "the file defines no regions; add one as a [[region]] table with an id, a name and members".into(),
                ))
            }
        };
        if let Some(over) = entries.get(MAX_REGIONS) {
            return Err(at(
                over.id.span().start,
                format!(
                    "{} regions; at most {MAX_REGIONS} are supported: split the file",
                    entries.len()
                ),
            ));
        }
        let mut first_at: HashMap<&str, usize> = HashMap::new();
        for entry in &entries {
            let (id, start) = (entry.id.get_ref().as_str(), entry.id.span().start);
            if let Some(first) = first_at.insert(id, start) {
                let first = line_of(text, first);
                return Err(at(
                    start,
                    format!("region id {id:?} is defined twice (first on line {first}); give each region its own id"),
                ));
            }
        }
        let regions = entries
            .into_iter()
            .map(|entry| build_region(entry, gaz, &at))
            .collect::<Result<_>>()?;
        Ok(RegionSet { regions })
    }

    /// All regions, in file order.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region with this id, or an error listing the valid ids.
    pub fn get(&self, id: &str) -> Result<&Region> {
        self.regions
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::UnknownRegion {
                id: id.to_string(),
                valid: self.regions.iter().map(|r| r.id.clone()).collect(),
            })
    }

    /// The position of a region in [`RegionSet::regions`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.id == id)
    }
}

/// Checks one region entry and resolves its countries; `at` makes an error
/// at a byte offset of the file.
fn build_region(
    entry: RegionEntry,
    gaz: &Gazetteer,
    at: &dyn Fn(usize, String) -> Error,
) -> Result<Region> {
    let id = entry.id.get_ref();
    let id_at = entry.id.span().start;
    let id_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(at(
            id_at,
            format!("region id {id:?} must be lowercase letters, digits and hyphens"),
        ));
    }
    let resolve = |codes: &[Text]| -> Result<Vec<CountryId>> {
        codes
            .iter()
            .map(|c| {
                gaz.lookup(c.get_ref())
                    .map_err(|e| at(c.span().start, e.to_string()))
            })
            .collect()
    };
    let mut members = resolve(&entry.members)?;
    for code in &entry.m49 {
        let before = members.len();
        members.extend(gaz.ids().filter(|m| in_m49(gaz, *m, code.get_ref())));
        if members.len() == before {
            return Err(at(
                code.span().start,
                format!("no country is in UN M49 region {:?}", code.get_ref()),
            ));
        }
    }
    let exclude = resolve(&entry.exclude)?;
    members.retain(|m| !exclude.contains(m));
    members.sort();
    members.dedup();
    if members.is_empty() {
        return Err(at(id_at, format!("region {id:?} has no members")));
    }
    if let Some(empty) = entry.phrases.iter().find(|p| p.get_ref().trim().is_empty()) {
        return Err(at(
            empty.span().start,
            format!("region {id:?} has an empty phrase; remove it"),
        ));
    }
    let mut context = resolve(&entry.context)?;
    context.retain(|c| members.binary_search(c).is_err());
    context.sort();
    context.dedup();
    Ok(Region {
        id: entry.id.into_inner(),
        name: entry.name,
        members,
        context,
        phrases: entry.phrases.into_iter().map(Spanned::into_inner).collect(),
    })
}

/// Whether a country lies in a UN M49 area; "001" is the whole world.
fn in_m49(gaz: &Gazetteer, id: CountryId, code: &str) -> bool {
    let c = gaz.country(id);
    if code == "001" {
        return c.region.is_some();
    }
    [&c.region, &c.subregion, &c.intermediate]
        .iter()
        .any(|r| r.as_deref() == Some(code))
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
