//! Saved web pages (`.html`, `.htm`, `.xhtml`): the article's text without
//! the page's navigation, headers and footers, related-article lists,
//! comments, cookie banners, scripts and styles, and the page's metadata.
//!
//! The main text is found by [`dom_smoothie`], a port of the readability
//! algorithm of Firefox's reader view. A page where it finds no article
//! (an index page, a page of links) is read whole instead, less its
//! navigation, footers, asides and forms, with a warning. The headline
//! (the page's title) is read before the article, which usually leaves it
//! out.
//!
//! Metadata: the title (`og:title`, JSON-LD `headline`, `<title>` without
//! the site's name), the publication date as written
//! (`article:published_time`, JSON-LD `datePublished`, `<meta
//! name="date">` and its kin, `<time datetime>`), the address (`<link
//! rel="canonical">`, `og:url`, the comment browsers write when saving a
//! page) and the language (`<html lang>`, `Content-Language`,
//! `og:locale`). The charset is the one the page declares, or its
//! byte-order mark's; undeclared pages are UTF-8 or, failing that,
//! windows-1252.
//!
//! ```
//! use geomention::input::html::extract;
//! let page = extract(
//!     "<html lang='en'><head><title>Raids in Laos</title></head><body>\
//!      <nav><a href='/fr'>France</a> <a href='/br'>Brazil</a></nav>\
//!      <article><p>Police in Laos freed workers held in scam compounds near the \
//!      border, officials said on Monday. Many had been lured from abroad with offers \
//!      of well-paid jobs and were then forced to run online fraud schemes.</p></article>\
//!      </body></html>",
//! );
//! assert!(page.text.contains("Police in Laos"));
//! assert!(!page.text.contains("Brazil"));
//! assert_eq!(page.title.as_deref(), Some("Raids in Laos"));
//! assert_eq!(page.language.as_deref(), Some("en"));
//! ```

mod charset;
mod meta;

use dom_query::Document as Dom;
use dom_smoothie::{Config, ParsePolicy, Readability, TextMode};

use super::{Document, Input, Meta, Reader, Sink};
use crate::error::Result;

/// Pages with more elements than this are not searched for an article
/// (the search takes about a second per 100,000 elements, more on a busy
/// machine); their visible text is read whole.
pub const MAX_ELEMENTS: usize = 100_000;

/// An article shorter than this (in characters) makes the search try
/// again with looser rules, as readability does.
const CHAR_THRESHOLD: usize = 500;

/// Elements that are only ever navigation.
const NAVIGATION: &str = "nav, [role=navigation], [role=menu], [role=menubar], select";

/// Where a page's text came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// The article the page carries.
    #[default]
    Article,
    /// No article was found: the page's visible text less navigation,
    /// footers, asides and forms.
    NoArticle,
    /// The page has more than [`MAX_ELEMENTS`] elements (this many): its
    /// visible text less navigation, footers, asides and forms.
    TooLarge(usize),
}

/// A page's text and metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page {
    /// The headline, then the article's text (or the page's visible text
    /// when no article was found), paragraphs separated by blank lines.
    pub text: String,
    /// Where the text came from.
    pub found: Found,
    /// Title, without the site's name.
    pub title: Option<String>,
    /// Publication date, as the page writes it.
    pub date: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// The page's language tag.
    pub language: Option<String>,
}

/// The main text and metadata of a page (already decoded to UTF-8).
///
/// The article is searched for with readability's rules, strictest first
/// (unlikely parts such as menus, sidebars and comments removed before
/// scoring, then kept, then...). An article of 500
/// characters or more ends the search; otherwise the first text found,
/// from the strictest rules, is kept (readability would keep the longest,
/// which on short pages is often the menus).
///
/// See the [module documentation](self) for an example.
pub fn extract(html: &str) -> Page {
    let dom = Dom::from(html);
    // Navigation is never the article; readability keeps it when it falls
    // back to a page's whole body.
    dom.select(NAVIGATION).remove();
    let readability = Readability::with_document(dom, None, None)
        .expect("no document url is given, so none can be invalid");
    let meta = meta::page_meta(&readability.doc, html, &readability.get_article_title());
    let elements = element_count(&readability.doc);
    let (body, found) = if elements > MAX_ELEMENTS {
        (
            text_without_chrome(&readability.doc),
            Found::TooLarge(elements),
        )
    } else {
        match article(&readability.doc) {
            Some(text) => (text, Found::Article),
            None => (text_without_chrome(&readability.doc), Found::NoArticle),
        }
    };
    Page {
        text: with_headline(meta.title.as_deref(), &tidy(&body)),
        found,
        title: meta.title,
        date: meta.date,
        url: meta.url,
        language: meta.language,
    }
}

