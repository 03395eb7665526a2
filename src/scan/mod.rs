//! Scanning a corpus: sources read by their readers, documents (and pieces
//! of big ones) scanned on every core, results handed to a [`ScanSink`] in
//! input order.
//!
//! A producer thread turns sources into units of work (a small file, a
//! record of an export, a piece of a big text) and sends them in bounded
//! batches; each batch is scanned in parallel and its results delivered in
//! order, so output is the same whatever the number of threads, and memory
//! stays at a few batches whatever the size of the input.
//!
//! ```
//! use geomention::scan::{scan, Collected, ScanOptions};
//! use geomention::{input::expand, Extractor};
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
//! let mut found = Collected::default();
//! scan(&expand(&[dir.into()])?, Extractor::bundled(), &ScanOptions::default(), &mut found)?;
//! assert!(found.warnings.is_empty());
//! assert_eq!(found.documents.len(), 12);
//! # Ok::<(), geomention::Error>(())
//! ```

mod assemble;
mod dating;
mod produce;
mod work;

use std::sync::mpsc;

use rayon::prelude::*;

use crate::error::Result;
use crate::gazetteer::FormKind;
use crate::input::{Meta, ReadOptions, Source};
use crate::mentions::{Extractor, Target};
use crate::tally::DocumentTally;

/// How a corpus is scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// Deliver every mention with its span, not only counts.
    pub spans: bool,
    /// Size of the pieces big texts are read in, in bytes.
    pub piece_size: usize,
    /// The most read from a stream (standard input, a FIFO, a device),
    /// `None` for no limit. Regular files are never limited.
    pub stream_limit: Option<u64>,
    /// How inputs are read (record columns...).
    pub read: ReadOptions,
    /// The reader for standard input (`text`, `csv`, `tsv`, `jsonl`,
    /// `json`: see [`crate::input::reader_named`]); `None` to tell JSON
    /// from text by content.
    pub stdin_format: Option<&'static str>,
    /// The user's dates per document (`--dates`), which win over dates
    /// found in the documents.
    pub dates: Option<std::sync::Arc<crate::dates::DateList>>,
    /// Date whole files without a date in their metadata by the date in
    /// their file name (`2024-03-18_report.txt`).
    pub file_name_dates: bool,
    /// Read every document in this language (`--language`), whatever its
    /// metadata declares; `None` to take the declared language, else the
    /// detected one.
    pub language: Option<crate::mentions::Language>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            spans: false,
            piece_size: 4 << 20,
            stream_limit: Some(4 << 30),
            read: ReadOptions::default(),
            stdin_format: None,
            dates: None,
            file_name_dates: true,
            language: None,
        }
    }
}

/// A mention as reported with spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the start in the document's text.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// What is mentioned.
    pub target: Target,
    /// Name, alias, demonym or region phrase.
    pub kind: FormKind,
    /// The text as written.
    pub matched: String,
    /// The page it is on, for formats with pages.
    pub page: Option<usize>,
}

/// How far a scan has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Sources finished.
    pub sources: u64,
    /// Documents delivered.
    pub documents: u64,
    /// Bytes of input read.
    pub bytes: u64,
}

/// Receives a scan's results, in input order.
pub trait ScanSink {
    /// Some of the spans of a document, in order (only when spans are
    /// asked for); may come in several calls before the document itself.
    fn spans(&mut self, meta: &Meta, spans: &[Span]) -> Result<()> {
        let _ = (meta, spans);
        Ok(())
    }
    /// A scanned document with its counts.
    fn document(&mut self, doc: &DocumentTally) -> Result<()>;
    /// A problem that skipped a file or part of one; names the file.
    fn warning(&mut self, message: &str);
    /// Called as the scan advances.
    fn progress(&mut self, progress: Progress) {
        let _ = progress;
    }
}

/// Keeps everything a scan delivers in memory (for tests and small jobs).
#[derive(Debug, Default)]
pub struct Collected {
    /// Documents, in order.
    pub documents: Vec<DocumentTally>,
    /// Spans per document id, in order.
    pub spans: Vec<(String, Span)>,
    /// Warnings, in order.
    pub warnings: Vec<String>,
}

impl ScanSink for Collected {
    fn spans(&mut self, meta: &Meta, spans: &[Span]) -> Result<()> {
        self.spans
            .extend(spans.iter().map(|s| (meta.id.clone(), s.clone())));
        Ok(())
    }
    fn document(&mut self, doc: &DocumentTally) -> Result<()> {
        self.documents.push(doc.clone());
        Ok(())
    }
    fn warning(&mut self, message: &str) {
        self.warnings.push(message.to_string());
    }
}

/// Several sinks fed the same results, in order.
pub struct Tee<'a>(pub Vec<&'a mut dyn ScanSink>);

impl ScanSink for Tee<'_> {
    fn spans(&mut self, meta: &Meta, spans: &[Span]) -> Result<()> {
        self.0.iter_mut().try_for_each(|s| s.spans(meta, spans))
    }
    fn document(&mut self, doc: &DocumentTally) -> Result<()> {
        self.0.iter_mut().try_for_each(|s| s.document(doc))
    }
    fn warning(&mut self, message: &str) {
        self.0.iter_mut().for_each(|s| s.warning(message));
    }
    fn progress(&mut self, progress: Progress) {
        self.0.iter_mut().for_each(|s| s.progress(progress));
    }
}

/// Scans sources, delivering documents (and spans, if asked) to `sink` in
/// input order. A file that cannot be read is a warning and the scan goes
/// on; an error from the sink (a full disk, a closed pipe) stops it.
pub fn scan(
    sources: &[Source],
    extractor: &Extractor,
    options: &ScanOptions,
    sink: &mut dyn ScanSink,
) -> Result<Progress> {
    let threads = rayon::current_num_threads();
    // Batches in memory at once: one being built, one waiting, one being
    // scanned, one being written.
    let (tx, rx) = mpsc::sync_channel::<produce::Batch>(1);
    let worker = work::Worker { extractor, options };
    std::thread::scope(|scope| {
        let producer = scope.spawn(|| produce::produce(sources, extractor, options, threads, tx));
        let mut assembler = assemble::Assembler::new(extractor, options);
        let mut result = Ok(());
        // A batch is scanned while the one before is put in order and
        // written, so that neither the workers nor the output wait.
        let mut previous: Vec<work::Outcome> = Vec::new();
        for batch in rx.iter() {
            let mut outcomes = Vec::new();
            rayon::in_place_scope(|s| {
                s.spawn(|_| {
                    outcomes = batch.units.into_par_iter().map(|u| worker.run(u)).collect();
                });
                result = previous
                    .drain(..)
                    .try_for_each(|o| assembler.accept(o, sink));
            });
            previous = outcomes;
            if result.is_err() {
                break;
            }
        }
        if result.is_ok() {
            result = previous
                .into_iter()
                .try_for_each(|o| assembler.accept(o, sink));
        }
        drop(rx); // stops the producer if the sink failed
        let produced = producer.join().expect("the producer thread does not panic");
        result?;
        produced?;
        assembler.finish(sink)?;
        Ok(assembler.progress())
    })
}
