//! The drawing itself, on any plotters backend: sea, countries, borders,
//! markers, labels, titles, legend and credit line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::classify::number;
use crate::gazetteer::CountryId;
use crate::layers::{Measure, RegionLayer};
use crate::render::palette::{self, Rgb};
use crate::render::projection::{for_region, EqualEarth, Projection};
use crate::render::xml::single_line;

use super::geometry::{int_ring, project_multipolygon, px, ring_area, stroke_paths, PxCountry};
use super::labels::{self, Placed, Wanted};
use super::layout::{Layout, Rect};
use super::legend::draw_legend;
use super::text::{Label, SpacedStyle};
use super::{ensure_fonts, font_desc, text_width, MapStyle};

pub(super) fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Draws text with its baseline at `y`; a text the font cannot draw is
/// skipped rather than failing the map.
#[allow(clippy::too_many_arguments)]
pub(super) fn text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
    x: f64,
    baseline: f64,
    size: f64,
    bold: bool,
    c: RGBColor,
    h: HPos,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = font_desc(size, bold);
    let s = &single_line(s);
    if font.box_size(s).is_err() {
        return Ok(());
    }
    let style = font.color(&c).pos(Pos::new(h, VPos::Top));
    let at = (x.round() as i32, (baseline - size / 2.0).round() as i32);
    root.draw(&Label {
        text: s.to_string(),
        at,
        style: SpacedStyle(style),
    })
}

