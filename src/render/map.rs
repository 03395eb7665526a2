//! Report-ready choropleth maps of a region layer, as PNG or SVG.
//!
//! One generic drawing function ([`draw`]) paints through plotters'
//! [`DrawingBackend`], so the PNG and the SVG of a layer are the same map:
//! an ocean frame fitted to the region, members coloured by class, context
//! countries in grey, the region outline, a title and subtitle, a legend
//! with the real class breaks, labels for the most-mentioned countries,
//! circles for states too small to see, and a credit line.
//!
//! Text uses DejaVu Sans, compiled into the library, so maps render the
//! same on machines without fonts.
//!
//! ```
//! use geomention::layers::{LayerOptions, RegionLayer};
//! use geomention::render::map::{png_bytes, MapStyle};
//! use geomention::tally::{DocumentTally, Tally};
//! use geomention::{Extractor, Gazetteer, RegionSet};
//! let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
//! let text = "Scam compounds in Myanmar and Cambodia.";
//! let tally: Tally = [DocumentTally::new("a", &Extractor::bundled().find(text))].into_iter().collect();
//! let sea = regions.get("southeast-asia").unwrap();
//! let layer = RegionLayer::build(gaz, regions, sea, &tally, None, &LayerOptions::default());
//! let style = MapStyle { width: 800, height: 600, ..MapStyle::default() };
//! let png = png_bytes(&layer, &style).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

use std::path::{Path, PathBuf};
use std::sync::Once;

use geo::MultiPolygon;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontStyle};

use crate::classify::number;
use crate::error::{Error, Result};
use crate::gazetteer::CountryId;
use crate::layers::{Measure, RegionLayer};
use crate::output::write_atomic;
use crate::render::palette::{self, Rgb};
use crate::render::projection::{for_region, frame_countries, EqualEarth, Projection};

/// How a map is drawn.
///
/// ```
/// use geomention::render::map::MapStyle;
/// let style = MapStyle { title: Some("Scam compounds in the news".into()), ..MapStyle::default() };
/// assert_eq!((style.width, style.height, style.labels), (1600, 1200, 5));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapStyle {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The title; `None` for one made from the region and measure.
    pub title: Option<String>,
    /// The subtitle; `None` for one made from the layer's counts.
    pub subtitle: Option<String>,
    /// How many of the top countries get a label.
    pub labels: usize,
}

impl Default for MapStyle {
    fn default() -> Self {
        MapStyle {
            width: 1600,
            height: 1200,
            title: None,
            subtitle: None,
            labels: 5,
        }
    }
}

const FONT: &str = "sans-serif";
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static FONTS: Once = Once::new();

/// Registers the embedded fonts with plotters (once per process).
fn ensure_fonts() {
    FONTS.call_once(|| {
        // The fonts are compiled in and known to parse; if registration ever
        // failed, text drawing is skipped rather than the map.
        let _ = register_font(FONT, FontStyle::Normal, REGULAR);
        let _ = register_font(FONT, FontStyle::Bold, BOLD);
    });
}

/// The smallest and largest map side accepted, in pixels.
const MIN_SIDE: u32 = 200;
const MAX_SIDE: u32 = 16_384;

/// The map as PNG bytes.
///
/// The same layer and style always give the same bytes.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{png_bytes, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let africa = regions.get("africa").unwrap();
/// let layer = RegionLayer::build(gaz, regions, africa, &Tally::default(), None, &LayerOptions::default());
/// let style = MapStyle { width: 400, height: 300, ..MapStyle::default() };
/// assert_eq!(png_bytes(&layer, &style).unwrap(), png_bytes(&layer, &style).unwrap());
/// ```
pub fn png_bytes(layer: &RegionLayer, style: &MapStyle) -> Result<Vec<u8>> {
    let target = PathBuf::from(format!("{}.png", layer.region.id));
    render_png(layer, style).map_err(|message| Error::Render {
        path: target,
        message,
    })
}

