//! `RegionSet::parse` on TOML-ish text: fragments of regions files and raw
//! bytes. No panic; errors name a line of the file; a set that parses
//! holds together and its phrases feed an extractor.
#![no_main]

use arbitrary::Unstructured;
use geomention_fuzz::parsers::{check_regions, garbage, TOML_BITS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 4 == 0 {
        check_regions(&String::from_utf8_lossy(rest));
    } else if let Ok(text) = garbage(&mut Unstructured::new(rest), TOML_BITS) {
        check_regions(&text);
    }
});
