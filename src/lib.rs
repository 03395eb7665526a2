//! # geomention
//!
//! Turn a pile of text into maps: find the countries and world regions a
//! text mentions, count them, aggregate them into region layers and write
//! GeoJSON (for QGIS) and PNG/SVG choropleth maps.
//!
//! Data flows one way through small modules:
//! [`gazetteer`] → [`mentions`] → [`tally`] → [`layers`] → [`render`].
//!
//! ```
//! use geomention::{Extractor, Gazetteer, Target};
//! let gaz = Gazetteer::bundled();
//! let text = "Scam compounds in Myanmar's border areas hold Filipino and Kenyan workers.";
//! let codes: Vec<&str> = Extractor::bundled()
//!     .find(text)
//!     .iter()
//!     .filter_map(|m| match m.target {
//!         Target::Country(id) => Some(gaz.country(id).iso_a3.as_str()),
//!         Target::Region(_) => None,
//!     })
//!     .collect();
//! assert_eq!(codes, ["MMR", "PHL", "KEN"]);
//! ```

#![warn(missing_docs)]

pub mod classify;
pub mod dates;
pub mod encoding;
pub mod error;
pub mod gazetteer;
pub mod input;
pub mod layers;
pub mod maps;
pub mod mentions;
pub mod normalize;
pub mod output;
pub mod periods;
pub mod regions;
pub mod render;
pub mod scan;
pub mod table;
pub mod tally;
pub mod timemaps;
pub mod values;

pub use error::{Error, Result};
pub use gazetteer::{Country, CountryId, Gazetteer};
pub use mentions::{Extractor, Mention, Target};
pub use regions::{Region, RegionSet};

/// The README's code examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
