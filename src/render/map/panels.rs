//! Maps over time: small multiples (one mini-map per period, one shared
//! legend) and the first-mention ("spread") map.
//!
//! A region is projected once into a [`Basemap`]; each panel only fills
//! it with its period's colours, so 36 panels cost little more than one
//! map.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::error::Result;
use crate::gazetteer::CountryId;
use crate::layers::RegionLayer;
use crate::periods::Period;
use crate::render::palette::{self, Rgb};
use crate::render::projection::for_region;
use crate::timemaps::{RegionTimeline, PANELS_PER_IMAGE};

use super::canvas::{self, DrawResult, Picture};
use super::draw::{colour, text};
use super::geometry::{int_ring, project_multipolygon, px, stroke_paths, Frame};
use super::layout::{region_extent, Rect};
use super::{text_width, MapStyle};

/// Clipped rings in pixels.
type Rings = Vec<Vec<(f64, f64)>>;

/// Projected area (px²) under which a member is drawn as a circle too.
const SMALL: f64 = 30.0;

/// A region projected to a map of a fixed size, ready to be filled many
/// times: every country's clipped rings in pixels from the map's top-left.
pub(super) struct Basemap {
    pub(super) w: f64,
    pub(super) h: f64,
    /// Countries, largest first (fills in this order leave enclaves on top).
    countries: Vec<(CountryId, bool, Rings)>,
    outline: Rings,
    /// Members too small to see, with the pixel they are marked at.
    markers: Vec<(CountryId, (f64, f64))>,
    /// Members' label points in pixels (those on the map), with their
    /// projected area in px².
    anchors: Vec<(CountryId, (f64, f64), f64)>,
    /// A world map: small states get a circle only when they have data,
    /// as on the all-time map.
    world: bool,
}

/// A map frame of a given size fitted to a projected extent.
struct Fit {
    frame: Rect,
    cx: f64,
    cy: f64,
    scale: f64,
}

impl Frame for Fit {
    fn frame(&self) -> Rect {
        self.frame
    }
    fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.frame.x1 / 2.0 + (x - self.cx) * self.scale,
            self.frame.y1 / 2.0 - (y - self.cy) * self.scale,
        )
    }
}

