//! News exports (CSV, TSV, JSON Lines, JSON): one document per record,
//! streamed, with metadata; malformed rows are warnings naming the line.
//!
//! The readers are checked through the library (documents and warnings)
//! and through the command (compressed files, standard input, ids, titles
//! and dates in the output tables). Every export is written here; the texts
//! are written for these tests.

use std::collections::BTreeMap;
use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use geomention::input::records::{self, JSON, JSON_LINES, TSV};
use geomention::input::{reader_for, Collect, Data, Input, Position, ReadOptions, Reader};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers

/// Reads `bytes` as the file `name` held in memory.
fn read(reader: &dyn Reader, name: &str, bytes: &[u8], options: &ReadOptions) -> Collect {
    let mut found = Collect::default();
    let input = Input {
        name,
        data: Data::Bytes(bytes),
        options,
    };
    reader
        .read(input, &mut found)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    found
}

/// Reads `bytes` as a stream that gives at most `chunk` bytes at a time.
fn read_stream(
    reader: &dyn Reader,
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    chunk: usize,
) -> Collect {
    let mut found = Collect::default();
    let mut stream = BufReader::with_capacity(chunk, bytes);
    let input = Input {
        name,
        data: Data::Stream(&mut stream),
        options,
    };
    reader
        .read(input, &mut found)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    found
}

fn csv(name: &str, bytes: &[u8]) -> Collect {
    read(&records::CSV, name, bytes, &ReadOptions::default())
}

fn texts(found: &Collect) -> Vec<&str> {
    found.documents.iter().map(|d| d.text.as_str()).collect()
}

fn ids(found: &Collect) -> Vec<&str> {
    found.documents.iter().map(|d| d.meta.id.as_str()).collect()
}

/// Every way of reading must give the same documents and warnings: whole,
/// and as streams cut at every small size (so each parser state meets the
/// end of the data).
#[track_caller]
fn same_in_pieces(reader: &dyn Reader, name: &str, bytes: &[u8], options: &ReadOptions) -> Collect {
    let whole = read(reader, name, bytes, options);
    for chunk in (1..=9).chain([13, 64, 4096]) {
        let streamed = read_stream(reader, name, bytes, options, chunk);
        assert_eq!(
            streamed.documents, whole.documents,
            "{name} read {chunk} bytes at a time"
        );
        assert_eq!(
            streamed.warnings, whole.warnings,
            "{name} read {chunk} bytes at a time"
        );
    }
    whole
}

fn options(
    text: Option<&str>,
    id: Option<&str>,
    date: Option<&str>,
    title: Option<&str>,
) -> ReadOptions {
    ReadOptions {
        text_column: text.map(str::to_string),
        id_column: id.map(str::to_string),
        date_column: date.map(str::to_string),
        title_column: title.map(str::to_string),
    }
}

const NEWS_CSV: &str = "\
id,published,headline,body,url,lang
k-101,2024-05-02,\"Compound raided, 300 freed\",\"Police in Myawaddy, Myanmar, freed workers from Kenya and Ethiopia.
They had been promised jobs in Thailand.\",https://example.org/k-101,en
k-102,2024-05-03,Quiet week,Nothing happened.,https://example.org/k-102,en
k-103,2024-05-04,\"The \"\"pig butchering\"\" trade\",\"Investigators in Manila said the \"\"Philippines desk\"\" moved to Laos.\",,fr
";

// ---------------------------------------------------------------------------
// CSV: quoting and layout

#[test]
fn csv_quoted_fields_keep_commas_quotes_and_line_breaks() {
    let found = same_in_pieces(
        &records::CSV,
        "news.csv",
        NEWS_CSV.as_bytes(),
        &ReadOptions::default(),
    );
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(
        texts(&found),
        [
            "Police in Myawaddy, Myanmar, freed workers from Kenya and Ethiopia.\nThey had been promised jobs in Thailand.",
            "Nothing happened.",
            "Investigators in Manila said the \"Philippines desk\" moved to Laos.",
        ]
    );
    let first = &found.documents[0].meta;
    assert_eq!(first.id, "k-101");
    assert_eq!(first.title.as_deref(), Some("Compound raided, 300 freed"));
    assert_eq!(first.date.as_deref(), Some("2024-05-02"));
    assert_eq!(first.url.as_deref(), Some("https://example.org/k-101"));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(first.source, "news.csv");
    assert_eq!(first.position, Some(Position::Row(1)));
    let third = &found.documents[2].meta;
    assert_eq!(third.title.as_deref(), Some("The \"pig butchering\" trade"));
    assert_eq!(third.url, None, "an empty field is no url");
    assert_eq!(third.position, Some(Position::Row(3)));
}

#[test]
fn csv_with_crlf_line_ends_and_a_byte_order_mark_reads_the_same() {
    let crlf = NEWS_CSV.replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(crlf.as_bytes());
    let found = same_in_pieces(&records::CSV, "news.csv", &bytes, &ReadOptions::default());
    let plain = csv("news.csv", NEWS_CSV.as_bytes());
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(
        ids(&found),
        ["k-101", "k-102", "k-103"],
        "the BOM is not part of the id column's name"
    );
    // Line breaks inside quoted fields are kept as written.
    assert_eq!(
        found.documents[0].text,
        plain.documents[0].text.replace('\n', "\r\n")
    );
    assert_eq!(found.documents[1..], plain.documents[1..]);
}

