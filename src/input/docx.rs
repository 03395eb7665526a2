//! Word files (`.docx`, `.docm`, `.dotx`): the text of the document's
//! paragraphs (table cells and text boxes included, each paragraph
//! separated from the next by a blank line), then its footnotes and
//! endnotes; title, creation date and language from `docProps/core.xml`.
//!
//! Deleted text of tracked changes and field codes are left out; text
//! boxes are read once (not again from their fallback copy). Running
//! headers and footers and comments are not read. A password-protected
//! file, a Word 97-2003 `.doc` or a damaged file is skipped with a message
//! naming it and the reason; no part is decompressed beyond
//! [`MAX_PART_SIZE`] (zip bombs).
//!
//! ```
//! use geomention::input::docx::paragraphs;
//! let xml = br#"<w:document xmlns:w="w"><w:body>
//!   <w:p><w:r><w:t>Workers from Kenya</w:t></w:r><w:r><w:t xml:space="preserve"> and Uganda</w:t></w:r></w:p>
//!   <w:p><w:r><w:delText>Peru</w:delText></w:r><w:r><w:t>were freed.</w:t></w:r></w:p>
//! </w:body></w:document>"#;
//! assert_eq!(paragraphs(&xml[..]).unwrap(), "Workers from Kenya and Uganda\n\nwere freed.");
//! ```

use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use quick_xml::events::Event;
use zip::result::ZipError;
use zip::ZipArchive;

use super::{Document, Input, Meta, Reader, Sink};
use crate::error::{Error, Result};

/// The most any part of a Word file is decompressed to (a 1,000-page
/// report's `document.xml` is a few tens of MiB).
pub const MAX_PART_SIZE: u64 = 256 << 20;

/// Signature of a zip file.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Signature of an OLE compound file (Word 97-2003, encrypted Office files).
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// How much of a file's start is searched for the names that tell a Word
/// file (besides a compound file's directory, wherever it is).
const SNIFF_SPAN: usize = 64 << 10;

/// Word files: one document per file.
pub struct DocxReader;

impl Reader for DocxReader {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["docx", "docm", "dotx", "dotm", "doc"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        if head.starts_with(ZIP_MAGIC) {
            let span = &head[..head.len().min(SNIFF_SPAN)];
            return memchr::memmem::find(span, b"word/").is_some();
        }
        head.starts_with(CFB_MAGIC)
            && (names_stream(head, "EncryptedPackage") || names_stream(head, "WordDocument"))
    }
    fn read(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name.to_string();
        let bytes = input.bytes()?;
        if bytes.starts_with(CFB_MAGIC) {
            return Err(Error::Invalid(compound_file_message(&name, &bytes)));
        }
        let mut zip = ZipArchive::new(Cursor::new(&bytes[..])).map_err(|e| {
            Error::Invalid(format!(
                "{name}: not a readable Word file ({e}); it may be damaged"
            ))
        })?;
        let main = main_part(&mut zip);
        let (mut text, damage) = match read_part(&mut zip, &main) {
            Ok(Some(t)) => (t, None),
            Ok(None) => {
                return Err(Error::Invalid(format!(
                    "{name}: a zip file without {main}, not a Word document"
                )))
            }
            Err(PartError::Zip(e)) => return Err(Error::Invalid(zip_message(&name, &main, &e))),
            Err(PartError::Damaged { text, reason }) => (text, Some(reason)),
        };
        if let Some(reason) = damage {
            sink.warning(format!(
                "{name}: {main} is damaged ({reason}); read the text before the damage"
            ));
        }
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
        for notes in ["footnotes.xml", "endnotes.xml"] {
            let path = if dir.is_empty() {
                notes.to_string()
            } else {
                format!("{dir}/{notes}")
            };
            match read_part(&mut zip, &path) {
                Ok(Some(t)) => append(&mut text, &t),
                Ok(None) => {}
                Err(PartError::Damaged { text: t, reason }) => {
                    append(&mut text, &t);
                    sink.warning(format!(
                        "{name}: {path} is damaged ({reason}); read the text before the damage"
                    ));
                }
                Err(PartError::Zip(e)) => sink.warning(format!(
                    "{}; its notes were not read",
                    zip_message(&name, &path, &e)
                )),
            }
        }
        let core = core_properties(&mut zip);
        let mut meta = Meta::for_source(name);
        meta.title = core.title.or_else(|| super::text::title_of(&text));
        meta.date = core.created;
        meta.language = core.language;
        sink.document(Document {
            meta,
            text,
            pages: Vec::new(),
        })
    }
}

