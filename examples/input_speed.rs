//! Measures how fast geomention's readers turn files into documents.
//!
//! ```text
//! cargo run --release --example input_speed -- FILE...
//! cargo run --release --example input_speed -- --make-html page.html --make-long-html long.html \
//!     --make-docx report.docx
//! ```
//!
//! Each file is read by the reader `geomention` would pick for it, over and
//! over for about a second; the line printed gives its size, the time per
//! file and the throughput. `--make-html` writes a page shaped like a saved
//! news page (inline scripts and styles, icons, long menus and footers, a
//! 12-paragraph article), `--make-long-html` a text-dense page of 6,700
//! paragraphs and `--make-docx` a 4,000-paragraph Word report with
//! tables, to measure on; each is then measured too.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use geomention::input::{reader_for, Collect, Data, Input, ReadOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--make-html" if i + 1 < args.len() => {
                std::fs::write(&args[i + 1], sample_page()).expect("write the page");
                files.push(args[i + 1].clone());
                i += 2;
            }
            "--make-long-html" if i + 1 < args.len() => {
                std::fs::write(&args[i + 1], long_page()).expect("write the page");
                files.push(args[i + 1].clone());
                i += 2;
            }
            "--make-docx" if i + 1 < args.len() => {
                std::fs::write(&args[i + 1], sample_docx()).expect("write the report");
                files.push(args[i + 1].clone());
                i += 2;
            }
            other => {
                files.push(other.to_string());
                i += 1;
            }
        }
    }
    for file in files {
        measure(&file);
    }
}

fn measure(file: &str) {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return eprintln!("{file}: {e}"),
    };
    let Some(reader) = reader_for(Path::new(file), &bytes) else {
        return eprintln!("{file}: not a document");
    };
    let options = ReadOptions::default();
    let start = Instant::now();
    let mut runs = 0u32;
    let mut chars = 0;
    while runs < 3 || start.elapsed() < Duration::from_secs(1) {
        let mut found = Collect::default();
        let input = Input {
            name: file,
            data: Data::Bytes(&bytes),
            options: &options,
        };
        if let Err(e) = reader.read(input, &mut found) {
            return eprintln!("{file}: {e}");
        }
        chars = found.documents.iter().map(|d| d.text.len()).sum();
        runs += 1;
    }
    let per_file = start.elapsed().as_secs_f64() / f64::from(runs);
    println!(
        "{file}: {} reader, {:.1} KiB -> {:.1} KiB of text, {:.2} ms per file, {:.1} MB/s",
        reader.name(),
        bytes.len() as f64 / 1024.0,
        chars as f64 / 1024.0,
        per_file * 1e3,
        bytes.len() as f64 / per_file / 1e6
    );
}

/// Words for generated text (no country names).
const WORDS: &[&str] = &[
    "the",
    "workers",
    "recruiters",
    "border",
    "compound",
    "officials",
    "said",
    "on",
    "Monday",
    "that",
    "families",
    "had",
    "paid",
    "debts",
    "agency",
    "contract",
    "wages",
    "police",
    "raid",
    "report",
    "court",
    "travel",
    "passport",
    "shift",
    "online",
    "fraud",
    "victims",
    "returned",
];

fn sentence(seed: usize, words: usize) -> String {
    let mut s: Vec<&str> = (0..words)
        .map(|k| WORDS[(seed * 7 + k * 13) % WORDS.len()])
        .collect();
    s.push("Tonga.");
    s.join(" ")
}

/// A page shaped like a saved news page, about 400 KB.
fn sample_page() -> String {
    let mut h = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<title>Sample story | Sample Site</title>");
    h.push_str("<meta property=\"og:title\" content=\"Sample story\">");
    h.push_str("<script>");
    for k in 0..1000 {
        h.push_str(&format!(
            "window.cfg_{k} = {{a: {k}, b: \"{}\"}};\n",
            sentence(k, 4)
        ));
    }
    h.push_str("</script><style>");
    for k in 0..800 {
        h.push_str(&format!(".c{k} {{ margin: {k}px; color: #{k:06x}; }}\n"));
    }
    h.push_str("</style></head><body><header class=\"site-header\"><nav><ul>");
    for k in 0..200 {
        h.push_str(&format!(
            "<li><a href=\"/s/{k}\"><svg viewBox=\"0 0 8 8\"><path d=\"M0 0L8 8\"/></svg>Section {k}</a></li>"
        ));
    }
    h.push_str("</ul></nav></header><main><article><h1>Sample story</h1>");
    for k in 0..12 {
        h.push_str(&format!("<p>{}</p>", sentence(k, 60)));
    }
    h.push_str("</article><aside class=\"related\"><ul>");
    for k in 0..300 {
        h.push_str(&format!(
            "<li class=\"card\"><div class=\"card-inner\"><a href=\"/r/{k}\"><img src=\"/i/{k}.jpg\" alt=\"\">\
             <span class=\"kicker\">World</span><h3>{}</h3></a><p class=\"meta\"><time>{k} min</time></p></div></li>",
            sentence(k, 8)
        ));
    }
    h.push_str("</ul></aside></main><footer>");
    for k in 0..100 {
        h.push_str(&format!("<a href=\"/f/{k}\">Link {k}</a> "));
    }
    h.push_str("</footer></body></html>");
    h
}

/// A long text-dense page: a report of 6,700 short paragraphs (20,000
/// elements).
fn long_page() -> String {
    let mut h = String::from(
        "<!DOCTYPE html><html><head><title>Big report</title></head><body><nav><a>Peru</a></nav><div id=\"report\">",
    );
    for i in 0..6_700 {
        h.push_str(&format!(
            "<p>Paragraph {i} of the report describes recruiters and <b>workers</b> in <a href=\"#f{i}\">Tonga</a>.</p>\n"
        ));
    }
    h.push_str("</div></body></html>");
    h
}

/// A 4,000-paragraph Word report with a table every 20 paragraphs.
fn sample_docx() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut body = String::new();
    for k in 0..4000 {
        body.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Body\"/></w:pPr><w:r><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>",
            sentence(k, 40),
            sentence(k + 1, 5)
        ));
        if k % 20 == 0 {
            body.push_str("<w:tbl>");
            for r in 0..5 {
                body.push_str(&format!(
                    "<w:tr><w:tc><w:p><w:r><w:t>Row {r}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>",
                    sentence(r, 3)
                ));
            }
            body.push_str("</w:tbl>");
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}
