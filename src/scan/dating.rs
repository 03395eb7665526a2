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
