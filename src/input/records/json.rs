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

use serde_json::{Map, Value};

use super::{
    common, document, loose, size, Columns, Fields, Problems, Window, DATE_NAMES, ID_NAMES,
    LANGUAGE_NAMES, TEXT_NAMES, TITLE_NAMES, URL_NAMES,
};
use crate::error::{Error, Result};
use crate::input::{Input, Position, ReadOptions, Reader, Sink};

/// JSON Lines (`.jsonl`, `.ndjson`).
#[derive(Debug, Clone)]
pub struct JsonLinesReader {
    max_record: usize,
}

impl JsonLinesReader {
    /// The reader, with the default limit on a record's length.
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
        let mut rest = skip_space(strip_bom(head)).iter();
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

fn skip_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
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
    let rest = skip_space(strip_bom(head));
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

/// How many records without a text field are read before a file is taken
/// to have none.
const TEXTLESS_LIMIT: u64 = 1000;

/// The records of one file, turned into documents. Fields are looked for
/// in each record (records of an export need not all have the same
/// fields); the text field is the one the user named, else the first
/// record with text decides which of several text-like fields is read.
struct Records<'a> {
    name: &'a str,
    options: &'a ReadOptions,
    max: usize,
    /// The text field, once a record had one.
    text: Option<String>,
    /// Why the first record had no text (said if no record has any).
    no_text: Option<String>,
    /// Records without text: how many, and the first one's line.
    missing: (u64, u64),
    /// Whether the id, date and title fields the user named were found.
    asked_found: [bool; 5],
    /// Give up the file (no record has text).
    stop: bool,
    problems: Problems,
    /// Elements of an array read so far.
    rows: u64,
}

