//! The PDF reader on generated PDFs whose text is known (1, 2 and 3
//! columns, hyphenation, ligatures, pages, metadata, locked, scanned and
//! damaged files) and on real reports (pdfminer.six's samples), with each
//! backend: the built-in one (this file needs the `pdf` feature) and
//! poppler's `pdftotext` when it is installed (CI installs it).

#![cfg(feature = "pdf")]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use geomention::input::pdf::{Backend, PdfReader};
use geomention::input::{Collect, Data, Document, Input, ReadOptions, Reader};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pdf")
        .join(name)
}

/// The backends to test: the built-in one, and `pdftotext` if it is
/// installed (required on CI).
fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Builtin];
    if Backend::Pdftotext.available() {
        list.push(Backend::Pdftotext);
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is not installed: CI must test it (apt install poppler-utils)"
        );
        eprintln!("note: pdftotext is not installed; only the built-in backend is tested");
    }
    list
}

/// Reads one PDF with a backend: its documents, its warnings, or the error.
fn read(backend: Backend, name: &str) -> (Collect, Option<String>) {
    let path = data(name);
    let bytes = std::fs::read(&path).unwrap();
    let shown = path.display().to_string();
    let mut found = Collect::default();
    let input = Input {
        name: &shown,
        data: Data::Bytes(&bytes),
        options: &ReadOptions::default(),
    };
    let error = PdfReader::new(backend)
        .read(input, &mut found)
        .err()
        .map(|e| e.to_string());
    (found, error)
}

/// The one document a readable PDF gives.
fn document(backend: Backend, name: &str) -> Document {
    let (mut found, error) = read(backend, name);
    assert_eq!(error, None, "{backend:?} {name}");
    assert_eq!(found.documents.len(), 1, "{backend:?} {name}");
    found.documents.remove(0)
}

/// Lower-cased words (runs of letters and digits).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The share of the reference's 6-word sequences the candidate has.
fn order_agreement(reference: &str, candidate: &str) -> f64 {
    let shingles = |text: &str| {
        let w = words(text);
        let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
        for s in w.windows(6) {
            *counts.entry(s.to_vec()).or_default() += 1;
        }
        counts
    };
    let (r, c) = (shingles(reference), shingles(candidate));
    let total: usize = r.values().sum();
    let shared: usize = r
        .iter()
        .map(|(k, n)| (*n).min(c.get(k).copied().unwrap_or(0)))
        .sum();
    shared as f64 / total.max(1) as f64
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(data(&format!("generated/{name}.txt"))).unwrap()
}

#[test]
fn one_column_text_comes_back_word_for_word() {
    for b in backends() {
        let doc = document(b, "generated/one-column.pdf");
        assert_eq!(words(&doc.text), words(&expected("one-column")), "{b:?}");
    }
}

#[test]
fn columns_are_read_one_after_the_other() {
    // A sentence that runs over several lines of the first column comes
    // back whole: the columns are not glued line by line.
    let runs = [
        (
            "two-columns",
            "A victim in Canada who pays into a fake trading platform sends money",
        ),
        (
            "three-columns",
            "Some had been moved from Côte d'Ivoire and Togo by road",
        ),
    ];
    for b in backends() {
        for (name, run) in runs {
            let doc = document(b, &format!("generated/{name}.pdf"));
            let flat = words(&doc.text).join(" ");
            assert!(
                flat.contains(&words(run).join(" ")),
                "{b:?} {name}:\n{}",
                doc.text
            );
            let agreement = order_agreement(&expected(name), &doc.text);
            assert!(
                agreement >= MIN_ORDER[name_index(name)],
                "{b:?} {name}: order {agreement:.3}"
            );
        }
    }
}

/// The least word-order agreement with the known text, for 2 and 3
/// columns (measured, less a margin; the README gives the figures).
const MIN_ORDER: [f64; 2] = [0.95, 0.92];

fn name_index(name: &str) -> usize {
    usize::from(name == "three-columns")
}

