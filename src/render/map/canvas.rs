//! Drawing any picture (a map, small multiples, a chart) to PNG bytes or
//! an SVG string, and writing it atomically: the one place images are
//! encoded for the time maps.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::output::write_atomic;

use super::ensure_fonts;

/// The error a drawing function returns, for any backend.
pub(super) type DrawResult<DB> =
    std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Something that draws itself on any plotters backend.
pub(super) trait Picture {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws on the whole area.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// The picture as PNG bytes.
pub(super) fn png(picture: &impl Picture) -> std::result::Result<Vec<u8>, String> {
    ensure_fonts();
    let (w, h) = picture.size();
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        picture.draw(&root).map_err(|e| e.to_string())?;
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

/// The picture as an SVG document.
pub(super) fn svg(picture: &impl Picture) -> std::result::Result<String, String> {
    ensure_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, picture.size()).into_drawing_area();
        picture.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Draws the picture to `path` as PNG or SVG, by its extension.
pub(super) fn write(picture: &impl Picture, path: &Path) -> Result<()> {
    let failed = |message: String| Error::Render {
        path: PathBuf::from(path),
        message,
    };
    let svg_out = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg_out {
        let text = svg(picture).map_err(failed)?;
        write_atomic(path, text.as_bytes())
    } else {
        let bytes = png(picture).map_err(failed)?;
        write_atomic(path, &bytes)
    }
}
