//! A QGIS project (`geomention.qgs`, plain XML) that opens every layer of
//! a map job with its style and labels.
//!
//! - One layer group per region (outline on top, then points, then
//!   countries), named "Southeast Asia — countries" and so on.
//! - One map theme per region showing only that region's group.
//! - The project opens in the first region's projection and frame, the
//!   same as its PNG (Lambert azimuthal equal-area centred on the region,
//!   so the Pacific is in one piece around 180°; Equal Earth for the world).
//! - One spatial bookmark per region, holding that region's PNG frame in
//!   its own projection.
//! - Layer paths are relative to the project (`./africa.geojson`, or
//!   `./geomention.gpkg|layername=africa`), so the folder can be moved.

use std::path::Path;

use crate::error::Result;
use crate::layers::{Part, RegionLayer};
use crate::render::map::{frame_extent, MapStyle};
use crate::render::projection::{proj_definition, EARTH_RADIUS_M};
use crate::render::qml;
use crate::render::xml::escape;

/// The project's file name in the output directory.
pub const FILE_NAME: &str = "geomention.qgs";

/// Where the project's layers are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// The GeoJSON files next to the project.
    GeoJson,
    /// Tables of the GeoPackage of this file name next to the project.
    GeoPackage(&'a str),
}

const WGS84: &str = "<spatialrefsys nativeFormat=\"Wkt\"><wkt></wkt><proj4>+proj=longlat +datum=WGS84 +no_defs</proj4><srsid>3452</srsid><srid>4326</srid><authid>EPSG:4326</authid><description>WGS 84</description><projectionacronym>longlat</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag></spatialrefsys>";

/// A custom CRS from a PROJ definition.
fn custom_crs(proj: &str, name: &str) -> String {
    let acronym = proj
        .split_whitespace()
        .find_map(|t| t.strip_prefix("+proj="))
        .unwrap_or("");
    format!(
        "<spatialrefsys nativeFormat=\"Wkt\"><proj4>{}</proj4><srsid>0</srsid><srid>0</srid><authid></authid><description>{}</description><projectionacronym>{acronym}</projectionacronym><ellipsoidacronym></ellipsoidacronym><geographicflag>false</geographicflag></spatialrefsys>",
        escape(proj),
        escape(name)
    )
}

/// A layer's id in the project.
pub fn layer_id(layer: &RegionLayer, part: Part) -> String {
    format!(
        "geomention_{}",
        part.file_stem(&layer.region.id).replace('-', "_")
    )
}

/// The data source of a part, relative to the project.
pub fn data_source(layer: &RegionLayer, part: Part, source: Source) -> String {
    let stem = part.file_stem(&layer.region.id);
    match source {
        Source::GeoJson => format!("./{stem}.geojson"),
        Source::GeoPackage(file) => format!("./{file}|layername={}", stem.replace('-', "_")),
    }
}

fn layer_name(layer: &RegionLayer, part: Part) -> String {
    let what = match part {
        Part::Countries => "countries",
        Part::Points => "points (no boundary at this scale)",
        Part::Outline => "outline",
    };
    format!("{} — {what}", layer.region.name)
}

/// The parts of a region in layer-tree order (top first).
fn tree_order(layer: &RegionLayer) -> Vec<Part> {
    let mut parts = layer.parts();
    parts.reverse();
    parts
}

fn map_layer(layer: &RegionLayer, part: Part, source: Source, labels: usize) -> String {
    let (geometry, wkb) = match part {
        Part::Points => ("Point", "Point"),
        _ => ("Polygon", "MultiPolygon"),
    };
    format!(
        "    <maplayer type=\"vector\" geometry=\"{geometry}\" wkbType=\"{wkb}\" labelsEnabled=\"{}\" styleCategories=\"AllStyleCategories\" hasScaleBasedVisibilityFlag=\"0\" readOnly=\"0\" autoRefreshEnabled=\"0\" autoRefreshTime=\"0\" refreshOnNotifyEnabled=\"0\" simplifyDrawingHints=\"1\" simplifyAlgorithm=\"0\" simplifyDrawingTol=\"1\" simplifyLocal=\"1\" simplifyMaxScale=\"1\">\n\
      <id>{}</id>\n\
      <datasource>{}</datasource>\n\
      <layername>{}</layername>\n\
      <srs>{WGS84}</srs>\n\
      <provider encoding=\"UTF-8\">ogr</provider>\n\
{}    </maplayer>\n",
        u8::from(qml::labels_enabled(part, labels)),
        escape(&layer_id(layer, part)),
        escape(&data_source(layer, part, source)),
        escape(&layer_name(layer, part)),
        qml::style_elements(layer, part, labels)
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>(),
    )
}

fn tree_group(layer: &RegionLayer, source: Source, visible: bool) -> String {
    let checked = if visible {
        "Qt::Checked"
    } else {
        "Qt::Unchecked"
    };
    let mut s = format!(
        "    <layer-tree-group name=\"{}\" checked=\"{checked}\" expanded=\"{}\">\n      <customproperties/>\n",
        escape(&layer.region.name),
        u8::from(visible)
    );
    for part in tree_order(layer) {
        s.push_str(&format!(
            "      <layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"ogr\" checked=\"Qt::Checked\" expanded=\"{}\" legend_exp=\"\">\n        <customproperties/>\n      </layer-tree-layer>\n",
            escape(&layer_id(layer, part)),
            escape(&layer_name(layer, part)),
            escape(&data_source(layer, part, source)),
            u8::from(part == Part::Countries)
        ));
    }
    s.push_str("    </layer-tree-group>\n");
    s
}

