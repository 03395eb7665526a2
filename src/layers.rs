//! Region layers: a region's member countries with their counts, shares and
//! classes, and the dissolved region outline.

use geo::{Area, BooleanOps, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;

use crate::classify::{ClassMethod, Classes, Scale};
use crate::gazetteer::{CountryId, Gazetteer};
use crate::regions::{Region, RegionSet};
use crate::tally::Tally;
use crate::values::Values;

/// What a layer maps.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Mention counts from the texts.
    Mentions,
    /// A user's values (`--values`), with the name of the value column.
    Values(String),
}

/// One member country of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryStat {
    /// The country.
    pub id: CountryId,
    /// Mentions in the corpus.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// The value mapped: the mention count, or the user's value (`None`
    /// when the user gave none).
    pub value: Option<f64>,
    /// Its part of the region's total of positive values (0 to 1; 0 for
    /// zero and negative values).
    pub share: f64,
    /// Its class, `None` for "no mentions" / no value.
    pub class: Option<usize>,
    /// Its place when members with a value are ranked by value, largest
    /// first (1 is the top); `None` without a value. Maps label the top
    /// ranks.
    pub rank: Option<usize>,
}

/// The parts a region layer is written as: GIS layers want one geometry
/// type and one schema per layer.
///
/// ```
/// use geomention::layers::Part;
/// assert_eq!(Part::Outline.file_stem("africa"), "africa-outline");
/// assert_eq!(Part::Countries.file_stem("africa"), "africa");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Members with a boundary: one multipolygon feature each.
    Countries,
    /// Members without a boundary of their own at this scale (small
    /// islands, territories drawn inside another unit): a point each.
    Points,
    /// The dissolved region outline, one feature with the region totals.
    Outline,
}

impl Part {
    /// Every part, in the order they are drawn (bottom first).
    pub const ALL: [Part; 3] = [Part::Countries, Part::Points, Part::Outline];

    /// The file name without extension (and GeoPackage table name) of
    /// this part of a region's layer.
    pub fn file_stem(self, region: &str) -> String {
        match self {
            Part::Countries => region.to_string(),
            Part::Points => format!("{region}-points"),
            Part::Outline => format!("{region}-outline"),
        }
    }

    /// The OGC geometry type name of the part.
    pub fn geometry_type(self) -> &'static str {
        match self {
            Part::Countries | Part::Outline => "MULTIPOLYGON",
            Part::Points => "POINT",
        }
    }
}

/// A region ready to write or draw.
#[derive(Clone)]
pub struct RegionLayer<'g> {
    /// The gazetteer whose boundaries the layer uses.
    pub gazetteer: &'g Gazetteer,
    /// The region.
    pub region: Region,
    /// Every member, in code order.
    pub countries: Vec<CountryStat>,
    /// The union of the members' boundaries.
    pub outline: MultiPolygon<f64>,
    /// Mentions of the region itself ("Southeast Asia").
    pub region_mentions: u64,
    /// Mentions of members plus mentions of the region itself.
    pub total_mentions: u64,
    /// Documents that mention a member or the region.
    pub documents: u64,
    /// The classes of mapped values.
    pub classes: Classes,
    /// What the values are.
    pub measure: Measure,
}

/// How layers are classed.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerOptions {
    /// The classing method.
    pub method: ClassMethod,
    /// How many classes at most (ignored for manual breaks).
    pub classes: usize,
}

impl Default for LayerOptions {
    fn default() -> Self {
        LayerOptions {
            method: ClassMethod::Jenks,
            classes: 5,
        }
    }
}

