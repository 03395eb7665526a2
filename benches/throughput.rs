//! Whole-process throughput and memory: the `geomention` command run on
//! corpora this benchmark builds from the project's own written texts
//! (repeated; nothing downloaded), timed as a user would time it, with the
//! peer (geotext's in-memory extraction) on the same file in the same run
//! when it is installed.
//!
//! Run: `cargo bench --bench throughput` (needs `/usr/bin/time`, from
//! Debian's `time` package, for peak memory). `GEOMENTION_BENCH_MB` sets the
//! size of the big file (default 500); `GEOMENTION_PEER_PYTHON` a Python
//! with geotext installed (default `python3`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn texts(folder_glob: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for folder in folder_glob {
        let dir = root().join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        out.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    out
}

/// Writes `texts` repeated, separated by blank lines, until `bytes`.
fn repeat_to(path: &Path, texts: &[String], bytes: usize) {
    use std::io::Write;
    let blob = texts.join("\n\n") + "\n\n";
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut n = 0;
    while n < bytes {
        f.write_all(blob.as_bytes()).unwrap();
        n += blob.len();
    }
}

struct Measure {
    seconds: f64,
    peak_kib: Option<u64>,
}

/// Runs a command, timing it and reading its peak RSS from /usr/bin/time.
fn measure(program: &str, args: &[&str], env: &[(&str, &str)]) -> Option<Measure> {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "peak %M"]).arg(program).args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    cmd.envs(env.iter().copied())
        .stdout(std::process::Stdio::null());
    let started = Instant::now();
    let out = cmd.output().ok()?;
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        eprintln!(
            "{program} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kib = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak "))
        .and_then(|v| v.trim().parse().ok());
    Some(Measure { seconds, peak_kib })
}

fn row(what: &str, bytes: u64, m: Option<Measure>) {
    match m {
        Some(m) => println!(
            "| {what} | {:.0} | {:.2} | {:.0} | {} |",
            bytes as f64 / 1e6,
            m.seconds,
            bytes as f64 / 1e6 / m.seconds,
            m.peak_kib
                .map_or("-".to_string(), |k| format!("{:.0}", k as f64 / 1024.0))
        ),
        None => println!("| {what} | - | - | - | - |"),
    }
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_geomention");
    let mb: usize = std::env::var("GEOMENTION_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let dir = root().join("target/bench-corpus");
    std::fs::create_dir_all(&dir).unwrap();

    let english = texts(&[
        "tests/data/mentions",
        "tests/data/mentions-heldout",
        "examples/corpus",
    ]);
    let big = dir.join(format!("english-{mb}MB.txt"));
    if std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0) < (mb as u64) << 20 {
        repeat_to(&big, &english, mb << 20);
    }
    let big_bytes = std::fs::metadata(&big).unwrap().len();

    // One file per language, 4 MB each.
    let mixed = dir.join("languages");
    std::fs::create_dir_all(&mixed).unwrap();
    let mut mixed_bytes = 0;
    for tag in geomention::gazetteer::LANGUAGES.iter().chain(&["en"]) {
        let folder = if *tag == "en" {
            "tests/data/mentions-heldout".to_string()
        } else {
            format!("tests/data/mentions-{tag}")
        };
        let path = mixed.join(format!("{tag}.txt"));
        if !path.exists() {
            repeat_to(&path, &texts(&[&folder]), 4 << 20);
        }
        mixed_bytes += std::fs::metadata(&path).unwrap().len();
    }

    // Many small files.
    let small = dir.join("small");
    if !small.exists() {
        std::fs::create_dir_all(&small).unwrap();
        for i in 0..20_000 {
            let text = &english[i % english.len()];
            std::fs::write(small.join(format!("{i:05}.txt")), text).unwrap();
        }
    }
    let small_bytes: u64 = std::fs::read_dir(&small)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();

    let big_s = big.to_str().unwrap();
    let out = dir.join("maps");
    let out_s = out.to_str().unwrap();
    println!("Whole-process figures (geomention {bin}):\n");
    println!("| run | MB | seconds | MB/s | peak RSS MiB |");
    println!("| --- | --- | --- | --- | --- |");
    for threads in ["1", "2"] {
        let env = [("RAYON_NUM_THREADS", threads)];
        row(
            &format!("mentions, English {mb} MB, csv, {threads} thread(s)"),
            big_bytes,
            measure(bin, &["mentions", big_s, "-q"], &env),
        );
    }
    row(
        &format!("mentions --spans --format json, English {mb} MB"),
        big_bytes,
        measure(
            bin,
            &["mentions", big_s, "--spans", "--format", "json", "-q"],
            &[],
        ),
    );
    row(
        &format!("map (3 regions), English {mb} MB"),
        big_bytes,
        measure(bin, &["map", big_s, "--out", out_s, "-q"], &[]),
    );
    for threads in ["1", "2"] {
        row(
            &format!("mentions, 27 languages x 4 MB, {threads} thread(s)"),
            mixed_bytes,
            measure(
                bin,
                &["mentions", mixed.to_str().unwrap(), "-q"],
                &[("RAYON_NUM_THREADS", threads)],
            ),
        );
    }
    row(
        "mentions, 20,000 small files",
        small_bytes,
        measure(bin, &["mentions", small.to_str().unwrap(), "-q"], &[]),
    );

    let python = std::env::var("GEOMENTION_PEER_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_peer = Command::new(&python)
        .args(["-c", "import geotext"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_peer {
        let script = "import sys\nfrom geotext import GeoText\ntext = open(sys.argv[1], encoding='utf8').read()\nGeoText(text).country_mentions\n";
        row(
            &format!("peer: geotext (in memory), English {mb} MB"),
            big_bytes,
            measure(&python, &["-c", script, big_s], &[]),
        );
    } else {
        println!("\n(geotext not found for {python}: `pip install geotext` to compare)");
    }
}
