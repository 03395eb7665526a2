//! Point-in-country lookups through an R-tree of polygon bounding boxes.

use geo::{BoundingRect, Intersects, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use super::{CountryId, Gazetteer};

type Entry = GeomWithData<Rectangle<[f64; 2]>, (CountryId, usize)>;

pub(super) struct CountryIndex {
    tree: RTree<Entry>,
}

impl CountryIndex {
    pub(super) fn new(gaz: &Gazetteer) -> CountryIndex {
        let mut entries = Vec::new();
        for id in gaz.ids() {
            let Some(mp) = gaz.geometry(id) else { continue };
            for (i, polygon) in mp.0.iter().enumerate() {
                if let Some(r) = polygon.bounding_rect() {
                    let rect = Rectangle::from_corners(r.min().into(), r.max().into());
                    entries.push(GeomWithData::new(rect, (id, i)));
                }
            }
        }
        CountryIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The first country (in code order) whose polygon contains or touches
    /// the point; code order makes shared borders resolve the same way
    /// every time.
    pub(super) fn locate(&self, gaz: &Gazetteer, point: Point<f64>) -> Option<CountryId> {
        let mut hits: Vec<CountryId> = self
            .tree
            .locate_all_at_point(&[point.x(), point.y()])
            .filter(|e| {
                let (id, i) = e.data;
                gaz.geometry(id)
                    .is_some_and(|mp| mp.0[i].intersects(&point))
            })
            .map(|e| e.data.0)
            .collect();
        hits.sort();
        hits.first().copied()
    }
}
