//! The built-in backend: the `pdf_oxide` crate (cargo feature `pdf`).
//!
//! A hostile PDF must not bring the run down: every call into the crate
//! runs under `catch_unwind`, a panic becomes a failure (or, for one page,
//! a warning) and its message is kept off standard error.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_oxide::PdfDocument;

use super::layout::split_glued_compounds;
use super::{iso_date, Extracted, Failure};

/// The most pages read from one PDF.
const MAX_PAGES: usize = 20_000;

/// The deepest nesting of arrays and dictionaries read: the library
/// parses them recursively, and a stack overflow cannot be caught.
const MAX_NESTING: usize = 256;

/// The stack of the thread that runs the library (deep but legal nesting
/// in compressed streams, which [`too_deep`] cannot see, needs room).
const STACK: usize = 64 << 20;

/// Extracts a PDF's pages of lines and its metadata with `pdf_oxide`, on
/// a thread of its own with a large stack.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, Failure> {
    if too_deep(bytes, MAX_NESTING) {
        return Err(Failure::Damaged(format!(
            "arrays or dictionaries nested more than {MAX_NESTING} deep (hostile?)"
        )));
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pdf".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || extract_here(bytes))
            .map_err(|e| Failure::Backend(format!("could not start a thread: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(Failure::Backend("the PDF library failed on it".into())))
    })
}

/// Whether a PDF's syntax outside streams, strings and comments nests
/// arrays and dictionaries deeper than `limit`.
fn too_deep(bytes: &[u8], limit: usize) -> bool {
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'<' => i += memchr::memchr(b'>', &bytes[i..]).unwrap_or(bytes.len()),
            b'%' => i += memchr::memchr2(b'\n', b'\r', &bytes[i..]).unwrap_or(bytes.len()),
            b'(' => i = end_of_string(bytes, i),
            b's' if bytes[i..].starts_with(b"stream")
                && (i == 0 || !bytes[i - 1].is_ascii_alphabetic()) =>
            {
                let start = i + "stream".len();
                let end = memchr::memmem::find(&bytes[start..], b"endstream")
                    .map_or(bytes.len(), |n| start + n);
                if inflated_too_deep(&bytes[start..end], limit) {
                    return true;
                }
                i = end + "endstream".len() - 1;
            }
            _ => {}
        }
        if depth > limit {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a stream's data, if it is zlib-compressed PDF syntax (a page's
/// content, an object stream) rather than binary (images, fonts), nests
/// deeper than `limit`.
fn inflated_too_deep(data: &[u8], limit: usize) -> bool {
    use std::io::Read as _;
    let data = data.trim_ascii_start();
    if data.first() != Some(&0x78) {
        return false;
    }
    let mut inflated = Vec::new();
    let decoder = flate2::read::ZlibDecoder::new(data);
    // A truncated or damaged stream still shows what it holds.
    let _ = decoder.take(32 << 20).read_to_end(&mut inflated);
    let head = &inflated[..inflated.len().min(4096)];
    let text = head
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        .count();
    10 * text >= 9 * head.len() && !inflated.is_empty() && too_deep(&inflated, limit)
}

/// The index of the `)` that closes the literal string opened at `start`.
fn end_of_string(bytes: &[u8], start: usize) -> usize {
    let (mut open, mut i) = (0usize, start);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// What a library error says of the file.
fn failure(e: pdf_oxide::Error) -> Failure {
    match e {
        pdf_oxide::Error::EncryptedPdf => Failure::Encrypted,
        e => Failure::Damaged(e.to_string()),
    }
}

/// [`extract`] on the current thread.
fn extract_here(bytes: &[u8]) -> Result<Extracted, Failure> {
    let doc = contained(|| PdfDocument::from_bytes(bytes.to_vec()))
        .map_err(|why| Failure::Backend(format!("the PDF library failed on it ({why})")))?
        .map_err(failure)?;
    let locked = contained(|| doc.is_encrypted() && !doc.is_authenticated()).unwrap_or(true);
    if locked {
        return Err(Failure::Encrypted);
    }
    let count = contained(|| doc.page_count())
        .map_err(|why| Failure::Damaged(format!("its page tree breaks the PDF library ({why})")))?
        .map_err(failure)?;
    if count == 0 {
        return Err(Failure::Damaged("no pages found".into()));
    }
    let mut extracted = Extracted::default();
    if count > MAX_PAGES {
        extracted.warnings.push(format!(
            "only the first {MAX_PAGES} of its {count} pages were read"
        ));
    }
    for i in 0..count.min(MAX_PAGES) {
        let lines = match contained(|| doc.extract_text(i)) {
            Ok(Ok(text)) => text
                .lines()
                .map(|l| split_glued_compounds(l).into_owned())
                .collect(),
            Ok(Err(e)) => {
                extracted
                    .warnings
                    .push(format!("page {}: {e}; skipped", i + 1));
                Vec::new()
            }
            Err(why) => {
                let page = i + 1;
                extracted.warnings.push(format!(
                    "page {page} breaks the PDF library ({why}); skipped"
                ));
                Vec::new()
            }
        };
        extracted.pages.push(lines);
    }
    if extracted.warnings.len() >= count.min(MAX_PAGES) {
        // Not one page could be read.
        let first = extracted.warnings.swap_remove(0);
        return Err(Failure::Damaged(
            first.trim_end_matches("; skipped").to_string(),
        ));
    }
    let (title, date) = contained(|| metadata(&doc)).unwrap_or_default();
    extracted.title = title;
    extracted.date = date;
    Ok(extracted)
}

/// Title and creation date: from the Info dictionary, else from the XMP
/// metadata.
fn metadata(doc: &PdfDocument) -> (Option<String>, Option<String>) {
    let info = |key: &str| info_string(doc, key);
    let mut title = info("Title");
    let mut date = info("CreationDate").map(|d| iso_date(&d).unwrap_or(d));
    if title.is_none() || date.is_none() {
        if let Ok(Some(xmp)) = pdf_oxide::extractors::xmp::XmpExtractor::extract(doc) {
            title = title.or(xmp.dc_title);
            date = date.or(xmp.xmp_create_date);
        }
    }
    (title, date)
}

/// A text string of the document's Info dictionary.
fn info_string(doc: &PdfDocument, key: &str) -> Option<String> {
    let info = doc.trailer().as_dict()?.get("Info")?;
    let info = doc.resolve_references(info, 2).ok()?;
    let value = doc.resolve_references(info.as_dict()?.get(key)?, 2).ok()?;
    let text = decode_text_string(value.as_string()?);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Decodes a PDF text string: UTF-16 or UTF-8 with a byte-order mark,
/// else PDFDocEncoding (read as Latin-1, which it matches for letters).
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

thread_local! {
    /// Set while this thread runs PDF code whose panics are caught.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into its message. The panic is not printed:
/// the caller reports it as a warning naming the file.
fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINED.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_contained_and_its_message_kept() {
        let r: Result<(), String> = contained(|| panic!("bad xref"));
        assert_eq!(r, Err("bad xref".to_string()));
        assert_eq!(contained(|| 7), Ok(7));
    }

    #[test]
    fn deep_nesting_is_found_outside_strings_and_streams() {
        let nested = |n: usize| format!("1 0 obj {}{} endobj", "[".repeat(n), "]".repeat(n));
        assert!(too_deep(nested(300).as_bytes(), 256));
        assert!(!too_deep(nested(200).as_bytes(), 256));
        let hidden = format!(
            "({}) stream\n{}\nendstream <<>> stream\n]]\nendstream",
            "[".repeat(300),
            "<<".repeat(300)
        );
        assert!(!too_deep(hidden.as_bytes(), 256));
    }

    #[test]
    fn deep_nesting_is_found_in_compressed_content_streams() {
        use std::io::Write as _;
        let deflate = |data: &[u8]| {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(data).unwrap();
            z.finish().unwrap()
        };
        let stream =
            |data: Vec<u8>| [b"<< >>\nstream\n".to_vec(), data, b"\nendstream".to_vec()].concat();
        let deep = format!("BT {}(Fiji){} TJ ET", "[".repeat(300), "]".repeat(300));
        assert!(too_deep(&stream(deflate(deep.as_bytes())), 256));
        assert!(!too_deep(
            &stream(deflate(b"BT [(Fi) -20 (ji)] TJ ET")),
            256
        ));
        // Binary data (an image) is not read as syntax.
        let noise: Vec<u8> = (0..20_000u32)
            .map(|i| {
                if i % 3 == 0 {
                    b'['
                } else {
                    (i * 7 % 251) as u8
                }
            })
            .collect();
        assert!(!too_deep(&stream(deflate(&noise)), 256));
    }

    #[test]
    fn text_strings_decode_from_utf16_and_pdfdocencoding() {
        assert_eq!(decode_text_string(b"\xFE\xFF\x00F\x00i\x00j\x00i"), "Fiji");
        assert_eq!(decode_text_string(b"C\xf4te"), "Côte");
    }
}
