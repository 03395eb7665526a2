//! GIS delivery: the layer split (countries, points, outline), the
//! GeoPackage, the QGIS project, manual classes shared by every region,
//! framing, and values-only maps.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use geomention::classify::ClassMethod;
use geomention::layers::{LayerOptions, Part, RegionLayer};
use geomention::render::map::{pixel_of, MapStyle};
use geomention::render::{geojson, qml};
use geomention::tally::{DocumentTally, Tally};
use geomention::{Extractor, Gazetteer, RegionSet};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_geomention"))
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("run geomention")
}

fn tally(text: &str) -> Tally {
    [DocumentTally::new(
        "a.txt",
        &Extractor::bundled().find(text),
    )]
    .into_iter()
    .collect()
}

fn layer_with(region: &str, tally: &Tally, options: &LayerOptions) -> RegionLayer<'static> {
    let regions = RegionSet::bundled();
    RegionLayer::build(
        Gazetteer::bundled(),
        regions,
        regions.get(region).unwrap(),
        tally,
        None,
        options,
    )
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("well-formed XML")
}

// ---------------------------------------------------------------------------
// Layers

#[test]
fn country_layers_hold_one_feature_per_member_with_a_boundary_and_no_outline() {
    let t = tally("Kenya, Kenya and Nigeria. Africa. Réunion and Mayotte.");
    let layer = layer_with("africa", &t, &LayerOptions::default());
    let fc = geojson::feature_collection(&layer, Part::Countries);
    let gaz = Gazetteer::bundled();
    let with_polygon = layer
        .countries
        .iter()
        .filter(|c| gaz.geometry(c.id).is_some())
        .count();
    assert_eq!(fc.features.len(), with_polygon);
    let keys: Vec<Vec<String>> = fc
        .features
        .iter()
        .map(|f| f.properties.as_ref().unwrap().keys().cloned().collect())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] == w[1]), "schemas differ");
    assert!(fc.features.iter().all(|f| f.geometry.is_some()));
    // The outline, with the region's own mentions, is its own layer.
    let outline = geojson::feature_collection(&layer, Part::Outline);
    assert_eq!(outline.features.len(), 1);
    assert_eq!(
        outline.features[0].property("region_mentions"),
        Some(&1.into())
    );
}

#[test]
fn members_without_a_boundary_are_points_not_null_geometries() {
    let t = tally("Réunion, Réunion and Mayotte.");
    let layer = layer_with("africa", &t, &LayerOptions::default());
    let fc = geojson::feature_collection(&layer, Part::Points);
    let codes: Vec<String> = fc
        .features
        .iter()
        .map(|f| f.property("iso_a3").unwrap().as_str().unwrap().to_string())
        .collect();
    assert!(codes.contains(&"REU".to_string()) && codes.contains(&"MYT".to_string()));
    for f in &fc.features {
        let g = f.geometry.as_ref().expect("a point, not null");
        assert!(matches!(g.value, ::geojson::GeometryValue::Point { .. }));
    }
    let reu = fc
        .features
        .iter()
        .find(|f| f.property("iso_a3") == Some(&"REU".into()))
        .unwrap();
    assert_eq!(reu.property("mentions"), Some(&2.into()));
    // Every unit without a boundary has a point to put it on.
    let gaz = Gazetteer::bundled();
    for id in gaz.ids().filter(|id| gaz.geometry(*id).is_none()) {
        assert!(
            gaz.country(id).label.is_some(),
            "{} has no point",
            gaz.country(id).iso_a3
        );
    }
}

#[test]
fn readme_lists_every_unit_without_a_polygon() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let gaz = Gazetteer::bundled();
    let line = readme
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("Units without a polygon at this scale")
        })
        .expect("README has a line starting `Units without a polygon at this scale`");
    let listed: Vec<&str> = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    let expected: Vec<&str> = gaz
        .ids()
        .filter(|id| gaz.geometry(*id).is_none())
        .map(|id| gaz.country(id).iso_a3.as_str())
        .collect();
    assert_eq!(listed, expected);
}

