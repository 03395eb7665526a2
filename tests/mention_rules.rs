//! One test per rule of mention extraction, on short sentences.

use geomention::gazetteer::FormKind;
use geomention::{Extractor, Gazetteer, RegionSet, Target};

/// The codes (countries) and ids (regions) found in `text`, in order.
fn found(text: &str) -> Vec<String> {
    let gaz = Gazetteer::bundled();
    Extractor::bundled()
        .find(text)
        .iter()
        .map(|m| match m.target {
            Target::Country(id) => gaz.country(id).iso_a3.clone(),
            Target::Region(r) => RegionSet::bundled().regions()[r as usize].id.clone(),
        })
        .collect()
}

#[test]
fn names_aliases_possessives_and_compounds_count() {
    assert_eq!(found("Myanmar's junta"), ["MMR"]);
    assert_eq!(found("Myanmar’s junta"), ["MMR"]);
    assert_eq!(found("a Myanmar-based syndicate"), ["MMR"]);
    assert_eq!(found("officials in Burma and the Lao PDR"), ["MMR", "LAO"]);
    assert_eq!(found("the Cambodia-Thailand border"), ["KHM", "THA"]);
    assert_eq!(found("workers sent to the Philippines"), ["PHL"]);
}

#[test]
fn demonyms_and_adjectives_count_as_their_country() {
    assert_eq!(
        found("Cambodian police and Chinese nationals"),
        ["KHM", "CHN"]
    );
    assert_eq!(found("the Irish mob and the Italian mafia"), ["IRL", "ITA"]);
    assert_eq!(
        found("Philippine police detained Filipino workers"),
        ["PHL", "PHL"]
    );
    assert_eq!(found("Ni-Vanuatu seasonal workers"), ["VUT"]);
}

#[test]
fn longest_form_wins_over_the_name_inside_it() {
    assert_eq!(found("Papua New Guinea"), ["PNG"]);
    assert_eq!(found("Guinea-Bissau and Equatorial Guinea"), ["GNB", "GNQ"]);
    assert_eq!(found("South Sudan"), ["SSD"]);
    assert_eq!(found("the port of Port Sudan"), Vec::<String>::new());
    assert_eq!(found("Nigeria, Nigerian and Niger"), ["NGA", "NGA", "NER"]);
    assert_eq!(found("Dominica and the Dominican Republic"), ["DMA", "DOM"]);
    assert_eq!(found("DR Congo and Congo-Brazzaville"), ["COD", "COG"]);
    assert_eq!(found("North Korea and South Korea"), ["PRK", "KOR"]);
    assert_eq!(found("South Africa"), ["ZAF"]);
    assert_eq!(found("Hong Kong"), ["HKG"]);
}

#[test]
fn the_pronoun_us_is_not_the_united_states() {
    assert!(found("Let us know; tell us. Us too.").is_empty());
    assert_eq!(
        found("US officials and U.S. prosecutors in the USA"),
        ["USA"; 3]
    );
}

#[test]
fn person_names_are_not_countries() {
    assert!(found("Chad Smith scored twice.").is_empty());
    assert!(found("Michael Jordan retired.").is_empty());
    assert!(
        found("The striker Jordan Henderson was booked. Later, Jordan said he was fine.")
            .is_empty()
    );
    assert!(found("said UN rights chief Volker Turk").is_empty());
    assert_eq!(found("Refugees in Jordan and Chad."), ["JOR", "TCD"]);
    assert_eq!(found("Jordan's King Abdullah met officials."), ["JOR"]);
}

#[test]
fn common_words_in_lower_case_are_not_countries() {
    assert!(found("We ate turkey off fine china with a guinea pig.").is_empty());
    assert_eq!(found("Exports from Turkey and China rose."), ["TUR", "CHN"]);
}

#[test]
fn the_us_state_of_georgia_is_not_the_country() {
    assert!(found("She grew up in Atlanta, Georgia.").is_empty());
    assert!(found("A Georgia senator spoke at Georgia Tech.").is_empty());
    assert_eq!(
        found("Tbilisi, the capital of Georgia, and Georgian police."),
        ["GEO", "GEO"]
    );
}

#[test]
fn places_named_after_countries_are_not_mentions() {
    assert!(found("the Indian Ocean and the South China Sea").is_empty());
    assert!(found("oil in the Gulf of Guinea").is_empty());
    assert!(found("flights to Mexico City and New Mexico").is_empty());
}

#[test]
fn languages_are_not_countries() {
    assert!(found("Spanish-speaking voters read adverts in Spanish.").is_empty());
    assert!(found("classes in French and English").is_empty());
}

#[test]
fn region_phrases_are_region_mentions_not_countries() {
    assert_eq!(found("across Southeast Asia"), ["southeast-asia"]);
    assert_eq!(found("Southeast Asian gangs"), ["southeast-asia"]);
    assert_eq!(
        found("the Pacific islands and Latin America"),
        ["pacific", "latin-america"]
    );
    assert_eq!(found("the Middle East"), ["middle-east"]);
    assert!(found("the Pacific Ocean and the Asia-Pacific").is_empty());
}

#[test]
fn capitals_in_headlines_still_count() {
    assert_eq!(
        found("MYANMAR AND CAMBODIA RAID SCAM COMPOUNDS"),
        ["MMR", "KHM"]
    );
    assert_eq!(
        found("Jordan Closes Border Crossings As Fighting Spreads"),
        ["JOR"]
    );
}

#[test]
fn spans_point_at_the_text_as_written_and_name_the_form() {
    let text = "Officials in BURMA said";
    let ex = Extractor::bundled();
    let m = ex.find(text)[0];
    assert_eq!(&text[m.start..m.end], "BURMA");
    assert_eq!(ex.form(&m), "Burma");
    assert_eq!(m.kind, FormKind::Alias);
}

#[test]
fn names_wrapped_across_lines_still_count() {
    assert_eq!(
        found("workers from Papua New\nGuinea and Sri\nLanka"),
        ["PNG", "LKA"]
    );
}

#[test]
fn amounts_and_media_named_after_countries_are_not_mentions() {
    assert!(found("losses of US$5.6 billion, the South China Morning Post said").is_empty());
}

#[test]
fn a_country_that_says_something_is_still_a_country() {
    assert_eq!(
        found("Officials in Jordan said the border was shut."),
        ["JOR"]
    );
    assert_eq!(found("Israel said it would retaliate."), ["ISR"]);
    assert!(found("Jordan said he was tired.").is_empty());
}

#[test]
fn short_sentences_are_not_mistaken_for_headlines() {
    assert!(found("Chad Smith and Anna said so.").is_empty());
    assert!(found("Chad Smith of Oxfam said so.").is_empty());
}

#[test]
fn a_lower_case_block_phrase_does_not_veto_the_country() {
    assert_eq!(
        found("Guinea has become a guinea pig for new rules."),
        ["GIN"]
    );
    assert!(found("In Spanish, the word differs.").is_empty());
}
