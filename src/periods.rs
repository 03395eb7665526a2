//! Time periods for mapping change: years, quarters and months
//! ([`Period`]), the window a map covers ([`Window`]), and the counts of a
//! corpus per period ([`Timeline`], kept by a [`Tally`] made with
//! [`Tally::by_period`]).
//!
//! ```
//! use geomention::dates::Date;
//! use geomention::periods::{Granularity, Period};
//! let d = Date::ymd(2024, 3, 31).unwrap();
//! assert_eq!(Period::of(d, Granularity::Quarter).unwrap().to_string(), "2024-Q1");
//! assert_eq!(Period::of(d, Granularity::Month).unwrap().to_string(), "2024-03");
//! let q2: Period = "2024-Q2".parse().unwrap();
//! assert_eq!((q2.start().to_string(), q2.end().to_string()), ("2024-04-01".into(), "2024-06-30".into()));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::dates::{self, Date, Precision};
use crate::error::{Error, Result};
use crate::tally::{DocumentTally, Tally};

/// How long a period is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar years.
    Year,
    /// Calendar quarters (January–March is Q1).
    Quarter,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// The word for one period ("month").
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Year => "year",
            Granularity::Quarter => "quarter",
            Granularity::Month => "month",
        }
    }

    /// Periods of this length in a year.
    fn per_year(self) -> u8 {
        match self {
            Granularity::Year => 1,
            Granularity::Quarter => 4,
            Granularity::Month => 12,
        }
    }

    /// The date precision a document needs to fall in one such period.
    fn needs(self) -> Precision {
        match self {
            Granularity::Year => Precision::Year,
            Granularity::Quarter | Granularity::Month => Precision::Month,
        }
    }
}

impl FromStr for Granularity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Granularity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "year" | "years" | "yearly" => Ok(Granularity::Year),
            "quarter" | "quarters" | "quarterly" => Ok(Granularity::Quarter),
            "month" | "months" | "monthly" => Ok(Granularity::Month),
            other => Err(Error::Invalid(format!(
                "--by: unknown period {other:?}; use year, quarter or month"
            ))),
        }
    }
}

/// A calendar year, quarter or month.
///
/// Periods of one granularity order in time; [`Period::next`] steps through
/// them. They are written `2024`, `2024-Q1` and `2024-03` (and read back
/// from those forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    granularity: Granularity,
    year: i16,
    /// 1-based quarter or month; 1 for a year.
    index: u8,
}

impl Period {
    /// The period of a date, `None` when the date is less precise than the
    /// period (a date known only to the year has no quarter or month).
    pub fn of(date: Date, granularity: Granularity) -> Option<Period> {
        if date.precision() < granularity.needs() {
            return None;
        }
        let month = date.month().unwrap_or(1);
        let index = match granularity {
            Granularity::Year => 1,
            Granularity::Quarter => (month - 1) / 3 + 1,
            Granularity::Month => month,
        };
        Some(Period {
            granularity,
            year: date.year(),
            index,
        })
    }

    /// Its granularity.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The year it is in.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// Its first month (1–12).
    fn first_month(&self) -> u8 {
        match self.granularity {
            Granularity::Year => 1,
            Granularity::Quarter => (self.index - 1) * 3 + 1,
            Granularity::Month => self.index,
        }
    }

    /// Its first day.
    pub fn start(&self) -> Date {
        Date::ymd(self.year, self.first_month(), 1).expect("a period's first day exists")
    }

    /// Its last day.
    pub fn end(&self) -> Date {
        let last_month = match self.granularity {
            Granularity::Year => 12,
            Granularity::Quarter => self.index * 3,
            Granularity::Month => self.index,
        };
        Date::ym(self.year, last_month)
            .expect("a period's last month exists")
            .last_day()
    }

    /// The period after this one.
    pub fn next(&self) -> Period {
        if self.index < self.granularity.per_year() {
            Period {
                index: self.index + 1,
                ..*self
            }
        } else {
            Period {
                year: self.year + 1,
                index: 1,
                ..*self
            }
        }
    }

    /// The longer period holding this one (`2024-03` is in `2024-Q1`), or
    /// `None` when `granularity` is shorter than this period's.
    ///
    /// ```
    /// use geomention::periods::{Granularity, Period};
    /// let m: Period = "2024-03".parse().unwrap();
    /// assert_eq!(m.within(Granularity::Quarter).unwrap().to_string(), "2024-Q1");
    /// assert!(m.within(Granularity::Year).unwrap().within(Granularity::Month).is_none());
    /// ```
    pub fn within(&self, granularity: Granularity) -> Option<Period> {
        if granularity > self.granularity {
            return None;
        }
        Period::of(
            Date::ym(self.year, self.first_month()).expect("valid month"),
            granularity,
        )
    }

