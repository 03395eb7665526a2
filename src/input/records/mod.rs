//! News-database exports: CSV/TSV and JSON (Lines, arrays, a stream of
//! objects), one document per row or record.
//!
//! Exports are read as streams, row by row, so memory stays bounded
//! whatever the size of the file: a row longer than the readers' limit
//! ([`MAX_RECORD`], 64 MiB) is skipped with a warning. Columns (CSV) or
//! fields (JSON) are found by their usual names, ignoring case, spaces and
//! punctuation, unless the user names them ([`ReadOptions`]):
//!
//! | what | names tried, in this order |
//! | --- | --- |
//! | text | `text`, `body`, `content`, `full_text`, `article`, `text_content`, `maintext`, `article_text`, `body_text` |
//! | id | `id`, `doc_id`, `document_id`, `article_id`, `guid`, `uuid`, `url` |
//! | title | `title`, `headline` |
//! | date | `date`, `publish_date`, `published`, `published_at`, `pubdate`, `seendate`, `datetime`, `publication_date`, `date_published` |
//! | url | `url`, `link`, `source_url`, `web_url`, `canonical_url`, `uri` |
//! | language | `language`, `lang`, `language_code` |
//!
//! A record's id is its id column's value, else `file#n` where `n` is its
//! [`Position`]: the row (CSV, JSON array element) or line (JSON Lines).
//! A malformed row is a warning naming the file and line (the first
//! [`SHOWN_PROBLEMS`] of a file in full, then how many more), and reading
//! goes on.
//!
//! ```
//! use geomention::input::{records, Collect, Data, Input, ReadOptions, Reader};
//! let csv = b"id,title,text\nn1,Raid,\"Police in Manila, Philippines,\nraided a compound.\"\n";
//! let mut found = Collect::default();
//! let input = Input { name: "news.csv", data: Data::Bytes(csv), options: &ReadOptions::default() };
//! records::CSV.read(input, &mut found)?;
//! let doc = &found.documents[0];
//! assert_eq!((doc.meta.id.as_str(), doc.meta.title.as_deref()), ("n1", Some("Raid")));
//! assert!(doc.text.ends_with("\nraided a compound."));
//! # Ok::<(), geomention::Error>(())
//! ```

mod delimited;
mod json;

use std::io::BufRead;

use super::{Data, Document, Meta, Position, ReadOptions, Sink};
use crate::encoding::{sniff, with_head, Encoding, Sniffed};
use crate::error::{Error, Result};

pub use delimited::DelimitedReader;
pub use json::{looks_like_json_lines, JsonLinesReader, JsonReader};

/// The longest row or record read (64 MiB); longer ones are skipped with a
/// warning, so a broken quote cannot make a reader hold a whole file.
pub const MAX_RECORD: usize = 64 << 20;

/// How many malformed rows of a file are reported one by one; the rest are
/// counted in one last warning.
pub const SHOWN_PROBLEMS: usize = 20;

/// CSV (`.csv`): comma-separated, or semicolons or tabs when the header
/// line uses those.
pub static CSV: DelimitedReader = DelimitedReader::new("csv", &["csv"], None);

/// Tab-separated values (`.tsv`, `.tab`).
pub static TSV: DelimitedReader = DelimitedReader::new("tsv", &["tsv", "tab"], Some(b'\t'));

/// JSON Lines (`.jsonl`, `.ndjson`): one object per line.
pub static JSON_LINES: JsonLinesReader = JsonLinesReader::new();

/// JSON (`.json`): an array of objects, JSON Lines saved as `.json`, or
/// objects one after another.
pub static JSON: JsonReader = JsonReader::new();

const TEXT_NAMES: &[&str] = &[
    "text",
    "body",
    "content",
    "fulltext",
    "article",
    "textcontent",
    "maintext",
    "articletext",
    "bodytext",
];
const ID_NAMES: &[&str] = &[
    "id",
    "docid",
    "documentid",
    "articleid",
    "guid",
    "uuid",
    "url",
];
const TITLE_NAMES: &[&str] = &["title", "headline"];
const DATE_NAMES: &[&str] = &[
    "date",
    "publishdate",
    "published",
    "publishedat",
    "pubdate",
    "seendate",
    "datetime",
    "publicationdate",
    "datepublished",
];
const URL_NAMES: &[&str] = &["url", "link", "sourceurl", "weburl", "canonicalurl", "uri"];
const LANGUAGE_NAMES: &[&str] = &["language", "lang", "languagecode"];

/// Which column (CSV) or field (JSON) of a record holds what, as indexes
/// into the names it was found among.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    /// The text.
    pub text: usize,
    /// The id.
    pub id: Option<usize>,
    /// The title.
    pub title: Option<usize>,
    /// The date, as written.
    pub date: Option<usize>,
    /// The address.
    pub url: Option<usize>,
    /// The language.
    pub language: Option<usize>,
}

