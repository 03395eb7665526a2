//! One GeoPackage (`geomention.gpkg`) per map job: every region's layer
//! parts as feature tables (countries, points, outline), a non-spatial
//! `mentions` table (one row per document and country, with the
//! document's metadata), and QGIS's `layer_styles` table holding each
//! table's QML and SLD, so QGIS applies the styles when a table is added.
//!
//! The writer has a lifecycle, so mention rows can stream in while
//! documents are scanned: [`GpkgWriter::create`] opens a temporary file,
//! [`GpkgWriter::add_document`] appends one document's rows at a time,
//! [`GpkgWriter::add_layer`] adds a region's tables and styles, and
//! [`GpkgWriter::finish`] commits and renames the file into place. A writer
//! dropped before `finish` removes its temporary file.
//!
//! Geometries are GeoPackage binary (a small header and ISO WKB, little
//! endian) in EPSG:4326, rounded like the GeoJSON. The file is the same
//! byte for byte for the same input: timestamps are `SOURCE_DATE_EPOCH`
//! when set, else the Unix epoch.

use std::path::{Path, PathBuf};

use geo::{BoundingRect, MultiPolygon};
use rusqlite::{params_from_iter, Connection};
use serde_json::Value as JsonValue;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::layers::{Part, RegionLayer};
use crate::render::geojson::{
    country_properties, fields, outline_properties, round6, rounded_valid, FieldType,
};
use crate::render::{qml, sld};
use crate::tally::DocumentTally;

/// WGS 84 as OGC WKT, for `gpkg_spatial_ref_sys`.
const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

/// The GeoPackage core tables (OGC 12-128r18), QGIS's `layer_styles` and
/// the mentions table.
const SCHEMA: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
  f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
  styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
  description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE mentions (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, document TEXT NOT NULL,
  iso_a3 TEXT NOT NULL, country TEXT NOT NULL, count INTEGER NOT NULL,
  source TEXT, title TEXT, date TEXT, language TEXT, url TEXT);
";

/// A GeoPackage being written (see the module docs for the lifecycle).
pub struct GpkgWriter {
    conn: Option<Connection>,
    tmp: PathBuf,
    path: PathBuf,
    timestamp: String,
    tables: Vec<String>,
}

/// The table name of a region's part: its file stem with `_` for `-`, so
/// SQL and shapefile conversions need no quoting.
///
/// ```
/// use geomention::layers::Part;
/// use geomention::render::gpkg::table_name;
/// assert_eq!(table_name("southeast-asia", Part::Outline), "southeast_asia_outline");
/// ```
pub fn table_name(region: &str, part: Part) -> String {
    part.file_stem(region).replace('-', "_")
}

