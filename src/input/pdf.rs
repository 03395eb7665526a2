//! PDF reports: the text layer in reading order, one document per file.
//!
//! Two backends find the words; [`layout`] turns their lines into the
//! document's text the same way for both:
//! - **built in** (cargo feature `pdf`): the `pdf_oxide` crate, in
//!   process. It takes minutes to build, so it is not in the default build.
//! - **`pdftotext`** (poppler), run as a separate process when it is on
//!   `PATH` (Debian/Ubuntu: `apt install poppler-utils`; macOS: `brew
//!   install poppler`).
//!
//! With [`Backend::Auto`] (what the scan uses), `pdftotext` is preferred
//! when it is installed (its reading order of multi-column pages is the
//! better one, see the README), else the built-in backend if compiled in;
//! with neither, each PDF is skipped with a warning that says how to get
//! one.
//!
//! The text keeps columns apart, joins words hyphenated at line ends
//! ("traf-/ficking" → "trafficking") but keeps the hyphen of compounds
//! ("Myanmar-/based"), expands ligatures (ﬁ → fi), drops page numbers and
//! running headers, and records where each page starts
//! ([`Document::pages`]). Title and creation date come from the PDF's
//! metadata. A PDF without a text layer (scanned), one that needs a
//! password, or a damaged one is an error that names the file and the
//! reason; the scan reports it and goes on.
//!
//! ```no_run
//! use geomention::input::pdf::{Backend, PdfReader};
//! use geomention::input::{Collect, Data, Input, ReadOptions, Reader};
//! let bytes = std::fs::read("report.pdf")?;
//! let mut found = Collect::default();
//! let input = Input { name: "report.pdf", data: Data::Bytes(&bytes), options: &ReadOptions::default() };
//! PdfReader::new(Backend::Auto).read(input, &mut found)?;
//! println!("{} pages", found.documents[0].pages.len() + 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod layout;
#[cfg(feature = "pdf")]
mod oxide;
mod poppler;

use super::{Document, Input, Meta, Reader, Sink};
use crate::error::{Error, Result};

/// Which extractor reads the PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `pdftotext` if it is on `PATH`, else the built-in one if compiled
    /// in, else none (each PDF is skipped with a message).
    Auto,
    /// The built-in extractor (cargo feature `pdf`).
    Builtin,
    /// Poppler's `pdftotext`, as an external process.
    Pdftotext,
}

impl Backend {
    /// Whether this backend can run here (`Auto`: whether any can).
    ///
    /// ```
    /// use geomention::input::pdf::Backend;
    /// assert_eq!(Backend::Builtin.available(), cfg!(feature = "pdf"));
    /// ```
    pub fn available(self) -> bool {
        match self {
            Backend::Auto => Backend::Pdftotext.available() || Backend::Builtin.available(),
            Backend::Builtin => cfg!(feature = "pdf"),
            Backend::Pdftotext => poppler::available(),
        }
    }

    /// The backend `Auto` stands for here, if any.
    fn resolve(self) -> Option<Backend> {
        match self {
            Backend::Auto => [Backend::Pdftotext, Backend::Builtin]
                .into_iter()
                .find(|b| b.available()),
            b => b.available().then_some(b),
        }
    }
}

/// What a backend extracts: pages of lines in reading order, and metadata.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Extracted {
    /// Each page's lines, in reading order.
    pub pages: Vec<Vec<String>>,
    /// The title in the document's metadata.
    pub title: Option<String>,
    /// The creation date in the document's metadata (ISO 8601 when it
    /// could be read as a PDF date, else as written).
    pub date: Option<String>,
    /// Problems that did not stop the reading (a page skipped).
    pub warnings: Vec<String>,
    /// What the backend found damaged, if anything: the reason given when
    /// no text came out.
    pub damage: Option<String>,
}

/// Why a backend could not read a PDF.
#[derive(Debug)]
pub(crate) enum Failure {
    /// It needs a password.
    Encrypted,
    /// It is damaged or not a PDF; the backend's reason.
    Damaged(String),
    /// The backend failed (could not run, timed out, panicked).
    Backend(String),
}

/// PDF files: the text layer as one document per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfReader {
    backend: Backend,
}

impl PdfReader {
    /// The reader the scan uses: [`Backend::Auto`].
    pub const AUTO: PdfReader = PdfReader::new(Backend::Auto);

    /// A reader with the given backend.
    pub const fn new(backend: Backend) -> PdfReader {
        PdfReader { backend }
    }
}

/// The message for a PDF met when no backend can read it.
pub fn not_built_in(name: &str) -> String {
    format!(
        "{name}: PDF support is not built in: rebuild with `cargo install --path . --features pdf`, \
         or install poppler-utils (pdftotext)"
    )
}

