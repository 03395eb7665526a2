//! What a regional map is framed on: the members' (and context
//! countries') main landmasses, without far-flung parts such as France's
//! overseas departments on a map of Europe or Tristan da Cunha and the
//! Kerguelen Islands on a map of Africa.
//!
//! Every polygon of the region's countries (and the label point of a member
//! without a boundary) is a *part*. Parts closer than [`LINK_KM`] join one
//! cluster. The cluster with the most member area is kept, every cluster
//! holding at least [`BIG_SHARE`] of the members' area, and then, one at a
//! time, every cluster within [`KEEP_KM`] of those kept. Context countries
//! frame the map with their main parts only ([`CONTEXT_KM`]). What is left out is
//! still drawn when it falls inside the frame; members left out entirely
//! are named under the map's legend.

use geo::{BoundingRect, Point, Polygon};

use crate::gazetteer::CountryId;
use crate::layers::RegionLayer;
use crate::render::projection::frame_countries;

/// Parts closer than this (km) belong to one cluster.
pub const LINK_KM: f64 = 1200.0;

/// Clusters this close (km) to the kept ones are kept too.
pub const KEEP_KM: f64 = 1500.0;

/// A cluster holding this share of the members' area is always kept.
pub const BIG_SHARE: f64 = 0.02;

const KM_PER_DEGREE: f64 = 111.32;

/// One part: a polygon or a lone label point.
struct Piece<'a> {
    country: CountryId,
    member: bool,
    polygon: Option<&'a Polygon<f64>>,
    point: Option<Point<f64>>,
    /// (west, south, east, north) in degrees.
    bbox: (f64, f64, f64, f64),
    /// Approximate area in km².
    area: f64,
    /// The outline, thinned to at most [`MAX_VERTICES`] points (distances
    /// between parts need not be exact to the kilometre).
    outline: Vec<(f64, f64)>,
}

/// The most vertices of a part used to measure distances.
const MAX_VERTICES: usize = 200;

/// Context countries' parts farther than this (km) from their largest
/// polygon do not frame the map (New Zealand's subantarctic islands on a
/// map of the Pacific).
pub const CONTEXT_KM: f64 = 300.0;

/// The parts a regional map is framed on.
pub struct Framing<'a> {
    /// Polygons to keep in frame.
    pub polygons: Vec<&'a Polygon<f64>>,
    /// Points to keep in frame (members without a boundary).
    pub points: Vec<Point<f64>>,
    /// Members none of whose parts are kept.
    pub left_out: Vec<CountryId>,
}

/// The framing of a region's map (see the module docs).
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::frame::framing;
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let europe = RegionLayer::build(gaz, regions, regions.get("europe").unwrap(),
///     &Tally::default(), None, &LayerOptions::default());
/// let f = framing(&europe);
/// // French Guiana (part of France's boundary here) does not widen Europe's frame.
/// assert!(f.polygons.iter().all(|p| p.exterior().0[0].x > -40.0));
/// ```
pub fn framing<'g>(layer: &RegionLayer<'g>) -> Framing<'g> {
    let pieces = pieces(layer);
    let clusters = clusters(&pieces);
    let kept = kept_clusters(&pieces, &clusters);
    let mut out = Framing {
        polygons: Vec::new(),
        points: Vec::new(),
        left_out: Vec::new(),
    };
    for (i, p) in pieces.iter().enumerate() {
        if kept[clusters[i]] {
            out.polygons.extend(p.polygon);
            out.points.extend(p.point);
        }
    }
    for &id in &layer.region.members {
        let any = pieces
            .iter()
            .enumerate()
            .any(|(i, p)| p.country == id && kept[clusters[i]]);
        let has_piece = pieces.iter().any(|p| p.country == id);
        if has_piece && !any {
            out.left_out.push(id);
        }
    }
    out
}

