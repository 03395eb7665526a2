//! Writing layers out: GeoJSON for GIS, a QGIS style sidecar, and PNG/SVG
//! maps.

pub mod geojson;
pub mod map;
pub mod palette;
pub mod projection;
pub mod qml;
