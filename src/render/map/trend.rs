//! The trend chart: mentions per period of a region's top countries and of
//! the whole region, as lines drawn with plotters, with a legend naming
//! each line beside the plot. Periods without mentions are plotted as 0.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::classify::number;
use crate::error::Result;
use crate::render::palette::{self, Rgb};
use crate::timemaps::RegionTimeline;

use super::canvas::{self, DrawResult, Picture};
use super::draw::{colour, text};
use super::geometry::px;
use super::text_width;

/// Line colours for countries: Okabe and Ito's palette for colour-blind
/// readers (its black is kept for the region total).
const LINES: [Rgb; 7] = [
    Rgb(0xe6, 0x9f, 0x00),
    Rgb(0x56, 0xb4, 0xe9),
    Rgb(0x00, 0x9e, 0x73),
    Rgb(0xd5, 0x5e, 0x00),
    Rgb(0x00, 0x72, 0xb2),
    Rgb(0xcc, 0x79, 0xa7),
    Rgb(0xf0, 0xe4, 0x42),
];

/// The most country lines drawn (one colour each).
pub const MAX_LINES: usize = LINES.len();

struct Series {
    name: String,
    values: Vec<u64>,
    colour: Rgb,
    width: u32,
}

struct Trend<'a> {
    timeline: &'a RegionTimeline<'a>,
    series: Vec<Series>,
}

const W: u32 = 1600;
const H: u32 = 1000;

impl<'a> Trend<'a> {
    fn new(t: &'a RegionTimeline<'a>, top: usize) -> Trend<'a> {
        let gaz = t.all_time.gazetteer;
        let total: Vec<u64> = t.periods.iter().map(|p| p.layer.total_mentions).collect();
        let mut series = vec![Series {
            name: format!("{} (all mentions)", t.all_time.region.name),
            values: total,
            colour: palette::TEXT,
            width: 4,
        }];
        for (i, id) in t.top(top.min(MAX_LINES)).into_iter().enumerate() {
            series.push(Series {
                name: gaz.country(id).name.clone(),
                values: t.series(id),
                colour: LINES[i],
                width: 3,
            });
        }
        Trend {
            timeline: t,
            series,
        }
    }
}

/// A "nice" step for about `n` ticks up to `max`: 1, 2 or 5 times a power
/// of ten.
fn nice_step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1.0);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

impl Picture for Trend<'_> {
    fn size(&self) -> (u32, u32) {
        (W, H)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let t = self.timeline;
        let text_c = colour(palette::TEXT);
        let grey = RGBColor(0x55, 0x55, 0x55);
        let n = t.periods.len();
        let (Some(first), Some(last)) = (t.periods.first(), t.periods.last()) else {
            return Ok(());
        };
        let title = format!(
            "Mentions per {}: {}",
            t.granularity.name(),
            t.all_time.region.name
        );
        text(root, &title, 40.0, 70.0, 40.0, true, text_c, HPos::Left)?;
        let subtitle = format!(
            "{} – {} · the region and its {} most mentioned countries · periods without mentions count 0",
            first.period.title(),
            last.period.title(),
            self.series.len() - 1
        );
        text(root, &subtitle, 40.0, 108.0, 21.0, false, grey, HPos::Left)?;

        // The legend's width decides the plot's.
        let (size, line_w, gap) = (20.0, 40.0, 12.0);
        let legend_w = self
            .series
            .iter()
            .map(|s| line_w + gap + text_width(&s.name, size, false))
            .fold(0.0, f64::max)
            + 40.0;
        let (x0, y0, x1, y1) = (
            110.0,
            150.0,
            f64::from(W) - 40.0 - legend_w,
            f64::from(H) - 110.0,
        );
        let max = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let step = nice_step(max, 5.0);
        let top = (max / step).ceil() * step;
        let x_of = |i: usize| {
            if n <= 1 {
                (x0 + x1) / 2.0
            } else {
                x0 + (x1 - x0) * i as f64 / (n - 1) as f64
            }
        };
        let y_of = |v: f64| y1 - (y1 - y0) * v / top;

        // Grid and y labels.
        let grid = colour(palette::CONTEXT_BORDER);
        let mut v = 0.0;
        while v <= top + 1e-9 {
            let y = y_of(v);
            root.draw(&PathElement::new(
                vec![px((x0, y)), px((x1, y))],
                grid.stroke_width(1),
            ))?;
            text(
                root,
                &number(v),
                x0 - 12.0,
                y + 7.0,
                18.0,
                false,
                grey,
                HPos::Right,
            )?;
            v += step;
        }
        // X labels: as many as fit.
        let label_w = t
            .periods
            .iter()
            .map(|p| text_width(&p.period.title(), 18.0, false))
            .fold(0.0, f64::max)
            + 16.0;
        let every = if n <= 1 {
            1
        } else {
            ((label_w / ((x1 - x0) / (n - 1) as f64)).ceil() as usize).max(1)
        };
        for (i, p) in t.periods.iter().enumerate() {
            let x = x_of(i);
            root.draw(&PathElement::new(
                vec![px((x, y1)), px((x, y1 + 6.0))],
                grey.stroke_width(1),
            ))?;
            if i % every == 0 {
                text(
                    root,
                    &p.period.title(),
                    x,
                    y1 + 30.0,
                    18.0,
                    false,
                    grey,
                    HPos::Center,
                )?;
            }
        }
        root.draw(&PathElement::new(
            vec![px((x0, y1)), px((x1, y1))],
            grey.stroke_width(2),
        ))?;

        // Lines, the region total last (on top).
        for s in self.series.iter().rev() {
            let pts: Vec<(i32, i32)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| px((x_of(i), y_of(*v as f64))))
                .collect();
            let c = colour(s.colour);
            root.draw(&PathElement::new(pts.clone(), c.stroke_width(s.width)))?;
            for p in pts {
                root.draw(&Circle::new(p, s.width + 2, c.filled()))?;
            }
        }

        // Legend.
        let lx = x1 + 40.0;
        let mut ly = y0 + 10.0;
        for s in &self.series {
            let c = colour(s.colour);
            let mid = ly + 14.0;
            root.draw(&PathElement::new(
                vec![px((lx, mid)), px((lx + line_w, mid))],
                c.stroke_width(s.width),
            ))?;
            root.draw(&Circle::new(
                px((lx + line_w / 2.0, mid)),
                s.width + 2,
                c.filled(),
            ))?;
            text(
                root,
                &s.name,
                lx + line_w + gap,
                mid + 7.0,
                size,
                false,
                text_c,
                HPos::Left,
            )?;
            ly += 38.0;
        }
        let credit = "made with geomention";
        let c = RGBColor(0x6b, 0x6b, 0x6b);
        text(
            root,
            credit,
            f64::from(W) - 40.0,
            f64::from(H) - 20.0,
            15.0,
            false,
            c,
            HPos::Right,
        )
    }
}

/// Writes a region's trend chart to `path` (PNG or SVG by its extension):
/// the region total and its `top` most mentioned countries (at most
/// [`MAX_LINES`]).
pub fn write_trend(t: &RegionTimeline, top: usize, path: &Path) -> Result<()> {
    canvas::write(&Trend::new(t, top), path)
}
