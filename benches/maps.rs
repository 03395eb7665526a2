//! Speed of the map job: layer building, GeoJSON, PNG, and the whole job
//! for the three regional maps of the bundled sample corpus.
//! Run: `cargo bench --bench maps`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use geomention::input::expand;
use geomention::layers::{LayerOptions, Part, RegionLayer};
use geomention::maps::{write_maps, Formats, MapJob};
use geomention::render::{geojson, map};
use geomention::scan::{scan, ScanOptions};
use geomention::tally::Tally;
use geomention::{Extractor, Gazetteer, RegionSet};

const REGIONS: [&str; 3] = ["southeast-asia", "africa", "pacific"];

fn sample_tally() -> Tally {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let docs = expand(&[dir]).unwrap();
    let mut tally = Tally::new(RegionSet::bundled());
    scan(
        &docs,
        Extractor::bundled(),
        &ScanOptions::default(),
        &mut tally,
    )
    .unwrap();
    tally
}

fn stages(c: &mut Criterion) {
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    let tally = sample_tally();
    let opts = LayerOptions::default();
    for id in REGIONS {
        let region = regions.get(id).unwrap();
        c.bench_function(&format!("layer/{id}"), |b| {
            b.iter(|| RegionLayer::build(gaz, regions, region, &tally, None, &opts))
        });
        let layer = RegionLayer::build(gaz, regions, region, &tally, None, &opts);
        c.bench_function(&format!("geojson/{id}"), |b| {
            b.iter(|| geojson::to_string(&layer, Part::Countries))
        });
        let style = map::MapStyle::default();
        c.bench_function(&format!("png/{id}"), |b| {
            b.iter(|| map::png_bytes(&layer, &style).unwrap())
        });
    }
}

fn whole_job(c: &mut Criterion) {
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    let out = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let mut group = c.benchmark_group("job");
    group.sample_size(20);
    group.bench_function("scan_and_map_three_regions_geojson_png", |b| {
        b.iter(|| {
            let docs = expand(std::slice::from_ref(&corpus)).unwrap();
            let mut tally = Tally::new(regions);
            scan(
                &docs,
                Extractor::bundled(),
                &ScanOptions::default(),
                &mut tally,
            )
            .unwrap();
            let job = MapJob {
                regions: REGIONS.iter().map(|id| regions.get(id).unwrap()).collect(),
                region_set: regions,
                out_dir: out.path().to_path_buf(),
                formats: Formats::default(),
                layer: LayerOptions::default(),
                style: map::MapStyle::default(),
                values: None,
                time: None,
            };
            write_maps(gaz, &tally, &job).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, stages, whole_job);
criterion_main!(benches);