/// The map as an SVG document.
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{svg_string, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let pacific = regions.get("pacific").unwrap();
/// let layer = RegionLayer::build(gaz, regions, pacific, &Tally::default(), None, &LayerOptions::default());
/// let svg = svg_string(&layer, &MapStyle::default()).unwrap();
/// assert!(svg.contains("Where the texts mention: Pacific Islands"));
/// ```
pub fn svg_string(layer: &RegionLayer, style: &MapStyle) -> Result<String> {
    let target = PathBuf::from(format!("{}.svg", layer.region.id));
    render_svg(layer, style).map_err(|message| Error::Render {
        path: target,
        message,
    })
}

/// Draws the map and writes it to `path` as PNG (atomically).
///
/// ```no_run
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{write_png, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("africa")?, &Tally::default(), None, &LayerOptions::default());
/// write_png(&layer, &MapStyle::default(), std::path::Path::new("africa.png"))?;
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn write_png(layer: &RegionLayer, style: &MapStyle, path: &Path) -> Result<()> {
    let bytes = render_png(layer, style).map_err(|message| Error::Render {
        path: path.to_path_buf(),
        message,
    })?;
    write_atomic(path, &bytes)
}

/// Draws the map and writes it to `path` as SVG (atomically).
///
/// ```no_run
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{write_svg, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("pacific")?, &Tally::default(), None, &LayerOptions::default());
/// write_svg(&layer, &MapStyle::default(), std::path::Path::new("pacific.svg"))?;
/// # Ok::<(), geomention::Error>(())
/// ```
pub fn write_svg(layer: &RegionLayer, style: &MapStyle, path: &Path) -> Result<()> {
    let svg = render_svg(layer, style).map_err(|message| Error::Render {
        path: path.to_path_buf(),
        message,
    })?;
    write_atomic(path, svg.as_bytes())
}

/// The pixel where a longitude/latitude is drawn on the map, or `None` when
/// the point is not on the map (the projection cannot draw it, or it falls
/// outside the map frame).
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{pixel_of, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("pacific").unwrap(), &Tally::default(), None, &LayerOptions::default());
/// let style = MapStyle::default();
/// let fiji = pixel_of(&layer, &style, 178.0, -17.8).unwrap();
/// let samoa = pixel_of(&layer, &style, -172.0, -13.8).unwrap();
/// assert!(samoa.0 > fiji.0);
/// assert!(pixel_of(&layer, &style, 0.0, 51.5).is_none()); // London is not in the Pacific
/// ```
pub fn pixel_of(layer: &RegionLayer, style: &MapStyle, lon: f64, lat: f64) -> Option<(i32, i32)> {
    check_size(style).ok()?;
    ensure_fonts();
    let projection = for_region(layer);
    let layout = Layout::new(layer, style, projection.as_ref());
    let (x, y) = projection.project(lon, lat)?;
    let (px, py) = layout.to_px(x, y);
    let f = &layout.frame;
    (px >= f.x0 && px < f.x1 && py >= f.y0 && py < f.y1)
        .then(|| (px.floor() as i32, py.floor() as i32))
}

fn check_size(style: &MapStyle) -> std::result::Result<(), String> {
    for (what, v) in [("width", style.width), ("height", style.height)] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
            return Err(format!(
                "map {what} {v} px is out of range; use {MIN_SIDE} to {MAX_SIDE} px"
            ));
        }
    }
    Ok(())
}

fn render_png(layer: &RegionLayer, style: &MapStyle) -> std::result::Result<Vec<u8>, String> {
    check_size(style)?;
    ensure_fonts();
    let (w, h) = (style.width, style.height);
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&root, layer, style).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder;
    let mut out = Vec::with_capacity(buf.len() / 16);
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(&buf, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("encoding PNG: {e}"))?;
    Ok(out)
}

