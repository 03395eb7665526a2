//! Shared parts of geomention's fuzz targets: text generators that mix the
//! forms of every language, the invariants the extractor, the parsers and
//! the readers must hold, and a reader that hands out bytes a few at a time.
//!
//! Every check panics on a broken invariant, so libFuzzer records the input
//! that broke it.

pub mod extract;
pub mod files;
pub mod generate;
pub mod memory;
pub mod parsers;
pub mod readers;
pub mod streams;
