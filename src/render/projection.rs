//! Map projections for the PNG/SVG maps: Equal Earth for the world and
//! Lambert azimuthal equal-area for regions.
//!
//! Both are equal-area, so a choropleth's colour areas compare fairly. The
//! azimuthal projection has no seam near its centre, so a region that
//! straddles the antimeridian (the Pacific) is drawn in one piece.
//!
//! ```
//! use geomention::render::projection::{AzimuthalEqualArea, Projection};
//! let pacific = AzimuthalEqualArea { lon0: 178.0, lat0: -12.0 };
//! let (fiji_x, _) = pacific.project(178.0, -17.8).unwrap();
//! let (samoa_x, _) = pacific.project(-172.0, -13.8).unwrap();
//! assert!(samoa_x > fiji_x); // Samoa lies east of Fiji, not a world away
//! ```

use geo::{CoordsIter, Polygon};

use crate::gazetteer::CountryId;
use crate::layers::RegionLayer;
use crate::render::frame::Framing;

/// A map projection from longitude/latitude (degrees) to a plane.
///
/// ```
/// use geomention::render::projection::{EqualEarth, Projection};
/// let (x, y) = EqualEarth { central_meridian: 0.0 }.project(0.0, 0.0).unwrap();
/// assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
/// ```
pub trait Projection {
    /// Planar `x` (east) and `y` (north) in arbitrary units, or `None` where
    /// the point cannot be drawn (e.g. on the far side of an azimuthal
    /// projection).
    fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)>;
}

/// The Equal Earth projection (Šavrič, Patterson & Jenny, 2018): an
/// equal-area pseudocylindrical projection for world maps.
///
/// ```
/// use geomention::render::projection::{EqualEarth, Projection};
/// let ee = EqualEarth { central_meridian: 0.0 };
/// let (east, _) = ee.project(180.0, 0.0).unwrap();
/// let (_, north) = ee.project(0.0, 90.0).unwrap();
/// // The world is a little over twice as wide as it is tall.
/// assert!((east / north - 2.05).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EqualEarth {
    /// The longitude at the centre of the map, in degrees.
    pub central_meridian: f64,
}

const EE_A1: f64 = 1.340264;
const EE_A2: f64 = -0.081106;
const EE_A3: f64 = 0.000893;
const EE_A4: f64 = 0.003796;

impl Projection for EqualEarth {
    fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !lon.is_finite() || !lat.is_finite() {
            return None;
        }
        let mut dlon = lon - self.central_meridian;
        // Keep ±180 as given (boundaries are split there) but bring other
        // longitudes into range.
        if dlon > 180.0 {
            dlon -= 360.0 * ((dlon - 180.0) / 360.0).ceil();
        } else if dlon < -180.0 {
            dlon += 360.0 * ((-180.0 - dlon) / 360.0).ceil();
        }
        let lambda = dlon.to_radians();
        let phi = lat.clamp(-90.0, 90.0).to_radians();
        let m = 3f64.sqrt() / 2.0;
        let theta = (m * phi.sin()).asin();
        let t2 = theta * theta;
        let t6 = t2 * t2 * t2;
        let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
            / (3.0 * (9.0 * EE_A4 * t6 * t2 + 7.0 * EE_A3 * t6 + 3.0 * EE_A2 * t2 + EE_A1));
        let y = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
        Some((x, y))
    }
}

/// The Lambert azimuthal equal-area projection centred on (`lon0`, `lat0`),
/// drawing the hemisphere around its centre.
///
/// ```
/// use geomention::render::projection::{AzimuthalEqualArea, Projection};
/// let p = AzimuthalEqualArea { lon0: 20.0, lat0: 0.0 };
/// assert_eq!(p.project(20.0, 0.0), Some((0.0, 0.0)));
/// assert!(p.project(-160.0, 0.0).is_none()); // the far side of the globe
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AzimuthalEqualArea {
    /// Longitude of the centre, in degrees.
    pub lon0: f64,
    /// Latitude of the centre, in degrees.
    pub lat0: f64,
}

