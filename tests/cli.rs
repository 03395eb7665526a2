//! End-to-end tests of the `geomention` command: the binary is run as a user
//! would run it, and its exit status, standard streams and output files are
//! checked. Fixtures live in `tests/data/cli/`; binary and invalid UTF-8
//! inputs are written into temporary directories at test time.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use geo::Validation as _;
use serde_json::Value;

/// The regions the README's main command maps.
const MAIN_REGIONS: [&str; 3] = ["southeast-asia", "africa", "pacific"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/cli").join(name)
}

/// What a run of the command gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    #[track_caller]
    fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit status {code}; got {}",
            self.describe()
        );
        self
    }

    #[track_caller]
    fn assert_no_panic(&self) -> &Run {
        assert!(
            !self.stderr.contains("panicked"),
            "the command panicked: {}",
            self.describe()
        );
        self
    }
}

/// Runs the binary with `args` in the crate root, feeding `stdin` if given
/// (an empty standard input otherwise, so nothing waits on a terminal).
fn run_with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_geomention"));
    cmd.args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start geomention");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("write standard input");
        }
    } // closes standard input
    let out = child.wait_with_output().expect("wait for geomention");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    run_with_stdin(args, None)
}

fn s(p: &Path) -> String {
    p.to_str().expect("UTF-8 temp path").to_string()
}

/// `geomention map examples/corpus --regions southeast-asia,africa,pacific
/// --out OUT` plus `extra` arguments.
fn map_corpus(out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "map".to_string(),
        "examples/corpus".into(),
        "--regions".into(),
        MAIN_REGIONS.join(","),
        "--out".into(),
        s(out),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    run(&args)
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn features(fc: &Value) -> &Vec<Value> {
    assert_eq!(fc["type"], "FeatureCollection");
    fc["features"].as_array().expect("features is an array")
}

fn props(feature: &Value) -> &serde_json::Map<String, Value> {
    feature["properties"]
        .as_object()
        .expect("feature has a properties object")
}

/// The country features of a layer, by ISO alpha-3 code.
fn countries(fc: &Value) -> BTreeMap<String, &Value> {
    features(fc)
        .iter()
        .map(|f| {
            let code = f["properties"]["iso_a3"]
                .as_str()
                .expect("iso_a3 is a string")
                .to_string();
            (code, f)
        })
        .collect()
}

/// Member counts per region, from `geomention regions`.
fn member_counts() -> BTreeMap<String, usize> {
    let r = run(&["regions"]);
    r.assert_code(0);
    r.stdout
        .lines()
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let n = cols
                .get(2)
                .and_then(|c| c.strip_suffix(" members"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("unexpected `regions` line {line:?}"));
            (cols[0].to_string(), n)
        })
        .collect()
}

/// A directory with a binary file (NUL bytes; mentions Kenya), a file with
/// invalid UTF-8 that mentions Fiji, and a plain text mentioning Samoa.
struct MixedCorpus {
    dir: tempfile::TempDir,
}

impl MixedCorpus {
    fn new() -> MixedCorpus {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("a-binary.pdf"),
            b"%PDF-1.4\0\x01\x02\x03 Kenya Kenya\0",
        )
        .unwrap();
        std::fs::write(dir.path().join("b-latin1.txt"), b"Fiji\xff").unwrap();
        std::fs::write(dir.path().join("c-plain.txt"), "Samoa and Tonga.").unwrap();
        MixedCorpus { dir }
    }
    fn binary(&self) -> PathBuf {
        self.dir.path().join("a-binary.pdf")
    }
    fn latin1(&self) -> PathBuf {
        self.dir.path().join("b-latin1.txt")
    }
}

