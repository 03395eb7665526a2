//! `geomention.Tally`: corpus totals that merge (`+`, `sum`, `merge`) and
//! pickle, so Spark executors and Dask workers count their parts and the
//! driver adds them up and draws the maps.

use geomention::periods::{Granularity, Window};
use geomention::tally::{DocumentTally, Tally as LibTally};
use geomention::{Gazetteer, RegionSet, Target};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString};
use rayon::prelude::*;

use crate::errors::IntoPy;
use crate::extract::count_text;
use crate::parallel;
use crate::texts::{type_name, Source};

/// Mention totals over a corpus: per country, per region phrase, and
/// documents per region.
///
/// Tallies merge (a + b, a += b, sum(tallies), a.merge(b)) and pickle (as
/// the JSON of to_json(): countries by ISO code), so Spark executors or
/// Dask workers each count a part of a corpus and the driver adds the
/// parts up and calls write_maps.
#[pyclass(eq, module = "geomention", name = "Tally")]
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub inner: LibTally,
}

#[pymethods]
impl Tally {
    /// An empty tally (of the bundled regions).
    #[new]
    fn new() -> Tally {
        Tally {
            inner: LibTally::new(RegionSet::bundled()),
        }
    }

    /// Counts texts (what count_many takes) into one tally, in parallel
    /// with the GIL released. A missing text (None) is not a document; an
    /// empty string is a document with no mentions.
    ///
    /// `dates`: one date per text (str in any form the command line reads,
    /// datetime.date, pandas Timestamp, None), for `by` ("year", "quarter"
    /// or "month"): the tally then also counts per period, and write_maps
    /// draws the maps over time.
    #[staticmethod]
    #[pyo3(signature = (texts, threads = None, *, dates = None, by = None))]
    fn from_texts(
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
        dates: Option<&Bound<'_, PyAny>>,
        by: Option<&str>,
    ) -> PyResult<Tally> {
        let pool = parallel::pool(parallel::thread_count(threads)?)?;
        let mut empty = LibTally::new(RegionSet::bundled());
        if let Some(by) = by {
            let granularity: Granularity = by.parse().py_err(py)?;
            empty = empty.by_period(granularity, Window::default());
        }
        let dates = dates.map(date_strings).transpose()?;
        let mut total = Tally {
            inner: empty.clone(),
        };
        let mut at = 0;
        Source::new(texts)?.for_each_round(py, |py, round| {
            let round_dates = match &dates {
                Some(d) => Some(d.get(at..at + round.len()).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "dates has {} items but there are more texts; give one date (or None) per text",
                        d.len()
                    ))
                })?),
                None => None,
            };
            at += round.len();
            let part = py.detach(|| pool.install(|| tally_texts(round, round_dates, &empty)));
            total.inner.merge(&part);
            Ok(())
        })?;
        if let Some(d) = dates.as_ref().filter(|d| d.len() != at) {
            return Err(PyValueError::new_err(format!(
                "dates has {} items for {at} texts; give one date (or None) per text",
                d.len()
            )));
        }
        Ok(total)
    }

    /// A tally of documents given by their counts: one mapping per document
    /// (as count_many returns them), keyed by ISO code (or any name lookup
    /// knows) and region id. None items (missing texts) are skipped.
    #[staticmethod]
    fn from_counts(counts: &Bound<'_, PyAny>) -> PyResult<Tally> {
        if counts.cast::<PyMapping>().is_ok() {
            return Err(PyTypeError::new_err(
                "from_counts takes one mapping per document (a list of dicts, as count_many returns); wrap a single document's counts in a list",
            ));
        }
        let mut tally = Tally::new();
        for (i, item) in counts.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                continue;
            }
            let doc = document_of(&item, i)?;
            tally.inner.add(&doc);
        }
        Ok(tally)
    }

    /// Reads a tally written by to_json.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Tally> {
        LibTally::from_json(json)
            .py_err(py)
            .map(|inner| Tally { inner })
    }

    /// The tally as JSON text (countries by ISO code): what pickling
    /// stores, readable by from_json in any process.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Adds another tally's counts to this one (in place).
    fn merge(&mut self, py: Python<'_>, other: &Tally) -> PyResult<()> {
        self.inner.try_merge(&other.inner).py_err(py)
    }

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<Tally>() else {
            return Ok(py.NotImplemented());
        };
        let mut sum = self.clone();
        sum.merge(py, &other.borrow())?;
        Ok(Py::new(py, sum)?.into_any())
    }

    /// `0 + tally`, so that `sum(tallies)` works.
    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if other.extract::<i64>().is_ok_and(|n| n == 0) {
            return Ok(Py::new(py, self.clone())?.into_any());
        }
        self.__add__(py, other)
    }

    fn __iadd__(&mut self, py: Python<'_>, other: &Tally) -> PyResult<()> {
        self.merge(py, other)
    }

    /// Number of documents counted.
    #[getter]
    fn documents(&self) -> u64 {
        self.inner.documents()
    }

    /// Per country (ISO code): `{"mentions": n, "documents": d}`.
    #[getter]
    fn countries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let gaz = Gazetteer::bundled();
        let out = PyDict::new(py);
        for (id, c) in self.inner.country_totals() {
            out.set_item(&gaz.country(*id).iso_a3, count_dict(py, c)?)?;
        }
        Ok(out)
    }

    /// Per region phrase (region id): `{"mentions": n, "documents": d}`.
    #[getter]
    fn regions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let ids = self.inner.region_ids();
        let out = PyDict::new(py);
        for (r, c) in self.inner.region_totals() {
            out.set_item(&ids[usize::from(*r)], count_dict(py, c)?)?;
        }
        Ok(out)
    }

    /// Per region (id, in region set order): documents that mention the
    /// region or one of its members.
    #[getter]
    fn region_documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (r, id) in self.inner.region_ids().iter().enumerate() {
            out.set_item(id, self.inner.region_documents(r as u16))?;
        }
        Ok(out)
    }

    fn __getstate__(&self) -> String {
        self.inner.to_json()
    }

    fn __setstate__(&mut self, py: Python<'_>, state: &str) -> PyResult<()> {
        self.inner = LibTally::from_json(state).py_err(py)?;
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "Tally(documents={}, countries={})",
            self.inner.documents(),
            self.inner.country_totals().len()
        )
    }
}