    /// Every period from `first` to `last`, both included.
    ///
    /// ```
    /// use geomention::periods::Period;
    /// let all = Period::range("2023-Q4".parse().unwrap(), "2024-Q2".parse().unwrap());
    /// let names: Vec<String> = all.iter().map(|p| p.to_string()).collect();
    /// assert_eq!(names, ["2023-Q4", "2024-Q1", "2024-Q2"]);
    /// ```
    pub fn range(first: Period, last: Period) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = first;
        while p <= last && p.granularity == last.granularity {
            out.push(p);
            if p.year >= *dates::YEARS.end() {
                break;
            }
            p = p.next();
        }
        out
    }

    /// A short title for a map panel or chart axis: `2024`, `Q1 2024`,
    /// `Mar 2024`.
    pub fn title(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match self.granularity {
            Granularity::Year => self.year.to_string(),
            Granularity::Quarter => format!("Q{} {}", self.index, self.year),
            Granularity::Month => format!("{} {}", MONTHS[usize::from(self.index) - 1], self.year),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.granularity {
            Granularity::Year => write!(f, "{:04}", self.year),
            Granularity::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
            Granularity::Month => write!(f, "{:04}-{:02}", self.year, self.index),
        }
    }
}

impl FromStr for Period {
    type Err = Error;
    /// Reads `2024`, `2024-Q1` (or `2024Q1`, `Q1 2024`) and `2024-03`.
    fn from_str(s: &str) -> Result<Period> {
        let t = s.trim().to_ascii_uppercase();
        let bad = || {
            Error::Invalid(format!(
                "{s:?} is not a period; write a year (2024), a quarter (2024-Q1) or a month (2024-03)"
            ))
        };
        let quarter = t
            .split_once('Q')
            .map(|(a, b)| (a.trim_end_matches('-').trim(), b.trim()));
        if let Some((a, b)) = quarter {
            let (year, q) = if a.is_empty() {
                let (q, y) = b.split_once(' ').ok_or_else(bad)?;
                (y.trim(), q)
            } else {
                (a, b)
            };
            let q: u8 = q.parse().map_err(|_| bad())?;
            let year: i16 = year.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            let first = Date::ym(year, (q - 1) * 3 + 1).ok_or_else(bad)?;
            return Period::of(first, Granularity::Quarter).ok_or_else(bad);
        }
        let date = dates::parse(&t).map_err(|_| bad())?;
        let g = match date.precision() {
            Precision::Year => Granularity::Year,
            Precision::Month => Granularity::Month,
            Precision::Day => return Err(bad()),
        };
        Period::of(date, g).ok_or_else(bad)
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The stretch of time the time maps cover: documents dated before `from`
/// or after `to` are left out of them (they still count in the all-time
/// maps).
///
/// ```
/// use geomention::periods::Window;
/// let w = Window::parse(Some("2023-Q2"), Some("2024")).unwrap();
/// assert_eq!(w.from.unwrap().to_string(), "2023-04-01");
/// assert_eq!(w.to.unwrap().to_string(), "2024-12-31");
/// assert!(Window::parse(Some("2025"), Some("2024")).is_err());
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Window {
    /// The first day included.
    pub from: Option<Date>,
    /// The last day included.
    pub to: Option<Date>,
}

impl Window {
    /// The window from `--from` and `--to`: each a date (any form
    /// [`dates::parse`] reads, at any precision) or a period (`2024-Q1`);
    /// `from` starts on the first day of what it names, `to` ends on the
    /// last day of what it names.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Window> {
        let bound = |flag: &str, s: &str, first: bool| -> Result<Date> {
            let interval = match s.parse::<Period>() {
                Ok(p) => (p.start(), p.end()),
                Err(_) => {
                    let d = dates::parse(s).map_err(|e| {
                        Error::Invalid(format!(
                            "{flag}: {s:?}: {e}; or give a period such as 2024-Q1"
                        ))
                    })?;
                    (d.first_day(), d.last_day())
                }
            };
            Ok(if first { interval.0 } else { interval.1 })
        };
        let window = Window {
            from: from.map(|s| bound("--from", s, true)).transpose()?,
            to: to.map(|s| bound("--to", s, false)).transpose()?,
        };
        if let (Some(f), Some(t)) = (window.from, window.to) {
            if f > t {
                return Err(Error::Invalid(format!(
                    "--from {f} is after --to {t}; give the earlier date to --from"
                )));
            }
        }
        Ok(window)
    }

    /// Whether a date lies inside the window (all of it, for a partial date).
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| date.first_day() >= f)
            && self.to.is_none_or(|t| date.last_day() <= t)
    }
}

/// A corpus's counts per period, and the documents that are in none.
///
/// Kept by a [`Tally`] made with [`Tally::by_period`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Timeline {
    granularity: Granularity,
    window: Window,
    periods: BTreeMap<Period, Tally>,
    /// Dated documents whose date is less precise than a period.
    coarse: u64,
    /// Dated documents outside the window.
    outside: u64,
}

