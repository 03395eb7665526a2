//! Mention tables, written as the scan goes (so no table is ever held in
//! memory): counts or spans per document as CSV or JSON, and the map job's
//! `mentions.csv`.
//!
//! ```
//! use geomention::table::{MentionTable, TableFormat};
//! use geomention::{input::Meta, scan::ScanSink, tally::DocumentTally, Extractor, Gazetteer, RegionSet};
//! let mut out = Vec::new();
//! let mut t = MentionTable::new(&mut out, TableFormat::MapCsv, Gazetteer::bundled(), RegionSet::bundled());
//! t.document(&DocumentTally::new("a.txt", &Extractor::bundled().find("Fiji and Fiji")))?;
//! t.finish()?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.ends_with("a.txt,a.txt,,,,FJI,Fiji,2\n"), "{text}");
//! # Ok::<(), geomention::Error>(())
//! ```

use std::io::Write;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::input::{Meta, Position};
use crate::mentions::Target;
use crate::regions::RegionSet;
use crate::scan::{ScanSink, Span};
use crate::tally::DocumentTally;

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableFormat {
    /// One row per document and country or region:
    /// `document,source,title,date,language,kind,id,name,count`.
    CountsCsv,
    /// One row per mention:
    /// `document,source,record,page,kind,id,name,form_kind,start,end,text`
    /// (`record`: the row or line of an export; `page`: a PDF's page).
    SpansCsv,
    /// A JSON array, one object per document with its metadata, counts
    /// (and mentions, with spans).
    Json {
        /// Include every mention with its span.
        spans: bool,
    },
    /// The map job's `mentions.csv`: one row per document and country:
    /// `document,source,title,date,language,iso_a3,country,count`.
    MapCsv,
}

/// Writes a mention table to `W` as documents arrive (a [`ScanSink`]).
pub struct MentionTable<'a, W: Write> {
    out: W,
    format: TableFormat,
    gaz: &'a Gazetteer,
    regions: &'a RegionSet,
    started: bool,
    /// JSON: documents written so far; whether the current one has begun.
    written: u64,
    open: bool,
    mentions_written: u64,
    warnings: Vec<String>,
}

impl<'a, W: Write> MentionTable<'a, W> {
    /// A table in `format`, naming countries from `gaz` and regions from
    /// `regions`.
    pub fn new(
        out: W,
        format: TableFormat,
        gaz: &'a Gazetteer,
        regions: &'a RegionSet,
    ) -> MentionTable<'a, W> {
        MentionTable {
            out,
            format,
            gaz,
            regions,
            started: false,
            written: 0,
            open: false,
            mentions_written: 0,
            warnings: Vec::new(),
        }
    }

    /// Ends the table (closes the JSON array) and returns the writer.
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        if let TableFormat::Json { .. } = self.format {
            let close: &[u8] = if self.written == 0 { b"]\n" } else { b"\n]\n" };
            self.write(close)?;
        }
        self.out.flush().map_err(out_err)?;
        Ok(self.out)
    }

    /// Warnings received (when the table is the only sink).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(out_err)
    }

    fn start(&mut self) -> Result<()> {
        if std::mem::replace(&mut self.started, true) {
            return Ok(());
        }
        let header: &[&str] = match self.format {
            TableFormat::CountsCsv => &[
                "document", "source", "title", "date", "language", "kind", "id", "name", "count",
            ],
            TableFormat::SpansCsv => &[
                "document",
                "source",
                "record",
                "page",
                "kind",
                "id",
                "name",
                "form_kind",
                "start",
                "end",
                "text",
            ],
            TableFormat::MapCsv => &[
                "document", "source", "title", "date", "language", "iso_a3", "country", "count",
            ],
            TableFormat::Json { .. } => return self.write(b"["),
        };
        self.row(header)
    }

    fn row<S: AsRef<[u8]>>(&mut self, fields: &[S]) -> Result<()> {
        let mut w = csv::WriterBuilder::new()
            .buffer_capacity(512)
            .from_writer(Vec::with_capacity(256));
        w.write_record(fields).map_err(csv_err)?;
        let bytes = w.into_inner().map_err(|e| out_err(e.into_error()))?;
        self.write(&bytes)
    }

    /// Kind, code and name of a target.
    fn describe(&self, t: Target) -> (&'static str, &'a str, &'a str) {
        match t {
            Target::Country(id) => {
                let c = self.gaz.country(id);
                ("country", c.iso_a3.as_str(), c.name.as_str())
            }
            Target::Region(i) => {
                let r = &self.regions.regions()[usize::from(i)];
                ("region", r.id.as_str(), r.name.as_str())
            }
        }
    }

    /// Opens a JSON document object with its metadata.
    fn open_json(&mut self, meta: &Meta, spans: bool) -> Result<()> {
        let sep = if self.written == 0 { "\n  " } else { ",\n  " };
        let head = meta_json(meta); // left open: counts follow
        let tail = if spans { ",\"mentions\":[" } else { "" };
        self.write(format!("{sep}{head}{tail}").as_bytes())?;
        self.open = true;
        self.mentions_written = 0;
        Ok(())
    }
}

/// The number of a record (CSV row, JSON Lines line) in its export.
fn record_of(meta: &Meta) -> Option<u64> {
    match meta.position {
        Some(Position::Row(n) | Position::Line(n)) => Some(n),
        _ => None,
    }
}

