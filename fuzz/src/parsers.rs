//! The parsers of the user's files: a regions TOML and a values CSV. Any
//! text either parses into something that holds together or gives an error
//! naming the file and one of its lines.

use std::path::Path;

use arbitrary::{Result, Unstructured};
use geomention::values::Values;
use geomention::{Error, Extractor, Gazetteer, RegionSet};

/// Fragments of regions files, valid and not.
pub const TOML_BITS: &[&str] = &[
    "[[region]]\n",
    "[region]\n",
    "region = []\n",
    "id = \"mekong\"\n",
    "id = \"pacific\"\n",
    "id = \"\"\n",
    "name = \"Mekong\"\n",
    "name = \"\"\n",
    "members = [\"KHM\", \"Laos\", \"Burma\"]\n",
    "members = [\"Atlantis\"]\n",
    "members = []\n",
    "members = [1]\n",
    "m49 = [\"009\", \"035\"]\n",
    "m49 = [\"999\"]\n",
    "exclude = [\"AUS\"]\n",
    "context = [\"THA\"]\n",
    "phrases = [\"Mekong basin\", \"Pacific islands\"]\n",
    "phrases = [\"\"]\n",
    "phrases = [\" \"]\n",
    "phrases = [\"a\"]\n",
    "phrases = [\"'\"]\n",
    "phrases = [\"中缅\"]\n",
    "unknown = 1\n",
    "# comment with members = [\"X\"]\n",
    "id = ",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "=",
    ",",
    "\n",
    "\r\n",
    "#",
    "é",
    "\u{1F600}",
    "\u{2019}",
    "\\",
    "\\u",
    "\\u{0}",
    "\0",
    " ",
    "\t",
    "\u{FEFF}",
];

/// Fragments of values CSV files, valid and not.
pub const CSV_BITS: &[&str] = &[
    "country,value\n",
    "country;victims\n",
    "country\tn\n",
    "iso_a3,value\n",
    "Myanmar",
    "KH",
    "4",
    "004",
    "Côte d\u{2019}Ivoire",
    "Somaliland",
    "Atlantis",
    "MMR",
    ",",
    ",,",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\"",
    "\"\"",
    "1,000",
    "\"1,000\"",
    "\"1,5\"",
    "1.5",
    "12",
    "-3.5e2",
    "1e308",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "0x10",
    "12%",
    "1 000",
    "١٢",
    " ",
    "é",
    "\u{1F600}",
    "\u{FEFF}",
    "#",
    "\0",
];

/// Text glued from fragments and raw strings.
pub fn garbage(u: &mut Unstructured<'_>, bits: &[&str]) -> Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=64)? {
        match u.int_in_range(0u8..=5)? {
            0..=3 => s.push_str(u.choose(bits)?),
            4 => s.push(crate::generate::letter(u)?),
            _ => s.push_str(u.arbitrary::<&str>()?),
        }
    }
    Ok(s)
}

/// Checks that an error names `file` and one of the lines of `text`.
pub fn check_error(err: &Error, file: &str, text: &str) {
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{file}:")),
        "error does not name the file: {message:?}"
    );
    match err {
        Error::Parse { line, .. } => {
            let lines = text.split('\n').count();
            assert!(
                (1..=lines).contains(line),
                "line {line} is not a line of the {lines}-line input {text:?}: {message:?}"
            );
        }
        other => panic!("not a parse error: {other:?}"),
    }
}

/// Parses `text` as a regions file; a set that parses must hold together
/// and its phrases must be found by an extractor built from it.
pub fn check_regions(text: &str) {
    let gaz = Gazetteer::bundled();
    let set = match RegionSet::parse(text, Path::new("r.toml"), gaz) {
        Ok(set) => set,
        Err(e) => return check_error(&e, "r.toml", text),
    };
    assert!(!set.regions().is_empty(), "an empty region set parsed");
    let mut phrases = String::new();
    for r in set.regions() {
        assert!(!r.members.is_empty(), "region {} has no members", r.id);
        assert!(
            r.members.windows(2).all(|w| w[0] < w[1]),
            "members unsorted"
        );
        assert!(
            r.context.iter().all(|c| !r.contains(*c)),
            "context overlaps"
        );
        assert_eq!(
            set.position(&r.id).map(|i| &set.regions()[i].id),
            Some(&r.id)
        );
        for p in &r.phrases {
            phrases.push_str(p);
            phrases.push_str(". ");
        }
    }
    if !phrases.is_empty() {
        let ex = Extractor::new(gaz, &set);
        let found = ex.find(&phrases);
        crate::extract::check_spans(&ex, &phrases, &found);
    }
}

/// Parses bytes as a values file is read (UTF-8 or UTF-16, decoded), and
/// checks what comes out.
pub fn check_values(bytes: &[u8]) {
    let decoded = geomention::encoding::decode(bytes);
    let text = &decoded.text;
    match Values::parse(text, Path::new("v.csv"), Gazetteer::bundled()) {
        Ok(v) => assert!(
            v.by_country.values().all(|x| x.is_finite()),
            "a value that is not finite: {v:?}"
        ),
        Err(e) => check_error(&e, "v.csv", text),
    }
}
