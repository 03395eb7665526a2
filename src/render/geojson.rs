//! GeoJSON (RFC 7946) for a region layer, one file per [`Part`]: the
//! member countries (`<region>.geojson`, one multipolygon each), members
//! without a boundary of their own (`<region>-points.geojson`, a point
//! each, same attributes) and the dissolved region outline
//! (`<region>-outline.geojson`, with the region totals).
//!
//! Coordinates are WGS 84 longitude/latitude with at most 6 decimals;
//! exterior rings are counter-clockwise, holes clockwise; no ring crosses
//! the antimeridian (the bundled boundaries are cut there). Properties are
//! numbers where they are numbers, so QGIS can class them.

use geo::orient::Direction;
use geo::{Area, BooleanOps, Coord, LineString, MultiPolygon, Orient, Polygon};
use geojson::{
    Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue, Position,
};
use serde_json::json;

use crate::error::Result;
use crate::layers::{CountryStat, Measure, Part, RegionLayer};

/// Rounds to 6 decimals (about 11 cm), the most RFC 7946 tools need.
pub(crate) fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// A ring rounded to 6 decimals, without repeated positions; `None` when
/// rounding collapsed it (fewer than 4 positions or no area left).
fn rounded_ring(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in ring.coords() {
        let pos = Coord {
            x: round6(c.x),
            y: round6(c.y),
        };
        if coords.last() != Some(&pos) {
            coords.push(pos);
        }
    }
    let ring = LineString(coords);
    let keep = ring.0.len() >= 4 && Polygon::new(ring.clone(), Vec::new()).unsigned_area() > 0.0;
    keep.then_some(ring)
}

/// The polygons rounded to 6 decimals, collapsed rings dropped.
fn rounded(polygons: &[Polygon<f64>]) -> Vec<Polygon<f64>> {
    polygons
        .iter()
        .filter_map(|p| {
            let exterior = rounded_ring(p.exterior())?;
            let holes = p.interiors().iter().filter_map(rounded_ring).collect();
            Some(Polygon::new(exterior, holes))
        })
        .collect()
}

/// Rounds to 6 decimals, keeping the geometry valid. Rounding a shape
/// whose vertices are off the grid (a dissolved outline) can make a ring
/// touch itself, or two polygons touch along a line, where edges ran very
/// close; re-noding the rounded shape (a union with nothing) and rounding
/// once more removes those. A full validity check of a large outline costs
/// seconds, so it is left to the tests (`tests/cli.rs`).
pub(crate) fn rounded_valid(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let once = MultiPolygon(rounded(&mp.0));
    if once == *mp {
        // Already on the grid (the bundled boundaries are): nothing moved.
        return once.orient(Direction::Default);
    }
    let renoded = once.union(&MultiPolygon(Vec::new()));
    MultiPolygon(rounded(&renoded.0)).orient(Direction::Default)
}

/// A multipolygon as GeoJSON, rounded and in RFC 7946 ring order.
fn geometry(mp: &MultiPolygon<f64>) -> Geometry {
    let polygons = rounded_valid(mp)
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|ring| ring.coords().map(|c| Position::from([c.x, c.y])).collect())
                .collect()
        })
        .collect();
    Geometry::new(GeometryValue::MultiPolygon {
        coordinates: polygons,
    })
}

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Real,
}

/// The attributes of a part's features, in order, with their types: the
/// schema of the GeoJSON properties and of the GeoPackage tables.
///
/// ```
/// use geomention::layers::{LayerOptions, Part, RegionLayer};
/// use geomention::render::geojson::{fields, FieldType};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("pacific").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// assert!(fields(&layer, Part::Countries).contains(&("mentions", FieldType::Integer)));
/// ```
pub fn fields(layer: &RegionLayer, part: Part) -> Vec<(&'static str, FieldType)> {
    use FieldType::{Integer, Real, Text};
    match part {
        Part::Outline => vec![
            ("region", Text),
            ("name", Text),
            ("mentions", Integer),
            ("region_mentions", Integer),
            ("documents", Integer),
            ("countries_mentioned", Integer),
        ],
        _ => {
            let mut f = vec![
                ("iso_a3", Text),
                ("name", Text),
                ("region", Text),
                ("mentions", Integer),
                ("documents", Integer),
                ("share", Real),
                ("class", Integer),
                ("class_label", Text),
                ("rank", Integer),
            ];
            if matches!(layer.measure, Measure::Values(_)) {
                f.extend([("value", Real), ("value_label", Text)]);
            }
            f
        }
    }
}