impl Projection for AzimuthalEqualArea {
    fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !lon.is_finite() || !lat.is_finite() {
            return None;
        }
        let dl = (lon - self.lon0).to_radians();
        let phi = lat.clamp(-90.0, 90.0).to_radians();
        let phi0 = self.lat0.clamp(-90.0, 90.0).to_radians();
        let (sin_phi, cos_phi) = phi.sin_cos();
        let (sin_phi0, cos_phi0) = phi0.sin_cos();
        let (sin_dl, cos_dl) = dl.sin_cos();
        let cos_c = sin_phi0 * sin_phi + cos_phi0 * cos_phi * cos_dl;
        // Only the hemisphere facing the centre: beyond 90° the projection
        // grows a wrap-around that would flood a map.
        if cos_c < 0.0 {
            return None;
        }
        let k = (2.0 / (1.0 + cos_c)).sqrt();
        Some((
            k * cos_phi * sin_dl,
            k * (cos_phi0 * sin_phi - sin_phi0 * cos_phi * cos_dl),
        ))
    }
}

/// Regions with at least this many members are drawn as world maps.
const WORLD_MEMBERS: usize = 150;

/// The projection a region's map uses: Equal Earth for the world (a region
/// with 150 or more members), otherwise an azimuthal equal-area projection
/// centred on the region's extent (members plus context countries).
///
/// The centre longitude is the middle of the smallest longitude interval
/// that holds every polygon, so a region that straddles ±180° (the Pacific)
/// is centred near the antimeridian rather than at 0°.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::projection::{for_region, Projection};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let pacific = regions.get("pacific").unwrap();
/// let layer = RegionLayer::build(gaz, regions, pacific, &Tally::default(), None, &LayerOptions::default());
/// let p = for_region(&layer);
/// let (fiji, _) = p.project(178.0, -17.8).unwrap();
/// let (samoa, _) = p.project(-172.0, -13.8).unwrap();
/// assert!(samoa > fiji && samoa - fiji < 0.2);
/// ```
pub fn for_region(layer: &RegionLayer) -> Box<dyn Projection + Sync> {
    if layer.region.members.len() >= WORLD_MEMBERS {
        return Box::new(EqualEarth {
            central_meridian: 0.0,
        });
    }
    let (lon0, lat0) = region_centre(&crate::render::frame::framing(layer)).unwrap_or((0.0, 0.0));
    Box::new(AzimuthalEqualArea {
        lon0: round4(lon0),
        lat0: round4(lat0),
    })
}

/// The radius (m) of the sphere with the WGS 84 ellipsoid's area: the
/// projections here are on a unit sphere; times this, they are in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_007.181;

/// The PROJ definition of the projection [`for_region`] gives a region, in
/// metres on the sphere of [`EARTH_RADIUS_M`], for GIS software (the QGIS
/// project opens each region in it).
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::projection::proj_definition;
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let world = RegionLayer::build(gaz, regions, regions.get("world").unwrap(), &Tally::default(), None, &LayerOptions::default());
/// assert_eq!(proj_definition(&world), "+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs");
/// ```
pub fn proj_definition(layer: &RegionLayer) -> String {
    let r = EARTH_RADIUS_M;
    if layer.region.members.len() >= WORLD_MEMBERS {
        return format!("+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +R={r} +units=m +no_defs");
    }
    let (lon0, lat0) = region_centre(&crate::render::frame::framing(layer)).unwrap_or((0.0, 0.0));
    format!(
        "+proj=laea +lat_0={} +lon_0={} +x_0=0 +y_0=0 +R={r} +units=m +no_defs",
        round4(lat0),
        round4(lon0)
    )
}

