//! Tallies written as JSON read back the same, and bad JSON is refused
//! with a message.

use geomention::input::expand;
use geomention::scan::{scan, ScanOptions};
use geomention::tally::{DocumentTally, Tally};
use geomention::{Extractor, RegionSet};

fn corpus_tally() -> Tally {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
    let mut tally = Tally::new(RegionSet::bundled());
    scan(
        &expand(&[dir.into()]).unwrap(),
        Extractor::bundled(),
        &ScanOptions::default(),
        &mut tally,
    )
    .unwrap();
    tally
}

#[test]
fn corpus_tally_round_trips_through_json() {
    let tally = corpus_tally();
    assert!(tally.documents() == 12 && !tally.country_totals().is_empty());
    let back = Tally::from_json(&tally.to_json()).unwrap();
    assert_eq!(back, tally);
    assert_eq!(back.to_json(), tally.to_json());
}

#[test]
fn tally_read_from_json_keeps_counting_region_documents() {
    let ex = Extractor::bundled();
    let mut back = Tally::from_json(&corpus_tally().to_json()).unwrap();
    let before = back.documents_mentioning("pacific").unwrap();
    back.add(&DocumentTally::new(
        "new.txt",
        &ex.find("A report from Tonga."),
    ));
    assert_eq!(back.documents_mentioning("pacific"), Some(before + 1));
}

#[test]
fn json_names_countries_by_code_and_regions_by_id() {
    let json = corpus_tally().to_json();
    assert!(json.contains("\"MMR\":{\"mentions\":"), "{json}");
    assert!(json.contains("\"southeast-asia\""), "{json}");
}

#[test]
fn json_with_a_region_position_out_of_range_is_refused() {
    let err = Tally::from_json(r#"{"regions": {"3": {"mentions": 1, "documents": 1}}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("region position 3 but only 0 regions"),
        "{err}"
    );
}

#[test]
fn json_that_is_not_a_tally_is_refused() {
    let err = Tally::from_json("[1, 2]").unwrap_err().to_string();
    assert!(err.starts_with("reading a tally from JSON:"), "{err}");
}

#[test]
fn merging_tallies_of_different_region_sets_is_refused() {
    let mine = RegionSet::parse(
        "[[region]]\nid = \"mekong\"\nname = \"Mekong\"\nmembers = [\"KHM\", \"LAO\"]\n",
        "mine.toml".as_ref(),
        geomention::Gazetteer::bundled(),
    )
    .unwrap();
    let mut a = corpus_tally();
    let err = a.try_merge(&Tally::new(&mine)).unwrap_err().to_string();
    assert!(err.contains("regions mekong"), "{err}");
    let mut empty = Tally::default();
    empty.try_merge(&a).unwrap();
    assert_eq!(empty, a);
}
