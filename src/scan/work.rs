//! What a worker does with one unit: read, extract, settle what it can.

use super::produce::Unit;
use super::{ScanOptions, Span};
use crate::input::text::Piece;
use crate::input::{self, Collect, Data, Document, Input, Meta, Reader, Source};
use crate::mentions::{Candidate, Evidence, Extractor, Language, Mention};
use crate::tally::DocumentTally;

pub(super) struct Worker<'a> {
    pub extractor: &'a Extractor,
    pub options: &'a ScanOptions,
}

/// A document scanned whole.
pub(super) struct Whole {
    pub tally: DocumentTally,
    pub spans: Vec<Span>,
}

/// A piece of a big text, scanned.
pub(super) struct ScannedPiece {
    pub meta: Option<Meta>,
    pub piece: Piece,
    pub language: Language,
    pub candidates: Vec<Candidate>,
    pub evidence: Evidence,
    /// Where the scan stopped, in document offsets.
    pub consumed: u64,
}

/// A unit's result, delivered in order.
pub(super) enum Outcome {
    /// Documents of one source (or one record), with the source's warnings.
    Documents {
        documents: Vec<Whole>,
        warnings: Vec<String>,
        bytes: u64,
        /// Whether this finished a source (not a record of one).
        source: bool,
    },
    Piece(Box<ScannedPiece>),
    Warning(String),
    /// A file that is not a document (an image, a map layer).
    NotDocument(String),
}

impl Worker<'_> {
    pub fn run(&self, unit: Unit) -> Outcome {
        match unit {
            Unit::Source(source) => self.source(&source),
            Unit::Document(doc) => {
                let bytes = doc.text.len() as u64;
                Outcome::Documents {
                    documents: vec![self.whole(doc)],
                    warnings: Vec::new(),
                    bytes,
                    source: false,
                }
            }
            Unit::Piece {
                meta,
                piece,
                language,
            } => Outcome::Piece(Box::new(self.piece(meta, piece, language))),
            Unit::Warning(w) => Outcome::Warning(w),
            Unit::SourceDone => Outcome::Documents {
                documents: Vec::new(),
                warnings: Vec::new(),
                bytes: 0,
                source: true,
            },
        }
    }

    fn source(&self, source: &Source) -> Outcome {
        let name = source.name();
        let bytes = match source {
            Source::File(p) => std::fs::read(p),
            Source::Stdin => unreachable!("standard input is always streamed"),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => return Outcome::Warning(format!("{name}: {e}; skipped")),
        };
        if let Some(what) = written_by_geomention(&bytes) {
            return Outcome::Warning(format!(
                "{name}: skipped: geomention wrote it ({what}), it is not a document"
            ));
        }
        let path = std::path::Path::new(&name);
        let Some(reader) = input::reader_for(path, &bytes) else {
            return Outcome::NotDocument(name);
        };
        self.read_whole(reader, &name, &bytes)
    }

    fn read_whole(&self, reader: &dyn Reader, name: &str, bytes: &[u8]) -> Outcome {
        let mut found = Collect::default();
        let input = Input {
            name,
            data: Data::Bytes(bytes),
            options: &self.options.read,
        };
        if let Err(e) = reader.read(input, &mut found) {
            found.warnings.push(skip_message(name, &e));
        }
        Outcome::Documents {
            documents: found.documents.into_iter().map(|d| self.whole(d)).collect(),
            warnings: found.warnings,
            bytes: bytes.len() as u64,
            source: true,
        }
    }

    /// Scans and settles a document held whole.
    fn whole(&self, mut doc: Document) -> Whole {
        let language = self.options.language.unwrap_or_else(|| {
            self.extractor
                .language_of(&doc.text, doc.meta.language.as_deref())
        });
        doc.meta.language = Some(language.tag().to_string());
        let mut mentions: Vec<Mention> = Vec::new();
        self.extractor.find_in(language, &doc.text, &mut mentions);
        let spans = if self.options.spans {
            mentions
                .iter()
                .map(|m| Span {
                    start: m.start,
                    end: m.end,
                    target: m.target,
                    kind: m.kind,
                    matched: doc.text[m.start..m.end].to_string(),
                    page: doc.page_of(m.start),
                })
                .collect()
        } else {
            Vec::new()
        };
        Whole {
            tally: DocumentTally::new(doc.meta, &mentions),
            spans,
        }
    }

    fn piece(&self, meta: Option<Meta>, piece: Piece, language: Language) -> ScannedPiece {
        let mut candidates = Vec::new();
        let mut evidence = Evidence::default();
        let stop = self.extractor.scan(
            language,
            &piece.text,
            piece.range.clone(),
            &mut candidates,
            &mut evidence,
        );
        ScannedPiece {
            meta,
            language,
            consumed: piece.offset + stop as u64,
            piece,
            candidates,
            evidence,
        }
    }
}

/// The message for a file its reader could not read.
fn skip_message(name: &str, e: &crate::Error) -> String {
    let text = e.to_string();
    if text.starts_with(name) {
        format!("{text}; skipped")
    } else {
        format!("{name}: {text}; skipped")
    }
}

/// Which of geomention's own outputs a file is, if it is one (so that a
/// second run with `--out` inside the corpus does not count the first
/// run's output).
pub(super) fn written_by_geomention(bytes: &[u8]) -> Option<&'static str> {
    const MENTIONS_HEADERS: &[&[u8]] = &[b"document,iso_a3,country,count", b"document,source,"];
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(bytes);
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let is_mentions = MENTIONS_HEADERS
        .iter()
        .any(|h| first_line.starts_with(h) && first_line.windows(7).any(|w| w == b"iso_a3,"));
    is_mentions.then_some("a mentions table")
}
