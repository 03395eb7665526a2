//! The extractor on arbitrary bytes read as text (invalid UTF-8 replaced),
//! in every language and with the language detected.
#![no_main]

use arbitrary::Unstructured;
use geomention::mentions::Language;
use geomention::Extractor;
use geomention_fuzz::{extract, generate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(language), Ok(piece_size), Ok(positions)) = (
        u.int_in_range(0..=Language::all().count()),
        u.int_in_range(1usize..=1024),
        u.arbitrary::<[u16; 6]>(),
    ) else {
        return;
    };
    let text = String::from_utf8_lossy(u.take_rest());
    let ex = Extractor::bundled();
    let language = Language::all()
        .nth(language)
        .unwrap_or_else(|| ex.language_of(&text, None));
    let cuts = generate::cuts(&positions, &text);
    extract::check(ex, language, &text, &cuts, piece_size);
});