impl Basemap {
    /// The region of `layer` projected to a map `w` pixels wide, as high
    /// as the region's shape asks (between 0.45 and 1.3 times as high as
    /// wide).
    pub(super) fn new(layer: &RegionLayer, w: f64) -> Basemap {
        let projection = for_region(layer);
        let projection = projection.as_ref();
        let (x0, y0, x1, y1) = region_extent(layer, projection).unwrap_or((-0.1, -0.1, 0.1, 0.1));
        let pad = 1.08;
        let (ew, eh) = (((x1 - x0) * pad).max(1e-3), ((y1 - y0) * pad).max(1e-3));
        let h = (w * eh / ew).clamp(0.45 * w, 1.3 * w).round();
        let fit = Fit {
            frame: Rect {
                x0: 0.0,
                y0: 0.0,
                x1: w,
                y1: h,
            },
            cx: (x0 + x1) / 2.0,
            cy: (y0 + y1) / 2.0,
            scale: (w / ew).min(h / eh),
        };
        let gaz = layer.gazetteer;
        let mut countries = Vec::new();
        let mut small = Vec::new();
        for id in gaz.ids() {
            let member = layer.region.contains(id);
            if !member && gaz.country(id).iso_a3 == "ATA" {
                continue;
            }
            let (rings, area) = match gaz.geometry(id) {
                Some(g) => project_multipolygon(g, projection, &fit),
                None => (Vec::new(), 0.0),
            };
            if member && area < SMALL {
                small.push(id);
            }
            countries.push((id, member, rings, area));
        }
        countries.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0)));
        let on_map = |id: CountryId| {
            let p = gaz.country(id).label?;
            let (x, y) = projection.project(p.x(), p.y())?;
            let q = fit.to_px(x, y);
            (q.0 >= 0.0 && q.0 < w && q.1 >= 0.0 && q.1 < h).then_some(q)
        };
        let markers = small
            .into_iter()
            .filter_map(|id| on_map(id).map(|q| (id, q)))
            .collect();
        let anchors = countries
            .iter()
            .filter(|c| c.1)
            .filter_map(|c| on_map(c.0).map(|q| (c.0, q, c.3)))
            .collect();
        let (outline, _) = project_multipolygon(&layer.outline, projection, &fit);
        Basemap {
            w,
            h,
            countries: countries
                .into_iter()
                .filter(|c| !c.2.is_empty())
                .map(|(id, m, rings, _)| (id, m, rings))
                .collect(),
            outline,
            markers,
            anchors,
            world: layer.region.members.len() >= 150,
        }
    }

    /// Draws the map with its top-left at `at`, members filled by `fill`.
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        at: (f64, f64),
        fill: &dyn Fn(CountryId) -> Rgb,
        s: f64,
    ) -> DrawResult<DB> {
        let shift = |ring: &[(f64, f64)]| -> Vec<(f64, f64)> {
            ring.iter().map(|p| (p.0 + at.0, p.1 + at.1)).collect()
        };
        let frame = Rect {
            x0: at.0,
            y0: at.1,
            x1: at.0 + self.w,
            y1: at.1 + self.h,
        };
        root.draw(&Rectangle::new(
            [px((frame.x0, frame.y0)), px((frame.x1, frame.y1))],
            colour(palette::OCEAN).filled(),
        ))?;
        for (id, member, rings) in &self.countries {
            let c = if *member { fill(*id) } else { palette::CONTEXT };
            for ring in rings {
                let pts = int_ring(&shift(ring));
                if pts.len() >= 3 {
                    root.draw(&Polygon::new(pts, colour(c).filled()))?;
                }
            }
        }
        let thin = (s.round() as u32).max(1);
        for member in [false, true] {
            let c = colour(if member {
                palette::BORDER
            } else {
                palette::CONTEXT_BORDER
            });
            for (_, _, rings) in self.countries.iter().filter(|c| c.1 == member) {
                for ring in rings {
                    for path in stroke_paths(&shift(ring), &frame) {
                        root.draw(&PathElement::new(path, c.stroke_width(thin)))?;
                    }
                }
            }
        }
        let outline = colour(palette::OUTLINE).mix(0.8);
        for ring in &self.outline {
            for path in stroke_paths(&shift(ring), &frame) {
                root.draw(&PathElement::new(path, outline.stroke_width(thin)))?;
            }
        }
        let r = (4.0 * s).round().max(2.0) as u32;
        for (id, p) in &self.markers {
            if self.world && fill(*id) == palette::NO_DATA {
                continue;
            }
            let centre = px((p.0 + at.0, p.1 + at.1));
            root.draw(&Circle::new(centre, r, colour(fill(*id)).filled()))?;
            root.draw(&Circle::new(
                centre,
                r,
                colour(palette::OUTLINE).stroke_width(1),
            ))?;
        }
        root.draw(&Rectangle::new(
            [
                px((frame.x0, frame.y0)),
                px((frame.x1 - 1.0, frame.y1 - 1.0)),
            ],
            colour(palette::CONTEXT_BORDER).stroke_width(thin),
        ))
    }
}

/// Legend swatches in rows: a heading, then colour and label pairs,
/// wrapped to `width`. Returns its height when drawn (or measured, with
/// `root` `None`).
fn swatches<DB: DrawingBackend>(
    root: Option<&DrawingArea<DB, Shift>>,
    at: (f64, f64),
    width: f64,
    heading: &str,
    entries: &[(Rgb, String)],
    s: f64,
) -> std::result::Result<f64, DrawingAreaErrorKind<DB::ErrorType>> {
    let (size, sw, sh, row, gap) = (19.0 * s, 34.0 * s, 22.0 * s, 34.0 * s, 10.0 * s);
    let text_c = colour(palette::TEXT);
    let heading_w = text_width(heading, size, true);
    let mut x = at.0 + heading_w + 2.0 * gap;
    let mut y = at.1;
    if let Some(root) = root {
        text(
            root,
            heading,
            at.0,
            y + 0.5 * row + 0.36 * size,
            size,
            true,
            text_c,
            HPos::Left,
        )?;
    }
    for (c, label) in entries {
        let w = sw + gap + text_width(label, size, false) + 2.0 * gap;
        if x + w > at.0 + width && x > at.0 + heading_w + 2.0 * gap {
            x = at.0 + heading_w + 2.0 * gap;
            y += row;
        }
        if let Some(root) = root {
            let top = y + (row - sh) / 2.0;
            let r = [px((x, top)), px((x + sw, top + sh))];
            root.draw(&Rectangle::new(r, colour(*c).filled()))?;
            root.draw(&Rectangle::new(
                r,
                RGBColor(0x99, 0x99, 0x99).stroke_width(1),
            ))?;
            let baseline = y + 0.5 * row + 0.36 * size;
            text(
                root,
                label,
                x + sw + gap,
                baseline,
                size,
                false,
                text_c,
                HPos::Left,
            )?;
        }
        x += w;
    }
    Ok(y + row - at.1)
}

