//! A user's values CSV (`--values`): headers, number formats, encodings,
//! shares, and errors that stay short and quick on huge bad files.

use std::path::Path;
use std::time::{Duration, Instant};

use geomention::layers::{LayerOptions, RegionLayer};
use geomention::tally::Tally;
use geomention::values::Values;
use geomention::{Error, Gazetteer, RegionSet};

fn gaz() -> &'static Gazetteer {
    Gazetteer::bundled()
}

fn parse(csv: &str) -> Result<Values, Error> {
    Values::parse(csv, Path::new("v.csv"), gaz())
}

fn value(v: &Values, country: &str) -> Option<f64> {
    v.by_country.get(&gaz().lookup(country).unwrap()).copied()
}

fn parse_error(csv: &str) -> (usize, String) {
    match parse(csv) {
        Err(e @ Error::Parse { line, .. }) => (line, e.to_string()),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_file_without_header_keeps_its_first_row() {
    let v = parse("Myanmar,120\nKH,80\n").unwrap();
    assert_eq!(v.label, "value");
    assert_eq!(value(&v, "MMR"), Some(120.0));
    assert_eq!(value(&v, "KHM"), Some(80.0));
}

#[test]
fn a_first_line_naming_a_country_is_data_even_with_a_bad_value() {
    let (line, msg) = parse_error("Fiji,n/a\nTonga,5\n");
    assert_eq!(line, 1, "{msg}");
    assert!(
        msg.contains("\"n/a\"") && msg.contains("not a number"),
        "{msg}"
    );
    let (line, msg) = parse_error("Fiji,\"1,5\"\nTonga,5\n");
    assert_eq!(line, 1, "{msg}");
    assert!(msg.contains("decimal point"), "{msg}");
}

#[test]
fn a_header_line_is_still_a_header() {
    let v = parse("country,victims\nMyanmar,120\n").unwrap();
    assert_eq!((v.label.as_str(), v.by_country.len()), ("victims", 1));
    // A year as the value column's name, beside a key column's name.
    let v = parse("Country Code,2023\nMMR,5\n").unwrap();
    assert_eq!((v.label.as_str(), v.by_country.len()), ("2023", 1));
}

#[test]
fn a_first_line_with_an_unknown_country_and_a_number_is_refused_not_dropped() {
    let (line, msg) = parse_error("Cambodiya,80\nLaos,5\n");
    assert_eq!(line, 1, "{msg}");
    assert!(msg.contains("Cambodiya") && msg.contains("KHM"), "{msg}");
    assert!(msg.contains("header"), "{msg}");
}

#[test]
fn a_decimal_comma_is_refused_naming_the_line() {
    let (line, msg) = parse_error("country,n\nMyanmar,12\nFiji,\"1,5\"\n");
    assert_eq!(line, 3, "{msg}");
    assert!(
        msg.contains("v.csv:3:") && msg.contains("\"1,5\"") && msg.contains("decimal point"),
        "{msg}"
    );
    // Not a thousands separator either when the groups are not three digits.
    assert_eq!(parse_error("country,n\nFiji,\"12,50\"\n").0, 2);
    assert_eq!(parse_error("country,n\nFiji,\"1,5000\"\n").0, 2);
}

#[test]
fn thousands_separators_in_groups_of_three_are_accepted() {
    let v =
        parse("country,n\nFiji,\"1,500\"\nTonga,\"-12,345,678.5\"\nNauru,\"2,000e3\"\n").unwrap();
    assert_eq!(value(&v, "FJI"), Some(1500.0));
    assert_eq!(value(&v, "TON"), Some(-12_345_678.5));
    assert_eq!(value(&v, "NRU"), Some(2_000_000.0));
}

#[test]
fn semicolon_files_are_read_and_their_decimal_commas_refused() {
    let v = parse("country;n\nFiji;1.5\nTonga;2\n").unwrap();
    assert_eq!((v.label.as_str(), value(&v, "FJI")), ("n", Some(1.5)));
    let (line, msg) = parse_error("country;n\nFiji;2\nTonga;1,500\n");
    assert_eq!(line, 3, "{msg}");
    assert!(msg.contains("decimal"), "{msg}");
}

#[test]
fn a_number_split_at_an_unquoted_comma_is_refused() {
    let (line, msg) = parse_error("country,n\nFiji,1,500\n");
    assert_eq!(line, 2, "{msg}");
    assert!(msg.contains("quote"), "{msg}");
}

#[test]
fn a_utf16_values_file_is_decoded() {
    let text = "country,victims\r\nMyanmar,120\r\nLaos,5\r\n";
    let dir = tempfile::tempdir().unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let utf8_bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .chain(text.as_bytes())
        .copied()
        .collect();
    for (name, bytes) in [("le.csv", le), ("be.csv", be), ("bom.csv", utf8_bom)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let v = Values::from_path(&path, gaz()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.label, "victims", "{name}");
        assert_eq!(value(&v, "MMR"), Some(120.0), "{name}");
        assert_eq!(value(&v, "LAO"), Some(5.0), "{name}");
    }
}

#[test]
fn a_file_that_is_not_valid_utf8_says_so_when_rows_are_bad() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.csv");
    std::fs::write(&path, b"country,n\nC\xF4te d'Ivoire,3\n").unwrap();
    let msg = Values::from_path(&path, gaz()).unwrap_err().to_string();
    assert!(msg.contains(":2:") && msg.contains("UTF-8"), "{msg}");
}

#[test]
fn ten_thousand_unknown_countries_are_reported_quickly_and_briefly() {
    let mut csv = String::from("country,n\n");
    for i in 0..10_000 {
        csv.push_str(&format!("Atlantis{i},1\n"));
    }
    let start = Instant::now();
    let (line, msg) = parse_error(&csv);
    let took = start.elapsed();
    assert_eq!(line, 2);
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert_eq!(msg.matches("unknown country").count(), 20, "{msg}");
    assert!(
        msg.contains("9980 more") && msg.contains("10000 unknown countries"),
        "{msg}"
    );
}

#[test]
fn repeated_duplicate_rows_give_a_capped_message() {
    let mut csv = String::from("country,n\n");
    for _ in 0..100_000 {
        csv.push_str("Fiji,1\n");
    }
    let (line, msg) = parse_error(&csv);
    assert_eq!(line, 3, "{msg}");
    assert!(msg.len() < 5_000, "{} bytes", msg.len());
    assert!(msg.contains("first on line 2"), "{msg}");
    assert!(
        msg.contains("99979 more") && msg.contains("99999 countries listed again"),
        "{msg}"
    );
}

fn shares(csv: &str) -> Vec<(String, f64)> {
    let values = parse(csv).unwrap();
    let regions = RegionSet::bundled();
    let layer = RegionLayer::build(
        gaz(),
        regions,
        regions.get("southeast-asia").unwrap(),
        &Tally::default(),
        Some(&values),
        &LayerOptions::default(),
    );
    layer
        .countries
        .iter()
        .filter(|c| c.value.is_some())
        .map(|c| (gaz().country(c.id).iso_a3.clone(), c.share))
        .collect()
}

#[test]
fn shares_are_parts_of_the_positive_total_and_never_negative() {
    let got = shares("country,change\nMyanmar,30\nCambodia,-10\nLaos,10\nThailand,0\n");
    assert_eq!(
        got,
        [
            ("KHM".to_string(), 0.0),
            ("LAO".to_string(), 0.25),
            ("MMR".to_string(), 0.75),
            ("THA".to_string(), 0.0)
        ]
    );
    let all_negative = shares("country,change\nMyanmar,-3\nLaos,-1\n");
    assert!(
        all_negative.iter().all(|(_, s)| *s == 0.0),
        "{all_negative:?}"
    );
}

#[test]
fn huge_values_do_not_overflow_shares() {
    let got = shares("country,n\nMyanmar,1e308\nLaos,1e308\nFiji,1\n");
    assert_eq!(
        got,
        [("LAO".to_string(), 0.5), ("MMR".to_string(), 0.5)],
        "Fiji is not in Southeast Asia"
    );
}
