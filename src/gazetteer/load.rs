//! Parsing the bundled tables (`geodata/countries.tsv`, `geodata/names.tsv`)
//! and boundaries (`geodata/countries-50m.geojson`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use geo::{MultiPolygon, Point};

use super::{Country, CountryId, FormFlags, FormKind, Gazetteer, NameForm};
use crate::error::{Error, Result};
use crate::normalize::fold;

const COUNTRIES_TSV: &str = include_str!("../../geodata/countries.tsv");
const NAMES_TSV: &str = include_str!("../../geodata/names.tsv");
const BOUNDARIES: &str = include_str!("../../geodata/countries-50m.geojson");
const LABEL_POINTS_TSV: &str = include_str!("../../geodata/label-points.tsv");

pub(super) fn bundled() -> Result<Gazetteer> {
    let mut countries = parse_countries(COUNTRIES_TSV, Path::new("geodata/countries.tsv"))?;
    add_label_points(
        &mut countries,
        LABEL_POINTS_TSV,
        Path::new("geodata/label-points.tsv"),
    )?;
    build(
        countries,
        NAMES_TSV,
        Path::new("geodata/names.tsv"),
        BOUNDARIES,
    )
}

pub(super) fn parse_err(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

fn parse_countries(text: &str, path: &Path) -> Result<Vec<Country>> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.split('\t').collect(),
        None => return Err(parse_err(path, 1, "empty file")),
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| parse_err(path, 1, format!("missing column {name:?}")))
    };
    let (a3, a2, n3, name, alt) = (
        col("iso_a3")?,
        col("iso_a2")?,
        col("iso_n3")?,
        col("name")?,
        col("alt_names")?,
    );
    let (region, sub, inter) = (col("region")?, col("subregion")?, col("intermediate")?);
    let (lon, lat) = (col("label_lon")?, col("label_lat")?);
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| f.get(c).map(|s| s.trim()).unwrap_or("");
        let opt = |c: usize| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let num = |c: usize| -> Result<Option<f64>> {
            let s = get(c);
            if s.is_empty() {
                return Ok(None);
            }
            s.parse()
                .map(Some)
                .map_err(|_| parse_err(path, i + 1, format!("not a number: {s:?}")))
        };
        let label = match (num(lon)?, num(lat)?) {
            (Some(x), Some(y)) => Some(Point::new(x, y)),
            _ => None,
        };
        if get(a3).is_empty() || get(name).is_empty() {
            return Err(parse_err(path, i + 1, "iso_a3 and name must not be empty"));
        }
        out.push(Country {
            iso_a3: get(a3).to_string(),
            iso_a2: opt(a2),
            iso_n3: opt(n3),
            name: get(name).to_string(),
            alt_names: get(alt)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            region: opt(region),
            subregion: opt(sub),
            intermediate: opt(inter),
            label,
        });
    }
    out.sort_by(|a, b| a.iso_a3.cmp(&b.iso_a3));
    Ok(out)
}

/// Fills the label points the boundary build left empty from a hand-written
/// table (`iso_a3<TAB>lon<TAB>lat<TAB>where`); a listed unit that already
/// has one, or an unknown code, is an error so the table stays current.
fn add_label_points(countries: &mut [Country], text: &str, path: &Path) -> Result<()> {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let num = |k: usize| f.get(k).and_then(|s| s.parse::<f64>().ok());
        let (Some(code), Some(lon), Some(lat)) = (f.first(), num(1), num(2)) else {
            return Err(parse_err(path, i + 1, "expected iso_a3<TAB>lon<TAB>lat"));
        };
        let country = countries
            .iter_mut()
            .find(|c| c.iso_a3 == *code)
            .ok_or_else(|| parse_err(path, i + 1, format!("unknown code {code:?}")))?;
        if country.label.is_some() {
            return Err(parse_err(
                path,
                i + 1,
                format!("{code} already has a label point"),
            ));
        }
        country.label = Some(Point::new(lon, lat));
    }
    Ok(())
}

