//! The QGIS style sidecar: well-formed XML whose rules and colours match
//! the layer's classes and the maps' palette.

use geomention::layers::{LayerOptions, RegionLayer};
use geomention::render::{palette, qml};
use geomention::tally::{DocumentTally, Tally};
use geomention::{Extractor, Gazetteer, RegionSet};

fn layer(text: &str) -> RegionLayer<'static> {
    let regions = RegionSet::bundled();
    let tally: Tally = [DocumentTally::new("a", &Extractor::bundled().find(text))]
        .into_iter()
        .collect();
    RegionLayer::build(
        Gazetteer::bundled(),
        regions,
        regions.get("southeast-asia").unwrap(),
        &tally,
        None,
        &LayerOptions::default(),
    )
}

/// QGIS writes a DOCTYPE line, so DTDs are allowed.
fn parse(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("QML is well-formed XML")
}

#[test]
fn style_has_one_rule_per_class_plus_no_mentions_and_outline() {
    let layer = layer(
        "Myanmar Myanmar Myanmar Myanmar Cambodia Cambodia Laos Thailand Vietnam Vietnam Vietnam",
    );
    let text = qml::to_string(&layer);
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
    assert_eq!(rules.len(), layer.classes.len() + 2);
    let labels: Vec<&str> = rules.iter().filter_map(|r| r.attribute("label")).collect();
    for (i, label) in labels.iter().take(layer.classes.len()).enumerate() {
        assert_eq!(*label, layer.classes.label(i));
    }
    assert_eq!(labels[layer.classes.len()], "No mentions");
    assert!(rules[0]
        .attribute("filter")
        .unwrap()
        .contains("\"class\" = 1"));
}

#[test]
fn style_colours_are_the_map_palette() {
    let layer = layer("Myanmar Myanmar Cambodia Laos");
    let text = qml::to_string(&layer);
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
    assert_eq!(&fills[..expected.len()], expected.as_slice());
}

#[test]
fn style_without_mentions_still_styles_every_member() {
    let layer = layer("");
    let doc_text = qml::to_string(&layer);
    let doc = parse(&doc_text);
    let rules = doc.descendants().filter(|n| n.has_tag_name("rule")).count();
    assert_eq!(rules, 2); // no mentions + region outline
}