// ---------------------------------------------------------------------------
// Manual classes

#[test]
fn manual_breaks_give_every_region_the_same_classes_colours_and_labels() {
    let t = tally(
        "Myanmar Myanmar Myanmar Cambodia Kenya Kenya Kenya Kenya Kenya Kenya Kenya Fiji Fiji \
         Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji Fiji \
         Fiji Fiji Fiji Fiji Fiji",
    );
    let options = LayerOptions {
        method: "1,5,20".parse::<ClassMethod>().unwrap(),
        classes: 5,
    };
    let mut legends = BTreeMap::new();
    for region in ["southeast-asia", "africa", "pacific", "europe"] {
        let layer = layer_with(region, &t, &options);
        let rules: Vec<(String, String)> = qml::class_rules(&layer)
            .into_iter()
            .map(|(_, label, _, colour)| (label, colour.hex()))
            .collect();
        legends.insert(region, rules);
    }
    let first = legends["southeast-asia"].clone();
    let labels: Vec<&str> = first.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["1", "2 – 5", "6 – 20", "21 and more", "No mentions"]
    );
    for (region, rules) in &legends {
        assert_eq!(rules, &first, "{region} differs");
    }
}

// ---------------------------------------------------------------------------
// Framing

#[test]
fn europe_is_framed_on_europe_not_on_french_guiana() {
    let layer = layer_with("europe", &Tally::default(), &LayerOptions::default());
    let style = MapStyle::default();
    assert!(pixel_of(&layer, &style, 2.35, 48.85).is_some(), "Paris");
    assert!(pixel_of(&layer, &style, 23.7, 37.98).is_some(), "Athens");
    // Before: the frame reached -68° to hold the Caribbean parts of France
    // and the Netherlands; Cayenne was on the map.
    assert!(pixel_of(&layer, &style, -52.3, 4.9).is_none(), "Cayenne");
}

#[test]
fn africa_is_framed_on_the_continent_not_on_the_southern_ocean() {
    let layer = layer_with("africa", &Tally::default(), &LayerOptions::default());
    let style = MapStyle::default();
    for (lon, lat, what) in [
        (18.4, -33.9, "Cape Town"),
        (57.5, -20.2, "Mauritius"),
        (-23.5, 15.0, "Cape Verde"),
    ] {
        assert!(pixel_of(&layer, &style, lon, lat).is_some(), "{what}");
    }
    // Kerguelen and Gough Island widened the frame south to 50°S.
    assert!(pixel_of(&layer, &style, 69.5, -49.3).is_none(), "Kerguelen");
    assert!(
        pixel_of(&layer, &style, -9.9, -40.3).is_none(),
        "Gough Island"
    );
}

#[test]
fn every_pacific_member_is_in_frame() {
    let layer = layer_with("pacific", &Tally::default(), &LayerOptions::default());
    let style = MapStyle::default();
    let gaz = Gazetteer::bundled();
    for c in &layer.countries {
        let p = gaz.country(c.id).label.unwrap();
        assert!(
            pixel_of(&layer, &style, p.x(), p.y()).is_some(),
            "{} is off the map",
            gaz.country(c.id).iso_a3
        );
    }
}

// ---------------------------------------------------------------------------
// The command: values-only maps, GeoPackage, QGIS project

