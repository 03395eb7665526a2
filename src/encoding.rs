//! Turning a file's bytes into text: the byte-order mark decides the
//! encoding (UTF-8, UTF-16LE or UTF-16BE); without one, UTF-16 is
//! recognised by its zero bytes, and anything else is read as UTF-8. Bytes
//! that do not decode are replaced by U+FFFD, and the caller is told so it
//! can warn. [`repair_utf8`] is the variant that keeps every byte offset
//! (for documents, whose spans must point into the file).
//!
//! ```
//! use geomention::encoding::decode;
//! // "Fiji" as UTF-16LE with its byte-order mark, as Windows tools save it.
//! let d = decode(b"\xFF\xFEF\0i\0j\0i\0");
//! assert_eq!((d.text.as_ref(), d.encoding, d.had_errors), ("Fiji", "UTF-16LE", false));
//! ```

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Cursor, Read};

use encoding_rs::UTF_8;

/// Text decoded from bytes, with what it took to decode it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without its byte-order mark; borrowed from the input when
    /// it was valid UTF-8 already.
    pub text: Cow<'a, str>,
    /// The encoding used: `"UTF-8"`, `"UTF-16LE"` or `"UTF-16BE"`.
    pub encoding: &'static str,
    /// How many bytes of byte-order mark were skipped (0, 2 or 3).
    pub bom_len: usize,
    /// Whether some bytes did not decode and were replaced by U+FFFD.
    pub had_errors: bool,
}

impl Decoded<'_> {
    /// Whether the text was read as anything but plain UTF-8 without a
    /// byte-order mark (worth a note to the user).
    ///
    /// ```
    /// use geomention::encoding::decode;
    /// assert!(!decode(b"Laos").converted());
    /// assert!(decode(b"\xEF\xBB\xBFLaos").converted());
    /// ```
    pub fn converted(&self) -> bool {
        self.bom_len > 0 || self.encoding != UTF_8.name()
    }
}

/// Decodes bytes by their byte-order mark, UTF-8 when there is none.
///
/// A UTF-8 byte-order mark is stripped; invalid sequences are replaced
/// (never an error), so any bytes give some text.
///
/// ```
/// use geomention::encoding::decode;
/// let plain = decode(b"Tonga");
/// assert!(matches!(plain.text, std::borrow::Cow::Borrowed("Tonga")));
/// assert_eq!(decode(b"\xEF\xBB\xBFTonga").text, "Tonga");
/// assert_eq!(decode(b"\xFE\xFF\0T\0o").encoding, "UTF-16BE");
/// let bad = decode(b"Caf\xE9");
/// assert_eq!((bad.text.as_ref(), bad.had_errors), ("Caf\u{FFFD}", true));
/// ```
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (encoding, bom_len) =
        encoding_rs::Encoding::for_bom(bytes).unwrap_or_else(|| match sniff(bytes) {
            Sniffed::Text(e) if e != Encoding::Utf8 => (encoding_of(Sniffed::Text(e)), 0),
            _ => (UTF_8, 0),
        });
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    Decoded {
        text,
        encoding: encoding.name(),
        bom_len,
        had_errors,
    }
}

/// How much of a file's start is looked at to tell text from binary.
pub const SNIFF_LEN: usize = 8192;

/// A stream whose first `fill_buf` gives its first [`SNIFF_LEN`] bytes (all
/// of a shorter stream), however few bytes each read of the source gives
/// (a pipe, a network download, a decompressor): what sniffing sees, and so
/// how the stream is read, does not depend on how its bytes arrive.
///
/// ```
/// use std::io::{BufRead, BufReader};
/// use geomention::encoding::{sniff, with_head, Encoding, Sniffed};
/// // "Fiji" in UTF-16 without a byte-order mark, given a byte per read.
/// let bytes: &[u8] = b"F\0i\0j\0i\0";
/// let utf16 = Sniffed::Text(Encoding::Utf16Le);
/// let mut trickle = BufReader::with_capacity(1, bytes);
/// assert_ne!(sniff(trickle.fill_buf().unwrap()), utf16);
/// let mut whole = with_head(BufReader::with_capacity(1, bytes)).unwrap();
/// assert_eq!(whole.fill_buf().unwrap(), bytes);
/// assert_eq!(sniff(whole.fill_buf().unwrap()), utf16);
/// ```
pub fn with_head<R: BufRead>(mut reader: R) -> std::io::Result<BufReader<Headed<R>>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    // An error after some bytes (a --max-stream-size limit, a cut
    // download) comes after them, as it would without the head read.
    let error = (&mut reader)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .err();
    Ok(BufReader::with_capacity(
        64 * 1024,
        Headed {
            head: Cursor::new(head),
            error,
            rest: reader,
        },
    ))
}