/// A document's metadata as the start of a JSON object, fields in a fixed
/// order (document first).
fn meta_json(meta: &Meta) -> String {
    let fields = [
        ("document", Some(&meta.id)),
        ("source", Some(&meta.source)),
        ("title", meta.title.as_ref()),
        ("date", meta.date.as_ref()),
        ("url", meta.url.as_ref()),
        ("language", meta.language.as_ref()),
    ];
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        let value = serde_json::to_string(value).expect("strings serialise");
        out.push_str(&format!(
            "{}\"{key}\":{value}",
            if i == 0 { "" } else { "," }
        ));
    }
    out
}

/// A string as a JSON string literal.
/// `s` as a JSON string, appended to `out`.
fn json_string_into(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("strings serialise into memory");
}

fn out_err(e: std::io::Error) -> Error {
    Error::io("<output>", e)
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => out_err(e),
        other => Error::Invalid(format!("writing CSV: {other:?}")),
    }
}

impl<W: Write> ScanSink for MentionTable<'_, W> {
    fn spans(&mut self, meta: &Meta, spans: &[Span]) -> Result<()> {
        self.start()?;
        match self.format {
            TableFormat::SpansCsv => {
                let record = record_of(meta).map(|r| r.to_string()).unwrap_or_default();
                for s in spans {
                    let (kind, id, name) = self.describe(s.target);
                    let page = s.page.map(|p| p.to_string()).unwrap_or_default();
                    self.row(&[
                        meta.id.as_str(),
                        meta.source.as_str(),
                        &record,
                        &page,
                        kind,
                        id,
                        name,
                        s.kind.as_str(),
                        &s.start.to_string(),
                        &s.end.to_string(),
                        &s.matched,
                    ])?;
                }
                Ok(())
            }
            TableFormat::Json { spans: true } => {
                if !self.open {
                    self.open_json(meta, true)?;
                }
                let mut line: Vec<u8> = Vec::with_capacity(160);
                for s in spans {
                    let (kind, id, name) = self.describe(s.target);
                    let sep = if self.mentions_written == 0 { "" } else { "," };
                    // Written directly (no JSON value per mention): only the
                    // strings need escaping.
                    line.clear();
                    write!(line, "{sep}{{\"kind\":\"{kind}\",\"id\":").map_err(out_err)?;
                    json_string_into(&mut line, id);
                    line.extend_from_slice(b",\"name\":");
                    json_string_into(&mut line, name);
                    write!(
                        line,
                        ",\"form_kind\":\"{}\",\"start\":{},\"end\":{},\"page\":",
                        s.kind.as_str(),
                        s.start,
                        s.end
                    )
                    .map_err(out_err)?;
                    match s.page {
                        Some(p) => write!(line, "{p}").map_err(out_err)?,
                        None => line.extend_from_slice(b"null"),
                    }
                    line.extend_from_slice(b",\"text\":");
                    json_string_into(&mut line, &s.matched);
                    line.push(b'}');
                    self.out.write_all(&line).map_err(out_err)?;
                    self.mentions_written += 1;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn document(&mut self, doc: &DocumentTally) -> Result<()> {
        self.start()?;
        let m = &doc.meta;
        let (title, date, language) = (
            m.title.as_deref().unwrap_or(""),
            m.date.as_deref().unwrap_or(""),
            m.language.as_deref().unwrap_or(""),
        );
        match self.format {
            TableFormat::CountsCsv => {
                let counts = doc
                    .countries
                    .iter()
                    .map(|(id, n)| (Target::Country(*id), *n))
                    .chain(doc.regions.iter().map(|(r, n)| (Target::Region(*r), *n)));
                for (t, n) in counts {
                    let (kind, id, name) = self.describe(t);
                    self.row(&[
                        m.id.as_str(),
                        &m.source,
                        title,
                        date,
                        language,
                        kind,
                        id,
                        name,
                        &n.to_string(),
                    ])?;
                }
            }
            TableFormat::MapCsv => {
                for (id, n) in &doc.countries {
                    let c = self.gaz.country(*id);
                    self.row(&[
                        m.id.as_str(),
                        &m.source,
                        title,
                        date,
                        language,
                        &c.iso_a3,
                        &c.name,
                        &n.to_string(),
                    ])?;
                }
            }
            TableFormat::SpansCsv => {}
            TableFormat::Json { spans } => {
                if !self.open {
                    self.open_json(m, spans)?;
                }
                let countries: serde_json::Map<String, serde_json::Value> = doc
                    .countries
                    .iter()
                    .map(|(id, n)| (self.gaz.country(*id).iso_a3.clone(), (*n).into()))
                    .collect();
                let regions: serde_json::Map<String, serde_json::Value> = doc
                    .regions
                    .iter()
                    .map(|(r, n)| {
                        (
                            self.regions.regions()[usize::from(*r)].id.clone(),
                            (*n).into(),
                        )
                    })
                    .collect();
                let counts = format!(
                    "{}\"countries\":{},\"regions\":{}}}",
                    if spans { "]," } else { "," },
                    serde_json::Value::Object(countries),
                    serde_json::Value::Object(regions)
                );
                self.write(counts.as_bytes())?;
                self.open = false;
                self.written += 1;
            }
        }
        Ok(())
    }

    fn warning(&mut self, message: &str) {
        self.warnings.push(message.to_string());
    }
}