/// Appends a block of text after a blank line.
fn append(text: &mut String, block: &str) {
    if block.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(block);
}

/// What could go wrong reading one part.
enum PartError {
    /// The part could not be opened (encrypted, unsupported compression).
    Zip(ZipError),
    /// The part broke off or is not well-formed XML; `text` is what was
    /// read before.
    Damaged { text: String, reason: String },
}

/// The text of one part (`None` if the file has no such part).
fn read_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    path: &str,
) -> std::result::Result<Option<String>, PartError> {
    let file = match zip.by_name(path) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(PartError::Zip(e)),
    };
    let capped = BufReader::new(Capped {
        inner: file,
        left: MAX_PART_SIZE,
    });
    let mut out = Paragraphs::default();
    match out.read(capped) {
        Ok(()) => Ok(Some(out.finish())),
        Err(reason) => Err(PartError::Damaged {
            text: out.finish(),
            reason,
        }),
    }
}

/// The text of a WordprocessingML part (`document.xml`, `footnotes.xml`):
/// paragraphs separated by blank lines.
///
/// See the [module documentation](self) for an example.
pub fn paragraphs(xml: impl BufRead) -> std::result::Result<String, String> {
    let mut out = Paragraphs::default();
    out.read(xml)?;
    Ok(out.finish())
}

/// Collects paragraphs while walking a part's XML.
#[derive(Default)]
struct Paragraphs {
    /// Finished paragraphs.
    text: String,
    /// Paragraphs being read, innermost last (a text box's paragraphs sit
    /// inside a paragraph of the body).
    open: Vec<String>,
    /// Inside `<w:t>`.
    in_text: bool,
    /// Depth inside content that repeats other content (`mc:Fallback`).
    skip: usize,
}

impl Paragraphs {
    fn read(&mut self, xml: impl BufRead) -> std::result::Result<(), String> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
            match event {
                Event::Start(e) => self.start(e.local_name().as_ref()),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Empty(e) => self.empty(e.local_name().as_ref()),
                Event::Text(t) if self.in_text => self.push(&t.xml10_content()),
                Event::CData(t) if self.in_text => self.push(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => quick_xml::escape::resolve_xml_entity(&r).map(str::to_string),
                    };
                    if let Some(s) = resolved {
                        self.push(&s);
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn start(&mut self, local: &str) {
        match local {
            "Fallback" => self.skip += 1,
            _ if self.skip > 0 => {}
            "p" => self.open.push(String::new()),
            "t" => self.in_text = true,
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "Fallback" => self.skip = self.skip.saturating_sub(1),
            _ if self.skip > 0 => {}
            "p" => {
                if let Some(p) = self.open.pop() {
                    append(&mut self.text, p.trim());
                }
            }
            "t" => self.in_text = false,
            _ => {}
        }
    }

    fn empty(&mut self, local: &str) {
        if self.skip > 0 {
            return;
        }
        match local {
            "tab" | "ptab" => self.push("\t"),
            "br" | "cr" => self.push("\n"),
            "noBreakHyphen" => self.push("-"),
            _ => {}
        }
    }

    fn push(&mut self, s: &str) {
        if self.skip > 0 {
            return;
        }
        match self.open.last_mut() {
            Some(p) => p.push_str(s),
            // Text outside any paragraph (a malformed part) is kept too.
            None => self.open.push(s.to_string()),
        }
    }

    /// The text read so far, paragraphs left open included.
    fn finish(mut self) -> String {
        while let Some(p) = self.open.pop() {
            append(&mut self.text, p.trim());
        }
        self.text
    }
}

/// The path of the main document part, from the package's relationships
/// (`word/document.xml` in almost every file).
fn main_part<R: Read + Seek>(zip: &mut ZipArchive<R>) -> String {
    const DEFAULT: &str = "word/document.xml";
    let Ok(rels) = read_small(zip, "_rels/.rels") else {
        return DEFAULT.to_string();
    };
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                };
                let is_main = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr("Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    if zip.index_for_name(&target).is_some() {
                        return target;
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return DEFAULT.to_string(),
            _ => {}
        }
    }
}