/// Rows of a CSV text as maps from header to field.
fn csv_rows(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("CSV header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("CSV record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------
// 1. The README's main command

#[test]
fn readme_main_command_writes_the_documented_files() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("read README.md");
    let mut in_sh = false;
    let mut command = None;
    for line in readme.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if in_sh && t.starts_with("cargo run --release -- map ") {
            command = Some(t.to_string());
            break;
        }
    }
    let command = command
        .expect("README.md has no ```sh block with a line starting `cargo run --release -- map `");
    // The command is run as written, from the crate root, except that the
    // binary replaces `cargo run --release --` and the `--out` directory is a
    // temporary one, so the test does not write `maps/` into the checkout.
    let args: Vec<String> = command
        .strip_prefix("cargo run --release --")
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("maps");
    let mut replaced = args.clone();
    let at = replaced
        .iter()
        .position(|a| a == "--out" || a == "-o")
        .expect("the README command has --out");
    replaced[at + 1] = s(&out);
    let regions: Vec<String> = args
        .iter()
        .position(|a| a == "--regions" || a == "-r")
        .map(|i| args[i + 1].split(',').map(str::to_string).collect())
        .expect("the README command names its regions");

    let r = run(&replaced);
    r.assert_code(0).assert_no_panic();

    for region in &regions {
        for ext in ["geojson", "qml", "png"] {
            let f = out.join(format!("{region}.{ext}"));
            let len = std::fs::metadata(&f)
                .unwrap_or_else(|e| panic!("{} not written: {e}", f.display()))
                .len();
            assert!(len > 0, "{} is empty", f.display());
        }
        let png = out.join(format!("{region}.png"));
        let img = image::open(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
        assert_eq!(
            (img.width(), img.height()),
            (1600, 1200),
            "{} size",
            png.display()
        );
    }
    let csv = std::fs::read_to_string(out.join("mentions.csv")).expect("mentions.csv written");
    let (header, rows) = csv_rows(&csv);
    assert_eq!(
        header,
        ["document", "source", "title", "date", "language", "iso_a3", "country", "count"]
    );
    for code in ["MMR", "KHM"] {
        assert!(
            rows.iter()
                .any(|r| r["iso_a3"] == code && r["count"].parse::<u64>().is_ok_and(|n| n > 0)),
            "mentions.csv has no row for {code}:\n{csv}"
        );
    }
}

// ---------------------------------------------------------------------------
// 2. GDAL opens the GeoJSON

#[test]
fn geojson_output_opens_in_gdal() {
    if !common::have_ogrinfo() {
        eprintln!("note: ogrinfo (GDAL) not found; skipping geojson_output_opens_in_gdal");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    map_corpus(tmp.path(), &["--format", "geojson"]).assert_code(0);
    let members = member_counts();
    for region in MAIN_REGIONS {
        let path = tmp.path().join(format!("{region}.geojson"));
        let out = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&path)
            .output()
            .expect("run ogrinfo");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "ogrinfo failed on {}:\n{stdout}\n{stderr}",
            path.display()
        );
        // Members with a boundary here, the others in <region>-points.
        let points = tmp.path().join(format!("{region}-points.geojson"));
        let without = if points.exists() {
            features(&read_json(&points)).len()
        } else {
            0
        };
        let expected = members[region] - without;
        assert!(
            stdout
                .lines()
                .any(|l| l.trim() == format!("Feature Count: {expected}")),
            "{region}: ogrinfo should report {expected} features (members with a boundary):\n{stdout}"
        );
        for field in ["iso_a3: String", "mentions: Integer", "share: Real"] {
            assert!(
                stdout
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{field} ("))),
                "{region}: ogrinfo does not report field `{field}`:\n{stdout}"
            );
        }
        assert!(
            stdout.contains("EPSG\",4326") || stdout.contains("WGS 84"),
            "{region}: layer is not in WGS 84:\n{stdout}"
        );
    }
}

// ---------------------------------------------------------------------------
// 3. RFC 7946

/// The number tokens inside every `"coordinates"` array of a GeoJSON text.
fn coordinate_tokens(raw: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.find("\"coordinates\"") {
        let after = &rest[at + "\"coordinates\"".len()..];
        let open = after.find('[').expect("coordinates array");
        let body = &after[open..];
        let mut depth = 0usize;
        let mut end = body.len();
        let mut start_tok: Option<usize> = None;
        for (i, c) in body.char_indices() {
            let numeric = c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E');
            match (numeric, start_tok) {
                (true, None) => start_tok = Some(i),
                (false, Some(st)) => {
                    tokens.push(&body[st..i]);
                    start_tok = None;
                }
                _ => {}
            }
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &body[end..];
    }
    tokens
}

/// How many decimals a JSON number token carries (`1.5e-3` has 4).
fn decimals(token: &str) -> i64 {
    let (mantissa, exp) = match token.find(['e', 'E']) {
        Some(i) => (
            &token[..i],
            token[i + 1..].parse::<i64>().expect("exponent"),
        ),
        None => (token, 0),
    };
    let frac = mantissa.split_once('.').map_or(0, |(_, f)| f.len() as i64);
    (frac - exp).max(0)
}

/// Twice the signed area of a ring: positive when counter-clockwise.
fn signed_area2(ring: &[Value]) -> f64 {
    let pts: Vec<(f64, f64)> = ring
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    pts.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

/// The polygons (lists of rings) of a Polygon or MultiPolygon.
fn polygons(geometry: &Value) -> Vec<&Vec<Value>> {
    match geometry["type"].as_str() {
        Some("Polygon") => vec![geometry["coordinates"].as_array().unwrap()],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_array().unwrap())
            .collect(),
        other => panic!("unexpected geometry type {other:?}"),
    }
}

#[test]
fn geojson_follows_rfc7946() {
    let tmp = tempfile::tempdir().unwrap();
    map_corpus(tmp.path(), &["--format", "geojson"]).assert_code(0);
    // Problems of all three layers are gathered, then reported together.
    let mut problems = Vec::new();
    let layers = MAIN_REGIONS
        .iter()
        .flat_map(|r| ["", "-outline", "-points"].map(|suffix| format!("{r}{suffix}")));
    for region in layers {
        let path = tmp.path().join(format!("{region}.geojson"));
        let Ok(raw) = std::fs::read_to_string(&path) else {
            assert!(region.ends_with("-points"), "{} missing", path.display());
            continue;
        };

        let tokens = coordinate_tokens(&raw);
        assert!(tokens.len() > 1, "{region}: too few coordinates found");
        for t in tokens.iter().filter(|t| decimals(t) > 6) {
            problems.push(format!("{region}: coordinate {t} has more than 6 decimals"));
        }

        let fc: Value = serde_json::from_str(&raw).expect("GeoJSON parses as JSON");
        assert!(
            fc.get("crs").is_none(),
            "{region}: RFC 7946 has no `crs` member"
        );
        for f in features(&fc) {
            assert_eq!(f["type"], "Feature");
            let p = props(f);
            let label = format!(
                "{region}/{}",
                p.get("iso_a3")
                    .or(p.get("feature"))
                    .and_then(Value::as_str)
                    .unwrap_or("?")
            );
            for key in [
                "mentions",
                "documents",
                "share",
                "region_mentions",
                "countries_mentioned",
            ] {
                if let Some(v) = p.get(key) {
                    if !v.is_number() {
                        problems.push(format!("{label}: property {key} = {v} is not a number"));
                    }
                }
            }
            if let Some(v) = p.get("class") {
                if !(v.is_null() || v.is_u64()) {
                    problems.push(format!(
                        "{label}: class = {v} is neither null nor an integer"
                    ));
                }
            }
            let geometry = &f["geometry"];
            if geometry.is_null() {
                problems.push(format!("{label}: null geometry"));
                continue;
            }
            if geometry["type"] == "Point" {
                let pos = &geometry["coordinates"];
                let (lon, lat) = (pos[0].as_f64().unwrap(), pos[1].as_f64().unwrap());
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    problems.push(format!("{label}: point {pos} out of range"));
                }
                continue;
            }
            for polygon in polygons(geometry) {
                for (r, ring) in polygon.iter().enumerate() {
                    let ring = ring.as_array().unwrap();
                    if ring.len() < 4 || ring.first() != ring.last() {
                        problems.push(format!(
                            "{label}: ring {r} has {} positions; a ring needs >= 4, first = last",
                            ring.len()
                        ));
                    }
                    for pos in ring {
                        let (lon, lat) = (pos[0].as_f64().unwrap(), pos[1].as_f64().unwrap());
                        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                            problems.push(format!("{label}: position {pos} out of range"));
                        }
                    }
                    for w in ring.windows(2) {
                        let d = (w[1][0].as_f64().unwrap() - w[0][0].as_f64().unwrap()).abs();
                        if d > 180.0 {
                            problems.push(format!(
                                "{label}: segment {} -> {} crosses the antimeridian",
                                w[0], w[1]
                            ));
                        }
                    }
                    let area = signed_area2(ring);
                    let role = if r == 0 { "exterior ring" } else { "hole" };
                    if area == 0.0 {
                        problems.push(format!("{label}: {role} (ring {r}) has zero area"));
                    } else if (r == 0) != (area > 0.0) {
                        let want = if r == 0 {
                            "counter-clockwise"
                        } else {
                            "clockwise"
                        };
                        problems.push(format!("{label}: {role} (ring {r}) is not {want}"));
                    }
                }
            }
            let gj: geojson::Geometry =
                serde_json::from_value(geometry.clone()).expect("geometry parses as GeoJSON");
            let geom = geo::Geometry::<f64>::try_from(gj).expect("geometry converts to geo");
            if let Err(e) = geom.check_validation() {
                problems.push(format!("{label}: invalid geometry: {e}"));
            }
        }
    }
    if !problems.is_empty() {
        // One line per layer and kind of problem, with its first example.
        let mut kinds: BTreeMap<String, (usize, &String)> = BTreeMap::new();
        for p in &problems {
            let layer = p.split('/').next().unwrap_or(p);
            let what = p.split_once(": ").map_or(p.as_str(), |(_, w)| w);
            let mut kind = String::new();
            for c in what.chars() {
                match (c.is_ascii_digit(), kind.ends_with('#')) {
                    (true, true) => {}
                    (true, false) => kind.push('#'),
                    (false, _) => kind.push(c),
                }
            }
            kinds.entry(format!("{layer}: {kind}")).or_insert((0, p)).0 += 1;
        }
        let summary: Vec<String> = kinds
            .iter()
            .map(|(k, (n, first))| format!("{n} x {k}\n      e.g. {first}"))
            .collect();
        panic!(
            "{} RFC 7946 / validity problem(s) in the GeoJSON layers:\n{}",
            problems.len(),
            summary.join("\n"),
        );
    }
}

