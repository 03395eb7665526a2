//! The PNG/SVG choropleth renderer: output decodes, is deterministic, is
//! drawn in the right places with the right colours, and never panics.

use std::path::Path;

use geomention::layers::{LayerOptions, RegionLayer};
use geomention::render::map::{pixel_of, png_bytes, svg_string, write_png, write_svg, MapStyle};
use geomention::render::palette::{self, Rgb};
use geomention::render::projection::for_region;
use geomention::tally::{DocumentTally, Tally};
use geomention::values::Values;
use geomention::{CountryId, Extractor, Gazetteer, RegionSet};
use image::RgbImage;

fn tally(texts: &[&str]) -> Tally {
    let ex = Extractor::bundled();
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| DocumentTally::new(format!("doc{i}"), &ex.find(t)))
        .collect()
}

fn layer(region: &str, tally: &Tally) -> RegionLayer<'static> {
    let regions = RegionSet::bundled();
    RegionLayer::build(
        Gazetteer::bundled(),
        regions,
        regions.get(region).unwrap(),
        tally,
        None,
        &LayerOptions::default(),
    )
}

fn sea_tally() -> Tally {
    tally(&[
        "Scam compounds in Myanmar hold Filipino workers. Myanmar's junta denies it.",
        "Raids in Myanmar and Cambodia; Thailand closed the border with Myanmar.",
        "Laos and Vietnam. Southeast Asia.",
    ])
}

fn decode(png: &[u8]) -> RgbImage {
    image::load_from_memory(png).expect("PNG decodes").to_rgb8()
}

fn id(code: &str) -> CountryId {
    Gazetteer::bundled().lookup(code).unwrap()
}

/// The country's label point on the map, in pixels.
fn label_pixel(layer: &RegionLayer, style: &MapStyle, code: &str) -> Option<(i32, i32)> {
    let p = Gazetteer::bundled().country(id(code)).label?;
    pixel_of(layer, style, p.x(), p.y())
}

/// How many of the 3×3 pixels around `at` have colour `c`.
fn count_around(img: &RgbImage, at: (i32, i32), c: Rgb) -> usize {
    let mut n = 0;
    for dy in -1..=1 {
        for dx in -1..=1 {
            let (x, y) = (at.0 + dx, at.1 + dy);
            if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 {
                continue;
            }
            let p = img.get_pixel(x as u32, y as u32);
            if (p[0], p[1], p[2]) == (c.0, c.1, c.2) {
                n += 1;
            }
        }
    }
    n
}

fn no_labels() -> MapStyle {
    MapStyle {
        labels: 0,
        ..MapStyle::default()
    }
}

#[test]
fn png_decodes_at_1600x1200_and_is_byte_identical_across_renders() {
    let l = layer("southeast-asia", &sea_tally());
    let style = MapStyle::default();
    let a = png_bytes(&l, &style).unwrap();
    let b = png_bytes(&l, &style).unwrap();
    let img = decode(&a);
    assert_eq!(img.dimensions(), (1600, 1200));
    assert!(a == b, "two renders of the same layer differ");
}

#[test]
fn svg_is_byte_identical_across_renders() {
    let l = layer("pacific", &tally(&["Fiji, Samoa and Tonga."]));
    let style = MapStyle::default();
    assert_eq!(
        svg_string(&l, &style).unwrap(),
        svg_string(&l, &style).unwrap()
    );
}

#[test]
fn pacific_map_is_contiguous_across_the_antimeridian() {
    let l = layer(
        "pacific",
        &tally(&["Fiji and Fiji again; Samoa; Tonga; Papua New Guinea."]),
    );
    let style = no_labels();
    let fiji = label_pixel(&l, &style, "FJI").expect("Fiji is inside the frame");
    let samoa = label_pixel(&l, &style, "WSM").expect("Samoa is inside the frame");
    // Samoa lies a few hundred kilometres east of Fiji, across 180°.
    assert!(
        samoa.0 > fiji.0,
        "Samoa {samoa:?} should be east of Fiji {fiji:?}"
    );
    assert!(
        samoa.0 - fiji.0 < 300,
        "Fiji {fiji:?} and Samoa {samoa:?} are split apart"
    );
    // Fiji has the most mentions: the top class colour.
    let img = decode(&png_bytes(&l, &style).unwrap());
    let top = *palette::sequential(l.classes.len()).last().unwrap();
    assert!(
        count_around(&img, fiji, top) >= 5,
        "Fiji is not in the top class colour"
    );
}

