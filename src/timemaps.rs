//! Maps over time (`map --by year|quarter|month`): when each country
//! enters the story.
//!
//! For each region, from a [`Tally`] made with [`Tally::by_period`]:
//!
//! - `<region>-periods.geojson` (and its QGIS style `.qml`, which sets the
//!   layer's temporal properties so QGIS's Temporal Controller animates
//!   it): one feature per member country with a boundary and period, with `period`,
//!   `period_start`, `period_end` (ISO dates, both included), `mentions`,
//!   `documents` and `class`;
//! - `<region>-periods.png`/`.svg`: small multiples, one mini-map per
//!   period with one classification and legend shared by all panels. At
//!   most [`PANELS_PER_IMAGE`] panels go in one image; more periods are
//!   drawn on further images, `<region>-periods-2.png` and so on;
//! - `<region>-trend.png`/`.svg`: mentions per period of the region's top
//!   countries and of the whole region, empty periods as 0;
//! - `<region>-first-mention.png`/`.svg`: each country coloured by the
//!   period it was first mentioned in.
//!
//! Every period layer is built by [`RegionLayer::with_outline`], the code
//! that builds the all-time layer, from the period's tally; the region
//! outline is dissolved once and shared.
//!
//! ```
//! use geomention::layers::LayerOptions;
//! use geomention::periods::{Granularity, Window};
//! use geomention::tally::{DocumentTally, Tally};
//! use geomention::timemaps::RegionTimeline;
//! use geomention::{input::Meta, Extractor, Gazetteer, RegionSet};
//! let (gaz, regions) = (Gazetteer::bundled(), RegionSet::bundled());
//! let mut tally = Tally::new(regions).by_period(Granularity::Year, Window::default());
//! for (date, text) in [("2022-05-01", "Cambodia"), ("2024-02-01", "Laos and Cambodia")] {
//!     let mut meta = Meta::for_source(format!("{date}.txt"));
//!     meta.date = Some(date.into());
//!     tally.add(&DocumentTally::new(meta, &Extractor::bundled().find(text)));
//! }
//! let sea = regions.get("southeast-asia").unwrap();
//! let t = RegionTimeline::build(gaz, regions, sea, &tally, &LayerOptions::default()).unwrap();
//! let years: Vec<String> = t.periods.iter().map(|p| p.period.to_string()).collect();
//! assert_eq!(years, ["2022", "2023", "2024"]); // 2023 is empty, and shown
//! let laos = gaz.lookup("LAO").unwrap();
//! assert_eq!(t.first_mention(laos).unwrap().to_string(), "2024");
//! ```

use std::io::Write;
use std::path::PathBuf;

use geo::MultiPolygon;
use rayon::prelude::*;
use serde_json::json;

use crate::classify::{ClassMethod, Classes};
use crate::error::Result;
use crate::gazetteer::{CountryId, Gazetteer};
use crate::layers::{LayerOptions, Part, RegionLayer};
use crate::maps::MapJob;
use crate::output::AtomicFile;
use crate::periods::{Granularity, Period, Timeline, Window};
use crate::regions::{Region, RegionSet};
use crate::render::{geojson, map, qml};
use crate::tally::Tally;

/// The most panels drawn in one small-multiples image (6 × 6): more
/// periods go on further images.
pub const PANELS_PER_IMAGE: usize = 36;

/// The most periods mapped when `--from` is not given (ten years of
/// months): a stray early date (a default "1970-01-01" in some metadata)
/// would otherwise ask for hundreds of panels. The last periods are kept.
pub const MAX_PERIODS: usize = 120;

