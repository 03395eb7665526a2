//! Builds the three regional maps of the bundled sample corpus through the
//! library API: the same job as
//! `geomention map examples/corpus --regions southeast-asia,africa,pacific --out maps`.
//!
//! Run: `cargo run --release --example report [OUT_DIR]` (default
//! `report-maps`, so it does not overwrite the command's `maps/`).

use std::path::PathBuf;

use geomention::input::expand;
use geomention::layers::LayerOptions;
use geomention::maps::{run, Formats, MapJob};
use geomention::render::map::MapStyle;
use geomention::scan::{Collected, ScanOptions};
use geomention::{Extractor, RegionSet};

fn main() -> Result<(), geomention::Error> {
    let out_dir: PathBuf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "report-maps".into())
        .into();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let documents = expand(&[corpus])?;

    // Sources -> mentions -> tally -> region layers -> GeoJSON, QGIS style,
    // PNG and SVG, and mentions.csv.
    let regions = RegionSet::bundled();
    let job = MapJob {
        regions: vec![
            regions.get("southeast-asia")?,
            regions.get("africa")?,
            regions.get("pacific")?,
        ],
        region_set: regions,
        out_dir,
        formats: Formats {
            svg: true,
            ..Formats::default()
        },
        layer: LayerOptions::default(),
        style: MapStyle {
            subtitle: Some(format!(
                "Sample corpus: {} fictional reports on scam compounds",
                documents.len()
            )),
            ..MapStyle::default()
        },
        values: None,
        time: None,
    };
    let mut seen = Collected::default();
    let report = run(
        &documents,
        Extractor::bundled(),
        &ScanOptions::default(),
        &job,
        &mut seen,
    )?;
    for warning in &seen.warnings {
        eprintln!("warning: {warning}");
    }
    for path in report.written {
        println!("{}", path.display());
    }
    Ok(())
}
