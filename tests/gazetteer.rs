//! The bundled gazetteer: coverage, geometry rules (RFC 7946, OGC validity)
//! and lookups.

use std::collections::HashMap;

use geo::{Area, Point, Validation, Winding};
use geomention::gazetteer::FormKind;
use geomention::{Error, Gazetteer};

/// The 193 UN member states.
const UN_MEMBERS: &str = "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN \
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD \
DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI \
HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX \
MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR \
OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE \
SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR \
ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE";

const ALSO_MAPPED: &[&str] = &["HKG", "MAC", "TWN", "XKX", "PSE", "ESH"];

fn gaz() -> &'static Gazetteer {
    Gazetteer::bundled()
}

#[test]
fn every_un_member_and_listed_territory_has_a_boundary_and_label() {
    let un: Vec<&str> = UN_MEMBERS.split_whitespace().collect();
    assert_eq!(un.len(), 193);
    let mut missing = Vec::new();
    for code in un.iter().chain(ALSO_MAPPED) {
        let id = gaz().lookup(code).unwrap();
        assert_eq!(&gaz().country(id).iso_a3, code);
        if gaz().geometry(id).is_none() || gaz().country(id).label.is_none() {
            missing.push(*code);
        }
    }
    assert!(missing.is_empty(), "no boundary or label: {missing:?}");
}

#[test]
fn no_ring_crosses_the_antimeridian_and_coordinates_are_lon_lat() {
    for id in gaz().ids() {
        let Some(mp) = gaz().geometry(id) else {
            continue;
        };
        let code = &gaz().country(id).iso_a3;
        for polygon in mp {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for c in ring.coords() {
                    assert!((-180.0..=180.0).contains(&c.x), "{code}: lon {}", c.x);
                    assert!((-90.0..=90.0).contains(&c.y), "{code}: lat {}", c.y);
                }
                for line in ring.lines() {
                    let dx = (line.end.x - line.start.x).abs();
                    assert!(dx <= 180.0, "{code}: segment {line:?} crosses ±180");
                }
            }
        }
    }
}

#[test]
fn exterior_rings_are_counter_clockwise_and_holes_clockwise() {
    for id in gaz().ids() {
        let Some(mp) = gaz().geometry(id) else {
            continue;
        };
        let code = &gaz().country(id).iso_a3;
        for polygon in mp {
            assert!(polygon.exterior().is_ccw(), "{code}: exterior is clockwise");
            for hole in polygon.interiors() {
                assert!(hole.is_cw(), "{code}: hole is counter-clockwise");
            }
            assert!(polygon.unsigned_area() > 0.0, "{code}: zero-area polygon");
        }
    }
}

#[test]
fn every_polygon_is_ogc_valid() {
    let mut invalid = Vec::new();
    for id in gaz().ids() {
        let Some(mp) = gaz().geometry(id) else {
            continue;
        };
        if let Err(errors) = mp.check_validation() {
            invalid.push(format!("{}: {errors}", gaz().country(id).iso_a3));
        }
    }
    assert!(
        invalid.is_empty(),
        "invalid boundaries:\n{}",
        invalid.join("\n")
    );
}

#[test]
fn small_pacific_states_have_their_own_boundary() {
    for code in [
        "PLW", "TON", "TUV", "NRU", "KIR", "MHL", "FSM", "WSM", "VUT", "FJI",
    ] {
        let id = gaz().lookup(code).unwrap();
        assert!(gaz().geometry(id).is_some(), "{code}");
    }
}

#[test]
fn fiji_is_cut_at_the_antimeridian_into_both_hemispheres() {
    let fiji = gaz().geometry(gaz().lookup("FJI").unwrap()).unwrap();
    let xs: Vec<f64> = fiji
        .0
        .iter()
        .flat_map(|p| p.exterior().coords().map(|c| c.x))
        .collect();
    assert!(xs.iter().any(|x| *x < -179.0) && xs.iter().any(|x| *x > 179.0));
}

