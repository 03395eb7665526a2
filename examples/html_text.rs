//! Prints what geomention reads from saved web pages: the main text (as
//! the `html` reader gives it) or, with `--plain`, all visible text.
//!
//! `cargo run --release --example html_text -- [--plain] page.html...`

fn main() {
    let mut plain = false;
    for arg in std::env::args().skip(1) {
        if arg == "--plain" {
            plain = true;
            continue;
        }
        let bytes = match std::fs::read(&arg) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{arg}: {e}");
                continue;
            }
        };
        let (html, _) = geomention::input::html::decode(&arg, &bytes);
        if plain {
            let text = geomention::input::html::visible_text(&html);
            println!("== {arg} (all visible text)\n{text}\n");
        } else {
            let page = geomention::input::html::extract(&html);
            println!("== {arg} ({:?})\n{}\n", page.found, page.text);
        }
    }
}
