//! Prints the text geomention reads from PDFs, with a form feed where each
//! page starts (as `pdftotext` does), and the time taken: for checking and measuring
//! the PDF backends.
//!
//! Run: `cargo run --release [--features pdf] --example pdftext -- [auto|builtin|pdftotext] FILE...`

use geomention::input::pdf::{Backend, PdfReader};
use geomention::input::{Collect, Data, Input, ReadOptions, Reader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = match args.first().map(String::as_str) {
        Some("builtin") => Backend::Builtin,
        Some("pdftotext") => Backend::Pdftotext,
        Some("auto") => Backend::Auto,
        _ => Backend::Auto,
    };
    if matches!(
        args.first().map(String::as_str),
        Some("auto" | "builtin" | "pdftotext")
    ) {
        args.remove(0);
    }
    let reader = PdfReader::new(backend);
    let options = ReadOptions::default();
    let (mut bytes_read, mut seconds) = (0usize, 0f64);
    for name in &args {
        let bytes = std::fs::read(name)?;
        let mut found = Collect::default();
        let started = std::time::Instant::now();
        let input = Input {
            name,
            data: Data::Bytes(&bytes),
            options: &options,
        };
        if let Err(e) = reader.read(input, &mut found) {
            eprintln!("{e}");
        }
        seconds += started.elapsed().as_secs_f64();
        bytes_read += bytes.len();
        for w in &found.warnings {
            eprintln!("{w}");
        }
        for doc in &found.documents {
            let mut from = 0;
            for &at in &doc.pages {
                print!("{}\n\u{c}", &doc.text[from..at].trim_end());
                from = at;
            }
            println!("{}", &doc.text[from..]);
        }
    }
    eprintln!(
        "{} bytes in {:.3} s: {:.2} MB/s",
        bytes_read,
        seconds,
        bytes_read as f64 / 1e6 / seconds.max(1e-9)
    );
    Ok(())
}
