//! Saved web pages: the article's countries are counted, the countries of
//! menus, footers, related-article lists, comments and cookie banners are
//! not; metadata reaches the outputs. The pages in `tests/data/html` were
//! written for these tests (see its README).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use geomention::input::html::{decode, extract, visible_text, Found, HtmlReader};
use geomention::input::{reader_for, Collect, Data, Input, ReadOptions, Reader};
use geomention::{Extractor, Gazetteer, Target};
use serde_json::Value;

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/html")
        .join(name)
}

/// The ISO codes of the countries a text mentions.
fn countries(text: &str) -> BTreeSet<String> {
    let gaz = Gazetteer::bundled();
    Extractor::bundled()
        .find(text)
        .iter()
        .filter_map(|m| match m.target {
            Target::Country(id) => Some(gaz.country(id).iso_a3.clone()),
            Target::Region(_) => None,
        })
        .collect()
}

fn set(codes: &str) -> BTreeSet<String> {
    codes.split_whitespace().map(str::to_string).collect()
}

/// Reads a page as the scan does.
fn read(name: &str) -> Collect {
    let bytes = std::fs::read(page(name)).unwrap();
    let reader = reader_for(Path::new(name), &bytes).expect("a reader");
    assert_eq!(reader.name(), "html", "{name}");
    let mut found = Collect::default();
    let options = ReadOptions::default();
    let input = Input {
        name,
        data: Data::Bytes(&bytes),
        options: &options,
    };
    reader.read(input, &mut found).unwrap();
    assert_eq!(found.documents.len(), 1, "one document per page");
    found
}

/// Each test page: its article's countries, and countries that only its
/// boilerplate (visible menus, footers, lists, comments, banners) names.
const PAGES: &[(&str, &str, &str)] = &[
    (
        "news-semantic.html",
        "KEN KHM MMR PHL THA UGA",
        "FRA BEL BRA CAN DEU JPN POL PAK ARG MEX PRT CHL AUS IND ZAF",
    ),
    (
        "news-divsoup.html",
        "BGD LAO LKA",
        "USA GBR CHN RUS TUR EGY IRN VNM IDN NPL PER ISL NGA AFG ALB DZA AND SGP CHE SWE",
    ),
    (
        "ngo-latin1.htm",
        "CIV BFA MLI GHA STP",
        "BOL ECU GTM COL NLD LUX",
    ),
    (
        "brief-short.html",
        "TON FJI",
        "NZL PNG WSM VUT KIR PLW NRU SLB",
    ),
    ("index-page.html", "FJI TON TUV", "NZL PNG WSM NRU SLB"),
    ("report.xhtml", "SEN CMR", "ITA ESP BEL CHE"),
];

#[test]
fn only_the_articles_countries_are_counted() {
    for (name, article, _) in PAGES {
        let doc = &read(name).documents[0];
        assert_eq!(countries(&doc.text), set(article), "{name}:\n{}", doc.text);
    }
}

#[test]
fn boilerplate_countries_are_on_the_page_but_not_counted() {
    let (mut plain, mut extracted) = (0, 0);
    for (name, article, boilerplate) in PAGES {
        let html = std::fs::read(page(name)).unwrap();
        let (html, _) = decode(name, &html);
        let all = countries(&visible_text(&html));
        let boilerplate = set(boilerplate);
        let seen = all.intersection(&boilerplate).count();
        assert!(
            2 * seen >= boilerplate.len(),
            "{name}: the page's visible text should name most of {boilerplate:?}, names {all:?}"
        );
        assert!(all.is_superset(&set(article)), "{name}");
        let doc = &read(name).documents[0];
        let kept = countries(&doc.text);
        plain += seen;
        extracted += kept.intersection(&boilerplate).count();
    }
    println!("boilerplate document-country pairs: plain text {plain}, main text {extracted}");
    assert_eq!(extracted, 0);
}

#[test]
fn scripts_styles_and_json_never_reach_the_text() {
    let doc = &read("news-semantic.html").documents[0];
    for hidden in ["Norway", "Finland", "Denmark", "dataLayer"] {
        assert!(!doc.text.contains(hidden), "{hidden}");
    }
    let doc = &read("news-divsoup.html").documents[0];
    for hidden in ["Italy", "Greece", "@context"] {
        assert!(!doc.text.contains(hidden), "{hidden}");
    }
}

