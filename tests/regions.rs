//! Region sets: the bundled layers and the errors a user's file gets.

use std::path::Path;

use geomention::{Error, Gazetteer, RegionSet};

fn codes(id: &str) -> Vec<String> {
    let gaz = Gazetteer::bundled();
    RegionSet::bundled()
        .get(id)
        .unwrap()
        .members
        .iter()
        .map(|m| gaz.country(*m).iso_a3.clone())
        .collect()
}

fn parse_error(toml: &str) -> String {
    match RegionSet::parse(toml, Path::new("mine.toml"), Gazetteer::bundled()) {
        Err(e @ Error::Parse { .. }) => e.to_string(),
        other => panic!("expected a parse error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn bundled_regions_are_the_documented_layers() {
    let ids: Vec<&str> = RegionSet::bundled()
        .regions()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    for id in [
        "world",
        "southeast-asia",
        "africa",
        "pacific",
        "east-asia",
        "south-asia",
        "middle-east",
        "europe",
        "latin-america",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn southeast_asia_is_the_eleven_states() {
    assert_eq!(
        codes("southeast-asia"),
        ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM"]
    );
}

#[test]
fn pacific_has_the_island_states_and_australia_and_new_zealand_as_context() {
    let members = codes("pacific");
    for code in [
        "PNG", "FJI", "PLW", "TON", "VUT", "TUV", "NRU", "KIR", "MHL", "FSM", "WSM", "SLB",
    ] {
        assert!(members.contains(&code.to_string()), "{code}");
    }
    assert!(!members.contains(&"AUS".to_string()));
    let gaz = Gazetteer::bundled();
    let context: Vec<&str> = RegionSet::bundled()
        .get("pacific")
        .unwrap()
        .context
        .iter()
        .map(|c| gaz.country(*c).iso_a3.as_str())
        .collect();
    assert_eq!(context, ["AUS", "NZL"]);
}

#[test]
fn africa_is_un_m49_africa() {
    let africa = codes("africa");
    for code in [
        "ZMB", "AGO", "NAM", "NGA", "ZAF", "EGY", "SSD", "ESH", "MDG",
    ] {
        assert!(africa.contains(&code.to_string()), "{code}");
    }
    assert!(!africa.iter().any(|c| c == "YEM" || c == "FRA"));
    assert!((54..=62).contains(&africa.len()), "{}", africa.len());
}

#[test]
fn region_phrases_do_not_name_a_country() {
    let gaz = Gazetteer::bundled();
    for region in RegionSet::bundled().regions() {
        for phrase in &region.phrases {
            assert!(
                gaz.lookup(phrase).is_err(),
                "{phrase:?} of {} is a country name",
                region.id
            );
        }
    }
}

#[test]
fn toml_syntax_errors_name_file_and_line() {
    let msg = parse_error("[[region]]\nid = \"x\"\nname = \"X\n");
    assert!(msg.starts_with("mine.toml:3:"), "{msg}");
}

#[test]
fn unknown_members_name_file_line_and_suggest() {
    let msg =
        parse_error("[[region]]\nid = \"x\"\nname = \"X\"\n\nmembers = [\"KHM\", \"Cambodiya\"]\n");
    assert!(
        msg.starts_with("mine.toml:5:") && msg.contains("Cambodia"),
        "{msg}"
    );
}

#[test]
fn unknown_fields_duplicate_ids_and_empty_regions_are_errors() {
    let msg = parse_error("[[region]]\nid = \"x\"\nname = \"X\"\nmember = [\"KHM\"]\n");
    assert!(
        msg.contains("mine.toml:") && msg.contains("member"),
        "{msg}"
    );
    let dup = "[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\n[[region]]\nid = \"x\"\nname = \"Y\"\nmembers = [\"LAO\"]\n";
    assert!(parse_error(dup).contains("defined twice"));
    let empty = "[[region]]\nid = \"x\"\nname = \"X\"\n";
    assert!(parse_error(empty).contains("no members"));
    let bad_id = "[[region]]\nid = \"Mekong Basin\"\nname = \"X\"\nmembers = [\"KHM\"]\n";
    assert!(parse_error(bad_id).starts_with("mine.toml:2:"));
}

#[test]
fn m49_codes_and_exclusions_build_members() {
    let toml = "[[region]]\nid = \"se\"\nname = \"SE\"\nm49 = [\"035\"]\nexclude = [\"TLS\"]\n";
    let set = RegionSet::parse(toml, Path::new("mine.toml"), Gazetteer::bundled()).unwrap();
    assert_eq!(set.get("se").unwrap().members.len(), 10);
    let msg = parse_error("[[region]]\nid = \"x\"\nname = \"X\"\nm49 = [\"999\"]\n");
    assert!(
        msg.starts_with("mine.toml:4:") && msg.contains("999"),
        "{msg}"
    );
}

fn parse_error_line(toml: &str) -> (usize, String) {
    match RegionSet::parse(toml, Path::new("mine.toml"), Gazetteer::bundled()) {
        Err(e @ Error::Parse { line, .. }) => (line, e.to_string()),
        other => panic!("expected a parse error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_duplicate_id_reports_the_line_of_the_duplicate() {
    let toml = "[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\n[[region]]\nid = \"x\"\nname = \"Y\"\nmembers = [\"LAO\"]\n";
    let (line, msg) = parse_error_line(toml);
    assert_eq!(line, 6, "{msg}");
    assert!(
        msg.contains("defined twice") && msg.contains("line 2"),
        "{msg}"
    );
}

#[test]
fn a_bad_value_also_written_in_a_comment_reports_its_own_line() {
    let toml = "# \"Cambodiya\" is the spelling our desk keeps typing\n[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\", \"Cambodiya\"]\n";
    assert_eq!(parse_error_line(toml).0, 5);
    let toml = "# \"x\" was the old id\n[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\n[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\n";
    assert_eq!(parse_error_line(toml).0, 7);
    let toml = "# phrases = [\"\"] is not allowed\n[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"KHM\"]\nphrases = [\"Mekong\",\n  \"\"]\n";
    assert_eq!(parse_error_line(toml).0, 7);
    let toml = "# \"LAO\" left out on purpose\n[[region]]\nid = \"x\"\nname = \"X\"\nmembers = [\"LAO\"]\nexclude = [\"LAO\"]\n";
    assert_eq!(
        parse_error_line(toml).0,
        3,
        "the region with no members is on line 3"
    );
}

#[test]
fn a_file_with_no_regions_is_refused() {
    for toml in ["region = []\n", "", "# nothing yet\n"] {
        let (line, msg) = parse_error_line(toml);
        assert_eq!(line, 1, "{toml:?}: {msg}");
        assert!(
            msg.contains("no regions") && msg.contains("[[region]]"),
            "{toml:?}: {msg}"
        );
    }
}

#[test]
fn more_than_65535_regions_are_refused_naming_the_count() {
    let mut toml = String::new();
    for i in 0..65_536 {
        toml.push_str(&format!(
            "[[region]]\nid = \"r{i}\"\nname = \"R\"\nmembers = [\"KHM\"]\n"
        ));
    }
    let (line, msg) = parse_error_line(&toml);
    assert!(
        msg.contains("65536 regions") && msg.contains("65535"),
        "{msg}"
    );
    assert_eq!(line, 65_535 * 4 + 2, "{msg}");
}
