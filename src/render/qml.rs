//! QGIS style sidecars (`.qml`), one per layer part: opened next to the
//! GeoJSON of the same name (or stored in a GeoPackage's `layer_styles`),
//! QGIS draws the layer with the same classes, colours, legend labels and
//! top-country labels as the PNG/SVG maps.
//!
//! The country and point styles are rule-based: one rule per class on the
//! `class` attribute and one for members without mentions (or values), so
//! every feature matches exactly one rule. Labels ("Myanmar 12") go on the
//! members whose `rank` is within the map's label count, the PNG's rule,
//! with a leader line (callout) when QGIS places one off a small island.
//! The outline style draws the region outline without fill.

use crate::layers::{Measure, Part, RegionLayer};
use crate::render::palette::{self, Rgb};
use crate::render::xml::escape;

fn rgba(c: Rgb) -> String {
    format!("{},{},{},255", c.0, c.1, c.2)
}

/// A symbol layer's properties, written both as QGIS ≥ 3.26 `Option` maps
/// and as the older `prop` list, so any QGIS 3 reads them.
fn symbol_layer(class: &str, props: &[(&str, String)]) -> String {
    let mut s = format!(
        "        <layer class=\"{class}\" enabled=\"1\" locked=\"0\" pass=\"0\">\n          <Option type=\"Map\">\n"
    );
    for (k, v) in props {
        s.push_str(&format!(
            "            <Option name=\"{k}\" type=\"QString\" value=\"{}\"/>\n",
            escape(v)
        ));
    }
    s.push_str("          </Option>\n");
    for (k, v) in props {
        s.push_str(&format!(
            "          <prop k=\"{k}\" v=\"{}\"/>\n",
            escape(v)
        ));
    }
    s.push_str("        </layer>\n");
    s
}

/// A fill symbol: `fill` `None` for an outline only.
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
    format!(
        "      <symbol type=\"fill\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n{}      </symbol>\n",
        symbol_layer("SimpleFill", &props)
    )
}

/// A circle marker, as the maps draw members too small to see.
fn marker_symbol(name: usize, fill: Rgb) -> String {
    let props = [
        ("name", "circle".to_string()),
        ("color", rgba(fill)),
        ("outline_color", rgba(palette::OUTLINE)),
        ("outline_style", "solid".to_string()),
        ("outline_width", "0.3".to_string()),
        ("outline_width_unit", "MM".to_string()),
        ("size", "3".to_string()),
        ("size_unit", "MM".to_string()),
    ];
    format!(
        "      <symbol type=\"marker\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n{}      </symbol>\n",
        symbol_layer("SimpleMarker", &props)
    )
}

/// The legend label of members without a class.
pub fn no_class_label(layer: &RegionLayer) -> &'static str {
    match layer.measure {
        Measure::Mentions => "No mentions",
        Measure::Values(_) => "No data",
    }
}

/// The class rules of a member part: `(key, label, filter, colour)`, one per
/// class and a last one for members without a class. Every member matches
/// exactly one.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::qml::class_rules;
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("africa").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let rules = class_rules(&layer);
/// assert_eq!(rules.len(), 1);
/// assert_eq!(rules[0].2, "\"class\" IS NULL");
/// ```
pub fn class_rules(layer: &RegionLayer) -> Vec<(String, String, String, Rgb)> {
    let labels = layer.classes.labels();
    let mut rules: Vec<(String, String, String, Rgb)> = palette::sequential(layer.classes.len())
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (colour, label))| {
            let k = i + 1;
            (
                format!("class-{k}"),
                label,
                format!("\"class\" = {k}"),
                colour,
            )
        })
        .collect();
    rules.push((
        "no-class".into(),
        no_class_label(layer).into(),
        "\"class\" IS NULL".into(),
        palette::NO_DATA,
    ));
    rules
}

/// The expression QGIS labels a member with: name and count (or value).
pub fn label_expression(layer: &RegionLayer) -> &'static str {
    match layer.measure {
        Measure::Mentions => "concat(\"name\", ' ', \"mentions\")",
        Measure::Values(_) => "concat(\"name\", ' ', \"value\")",
    }
}

fn rule_renderer(layer: &RegionLayer, part: Part) -> String {
    let mut rules = String::new();
    let mut symbols = String::new();
    for (i, (key, label, filter, colour)) in class_rules(layer).into_iter().enumerate() {
        rules.push_str(&format!(
            "      <rule key=\"{{{key}}}\" symbol=\"{i}\" label=\"{}\" filter=\"{}\"/>\n",
            escape(&label),
            escape(&filter)
        ));
        symbols.push_str(&match part {
            Part::Points => marker_symbol(i, colour),
            _ => fill_symbol(i, Some(colour), palette::BORDER, 0.2),
        });
    }
    format!(
        "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n\
    <rules key=\"{{root}}\">\n{rules}    </rules>\n\
    <symbols>\n{symbols}    </symbols>\n\
  </renderer-v2>\n"
    )
}

fn outline_renderer() -> String {
    format!(
        "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n\
    <symbols>\n{}    </symbols>\n\
  </renderer-v2>\n",
        fill_symbol(0, None, palette::OUTLINE, 0.5)
    )
}

