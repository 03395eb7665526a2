//! A reader that gives its bytes a few at a time, in reads of sizes the
//! fuzzer chooses, as a pipe or a decompressor does.

use std::io::Read;

/// Reads `bytes` in reads of at most `sizes[i % sizes.len()]` bytes (at
/// least one).
pub struct Trickle<'a> {
    bytes: &'a [u8],
    sizes: Vec<usize>,
    read: usize,
}

impl<'a> Trickle<'a> {
    /// A trickle over `bytes`; `sizes` empty means one byte per read.
    pub fn new(bytes: &'a [u8], sizes: &[u8]) -> Trickle<'a> {
        let sizes = if sizes.is_empty() {
            vec![1]
        } else {
            sizes.iter().map(|s| usize::from(*s).max(1)).collect()
        };
        Trickle {
            bytes,
            sizes,
            read: 0,
        }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.read % self.sizes.len()];
        self.read += 1;
        let n = size.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}