impl<'a> Records<'a> {
    fn new(name: &'a str, options: &'a ReadOptions, max: usize) -> Records<'a> {
        Records {
            name,
            options,
            max,
            text: None,
            no_text: None,
            missing: (0, 0),
            asked_found: [false; 5],
            stop: false,
            problems: Problems::new(name),
            rows: 0,
        }
    }

    fn finish(&self, sink: &mut dyn Sink) {
        self.problems.finish(sink);
        let (count, first) = self.missing;
        match (&self.text, &self.no_text) {
            (None, Some(why)) => sink.warning(why.clone()),
            (Some(key), _) if count > 0 => sink.warning(format!(
                "{}: {count} record(s) without text (no {key:?} field) skipped (the first on line {first})",
                self.name
            )),
            _ => {}
        }
        if self.text.is_none() {
            return;
        }
        let o = self.options;
        let asked = [
            (&o.id_column, "--id-column"),
            (&o.date_column, "--date-column"),
            (&o.title_column, "--title-column"),
        ];
        for ((asked, flag), found) in asked.into_iter().zip(self.asked_found) {
            if let (Some(asked), false) = (asked, found) {
                sink.warning(format!(
                    "{}: no record has a field {asked:?} ({flag})",
                    self.name
                ));
            }
        }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> Error + '_ {
        move |e| Error::io(self.name, e)
    }

    /// A `.json` file: an array, JSON Lines, or objects one after another.
    fn json(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        let Some(first) = next_byte(w).map_err(self.io())? else {
            return Ok(()); // empty
        };
        match first {
            b'[' => self.array(w, sink),
            b'{' if self.first_line_parses(w).map_err(self.io())? => self.lines(w, sink),
            b'{' => self.objects(w, sink),
            other => {
                sink.warning(format!(
                    "{}:{}: not a JSON array or object (it starts with {:?}); skipped",
                    self.name,
                    w.line,
                    char::from(other)
                ));
                Ok(())
            }
        }
    }

    /// Whether the window's first line is a whole JSON value (JSON Lines).
    fn first_line_parses(&self, w: &mut Window<'_>) -> std::io::Result<bool> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', w.data()) {
                return Ok(serde_json::from_slice::<Value>(&w.data()[..i]).is_ok());
            }
            if w.data().len() > self.max {
                return Ok(false);
            }
            if !w.fill()? && memchr::memchr(b'\n', w.data()).is_none() {
                return Ok(false);
            }
        }
    }

    /// JSON Lines: each line an object.
    fn lines(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        loop {
            let line = w.line;
            let end = loop {
                if let Some(i) = memchr::memchr(b'\n', w.data()) {
                    break (i <= self.max).then_some(i);
                }
                if w.data().len() > self.max {
                    break None;
                }
                let more = w.fill().map_err(self.io())?;
                if !more && memchr::memchr(b'\n', w.data()).is_none() {
                    return Ok(()); // the window ends every line with a break
                }
            };
            let Some(end) = end else {
                w.skip_line().map_err(self.io())?;
                let why = format!("line longer than {}; skipped", size(self.max));
                self.problems.at(sink, line, why);
                continue;
            };
            let bytes = skip_space(&w.data()[..end]);
            if !bytes.is_empty() && !self.stop {
                let parsed = serde_json::from_slice::<Value>(bytes);
                self.value(parsed, Position::Line(line), line, sink)?;
            }
            w.consume(end + 1);
            if self.stop {
                return Ok(());
            }
        }
    }

    /// An array, element by element.
    fn array(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        w.consume(1); // [
        loop {
            let Some(b) = next_byte(w).map_err(self.io())? else {
                sink.warning(format!(
                    "{}: the JSON array is not closed (no ']'): the file may be cut short",
                    self.name
                ));
                return Ok(());
            };
            match b {
                b']' => {
                    w.consume(1);
                    return self.after_array(w, sink);
                }
                b',' => {
                    w.consume(1);
                    continue;
                }
                _ => {}
            }
            let line = w.line;
            self.rows += 1;
            let position = Position::Row(self.rows);
            match scan_value(w, true, self.max).map_err(self.io())? {
                Scanned::Value(len) => {
                    let parsed = serde_json::from_slice::<Value>(&w.data()[..len]);
                    self.value(parsed, position, line, sink)?;
                    w.consume(len);
                }
                Scanned::TooLong => {
                    let why = format!("record longer than {}; skipped", size(self.max));
                    self.problems.at(sink, line, why);
                }
                Scanned::Unfinished => {
                    let why =
                        "the file ends inside this record (a missing '}', ']' or '\"'?); skipped";
                    self.problems.at(sink, line, why);
                    return Ok(());
                }
            }
            if self.stop {
                return Ok(());
            }
        }
    }

    /// Says so when something follows the array.
    fn after_array(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        if next_byte(w).map_err(self.io())?.is_some() {
            sink.warning(format!(
                "{}:{}: text after the end of the JSON array was not read",
                self.name, w.line
            ));
        }
        Ok(())
    }

    /// Objects one after another (pretty-printed, or a single object).
    fn objects(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        while let Some(b) = next_byte(w).map_err(self.io())? {
            let line = w.line;
            if b != b'{' {
                self.problems
                    .at(sink, line, "not a JSON object; skipped to the next line");
                w.skip_line().map_err(self.io())?;
                continue;
            }
            match scan_value(w, false, self.max).map_err(self.io())? {
                Scanned::Value(len) => {
                    let parsed = serde_json::from_slice::<Value>(&w.data()[..len]);
                    w.consume(len);
                    match parsed {
                        Ok(Value::Object(obj)) => self.object(obj, line, sink)?,
                        parsed => self.value(parsed, Position::Line(line), line, sink)?,
                    }
                }
                Scanned::TooLong => {
                    let why = format!("record longer than {}; skipped", size(self.max));
                    self.problems.at(sink, line, why);
                }
                Scanned::Unfinished => {
                    let why = "the file ends inside this object (a missing '}' or '\"'?); skipped";
                    self.problems.at(sink, line, why);
                    return Ok(());
                }
            }
            if self.stop {
                return Ok(());
            }
        }
        Ok(())
    }

    /// An object of a stream of objects: a record, or a wrapper holding
    /// records in an array (`{"articles": [...]}`, as news APIs return).
    fn object(&mut self, obj: Map<String, Value>, line: u64, sink: &mut dyn Sink) -> Result<()> {
        let array = (!self.has_text(&obj))
            .then(|| records_array(&obj))
            .flatten();
        let Some(key) = array else {
            return self.value(Ok(Value::Object(obj)), Position::Line(line), line, sink);
        };
        if self.rows == 0 {
            sink.warning(format!(
                "{}: records read from its {key:?} array",
                self.name
            ));
        }
        let Some(Value::Array(items)) = obj.into_iter().find(|(k, _)| *k == key).map(|(_, v)| v)
        else {
            unreachable!("records_array names an array field");
        };
        for item in items {
            self.rows += 1;
            self.value(Ok(item), Position::Row(self.rows), line, sink)?;
            if self.stop {
                break;
            }
        }
        Ok(())
    }

    /// Whether an object has a text field: the one named or found so far,
    /// or one with a usual name.
    fn has_text(&self, obj: &Map<String, Value>) -> bool {
        if let Some(asked) = &self.options.text_column {
            return path(obj, asked).is_some();
        }
        self.text.as_ref().is_some_and(|k| obj.contains_key(k))
            || !common(&loosened(obj), TEXT_NAMES).is_empty()
    }

    /// One parsed value at `line`: a document if it is an object with
    /// text, a warning otherwise.
    fn value(
        &mut self,
        parsed: serde_json::Result<Value>,
        position: Position,
        line: u64,
        sink: &mut dyn Sink,
    ) -> Result<()> {
        let mut obj = match parsed {
            Ok(Value::Object(obj)) => obj,
            Ok(other) => {
                let why = format!("a JSON {}, not an object; skipped", kind(&other));
                self.problems.at(sink, line, why);
                return Ok(());
            }
            Err(e) => {
                self.invalid(sink, line, &e);
                return Ok(());
            }
        };
        let Some(text) = self.text_field(&mut obj, sink) else {
            if self.missing.0 == 0 {
                self.missing.1 = line;
            }
            self.missing.0 += 1;
            self.stop = self.text.is_none() && self.missing.0 >= TEXTLESS_LIMIT;
            return Ok(());
        };
        let o = self.options;
        let usual = usual_keys(&obj);
        let mut asked = |i: usize, asked: &Option<String>, usual: Option<&String>| match asked {
            Some(asked) => {
                let value = path(&obj, asked).cloned();
                self.asked_found[i] |= value.is_some();
                value.and_then(self::text)
            }
            None => usual.and_then(|k| obj.get(k)).cloned().and_then(self::text),
        };
        let fields = Fields {
            text: text.unwrap_or_default(),
            id: asked(0, &o.id_column, usual[0].as_ref()),
            date: asked(1, &o.date_column, usual[2].as_ref()),
            title: asked(2, &o.title_column, usual[1].as_ref()),
            url: asked(3, &None, usual[3].as_ref()),
            language: asked(4, &None, usual[4].as_ref()),
        };
        sink.document(document(self.name, position, fields))
    }

    /// Reports a value that is not valid JSON, at the line of the error.
    fn invalid(&mut self, sink: &mut dyn Sink, line: u64, e: &serde_json::Error) {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        // A line break where it cannot be is reported at the next line's
        // column 0; the problem is at the end of the line before.
        let (at, column) = match (e.line(), e.column()) {
            (l, 0) if l > 1 => (l - 1, String::new()),
            (l, c) => (l, format!(" (column {c})")),
        };
        let at = line + at.saturating_sub(1) as u64;
        let why = format!("not valid JSON: {message}{column}; record skipped");
        self.problems.at(sink, at, why);
    }

    /// Takes a record's text out: from the field the user named, else the
    /// text field found so far, else one found by its usual names.
    /// `None` when the record has none.
    fn text_field(
        &mut self,
        obj: &mut Map<String, Value>,
        sink: &mut dyn Sink,
    ) -> Option<Option<String>> {
        let asked = self.options.text_column.as_ref();
        if let Some(key) = self.text.as_ref().or(asked) {
            if let Some(text) = take(obj, key) {
                if self.text.is_none() {
                    self.text = Some(key.clone());
                }
                return Some(text);
            }
        }
        let names: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut notes = crate::input::Collect::default();
        let only_text = ReadOptions {
            text_column: self.options.text_column.clone(),
            ..ReadOptions::default()
        };
        let found = Columns::find(self.name, &names, &only_text, "field", &mut notes);
        let key = match found {
            Some(c) => names[c.text].to_string(),
            _ => {
                if self.no_text.is_none() {
                    self.no_text = notes.warnings.pop();
                }
                return None;
            }
        };
        if self.text.is_none() {
            notes.warnings.into_iter().for_each(|w| sink.warning(w));
            self.text = Some(key.clone());
        }
        take(obj, &key)
    }
}

