//! `write_maps`: a tally (counted anywhere, merged on the driver) drawn as
//! region layers, by the library's `maps::write_maps`.

use std::path::PathBuf;

use geomention::classify::ClassMethod;
use geomention::layers::LayerOptions;
use geomention::maps::{Formats, MapJob};
use geomention::render::map::MapStyle;
use geomention::timemaps::TimeMaps;
use geomention::{Error, Gazetteer, RegionSet};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PySequence, PyString};

use crate::errors::{to_py, IntoPy};
use crate::parallel;
use crate::tally::Tally;

/// Writes each region's files for a tally into `out_dir` (created if
/// missing) and returns the paths written, in order: <region>.geojson with
/// its QGIS style <region>.qml, <region>.png, <region>.svg.
///
/// `regions`: ids (default southeast-asia, africa, pacific; see
/// `regions()`). `formats`: any of "geojson", "png", "svg" (default geojson
/// and png). `classes`: "jenks" (default), "quantile", "equal", or
/// ascending upper bounds such as [1, 5, 20]. `class_count`: 1 to 8.
/// `width` 400 to 8000, `height` 300 to 8000 pixels; `labels`: how many top
/// countries are labelled. A tally counted by period
/// (`Tally.from_texts(texts, dates=..., by="month")`) also gets the maps over
/// time: <region>-periods.geojson/.qml/.png, <region>-trend.png and
/// <region>-first-mention.png (with `top` countries in the trend, 0 to 7).
#[pyfunction]
#[pyo3(signature = (
    tally, out_dir, *, regions = None, formats = None, classes = None, class_count = 5,
    title = None, subtitle = None, width = 1600, height = 1200, labels = 8, threads = None, top = 6,
))]
#[allow(clippy::too_many_arguments)]
pub fn write_maps(
    py: Python<'_>,
    tally: &Tally,
    out_dir: PathBuf,
    regions: Option<&Bound<'_, PyAny>>,
    formats: Option<&Bound<'_, PyAny>>,
    classes: Option<&Bound<'_, PyAny>>,
    class_count: u8,
    title: Option<String>,
    subtitle: Option<String>,
    width: u32,
    height: u32,
    labels: usize,
    threads: Option<usize>,
    top: u8,
) -> PyResult<Vec<String>> {
    let region_set = RegionSet::bundled();
    check_regions(py, tally, region_set)?;
    let ids = match regions {
        Some(r) => list("regions", r)?,
        None => vec!["southeast-asia".into(), "africa".into(), "pacific".into()],
    };
    let mut chosen = Vec::new();
    for id in &ids {
        let region = region_set.get(id.trim()).py_err(py)?;
        if !chosen
            .iter()
            .any(|r: &&geomention::Region| r.id == region.id)
        {
            chosen.push(region);
        }
    }
    let formats: Formats = match formats {
        Some(f) => list("formats", f)?.join(",").parse().py_err(py)?,
        None => Formats::default(),
    };
    let method: ClassMethod = match classes {
        Some(c) => classes_arg(c)?.parse().py_err(py)?,
        None => ClassMethod::Jenks,
    };
    check_range(py, "class_count", class_count.into(), 1, 8)?;
    check_range(py, "width", width, 400, 8000)?;
    check_range(py, "height", height, 300, 8000)?;
    check_range(py, "top", top.into(), 0, 7)?;
    let job = MapJob {
        regions: chosen,
        region_set,
        out_dir,
        formats,
        layer: LayerOptions {
            method,
            classes: usize::from(class_count),
        },
        style: MapStyle {
            width,
            height,
            title,
            subtitle,
            labels,
        },
        values: None,
        // A tally counted by period (from_texts(..., by=...)) is drawn over
        // time too, as `geomention map --by` draws it.
        time: tally.inner.timeline().map(|t| TimeMaps {
            granularity: t.granularity(),
            window: t.window(),
            top: usize::from(top),
        }),
    };
    let pool = parallel::pool(parallel::thread_count(threads)?)?;
    let inner = &tally.inner;
    let written = py
        .detach(|| pool.install(|| geomention::maps::write_maps(Gazetteer::bundled(), inner, &job)))
        .py_err(py)?;
    Ok(written
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect())
}

/// The tally must count the bundled regions (or nothing yet).
fn check_regions(py: Python<'_>, tally: &Tally, region_set: &RegionSet) -> PyResult<()> {
    let ids: Vec<&str> = region_set.regions().iter().map(|r| r.id.as_str()).collect();
    let own = tally.inner.region_ids();
    if own.is_empty() || own.iter().map(String::as_str).eq(ids.iter().copied()) {
        return Ok(());
    }
    Err(to_py(
        py,
        Error::Invalid(format!(
            "this tally counts the regions {} but the bundled regions are {}; map it with the command line's --regions-file",
            own.join(","),
            ids.join(",")
        )),
    ))
}

/// A comma-separated str or a sequence of str.
fn list(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.split(',').map(str::to_string).collect());
    }
    let wrong = || PyTypeError::new_err(format!("{what} must be a str or a list of str"));
    let seq = value.cast::<PySequence>().map_err(|_| wrong())?;
    seq.try_iter()?
        .map(|item| item?.extract::<String>().map_err(|_| wrong()))
        .collect()
}

/// `classes`: a method name, or breaks as a str or a sequence of numbers.
fn classes_arg(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let wrong = || {
        PyTypeError::new_err(
            "classes must be \"quantile\", \"equal\", \"jenks\" or ascending breaks such as [1, 5, 20]",
        )
    };
    let seq = value.cast::<PySequence>().map_err(|_| wrong())?;
    let breaks = seq
        .try_iter()?
        .map(|item| item?.extract::<f64>().map_err(|_| wrong()))
        .collect::<PyResult<Vec<f64>>>()?;
    Ok(breaks
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(","))
}

fn check_range(py: Python<'_>, what: &str, value: u32, min: u32, max: u32) -> PyResult<()> {
    if (min..=max).contains(&value) {
        return Ok(());
    }
    Err(to_py(
        py,
        Error::Invalid(format!(
            "{what}={value} is out of range; use {min} to {max}"
        )),
    ))
}