#[test]
fn aliases_and_demonyms_look_up_their_country() {
    let cases = [
        ("Burma", "MMR"),
        ("Burmese", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("cote d’ivoire", "CIV"),
        ("East Timor", "TLS"),
        ("Swaziland", "SWZ"),
        ("Lao PDR", "LAO"),
        ("Laotian", "LAO"),
        ("DPRK", "PRK"),
        ("DRC", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("UK", "GBR"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("Holland", "NLD"),
        ("Cambodian", "KHM"),
        ("Filipino", "PHL"),
        ("Philippine", "PHL"),
        ("Chinese", "CHN"),
        ("Irish", "IRL"),
        ("Italian", "ITA"),
        ("Ni-Vanuatu", "VUT"),
        ("Hong Kong", "HKG"),
        ("Kosovo", "XKX"),
        ("Türkiye", "TUR"),
        ("turkey", "TUR"),
        ("KH", "KHM"),
        ("116", "KHM"),
        ("khm", "KHM"),
    ];
    for (query, code) in cases {
        let id = gaz()
            .lookup(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(gaz().country(id).iso_a3, code, "{query}");
    }
}

#[test]
fn unknown_country_error_suggests_close_names() {
    match gaz().lookup("Cambodiya") {
        Err(Error::UnknownCountry { query, suggestions }) => {
            assert_eq!(query, "Cambodiya");
            assert!(
                suggestions.iter().any(|s| s.contains("KHM")),
                "{suggestions:?}"
            );
        }
        other => panic!("expected UnknownCountry, got {other:?}"),
    }
    let msg = gaz().lookup("Zqxw").unwrap_err().to_string();
    assert!(msg.contains("Zqxw") && msg.contains("ISO 3166"), "{msg}");
}

#[test]
fn no_form_names_two_countries() {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for form in gaz().forms() {
        let Some(id) = form.country else {
            assert_eq!(form.kind, FormKind::Block);
            continue;
        };
        let code = gaz().country(id).iso_a3.as_str();
        if let Some(prev) = owner.insert(form.text.to_lowercase(), code) {
            assert_eq!(prev, code, "{:?} names both {prev} and {code}", form.text);
        }
    }
}

#[test]
fn points_fall_in_the_right_country() {
    let cases = [
        ((104.92, 11.56), "KHM"),  // Phnom Penh
        ((96.17, 16.84), "MMR"),   // Yangon
        ((28.28, -15.41), "ZMB"),  // Lusaka
        ((178.0, -17.8), "FJI"),   // Viti Levu
        ((134.576, 7.516), "PLW"), // Palau (Babeldaob)
        ((114.12, 22.42), "HKG"),  // New Territories
        ((-179.9, 68.0), "RUS"),   // Chukotka, west of the antimeridian
    ];
    for ((x, y), code) in cases {
        let id = gaz()
            .country_at(Point::new(x, y))
            .unwrap_or_else(|| panic!("no country at {x},{y}"));
        assert_eq!(gaz().country(id).iso_a3, code, "at {x},{y}");
    }
}

#[test]
fn every_country_has_an_m49_region_except_unassigned_units() {
    let without: Vec<&str> = gaz()
        .countries()
        .iter()
        .filter(|c| c.region.is_none() && c.iso_a3 != "ATA")
        .map(|c| c.iso_a3.as_str())
        .collect();
    assert!(without.len() <= 3, "no M49 region: {without:?}");
}

/// The boundary units without an ISO 3166-1 code, each with a name that
/// must look it up (and be found in text) rather than the ISO country
/// around or beside it.
const NON_ISO_UNITS: &[(&str, &str)] = &[
    ("Somaliland", "SOL"),
    ("Republic of Somaliland", "SOL"),
    ("Somalilanders", "SOL"),
    ("Northern Cyprus", "CYN"),
    ("North Cyprus", "CYN"),
    ("Turkish Republic of Northern Cyprus", "CYN"),
    ("Siachen Glacier", "KAS"),
    ("Ashmore and Cartier Islands", "ATC"),
    ("Indian Ocean Territories", "IOA"),
    ("Kosovo", "XKX"),
];

#[test]
fn non_iso_units_look_up_the_unit_the_boundaries_draw() {
    for (query, code) in NON_ISO_UNITS {
        let id = gaz()
            .lookup(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(gaz().country(id).iso_a3, *code, "{query}");
        assert_eq!(gaz().lookup(code).unwrap(), id, "{code}");
    }
    assert_eq!(
        gaz().country(gaz().lookup("Somalia").unwrap()).iso_a3,
        "SOM"
    );
    assert_eq!(gaz().country(gaz().lookup("Cyprus").unwrap()).iso_a3, "CYP");
}

#[test]
fn non_iso_units_are_the_mention_targets_in_text() {
    use geomention::{Extractor, Target};
    for (form, code) in NON_ISO_UNITS {
        let text = format!("Aid workers arrived in {form} on Monday.");
        let found: Vec<&str> = Extractor::bundled()
            .find(&text)
            .iter()
            .filter_map(|m| match m.target {
                Target::Country(id) => Some(gaz().country(id).iso_a3.as_str()),
                Target::Region(_) => None,
            })
            .collect();
        assert_eq!(found, [*code], "{text}");
    }
}

#[test]
fn every_unit_name_looks_up_its_own_unit() {
    for id in gaz().ids() {
        let c = gaz().country(id);
        let found = gaz().lookup(&c.name).unwrap();
        assert_eq!(
            gaz().country(found).iso_a3,
            c.iso_a3,
            "{:?} is the name of {}",
            c.name,
            c.iso_a3
        );
    }
}

#[test]
fn numeric_codes_look_up_with_or_without_leading_zeros() {
    for (query, code) in [
        ("4", "AFG"),
        ("04", "AFG"),
        ("004", "AFG"),
        ("36", "AUS"),
        (" 8 ", "ALB"),
    ] {
        let id = gaz()
            .lookup(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(gaz().country(id).iso_a3, code, "{query}");
    }
    assert!(gaz().lookup("0").is_err());
    assert!(gaz().lookup("0004").is_err());
}
