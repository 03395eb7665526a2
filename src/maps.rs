//! The main job as one call: from a tally to a folder of region layers
//! (GeoJSON + QGIS style, PNG, SVG) and a mentions CSV.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::layers::{LayerOptions, RegionLayer};
use crate::regions::{Region, RegionSet};
use crate::render::{geojson, map, qml};
use crate::tally::Tally;
use crate::values::Values;

/// Which files to write per region.
///
/// ```
/// use geomention::maps::Formats;
/// let f: Formats = "geojson,svg".parse().unwrap();
/// assert!(f.geojson && f.svg && !f.png);
/// assert!("gif".parse::<Formats>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `<region>.geojson` and its QGIS style `<region>.qml`.
    pub geojson: bool,
    /// `<region>.png`.
    pub png: bool,
    /// `<region>.svg`.
    pub svg: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            geojson: true,
            png: true,
            svg: false,
        }
    }
}

impl FromStr for Formats {
    type Err = Error;
    fn from_str(s: &str) -> Result<Formats> {
        let mut f = Formats {
            geojson: false,
            png: false,
            svg: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "geojson" | "json" | "qml" => f.geojson = true,
                "png" => f.png = true,
                "svg" => f.svg = true,
                other => {
                    return Err(Error::Invalid(format!(
                        "--format: unknown format {other:?}; use geojson, png and/or svg, comma-separated"
                    )))
                }
            }
        }
        if !(f.geojson || f.png || f.svg) {
            return Err(Error::Invalid(
                "--format: give at least one of geojson, png, svg".into(),
            ));
        }
        Ok(f)
    }
}

/// Everything the map job needs besides the tally.
pub struct MapJob<'a> {
    /// The regions to map, in output order.
    pub regions: Vec<&'a Region>,
    /// The region set they come from (for region-phrase counts).
    pub region_set: &'a RegionSet,
    /// Where the files go (created if missing).
    pub out_dir: PathBuf,
    /// Which files to write.
    pub formats: Formats,
    /// Classing.
    pub layer: LayerOptions,
    /// Map size and texts.
    pub style: map::MapStyle,
    /// A user's values to map instead of mention counts.
    pub values: Option<Values>,
}

/// Writes every region's files and `mentions.csv`; returns the paths
/// written, in order. Regions are built and drawn in parallel.
///
/// ```no_run
/// use geomention::maps::{write_maps, Formats, MapJob};
/// use geomention::{corpus, Extractor, Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let scan = corpus::scan(&corpus::expand(&["examples/corpus".into()])?, Extractor::bundled(), false, || {})?;
/// let job = MapJob {
///     regions: vec![regions.get("southeast-asia")?, regions.get("pacific")?],
///     region_set: regions,
///     out_dir: "maps".into(),
///     formats: Formats::default(),
///     layer: Default::default(),
///     style: Default::default(),
///     values: None,
/// };
/// let written = write_maps(Gazetteer::bundled(), &scan.tally(), &job)?;
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn write_maps(gaz: &Gazetteer, tally: &Tally, job: &MapJob) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&job.out_dir).map_err(|e| Error::io(&job.out_dir, e))?;
    let per_region: Vec<Result<Vec<PathBuf>>> = job
        .regions
        .par_iter()
        .map(|region| {
            let layer = RegionLayer::build(
                gaz,
                job.region_set,
                region,
                tally,
                job.values.as_ref(),
                &job.layer,
            );
            write_layer(&layer, job)
        })
        .collect();
    let mut written = Vec::new();
    for r in per_region {
        written.extend(r?);
    }
    let csv_path = job.out_dir.join("mentions.csv");
    write_mentions_csv(gaz, tally, &csv_path)?;
    written.push(csv_path);
    Ok(written)
}

fn write_layer(layer: &RegionLayer, job: &MapJob) -> Result<Vec<PathBuf>> {
    let base = job.out_dir.join(&layer.region.id);
    let path = |ext: &str| base.with_extension(ext);
    let mut written = Vec::new();
    if job.formats.geojson {
        geojson::write(layer, &path("geojson"))?;
        qml::write(layer, &path("qml"))?;
        written.extend([path("geojson"), path("qml")]);
    }
    if job.formats.png {
        map::write_png(layer, &job.style, &path("png"))?;
        written.push(path("png"));
    }
    if job.formats.svg {
        map::write_svg(layer, &job.style, &path("svg"))?;
        written.push(path("svg"));
    }
    Ok(written)
}

/// `document,iso_a3,country,count`: one row per document and country, in
/// document then code order.
pub fn mentions_csv(gaz: &Gazetteer, tally: &Tally) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let to_err = |e: csv::Error| Error::Invalid(format!("writing CSV: {e}"));
    w.write_record(["document", "iso_a3", "country", "count"])
        .map_err(to_err)?;
    for doc in tally.documents() {
        for (id, n) in &doc.countries {
            let c = gaz.country(*id);
            w.write_record([doc.name.as_str(), &c.iso_a3, &c.name, &n.to_string()])
                .map_err(to_err)?;
        }
    }
    w.into_inner()
        .map_err(|e| Error::Invalid(format!("writing CSV: {e}")))
}

/// Writes [`mentions_csv`] to `path` (through a temporary file).
pub fn write_mentions_csv(gaz: &Gazetteer, tally: &Tally, path: &Path) -> Result<()> {
    crate::output::write_atomic(path, &mentions_csv(gaz, tally)?)
}