// ---------------------------------------------------------------------------
// 4. Determinism

fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn outputs_are_byte_identical_on_rerun() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    map_corpus(a.path(), &["--format", "geojson,png,svg"]).assert_code(0);
    map_corpus(b.path(), &["--format", "geojson,png,svg"]).assert_code(0);
    let (fa, fb) = (files_in(a.path()), files_in(b.path()));
    let names: Vec<&String> = fa.keys().collect();
    assert_eq!(
        names,
        fb.keys().collect::<Vec<_>>(),
        "the two runs wrote different files"
    );
    for region in MAIN_REGIONS {
        for ext in ["geojson", "qml", "png", "svg"] {
            assert!(
                fa.contains_key(&format!("{region}.{ext}")),
                "{region}.{ext} not written; files: {names:?}"
            );
        }
    }
    assert!(fa.contains_key("mentions.csv"));
    let differ: Vec<&String> = fa.keys().filter(|k| fa[*k] != fb[*k]).collect();
    assert!(differ.is_empty(), "files differ between runs: {differ:?}");
}

// ---------------------------------------------------------------------------
// 5–7, 10. Errors and exit codes

#[test]
fn unknown_region_lists_valid_ids_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(&[
        "map",
        "examples/corpus",
        "--regions",
        "atlantis",
        "--out",
        &s(tmp.path()),
    ]);
    r.assert_code(1).assert_no_panic();
    assert!(r.stderr.contains("atlantis"), "{}", r.describe());
    assert!(r.stderr.contains("southeast-asia"), "{}", r.describe());
}

