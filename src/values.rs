//! A user's own numbers per country (`--values`), read from CSV.
//!
//! The file has two columns, the country (code or name) and its value,
//! separated by commas, semicolons or tabs (whichever the first line uses).
//! A header line is optional: line 1 is read as data when it names a
//! country, as a header otherwise. Values use a decimal point; a comma
//! is accepted only as a thousands separator (`1,500`, and never in a file
//! separated by semicolons), so `1,5` is refused instead of being read as 15.
//! The file may be UTF-8 or UTF-16 with a byte-order mark.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::gazetteer::{CountryId, Gazetteer};

/// How many bad rows are listed, and how many unknown countries get "did
/// you mean" suggestions; the rest are counted.
const SHOWN: usize = 20;

/// The value label when the file has no header.
const DEFAULT_LABEL: &str = "value";

/// One value per country, from a CSV whose first column names the country
/// (code or name) and whose second holds a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    /// What the numbers are: the header of the value column (`value` when
    /// the file has no header).
    pub label: String,
    /// The value of each country listed.
    pub by_country: BTreeMap<CountryId, f64>,
}

impl Values {
    /// Reads a values CSV (UTF-8, or UTF-16 with a byte-order mark); every
    /// row whose country is unknown or whose value is not a number is
    /// reported with its line.
    pub fn from_path(path: impl AsRef<Path>, gaz: &Gazetteer) -> Result<Values> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let decoded = crate::encoding::decode(&bytes);
        Values::parse(&decoded.text, path, gaz).map_err(|e| match e {
            Error::Parse {
                path,
                line,
                message,
            } if decoded.had_errors => Error::Parse {
                path,
                line,
                message: format!(
                    "{message}\n(the file is not valid {}: some bytes were replaced; save it as UTF-8)",
                    decoded.encoding
                ),
            },
            other => other,
        })
    }

    /// Parses values CSV text; `path` is used in error messages.
    ///
    /// ```
    /// use std::path::Path;
    /// use geomention::{values::Values, Gazetteer};
    /// let gaz = Gazetteer::bundled();
    /// let csv = "country,victims\nMyanmar,120\nKH,\"1,080\"\n";
    /// let v = Values::parse(csv, Path::new("v.csv"), gaz).unwrap();
    /// assert_eq!(v.label, "victims");
    /// assert_eq!(v.by_country[&gaz.lookup("Cambodia").unwrap()], 1080.0);
    ///
    /// // No header: every line is data.
    /// let v = Values::parse("Laos;7.5\nFiji;2\n", Path::new("v.csv"), gaz).unwrap();
    /// assert_eq!((v.label.as_str(), v.by_country.len()), ("value", 2));
    ///
    /// let err = Values::parse("country,n\nAtlantis,3\n", Path::new("v.csv"), gaz).unwrap_err();
    /// assert!(err.to_string().starts_with("v.csv:2:"));
    /// let err = Values::parse("country,n\nFiji,\"1,5\"\n", Path::new("v.csv"), gaz).unwrap_err();
    /// assert!(err.to_string().contains("decimal point"));
    /// ```
    pub fn parse(text: &str, path: &Path, gaz: &Gazetteer) -> Result<Values> {
        let user = UserCsv::new(text, path);
        let delimiter = user.delimiter();
        let mut records = user.records();
        let bad = |line: u64, message: String| user.error(line, message);
        let not_csv = |e: csv::Error| user.not_csv(e);
        let Some(first) = records.next().transpose().map_err(not_csv)? else {
            return Err(bad(
                1,
                "empty file; expected lines such as `country,value` then `Myanmar,120`".into(),
            ));
        };
        let first_line = line_of(&first);
        let (label, first_data) = match read_first(&first, delimiter, gaz) {
            Ok(first) => first,
            Err(message) => return Err(bad(first_line, message)),
        };
        let mut rows = Rows::new(delimiter, first.len());
        if first_data {
            rows.add(&first, gaz);
        }
        for record in records {
            rows.add(&record.map_err(not_csv)?, gaz);
        }
        rows.finish(path)
            .map(|by_country| Values { label, by_country })
    }
}

/// A small CSV file a user wrote by hand or in a spreadsheet (`--values`,
/// `--dates`): byte-order mark dropped, delimiter sniffed, rows of any
/// width, cells trimmed; errors name the file and line.
pub(crate) struct UserCsv<'a> {
    text: &'a str,
    path: &'a Path,
}

