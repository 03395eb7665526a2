//! Finding and counting mentions: `find`, `count`, `count_many`, and the
//! look-ups `lookup` and `regions`.

use geomention::input::Meta;
use geomention::tally::DocumentTally;
use geomention::{Extractor, Gazetteer, Mention as LibMention, RegionSet, Target};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use crate::errors::IntoPy;
use crate::parallel;
use crate::texts::{self, Source};

/// One mention found in a text.
#[pyclass(frozen, eq, hash, get_all, module = "geomention", name = "Mention")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    /// Character offset of the start in the Python `str` (`text[start:end]`).
    start: usize,
    /// Character offset just past the end.
    end: usize,
    /// The text as written.
    text: String,
    /// "name", "alias", "demonym" or "region".
    kind: &'static str,
    /// The country's ISO 3166-1 alpha-3 code; `None` for a region phrase.
    iso_a3: Option<String>,
    /// The region's id for a region phrase ("southeast-asia"); else `None`.
    region: Option<String>,
    /// The country's or region's name.
    name: String,
}

#[pymethods]
impl Mention {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let target = match (&self.iso_a3, &self.region) {
            (Some(code), _) => format!("iso_a3={}", repr(py, code)?),
            (None, Some(id)) => format!("region={}", repr(py, id)?),
            (None, None) => String::new(),
        };
        Ok(format!(
            "Mention(start={}, end={}, text={}, kind={}, {target})",
            self.start,
            self.end,
            repr(py, &self.text)?,
            repr(py, self.kind)?
        ))
    }

    /// The mention as a dict (for `pandas.DataFrame`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("text", &self.text)?;
        d.set_item("kind", self.kind)?;
        d.set_item("iso_a3", &self.iso_a3)?;
        d.set_item("region", &self.region)?;
        d.set_item("name", &self.name)?;
        Ok(d)
    }
}

/// A country of the gazetteer.
#[pyclass(frozen, eq, hash, get_all, module = "geomention", name = "Country")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (or the boundary data's own, e.g. XKX).
    iso_a3: String,
    /// ISO 3166-1 alpha-2 code, where there is one.
    iso_a2: Option<String>,
    /// ISO 3166-1 numeric code, three digits, where there is one.
    iso_n3: Option<String>,
    /// English short name.
    name: String,
}

#[pymethods]
impl Country {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Country(iso_a3={}, name={})",
            repr(py, &self.iso_a3)?,
            repr(py, &self.name)?
        ))
    }
}

/// A region of the bundled region set.
#[pyclass(frozen, get_all, module = "geomention", name = "Region")]
#[derive(Debug, Clone)]
pub struct Region {
    /// Id used by `write_maps` and in file names ("southeast-asia").
    id: String,
    /// Display name.
    name: String,
    /// Member countries' ISO alpha-3 codes.
    members: Vec<String>,
    /// Phrases that name the region in a text.
    phrases: Vec<String>,
}

#[pymethods]
impl Region {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Region(id={}, name={}, members={})",
            repr(py, &self.id)?,
            repr(py, &self.name)?,
            self.members.len()
        ))
    }
}

/// Python's `repr` of a string, for `__repr__`s.
fn repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_cow()?.into_owned())
}

/// Every mention of a country or region in `text`, in order.
///
/// Offsets are character offsets into `text` (`text[m.start:m.end] ==
/// m.text`). Lone surrogates, which UTF-8 cannot hold, are read as "?".
#[pyfunction]
pub fn find(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<Mention>> {
    let bytes = texts::utf8(text)?;
    let text = texts::as_str(&bytes);
    let found = py.detach(|| Extractor::bundled().find(text));
    let offsets = char_offsets(text, &found);
    let gaz = Gazetteer::bundled();
    let regions = RegionSet::bundled().regions();
    Ok(found
        .iter()
        .zip(offsets)
        .map(|(m, (start, end))| {
            let (iso_a3, region, name) = match m.target {
                Target::Country(id) => {
                    let c = gaz.country(id);
                    (Some(c.iso_a3.clone()), None, c.name.clone())
                }
                Target::Region(r) => {
                    let r = &regions[usize::from(r)];
                    (None, Some(r.id.clone()), r.name.clone())
                }
            };
            Mention {
                start,
                end,
                text: text[m.start..m.end].to_string(),
                kind: m.kind.as_str(),
                iso_a3,
                region,
                name,
            }
        })
        .collect())
}

/// Character offsets of the mentions' byte spans, counting as it goes
/// (mentions come in order).
fn char_offsets(text: &str, mentions: &[LibMention]) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return mentions.iter().map(|m| (m.start, m.end)).collect();
    }
    let (mut byte, mut chars) = (0, 0);
    let mut at = |offset: usize| {
        if offset < byte {
            (byte, chars) = (0, 0);
        }
        chars += text[byte..offset].chars().count();
        byte = offset;
        chars
    };
    mentions
        .iter()
        .map(|m| {
            let start = at(m.start);
            (start, at(m.end))
        })
        .collect()
}

