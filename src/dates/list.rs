//! The user's own list of document dates (`--dates FILE.csv`).

use std::collections::HashMap;
use std::path::Path;

use super::{parse, Date};
use crate::error::{Error, Result};

/// How many bad rows are listed in full.
const SHOWN: usize = 20;

/// Dates the user gives per document, from a CSV of `document,date`
/// (comma, semicolon or tab separated; a header line is optional; UTF-8 or
/// UTF-16 with a byte-order mark). A document is the id geomention gives
/// it (its path as found, or `path#row` for a record of an export) or the
/// last parts of that path: `a.txt` and `2024/a.txt` both name
/// `corpus/2024/a.txt`. Dates are read as leniently as dates in documents
/// ([`parse`]), but a date that cannot be read is an error naming its line.
///
/// ```
/// use std::path::Path;
/// use geomention::dates::DateList;
/// let list = DateList::parse("document,date\ncorpus/a.txt,18 March 2024\nb.txt,2023-11\n", Path::new("d.csv")).unwrap();
/// assert_eq!(list.get("corpus/a.txt").unwrap().0.to_string(), "2024-03-18");
/// assert_eq!(list.get("./other/b.txt").unwrap().0.to_string(), "2023-11");
/// assert!(list.get("c.txt").is_none());
/// let err = DateList::parse("a.txt,2024-03-18\nb.txt,someday\n", Path::new("d.csv")).unwrap_err();
/// assert!(err.to_string().starts_with("d.csv:2:"), "{err}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateList {
    /// The file, for messages.
    source: String,
    /// Normalised document name → (date, line).
    entries: HashMap<String, (Date, u64)>,
}

impl DateList {
    /// Reads a dates CSV.
    pub fn from_path(path: impl AsRef<Path>) -> Result<DateList> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let decoded = crate::encoding::decode(&bytes);
        DateList::parse(&decoded.text, path)
    }

    /// Parses dates CSV text; `path` names the file in messages.
    pub fn parse(text: &str, path: &Path) -> Result<DateList> {
        let user = crate::values::UserCsv::new(text, path);
        let mut records = user.records();
        let bad = |line: u64, message: String| user.error(line, message);
        let not_csv = |e: csv::Error| user.not_csv(e);
        let Some(first) = records.next().transpose().map_err(not_csv)? else {
            return Err(bad(
                1,
                "empty file; expected lines such as `document,date` then `corpus/a.txt,2024-03-18`"
                    .into(),
            ));
        };
        let mut rows = Rows {
            columns: (0, 1),
            width: 2,
            list: DateList {
                source: path.display().to_string(),
                entries: HashMap::new(),
            },
            problems: Vec::new(),
            count: 0,
        };
        match header(&first) {
            Some(columns) => {
                rows.columns = columns;
                rows.width = first.len();
            }
            None => rows.add(&first),
        }
        for record in records {
            rows.add(&record.map_err(not_csv)?);
        }
        rows.finish(path)
    }

    /// The date listed for a document id (or the last parts of its path),
    /// with the name it is listed under and its line.
    pub fn get(&self, id: &str) -> Option<(Date, &str, u64)> {
        let id = normalise(id);
        let mut rest = id.as_str();
        loop {
            if let Some((key, (date, line))) = self.entries.get_key_value(rest) {
                return Some((*date, key.as_str(), *line));
            }
            rest = rest.split_once('/')?.1;
        }
    }

    /// How many documents are listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no document is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file the list was read from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every listed name with its line, in line order.
    pub fn names(&self) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self
            .entries
            .iter()
            .map(|(k, (_, line))| (k.as_str(), *line))
            .collect();
        v.sort_by_key(|e| e.1);
        v
    }
}

/// A document name as compared: forward slashes, no leading `./`.
fn normalise(name: &str) -> String {
    let mut s = name.trim().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

/// The (document, date) columns when the first line is a header: its date
/// cell is not a date and it names its columns.
fn header(first: &csv::StringRecord) -> Option<(usize, usize)> {
    const DOCUMENT: &[&str] = &[
        "document",
        "documents",
        "doc",
        "id",
        "file",
        "filename",
        "file_name",
        "path",
        "name",
        "source",
        "url",
    ];
    const DATE: &[&str] = &[
        "date",
        "published",
        "published_at",
        "publication_date",
        "day",
    ];
    let find = |names: &[&str]| {
        first
            .iter()
            .position(|c| names.contains(&c.to_lowercase().as_str()))
    };
    let date_cell = first.get(1).unwrap_or("");
    if parse(date_cell).is_ok() {
        return None;
    }
    match (find(DOCUMENT), find(DATE)) {
        (Some(d), Some(t)) => Some((d, t)),
        (Some(d), None) => Some((d, if d == 0 { 1 } else { 0 })),
        (None, Some(t)) => Some((if t == 0 { 1 } else { 0 }, t)),
        (None, None) => None,
    }
}

/// The rows read so far and their problems.
struct Rows {
    columns: (usize, usize),
    width: usize,
    list: DateList,
    problems: Vec<(u64, String)>,
    count: usize,
}

impl Rows {
    fn problem(&mut self, line: u64, message: String) {
        self.count += 1;
        if self.problems.len() < SHOWN {
            self.problems.push((line, message));
        }
    }

    fn add(&mut self, record: &csv::StringRecord) {
        let line = record.position().map_or(1, |p| p.line());
        if record.iter().all(str::is_empty) {
            return;
        }
        if record.len() > self.width {
            let (n, w) = (record.len(), self.width);
            return self.problem(
                line,
                format!(
                "{n} fields where {w} are expected (document,date); quote a name that holds a comma"
            ),
            );
        }
        let (doc, raw) = (
            record.get(self.columns.0).unwrap_or(""),
            record.get(self.columns.1).unwrap_or(""),
        );
        if doc.is_empty() {
            return self.problem(line, "no document name; expected document,date".into());
        }
        let date = match parse(raw) {
            Ok(d) => d,
            Err(e) => return self.problem(line, format!("date {raw:?} for {doc:?}: {e}")),
        };
        let key = normalise(doc);
        match self.list.entries.get(&key) {
            Some((d, first)) if *d != date => {
                let (d, first) = (*d, *first);
                self.problem(line, format!(
                    "{doc:?} is listed again with another date ({date}; {d} on line {first}); keep one row per document"
                ));
            }
            Some(_) => {}
            None => {
                self.list.entries.insert(key, (date, line));
            }
        }
    }

    fn finish(self, path: &Path) -> Result<DateList> {
        let Some(&(first_line, _)) = self.problems.first() else {
            return Ok(self.list);
        };
        let mut message = format!("{} bad row(s); fix or delete them:", self.count);
        for (line, m) in &self.problems {
            message.push_str(&format!("\n  {}:{line}: {m}", path.display()));
        }
        if self.count > self.problems.len() {
            message.push_str(&format!(
                "\n  ... and {} more not listed",
                self.count - self.problems.len()
            ));
        }
        Err(Error::Parse {
            path: path.to_path_buf(),
            line: first_line as usize,
            message,
        })
    }
}