/// The title block: title and subtitle from `at`; returns its height.
fn titles<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (f64, f64),
    width: f64,
    title: &str,
    subtitle: &str,
    s: f64,
) -> DrawResult<DB> {
    let fit = |t: &str, size: f64, bold: bool| {
        let mut size = size;
        while size > 12.0 * s && text_width(t, size, bold) > width {
            size *= 0.94;
        }
        size
    };
    let (ts, ss) = (fit(title, 40.0 * s, true), fit(subtitle, 22.0 * s, false));
    let text_c = colour(palette::TEXT);
    text(
        root,
        title,
        at.0,
        at.1 + 0.8 * ts,
        ts,
        true,
        text_c,
        HPos::Left,
    )?;
    let grey = RGBColor(0x55, 0x55, 0x55);
    text(
        root,
        subtitle,
        at.0,
        at.1 + 1.1 * ts + 1.0 * ss,
        ss,
        false,
        grey,
        HPos::Left,
    )
}

/// Height of the title block.
fn titles_height(s: f64) -> f64 {
    40.0 * s * 1.1 + 22.0 * s * 1.6 + 20.0 * s
}

const CREDIT: &str = "Boundaries: Natural Earth (public domain) · made with geomention";

fn credit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    w: f64,
    h: f64,
    s: f64,
) -> DrawResult<DB> {
    let grey = RGBColor(0x6b, 0x6b, 0x6b);
    text(
        root,
        CREDIT,
        w - 28.0 * s,
        h - 12.0 * s,
        15.0 * s,
        false,
        grey,
        HPos::Right,
    )
}

fn plural(n: u64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// One image of small multiples: some of a region's periods.
struct Panels<'a> {
    timeline: &'a RegionTimeline<'a>,
    base: &'a Basemap,
    /// Indexes into `timeline.periods`.
    shown: std::ops::Range<usize>,
    /// Page number and page count.
    page: (usize, usize),
    cols: usize,
    title: String,
    w: u32,
    h: u32,
}

/// Panel spacing and the height of a panel's title strip.
const GAP: f64 = 14.0;
const STRIP: f64 = 30.0;
const MARGIN: f64 = 28.0;

impl<'a> Panels<'a> {
    fn new(
        timeline: &'a RegionTimeline<'a>,
        base: &'a Basemap,
        shown: std::ops::Range<usize>,
        page: (usize, usize),
        title: String,
    ) -> Panels<'a> {
        let n = shown.len().max(1);
        // Columns that make the grid about 4:3.
        let cell = (base.w + GAP, base.h + STRIP + GAP);
        let cols = (1..=n.min(8))
            .min_by(|&a, &b| {
                let ratio = |c: usize| {
                    let rows = n.div_ceil(c);
                    ((c as f64 * cell.0) / (rows as f64 * cell.1) / (4.0 / 3.0))
                        .ln()
                        .abs()
                };
                ratio(a).total_cmp(&ratio(b))
            })
            .unwrap_or(1);
        let rows = n.div_ceil(cols);
        let inner_w = cols as f64 * cell.0 - GAP;
        let entries = legend_entries(timeline);
        let heading = format!("Mentions per {}", timeline.granularity.name());
        let legend_h = swatches::<SVGBackend>(None, (0.0, 0.0), inner_w, &heading, &entries, 1.0)
            .unwrap_or(34.0);
        let w = inner_w + 2.0 * MARGIN;
        let h = MARGIN + titles_height(1.0) + rows as f64 * cell.1 + legend_h + 40.0 + MARGIN;
        Panels {
            timeline,
            base,
            shown,
            page,
            cols,
            title,
            w: w.ceil() as u32,
            h: h.ceil() as u32,
        }
    }
}

