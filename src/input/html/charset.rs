//! The character encoding of a saved web page, found as a browser finds it:
//! a byte-order mark first, then the encoding the page declares in its
//! first bytes (`<meta charset>`, `<meta http-equiv="Content-Type">`, an
//! XML declaration), then UTF-8 when the bytes are valid UTF-8, and
//! windows-1252 (what browsers assume for undeclared legacy pages) when
//! they are not.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::encoding::{self, Sniffed};

/// How far into a page its charset declaration is looked for (browsers
/// look at 1024 bytes; saved pages often put a long comment first).
const PRESCAN_LEN: usize = 4096;

/// A page decoded to UTF-8, with a note for the user when the decoding
/// had to guess or replace bytes.
pub(super) struct Decoded {
    /// The page's text.
    pub text: String,
    /// A message naming the file, when something is worth telling.
    pub warning: Option<String>,
}

/// Decodes a page's bytes.
pub(super) fn decode(name: &str, bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return with(name, enc, &bytes[bom_len..], None);
    }
    if let Sniffed::Text(e) = encoding::sniff(bytes) {
        if e != encoding::Encoding::Utf8 {
            let enc = encoding::encoding_of(Sniffed::Text(e));
            return with(name, enc, bytes, None);
        }
    }
    if let Some(label) = declared(bytes) {
        return match Encoding::for_label(label.as_bytes()) {
            // A page whose bytes are ASCII-compatible cannot really be
            // UTF-16; browsers read it as UTF-8.
            Some(enc) => with(name, enc.output_encoding(), bytes, None),
            None => {
                let note = format!("{name}: unknown charset {label:?} declared; read as UTF-8");
                with(name, UTF_8, bytes, Some(note))
            }
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return with(name, UTF_8, bytes, None);
    }
    let note = format!(
        "{name}: no charset declared and not valid UTF-8; read as windows-1252 \
         (add <meta charset=\"...\"> to the page if that is wrong)"
    );
    with(name, WINDOWS_1252, bytes, Some(note))
}

/// Decodes with one encoding, noting replaced bytes.
fn with(name: &str, enc: &'static Encoding, bytes: &[u8], note: Option<String>) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = match (note, had_errors) {
        (Some(n), _) => Some(n),
        (None, true) => Some(format!(
            "{name}: some bytes are not valid {} and were replaced",
            enc.name()
        )),
        (None, false) => None,
    };
    Decoded {
        text: text.into_owned(),
        warning,
    }
}

/// The charset label a page declares near its start, if any (lower case).
pub(super) fn declared(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(PRESCAN_LEN)].to_ascii_lowercase();
    if head.starts_with(b"<?xml") {
        let end = memchr::memmem::find(&head, b"?>").unwrap_or(head.len());
        if let Some(label) = value_after(&head[..end], b"encoding") {
            return Some(label);
        }
    }
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&head[from..], b"<meta") {
        let start = from + at;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        if let Some(label) = value_after(&head[start..end], b"charset") {
            return Some(label);
        }
        from = end;
    }
    None
}

/// The value of `key=value` (quoted or not) inside a tag, if `key` is
/// there.
fn value_after(tag: &[u8], key: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(tag, key)? + key.len();
    let rest = trim_start(&tag[at..]);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..len]).ok()?;
    (!label.is_empty()).then(|| label.to_string())
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms_are_found() {
        assert_eq!(
            declared(b"<meta charset='ISO-8859-1'>").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            declared(b"<META CHARSET=koi8-r>").as_deref(),
            Some("koi8-r")
        );
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">";
        assert_eq!(declared(http_equiv).as_deref(), Some("windows-1251"));
        let xml = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html>";
        assert_eq!(declared(xml).as_deref(), Some("shift_jis"));
        assert_eq!(
            declared(b"<meta name=description content=x><p>charset=x"),
            None
        );
    }

    #[test]
    fn declared_latin1_is_decoded() {
        let page = b"<meta charset=iso-8859-1><p>C\xf4te d'Ivoire</p>";
        let d = decode("p.html", page);
        assert!(d.text.contains("C\u{f4}te d'Ivoire"));
        assert!(d.warning.is_none());
    }

    #[test]
    fn undeclared_invalid_utf8_is_read_as_windows_1252_with_a_warning() {
        let d = decode("p.html", b"<p>Per\xfa</p>");
        assert!(d.text.contains("Per\u{fa}"));
        assert!(d
            .warning
            .unwrap()
            .starts_with("p.html: no charset declared"));
    }

    #[test]
    fn utf16_with_bom_wins_over_a_declaration() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<meta charset=latin1><p>Niger</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode("p.html", &bytes);
        assert!(d.text.contains("<p>Niger</p>"));
    }

    #[test]
    fn declared_utf16_on_ascii_bytes_is_read_as_utf8() {
        let d = decode("p.html", "<meta charset=utf-16><p>Perú</p>".as_bytes());
        assert!(d.text.contains("Perú"));
    }
}