impl Columns {
    /// Finds the columns among a header's `names`: the ones the user asked
    /// for, else by their usual names. Notes (which of several text-like
    /// columns was chosen, an asked-for column that is missing) go to
    /// `sink`. `None` when there is no text column: the warning, naming the
    /// file and its columns, has been given and the file is to be skipped.
    /// `what` is "column" or "field".
    ///
    /// ```
    /// use geomention::input::{records::Columns, Collect, ReadOptions};
    /// let names = ["ID", "Headline", "Body", "Full Text"];
    /// let mut notes = Collect::default();
    /// let c = Columns::find("a.csv", &names, &ReadOptions::default(), "column", &mut notes).unwrap();
    /// assert_eq!((c.text, c.id, c.title), (2, Some(0), Some(1)));
    /// assert!(notes.warnings[0].contains("\"Full Text\""), "{:?}", notes.warnings);
    /// ```
    pub fn find(
        file: &str,
        names: &[&str],
        options: &ReadOptions,
        what: &str,
        sink: &mut dyn Sink,
    ) -> Option<Columns> {
        let loosened: Vec<String> = names.iter().map(|n| loose(n)).collect();
        let text = match &options.text_column {
            Some(asked) => match position_of(names, asked) {
                Some(i) => i,
                None => {
                    sink.warning(format!(
                        "{file}: no {what} {asked:?} (--text-column); its {what}s are {}; skipped",
                        list(names)
                    ));
                    return None;
                }
            },
            None => {
                let found = common(&loosened, TEXT_NAMES);
                let Some(&first) = found.first() else {
                    sink.warning(format!(
                        "{file}: no text {what} found (looked for {}); its {what}s are {}; \
                         name the text {what} with --text-column; skipped",
                        TEXT_NAMES[..4].join(", "),
                        list(names)
                    ));
                    return None;
                };
                if found.len() > 1 {
                    let others: Vec<&str> = found[1..].iter().map(|i| names[*i]).collect();
                    sink.warning(format!(
                        "{file}: text read from {what} {:?} (also text-like: {}); \
                         choose another with --text-column",
                        names[first],
                        list(&others)
                    ));
                }
                first
            }
        };
        let mut other = |asked: &Option<String>, flag: &str, usual: &[&str]| match asked {
            Some(asked) => {
                let found = position_of(names, asked);
                if found.is_none() {
                    sink.warning(format!(
                        "{file}: no {what} {asked:?} ({flag}); its {what}s are {}; read without it",
                        list(names)
                    ));
                }
                found
            }
            None => common(&loosened, usual).into_iter().find(|i| *i != text),
        };
        Some(Columns {
            text,
            id: other(&options.id_column, "--id-column", ID_NAMES),
            title: other(&options.title_column, "--title-column", TITLE_NAMES),
            date: other(&options.date_column, "--date-column", DATE_NAMES),
            url: other(&None, "", URL_NAMES),
            language: other(&None, "", LANGUAGE_NAMES),
        })
    }
}

/// A name compared loosely: lower case, letters and digits only
/// (`Full Text`, `full_text` and `fullText` are alike).
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a name the user gave is: exactly, else loosely.
fn position_of(names: &[&str], asked: &str) -> Option<usize> {
    names.iter().position(|n| *n == asked).or_else(|| {
        let asked = loose(asked);
        names.iter().position(|n| loose(n) == asked)
    })
}

/// The names among `loosened` (names passed through [`loose`]) that are
/// one of `usual`, in the order of `usual` (the first is the best).
fn common(loosened: &[String], usual: &[&str]) -> Vec<usize> {
    let mut found = Vec::new();
    for u in usual {
        for (i, n) in loosened.iter().enumerate() {
            if n == u && !found.contains(&i) {
                found.push(i);
            }
        }
    }
    found
}

/// Names for a message: quoted, the first 30.
fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "(none)".to_string();
    }
    let shown: Vec<String> = names
        .iter()
        .take(30)
        .map(|n| {
            let short: String = n.chars().take(40).collect();
            format!("{short:?}")
        })
        .collect();
    let more = names.len().saturating_sub(30);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join(", "))
}

/// A record's values, before it becomes a document.
#[derive(Debug, Default)]
struct Fields {
    text: String,
    id: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

/// A value as metadata: trimmed, `None` when empty.
fn meta_value(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value)
    } else {
        Some(trimmed.to_string())
    }
}

