//! A QGIS style sidecar (`.qml`): opened next to the GeoJSON of the same
//! name, QGIS draws the layer with the same classes, colours and legend
//! labels as the PNG/SVG maps.
//!
//! The style is rule-based: one rule per class on the `class` property,
//! one for members without mentions, and one that draws the dissolved
//! region outline (the `feature = 'region'` feature) without fill on top.

use crate::layers::{Measure, RegionLayer};
use crate::render::palette::{self, Rgb};

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn rgba(c: Rgb) -> String {
    format!("{},{},{},255", c.0, c.1, c.2)
}

/// One fill symbol, written both as QGIS ≥ 3.26 `Option` maps and as the
/// older `prop` list, so any QGIS 3 reads it.
fn fill_symbol(name: usize, fill: Option<Rgb>, outline: Rgb, width_mm: f64) -> String {
    let props = [
        ("color", fill.map_or("0,0,0,0".to_string(), rgba)),
        (
            "style",
            if fill.is_some() { "solid" } else { "no" }.to_string(),
        ),
        ("outline_color", rgba(outline)),
        ("outline_style", "solid".to_string()),
        ("outline_width", format!("{width_mm}")),
        ("outline_width_unit", "MM".to_string()),
        ("joinstyle", "round".to_string()),
    ];
    let mut s = format!(
        "      <symbol type=\"fill\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n          <Option type=\"Map\">\n"
    );
    for (k, v) in &props {
        s.push_str(&format!(
            "            <Option name=\"{k}\" type=\"QString\" value=\"{v}\"/>\n"
        ));
    }
    s.push_str("          </Option>\n");
    for (k, v) in &props {
        s.push_str(&format!("          <prop k=\"{k}\" v=\"{v}\"/>\n"));
    }
    s.push_str("        </layer>\n      </symbol>\n");
    s
}

/// The QML style for a layer.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("africa").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let qml = geomention::render::qml::to_string(&layer);
/// assert!(qml.contains("RuleRenderer") && qml.contains("No mentions"));
/// ```
pub fn to_string(layer: &RegionLayer) -> String {
    let colours = palette::sequential(layer.classes.len());
    let no_class = match layer.measure {
        Measure::Mentions => "No mentions",
        Measure::Values(_) => "No data",
    };
    let mut rules = String::new();
    let mut symbols = String::new();
    for (i, colour) in colours.iter().enumerate() {
        let filter = format!("\"feature\" = 'country' AND \"class\" = {}", i + 1);
        rules.push_str(&format!(
            "      <rule key=\"{{class-{}}}\" symbol=\"{i}\" label=\"{}\" filter=\"{}\"/>\n",
            i + 1,
            xml_escape(&layer.classes.label(i)),
            xml_escape(&filter)
        ));
        symbols.push_str(&fill_symbol(i, Some(*colour), palette::BORDER, 0.2));
    }
    let n = colours.len();
    rules.push_str(&format!(
        "      <rule key=\"{{no-class}}\" symbol=\"{n}\" label=\"{no_class}\" filter=\"{}\"/>\n",
        xml_escape("\"feature\" = 'country' AND \"class\" IS NULL")
    ));
    symbols.push_str(&fill_symbol(
        n,
        Some(palette::NO_DATA),
        palette::BORDER,
        0.2,
    ));
    rules.push_str(&format!(
        "      <rule key=\"{{region-outline}}\" symbol=\"{}\" label=\"{}\" filter=\"{}\"/>\n",
        n + 1,
        xml_escape(&layer.region.name),
        xml_escape("\"feature\" = 'region'")
    ));
    symbols.push_str(&fill_symbol(n + 1, None, palette::OUTLINE, 0.5));

    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n\
<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n\
  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n\
    <rules key=\"{{root}}\">\n{rules}    </rules>\n\
    <symbols>\n{symbols}    </symbols>\n\
  </renderer-v2>\n\
  <blendMode>0</blendMode>\n\
  <featureBlendMode>0</featureBlendMode>\n\
  <layerGeometryType>2</layerGeometryType>\n\
</qgis>\n"
    )
}

/// Writes the layer's QML style to `path` (through a temporary file).
pub fn write(layer: &RegionLayer, path: &std::path::Path) -> crate::Result<()> {
    crate::output::write_atomic(path, to_string(layer).as_bytes())
}
