//! The input readers on arbitrary bytes and on built files (Word zips,
//! HTML pages, CSV/JSON exports, mixed text), read whole and as streams cut
//! into small reads; and big texts read in pieces.
#![no_main]

use arbitrary::Unstructured;
use geomention_fuzz::files::{file, NAMES};
use geomention_fuzz::readers::{check_pieces, check_reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(name), Ok(kind), Ok(reads), Ok(capacity), Ok(size), Ok(context)) = (
        u.choose(NAMES),
        u.arbitrary::<u8>(),
        u.arbitrary::<[u8; 4]>(),
        u.int_in_range(1usize..=256),
        u.int_in_range(1usize..=512),
        u.int_in_range(0usize..=64),
    ) else {
        return;
    };
    let Ok(bytes) = file(&mut u, kind) else {
        return;
    };
    check_reader(name, &bytes, &reads, capacity);
    check_pieces(&bytes, &reads, capacity, size, context);
});
