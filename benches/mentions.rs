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

criterion_group!(benches, extraction, scan_files);
criterion_main!(benches);