impl<'g> RegionLayer<'g> {
    /// Builds a region's layer from a tally (and optionally a user's values,
    /// which then replace mention counts as the mapped value).
    ///
    /// ```
    /// use geomention::layers::{LayerOptions, RegionLayer};
    /// use geomention::tally::{DocumentTally, Tally};
    /// use geomention::{Extractor, Gazetteer, RegionSet};
    /// let gaz = Gazetteer::bundled();
    /// let regions = RegionSet::bundled();
    /// let text = "Compounds in Myanmar and Cambodia; Myanmar again. Southeast Asia.";
    /// let tally: Tally = [DocumentTally::new("a", &Extractor::bundled().find(text))].into_iter().collect();
    /// let sea = regions.get("southeast-asia").unwrap();
    /// let layer = RegionLayer::build(gaz, regions, sea, &tally, None, &LayerOptions::default());
    /// assert_eq!(layer.countries.len(), 11);
    /// assert_eq!(layer.region_mentions, 1);
    /// assert_eq!(layer.total_mentions, 4);
    /// let mm = layer.countries.iter().find(|c| gaz.country(c.id).iso_a3 == "MMR").unwrap();
    /// assert_eq!((mm.mentions, mm.share), (2, 2.0 / 3.0));
    /// ```
    pub fn build(
        gazetteer: &'g Gazetteer,
        regions: &RegionSet,
        region: &Region,
        tally: &Tally,
        values: Option<&Values>,
        options: &LayerOptions,
    ) -> RegionLayer<'g> {
        let outline = dissolve(gazetteer, &region.members);
        Self::with_outline(gazetteer, regions, region, tally, values, options, outline)
    }

    /// [`RegionLayer::build`] with the region's outline dissolved already
    /// (layers of one region for many periods share it).
    pub fn with_outline(
        gazetteer: &'g Gazetteer,
        regions: &RegionSet,
        region: &Region,
        tally: &Tally,
        values: Option<&Values>,
        options: &LayerOptions,
        outline: MultiPolygon<f64>,
    ) -> RegionLayer<'g> {
        let totals = tally.country_totals();
        let mut countries: Vec<CountryStat> = region
            .members
            .iter()
            .map(|&id| {
                let count = totals.get(&id).copied().unwrap_or_default();
                let value = match values {
                    Some(v) => v.by_country.get(&id).copied(),
                    None => Some(count.mentions as f64).filter(|m| *m > 0.0),
                };
                CountryStat {
                    id,
                    mentions: count.mentions,
                    documents: count.documents,
                    value,
                    share: 0.0,
                    class: None,
                    rank: None,
                }
            })
            .collect();
        let mapped: Vec<f64> = countries.iter().filter_map(|c| c.value).collect();
        let share = shares(&mapped);
        // The scale comes from every value the user gave, not this region's
        // alone, so manual classes read the same in every region.
        let scale = match values {
            Some(v) => Scale::of(&v.by_country.values().copied().collect::<Vec<f64>>()),
            None => Scale::Counts,
        };
        let classes = Classes::build(&options.method, &mapped, options.classes, scale);
        for c in &mut countries {
            if let Some(v) = c.value {
                c.share = share(v);
                c.class = classes.class_of(v);
            }
        }
        let mut order: Vec<usize> = (0..countries.len())
            .filter(|&i| countries[i].value.is_some())
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&countries[a], &countries[b]);
            b.value
                .unwrap_or(0.0)
                .total_cmp(&a.value.unwrap_or(0.0))
                .then(a.id.cmp(&b.id))
        });
        for (rank, i) in order.into_iter().enumerate() {
            countries[i].rank = Some(rank + 1);
        }

        let region_index = regions.position(&region.id).map(|i| i as u16);
        let region_mentions = region_index
            .and_then(|i| tally.region_totals().get(&i).copied())
            .unwrap_or_default()
            .mentions;
        let documents = tally.documents_mentioning(&region.id).unwrap_or_else(|| {
            // A tally made for another region set: the busiest member is
            // the best that can be said.
            countries.iter().map(|c| c.documents).max().unwrap_or(0)
        });
        let member_mentions: u64 = countries.iter().map(|c| c.mentions).sum();

        RegionLayer {
            gazetteer,
            region: region.clone(),
            outline,
            countries,
            region_mentions,
            total_mentions: member_mentions + region_mentions,
            documents,
            classes,
            measure: match values {
                Some(v) => Measure::Values(v.label.clone()),
                None => Measure::Mentions,
            },
        }
    }

    /// Members with a value, largest first (ties in code order): in
    /// [`CountryStat::rank`] order.
    pub fn ranked(&self) -> Vec<&CountryStat> {
        let mut v: Vec<&CountryStat> = self.countries.iter().filter(|c| c.rank.is_some()).collect();
        v.sort_by_key(|c| c.rank);
        v
    }

    /// The members written to a part: those with a boundary
    /// ([`Part::Countries`]) or those without ([`Part::Points`]); none for
    /// the outline.
    pub fn members_in(&self, part: Part) -> Vec<&CountryStat> {
        let has_polygon = |c: &&CountryStat| self.gazetteer.geometry(c.id).is_some();
        match part {
            Part::Countries => self.countries.iter().filter(has_polygon).collect(),
            Part::Points => self.countries.iter().filter(|c| !has_polygon(c)).collect(),
            Part::Outline => Vec::new(),
        }
    }

    /// The parts this layer has: countries and outline always, points when
    /// a member has no boundary.
    pub fn parts(&self) -> Vec<Part> {
        Part::ALL
            .into_iter()
            .filter(|p| *p != Part::Points || !self.members_in(Part::Points).is_empty())
            .collect()
    }
}

