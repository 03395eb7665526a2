//! Word files: paragraphs, tables, text boxes (once), footnotes, tracked
//! changes and field codes; core properties; damaged, protected, old and
//! oversized files. The files are made by [`Docx`] in each test.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;

use geomention::input::docx::DocxReader;
use geomention::input::{reader_for, Collect, Data, Input, ReadOptions, Reader};
use geomention::{Extractor, Gazetteer, Target};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word file to write: its parts by path.
struct Docx {
    parts: BTreeMap<String, Vec<u8>>,
}

impl Docx {
    /// A file with the usual package parts and this body.
    fn new(body: &str) -> Docx {
        let mut d = Docx {
            parts: BTreeMap::new(),
        };
        d.part(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        );
        d.part("_rels/.rels", &rels("word/document.xml"));
        d.part("word/document.xml", &document(body));
        d
    }

    fn part(&mut self, path: &str, content: &str) -> &mut Docx {
        self.parts
            .insert(path.to_string(), content.as_bytes().to_vec());
        self
    }

    fn without(&mut self, path: &str) -> &mut Docx {
        self.parts.remove(path);
        self
    }

    fn core(&mut self, title: &str, created: &str, language: &str) -> &mut Docx {
        self.part(
            "docProps/core.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>Field team</dc:creator><dc:language>{language}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2030-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"#
            ),
        )
    }

    /// The file's bytes: parts in the order Word writes them (content
    /// types, relationships, then the rest), deflated.
    fn bytes(&self) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let mut names: Vec<&String> = self.parts.keys().collect();
        names.sort_by_key(|n| (!n.starts_with('['), !n.starts_with('_'), n.to_string()));
        for name in names {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(&self.parts[name]).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }
}

fn rels(main: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>"#
    )
}

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="w14"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    )
}

/// A paragraph of one run.
fn p(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// A report body with the constructs Word writes.
fn report_body() -> String {
    let table = format!(
        "<w:tbl><w:tblPr/><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p("Fiji"),
        p("41 cases"),
        p("Tonga"),
        p("12 cases")
    );
    let text_box = r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Case study: Samoa</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Case study: Samoa</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    [
        p("Labour migration in the Pacific"),
        // A word split across runs, as Word does after an edit.
        r#"<w:p><w:r><w:t xml:space="preserve">Recruiters based in Viet</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>nam placed workers on fishing boats.</w:t></w:r></w:p>"#.to_string(),
        table,
        text_box.to_string(),
        // Tracked changes: the deletion is not text any more, the insertion is.
        r#"<w:p><w:r><w:t xml:space="preserve">Crews were later found in </w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>Peru</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>Chile</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>"#.to_string(),
        // A hyperlink field: its code names a country, its shown text another.
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/brazil" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Nauru</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:tab/><w:t>Kiribati</w:t></w:r></w:p>"#.to_string(),
        p("Papua New Guinea &amp; Solomon Islands&#x2019; ports"),
        "<w:p/>".to_string(),
    ]
    .concat()
}

fn full_report() -> Docx {
    let mut d = Docx::new(&report_body());
    d.core(
        "Labour migration in the Pacific",
        "2024-02-01T09:00:00Z",
        "en-NZ",
    );
    d.part(
        "word/footnotes.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Interviews held in Vanuatu, 2023.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        ),
    );
    d.part(
        "word/header1.xml",
        &format!(r#"<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Draft, Australia office</w:t></w:r></w:p></w:hdr>"#),
    );
    d
}

fn countries(text: &str) -> BTreeMap<String, usize> {
    let gaz = Gazetteer::bundled();
    let mut out = BTreeMap::new();
    for m in Extractor::bundled().find(text) {
        if let Target::Country(id) = m.target {
            *out.entry(gaz.country(id).iso_a3.clone()).or_default() += 1;
        }
    }
    out
}

fn read(name: &str, bytes: &[u8]) -> (Collect, geomention::Result<()>) {
    let mut found = Collect::default();
    let options = ReadOptions::default();
    let input = Input {
        name,
        data: Data::Bytes(bytes),
        options: &options,
    };
    let result = DocxReader.read(input, &mut found);
    (found, result)
}

#[test]
fn paragraphs_tables_text_boxes_and_footnotes_are_read() {
    let bytes = full_report().bytes();
    let (found, result) = read("report.docx", &bytes);
    result.unwrap();
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let doc = &found.documents[0];
    let got = countries(&doc.text);
    let want: BTreeMap<String, usize> = [
        "CHL", "FJI", "KIR", "NRU", "PNG", "SLB", "TON", "VNM", "VUT", "WSM",
    ]
    .iter()
    .map(|c| (c.to_string(), 1))
    .collect();
    assert_eq!(got, want, "{}", doc.text);
    assert!(doc.text.contains("Recruiters based in Vietnam placed"));
    assert!(doc.text.contains("Nauru\tKiribati"));
    assert!(doc
        .text
        .starts_with("Labour migration in the Pacific\n\nRecruiters"));
}

#[test]
fn deleted_text_field_codes_and_headers_are_not_read() {
    let bytes = full_report().bytes();
    let text = &read("report.docx", &bytes).0.documents[0].text;
    for absent in ["Peru", "brazil", "HYPERLINK", "Australia"] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
}

#[test]
fn core_properties_give_title_date_and_language() {
    let bytes = full_report().bytes();
    let meta = &read("report.docx", &bytes).0.documents[0].meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Labour migration in the Pacific")
    );
    assert_eq!(meta.date.as_deref(), Some("2024-02-01T09:00:00Z"));
    assert_eq!(meta.language.as_deref(), Some("en-NZ"));
    assert_eq!(meta.source, "report.docx");
}

#[test]
fn without_core_properties_the_first_paragraph_is_the_title() {
    let bytes = Docx::new(&[p("Routes to the Gulf"), p("Text.")].concat()).bytes();
    let meta = &read("plain.docx", &bytes).0.documents[0].meta;
    assert_eq!(meta.title.as_deref(), Some("Routes to the Gulf"));
    assert_eq!(meta.date, None);
}

#[test]
fn main_part_is_found_through_the_package_relationships() {
    let mut d = Docx::new("");
    d.without("word/document.xml")
        .part("word/document2.xml", &document(&p("Seen in Tuvalu.")))
        .part("_rels/.rels", &rels("/word/document2.xml"));
    let (found, result) = read("moved.docx", &d.bytes());
    result.unwrap();
    assert_eq!(found.documents[0].text, "Seen in Tuvalu.");
}

#[test]
fn word_files_are_recognised_by_content() {
    let bytes = full_report().bytes();
    for name in ["report.docx", "report.DOCX", "report", "report.bin"] {
        let r = reader_for(Path::new(name), &bytes).expect("a reader");
        assert_eq!(r.name(), "docx", "{name}");
    }
    let mut other_zip = ZipWriter::new(Cursor::new(Vec::new()));
    other_zip
        .start_file("xl/workbook.xml", SimpleFileOptions::default())
        .unwrap();
    let other_zip = other_zip.finish().unwrap().into_inner();
    assert!(
        !DocxReader.sniff(&other_zip),
        "a spreadsheet is not a Word file"
    );
}

#[test]
fn truncated_file_is_an_error_naming_it() {
    let bytes = full_report().bytes();
    let (found, result) = read("cut.docx", &bytes[..bytes.len() / 2]);
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with("cut.docx: not a readable Word file"),
        "{message}"
    );
    assert!(found.documents.is_empty());
}