/// The attributes of a member country, the same in every part that holds
/// members (the countries and the points layer) and in the GeoPackage.
pub fn country_properties(layer: &RegionLayer, c: &CountryStat) -> JsonObject {
    let country = layer.gazetteer.country(c.id);
    let no_class = match layer.measure {
        Measure::Mentions => "No mentions",
        Measure::Values(_) => "No data",
    };
    let mut props = JsonObject::new();
    props.insert("iso_a3".into(), json!(country.iso_a3));
    props.insert("name".into(), json!(country.name));
    props.insert("region".into(), json!(layer.region.id));
    props.insert("mentions".into(), json!(c.mentions));
    props.insert("documents".into(), json!(c.documents));
    props.insert("share".into(), json!((c.share * 1e4).round() / 1e4));
    props.insert(
        "class".into(),
        c.class.map_or(JsonValue::Null, |k| json!(k + 1)),
    );
    props.insert(
        "class_label".into(),
        json!(c
            .class
            .map_or(no_class.to_string(), |k| layer.classes.label(k))),
    );
    props.insert("rank".into(), c.rank.map_or(JsonValue::Null, |r| json!(r)));
    if let Measure::Values(label) = &layer.measure {
        props.insert(
            "value".into(),
            c.value.map_or(JsonValue::Null, |v| json!(v)),
        );
        props.insert("value_label".into(), json!(label));
    }
    props
}

/// The attributes of the region outline: the region totals.
pub fn outline_properties(layer: &RegionLayer) -> JsonObject {
    let mut props = JsonObject::new();
    props.insert("region".into(), json!(layer.region.id));
    props.insert("name".into(), json!(layer.region.name));
    props.insert("mentions".into(), json!(layer.total_mentions));
    props.insert("region_mentions".into(), json!(layer.region_mentions));
    props.insert("documents".into(), json!(layer.documents));
    props.insert(
        "countries_mentioned".into(),
        json!(layer.countries.iter().filter(|c| c.mentions > 0).count()),
    );
    props
}

/// A point rounded to 6 decimals.
fn point(p: geo::Point<f64>) -> Geometry {
    Geometry::new(GeometryValue::Point {
        coordinates: Position::from([round6(p.x()), round6(p.y())]),
    })
}

/// The geometry of a part's feature for a member (`None` only for a member
/// with neither a boundary nor a label point).
fn member_geometry(layer: &RegionLayer, part: Part, c: &CountryStat) -> Option<Geometry> {
    let gaz = layer.gazetteer;
    match part {
        Part::Points => gaz.country(c.id).label.map(point),
        _ => gaz.geometry(c.id).map(geometry),
    }
}

/// One part of the layer as a GeoJSON FeatureCollection: one feature per
/// member with a boundary ([`Part::Countries`]), one point per member
/// without ([`Part::Points`]), or the region outline ([`Part::Outline`]).
///
/// ```
/// use geomention::layers::{LayerOptions, Part, RegionLayer};
/// use geomention::render::geojson::feature_collection;
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let regions = RegionSet::bundled();
/// let layer = RegionLayer::build(Gazetteer::bundled(), regions, regions.get("pacific").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let fc = feature_collection(&layer, Part::Countries);
/// assert_eq!(fc.features.len(), layer.countries.len());
/// assert_eq!(feature_collection(&layer, Part::Outline).features.len(), 1);
/// ```
pub fn feature_collection(layer: &RegionLayer, part: Part) -> FeatureCollection {
    let features = match part {
        Part::Outline => vec![Feature {
            bbox: None,
            geometry: Some(geometry(&layer.outline)),
            id: Some(geojson::feature::Id::String(layer.region.id.clone())),
            properties: Some(outline_properties(layer)),
            foreign_members: None,
        }],
        _ => layer
            .members_in(part)
            .into_iter()
            .map(|c| Feature {
                bbox: None,
                geometry: member_geometry(layer, part, c),
                id: Some(geojson::feature::Id::String(
                    layer.gazetteer.country(c.id).iso_a3.clone(),
                )),
                properties: Some(country_properties(layer, c)),
                foreign_members: None,
            })
            .collect(),
    };
    let mut foreign = JsonObject::new();
    foreign.insert("name".into(), json!(part.file_stem(&layer.region.id)));
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(foreign),
    }
}

/// One part of the layer as GeoJSON text, one feature per line.
pub fn to_string(layer: &RegionLayer, part: Part) -> String {
    let fc = feature_collection(layer, part);
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"name\":");
    out.push_str(&json!(part.file_stem(&layer.region.id)).to_string());
    out.push_str(",\"features\":[\n");
    for (i, f) in fc.features.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&f.to_string());
    }
    out.push_str("\n]}\n");
    out
}

/// Writes one part's GeoJSON to `path` (through a temporary file).
pub fn write(layer: &RegionLayer, part: Part, path: &std::path::Path) -> Result<()> {
    crate::output::write_atomic(path, to_string(layer, part).as_bytes())
}
