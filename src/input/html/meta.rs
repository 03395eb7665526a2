//! A web page's metadata: title, publication date, address and language,
//! from the places publishers put them (Open Graph and other `<meta>`
//! tags, JSON-LD, `<time datetime>`, `<link rel=canonical>`, `<html lang>`).
//! Dates are kept as written; they are parsed later.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde_json::{Map, Value};

/// What a page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// `<meta>` keys (lower case) that hold a publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date.issued",
    "dc.date.created",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "original-publish-date",
    "datecreated",
];

/// `<meta>` keys that hold a title, best first (after `og:title`, which
/// comes before JSON-LD).
const TITLE_KEYS: &[&str] = &["twitter:title", "dc.title", "dcterms.title", "headline"];

/// `<meta>` keys that hold a language, best first.
const LANGUAGE_KEYS: &[&str] = &[
    "content-language",
    "og:locale",
    "language",
    "dc.language",
    "dcterms.language",
    "inlanguage",
];

/// Reads a page's metadata. `fallback_title` is the page's `<title>` (or
/// first heading) with the site's name cut off, for pages that declare no
/// title elsewhere.
pub(super) fn page_meta(doc: &Document, html: &str, fallback_title: &str) -> PageMeta {
    let metas = meta_tags(doc);
    let ld = json_ld(doc);
    let site = first(&metas, &["og:site_name", "application-name"]).or_else(|| {
        ld.as_ref()
            .and_then(|l| l.get("publisher")?.get("name")?.as_str().and_then(clean))
    });
    let title = first(&metas, &["og:title"])
        .or_else(|| ld.as_ref().and_then(|l| text(l, "headline")))
        .or_else(|| first(&metas, TITLE_KEYS))
        .or_else(|| clean(fallback_title))
        .map(|t| strip_site_name(&t, site.as_deref()));
    let date = first(&metas, &DATE_KEYS[..3])
        .or_else(|| ld.as_ref().and_then(|l| text(l, "datePublished")))
        .or_else(|| first(&metas, &DATE_KEYS[3..]))
        .or_else(|| time_datetime(doc))
        .or_else(|| ld.as_ref().and_then(|l| text(l, "dateCreated")));
    let url = canonical(doc)
        .or_else(|| first(&metas, &["og:url", "twitter:url"]))
        .or_else(|| ld.as_ref().and_then(|l| text(l, "url")))
        .or_else(|| saved_from(html));
    let language = html_lang(doc)
        .or_else(|| first(&metas, LANGUAGE_KEYS))
        .or_else(|| ld.as_ref().and_then(|l| text(l, "inLanguage")))
        .and_then(|l| language_tag(&l));
    PageMeta {
        title,
        date,
        url,
        language,
    }
}

/// Every `<meta>` tag's content by its lower-case `property`, `name`,
/// `itemprop` and `http-equiv`; the first of each key wins.
fn meta_tags(doc: &Document) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for node in doc.select("meta[content]").nodes() {
        let Some(content) = node.attr("content").and_then(|c| clean(&c)) else {
            continue;
        };
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = node.attr(attr) {
                map.entry(key.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    map
}

/// The first of `keys` that the page's `<meta>` tags hold.
fn first(metas: &HashMap<String, String>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| metas.get(*k).cloned())
}

/// Whitespace collapsed; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// A title without the site's name that pages add to it
/// (`Headline | Site`, `Site - Headline`).
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty() && s.len() < title.len()) else {
        return title.to_string();
    };
    const SEPARATORS: &[&str] = &[
        "|", "-", "\u{2013}", "\u{2014}", "::", "\u{b7}", "\u{bb}", ":",
    ];
    let lower = title.to_lowercase();
    let site_lower = site.to_lowercase();
    if lower.len() == title.len() {
        if let Some(rest) = lower.strip_suffix(&site_lower) {
            let head = rest.trim_end();
            if let Some(sep) = SEPARATORS.iter().find(|s| head.ends_with(*s)) {
                let kept = title[..head.len() - sep.len()].trim_end();
                if !kept.is_empty() {
                    return kept.to_string();
                }
            }
        }
        if let Some(rest) = lower.strip_prefix(&site_lower) {
            let tail = rest.trim_start();
            if let Some(sep) = SEPARATORS.iter().find(|s| tail.starts_with(*s)) {
                let kept = title[title.len() - tail.len() + sep.len()..].trim_start();
                if !kept.is_empty() {
                    return kept.to_string();
                }
            }
        }
    }
    title.to_string()
}