fn render_svg(layer: &RegionLayer, style: &MapStyle) -> std::result::Result<String, String> {
    check_size(style)?;
    ensure_fonts();
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (style.width, style.height)).into_drawing_area();
        draw(&root, layer, style).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

// ---------------------------------------------------------------------------
// Layout

/// A rectangle in pixels (`x1`, `y1` exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Where everything goes on the canvas.
struct Layout {
    /// Size factor relative to a 1600×1200 map.
    s: f64,
    width: f64,
    height: f64,
    world: bool,
    frame: Rect,
    /// Projected point at the frame centre, and pixels per projected unit.
    cx: f64,
    cy: f64,
    scale: f64,
    title: String,
    title_size: f64,
    title_baseline: f64,
    subtitle: String,
    subtitle_size: f64,
    subtitle_baseline: f64,
    margin: f64,
    legend: Legend,
}

/// The legend: a heading and one swatch per class plus "no data".
struct Legend {
    heading: String,
    entries: Vec<(Rgb, String)>,
    horizontal: bool,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    // Metrics.
    pad: f64,
    heading_size: f64,
    label_size: f64,
    swatch_w: f64,
    swatch_h: f64,
    row_h: f64,
    gap: f64,
    label_widths: Vec<f64>,
    heading_w: f64,
}

/// The embedded sans-serif at `size` px; `FontDesc::style` keeps the old
/// face, so the style is given when the font is made.
fn font_desc(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FONT), size, style)
}

fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let font = font_desc(size, bold);
    match font.box_size(text) {
        Ok((w, _)) => f64::from(w),
        // No font: a rough estimate keeps the layout sane.
        Err(_) => text.chars().count() as f64 * size * 0.55,
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn default_title(layer: &RegionLayer) -> String {
    match &layer.measure {
        Measure::Mentions => format!("Where the texts mention: {}", layer.region.name),
        Measure::Values(label) => format!("{label} by country: {}", layer.region.name),
    }
}

fn default_subtitle(layer: &RegionLayer) -> String {
    let classes = if layer.classes.is_empty() {
        String::new()
    } else {
        format!(" · {} classes", layer.classes.method)
    };
    match &layer.measure {
        Measure::Mentions => format!(
            "{} · {} ({} of the region itself){classes}",
            plural(layer.documents, "document", "documents"),
            plural(layer.total_mentions, "mention", "mentions"),
            layer.region_mentions,
        ),
        Measure::Values(_) => {
            let with = layer.countries.iter().filter(|c| c.value.is_some()).count();
            format!(
                "{with} of {} countries with a value{classes}",
                layer.countries.len()
            )
        }
    }
}

impl Layout {
    fn new(layer: &RegionLayer, style: &MapStyle, projection: &dyn Projection) -> Layout {
        let width = f64::from(style.width);
        let height = f64::from(style.height);
        let s = (width / 1600.0).min(height / 1200.0).max(0.2);
        let margin = 40.0 * s;
        let world = layer.region.members.len() >= 150;

        // Title band: shrink long titles to fit.
        let title = style.title.clone().unwrap_or_else(|| default_title(layer));
        let subtitle = style
            .subtitle
            .clone()
            .unwrap_or_else(|| default_subtitle(layer));
        let avail = width - 2.0 * margin;
        let fit = |text: &str, size: f64, bold: bool| {
            let mut size = size;
            while size > 12.0 * s && text_width(text, size, bold) > avail {
                size *= 0.94;
            }
            size
        };
        let title_size = fit(&title, 46.0 * s, true);
        let subtitle_size = fit(&subtitle, 24.0 * s, false);
        let title_baseline = margin + 0.72 * title_size;
        let subtitle_baseline = title_baseline + 0.55 * title_size + 1.05 * subtitle_size;
        let band_bottom = subtitle_baseline + 0.3 * subtitle_size + 26.0 * s;
        let credit_band = 44.0 * s;
        let area = Rect {
            x0: margin,
            y0: band_bottom,
            x1: width - margin,
            y1: (height - credit_band).max(band_bottom + 10.0),
        };

        let legend = Legend::measure(layer, s);

        // The projected extent to show.
        let (ext, pad) = if world {
            let ee = EqualEarth {
                central_meridian: 0.0,
            };
            let (xm, _) = ee.project(180.0, 0.0).unwrap_or((2.7, 0.0));
            let (_, ym) = ee.project(0.0, 90.0).unwrap_or((0.0, 1.3));
            (Some((-xm, -ym, xm, ym)), 0.01)
        } else {
            (region_extent(layer, projection), 0.06)
        };
        let (minx, miny, maxx, maxy) = ext.unwrap_or((-0.1, -0.1, 0.1, 0.1));
        let (mut ew, mut eh) = (maxx - minx, maxy - miny);
        let (cx, cy) = ((minx + maxx) / 2.0, (miny + maxy) / 2.0);
        ew = ew.max(0.02) * (1.0 + 2.0 * pad);
        eh = eh.max(0.02) * (1.0 + 2.0 * pad);

        // Legend on the right or below, whichever leaves the bigger map.
        let gap = 24.0 * s;
        let right = (area.width() - legend.w - gap, area.height());
        let below = (area.width(), area.height() - legend.hh - gap);
        let fits = |(w, h): (f64, f64)| w > 20.0 && h > 20.0;
        let scale_in = |(w, h): (f64, f64)| (w / ew).min(h / eh);
        let horizontal = match (fits(right), fits(below) && legend.hw <= area.width()) {
            (true, true) => scale_in(below) > scale_in(right) * 1.02,
            (false, true) => true,
            _ => false,
        };
        let room = if horizontal { below } else { right };
        let room = (room.0.max(20.0), room.1.max(20.0));
        let scale = scale_in(room);
        let (fw, fh) = if world {
            (ew * scale, eh * scale)
        } else {
            room
        };
        let frame = if horizontal {
            let x0 = area.x0 + (area.width() - fw) / 2.0;
            let y0 = area.y0 + ((area.height() - fh - gap - legend.hh) / 2.0).max(0.0);
            Rect {
                x0,
                y0,
                x1: x0 + fw,
                y1: y0 + fh,
            }
        } else {
            let y0 = area.y0 + (room.1 - fh) / 2.0;
            Rect {
                x0: area.x0,
                y0,
                x1: area.x0 + fw,
                y1: y0 + fh,
            }
        };
        let mut legend = legend.into_layout(horizontal);
        if horizontal {
            legend.x = frame.x0;
            legend.y = frame.y1 + gap;
        } else {
            legend.x = frame.x1 + gap;
            legend.y = frame.y0;
        }

        Layout {
            s,
            width,
            height,
            world,
            frame,
            cx,
            cy,
            scale,
            title,
            title_size,
            title_baseline,
            subtitle,
            subtitle_size,
            subtitle_baseline,
            margin,
            legend,
        }
    }

    /// Projected coordinates to (fractional) pixels.
    fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        let f = &self.frame;
        (
            (f.x0 + f.x1) / 2.0 + (x - self.cx) * self.scale,
            (f.y0 + f.y1) / 2.0 - (y - self.cy) * self.scale,
        )
    }
}

/// A measured legend, before it is placed.
struct LegendSize {
    legend: Legend,
    /// Size of the vertical box.
    w: f64,
    /// Size of the horizontal strip.
    hw: f64,
    hh: f64,
}