/// The share of each value: its part of the total of the positive values,
/// 0 for zero and negative values (and for all when none is positive).
/// Values too large to add up without overflowing are scaled first.
fn shares(values: &[f64]) -> impl Fn(f64) -> f64 {
    let positive = || values.iter().copied().filter(|v| *v > 0.0);
    let mut scale = 1.0;
    let mut sum: f64 = positive().sum();
    if sum.is_infinite() {
        scale = positive().fold(0.0, f64::max);
        sum = positive().map(|v| v / scale).sum();
    }
    move |v| {
        if v > 0.0 && sum > 0.0 {
            (v / scale) / sum
        } else {
            0.0
        }
    }
}

/// The union of the members' boundaries: one outline for the region.
///
/// ```
/// use geo::Area;
/// use geomention::{layers::dissolve, Gazetteer};
/// let gaz = Gazetteer::bundled();
/// let (kh, la) = (gaz.lookup("KHM").unwrap(), gaz.lookup("LAO").unwrap());
/// let both = dissolve(gaz, &[kh, la]);
/// let sum = gaz.geometry(kh).unwrap().unsigned_area() + gaz.geometry(la).unwrap().unsigned_area();
/// assert!((both.unsigned_area() - sum).abs() < 1e-3 * sum);
/// ```
pub fn dissolve(gaz: &Gazetteer, members: &[CountryId]) -> MultiPolygon<f64> {
    // Pairwise union in a balanced tree keeps each step small.
    let mut level: Vec<MultiPolygon<f64>> = members
        .iter()
        .filter_map(|id| gaz.geometry(*id).cloned())
        .collect();
    while level.len() > 1 {
        level = level
            .par_chunks(2)
            .map(|pair| match pair {
                [a, b] => a.union(b),
                [a] => a.clone(),
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
    }
    let union = level.pop().unwrap_or_else(|| MultiPolygon(Vec::new()));
    drop_slivers(union)
}

/// Area (square degrees) under which a ring of a union is a sliver: a seam
/// left where two borders do not meet to the last bit, not a real gap.
/// About 0.01 km²; the smallest real enclaves are hundreds of times larger.
const SLIVER: f64 = 1e-6;

/// The area a closed ring encloses (a `LineString` itself has none).
fn ring_area(ring: &LineString<f64>) -> f64 {
    Polygon::new(ring.clone(), Vec::new()).unsigned_area()
}

/// Removes sliver holes and sliver polygons from a union.
fn drop_slivers(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| ring_area(p.exterior()) >= SLIVER)
            .map(|p| {
                let (exterior, holes) = p.into_inner();
                let holes = holes
                    .into_iter()
                    .filter(|h| ring_area(h) >= SLIVER)
                    .collect();
                Polygon::new(exterior, holes)
            })
            .collect(),
    )
}