/// The JSON-LD object that describes the page: an article if there is
/// one, else the first object with a publication date or headline.
fn json_ld(doc: &Document) -> Option<Map<String, Value>> {
    let mut found: Vec<Map<String, Value>> = Vec::new();
    for node in doc.select("script[type]").nodes() {
        let is_ld = node
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw = node.text();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        if let Ok(value) = serde_json::from_str::<Value>(raw) {
            collect_ld(value, 0, &mut found);
        }
    }
    let article = found.iter().position(is_article);
    match article {
        Some(i) => Some(found.swap_remove(i)),
        None => found.into_iter().next(),
    }
}

/// Objects with a date or headline, from a JSON-LD value: itself, the
/// items of an array, the members of an `@graph`.
fn collect_ld(value: Value, depth: usize, out: &mut Vec<Map<String, Value>>) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_ld(item, depth + 1, out);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                collect_ld(graph, depth + 1, out);
            }
            if ["datePublished", "headline", "dateCreated"]
                .iter()
                .any(|k| map.contains_key(*k))
            {
                out.push(map);
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD object is an article, news item, report or post.
fn is_article(map: &Map<String, Value>) -> bool {
    let is_article_type = |t: &str| {
        ["Article", "Posting", "Report", "NewsArticle"]
            .iter()
            .any(|a| t.contains(a))
    };
    match map.get("@type") {
        Some(Value::String(t)) => is_article_type(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
        _ => false,
    }
}

/// A JSON-LD field as text (a string, or an object's `@id`/`url`/`name`,
/// or an array's first such value).
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    fn of(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => clean(s),
            Value::Array(items) => items.iter().find_map(of),
            Value::Object(o) => ["@id", "url", "name", "@value"]
                .iter()
                .find_map(|k| o.get(*k).and_then(of)),
            _ => None,
        }
    }
    map.get(key).and_then(of)
}

/// The `datetime` of the `<time>` element that most likely dates the
/// article: one marked as the publication date, else the first inside an
/// `<article>`, else the first on the page.
fn time_datetime(doc: &Document) -> Option<String> {
    let times: Vec<(NodeRef, String)> = doc
        .select("time[datetime]")
        .nodes()
        .iter()
        .filter_map(|n| Some((*n, clean(&n.attr("datetime")?)?)))
        .collect();
    let marked = |n: &NodeRef| {
        n.has_attr("pubdate")
            || n.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
    };
    let in_article = |n: &NodeRef| n.ancestors_it(None).any(|a| a.has_name("article"));
    let pick = times
        .iter()
        .find(|(n, _)| marked(n))
        .or_else(|| times.iter().find(|(n, _)| in_article(n)))
        .or_else(|| times.first());
    pick.map(|(_, d)| d.clone())
}

/// The `href` of `<link rel="canonical">`.
fn canonical(doc: &Document) -> Option<String> {
    doc.select("link[rel][href]").nodes().iter().find_map(|n| {
        let rel = n.attr("rel")?;
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"))
            .then(|| n.attr("href").and_then(|h| clean(&h)))?
    })
}

/// The address in the comment browsers add to pages they save
/// (`<!-- saved from url=(0042)https://... -->`).
fn saved_from(html: &str) -> Option<String> {
    let head = &html[..crate::encoding::floor_char_boundary(html, 4096)];
    let at = head.find("saved from url=(")? + "saved from url=(".len();
    let rest = &head[at..];
    let rest = &rest[rest.find(')')? + 1..];
    let end = rest
        .find(char::is_whitespace)
        .unwrap_or(rest.len())
        .min(rest.find("-->").unwrap_or(rest.len()));
    clean(&rest[..end]).filter(|u| u.contains("://"))
}

/// The `lang` (or `xml:lang`) of the `<html>` element.
fn html_lang(doc: &Document) -> Option<String> {
    let root = doc.html_root();
    root.attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .and_then(|l| clean(&l))
}

