//! Country and region forms in the other languages geomention reads: CLDR's
//! territory names (`geodata/names-cldr.tsv`) and the hand-written forms of
//! `geodata/lang/<tag>.tsv` (inflections, demonyms, short forms, region and
//! block phrases), parsed on first use of each language.

use std::collections::HashMap;
use std::path::Path;

use super::load::{merge_forms, parse_err};
use super::{CountryId, FormFlags, FormKind, NameForm};
use crate::error::Result;

/// Every language with forms of its own, by tag, in the order of
/// [`LANGUAGES`].
macro_rules! lang_files {
    ($($tag:literal),* $(,)?) => {
        /// The tags of the languages geomention reads besides English.
        pub const LANGUAGES: &[&str] = &[$($tag),*];
        const LANG_TSV: &[&str] = &[$(include_str!(concat!("../../geodata/lang/", $tag, ".tsv"))),*];
    };
}

lang_files!(
    "fr", "es", "pt", "de", "it", "nl", "id", "ms", "tl", "vi", "tr", "sw", "ru", "uk", "ar", "fa",
    "hi", "bn", "zh-Hans", "zh-Hant", "ja", "ko", "th", "my", "km", "lo",
);

const CLDR_TSV: &str = include_str!("../../geodata/names-cldr.tsv");

/// The forms of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageForms {
    /// Country forms (and blocks), the language's own first, CLDR's after.
    pub forms: Vec<NameForm>,
    /// Region phrases: (region id of the bundled regions, phrase).
    pub regions: Vec<(String, String)>,
}

/// Parses the forms of language `tag` (one of [`LANGUAGES`]).
pub(super) fn load(tag: &str, by_code: &HashMap<String, CountryId>) -> Result<LanguageForms> {
    let index = LANGUAGES
        .iter()
        .position(|t| *t == tag)
        .expect("a known language tag");
    let path = format!("geodata/lang/{tag}.tsv");
    let mut out = parse_lang_file(LANG_TSV[index], Path::new(&path), by_code)?;
    out.forms.extend(cldr_forms(tag, by_code)?);
    out.forms = merge_forms(std::mem::take(&mut out.forms));
    Ok(out)
}

/// CLDR's names and alternates for one language.
fn cldr_forms(tag: &str, by_code: &HashMap<String, CountryId>) -> Result<Vec<NameForm>> {
    let path = Path::new("geodata/names-cldr.tsv");
    let mut out = Vec::new();
    for (i, line) in CLDR_TSV.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.first() != Some(&tag) {
            continue;
        }
        let [_, code, kind, form] = f[..] else {
            return Err(parse_err(path, i + 1, "expected lang, iso_a3, kind, form"));
        };
        let country = *by_code
            .get(code)
            .ok_or_else(|| parse_err(path, i + 1, format!("unknown country code {code:?}")))?;
        let kind = FormKind::parse(kind)
            .ok_or_else(|| parse_err(path, i + 1, format!("unknown kind {kind:?}")))?;
        out.push(NameForm {
            country: Some(country),
            alternatives: Vec::new(),
            also: Vec::new(),
            kind,
            text: form.to_string(),
            flags: FormFlags::default(),
        });
    }
    Ok(out)
}

fn parse_lang_file(
    text: &str,
    path: &Path,
    by_code: &HashMap<String, CountryId>,
) -> Result<LanguageForms> {
    let mut out = LanguageForms::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(parse_err(
                path,
                line_no,
                "expected target<TAB>kind<TAB>form[<TAB>flags]",
            ));
        }
        let (target, kind, form) = (f[0].trim(), f[1].trim(), f[2].trim());
        let flags = FormFlags::parse(f.get(3).copied().unwrap_or(""))
            .map_err(|m| parse_err(path, line_no, m))?;
        let spellings = expand(form).map_err(|m| parse_err(path, line_no, m))?;
        if kind == "region" {
            out.regions
                .extend(spellings.into_iter().map(|s| (target.to_string(), s)));
            continue;
        }
        let kind = FormKind::parse(kind).ok_or_else(|| {
            parse_err(
                path,
                line_no,
                format!("unknown kind {kind:?} (name, alias, demonym, region, block)"),
            )
        })?;
        let mut countries = Vec::new();
        if target != "-" {
            for code in target.split('+') {
                countries.push(*by_code.get(code).ok_or_else(|| {
                    parse_err(path, line_no, format!("unknown country code {code:?}"))
                })?);
            }
        }
        let (country, also) = match countries.split_first() {
            Some((first, rest)) => (Some(*first), rest.to_vec()),
            None => (None, Vec::new()),
        };
        for text in spellings {
            out.forms.push(NameForm {
                country,
                alternatives: Vec::new(),
                also: also.clone(),
                kind,
                text,
                flags,
            });
        }
    }
    Ok(out)
}

/// Expands `(a|b|c)` groups into every combination; an empty alternative
/// is allowed, groups do not nest.
///
/// ```ignore
/// assert_eq!(expand("cambodgien(|ne)(|s)").unwrap().len(), 4);
/// ```
pub(crate) fn expand(form: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let mut rest = form;
    while let Some(open) = rest.find('(') {
        let close = rest[open..]
            .find(')')
            .map(|c| open + c)
            .ok_or_else(|| format!("unclosed '(' in {form:?}"))?;
        let group = &rest[open + 1..close];
        if group.contains('(') {
            return Err(format!("nested '(' in {form:?}"));
        }
        let head = &rest[..open];
        let alternatives: Vec<&str> = group.split('|').collect();
        out = out
            .iter()
            .flat_map(|prefix| {
                alternatives
                    .iter()
                    .map(move |a| format!("{prefix}{head}{a}"))
            })
            .collect();
        rest = &rest[close + 1..];
    }
    if rest.contains(')') {
        return Err(format!("')' without '(' in {form:?}"));
    }
    let mut forms: Vec<String> = out
        .into_iter()
        .map(|p| format!("{p}{rest}").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut seen = std::collections::HashSet::new();
    forms.retain(|f| seen.insert(f.clone()));
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternation_expands_every_combination_in_order() {
        assert_eq!(
            expand("cambodgien(|ne)(|s)").unwrap(),
            ["cambodgien", "cambodgiens", "cambodgienne", "cambodgiennes"]
        );
        assert_eq!(expand("Камбодж(а|и)").unwrap(), ["Камбоджа", "Камбоджи"]);
        assert_eq!(expand("Fiji").unwrap(), ["Fiji"]);
        assert!(expand("a(b|c").is_err());
        assert!(expand("a(b(c))").is_err());
        assert!(expand("ab)").is_err());
    }

    #[test]
    fn every_language_file_parses() {
        let gaz = crate::Gazetteer::bundled();
        for tag in LANGUAGES {
            let forms = gaz.language_forms(tag);
            assert!(forms.forms.len() > 200, "{tag}: {}", forms.forms.len());
        }
    }
}
