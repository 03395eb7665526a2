//! One file's records turned into documents: which field holds the text,
//! the metadata of each record, and what to say about the ones skipped.

use serde_json::{Map, Value};

use super::fields::{kind, loosened, path, records_array, take, text, usual_keys};
use super::split::{next_byte, scan_value, Scanned};
use crate::error::{Error, Result};
use crate::input::records::{
    common, document, size, Columns, Fields, Problems, Window, TEXT_NAMES,
};
use crate::input::{Position, ReadOptions, Sink};

/// How many records without a text field are read before a file is taken
/// to have none.
const TEXTLESS_LIMIT: u64 = 1000;

/// The records of one file, turned into documents. Fields are looked for
/// in each record (records of an export need not all have the same
/// fields); the text field is the one the user named, else the first
/// record with text decides which of several text-like fields is read.
pub(super) struct Records<'a> {
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
    pub(super) fn new(name: &'a str, options: &'a ReadOptions, max: usize) -> Records<'a> {
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

    pub(super) fn finish(&self, sink: &mut dyn Sink) {
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
    pub(super) fn json(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
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
        match line_end(w, self.max)? {
            LineEnd::At(i) => Ok(serde_json::from_slice::<Value>(&w.data()[..i]).is_ok()),
            LineEnd::TooLong | LineEnd::Eof => Ok(false),
        }
    }

    /// JSON Lines: each line an object.
    pub(super) fn lines(&mut self, w: &mut Window<'_>, sink: &mut dyn Sink) -> Result<()> {
        loop {
            let line = w.line;
            let end = match line_end(w, self.max).map_err(self.io())? {
                LineEnd::At(i) => Some(i),
                LineEnd::TooLong => None,
                LineEnd::Eof => return Ok(()), // the window ends every line with a break
            };
            let Some(end) = end else {
                w.skip_line().map_err(self.io())?;
                let why = format!("line longer than {}; skipped", size(self.max));
                self.problems.at(sink, line, why);
                continue;
            };
            let bytes = w.data()[..end].trim_ascii_start();
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
                Scanned::Value(0) => {
                    // A closing bracket with nothing open: skip it, or the
                    // loop would stand on it forever (found by fuzzing).
                    let why = format!("unexpected '{}' in the JSON array; skipped", char::from(b));
                    self.problems.at(sink, line, why);
                    w.consume(1);
                }
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

/// Where the window's first line ends.
enum LineEnd {
    /// At this offset, within `max` bytes.
    At(usize),
    /// Past `max` bytes.
    TooLong,
    /// The data ends without a line break.
    Eof,
}

/// Finds the end of the window's first line, filling the window as needed;
/// each fill's bytes are searched once (a long line is not searched again
/// from its start after every fill).
fn line_end(w: &mut Window<'_>, max: usize) -> std::io::Result<LineEnd> {
    let mut searched = 0;
    loop {
        if let Some(i) = memchr::memchr(b'\n', &w.data()[searched..]) {
            let i = searched + i;
            return Ok(if i <= max {
                LineEnd::At(i)
            } else {
                LineEnd::TooLong
            });
        }
        searched = w.data().len();
        if searched > max {
            return Ok(LineEnd::TooLong);
        }
        // At the end the window adds a last line break if the data lacks one.
        if !w.fill()? && memchr::memchr(b'\n', &w.data()[searched..]).is_none() {
            return Ok(LineEnd::Eof);
        }
    }
}