fn pieces<'g>(layer: &RegionLayer<'g>) -> Vec<Piece<'g>> {
    let gaz = layer.gazetteer;
    let mut out = Vec::new();
    for id in frame_countries(layer) {
        let member = layer.region.contains(id);
        match gaz.geometry(id) {
            Some(mp) => {
                for poly in &mp.0 {
                    let Some(r) = poly.bounding_rect() else {
                        continue;
                    };
                    let bbox = (r.min().x, r.min().y, r.max().x, r.max().y);
                    out.push(Piece {
                        country: id,
                        member,
                        polygon: Some(poly),
                        point: None,
                        bbox,
                        area: area_km2(poly),
                        outline: thinned(poly),
                    });
                }
            }
            None => {
                if let Some(p) = gaz.country(id).label {
                    out.push(Piece {
                        country: id,
                        member,
                        polygon: None,
                        point: Some(p),
                        bbox: (p.x(), p.y(), p.x(), p.y()),
                        area: 0.0,
                        outline: vec![(p.x(), p.y())],
                    });
                }
            }
        }
    }
    drop_far_context_parts(out)
}

/// Keeps of each context country only its largest polygon and the parts
/// within [`CONTEXT_KM`] of it: context frames the members, its own
/// outlying islands need not be in frame.
fn drop_far_context_parts(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut main: std::collections::HashMap<CountryId, usize> = std::collections::HashMap::new();
    for (i, p) in pieces.iter().enumerate() {
        let best = main.entry(p.country).or_insert(i);
        if p.area > pieces[*best].area {
            *best = i;
        }
    }
    let keep: Vec<bool> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let m = main[&p.country];
            p.member || i == m || piece_distance(p, &pieces[m], CONTEXT_KM) < CONTEXT_KM
        })
        .collect();
    pieces
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// A polygon's exterior with at most [`MAX_VERTICES`] points.
fn thinned(poly: &Polygon<f64>) -> Vec<(f64, f64)> {
    let ring = &poly.exterior().0;
    let step = ring.len().div_ceil(MAX_VERTICES).max(1);
    let mut out: Vec<(f64, f64)> = ring.iter().step_by(step).map(|c| (c.x, c.y)).collect();
    if let Some(last) = ring.last() {
        out.push((last.x, last.y));
    }
    out
}

/// A polygon's area in km², from its area in square degrees at its mean
/// latitude (good enough to weigh landmasses).
fn area_km2(poly: &Polygon<f64>) -> f64 {
    use geo::Area;
    let lat = poly
        .bounding_rect()
        .map_or(0.0, |r| (r.min().y + r.max().y) / 2.0);
    poly.unsigned_area() * lat.to_radians().cos() * KM_PER_DEGREE * KM_PER_DEGREE
}

/// The distance in km between two boxes (0 when they overlap), going the
/// short way round in longitude.
fn box_distance(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> f64 {
    let gap = |lo1: f64, hi1: f64, lo2: f64, hi2: f64| (lo2 - hi1).max(lo1 - hi2).max(0.0);
    let dlat = gap(a.1, a.3, b.1, b.3);
    let dlon = [-360.0, 0.0, 360.0]
        .iter()
        .map(|s| gap(a.0, a.2, b.0 + s, b.2 + s))
        .fold(f64::INFINITY, f64::min);
    // Longitude degrees shrink towards the poles: use the latitude nearer
    // the equator of the two boxes' closest edges.
    let lat = if a.1 > b.3 {
        a.1.abs().min(b.3.abs())
    } else if b.1 > a.3 {
        b.1.abs().min(a.3.abs())
    } else {
        0f64.max(a.1.max(b.1)).min(a.3.min(b.3)).abs()
    };
    (dlon * lat.to_radians().cos()).hypot(dlat) * KM_PER_DEGREE
}

/// The distance in km between two pieces if it is below `limit`; otherwise
/// some number at or above `limit`. Boxes rule most pairs out; the rest are
/// measured vertex to edge, with longitude scaled at the pair's latitude.
fn piece_distance(a: &Piece, b: &Piece, limit: f64) -> f64 {
    let coarse = box_distance(a.bbox, b.bbox);
    if coarse >= limit {
        return coarse;
    }
    let (pa, pb) = (&a.outline, &b.outline);
    if pa.is_empty() || pb.is_empty() {
        return coarse;
    }
    // Bring b next to a across the antimeridian.
    let mid = |bx: (f64, f64, f64, f64)| (bx.0 + bx.2) / 2.0;
    let shift = [-360.0, 0.0, 360.0]
        .into_iter()
        .min_by(|s, t| {
            let d = |x: f64| (mid(b.bbox) + x - mid(a.bbox)).abs();
            d(*s).total_cmp(&d(*t))
        })
        .unwrap_or(0.0);
    let k = (((a.bbox.1 + a.bbox.3 + b.bbox.1 + b.bbox.3) / 4.0).to_radians()).cos();
    let scale = |pts: &[(f64, f64)], dx: f64| -> Vec<(f64, f64)> {
        pts.iter().map(|(x, y)| ((x + dx) * k, *y)).collect()
    };
    let (sa, sb) = (scale(pa, 0.0), scale(pb, shift));
    if inside(&sa, sb[0]) || inside(&sb, sa[0]) {
        return 0.0;
    }
    let d = min_vertex_edge(&sa, &sb).min(min_vertex_edge(&sb, &sa));
    d * KM_PER_DEGREE
}

/// Whether a point lies inside a ring (even-odd rule).
fn inside(ring: &[(f64, f64)], p: (f64, f64)) -> bool {
    if ring.len() < 3 {
        return false;
    }
    let mut c = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[j]);
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
        j = i;
    }
    c
}