impl<'a> UserCsv<'a> {
    pub(crate) fn new(text: &'a str, path: &'a Path) -> UserCsv<'a> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        UserCsv { text, path }
    }

    /// The delimiter the file uses.
    pub(crate) fn delimiter(&self) -> u8 {
        sniff_delimiter(self.text)
    }

    /// The rows, header included.
    pub(crate) fn records(&self) -> csv::StringRecordsIntoIter<&'a [u8]> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(self.delimiter())
            .from_reader(self.text.as_bytes())
            .into_records()
    }

    /// An error at `line` (1 for the start of the file).
    pub(crate) fn error(&self, line: u64, message: String) -> Error {
        Error::Parse {
            path: self.path.to_path_buf(),
            line: line.max(1) as usize,
            message,
        }
    }

    /// The CSV reader's error, at its line.
    pub(crate) fn not_csv(&self, e: csv::Error) -> Error {
        let line = e.position().map_or(1, |p| p.line());
        self.error(line, format!("not CSV: {e}"))
    }
}

/// The delimiter the first line uses: a comma, else a semicolon or a tab.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(1, |p| p.line())
}

/// Reads line 1: `(label, whether it is data)`, or why it is neither. It
/// is data when it names a country (beside a number, or beside anything
/// when the name cannot be a column name: "ID" is Indonesia, "Fiji" is not
/// a column name), and refused when it has a number beside an unknown
/// country (a typo would otherwise drop the row as a header).
fn read_first(
    first: &csv::StringRecord,
    delimiter: u8,
    gaz: &Gazetteer,
) -> Result<(String, bool), String> {
    let (key, raw) = (first.get(0).unwrap_or(""), first.get(1).unwrap_or(""));
    if first.len() < 2 {
        return Err(format!(
            "expected two columns, the country and its value, separated by a comma, semicolon or tab (e.g. `country,victims`); found {:?}",
            first.as_slice()
        ));
    }
    let number = parse_value(raw, delimiter).is_ok();
    let key_header = is_key_header(key);
    // A header row (`country,victims`) need not be looked up in every language.
    if (number || !key_header) && gaz.find(key).is_some() {
        return Ok((DEFAULT_LABEL.to_string(), true));
    }
    if number && !key_header {
        let unknown = gaz
            .lookup(key)
            .err()
            .map_or_else(String::new, |e| e.to_string());
        return Err(format!(
            "the first line is data, since {raw:?} is a number (or add a header line such as `country,value`), and its country is unknown: {unknown}"
        ));
    }
    let label = Some(raw).filter(|r| !r.is_empty()).unwrap_or(DEFAULT_LABEL);
    Ok((label.to_string(), false))
}

/// Whether a header cell names a key column ("country", "iso_a3", "Country
/// Code"...), so a number beside it is a column name such as a year.
fn is_key_header(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "country",
        "countries",
        "code",
        "iso",
        "iso2",
        "iso3",
        "a2",
        "a3",
        "name",
        "nation",
        "territory",
        "location",
        "economy",
        "area",
        "id",
        "key",
    ];
    cell.split(|c: char| !c.is_alphanumeric())
        .any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// Why a value cell is not a usable number.
#[derive(Debug, PartialEq)]
enum BadValue {
    NotNumber,
    NotFinite,
    DecimalComma,
}

/// Parses a value: a decimal point, commas only as thousands separators
/// (groups of three digits, and not in a file separated by semicolons).
fn parse_value(raw: &str, delimiter: u8) -> Result<f64, BadValue> {
    let plain = if raw.contains(',') {
        if delimiter == b';' || !thousands_grouped(raw) {
            return Err(BadValue::DecimalComma);
        }
        raw.replace(',', "")
    } else {
        raw.to_string()
    };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(BadValue::NotFinite),
        Err(_) => Err(BadValue::NotNumber),
    }
}

/// Whether every comma in a number separates groups of three digits
/// (`12,345,678.9`), so it can only be a thousands separator.
fn thousands_grouped(raw: &str) -> bool {
    let unsigned = raw.trim_start_matches(['-', '+']);
    let int_end = unsigned.find(['.', 'e', 'E']).unwrap_or(unsigned.len());
    let (int, rest) = unsigned.split_at(int_end);
    let mut groups = int.split(',');
    let lead = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    !rest.contains(',')
        && (1..=3).contains(&lead.len())
        && digits(lead)
        && groups.all(|g| g.len() == 3 && digits(g))
}

/// The kinds of bad row, for the summary of those not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    UnknownCountry,
    BadValue,
    Duplicate,
    ExtraFields,
}