/// Mentions per country (ISO alpha-3 code, upper case) and, unless
/// `regions=False`, per region phrase (region id, lower case: "pacific"),
/// in one text.
#[pyfunction]
#[pyo3(signature = (text, *, regions = true))]
pub fn count<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    regions: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let bytes = texts::utf8(text)?;
    let text = texts::as_str(&bytes);
    let doc = py.detach(|| DocumentTally::new(Meta::default(), &Extractor::bundled().find(text)));
    counts_dict(py, &doc, regions)
}

/// `count` for each text, in order, in parallel with the GIL released;
/// `None` for a missing text (None, NaN, pd.NA or an Arrow null).
///
/// `texts`: a list (or any iterable) of str, a pandas or Polars Series, or
/// a pyarrow Array or ChunkedArray of strings (read in place). `threads`:
/// how many threads; None for every core (inside Spark or Dask, which
/// already run a task per core, pass threads=1).
#[pyfunction]
#[pyo3(signature = (texts, threads = None, *, regions = true))]
pub fn count_many<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    threads: Option<usize>,
    regions: bool,
) -> PyResult<Bound<'py, PyList>> {
    let pool = parallel::pool(parallel::thread_count(threads)?)?;
    let out = PyList::empty(py);
    Source::new(texts)?.for_each_round(py, |py, round| {
        let docs = py.detach(|| pool.install(|| count_texts(round)));
        for doc in docs {
            match doc {
                Some(doc) => out.append(counts_dict(py, &doc, regions)?)?,
                None => out.append(py.None())?,
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// Each text's counts, in parallel on the current pool.
pub fn count_texts(texts: &[Option<&str>]) -> Vec<Option<DocumentTally>> {
    texts
        .par_iter()
        .map_init(Vec::new, |found, text| text.map(|t| count_text(t, found)))
        .collect()
}

/// One text's counts; `found` is a buffer the caller reuses.
pub fn count_text(text: &str, found: &mut Vec<LibMention>) -> DocumentTally {
    found.clear();
    Extractor::bundled().find_into(text, found);
    DocumentTally::new(Meta::default(), found)
}

/// Python strings of country codes and region ids, made once.
struct Keys {
    countries: Vec<Py<PyString>>,
    regions: Vec<Py<PyString>>,
}

fn keys(py: Python<'_>) -> &Keys {
    static KEYS: PyOnceLock<Keys> = PyOnceLock::new();
    KEYS.get_or_init(py, || Keys {
        countries: Gazetteer::bundled()
            .countries()
            .iter()
            .map(|c| PyString::intern(py, &c.iso_a3).unbind())
            .collect(),
        regions: RegionSet::bundled()
            .regions()
            .iter()
            .map(|r| PyString::intern(py, &r.id).unbind())
            .collect(),
    })
}

/// A document's counts as a dict: ISO codes, then region ids.
pub fn counts_dict<'py>(
    py: Python<'py>,
    doc: &DocumentTally,
    regions: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let keys = keys(py);
    let d = PyDict::new(py);
    for (id, n) in &doc.countries {
        d.set_item(keys.countries[id.index()].bind(py), n)?;
    }
    if regions {
        for (r, n) in &doc.regions {
            d.set_item(keys.regions[usize::from(*r)].bind(py), n)?;
        }
    }
    Ok(d)
}

/// A country by ISO code (alpha-2, alpha-3 or numeric), name, alias or
/// demonym, ignoring case and accents ("Burma", "KH", "Filipino").
///
/// Raises UnknownCountryError (a ValueError) with close matches in
/// `suggestions`.
#[pyfunction]
pub fn lookup(py: Python<'_>, name: &str) -> PyResult<Country> {
    let gaz = Gazetteer::bundled();
    let id = gaz.lookup(name).py_err(py)?;
    let c = gaz.country(id);
    Ok(Country {
        iso_a3: c.iso_a3.clone(),
        iso_a2: c.iso_a2.clone(),
        iso_n3: c.iso_n3.clone(),
        name: c.name.clone(),
    })
}

/// The bundled regions, in order (their ids are what `write_maps` takes).
#[pyfunction]
pub fn regions() -> Vec<Region> {
    let gaz = Gazetteer::bundled();
    RegionSet::bundled()
        .regions()
        .iter()
        .map(|r| Region {
            id: r.id.clone(),
            name: r.name.clone(),
            members: r
                .members
                .iter()
                .map(|id| gaz.country(*id).iso_a3.clone())
                .collect(),
            phrases: r.phrases.clone(),
        })
        .collect()
}
