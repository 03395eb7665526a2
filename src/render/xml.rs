//! Writing XML text safely (QGIS styles, SLD, QGIS projects).

/// Escapes text for an XML attribute or element: markup characters become
/// entities, tab and line breaks become character references (attribute
/// values would otherwise fold them to spaces), and characters XML 1.0
/// cannot hold at all (other control characters, U+FFFE, U+FFFF) are
/// dropped.
///
/// ```
/// use geomention::render::xml::escape;
/// assert_eq!(escape("A & B <\"x\">"), "A &amp; B &lt;&quot;x&quot;&gt;");
/// assert_eq!(escape("bell\u{7}\ttab"), "bell&#9;tab");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows the character in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text for a single line of a map: control characters (which XML cannot
/// hold and fonts cannot draw) are dropped, and tabs and line breaks become
/// spaces.
///
/// ```
/// use geomention::render::xml::single_line;
/// assert_eq!(single_line("Scam\u{1b}[0m compounds\nin 2024"), "Scam[0m compounds in 2024");
/// ```
pub fn single_line(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() || !allowed(c) => None,
            c => Some(c),
        })
        .collect()
}
