//! The external backend: poppler's `pdftotext` (Debian/Ubuntu
//! `poppler-utils`, Homebrew `poppler`), run as a separate process when it
//! is on `PATH`.
//!
//! `pdftotext -bbox-layout` gives the words of each page in poppler's
//! reading order, grouped in blocks and lines, with the document's title
//! and dates in an HTML head. Lines are kept as poppler found them (its
//! plain output would join hyphenated lines itself, and glue compounds such
//! as "Myanmar-based" into one word); [`super::layout`] does the rest.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::{Extracted, Failure};

/// The program run.
const PROGRAM: &str = "pdftotext";

/// Whether `pdftotext` can be run (checked once per process).
pub fn available() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        Command::new(PROGRAM)
            .arg("-v")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })
}

/// Extracts a PDF's pages of lines and its metadata with `pdftotext`.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, Failure> {
    let mut child = Command::new(PROGRAM)
        .args(["-enc", "UTF-8", "-bbox-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failure::Backend(format!("could not run {PROGRAM}: {e}")))?;
    let (status, out, err) = run(&mut child, bytes, timeout(bytes.len()))?;
    let stderr = String::from_utf8_lossy(&err);
    if !status.success() {
        return Err(failure(&stderr));
    }
    let html = String::from_utf8_lossy(&out);
    let mut extracted = parse(&html);
    if stderr.contains("Error") {
        extracted.damage = reason(&stderr).map(str::to_string);
    }
    if extracted.pages.is_empty() {
        return Err(Failure::Damaged(
            reason(&stderr).unwrap_or("no pages").to_string(),
        ));
    }
    Ok(extracted)
}

/// How long `pdftotext` may take: a minute, plus ten seconds per megabyte.
fn timeout(len: usize) -> Duration {
    Duration::from_secs(60 + 10 * (len as u64 >> 20))
}

/// The most output read (a bounding-box listing is about 150 bytes a word).
const MAX_OUTPUT: u64 = 2 << 30;

/// Feeds `input` to the child and collects its output, killing it if it
/// runs past `limit`.
fn run(
    child: &mut Child,
    input: &[u8],
    limit: Duration,
) -> Result<(std::process::ExitStatus, Vec<u8>, Vec<u8>), Failure> {
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    std::thread::scope(|scope| {
        // A broken pipe means pdftotext stopped reading: its status says why.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let out = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stdout).take(MAX_OUTPUT).read_to_end(&mut buf);
            buf
        });
        // All of stderr is read (a damaged file can give a message per
        // object), its end kept: the last message says why it failed.
        let err = scope.spawn(move || {
            let (mut tail, mut chunk) = (Vec::new(), [0u8; 8192]);
            while let Ok(n @ 1..) = stderr.read(&mut chunk) {
                tail.extend_from_slice(&chunk[..n]);
                if tail.len() > 16384 {
                    tail.drain(..tail.len() - 8192);
                }
            }
            tail
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if started.elapsed() > limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(Failure::Backend(format!(
                        "{PROGRAM} took longer than {} s and was stopped",
                        limit.as_secs()
                    )));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => break Err(Failure::Backend(format!("{PROGRAM}: {e}"))),
            }
        };
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        status.map(|s| (s, out, err))
    })
}

/// The failure `pdftotext`'s messages describe.
fn failure(stderr: &str) -> Failure {
    if stderr.contains("Incorrect password") {
        return Failure::Encrypted;
    }
    if stderr.contains("Copying of text") {
        return Failure::Backend("the PDF forbids copying its text, and pdftotext obeys".into());
    }
    Failure::Damaged(
        reason(stderr)
            .unwrap_or("pdftotext could not read it")
            .to_string(),
    )
}

/// The last message of `pdftotext`, without its category.
fn reason(stderr: &str) -> Option<&str> {
    let line = stderr.lines().rev().find(|l| !l.trim().is_empty())?;
    let line = line.trim();
    if line.contains("Wrong page range") {
        // What pdftotext says when it found no page at all.
        return Some("no pages found");
    }
    Some(line.split_once(": ").map_or(line, |(_, m)| m))
}

/// Reads `pdftotext -bbox-layout` output: pages of lines of words, and
/// the title and creation date of its HTML head.
fn parse(html: &str) -> Extracted {
    let mut extracted = Extracted::default();
    let mut line: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "page" => extracted.pages.push(Vec::new()),
            "word" | "title" => {
                let close = if name == "word" {
                    "</word>"
                } else {
                    "</title>"
                };
                let Some(stop) = rest.find(close) else { break };
                let text = unescape(rest.get(1..stop).unwrap_or(""));
                rest = &rest[stop..];
                if name == "word" {
                    line.push(text);
                } else if !text.trim().is_empty() {
                    extracted.title = Some(text);
                }
            }
            "meta" if attribute(tag, "name") == Some("CreationDate") => {
                extracted.date = attribute(tag, "content").map(|d| full_offset(&unescape(d)));
            }
            "" if tag.starts_with("/line") => {
                if let Some(page) = extracted.pages.last_mut() {
                    page.push(line.join(" "));
                }
                line.clear();
            }
            _ => {}
        }
    }
    extracted
}

/// Poppler's ISO date with its zone offset in full (`+07` → `+07:00`), as
/// [`super::iso_date`] writes it.
fn full_offset(date: &str) -> String {
    let b = date.as_bytes();
    let short_zone = b.len() >= 3
        && matches!(b[b.len() - 3], b'+' | b'-')
        && b[b.len() - 2..].iter().all(u8::is_ascii_digit)
        && date.contains('T');
    if short_zone {
        format!("{date}:00")
    } else {
        date.to_string()
    }
}

/// The value of an attribute in a tag poppler wrote.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Undoes HTML escaping.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_layout_output_gives_pages_lines_title_and_date() {
        let html = r#"<html><head><title>A &amp; B</title>
<meta name="Author" content="x"/>
<meta name="CreationDate" content="2024-03-15T09:30:00+07"/>
</head><body><doc>
<page width="595" height="842"><flow><block>
<line><word xMin="1">Fiji</word><word xMin="2">&amp;</word><word>Tonga</word></line>
<line><word>Palau</word></line>
</block></flow></page>
<page width="595" height="842"></page>
</doc></body></html>"#;
        let e = parse(html);
        assert_eq!(e.title.as_deref(), Some("A & B"));
        assert_eq!(e.date.as_deref(), Some("2024-03-15T09:30:00+07:00"));
        assert_eq!(
            e.pages,
            vec![vec!["Fiji & Tonga".to_string(), "Palau".into()], vec![]]
        );
    }

    #[test]
    fn messages_name_the_failure() {
        assert!(matches!(
            failure("Command Line Error: Incorrect password\n"),
            Failure::Encrypted
        ));
        match failure("Syntax Error: x\nSyntax Error: Couldn't read xref table\n") {
            Failure::Damaged(m) => assert_eq!(m, "Couldn't read xref table"),
            _ => panic!("not damaged"),
        }
    }
}