#[test]
fn usage_error_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = s(tmp.path());
    let cases: Vec<Vec<&str>> = vec![
        vec!["map", "examples/corpus"], // missing --out
        vec!["map", "examples/corpus", "--out", &out, "--no-such-flag"], // unknown flag
        vec!["mentions"],               // missing input
        vec!["frobnicate"],             // unknown command
        vec!["map", "examples/corpus", "--out", &out, "--width", "10"], // out of range
        vec!["mentions", "examples/corpus", "--format", "xml"], // bad enum value
    ];
    for args in cases {
        let r = run(&args);
        assert_eq!(
            r.code,
            Some(2),
            "`geomention {}` should be a usage error: {}",
            args.join(" "),
            r.describe()
        );
        assert!(!r.stderr.is_empty(), "usage error without a message");
        r.assert_no_panic();
    }
}

#[test]
fn unwritable_out_dir_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file.txt");
    std::fs::write(&file, "a regular file").unwrap();
    let out = file.join("maps");
    let r = map_corpus(&out, &[]);
    r.assert_code(1).assert_no_panic();
    assert!(
        r.stderr.contains(&s(&out)) || r.stderr.contains(&s(&file)),
        "the error should name {}: {}",
        out.display(),
        r.describe()
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "a regular file",
        "the file in the way was changed"
    );
}

