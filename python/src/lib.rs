//! `geomention._geomention`: the compiled part of the `geomention` Python
//! package, a thin layer over the Rust library.
//!
//! Each function converts its Python inputs first, then releases the GIL
//! for the Rust work (scanning on the binding's own thread pools), then
//! builds the Python results. Library errors become the Python exceptions
//! of `geomention.errors` in one place ([`errors`]).

mod arrow;
mod errors;
mod extract;
mod maps;
mod parallel;
mod tally;
mod texts;

use pyo3::prelude::*;

#[pymodule]
fn _geomention(m: &Bound<'_, PyModule>) -> PyResult<()> {
    parallel::register_fork_handler();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<extract::Mention>()?;
    m.add_class::<extract::Country>()?;
    m.add_class::<extract::Region>()?;
    m.add_class::<tally::Tally>()?;
    m.add_function(wrap_pyfunction!(extract::find, m)?)?;
    m.add_function(wrap_pyfunction!(extract::count, m)?)?;
    m.add_function(wrap_pyfunction!(extract::count_many, m)?)?;
    m.add_function(wrap_pyfunction!(extract::lookup, m)?)?;
    m.add_function(wrap_pyfunction!(extract::regions, m)?)?;
    m.add_function(wrap_pyfunction!(maps::write_maps, m)?)?;
    Ok(())
}