#[test]
fn csv_without_an_id_column_names_rows_file_hash_row() {
    let found = csv("exports/a.csv", b"title,text\nOne,Fiji\n\nTwo,Tonga\n");
    assert_eq!(
        ids(&found),
        ["exports/a.csv#1", "exports/a.csv#2"],
        "blank lines are not rows"
    );
    assert_eq!(found.documents[1].meta.position, Some(Position::Row(2)));
}

#[test]
fn semicolon_separated_csv_is_recognised_by_its_header() {
    let found = csv(
        "eu.csv",
        b"id;titel;text\n1;Bericht;\"Razzia in Kambodscha; Opfer aus Kenia\"\n2;Kurz;Laos\n",
    );
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(
        texts(&found),
        ["Razzia in Kambodscha; Opfer aus Kenia", "Laos"]
    );
}

#[test]
fn tsv_and_tab_files_split_at_tabs_only() {
    let tsv = b"id\ttitle\ttext\n7\tA, B and C\tScam hubs in Myanmar, Laos and Cambodia\n";
    let found = same_in_pieces(&TSV, "a.tsv", tsv, &ReadOptions::default());
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(texts(&found), ["Scam hubs in Myanmar, Laos and Cambodia"]);
    assert_eq!(found.documents[0].meta.title.as_deref(), Some("A, B and C"));
    for name in ["a.tsv", "a.TAB"] {
        assert_eq!(reader_for(Path::new(name), tsv).unwrap().name(), "tsv");
    }
}

#[test]
fn a_quote_inside_an_unquoted_field_is_kept() {
    let found = csv(
        "a.csv",
        b"id,text\n1,The 15\" screens came from Vietnam\n2,\"Quoted\" then more\n",
    );
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(
        texts(&found),
        ["The 15\" screens came from Vietnam", "Quoted then more"]
    );
}

// ---------------------------------------------------------------------------
// CSV: malformed rows