/// The periods the time maps show: the timeline's span, cut to its last
/// [`MAX_PERIODS`] unless the window gives a start; and how many periods
/// were left out at the start.
///
/// ```
/// use geomention::periods::{Granularity, Window};
/// use geomention::tally::{DocumentTally, Tally};
/// use geomention::timemaps::shown_periods;
/// use geomention::{input::Meta, RegionSet};
/// let mut t = Tally::new(RegionSet::bundled()).by_period(Granularity::Month, Window::default());
/// for date in ["1970-01-01", "2024-12-31"] {
///     let mut meta = Meta::for_source(date);
///     meta.date = Some(date.into());
///     t.add(&DocumentTally::new(meta, &[]));
/// }
/// let (shown, left_out) = shown_periods(t.timeline().unwrap());
/// assert_eq!((shown.len(), shown[0].to_string()), (120, "2015-01".to_string()));
/// assert_eq!(left_out, 540);
/// ```
pub fn shown_periods(timeline: &Timeline) -> (Vec<Period>, usize) {
    let mut span = timeline.span();
    let cut = if timeline.window().from.is_none() {
        span.len().saturating_sub(MAX_PERIODS)
    } else {
        0
    };
    span.drain(..cut);
    (span, cut)
}

/// What to map over time.
///
/// ```
/// use geomention::periods::{Granularity, Window};
/// use geomention::timemaps::TimeMaps;
/// let t = TimeMaps { granularity: Granularity::Month, window: Window::default(), ..TimeMaps::default() };
/// assert_eq!(t.top, 6);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMaps {
    /// Years, quarters or months.
    pub granularity: Granularity,
    /// The dates covered.
    pub window: Window,
    /// How many of the region's countries get a line in the trend chart.
    pub top: usize,
}

impl Default for TimeMaps {
    fn default() -> Self {
        TimeMaps {
            granularity: Granularity::Year,
            window: Window::default(),
            top: 6,
        }
    }
}

/// One period of a region: its layer, built from the period's counts
/// with the classes shared by every period.
pub struct PeriodLayer<'g> {
    /// The period.
    pub period: Period,
    /// The region's layer for the period. Its outline is empty: every
    /// period shares [`RegionTimeline::all_time`]'s.
    pub layer: RegionLayer<'g>,
}

/// A region over time: the all-time layer (with the outline) and one
/// layer per period of the timeline's span, empty periods included.
pub struct RegionTimeline<'g> {
    /// The layer of every document, as the all-time map draws it.
    pub all_time: RegionLayer<'g>,
    /// One layer per period, in order.
    pub periods: Vec<PeriodLayer<'g>>,
    /// The classes every period is drawn with.
    pub classes: Classes,
    /// The periods' length.
    pub granularity: Granularity,
}