impl Reader for PdfReader {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["pdf"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        // The signature may follow up to 1 KiB of junk.
        memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-").is_some()
    }
    fn read(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name.to_string();
        let Some(backend) = self.backend.resolve() else {
            return Err(Error::Invalid(not_built_in(&name)));
        };
        let bytes = input.bytes()?;
        if bytes.len() as u64 > super::WHOLE_FILE_LIMIT {
            return Err(Error::Invalid(format!(
                "{name}: PDF larger than {} MiB; split it first",
                super::WHOLE_FILE_LIMIT >> 20
            )));
        }
        let extracted = extract(backend, &bytes).map_err(|f| Error::Invalid(message(&name, f)))?;
        for w in &extracted.warnings {
            sink.warning(format!("{name}: {w}"));
        }
        let assembled = layout::assemble(extracted.pages);
        if assembled.text.trim().is_empty() {
            return Err(Error::Invalid(match extracted.damage {
                Some(why) => message(&name, Failure::Damaged(why)),
                None => format!(
                    "{name}: no text layer (a scanned PDF?); run OCR on it first (e.g. `ocrmypdf`)"
                ),
            }));
        }
        let mut meta = Meta::for_source(name);
        meta.title = extracted.title.as_deref().and_then(clean_title);
        meta.date = extracted
            .date
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());
        sink.document(Document {
            meta,
            text: assembled.text,
            pages: assembled.pages,
        })
    }
}

/// Runs a backend.
fn extract(backend: Backend, bytes: &[u8]) -> std::result::Result<Extracted, Failure> {
    match backend {
        Backend::Pdftotext => poppler::extract(bytes),
        #[cfg(feature = "pdf")]
        Backend::Builtin => oxide::extract(bytes),
        _ => Err(Failure::Backend("no PDF backend".into())),
    }
}

/// The message for a PDF a backend could not read.
fn message(name: &str, failure: Failure) -> String {
    match failure {
        Failure::Encrypted => format!(
            "{name}: encrypted: it needs a password to open; save an unprotected copy to read it"
        ),
        Failure::Damaged(why) => format!("{name}: not a readable PDF (damaged?): {why}"),
        Failure::Backend(why) => format!("{name}: PDF could not be read: {why}"),
    }
}

/// A PDF date (`D:20240315093000+07'00'`, every part after the year
/// optional) as ISO 8601 (`2024-03-15T09:30:00+07:00`), as poppler shows it;
/// `None` if it is not one.
///
/// ```
/// use geomention::input::pdf::iso_date;
/// assert_eq!(iso_date("D:20240315093000+07'00'").as_deref(), Some("2024-03-15T09:30:00+07:00"));
/// assert_eq!(iso_date("D:20220720").as_deref(), Some("2022-07-20T00:00:00Z"));
/// assert_eq!(iso_date("yesterday"), None);
/// ```
pub fn iso_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || digits % 2 != 0 || digits > 14 {
        return None;
    }
    let field = |at: usize, default: &'static str| {
        s.get(at..at + 2)
            .filter(|_| at + 2 <= digits)
            .unwrap_or(default)
    };
    let date = format!(
        "{}-{}-{}T{}:{}:{}",
        &s[..4],
        field(4, "01"),
        field(6, "01"),
        field(8, "00"),
        field(10, "00"),
        field(12, "00")
    );
    let zone: String = s[digits..]
        .chars()
        .filter(|c| !matches!(c, '\'' | ' '))
        .collect();
    let zone = match zone.as_bytes() {
        [] | [b'Z', ..] => "Z".to_string(),
        [sign @ (b'+' | b'-'), h1, h2, rest @ ..] if h1.is_ascii_digit() && h2.is_ascii_digit() => {
            let minutes = match rest {
                [m1, m2, ..] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
                    format!("{}{}", *m1 as char, *m2 as char)
                }
                _ => "00".to_string(),
            };
            format!("{}{}{}:{minutes}", *sign as char, *h1 as char, *h2 as char)
        }
        _ => return None,
    };
    Some(date + &zone)
}

/// A metadata title worth keeping: not empty, not a placeholder, not a
/// file name left by the program that made the PDF.
fn clean_title(title: &str) -> Option<String> {
    let title = title.trim();
    let title = title.strip_prefix("Microsoft Word - ").unwrap_or(title);
    let lower = title.to_lowercase();
    let placeholder =
        ["untitled", "title", "document", "unknown", "none"].contains(&lower.as_str());
    let file_name = [
        ".doc", ".docx", ".pdf", ".indd", ".odt", ".rtf", ".tex", ".dvi", ".qxd",
    ]
    .iter()
    .any(|e| lower.ends_with(e));
    (!title.is_empty() && !placeholder && !file_name).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_are_file_names_or_placeholders_are_dropped() {
        assert_eq!(
            clean_title(" Scam compounds "),
            Some("Scam compounds".into())
        );
        assert_eq!(clean_title("Microsoft Word - report_v3.docx"), None);
        assert_eq!(clean_title("untitled"), None);
        assert_eq!(
            clean_title("Microsoft Word - Annual report"),
            Some("Annual report".into())
        );
    }

    #[test]
    fn the_signature_is_found_after_junk() {
        assert!(PdfReader::AUTO.sniff(b"%PDF-1.7\n"));
        assert!(PdfReader::AUTO.sniff(b"\xef\xbb\xbfjunk\n%PDF-1.4"));
        assert!(!PdfReader::AUTO.sniff(b"Plain text about PDF-1 files"));
    }
}