#[test]
fn an_unclosed_quote_skips_one_row_and_the_rows_after_it_are_read() {
    let csv_text = "\
id,text
1,\"Workers from Nepal were found in Laos.\"
2,\"Families in Sri Lanka reported missing sons.\"
3,\"A quote that is never closed, about Fiji
4,\"Rescued people flew home to Ghana.\"
5,\"Officials in Samoa issued a warning.\"
6,Palau
";
    let found = same_in_pieces(
        &records::CSV,
        "broken.csv",
        csv_text.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(ids(&found), ["1", "2", "4", "5", "6"]);
    assert_eq!(
        found.documents[3].text,
        "Officials in Samoa issued a warning."
    );
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    assert!(
        found.warnings[0].starts_with("broken.csv:4: a quoted field is not closed properly"),
        "{:?}",
        found.warnings
    );
    assert!(
        found.warnings[0].contains("reading on from line 5"),
        "{:?}",
        found.warnings
    );
    // Rows keep their numbers: the skipped row is row 3.
    assert_eq!(found.documents[2].meta.position, Some(Position::Row(4)));
}

#[test]
fn an_unclosed_quote_in_the_last_row_is_reported() {
    let found = csv("end.csv", b"id,text\n1,Fiji\n2,\"Tonga and\nSamoa");
    assert_eq!(ids(&found), ["1"]);
    // Reading on from line 4 finds a row of one field.
    assert_eq!(found.warnings.len(), 2, "{:?}", found.warnings);
    assert!(
        found.warnings[0].starts_with("end.csv:3: a quoted field is not closed"),
        "{:?}",
        found.warnings
    );
    assert!(
        found.warnings[1].starts_with("end.csv:4: 1 fields where the header has 2"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn a_row_with_too_many_fields_is_skipped_with_its_line() {
    let csv_text = "id,title,text\n1,Ok,\"Line one\nline two about Peru\"\n2,Bad,Chile, Bolivia and Peru\n3,Ok,Ecuador\n";
    let found = same_in_pieces(
        &records::CSV,
        "fields.csv",
        csv_text.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(ids(&found), ["1", "3"]);
    assert_eq!(
        found.warnings,
        ["fields.csv:4: 4 fields where the header has 3 (an unquoted delimiter or line break?); row skipped"]
    );
}

#[test]
fn many_malformed_rows_are_counted_after_the_first_twenty() {
    let mut text = String::from("id,text\n");
    for i in 0..30 {
        text.push_str(&format!("{i},too,many\n"));
    }
    text.push_str("ok,Fiji\n");
    let found = csv("many.csv", text.as_bytes());
    assert_eq!(ids(&found), ["ok"]);
    assert_eq!(found.warnings.len(), records::SHOWN_PROBLEMS + 1);
    assert_eq!(
        found.warnings.last().unwrap(),
        "many.csv: 10 more malformed record(s) skipped (30 in all)"
    );
}

#[test]
fn a_row_longer_than_the_limit_is_skipped_and_memory_stays_bounded() {
    let big = "Myanmar ".repeat(2_000);
    let text =
        format!("id,text\n1,Fiji\n2,\"{big}\nstill the same field\"\n3,Tonga\n4,{big}\n5,Samoa\n");
    let reader = records::CSV.clone().with_max_record(1_000);
    let found = same_in_pieces(&reader, "big.csv", text.as_bytes(), &ReadOptions::default());
    assert_eq!(ids(&found), ["1", "3", "5"]);
    assert_eq!(
        found.warnings,
        [
            "big.csv:3: row longer than 1000 bytes (up to line 4); skipped",
            "big.csv:6: row longer than 1000 bytes (up to line 6); skipped",
        ]
    );
}

#[test]
fn a_long_row_with_an_unclosed_quote_loses_only_the_lines_it_ran_over() {
    // The quote opened on line 3 is closed by the one starting row 5's
    // text on line 44, more than the limit later: the row is too long to
    // go back to line 4, so lines 3-44 are lost and row 6 is read.
    let filler = "words about nothing in particular\n".repeat(40);
    let text = format!("id,text\n1,Fiji\n2,\"never closed\n{filler}5,\"Tonga\"\n6,Samoa\n");
    let reader = records::CSV.clone().with_max_record(500);
    let found = same_in_pieces(&reader, "q.csv", text.as_bytes(), &ReadOptions::default());
    assert_eq!(ids(&found), ["1", "6"], "{:?}", found.warnings);
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    assert!(
        found.warnings[0].starts_with("q.csv:3: a quoted field is not closed properly"),
        "{:?}",
        found.warnings
    );
    assert!(
        found.warnings[0].contains("lines 3-44 skipped"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn invalid_utf8_in_a_field_is_replaced_with_one_warning() {
    let found = csv(
        "latin1.csv",
        b"id,text\n1,Cura\xe7ao and Per\xfa\n2,Chile\n",
    );
    assert_eq!(texts(&found), ["Cura\u{1a}ao and Per\u{1a}", "Chile"]);
    assert_eq!(found.warnings.len(), 1);
    assert!(found.warnings[0].starts_with("latin1.csv: not valid UTF-8 (2 byte(s) replaced)"));
}

#[test]
fn utf16_csv_as_spreadsheets_save_it_is_decoded() {
    let text = "id\ttext\r\n1\tMigrants from Cambodia\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let found = read(&TSV, "excel.tsv", &bytes, &ReadOptions::default());
    assert_eq!(texts(&found), ["Migrants from Cambodia"]);
    assert!(
        found.warnings[0].contains("read as UTF-16"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn empty_and_header_only_files_give_no_documents_and_no_warnings() {
    for (name, bytes) in [
        ("empty.csv", &b""[..]),
        ("header.csv", b"id,text\n"),
        ("blank.csv", b"\n\n"),
    ] {
        let found = csv(name, bytes);
        assert!(
            found.documents.is_empty() && found.warnings.is_empty(),
            "{name}: {found:?}"
        );
    }
    let empty_json: [(&dyn Reader, &[u8]); 6] = [
        (&JSON_LINES, b""),
        (&JSON_LINES, b"\n  \n"),
        (&JSON, b""),
        (&JSON, b"\n  \n"),
        (&JSON, b"[]"),
        (&JSON, b" [\n ] \n"),
    ];
    for (reader, bytes) in empty_json {
        let found = read(reader, "empty.json", bytes, &ReadOptions::default());
        assert!(
            found.documents.is_empty() && found.warnings.is_empty(),
            "{bytes:?}: {found:?}"
        );
    }
}

#[test]
fn binary_file_named_csv_is_skipped_with_a_warning() {
    let found = csv("data.csv", b"\x00\x01\x02PK\x00\x00binary");
    assert!(found.documents.is_empty());
    assert!(
        found.warnings[0].contains("looks like a binary file"),
        "{:?}",
        found.warnings
    );
}

// ---------------------------------------------------------------------------
// Columns

#[test]
fn text_column_is_found_by_usual_names_ignoring_case_and_punctuation() {
    for header in [
        "ID,Title,Text",
        "id,title,BODY",
        "doc_id,headline,Full Text",
        "guid,Headline,maintext",
        "url,title,article_text",
    ] {
        let found = csv("h.csv", format!("{header}\nx,T,Kiribati\n").as_bytes());
        assert_eq!(
            texts(&found),
            ["Kiribati"],
            "{header}: {:?}",
            found.warnings
        );
        assert_eq!(ids(&found), ["x"], "{header}");
        assert_eq!(
            found.documents[0].meta.title.as_deref(),
            Some("T"),
            "{header}"
        );
    }
}

#[test]
fn several_text_like_columns_one_note_naming_the_choice() {
    let found = csv(
        "two.csv",
        b"id,content,text,body\n1,Short summary about Fiji,Full story about Tonga,Other\n2,a,b,c\n",
    );
    assert_eq!(texts(&found), ["Full story about Tonga", "b"]);
    assert_eq!(
        found.warnings,
        ["two.csv: text read from column \"text\" (also text-like: \"body\", \"content\"); choose another with --text-column"]
    );
}

#[test]
fn column_options_override_the_usual_names() {
    let text = b"id,key,title,name,date,when,text,notes\n1,K1,T,N,2020,2024-06-01,Main text Fiji,Notes on Tonga\n";
    let o = options(Some("notes"), Some("KEY"), Some("When"), Some("name"));
    let found = read(&records::CSV, "o.csv", text, &o);
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let d = &found.documents[0];
    assert_eq!(d.text, "Notes on Tonga");
    assert_eq!(d.meta.id, "K1");
    assert_eq!(d.meta.date.as_deref(), Some("2024-06-01"));
    assert_eq!(d.meta.title.as_deref(), Some("N"));
}

#[test]
fn a_missing_text_column_skips_the_file_naming_its_columns() {
    let found = csv("nocol.csv", b"id,summary,country\n1,Raids,Laos\n");
    assert!(found.documents.is_empty());
    assert_eq!(found.warnings.len(), 1);
    let w = &found.warnings[0];
    assert!(w.starts_with("nocol.csv: no text column found"), "{w}");
    assert!(w.contains("\"id\", \"summary\", \"country\""), "{w}");
    assert!(w.contains("--text-column"), "{w}");

    let found = read(
        &records::CSV,
        "nocol.csv",
        b"id,summary\n1,Laos\n",
        &options(Some("story"), None, None, None),
    );
    assert!(found.documents.is_empty());
    assert!(
        found.warnings[0].starts_with("nocol.csv: no column \"story\" (--text-column)"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn a_missing_id_column_asked_for_is_a_warning_and_rows_are_still_read() {
    let found = read(
        &records::CSV,
        "a.csv",
        b"text\nFiji\n",
        &options(None, Some("guid"), None, None),
    );
    assert_eq!(ids(&found), ["a.csv#1"]);
    assert!(
        found.warnings[0].starts_with("a.csv: no column \"guid\" (--id-column)"),
        "{:?}",
        found.warnings
    );
}

// ---------------------------------------------------------------------------
// JSON Lines and JSON

const NEWS_JSONL: &str = r#"{"id": "n-1", "title": "Rescue", "date": "2024-02-01", "text": "Workers from Uganda were rescued in Cambodia.", "language": "en"}
{"id": 2, "title": null, "published_at": "ignored: date is the chosen field", "text": ["First paragraph on Laos.", "Second on Vietnam."]}

{"id": "n-3", "text": "A broken line about Peru", "title": "Broken",
[1, 2, 3]
{"id": "n-5", "text": {"lead": "Lead on Nepal.", "body": "Body on Bhutan."}, "date": 20240205}
{"id": "n-6", "title": "No text here"}
{"id": "n-7", "text": "Ghana", "url": "https://example.org/7"}
"#;

#[test]
fn json_lines_records_with_values_of_every_kind() {
    let found = same_in_pieces(
        &JSON_LINES,
        "news.jsonl",
        NEWS_JSONL.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(ids(&found), ["n-1", "2", "n-5", "n-7"]);
    assert_eq!(
        texts(&found),
        [
            "Workers from Uganda were rescued in Cambodia.",
            "First paragraph on Laos.\n\nSecond on Vietnam.",
            "Body on Bhutan.\n\nLead on Nepal.",
            "Ghana",
        ]
    );
    let d = &found.documents;
    assert_eq!(d[0].meta.language.as_deref(), Some("en"));
    assert_eq!(d[0].meta.position, Some(Position::Line(1)));
    assert_eq!(d[1].meta.title, None, "null is no title");
    assert_eq!(
        d[2].meta.date.as_deref(),
        Some("20240205"),
        "a number as written"
    );
    assert_eq!(d[3].meta.url.as_deref(), Some("https://example.org/7"));
    assert_eq!(d[3].meta.position, Some(Position::Line(8)));
    assert_eq!(found.warnings.len(), 3, "{:#?}", found.warnings);
    assert!(
        found.warnings[0].starts_with("news.jsonl:4: not valid JSON: "),
        "{:?}",
        found.warnings
    );
    assert_eq!(
        found.warnings[1],
        "news.jsonl:5: a JSON array, not an object; skipped"
    );
    assert_eq!(
        found.warnings[2],
        "news.jsonl: 1 record(s) without text (no \"text\" field) skipped (the first on line 7)"
    );
}

#[test]
fn json_lines_ids_default_to_file_hash_line() {
    let found = read(
        &JSON_LINES,
        "a.ndjson",
        b"{\"body\":\"Fiji\"}\n\n{\"body\":\"Tonga\"}",
        &ReadOptions::default(),
    );
    assert_eq!(ids(&found), ["a.ndjson#1", "a.ndjson#3"]);
}

#[test]
fn json_field_options_accept_nested_paths() {
    let jsonl = br#"{"meta": {"id": "m1", "headline": "H"}, "content": {"main": "Main text on Fiji", "teaser": "Tonga"}}"#;
    let o = options(
        Some("content.main"),
        Some("meta.id"),
        None,
        Some("meta.headline"),
    );
    let found = read(&JSON_LINES, "n.jsonl", jsonl, &o);
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(texts(&found), ["Main text on Fiji"]);
    assert_eq!(ids(&found), ["m1"]);
    assert_eq!(found.documents[0].meta.title.as_deref(), Some("H"));
}

#[test]
fn json_lines_records_need_not_share_their_fields() {
    let jsonl = br#"{"export": "weekly", "count": 2}
{"guid": "g1", "body": "Raids in Laos", "headline": "One"}
{"id": "i2", "text": "Victims from Ghana", "link": "https://example.org/2"}
"#;
    let found = read(&JSON_LINES, "mixed.jsonl", jsonl, &ReadOptions::default());
    assert_eq!(ids(&found), ["g1", "i2"]);
    assert_eq!(texts(&found), ["Raids in Laos", "Victims from Ghana"]);
    assert_eq!(found.documents[0].meta.title.as_deref(), Some("One"));
    assert_eq!(
        found.documents[1].meta.url.as_deref(),
        Some("https://example.org/2")
    );
    assert_eq!(
        found.warnings,
        ["mixed.jsonl: 1 record(s) without text (no \"body\" field) skipped (the first on line 1)"]
    );
}

#[test]
fn a_json_field_asked_for_and_never_found_is_reported_once() {
    let jsonl = b"{\"text\":\"Fiji\"}\n{\"text\":\"Tonga\"}\n";
    let o = options(None, Some("guid"), Some("meta.published"), None);
    let found = read(&JSON_LINES, "a.jsonl", jsonl, &o);
    assert_eq!(ids(&found), ["a.jsonl#1", "a.jsonl#2"]);
    assert_eq!(
        found.warnings,
        [
            "a.jsonl: no record has a field \"guid\" (--id-column)",
            "a.jsonl: no record has a field \"meta.published\" (--date-column)",
        ]
    );
}

#[test]
fn json_without_a_text_field_is_skipped_naming_its_fields() {
    let found = read(
        &JSON_LINES,
        "x.jsonl",
        b"{\"name\":\"a\",\"value\":1}\n{\"name\":\"b\"}\n",
        &ReadOptions::default(),
    );
    assert!(found.documents.is_empty());
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    assert!(
        found.warnings[0].contains("no text field found"),
        "{:?}",
        found.warnings
    );
    assert!(
        found.warnings[0].contains("\"name\", \"value\""),
        "{:?}",
        found.warnings
    );
}

const PRETTY_ARRAY: &str = r#"[
  {
    "id": "a1",
    "title": "Raid in Sihanoukville",
    "text": "Police in Cambodia found workers from Indonesia, with \"fake\" contracts."
  },
  {
    "id": "a2",
    "text": "This record has a line break inside a string,
    which JSON does not allow"
  },
  {"id": "a3", "text": "Malaysia [and] {Brunei}"},
  "a string is not a record",
  {"id": "a5", "text": "Timor-Leste"}
]
"#;

#[test]
fn json_array_is_read_element_by_element_and_a_broken_element_is_skipped() {
    let found = same_in_pieces(
        &JSON,
        "news.json",
        PRETTY_ARRAY.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(ids(&found), ["a1", "a3", "a5"]);
    assert_eq!(
        found.documents[0].text,
        "Police in Cambodia found workers from Indonesia, with \"fake\" contracts."
    );
    assert_eq!(found.documents[1].text, "Malaysia [and] {Brunei}");
    assert_eq!(found.documents[1].meta.position, Some(Position::Row(3)));
    assert_eq!(found.warnings.len(), 2, "{:#?}", found.warnings);
    assert_eq!(
        found.warnings[0],
        "news.json:9: not valid JSON: control character (\\u0000-\\u001F) found while parsing a string; record skipped"
    );
    assert_eq!(
        found.warnings[1],
        "news.json:13: a JSON string, not an object; skipped"
    );
}

#[test]
fn json_lines_saved_as_json_and_pretty_objects_one_after_another() {
    let lines = b"{\"id\":\"l1\",\"text\":\"Fiji\"}\n{\"id\":\"l2\",\"text\":\"Tonga\"}\n";
    let found = same_in_pieces(&JSON, "lines.json", lines, &ReadOptions::default());
    assert_eq!(ids(&found), ["l1", "l2"]);
    assert_eq!(found.documents[1].meta.position, Some(Position::Line(2)));

    let pretty = b"{\n  \"id\": \"p1\",\n  \"text\": \"Samoa\"\n}\n{\n  \"id\": \"p2\",\n  \"text\": \"Tuvalu\"\n}\n";
    let found = same_in_pieces(&JSON, "pretty.json", pretty, &ReadOptions::default());
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(ids(&found), ["p1", "p2"]);
    assert_eq!(found.documents[1].meta.position, Some(Position::Line(5)));
}

#[test]
fn json_object_holding_an_array_of_articles_gives_the_articles() {
    let api = br#"{"status": "ok", "totalResults": 2, "articles": [
        {"title": "One", "content": "Scam centres in Myanmar", "publishedAt": "2024-01-01T10:00:00Z", "url": "https://example.org/1"},
        {"title": "Two", "content": "Victims from Sri Lanka", "publishedAt": "2024-01-02T10:00:00Z", "url": "https://example.org/2"}
    ]}"#;
    let found = same_in_pieces(&JSON, "api.json", api, &ReadOptions::default());
    assert_eq!(
        texts(&found),
        ["Scam centres in Myanmar", "Victims from Sri Lanka"]
    );
    assert_eq!(
        ids(&found),
        ["https://example.org/1", "https://example.org/2"],
        "the url is the id"
    );
    assert_eq!(
        found.documents[1].meta.date.as_deref(),
        Some("2024-01-02T10:00:00Z")
    );
    assert_eq!(
        found.warnings,
        ["api.json: records read from its \"articles\" array"]
    );
    assert_eq!(found.documents[1].meta.position, Some(Position::Row(2)));

    // Pages of results saved one after another.
    let mut pages = api.to_vec();
    pages.push(b'\n');
    pages.extend_from_slice(api);
    let found = same_in_pieces(&JSON, "pages.json", &pages, &ReadOptions::default());
    assert_eq!(found.documents.len(), 4);
    assert_eq!(found.documents[3].meta.position, Some(Position::Row(4)));
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
}

#[test]
fn json_cut_short_is_reported() {
    let found = read(
        &JSON,
        "cut.json",
        b"[{\"text\":\"Fiji\"},\n{\"text\":\"Ton",
        &ReadOptions::default(),
    );
    assert_eq!(texts(&found), ["Fiji"]);
    assert!(
        found.warnings[0].starts_with("cut.json:2: the file ends inside this record"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn json_record_longer_than_the_limit_is_skipped() {
    let long = "Nauru ".repeat(500);
    let json =
        format!("[{{\"text\":\"Fiji\"}},\n{{\"text\":\"{long}\"}},\n{{\"text\":\"Palau\"}}]");
    let reader = records::JSON.clone().with_max_record(200);
    let found = same_in_pieces(
        &reader,
        "long.json",
        json.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(texts(&found), ["Fiji", "Palau"]);
    assert_eq!(
        found.warnings,
        ["long.json:2: record longer than 200 bytes; skipped"]
    );

    let jsonl = format!("{{\"text\":\"Fiji\"}}\n{{\"text\":\"{long}\"}}\n{{\"text\":\"Palau\"}}\n");
    let reader = records::JSON_LINES.clone().with_max_record(200);
    let found = same_in_pieces(
        &reader,
        "long.jsonl",
        jsonl.as_bytes(),
        &ReadOptions::default(),
    );
    assert_eq!(texts(&found), ["Fiji", "Palau"]);
    assert_eq!(
        found.warnings,
        ["long.jsonl:2: line longer than 200 bytes; skipped"]
    );
}

// ---------------------------------------------------------------------------
// Which reader

#[test]
fn readers_are_chosen_by_extension_and_json_lines_by_content() {
    let by_name = [
        ("a.csv", "csv"),
        ("a.CSV", "csv"),
        ("a.tsv", "tsv"),
        ("a.tab", "tsv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.json", "json"),
    ];
    for (name, reader) in by_name {
        assert_eq!(
            reader_for(Path::new(name), b"anything").unwrap().name(),
            reader,
            "{name}"
        );
    }
    let jsonl_head = b"{\"text\": \"Fiji\"}\n{\"text\": \"Tonga\"}\n";
    assert_eq!(
        reader_for(Path::new("-"), jsonl_head).unwrap().name(),
        "jsonl"
    );
    assert_eq!(
        reader_for(Path::new("export.dat"), jsonl_head)
            .unwrap()
            .name(),
        "jsonl"
    );
    assert_eq!(
        reader_for(Path::new("-"), b"[\n {\"text\": \"Fiji\"}]")
            .unwrap()
            .name(),
        "json"
    );
    // Text with commas or braces is still text.
    assert_eq!(
        reader_for(Path::new("-"), b"id,text\n1,Fiji\n")
            .unwrap()
            .name(),
        "text"
    );
    assert_eq!(
        reader_for(Path::new("notes"), b"{Draft} Fiji and Tonga\n")
            .unwrap()
            .name(),
        "text"
    );
    assert_eq!(
        reader_for(Path::new("notes"), b"[Updated] Fiji\n")
            .unwrap()
            .name(),
        "text"
    );
}

// ---------------------------------------------------------------------------
// The command

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_geomention"));
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = bin();
    cmd.args(args);
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("start geomention");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("piped");
        pipe.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

/// `mentions --format json` as (document, countries) with metadata.
fn mentions_json(args: &[&str], stdin: Option<&[u8]>) -> (Vec<Value>, String) {
    let mut all = vec!["mentions", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all, stdin);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON output");
    (v.as_array().unwrap().clone(), r.stderr)
}

fn summary(docs: &[Value]) -> Vec<(String, String)> {
    docs.iter()
        .map(|d| {
            let countries: Vec<&String> = d["countries"].as_object().unwrap().keys().collect();
            (
                d["document"].as_str().unwrap().to_string(),
                countries
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect()
}

#[test]
fn compressed_exports_read_like_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "news.csv", NEWS_CSV.as_bytes());
    let gz = write(dir.path(), "news.csv.gz", &gzip(NEWS_CSV.as_bytes()));
    let zst = write(dir.path(), "news.csv.zst", &zstd(NEWS_CSV.as_bytes()));
    let jsonl_gz = write(dir.path(), "news.jsonl.gz", &gzip(NEWS_JSONL.as_bytes()));
    let jsonl_zst = write(dir.path(), "news.jsonl.zst", &zstd(NEWS_JSONL.as_bytes()));
    let (expected, _) = mentions_json(&[s(&plain)], None);
    assert_eq!(expected.len(), 3);
    for path in [&gz, &zst] {
        let (docs, stderr) = mentions_json(&[s(path)], None);
        assert_eq!(summary(&docs), summary(&expected), "{}", path.display());
        assert_eq!(docs[0]["source"], s(path));
        assert!(stderr.is_empty(), "{stderr}");
    }
    for path in [&jsonl_gz, &jsonl_zst] {
        let (docs, stderr) = mentions_json(&[s(path)], None);
        assert_eq!(
            summary(&docs),
            [
                ("n-1".to_string(), "KHM UGA".to_string()),
                ("2".into(), "LAO VNM".into()),
                ("n-5".into(), "BTN NPL".into()),
                ("n-7".into(), "GHA".into()),
            ]
        );
        let name = path.display();
        assert!(
            stderr.contains(&format!("warning: {name}:4: not valid JSON")),
            "{stderr}"
        );
    }
}

#[test]
fn ids_titles_and_dates_reach_mentions_json_and_the_maps_mentions_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "news.csv", NEWS_CSV.as_bytes());
    let (docs, _) = mentions_json(&[s(&path)], None);
    let first = &docs[0];
    assert_eq!(first["document"], "k-101");
    assert_eq!(first["title"], "Compound raided, 300 freed");
    assert_eq!(first["date"], "2024-05-02");
    assert_eq!(first["url"], "https://example.org/k-101");
    assert_eq!(first["language"], "en");
    assert_eq!(first["source"], s(&path));
    let codes: Vec<&String> = first["countries"].as_object().unwrap().keys().collect();
    assert_eq!(codes, ["ETH", "KEN", "MMR", "THA"]);

    let out = dir.path().join("maps");
    let r = run(
        &[
            "map",
            s(&path),
            "--out",
            s(&out),
            "--format",
            "geojson",
            "-q",
        ],
        None,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let table = std::fs::read_to_string(out.join("mentions.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let rows: Vec<BTreeMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    let k101: Vec<&BTreeMap<String, String>> =
        rows.iter().filter(|r| r["document"] == "k-101").collect();
    assert_eq!(k101.len(), 4, "{table}");
    for row in &k101 {
        assert_eq!(row["title"], "Compound raided, 300 freed");
        assert_eq!(row["date"], "2024-05-02");
        assert_eq!(row["language"], "en");
    }
    let k103: Vec<&str> = rows
        .iter()
        .filter(|r| r["document"] == "k-103")
        .map(|r| r["iso_a3"].as_str())
        .collect();
    assert_eq!(k103, ["LAO", "PHL"], "{table}");
}

#[test]
fn column_flags_choose_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "ref,when,head,story,summary\nR1,2023-11-30,Head,Story about Tonga,Summary about Fiji\n";
    let path = write(dir.path(), "odd.csv", text.as_bytes());
    let r = run(&["mentions", s(&path)], None);
    assert!(r.stderr.contains("no text column found"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("\"ref\", \"when\", \"head\", \"story\", \"summary\""),
        "{}",
        r.stderr
    );
    let flags = [
        "--text-column",
        "story",
        "--id-column",
        "ref",
        "--date-column",
        "when",
        "--title-column",
        "head",
    ];
    let mut args = vec![s(&path)];
    args.extend(flags);
    let (docs, stderr) = mentions_json(&args, None);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(summary(&docs), [("R1".to_string(), "TON".to_string())]);
    assert_eq!(docs[0]["date"], "2023-11-30");
    assert_eq!(docs[0]["title"], "Head");
}

#[test]
fn standard_input_is_read_as_the_format_asked_or_json_lines_by_content() {
    let (docs, _) = mentions_json(&["-", "--input-format", "csv"], Some(NEWS_CSV.as_bytes()));
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["document"], "k-101");
    assert_eq!(docs[0]["source"], "-");

    let tsv = NEWS_CSV.replace(',', "\t");
    let (docs, _) = mentions_json(&["-", "--input-format", "tsv"], Some(tsv.as_bytes()));
    assert_eq!(docs[1]["document"], "k-102");

    let (docs, stderr) = mentions_json(&["-"], Some(NEWS_JSONL.as_bytes()));
    assert_eq!(docs.len(), 4, "JSON Lines found by content");
    assert!(stderr.contains("warning: -:4: not valid JSON"), "{stderr}");

    let (docs, _) = mentions_json(&["-"], Some(&gzip(NEWS_JSONL.as_bytes())));
    assert_eq!(docs.len(), 4, "gzip on standard input");

    let (docs, _) = mentions_json(
        &["-", "--input-format", "text"],
        Some(NEWS_JSONL.as_bytes()),
    );
    assert_eq!(docs.len(), 1, "read as one text when asked");
    assert_eq!(docs[0]["document"], "-");

    let (docs, _) = mentions_json(&["-"], Some(NEWS_CSV.as_bytes()));
    assert_eq!(docs.len(), 1, "CSV is never guessed: one text");

    let r = run(&["mentions", "-", "--input-format", "xls"], Some(b""));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn big_export_is_streamed_and_a_broken_row_names_its_line() {
    // Bigger than the pieces small files are read whole in (4 MiB): read
    // by the streaming path.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,date,text\n");
    let mut line = 2;
    let mut broken_line = 0;
    for i in 0..60_000 {
        if i == 30_000 {
            broken_line = line;
            text.push_str(&format!("{i},2024-01-01,\"broken, never closed\n"));
        } else {
            text.push_str(&format!(
                "{i},2024-01-01,\"Report {i}: workers from Kenya, freed in Myanmar.\nSecond line.\"\n"
            ));
            line += 1;
        }
        line += 1;
    }
    assert!(text.len() > 4 << 20);
    let path = write(dir.path(), "big.csv", text.as_bytes());
    let r = run(&["mentions", s(&path)], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let documents = r.stdout.lines().filter(|l| l.contains(",KEN,")).count();
    assert_eq!(documents, 59_999);
    let expected = format!(
        "warning: {}:{broken_line}: a quoted field is not closed properly",
        s(&path)
    );
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn a_field_over_64_mib_is_skipped_and_the_rows_after_it_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "{{\"id\":\"before\",\"text\":\"Fiji\"}}").unwrap();
    write!(f, "{{\"id\":\"huge\",\"text\":\"").unwrap();
    let chunk = "Tonga ".repeat(1000);
    let mut written = 0;
    while written <= records::MAX_RECORD {
        f.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(f, "{{\"id\":\"after\",\"text\":\"Samoa\"}}").unwrap();
    drop(f);
    let (docs, stderr) = mentions_json(&[s(&path)], None);
    assert_eq!(
        summary(&docs),
        [
            ("before".to_string(), "FJI".to_string()),
            ("after".into(), "WSM".into())
        ]
    );
    assert!(
        stderr.contains(&format!("{}:2: line longer than 64 MiB; skipped", s(&path))),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------
// Any CSV a standard writer makes reads back the same

mod written_by_a_csv_writer {
    use super::*;
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('"'),
                Just(','),
                Just('\n'),
                Just('\r'),
                Just(';'),
                Just(' '),
                Just('é'),
                Just('緬'),
                proptest::char::range('a', 'e'),
            ],
            0..12,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_field_reads_back(rows in proptest::collection::vec((field(), field()), 1..8), chunk in 1usize..40) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["id", "title", "text"]).unwrap();
            for (i, (title, text)) in rows.iter().enumerate() {
                w.write_record([&format!("r{i}"), title, text]).unwrap();
            }
            let bytes = w.into_inner().unwrap();
            let found = read_stream(&records::CSV, "p.csv", &bytes, &ReadOptions::default(), chunk);
            prop_assert!(found.warnings.is_empty(), "{:?}", found.warnings);
            prop_assert_eq!(found.documents.len(), rows.len());
            for (doc, (i, (title, text))) in found.documents.iter().zip(rows.iter().enumerate()) {
                prop_assert_eq!(&doc.meta.id, &format!("r{i}"));
                prop_assert_eq!(&doc.text, text);
                let trimmed = Some(title.trim()).filter(|t| !t.is_empty());
                prop_assert_eq!(doc.meta.title.as_deref(), trimmed);
            }
        }

        #[test]
        fn json_lines_and_arrays_read_back(rows in proptest::collection::vec((field(), json_field()), 1..8), chunk in 1usize..40) {
            let records: Vec<Value> = rows
                .iter()
                .enumerate()
                .map(|(i, (title, text))| serde_json::json!({"id": format!("r{i}"), "title": title, "text": text}))
                .collect();
            let mut jsonl = Vec::new();
            for r in &records {
                serde_json::to_writer(&mut jsonl, r).unwrap();
                jsonl.push(b'\n');
            }
            let pretty = serde_json::to_vec_pretty(&records).unwrap();
            for (reader, name, bytes) in [(&JSON_LINES as &dyn Reader, "p.jsonl", &jsonl), (&JSON, "p.json", &pretty), (&JSON, "lines.json", &jsonl)] {
                let found = read_stream(reader, name, bytes, &ReadOptions::default(), chunk);
                prop_assert!(found.warnings.is_empty(), "{name}: {:?}", found.warnings);
                let got: Vec<&str> = found.documents.iter().map(|d| d.text.as_str()).collect();
                let want: Vec<&str> = rows.iter().map(|(_, t)| t.as_str()).collect();
                prop_assert_eq!(got, want, "{}", name);
            }
        }
    }

    fn json_field() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('"'),
                Just('\\'),
                Just('\n'),
                Just('{'),
                Just('}'),
                Just('['),
                Just(']'),
                Just(','),
                Just('\u{1}'),
                Just('緬'),
                proptest::char::range('a', 'e'),
            ],
            0..12,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }
}

#[test]
fn streamed_exports_count_as_finished_sources_in_the_scan_progress() {
    use geomention::scan::{scan, Collected, ScanOptions};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.jsonl.gz", &gzip(NEWS_JSONL.as_bytes()));
    write(dir.path(), "b.csv.zst", &zstd(NEWS_CSV.as_bytes()));
    write(dir.path(), "c.txt", b"Fiji");
    let sources = geomention::input::expand(&[dir.path().to_path_buf()]).unwrap();
    let mut found = Collected::default();
    let options = ScanOptions::default();
    let progress = scan(
        &sources,
        geomention::Extractor::bundled(),
        &options,
        &mut found,
    )
    .unwrap();
    assert_eq!(progress.sources, 3);
    assert_eq!(progress.documents, 4 + 3 + 1);
    assert_eq!(found.documents.len(), 8);
}

#[test]
fn a_stray_closing_bracket_in_a_json_array_is_skipped_not_stood_on() {
    // Found by fuzzing: the reader looped on the '}' forever.
    let json = b"[{\"text\":\"Fiji\"}, }, ] {\"text\":\"Tonga\"}]";
    let found = read(&JSON, "a.json", json, &ReadOptions::default());
    assert_eq!(texts(&found), ["Fiji"]);
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.contains("a.json:1: unexpected '}'")),
        "{:?}",
        found.warnings
    );
    let json = b"[{\"text\":\"Fiji\"}, }}}, {\"text\":\"Tonga\"}]";
    let found = same_in_pieces(&JSON, "a.json", json, &ReadOptions::default());
    assert_eq!(texts(&found), ["Fiji", "Tonga"]);
}

#[test]
fn an_export_read_a_byte_at_a_time_is_sniffed_on_its_whole_start() {
    let utf16: Vec<u8> = "id,text\n1,Fiji\n2,Tonga\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let found = same_in_pieces(&records::CSV, "a.csv", &utf16, &ReadOptions::default());
    assert_eq!(texts(&found), ["Fiji", "Tonga"]);
    let binary = b"id,text\n1,Fiji\0\x01\x02\n";
    let found = same_in_pieces(&records::CSV, "b.csv", binary, &ReadOptions::default());
    assert!(found.documents.is_empty(), "{:?}", found.documents);
}

#[test]
fn a_json_array_piped_a_byte_at_a_time_is_read_as_records() {
    let json = br#"[ {"id": "a", "text": "Workers from Fiji."}, {"id": "b", "text": "Tonga."} ]"#;
    let mut child = bin()
        .args(["mentions", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("start geomention");
    let mut pipe = child.stdin.take().expect("piped");
    for byte in &json[..4] {
        pipe.write_all(&[*byte]).expect("write stdin");
        pipe.flush().expect("flush stdin");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    pipe.write_all(&json[4..]).expect("write stdin");
    drop(pipe);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    let docs: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(
        summary(docs.as_array().unwrap()),
        [
            ("a".to_string(), "FJI".to_string()),
            ("b".into(), "TON".into())
        ]
    );
}