/// A small part (package metadata) as text; at most 1 MiB.
fn read_small<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    path: &str,
) -> std::result::Result<String, ()> {
    let file = zip.by_name(path).map_err(|_| ())?;
    let mut text = String::new();
    file.take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|_| ())?;
    Ok(text)
}

/// What `docProps/core.xml` says.
#[derive(Debug, Default)]
struct Core {
    title: Option<String>,
    created: Option<String>,
    language: Option<String>,
}

/// Title, creation date and language from `docProps/core.xml`.
fn core_properties<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Core {
    let Ok(xml) = read_small(zip, "docProps/core.xml") else {
        return Core::default();
    };
    let mut core = Core::default();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut field: Option<String> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                field = Some(e.local_name().as_ref().to_string());
                value.clear();
            }
            Ok(Event::Text(t)) => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                if let Some(s) = quick_xml::escape::resolve_xml_entity(&r) {
                    value.push_str(s);
                }
            }
            Ok(Event::End(_)) => {
                let cleaned = value.split_whitespace().collect::<Vec<_>>().join(" ");
                let slot = match field.take().as_deref() {
                    Some("title") => &mut core.title,
                    Some("created") => &mut core.created,
                    Some("language") => &mut core.language,
                    _ => continue,
                };
                if slot.is_none() && !cleaned.is_empty() {
                    *slot = Some(cleaned);
                }
            }
            Ok(Event::Eof) | Err(_) => return core,
            _ => {}
        }
    }
}

/// The message for a part that could not be opened.
fn zip_message(name: &str, part: &str, e: &ZipError) -> String {
    match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            format!(
                "{name}: {part} is password-protected; save the file without a password to read it"
            )
        }
        _ => format!("{name}: cannot read {part} ({e}); the file may be damaged"),
    }
}

/// The message for an OLE compound file given as a Word file.
fn compound_file_message(name: &str, bytes: &[u8]) -> String {
    if names_stream(bytes, "EncryptedPackage") {
        format!(
            "{name}: a password-protected (encrypted) Office file; remove the password in Word \
             (File > Info > Protect Document) and save it again to read it"
        )
    } else {
        format!(
            "{name}: a Word 97-2003 .doc file, which geomention does not read; save it as .docx \
             (in Word, or with `libreoffice --headless --convert-to docx`)"
        )
    }
}

/// Whether an OLE compound file's directory (as far as `bytes` hold it)
/// names `stream`: the directory's first sectors, where the header says
/// they are, then the file's first 64 KiB.
fn names_stream(bytes: &[u8], stream: &str) -> bool {
    let needle: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let found_in = |part: &[u8]| memchr::memmem::find(part, &needle).is_some();
    if let (Some(shift), Some(first)) = (bytes.get(0x1E..0x20), bytes.get(0x30..0x34)) {
        let shift = u32::from(u16::from_le_bytes([shift[0], shift[1]]));
        let first = u64::from(u32::from_le_bytes([first[0], first[1], first[2], first[3]]));
        if (7..=16).contains(&shift) {
            let start = (first + 1) << shift;
            let end = start + (4 << shift);
            if let Ok(start) = usize::try_from(start) {
                if start < bytes.len() {
                    let end = usize::try_from(end).map_or(bytes.len(), |e| e.min(bytes.len()));
                    if found_in(&bytes[start..end]) {
                        return true;
                    }
                }
            }
        }
    }
    found_in(&bytes[..bytes.len().min(SNIFF_SPAN)])
}

/// A reader that fails once it has given more than `left` bytes.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "more than {} MiB once decompressed: not read further (a zip bomb?)",
                MAX_PART_SIZE >> 20
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}
