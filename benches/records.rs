//! In-process micro-benchmark: how fast the news-export readers turn a
//! CSV or JSON Lines export into documents (reading alone, no mention
//! extraction; whole-command figures are in the README's Speed section).
//!
//! The export is built from the project's own test articles and sample
//! reports, one article per record with an id, date, title and url, to
//! about 50 MB, and read as a stream, as the scan reads big exports.
//! Run: `cargo bench --bench records`.

use std::io::BufReader;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geomention::input::{
    expand, records, Data, Document, Input, ReadOptions, Reader, Sink, Source,
};

const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn articles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = expand(&[
        root.join("tests/data/mentions"),
        root.join("examples/corpus"),
    ])
    .unwrap();
    sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) if p.extension().is_some_and(|e| e == "txt") => {
                std::fs::read_to_string(p).ok()
            }
            _ => None,
        })
        .collect()
}

/// The export as CSV and as JSON Lines.
fn exports() -> (Vec<u8>, Vec<u8>) {
    let texts = articles();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "date", "title", "url", "text"])
        .unwrap();
    let mut jsonl = Vec::new();
    let mut i = 0;
    while jsonl.len() < TARGET_BYTES {
        let text = &texts[i % texts.len()];
        let (id, date, title, url) = (
            format!("a{i}"),
            format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            format!("Article {i}"),
            format!("https://news.example.org/{i}"),
        );
        csv.write_record([&id, &date, &title, &url, text]).unwrap();
        let record =
            serde_json::json!({"id": id, "date": date, "title": title, "url": url, "text": text});
        serde_json::to_writer(&mut jsonl, &record).unwrap();
        jsonl.push(b'\n');
        i += 1;
    }
    (csv.into_inner().unwrap(), jsonl)
}

/// Counts documents and their bytes.
#[derive(Default)]
struct Count(usize, usize);

impl Sink for Count {
    fn document(&mut self, doc: Document) -> geomention::Result<()> {
        self.0 += 1;
        self.1 += doc.text.len();
        Ok(())
    }
    fn warning(&mut self, message: String) {
        panic!("unexpected warning: {message}");
    }
}

fn read(reader: &dyn Reader, bytes: &[u8]) -> Count {
    let mut stream = BufReader::with_capacity(64 * 1024, bytes);
    let mut count = Count::default();
    let input = Input {
        name: "bench",
        data: Data::Stream(&mut stream),
        options: &ReadOptions::default(),
    };
    reader.read(input, &mut count).unwrap();
    count
}

fn reading(c: &mut Criterion) {
    let (csv, jsonl) = exports();
    let mut group = c.benchmark_group("records");
    group.sample_size(10);
    for (name, reader, bytes) in [
        ("csv_50MB", &records::CSV as &dyn Reader, &csv),
        ("jsonl_50MB", &records::JSON_LINES, &jsonl),
    ] {
        assert!(read(reader, bytes).0 > 1000);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| read(reader, bytes).1));
    }
    group.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
