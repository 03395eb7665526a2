//! In-process micro-benchmark: mention extraction throughput over >= 50 MB
//! of news-like text (the automaton and rules alone; whole-process figures
//! come from `benches/throughput.rs`).
//!
//! The text is the project's own annotated test articles and sample
//! reports, repeated to 50 MB as documents of a few kilobytes each.
//! Run: `cargo bench --bench mentions`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geomention::input::{expand, Source};
use geomention::scan::{scan, Collected, ScanOptions};
use geomention::Extractor;

const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = expand(&[
        root.join("tests/data/mentions"),
        root.join("examples/corpus"),
    ])
    .unwrap();
    let texts: Vec<String> = sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) if p.extension().is_some_and(|e| e == "txt") => {
                std::fs::read_to_string(p).ok()
            }
            _ => None,
        })
        .collect();
    let mut docs = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < TARGET_BYTES {
        let doc = texts[i % texts.len()].clone();
        total += doc.len();
        docs.push(doc);
        i += 1;
    }
    docs
}

fn extraction(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let ex = Extractor::bundled();
    let mut group = c.benchmark_group("mentions");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("one_core_50MB", |b| {
        let mut buf = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                buf.clear();
                ex.find_into(d, &mut buf);
                n += buf.len();
            }
            n
        })
    });
    group.finish();
}

fn scan_files(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = expand(&[root.join("examples/corpus")]).unwrap();
    let ex = Extractor::bundled();
    c.bench_function("scan_sample_corpus_from_disk", |b| {
        b.iter(|| {
            scan(
                &sources,
                ex,
                &ScanOptions::default(),
                &mut Collected::default(),
            )
            .unwrap()
        })
    });
}

/// Hostile texts that once made the context rules quadratic ("Jordan."
/// repeated: 202 s for 1 MB): the time for 8n bytes must stay near 8x the
/// time for n. Fails the bench run (not the tests: no timings in tests) when
/// it passes 16x.
fn growth(c: &mut Criterion) {
    let ex = Extractor::bundled();
    let mut group = c.benchmark_group("growth");
    group.sample_size(10);
    for unit in [
        "Jordan.",
        "Thai-",
        "aB.cD.Ef",
        "Georgia ",
        "Chad Chad. ",
        "中缅泰",
    ] {
        let small = unit.repeat(64 * 1024 / unit.len());
        let big = unit.repeat(8 * 64 * 1024 / unit.len());
        let time = |text: &str| {
            let start = std::time::Instant::now();
            for _ in 0..3 {
                std::hint::black_box(ex.find(text));
            }
            start.elapsed().as_secs_f64()
        };
        let ratio = time(&big) / time(&small).max(1e-9);
        println!("growth {unit:?}: 8x the text takes {ratio:.1}x the time");
        assert!(ratio < 16.0, "{unit:?}: superlinear ({ratio:.1}x for 8x)");
        group.throughput(Throughput::Bytes(big.len() as u64));
        group.bench_function(unit.trim(), |b| b.iter(|| ex.find(&big)));
    }
    group.finish();
}

criterion_group!(benches, extraction, scan_files, growth);
criterion_main!(benches);