#[test]
fn words_hyphenated_at_line_ends_are_joined_and_compounds_keep_their_hyphen() {
    for b in backends() {
        let doc = document(b, "generated/one-column.pdf");
        for word in ["Cambodia", "Philippines", "Myanmar-based"] {
            assert!(doc.text.contains(word), "{b:?}: no {word} in\n{}", doc.text);
        }
        assert!(!doc.text.contains("Myanmarbased"), "{b:?}");
        for name in ["one-column", "two-columns", "three-columns"] {
            // Every hyphenated word in the text is one of the source's:
            // none is a fragment of a word broken at a line end.
            let doc = document(b, &format!("generated/{name}.pdf"));
            let known = hyphenated(&expected(name));
            let broken: Vec<String> = hyphenated(&doc.text).difference(&known).cloned().collect();
            assert!(broken.is_empty(), "{b:?} {name}: {broken:?}");
        }
    }
}

/// The words of a text that contain or end in a hyphen.
fn hyphenated(text: &str) -> std::collections::BTreeSet<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| w.contains('-'))
        .map(str::to_string)
        .collect()
}

#[test]
fn ligatures_are_expanded() {
    for b in backends() {
        let doc = document(b, "generated/one-column.pdf");
        assert!(
            !doc.text
                .contains(['\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FB04}']),
            "{b:?}"
        );
        for word in [
            "flights",
            "offer",
            "fictional profiles",
            "officials",
            "baffled",
            "Staff",
        ] {
            assert!(doc.text.contains(word), "{b:?}: no {word:?}");
        }
    }
}

#[test]
fn pages_start_where_their_text_does_and_page_numbers_are_dropped() {
    for b in backends() {
        let doc = document(b, "generated/page-break.pdf");
        assert_eq!(doc.pages.len(), 2, "{b:?}");
        let page_of = |needle: &str| doc.page_of(doc.text.find(needle).unwrap());
        assert_eq!(page_of("Samoa"), Some(1), "{b:?}");
        assert_eq!(page_of("Papua"), Some(1), "{b:?}");
        assert_eq!(page_of("The second page"), Some(2), "{b:?}");
        assert_eq!(page_of("Indonesia"), Some(2), "{b:?}");
        assert_eq!(page_of("Fiji"), Some(3), "{b:?}");
        assert!(
            doc.text.contains("Papua\nNew\nGuinea")
                || doc.text.contains("Papua New\nGuinea")
                || doc.text.contains("Papua\nNew Guinea"),
            "{b:?}: {}",
            doc.text
        );
        assert!(
            !words(&doc.text)
                .iter()
                .any(|w| w == "1" || w == "2" || w == "3"),
            "{b:?}: {}",
            doc.text
        );
    }
}

#[test]
fn title_and_date_come_from_the_metadata() {
    let cases = [
        (
            "one-column",
            "Field note on scam compound recruitment",
            "2024-03-15T09:30:00+07:00",
        ),
        (
            "two-columns",
            "Money trails of online fraud (working paper)",
            "2023-11-02T14:15:00Z",
        ),
        (
            "three-columns",
            "Trafficking routes to Africa and the Pacific",
            "2022-07-20T00:00:00Z",
        ),
    ];
    for b in backends() {
        for (name, title, date) in cases {
            let doc = document(b, &format!("generated/{name}.pdf"));
            assert_eq!(doc.meta.title.as_deref(), Some(title), "{b:?} {name}");
            assert_eq!(doc.meta.date.as_deref(), Some(date), "{b:?} {name}");
        }
        let real = document(b, "pdfminer/i1040nr.pdf");
        assert_eq!(
            real.meta.title.as_deref(),
            Some("2007 Instruction 1040-NR"),
            "{b:?}"
        );
        assert_eq!(
            real.meta.date.as_deref(),
            Some("2007-12-06T08:01:23-05:00"),
            "{b:?}"
        );
    }
}