/// The smallest distance from a vertex of `pts` to an edge of `ring`.
fn min_vertex_edge(pts: &[(f64, f64)], ring: &[(f64, f64)]) -> f64 {
    let mut best = f64::INFINITY;
    for &p in pts {
        if ring.len() == 1 {
            best = best.min((p.0 - ring[0].0).hypot(p.1 - ring[0].1));
            continue;
        }
        for w in ring.windows(2) {
            best = best.min(segment_distance(p, w[0], w[1]));
        }
    }
    best
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// Single-linkage clusters: the cluster index of each piece.
fn clusters(pieces: &[Piece]) -> Vec<usize> {
    let n = pieces.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..n {
        for j in (i + 1)..n {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            if a != b && piece_distance(&pieces[i], &pieces[j], LINK_KM) < LINK_KM {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..n).map(|i| root(&mut parent, i)).collect()
}

/// Which clusters (by root index) are kept.
fn kept_clusters(pieces: &[Piece], cluster_of: &[usize]) -> Vec<bool> {
    let n = pieces.len();
    let mut kept = vec![false; n];
    let mut member_area = vec![0.0; n];
    let mut any_member = vec![false; n];
    for (i, p) in pieces.iter().enumerate() {
        if p.member {
            member_area[cluster_of[i]] += p.area;
            any_member[cluster_of[i]] = true;
        }
    }
    let total: f64 = member_area.iter().sum();
    // The main cluster: most member area (ties: first), or any cluster.
    let Some(main) = (0..n)
        .filter(|&c| any_member[c])
        .max_by(|&a, &b| member_area[a].total_cmp(&member_area[b]).then(b.cmp(&a)))
        .or_else(|| cluster_of.first().copied())
    else {
        return kept;
    };
    kept[main] = true;
    for c in 0..n {
        if any_member[c] && total > 0.0 && member_area[c] >= BIG_SHARE * total {
            kept[c] = true;
        }
    }
    // Clusters near the kept ones join them, nearest first, while they
    // are within the linking distance of what is kept so far.
    loop {
        let near = (0..n).find(|&c| {
            !kept[c]
                && cluster_of.contains(&c)
                && distance_to_kept(pieces, cluster_of, &kept, c, KEEP_KM) < KEEP_KM
        });
        match near {
            Some(c) => kept[c] = true,
            None => break,
        }
    }
    kept
}

fn distance_to_kept(
    pieces: &[Piece],
    cluster_of: &[usize],
    kept: &[bool],
    c: usize,
    limit: f64,
) -> f64 {
    let mut best = f64::INFINITY;
    for (i, p) in pieces.iter().enumerate() {
        if cluster_of[i] != c {
            continue;
        }
        for (j, q) in pieces.iter().enumerate() {
            if kept[cluster_of[j]] {
                best = best.min(piece_distance(p, q, limit.min(best)));
            }
        }
    }
    best
}
