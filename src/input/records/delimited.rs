//! CSV and TSV: a header line, then one document per row.
//!
//! Fields may be quoted (`"..."`, a quote inside written twice) and then
//! hold delimiters and line breaks. The parser is lenient where a reading
//! is still clear (a quote inside an unquoted field is kept as it is) and
//! strict where a row would swallow the rows after it: a quoted field that
//! runs over a line break and then is closed in the wrong place (a missing
//! or stray quote) makes the row malformed, and reading goes on from the
//! line after the one the row started on.
//!
//! The parser is written here rather than taken from the `csv` crate
//! because a row must stay bounded (the crate grows a record until its
//! quote closes, which for a broken quote is the end of the file), the
//! reader must go back to the line after a broken row's start, and every
//! warning needs the row's line.

use super::{document, size, text_of, Columns, Fields, Problems, Window};
use crate::error::{Error, Result};
use crate::input::{Input, Position, ReadOptions, Reader, Sink};

/// A delimited-text reader (CSV, TSV).
#[derive(Debug, Clone)]
pub struct DelimitedReader {
    name: &'static str,
    extensions: &'static [&'static str],
    /// `None`: found from the header line (comma, semicolon or tab).
    delimiter: Option<u8>,
    max_record: usize,
}

impl DelimitedReader {
    /// A reader called `name` for files with these extensions, splitting
    /// fields at `delimiter` (`None`: the one the header line uses).
    ///
    /// ```
    /// use geomention::input::{records::DelimitedReader, Collect, Data, Input, ReadOptions, Reader};
    /// let pipes = DelimitedReader::new("psv", &["psv"], Some(b'|'));
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.psv", data: Data::Bytes(b"id|text\n1|Fiji, Tonga\n"), options: &ReadOptions::default() };
    /// pipes.read(input, &mut found)?;
    /// assert_eq!(found.documents[0].text, "Fiji, Tonga");
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn new(
        name: &'static str,
        extensions: &'static [&'static str],
        delimiter: Option<u8>,
    ) -> DelimitedReader {
        DelimitedReader {
            name,
            extensions,
            delimiter,
            max_record: super::MAX_RECORD,
        }
    }

    /// The same reader with another limit on the length of a row.
    ///
    /// ```
    /// use geomention::input::{records, Collect, Data, Input, ReadOptions, Reader};
    /// let csv = b"text\nFiji\nTonga, Samoa and Vanuatu\nPalau\n";
    /// let reader = records::CSV.clone().with_max_record(12);
    /// let mut found = Collect::default();
    /// let input = Input { name: "a.csv", data: Data::Bytes(csv), options: &ReadOptions::default() };
    /// reader.read(input, &mut found)?;
    /// assert_eq!(found.documents.len(), 2);
    /// assert!(found.warnings[0].starts_with("a.csv:3: row longer than 12 bytes"));
    /// # Ok::<(), geomention::Error>(())
    /// ```
    pub const fn with_max_record(mut self, bytes: usize) -> DelimitedReader {
        self.max_record = bytes;
        self
    }
}

impl Reader for DelimitedReader {
    fn name(&self) -> &'static str {
        self.name
    }
    fn extensions(&self) -> &'static [&'static str] {
        self.extensions
    }
    fn sniff(&self, head: &[u8]) -> bool {
        matches!(
            crate::encoding::sniff(head),
            crate::encoding::Sniffed::Text(_)
        )
    }
    fn sniff_alone(&self, _head: &[u8]) -> bool {
        false // plain text with commas would look like CSV
    }
    fn streams(&self) -> bool {
        true
    }
    fn read(&self, input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name;
        let Some(window) = Window::open(name, input.data, sink)? else {
            return Ok(());
        };
        let io = |e| Error::io(name, e);
        let mut rows = Rows::new(window, self.delimiter, self.max_record).map_err(io)?;
        let mut read = Read {
            name,
            options: input.options,
            problems: Problems::new(name),
            replaced: 0,
        };
        let result = read.all(&mut rows, sink);
        read.problems.finish(sink);
        if read.replaced > 0 {
            sink.warning(crate::input::text::replaced_warning(name, read.replaced));
        }
        result
    }
}