/// The shared classes as legend entries, and "No mentions".
fn legend_entries(t: &RegionTimeline) -> Vec<(Rgb, String)> {
    let colours = palette::sequential(t.classes.len());
    let mut entries: Vec<(Rgb, String)> = colours.into_iter().zip(t.classes.labels()).collect();
    entries.push((palette::NO_DATA, "No mentions".into()));
    entries
}

/// The fill of a member in a layer: its class colour, or "no mentions".
fn class_fill(layer: &RegionLayer, colours: &[Rgb], id: CountryId) -> Rgb {
    layer
        .countries
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| c.class)
        .and_then(|k| colours.get(k).copied())
        .unwrap_or(palette::NO_DATA)
}

impl Picture for Panels<'_> {
    fn size(&self) -> (u32, u32) {
        (self.w, self.h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let t = self.timeline;
        let periods = &t.periods[self.shown.clone()];
        let (first, last) = (periods[0].period, periods[periods.len() - 1].period);
        let total: u64 = periods.iter().map(|p| p.layer.total_mentions).sum();
        let mut subtitle = format!(
            "{} – {} · {} in all · one classification for every panel",
            first.title(),
            last.title(),
            plural(total, "mention"),
        );
        if self.page.1 > 1 {
            subtitle.push_str(&format!(
                " · image {} of {} ({} periods per image)",
                self.page.0, self.page.1, PANELS_PER_IMAGE
            ));
        }
        let inner_w = f64::from(self.w) - 2.0 * MARGIN;
        titles(root, (MARGIN, MARGIN), inner_w, &self.title, &subtitle, 1.0)?;
        let top = MARGIN + titles_height(1.0);
        let colours = palette::sequential(t.classes.len());
        let text_c = colour(palette::TEXT);
        let grey = RGBColor(0x55, 0x55, 0x55);
        for (i, p) in periods.iter().enumerate() {
            let (col, row) = (i % self.cols, i / self.cols);
            let x = MARGIN + col as f64 * (self.base.w + GAP);
            let y = top + row as f64 * (self.base.h + STRIP + GAP);
            let baseline = y + STRIP - 9.0;
            text(
                root,
                &p.period.title(),
                x,
                baseline,
                19.0,
                true,
                text_c,
                HPos::Left,
            )?;
            let count = if p.layer.total_mentions == 0 {
                "no mentions".to_string()
            } else {
                plural(p.layer.total_mentions, "mention")
            };
            text(
                root,
                &count,
                x + self.base.w,
                baseline,
                16.0,
                false,
                grey,
                HPos::Right,
            )?;
            let fill = |id: CountryId| class_fill(&p.layer, &colours, id);
            self.base.draw(root, (x, y + STRIP), &fill, 1.0)?;
        }
        let rows = periods.len().div_ceil(self.cols);
        let legend_y = top + rows as f64 * (self.base.h + STRIP + GAP) + 6.0;
        let heading = format!("Mentions per {}", t.granularity.name());
        swatches(
            Some(root),
            (MARGIN, legend_y),
            inner_w,
            &heading,
            &legend_entries(t),
            1.0,
        )?;
        credit(root, f64::from(self.w), f64::from(self.h), 1.0)
    }
}

/// Width of one panel's map, in pixels.
const PANEL_W: f64 = 380.0;

/// Writes the small multiples of a region's periods: `<base>.<ext>` with
/// the first [`PANELS_PER_IMAGE`] periods, `<base>-2.<ext>` with the next
/// ones, and so on. Returns the paths written.
pub fn write_panels(
    t: &RegionTimeline,
    style: &MapStyle,
    base: &Path,
    ext: &str,
) -> Result<Vec<PathBuf>> {
    let map = Basemap::new(&t.all_time, PANEL_W);
    let n = t.periods.len();
    let pages = n.div_ceil(PANELS_PER_IMAGE).max(1);
    let title = style.title.clone().unwrap_or_else(|| {
        format!(
            "Mentions by {}: {}",
            t.granularity.name(),
            t.all_time.region.name
        )
    });
    let mut written = Vec::new();
    for page in 0..pages {
        let start = page * PANELS_PER_IMAGE;
        let shown = start..(start + PANELS_PER_IMAGE).min(n);
        let name = match page {
            0 => format!("{}.{ext}", base.display()),
            k => format!("{}-{}.{ext}", base.display(), k + 1),
        };
        let path = PathBuf::from(name);
        let picture = Panels::new(t, &map, shown, (page + 1, pages), title.clone());
        canvas::write(&picture, &path)?;
        written.push(path);
    }
    Ok(written)
}