#[test]
fn pacific_projection_is_centred_near_the_antimeridian() {
    let l = layer("pacific", &Tally::default());
    let p = for_region(&l);
    // The centre projects to x = 0: it lies between 165°E and 175°W.
    let (west, _) = p.project(165.0, -15.0).unwrap();
    let (east, _) = p.project(-175.0, -15.0).unwrap();
    assert!(
        west < 0.0 && east > 0.0,
        "centre not near 180°: {west} {east}"
    );
    // Europe is on the far side and cannot be drawn.
    assert!(p.project(10.0, 50.0).is_none());
}

#[test]
fn southeast_asia_colours_myanmar_with_the_top_class() {
    let l = layer("southeast-asia", &sea_tally());
    assert_eq!(l.ranked()[0].id, id("MMR"));
    let style = no_labels();
    let img = decode(&png_bytes(&l, &style).unwrap());
    let top = *palette::sequential(l.classes.len()).last().unwrap();
    let mm = label_pixel(&l, &style, "MMR").unwrap();
    assert!(
        count_around(&img, mm, top) >= 5,
        "Myanmar is not in the top class colour"
    );
    // A member without mentions is grey, a context country is context-grey.
    let bn = label_pixel(&l, &style, "TLS").unwrap();
    assert!(count_around(&img, bn, palette::NO_DATA) >= 5);
    let cn = pixel_of(&l, &style, 105.0, 26.0).unwrap(); // southern China
    assert!(count_around(&img, cn, palette::CONTEXT) >= 5);
}