#[test]
fn missing_input_path_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-report.txt");
    let r = run(&["mentions", &s(&missing)]);
    r.assert_code(1).assert_no_panic();
    assert!(r.stderr.contains(&s(&missing)), "{}", r.describe());

    let out = tmp.path().join("maps");
    let r = run(&["map", "examples/corpus", &s(&missing), "--out", &s(&out)]);
    r.assert_code(1).assert_no_panic();
    assert!(r.stderr.contains(&s(&missing)), "{}", r.describe());
}

// ---------------------------------------------------------------------------
// 8, 9, 14. Unusual inputs and warnings

#[test]
fn empty_input_warns_and_maps_everything_as_no_mentions() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let plain = tmp.path().join("no-countries.txt");
    std::fs::write(
        &plain,
        "The weather was mild and the committee met on Tuesday.\n",
    )
    .unwrap();
    for input in [&empty, &plain] {
        let out = tmp.path().join(format!(
            "out-{}",
            input.file_stem().unwrap().to_string_lossy()
        ));
        let r = run(&[
            "map",
            &s(input),
            "--regions",
            &MAIN_REGIONS.join(","),
            "--format",
            "geojson,png",
            "--out",
            &s(&out),
        ]);
        r.assert_code(0).assert_no_panic();
        assert!(
            r.stderr.lines().any(|l| {
                let l = l.to_lowercase();
                l.starts_with("warning") && l.contains("no") && l.contains("mention")
            }),
            "{}: expected a warning about no mentions: {}",
            input.display(),
            r.describe()
        );
        for region in MAIN_REGIONS {
            assert!(out.join(format!("{region}.png")).is_file());
            let fc = read_json(&out.join(format!("{region}.geojson")));
            let cs = countries(&fc);
            assert!(!cs.is_empty(), "{region}: no country features");
            for f in features(&fc) {
                let class = props(f).get("class").cloned().unwrap_or(Value::Null);
                assert!(
                    class.is_null(),
                    "{region}: {} has class {class} with no mentions",
                    f["properties"]["iso_a3"]
                );
            }
            for (code, f) in cs {
                assert_eq!(f["properties"]["mentions"], 0, "{region}/{code}");
            }
        }
    }
}