#[test]
fn metadata_comes_from_each_place_pages_put_it() {
    let cases: &[(&str, [Option<&str>; 4])] = &[
        (
            "news-semantic.html",
            [
                Some("Freed workers return home from Myanmar compounds"),
                Some("2024-05-02T09:30:00+07:00"),
                Some("https://harbour.example/news/2024/05/freed-workers"),
                Some("en-GB"),
            ],
        ),
        (
            "news-divsoup.html",
            [
                Some("Recruiters lure graduates with fake jobs"),
                Some("2023-11-14T06:00:00Z"),
                Some("https://coastline.example/2023/11/14/recruiters-fake-jobs"),
                Some("en-US"),
            ],
        ),
        (
            "ngo-latin1.htm",
            [
                Some("Cocoa supply chains: field notes from C\u{f4}te d'Ivoire"),
                Some("2022-09-30"),
                None,
                Some("en"),
            ],
        ),
        (
            "brief-short.html",
            [
                Some("Tonga and Fiji sign labour pact"),
                Some("2025-02-11T04:00:00Z"),
                None,
                Some("en"),
            ],
        ),
        (
            "index-page.html",
            [
                Some("Labour | Pacific Wire"),
                None,
                Some("https://pacificwire.example/topics/labour"),
                Some("en"),
            ],
        ),
        (
            "report.xhtml",
            [
                Some("Les fili\u{e8}res de recrutement vers le Golfe"),
                Some("2021-06-15"),
                None,
                Some("fr"),
            ],
        ),
    ];
    for (name, [title, date, url, language]) in cases {
        let m = &read(name).documents[0].meta;
        assert_eq!(m.title.as_deref(), *title, "{name} title");
        assert_eq!(m.date.as_deref(), *date, "{name} date");
        assert_eq!(m.url.as_deref(), *url, "{name} url");
        assert_eq!(m.language.as_deref(), *language, "{name} language");
        assert_eq!(m.source, *name);
    }
}

#[test]
fn xhtml_with_xml_declaration_keeps_its_article_only() {
    let doc = &read("report.xhtml").documents[0];
    assert!(
        doc.text.contains("au S\u{e9}n\u{e9}gal et au Cameroun"),
        "{}",
        doc.text
    );
    for menu in ["Italie", "Espagne", "Belgique", "Suisse"] {
        assert!(!doc.text.contains(menu), "{menu}");
    }
}

#[test]
fn declared_latin1_page_is_decoded_without_warning() {
    let found = read("ngo-latin1.htm");
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert!(found.documents[0]
        .text
        .contains("S\u{e3}o Tom\u{e9} and Pr\u{ed}ncipe"));
}