fn count_dict<'py>(py: Python<'py>, c: &geomention::tally::Count) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("mentions", c.mentions)?;
    d.set_item("documents", c.documents)?;
    Ok(d)
}

/// One round of texts (with their dates) counted into a tally like
/// `empty`, in parallel on the current pool.
fn tally_texts(
    texts: &[Option<&str>],
    dates: Option<&[Option<String>]>,
    empty: &LibTally,
) -> LibTally {
    // One pass: each worker counts its texts straight into its tally.
    texts
        .par_iter()
        .enumerate()
        .fold(
            || (empty.clone(), Vec::new()),
            |(mut t, mut found), (i, text)| {
                if let Some(text) = text {
                    let mut doc = count_text(text, &mut found);
                    doc.meta.date = dates.and_then(|d| d[i].clone());
                    t.add(&doc);
                }
                (t, found)
            },
        )
        .map(|(t, _)| t)
        .reduce(
            || empty.clone(),
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
}

/// Dates as the strings the library reads: str as given, dates and
/// timestamps by their `isoformat()`, None, NaN and NaT as None. Arrow,
/// pandas and Polars columns are read through their list form.
fn date_strings(dates: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    if dates.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "dates must be a list (or column) of dates, one per text, not a single str",
        ));
    }
    let listed = ["to_pylist", "to_list"]
        .iter()
        .find(|m| dates.hasattr(**m).unwrap_or(false))
        .map(|m| dates.call_method0(*m))
        .transpose()?;
    let items = listed.as_ref().unwrap_or(dates);
    let mut out = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let item = item?;
        out.push(date_string(&item).map_err(|_| {
            PyTypeError::new_err(format!(
                "dates[{i}] is {}: give a str, a date, a datetime or None",
                type_name(&item)
            ))
        })?);
    }
    Ok(out)
}

fn date_string(item: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if item.is_none() {
        return Ok(None);
    }
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(x) = item.extract::<f64>() {
        if x.is_nan() {
            return Ok(None); // pandas' missing value
        }
    }
    // NaT has isoformat() == "NaT": missing too.
    let iso: String = item.call_method0("isoformat")?.extract()?;
    Ok((iso != "NaT").then_some(iso))
}

/// One document's counts from a mapping of code or region id to count.
fn document_of(item: &Bound<'_, PyAny>, index: usize) -> PyResult<DocumentTally> {
    let Ok(mapping) = item.cast::<PyMapping>() else {
        return Err(PyTypeError::new_err(format!(
            "counts[{index}] is {}, not a mapping of counts (one per document, as count_many returns)",
            type_name(item)
        )));
    };
    let mut doc = DocumentTally::default();
    for pair in mapping.items()?.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair?.extract()?;
        let key = key.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "counts[{index}]: key {} is {}, not str (an ISO code or a region id)",
                key.repr().map(|r| r.to_string()).unwrap_or_default(),
                type_name(&key)
            ))
        })?;
        let key = key.to_cow()?;
        let key = key.as_ref();
        let n: u32 = value.extract().map_err(|_| {
            PyValueError::new_err(format!(
                "counts[{index}][{key:?}] = {}: counts are whole numbers from 0 to {}",
                value.repr().map(|r| r.to_string()).unwrap_or_default(),
                u32::MAX
            ))
        })?;
        if n == 0 {
            continue;
        }
        add_key(&mut doc, key, n, item.py())?;
    }
    Ok(doc)
}

/// Adds `n` mentions of the country or region named `key`: an ISO
/// alpha-3 code, a region id, or anything `lookup` knows.
fn add_key(doc: &mut DocumentTally, key: &str, n: u32, py: Python<'_>) -> PyResult<()> {
    let gaz = Gazetteer::bundled();
    let target = match (gaz.by_iso_a3(key), RegionSet::bundled().position(key)) {
        (Some(id), _) => Target::Country(id),
        (None, Some(r)) => Target::Region(r as u16),
        (None, None) => Target::Country(gaz.lookup(key).py_err(py)?),
    };
    let count = match target {
        Target::Country(id) => doc.countries.entry(id).or_default(),
        Target::Region(r) => doc.regions.entry(r).or_default(),
    };
    *count = count.saturating_add(n);
    Ok(())
}