/// `"name"` quoted as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The timestamp every row gets: `SOURCE_DATE_EPOCH` or the Unix epoch, in
/// GeoPackage's format.
fn timestamp() -> String {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl GpkgWriter {
    /// Starts a GeoPackage that will be renamed to `path` by
    /// [`GpkgWriter::finish`].
    ///
    /// ```
    /// use geomention::render::gpkg::GpkgWriter;
    /// use geomention::{tally::DocumentTally, Extractor, Gazetteer};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("geomention.gpkg");
    /// let mut w = GpkgWriter::create(&path).unwrap();
    /// let doc = DocumentTally::new("a.txt", &Extractor::bundled().find("Myanmar and Burma"));
    /// w.add_document(Gazetteer::bundled(), &doc).unwrap();
    /// w.finish().unwrap();
    /// assert!(path.exists());
    /// ```
    pub fn create(path: &Path) -> Result<GpkgWriter> {
        let tmp = crate::output::temp_path(path);
        let sql = |e: rusqlite::Error| Error::Invalid(format!("{}: {e}", path.display()));
        let conn = Connection::open(&tmp).map_err(sql)?;
        let mut w = GpkgWriter {
            conn: Some(conn),
            tmp,
            path: path.to_path_buf(),
            timestamp: timestamp(),
            tables: Vec::new(),
        };
        w.init().map_err(sql)?;
        Ok(w)
    }

    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("the connection lives until finish")
    }

    fn init(&mut self) -> rusqlite::Result<()> {
        let conn = self.conn();
        conn.execute_batch(SCHEMA)?;
        let srs = "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        conn.execute(
            srs,
            (
                "WGS 84 geodetic",
                4326,
                "EPSG",
                4326,
                WGS84_WKT,
                "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
            ),
        )?;
        conn.execute(
            srs,
            (
                "Undefined cartesian SRS",
                -1,
                "NONE",
                -1,
                "undefined",
                "undefined cartesian coordinate reference system",
            ),
        )?;
        conn.execute(
            srs,
            (
                "Undefined geographic SRS",
                0,
                "NONE",
                0,
                "undefined",
                "undefined geographic coordinate reference system",
            ),
        )?;
        let ts = self.timestamp.clone();
        for (table, what) in [
            (
                "mentions",
                "One row per document and country mentioned, with the document's metadata",
            ),
            ("layer_styles", "QGIS styles of the layers"),
        ] {
            conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES (?1, 'attributes', ?1, ?2, ?3)",
                (table, what, &ts),
            )?;
        }
        conn.execute_batch("BEGIN")
    }

    fn sql_err(&self, e: rusqlite::Error) -> Error {
        Error::Invalid(format!("writing {}: {e}", self.path.display()))
    }

    /// Appends one document's rows to the `mentions` table: one per country
    /// it mentions, with its count and the document's metadata.
    pub fn add_document(&mut self, gaz: &Gazetteer, doc: &DocumentTally) -> Result<()> {
        let m = &doc.meta;
        let result = (|| {
            let mut stmt = self.conn().prepare_cached(
                "INSERT INTO mentions (document, iso_a3, country, count, source, title, date, language, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for (id, n) in &doc.countries {
                let c = gaz.country(*id);
                stmt.execute((
                    &m.id,
                    &c.iso_a3,
                    &c.name,
                    n,
                    &m.source,
                    &m.title,
                    &m.date,
                    &m.language,
                    &m.url,
                ))?;
            }
            Ok(())
        })();
        result.map_err(|e| self.sql_err(e))
    }

    /// Adds a region's layer: a table per part, with its QML and SLD style
    /// (`labels` top members labelled) as the table's default style.
    pub fn add_layer(&mut self, layer: &RegionLayer, labels: usize) -> Result<()> {
        for part in layer.parts() {
            let table = table_name(&layer.region.id, part);
            if self.tables.contains(&table) {
                return Err(Error::Invalid(format!(
                    "{}: two layers would both be table {table:?}; give the regions ids that differ by more than a -outline or -points suffix",
                    self.path.display()
                )));
            }
            self.add_part(layer, part, &table, labels)
                .map_err(|e| self.sql_err(e))?;
            self.tables.push(table);
        }
        Ok(())
    }

    fn add_part(
        &self,
        layer: &RegionLayer,
        part: Part,
        table: &str,
        labels: usize,
    ) -> rusqlite::Result<()> {
        let conn = self.conn();
        let fields = fields(layer, part);
        let columns: Vec<String> = fields
            .iter()
            .map(|(name, ty)| format!("{} {}", quoted(name), ty.sql()))
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {}, {});",
            quoted(table),
            part.geometry_type(),
            columns.join(", ")
        ))?;
        let placeholders: Vec<String> = (1..=fields.len() + 1).map(|i| format!("?{i}")).collect();
        let names: Vec<String> = fields.iter().map(|(n, _)| quoted(n)).collect();
        let mut insert = conn.prepare(&format!(
            "INSERT INTO {} (geom, {}) VALUES ({})",
            quoted(table),
            names.join(", "),
            placeholders.join(", ")
        ))?;
        let mut bounds = Bounds::default();
        for (geometry, props) in features(layer, part) {
            let blob = geometry.map(|g| {
                bounds.add(&g);
                g.to_gpkg()
            });
            let values = std::iter::once(rusqlite::types::Value::from(blob)).chain(
                fields
                    .iter()
                    .map(|(name, _)| sql_value(props.get(*name).unwrap_or(&JsonValue::Null))),
            );
            insert.execute(params_from_iter(values))?;
        }
        let (min_x, min_y, max_x, max_y) = bounds.get();
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 4326)",
            (table, describe(layer, part), &self.timestamp, min_x, min_y, max_x, max_y),
        )?;
        conn.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
            (table, part.geometry_type()),
        )?;
        conn.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?1, 'geom', ?1, ?2, ?3, 1, ?4, '', NULL, ?5)",
            (
                table,
                qml::to_string(layer, part, labels),
                sld::to_string(layer, part, labels),
                "geomention: same classes, colours and labels as the PNG/SVG maps",
                &self.timestamp,
            ),
        )?;
        Ok(())
    }

    /// Commits and renames the file into place; returns its path.
    pub fn finish(mut self) -> Result<PathBuf> {
        let conn = self.conn.take().expect("finish runs once");
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| Error::Invalid(format!("writing {}: {e}", path.display()));
        conn.execute_batch("COMMIT").map_err(sql)?;
        conn.close().map_err(|(_, e)| sql(e))?;
        let synced = std::fs::File::open(&self.tmp).and_then(|f| f.sync_all());
        synced
            .and_then(|()| std::fs::rename(&self.tmp, &self.path))
            .map_err(|e| Error::io(&self.path, e))?;
        Ok(self.path.clone())
    }
}