#[test]
fn locked_scanned_and_damaged_pdfs_are_errors_that_name_the_file_and_reason() {
    let cases = [
        ("generated/encrypted.pdf", "encrypted"),
        ("pdfminer/rc4-40.pdf", "encrypted"),
        ("pdfminer/aes-256.pdf", "encrypted"),
        ("generated/scanned.pdf", "no text layer"),
        ("generated/corrupt.pdf", "not a readable PDF"),
    ];
    for b in backends() {
        for (name, reason) in cases {
            let (found, error) = read(b, name);
            assert!(found.documents.is_empty(), "{b:?} {name}");
            let error = error.unwrap_or_else(|| panic!("{b:?} {name}: no error"));
            assert!(
                error.contains(name) && error.contains(reason),
                "{b:?} {name}: {error}"
            );
        }
        // Hostile nesting (which overflows a recursive parser's stack), and
        // damage anywhere: an error naming the file or a document, never a
        // crash.
        for name in [
            "generated/nested-content.pdf",
            "generated/nested-catalog.pdf",
        ] {
            let (found, error) = read(b, name);
            let named = error.is_some_and(|e| e.contains(name) && e.contains("not a readable PDF"));
            assert!(named || found.documents.len() == 1, "{b:?} {name}");
        }
        let good = std::fs::read(data("generated/one-column.pdf")).unwrap();
        for step in [997, 3001, 7919] {
            let mut bytes = good.clone();
            for i in (step..bytes.len()).step_by(step) {
                bytes[i] = bytes[i].wrapping_mul(31).wrapping_add(7);
            }
            let mut found = Collect::default();
            let input = Input {
                name: "mutated.pdf",
                data: Data::Bytes(&bytes),
                options: &ReadOptions::default(),
            };
            match PdfReader::new(b).read(input, &mut found) {
                Ok(()) => assert_eq!(found.documents.len(), 1, "{b:?} {step}"),
                Err(e) => assert!(
                    e.to_string().starts_with("mutated.pdf: "),
                    "{b:?} {step}: {e}"
                ),
            }
        }
        // Cut in half: an error, or whatever text could be saved.
        let (found, error) = read(b, "generated/truncated.pdf");
        assert!(
            error.is_some_and(|e| e.contains("truncated.pdf")) || found.documents.len() == 1,
            "{b:?}"
        );
    }
}

#[test]
fn a_pdf_locked_only_against_editing_opens_without_a_password() {
    for b in backends() {
        let doc = document(b, "generated/owner-password-only.pdf");
        assert!(
            doc.text.contains("This note is about Laos and Thailand."),
            "{b:?}: {}",
            doc.text
        );
        let dmca = document(b, "pdfminer/dmca.pdf");
        assert!(dmca.text.contains("Copyright"), "{b:?}");
    }
}

#[test]
fn real_multi_column_reports_read_in_poppler_order() {
    if !Backend::Pdftotext.available() {
        assert!(std::env::var_os("CI").is_none(), "CI must have pdftotext");
        return;
    }
    for (name, least) in [("naacl06-shinyama", MIN_REAL[0]), ("i1040nr", MIN_REAL[1])] {
        let file = format!("pdfminer/{name}.pdf");
        let reference = document(Backend::Pdftotext, &file);
        let builtin = document(Backend::Builtin, &file);
        let agreement = order_agreement(&reference.text, &builtin.text);
        assert!(
            agreement >= least,
            "{name}: built-in order agrees {agreement:.3} with pdftotext's"
        );
    }
}

/// The least agreement of the built-in backend's order with pdftotext's
/// on the 2-column paper and the 3-column booklet (measured, less a margin).
const MIN_REAL: [f64; 2] = [0.80, 0.55];

#[test]
fn the_cli_reports_pages_of_spans_and_warns_about_unreadable_pdfs() {
    let out = Command::new(env!("CARGO_BIN_EXE_geomention"))
        .args(["mentions", "--spans"])
        .arg(data("generated"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = stdout.lines().next().unwrap().split(',').collect();
    let page_column = header.iter().position(|c| *c == "page").unwrap();
    let page = |iso: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|l| l.contains("page-break.pdf") && l.contains(&format!(",country,{iso},")))
            .map(|l| l.split(',').nth(page_column).unwrap().to_string())
            .collect()
    };
    assert_eq!(page("PNG"), ["1"]);
    assert_eq!(page("IDN"), ["2"]);
    assert_eq!(page("FJI"), ["3"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (file, reason) in [
        ("encrypted.pdf", "encrypted"),
        ("scanned.pdf", "no text layer"),
        ("corrupt.pdf", "not a readable PDF"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason) && l.ends_with("skipped")),
            "{file}: {stderr}"
        );
    }
}

#[test]
fn mentions_found_in_the_pdfs_are_those_of_their_texts() {
    let count = |path: &Path| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_geomention"))
            .args(["mentions", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json[0]["countries"].to_string()
    };
    for name in ["one-column", "two-columns", "three-columns", "page-break"] {
        let from_pdf = count(&data(&format!("generated/{name}.pdf")));
        let from_text = count(&data(&format!("generated/{name}.txt")));
        assert_eq!(from_pdf, from_text, "{name}");
    }
}
