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

#[test]
fn a_sentence_ending_in_a_name_does_not_make_the_next_country_a_person() {
    assert_eq!(
        found("Talks were held in London. India signed. Later, India ratified it and India paid."),
        ["IND"; 3]
    );
    assert_eq!(
        found(
            "Flights resumed to Nairobi. Kenya welcomed the move, and Kenya will host the summit."
        ),
        ["KEN"; 2]
    );
    for country in ["Cuba", "Israel", "Jordan", "Georgia", "Chad"] {
        let text =
            format!("Ministers met in Paris. {country} signed, and later {country} ratified.");
        assert_eq!(found(&text).len(), 2, "{text}");
    }
    // A title or an initial does not end a sentence: still a person.
    assert!(found("Mr. Jordan said he agreed.").is_empty());
    assert!(found("Her coach, Michael J. Jordan, agreed.").is_empty());
}

#[test]
fn a_common_word_capitalised_by_a_title_case_line_needs_other_evidence() {
    assert!(found("Burning the Turkey: A Holiday Guide").is_empty());
    assert!(found("Turkey Meatballs With Fine China Plates\n\nMix the meat.").is_empty());
    assert!(found("New Mexico Chile Festival Draws Crowds").is_empty());
    assert_eq!(
        found("China Warns Philippines Over Reef Standoff\n\nChinese coast guard ships fired."),
        ["CHN", "PHL", "CHN"]
    );
}

#[test]
fn dominican_follows_the_country_the_document_names() {
    assert_eq!(found("Dominicans protested in Santo Domingo."), ["DOM"]);
    assert_eq!(
        found("Dominicans in Roseau cheered when Dominica won."),
        ["DMA", "DMA"]
    );
    assert_eq!(
        found("Dominican officials said the Dominican Republic would act."),
        ["DOM", "DOM"]
    );
}

#[test]
fn a_name_glued_to_a_number_in_table_text_is_still_a_word() {
    assert_eq!(found("Canada3115 Kenya2nd"), ["CAN", "KEN"]);
    // Codes glued to digits are part numbers, not countries.
    assert!(found("model US2023 and the UK10 plug").is_empty());
}

#[test]
fn us_without_its_final_dot_is_the_united_states() {
    assert_eq!(found("The U.S Treasury said"), ["USA"]);
}

#[test]
fn georgian_is_georgia_unless_a_us_state_or_a_period_style_is_meant() {
    assert_eq!(found("Georgian officials met in Tbilisi."), ["GEO"]);
    assert_eq!(found("The Georgian parliament voted."), ["GEO"]);
    assert!(found("a fine Georgian townhouse in Bath").is_empty());
    assert!(found("Georgian architecture lines the square.").is_empty());
    assert!(found("Georgian voters in Savannah, Georgia, went to the polls.").is_empty());
}

#[test]
fn roc_is_taiwan_beside_china_and_the_congo_beside_africa_and_else_nothing() {
    assert_eq!(
        found("The ROC government in Taipei answered Chinese officials."),
        ["TWN", "CHN"]
    );
    assert_eq!(
        found("ROC troops crossed from Brazzaville into Cameroon."),
        ["COG", "CMR"]
    );
    assert!(found("The ROC said so.").is_empty());
}

#[test]
fn overseas_territories_count_under_their_own_codes() {
    assert_eq!(
        found("Protests spread from Guadeloupe to Réunion and Mayotte."),
        ["GLP", "REU", "MYT"]
    );
}

/// The rules read a bounded window around each candidate: text further away
/// cannot change a reading, so a hostile text ("Jordan." repeated) costs time
/// in proportion to its length.
#[test]
fn text_beyond_the_rule_window_does_not_change_a_reading() {
    use geomention::mentions::context::{read, WINDOW};
    let flags = geomention::gazetteer::FormFlags {
        person: true,
        ..Default::default()
    };
    for prefix in [
        "Jordan.".repeat(400),
        "aB.cD.Ef".repeat(200),
        "Thai-".repeat(300),
    ] {
        let text = format!("{prefix} Jordan signed.");
        let start = prefix.len() + 1;
        let end = start + "Jordan".len();
        let cut = start - WINDOW;
        assert_eq!(
            read(&text, start, end, flags),
            read(&text[cut..], start - cut, end - cut, flags),
            "prefix {:?}",
            &prefix[..20]
        );
    }
    let hostile = "Jordan.".repeat(20_000);
    assert!(found(&hostile).len() <= 20_000);
}