#[test]
fn binary_files_are_skipped_with_a_warning() {
    let corpus = MixedCorpus::new();
    let r = run(&["mentions", &s(corpus.dir.path())]);
    r.assert_code(0).assert_no_panic();
    let binary = s(&corpus.binary());
    assert!(
        r.stderr
            .lines()
            .any(|l| l.contains("warning") && l.contains(&binary)),
        "expected a warning naming {binary}: {}",
        r.describe()
    );
    assert!(
        !r.stdout.contains(&binary) && !r.stdout.contains("KEN"),
        "the binary file should be skipped, not scanned: {}",
        r.describe()
    );
    assert!(
        r.stdout.contains("WSM"),
        "the other files are still scanned"
    );
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning_naming_the_file() {
    let corpus = MixedCorpus::new();
    let r = run(&["mentions", &s(corpus.dir.path())]);
    r.assert_code(0).assert_no_panic();
    let latin1 = s(&corpus.latin1());
    assert!(
        r.stderr
            .lines()
            .any(|l| l.contains("warning") && l.contains(&latin1) && l.contains("UTF-8")),
        "expected a UTF-8 warning naming {latin1}: {}",
        r.describe()
    );
    let (_, rows) = csv_rows(&r.stdout);
    assert!(
        rows.iter()
            .any(|row| row["document"] == latin1 && row["id"] == "FJI" && row["count"] == "1"),
        "Fiji should be counted once in {latin1}: {}",
        r.describe()
    );
}

#[test]
fn quiet_suppresses_warnings() {
    let corpus = MixedCorpus::new();
    let r = run(&["mentions", "--quiet", &s(corpus.dir.path())]);
    r.assert_code(0);
    assert_eq!(r.stderr, "", "--quiet should silence warnings");
    assert!(r.stdout.contains("WSM"), "{}", r.describe());

    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let r = run(&[
        "map",
        "-q",
        &s(&empty),
        "--format",
        "geojson",
        "--out",
        &s(&tmp.path().join("maps")),
    ]);
    r.assert_code(0);
    assert_eq!(r.stderr, "", "--quiet should silence the map command too");
}

// ---------------------------------------------------------------------------
// 11. mentions

const STDIN_TEXT: &str = "Cambodian police and Myanmar-based gangs; US officials\n";

#[test]
fn mentions_reads_stdin_and_prints_csv_and_json() {
    let input = STDIN_TEXT.as_bytes();

    let r = run_with_stdin(&["mentions", "-"], Some(input));
    r.assert_code(0);
    let (header, rows) = csv_rows(&r.stdout);
    assert_eq!(
        header,
        ["document", "source", "title", "date", "language", "kind", "id", "name", "count"]
    );
    let ids: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["kind"] == "country")
        .map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, BTreeSet::from(["KHM", "MMR", "USA"]), "{}", r.stdout);
    assert!(rows.iter().all(|r| r["document"] == "-"));

    let r = run_with_stdin(&["mentions", "-", "--format", "json"], Some(input));
    r.assert_code(0);
    let json: Value = serde_json::from_str(&r.stdout).expect("--format json prints JSON");
    let docs = json.as_array().expect("a JSON array of documents");
    assert_eq!(docs.len(), 1);
    let countries = docs[0]["countries"].as_object().expect("countries object");
    let codes: BTreeSet<&str> = countries.keys().map(String::as_str).collect();
    assert_eq!(codes, BTreeSet::from(["KHM", "MMR", "USA"]));
    assert!(countries.values().all(|n| n == 1));

    let r = run_with_stdin(&["mentions", "-", "--spans"], Some(input));
    r.assert_code(0);
    let (header, rows) = csv_rows(&r.stdout);
    assert_eq!(
        header,
        [
            "document",
            "source",
            "record",
            "page",
            "kind",
            "id",
            "name",
            "form_kind",
            "start",
            "end",
            "text"
        ]
    );
    assert_eq!(rows.len(), 3, "{}", r.stdout);
    for row in &rows {
        let (start, end): (usize, usize) =
            (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        assert_eq!(&STDIN_TEXT[start..end], row["text"], "span {row:?}");
    }
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str()).collect();
    assert_eq!(texts, ["Cambodian", "Myanmar", "US"]);

    let r = run_with_stdin(
        &["mentions", "-", "--spans", "--format", "json"],
        Some(input),
    );
    r.assert_code(0);
    let json: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let spans = json[0]["mentions"]
        .as_array()
        .expect("mentions with --spans");
    assert_eq!(spans.len(), 3);
    for m in spans {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            STDIN_TEXT.as_bytes()[start..end],
            *m["text"].as_str().unwrap().as_bytes()
        );
    }
}