impl<'g> RegionTimeline<'g> {
    /// A region's layers over time, `None` when the tally was not made
    /// with [`Tally::by_period`]; the periods are [`shown_periods`]. The classes are made from the mentions of
    /// every member in every period, so colours compare across periods.
    pub fn build(
        gaz: &'g Gazetteer,
        regions: &RegionSet,
        region: &Region,
        tally: &Tally,
        options: &LayerOptions,
    ) -> Option<RegionTimeline<'g>> {
        tally.timeline()?;
        let all_time = RegionLayer::build(gaz, regions, region, tally, None, options);
        Self::from_all_time(all_time, regions, tally, options)
    }

    /// [`RegionTimeline::build`] around the region's all-time layer, built
    /// already (its outline is the expensive part).
    pub fn from_all_time(
        all_time: RegionLayer<'g>,
        regions: &RegionSet,
        tally: &Tally,
        options: &LayerOptions,
    ) -> Option<RegionTimeline<'g>> {
        let timeline = tally.timeline()?;
        let (gaz, region) = (all_time.gazetteer, &all_time.region);
        let empty = Tally::new(regions);
        let (span, _) = shown_periods(timeline);
        let tally_of = |p: Period| timeline.get(p).unwrap_or(&empty);
        let values: Vec<f64> = span
            .iter()
            .flat_map(|p| {
                let totals = tally_of(*p).country_totals();
                region
                    .members
                    .iter()
                    .filter_map(|id| totals.get(id))
                    .filter(|c| c.mentions > 0)
                    .map(|c| c.mentions as f64)
                    .collect::<Vec<f64>>()
            })
            .collect();
        let classes = Classes::new(&options.method, &values, options.classes);
        let shared = LayerOptions {
            method: ClassMethod::Breaks(classes.upper.clone()),
            classes: classes.len(),
        };
        let periods = span
            .into_iter()
            .map(|period| {
                let outline = MultiPolygon(Vec::new());
                let mut layer = RegionLayer::with_outline(
                    gaz,
                    regions,
                    region,
                    tally_of(period),
                    None,
                    &shared,
                    outline,
                );
                layer.classes = classes.clone();
                PeriodLayer { period, layer }
            })
            .collect();
        Some(RegionTimeline {
            all_time,
            periods,
            classes,
            granularity: timeline.granularity(),
        })
    }

    /// The first period in which a member is mentioned.
    pub fn first_mention(&self, id: CountryId) -> Option<Period> {
        self.periods.iter().find_map(|p| {
            p.layer
                .countries
                .iter()
                .any(|c| c.id == id && c.mentions > 0)
                .then_some(p.period)
        })
    }

    /// The members most mentioned over all periods, at most `n`, most
    /// mentioned first (ties in code order); members never mentioned are
    /// left out.
    pub fn top(&self, n: usize) -> Vec<CountryId> {
        let mut totals: Vec<(CountryId, u64)> = self
            .all_time
            .countries
            .iter()
            .map(|c| {
                let sum = self
                    .periods
                    .iter()
                    .flat_map(|p| p.layer.countries.iter().filter(|s| s.id == c.id))
                    .map(|s| s.mentions)
                    .sum();
                (c.id, sum)
            })
            .filter(|(_, sum)| *sum > 0)
            .collect();
        totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        totals.into_iter().take(n).map(|(id, _)| id).collect()
    }

    /// A member's mentions in each period, in order.
    pub fn series(&self, id: CountryId) -> Vec<u64> {
        self.periods
            .iter()
            .map(|p| {
                p.layer
                    .countries
                    .iter()
                    .find(|c| c.id == id)
                    .map_or(0, |c| c.mentions)
            })
            .collect()
    }
}

/// The tally a map job counts into: per period when the job maps over time.
pub(crate) fn tally_for(job: &MapJob) -> Tally {
    let tally = Tally::new(job.region_set);
    match &job.time {
        Some(t) => tally.by_period(t.granularity, t.window),
        None => tally,
    }
}

/// Writes every region's maps over time (nothing when the job does not
/// map over time, maps the user's values, or no document falls in a
/// period); returns the paths written, in order.
pub(crate) fn write(all_time: &[RegionLayer], tally: &Tally, job: &MapJob) -> Result<Vec<PathBuf>> {
    let Some(time) = &job.time else {
        return Ok(Vec::new());
    };
    let dated = tally
        .timeline()
        .is_some_and(|t| t.counted().next().is_some());
    if job.values.is_some() || !dated {
        // The user's values have no dates; with no dated document every
        // period would be empty. The command line says so.
        return Ok(Vec::new());
    }
    let per_region: Vec<Result<Vec<PathBuf>>> = all_time
        .par_iter()
        .map(|layer| {
            match RegionTimeline::from_all_time(layer.clone(), job.region_set, tally, &job.layer) {
                Some(t) if !t.periods.is_empty() => write_region(&t, time, job),
                _ => Ok(Vec::new()),
            }
        })
        .collect();
    let mut written = Vec::new();
    for r in per_region {
        written.extend(r?);
    }
    Ok(written)
}

fn write_region(t: &RegionTimeline, time: &TimeMaps, job: &MapJob) -> Result<Vec<PathBuf>> {
    let id = &t.all_time.region.id;
    let path = |suffix: &str| job.out_dir.join(format!("{id}-{suffix}"));
    let mut written = Vec::new();
    if job.formats.geojson {
        let (g, q) = (path("periods.geojson"), path("periods.qml"));
        write_geojson(t, &g)?;
        crate::output::write_atomic(&q, periods_qml(t).as_bytes())?;
        written.extend([g, q]);
    }
    let style = &job.style;
    for (ext, on) in [("png", job.formats.png), ("svg", job.formats.svg)] {
        if !on {
            continue;
        }
        written.extend(map::write_panels(t, style, &path("periods"), ext)?);
        let trend = path(&format!("trend.{ext}"));
        map::write_trend(t, time.top, &trend)?;
        let spread = path(&format!("first-mention.{ext}"));
        map::write_first_mention(t, style, &spread)?;
        written.extend([trend, spread]);
    }
    Ok(written)
}