/// One file being read.
struct Read<'a> {
    name: &'a str,
    options: &'a ReadOptions,
    problems: Problems,
    replaced: usize,
}

impl Read<'_> {
    fn all(&mut self, rows: &mut Rows<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = self.name;
        let io = move |e| Error::io(name, e);
        let header = match rows.next().map_err(io)? {
            Row::End => return Ok(()),
            Row::Bad { line, why } => {
                let why = why.split(';').next().unwrap_or(&why);
                sink.warning(format!(
                    "{}:{line}: the header row cannot be read ({why}); file skipped",
                    self.name
                ));
                return Ok(());
            }
            Row::Record { .. } => rows.fields(&mut self.replaced),
        };
        let names: Vec<&str> = header.iter().map(|h| h.trim()).collect();
        let Some(columns) = Columns::find(self.name, &names, self.options, "column", sink) else {
            return Ok(());
        };
        let mut n = 0u64;
        loop {
            match rows.next().map_err(io)? {
                Row::End => return Ok(()),
                Row::Bad { line, why } => {
                    n += 1;
                    self.problems.at(sink, line, why);
                }
                Row::Record { line } => {
                    n += 1;
                    if rows.len() != names.len() {
                        let message = format!(
                            "{} fields where the header has {} (an unquoted delimiter or line break?); row skipped",
                            rows.len(),
                            names.len()
                        );
                        self.problems.at(sink, line, message);
                        continue;
                    }
                    let fields = self.record(rows, &columns);
                    sink.document(document(self.name, Position::Row(n), fields))?;
                }
            }
        }
    }

    fn record(&mut self, rows: &Rows<'_>, c: &Columns) -> Fields {
        let mut get = |i: Option<usize>| i.map(|i| text_of(rows.field(i), &mut self.replaced));
        Fields {
            text: get(Some(c.text)).unwrap_or_default(),
            id: get(c.id),
            title: get(c.title),
            date: get(c.date),
            url: get(c.url),
            language: get(c.language),
        }
    }
}

/// What the parser found next.
enum Row {
    /// A row, its fields in [`Rows::field`]; starting on this line.
    Record { line: u64 },
    /// A malformed row starting on this line, and what is wrong.
    Bad { line: u64, why: String },
    /// The end of the file.
    End,
}

/// Where the parse of a row stands (it can stop for more data and go on).
#[derive(Debug, Default)]
struct Parse {
    /// Bytes of the row parsed, from the window's start.
    at: usize,
    /// Inside a quoted field.
    quoted: bool,
    /// The current field has begun (a quote then starts nothing).
    started: bool,
    /// The current field's closing quote has been seen.
    closed: bool,
    /// Something followed a closing quote (`"a"b`).
    stray: bool,
    /// A quoted field has run over a line break.
    multiline: bool,
    /// The row's fields, unquoted, one after another.
    out: Vec<u8>,
    /// Where each field ends in `out`.
    ends: Vec<usize>,
}

enum Step {
    /// The row is complete.
    Done,
    /// More data is needed.
    More,
    /// The row has grown longer than the limit.
    Long,
    /// A quoted field over several lines was closed in the wrong place.
    Stray,
}

/// Rows of a delimited file, parsed from a [`Window`].
struct Rows<'a> {
    window: Window<'a>,
    delimiter: u8,
    max: usize,
    parse: Parse,
    /// Skipping a row longer than `max` that started on this line.
    skipping: Option<u64>,
}

