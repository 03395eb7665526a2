//! Giving each scanned document its date, in ISO form: the user's list
//! (`--dates`) first, then the date in the document's metadata, then the
//! date in its file name (whole files only: a record of an export is not
//! dated by the export's name).

use super::{ScanOptions, ScanSink};
use crate::dates::{self, DateList};
use crate::input::{Meta, Position};

/// How many unreadable dates are reported one by one; the rest are counted
/// and reported once at the end.
const SHOWN: u64 = 20;

pub(super) struct Dating<'a> {
    list: Option<&'a DateList>,
    file_names: bool,
    /// Names of the list that matched a document.
    used: std::collections::HashSet<String>,
    unreadable: u64,
}

impl<'a> Dating<'a> {
    pub fn new(options: &'a ScanOptions) -> Dating<'a> {
        Dating {
            list: options.dates.as_deref(),
            file_names: options.file_name_dates,
            used: std::collections::HashSet::new(),
            unreadable: 0,
        }
    }

    /// Sets `meta.date` to the document's date in ISO form, or to `None`;
    /// a date that cannot be read is a warning naming the document.
    pub fn date(&mut self, meta: &mut Meta, sink: &mut dyn ScanSink) {
        if let Some((date, name, _)) = self.list.and_then(|l| l.get(&meta.id)) {
            if !self.used.contains(name) {
                self.used.insert(name.to_string());
            }
            meta.date = Some(date.to_string());
            return;
        }
        let raw = meta.date.take();
        let from_name = || {
            (self.file_names && meta.position == Some(Position::Whole))
                .then(|| dates::in_file_name(&meta.source))
                .flatten()
        };
        let Some(raw) = raw else {
            meta.date = from_name().map(|d| d.to_string());
            return;
        };
        match dates::parse(&raw) {
            Ok(d) => meta.date = Some(d.to_string()),
            Err(e) => {
                let fallback = from_name();
                self.unreadable += 1;
                if self.unreadable <= SHOWN {
                    let then = match fallback {
                        Some(d) => format!("using the date in its file name, {d}"),
                        None => "counted as undated".to_string(),
                    };
                    sink.warning(&format!("{}: date {raw:?}: {e}; {then}", meta.id));
                }
                meta.date = fallback.map(|d| d.to_string());
            }
        }
    }

    /// Reports what was not said one by one: unreadable dates past the
    /// first few, and listed documents that were not among the inputs.
    pub fn finish(&self, sink: &mut dyn ScanSink) {
        if self.unreadable > SHOWN {
            sink.warning(&format!(
                "{} more documents had dates that could not be read (not listed one by one)",
                self.unreadable - SHOWN
            ));
        }
        let Some(list) = self.list else {
            return;
        };
        let unused: Vec<(&str, u64)> = list
            .names()
            .into_iter()
            .filter(|(name, _)| !self.used.contains(*name))
            .collect();
        if let Some((name, line)) = unused.first() {
            sink.warning(&format!(
                "{}: {} of {} listed documents are not among the inputs, e.g. {name:?} (line {line}); check their names against the document column of mentions.csv",
                list.source(),
                unused.len(),
                list.len()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Collected;

    fn meta(source: &str, date: Option<&str>) -> Meta {
        let mut m = Meta::for_source(source);
        m.date = date.map(str::to_string);
        m
    }

    #[test]
    fn an_unreadable_date_is_a_warning_naming_the_document_and_the_value() {
        let options = ScanOptions::default();
        let mut dating = Dating::new(&options);
        let mut sink = Collected::default();
        let mut m = meta("news/a.html", Some("the day after"));
        dating.date(&mut m, &mut sink);
        assert_eq!(m.date, None);
        let w = &sink.warnings[0];
        assert!(w.starts_with("news/a.html: date \"the day after\""), "{w}");
        assert!(w.ends_with("counted as undated"), "{w}");

        let mut m = meta("news/2024-03-18_b.html", Some("someday"));
        dating.date(&mut m, &mut sink);
        assert_eq!(m.date.as_deref(), Some("2024-03-18"));
        assert!(sink.warnings[1].contains("using the date in its file name, 2024-03-18"));
    }

    #[test]
    fn metadata_dates_are_written_in_iso_form_and_win_over_file_names() {
        let options = ScanOptions::default();
        let mut dating = Dating::new(&options);
        let mut sink = Collected::default();
        let mut m = meta("2020-01-01_a.txt", Some("Mon, 18 Mar 2024 10:00:00 +0000"));
        dating.date(&mut m, &mut sink);
        assert_eq!(m.date.as_deref(), Some("2024-03-18"));
        // A record of an export is not dated by the export's name.
        let mut m = meta("2020-01-01_export.csv", None);
        m.position = Some(Position::Row(3));
        dating.date(&mut m, &mut sink);
        assert_eq!(m.date, None);
        assert!(sink.warnings.is_empty());
    }

    #[test]
    fn unreadable_dates_past_the_first_few_are_counted_once() {
        let options = ScanOptions::default();
        let mut dating = Dating::new(&options);
        let mut sink = Collected::default();
        for i in 0..25 {
            dating.date(&mut meta(&format!("d{i}.txt"), Some("?")), &mut sink);
        }
        dating.finish(&mut sink);
        assert_eq!(sink.warnings.len(), 21);
        assert!(sink.warnings[20].starts_with("5 more documents"));
    }
}
