//! Splitting a JSON stream into values without parsing them: by brackets
//! and strings, so that a big array is read one element at a time and a
//! broken element does not take the rest with it.

use crate::input::records::Window;

/// The next byte that is not white space, left in the window; `None` at
/// the end.
pub(super) fn next_byte(w: &mut Window<'_>) -> std::io::Result<Option<u8>> {
    loop {
        let data = w.data();
        match data.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = data[i];
                w.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = data.len();
                w.consume(n);
                if !w.fill()? {
                    return Ok(None);
                }
            }
        }
    }
}

/// How a value was found in the window.
pub(super) enum Scanned {
    /// `w.data()[..len]` is the value.
    Value(usize),
    /// Longer than the limit: consumed and skipped.
    TooLong,
    /// The stream ended inside it.
    Unfinished,
}

/// Where a JSON value starting at the window's first byte ends, found by
/// its brackets and strings (not parsed). In an array the value ends at
/// the `,` or `]` after it; otherwise when its brackets close. A line
/// break inside a string (never valid JSON) ends the string, so one broken
/// record cannot swallow the ones after it.
pub(super) fn scan_value(
    w: &mut Window<'_>,
    in_array: bool,
    max: usize,
) -> std::io::Result<Scanned> {
    let mut s = ScanState::default();
    let mut skipped = false;
    loop {
        if let Some(end) = s.run(&w.data()[s.at..], in_array) {
            let len = s.at + end;
            if skipped || len > max {
                w.consume(len);
                return Ok(Scanned::TooLong);
            }
            return Ok(Scanned::Value(len));
        }
        s.at = w.data().len();
        if s.at > max {
            skipped = true;
            w.consume(s.at);
            s.at = 0;
        }
        if !w.fill()? {
            if skipped {
                return Ok(Scanned::TooLong);
            }
            // At the end of the stream a value with closed brackets ends.
            let data = w.data();
            let closed = s.depth == 0 && !s.in_string && !data.trim_ascii_start().is_empty();
            return Ok(if closed && in_array {
                Scanned::Value(data.len())
            } else {
                Scanned::Unfinished
            });
        }
    }
}

#[derive(Default)]
struct ScanState {
    /// Bytes of the value scanned.
    at: usize,
    depth: u32,
    in_string: bool,
    /// The last byte was a backslash in a string.
    escaped: bool,
}

impl ScanState {
    /// Scans on; the offset in `bytes` where the value ends, if it does.
    fn run(&mut self, bytes: &[u8], in_array: bool) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                match memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..]) {
                    None => return None,
                    Some(k) => {
                        i += k;
                        match bytes[i] {
                            b'\\' => self.escaped = true,
                            _ => self.in_string = false,
                        }
                        i += 1;
                        continue;
                    }
                }
            }
            match bytes[i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth == 0 => return in_array.then_some(i),
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 0 && !in_array {
                        return Some(i + 1);
                    }
                }
                b',' if self.depth == 0 && in_array => return Some(i),
                _ => {}
            }
            i += 1;
        }
        None
    }
}