impl Legend {
    fn measure(layer: &RegionLayer, s: f64) -> LegendSize {
        let (heading, none) = match &layer.measure {
            Measure::Mentions => ("Mentions".to_string(), "No mentions"),
            Measure::Values(label) => (label.clone(), "No data"),
        };
        let colours = palette::sequential(layer.classes.len());
        let mut entries: Vec<(Rgb, String)> = colours
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, layer.classes.label(i)))
            .collect();
        entries.push((palette::NO_DATA, none.to_string()));
        let pad = 18.0 * s;
        let heading_size = 24.0 * s;
        let label_size = 21.0 * s;
        let swatch_w = 40.0 * s;
        let swatch_h = 26.0 * s;
        let row_h = 38.0 * s;
        let gap = 12.0 * s;
        let label_widths: Vec<f64> = entries
            .iter()
            .map(|(_, l)| text_width(l, label_size, false))
            .collect();
        let heading_w = text_width(&heading, heading_size, true);
        let max_label = label_widths.iter().copied().fold(0.0, f64::max);
        let w = (2.0 * pad + swatch_w + gap + max_label).max(2.0 * pad + heading_w);
        let h = 2.0 * pad + heading_size * 1.2 + 8.0 * s + row_h * entries.len() as f64;
        let hw = 2.0 * pad
            + heading_w
            + 2.0 * gap
            + label_widths
                .iter()
                .map(|lw| swatch_w + gap + lw + 2.0 * gap)
                .sum::<f64>();
        let hh = 2.0 * pad + row_h;
        LegendSize {
            legend: Legend {
                heading,
                entries,
                horizontal: false,
                x: 0.0,
                y: 0.0,
                w,
                h,
                pad,
                heading_size,
                label_size,
                swatch_w,
                swatch_h,
                row_h,
                gap,
                label_widths,
                heading_w,
            },
            w,
            hw,
            hh,
        }
    }
}

impl LegendSize {
    fn into_layout(self, horizontal: bool) -> Legend {
        let mut legend = self.legend;
        legend.horizontal = horizontal;
        if horizontal {
            legend.w = self.hw;
            legend.h = self.hh;
        }
        legend
    }
}

/// The projected extent of the members and context countries.
fn region_extent(layer: &RegionLayer, projection: &dyn Projection) -> Option<(f64, f64, f64, f64)> {
    let gaz = layer.gazetteer;
    let mut ext: Option<(f64, f64, f64, f64)> = None;
    let mut add = |x: f64, y: f64| {
        ext = Some(match ext {
            None => (x, y, x, y),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
        });
    };
    for id in frame_countries(layer) {
        match gaz.geometry(id) {
            Some(geometry) => {
                for poly in &geometry.0 {
                    let pts: Option<Vec<(f64, f64)>> = poly
                        .exterior()
                        .0
                        .iter()
                        .map(|c| projection.project(c.x, c.y))
                        .collect();
                    for (x, y) in pts.unwrap_or_default() {
                        add(x, y);
                    }
                }
            }
            None => {
                if let Some(p) = gaz.country(id).label {
                    if let Some((x, y)) = projection.project(p.x(), p.y()) {
                        add(x, y);
                    }
                }
            }
        }
    }
    ext
}

// ---------------------------------------------------------------------------
// Geometry in pixels

/// One country's polygons, projected to pixels, simplified and clipped.
struct PxCountry {
    id: CountryId,
    member: bool,
    /// Projected area in square pixels, before clipping.
    area: f64,
    /// Clipped rings (exteriors and holes) in pixels.
    rings: Vec<Vec<(f64, f64)>>,
}

