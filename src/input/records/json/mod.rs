//! JSON exports: JSON Lines (one object per line), arrays of objects, and
//! objects one after another; each object a document.
//!
//! Values that are not strings are read sensibly: numbers and booleans as
//! written, arrays and objects as their values joined by blank lines (a
//! text given as a list of paragraphs; an object's values in the order of
//! their keys), `null` as absent. A field the user
//! names may be a path into nested objects (`--text-column body.text`).
//! An array is read element by element, never whole; a line or element
//! that is not valid JSON is a warning with its line, and reading goes on.

mod fields;
mod records;
mod split;

use serde_json::Value;

use super::Window;
use crate::error::Result;
use crate::input::{Input, Reader, Sink};
use records::Records;

/// JSON Lines (`.jsonl`, `.ndjson`).
#[derive(Debug, Clone)]
pub struct JsonLinesReader {
    max_record: usize,
}

impl JsonLinesReader {
    /// The reader, with the default limit on a record's length.
    ///
    /// ```
    /// use geomention::input::{records::JsonLinesReader, Collect, Data, Input, Position, ReadOptions, Reader};
    /// let jsonl = b"{\"id\": 7, \"body\": \"Fiji\", \"date\": \"2024-05-01\"}\n";
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.jsonl", data: Data::Bytes(jsonl), options: &ReadOptions::default() };
    /// JsonLinesReader::new().read(input, &mut found)?;
    /// let meta = &found.documents[0].meta;
    /// assert_eq!((meta.id.as_str(), meta.date.as_deref()), ("7", Some("2024-05-01")));
    /// assert_eq!(meta.position, Some(Position::Line(1)));
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn new() -> JsonLinesReader {
        JsonLinesReader {
            max_record: super::MAX_RECORD,
        }
    }

    /// The same reader with another limit on the length of a line.
    ///
    /// ```
    /// use geomention::input::{records, Collect, Data, Input, ReadOptions, Reader};
    /// let jsonl = b"{\"text\":\"Fiji\"}\n{\"text\":\"Tonga and Samoa\"}\n{\"text\":\"Palau\"}\n";
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.jsonl", data: Data::Bytes(jsonl), options: &ReadOptions::default() };
    /// records::JSON_LINES.clone().with_max_record(20).read(input, &mut found)?;
    /// assert_eq!(found.documents.len(), 2);
    /// assert!(found.warnings[0].starts_with("a.jsonl:2: line longer than 20 bytes"));
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn with_max_record(mut self, bytes: usize) -> JsonLinesReader {
        self.max_record = bytes;
        self
    }
}

impl Default for JsonLinesReader {
    fn default() -> Self {
        JsonLinesReader::new()
    }
}

impl Reader for JsonLinesReader {
    fn name(&self) -> &'static str {
        "jsonl"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        is_text(head)
    }
    fn sniff_alone(&self, head: &[u8]) -> bool {
        looks_like_json_lines(head)
    }
    fn streams(&self) -> bool {
        true
    }
    fn read(&self, input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name;
        let Some(mut window) = Window::open(name, input.data, sink)? else {
            return Ok(());
        };
        let mut records = Records::new(name, input.options, self.max_record);
        let result = records.lines(&mut window, sink);
        records.finish(sink);
        result
    }
}

/// JSON (`.json`): an array of objects (read element by element), JSON
/// Lines saved as `.json`, or objects one after another (a single object
/// holding an array of objects, as news APIs return, gives the array's
/// objects).
#[derive(Debug, Clone)]
pub struct JsonReader {
    max_record: usize,
}

impl JsonReader {
    /// The reader, with the default limit on a record's length.
    ///
    /// ```
    /// use geomention::input::{records::JsonReader, Collect, Data, Input, ReadOptions, Reader};
    /// let json = br#"[{"text": ["Fiji.", "Tonga."], "title": "Two"}]"#;
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.json", data: Data::Bytes(json), options: &ReadOptions::default() };
    /// JsonReader::new().read(input, &mut found)?;
    /// assert_eq!(found.documents[0].text, "Fiji.\n\nTonga.");
    /// assert_eq!(found.documents[0].meta.id, "a.json#1");
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn new() -> JsonReader {
        JsonReader {
            max_record: super::MAX_RECORD,
        }
    }

    /// The same reader with another limit on the length of a record.
    ///
    /// ```
    /// use geomention::input::{records, Collect, Data, Input, ReadOptions, Reader};
    /// let json = b"[{\"text\":\"Fiji\"},\n {\"text\":\"Tonga and Samoa\"},\n {\"text\":\"Palau\"}]";
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.json", data: Data::Bytes(json), options: &ReadOptions::default() };
    /// records::JSON.clone().with_max_record(20).read(input, &mut found)?;
    /// assert_eq!(found.documents.len(), 2);
    /// assert!(found.warnings[0].starts_with("a.json:2: record longer than 20 bytes"));
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn with_max_record(mut self, bytes: usize) -> JsonReader {
        self.max_record = bytes;
        self
    }
}

impl Default for JsonReader {
    fn default() -> Self {
        JsonReader::new()
    }
}

impl Reader for JsonReader {
    fn name(&self) -> &'static str {
        "json"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        is_text(head)
    }
    fn sniff_alone(&self, head: &[u8]) -> bool {
        let mut rest = strip_bom(head).trim_ascii_start().iter();
        match rest.next() {
            Some(b'[') => matches!(rest.find(|b| !b.is_ascii_whitespace()), Some(b'{')),
            Some(b'{') => matches!(rest.find(|b| !b.is_ascii_whitespace()), Some(b'"')),
            _ => false,
        }
    }
    fn streams(&self) -> bool {
        true
    }
    fn read(&self, input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name;
        let Some(mut window) = Window::open(name, input.data, sink)? else {
            return Ok(());
        };
        let mut records = Records::new(name, input.options, self.max_record);
        let result = records.json(&mut window, sink);
        records.finish(sink);
        result
    }
}

fn is_text(head: &[u8]) -> bool {
    matches!(
        crate::encoding::sniff(head),
        crate::encoding::Sniffed::Text(_)
    )
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

/// Whether bytes start like JSON Lines: an object whose first line parses
/// (or is cut off by the end of `head` while still valid so far).
///
/// ```
/// use geomention::input::records::looks_like_json_lines;
/// assert!(looks_like_json_lines(b"{\"text\": \"Fiji\"}\n{\"text\": \"Tonga\"}\n"));
/// assert!(looks_like_json_lines(b"  {\"text\": \"a long line cut by the end of the he"));
/// assert!(!looks_like_json_lines(b"{\n  \"text\": \"pretty-printed\"\n}\n"));
/// assert!(!looks_like_json_lines(b"{braces} in a plain text\n"));
/// ```
pub fn looks_like_json_lines(head: &[u8]) -> bool {
    let rest = strip_bom(head).trim_ascii_start();
    if !rest.starts_with(b"{") {
        return false;
    }
    let (line, complete) = match memchr::memchr(b'\n', rest) {
        Some(i) => (&rest[..i], true),
        None => (rest, false),
    };
    match serde_json::from_slice::<Value>(line) {
        Ok(v) => v.is_object(),
        Err(e) => !complete && e.is_eof(),
    }
}
