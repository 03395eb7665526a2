//! Files for the readers built from the fuzzer's bytes: raw bytes, Word
//! files (real zips whose parts are fuzzed XML), HTML pages and CSV/JSON
//! exports glued from fragments.

use std::io::{Cursor, Write};

use arbitrary::{Result, Unstructured};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::generate::{letter, mixed_text};

/// Names a file may be given: the extension picks the reader to try.
pub const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.csv", "a.tsv", "a.jsonl", "a.ndjson", "a.json", "a.html", "a.htm",
    "a.docx", "a.doc", "a", "-", "a.xyz",
];

const XML_BITS: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">",
    "<w:delText>",
    "</w:delText>",
    "<w:tab/>",
    "<w:br/>",
    "<w:cr/>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "</w:tc>",
    "</w:tr>",
    "<w:instrText>",
    "</w:instrText>",
    "<w:fldChar w:fldCharType=\"begin\"/>",
    "<w:fldChar w:fldCharType=\"end\"/>",
    "<w:txbxContent>",
    "</w:txbxContent>",
    "<mc:AlternateContent>",
    "<mc:Fallback>",
    "</mc:Fallback>",
    "</mc:AlternateContent>",
    "<w:footnote w:id=\"1\">",
    "</w:footnote>",
    "<w:noBreakHyphen/>",
    "<w:sym w:char=\"F0E0\"/>",
    "&amp;",
    "&lt;",
    "&#x41;",
    "&#0;",
    "&#xD800;",
    "&bogus;",
    "<![CDATA[Fiji]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<w:t",
    ">",
    "<",
    "/>",
    "\"",
    "=",
    " ",
    "Kenya",
    "Myanmar",
    "\u{1F600}",
];

const HTML_BITS: &[&str] = &[
    "<!DOCTYPE html>",
    "<html lang=\"fr\">",
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<meta charset=\"utf-8\">",
    "<meta charset=\"windows-1252\">",
    "<meta charset=\"utf-16\">",
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">",
    "<meta property=\"og:title\" content=\"T\">",
    "<meta name=\"date\" content=\"2024-01-02\">",
    "<link rel=\"canonical\" href=\"https://example.org/a\">",
    "<title>",
    "</title>",
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div class=\"content\">",
    "</div>",
    "<nav>",
    "</nav>",
    "<footer>",
    "</footer>",
    "<script>",
    "</script>",
    "<script type=\"application/ld+json\">",
    "{\"@type\":\"NewsArticle\",\"headline\":\"H\"}",
    "<style>",
    "</style>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<br>",
    "<h1>",
    "</h1>",
    "<a href=\"x\">",
    "</a>",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "<",
    ">",
    "\"",
    "'",
    "<!--",
    "-->",
    "Kenya",
    "Myanmar",
    "Cambodge",
    "\0",
];

const RECORD_BITS: &[&str] = &[
    "id,title,date,text\n",
    "text\n",
    "id\ttext\n",
    "\"",
    "\"\"",
    ",",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "1",
    "Fiji",
    "Myanmar workers",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"text\"",
    "\"body\"",
    "\"id\"",
    "\"language\"",
    "\"fr\"",
    "\"date\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\n",
    "{\"text\": \"Fiji\"}\n",
    "{\"data\": [",
    "{\"results\": [",
    "]}",
    "[{\"text\": \"Kenya\"}]",
    "\u{FEFF}",
    "\0",
    " ",
];

/// The bytes of a file of the kind `kind` picks.
pub fn file(u: &mut Unstructured<'_>, kind: u8) -> Result<Vec<u8>> {
    match kind % 5 {
        0 => Ok(u.bytes(u.len())?.to_vec()),
        1 => docx(u),
        2 => glued(u, HTML_BITS),
        3 => glued(u, RECORD_BITS),
        _ => Ok(mixed_text(u)?.into_bytes()),
    }
}

fn glued(u: &mut Unstructured<'_>, bits: &[&str]) -> Result<Vec<u8>> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=96)? {
        match u.int_in_range(0u8..=7)? {
            0..=4 => out.push_str(u.choose(bits)?),
            5 => out.push(letter(u)?),
            6 => out.push_str(&mixed_text(u)?),
            _ => out.push_str(u.arbitrary::<&str>()?),
        }
    }
    Ok(out.into_bytes())
}

/// A zip with the parts of a Word file, their XML glued from fragments,
/// then some of its bytes overwritten.
fn docx(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let parts: &[&str] = &[
        "[Content_Types].xml",
        "word/document.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document2.xml",
    ];
    for _ in 0..u.int_in_range(0..=5)? {
        let name = *u.choose(parts)?;
        let method = if u.arbitrary()? {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default().compression_method(method);
        if zip.start_file(name, options).is_err() {
            continue; // the same name twice
        }
        let body = part(u, name)?;
        zip.write_all(body.as_bytes()).expect("writes to memory");
    }
    let mut bytes = zip.finish().expect("writes to memory").into_inner();
    for _ in 0..u.int_in_range(0..=3)? {
        if bytes.is_empty() {
            break;
        }
        let at = u.int_in_range(0..=bytes.len() - 1)?;
        bytes[at] = u.arbitrary()?;
    }
    Ok(bytes)
}

fn part(u: &mut Unstructured<'_>, name: &str) -> Result<String> {
    let (open, close) = match name {
        "docProps/core.xml" => (
            "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\" xmlns:dcterms=\"t\"><dc:title>",
            "</dc:title><dcterms:created>2024-05-01T00:00:00Z</dcterms:created><dc:language>km</dc:language></cp:coreProperties>",
        ),
        "word/footnotes.xml" => ("<w:footnotes xmlns:w=\"w\">", "</w:footnotes>"),
        _ => (
            "<w:document xmlns:w=\"w\" xmlns:mc=\"m\"><w:body>",
            "</w:body></w:document>",
        ),
    };
    let mut s = String::from(open);
    for _ in 0..u.int_in_range(0..=64)? {
        match u.int_in_range(0u8..=5)? {
            0..=3 => s.push_str(u.choose(XML_BITS)?),
            4 => s.push_str(&mixed_text(u)?),
            _ => s.push_str(u.arbitrary::<&str>()?),
        }
    }
    if u.arbitrary()? {
        s.push_str(close);
    }
    Ok(s)
}