/// The article's text: from the strictest of readability's rules that
/// finds a long enough one, else from the strictest that finds any.
fn article(dom: &Dom) -> Option<String> {
    let mut short: Option<String> = None;
    for policy in [
        ParsePolicy::Strict,
        ParsePolicy::Moderate,
        ParsePolicy::Clean,
        ParsePolicy::Raw,
    ] {
        let config = Config {
            text_mode: TextMode::Formatted,
            char_threshold: CHAR_THRESHOLD,
            ..Config::default()
        };
        let Ok(mut r) = Readability::with_document(dom.clone(), None, Some(config)) else {
            continue;
        };
        // A heuristic library on arbitrary pages: should it ever panic, the
        // page is still read (whole) rather than the run stopped.
        let attempt =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.parse_with_policy(policy)));
        let Ok(Ok(found)) = attempt else {
            continue;
        };
        let text = found.text_content.to_string();
        if text.trim().is_empty() {
            continue;
        }
        if text.chars().count() >= CHAR_THRESHOLD {
            return Some(text);
        }
        short.get_or_insert(text);
    }
    short
}

/// How many elements a page has.
fn element_count(dom: &Dom) -> usize {
    dom.root()
        .descendants_it()
        .filter(|n| n.is_element())
        .count()
}

/// All the text a browser would show for a page, menus and footers
/// included (scripts, styles and the `<head>` left out): what a plain
/// HTML-to-text conversion gives, to compare [`extract`] with.
///
/// ```
/// use geomention::input::html::visible_text;
/// let text = visible_text("<nav>Peru</nav><script>x = 'Chile'</script><p>Fiji</p>");
/// assert_eq!(text, "Peru\nFiji");
/// ```
pub fn visible_text(html: &str) -> String {
    let dom = Dom::from(html);
    dom.select("script, style, noscript, template").remove();
    tidy(&body_text(&dom))
}

/// The page's text less what is never the article: navigation, footers,
/// asides, forms and hidden parts.
fn text_without_chrome(dom: &Dom) -> String {
    dom.select(
        "script, style, noscript, template, svg, nav, footer, aside, form, select, button, \
         iframe, dialog, [hidden], [aria-hidden=true], [role=navigation], [role=contentinfo], \
         [role=complementary], [role=dialog], [role=menu], [role=menubar]",
    )
    .remove();
    body_text(dom)
}

/// The formatted text of the body (or of the whole page if it has none).
fn body_text(dom: &Dom) -> String {
    match dom.body() {
        Some(body) => body.formatted_text().to_string(),
        None => dom.formatted_text().to_string(),
    }
}

/// Non-breaking spaces as spaces, lines trimmed, at most one blank line
/// between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.replace('\u{a0}', " ");
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

/// The headline before the text, unless the text starts with it already.
fn with_headline(title: Option<&str>, text: &str) -> String {
    match title {
        Some(t)
            if !text[..crate::encoding::floor_char_boundary(text, 2 * t.len() + 64)]
                .contains(t) =>
        {
            if text.is_empty() {
                t.to_string()
            } else {
                format!("{t}\n\n{text}")
            }
        }
        _ => text.to_string(),
    }
}

/// Whether a file's first bytes look like HTML: after any byte-order
/// mark, white space, XML declaration and comments, a doctype or an
/// element that only HTML has.
///
/// ```
/// use geomention::input::html::looks_like_html;
/// assert!(looks_like_html(b"\xEF\xBB\xBF\n  <!DOCTYPE html><html>"));
/// assert!(looks_like_html(b"<!-- saved from url=(0014)about:internet -->\r\n<HTML>"));
/// assert!(!looks_like_html(b"<?xml version='1.0'?><rss version='2.0'>"));
/// assert!(!looks_like_html(b"Tonga <html> tags"));
/// ```
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = &head[..head.len().min(crate::encoding::SNIFF_LEN)];
    let decoded;
    let mut rest: &[u8] = match crate::encoding::sniff(head) {
        crate::encoding::Sniffed::Text(crate::encoding::Encoding::Utf8) => head,
        crate::encoding::Sniffed::Text(_) => {
            decoded = crate::encoding::decode(head).text.into_owned();
            decoded.as_bytes()
        }
        crate::encoding::Sniffed::Binary => return false,
    };
    rest = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest);
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = if rest.starts_with(b"<?") {
            b"?>".as_slice()
        } else if rest.starts_with(b"<!--") {
            b"-->".as_slice()
        } else {
            break;
        };
        match memchr::memmem::find(rest, skip_to) {
            Some(at) => rest = &rest[at + skip_to.len()..],
            None => return false,
        }
    }
    starts_with_html_tag(rest)
}