#[test]
fn values_only_map_needs_no_text_input() {
    let tmp = tempfile::tempdir().unwrap();
    let values = tmp.path().join("v.csv");
    std::fs::write(&values, "country,victims\nKenya,120000\nNigeria,2500000\n").unwrap();
    let out = tmp.path().join("maps");
    let r = run(&[
        "map",
        "--values",
        values.to_str().unwrap(),
        "--regions",
        "africa",
        "--format",
        "geojson",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let fc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("africa.geojson")).unwrap())
            .unwrap();
    let kenya = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["iso_a3"] == "KEN")
        .unwrap();
    assert_eq!(kenya["properties"]["value"], 120000.0);
    assert_eq!(kenya["properties"]["class_label"], "120k");
    // Without --values, inputs are still required (a usage error).
    let r = run(&["map", "--out", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
}

/// `map` on the sample corpus into `out` with extra arguments.
fn map_corpus(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "map",
        "examples/corpus",
        "--regions",
        "southeast-asia,africa,pacific",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend(extra);
    let r = run(&args);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn qgis_project_opens_every_layer_by_a_relative_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("maps");
    map_corpus(&out, &["--format", "qgis"]);
    let text = std::fs::read_to_string(out.join("geomention.qgs")).unwrap();
    let doc = parse_xml(&text);
    let sources: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("datasource"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        sources.len(),
        3 + 3 + 1,
        "countries + outline per region, Africa's points"
    );
    for source in &sources {
        let file = source.split('|').next().unwrap();
        assert!(file.starts_with("./"), "{source} is not relative");
        assert!(out.join(file).is_file(), "{source} does not resolve");
    }
    // Every layer in the tree is a project layer, with its style and labels.
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("maplayer"))
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name("id"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    for node in doc
        .descendants()
        .filter(|n| n.has_tag_name("layer-tree-layer"))
    {
        assert!(ids.contains(&node.attribute("id").unwrap()));
    }
    for layer in doc.descendants().filter(|n| n.has_tag_name("maplayer")) {
        assert!(layer.descendants().any(|n| n.has_tag_name("renderer-v2")));
    }
    // One map theme and one bookmark per region.
    let themes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("visibility-preset"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(themes, ["Southeast Asia", "Africa", "Pacific Islands"]);
    let bookmarks: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Bookmark"))
        .collect();
    assert_eq!(bookmarks.len(), 3);
    // The Pacific bookmark is in a projection centred near 170°E.
    let pacific = bookmarks
        .iter()
        .find(|b| b.attribute("name") == Some("Pacific Islands"))
        .unwrap();
    let proj = pacific
        .descendants()
        .find(|n| n.has_tag_name("proj4"))
        .and_then(|n| n.text())
        .unwrap();
    let lon0: f64 = proj
        .split_whitespace()
        .find_map(|t| t.strip_prefix("+lon_0="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(proj.starts_with("+proj=laea"), "{proj}");
    assert!((160.0..=180.0).contains(&lon0), "{proj}");
    // QGIS reads a bookmark's extent from one WKT polygon attribute, in
    // metres of that projection around its centre.
    let extent = pacific.attribute("extent").expect("an extent attribute");
    let numbers: Vec<f64> = extent
        .trim_start_matches("POLYGON((")
        .trim_end_matches("))")
        .split([',', ' '])
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 10, "{extent}");
    assert!(
        numbers[0] < 0.0 && numbers[2] > 0.0 && numbers[5] > 0.0,
        "{extent}"
    );
    // ...and the project CRS only when projections are enabled.
    let enabled = doc
        .descendants()
        .find(|n| n.has_tag_name("ProjectionsEnabled"))
        .and_then(|n| n.text());
    assert_eq!(enabled, Some("1"));
    // The project opens on the first region, in its projection.
    let crs = doc
        .descendants()
        .find(|n| n.has_tag_name("projectCrs"))
        .unwrap();
    assert!(crs
        .descendants()
        .any(|n| n.text().is_some_and(|t| t.starts_with("+proj=laea"))));
}

#[cfg(feature = "gpkg")]
mod gpkg {
    use super::*;
    use rusqlite::Connection;

    fn ogrinfo(args: &[&str], path: &Path) -> String {
        let out = Command::new("ogrinfo")
            .args(args)
            .arg(path)
            .output()
            .expect("run ogrinfo");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "ogrinfo failed:\n{stdout}\n{stderr}");
        assert!(!stderr.contains("ERROR"), "ogrinfo: {stderr}");
        stdout
    }

    #[test]
    fn geopackage_opens_in_gdal_with_every_layer() {
        if !common::have_ogrinfo() {
            eprintln!("note: ogrinfo (GDAL) not found; skipping");
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        map_corpus(tmp.path(), &["--format", "gpkg"]);
        let path = tmp.path().join("geomention.gpkg");
        let listing = ogrinfo(&["-ro"], &path);
        for layer in [
            "southeast_asia (Multi Polygon)",
            "southeast_asia_outline (Multi Polygon)",
            "africa (Multi Polygon)",
            "africa_points (Point)",
            "africa_outline (Multi Polygon)",
            "pacific (Multi Polygon)",
            "pacific_outline (Multi Polygon)",
            "mentions (None)",
            "layer_styles (None)",
        ] {
            assert!(listing.contains(layer), "{layer} missing:\n{listing}");
        }
        let gpkg = path.to_str().unwrap();
        let summary = ogrinfo(&["-ro", "-so", gpkg], Path::new("africa"));
        for field in [
            "iso_a3: String",
            "mentions: Integer",
            "share: Real",
            "rank: Integer",
        ] {
            assert!(summary.contains(field), "{field}:\n{summary}");
        }
        assert!(summary.contains("WGS 84"), "{summary}");
        // Geometries read back equal to the GeoJSON's (a point survives
        // the round trip).
        let points = ogrinfo(&["-ro", "-al", gpkg], Path::new("africa_points"));
        assert!(points.contains("POINT ("), "{points}");
    }

    #[test]
    fn geopackage_has_mentions_and_qgis_layer_styles() {
        let tmp = tempfile::tempdir().unwrap();
        map_corpus(tmp.path(), &["--format", "gpkg,geojson"]);
        let db = Connection::open(tmp.path().join("geomention.gpkg")).unwrap();
        let app: i64 = db
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, 0x4750_4B47, "application_id is 'GPKG'");
        // QGIS's layer_styles schema.
        let mut stmt = db.prepare("PRAGMA table_info(layer_styles)").unwrap();
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            columns,
            [
                "id",
                "f_table_catalog",
                "f_table_schema",
                "f_table_name",
                "f_geometry_column",
                "styleName",
                "styleQML",
                "styleSLD",
                "useAsDefault",
                "description",
                "owner",
                "ui",
                "update_time"
            ]
        );
        // A default style for every feature table, the same as the .qml.
        let tables: Vec<String> = db
            .prepare("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(tables.len(), 7);
        for table in &tables {
            let (qml, default): (String, bool) = db
                .query_row(
                    "SELECT styleQML, useAsDefault FROM layer_styles WHERE f_table_name = ?1 AND f_geometry_column = 'geom' AND f_table_schema = ''",
                    [table],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert!(default);
            let file = tmp.path().join(format!("{}.qml", table.replace('_', "-")));
            assert_eq!(qml, std::fs::read_to_string(&file).unwrap(), "{table}");
        }
        // The mentions table holds the same rows as mentions.csv.
        let rows: i64 = db
            .query_row("SELECT count(*) FROM mentions", [], |r| r.get(0))
            .unwrap();
        let csv = std::fs::read_to_string(tmp.path().join("mentions.csv")).unwrap();
        assert_eq!(rows as usize, csv.lines().count() - 1);
        let mm: i64 = db
            .query_row(
                "SELECT sum(count) FROM mentions WHERE iso_a3 = 'MMR'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(mm > 0);
    }

    #[test]
    fn geopackage_is_byte_identical_on_rerun() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        map_corpus(a.path(), &["--format", "gpkg"]);
        map_corpus(b.path(), &["--format", "gpkg"]);
        let read = |d: &Path| std::fs::read(d.join("geomention.gpkg")).unwrap();
        assert!(
            read(a.path()) == read(b.path()),
            "the two GeoPackages differ"
        );
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(a.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    }

    #[test]
    fn an_unfinished_geopackage_leaves_nothing_behind() {
        use geomention::render::gpkg::GpkgWriter;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("geomention.gpkg");
        let layer = layer_with("pacific", &Tally::default(), &LayerOptions::default());
        let mut w = GpkgWriter::create(&path).unwrap();
        w.add_layer(&layer, 8).unwrap();
        drop(w);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}
