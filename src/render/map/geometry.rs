//! Geometry in pixels: projecting multipolygons and rings (cutting them at
//! the projection's horizon), clipping them to the frame, ring areas, and
//! the stroke paths of clipped rings.

use geo::MultiPolygon;

use crate::gazetteer::CountryId;
use crate::render::projection::Projection;

use super::layout::{Layout, Rect};

/// Where projected coordinates land in pixels, and the frame they are
/// clipped to: a whole map's [`Layout`], or one panel of small multiples.
pub(super) trait Frame {
    /// The rectangle drawn into.
    fn frame(&self) -> Rect;
    /// Projected coordinates to (fractional) pixels.
    fn to_px(&self, x: f64, y: f64) -> (f64, f64);
}

impl Frame for Layout {
    fn frame(&self) -> Rect {
        self.frame
    }
    fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        Layout::to_px(self, x, y)
    }
}

/// One country's polygons, projected to pixels, simplified and clipped.
pub(super) struct PxCountry {
    pub(super) id: CountryId,
    pub(super) member: bool,
    /// Projected area in square pixels, before clipping.
    pub(super) area: f64,
    /// Clipped rings (exteriors and holes) in pixels.
    pub(super) rings: Vec<Vec<(f64, f64)>>,
}

/// Projects a multipolygon to pixel rings: polygons with a vertex the
/// projection cannot draw, or entirely outside the frame, are skipped; rings
/// are thinned (points closer than half a pixel dropped) and clipped to the
/// frame. Returns the rings and the unclipped area.
pub(super) fn project_multipolygon(
    geometry: &MultiPolygon<f64>,
    projection: &dyn Projection,
    layout: &dyn Frame,
) -> (Vec<Vec<(f64, f64)>>, f64) {
    let frame = layout.frame();
    let mut rings = Vec::new();
    let mut area = 0.0;
    'polygons: for poly in &geometry.0 {
        let mut px_rings: Vec<Vec<(f64, f64)>> = Vec::with_capacity(1 + poly.interiors().len());
        for (k, ring) in std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .enumerate()
        {
            let Some(projected) = project_ring(&ring.0, projection) else {
                if k == 0 {
                    continue 'polygons;
                }
                continue;
            };
            let mut out: Vec<(f64, f64)> = Vec::with_capacity(projected.len());
            for (x, y) in projected {
                let p = layout.to_px(x, y);
                if !(p.0.is_finite() && p.1.is_finite()) {
                    continue 'polygons;
                }
                match out.last() {
                    Some(q) if (p.0 - q.0).abs() < 0.5 && (p.1 - q.1).abs() < 0.5 => {}
                    _ => out.push(p),
                }
            }
            px_rings.push(out);
        }
        let exterior = &px_rings[0];
        if exterior.len() < 3 {
            // Thinned to nothing: a speck, but it still counts for markers.
            area += 0.0;
            continue;
        }
        area += ring_area(exterior).abs();
        let (mut bx0, mut by0, mut bx1, mut by1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in exterior {
            bx0 = bx0.min(p.0);
            by0 = by0.min(p.1);
            bx1 = bx1.max(p.0);
            by1 = by1.max(p.1);
        }
        if bx1 < frame.x0 || bx0 > frame.x1 || by1 < frame.y0 || by0 > frame.y1 {
            continue;
        }
        for ring in px_rings {
            let clipped = clip_ring(&ring, &frame);
            if clipped.len() >= 3 {
                rings.push(clipped);
            }
        }
    }
    (rings, area)
}

/// Projects a ring. Where part of it lies where the projection cannot draw
/// (the far side of an azimuthal projection), the ring is cut at the edge of
/// the drawable area and closed along that edge (an arc about the projection
/// centre), so a country half over the horizon is drawn up to it. A cut
/// ring is dropped when it would cover more than the ring's own area (the
/// projections are equal-area), which is what a ring wrapped round the back
/// of the globe does. `None` when nothing can be drawn.
fn project_ring(ring: &[geo::Coord<f64>], projection: &dyn Projection) -> Option<Vec<(f64, f64)>> {
    let projected: Vec<Option<(f64, f64)>> =
        ring.iter().map(|c| projection.project(c.x, c.y)).collect();
    if projected.iter().all(Option::is_some) {
        return Some(projected.into_iter().flatten().collect());
    }
    let start = projected.iter().position(Option::is_some)?;
    let n = ring.len();
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(n + 64);
    let mut exit: Option<(f64, f64)> = None;
    for k in 0..n {
        let i = (start + k) % n;
        let j = (i + 1) % n;
        match (projected[i], projected[j]) {
            (Some(p), Some(_)) => out.push(p),
            (Some(p), None) => {
                out.push(p);
                let e = edge_point(ring[i], ring[j], projection);
                out.push(e);
                exit = Some(e);
            }
            (None, Some(_)) => {
                let entry = edge_point(ring[j], ring[i], projection);
                if let Some(e) = exit.take() {
                    out.extend(arc_between(e, entry));
                }
                out.push(entry);
            }
            (None, None) => {}
        }
    }
    if let (Some(e), Some(&first)) = (exit, out.first()) {
        out.extend(arc_between(e, first));
    }
    let drawn = ring_area(&out).abs();
    let limit = spherical_area(ring) * 1.1 + 1e-4;
    (out.len() >= 3 && drawn <= limit).then_some(out)
}