/// A record's field names, compared loosely.
fn loosened(obj: &Map<String, Value>) -> Vec<String> {
    obj.keys().map(|k| loose(k)).collect()
}

/// The fields holding a record's id, title, date, url and language, by
/// their usual names.
fn usual_keys(obj: &Map<String, Value>) -> [Option<String>; 5] {
    let loosened = loosened(obj);
    let keys: Vec<&String> = obj.keys().collect();
    [ID_NAMES, TITLE_NAMES, DATE_NAMES, URL_NAMES, LANGUAGE_NAMES]
        .map(|usual| common(&loosened, usual).first().map(|i| keys[*i].clone()))
}

/// The one field of a wrapper object that holds the records: an array
/// whose first element is an object.
fn records_array(obj: &Map<String, Value>) -> Option<String> {
    let mut arrays = obj.iter().filter(|(_, v)| {
        v.as_array()
            .and_then(|a| a.first())
            .is_some_and(Value::is_object)
    });
    let (key, _) = arrays.next()?;
    arrays.next().is_none().then(|| key.clone())
}

/// A field by name, or by a dotted path into nested objects.
fn path<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if let Some(v) = obj.get(key) {
        return Some(v);
    }
    let (head, rest) = key.split_once('.')?;
    match obj.get(head)? {
        Value::Object(inner) => path(inner, rest),
        _ => None,
    }
}

