//! Document dates: read leniently from whatever a source gives (ISO 8601,
//! RFC 2822, "18 March 2024", "March 18, 2024", "2024/03/18", "18.03.2024",
//! "2024年3月18日", Unix timestamps), found in file names
//! (`2024-03-18_report.txt`, `20240318-brief.pdf`), or listed by the user
//! in a CSV (`--dates`, see [`DateList`]).
//!
//! A [`Date`] may be known to the day, the month or only the year
//! ("March 2024", "2024"), and is written in ISO 8601 form with that
//! precision (`2024-03-18`, `2024-03`, `2024`). A date is the date as
//! written: `2024-03-31T23:30:00-05:00` is 31 March, whatever the time zone.
//!
//! ```
//! use geomention::dates::{parse, Precision};
//! assert_eq!(parse("Mon, 18 Mar 2024 10:00:00 +0000").unwrap().to_string(), "2024-03-18");
//! assert_eq!(parse("March 18, 2024").unwrap().to_string(), "2024-03-18");
//! assert_eq!(parse("2024-03-31T23:30:00-05:00").unwrap().to_string(), "2024-03-31");
//! assert_eq!(parse("März 2024").unwrap().precision(), Precision::Month);
//! assert!(parse("03/04/2024").is_err()); // 3 April or 4 March?
//! ```

mod list;
mod names;

use std::fmt;
use std::str::FromStr;

pub use list::DateList;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The full date.
    Day,
}

/// A calendar date known to the day, the month or the year.
///
/// Dates order by year, then month, then day; a date known only to the
/// month sorts before the days of that month.
///
/// ```
/// use geomention::dates::Date;
/// let d = Date::ymd(2024, 2, 29).unwrap();
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert!(Date::ymd(2023, 2, 29).is_none());
/// assert_eq!(Date::ym(2024, 3).unwrap().last_day().to_string(), "2024-03-31");
/// assert_eq!("2024-03".parse::<Date>().unwrap(), Date::ym(2024, 3).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i16,
    /// 1–12, or 0 when unknown.
    month: u8,
    /// 1–31, or 0 when unknown.
    day: u8,
}

/// The years a date may have: documents are not older, and a number
/// outside this range is more likely something else (an id, a count).
pub const YEARS: std::ops::RangeInclusive<i16> = 1800..=2200;

impl Date {
    /// A full date, `None` if there is no such day (or the year is outside
    /// [`YEARS`]).
    pub fn ymd(year: i16, month: u8, day: u8) -> Option<Date> {
        if !YEARS.contains(&year) || month == 0 || day == 0 {
            return None;
        }
        jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
        Some(Date { year, month, day })
    }

