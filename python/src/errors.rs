//! Library errors as Python exceptions, all in one place.
//!
//! The classes live in `geomention/errors.py` (so that they can derive from
//! both `GeomentionError` and the builtin a Python user expects, such as
//! `ValueError` or `FileNotFoundError`); the message is the library's own.

use geomention::Error;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Converts a library error into the matching `geomention.errors` class,
/// with the library's message and structured attributes.
pub fn to_py(py: Python<'_>, error: Error) -> PyErr {
    match build(py, &error) {
        Ok(err) => err,
        // The errors module could not be imported: still say what failed.
        Err(import_failed) => {
            let err = pyo3::exceptions::PyRuntimeError::new_err(error.to_string());
            err.set_cause(py, Some(import_failed));
            err
        }
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let attrs = PyDict::new(py);
    let class = match error {
        Error::UnknownCountry { query, suggestions } => {
            attrs.set_item("query", query)?;
            attrs.set_item("suggestions", suggestions)?;
            "UnknownCountryError"
        }
        Error::UnknownRegion { id, valid } => {
            attrs.set_item("region", id)?;
            attrs.set_item("valid", valid)?;
            "UnknownRegionError"
        }
        Error::Parse { path, line, .. } => {
            attrs.set_item("path", path.to_string_lossy())?;
            attrs.set_item("line", line)?;
            "ParseError"
        }
        Error::Io { path, source } => {
            attrs.set_item("path", path.to_string_lossy())?;
            if let Some(code) = source.raw_os_error() {
                attrs.set_item("errno", code)?;
            }
            match source.kind() {
                std::io::ErrorKind::NotFound => "GeomentionFileNotFoundError",
                std::io::ErrorKind::PermissionDenied => "GeomentionPermissionError",
                _ => "GeomentionOSError",
            }
        }
        Error::Invalid(_) | Error::Usage(_) => "InvalidArgumentError",
        Error::Render { path, .. } => {
            attrs.set_item("path", path.to_string_lossy())?;
            "RenderError"
        }
        _ => "GeomentionError",
    };
    let exception = py
        .import("geomention.errors")?
        .getattr(class)?
        .call1((error.to_string(),))?;
    for (key, value) in attrs.iter() {
        exception.setattr(key.cast::<pyo3::types::PyString>()?, value)?;
    }
    Ok(PyErr::from_value(exception))
}

/// `Result<T, geomention::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Converts the error with [`to_py`].
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