impl<'a> Rows<'a> {
    fn new(mut window: Window<'a>, delimiter: Option<u8>, max: usize) -> std::io::Result<Rows<'a>> {
        let delimiter = match delimiter {
            Some(d) => d,
            None => {
                window.fill()?;
                let data = window.data();
                let first = &data[..memchr::memchr(b'\n', data).unwrap_or(data.len())];
                crate::values::sniff_delimiter(&String::from_utf8_lossy(first))
            }
        };
        Ok(Rows {
            window,
            delimiter,
            max,
            parse: Parse::default(),
            skipping: None,
        })
    }

    /// The number of fields of the last row.
    fn len(&self) -> usize {
        self.parse.ends.len()
    }

    /// A field of the last row.
    fn field(&self, i: usize) -> &[u8] {
        let ends = &self.parse.ends;
        let start = if i == 0 { 0 } else { ends[i - 1] };
        &self.parse.out[start..ends[i]]
    }

    /// Every field of the last row, as text.
    fn fields(&self, replaced: &mut usize) -> Vec<String> {
        (0..self.len())
            .map(|i| text_of(self.field(i), replaced))
            .collect()
    }

    /// The next row, blank lines passed over.
    fn next(&mut self) -> std::io::Result<Row> {
        self.parse.reset();
        loop {
            let start = self.skipping.unwrap_or(self.window.line);
            match self.scan() {
                Step::Done => {
                    let len = self.parse.at;
                    let blank = matches!(&self.window.data()[..len], b"\n" | b"\r\n");
                    self.window.consume(len);
                    if let Some(line) = self.skipping.take() {
                        return Ok(Row::Bad {
                            line,
                            why: self.too_long(),
                        });
                    }
                    if len > self.max {
                        return Ok(Row::Bad {
                            line: start,
                            why: self.too_long(),
                        });
                    }
                    if blank {
                        self.parse.reset();
                        continue;
                    }
                    return Ok(Row::Record { line: start });
                }
                Step::Stray => return self.malformed(start),
                Step::More if self.window.eof => {
                    if self.parse.at == 0 && self.skipping.is_none() && !self.parse.quoted {
                        return Ok(Row::End);
                    }
                    // Only an open quote stops a row at the end of the file.
                    return self.malformed(start);
                }
                step @ (Step::More | Step::Long) => {
                    if self.skipping.is_none() && self.parse.at > self.max {
                        self.skipping = Some(start);
                    }
                    if self.skipping.is_some() {
                        self.window.consume(self.parse.at);
                        self.parse.at = 0;
                        self.parse.out.clear();
                        self.parse.ends.clear();
                    }
                    if matches!(step, Step::More) {
                        self.window.fill()?;
                    }
                }
            }
        }
    }

    fn too_long(&self) -> String {
        format!(
            "row longer than {} (up to line {}); skipped",
            size(self.max),
            self.window.line.saturating_sub(1)
        )
    }

    /// A row whose quotes do not pair up: skipped, and reading goes on
    /// from the line after the one it started on (or, when the row was too
    /// long to keep, after the line where the problem showed).
    fn malformed(&mut self, line: u64) -> std::io::Result<Row> {
        if let Some(line) = self.skipping.take() {
            self.window.consume(self.parse.at);
            self.window.skip_line()?;
            let why = format!(
                "a quoted field is not closed properly (a missing or stray '\"') in a row \
                 longer than {}; lines {line}-{} skipped",
                size(self.max),
                self.window.line.saturating_sub(1)
            );
            return Ok(Row::Bad { line, why });
        }
        let first_break = memchr::memchr(b'\n', &self.window.data()[..self.parse.at]);
        let until = first_break.map_or(self.parse.at, |i| i + 1);
        self.window.consume(until);
        let why = format!(
            "a quoted field is not closed properly (a missing or stray '\"'); \
             row skipped, reading on from line {}",
            self.window.line
        );
        Ok(Row::Bad { line, why })
    }

    /// Parses on from `parse.at` until the row ends or the data does.
    fn scan(&mut self) -> Step {
        let data = &self.window.buf[self.window.pos..];
        let (eof, delimiter) = (self.window.eof, self.delimiter);
        loop {
            if self.skipping.is_none() && self.parse.at > self.max {
                return Step::Long;
            }
            let rest = &data[self.parse.at..];
            let step = if self.parse.quoted {
                self.parse.quoted(rest)
            } else {
                self.parse.unquoted(rest, delimiter, eof)
            };
            if let Some(step) = step {
                return step;
            }
        }
    }
}

impl Parse {
    /// Starts a new row, keeping the buffers (shrunk after a huge row).
    fn reset(&mut self) {
        let (mut out, mut ends) = (
            std::mem::take(&mut self.out),
            std::mem::take(&mut self.ends),
        );
        out.clear();
        ends.clear();
        const KEEP: usize = 1 << 20;
        if out.capacity() > 8 * KEEP {
            out.shrink_to(KEEP);
        }
        *self = Parse {
            out,
            ends,
            ..Parse::default()
        };
    }

