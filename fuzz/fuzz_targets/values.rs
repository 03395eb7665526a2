//! `Values::parse` on CSV-ish bytes (decoded as a values file is: UTF-8 or
//! UTF-16): fragments of values files and raw bytes. No panic; errors name
//! a line; every value read is finite.
#![no_main]

use arbitrary::Unstructured;
use geomention_fuzz::parsers::{check_values, garbage, CSV_BITS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 4 == 0 {
        check_values(rest);
    } else if let Ok(text) = garbage(&mut Unstructured::new(rest), CSV_BITS) {
        let bytes = match mode % 4 {
            1 | 2 => text.into_bytes(),
            _ => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
        };
        check_values(&bytes);
    }
});
