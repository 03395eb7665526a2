//! OGC Styled Layer Descriptor (SLD 1.0) sidecars, for GIS software that
//! does not read QGIS styles (GeoServer, ArcGIS with an SLD add-in, QGIS's
//! own "Load style" as well): the same rules, colours, legend labels and
//! top-country labels as the `.qml` next to them.

use crate::layers::{Measure, Part, RegionLayer};
use crate::render::palette::{self, Rgb};
use crate::render::qml::class_rules;
use crate::render::xml::escape;

/// A filter on the `class` attribute: a class number or, for the members
/// without a class, "is null".
fn class_filter(class: Option<usize>) -> String {
    match class {
        Some(k) => format!(
            "<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>class</ogc:PropertyName><ogc:Literal>{k}</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>"
        ),
        None => "<ogc:Filter><ogc:PropertyIsNull><ogc:PropertyName>class</ogc:PropertyName></ogc:PropertyIsNull></ogc:Filter>".to_string(),
    }
}

fn css(name: &str, value: &str) -> String {
    format!("<CssParameter name=\"{name}\">{value}</CssParameter>")
}

fn polygon_symbolizer(fill: Option<Rgb>, stroke: Rgb, width_px: f64) -> String {
    let fill = fill.map_or(String::new(), |c| {
        format!("<Fill>{}</Fill>", css("fill", &c.hex()))
    });
    format!(
        "<PolygonSymbolizer>{fill}<Stroke>{}{}</Stroke></PolygonSymbolizer>",
        css("stroke", &stroke.hex()),
        css("stroke-width", &width_px.to_string())
    )
}

fn point_symbolizer(fill: Rgb) -> String {
    format!(
        "<PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill>{}</Fill><Stroke>{}{}</Stroke></Mark><Size>11</Size></Graphic></PointSymbolizer>",
        css("fill", &fill.hex()),
        css("stroke", &palette::OUTLINE.hex()),
        css("stroke-width", "1")
    )
}

/// The label rule: name and count of the members ranked within `labels`.
fn label_rule(layer: &RegionLayer, labels: usize) -> String {
    let field = match layer.measure {
        Measure::Mentions => "mentions",
        Measure::Values(_) => "value",
    };
    format!(
        "      <Rule>\n        <Name>labels</Name>\n        <Title>Top {labels}</Title>\n        \
<ogc:Filter><ogc:PropertyIsLessThanOrEqualTo><ogc:PropertyName>rank</ogc:PropertyName><ogc:Literal>{labels}</ogc:Literal></ogc:PropertyIsLessThanOrEqualTo></ogc:Filter>\n        \
<TextSymbolizer><Label><ogc:PropertyName>name</ogc:PropertyName> <ogc:PropertyName>{field}</ogc:PropertyName></Label>\
<Font>{}{}</Font><Halo><Radius>1.5</Radius><Fill>{}</Fill></Halo><Fill>{}</Fill></TextSymbolizer>\n      </Rule>\n",
        css("font-family", "DejaVu Sans"),
        css("font-size", "12"),
        css("fill", "#ffffff"),
        css("fill", &palette::TEXT.hex()),
    )
}

/// The SLD for one part of a layer; `labels` is how many of the top members
/// get a label.
///
/// ```
/// use geomention::layers::{LayerOptions, Part, RegionLayer};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("africa").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let sld = geomention::render::sld::to_string(&layer, Part::Countries, 8);
/// assert!(sld.contains("<StyledLayerDescriptor") && sld.contains("No mentions"));
/// ```
pub fn to_string(layer: &RegionLayer, part: Part, labels: usize) -> String {
    let mut rules = String::new();
    match part {
        Part::Outline => rules.push_str(&format!(
            "      <Rule>\n        <Name>outline</Name>\n        <Title>{}</Title>\n        {}\n      </Rule>\n",
            escape(&layer.region.name),
            polygon_symbolizer(None, palette::OUTLINE, 2.0)
        )),
        _ => {
            let all = class_rules(layer);
            let n = all.len();
            for (i, (key, label, _, colour)) in all.into_iter().enumerate() {
                let class = (i + 1 < n).then_some(i + 1);
                let symbolizer = match part {
                    Part::Points => point_symbolizer(colour),
                    _ => polygon_symbolizer(Some(colour), palette::BORDER, 0.5),
                };
                rules.push_str(&format!(
                    "      <Rule>\n        <Name>{key}</Name>\n        <Title>{}</Title>\n        {}\n        {symbolizer}\n      </Rule>\n",
                    escape(&label),
                    class_filter(class)
                ));
            }
            if labels > 0 {
                rules.push_str(&label_rule(layer, labels));
            }
        }
    }
    let name = escape(&part.file_stem(&layer.region.id));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<StyledLayerDescriptor version=\"1.0.0\" xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd\">\n\
  <NamedLayer>\n    <Name>{name}</Name>\n    <UserStyle>\n      <Name>{name}</Name>\n      <Title>{}</Title>\n      <FeatureTypeStyle>\n{rules}      </FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n\
</StyledLayerDescriptor>\n",
        escape(&layer.region.name)
    )
}

/// Writes one part's SLD to `path` (through a temporary file).
pub fn write(
    layer: &RegionLayer,
    part: Part,
    labels: usize,
    path: &std::path::Path,
) -> crate::Result<()> {
    crate::output::write_atomic(path, to_string(layer, part, labels).as_bytes())
}
