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

mod canvas;
mod draw;
mod geometry;
mod labels;
mod layout;
mod legend;
mod panels;
mod text;
mod trend;

use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::prelude::*;
use plotters::style::{register_font, FontDesc, FontStyle};

use crate::error::{Error, Result};
use crate::layers::RegionLayer;
use crate::output::write_atomic;
use crate::render::projection::for_region;

pub use draw::draw;
use layout::Layout;
pub use panels::{write_first_mention, write_panels};
pub use trend::{write_trend, MAX_LINES};

/// How a map is drawn.
///
/// ```
/// use geomention::render::map::MapStyle;
/// let style = MapStyle { title: Some("Scam compounds in the news".into()), ..MapStyle::default() };
/// assert_eq!((style.width, style.height, style.labels), (1600, 1200, 8));
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
            labels: 8,
        }
    }
}

// ---------------------------------------------------------------------------
// Fonts

const FONT: &str = "sans-serif";
static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
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

// ---------------------------------------------------------------------------
// Entry points and encoding

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

/// The map frame's extent in the map's projected coordinates (unit
/// sphere): `(min x, min y, max x, max y)`. Times
/// [`EARTH_RADIUS_M`](crate::render::projection::EARTH_RADIUS_M) it is the
/// extent in metres of [`proj_definition`](crate::render::projection::proj_definition).
///
/// ```
/// use geomention::layers::{LayerOptions, RegionLayer};
/// use geomention::render::map::{frame_extent, MapStyle};
/// use geomention::tally::Tally;
/// use geomention::{Gazetteer, RegionSet};
/// let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
/// let layer = RegionLayer::build(gaz, regions, regions.get("africa").unwrap(), &Tally::default(), None, &LayerOptions::default());
/// let (x0, y0, x1, y1) = frame_extent(&layer, &MapStyle::default()).unwrap();
/// assert!(x0 < 0.0 && x1 > 0.0 && y0 < 0.0 && y1 > 0.0);
/// ```
pub fn frame_extent(layer: &RegionLayer, style: &MapStyle) -> Option<(f64, f64, f64, f64)> {
    check_size(style).ok()?;
    ensure_fonts();
    let projection = for_region(layer);
    let layout = Layout::new(layer, style, projection.as_ref());
    let f = &layout.frame;
    let (x0, y1) = layout.to_projected(f.x0, f.y0);
    let (x1, y0) = layout.to_projected(f.x1, f.y1);
    Some((x0, y0, x1, y1))
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
