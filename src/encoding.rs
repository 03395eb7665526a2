//! Turning a file's bytes into text: the byte-order mark decides the
//! encoding (UTF-8, UTF-16LE or UTF-16BE); without one the bytes are read as
//! UTF-8. Bytes that do not decode are replaced by U+FFFD, and the caller is
//! told so it can warn.
//!
//! ```
//! use geomention::encoding::decode;
//! // "Fiji" as UTF-16LE with its byte-order mark, as Windows tools save it.
//! let d = decode(b"\xFF\xFEF\0i\0j\0i\0");
//! assert_eq!((d.text.as_ref(), d.encoding, d.had_errors), ("Fiji", "UTF-16LE", false));
//! ```

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

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
    let (encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((UTF_8, 0));
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    Decoded {
        text,
        encoding: encoding.name(),
        bom_len,
        had_errors,
    }
}
