//! The main job as one call: from sources to a folder of region layers
//! (GeoJSON + QGIS style, PNG, SVG) and a mentions CSV.

use std::path::PathBuf;
use std::str::FromStr;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::input::Source;
use crate::layers::{LayerOptions, RegionLayer};
use crate::mentions::Extractor;
use crate::output::{AtomicFile, OutputDir};
use crate::regions::{Region, RegionSet};
use crate::render::{geojson, map, qml};
use crate::scan::{self, Progress, ScanOptions, ScanSink, Tee};
use crate::table::{MentionTable, TableFormat};
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

/// What a whole map job did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobReport {
    /// Every file written, in order.
    pub written: Vec<PathBuf>,
    /// The corpus totals.
    pub tally: Tally,
    /// How much was scanned.
    pub progress: Progress,
}

/// The whole job: takes the output directory (refusing an unwritable one
/// or one another run is writing), scans the sources, writing
/// `mentions.csv` as documents are counted, then writes every region's
/// files. `observer` receives the scan's warnings and progress.
///
/// ```no_run
/// use geomention::maps::{run, MapJob};
/// use geomention::scan::{Collected, ScanOptions};
/// use geomention::{input::expand, Extractor, RegionSet};
/// let regions = RegionSet::bundled();
/// let job = MapJob {
///     regions: vec![regions.get("southeast-asia")?, regions.get("pacific")?],
///     region_set: regions,
///     out_dir: "maps".into(),
///     formats: Default::default(),
///     layer: Default::default(),
///     style: Default::default(),
///     values: None,
/// };
/// let sources = expand(&["examples/corpus".into()])?;
/// let report = run(&sources, Extractor::bundled(), &ScanOptions::default(), &job, &mut Collected::default())?;
/// assert!(report.tally.documents() > 0);
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn run(
    sources: &[Source],
    extractor: &Extractor,
    options: &ScanOptions,
    job: &MapJob,
    observer: &mut dyn ScanSink,
) -> Result<JobReport> {
    let gaz = Gazetteer::bundled();
    let out = OutputDir::lock(&job.out_dir)?;
    let csv_path = out.path().join("mentions.csv");
    let mut table = MentionTable::new(
        AtomicFile::create(&csv_path)?,
        TableFormat::MapCsv,
        gaz,
        job.region_set,
    );
    let mut tally = Tally::new(job.region_set);
    let progress = scan::scan(
        sources,
        extractor,
        options,
        &mut Tee(vec![observer, &mut tally, &mut table]),
    )?;
    let mut written = write_layers(gaz, &tally, job)?;
    table.finish()?.commit()?;
    written.push(csv_path);
    Ok(JobReport {
        written,
        tally,
        progress,
    })
}

/// Writes every region's files for a tally (counted elsewhere: by
/// [`run`], or merged from many machines); returns the paths written, in
/// order. Regions are built and drawn in parallel.
///
/// ```no_run
/// use geomention::maps::{write_maps, MapJob};
/// use geomention::{Gazetteer, RegionSet, tally::Tally};
/// let regions = RegionSet::bundled();
/// let job = MapJob {
///     regions: vec![regions.get("pacific")?],
///     region_set: regions,
///     out_dir: "maps".into(),
///     formats: Default::default(),
///     layer: Default::default(),
///     style: Default::default(),
///     values: None,
/// };
/// let written = write_maps(Gazetteer::bundled(), &Tally::new(regions), &job)?;
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn write_maps(gaz: &Gazetteer, tally: &Tally, job: &MapJob) -> Result<Vec<PathBuf>> {
    let _out = OutputDir::lock(&job.out_dir)?;
    write_layers(gaz, tally, job)
}

fn write_layers(gaz: &Gazetteer, tally: &Tally, job: &MapJob) -> Result<Vec<PathBuf>> {
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
