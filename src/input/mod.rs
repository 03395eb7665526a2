//! Reading what users have: files of many formats, directories and standard
//! input, turned into [`Document`]s that carry their metadata.
//!
//! One [`Reader`] per format, chosen by file extension and checked by
//! content (magic bytes), as ripgrep-all picks its adapters:
//!
//! | reader | files | one document per | streams |
//! | --- | --- | --- | --- |
//! | [`text`] | `.txt`, `.md`, anything else that is text | file | yes (big files in pieces) |
//! | [`pdf`] | `.pdf` (or `%PDF` at the start) | file | no |
//! | [`records`] CSV/TSV | `.csv`, `.tsv`, `.tab` | row | yes |
//! | [`records`] JSON | `.jsonl`, `.ndjson`, `.json` (array, lines or objects) | record | yes |
//! | [`docx`] | `.docx`, `.docm`, `.dotx` (Word) | file | no |
//! | [`html`] | `.html`, `.htm`, `.xhtml`, saved web pages | page (its article) | no |
//!
//! Compressed files (`.gz`, `.zst`) are decompressed and read by the reader
//! of the name inside (`news.jsonl.gz` → JSON Lines).
//!
//! ```
//! use geomention::input::{reader_for, Meta};
//! let r = reader_for(std::path::Path::new("notes.TXT"), b"Hello").unwrap();
//! assert_eq!(r.name(), "text");
//! ```

pub mod docx;
pub mod html;
pub mod pdf;
pub mod records;
pub mod text;
mod walk;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use walk::{expand, Expand, Expanded, Source};

/// Where a document sits inside its source, for messages and spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Position {
    /// The whole source is the document.
    Whole,
    /// A record starting at this line (1-based) of a line-oriented export.
    Line(u64),
    /// The n-th record (1-based) of a table or array.
    Row(u64),
}

/// What is known about a document besides its text.
///
/// ```
/// use geomention::input::Meta;
/// let m = Meta::for_source("reports/a.txt");
/// assert_eq!(m.id, "reports/a.txt");
/// assert_eq!(m.source, "reports/a.txt");
/// assert!(m.title.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Meta {
    /// The document's name in outputs: its path, or `path#row` for a
    /// record of an export (or the export's own id column).
    pub id: String,
    /// The file it came from, as given (`-` for standard input).
    pub source: String,
    /// Where in the source.
    pub position: Option<Position>,
    /// Title, if the format has one.
    pub title: Option<String>,
    /// Date as written in the source (parsed later, leniently).
    pub date: Option<String>,
    /// Address the document was published at.
    pub url: Option<String>,
    /// Language tag from the source's metadata (`fr`, `zh-Hant`...).
    pub language: Option<String>,
}

impl Meta {
    /// Metadata of a document that is a whole file (or standard input).
    pub fn for_source(source: impl Into<String>) -> Meta {
        let source = source.into();
        Meta {
            id: source.clone(),
            source,
            position: Some(Position::Whole),
            ..Meta::default()
        }
    }
}

impl From<&str> for Meta {
    fn from(source: &str) -> Meta {
        Meta::for_source(source)
    }
}

impl From<String> for Meta {
    fn from(source: String) -> Meta {
        Meta::for_source(source)
    }
}

/// A document: its text and metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// What is known about it.
    pub meta: Meta,
    /// The text, as UTF-8.
    pub text: String,
    /// Byte offsets in `text` where pages 2, 3, … start (PDF); empty for
    /// formats without pages.
    pub pages: Vec<usize>,
}

impl Document {
    /// The page (1-based) a byte offset of the text falls on, for formats
    /// with pages.
    ///
    /// ```
    /// use geomention::input::{Document, Meta};
    /// let doc = Document { meta: Meta::default(), text: "ab\u{c}cd".into(), pages: vec![3] };
    /// assert_eq!(doc.page_of(1), Some(1));
    /// assert_eq!(doc.page_of(3), Some(2));
    /// assert_eq!(Document::default().page_of(0), None);
    /// ```
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        (!self.pages.is_empty()).then(|| 1 + self.pages.partition_point(|p| *p <= offset))
    }
}

/// What a reader is given: the source's name and its bytes, whole or as a
/// stream, and the user's reading options.
pub struct Input<'a> {
    /// The name for messages and document ids (the path as given, `-`).
    pub name: &'a str,
    /// The bytes.
    pub data: Data<'a>,
    /// How the user asked for inputs to be read.
    pub options: &'a ReadOptions,
}

/// How the user asked for inputs to be read (the command line's
/// `--text-column` and friends). `None` means "find it by its usual names".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The column (CSV) or field (JSON) holding a record's text.
    pub text_column: Option<String>,
    /// The column or field holding a record's id.
    pub id_column: Option<String>,
    /// The column or field holding a record's date.
    pub date_column: Option<String>,
    /// The column or field holding a record's title.
    pub title_column: Option<String>,
}

/// The bytes of an input.
pub enum Data<'a> {
    /// All of it, in memory.
    Bytes(&'a [u8]),
    /// A stream (standard input, a decompressed file, a large export).
    Stream(&'a mut dyn BufRead),
}

/// The most a reader that needs a whole file (PDF, DOCX, HTML) reads from a
/// stream; bigger inputs are refused with a message.
pub const WHOLE_FILE_LIMIT: u64 = 512 << 20;

impl Input<'_> {
    /// All bytes of the input: borrowed if they are in memory, read if a
    /// stream (at most [`WHOLE_FILE_LIMIT`]).
    pub fn bytes(&mut self) -> Result<std::borrow::Cow<'_, [u8]>> {
        match &mut self.data {
            Data::Bytes(b) => Ok(std::borrow::Cow::Borrowed(*b)),
            Data::Stream(r) => {
                use std::io::Read as _;
                let mut buf = Vec::new();
                let n = (&mut **r)
                    .take(WHOLE_FILE_LIMIT + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::io(self.name, e))?;
                if n as u64 > WHOLE_FILE_LIMIT {
                    return Err(Error::Invalid(format!(
                        "{}: larger than {} MiB; split it or convert it to text first",
                        self.name,
                        WHOLE_FILE_LIMIT >> 20
                    )));
                }
                Ok(std::borrow::Cow::Owned(buf))
            }
        }
    }
}

