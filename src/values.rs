//! A user's own numbers per country (`--values`), read from CSV.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::gazetteer::{CountryId, Gazetteer};

/// One value per country, from a CSV whose first column names the country
/// (code or name) and whose second holds a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    /// What the numbers are: the header of the value column.
    pub label: String,
    /// The value of each country listed.
    pub by_country: BTreeMap<CountryId, f64>,
}

impl Values {
    /// Reads a values CSV; every row whose country is unknown or whose
    /// value is not a number is reported with its line.
    pub fn from_path(path: impl AsRef<Path>, gaz: &Gazetteer) -> Result<Values> {
        let path = path.as_ref();
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Values::parse(&String::from_utf8_lossy(&text), path, gaz)
    }

    /// Parses values CSV text; `path` is used in error messages.
    ///
    /// ```
    /// use std::path::Path;
    /// use geomention::{values::Values, Gazetteer};
    /// let gaz = Gazetteer::bundled();
    /// let csv = "country,victims\nMyanmar,120\nKH,80\n";
    /// let v = Values::parse(csv, Path::new("v.csv"), gaz).unwrap();
    /// assert_eq!(v.label, "victims");
    /// assert_eq!(v.by_country[&gaz.lookup("Cambodia").unwrap()], 80.0);
    ///
    /// let err = Values::parse("country,n\nAtlantis,3\n", Path::new("v.csv"), gaz).unwrap_err();
    /// assert!(err.to_string().starts_with("v.csv:2:"));
    /// ```
    pub fn parse(text: &str, path: &Path, gaz: &Gazetteer) -> Result<Values> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let bad = |line: u64, message: String| Error::Parse {
            path: path.to_path_buf(),
            line: line as usize,
            message,
        };
        let headers = reader
            .headers()
            .map_err(|e| bad(1, format!("not CSV: {e}")))?
            .clone();
        if headers.len() < 2 {
            return Err(bad(
                1,
                "expected a header with two columns, e.g. `country,value`".into(),
            ));
        }
        let label = headers.get(1).unwrap_or("value").to_string();
        let mut by_country = BTreeMap::new();
        let mut problems = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                bad(line, format!("not CSV: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let (name, raw) = (record.get(0).unwrap_or(""), record.get(1).unwrap_or(""));
            if name.is_empty() && raw.is_empty() {
                continue;
            }
            let id = match gaz.lookup(name) {
                Ok(id) => id,
                Err(e) => {
                    problems.push(format!("{}:{line}: {e}", path.display()));
                    continue;
                }
            };
            match raw.replace(',', "").parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    if by_country.insert(id, v).is_some() {
                        problems.push(format!(
                            "{}:{line}: {name:?} is listed twice; keep one row per country",
                            path.display()
                        ));
                    }
                }
                _ => problems.push(format!(
                    "{}:{line}: value {raw:?} for {name:?} is not a number",
                    path.display()
                )),
            }
        }
        if let Some(first) = problems.first() {
            let (line, _) = first
                .split_once(": ")
                .and_then(|(loc, _)| loc.rsplit_once(':'))
                .map_or((1, ()), |(_, l)| (l.parse().unwrap_or(1), ()));
            return Err(bad(
                line,
                format!(
                    "{} bad row(s); fix or delete them:\n  {}",
                    problems.len(),
                    problems.join("\n  ")
                ),
            ));
        }
        Ok(Values { label, by_country })
    }
}
