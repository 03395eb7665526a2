//! Precision and recall of mention extraction on the annotated corpus in
//! `tests/data/mentions/` (original texts, annotated by hand; see its README).

use std::collections::BTreeSet;
use std::path::Path;

use geomention::{Extractor, Gazetteer, RegionSet, Target};

struct Scores {
    tp: usize,
    fp: usize,
    fn_: usize,
    errors: Vec<String>,
}

impl Scores {
    fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        2.0 * p * r / (p + r).max(f64::EPSILON)
    }
    fn add(
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

fn set(field: &str) -> BTreeSet<String> {
    field
        .split_whitespace()
        .filter(|s| *s != "-")
        .map(String::from)
        .collect()
}

fn evaluate() -> (Scores, Scores) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mentions");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    let ex = Extractor::bundled();
    let mut countries = Scores {
        tp: 0,
        fp: 0,
        fn_: 0,
        errors: vec![],
    };
    let mut region_scores = Scores {
        tp: 0,
        fp: 0,
        fn_: 0,
        errors: vec![],
    };
    for line in expected.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let text = std::fs::read_to_string(dir.join(cols[0])).unwrap();
        let (mut found_c, mut found_r) = (BTreeSet::new(), BTreeSet::new());
        for m in ex.find(&text) {
            match m.target {
                Target::Country(id) => found_c.insert(gaz.country(id).iso_a3.clone()),
                Target::Region(r) => found_r.insert(regions.regions()[r as usize].id.clone()),
            };
        }
        countries.add(cols[0], "country", &set(cols[1]), &found_c);
        region_scores.add(cols[0], "region", &set(cols[2]), &found_r);
    }
    (countries, region_scores)
}

#[test]
fn country_sets_per_document_reach_f1_of_0_97() {
    let (countries, _) = evaluate();
    let f1 = countries.f1();
    eprintln!(
        "countries: tp={} fp={} fn={} F1={f1:.4}\n{}",
        countries.tp,
        countries.fp,
        countries.fn_,
        countries.errors.join("\n")
    );
    assert!(f1 >= 0.97, "F1 {f1:.4} < 0.97");
}

#[test]
fn region_phrases_per_document_reach_f1_of_0_95() {
    let (_, regions) = evaluate();
    let f1 = regions.f1();
    eprintln!(
        "regions: tp={} fp={} fn={} F1={f1:.4}\n{}",
        regions.tp,
        regions.fp,
        regions.fn_,
        regions.errors.join("\n")
    );
    assert!(f1 >= 0.95, "F1 {f1:.4} < 0.95");
}