// ---------------------------------------------------------------------------
// 12, 13. User files

#[test]
fn values_csv_replaces_mention_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let values = fixture("values.csv");
    map_corpus(
        tmp.path(),
        &["--format", "geojson", "--values", &s(&values)],
    )
    .assert_code(0);
    let fc = read_json(&tmp.path().join("southeast-asia.geojson"));
    let cs = countries(&fc);
    assert_eq!(cs["MMR"]["properties"]["value"].as_f64(), Some(100.0));
    assert_eq!(cs["KHM"]["properties"]["value"].as_f64(), Some(50.0));
    assert_eq!(cs["MMR"]["properties"]["value_label"], "victims");
    // A member without a value has no value and no class, whatever its mentions.
    assert!(cs["THA"]["properties"]["value"].is_null());
    assert!(cs["THA"]["properties"]["class"].is_null());
    let (mm, kh) = (
        cs["MMR"]["properties"]["class"].as_u64().unwrap(),
        cs["KHM"]["properties"]["class"].as_u64().unwrap(),
    );
    assert!(mm > kh, "100 should be in a higher class than 50");
    let share = cs["MMR"]["properties"]["share"].as_f64().unwrap();
    assert!((share - 100.0 / 150.0).abs() < 1e-3, "share {share}");

    let bad = fixture("values-unknown-country.csv");
    let r = map_corpus(&tmp.path().join("bad"), &["--values", &s(&bad)]);
    r.assert_code(1).assert_no_panic();
    assert!(
        r.stderr.contains(&format!("{}:3:", s(&bad))),
        "the error should point at {}:3: {}",
        bad.display(),
        r.describe()
    );
    assert!(r.stderr.contains("Atlantis"), "{}", r.describe());
}

#[test]
fn user_regions_file_errors_name_file_and_line() {
    for (file, line) in [
        ("regions-unknown-member.toml", 4),
        ("regions-syntax-error.toml", 3),
    ] {
        let path = fixture(file);
        for args in [
            vec!["regions".to_string(), "--regions-file".into(), s(&path)],
            vec![
                "mentions".to_string(),
                "examples/corpus".into(),
                "--regions-file".into(),
                s(&path),
            ],
        ] {
            let r = run(&args);
            r.assert_code(1).assert_no_panic();
            let expected = format!("{}:{line}:", s(&path));
            assert!(
                r.stderr.contains(&expected),
                "`{}` should report {expected}: {}",
                args.join(" "),
                r.describe()
            );
        }
    }

    let tmp = tempfile::tempdir().unwrap();
    let r = run(&[
        "map",
        "examples/corpus",
        "--regions-file",
        &s(&fixture("regions-mekong.toml")),
        "--regions",
        "mekong",
        "--format",
        "geojson",
        "--out",
        &s(tmp.path()),
    ]);
    r.assert_code(0).assert_no_panic();
    let fc = read_json(&tmp.path().join("mekong.geojson"));
    assert_eq!(features(&fc).len(), 5, "5 members");
    let outline = read_json(&tmp.path().join("mekong-outline.geojson"));
    assert_eq!(features(&outline).len(), 1, "one outline");
    let codes: BTreeSet<String> = countries(&fc).into_keys().collect();
    assert_eq!(
        codes,
        ["KHM", "LAO", "MMR", "THA", "VNM"].map(String::from).into(),
    );
    assert!(
        countries(&fc)["MMR"]["properties"]["mentions"]
            .as_u64()
            .unwrap()
            > 0
    );

    let r = run_with_stdin(
        &[
            "mentions",
            "-",
            "--regions-file",
            &s(&fixture("regions-mekong.toml")),
        ],
        Some(b"Scams across the Greater Mekong."),
    );
    r.assert_code(0);
    assert!(
        r.stdout.contains(",region,mekong,"),
        "the user region's phrases are found: {}",
        r.describe()
    );
}