/// A language tag in BCP 47 shape (`en`, `pt-BR`, `zh-Hant`) from what a
/// page declares (`en_US`, `fr, en`); `None` when it is not one.
fn language_tag(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim().replace('_', "-");
    let mut parts = first.split('-');
    let primary = parts.next()?;
    let primary_ok =
        (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (primary_ok && rest_ok).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str) -> PageMeta {
        page_meta(&Document::from(html), html, "")
    }

    #[test]
    fn og_title_wins_over_title_and_loses_the_site_name() {
        let m = meta_of(
            "<html><head><title>Other | Site</title>\
             <meta property='og:site_name' content='The Daily Lantern'>\
             <meta property='og:title' content='Raids on scam compounds | The Daily Lantern'>\
             </head><body></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Raids on scam compounds"));
    }

    #[test]
    fn json_ld_publisher_names_the_site_to_cut() {
        let m = meta_of(
            r#"<html><head><meta property="og:title" content="Raids go on - Khmer Times">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024",
            "publisher":{"@type":"Organization","name":"Khmer Times"}}</script></head></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Raids go on"));
    }

    #[test]
    fn site_name_is_cut_only_behind_a_separator() {
        assert_eq!(strip_site_name("Lantern - News", Some("Lantern")), "News");
        assert_eq!(
            strip_site_name("News \u{2014} Lantern", Some("lantern")),
            "News"
        );
        assert_eq!(
            strip_site_name("Lantern festival", Some("Lantern")),
            "Lantern festival"
        );
        assert_eq!(strip_site_name("Lantern", Some("Lantern")), "Lantern");
    }

    #[test]
    fn json_ld_article_in_a_graph_gives_date_and_headline() {
        let m = meta_of(
            r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","url":"https://example.org/"},
              {"@type":["NewsArticle"],"headline":"Border towns","datePublished":"2024-03-05T08:00:00Z",
               "inLanguage":"de"}]}
            </script></head><body></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Border towns"));
        assert_eq!(m.date.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(m.language.as_deref(), Some("de"));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m = meta_of(
            "<html><head><script type='application/ld+json'>{\"datePublished\": </script>\
             <meta name='date' content='2023-01-02'></head></html>",
        );
        assert_eq!(m.date.as_deref(), Some("2023-01-02"));
    }

    #[test]
    fn time_marked_as_published_beats_earlier_times() {
        let m = meta_of(
            "<html><body><time datetime='2020-01-01'>x</time>\
             <article><time datetime='2021-02-02'>y</time>\
             <time itemprop='datePublished' datetime='2022-03-03'>z</time></article></body></html>",
        );
        assert_eq!(m.date.as_deref(), Some("2022-03-03"));
        let m = meta_of(
            "<html><body><time datetime='2020-01-01'>x</time>\
             <article><time datetime='2021-02-02'>y</time></article></body></html>",
        );
        assert_eq!(m.date.as_deref(), Some("2021-02-02"));
    }

    #[test]
    fn canonical_then_og_url_then_saved_from_comment() {
        let m = meta_of(
            "<html><head><link rel='Canonical' href='https://e.org/a'>\
             <meta property='og:url' content='https://e.org/b'></head></html>",
        );
        assert_eq!(m.url.as_deref(), Some("https://e.org/a"));
        let m =
            meta_of("<html><head><meta property='og:url' content='https://e.org/b'></head></html>");
        assert_eq!(m.url.as_deref(), Some("https://e.org/b"));
        let m = meta_of(
            "<!DOCTYPE html>\n<!-- saved from url=(0031)https://e.org/news/a-b-c.html -->\n<html></html>",
        );
        assert_eq!(m.url.as_deref(), Some("https://e.org/news/a-b-c.html"));
    }

    #[test]
    fn language_from_lang_locale_or_content_language() {
        assert_eq!(
            meta_of("<html lang='pt-BR'></html>").language.as_deref(),
            Some("pt-BR")
        );
        let m = meta_of("<html><head><meta property='og:locale' content='en_GB'></head></html>");
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        let m = meta_of(
            "<html><head><meta http-equiv='Content-Language' content='fr, en'></head></html>",
        );
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert_eq!(meta_of("<html lang='{{ lang }}'></html>").language, None);
    }
}
