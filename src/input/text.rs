//! Plain text: encodings, binary files, and big files read in pieces.
//!
//! UTF-8 is read as it is. A UTF-8 byte-order mark becomes spaces and each
//! invalid byte becomes U+001A, so the text keeps the file's length and a
//! span's byte offsets are offsets into the file. UTF-16 with a byte-order
//! mark (or without one, recognised by its zero bytes) is decoded to UTF-8;
//! offsets are then offsets into the decoded text. A file with NUL bytes in
//! its first 8 KiB that is not UTF-16 is binary and is not read.
//!
//! Files bigger than a piece are never held whole: [`Pieces`] reads them in
//! bounded pieces, each with some text of its neighbours around it for the
//! mention rules, cut preferably at paragraph breaks. Encodings are told
//! apart by [`crate::encoding`].

use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::ops::Range;

use super::{Data, Document, Input, Meta, Reader, Sink};
use crate::encoding::{encoding_of, repair_utf8, sniff, with_head, Encoding, Sniffed};
use crate::error::{Error, Result};

/// The warning for a file whose invalid bytes were replaced.
pub fn replaced_warning(name: &str, replaced: usize) -> String {
    format!(
        "{name}: not valid UTF-8 ({replaced} byte(s) replaced); convert the file to UTF-8 to silence this"
    )
}

/// The note for a file read from UTF-16.
pub fn utf16_note(name: &str) -> String {
    format!("{name}: read as UTF-16; span offsets are offsets into its UTF-8 conversion")
}

/// The warning for a binary file.
pub fn binary_warning(name: &str) -> String {
    format!("{name}: skipped: looks like a binary file, not text (NUL bytes near its start)")
}

/// Decodes a whole text file held in memory.
///
/// ```
/// use geomention::input::text::decode;
/// let (text, warning) = decode("a.txt", b"Fiji\xff").unwrap();
/// assert_eq!(text, "Fiji\u{1a}");
/// assert!(warning.unwrap().starts_with("a.txt: not valid UTF-8"));
/// assert!(decode("b.bin", b"\x01\0\0\x02\0\x07\0\0\0\x01").is_err());
/// ```
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, Option<String>)> {
    match sniff(bytes) {
        Sniffed::Binary => Err(Error::Invalid(binary_warning(name))),
        Sniffed::Text(Encoding::Utf8) => {
            if !bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                if let Ok(s) = std::str::from_utf8(bytes) {
                    return Ok((Cow::Borrowed(s), None));
                }
            }
            let mut owned = bytes.to_vec();
            let (_, replaced) = repair_utf8(&mut owned, 0, true);
            let text = String::from_utf8(owned).expect("repaired UTF-8 is valid");
            let warning = (replaced > 0).then(|| replaced_warning(name, replaced));
            Ok((Cow::Owned(text), warning))
        }
        Sniffed::Text(_) => {
            let decoded = crate::encoding::decode(bytes);
            let mut warning = utf16_note(name);
            if decoded.had_errors {
                warning.push_str("; some bytes were not valid UTF-16 and were replaced");
            }
            Ok((Cow::Owned(decoded.text.into_owned()), Some(warning)))
        }
    }
}

/// The first line of a text, as its title when it is short enough to be
/// one.
pub(crate) fn title_of(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= 200).then(|| line.to_string())
}

/// Plain text (`.txt`, `.md`, and any file no other reader claims that is
/// not binary): one document per file.
pub struct TextReader;

impl Reader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text", "md", "markdown", "rst", "log"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        matches!(sniff(head), Sniffed::Text(_))
    }
    fn streams(&self) -> bool {
        true
    }
    fn read(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name.to_string();
        let bytes = match &mut input.data {
            Data::Bytes(b) => Cow::Borrowed(*b),
            Data::Stream(_) => input.bytes()?,
        };
        let (text, warning) = decode(&name, &bytes)?;
        if let Some(w) = warning {
            sink.warning(w);
        }
        let mut meta = Meta::for_source(name);
        meta.title = title_of(&text);
        sink.document(Document {
            meta,
            text: text.into_owned(),
            pages: Vec::new(),
        })
    }
}

/// A bounded piece of a big text: `text[range]` is the piece's own part,
/// the rest is context from its neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The piece with context around it.
    pub text: String,
    /// The part this piece owns, within `text`.
    pub range: Range<usize>,
    /// Where `text` starts in the whole document, in bytes.
    pub offset: u64,
    /// Whether this is the document's last piece.
    pub last: bool,
}

/// Reads a big text in pieces of about `size` bytes, cut at a paragraph
/// break where one is near (else a line break, else a space), each
/// carrying `context` bytes of its neighbours on both sides. Memory stays
/// at a few pieces whatever the length of the text.
///
/// ```
/// use geomention::input::text::Pieces;
/// let text = "Fiji.\n\nTonga.\n\nPalau.";
/// let pieces: Vec<_> = Pieces::new(text.as_bytes(), 8, 3).map(|p| p.unwrap()).collect();
/// let owned: String = pieces.iter().map(|p| &p.text[p.range.clone()]).collect();
/// assert_eq!(owned, text);
/// assert!(pieces.last().unwrap().last);
/// ```
pub struct Pieces<R> {
    reader: R,
    size: usize,
    context: usize,
    /// Bytes read and repaired, from document offset `base`.
    buf: Vec<u8>,
    base: u64,
    /// Where the next piece's own part starts, in `buf`.
    start: usize,
    /// `buf[..valid]` is valid UTF-8.
    valid: usize,
    eof: bool,
    done: bool,
    /// A read error, given after the pieces read before it.
    error: Option<std::io::Error>,
    /// Bytes replaced because they were not UTF-8.
    pub replaced: usize,
}