// ---------------------------------------------------------------------------
// 15. lookup

#[test]
fn lookup_finds_aliases_and_suggests_on_typos() {
    let r = run(&["lookup", "Burma"]);
    r.assert_code(0);
    assert!(
        r.stdout.split(['\t', '\n']).any(|f| f == "MMR"),
        "{}",
        r.describe()
    );

    let r = run(&["lookup", "Cambodiya"]);
    r.assert_code(1).assert_no_panic();
    assert!(r.stderr.contains("Cambodiya"), "{}", r.describe());
    assert!(
        r.stderr.contains("Cambodia"),
        "should suggest Cambodia: {}",
        r.describe()
    );
}

// ---------------------------------------------------------------------------
// 16. classes

/// The classes (1-based) of the mentioned countries in every region, with
/// their mention counts; asserts unmentioned countries have no class.
fn classed(dir: &Path) -> Vec<(String, u64, u64)> {
    let mut out = Vec::new();
    for region in MAIN_REGIONS {
        let fc = read_json(&dir.join(format!("{region}.geojson")));
        for (code, f) in countries(&fc) {
            let p = props(f);
            let mentions = p["mentions"].as_u64().unwrap();
            if mentions == 0 {
                assert!(
                    p["class"].is_null(),
                    "{region}/{code}: class without mentions"
                );
            } else {
                let class = p["class"]
                    .as_u64()
                    .unwrap_or_else(|| panic!("{region}/{code}: mentioned but not classed"));
                out.push((format!("{region}/{code}"), mentions, class));
            }
        }
    }
    out
}

#[test]
fn classes_option_accepts_breaks_and_rejects_bad_values() {
    let tmp = tempfile::tempdir().unwrap();
    let breaks = tmp.path().join("breaks");
    map_corpus(&breaks, &["--format", "geojson", "--classes", "1,5,20"]).assert_code(0);
    let got = classed(&breaks);
    assert!(!got.is_empty());
    for (who, mentions, class) in &got {
        // Class k holds counts in (break[k-2], break[k-1]]: 1 | 2–5 | 6–20 | 21+.
        let expected = 1 + [1u64, 5, 20].iter().filter(|b| mentions > b).count() as u64;
        assert_eq!(*class, expected, "{who} with {mentions} mentions");
    }

    // A bad option value is a usage error (exit 2), like any other.
    for bad in ["5,1", "1,1", "1,x", "median"] {
        let r = map_corpus(&tmp.path().join("bad"), &["--classes", bad]);
        r.assert_code(2).assert_no_panic();
        assert!(
            r.stderr.contains("--classes"),
            "--classes {bad}: the error should name the option: {}",
            r.describe()
        );
    }

    let quantile = tmp.path().join("quantile");
    map_corpus(
        &quantile,
        &[
            "--format",
            "geojson",
            "--classes",
            "quantile",
            "--class-count",
            "3",
        ],
    )
    .assert_code(0);
    let got = classed(&quantile);
    assert!(!got.is_empty());
    for (who, _, class) in &got {
        assert!((1..=3).contains(class), "{who} in class {class} of 3");
    }
    // Within a region, more mentions never means a lower class.
    for region in MAIN_REGIONS {
        let mut mine: Vec<(u64, u64)> = got
            .iter()
            .filter(|(who, _, _)| who.starts_with(&format!("{region}/")))
            .map(|(_, m, c)| (*m, *c))
            .collect();
        mine.sort();
        assert!(
            mine.windows(2).all(|w| w[0].1 <= w[1].1),
            "{region}: classes not monotonic in mentions: {mine:?}"
        );
    }
}