impl Kind {
    fn describe(self, n: usize) -> String {
        let what = match self {
            Kind::UnknownCountry => "unknown countries",
            Kind::BadValue => "values that are not numbers",
            Kind::Duplicate => "countries listed again",
            Kind::ExtraFields => "lines with too many fields",
        };
        format!("{n} {what}")
    }
}

/// The rows read so far and the problems found, the first few in full.
struct Rows {
    delimiter: u8,
    width: usize,
    by_country: BTreeMap<CountryId, (f64, u64)>,
    shown: Vec<(u64, String)>,
    counts: BTreeMap<Kind, usize>,
    suggested: usize,
}

impl Rows {
    fn new(delimiter: u8, width: usize) -> Rows {
        Rows {
            delimiter,
            width,
            by_country: BTreeMap::new(),
            shown: Vec::new(),
            counts: BTreeMap::new(),
            suggested: 0,
        }
    }

    fn problem(&mut self, kind: Kind, line: u64, message: impl FnOnce() -> String) {
        *self.counts.entry(kind).or_default() += 1;
        if self.shown.len() < SHOWN {
            self.shown.push((line, message()));
        }
    }

    fn add(&mut self, record: &csv::StringRecord, gaz: &Gazetteer) {
        let line = line_of(record);
        let (name, raw) = (record.get(0).unwrap_or(""), record.get(1).unwrap_or(""));
        if record.iter().all(str::is_empty) {
            return;
        }
        if record.len() > self.width {
            let (n, width) = (record.len(), self.width);
            return self.problem(Kind::ExtraFields, line, || {
                format!("{n} fields where the first line has {width}; quote a value that holds a comma (\"1,500\") or write it without one")
            });
        }
        let Some(id) = self.country(name, line, gaz) else {
            return;
        };
        match parse_value(raw, self.delimiter) {
            Ok(v) => match self.by_country.get(&id) {
                Some(&(_, first)) => self.problem(Kind::Duplicate, line, || {
                    format!("{name:?} is listed again (first on line {first}); keep one row per country")
                }),
                None => {
                    self.by_country.insert(id, (v, line));
                }
            },
            Err(why) => {
                let delimiter = self.delimiter;
                self.problem(Kind::BadValue, line, || bad_value(name, raw, why, delimiter));
            }
        }
    }

    /// The row's country; an unknown one is recorded, with suggestions for
    /// the first few only (they take milliseconds each).
    fn country(&mut self, name: &str, line: u64, gaz: &Gazetteer) -> Option<CountryId> {
        if let Some(id) = gaz.find(name) {
            return Some(id);
        }
        let message = if self.suggested < SHOWN {
            self.suggested += 1;
            gaz.lookup(name).err().map(|e| e.to_string())
        } else {
            None
        };
        self.problem(Kind::UnknownCountry, line, || {
            message.unwrap_or_else(|| format!("unknown country {name:?}"))
        });
        None
    }

    fn finish(self, path: &Path) -> Result<BTreeMap<CountryId, f64>> {
        let Some(&(first_line, _)) = self.shown.first() else {
            return Ok(self
                .by_country
                .into_iter()
                .map(|(id, (v, _))| (id, v))
                .collect());
        };
        let total: usize = self.counts.values().sum();
        let mut message = format!("{total} bad row(s); fix or delete them:");
        for (line, m) in &self.shown {
            message.push_str(&format!("\n  {}:{line}: {m}", path.display()));
        }
        if total > self.shown.len() {
            let summary: Vec<String> = self.counts.iter().map(|(k, n)| k.describe(*n)).collect();
            message.push_str(&format!(
                "\n  ... and {} more not listed (in all: {})",
                total - self.shown.len(),
                summary.join(", ")
            ));
        }
        Err(Error::Parse {
            path: path.to_path_buf(),
            line: first_line as usize,
            message,
        })
    }
}

/// The message for a value that is not a usable number.
fn bad_value(name: &str, raw: &str, why: BadValue, delimiter: u8) -> String {
    match why {
        BadValue::DecimalComma if delimiter == b';' => format!(
            "value {raw:?} for {name:?} has a comma, which in a file separated by semicolons may be a decimal comma; write numbers with a decimal point and no thousands separator (e.g. 1500 or 1.5)"
        ),
        BadValue::DecimalComma => format!(
            "value {raw:?} for {name:?} has a comma that is not a thousands separator; write decimals with a decimal point (e.g. {:?})",
            raw.replacen(',', ".", 1)
        ),
        BadValue::NotFinite => format!(
            "value {raw:?} for {name:?} is not a finite number"
        ),
        BadValue::NotNumber => format!("value {raw:?} for {name:?} is not a number"),
    }
}
