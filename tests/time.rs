//! Dates and maps over time: document dates (file names, `--dates`), the
//! tally per period, and the outputs of `map --by` (periods GeoJSON and
//! its QGIS style, small multiples, trend chart, first-mention map).
//! Corpora are written into temporary directories by the tests.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use geomention::input::Meta;
use geomention::layers::LayerOptions;
use geomention::periods::{Granularity, Period, Window};
use geomention::tally::{DocumentTally, Tally};
use geomention::timemaps::{RegionTimeline, PANELS_PER_IMAGE};
use geomention::{Extractor, Gazetteer, RegionSet};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The (document file name, date, iso_a3) of each row of a mentions.csv.
fn dated_rows(path: &Path) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (doc, date, iso) = (col("document"), col("date"), col("iso_a3"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let name = Path::new(&r[doc])
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, r[date].to_string(), r[iso].to_string())
        })
        .collect()
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_geomention"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("run geomention");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panicked: {}", run.stderr);
    run
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Writes `files` (name, text) into a new temporary directory.
fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The texts of an SVG's `<text>` elements, trimmed.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// How many texts of an SVG are exactly `t`.
fn count(texts: &[String], t: &str) -> usize {
    texts.iter().filter(|x| *x == t).count()
}

/// A document of the library's own, with a date as a reader would give it.
fn dated(id: &str, date: Option<&str>, text: &str) -> DocumentTally {
    let mut meta = Meta::for_source(id);
    meta.date = date.map(str::to_string);
    DocumentTally::new(meta, &Extractor::bundled().find(text))
}

fn period(s: &str) -> Period {
    s.parse().unwrap()
}

#[test]
fn a_document_dated_on_the_last_day_of_march_falls_in_q1_and_month_3() {
    let regions = RegionSet::bundled();
    for (g, expected, next) in [
        (Granularity::Quarter, "2024-Q1", "2024-Q2"),
        (Granularity::Month, "2024-03", "2024-04"),
    ] {
        let mut t = Tally::new(regions).by_period(g, Window::default());
        t.add(&dated("a", Some("2024-03-31T23:59:59+14:00"), "Fiji"));
        t.add(&dated("b", Some("1 April 2024"), "Tonga"));
        let timeline = t.timeline().unwrap();
        assert_eq!(timeline.get(period(expected)).unwrap().documents(), 1);
        assert_eq!(timeline.get(period(next)).unwrap().documents(), 1);
        assert_eq!(timeline.span().len(), 2);
    }
}

#[test]
fn undated_documents_count_in_totals_and_in_no_period() {
    let regions = RegionSet::bundled();
    let mut t = Tally::new(regions).by_period(Granularity::Month, Window::default());
    t.add(&dated("a", Some("2024-03-02"), "Fiji"));
    t.add(&dated("b", None, "Fiji"));
    t.add(&dated("c", Some("2024"), "Fiji")); // known only to the year
    let fiji = Gazetteer::bundled().lookup("FJI").unwrap();
    assert_eq!(t.country_totals()[&fiji].documents, 3);
    assert_eq!((t.documents(), t.undated()), (3, 1));
    let timeline = t.timeline().unwrap();
    assert_eq!(timeline.coarse(), 1);
    let in_periods: u64 = timeline.counted().map(|(_, p)| p.documents()).sum();
    assert_eq!(in_periods, 1);
}

#[test]
fn tallies_by_month_merge_into_tallies_by_quarter_and_survive_serde() {
    let regions = RegionSet::bundled();
    let mut months = Tally::new(regions).by_period(Granularity::Month, Window::default());
    months.add(&dated("a", Some("2024-01-05"), "Laos"));
    months.add(&dated("b", Some("2024-03-31"), "Laos"));
    months.add(&dated("c", None, "Laos"));
    let mut quarters = Tally::new(regions).by_period(Granularity::Quarter, Window::default());
    quarters.add(&dated("d", Some("2024-02-01"), "Laos"));
    quarters.merge(&months);
    let q1 = quarters.timeline().unwrap().get(period("2024-Q1")).unwrap();
    assert_eq!((q1.documents(), quarters.undated()), (3, 1));
    let json = serde_json::to_string(&quarters).unwrap();
    assert!(json.contains("\"2024-Q1\""), "{json}");
    let back: Tally = serde_json::from_str(&json).unwrap();
    assert_eq!(back, quarters);
}

