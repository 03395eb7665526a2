//! Arrow string columns read in place through the Arrow PyCapsule
//! interface (`__arrow_c_array__`, `__arrow_c_stream__`), which pyarrow,
//! Polars and pandas (3.x) implement: no Python `str` is made per row.
//!
//! The import itself is arrow-rs's (`arrow_array::ffi`); this module only
//! takes the structures out of their capsules and picks the string arrays.

use std::ffi::CStr;

use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{make_array, Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

/// One Arrow array of strings (UTF-8 with 32- or 64-bit offsets, or
/// string views), or of nulls only.
pub struct StringColumn {
    array: ArrayRef,
}

impl StringColumn {
    fn new(array: ArrayRef) -> PyResult<StringColumn> {
        match array.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
                Ok(StringColumn { array })
            }
            DataType::Struct(_) => Err(PyTypeError::new_err(
                "texts is an Arrow table or record batch; pass its text column (e.g. table[\"text\"])",
            )),
            DataType::Dictionary(_, _) => Err(PyTypeError::new_err(
                "texts is a dictionary-encoded (categorical) Arrow array; cast it to strings first (e.g. arr.cast(pyarrow.string()) or series.astype(str))",
            )),
            other => Err(PyTypeError::new_err(format!(
                "texts must hold strings; got an Arrow array of {other}"
            ))),
        }
    }

    /// The text at `i`, `None` where it is null.
    fn get(&self, i: usize) -> Option<&str> {
        if self.array.is_null(i) {
            return None;
        }
        let any = self.array.as_any();
        if let Some(a) = any.downcast_ref::<StringArray>() {
            Some(a.value(i))
        } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
            Some(a.value(i))
        } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
            Some(a.value(i))
        } else {
            None // a null array
        }
    }

    /// The texts in rounds of at most `max_bytes` of text (a text longer
    /// than that is a round of its own) and `max_texts` texts.
    pub fn rounds(
        &self,
        max_bytes: usize,
        max_texts: usize,
    ) -> impl Iterator<Item = Vec<Option<&str>>> + '_ {
        let mut i = 0;
        std::iter::from_fn(move || {
            let mut round = Vec::new();
            let mut bytes = 0;
            while i < self.array.len() && round.len() < max_texts && bytes < max_bytes {
                let text = self.get(i);
                bytes += text.map_or(0, str::len);
                round.push(text);
                i += 1;
            }
            (!round.is_empty()).then_some(round)
        })
    }
}

/// The string columns of `obj` if it exports Arrow data, `None` if it does
/// not (then it is read as a Python iterable). An exporter that fails (a
/// pandas object column holding numbers) also gives `None`, so the
/// iterable path can name the item at fault.
pub fn string_columns(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<StringColumn>>> {
    let py = obj.py();
    if obj.hasattr("__arrow_c_array__")? {
        let Ok(pair) = obj.call_method0("__arrow_c_array__") else {
            return Ok(None);
        };
        let pair = pair.cast_into::<PyTuple>()?;
        let schema = pair.get_item(0)?.cast_into::<PyCapsule>()?;
        let array = pair.get_item(1)?.cast_into::<PyCapsule>()?;
        let imported = import_array(&schema, &array).map_err(|e| arrow_err(py, e))?;
        return StringColumn::new(imported).map(|c| Some(vec![c]));
    }
    if obj.hasattr("__arrow_c_stream__")? {
        let Ok(capsule) = obj.call_method0("__arrow_c_stream__") else {
            return Ok(None);
        };
        let capsule = capsule.cast_into::<PyCapsule>()?;
        let arrays = import_stream(&capsule).map_err(|e| arrow_err(py, e))?;
        return arrays
            .into_iter()
            .map(StringColumn::new)
            .collect::<PyResult<Vec<_>>>()
            .map(Some);
    }
    Ok(None)
}

fn arrow_err(_py: Python<'_>, e: String) -> PyErr {
    PyValueError::new_err(format!("reading texts through Arrow: {e}"))
}

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";
const STREAM: &CStr = c"arrow_array_stream";

/// Moves the array out of its capsule (leaving a released one behind, as
/// the interface asks of a consumer) and imports it.
fn import_array(
    schema: &Bound<'_, PyCapsule>,
    array: &Bound<'_, PyCapsule>,
) -> Result<ArrayRef, String> {
    let schema_ptr = schema
        .pointer_checked(Some(SCHEMA))
        .map_err(|e| e.to_string())?;
    let array_ptr = array
        .pointer_checked(Some(ARRAY))
        .map_err(|e| e.to_string())?;
    // SAFETY: the capsules are named as the interface says, so they hold an
    // ArrowSchema and an ArrowArray; the schema stays owned by its capsule.
    let data = unsafe {
        let array = std::ptr::replace(
            array_ptr.cast::<FFI_ArrowArray>().as_ptr(),
            FFI_ArrowArray::empty(),
        );
        from_ffi(array, schema_ptr.cast::<FFI_ArrowSchema>().as_ref())
    }
    .map_err(|e| e.to_string())?;
    Ok(make_array(data))
}

/// Moves the stream out of its capsule and reads every array of it.
fn import_stream(capsule: &Bound<'_, PyCapsule>) -> Result<Vec<ArrayRef>, String> {
    let ptr = capsule
        .pointer_checked(Some(STREAM))
        .map_err(|e| e.to_string())?;
    // SAFETY: a capsule with this name holds an ArrowArrayStream.
    let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.cast().as_ptr()) };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err("the stream was already consumed".into());
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: calling the stream's own callbacks on it, as the interface says.
    let code = unsafe { get_schema(&mut stream, &mut schema) };
    if code != 0 {
        return Err(last_error(&mut stream, code));
    }
    let data_type = DataType::try_from(&schema).map_err(|e| e.to_string())?;
    let mut arrays = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as above.
        let code = unsafe { get_next(&mut stream, &mut array) };
        if code != 0 {
            return Err(last_error(&mut stream, code));
        }
        if array.is_released() {
            return Ok(arrays);
        }
        // SAFETY: an array of the stream's schema, now owned here.
        let data = unsafe { from_ffi_and_data_type(array, data_type.clone()) }
            .map_err(|e| e.to_string())?;
        arrays.push(make_array(data));
    }
}

fn last_error(stream: &mut FFI_ArrowArrayStream, code: i32) -> String {
    let message = stream.get_last_error.and_then(|f| {
        // SAFETY: the stream's own callback; the string it returns stays
        // valid until the next call on the stream.
        let p = unsafe { f(stream) };
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    });
    message.unwrap_or_else(|| format!("the stream failed with error code {code}"))
}
