//! The command under hostile use: its own output inside the corpus, files
//! given twice, odd encodings, endless devices, unwritable or shared output
//! directories, killed runs, closed pipes. Each test is named for the
//! behaviour it checks.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_geomention"));
    cmd.args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn finish(child: Child) -> Out {
    let out = child.wait_with_output().expect("wait for geomention");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Out {
    finish(command(args).spawn().expect("start geomention"))
}

fn run_stdin(args: &[&str], stdin: &[u8]) -> Out {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("start geomention");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin)
        .expect("write standard input");
    finish(child)
}

/// Waits for a child at most `limit`; kills it and fails if it is still
/// running (a hang, not a slow run: the limits are far above the time the
/// work takes).
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Out {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("poll child").is_some() {
            return finish(child);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A copy of the sample corpus in a temporary directory.
fn corpus_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    (tmp, dir)
}

/// The rows of a CSV table, without its header.
fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn a_map_run_with_its_output_inside_the_corpus_never_reads_its_own_files() {
    let (_tmp, dir) = corpus_copy();
    let out = dir.join("maps");
    let mut totals = Vec::new();
    for _ in 0..3 {
        let r = run(&["map", s(&dir), "--out", s(&out), "--format", "geojson"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let csv = std::fs::read_to_string(out.join("mentions.csv")).unwrap();
        totals.push(rows(&csv).len());
        assert!(r.stderr.contains("output directory"), "{}", r.stderr);
    }
    assert!(totals.iter().all(|t| *t == totals[0]), "{totals:?}");
    // A mentions table copied next to the texts is recognised and skipped.
    std::fs::copy(out.join("mentions.csv"), dir.join("old-mentions.csv")).unwrap();
    let r = run(&["mentions", s(&dir), "--exclude", "maps"]);
    assert!(r.stderr.contains("geomention wrote it"), "{}", r.stderr);
    assert!(!r.stdout.contains("old-mentions.csv"));
}

#[test]
fn a_file_given_twice_or_with_its_directory_is_counted_once() {
    let (_tmp, dir) = corpus_copy();
    let file = dir.join("07-pacific-islands-exposure.txt");
    let r = run(&["mentions", "--format", "json", s(&file), s(&file), s(&dir)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 12);
    assert!(r.stderr.contains("given twice"), "{}", r.stderr);
}

#[test]
fn a_byte_order_mark_changes_nothing_but_offsets_stay_file_offsets() {
    let text = "Turkey hosts talks. He ate turkey.";
    let plain = run_stdin(&["mentions", "-"], text.as_bytes());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let marked = run_stdin(&["mentions", "-"], &bom);
    assert_eq!(plain.stdout, marked.stdout);
    let spans = run_stdin(&["mentions", "-", "--spans"], b"\xEF\xBB\xBFFiji");
    let row = &rows(&spans.stdout)[0];
    assert_eq!((row[8].as_str(), row[9].as_str()), ("3", "7"), "{row:?}");
}

#[test]
fn utf16_files_are_decoded_and_said_to_be() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "Scam compounds in Cambodia hold Kenyan workers.";
    let le: fn(u16) -> [u8; 2] = u16::to_le_bytes;
    let be: fn(u16) -> [u8; 2] = u16::to_be_bytes;
    for (name, bom, wide) in [
        ("le.txt", vec![0xFF, 0xFE], le),
        ("be.txt", vec![0xFE, 0xFF], be),
        ("nobom.txt", vec![], le),
    ] {
        let mut bytes = bom;
        bytes.extend(text.encode_utf16().flat_map(wide));
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = run(&["mentions", s(&path)]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let ids: Vec<String> = rows(&r.stdout).into_iter().map(|r| r[6].clone()).collect();
        assert_eq!(ids, ["KEN", "KHM"], "{name}: {}", r.stdout);
        assert!(r.stderr.contains("UTF-16"), "{name}: {}", r.stderr);
    }
}

#[test]
fn spans_in_a_file_with_invalid_utf8_are_byte_offsets_into_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bad.txt");
    let bytes = b"Caf\xe9 \xff\xfe in Fiji and Tonga";
    std::fs::write(&path, bytes).unwrap();
    let r = run(&["mentions", "--spans", s(&path)]);
    assert!(r.stderr.contains("not valid UTF-8"), "{}", r.stderr);
    for row in rows(&r.stdout) {
        let (start, end): (usize, usize) = (row[8].parse().unwrap(), row[9].parse().unwrap());
        assert_eq!(&bytes[start..end], row[10].as_bytes(), "{row:?}");
    }
}

#[test]
fn endless_binary_devices_are_refused_at_once() {
    for device in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(device).exists() {
            continue;
        }
        let child = command(&["mentions", device]).spawn().unwrap();
        let r = finish_within(child, Duration::from_secs(30), device);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stderr.contains("binary"), "{device}: {}", r.stderr);
        let stdin = std::fs::File::open(device).unwrap();
        let child = command(&["mentions", "-"]).stdin(stdin).spawn().unwrap();
        let r = finish_within(child, Duration::from_secs(30), device);
        assert!(r.stderr.contains("binary"), "- < {device}: {}", r.stderr);
    }
}

#[test]
fn a_stream_longer_than_the_limit_is_cut_with_a_warning() {
    let text = "Fiji. ".repeat(4000);
    let r = run_stdin(
        &["mentions", "-", "--max-stream-size", "1K"],
        text.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("--max-stream-size"), "{}", r.stderr);
    let count: u32 = rows(&r.stdout)[0][8].parse().unwrap();
    assert!(count > 0 && count < 4000, "{count}");
}

#[test]
fn an_unwritable_output_directory_is_refused_before_anything_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("never-written");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no FIFOs here
    }
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("maps");
    // Reading the FIFO would wait forever: the check must come first.
    let child = command(&["map", s(&fifo), "--out", s(&out)])
        .spawn()
        .unwrap();
    let r = finish_within(
        child,
        Duration::from_secs(30),
        "map into an unwritable --out",
    );
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("cannot write output there"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_region_asked_for_twice_is_mapped_once() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..8 {
        let out = tmp.path().join(format!("o{i}"));
        let r = run(&[
            "map",
            "examples/corpus",
            "--regions",
            "pacific,pacific, pacific",
            "--out",
            s(&out),
        ]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "mentions.csv",
                "pacific-outline.geojson",
                "pacific-outline.qml",
                "pacific-outline.sld",
                "pacific.geojson",
                "pacific.png",
                "pacific.qml",
                "pacific.sld",
            ]
        );
    }
}

