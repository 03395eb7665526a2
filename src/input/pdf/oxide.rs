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

/// Extracts a PDF's pages of lines and its metadata with `pdf_oxide`.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, Failure> {
    let doc = contained(|| PdfDocument::from_bytes(bytes.to_vec()))
        .map_err(|why| Failure::Backend(format!("the PDF library failed on it ({why})")))?
        .map_err(|e| match e {
            pdf_oxide::Error::EncryptedPdf => Failure::Encrypted,
            e => Failure::Damaged(e.to_string()),
        })?;
    let locked = contained(|| doc.is_encrypted() && !doc.is_authenticated()).unwrap_or(true);
    if locked {
        return Err(Failure::Encrypted);
    }
    let count = contained(|| doc.page_count())
        .map_err(|why| Failure::Damaged(format!("its page tree breaks the PDF library ({why})")))?
        .map_err(|e| match e {
            pdf_oxide::Error::EncryptedPdf => Failure::Encrypted,
            e => Failure::Damaged(e.to_string()),
        })?;
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
    fn text_strings_decode_from_utf16_and_pdfdocencoding() {
        assert_eq!(decode_text_string(b"\xFE\xFF\x00F\x00i\x00j\x00i"), "Fiji");
        assert_eq!(decode_text_string(b"C\xf4te"), "Côte");
    }
}
