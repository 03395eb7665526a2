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

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    region: Vec<RegionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    id: String,
    name: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    m49: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
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
        let file: RegionsFile = toml::from_str(text).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        let err_at = |needle: &str, message: String| Error::Parse {
            path: path.to_path_buf(),
            line: text
                .find(&format!("\"{needle}\""))
                .map_or(1, |at| line_of(text, at)),
            message,
        };
        let resolve = |codes: &[String]| -> Result<Vec<CountryId>> {
            codes
                .iter()
                .map(|c| gaz.lookup(c).map_err(|e| err_at(c, e.to_string())))
                .collect()
        };
        let mut regions: Vec<Region> = Vec::new();
        for entry in file.region {
            let id_ok = !entry.id.is_empty()
                && entry
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !id_ok {
                return Err(err_at(
                    &entry.id,
                    format!(
                        "region id {:?} must be lowercase letters, digits and hyphens",
                        entry.id
                    ),
                ));
            }
            if regions.iter().any(|r| r.id == entry.id) {
                return Err(err_at(
                    &entry.id,
                    format!("region id {:?} is defined twice", entry.id),
                ));
            }
            let mut members = resolve(&entry.members)?;
            for code in &entry.m49 {
                let before = members.len();
                members.extend(gaz.ids().filter(|id| in_m49(gaz, *id, code)));
                if members.len() == before {
                    return Err(err_at(
                        code,
                        format!("no country is in UN M49 region {code:?}"),
                    ));
                }
            }
            let exclude = resolve(&entry.exclude)?;
            members.retain(|m| !exclude.contains(m));
            members.sort();
            members.dedup();
            if members.is_empty() {
                return Err(err_at(
                    &entry.id,
                    format!("region {:?} has no members", entry.id),
                ));
            }
            if entry.phrases.iter().any(|p| p.trim().is_empty()) {
                return Err(err_at(
                    "",
                    format!("region {:?} has an empty phrase; remove it", entry.id),
                ));
            }
            let mut context = resolve(&entry.context)?;
            context.retain(|c| members.binary_search(c).is_err());
            context.sort();
            context.dedup();
            regions.push(Region {
                id: entry.id,
                name: entry.name,
                members,
                context,
                phrases: entry.phrases,
            });
        }
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