/// The first-mention map: members coloured by the period they were first
/// mentioned in.
struct FirstMention<'a> {
    timeline: &'a RegionTimeline<'a>,
    base: Basemap,
    /// Legend bins: (first period, last period) of each colour, earliest
    /// first, and the colours.
    bins: Vec<(Period, Period)>,
    colours: Vec<Rgb>,
    entries: Vec<(Rgb, String)>,
    title: String,
    w: u32,
    h: u32,
}

/// The most colours on the first-mention map: more periods are grouped.
const MAX_BINS: usize = 8;

impl<'a> FirstMention<'a> {
    fn new(t: &'a RegionTimeline<'a>, style: &MapStyle) -> FirstMention<'a> {
        let w = f64::from(style.width.clamp(800, 3200));
        let s = w / 1600.0;
        let base = Basemap::new(&t.all_time, w - 2.0 * MARGIN * s);
        // Periods in which some member was first mentioned.
        let firsts: Vec<Period> = {
            let mut v: Vec<Period> = t
                .all_time
                .countries
                .iter()
                .filter_map(|c| t.first_mention(c.id))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let bins: Vec<(Period, Period)> = if firsts.len() <= MAX_BINS {
            firsts.iter().map(|p| (*p, *p)).collect()
        } else {
            // Equal stretches of the timeline, keeping those that hold a
            // first mention.
            let all: Vec<Period> = t.periods.iter().map(|p| p.period).collect();
            let per = all.len().div_ceil(MAX_BINS);
            all.chunks(per)
                .map(|c| (c[0], c[c.len() - 1]))
                .filter(|(a, b)| firsts.iter().any(|f| f >= a && f <= b))
                .collect()
        };
        let mut colours = palette::sequential(bins.len());
        colours.reverse(); // the earliest darkest: where the story starts stands out
        let title = format!(
            "When each country was first mentioned: {}",
            t.all_time.region.name
        );
        let mut entries: Vec<(Rgb, String)> = bins
            .iter()
            .zip(&colours)
            .map(|(b, c)| (*c, bin_label(*b)))
            .collect();
        entries.push((palette::NO_DATA, "Not mentioned".into()));
        let legend_h =
            swatches::<SVGBackend>(None, (0.0, 0.0), base.w, "First mentioned", &entries, s)
                .unwrap_or(0.0);
        let h = MARGIN * s + titles_height(s) + base.h + legend_h + 60.0 * s + MARGIN * s;
        FirstMention {
            timeline: t,
            w: w as u32,
            h: h.ceil() as u32,
            base,
            bins,
            colours,
            entries,
            title,
        }
    }

    fn fill(&self, id: CountryId) -> Rgb {
        let Some(first) = self.timeline.first_mention(id) else {
            return palette::NO_DATA;
        };
        self.bins
            .iter()
            .position(|(a, b)| first >= *a && first <= *b)
            .and_then(|i| self.colours.get(i).copied())
            .unwrap_or(palette::NO_DATA)
    }
}

impl Picture for FirstMention<'_> {
    fn size(&self) -> (u32, u32) {
        (self.w, self.h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let s = f64::from(self.w) / 1600.0;
        let t = self.timeline;
        let (Some(first), Some(last)) = (t.periods.first(), t.periods.last()) else {
            return Ok(());
        };
        let mentioned = t
            .all_time
            .countries
            .iter()
            .filter(|c| t.first_mention(c.id).is_some())
            .count();
        let subtitle = format!(
            "by {}, {} – {} · {} of {} countries mentioned",
            t.granularity.name(),
            first.period.title(),
            last.period.title(),
            mentioned,
            t.all_time.countries.len()
        );
        let m = MARGIN * s;
        titles(root, (m, m), self.base.w, &self.title, &subtitle, s)?;
        let top = m + titles_height(s);
        self.base.draw(root, (m, top), &|id| self.fill(id), s)?;
        self.labels(root, (m, top), s)?;
        let entries = &self.entries;
        let legend_y = top + self.base.h + 12.0 * s;
        swatches(
            Some(root),
            (m, legend_y),
            self.base.w,
            "First mentioned",
            entries,
            s,
        )?;
        credit(root, f64::from(self.w), f64::from(self.h), s)
    }
}

