//! Arrow string columns read in place through the Arrow PyCapsule
//! interface (`__arrow_c_array__`, `__arrow_c_stream__`), which pyarrow,
//! Polars and pandas (3.x) implement: no Python `str` is made per row.
//!
//! The import itself is arrow-rs's (`arrow_array::ffi`); this module only
//! takes the structures out of their capsules and picks the string arrays.

use std::ffi::CStr;

use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_data::ArrayData;
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

/// One Arrow array of strings (UTF-8 with 32- or 64-bit offsets, or
/// string views), or of nulls only.
///
/// Values are read from the buffers' bytes (offsets and views with
/// unaligned little-endian reads), not through arrow-rs's typed arrays:
/// buffers that went through pickle (Dask, Spark) may start at any byte,
/// which typed arrays refuse with a panic.
pub struct StringColumn {
    data: ArrayData,
}

impl StringColumn {
    fn new(data: ArrayData) -> PyResult<StringColumn> {
        match data.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
                Ok(StringColumn { data })
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

    fn len(&self) -> usize {
        self.data.len()
    }

    /// The text at `i`, `None` where it is null; an error for bytes that are
    /// not UTF-8 or offsets out of bounds.
    fn get(&self, i: usize) -> Result<Option<&str>, String> {
        if self.data.is_null(i) {
            return Ok(None);
        }
        let j = self.data.offset() + i;
        let buffers = self.data.buffers();
        let bytes = match self.data.data_type() {
            DataType::Utf8 => {
                let (a, b) = (le(&buffers[0], 4 * j, 4)?, le(&buffers[0], 4 * j + 4, 4)?);
                slice(&buffers[1], a, b)?
            }
            DataType::LargeUtf8 => {
                let (a, b) = (le(&buffers[0], 8 * j, 8)?, le(&buffers[0], 8 * j + 8, 8)?);
                slice(&buffers[1], a, b)?
            }
            DataType::Utf8View => {
                let view = buffers[0]
                    .get(16 * j..16 * j + 16)
                    .ok_or("a string view out of bounds")?;
                let len = le(view, 0, 4)?;
                if len <= 12 {
                    &view[4..4 + len]
                } else {
                    let (index, start) = (le(view, 8, 4)?, le(view, 12, 4)?);
                    let data = buffers
                        .get(1 + index)
                        .ok_or("a string view names a missing buffer")?;
                    slice(data, start, start + len)?
                }
            }
            _ => return Ok(None), // a null array
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|e| format!("text {i} is not valid UTF-8 ({e})"))
    }

    /// The texts in rounds of at most `max_bytes` of text (a text longer
    /// than that is a round of its own) and `max_texts` texts.
    pub fn rounds(
        &self,
        max_bytes: usize,
        max_texts: usize,
    ) -> impl Iterator<Item = Vec<Result<Option<&str>, String>>> + '_ {
        let mut i = 0;
        std::iter::from_fn(move || {
            let mut round = Vec::new();
            let mut bytes = 0;
            while i < self.len() && round.len() < max_texts && bytes < max_bytes {
                let text = self.get(i);
                bytes += text.as_ref().map_or(0, |t| t.map_or(0, str::len));
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
    if obj.hasattr("__arrow_c_array__")? {
        let Ok(pair) = obj.call_method0("__arrow_c_array__") else {
            return Ok(None);
        };
        let pair = pair.cast_into::<PyTuple>()?;
        let schema = pair.get_item(0)?.cast_into::<PyCapsule>()?;
        let array = pair.get_item(1)?.cast_into::<PyCapsule>()?;
        let imported = import_array(&schema, &array).map_err(arrow_err)?;
        return StringColumn::new(imported).map(|c| Some(vec![c]));
    }
    if obj.hasattr("__arrow_c_stream__")? {
        let Ok(capsule) = obj.call_method0("__arrow_c_stream__") else {
            return Ok(None);
        };
        let capsule = capsule.cast_into::<PyCapsule>()?;
        let arrays = import_stream(&capsule).map_err(arrow_err)?;
        return arrays
            .into_iter()
            .map(StringColumn::new)
            .collect::<PyResult<Vec<_>>>()
            .map(Some);
    }
    Ok(None)
}

pub fn arrow_err(e: String) -> PyErr {
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
) -> Result<ArrayData, String> {
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
    Ok(data)
}

/// Moves the stream out of its capsule and reads every array of it.
fn import_stream(capsule: &Bound<'_, PyCapsule>) -> Result<Vec<ArrayData>, String> {
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
        arrays.push(data);
    }
}

/// An unsigned little-endian number of `width` bytes at `at`.
fn le(buf: &[u8], at: usize, width: usize) -> Result<usize, String> {
    let b = buf.get(at..at + width).ok_or("an offset out of bounds")?;
    let mut n = [0u8; 8];
    n[..width].copy_from_slice(b);
    let signed_negative = b[width - 1] & 0x80 != 0;
    if signed_negative {
        return Err("a negative offset".into());
    }
    usize::try_from(u64::from_le_bytes(n)).map_err(|_| "an offset too large".into())
}

fn slice(buf: &[u8], start: usize, end: usize) -> Result<&[u8], String> {
    buf.get(start..end)
        .ok_or_else(|| "a string out of its buffer's bounds".into())
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