impl<R: Read> Pieces<R> {
    /// Pieces of about `size` bytes with `context` bytes around each.
    pub fn new(reader: R, size: usize, context: usize) -> Pieces<R> {
        Pieces {
            reader,
            size: size.max(1),
            context,
            buf: Vec::new(),
            base: 0,
            start: 0,
            valid: 0,
            eof: false,
            done: false,
            error: None,
            replaced: 0,
        }
    }

    /// Reads until the buffer holds `want` bytes or the input ends (or
    /// fails: the error is kept for after the last piece).
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        while self.buf.len() < want && !self.eof {
            // `read_to_end` fills spare capacity without zeroing it first.
            let need = (want - self.buf.len()).max(64 * 1024);
            match (&mut self.reader)
                .take(need as u64)
                .read_to_end(&mut self.buf)
            {
                Ok(n) => self.eof = n < need,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // End the text here; the error follows its last piece.
                    self.error = Some(e);
                    self.eof = true;
                }
            }
        }
        let at_document_start = self.base == 0 && self.valid == 0;
        let from = if at_document_start { 0 } else { self.valid };
        let (valid, replaced) = repair_utf8(&mut self.buf, from, self.eof);
        self.valid = valid;
        self.replaced += replaced;
        Ok(())
    }

    /// Where to end the piece that starts at `self.start`: a paragraph
    /// break, line break or space in the second half of the piece, or a
    /// character boundary.
    fn cut(&self) -> usize {
        let hard = (self.start + self.size).min(self.valid);
        let soft = self.start + self.size / 2;
        let window = &self.buf[soft.min(hard)..hard];
        let after = |i: usize| soft.min(hard) + i + 1;
        if let Some(i) = memchr::memmem::rfind(window, b"\n\n") {
            return after(i) + 1;
        }
        if let Some(i) = memchr::memrchr(b'\n', window) {
            return after(i);
        }
        if let Some(i) = memchr::memrchr(b' ', window) {
            return after(i);
        }
        let continues = |at: usize| at < self.valid && (self.buf[at] & 0xC0) == 0x80;
        let mut at = hard;
        while at > self.start + 1 && continues(at) {
            at -= 1;
        }
        // A piece smaller than its first character ends after it.
        while continues(at) {
            at += 1;
        }
        at
    }

    fn next_piece(&mut self) -> std::io::Result<Option<Piece>> {
        if self.done {
            return self.error.take().map_or(Ok(None), Err);
        }
        let margin = self.context + 4;
        self.fill(self.start + self.size + margin)?;
        let end_of_text = self.eof && self.valid == self.buf.len();
        let (own_end, last) = if end_of_text && self.buf.len() <= self.start + self.size + margin {
            (self.buf.len(), true)
        } else {
            (self.cut(), false)
        };
        let from = self.start.saturating_sub(self.context);
        let mut to = (own_end + self.context).min(self.valid);
        while to < self.valid && (self.buf[to] & 0xC0) == 0x80 {
            to += 1;
        }
        let text = std::str::from_utf8(&self.buf[from..to])
            .expect("repaired bytes are UTF-8")
            .to_string();
        let piece = Piece {
            text,
            range: (self.start - from)..(own_end - from),
            offset: self.base + from as u64,
            last,
        };
        self.done = last;
        // Keep `context` bytes before the next piece's start.
        let keep_from = own_end.saturating_sub(self.context);
        let keep_from = (keep_from..=own_end)
            .find(|i| *i == self.buf.len() || (self.buf[*i] & 0xC0) != 0x80)
            .unwrap_or(own_end);
        self.buf.drain(..keep_from);
        self.base += keep_from as u64;
        self.start = own_end - keep_from;
        self.valid -= keep_from;
        Ok(Some(piece))
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = std::io::Result<Piece>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_piece().transpose()
    }
}

/// A text stream as UTF-8 bytes: UTF-16 is decoded on the fly, UTF-8
/// passes as it is (repaired later by [`Pieces`]).
pub fn utf8_stream<'a, R: BufRead + 'a>(
    reader: R,
) -> std::io::Result<(Box<dyn Read + 'a>, Sniffed)> {
    let mut reader = with_head(reader)?;
    let head = reader.fill_buf()?;
    let sniffed = sniff(head);
    let stream: Box<dyn Read + 'a> = match sniffed {
        Sniffed::Text(Encoding::Utf16Le) | Sniffed::Text(Encoding::Utf16Be) => {
            let encoding = encoding_of(sniffed);
            let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(reader);
            // The decoder loses the end of a last replacement character when
            // it is read into fewer than 4 bytes: read it in big reads only.
            Box::new(std::io::BufReader::with_capacity(64 * 1024, decoder))
        }
        _ => Box::new(reader),
    };
    Ok((stream, sniffed))
}
