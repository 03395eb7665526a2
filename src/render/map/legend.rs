//! The legend: measuring it (so the layout can choose between a box on the
//! right and a strip below the map) and drawing it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::layers::{Measure, RegionLayer};
use crate::render::palette::{self, Rgb};

use super::draw::{colour, text};
use super::geometry::px;
use super::text_width;

/// The legend: a heading and one swatch per class plus "no data".
pub(super) struct Legend {
    heading: String,
    entries: Vec<(Rgb, String)>,
    horizontal: bool,
    pub(super) x: f64,
    pub(super) y: f64,
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

/// A measured legend, before it is placed.
pub(super) struct LegendSize {
    legend: Legend,
    /// Size of the vertical box.
    pub(super) w: f64,
    /// Size of the horizontal strip.
    pub(super) hw: f64,
    pub(super) hh: f64,
}

impl Legend {
    pub(super) fn measure(layer: &RegionLayer, s: f64) -> LegendSize {
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
    pub(super) fn into_layout(self, horizontal: bool) -> Legend {
        let mut legend = self.legend;
        legend.horizontal = horizontal;
        if horizontal {
            legend.w = self.hw;
            legend.h = self.hh;
        }
        legend
    }
}

pub(super) fn draw_legend<DB: DrawingBackend>(
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