/// The document a record of `file` at `position` makes.
fn document(file: &str, position: Position, fields: Fields) -> Document {
    let n = match position {
        Position::Line(n) | Position::Row(n) => n,
        Position::Whole => 0,
    };
    let id = meta_value(fields.id).unwrap_or_else(|| format!("{file}#{n}"));
    Document {
        meta: Meta {
            id,
            source: file.to_string(),
            position: Some(position),
            title: meta_value(fields.title),
            date: meta_value(fields.date),
            url: meta_value(fields.url),
            language: meta_value(fields.language),
        },
        text: fields.text,
        pages: Vec::new(),
    }
}

/// A file's malformed rows: the first few reported in full, then counted.
struct Problems {
    file: String,
    count: usize,
}

impl Problems {
    fn new(file: &str) -> Problems {
        Problems {
            file: file.to_string(),
            count: 0,
        }
    }

    /// Reports a problem at a line of the file.
    fn at(&mut self, sink: &mut dyn Sink, line: u64, message: impl std::fmt::Display) {
        self.count += 1;
        if self.count <= SHOWN_PROBLEMS {
            sink.warning(format!("{}:{line}: {message}", self.file));
        }
    }

    /// Says how many problems were not reported one by one.
    fn finish(&self, sink: &mut dyn Sink) {
        if self.count > SHOWN_PROBLEMS {
            sink.warning(format!(
                "{}: {} more malformed record(s) skipped ({} in all)",
                self.file,
                self.count - SHOWN_PROBLEMS,
                self.count
            ));
        }
    }
}

/// A size for messages: `64 MiB`, or bytes.
fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Bytes as text: as they are when UTF-8, else with each invalid byte
/// replaced by U+001A (counted in `replaced`), as the text reader does.
fn text_of(bytes: &[u8], replaced: &mut usize) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let mut owned = bytes.to_vec();
            let (_, n) = crate::encoding::repair_utf8(&mut owned, 0, true);
            *replaced += n;
            String::from_utf8(owned).expect("repaired UTF-8 is valid")
        }
    }
}

/// A sliding window over a stream: the bytes read and not yet consumed,
/// and the line they start on. At the end of the stream a line break is
/// added if the last line has none, so every record ends with one.
struct Window<'a> {
    reader: Box<dyn BufRead + 'a>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// The line (1-based) `buf[pos]` is on.
    line: u64,
}

impl<'a> Window<'a> {
    /// Opens an input as UTF-8 (UTF-16 decoded, a UTF-8 byte-order mark
    /// skipped). `None` for a binary file, after a warning.
    fn open(name: &str, data: Data<'a>, sink: &mut dyn Sink) -> Result<Option<Window<'a>>> {
        let mut reader: Box<dyn BufRead + 'a> = match data {
            Data::Bytes(b) => Box::new(b),
            Data::Stream(s) => Box::new(with_head(s).map_err(|e| Error::io(name, e))?),
        };
        let head = reader.fill_buf().map_err(|e| Error::io(name, e))?;
        match sniff(head) {
            Sniffed::Binary => {
                sink.warning(super::text::binary_warning(name));
                return Ok(None);
            }
            Sniffed::Text(Encoding::Utf8) => {
                if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                    reader.consume(3);
                }
            }
            sniffed @ Sniffed::Text(_) => {
                sink.warning(super::text::utf16_note(name));
                let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(crate::encoding::encoding_of(sniffed)))
                    .bom_override(true)
                    .build(reader);
                reader = Box::new(std::io::BufReader::with_capacity(64 * 1024, decoder));
            }
        }
        Ok(Some(Window {
            reader,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            line: 1,
        }))
    }

    /// The bytes not yet consumed.
    fn data(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Reads more; `false` at the end of the stream.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
            const KEEP: usize = 1 << 20;
            if self.buf.capacity() > 8 * KEEP && self.buf.len() < KEEP {
                self.buf.shrink_to(KEEP);
            }
        }
        let chunk = loop {
            match self.reader.fill_buf() {
                Ok(c) => break c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if chunk.is_empty() {
            self.eof = true;
            if self.buf.last().is_some_and(|b| *b != b'\n') {
                self.buf.push(b'\n');
            }
            return Ok(false);
        }
        let n = chunk.len();
        self.buf.extend_from_slice(chunk);
        self.reader.consume(n);
        Ok(true)
    }

    /// Consumes `n` bytes, counting their lines.
    fn consume(&mut self, n: usize) {
        let bytes = &self.buf[self.pos..self.pos + n];
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
        self.pos += n;
    }

    /// Consumes up to and including the next line break; `false` if the
    /// stream ended first.
    fn skip_line(&mut self) -> std::io::Result<bool> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', self.data()) {
                self.consume(i + 1);
                return Ok(true);
            }
            let n = self.data().len();
            self.consume(n);
            if !self.fill()? {
                return Ok(false);
            }
        }
    }
}