/// Draws a region layer's map on any plotters backend; PNG and SVG output
/// both come from here.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{draw, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// use plotters::prelude::*;
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("pacific").unwrap(), &Tally::default(), None, &LayerOptions::default());
/// let style = MapStyle { width: 640, height: 480, ..MapStyle::default() };
/// let mut svg = String::new();
/// {
///     let root = SVGBackend::with_string(&mut svg, (640, 480)).into_drawing_area();
///     draw(&root, &layer, &style).unwrap();
///     root.present().unwrap();
/// }
/// assert!(svg.starts_with("<svg"));
/// ```
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    layer: &RegionLayer,
    style: &MapStyle,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    ensure_fonts();
    let projection = for_region(layer);
    let projection = projection.as_ref();
    let l = Layout::new(layer, style, projection);
    let s = l.s;
    let gaz = layer.gazetteer;
    let frame = l.frame;

    root.fill(&WHITE)?;

    // The sea: the frame, or the outline of the world.
    let ocean = colour(palette::OCEAN);
    let world_edge: Vec<(i32, i32)> = if l.world {
        let ee = EqualEarth {
            central_meridian: 0.0,
        };
        let right = (-90..=90).map(|lat| (180.0, f64::from(lat)));
        let left = (-90..=90).rev().map(|lat| (-180.0, f64::from(lat)));
        right
            .chain(left)
            .filter_map(|(lon, lat)| ee.project(lon, lat))
            .map(|(x, y)| px(l.to_px(x, y)))
            .collect()
    } else {
        Vec::new()
    };
    let world_edge_f: Vec<(f64, f64)> = world_edge
        .iter()
        .map(|&(x, y)| (f64::from(x), f64::from(y)))
        .collect();
    if l.world {
        root.draw(&Polygon::new(world_edge.clone(), ocean.filled()))?;
    } else {
        root.draw(&Rectangle::new(
            [px((frame.x0, frame.y0)), px((frame.x1, frame.y1))],
            ocean.filled(),
        ))?;
    }

    // Countries, projected once.
    let stats: std::collections::HashMap<CountryId, &crate::layers::CountryStat> =
        layer.countries.iter().map(|c| (c.id, c)).collect();
    let mut countries: Vec<PxCountry> = Vec::new();
    for id in gaz.ids() {
        let member = layer.region.contains(id);
        if !member && gaz.country(id).iso_a3 == "ATA" {
            continue;
        }
        let Some(geometry) = gaz.geometry(id) else {
            continue;
        };
        let (rings, area) = project_multipolygon(geometry, projection, &l);
        countries.push(PxCountry {
            id,
            member,
            area,
            rings,
        });
    }
    let classes = palette::sequential(layer.classes.len());
    let fill_of = |id: CountryId| -> Rgb {
        match stats.get(&id).and_then(|c| c.class) {
            Some(k) => classes.get(k).copied().unwrap_or(palette::NO_DATA),
            None => palette::NO_DATA,
        }
    };

    // Fills, largest first so enclaves are painted over the country around them.
    let mut order: Vec<usize> = (0..countries.len()).collect();
    order.sort_by(|&a, &b| {
        countries[b]
            .area
            .total_cmp(&countries[a].area)
            .then(countries[a].id.cmp(&countries[b].id))
    });
    for &i in &order {
        let c = &countries[i];
        let fill = if c.member {
            fill_of(c.id)
        } else {
            palette::CONTEXT
        };
        for ring in &c.rings {
            let pts = int_ring(ring);
            if pts.len() >= 3 {
                root.draw(&Polygon::new(pts, colour(fill).filled()))?;
            }
        }
    }

    // Borders: context, then members, then the region outline on top.
    let border_w = (s.round() as u32).max(1);
    for member in [false, true] {
        let c = colour(if member {
            palette::BORDER
        } else {
            palette::CONTEXT_BORDER
        });
        for country in countries.iter().filter(|c| c.member == member) {
            for ring in &country.rings {
                for path in stroke_paths(ring, &frame) {
                    root.draw(&PathElement::new(path, c.stroke_width(border_w)))?;
                }
            }
        }
    }
    let (outline_rings, _) = project_multipolygon(&layer.outline, projection, &l);
    let outline_w = ((1.5 * s).round() as u32).max(1);
    for ring in &outline_rings {
        for path in stroke_paths(ring, &frame) {
            root.draw(&PathElement::new(
                path,
                colour(palette::OUTLINE).mix(0.8).stroke_width(outline_w),
            ))?;
        }
    }
    // Small islands are filled again over the outline, which then rings
    // them from outside instead of hiding their colour.
    let small_ring = 600.0 * s * s;
    for c in countries.iter().filter(|c| c.member) {
        for ring in c.rings.iter().filter(|r| ring_area(r).abs() < small_ring) {
            let pts = int_ring(ring);
            if pts.len() >= 3 {
                root.draw(&Polygon::new(pts, colour(fill_of(c.id)).filled()))?;
            }
        }
    }

    // The frame's edge.
    let edge = colour(palette::CONTEXT_BORDER);
    if l.world {
        let mut closed = world_edge;
        if let Some(first) = closed.first().copied() {
            closed.push(first);
        }
        root.draw(&PathElement::new(closed, edge.stroke_width(border_w)))?;
    } else {
        root.draw(&Rectangle::new(
            [
                px((frame.x0, frame.y0)),
                px((frame.x1 - 1.0, frame.y1 - 1.0)),
            ],
            edge.stroke_width(border_w),
        ))?;
    }

    // Markers for members too small to see, kept whole inside the frame.
    let area_of: std::collections::HashMap<CountryId, f64> =
        countries.iter().map(|c| (c.id, c.area)).collect();
    let label_px = |id: CountryId| -> Option<(f64, f64)> {
        let p = gaz.country(id).label?;
        let (x, y) = projection.project(p.x(), p.y())?;
        let q = l.to_px(x, y);
        (q.0 >= frame.x0 && q.0 < frame.x1 && q.1 >= frame.y0 && q.1 < frame.y1).then_some(q)
    };
    let radius = 6.0 * s;
    let keep_in = |p: (f64, f64)| inside_frame(p, radius + 2.0 * s, &frame, &world_edge_f);
    let mut markers: Vec<(CountryId, (f64, f64))> = Vec::new();
    for c in &layer.countries {
        let small = area_of.get(&c.id).is_none_or(|a| *a < 40.0 * s * s);
        // On a world map, circles for every small state without data would
        // bury Europe and the Caribbean; only those with data get one.
        if !small || (l.world && c.class.is_none()) {
            continue;
        }
        if let Some(p) = label_px(c.id) {
            markers.push((c.id, keep_in(p)));
        }
    }
    for (id, p) in &markers {
        let centre = px(*p);
        let r = radius.round().max(2.0) as u32;
        root.draw(&Circle::new(centre, r, colour(fill_of(*id)).filled()))?;
        root.draw(&Circle::new(
            centre,
            r,
            colour(palette::OUTLINE).stroke_width(outline_w),
        ))?;
    }

    // Labels for the top countries.
    let label_size = 20.0 * s;
    let marker_rect = |p: (f64, f64)| Rect {
        x0: p.0 - radius - 2.0 * s,
        y0: p.1 - radius - 2.0 * s,
        x1: p.0 + radius + 2.0 * s,
        y1: p.1 + radius + 2.0 * s,
    };
    // Labels keep off markers and small member islands.
    let small_island = 2500.0 * s * s;
    let mut obstacles: Vec<Rect> = markers.iter().map(|(_, p)| marker_rect(*p)).collect();
    for c in countries.iter().filter(|c| c.member) {
        for ring in c.rings.iter().filter(|r| ring_area(r).abs() < small_island) {
            obstacles.push(bbox(ring));
        }
    }
    let mut wanted: Vec<(Wanted, String, String, f64)> = Vec::new();
    for stat in layer.ranked().into_iter().take(style.labels) {
        let marker = markers.iter().find(|(id, _)| *id == stat.id).map(|m| m.1);
        let Some(anchor) = marker.or_else(|| label_px(stat.id)) else {
            continue;
        };
        let name = single_line(&gaz.country(stat.id).name);
        let count = match layer.measure {
            Measure::Mentions => stat.mentions.to_string(),
            Measure::Values(_) => stat.value.map(number).unwrap_or_default(),
        };
        let name_w = text_width(&name, label_size, false);
        let (pad_x, pad_y) = (7.0 * s, 5.0 * s);
        let w = name_w + 0.3 * label_size + text_width(&count, label_size, true) + 2.0 * pad_x;
        let h = 0.9 * label_size + 2.0 * pad_y;
        let area = area_of.get(&stat.id).copied().unwrap_or(0.0);
        let inside = marker.is_none() && area >= 3.0 * w * h;
        let body = match marker {
            Some(p) => marker_rect(p),
            None if inside => Rect {
                x0: anchor.0 - 10.0 * s,
                y0: anchor.1 - 10.0 * s,
                x1: anchor.0 + 10.0 * s,
                y1: anchor.1 + 10.0 * s,
            },
            None => near_bbox(&countries, stat.id, anchor, 80.0 * s),
        };
        let want = Wanted {
            anchor,
            body,
            inside,
            w,
            h,
        };
        wanted.push((want, name, count, name_w));
    }
    let spots: Vec<Wanted> = wanted.iter().map(|(w, ..)| w.clone()).collect();
    let placed = labels::place(&spots, &obstacles, &frame, s);
    let text_c = colour(palette::TEXT);
    for ((_, name, count, name_w), spot) in wanted.iter().zip(&placed) {
        let Some(Placed { rect, leader }) = spot else {
            continue;
        };
        if let Some((a, b)) = leader {
            root.draw(&PathElement::new(
                vec![px(*a), px(*b)],
                text_c.mix(0.8).stroke_width(border_w),
            ))?;
        }
        root.draw(&Rectangle::new(
            [px((rect.x0, rect.y0)), px((rect.x1, rect.y1))],
            WHITE.mix(0.88).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [px((rect.x0, rect.y0)), px((rect.x1, rect.y1))],
            colour(palette::CONTEXT_BORDER).stroke_width(1),
        ))?;
        let baseline = rect.y0 + 5.0 * s + 0.72 * label_size;
        let x = rect.x0 + 7.0 * s;
        text(
            root,
            name,
            x,
            baseline,
            label_size,
            false,
            text_c,
            HPos::Left,
        )?;
        let x = x + name_w + 0.3 * label_size;
        text(
            root,
            count,
            x,
            baseline,
            label_size,
            true,
            text_c,
            HPos::Left,
        )?;
    }

    // Title and subtitle.
    let text_c = colour(palette::TEXT);
    for (i, line) in l.title.iter().enumerate() {
        let baseline = l.title_baseline + 1.15 * l.title_size * i as f64;
        let size = l.title_size;
        text(
            root,
            line,
            l.margin,
            baseline,
            size,
            true,
            text_c,
            HPos::Left,
        )?;
    }
    text(
        root,
        &l.subtitle,
        l.margin,
        l.subtitle_baseline,
        l.subtitle_size,
        false,
        RGBColor(0x55, 0x55, 0x55),
        HPos::Left,
    )?;

    draw_legend(root, &l.legend, s)?;

    // Credit line.
    let credit_size = 17.0 * s;
    text(
        root,
        "Boundaries: Natural Earth (public domain) · made with geomention",
        l.width - l.margin,
        l.height - 16.0 * s,
        credit_size,
        false,
        RGBColor(0x6b, 0x6b, 0x6b),
        HPos::Right,
    )?;
    Ok(())
}