/// Rounds to 4 decimals, so definitions read well and stay exact.
fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The countries a region's frame must hold: members and context countries,
/// without Antarctica unless it is a member.
pub(crate) fn frame_countries(layer: &RegionLayer) -> Vec<CountryId> {
    let gaz = layer.gazetteer;
    let mut ids: Vec<CountryId> = layer.region.members.clone();
    ids.extend(
        layer
            .region
            .context
            .iter()
            .copied()
            .filter(|id| gaz.country(*id).iso_a3 != "ATA"),
    );
    ids
}

/// The centre (longitude, latitude) of the framed parts' extent, or `None`
/// when there are none.
fn region_centre(framing: &Framing) -> Option<(f64, f64)> {
    let mut spans: Vec<(f64, f64, f64, f64)> = framing
        .polygons
        .iter()
        .filter_map(|p| polygon_span(p))
        .collect();
    spans.extend(framing.points.iter().map(|p| (p.x(), p.x(), p.y(), p.y())));
    let lon_spans: Vec<(f64, f64)> = spans.iter().map(|s| (s.0, s.1)).collect();
    let lat_min = spans.iter().map(|s| s.2).fold(f64::INFINITY, f64::min);
    let lat_max = spans.iter().map(|s| s.3).fold(f64::NEG_INFINITY, f64::max);
    let (west, east) = enclosing_interval(&lon_spans)?;
    Some((wrap180((west + east) / 2.0), (lat_min + lat_max) / 2.0))
}

/// Longitude and latitude span of a polygon (the boundaries are split at
/// ±180°, so each polygon's span is a plain one).
fn polygon_span(poly: &Polygon<f64>) -> Option<(f64, f64, f64, f64)> {
    let mut it = poly.exterior().coords_iter();
    let first = it.next()?;
    let init = (first.x, first.x, first.y, first.y);
    Some(it.fold(init, |(w, e, s, n), c| {
        (w.min(c.x), e.max(c.x), s.min(c.y), n.max(c.y))
    }))
}

/// The smallest longitude interval `(west, east)` holding every span, with
/// `east` possibly beyond 180 when it crosses the antimeridian.
fn enclosing_interval(spans: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut v: Vec<(f64, f64)> = spans
        .iter()
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|&(a, b)| {
            (
                wrap180(a.min(b)),
                wrap180(a.min(b)) + (b - a).abs().min(360.0),
            )
        })
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Merge overlapping spans.
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in v {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    // The widest gap between consecutive spans (going round the circle) is
    // what the interval leaves out.
    let n = merged.len();
    let mut best_gap = f64::NEG_INFINITY;
    let mut start = 0;
    for i in 0..n {
        let next = (i + 1) % n;
        let next_start = if next == 0 {
            merged[0].0 + 360.0
        } else {
            merged[next].0
        };
        let gap = next_start - merged[i].1;
        if gap > best_gap {
            best_gap = gap;
            start = next;
        }
    }
    if best_gap <= 0.0 {
        return Some((-180.0, 180.0));
    }
    let west = merged[start].0;
    let before = if start == 0 { n - 1 } else { start - 1 };
    let mut east = merged[before].1;
    while east < west {
        east += 360.0;
    }
    Some((west, east))
}

/// A longitude brought into `[-180, 180)`.
fn wrap180(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosing_interval_crosses_the_antimeridian() {
        let spans = [
            (134.0, 135.0),
            (177.0, 180.0),
            (-180.0, -178.0),
            (-172.0, -171.0),
            (-140.0, -135.0),
        ];
        let (w, e) = enclosing_interval(&spans).unwrap();
        assert_eq!((w, e), (134.0, 225.0));
    }

    #[test]
    fn enclosing_interval_of_plain_spans() {
        let (w, e) = enclosing_interval(&[(-20.0, 10.0), (30.0, 50.0)]).unwrap();
        assert_eq!((w, e), (-20.0, 50.0));
    }

    #[test]
    fn azimuthal_drops_the_far_hemisphere() {
        let p = AzimuthalEqualArea {
            lon0: 180.0,
            lat0: 0.0,
        };
        assert!(p.project(0.0, 0.0).is_none());
        assert!(p.project(-179.0, 0.0).unwrap().0 > 0.0);
    }
}
