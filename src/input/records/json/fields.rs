//! Fields of JSON records: found by name or path, read as text.

use serde_json::{Map, Value};

use crate::input::records::{
    common, loose, DATE_NAMES, ID_NAMES, LANGUAGE_NAMES, TITLE_NAMES, URL_NAMES,
};

/// A record's field names, compared loosely.
pub(super) fn loosened(obj: &Map<String, Value>) -> Vec<String> {
    obj.keys().map(|k| loose(k)).collect()
}

/// The fields holding a record's id, title, date, url and language, by
/// their usual names.
pub(super) fn usual_keys(obj: &Map<String, Value>) -> [Option<String>; 5] {
    let loosened = loosened(obj);
    let keys: Vec<&String> = obj.keys().collect();
    [ID_NAMES, TITLE_NAMES, DATE_NAMES, URL_NAMES, LANGUAGE_NAMES]
        .map(|usual| common(&loosened, usual).first().map(|i| keys[*i].clone()))
}

/// The one field of a wrapper object that holds the records: an array
/// whose first element is an object.
pub(super) fn records_array(obj: &Map<String, Value>) -> Option<String> {
    let mut arrays = obj.iter().filter(|(_, v)| {
        v.as_array()
            .and_then(|a| a.first())
            .is_some_and(Value::is_object)
    });
    let (key, _) = arrays.next()?;
    arrays.next().is_none().then(|| key.clone())
}

/// A field by name, or by a dotted path into nested objects.
pub(super) fn path<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if let Some(v) = obj.get(key) {
        return Some(v);
    }
    let (head, rest) = key.split_once('.')?;
    match obj.get(head)? {
        Value::Object(inner) => path(inner, rest),
        _ => None,
    }
}

/// Takes a field out of a record: `None` when it is not there,
/// `Some(None)` when it is there but empty (`null`).
pub(super) fn take(obj: &mut Map<String, Value>, key: &str) -> Option<Option<String>> {
    if let Some(v) = obj.remove(key) {
        return Some(text(v));
    }
    let (head, rest) = key.split_once('.')?;
    match obj.get_mut(head)? {
        Value::Object(inner) => take(inner, rest),
        _ => None,
    }
}

/// A value as text: strings as they are, numbers and booleans as written,
/// arrays and objects as their values joined by blank lines, `null` as
/// nothing.
pub(super) fn text(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => join(items.into_iter().filter_map(text)),
        Value::Object(map) => join(map.into_iter().filter_map(|(_, v)| text(v))),
    }
}

fn join(parts: impl Iterator<Item = String>) -> Option<String> {
    let parts: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