/// The pixel box of a ring.
fn bbox(ring: &[(f64, f64)]) -> Rect {
    let mut r = Rect {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };
    for p in ring {
        r.x0 = r.x0.min(p.0);
        r.y0 = r.y0.min(p.1);
        r.x1 = r.x1.max(p.0);
        r.y1 = r.y1.max(p.1);
    }
    r
}

/// The box of a country's rings near `anchor` (a country spread over an
/// ocean is labelled by its part around the label point).
fn near_bbox(countries: &[PxCountry], id: CountryId, anchor: (f64, f64), within: f64) -> Rect {
    let mut r = Rect {
        x0: anchor.0 - 2.0,
        y0: anchor.1 - 2.0,
        x1: anchor.0 + 2.0,
        y1: anchor.1 + 2.0,
    };
    let near = |b: &Rect| {
        b.x1 >= anchor.0 - within
            && b.x0 <= anchor.0 + within
            && b.y1 >= anchor.1 - within
            && b.y0 <= anchor.1 + within
    };
    for c in countries.iter().filter(|c| c.id == id) {
        for b in c.rings.iter().map(|ring| bbox(ring)).filter(near) {
            r = Rect {
                x0: r.x0.min(b.x0),
                y0: r.y0.min(b.y0),
                x1: r.x1.max(b.x1),
                y1: r.y1.max(b.y1),
            };
        }
    }
    r
}

/// `p` moved so a circle of radius `r` around it lies inside the frame and,
/// on a world map, inside the world's outline (`edge`, empty otherwise).
fn inside_frame(p: (f64, f64), r: f64, frame: &Rect, edge: &[(f64, f64)]) -> (f64, f64) {
    let y = p.1.clamp(frame.y0 + r, frame.y1 - r);
    let (mut lo, mut hi) = (frame.x0 + r, frame.x1 - r);
    // The world outline's left and right edges at this height.
    let crossings: Vec<f64> = edge
        .iter()
        .zip(edge.iter().cycle().skip(1))
        .filter(|(a, b)| (a.1 <= y) != (b.1 <= y))
        .map(|(a, b)| a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0))
        .collect();
    if let (Some(min), Some(max)) = (
        crossings.iter().copied().reduce(f64::min),
        crossings.iter().copied().reduce(f64::max),
    ) {
        lo = lo.max(min + r);
        hi = hi.min(max - r);
    }
    (if lo <= hi { p.0.clamp(lo, hi) } else { p.0 }, y)
}
