//! Where everything goes on the canvas: the title band, the map frame fitted
//! to the region's projected extent, and the legend's place beside or below
//! it.

use crate::layers::{Measure, RegionLayer};
use crate::render::frame::framing;
use crate::render::projection::{EqualEarth, Projection};
use crate::render::xml::single_line;

use super::legend::Legend;
use super::{text_width, MapStyle};

/// A rectangle in pixels (`x1`, `y1` exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    pub(super) fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Where everything goes on the canvas.
pub(super) struct Layout {
    /// Size factor relative to a 1600×1200 map.
    pub(super) s: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) world: bool,
    pub(super) frame: Rect,
    /// Projected point at the frame centre, and pixels per projected unit.
    cx: f64,
    cy: f64,
    scale: f64,
    /// The title's lines (one or two).
    pub(super) title: Vec<String>,
    pub(super) title_size: f64,
    pub(super) title_baseline: f64,
    pub(super) subtitle: String,
    pub(super) subtitle_size: f64,
    pub(super) subtitle_baseline: f64,
    pub(super) margin: f64,
    pub(super) legend: Legend,
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
    pub(super) fn new(
        layer: &RegionLayer,
        style: &MapStyle,
        projection: &dyn Projection,
    ) -> Layout {
        let width = f64::from(style.width);
        let height = f64::from(style.height);
        let s = (width / 1600.0).min(height / 1200.0).max(0.2);
        let margin = 40.0 * s;
        let world = layer.region.members.len() >= 150;

        // Title band: long titles shrink a little, then wrap to two lines,
        // then end in an ellipsis; the subtitle shrinks, then ellipsizes.
        let title = single_line(&style.title.clone().unwrap_or_else(|| default_title(layer)));
        let subtitle = single_line(
            &style
                .subtitle
                .clone()
                .unwrap_or_else(|| default_subtitle(layer)),
        );
        let avail = width - 2.0 * margin;
        let fit = |text: &str, size: f64, min: f64, bold: bool| {
            let mut size = size;
            while size > min && text_width(text, size, bold) > avail {
                size *= 0.94;
            }
            size.max(min)
        };
        let title_size = fit(&title, 46.0 * s, 32.0 * s, true);
        let title = wrap(&title, title_size, avail, true, 2);
        let subtitle_size = fit(&subtitle, 24.0 * s, 16.0 * s, false);
        let subtitle = wrap(&subtitle, subtitle_size, avail, false, 1).join(" ");
        let title_baseline = margin + 0.72 * title_size;
        let last_title = title_baseline + 1.15 * title_size * (title.len().max(1) - 1) as f64;
        let subtitle_baseline = last_title + 0.55 * title_size + 1.05 * subtitle_size;
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

    /// (Fractional) pixels to projected coordinates.
    pub(super) fn to_projected(&self, px: f64, py: f64) -> (f64, f64) {
        let f = &self.frame;
        (
            self.cx + (px - (f.x0 + f.x1) / 2.0) / self.scale,
            self.cy - (py - (f.y0 + f.y1) / 2.0) / self.scale,
        )
    }

    /// Projected coordinates to (fractional) pixels.
    pub(super) fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        let f = &self.frame;
        (
            (f.x0 + f.x1) / 2.0 + (x - self.cx) * self.scale,
            (f.y0 + f.y1) / 2.0 - (y - self.cy) * self.scale,
        )
    }
}

/// `text` in at most `max_lines` lines of at most `avail` pixels, broken
/// at spaces (or anywhere in a word longer than a line), the last line
/// ending in "…" when the text does not fit.
pub(super) fn wrap(text: &str, size: f64, avail: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let fits = |t: &str| text_width(t, size, bold) <= avail;
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() && lines.len() < max_lines {
        let rest: String = chars[start..].iter().collect();
        if fits(&rest) {
            lines.push(rest);
            break;
        }
        if lines.len() + 1 == max_lines {
            lines.push(ellipsized(&chars[start..], &fits));
            break;
        }
        // The longest prefix that fits (binary search: titles can be long).
        let (mut lo, mut hi) = (1, chars.len() - start);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let prefix: String = chars[start..start + mid].iter().collect();
            if fits(&prefix) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let end = start + lo;
        // Back up to a space when there is one in the line.
        let cut = (start + 1..end)
            .rev()
            .find(|&i| chars[i] == ' ')
            .unwrap_or(end);
        lines.push(
            chars[start..cut]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start = cut;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    lines
}

/// The longest start of `chars` that fits with "…" after it.
fn ellipsized(chars: &[char], fits: &dyn Fn(&str) -> bool) -> String {
    let with = |n: usize| format!("{}…", chars[..n].iter().collect::<String>().trim_end());
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(&with(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    with(lo)
}

/// The projected extent of the parts the region is framed on (see
/// [`crate::render::frame`]).
pub(super) fn region_extent(
    layer: &RegionLayer,
    projection: &dyn Projection,
) -> Option<(f64, f64, f64, f64)> {
    let framing = framing(layer);
    let mut ext: Option<(f64, f64, f64, f64)> = None;
    let mut add = |x: f64, y: f64| {
        ext = Some(match ext {
            None => (x, y, x, y),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
        });
    };
    for poly in &framing.polygons {
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
    for p in &framing.points {
        if let Some((x, y)) = projection.project(p.x(), p.y()) {
            add(x, y);
        }
    }
    ext
}
