//! Turning what Python users pass as "texts" into UTF-8 slices the Rust
//! side can read with the GIL released.
//!
//! Arrow columns (pyarrow arrays and chunked arrays, Polars and pandas
//! Series) are read in place through the Arrow C interfaces; anything else
//! is iterated, and each `str` is encoded once. `None` (and pandas' missing
//! values, `NaN` and `pd.NA`) is a missing text: it has no counts and is
//! not a document.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyIterator, PyString};

use crate::arrow::{self, StringColumn};

/// How much text (in bytes) is converted per round: the GIL is released
/// for each round's scan, and at most this much of a Python list is held
/// encoded at a time.
pub const ROUND_BYTES: usize = 32 << 20;
/// The most texts per round.
pub const ROUND_TEXTS: usize = 50_000;

/// One text of a Python `str`: its UTF-8 form, borrowed from the `str` or
/// from a `bytes` object made for it.
enum Held<'py> {
    Missing,
    Bytes(Bound<'py, PyBytes>),
}

/// The texts of a round, ready to be read without the GIL.
pub struct Round<'py> {
    held: Vec<Held<'py>>,
}

impl Round<'_> {
    /// The texts as UTF-8, `None` for a missing one.
    pub fn texts(&self) -> Vec<Option<&str>> {
        self.held
            .iter()
            .map(|h| match h {
                Held::Missing => None,
                Held::Bytes(b) => Some(as_str(b)),
            })
            .collect()
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.held.len()
    }
}

/// Where texts come from.
pub enum Source<'py> {
    /// Arrow string columns, read in place.
    Arrow(Vec<StringColumn>),
    /// Any other iterable of `str`.
    Iter(Bound<'py, PyIterator>),
}

impl<'py> Source<'py> {
    /// Reads `texts`: an Arrow column if it is one, otherwise an iterable.
    /// A single `str` is refused (it would be read as one text per
    /// character).
    pub fn new(texts: &Bound<'py, PyAny>) -> PyResult<Source<'py>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be a list (or other iterable) of str, not a single str; use count(text) for one text",
            ));
        }
        if let Some(columns) = arrow::string_columns(texts)? {
            return Ok(Source::Arrow(columns));
        }
        let iter = texts.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "texts must be a list of str, a pandas or Polars Series or an Arrow string array; got {}",
                type_name(texts)
            ))
        })?;
        Ok(Source::Iter(iter))
    }

    /// Calls `each` with rounds of texts, in order, until the texts run
    /// out. `each` gets the texts and may release the GIL.
    pub fn for_each_round(
        self,
        py: Python<'py>,
        mut each: impl FnMut(Python<'py>, &[Option<&str>]) -> PyResult<()>,
    ) -> PyResult<()> {
        match self {
            Source::Arrow(columns) => {
                for column in &columns {
                    for round in column.rounds(ROUND_BYTES, ROUND_TEXTS) {
                        let round = round
                            .into_iter()
                            .collect::<Result<Vec<_>, String>>()
                            .map_err(arrow::arrow_err)?;
                        each(py, &round)?;
                    }
                }
                Ok(())
            }
            Source::Iter(mut iter) => {
                let mut index = 0;
                loop {
                    let round = next_round(&mut iter, &mut index)?;
                    if round.len() == 0 {
                        return Ok(());
                    }
                    each(py, &round.texts())?;
                }
            }
        }
    }
}

/// Up to a round's worth of texts from an iterator; `index` counts the
/// texts read so far (for messages).
fn next_round<'py>(iter: &mut Bound<'py, PyIterator>, index: &mut usize) -> PyResult<Round<'py>> {
    let mut held = Vec::new();
    let mut bytes = 0;
    while held.len() < ROUND_TEXTS && bytes < ROUND_BYTES {
        let Some(item) = iter.next().transpose()? else {
            break;
        };
        let h = hold(&item, *index)?;
        if let Held::Bytes(b) = &h {
            bytes += b.as_bytes().len();
        }
        held.push(h);
        *index += 1;
    }
    Ok(Round { held })
}

/// One item of a texts iterable.
fn hold<'py>(item: &Bound<'py, PyAny>, index: usize) -> PyResult<Held<'py>> {
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(Held::Bytes(utf8(s)?));
    }
    if is_missing(item) {
        return Ok(Held::Missing);
    }
    Err(PyTypeError::new_err(format!(
        "texts[{index}] is {}, not str (None marks a missing text)",
        type_name(item)
    )))
}

/// `None`, a float NaN (pandas' missing value in object columns) or
/// `pandas.NA`.
fn is_missing(item: &Bound<'_, PyAny>) -> bool {
    item.is_none()
        || item.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
        || type_name(item) == "NAType"
}

/// A `str` as UTF-8 bytes. Lone surrogates (which UTF-8 cannot hold)
/// become "?", one character each, so character offsets stay those of
/// the `str`.
pub fn utf8<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    match s.encode_utf8() {
        Ok(b) => Ok(b),
        Err(_) => Ok(s
            .call_method1("encode", ("utf-8", "replace"))?
            .cast_into::<PyBytes>()?),
    }
}

/// A `str` as UTF-8 text, borrowed from `bytes` made by [`utf8`].
pub fn as_str<'a>(bytes: &'a Bound<'_, PyBytes>) -> &'a str {
    // SAFETY: made by encoding a str as UTF-8.
    unsafe { std::str::from_utf8_unchecked(bytes.as_bytes()) }
}

/// The type name of a Python object, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".to_string())
}