#[test]
fn temporary_files_of_killed_runs_are_removed_and_a_live_run_locks_its_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("maps");
    std::fs::create_dir(&out).unwrap();
    // A pid far above any pid_max is never alive.
    let dead = 999_999_999u32;
    let stale = [
        out.join(format!(".europe.geojson.tmp-{dead}")),
        out.join(format!(".pacific.png.tmp-{dead}-4")),
    ];
    for f in &stale {
        std::fs::write(f, "half").unwrap();
    }
    std::fs::write(out.join(".geomention.lock"), format!("{dead}\n")).unwrap();
    let r = run(&["map", "examples/corpus", "--out", s(&out), "-q"]);
    assert_eq!(
        r.code,
        Some(0),
        "a dead run's lock is taken over: {}",
        r.stderr
    );
    for f in &stale {
        assert!(!f.exists(), "{} left behind", f.display());
    }
    assert!(!out.join(".geomention.lock").exists(), "lock released");

    // A run that is alive (this test process) holds the lock.
    std::fs::write(
        out.join(".geomention.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let r = run(&["map", "examples/corpus", "--out", s(&out), "-q"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("another geomention run"), "{}", r.stderr);
    std::fs::remove_file(out.join(".geomention.lock")).unwrap();
}

#[test]
fn a_closed_pipe_ends_mentions_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.txt");
    std::fs::write(&path, "Fiji, Tonga and Palau. ".repeat(40_000)).unwrap();
    let mut child = command(&["mentions", "--spans", s(&path)]).spawn().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout); // like `| head -1`
    let r = finish_within(
        child,
        Duration::from_secs(60),
        "mentions into a closed pipe",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!r.stderr.contains("Broken pipe"), "{}", r.stderr);
}