/// The leader line QGIS draws from a label placed off its feature, as a
/// thin text-coloured line (a symbol serialised into an option, as QGIS
/// stores it).
fn callout() -> String {
    let line = format!(
        "<symbol type=\"line\" name=\"symbol\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\"><prop k=\"line_color\" v=\"{}\"/><prop k=\"line_style\" v=\"solid\"/><prop k=\"line_width\" v=\"0.25\"/><prop k=\"line_width_unit\" v=\"MM\"/></layer></symbol>",
        rgba(palette::TEXT)
    );
    let options = [
        ("enabled", "1".to_string()),
        ("anchorPoint", "pole_of_inaccessibility".to_string()),
        ("labelAnchorPoint", "point_on_exterior".to_string()),
        ("minLength", "0".to_string()),
        ("minLengthUnit", "MM".to_string()),
        ("offsetFromAnchor", "0.5".to_string()),
        ("offsetFromAnchorUnit", "MM".to_string()),
        ("drawToAllParts", "0".to_string()),
        ("lineSymbol", line),
    ];
    let mut s =
        String::from("        <callout type=\"simple\">\n          <Option type=\"Map\">\n");
    for (k, v) in options {
        s.push_str(&format!(
            "            <Option name=\"{k}\" type=\"QString\" value=\"{}\"/>\n",
            escape(&v)
        ));
    }
    s.push_str("          </Option>\n        </callout>\n");
    s
}

/// Rule-based labelling of the top `labels` members.
fn labeling(layer: &RegionLayer, part: Part, labels: usize) -> String {
    // Polygons: horizontal, inside or (for small islands) outside the
    // polygon; points: the cartographic positions around the marker.
    let placement = match part {
        Part::Points => "placement=\"6\" dist=\"1.5\" distUnits=\"MM\"",
        _ => "placement=\"4\" polygonPlacementFlags=\"3\" fitInPolygonOnly=\"0\" dist=\"1.5\" distUnits=\"MM\"",
    };
    let text = rgba(palette::TEXT);
    format!(
        "  <labeling type=\"rule-based\">\n\
    <rules key=\"{{labels}}\">\n\
      <rule key=\"{{top}}\" description=\"Top {labels}\" filter=\"{filter}\">\n\
        <settings calloutType=\"simple\">\n\
          <text-style fieldName=\"{field}\" isExpression=\"1\" fontFamily=\"DejaVu Sans\" namedStyle=\"Book\" fontSize=\"9\" fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" textColor=\"{text}\" textOpacity=\"1\" blendMode=\"0\" multilineHeight=\"1\" allowHtml=\"0\">\n\
            <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.88\" bufferNoFill=\"1\" bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/>\n\
          </text-style>\n\
          <text-format wrapChar=\"\" autoWrapLength=\"0\" multilineAlign=\"3\" plussign=\"0\" formatNumbers=\"0\"/>\n\
          <placement {placement} priority=\"5\" offsetType=\"0\" repeatDistance=\"0\" overrunDistance=\"0\"/>\n\
          <rendering obstacle=\"1\" obstacleFactor=\"1\" obstacleType=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\" limitNumLabels=\"0\" drawLabels=\"1\" scaleVisibility=\"0\" fontLimitPixelSize=\"0\" zIndex=\"0\"/>\n\
{callout}\
        </settings>\n\
      </rule>\n\
    </rules>\n\
  </labeling>\n",
        filter = escape(&format!("\"rank\" <= {labels}")),
        field = escape(label_expression(layer)),
        callout = callout(),
    )
}

/// The QML style for one part of a layer; `labels` is how many of the top
/// members get a label (the maps' `--labels`).
///
/// ```
/// use geomention::layers::{LayerOptions, Part, RegionLayer};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("africa").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let qml = geomention::render::qml::to_string(&layer, Part::Countries, 8);
/// assert!(qml.contains("RuleRenderer") && qml.contains("No mentions"));
/// assert!(qml.contains("&quot;rank&quot; &lt;= 8"));
/// ```
pub fn to_string(layer: &RegionLayer, part: Part, labels: usize) -> String {
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n\
<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"{}\">\n{}</qgis>\n",
        u8::from(labels_enabled(part, labels)),
        style_elements(layer, part, labels)
    )
}

/// Whether a part's style labels features.
pub fn labels_enabled(part: Part, labels: usize) -> bool {
    part != Part::Outline && labels > 0
}

/// The elements of a part's style (renderer, labelling, blending), as a
/// `.qml` holds them and as a QGIS project's `<maplayer>` does.
pub fn style_elements(layer: &RegionLayer, part: Part, labels: usize) -> String {
    let (renderer, labeling, geometry_type) = match part {
        Part::Outline => (outline_renderer(), String::new(), 2),
        Part::Countries => (rule_renderer(layer, part), labeling(layer, part, labels), 2),
        Part::Points => (rule_renderer(layer, part), labeling(layer, part, labels), 0),
    };
    format!(
        "{renderer}{labeling}\
  <blendMode>0</blendMode>\n\
  <featureBlendMode>0</featureBlendMode>\n\
  <layerGeometryType>{geometry_type}</layerGeometryType>\n"
    )
}

/// Writes one part's QML style to `path` (through a temporary file).
pub fn write(
    layer: &RegionLayer,
    part: Part,
    labels: usize,
    path: &std::path::Path,
) -> crate::Result<()> {
    crate::output::write_atomic(path, to_string(layer, part, labels).as_bytes())
}
