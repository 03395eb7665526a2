//! Text for bitmap maps with correct letter spacing.
//!
//! plotters' built-in glyph drawing places each glyph's pixels at the pen
//! position and ignores the glyph's side bearing, so "Fiji" comes out as
//! "Fi ji". [`Label`] draws through [`SpacedStyle`], which positions each
//! glyph by its bearing; vector backends (SVG) ignore `draw` and write the
//! text as text, so they are unaffected.

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;
use plotters::style::{FontError, FontFamily, FontStyle, FontTransform};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};

use super::{BOLD, REGULAR};

/// A text style whose glyphs are placed by their side bearings.
pub(super) struct SpacedStyle<'a>(pub(super) TextStyle<'a>);

impl BackendTextStyle for SpacedStyle<'_> {
    type FontError = FontError;

    fn color(&self) -> BackendColor {
        BackendTextStyle::color(&self.0)
    }

    fn size(&self) -> f64 {
        BackendTextStyle::size(&self.0)
    }

    fn transform(&self) -> FontTransform {
        BackendTextStyle::transform(&self.0)
    }

    fn style(&self) -> FontStyle {
        BackendTextStyle::style(&self.0)
    }

    fn anchor(&self) -> Pos {
        BackendTextStyle::anchor(&self.0)
    }

    fn family(&self) -> FontFamily<'_> {
        BackendTextStyle::family(&self.0)
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), FontError> {
        BackendTextStyle::layout_box(&self.0, text)
    }

    fn draw<E, DrawFunc: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        mut draw: DrawFunc,
    ) -> Result<Result<(), E>, FontError> {
        let bytes = match BackendTextStyle::style(&self.0) {
            FontStyle::Bold => BOLD,
            _ => REGULAR,
        };
        let font = FontRef::try_from_slice(bytes).map_err(|_| FontError::FontUnavailable)?;
        let size = BackendTextStyle::size(&self.0) as f32;
        let font = font.as_scaled(size);
        let colour = BackendTextStyle::color(&self.0);
        let mut pen = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += font.kern(p, id);
            }
            prev = Some(id);
            if let Some(outline) = font.outline_glyph(font.scaled_glyph(c)) {
                let bounds = outline.px_bounds();
                // The same baseline plotters uses, so layout code agrees.
                let dy = (size / 2.0 + bounds.min.y) as i32;
                let dx = (pen + bounds.min.x).round() as i32;
                let mut result = Ok(());
                outline.draw(|x, y, coverage| {
                    if result.is_ok() && coverage > 0.0 {
                        let c = BackendColor {
                            alpha: colour.alpha * f64::from(coverage.min(1.0)),
                            rgb: colour.rgb,
                        };
                        result = draw(pos.0 + dx + x as i32, pos.1 + dy + y as i32, c);
                    }
                });
                if result.is_err() {
                    return Ok(result);
                }
            }
            pen += font.h_advance(id);
        }
        Ok(Ok(()))
    }
}

/// A single line of text at a pixel position, drawn with [`SpacedStyle`].
pub(super) struct Label<'a> {
    pub(super) text: String,
    pub(super) at: BackendCoord,
    pub(super) style: SpacedStyle<'a>,
}

impl<'b, 'a> PointCollection<'b, BackendCoord> for &'b Label<'a> {
    type Point = &'b BackendCoord;
    type IntoIter = std::iter::Once<&'b BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Label<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(p) => backend.draw_text(&self.text, &self.style, p),
            None => Ok(()),
        }
    }
}
