//! Without the `pdf` feature the built-in PDF backend is missing: a PDF it
//! is asked to read is skipped with a message that says how to get it.

#![cfg(not(feature = "pdf"))]

use geomention::input::pdf::{Backend, PdfReader};
use geomention::input::{Collect, Data, Input, ReadOptions, Reader};

#[test]
fn a_pdf_without_a_backend_is_an_error_saying_how_to_get_one() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pdf/generated/one-column.pdf"
    );
    let bytes = std::fs::read(path).unwrap();
    let mut found = Collect::default();
    let input = Input {
        name: "reports/one-column.pdf",
        data: Data::Bytes(&bytes),
        options: &ReadOptions::default(),
    };
    let error = PdfReader::new(Backend::Builtin)
        .read(input, &mut found)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("reports/one-column.pdf: PDF support is not built in"),
        "{error}"
    );
    assert!(
        error.contains("cargo install --path . --features pdf"),
        "{error}"
    );
    assert!(error.contains("poppler-utils"), "{error}");
    assert!(found.documents.is_empty());
    assert!(!Backend::Builtin.available());
}