/// Takes a field out of a record: `None` when it is not there,
/// `Some(None)` when it is there but empty (`null`).
fn take(obj: &mut Map<String, Value>, key: &str) -> Option<Option<String>> {
    if let Some(v) = obj.remove(key) {
        return Some(text(v));
    }
    let (head, rest) = key.split_once('.')?;
    match obj.get_mut(head)? {
        Value::Object(inner) => take(inner, rest),
        _ => None,
    }
}

/// A value as text: strings as they are, numbers and booleans as written,
/// arrays and objects as their values joined by blank lines, `null` as
/// nothing.
fn text(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => join(items.into_iter().filter_map(text)),
        Value::Object(map) => join(map.into_iter().filter_map(|(_, v)| text(v))),
    }
}

fn join(parts: impl Iterator<Item = String>) -> Option<String> {
    let parts: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The next byte that is not white space, left in the window; `None` at
/// the end.
fn next_byte(w: &mut Window<'_>) -> std::io::Result<Option<u8>> {
    loop {
        let data = w.data();
        match data.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = data[i];
                w.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = data.len();
                w.consume(n);
                if !w.fill()? {
                    return Ok(None);
                }
            }
        }
    }
}

/// How a value was found in the window.
enum Scanned {
    /// `w.data()[..len]` is the value.
    Value(usize),
    /// Longer than the limit: consumed and skipped.
    TooLong,
    /// The stream ended inside it.
    Unfinished,
}

/// Where a JSON value starting at the window's first byte ends, found by
/// its brackets and strings (not parsed). In an array the value ends at
/// the `,` or `]` after it; otherwise when its brackets close. A line
/// break inside a string (never valid JSON) ends the string, so one broken
/// record cannot swallow the ones after it.
fn scan_value(w: &mut Window<'_>, in_array: bool, max: usize) -> std::io::Result<Scanned> {
    let mut s = ScanState::default();
    let mut skipped = false;
    loop {
        if let Some(end) = s.run(&w.data()[s.at..], in_array) {
            let len = s.at + end;
            if skipped || len > max {
                w.consume(len);
                return Ok(Scanned::TooLong);
            }
            return Ok(Scanned::Value(len));
        }
        s.at = w.data().len();
        if s.at > max {
            skipped = true;
            w.consume(s.at);
            s.at = 0;
        }
        if !w.fill()? {
            if skipped {
                return Ok(Scanned::TooLong);
            }
            // At the end of the stream a value with closed brackets ends.
            let data = w.data();
            let closed = s.depth == 0 && !s.in_string && !skip_space(data).is_empty();
            return Ok(if closed && in_array {
                Scanned::Value(data.len())
            } else {
                Scanned::Unfinished
            });
        }
    }
}

#[derive(Default)]
struct ScanState {
    /// Bytes of the value scanned.
    at: usize,
    depth: u32,
    in_string: bool,
    /// The last byte was a backslash in a string.
    escaped: bool,
}

impl ScanState {
    /// Scans on; the offset in `bytes` where the value ends, if it does.
    fn run(&mut self, bytes: &[u8], in_array: bool) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                match memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..]) {
                    None => return None,
                    Some(k) => {
                        i += k;
                        match bytes[i] {
                            b'\\' => self.escaped = true,
                            _ => self.in_string = false,
                        }
                        i += 1;
                        continue;
                    }
                }
            }
            match bytes[i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth == 0 => return in_array.then_some(i),
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 0 && !in_array {
                        return Some(i + 1);
                    }
                }
                b',' if self.depth == 0 && in_array => return Some(i),
                _ => {}
            }
            i += 1;
        }
        None
    }
}
