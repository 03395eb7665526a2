//! Colours shared by every output (PNG, SVG and the QGIS style), so a layer
//! looks the same wherever it is opened.
//!
//! Classes use viridis (public domain, CC0; perceptually uniform and
//! readable with the common colour-vision deficiencies), light for few
//! mentions and dark for many.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    ///
    /// ```
    /// use geomention::render::palette::Rgb;
    /// assert_eq!(Rgb(255, 0, 16).hex(), "#ff0010");
    /// ```
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Viridis, from its light end to its dark end, at nine even stops.
const VIRIDIS: [Rgb; 9] = [
    Rgb(0xfd, 0xe7, 0x25),
    Rgb(0xa0, 0xda, 0x39),
    Rgb(0x4a, 0xc1, 0x6d),
    Rgb(0x1f, 0xa1, 0x87),
    Rgb(0x27, 0x7f, 0x8e),
    Rgb(0x36, 0x5c, 0x8d),
    Rgb(0x46, 0x33, 0x7e),
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x30, 0x00, 0x40),
];

/// `k` sequential class colours, light to dark.
///
/// ```
/// use geomention::render::palette::sequential;
/// let c = sequential(5);
/// assert_eq!(c.len(), 5);
/// assert_ne!(c[0], c[4]);
/// ```
pub fn sequential(k: usize) -> Vec<Rgb> {
    // The darkest stop is kept for k >= 8 only: it is hard to tell from the
    // one before on small maps.
    let stops = &VIRIDIS[..8];
    match k {
        0 => Vec::new(),
        1 => vec![stops[4]],
        _ => (0..k)
            .map(|i| {
                let t = i as f64 / (k - 1) as f64 * (stops.len() - 1) as f64;
                let (a, b) = (t.floor() as usize, t.ceil() as usize);
                let f = t - t.floor();
                let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
                Rgb(
                    mix(stops[a].0, stops[b].0),
                    mix(stops[a].1, stops[b].1),
                    mix(stops[a].2, stops[b].2),
                )
            })
            .collect(),
    }
}

/// Member countries with no mentions (or no value).
pub const NO_DATA: Rgb = Rgb(0xd9, 0xd9, 0xd9);
/// Countries outside the region, drawn for context.
pub const CONTEXT: Rgb = Rgb(0xf3, 0xf1, 0xed);
/// Borders between countries.
pub const BORDER: Rgb = Rgb(0xff, 0xff, 0xff);
/// Context-country borders.
pub const CONTEXT_BORDER: Rgb = Rgb(0xc8, 0xc4, 0xbc);
/// The sea.
pub const OCEAN: Rgb = Rgb(0xdd, 0xec, 0xf5);
/// The dissolved region outline.
pub const OUTLINE: Rgb = Rgb(0x33, 0x33, 0x33);
/// Titles, labels and legend text.
pub const TEXT: Rgb = Rgb(0x22, 0x22, 0x22);