/// The last drawable point on the way from a drawable `a` to an undrawable
/// `b` (bisection in longitude/latitude).
fn edge_point(a: geo::Coord<f64>, b: geo::Coord<f64>, projection: &dyn Projection) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let at = |t: f64| (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    let mut best = projection.project(a.x, a.y).unwrap_or((0.0, 0.0));
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        let (lon, lat) = at(mid);
        match projection.project(lon, lat) {
            Some(p) => {
                best = p;
                lo = mid;
            }
            None => hi = mid,
        }
    }
    best
}

/// Points along the shorter arc about the origin from `a` to `b`
/// (exclusive), every 3 degrees.
fn arc_between(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    let (ra, rb) = (a.0.hypot(a.1), b.0.hypot(b.1));
    let (ta, tb) = (a.1.atan2(a.0), b.1.atan2(b.0));
    let mut d = tb - ta;
    while d > std::f64::consts::PI {
        d -= std::f64::consts::TAU;
    }
    while d < -std::f64::consts::PI {
        d += std::f64::consts::TAU;
    }
    let steps = (d.abs() / 3f64.to_radians()).ceil() as usize;
    (1..steps)
        .map(|k| {
            let f = k as f64 / steps as f64;
            let (r, t) = (ra + (rb - ra) * f, ta + d * f);
            (r * t.cos(), r * t.sin())
        })
        .collect()
}

/// The area of a longitude/latitude ring on the unit sphere (steradians).
fn spherical_area(ring: &[geo::Coord<f64>]) -> f64 {
    let n = ring.len();
    let mut sum = 0.0;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let mut dl = (b.x - a.x).to_radians();
        if dl > std::f64::consts::PI {
            dl -= std::f64::consts::TAU;
        } else if dl < -std::f64::consts::PI {
            dl += std::f64::consts::TAU;
        }
        sum += dl * (2.0 + a.y.to_radians().sin() + b.y.to_radians().sin());
    }
    let area = (sum / 2.0).abs();
    area.min(4.0 * std::f64::consts::PI - area)
}

/// The signed area of a ring (shoelace).
pub(super) fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    let mut a = 0.0;
    for i in 0..n {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % n];
        a += x0 * y1 - x1 * y0;
    }
    a / 2.0
}

/// Sutherland–Hodgman clipping of a ring to a rectangle.
fn clip_ring(ring: &[(f64, f64)], r: &Rect) -> Vec<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = ring.to_vec();
    if pts.first() == pts.last() && pts.len() > 1 {
        pts.pop();
    }
    // (axis, bound, keep_greater)
    let edges = [
        (0, r.x0, true),
        (0, r.x1, false),
        (1, r.y0, true),
        (1, r.y1, false),
    ];
    for (axis, bound, greater) in edges {
        if pts.is_empty() {
            break;
        }
        let coord = |p: &(f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let inside = |p: &(f64, f64)| {
            if greater {
                coord(p) >= bound
            } else {
                coord(p) <= bound
            }
        };
        let cross = |a: &(f64, f64), b: &(f64, f64)| {
            let t = (bound - coord(a)) / (coord(b) - coord(a));
            if axis == 0 {
                (bound, a.1 + t * (b.1 - a.1))
            } else {
                (a.0 + t * (b.0 - a.0), bound)
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let cur = &pts[i];
            let prev = &pts[(i + pts.len() - 1) % pts.len()];
            match (inside(prev), inside(cur)) {
                (true, true) => out.push(*cur),
                (true, false) => out.push(cross(prev, cur)),
                (false, true) => {
                    out.push(cross(prev, cur));
                    out.push(*cur);
                }
                (false, false) => {}
            }
        }
        pts = out;
    }
    pts
}

/// A clipped ring's edges as polylines, leaving out the edges that run
/// along the frame (they come from clipping, not from a border).
pub(super) fn stroke_paths(ring: &[(f64, f64)], r: &Rect) -> Vec<Vec<(i32, i32)>> {
    let n = ring.len();
    let on_side = |a: &(f64, f64), b: &(f64, f64)| {
        let eq = |u: f64, v: f64| (u - v).abs() < 1e-6;
        (eq(a.0, r.x0) && eq(b.0, r.x0))
            || (eq(a.0, r.x1) && eq(b.0, r.x1))
            || (eq(a.1, r.y0) && eq(b.1, r.y0))
            || (eq(a.1, r.y1) && eq(b.1, r.y1))
    };
    // Start after an edge on the frame, if any, so paths are not split at
    // the ring's arbitrary first point.
    let start = (0..n)
        .find(|&i| on_side(&ring[i], &ring[(i + 1) % n]))
        .map_or(0, |i| (i + 1) % n);
    let closed = start == 0 && !(0..n).any(|i| on_side(&ring[i], &ring[(i + 1) % n]));
    let mut paths = Vec::new();
    let mut cur: Vec<(i32, i32)> = vec![px(ring[start])];
    for k in 0..n {
        let a = &ring[(start + k) % n];
        let b = &ring[(start + k + 1) % n];
        if !closed && on_side(a, b) {
            if cur.len() > 1 {
                paths.push(std::mem::take(&mut cur));
            }
            cur = vec![px(*b)];
        } else {
            cur.push(px(*b));
        }
    }
    if cur.len() > 1 {
        paths.push(cur);
    }
    paths
}

pub(super) fn px(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// A ring as integer pixels with repeated points removed.
pub(super) fn int_ring(ring: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = px(*p);
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}