#[test]
fn a_tally_counted_without_periods_adds_to_the_totals_and_keeps_the_periods() {
    let regions = RegionSet::bundled();
    let mut months = Tally::new(regions).by_period(Granularity::Month, Window::default());
    months.add(&dated("a", Some("2024-01-05"), "Laos"));
    let mut plain = Tally::new(regions);
    plain.add(&dated("b", Some("2024-01-09"), "Laos"));
    months.merge(&plain);
    assert_eq!(months.documents(), 2);
    let january = months
        .timeline()
        .expect("periods kept")
        .get(period("2024-01"));
    assert_eq!(january.unwrap().documents(), 1);
}

#[test]
fn empty_periods_are_kept_in_the_timeline_with_zero_mentions() {
    let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
    let mut t = Tally::new(regions).by_period(Granularity::Quarter, Window::default());
    t.add(&dated("a", Some("2023-11-30"), "Cambodia and Myanmar"));
    t.add(&dated("b", Some("2024-08-01"), "Laos, Cambodia"));
    let sea = regions.get("southeast-asia").unwrap();
    let tl = RegionTimeline::build(gaz, regions, sea, &t, &LayerOptions::default()).unwrap();
    let names: Vec<String> = tl.periods.iter().map(|p| p.period.to_string()).collect();
    assert_eq!(names, ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3"]);
    let kh = gaz.lookup("KHM").unwrap();
    assert_eq!(tl.series(kh), [1, 0, 0, 1]);
    assert_eq!(tl.top(6).len(), 3);
    assert_eq!(
        tl.first_mention(gaz.lookup("LAO").unwrap()),
        Some(period("2024-Q3"))
    );
    // An empty period has no classed country.
    assert!(tl.periods[1]
        .layer
        .countries
        .iter()
        .all(|c| c.class.is_none()));
    // Classes are shared: the same count has the same class in every period.
    let class_of = |i: usize| {
        tl.periods[i]
            .layer
            .countries
            .iter()
            .find(|c| c.id == kh)
            .unwrap()
            .class
    };
    assert_eq!(class_of(0), class_of(3));
}

#[test]
fn the_window_limits_the_periods_and_counts_what_falls_outside() {
    let regions = RegionSet::bundled();
    let w = Window::parse(Some("2024-Q1"), Some("2024-06")).unwrap();
    let mut t = Tally::new(regions).by_period(Granularity::Month, w);
    t.add(&dated("a", Some("2023-12-31"), "Fiji"));
    t.add(&dated("b", Some("2024-05-10"), "Fiji"));
    let tl = t.timeline().unwrap();
    assert_eq!(tl.outside(), 1);
    let span: Vec<String> = tl.span().iter().map(|p| p.to_string()).collect();
    assert_eq!(span.first().unwrap(), "2024-01");
    assert_eq!(span.last().unwrap(), "2024-06");
    assert_eq!(t.documents(), 2, "the all-time counts keep every document");
}

/// Every file in a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn map_by(inputs: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["map", s(inputs), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn file_name_dates_reach_mentions_csv_and_undated_documents_are_reported() {
    let c = corpus(&[
        ("2024-03-18_report.txt", "Scam compounds in Cambodia."),
        ("20230102-brief.txt", "A raid in Laos."),
        ("notes.txt", "Fiji police."),
    ]);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(
        c.path(),
        &out.path().join("maps"),
        &["--by", "year", "-r", "southeast-asia"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("2 in 2 period(s), 1 undated"),
        "{}",
        r.stderr
    );
    let rows = dated_rows(&out.path().join("maps/mentions.csv"));
    let row = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        rows,
        [
            row("20230102-brief.txt", "2023-01-02", "LAO"),
            row("2024-03-18_report.txt", "2024-03-18", "KHM"),
            row("notes.txt", "", "FJI"),
        ]
    );

    let r = run(&[
        "mentions",
        s(c.path()),
        "--format",
        "json",
        "--no-file-dates",
    ]);
    let docs: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(docs.as_array().unwrap().iter().all(|d| d["date"].is_null()));
    let r = run(&["mentions", s(c.path()), "--format", "json"]);
    let docs: Value = serde_json::from_str(&r.stdout).unwrap();
    let dates: Vec<&Value> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["date"])
        .collect();
    assert_eq!(
        dates,
        [
            &Value::from("2023-01-02"),
            &Value::from("2024-03-18"),
            &Value::Null
        ]
    );
}