#[test]
fn empty_tally_renders_every_member_as_no_data() {
    let l = layer("southeast-asia", &Tally::default());
    let style = no_labels();
    let img = decode(&png_bytes(&l, &style).unwrap());
    let mut checked = 0;
    for c in &l.countries {
        let code = &Gazetteer::bundled().country(c.id).iso_a3;
        if let Some(at) = label_pixel(&l, &style, code) {
            assert!(
                count_around(&img, at, palette::NO_DATA) >= 3,
                "{code} is not drawn as no data"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} members were on the map");
    // No class colour anywhere.
    let light = palette::sequential(5)[0];
    assert!(!img
        .pixels()
        .any(|p| (p[0], p[1], p[2]) == (light.0, light.1, light.2)));
}

#[test]
fn svg_contains_title_subtitle_and_legend_labels() {
    let l = layer("southeast-asia", &sea_tally());
    let svg = svg_string(&l, &MapStyle::default()).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("Where the texts mention: Southeast Asia"));
    assert!(svg.contains("3 documents"), "subtitle missing");
    assert!(svg.contains("Mentions"));
    assert!(svg.contains("No mentions"));
    for i in 0..l.classes.len() {
        assert!(
            svg.contains(&l.classes.label(i)),
            "legend lacks {}",
            l.classes.label(i)
        );
    }
    assert!(svg.contains("Natural Earth"));
    // Top labels name the most mentioned country.
    assert!(svg.contains("Myanmar"));
}

#[test]
fn style_overrides_title_and_subtitle() {
    let l = layer("africa", &tally(&["Kenya and Nigeria."]));
    let style = MapStyle {
        title: Some("Trafficking routes".into()),
        subtitle: Some("Newsroom sample, 2024".into()),
        ..MapStyle::default()
    };
    let svg = svg_string(&l, &style).unwrap();
    assert!(svg.contains("Trafficking routes"));
    assert!(svg.contains("Newsroom sample, 2024"));
    assert!(!svg.contains("Where the texts mention"));
}

#[test]
fn values_maps_name_the_value_and_no_data() {
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    let values = Values::parse(
        "country,victims\nMyanmar,120\nKH,80\nLaos,5\n",
        Path::new("v.csv"),
        gaz,
    )
    .unwrap();
    let l = RegionLayer::build(
        gaz,
        regions,
        regions.get("southeast-asia").unwrap(),
        &Tally::default(),
        Some(&values),
        &LayerOptions::default(),
    );
    let svg = svg_string(&l, &MapStyle::default()).unwrap();
    assert!(svg.contains("victims by country: Southeast Asia"));
    assert!(svg.contains("No data"));
}

#[test]
fn world_map_renders_with_mentioned_countries_coloured() {
    let l = layer("world", &tally(&["Brazil, Brazil and Kenya. Myanmar."]));
    let style = no_labels();
    let img = decode(&png_bytes(&l, &style).unwrap());
    assert_eq!(img.dimensions(), (1600, 1200));
    let top = *palette::sequential(l.classes.len()).last().unwrap();
    let br = label_pixel(&l, &style, "BRA").unwrap();
    assert!(count_around(&img, br, top) >= 5);
    let svg = svg_string(&l, &style).unwrap();
    assert!(svg.contains("Where the texts mention: World"));
}

#[test]
fn small_members_get_a_marker_in_their_class_colour() {
    let l = layer("pacific", &tally(&["Tuvalu, Tuvalu and Nauru. Fiji."]));
    let style = no_labels();
    let img = decode(&png_bytes(&l, &style).unwrap());
    let top = *palette::sequential(l.classes.len()).last().unwrap();
    let tv = label_pixel(&l, &style, "TUV").unwrap();
    assert!(count_around(&img, tv, top) >= 5, "no Tuvalu marker");
}

#[test]
fn regions_with_members_lacking_geometry_render() {
    let gaz = Gazetteer::bundled();
    let toml =
        "[[region]]\nid = \"rome\"\nname = \"Rome\"\nmembers = [\"VAT\", \"SMR\", \"ITA\"]\n";
    let regions = RegionSet::parse(toml, Path::new("mine.toml"), gaz).unwrap();
    let l = RegionLayer::build(
        gaz,
        &regions,
        regions.get("rome").unwrap(),
        &tally(&["The Vatican and Italy."]),
        None,
        &LayerOptions::default(),
    );
    decode(&png_bytes(&l, &MapStyle::default()).unwrap());
    svg_string(&l, &MapStyle::default()).unwrap();
}

#[test]
fn out_of_range_sizes_are_render_errors() {
    let l = layer("pacific", &Tally::default());
    let style = MapStyle {
        width: 0,
        ..MapStyle::default()
    };
    let err = png_bytes(&l, &style).unwrap_err();
    assert!(matches!(err, geomention::Error::Render { .. }), "{err}");
    assert!(err.to_string().contains("width"));
}

#[test]
fn write_png_and_svg_create_files() {
    let dir = tempfile::tempdir().unwrap();
    let l = layer("africa", &tally(&["Kenya."]));
    let style = MapStyle {
        width: 800,
        height: 600,
        ..MapStyle::default()
    };
    let png = dir.path().join("africa.png");
    let svg = dir.path().join("africa.svg");
    write_png(&l, &style, &png).unwrap();
    write_svg(&l, &style, &svg).unwrap();
    assert_eq!(
        decode(&std::fs::read(&png).unwrap()).dimensions(),
        (800, 600)
    );
    assert!(std::fs::read_to_string(&svg).unwrap().contains("Africa"));
    let missing = dir.path().join("no/such/dir/x.png");
    assert!(write_png(&l, &style, &missing).is_err());
}

#[test]
fn region_outline_covers_the_members() {
    use geo::Area;
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled();
    for id in ["southeast-asia", "africa", "pacific"] {
        let region = regions.get(id).unwrap();
        let layer = RegionLayer::build(
            gaz,
            regions,
            region,
            &Tally::default(),
            None,
            &LayerOptions::default(),
        );
        let members: f64 = region
            .members
            .iter()
            .filter_map(|m| gaz.geometry(*m))
            .map(|g| g.unsigned_area())
            .sum();
        let outline = layer.outline.unsigned_area();
        assert!(
            (outline - members).abs() < 1e-3 * members,
            "{id}: outline {outline} vs members {members}"
        );
    }
}

#[test]
fn a_ten_thousand_character_title_with_control_characters_wraps_then_ends_in_an_ellipsis() {
    let l = layer("africa", &tally(&["Kenya and Nigeria."]));
    let long: String = "Scam\u{1}compound\u{7} recruitment routes ".repeat(300);
    let style = MapStyle {
        title: Some(long.clone()),
        subtitle: Some(format!("Sub\u{0}title {long}")),
        ..MapStyle::default()
    };
    let svg = svg_string(&l, &style).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    // The title, then the subtitle, the first texts drawn.
    let lines: Vec<&String> = texts.iter().filter(|t| t.contains("routes")).collect();
    assert_eq!(
        lines.len(),
        3,
        "two title lines and the subtitle: {lines:?}"
    );
    assert!(lines[0].starts_with("Scamcompound recruitment routes"));
    assert!(
        lines[1].ends_with('…') && lines[2].ends_with('…'),
        "{lines:?}"
    );
    assert!(lines[2].starts_with("Subtitle Scamcompound"), "{lines:?}");
    for t in &texts {
        assert!(t.chars().all(|c| !c.is_control()), "{t:?}");
        assert!(
            t.chars().count() < 200,
            "a line of {} characters",
            t.chars().count()
        );
    }
    let png = png_bytes(&l, &style).unwrap();
    assert_eq!(decode(&png).dimensions(), (1600, 1200));
}
