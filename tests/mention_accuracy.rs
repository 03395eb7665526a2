//! Precision and recall of mention extraction on annotated texts written for
//! the project (see the READMEs of both folders):
//! - `tests/data/mentions/`: tricky cases, which the rules were checked against;
//! - `tests/data/mentions-heldout/`: news-style texts written afterwards by
//!   someone who had not seen the extractor, kept out of rule tuning, so its
//!   score is the better estimate for text the project has never seen.

use std::collections::BTreeSet;
use std::path::Path;

use geomention::{Extractor, Gazetteer, RegionSet, Target};

mod common;
use common::{set, Scores};

fn evaluate(folder: &str) -> (Scores, Scores) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(folder);
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    let ex = Extractor::bundled();
    let (mut countries, mut region_scores) = (Scores::default(), Scores::default());
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

fn report(set: &str, what: &str, s: &Scores) -> f64 {
    let f1 = s.f1();
    eprintln!(
        "{set} {what}: tp={} fp={} fn={} F1={f1:.4}\n{}",
        s.tp,
        s.fp,
        s.fn_,
        s.errors.join("\n")
    );
    f1
}

#[test]
fn country_sets_per_document_reach_f1_of_0_97() {
    let f1 = report("mentions", "countries", &evaluate("mentions").0);
    assert!(f1 >= 0.97, "F1 {f1:.4} < 0.97");
}

#[test]
fn region_phrases_per_document_reach_f1_of_0_95() {
    let f1 = report("mentions", "regions", &evaluate("mentions").1);
    assert!(f1 >= 0.95, "F1 {f1:.4} < 0.95");
}

#[test]
fn held_out_country_sets_reach_f1_of_0_95() {
    let f1 = report(
        "mentions-heldout",
        "countries",
        &evaluate("mentions-heldout").0,
    );
    assert!(f1 >= 0.95, "F1 {f1:.4} < 0.95");
}

#[test]
fn held_out_region_phrases_reach_f1_of_0_90() {
    let f1 = report(
        "mentions-heldout",
        "regions",
        &evaluate("mentions-heldout").1,
    );
    assert!(f1 >= 0.90, "F1 {f1:.4} < 0.90");
}
