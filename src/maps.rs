//! The main job as one call: from sources to a folder of region layers
//! (GeoJSON with QGIS and SLD styles, PNG, SVG), a GeoPackage and a QGIS
//! project if asked for, and a mentions CSV.

use std::path::PathBuf;
use std::str::FromStr;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::input::Source;
use crate::layers::{LayerOptions, Part, RegionLayer};
use crate::mentions::Extractor;
use crate::output::{AtomicFile, OutputDir};
use crate::regions::{Region, RegionSet};
use crate::render::{geojson, map, qgs, qml, sld};
use crate::scan::{self, Progress, ScanOptions, ScanSink, Tee};
use crate::table::{MentionTable, TableFormat};
use crate::tally::Tally;
use crate::values::Values;

/// Which files to write.
///
/// ```
/// use geomention::maps::Formats;
/// let f: Formats = "geojson,svg".parse().unwrap();
/// assert!(f.geojson && f.svg && !f.png);
/// assert!("gif".parse::<Formats>().is_err());
/// // A QGIS project needs layers to open: GeoJSON unless a GeoPackage is written.
/// let q: Formats = "qgis".parse().unwrap();
/// assert!(q.qgis && q.geojson);
/// let g: Formats = "gpkg,qgis".parse().unwrap();
/// assert!(g.gpkg && g.qgis && !g.geojson);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Per region `<region>.geojson`, `<region>-outline.geojson` (and
    /// `<region>-points.geojson`), each with its QGIS style (`.qml`) and SLD.
    pub geojson: bool,
    /// `<region>.png`.
    pub png: bool,
    /// `<region>.svg`.
    pub svg: bool,
    /// One `geomention.gpkg` with every layer, the mentions and the styles.
    pub gpkg: bool,
    /// One QGIS project, `geomention.qgs`, opening every layer.
    pub qgis: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            geojson: true,
            png: true,
            svg: false,
            gpkg: false,
            qgis: false,
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
            gpkg: false,
            qgis: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "geojson" | "json" | "qml" | "sld" => f.geojson = true,
                "png" => f.png = true,
                "svg" => f.svg = true,
                "gpkg" | "geopackage" => f.gpkg = true,
                "qgis" | "qgs" => f.qgis = true,
                other => {
                    return Err(Error::Invalid(format!(
                        "--format: unknown format {other:?}; use geojson, png, svg, gpkg and/or qgis, comma-separated"
                    )))
                }
            }
        }
        if f.qgis && !f.gpkg {
            f.geojson = true;
        }
        if !(f.geojson || f.png || f.svg || f.gpkg) {
            return Err(Error::Invalid(
                "--format: give at least one of geojson, png, svg, gpkg, qgis".into(),
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
    /// Maps over time too (`--by`), see [`crate::timemaps`].
    pub time: Option<crate::timemaps::TimeMaps>,
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
///     time: None,
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
    let mut tally = crate::timemaps::tally_for(job);
    // The GeoPackage takes each document's rows as the scan counts them.
    let mut gpkg = job
        .formats
        .gpkg
        .then(|| GpkgJob::create(out.path(), gaz))
        .transpose()?;
    let mut sinks: Vec<&mut dyn ScanSink> = vec![observer, &mut tally, &mut table];
    if let Some(g) = gpkg.as_mut() {
        sinks.push(g);
    }
    let progress = scan::scan(sources, extractor, options, &mut Tee(sinks))?;
    let mut written = write_layers(gaz, &tally, job, gpkg)?;
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
///     time: None,
/// };
/// let written = write_maps(Gazetteer::bundled(), &Tally::new(regions), &job)?;
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn write_maps(gaz: &Gazetteer, tally: &Tally, job: &MapJob) -> Result<Vec<PathBuf>> {
    let out = OutputDir::lock(&job.out_dir)?;
    // No documents stream through here: the GeoPackage's mentions table
    // stays empty.
    let gpkg = job
        .formats
        .gpkg
        .then(|| GpkgJob::create(out.path(), gaz))
        .transpose()?;
    write_layers(gaz, tally, job, gpkg)
}

fn write_layers(
    gaz: &Gazetteer,
    tally: &Tally,
    job: &MapJob,
    gpkg: Option<GpkgJob>,
) -> Result<Vec<PathBuf>> {
    let layers: Vec<RegionLayer> = job
        .regions
        .par_iter()
        .map(|region| {
            RegionLayer::build(
                gaz,
                job.region_set,
                region,
                tally,
                job.values.as_ref(),
                &job.layer,
            )
        })
        .collect();
    check_unique_names(&layers)?;
    let per_region: Vec<Result<Vec<PathBuf>>> = layers
        .par_iter()
        .map(|layer| write_layer(layer, job))
        .collect();
    let mut written = Vec::new();
    for r in per_region {
        written.extend(r?);
    }
    if let Some(gpkg) = gpkg {
        written.push(gpkg.finish(&layers, job.style.labels)?);
    }
    if job.formats.qgis {
        let path = job.out_dir.join(qgs::FILE_NAME);
        let source = if job.formats.gpkg {
            qgs::Source::GeoPackage(GPKG_FILE_NAME)
        } else {
            qgs::Source::GeoJson
        };
        qgs::write(&layers, &job.style, source, &path)?;
        written.push(path);
    }
    // Maps over time reuse the all-time layers (and their outlines).
    written.extend(crate::timemaps::write(&layers, tally, job)?);
    Ok(written)
}

/// The GeoPackage's file name in the output directory.
pub const GPKG_FILE_NAME: &str = "geomention.gpkg";

/// Refuses regions whose files would overwrite each other (a region
/// `x-outline` next to a region `x`).
fn check_unique_names(layers: &[RegionLayer]) -> Result<()> {
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for layer in layers {
        for part in Part::ALL {
            let stem = part.file_stem(&layer.region.id);
            if let Some(other) = seen.insert(stem.clone(), &layer.region.id) {
                return Err(Error::Invalid(format!(
                    "regions {other:?} and {:?} would both write {stem}.*; rename one of them",
                    layer.region.id
                )));
            }
        }
    }
    Ok(())
}

/// The job's GeoPackage: mention rows stream in during the scan (as a
/// [`ScanSink`]), the layers are added at the end.
#[cfg(feature = "gpkg")]
struct GpkgJob<'g> {
    writer: crate::render::gpkg::GpkgWriter,
    gaz: &'g Gazetteer,
}

#[cfg(feature = "gpkg")]
impl<'g> GpkgJob<'g> {
    fn create(dir: &std::path::Path, gaz: &'g Gazetteer) -> Result<GpkgJob<'g>> {
        let writer = crate::render::gpkg::GpkgWriter::create(&dir.join(GPKG_FILE_NAME))?;
        Ok(GpkgJob { writer, gaz })
    }

    fn finish(mut self, layers: &[RegionLayer], labels: usize) -> Result<PathBuf> {
        for layer in layers {
            self.writer.add_layer(layer, labels)?;
        }
        self.writer.finish()
    }
}

#[cfg(feature = "gpkg")]
impl ScanSink for GpkgJob<'_> {
    fn document(&mut self, doc: &crate::tally::DocumentTally) -> Result<()> {
        self.writer.add_document(self.gaz, doc)
    }
    fn warning(&mut self, _: &str) {}
}

/// Without the `gpkg` feature, asking for a GeoPackage is an error.
#[cfg(not(feature = "gpkg"))]
struct GpkgJob<'g>(std::marker::PhantomData<&'g Gazetteer>);

#[cfg(not(feature = "gpkg"))]
impl<'g> GpkgJob<'g> {
    fn create(_: &std::path::Path, _: &'g Gazetteer) -> Result<GpkgJob<'g>> {
        Err(Error::Invalid(GPKG_MISSING.into()))
    }

    fn finish(self, _: &[RegionLayer], _: usize) -> Result<PathBuf> {
        Err(Error::Invalid(GPKG_MISSING.into()))
    }
}

#[cfg(not(feature = "gpkg"))]
impl ScanSink for GpkgJob<'_> {
    fn document(&mut self, _: &crate::tally::DocumentTally) -> Result<()> {
        Ok(())
    }
    fn warning(&mut self, _: &str) {}
}

/// What a build without GeoPackage support says when asked for one.
pub const GPKG_MISSING: &str =
    "--format gpkg: this geomention was built without GeoPackage support; rebuild with `cargo build --release --features gpkg`";

fn write_layer(layer: &RegionLayer, job: &MapJob) -> Result<Vec<PathBuf>> {
    let dir = &job.out_dir;
    let mut written = Vec::new();
    if job.formats.geojson {
        for part in layer.parts() {
            let base = dir.join(part.file_stem(&layer.region.id));
            let path = |ext: &str| base.with_extension(ext);
            geojson::write(layer, part, &path("geojson"))?;
            qml::write(layer, part, job.style.labels, &path("qml"))?;
            sld::write(layer, part, job.style.labels, &path("sld"))?;
            written.extend([path("geojson"), path("qml"), path("sld")]);
        }
    }
    let base = dir.join(&layer.region.id);
    let path = |ext: &str| base.with_extension(ext);
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