impl Drop for GpkgWriter {
    fn drop(&mut self) {
        // Unfinished: leave nothing half-written behind.
        if let Some(conn) = self.conn.take() {
            drop(conn);
            let _ = std::fs::remove_file(&self.tmp);
            let mut journal = self.tmp.clone().into_os_string();
            journal.push("-journal");
            let _ = std::fs::remove_file(journal);
        }
    }
}

/// What a table holds, for `gpkg_contents.description`.
fn describe(layer: &RegionLayer, part: Part) -> String {
    let name = &layer.region.name;
    match part {
        Part::Countries => format!("{name}: member countries"),
        Part::Points => format!("{name}: members without a boundary at this scale, as points"),
        Part::Outline => format!("{name}: region outline and totals"),
    }
}

/// A JSON attribute as an SQL value.
fn sql_value(v: &JsonValue) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match v {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(b) => Value::Integer(i64::from(*b)),
        JsonValue::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        JsonValue::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// A feature's geometry, rounded like the GeoJSON.
enum Geom {
    Point(f64, f64),
    Polygons(MultiPolygon<f64>),
}

/// The features of a part: geometry and attributes.
fn features(
    layer: &RegionLayer,
    part: Part,
) -> Vec<(Option<Geom>, serde_json::Map<String, JsonValue>)> {
    let gaz = layer.gazetteer;
    match part {
        Part::Outline => vec![(
            Some(Geom::Polygons(rounded_valid(&layer.outline))),
            outline_properties(layer),
        )],
        Part::Countries => layer
            .members_in(part)
            .into_iter()
            .map(|c| {
                let g = gaz
                    .geometry(c.id)
                    .map(|mp| Geom::Polygons(rounded_valid(mp)));
                (g, country_properties(layer, c))
            })
            .collect(),
        Part::Points => layer
            .members_in(part)
            .into_iter()
            .map(|c| {
                let g = gaz
                    .country(c.id)
                    .label
                    .map(|p| Geom::Point(round6(p.x()), round6(p.y())));
                (g, country_properties(layer, c))
            })
            .collect(),
    }
}

/// A table's extent.
#[derive(Default)]
struct Bounds(Option<(f64, f64, f64, f64)>);

impl Bounds {
    fn add(&mut self, g: &Geom) {
        let (a, b, c, d) = g.envelope();
        self.0 = Some(match self.0 {
            None => (a, b, c, d),
            Some((w, s, e, n)) => (w.min(a), s.min(b), e.max(c), n.max(d)),
        });
    }

    fn get(&self) -> (Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
        match self.0 {
            Some((a, b, c, d)) => (Some(a), Some(b), Some(c), Some(d)),
            None => (None, None, None, None),
        }
    }
}

impl Geom {
    /// (min x, min y, max x, max y).
    fn envelope(&self) -> (f64, f64, f64, f64) {
        match self {
            Geom::Point(x, y) => (*x, *y, *x, *y),
            Geom::Polygons(mp) => mp.bounding_rect().map_or((0.0, 0.0, 0.0, 0.0), |r| {
                (r.min().x, r.min().y, r.max().x, r.max().y)
            }),
        }
    }

    /// GeoPackage binary: "GP", version 0, flags (little endian; an x/y
    /// envelope for polygons, none for points), the SRS id, then ISO WKB.
    fn to_gpkg(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"GP");
        out.push(0);
        match self {
            Geom::Point(..) => {
                out.push(0b0000_0001);
                out.extend_from_slice(&4326i32.to_le_bytes());
            }
            Geom::Polygons(_) => {
                out.push(0b0000_0011);
                out.extend_from_slice(&4326i32.to_le_bytes());
                let (a, b, c, d) = self.envelope();
                for v in [a, c, b, d] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        self.write_wkb(&mut out);
        out
    }

    fn write_wkb(&self, out: &mut Vec<u8>) {
        let u32le = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
        let f64le = |out: &mut Vec<u8>, v: f64| out.extend_from_slice(&v.to_le_bytes());
        match self {
            Geom::Point(x, y) => {
                out.push(1);
                u32le(out, 1);
                f64le(out, *x);
                f64le(out, *y);
            }
            Geom::Polygons(mp) => {
                out.push(1);
                u32le(out, 6);
                u32le(out, mp.0.len() as u32);
                for p in &mp.0 {
                    out.push(1);
                    u32le(out, 3);
                    u32le(out, 1 + p.interiors().len() as u32);
                    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                        u32le(out, ring.0.len() as u32);
                        for c in &ring.0 {
                            f64le(out, c.x);
                            f64le(out, c.y);
                        }
                    }
                }
            }
        }
    }
}

impl FieldType {
    fn sql(self) -> &'static str {
        match self {
            FieldType::Text => "TEXT",
            FieldType::Integer => "INTEGER",
            FieldType::Real => "REAL",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_8601() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