/// Builds a gazetteer from parsed countries, a names table and boundaries.
pub(super) fn build(
    countries: Vec<Country>,
    names_tsv: &str,
    names_path: &Path,
    boundaries: &'static str,
) -> Result<Gazetteer> {
    let mut by_code = HashMap::new();
    for (i, c) in countries.iter().enumerate() {
        let id = CountryId(i as u16);
        for code in [Some(&c.iso_a3), c.iso_a2.as_ref(), c.iso_n3.as_ref()]
            .into_iter()
            .flatten()
        {
            by_code.entry(code.to_ascii_uppercase()).or_insert(id);
        }
    }

    let unit_names: HashMap<String, CountryId> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (fold(&c.name), CountryId(i as u16)))
        .collect();
    let mut forms: Vec<NameForm> = Vec::new();
    for (i, line) in names_tsv.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(parse_err(
                names_path,
                line_no,
                "expected iso_a3<TAB>kind<TAB>form[<TAB>flags]",
            ));
        }
        let kind = FormKind::parse(f[1].trim()).ok_or_else(|| {
            parse_err(
                names_path,
                line_no,
                format!("unknown kind {:?} (name, alias, demonym, block)", f[1]),
            )
        })?;
        let country = match f[0].trim() {
            "-" if kind == FormKind::Block => None,
            code => Some(*by_code.get(code).ok_or_else(|| {
                parse_err(
                    names_path,
                    line_no,
                    format!("unknown country code {code:?}"),
                )
            })?),
        };
        let text = without_article(f[2].trim());
        if let (Some(id), Some(unit)) = (country, unit_names.get(&fold(text))) {
            if id != *unit {
                let unit = &countries[unit.index()].iso_a3;
                return Err(parse_err(
                    names_path,
                    line_no,
                    format!(
                        "{text:?} is the name of the boundary unit {unit}; list it under {unit}"
                    ),
                ));
            }
        }
        let flags = FormFlags::parse(f.get(3).copied().unwrap_or(""))
            .map_err(|m| parse_err(names_path, line_no, m))?;
        forms.push(NameForm {
            country,
            alternatives: Vec::new(),
            also: Vec::new(),
            kind,
            text: text.to_string(),
            flags,
        });
    }
    // CLDR names come after the curated table, so curated flags win on merge.
    for (i, c) in countries.iter().enumerate() {
        let id = Some(CountryId(i as u16));
        forms.push(NameForm {
            country: id,
            alternatives: Vec::new(),
            also: Vec::new(),
            kind: FormKind::Name,
            text: without_article(&c.name).to_string(),
            flags: FormFlags::default(),
        });
        for alt in &c.alt_names {
            forms.push(NameForm {
                country: id,
                alternatives: Vec::new(),
                also: Vec::new(),
                kind: FormKind::Alias,
                text: without_article(alt).to_string(),
                flags: FormFlags::default(),
            });
        }
    }
    let forms = merge_forms(forms);

    let mut by_name = HashMap::new();
    for form in &forms {
        if let Some(id) = form.country {
            by_name.entry(fold(&form.text)).or_insert(id);
        }
    }
    for (i, c) in countries.iter().enumerate() {
        by_name.entry(fold(&c.name)).or_insert(CountryId(i as u16));
    }

    Ok(Gazetteer {
        languages: super::languages::LANGUAGES
            .iter()
            .map(|_| OnceLock::new())
            .collect(),
        by_name_any_language: OnceLock::new(),
        countries,
        forms,
        by_code,
        by_name,
        geometry_source: boundaries,
        geometries: OnceLock::new(),
        index: OnceLock::new(),
    })
}

/// "The Philippines" is matched as "Philippines": the article's case varies
/// ("the Philippines"), and the span should cover the name alone.
fn without_article(form: &str) -> &str {
    match form.strip_prefix("The ") {
        Some(rest) if !rest.is_empty() => rest,
        _ => form,
    }
}

/// Keeps one form per exact text: the first one seen, with the flags of all
/// and the other countries the text names as alternatives.
pub(super) fn merge_forms(forms: Vec<NameForm>) -> Vec<NameForm> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<NameForm> = Vec::with_capacity(forms.len());
    for form in forms {
        if form.text.is_empty() {
            continue;
        }
        match seen.get(&form.text) {
            Some(&i) => {
                let first = &mut out[i];
                first.flags = first.flags.union(form.flags);
                if let Some(c) = form.country {
                    if first.country != Some(c) && !first.alternatives.contains(&c) {
                        first.alternatives.push(c);
                    }
                }
            }
            None => {
                seen.insert(form.text.clone(), out.len());
                out.push(form);
            }
        }
    }
    out
}

/// Parses the boundary GeoJSON into one optional multipolygon per country.
pub(super) fn geometries(
    source: &str,
    by_code: &HashMap<String, CountryId>,
    count: usize,
) -> Result<Vec<Option<MultiPolygon<f64>>>> {
    let path = Path::new("geodata/countries-50m.geojson");
    let fc: geojson::FeatureCollection = source
        .parse()
        .map_err(|e| parse_err(path, 1, format!("{e}")))?;
    let mut out = vec![None; count];
    for (i, feature) in fc.features.into_iter().enumerate() {
        let code = feature
            .property("iso_a3")
            .and_then(|v| v.as_str())
            .ok_or_else(|| parse_err(path, i + 2, "feature without iso_a3"))?
            .to_string();
        let Some(id) = by_code.get(&code) else {
            return Err(parse_err(
                path,
                i + 2,
                format!("{code} is not in countries.tsv"),
            ));
        };
        let Some(geometry) = feature.geometry else {
            continue;
        };
        let geometry: geo::Geometry<f64> = geometry
            .try_into()
            .map_err(|e| parse_err(path, i + 2, format!("{code}: {e}")))?;
        let mp = match geometry {
            geo::Geometry::MultiPolygon(mp) => mp,
            geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            _ => return Err(parse_err(path, i + 2, format!("{code}: not a polygon"))),
        };
        out[id.index()] = Some(mp);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_with(names: &str) -> Result<Gazetteer> {
        let countries = parse_countries(COUNTRIES_TSV, Path::new("countries.tsv"))?;
        build(countries, names, Path::new("names.tsv"), BOUNDARIES)
    }

    #[test]
    fn a_names_row_giving_a_units_name_to_another_unit_is_refused() {
        let err = build_with("# comment\nSOM\talias\tSomaliland\n")
            .err()
            .expect("Somaliland is the SOL unit's name");
        let msg = err.to_string();
        assert!(
            msg.starts_with("names.tsv:2:") && msg.contains("SOL"),
            "{msg}"
        );
        assert!(build_with("SOL\talias\tSomaliland\nSOM\tdemonym\tSomali\n").is_ok());
    }
}
