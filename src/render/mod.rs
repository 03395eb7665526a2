//! Writing layers out: GeoJSON for GIS with QGIS (`.qml`) and SLD styles,
//! a GeoPackage and a QGIS project for the whole job, and PNG/SVG maps.

pub mod frame;
pub mod geojson;
#[cfg(feature = "gpkg")]
pub mod gpkg;
pub mod map;
pub mod palette;
pub mod projection;
pub mod qgs;
pub mod qml;
pub mod sld;
pub mod xml;