    /// Inside a quoted field: on to its closing quote, a doubled quote
    /// standing for one. `None` to go on parsing.
    fn quoted(&mut self, rest: &[u8]) -> Option<Step> {
        let Some(q) = memchr::memchr(b'"', rest) else {
            let crossed = memchr::memchr(b'\n', rest).is_some();
            self.out.extend_from_slice(rest);
            self.at += rest.len();
            return Some(if crossed && self.crossed_line() {
                Step::Stray
            } else {
                Step::More
            });
        };
        let crossed = memchr::memchr(b'\n', &rest[..q]).is_some();
        self.out.extend_from_slice(&rest[..q]);
        let mut step = None;
        match rest.get(q + 1) {
            None => {
                self.at += q; // the quote is looked at again with what follows
                step = Some(Step::More);
            }
            Some(b'"') => {
                self.out.push(b'"');
                self.at += q + 2;
            }
            Some(_) => {
                self.quoted = false;
                self.closed = true;
                self.at += q + 1;
            }
        }
        if crossed && self.crossed_line() {
            return Some(Step::Stray);
        }
        step
    }

    /// Outside quotes: on to the next delimiter, quote or line break.
    /// `None` to go on parsing.
    fn unquoted(&mut self, rest: &[u8], delimiter: u8, eof: bool) -> Option<Step> {
        let Some(k) = memchr::memchr3(delimiter, b'\n', b'"', rest) else {
            // Keep a last '\r' for the next round: it may start "\r\n".
            let take = if !eof && rest.last() == Some(&b'\r') {
                rest.len() - 1
            } else {
                rest.len()
            };
            if take > 0 && self.add(&rest[..take]) {
                return Some(Step::Stray);
            }
            self.at += take;
            return Some(Step::More);
        };
        let byte = rest[k];
        let mut seg = &rest[..k];
        if byte == b'\n' {
            seg = seg.strip_suffix(b"\r").unwrap_or(seg);
        }
        if !seg.is_empty() && self.add(seg) {
            self.at += k;
            return Some(Step::Stray);
        }
        self.at += k + 1;
        if byte == b'"' {
            if !self.started && !self.closed {
                self.quoted = true;
                self.started = true;
                return None;
            }
            return self.add(b"\"").then_some(Step::Stray);
        }
        self.ends.push(self.out.len());
        self.started = false;
        self.closed = false;
        (byte == b'\n').then_some(Step::Done)
    }

    /// Notes that a quoted field crossed a line break; whether the row is
    /// now malformed (something already followed a closing quote).
    fn crossed_line(&mut self) -> bool {
        self.multiline = true;
        self.stray
    }

    /// Adds unquoted bytes to the current field; whether the row is now
    /// malformed (they follow a closing quote in a row over several lines).
    fn add(&mut self, bytes: &[u8]) -> bool {
        if self.closed {
            self.stray = true;
        }
        self.started = true;
        self.out.extend_from_slice(bytes);
        self.stray && self.multiline
    }
}
