//! The QGIS styles (`.qml`) and SLD sidecars: well-formed XML whose rules
//! cover every feature exactly once, with the maps' classes, colours and
//! labels.

use std::path::Path;

use geomention::layers::{LayerOptions, Part, RegionLayer};
use geomention::render::{geojson, palette, qml, sld};
use geomention::tally::{DocumentTally, Tally};
use geomention::{Extractor, Gazetteer, RegionSet};

fn layer_in(region: &str, text: &str) -> RegionLayer<'static> {
    let regions = RegionSet::bundled();
    let tally: Tally = [DocumentTally::new("a", &Extractor::bundled().find(text))]
        .into_iter()
        .collect();
    RegionLayer::build(
        Gazetteer::bundled(),
        regions,
        regions.get(region).unwrap(),
        &tally,
        None,
        &LayerOptions::default(),
    )
}

fn layer(text: &str) -> RegionLayer<'static> {
    layer_in("southeast-asia", text)
}

/// QGIS writes a DOCTYPE line, so DTDs are allowed.
fn parse(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("well-formed XML")
}

const SEA: &str =
    "Myanmar Myanmar Myanmar Myanmar Cambodia Cambodia Laos Thailand Vietnam Vietnam Vietnam";

#[test]
fn style_has_one_rule_per_class_plus_no_mentions() {
    let layer = layer(SEA);
    let text = qml::to_string(&layer, Part::Countries, 8);
    let doc = parse(&text);
    let renderer = doc
        .descendants()
        .find(|n| n.has_tag_name("renderer-v2"))
        .unwrap();
    assert_eq!(renderer.attribute("type"), Some("RuleRenderer"));
    let rules: Vec<_> = renderer
        .descendants()
        .filter(|n| n.has_tag_name("rule"))
        .collect();
    assert_eq!(rules.len(), layer.classes.len() + 1);
    let labels: Vec<&str> = rules.iter().filter_map(|r| r.attribute("label")).collect();
    for (i, label) in labels.iter().take(layer.classes.len()).enumerate() {
        assert_eq!(*label, layer.classes.label(i));
    }
    assert_eq!(labels[layer.classes.len()], "No mentions");
    assert_eq!(rules[0].attribute("filter"), Some("\"class\" = 1"));
}

#[test]
fn style_colours_are_the_map_palette() {
    let layer = layer("Myanmar Myanmar Cambodia Laos");
    let text = qml::to_string(&layer, Part::Countries, 8);
    let doc = parse(&text);
    let fills: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Option") && n.attribute("name") == Some("color"))
        .filter_map(|n| n.attribute("value"))
        .collect();
    let expected: Vec<String> = palette::sequential(layer.classes.len())
        .into_iter()
        .chain([palette::NO_DATA])
        .map(|c| format!("{},{},{},255", c.0, c.1, c.2))
        .collect();
    assert_eq!(fills, expected);
}

#[test]
fn style_without_mentions_still_styles_every_member() {
    let layer = layer("");
    let doc_text = qml::to_string(&layer, Part::Countries, 8);
    let doc = parse(&doc_text);
    let rules = doc.descendants().filter(|n| n.has_tag_name("rule")).count();
    // "No mentions", and the (empty) label rule.
    assert_eq!(rules, 2);
}

/// Whether a rule filter the styles use matches a feature's class.
fn matches(filter: &str, class: Option<u64>) -> bool {
    if filter == "\"class\" IS NULL" {
        return class.is_none();
    }
    let k: u64 = filter
        .strip_prefix("\"class\" = ")
        .and_then(|k| k.parse().ok())
        .unwrap_or_else(|| panic!("unexpected filter {filter:?}"));
    class == Some(k)
}

#[test]
fn every_member_matches_exactly_one_rule_in_qml_and_sld() {
    let layer = layer_in(
        "africa",
        "Kenya Kenya Kenya Nigeria Nigeria Ghana Mayotte Réunion Réunion Seychelles",
    );
    for part in [Part::Countries, Part::Points] {
        let fc = geojson::feature_collection(&layer, part);
        assert!(!fc.features.is_empty(), "{part:?} has no features");
        let qml_text = qml::to_string(&layer, part, 8);
        let qml_doc = parse(&qml_text);
        let filters: Vec<&str> = qml_doc
            .descendants()
            .filter(|n| n.has_tag_name("rule") && n.attribute("symbol").is_some())
            .filter_map(|n| n.attribute("filter"))
            .collect();
        let sld_text = sld::to_string(&layer, part, 8);
        let sld_doc = parse(&sld_text);
        let sld_rules = sld_doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("Rule")
                    && n.descendants().any(|c| {
                        c.has_tag_name("PolygonSymbolizer") || c.has_tag_name("PointSymbolizer")
                    })
            })
            .count();
        assert_eq!(
            sld_rules,
            filters.len(),
            "{part:?}: SLD and QML rules differ"
        );
        for f in &fc.features {
            let class = f.property("class").and_then(|v| v.as_u64());
            let n = filters.iter().filter(|r| matches(r, class)).count();
            assert_eq!(n, 1, "{part:?} {:?}: {n} rules match", f.id);
        }
    }
}