/// A stream's first bytes, read ahead by [`with_head`], then the rest; an
/// error met while reading ahead is returned after the bytes read before
/// it.
pub struct Headed<R> {
    head: Cursor<Vec<u8>>,
    error: Option<std::io::Error>,
    rest: R,
}

impl<R: Read> Read for Headed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => self.rest.read(buf),
        }
    }
}

/// The largest character boundary of `s` at or before `at` (std's
/// `str::floor_char_boundary` needs a newer Rust than this crate's).
pub(crate) fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Stands in for each byte that is not valid UTF-8, keeping offsets.
pub const REPLACEMENT: u8 = 0x1A;

/// The encoding of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (or ASCII).
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
}

/// What the first bytes of a file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text in this encoding.
    Text(Encoding),
    /// Not text.
    Binary,
}

/// Tells text from binary, and the encoding, from a file's first bytes.
///
/// ```
/// use geomention::encoding::{sniff, Encoding, Sniffed};
/// assert_eq!(sniff(b"Fiji"), Sniffed::Text(Encoding::Utf8));
/// assert_eq!(sniff(b"\xff\xfeF\0i\0"), Sniffed::Text(Encoding::Utf16Le));
/// assert_eq!(sniff(b"F\0i\0j\0i\0 \0a\0n\0d\0"), Sniffed::Text(Encoding::Utf16Le));
/// assert_eq!(sniff(b"%PDF-1.7\n\0\x01\x02"), Sniffed::Binary);
/// ```
pub fn sniff(head: &[u8]) -> Sniffed {
    let head = &head[..head.len().min(SNIFF_LEN)];
    match head {
        [0xFF, 0xFE, ..] => return Sniffed::Text(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => return Sniffed::Text(Encoding::Utf16Be),
        _ => {}
    }
    if !head.contains(&0) {
        return Sniffed::Text(Encoding::Utf8);
    }
    // UTF-16 without a mark: most characters of Latin text have a zero
    // high byte, so zeros sit on one parity and almost never on the other.
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let half = head.len() / 2;
    if half >= 4 && odd * 10 >= half * 4 && even * 50 <= half {
        Sniffed::Text(Encoding::Utf16Le)
    } else if half >= 4 && even * 10 >= half * 4 && odd * 50 <= half {
        Sniffed::Text(Encoding::Utf16Be)
    } else {
        Sniffed::Binary
    }
}

/// Makes UTF-8 bytes valid without moving anything: a byte-order mark at
/// `0..3` becomes three spaces, every invalid byte [`REPLACEMENT`]. Leaves
/// an incomplete character at the very end alone unless `at_end`; returns
/// how many bytes are now known valid and how many were replaced.
///
/// ```
/// use geomention::encoding::repair_utf8;
/// let mut b = b"\xef\xbb\xbfFiji\xff!".to_vec();
/// assert_eq!(repair_utf8(&mut b, 0, true), (9, 1));
/// assert_eq!(b, b"   Fiji\x1a!");
/// let mut cut = "Réunion".as_bytes()[..2].to_vec();
/// assert_eq!(repair_utf8(&mut cut, 0, false), (1, 0));
/// ```
pub fn repair_utf8(bytes: &mut [u8], from: usize, at_end: bool) -> (usize, usize) {
    if from == 0 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[..3].fill(b' ');
    }
    let mut at = from;
    let mut replaced = 0;
    loop {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => return (bytes.len(), replaced),
            Err(e) => {
                at += e.valid_up_to();
                let bad = match e.error_len() {
                    Some(n) => n,
                    None if at_end => bytes.len() - at,
                    None => return (at, replaced),
                };
                bytes[at..at + bad].fill(REPLACEMENT);
                replaced += bad;
                at += bad;
            }
        }
    }
}

/// The `encoding_rs` encoding of a sniffed text (UTF-8 for anything else).
pub fn encoding_of(sniffed: Sniffed) -> &'static encoding_rs::Encoding {
    match sniffed {
        Sniffed::Text(Encoding::Utf16Le) => encoding_rs::UTF_16LE,
        Sniffed::Text(Encoding::Utf16Be) => encoding_rs::UTF_16BE,
        _ => UTF_8,
    }
}