#[test]
fn malformed_xml_keeps_the_text_before_it_with_a_warning() {
    let body = format!("{}<w:p><w:r><w:t>Tonga</w:x>", p("Fiji"));
    let mut d = Docx::new("");
    d.part(
        "word/document.xml",
        &format!(r#"<w:document xmlns:w="{W}"><w:body>{body}"#),
    );
    let (found, result) = read("broken.docx", &d.bytes());
    result.unwrap();
    assert_eq!(found.documents[0].text, "Fiji\n\nTonga");
    assert!(
        found.warnings[0].starts_with("broken.docx: word/document.xml is damaged"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn zip_without_a_document_part_is_an_error() {
    let mut d = Docx::new("");
    d.without("word/document.xml")
        .part("word/styles.xml", "<w:styles/>");
    let message = read("styles.docx", &d.bytes()).1.unwrap_err().to_string();
    assert!(message.contains("without word/document.xml"), "{message}");
}

/// Sets the "encrypted" flag of every entry, as zip tools do for a file
/// protected with a zip password.
fn flag_encrypted(mut bytes: Vec<u8>) -> Vec<u8> {
    for (signature, flag_at) in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)] {
        let mut from = 0;
        while let Some(at) = memchr::memmem::find(&bytes[from..], signature) {
            bytes[from + at + flag_at] |= 1;
            from += at + 4;
        }
    }
    bytes
}

#[test]
fn zip_password_is_an_error_saying_so() {
    let bytes = flag_encrypted(full_report().bytes());
    let message = read("locked.docx", &bytes).1.unwrap_err().to_string();
    assert!(
        message.starts_with("locked.docx: word/document.xml is password-protected"),
        "{message}"
    );
}

/// The start of an OLE compound file whose directory names `stream`.
fn compound_file(stream: &str) -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(1024, 0);
    bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    bytes
}

/// A compound file of `len` bytes whose header puts its directory at
/// sector `sector` (512-byte sectors), where `stream` is named.
fn compound_file_with_directory_at(len: usize, sector: usize, stream: &str) -> Vec<u8> {
    let mut bytes = compound_file("");
    bytes.resize(len, 0);
    bytes[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    bytes[0x30..0x34].copy_from_slice(&(sector as u32).to_le_bytes());
    let at = (sector + 1) * 512 + 128;
    let name: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes[at..at + name.len()].copy_from_slice(&name);
    bytes
}

#[test]
fn encrypted_file_is_recognised_by_its_directory_far_into_the_file() {
    let locked = compound_file_with_directory_at(400 << 10, 600, "EncryptedPackage");
    assert!(DocxReader.sniff(&locked));
    let r = reader_for(Path::new("big.docx"), &locked).expect("a reader");
    assert_eq!(r.name(), "docx");
    let message = read("big.docx", &locked).1.unwrap_err().to_string();
    assert!(message.contains("password-protected"), "{message}");
    let other = compound_file_with_directory_at(400 << 10, 600, "Workbook");
    assert!(
        !DocxReader.sniff(&other),
        "an old Excel file is not a Word file"
    );
}

#[test]
fn encrypted_office_file_and_old_doc_are_named_as_such() {
    let locked = compound_file("EncryptedPackage");
    assert!(DocxReader.sniff(&locked));
    let message = read("locked.docx", &locked).1.unwrap_err().to_string();
    assert!(
        message.starts_with("locked.docx: a password-protected (encrypted) Office file"),
        "{message}"
    );
    let old = compound_file("WordDocument");
    let r = reader_for(Path::new("minutes.doc"), &old).expect("a reader");
    assert_eq!(r.name(), "docx");
    let message = read("minutes.doc", &old).1.unwrap_err().to_string();
    assert!(message.contains("Word 97-2003 .doc file"), "{message}");
    assert!(message.contains("save it as .docx"), "{message}");
}

#[test]
fn zip_bomb_stops_at_the_size_cap_with_a_warning() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("_rels/.rels", options).unwrap();
    zip.write_all(rels("word/document.xml").as_bytes()).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    write!(zip, r#"<w:document xmlns:w="{W}"><w:body>{}"#, p("Fiji")).unwrap();
    let empty = "<w:p/>".repeat(1 << 16);
    let total = geomention::input::docx::MAX_PART_SIZE + (1 << 20);
    for _ in 0..total.div_ceil(empty.len() as u64) {
        zip.write_all(empty.as_bytes()).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 4 << 20, "the bomb is small: {}", bytes.len());
    let (found, result) = read("bomb.docx", &bytes);
    result.unwrap();
    assert_eq!(found.documents[0].text, "Fiji");
    assert!(
        found.warnings[0].contains("MiB once decompressed"),
        "{:?}",
        found.warnings
    );
}

// ---------------------------------------------------------------------------
// Through the command line

fn geomention(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_geomention"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn cli_reads_word_files_in_a_folder_and_skips_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.docx"), full_report().bytes()).unwrap();
    let bytes = full_report().bytes();
    std::fs::write(dir.path().join("cut.docx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(dir.path().join("old.doc"), compound_file("WordDocument")).unwrap();
    let (out, err, code) =
        geomention(&["mentions", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let docs = json.as_array().unwrap();
    assert_eq!(docs.len(), 1, "{out}");
    assert_eq!(docs[0]["title"], "Labour migration in the Pacific");
    // The scan writes dates in ISO form (2024-02-01T09:00:00Z as written).
    assert_eq!(docs[0]["date"], "2024-02-01");
    // The outputs give the language the text was read in.
    assert_eq!(docs[0]["language"], "en");
    let codes: BTreeSet<&String> = docs[0]["countries"].as_object().unwrap().keys().collect();
    assert!(codes.contains(&"WSM".to_string()) && !codes.contains(&"PER".to_string()));
    assert!(err.contains("cut.docx: not a readable Word file"), "{err}");
    assert!(err.contains("old.doc: a Word 97-2003 .doc file"), "{err}");
}

mod damaged {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Cutting a Word file short or overwriting bytes of it gives a
        /// document or an error naming the file, never a panic.
        #[test]
        fn damaged_word_files_never_panic(
            cut in 0.0f64..1.0,
            flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8)
        ) {
            let mut bytes = full_report().bytes();
            for (at, value) in flips {
                let i = (at * bytes.len() as f64) as usize % bytes.len();
                bytes[i] = value;
            }
            bytes.truncate(((cut * bytes.len() as f64) as usize).max(1));
            let (_, result) = read("damaged.docx", &bytes);
            if let Err(e) = result {
                prop_assert!(e.to_string().starts_with("damaged.docx: "), "{}", e);
            }
        }
    }
}