/// Receives what a reader finds: documents, and warnings about parts it
/// skipped (a malformed row, an encrypted PDF).
pub trait Sink {
    /// One document.
    fn document(&mut self, doc: Document) -> Result<()>;
    /// A problem that did not stop the reader; names the file and place.
    fn warning(&mut self, message: String);
}

/// Collects documents and warnings in memory (tests, small inputs).
///
/// ```
/// use geomention::input::{Collect, Document, Sink};
/// let mut c = Collect::default();
/// c.document(Document::default()).unwrap();
/// c.warning("x".into());
/// assert_eq!((c.documents.len(), c.warnings.len()), (1, 1));
/// ```
#[derive(Debug, Default)]
pub struct Collect {
    /// The documents, in order.
    pub documents: Vec<Document>,
    /// The warnings, in order.
    pub warnings: Vec<String>,
}

impl Sink for Collect {
    fn document(&mut self, doc: Document) -> Result<()> {
        self.documents.push(doc);
        Ok(())
    }
    fn warning(&mut self, message: String) {
        self.warnings.push(message);
    }
}

/// A file format: how to recognise it and turn it into documents.
pub trait Reader: Send + Sync {
    /// Short name (`text`, `pdf`, `csv`...), used in messages.
    fn name(&self) -> &'static str;
    /// File extensions it reads, lower case, without the dot.
    fn extensions(&self) -> &'static [&'static str];
    /// Whether the first bytes of a file look like this format. The
    /// default accepts anything (formats without a signature).
    fn sniff(&self, head: &[u8]) -> bool {
        let _ = head;
        true
    }
    /// Whether the content alone shows this format, whatever the file is
    /// called: used for standard input and files whose extension no reader
    /// claims. The default is [`Reader::sniff`]; formats without a
    /// signature (CSV) are never chosen by content alone.
    ///
    /// ```
    /// use geomention::input::reader_named;
    /// let csv = reader_named("csv").unwrap();
    /// assert!(csv.sniff(b"id,text\n") && !csv.sniff_alone(b"id,text\n"));
    /// assert!(reader_named("jsonl").unwrap().sniff_alone(b"{\"text\": \"Fiji\"}\n"));
    /// ```
    fn sniff_alone(&self, head: &[u8]) -> bool {
        self.sniff(head)
    }
    /// Whether the reader can work on a stream without holding it whole.
    fn streams(&self) -> bool {
        false
    }
    /// Reads one input, giving its documents (and warnings) to `sink`.
    /// An error means nothing useful could be read from the input.
    fn read(&self, input: Input<'_>, sink: &mut dyn Sink) -> Result<()>;
}

/// Every reader, in the order they are tried.
fn readers() -> &'static [&'static dyn Reader] {
    static READERS: [&dyn Reader; 8] = [
        &html::HtmlReader,
        &docx::DocxReader,
        &text::TextReader,
        &pdf::PdfReader::AUTO,
        &records::CSV,
        &records::TSV,
        &records::JSON_LINES,
        &records::JSON,
    ];
    &READERS
}

/// The reader with this name (`text`, `csv`, `tsv`, `jsonl`, `json`...),
/// for inputs whose format the user names (`--input-format`).
///
/// ```
/// use geomention::input::reader_named;
/// assert_eq!(reader_named("jsonl").unwrap().extensions(), &["jsonl", "ndjson"]);
/// assert!(reader_named("xls").is_none());
/// ```
pub fn reader_named(name: &str) -> Option<&'static dyn Reader> {
    readers().iter().find(|r| r.name() == name).copied()
}

/// The reader for a file: by extension, checked against the content; by
/// content alone when the extension is unknown. `None` for a file that is
/// not a document (an image, a GIS layer).
pub fn reader_for(path: &Path, head: &[u8]) -> Option<&'static dyn Reader> {
    let ext = extension(path);
    if let Some(ext) = &ext {
        if NOT_DOCUMENTS.contains(&ext.as_str()) {
            return None;
        }
        if let Some(r) = readers()
            .iter()
            .find(|r| r.extensions().contains(&ext.as_str()) && r.sniff(head))
        {
            return Some(*r);
        }
    }
    readers()
        .iter()
        .find(|r| r.sniff_alone(head) && !r.extensions().is_empty() && r.name() != "text")
        .or_else(|| readers().iter().find(|r| r.name() == "text"))
        .copied()
}

/// Extensions of files that are never documents: images, maps and the
/// layers geomention itself writes.
const NOT_DOCUMENTS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "bmp", "ico", "svg", "geojson", "qml",
    "sld", "qgs", "qgz", "gpkg", "shp", "shx", "dbf", "prj", "cpg", "mp3", "mp4", "wav", "zip",
    "exe", "dll", "so", "o", "a",
];

/// The lower-case extension of a path.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// A path with its last extension removed (`a.jsonl.gz` → `a.jsonl`).
pub(crate) fn inner_name(path: &Path) -> PathBuf {
    path.with_extension("")
}