/// Whether text starts with `<!doctype html` or an HTML-only element.
fn starts_with_html_tag(rest: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[
        b"!doctype html",
        b"html",
        b"head",
        b"body",
        b"meta",
        b"title",
        b"link",
        b"base",
        b"style",
        b"div",
        b"p",
        b"article",
        b"main",
        b"section",
        b"header",
        b"nav",
        b"table",
        b"h1",
        b"h2",
        b"h3",
    ];
    let Some(after) = rest.strip_prefix(b"<") else {
        return false;
    };
    TAGS.iter().any(|tag| {
        after.len() > tag.len()
            && after[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(after[tag.len()], b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')
    })
}

/// A page's bytes as text, in the charset it declares (or its byte-order
/// mark's; UTF-8 or windows-1252 when it declares none), with a warning
/// naming the file when the charset had to be guessed or bytes replaced.
///
/// ```
/// use geomention::input::html::decode;
/// let (text, warning) = decode("a.html", b"<meta charset=latin1><p>Per\xfa");
/// assert_eq!(text, "<meta charset=latin1><p>Per\u{fa}");
/// assert!(warning.is_none());
/// ```
pub fn decode(name: &str, bytes: &[u8]) -> (String, Option<String>) {
    let decoded = charset::decode(name, bytes);
    (decoded.text, decoded.warning)
}

/// Saved web pages: one document per page, its article's text.
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn name(&self) -> &'static str {
        "html"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml", "xht", "shtml"]
    }
    fn sniff(&self, head: &[u8]) -> bool {
        looks_like_html(head)
    }
    fn read(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<()> {
        let name = input.name.to_string();
        let bytes = input.bytes()?;
        let (html, warning) = decode(&name, &bytes);
        if let Some(w) = warning {
            sink.warning(w);
        }
        let page = extract(&html);
        match page.found {
            Found::Article => {}
            Found::NoArticle => sink.warning(whole_page_warning(&name, "no main article found")),
            Found::TooLarge(n) => sink.warning(whole_page_warning(
                &name,
                &format!("too large to search for an article ({n} elements)"),
            )),
        }
        let mut meta = Meta::for_source(name);
        meta.title = page.title;
        meta.date = page.date;
        meta.url = page.url;
        meta.language = page.language;
        sink.document(Document {
            meta,
            text: page.text,
            pages: Vec::new(),
        })
    }
}

/// The warning for a page read whole, and why.
fn whole_page_warning(name: &str, why: &str) -> String {
    format!(
        "{name}: {why}; read all of the page's visible text except navigation, footers, \
         asides and forms (menus left in it may add countries)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_accepts_fragments_and_rejects_other_xml() {
        assert!(looks_like_html(b"<meta charset=utf-8><title>x</title>"));
        assert!(looks_like_html(b"<P>Fiji</P>"));
        assert!(!looks_like_html(b"<pre>Fiji</pre>"));
        assert!(!looks_like_html(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(!looks_like_html(b"<!-- unterminated comment"));
        assert!(!looks_like_html(b"<html"));
    }

    #[test]
    fn sniff_reads_utf16_pages() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<!doctype html><p>Niue</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert!(looks_like_html(&bytes));
    }

    #[test]
    fn headline_is_added_once() {
        assert_eq!(with_headline(Some("Laos"), "Body"), "Laos\n\nBody");
        assert_eq!(with_headline(Some("Laos"), "Laos\n\nBody"), "Laos\n\nBody");
        assert_eq!(with_headline(None, "Body"), "Body");
        assert_eq!(with_headline(Some("Laos"), ""), "Laos");
    }

    #[test]
    fn tidy_keeps_paragraphs_and_drops_nbsp() {
        assert_eq!(
            tidy("  Sri\u{a0}Lanka \n\n\n\n b\nc\n"),
            "Sri Lanka\n\nb\nc"
        );
    }
}
