//! Helpers shared by the test crates: scoring for the accuracy tests
//! (precision, recall and F1 on per-document sets of codes) and whether
//! GDAL is at hand.

// Each test crate uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;

/// True positives, false positives, false negatives, and what went wrong.
#[derive(Default)]
pub struct Scores {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub errors: Vec<String>,
}

impl Scores {
    pub fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        2.0 * p * r / (p + r).max(f64::EPSILON)
    }

    /// Scores one document's found set against the expected one; `what`
    /// names the kind of code in error messages.
    pub fn add(
        &mut self,
        doc: &str,
        what: &str,
        expected: &BTreeSet<String>,
        found: &BTreeSet<String>,
    ) {
        self.tp += expected.intersection(found).count();
        for extra in found.difference(expected) {
            self.fp += 1;
            self.errors.push(format!("{doc}: false {what} {extra}"));
        }
        for missed in expected.difference(found) {
            self.fn_ += 1;
            self.errors.push(format!("{doc}: missed {what} {missed}"));
        }
    }
}

/// A space-separated set of codes (`-` for none) from `expected.tsv`.
pub fn set(field: &str) -> BTreeSet<String> {
    field
        .split_whitespace()
        .filter(|s| *s != "-")
        .map(String::from)
        .collect()
}

/// Whether GDAL's `ogrinfo` runs here; on CI (`CI=true`) its absence is a
/// failure, since `.ci/run` installs it.
pub fn have_ogrinfo() -> bool {
    use std::process::{Command, Stdio};
    let ok = Command::new("ogrinfo")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("CI").as_deref() == Ok("true") {
        panic!("ogrinfo (GDAL) is not installed; on CI install it with `apt-get install gdal-bin`");
    }
    ok
}