#[test]
fn utf16_page_with_bom_is_read() {
    let html = std::fs::read_to_string(page("brief-short.html")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(html.encode_utf16().flat_map(u16::to_le_bytes));
    let mut found = Collect::default();
    let options = ReadOptions::default();
    assert!(HtmlReader.sniff(&bytes));
    let input = Input {
        name: "utf16.html",
        data: Data::Bytes(&bytes),
        options: &options,
    };
    HtmlReader.read(input, &mut found).unwrap();
    assert_eq!(countries(&found.documents[0].text), set("TON FJI"));
}

#[test]
fn pages_without_an_article_are_read_whole_less_navigation_with_a_warning() {
    let html = "<html><head><title>Kenya</title></head>\
                <body><nav>Peru</nav><img src=a.png><footer>Chile</footer></body></html>";
    let page = extract(html);
    assert_eq!(page.found, Found::NoArticle);
    assert_eq!(page.text, "Kenya");
    let mut found = Collect::default();
    let options = ReadOptions::default();
    let input = Input {
        name: "bare.html",
        data: Data::Bytes(html.as_bytes()),
        options: &options,
    };
    HtmlReader.read(input, &mut found).unwrap();
    assert_eq!(found.documents[0].text, "Kenya");
    assert!(found.warnings[0].starts_with("bare.html: no main article found"));
}

#[test]
fn huge_pages_are_read_whole_less_navigation() {
    let mut html = String::from("<html><body><nav><a href=/p>Peru</a></nav><div>");
    for i in 0..(geomention::input::html::MAX_ELEMENTS / 2 + 1) {
        html.push_str(&format!("<p>Row {i} <b>x</b></p>"));
    }
    html.push_str("<p>Tonga</p></div></body></html>");
    let page = extract(&html);
    assert!(matches!(page.found, Found::TooLarge(n) if n > geomention::input::html::MAX_ELEMENTS));
    assert_eq!(countries(&page.text), set("TON"));
}

#[test]
fn empty_and_broken_pages_give_a_document_without_panicking() {
    let cases = [
        ("", ""),
        ("<html>", ""),
        ("<html><body></body></html>", ""),
        ("<p>Fiji", "Fiji"),
        ("<div><div><div><p>Nauru</i></b></td></table>", "Nauru"),
        ("<html><head><title>Kenya</title></head></html>", "Kenya"),
        ("<<<>>><!--", "<<<>>>"),
    ];
    for (html, text) in cases {
        assert_eq!(extract(html).text, text, "{html:?}");
    }
}

#[test]
fn html_is_recognised_by_content_whatever_the_name() {
    let html = std::fs::read(page("news-semantic.html")).unwrap();
    for name in ["article.php", "saved-page", "index.asp", "page.HTM"] {
        let r = reader_for(Path::new(name), &html).expect("a reader");
        assert_eq!(r.name(), "html", "{name}");
    }
    let r = reader_for(Path::new("notes.txt"), &html).unwrap();
    assert_eq!(r.name(), "text", "a .txt file stays text");
    let r = reader_for(Path::new("x.html"), b"Just words about Peru.").unwrap();
    assert_eq!(
        r.name(),
        "text",
        "a .html file that is not HTML is read as text"
    );
}

// ---------------------------------------------------------------------------
// Through the command line

fn geomention(args: &[&str], stdin: Option<&[u8]>) -> (String, String, i32) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_geomention"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn cli_mentions_lists_only_the_articles_countries() {
    let path = page("news-semantic.html");
    let (out, err, code) = geomention(&["mentions", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    let ids: BTreeSet<String> = out
        .lines()
        .skip(1)
        .filter(|l| l.contains(",country,"))
        .map(|l| l.split(",country,").nth(1).unwrap()[..3].to_string())
        .collect();
    assert_eq!(ids, set("KEN KHM MMR PHL THA UGA"), "{out}");
}

#[test]
fn cli_json_carries_title_date_url_and_language() {
    let path = page("news-divsoup.html");
    let (out, err, code) = geomention(
        &["mentions", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let doc = &json[0];
    assert_eq!(doc["title"], "Recruiters lure graduates with fake jobs");
    // The scan writes dates in ISO form (2023-11-14T06:00:00Z as written).
    assert_eq!(doc["date"], "2023-11-14");
    assert_eq!(
        doc["url"],
        "https://coastline.example/2023/11/14/recruiters-fake-jobs"
    );
    // The page says en_US; the outputs give the language it was read in.
    assert_eq!(doc["language"], "en");
    let codes: BTreeSet<String> = doc["countries"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(codes, set("BGD LAO LKA"));
}

#[test]
fn cli_reads_html_from_standard_input() {
    let html = std::fs::read(page("brief-short.html")).unwrap();
    let (out, err, code) = geomention(&["mentions", "-", "--format", "json"], Some(&html));
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["title"], "Tonga and Fiji sign labour pact");
    let codes: Vec<&String> = json[0]["countries"].as_object().unwrap().keys().collect();
    assert_eq!(codes, ["FJI", "TON"]);
}

#[test]
fn cli_warns_about_a_page_without_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bare.html");
    std::fs::write(
        &path,
        "<html><head><title>Tonga</title></head><body><nav>Peru</nav></body></html>",
    )
    .unwrap();
    let (out, err, code) = geomention(&["mentions", path.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert!(err.contains("bare.html: no main article found"), "{err}");
    assert!(out.contains(",TON,") && !out.contains(",PER,"), "{out}");
}

#[test]
fn cli_reads_gzipped_pages_as_html() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.html.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(page("news-semantic.html")).unwrap())
        .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let (out, err, code) = geomention(
        &["mentions", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json[0]["url"],
        "https://harbour.example/news/2024/05/freed-workers"
    );
    assert!(json[0]["countries"].get("BRA").is_none(), "{out}");
    assert_eq!(json[0]["countries"]["MMR"], 1);
}

mod soup {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "<html>",
        "<body>",
        "<div class='menu'>",
        "</div>",
        "<p>",
        "</p>",
        "<nav>",
        "</nav>",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "Fiji ",
        "Tonga. ",
        "<meta property='og:title' content='Laos'>",
        "<time datetime='2020-01-01'>",
        "&amp;",
        "<table><tr><td>",
        "</td></tr></table>",
        "<br>",
        "<select><option>Peru",
        "<title>",
        "</title>",
        "<script type='application/ld+json'>{\"@graph\":[{",
        "\"datePublished\":1",
        "<link rel=canonical href=x>",
        "<html lang='x_y'>",
        "\u{a0}",
        "<footer>",
        "<aside>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn any_tag_soup_gives_a_page_without_panicking(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60)
        ) {
            let html: String = picks.iter().map(|i| PIECES[*i]).collect();
            let page = extract(&html);
            prop_assert_eq!(page.text.trim(), page.text.as_str());
            let nbsp = '\u{a0}';
            prop_assert!(!page.text.contains(nbsp), "no-break space in {:?}", page.text);
        }
    }
}