/// Projects a multipolygon to pixel rings: polygons with a vertex the
/// projection cannot draw, or entirely outside the frame, are skipped; rings
/// are thinned (points closer than half a pixel dropped) and clipped to the
/// frame. Returns the rings and the unclipped area.
fn project_multipolygon(
    geometry: &MultiPolygon<f64>,
    projection: &dyn Projection,
    layout: &Layout,
) -> (Vec<Vec<(f64, f64)>>, f64) {
    let frame = layout.frame;
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
fn ring_area(ring: &[(f64, f64)]) -> f64 {
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
fn stroke_paths(ring: &[(f64, f64)], r: &Rect) -> Vec<Vec<(i32, i32)>> {
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

fn px(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// A ring as integer pixels with repeated points removed.
fn int_ring(ring: &[(f64, f64)]) -> Vec<(i32, i32)> {
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

// ---------------------------------------------------------------------------
// Drawing

fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Draws text with its baseline at `y`; a text the font cannot draw is
/// skipped rather than failing the map.
#[allow(clippy::too_many_arguments)]
fn text<DB: DrawingBackend>(
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
    if font.box_size(s).is_err() {
        return Ok(());
    }
    let style = font.color(&c).pos(Pos::new(h, VPos::Top));
    let pos = (x.round() as i32, (baseline - size / 2.0).round() as i32);
    root.draw(&Text::new(s.to_string(), pos, style))
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

    // Markers for members too small to see.
    let area_of: std::collections::HashMap<CountryId, f64> =
        countries.iter().map(|c| (c.id, c.area)).collect();
    let label_px = |id: CountryId| -> Option<(f64, f64)> {
        let p = gaz.country(id).label?;
        let (x, y) = projection.project(p.x(), p.y())?;
        let q = l.to_px(x, y);
        (q.0 >= frame.x0 && q.0 < frame.x1 && q.1 >= frame.y0 && q.1 < frame.y1).then_some(q)
    };
    let radius = 6.0 * s;
    let mut markers: Vec<(CountryId, (f64, f64))> = Vec::new();
    for c in &layer.countries {
        let small = area_of.get(&c.id).is_none_or(|a| *a < 40.0 * s * s);
        // On a world map, circles for every small state without data would
        // bury Europe and the Caribbean; only those with data get one.
        if !small || (l.world && c.class.is_none()) {
            continue;
        }
        if let Some(p) = label_px(c.id) {
            markers.push((c.id, p));
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
    let marker_rects: Vec<(CountryId, Rect)> = markers
        .iter()
        .map(|(id, p)| {
            let r = Rect {
                x0: p.0 - radius,
                y0: p.1 - radius,
                x1: p.0 + radius,
                y1: p.1 + radius,
            };
            (*id, r)
        })
        .collect();
    let mut placed: Vec<Rect> = Vec::new();
    for stat in layer.ranked().into_iter().take(style.labels) {
        let Some(anchor) = label_px(stat.id) else {
            continue;
        };
        let name = gaz.country(stat.id).name.clone();
        let count = match layer.measure {
            Measure::Mentions => stat.mentions.to_string(),
            Measure::Values(_) => stat.value.map(number).unwrap_or_default(),
        };
        let name_w = text_width(&name, label_size, false);
        let space = 0.3 * label_size;
        let count_w = text_width(&count, label_size, true);
        let pad_x = 7.0 * s;
        let pad_y = 5.0 * s;
        let bw = name_w + space + count_w + 2.0 * pad_x;
        let bh = 0.9 * label_size + 2.0 * pad_y;
        let has_marker = markers.iter().any(|(id, _)| *id == stat.id);
        // A label fits on a big country; a small one (or a marker) keeps
        // its label beside it: right, left, above or below, whichever is free.
        let country_area = area_of.get(&stat.id).copied().unwrap_or(0.0);
        let beside = has_marker || country_area < 3.0 * bw * bh;
        let off = if has_marker {
            radius + 4.0 * s
        } else {
            10.0 * s
        };
        let candidates: Vec<(f64, f64)> = if beside {
            vec![
                (anchor.0 + off, anchor.1 - bh / 2.0),
                (anchor.0 - off - bw, anchor.1 - bh / 2.0),
                (anchor.0 - bw / 2.0, anchor.1 - off - bh),
                (anchor.0 - bw / 2.0, anchor.1 + off),
            ]
        } else {
            vec![(anchor.0 - bw / 2.0, anchor.1 - bh / 2.0)]
        };
        let free = |rect: &Rect| {
            let hides_marker = marker_rects
                .iter()
                .any(|(id, r)| *id != stat.id && r.overlaps(rect));
            !hides_marker && !placed.iter().any(|r| r.overlaps(rect))
        };
        let found = candidates.into_iter().find_map(|(x0, y0)| {
            let x0 = x0.min(frame.x1 - bw - 4.0 * s).max(frame.x0 + 4.0 * s);
            let y0 = y0.min(frame.y1 - bh - 4.0 * s).max(frame.y0 + 4.0 * s);
            let rect = Rect {
                x0,
                y0,
                x1: x0 + bw,
                y1: y0 + bh,
            };
            free(&rect).then_some(rect)
        });
        let Some(rect) = found else {
            continue;
        };
        root.draw(&Rectangle::new(
            [px((rect.x0, rect.y0)), px((rect.x1, rect.y1))],
            WHITE.mix(0.88).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [px((rect.x0, rect.y0)), px((rect.x1, rect.y1))],
            colour(palette::CONTEXT_BORDER).stroke_width(1),
        ))?;
        let baseline = rect.y0 + pad_y + 0.72 * label_size;
        let text_c = colour(palette::TEXT);
        text(
            root,
            &name,
            rect.x0 + pad_x,
            baseline,
            label_size,
            false,
            text_c,
            HPos::Left,
        )?;
        text(
            root,
            &count,
            rect.x0 + pad_x + name_w + space,
            baseline,
            label_size,
            true,
            text_c,
            HPos::Left,
        )?;
        placed.push(rect);
    }

    // Title and subtitle.
    let text_c = colour(palette::TEXT);
    text(
        root,
        &l.title,
        l.margin,
        l.title_baseline,
        l.title_size,
        true,
        text_c,
        HPos::Left,
    )?;
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

fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lg: &Legend,
    s: f64,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let box_rect = [px((lg.x, lg.y)), px((lg.x + lg.w, lg.y + lg.h))];
    root.draw(&Rectangle::new(box_rect, WHITE.filled()))?;
    root.draw(&Rectangle::new(
        box_rect,
        colour(palette::CONTEXT_BORDER).stroke_width(1),
    ))?;
    let text_c = colour(palette::TEXT);
    let swatch = |x: f64, y: f64, c: Rgb| {
        let r = [px((x, y)), px((x + lg.swatch_w, y + lg.swatch_h))];
        root.draw(&Rectangle::new(r, colour(c).filled()))?;
        root.draw(&Rectangle::new(
            r,
            RGBColor(0x99, 0x99, 0x99).stroke_width(1),
        ))
    };
    if lg.horizontal {
        let mid = lg.y + lg.h / 2.0;
        let mut x = lg.x + lg.pad;
        text(
            root,
            &lg.heading,
            x,
            mid + 0.36 * lg.heading_size,
            lg.heading_size,
            true,
            text_c,
            HPos::Left,
        )?;
        x += lg.heading_w + 2.0 * lg.gap;
        for ((c, label), lw) in lg.entries.iter().zip(&lg.label_widths) {
            swatch(x, mid - lg.swatch_h / 2.0, *c)?;
            x += lg.swatch_w + lg.gap;
            text(
                root,
                label,
                x,
                mid + 0.36 * lg.label_size,
                lg.label_size,
                false,
                text_c,
                HPos::Left,
            )?;
            x += lw + 2.0 * lg.gap;
        }
    } else {
        let x = lg.x + lg.pad;
        let mut y = lg.y + lg.pad;
        text(
            root,
            &lg.heading,
            x,
            y + 0.8 * lg.heading_size,
            lg.heading_size,
            true,
            text_c,
            HPos::Left,
        )?;
        y += lg.heading_size * 1.2 + 8.0 * s;
        for (c, label) in &lg.entries {
            let sy = y + (lg.row_h - lg.swatch_h) / 2.0;
            swatch(x, sy, *c)?;
            text(
                root,
                label,
                x + lg.swatch_w + lg.gap,
                sy + lg.swatch_h / 2.0 + 0.36 * lg.label_size,
                lg.label_size,
                false,
                text_c,
                HPos::Left,
            )?;
            y += lg.row_h;
        }
    }
    Ok(())
}