impl FirstMention<'_> {
    /// Labels each mentioned member with its name and first period, the
    /// earliest first, where a label does not cover another.
    fn labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        at: (f64, f64),
        s: f64,
    ) -> DrawResult<DB> {
        let t = self.timeline;
        let gaz = t.all_time.gazetteer;
        let mut wanted: Vec<(Period, CountryId, (f64, f64), f64)> = self
            .base
            .anchors
            .iter()
            .filter_map(|(id, p, area)| Some((t.first_mention(*id)?, *id, *p, *area)))
            .collect();
        wanted.sort_by(|a, b| a.0.cmp(&b.0).then(b.3.total_cmp(&a.3)).then(a.1.cmp(&b.1)));
        let size = 17.0 * s;
        let (pad_x, pad_y) = (6.0 * s, 4.0 * s);
        let frame = Rect {
            x0: at.0,
            y0: at.1,
            x1: at.0 + self.base.w,
            y1: at.1 + self.base.h,
        };
        let mut placed: Vec<Rect> = Vec::new();
        let text_c = colour(palette::TEXT);
        for (period, id, p, area) in wanted {
            let name = &gaz.country(id).name;
            let when = period.title();
            let name_w = text_width(name, size, false);
            let bw = name_w + 0.3 * size + text_width(&when, size, true) + 2.0 * pad_x;
            let bh = 0.9 * size + 2.0 * pad_y;
            let (ax, ay) = (p.0 + at.0, p.1 + at.1);
            let off = 9.0 * s;
            // On the country when it is big enough, else (or when that is
            // taken) beside its label point.
            let centred = (area > 4.0 * bw * bh).then_some((ax - bw / 2.0, ay - bh / 2.0));
            let candidates = centred.into_iter().chain([
                (ax + off, ay - bh / 2.0),
                (ax - off - bw, ay - bh / 2.0),
                (ax - bw / 2.0, ay - off - bh),
                (ax - bw / 2.0, ay + off),
            ]);
            let found = candidates.into_iter().find_map(|(x0, y0)| {
                let r = Rect {
                    x0,
                    y0,
                    x1: x0 + bw,
                    y1: y0 + bh,
                };
                let inside =
                    r.x0 >= frame.x0 && r.x1 <= frame.x1 && r.y0 >= frame.y0 && r.y1 <= frame.y1;
                (inside && !placed.iter().any(|q| q.overlaps(&r))).then_some(r)
            });
            let Some(r) = found else {
                continue;
            };
            let corners = [px((r.x0, r.y0)), px((r.x1, r.y1))];
            root.draw(&Rectangle::new(corners, WHITE.mix(0.88).filled()))?;
            root.draw(&Rectangle::new(
                corners,
                colour(palette::CONTEXT_BORDER).stroke_width(1),
            ))?;
            let baseline = r.y0 + pad_y + 0.72 * size;
            text(
                root,
                name,
                r.x0 + pad_x,
                baseline,
                size,
                false,
                text_c,
                HPos::Left,
            )?;
            let x = r.x0 + pad_x + name_w + 0.3 * size;
            text(root, &when, x, baseline, size, true, text_c, HPos::Left)?;
            placed.push(r);
        }
        Ok(())
    }
}

/// A legend label for a stretch of periods.
fn bin_label((a, b): (Period, Period)) -> String {
    if a == b {
        a.title()
    } else {
        format!("{} – {}", a.title(), b.title())
    }
}

/// Writes the first-mention map of a region to `path` (PNG or SVG by its
/// extension).
pub fn write_first_mention(t: &RegionTimeline, style: &MapStyle, path: &Path) -> Result<()> {
    canvas::write(&FirstMention::new(t, style), path)
}
