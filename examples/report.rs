//! Builds the three regional maps of the bundled sample corpus through the
//! library API: the same job as
//! `geomention map examples/corpus --regions southeast-asia,africa,pacific --out maps`.
//!
//! Run: `cargo run --release --example report [OUT_DIR]` (default
//! `report-maps`, so it does not overwrite the command's `maps/`).

use std::path::PathBuf;

use geomention::corpus::{expand, scan};
use geomention::layers::LayerOptions;
use geomention::maps::{write_maps, Formats, MapJob};
use geomention::render::map::MapStyle;
use geomention::{Extractor, Gazetteer, RegionSet};

fn main() -> Result<(), geomention::Error> {
    let out_dir: PathBuf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "report-maps".into())
        .into();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");

    // Text -> mentions -> tally.
    let documents = expand(&[corpus])?;
    let scanned = scan(&documents, Extractor::bundled(), false, || {})?;
    for warning in &scanned.warnings {
        eprintln!("warning: {warning}");
    }
    let tally = scanned.tally();

    // Tally -> region layers -> GeoJSON, QGIS style, PNG and SVG.
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
            geojson: true,
            png: true,
            svg: true,
        },
        layer: LayerOptions::default(),
        style: MapStyle {
            subtitle: Some(format!(
                "Sample corpus: {} fictional reports on scam compounds",
                tally.documents().len()
            )),
            ..MapStyle::default()
        },
        values: None,
    };
    for path in write_maps(Gazetteer::bundled(), &tally, &job)? {
        println!("{}", path.display());
    }
    Ok(())
}
