//! Reading a corpus: files, directories (walked in name order) and standard
//! input, decoded leniently, scanned in parallel.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::FormKind;
use crate::mentions::{Extractor, Target};
use crate::tally::{DocumentTally, Tally};

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Source {
    /// The document name used in outputs: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// Turns command-line inputs into documents: files as they are, directories
/// walked recursively (hidden entries skipped, names sorted), `-` for
/// standard input. A path that does not exist is an error.
///
/// ```
/// use geomention::corpus::{expand, Source};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
/// let docs = expand(&[dir.into()]).unwrap();
/// assert!(docs.len() >= 10);
/// assert!(expand(&["no/such/file.txt".into()]).is_err());
/// ```
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Invalid(format!(
                "{}: no such file or directory; check the path (use - to read standard input)",
                input.display()
            )),
            _ => Error::io(input, e),
        })?;
        if !meta.is_dir() {
            out.push(Source::File(input.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(input).to_path_buf();
                Error::io(path, e.into())
            })?;
            if entry.file_type().is_file() && !is_documentation(entry.path()) {
                out.push(Source::File(entry.into_path()));
            }
        }
    }
    Ok(out)
}

/// A corpus folder's own README is not one of its documents.
fn is_documentation(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}

/// A document's text, and a warning if it could not be read as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// The text, decoded as UTF-8 (invalid bytes replaced, with a warning).
    Text {
        /// The text.
        text: String,
        /// Set when invalid UTF-8 was replaced.
        warning: Option<String>,
    },
    /// A binary file, skipped.
    Skipped {
        /// Why it was skipped.
        warning: String,
    },
}

/// Reads one document. A NUL byte in the first 8 KiB marks a binary file,
/// which is skipped with a warning; invalid UTF-8 is replaced with U+FFFD
/// and reported.
///
/// ```
/// use geomention::corpus::{decode, Decoded};
/// match decode("a.txt", b"Fiji\xff") {
///     Decoded::Text { text, warning } => {
///         assert_eq!(text, "Fiji\u{fffd}");
///         assert!(warning.unwrap().contains("a.txt"));
///     }
///     _ => unreachable!(),
/// }
/// assert!(matches!(decode("b.pdf", b"%PDF\0\x01"), Decoded::Skipped { .. }));
/// ```
pub fn decode(name: &str, bytes: &[u8]) -> Decoded {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Decoded::Skipped {
            warning: format!("{name}: skipped: looks like a binary file, not text"),
        };
    }
    match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(s) => Decoded::Text {
            text: s.to_string(),
            warning: None,
        },
        std::borrow::Cow::Owned(s) => Decoded::Text {
            text: s,
            warning: Some(format!(
                "{name}: not valid UTF-8; invalid bytes were replaced (convert the file to UTF-8 to silence this)"
            )),
        },
    }
}

/// Reads a source's bytes.
pub fn read_bytes(source: &Source) -> Result<Vec<u8>> {
    match source {
        Source::File(p) => std::fs::read(p).map_err(|e| Error::io(p, e)),
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io("-", e))?;
            Ok(buf)
        }
    }
}

/// A mention as reported with `--spans`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// What is mentioned.
    pub target: Target,
    /// Name, alias, demonym or region phrase.
    pub kind: FormKind,
    /// The text as written.
    pub matched: String,
}

/// One scanned document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// Counts per country and region.
    pub tally: DocumentTally,
    /// Every mention, when spans were asked for.
    pub spans: Vec<Span>,
}

/// The result of scanning a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Scanned documents, in input order.
    pub documents: Vec<Scanned>,
    /// Warnings (lossy decoding, skipped binaries), in input order.
    pub warnings: Vec<String>,
}

impl Scan {
    /// The counts of all documents.
    pub fn tally(&self) -> Tally {
        self.documents.iter().map(|d| d.tally.clone()).collect()
    }
}

/// Reads and scans documents in parallel. `on_done` is called once per
/// document (for progress bars). The first unreadable file is an error.
///
/// ```
/// use geomention::corpus::{expand, scan};
/// use geomention::Extractor;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
/// let result = scan(&expand(&[dir.into()]).unwrap(), Extractor::bundled(), false, || {}).unwrap();
/// assert!(result.warnings.is_empty());
/// assert!(!result.tally().country_totals().is_empty());
/// ```
pub fn scan(
    sources: &[Source],
    extractor: &Extractor,
    keep_spans: bool,
    on_done: impl Fn() + Sync,
) -> Result<Scan> {
    let results: Vec<Result<(Option<Scanned>, Option<String>)>> = sources
        .par_iter()
        .map_init(Vec::new, |buf, source| {
            let name = source.name();
            let bytes = read_bytes(source)?;
            let outcome = match decode(&name, &bytes) {
                Decoded::Skipped { warning } => (None, Some(warning)),
                Decoded::Text { text, warning } => {
                    buf.clear();
                    extractor.find_into(&text, buf);
                    let spans = if keep_spans {
                        buf.iter()
                            .map(|m| Span {
                                start: m.start,
                                end: m.end,
                                target: m.target,
                                kind: m.kind,
                                matched: text[m.start..m.end].to_string(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let tally = DocumentTally::new(name, buf);
                    (Some(Scanned { tally, spans }), warning)
                }
            };
            on_done();
            Ok(outcome)
        })
        .collect();
    let mut scan = Scan::default();
    for r in results {
        let (doc, warning) = r?;
        scan.documents.extend(doc);
        scan.warnings.extend(warning);
    }
    Ok(scan)
}