impl Timeline {
    /// An empty timeline.
    pub fn new(granularity: Granularity, window: Window) -> Timeline {
        Timeline {
            granularity,
            window,
            periods: BTreeMap::new(),
            coarse: 0,
            outside: 0,
        }
    }

    /// The length of its periods.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The window it covers.
    pub fn window(&self) -> Window {
        self.window
    }

    /// Documents dated less precisely than a period (only a year, for
    /// months or quarters).
    pub fn coarse(&self) -> u64 {
        self.coarse
    }

    /// Documents dated outside the window.
    pub fn outside(&self) -> u64 {
        self.outside
    }

    /// The counts of a period (`None` when no document falls in it).
    pub fn get(&self, period: Period) -> Option<&Tally> {
        self.periods.get(&period)
    }

    /// Periods with at least one document, in order, with their counts.
    pub fn counted(&self) -> impl Iterator<Item = (Period, &Tally)> {
        self.periods.iter().map(|(p, t)| (*p, t))
    }

    /// Every period the time maps show, in order, empty ones included:
    /// the window's when it is given, else from the first to the last
    /// period with a document.
    pub fn span(&self) -> Vec<Period> {
        let g = self.granularity;
        let first = self
            .window
            .from
            .and_then(|d| Period::of(d, g))
            .or_else(|| self.periods.keys().next().copied());
        let last = self
            .window
            .to
            .and_then(|d| Period::of(d, g))
            .or_else(|| self.periods.keys().next_back().copied());
        match (first, last) {
            (Some(f), Some(l)) => Period::range(f, l),
            _ => Vec::new(),
        }
    }

    /// Counts a dated document (`template` gives an empty tally for the
    /// region set).
    pub(crate) fn add(&mut self, doc: &DocumentTally, date: Date, template: &Tally) {
        if !self.window.contains(date) {
            self.outside += 1;
            return;
        }
        match Period::of(date, self.granularity) {
            Some(p) => self
                .periods
                .entry(p)
                .or_insert_with(|| template.empty_like())
                .add_counts(doc),
            None => self.coarse += 1,
        }
    }

    /// Adds another timeline's counts; periods shorter than this
    /// timeline's are added to the period holding them, longer ones count
    /// as coarse.
    pub(crate) fn merge(&mut self, other: &Timeline, template: &Tally) {
        self.coarse += other.coarse;
        self.outside += other.outside;
        for (p, t) in &other.periods {
            let Some(q) = p.within(self.granularity) else {
                self.coarse += t.documents();
                continue;
            };
            let inside = self.window.from.is_none_or(|f| q.start() >= f)
                && self.window.to.is_none_or(|to| q.end() <= to);
            if !inside {
                self.outside += t.documents();
                continue;
            }
            self.periods
                .entry(q)
                .or_insert_with(|| template.empty_like())
                .merge(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn the_last_day_of_a_quarter_falls_in_it() {
        let d = Date::ymd(2024, 3, 31).unwrap();
        assert_eq!(Period::of(d, Granularity::Quarter), Some(p("2024-Q1")));
        assert_eq!(Period::of(d, Granularity::Month), Some(p("2024-03")));
        assert_eq!(Period::of(d, Granularity::Year), Some(p("2024")));
        let next = Date::ymd(2024, 4, 1).unwrap();
        assert_eq!(Period::of(next, Granularity::Quarter), Some(p("2024-Q2")));
        assert_eq!(p("2024-Q1").end(), d);
        assert_eq!(p("2024-02").end().to_string(), "2024-02-29");
        assert_eq!(p("2023-12").next(), p("2024-01"));
        assert_eq!(p("2023-Q4").next(), p("2024-Q1"));
    }

    #[test]
    fn a_year_only_date_has_no_month() {
        let y = Date::y(2024).unwrap();
        assert_eq!(Period::of(y, Granularity::Month), None);
        assert_eq!(Period::of(y, Granularity::Year), Some(p("2024")));
    }

    #[test]
    fn periods_read_back_what_they_write() {
        for s in ["2024", "2024-Q3", "2024-11"] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("q2 2024"), p("2024-Q2"));
        assert!("2024-Q5".parse::<Period>().is_err());
        assert!("2024-03-18".parse::<Period>().is_err());
    }

    #[test]
    fn three_years_of_months_are_36_periods() {
        assert_eq!(Period::range(p("2022-01"), p("2024-12")).len(), 36);
    }

    #[test]
    fn window_bounds_take_whole_periods_and_days() {
        let w = Window::parse(Some("2024-03-15"), Some("March 2024")).unwrap();
        assert!(w.contains(Date::ymd(2024, 3, 31).unwrap()));
        assert!(!w.contains(Date::ymd(2024, 3, 14).unwrap()));
        assert!(!w.contains(Date::ym(2024, 3).unwrap()));
        assert!(Window::parse(Some("soon"), None)
            .unwrap_err()
            .to_string()
            .contains("--from"));
    }
}