#[test]
fn qml_labels_the_top_ranked_members_with_name_and_count() {
    let layer = layer(SEA);
    let text = qml::to_string(&layer, Part::Countries, 3);
    let doc = parse(&text);
    let root = doc.root_element();
    assert_eq!(root.attribute("labelsEnabled"), Some("1"));
    let labeling = doc
        .descendants()
        .find(|n| n.has_tag_name("labeling"))
        .expect("a labeling element");
    assert_eq!(labeling.attribute("type"), Some("rule-based"));
    let rule = labeling
        .descendants()
        .find(|n| n.has_tag_name("rule"))
        .unwrap();
    assert_eq!(rule.attribute("filter"), Some("\"rank\" <= 3"));
    let style = rule
        .descendants()
        .find(|n| n.has_tag_name("text-style"))
        .unwrap();
    assert_eq!(
        style.attribute("fieldName"),
        Some("concat(\"name\", ' ', \"mentions\")")
    );
    assert!(rule.descendants().any(|n| n.has_tag_name("callout")));
    // The same members the PNG labels: rank 1..=3 are the top three.
    let top: Vec<String> = layer
        .ranked()
        .iter()
        .take(3)
        .map(|c| Gazetteer::bundled().country(c.id).iso_a3.clone())
        .collect();
    assert_eq!(top[0], "MMR");
    for c in &layer.countries {
        let code = &Gazetteer::bundled().country(c.id).iso_a3;
        assert_eq!(c.rank.is_some_and(|r| r <= 3), top.contains(code), "{code}");
    }
}

#[test]
fn outline_style_draws_the_outline_without_fill() {
    let layer = layer(SEA);
    let text = qml::to_string(&layer, Part::Outline, 8);
    let doc = parse(&text);
    let renderer = doc
        .descendants()
        .find(|n| n.has_tag_name("renderer-v2"))
        .unwrap();
    assert_eq!(renderer.attribute("type"), Some("singleSymbol"));
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("Option") && n.attribute("name") == Some("style"))
        .unwrap();
    assert_eq!(style.attribute("value"), Some("no"));
    assert_eq!(doc.root_element().attribute("labelsEnabled"), Some("0"));
}

#[test]
fn sld_has_the_qml_labels_and_colours() {
    let layer = layer(SEA);
    let text = sld::to_string(&layer, Part::Countries, 8);
    let doc = parse(&text);
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Rule"))
        .filter_map(|r| r.children().find(|c| c.has_tag_name("Title")))
        .filter_map(|t| t.text())
        .collect();
    let mut expected = layer.classes.labels();
    expected.push("No mentions".into());
    expected.push("Top 8".into());
    assert_eq!(titles, expected);
    let fills: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("CssParameter") && n.attribute("name") == Some("fill"))
        .filter_map(|n| n.text())
        .collect();
    for c in palette::sequential(layer.classes.len()) {
        assert!(fills.contains(&c.hex().as_str()), "{} missing", c.hex());
    }
}

#[test]
fn control_characters_in_a_region_name_give_well_formed_styles() {
    let gaz = Gazetteer::bundled();
    let toml = "[[region]]\nid = \"mekong\"\nname = \"Mekong \\u0001\\u001b[31m & <co>\\u0007\"\nmembers = [\"KHM\", \"LAO\"]\n";
    let regions = RegionSet::parse(toml, Path::new("mine.toml"), gaz).unwrap();
    let layer = RegionLayer::build(
        gaz,
        &regions,
        regions.get("mekong").unwrap(),
        &Tally::default(),
        None,
        &LayerOptions::default(),
    );
    assert!(layer.region.name.contains('\u{1}'));
    for part in Part::ALL {
        parse(&qml::to_string(&layer, part, 8));
        let sld_text = sld::to_string(&layer, part, 8);
        let doc = parse(&sld_text);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("Title"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, "Mekong [31m & <co>");
    }
}