/// A map theme showing one region's group.
fn theme(layer: &RegionLayer) -> String {
    let name = escape(&layer.region.name);
    let mut s = format!(
        "    <visibility-preset name=\"{name}\" has-expanded-info=\"1\" has-checked-group-info=\"1\">\n"
    );
    for part in tree_order(layer) {
        s.push_str(&format!(
            "      <layer id=\"{}\" visible=\"1\" style=\"default\" expanded=\"{}\"/>\n",
            escape(&layer_id(layer, part)),
            u8::from(part == Part::Countries)
        ));
    }
    s.push_str(&format!(
        "      <expanded-legend-nodes/>\n      <checked-group-nodes>\n        <checked-group-node id=\"{name}\"/>\n      </checked-group-nodes>\n      <expanded-group-nodes>\n        <expanded-group-node id=\"{name}\"/>\n      </expanded-group-nodes>\n    </visibility-preset>\n"
    ));
    s
}

/// A region's frame in metres of its projection, and that projection.
fn view(layer: &RegionLayer, style: &MapStyle) -> ((f64, f64, f64, f64), String) {
    let r = EARTH_RADIUS_M;
    let (x0, y0, x1, y1) = frame_extent(layer, style).unwrap_or((-0.5, -0.5, 0.5, 0.5));
    let round = |v: f64| (v * r).round();
    (
        (round(x0), round(y0), round(x1), round(y1)),
        proj_definition(layer),
    )
}

fn bookmark(layer: &RegionLayer, style: &MapStyle) -> String {
    let ((x0, y0, x1, y1), proj) = view(layer, style);
    format!(
        // QGIS reads a bookmark's extent as a WKT polygon (QgsBookmark::fromXml).
        "    <Bookmark id=\"geomention_{}\" name=\"{}\" group=\"geomention\" extent=\"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))\">\n      {}\n    </Bookmark>\n",
        layer.region.id.replace('-', "_"),
        escape(&layer.region.name),
        custom_crs(&proj, &format!("geomention {}", layer.region.name))
    )
}

/// The project for the layers of a map job (`style` gives the label count
/// and the PNG frame each region opens on).
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::MapStyle;
/// use geomention::render::qgs::{to_string, Source};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("pacific").unwrap(), &Tally::default(), None, &LayerOptions::default());
/// let qgs = to_string(&[layer], &MapStyle::default(), Source::GeoJson);
/// assert!(qgs.contains("<datasource>./pacific.geojson</datasource>"));
/// assert!(qgs.contains("+proj=laea"));
/// ```
pub fn to_string(layers: &[RegionLayer], style: &MapStyle, source: Source) -> String {
    let labels = style.labels;
    let mut tree = String::new();
    let mut maplayers = String::new();
    let mut themes = String::new();
    let mut bookmarks = String::new();
    let mut order = String::new();
    for (i, layer) in layers.iter().enumerate() {
        tree.push_str(&tree_group(layer, source, i == 0));
        for part in tree_order(layer) {
            maplayers.push_str(&map_layer(layer, part, source, labels));
            order.push_str(&format!(
                "    <layer id=\"{}\"/>\n",
                escape(&layer_id(layer, part))
            ));
        }
        themes.push_str(&theme(layer));
        bookmarks.push_str(&bookmark(layer, style));
    }
    let ((x0, y0, x1, y1), proj, title) = match layers.first() {
        Some(first) => {
            let (extent, proj) = view(first, style);
            (extent, proj, first.region.name.clone())
        }
        None => ((-180.0, -90.0, 180.0, 90.0), String::new(), String::new()),
    };
    let crs = if proj.is_empty() {
        WGS84.to_string()
    } else {
        custom_crs(&proj, &format!("geomention {title}"))
    };
    let units = if proj.is_empty() { "degrees" } else { "meters" };
    // QGIS reads <projectCrs> only when SpatialRefSys/ProjectionsEnabled
    // is set; the version is the oldest QGIS the project was opened in.
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n\
<qgis projectname=\"geomention\" version=\"3.22.16-Białowieża\">\n\
  <homePath path=\"\"/>\n\
  <title>geomention</title>\n\
  <projectCrs>\n    {crs}\n  </projectCrs>\n\
  <layer-tree-group>\n    <customproperties/>\n{tree}    <custom-order enabled=\"0\">\n{order}    </custom-order>\n  </layer-tree-group>\n\
  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n\
    <units>{units}</units>\n\
    <extent>\n      <xmin>{x0}</xmin>\n      <ymin>{y0}</ymin>\n      <xmax>{x1}</xmax>\n      <ymax>{y1}</ymax>\n    </extent>\n\
    <rotation>0</rotation>\n\
    <destinationsrs>\n      {crs}\n    </destinationsrs>\n\
    <rendermaptile>0</rendermaptile>\n\
  </mapcanvas>\n\
  <projectlayers>\n{maplayers}  </projectlayers>\n\
  <layerorder>\n{order}  </layerorder>\n\
  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n  </properties>\n\
  <visibility-presets>\n{themes}  </visibility-presets>\n\
  <Bookmarks>\n{bookmarks}  </Bookmarks>\n\
</qgis>\n"
    )
}

/// Writes the project to `path` (through a temporary file).
pub fn write(layers: &[RegionLayer], style: &MapStyle, source: Source, path: &Path) -> Result<()> {
    crate::output::write_atomic(path, to_string(layers, style, source).as_bytes())
}