#[test]
fn a_dates_csv_wins_over_file_names_and_its_errors_name_the_line() {
    let c = corpus(&[
        ("2024-03-18_report.txt", "Cambodia."),
        ("sub/b.txt", "Laos."),
    ]);
    let dates = c.path().join("dates.csv");
    std::fs::write(&dates, "document,date\n2024-03-18_report.txt,2022-07-01\nsub/b.txt,\"5 May 2023\"\nmissing.txt,2024-01-01\n").unwrap();
    let r = run(&[
        "mentions",
        s(c.path()),
        "--dates",
        s(&dates),
        "--format",
        "json",
        "--exclude",
        "*.csv",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs: Value = serde_json::from_str(&r.stdout).unwrap();
    let dates: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2022-07-01", "2023-05-05"]);
    assert!(
        r.stderr.contains(
            "1 of 3 listed documents are not among the inputs, e.g. \"missing.txt\" (line 4)"
        ),
        "{}",
        r.stderr
    );

    let bad = c.path().join("bad.csv");
    std::fs::write(
        &bad,
        "a.txt,2024-01-01\nb.txt,2024-01-01,extra\nc.txt,someday\nd.txt,03/04/2024\n",
    )
    .unwrap();
    let r = run(&["mentions", s(c.path()), "--dates", s(&bad)]);
    assert_eq!(r.code, Some(1));
    for expected in [
        ":2: 3 bad row(s)",
        "bad.csv:2: 3 fields",
        "bad.csv:3: date \"someday\"",
        "bad.csv:4: date \"03/04/2024\"",
    ] {
        assert!(r.stderr.contains(expected), "{expected:?} in {}", r.stderr);
    }
}

/// The dated corpus of the examples folder, mapped by `granularity`.
fn example_maps(out: &Path, granularity: &str) -> Run {
    map_by(
        &root().join("examples/dated-corpus"),
        out,
        &["--by", granularity, "--format", "geojson,png,svg"],
    )
}

#[test]
fn the_periods_geojson_has_every_country_in_every_period_and_a_temporal_style() {
    let out = tempfile::tempdir().unwrap();
    let r = example_maps(out.path(), "quarter");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(out.path().join("pacific-periods.geojson")).unwrap();
    let fc: Value = serde_json::from_str(&text).unwrap();
    let features = fc["features"].as_array().unwrap();
    let gaz = Gazetteer::bundled();
    let with_boundary = |region: &str| {
        let r = RegionSet::bundled().get(region).unwrap();
        r.members
            .iter()
            .filter(|id| gaz.geometry(**id).is_some())
            .count()
    };
    assert_eq!(
        features.len(),
        with_boundary("pacific") * 12,
        "12 quarters of 2022–2024"
    );
    assert!(features.iter().all(|f| !f["geometry"].is_null()));
    let find = |iso: &str, period: &str| {
        features
            .iter()
            .find(|f| f["properties"]["iso_a3"] == iso && f["properties"]["period"] == period)
            .unwrap_or_else(|| panic!("{iso} {period}"))
    };
    let fiji = &find("FJI", "2024-Q3")["properties"];
    assert_eq!(fiji["period_start"], "2024-07-01");
    assert_eq!(fiji["period_end"], "2024-09-30");
    assert_eq!(fiji["mentions"], 1);
    assert!(fiji["class"].as_u64().is_some());
    let before = &find("FJI", "2022-Q1")["properties"];
    assert_eq!(
        (before["mentions"].as_u64(), before["class"].is_null()),
        (Some(0), true)
    );
    assert!(find("FJI", "2022-Q1")["geometry"]["type"] == "MultiPolygon");

    let qml = std::fs::read_to_string(out.path().join("pacific-periods.qml")).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&qml, options).expect("the style is XML");
    let temporal = doc
        .descendants()
        .find(|n| n.has_tag_name("temporal"))
        .unwrap();
    assert_eq!(temporal.attribute("enabled"), Some("1"));
    assert!(temporal
        .attribute("startExpression")
        .unwrap()
        .contains("period_start"));
    assert!(temporal
        .attribute("endExpression")
        .unwrap()
        .contains("period_end"));
    assert!(qml.contains("styleCategories=\"Temporal|Symbology"));
}

#[test]
fn small_multiples_draw_every_period_and_the_trend_lists_empty_ones() {
    let out = tempfile::tempdir().unwrap();
    let r = example_maps(out.path(), "quarter");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let read = |name: &str| svg_texts(&std::fs::read_to_string(out.path().join(name)).unwrap());
    let panels = read("southeast-asia-periods.svg");
    for q in ["Q1 2022", "Q1 2024", "Q3 2024", "Q4 2024"] {
        assert_eq!(count(&panels, q), 1, "panel {q}");
    }
    // Southeast Asia has no mention in Q1 and Q3 2024: drawn, as empty panels.
    assert_eq!(count(&panels, "no mentions"), 2);
    let trend = read("southeast-asia-trend.svg");
    for t in ["Q3 2024", "Cambodia", "Southeast Asia (all mentions)"] {
        assert_eq!(count(&trend, t), 1, "{t} in the trend");
    }
    let spread = read("africa-first-mention.svg");
    for p in ["Q3 2023", "Q4 2023", "Q1 2024"] {
        assert!(count(&spread, p) >= 1, "legend {p}");
    }
    assert_eq!(count(&spread, "Namibia"), 1, "labels name the countries");
}

/// A corpus of one document a month from `first` (year, month) on.
fn monthly(first: (i16, u8), months: usize) -> tempfile::TempDir {
    let texts = [
        "Cambodia and Myanmar",
        "Laos",
        "the Philippines",
        "Zambia",
        "Fiji and Tonga",
    ];
    let dir = tempfile::tempdir().unwrap();
    let (mut y, mut m) = first;
    for i in 0..months {
        let name = format!("{y:04}-{m:02}-15_note.txt");
        std::fs::write(dir.path().join(name), texts[i % texts.len()]).unwrap();
        m += 1;
        if m > 12 {
            (y, m) = (y + 1, 1);
        }
    }
    dir
}

/// Width and height of a PNG.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn three_years_by_month_make_36_legible_panels_in_one_image_and_more_spill_over() {
    let c = monthly((2022, 1), 36);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(
        c.path(),
        out.path(),
        &["--by", "month", "-r", "southeast-asia", "-f", "png,svg"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let texts =
        svg_texts(&std::fs::read_to_string(out.path().join("southeast-asia-periods.svg")).unwrap());
    for y in ["Jan 2022", "Jan 2023", "Dec 2024"] {
        assert_eq!(count(&texts, y), 1, "panel {y}");
    }
    let is_count = |t: &&String| {
        let n = t.trim_end_matches(" mentions").trim_end_matches(" mention");
        *t == "no mentions" || (n != t.as_str() && n.parse::<u64>().is_ok())
    };
    let counts = texts.iter().filter(is_count);
    assert_eq!(counts.count(), 36);
    let (w, h) = png_size(&out.path().join("southeast-asia-periods.png"));
    // Panels keep their size: a 6–7 column grid of panels 380 px wide.
    assert!((6 * 380..=8 * 400).contains(&w), "{w}×{h}");
    assert!(h < w * 2, "{w}×{h}");
    assert!(!out.path().join("southeast-asia-periods-2.png").exists());

    let c = monthly((2021, 1), PANELS_PER_IMAGE + 4);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(
        c.path(),
        out.path(),
        &["--by", "month", "-r", "southeast-asia", "-f", "svg"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let second = std::fs::read_to_string(out.path().join("southeast-asia-periods-2.svg")).unwrap();
    assert!(second.contains("image 2 of 2"));
    let texts = svg_texts(&second);
    assert_eq!(
        (count(&texts, "Jan 2024"), count(&texts, "Apr 2024")),
        (1, 1)
    );
    assert_eq!(
        count(&texts, "Dec 2023"),
        0,
        "the first image has 2021–2023"
    );
}

#[test]
fn maps_over_time_are_byte_identical_across_runs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [a.path(), b.path()] {
        let r = example_maps(out, "month");
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.contains_key("pacific-first-mention.png"));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between runs");
    }
}

#[test]
fn bad_time_options_are_usage_errors() {
    let c = corpus(&[("a.txt", "Fiji")]);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(c.path(), out.path(), &["--by", "week"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("year, quarter or month"), "{}", r.stderr);
    let r = map_by(
        c.path(),
        out.path(),
        &["--by", "year", "--from", "2025", "--to", "2024"],
    );
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("--from"), "{}", r.stderr);
    let r = map_by(c.path(), out.path(), &["--from", "2024"]);
    assert_eq!(r.code, Some(2), "--from needs --by");
}

#[test]
fn a_run_by_period_without_dated_documents_says_so() {
    let c = corpus(&[("a.txt", "Fiji")]);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(c.path(), out.path(), &["--by", "year", "-r", "pacific"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("no document has a date"), "{}", r.stderr);
    assert!(!out.path().join("pacific-periods.geojson").exists());
    assert!(out.path().join("pacific.geojson").exists());
}

#[test]
fn a_stray_early_date_does_not_ask_for_hundreds_of_panels() {
    let c = corpus(&[
        ("1970-01-01_default.txt", "Fiji"),
        ("2024-06-01_news.txt", "Tonga"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let r = map_by(
        c.path(),
        out.path(),
        &["--by", "month", "-r", "pacific", "-f", "svg"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("span 654 months; the maps over time show the last 120 (from 2014-07)"),
        "{}",
        r.stderr
    );
    assert!(out.path().join("pacific-periods-4.svg").exists());
    assert!(!out.path().join("pacific-periods-5.svg").exists());
}

#[test]
fn the_periods_geojson_opens_in_gdal_with_date_fields() {
    if !common::have_ogrinfo() {
        eprintln!("note: ogrinfo (GDAL) not found; skipping");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let r = example_maps(out.path(), "year");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let path = out.path().join("africa-periods.geojson");
    let info = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert!(info.status.success(), "{stdout}");
    let gaz = Gazetteer::bundled();
    let africa = RegionSet::bundled().get("africa").unwrap();
    let members = africa
        .members
        .iter()
        .filter(|id| gaz.geometry(**id).is_some())
        .count();
    assert!(
        stdout.contains(&format!("Feature Count: {}\n", members * 3)),
        "{stdout}"
    );
    for field in [
        "period: String",
        "period_start: Date",
        "period_end: Date",
        "mentions: Integer",
    ] {
        assert!(
            stdout.lines().any(|l| l.trim_start().starts_with(field)),
            "{field}: {stdout}"
        );
    }
}