    /// A date known to the month.
    pub fn ym(year: i16, month: u8) -> Option<Date> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Date {
            year,
            month,
            day: 0,
        })
    }

    /// A date known only to the year.
    pub fn y(year: i16) -> Option<Date> {
        YEARS.contains(&year).then_some(Date {
            year,
            month: 0,
            day: 0,
        })
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The month (1–12), if known.
    pub fn month(&self) -> Option<u8> {
        (self.month > 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u8> {
        (self.day > 0).then_some(self.day)
    }

    /// The first day the date may be (itself, for a full date).
    ///
    /// ```
    /// use geomention::dates::Date;
    /// assert_eq!(Date::y(2024).unwrap().first_day().to_string(), "2024-01-01");
    /// ```
    pub fn first_day(&self) -> Date {
        Date {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day the date may be (itself, for a full date).
    pub fn last_day(&self) -> Date {
        match self.precision() {
            Precision::Day => *self,
            Precision::Year => Date {
                year: self.year,
                month: 12,
                day: 31,
            },
            Precision::Month => {
                let first = jiff::civil::Date::new(self.year, self.month as i8, 1)
                    .expect("a date's month is valid");
                Date {
                    year: self.year,
                    month: self.month,
                    day: first.days_in_month() as u8,
                }
            }
        }
    }

    /// The day after a full date (the first day after the period the date
    /// covers, for a partial one); `None` past the last year of [`YEARS`].
    pub fn next_day(&self) -> Option<Date> {
        let last = self.last_day();
        let d = jiff::civil::Date::new(last.year, last.month as i8, last.day as i8).ok()?;
        let n = d.tomorrow().ok()?;
        Date::ymd(n.year(), n.month() as u8, n.day() as u8)
    }

    /// A Unix timestamp (seconds since 1970, UTC) as a date.
    ///
    /// ```
    /// use geomention::dates::Date;
    /// assert_eq!(Date::from_unix(1_710_720_000).unwrap().to_string(), "2024-03-18");
    /// ```
    pub fn from_unix(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        let d = jiff::tz::Offset::UTC.to_datetime(ts).date();
        Date::ymd(d.year(), d.month() as u8, d.day() as u8)
    }
}

impl fmt::Display for Date {
    /// ISO 8601 with the date's precision: `2024-03-18`, `2024-03`, `2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl FromStr for Date {
    type Err = DateError;
    /// Reads a date leniently (see [`parse`]).
    fn from_str(s: &str) -> Result<Date, DateError> {
        parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Nothing but spaces.
    Empty,
    /// Day and month could be either way round (`03/04/2024`).
    Ambiguous {
        /// Read day first.
        day_first: Date,
        /// Read month first.
        month_first: Date,
    },
    /// A year written with two digits (`18/03/24`).
    TwoDigitYear,
    /// Not a form of date geomention reads, or no such day.
    NotADate,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Empty => f.write_str("empty date"),
            DateError::Ambiguous {
                day_first,
                month_first,
            } => write!(
                f,
                "day and month could be either way round; write it as {day_first} or {month_first}"
            ),
            DateError::TwoDigitYear => {
                f.write_str("the year has two digits; write all four (e.g. 2024-03-18)")
            }
            DateError::NotADate => f.write_str(
                "not a date geomention can read; write it as e.g. 2024-03-18, 18 March 2024 or March 2024",
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// Reads a date leniently: ISO 8601 (`2024-03-18`, with a time and zone or
/// not, `20240318`, `2024-03`, `2024`), `2024/03/18`, RFC 2822
/// (`Mon, 18 Mar 2024 10:00:00 +0000`), day-month-year and
/// month-day-year with month names or abbreviations in English, French,
/// Spanish, Portuguese, German, Italian, Dutch, Indonesian and Malay,
/// `18.03.2024` (day first), `18/03/2024` and `03/18/2024` when only one
/// reading is a date, `2024年3月18日`, and Unix timestamps in seconds or
/// milliseconds.
///
/// ```
/// use geomention::dates::{parse, DateError};
/// for s in ["2024-03-18", "20240318", "2024/03/18", "18 March 2024", "18th of March, 2024",
///           "Mar 18 2024", "18.03.2024", "18/03/2024", "03/18/2024", "18 de marzo de 2024",
///           "2024年3月18日", "1710720000", "1710720000000", "2024-03-18T10:00:00Z"] {
///     assert_eq!(parse(s).unwrap().to_string(), "2024-03-18", "{s}");
/// }
/// assert_eq!(parse("2024").unwrap().to_string(), "2024");
/// assert_eq!(parse("soon"), Err(DateError::NotADate));
/// assert_eq!(parse("2024-02-30"), Err(DateError::NotADate));
/// ```
pub fn parse(raw: &str) -> Result<Date, DateError> {
    let s = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    if let Some(found) = year_first(s) {
        return found;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return all_digits(s);
    }
    if let Some(found) = numeric_day_month(s) {
        return found;
    }
    with_words(s)
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY-MM`, `YYYYMMDDTHHMMSS`,
/// each optionally followed by a time: `None` when the text does not start
/// like that.
fn year_first(s: &str) -> Option<Result<Date, DateError>> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits(0) == 8 && matches!(b.get(8), Some(b'T' | b't')) {
        return Some(all_digits(&s[..8]));
    }
    if digits(0) != 4 || !matches!(b.get(4), Some(b'-' | b'/' | b'.')) {
        return None;
    }
    let sep = b[4];
    let year: i16 = s[..4].parse().ok()?;
    let m_len = digits(5);
    if !(1..=2).contains(&m_len) {
        return Some(Err(DateError::NotADate));
    }
    let month: u8 = s[5..5 + m_len].parse().ok()?;
    let mut at = 5 + m_len;
    let mut day = None;
    if b.get(at) == Some(&sep) {
        let d_len = digits(at + 1);
        if !(1..=2).contains(&d_len) {
            return Some(Err(DateError::NotADate));
        }
        day = s[at + 1..at + 1 + d_len].parse::<u8>().ok();
        at += 1 + d_len;
    }
    let rest_ok = match b.get(at) {
        None => true,
        Some(b'T' | b't') => day.is_some() && sep == b'-',
        Some(c) => c.is_ascii_whitespace() || (*c == b',' && day.is_some()),
    };
    if !rest_ok {
        return Some(Err(DateError::NotADate));
    }
    let date = match day {
        Some(d) => Date::ymd(year, month, d),
        None => Date::ym(year, month),
    };
    Some(date.ok_or(DateError::NotADate))
}

/// A date written as digits only: `YYYYMMDD`, `YYYY`, or a Unix timestamp
/// in seconds (9–10 digits) or milliseconds (12–13 digits).
fn all_digits(s: &str) -> Result<Date, DateError> {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().map_err(|_| DateError::NotADate);
    let date = match s.len() {
        4 => Date::y(n(0..4)? as i16),
        8 => Date::ymd(n(0..4)? as i16, n(4..6)? as u8, n(6..8)? as u8),
        9 | 10 => Date::from_unix(n(0..s.len())?),
        12 | 13 => Date::from_unix(n(0..s.len())? / 1000),
        _ => None,
    };
    date.ok_or(DateError::NotADate)
}

/// `18/03/2024`, `03/18/2024`, `18-03-2024` (either way round when only
/// one reading is a date) and `18.03.2024` (day first), optionally
/// followed by a time: `None` when the text is not like that.
fn numeric_day_month(s: &str) -> Option<Result<Date, DateError>> {
    let first = s.split_whitespace().next()?;
    let sep = first.bytes().find(|b| matches!(b, b'/' | b'-' | b'.'))?;
    let parts: Vec<&str> = first.split(sep as char).collect();
    let numeric = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(numeric) || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let rest = s[first.len()..].trim();
    if !rest.is_empty() && !rest.contains(':') {
        return Some(Err(DateError::NotADate));
    }
    if parts[2].len() != 4 {
        return Some(Err(if parts[2].len() == 2 {
            DateError::TwoDigitYear
        } else {
            DateError::NotADate
        }));
    }
    let (a, b, year): (u8, u8, i16) = (
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    );
    let day_first = Date::ymd(year, b, a);
    if sep == b'.' {
        return Some(day_first.ok_or(DateError::NotADate));
    }
    let month_first = Date::ymd(year, a, b);
    Some(match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Ok(d),
        (Some(day_first), Some(month_first)) => Err(DateError::Ambiguous {
            day_first,
            month_first,
        }),
        (Some(d), None) | (None, Some(d)) => Ok(d),
        (None, None) => Err(DateError::NotADate),
    })
}

/// Dates with a month name: day month year, month day year, month year,
/// year month day, in any of the languages [`names`] knows; week days,
/// times, time zones and small words ("de", "of") are passed over.
fn with_words(s: &str) -> Result<Date, DateError> {
    if let Some(found) = cjk(s) {
        return found;
    }
    let mut numbers: Vec<(u32, usize)> = Vec::new(); // (value, digits)
    let mut months: Vec<u8> = Vec::new();
    for word in s.split_whitespace() {
        if word.contains(':') || is_offset(word) {
            continue; // a time or a time zone offset
        }
        for token in word.split([',', '/', '-', '.', '(', ')']) {
            if token.is_empty() {
                continue;
            }
            if let Some(n) = number(token) {
                numbers.push(n);
                continue;
            }
            let lower = token.to_lowercase();
            if let Some(m) = names::month(&lower) {
                months.push(m);
            } else if !names::is_filler(&lower) {
                return Err(DateError::NotADate);
            }
        }
    }
    let [month] = months[..] else {
        return Err(DateError::NotADate);
    };
    let years: Vec<usize> = (0..numbers.len()).filter(|&i| numbers[i].1 == 4).collect();
    let [y] = years[..] else {
        return Err(if numbers.iter().any(|n| n.1 == 2) && years.is_empty() {
            DateError::TwoDigitYear
        } else {
            DateError::NotADate
        });
    };
    let year = numbers[y].0 as i16;
    let days: Vec<u32> = (0..numbers.len())
        .filter(|&i| i != y)
        .map(|i| numbers[i].0)
        .collect();
    match days[..] {
        [] => Date::ym(year, month),
        [day] => u8::try_from(day)
            .ok()
            .and_then(|d| Date::ymd(year, month, d)),
        _ => None,
    }
    .ok_or(DateError::NotADate)
}

/// `2024年3月18日`, `2024年3月`, `2024년 3월 18일`: `None` when the text
/// has no year mark.
fn cjk(s: &str) -> Option<Result<Date, DateError>> {
    let (year, rest) = s.split_once(['年', '년'])?;
    let num = |t: &str| t.trim().parse::<u16>().ok();
    let found = (|| {
        let year = i16::try_from(num(year)?).ok()?;
        let (month, rest) = rest.split_once(['月', '월'])?;
        let month = u8::try_from(num(month)?).ok()?;
        let day = rest.split(['日', '일']).next().unwrap_or("").trim();
        if day.is_empty() {
            return Date::ym(year, month);
        }
        Date::ymd(year, month, u8::try_from(num(day)?).ok()?)
    })();
    Some(found.ok_or(DateError::NotADate))
}

/// A number of 1 to 4 digits, with an ordinal ending (`18th`, `1st`,
/// `1er`, `2º`) or not: its value and number of digits.
fn number(token: &str) -> Option<(u32, usize)> {
    let digits = token.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let suffix = token[digits..].to_lowercase();
    let ordinal = ["", "st", "nd", "rd", "th", "er", "e", "º", "°", "o"];
    if !ordinal.contains(&suffix.as_str()) {
        return None;
    }
    Some((token[..digits].parse().ok()?, digits))
}

/// A time zone offset (`+0000`, `-05:00`, `+07`).
fn is_offset(word: &str) -> bool {
    let b = word.as_bytes();
    matches!(b.first(), Some(b'+' | b'-'))
        && b.len() >= 3
        && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b':')
}

/// The date in a file's name: `2024-03-18_report.txt`,
/// `20240318-brief.pdf`, `report_2024_03_18.html`, or a month
/// (`bulletin-2024-03.txt`); the name of the folder holding the file is
/// tried next (`2024-03-18/story.txt`). Years outside 1900–2100 are not
/// taken (they are more likely ids).
///
/// ```
/// use geomention::dates::in_file_name;
/// let d = |p: &str| in_file_name(p).map(|d| d.to_string());
/// assert_eq!(d("corpus/2024-03-18_report.txt").as_deref(), Some("2024-03-18"));
/// assert_eq!(d("20240318-brief.pdf").as_deref(), Some("2024-03-18"));
/// assert_eq!(d("news/2024-03-18/story-1.txt").as_deref(), Some("2024-03-18"));
/// assert_eq!(d("bulletin_2024-03.txt").as_deref(), Some("2024-03"));
/// assert_eq!(d("report-12345678.txt"), None);
/// assert_eq!(d("notes.txt"), None);
/// ```
pub fn in_file_name(path: &str) -> Option<Date> {
    let mut parts = path.rsplit(['/', '\\']);
    date_in(parts.next()?).or_else(|| parts.next().and_then(date_in))
}

/// The first date-like run of digits in a name.
fn date_in(name: &str) -> Option<Date> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        if let Some(d) = date_at(b, i) {
            return Some(d);
        }
        i += 1;
    }
    None
}

/// A date starting at byte `i` of a name: `YYYYMMDD`, `YYYY-MM-DD` (with
/// `-`, `_` or `.`), or `YYYY-MM`, not followed by another digit.
fn date_at(b: &[u8], i: usize) -> Option<Date> {
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let num = |from: usize, len: usize| -> Option<u16> {
        std::str::from_utf8(&b[from..from + len]).ok()?.parse().ok()
    };
    let year_ok = |y: u16| (1900..=2100).contains(&y);
    let len = run(i);
    if len == 8 {
        let y = num(i, 4)?;
        return year_ok(y)
            .then(|| Date::ymd(y as i16, num(i + 4, 2)? as u8, num(i + 6, 2)? as u8))
            .flatten();
    }
    if len != 4 || !year_ok(num(i, 4)?) {
        return None;
    }
    let sep = *b.get(i + 4)?;
    if !matches!(sep, b'-' | b'_' | b'.') || run(i + 5) != 2 {
        return None;
    }
    let (y, m) = (num(i, 4)? as i16, num(i + 5, 2)? as u8);
    if b.get(i + 7) == Some(&sep) && run(i + 8) == 2 {
        return Date::ymd(y, m, num(i + 8, 2)? as u8);
    }
    Date::ym(y, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn rfc_2822_and_iso_with_zones_keep_the_date_as_written() {
        assert_eq!(iso("Sun, 31 Mar 2024 23:59:59 -0500"), "2024-03-31");
        assert_eq!(iso("31 Mar 2024 23:59 GMT"), "2024-03-31");
        assert_eq!(iso("2024-03-31T23:30:00.123+07:00"), "2024-03-31");
        assert_eq!(iso("2024-03-31 23:30"), "2024-03-31");
        assert_eq!(iso("20240331T233000Z"), "2024-03-31");
    }

    #[test]
    fn month_names_in_several_languages() {
        assert_eq!(iso("1er avril 2024"), "2024-04-01");
        assert_eq!(iso("18. März 2024"), "2024-03-18");
        assert_eq!(iso("18 de março de 2024"), "2024-03-18");
        assert_eq!(iso("18 maart 2024"), "2024-03-18");
        assert_eq!(iso("18 Agustus 2024"), "2024-08-18");
        assert_eq!(iso("Tuesday, September 3, 2024"), "2024-09-03");
        assert_eq!(iso("Sept. 3, 2024"), "2024-09-03");
        assert_eq!(iso("June 2023"), "2023-06");
        assert_eq!(iso("2024年3月"), "2024-03");
    }

    #[test]
    fn dates_that_are_not_read() {
        assert!(iso("31/31/2024").starts_with("error"));
        assert!(iso("18/03/24").contains("two digits"));
        assert!(iso("March 2024 and 2025").starts_with("error"));
        assert!(iso("32 March 2024").starts_with("error"));
        assert!(iso("next Tuesday").starts_with("error"));
        assert!(iso("12345").starts_with("error"));
        assert!(iso("2024-3-18x").starts_with("error"));
        assert_eq!(parse("  "), Err(DateError::Empty));
        assert!(matches!(
            parse("04/03/2024"),
            Err(DateError::Ambiguous { .. })
        ));
        assert_eq!(iso("04/04/2024"), "2024-04-04");
        assert_eq!(iso("04.03.2024"), "2024-03-04");
    }

    #[test]
    fn partial_dates_cover_their_days() {
        let m = parse("2024-02").unwrap();
        assert_eq!(m.first_day().to_string(), "2024-02-01");
        assert_eq!(m.last_day().to_string(), "2024-02-29");
        assert_eq!(m.next_day().unwrap().to_string(), "2024-03-01");
        assert_eq!(
            parse("2024").unwrap().next_day().unwrap().to_string(),
            "2025-01-01"
        );
        assert!(Date::y(2024).unwrap() < Date::ymd(2024, 1, 1).unwrap());
    }

    #[test]
    fn file_name_dates_need_a_plausible_year() {
        assert_eq!(in_file_name("1234-05-06.txt"), None);
        assert_eq!(in_file_name("x/99990101.txt"), None);
        assert_eq!(
            in_file_name("a/report_2024_03_18.html").map(|d| d.to_string()),
            Some("2024-03-18".into())
        );
        assert_eq!(
            in_file_name("C:\\news\\2023.11.02 brief.txt").map(|d| d.to_string()),
            Some("2023-11-02".into())
        );
        assert_eq!(in_file_name("v2024-13.txt"), None);
    }
}