/// The periods GeoJSON: one feature per member and period, in period then
/// member order, one feature per line. Members without a boundary of
/// their own (drawn as points on the maps) are left out.
pub fn periods_geojson(t: &RegionTimeline, out: &mut dyn Write) -> std::io::Result<()> {
    let gaz = t.all_time.gazetteer;
    let all_time = geojson::feature_collection(&t.all_time, Part::Countries);
    let geometry: std::collections::HashMap<String, String> = all_time
        .features
        .iter()
        .filter_map(|f| {
            let id = match f.id.as_ref()? {
                ::geojson::feature::Id::String(s) => s.clone(),
                ::geojson::feature::Id::Number(n) => n.to_string(),
            };
            Some((id, f.geometry.as_ref()?.to_string()))
        })
        .collect();
    let name = format!("{}-periods", t.all_time.region.id);
    write!(
        out,
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
        json!(name)
    )?;
    let labels = t.classes.labels();
    let mut first = true;
    for p in &t.periods {
        for c in &p.layer.countries {
            let country = gaz.country(c.id);
            let Some(geometry) = geometry.get(&country.iso_a3) else {
                continue; // no boundary of its own: no null geometries
            };
            let props = json!({
                "feature": "country",
                "iso_a3": country.iso_a3,
                "name": country.name,
                "region": t.all_time.region.id,
                "period": p.period.to_string(),
                "period_start": p.period.start().to_string(),
                "period_end": p.period.end().to_string(),
                "mentions": c.mentions,
                "documents": c.documents,
                "class": c.class.map(|k| k + 1),
                "class_label": c.class.and_then(|k| labels.get(k)).map_or("No mentions", String::as_str),
            });
            let feature_id = json!(format!("{}:{}", country.iso_a3, p.period));
            write!(
                out,
                "{}\n{{\"type\":\"Feature\",\"id\":{feature_id},\"geometry\":{geometry},\"properties\":{props}}}",
                if first { "" } else { "," }
            )?;
            first = false;
        }
    }
    writeln!(out, "\n]}}")
}

fn write_geojson(t: &RegionTimeline, path: &std::path::Path) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    {
        let mut w = std::io::BufWriter::new(&mut file);
        periods_geojson(t, &mut w)
            .and_then(|()| w.flush())
            .map_err(|e| crate::Error::io(path, e))?;
    }
    file.commit()
}

/// The periods layer's QGIS style: the map's classes and colours, and the
/// temporal properties that let QGIS's Temporal Controller step through
/// the periods (each feature shows from `period_start` to the end of
/// `period_end`).
pub fn periods_qml(t: &RegionTimeline) -> String {
    let temporal = "  <temporal enabled=\"1\" mode=\"4\" limitMode=\"0\" accumulate=\"0\" \
startField=\"period_start\" endField=\"period_end\" \
startExpression=\"to_datetime(&quot;period_start&quot;)\" \
endExpression=\"to_datetime(&quot;period_end&quot;) + to_interval('1 day')\" \
durationField=\"\" durationUnit=\"d\" fixedDuration=\"0\">\n\
    <fixedRange>\n      <start></start>\n      <end></end>\n    </fixedRange>\n  </temporal>\n";
    let mut layer_style = qml::to_string(&t.periods[0].layer, Part::Countries, 0);
    if let Some(at) = layer_style.rfind("</qgis>") {
        layer_style.insert_str(at, temporal);
    }
    layer_style.replacen("styleCategories=\"", "styleCategories=\"Temporal|", 1)
}
