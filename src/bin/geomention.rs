//! The `geomention` command: a thin layer over the library.
//!
//! Exit codes: 0 success, 1 bad input (unreadable file, unknown region,
//! malformed regions or values file...), 2 usage error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use geomention::classify::ClassMethod;
use geomention::corpus::{self, Scan, Source};
use geomention::layers::LayerOptions;
use geomention::maps::{self, Formats, MapJob};
use geomention::render::map::MapStyle;
use geomention::values::Values;
use geomention::{Error, Extractor, Gazetteer, RegionSet, Target};

const AFTER_HELP: &str = "\
Exit status: 0 success, 1 bad input (unreadable file, unknown region or country,
malformed regions or values file), 2 usage error.

Examples:
  geomention map examples/corpus --regions southeast-asia,africa,pacific --out maps
  geomention mentions report.txt --spans
  cat article.txt | geomention mentions -
  geomention lookup Burma \"Ivory Coast\" KH";

#[derive(Parser)]
#[command(
    name = "geomention",
    version,
    about = "Find the countries and regions texts mention, and map them.",
    long_about = "Find the countries and world regions a pile of texts mention (names, aliases, \
demonyms: \"Burma\", \"Cambodian police\", \"Myanmar-based\"), count them, and write region \
layers as GeoJSON with a QGIS style, and PNG/SVG choropleth maps.",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Map the countries texts mention: GeoJSON + QGIS style, PNG, SVG per region.
    #[command(
        after_help = "Writes, per region, OUT/<region>.geojson and .qml (QGIS style), \
.png and/or .svg, and OUT/mentions.csv (document, iso_a3, country, count).\n\n\
Example:\n  geomention map examples/corpus --regions southeast-asia,africa,pacific --out maps"
    )]
    Map(MapArgs),
    /// List the countries and regions each text mentions, with counts or spans.
    #[command(
        after_help = "CSV columns: document,kind,id,name,count; with --spans: \
document,kind,id,name,form_kind,start,end,text (byte offsets).\n\n\
Example:\n  geomention mentions examples/corpus --format json"
    )]
    Mentions(MentionsArgs),
    /// Look countries up by code, name, alias or demonym.
    Lookup {
        /// Codes or names ("KH", "KHM", "116", "Burma", "Filipino").
        #[arg(required = true)]
        queries: Vec<String>,
    },
    /// List region ids, their names and member countries.
    Regions {
        #[command(flatten)]
        regions: RegionsArg,
    },
}

#[derive(Args)]
struct InputArgs {
    /// Text files or directories (walked recursively); `-` reads standard input.
    #[arg(value_name = "FILE|DIR|-", required = true)]
    inputs: Vec<PathBuf>,
    /// No progress bar and no warnings on standard error.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct RegionsArg {
    /// A regions file of your own (TOML, same format as geodata/regions.toml).
    #[arg(long, value_name = "FILE")]
    regions_file: Option<PathBuf>,
}

#[derive(Args)]
struct MapArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Regions to map, comma-separated (see `geomention regions`).
    #[arg(
        long,
        short,
        value_delimiter = ',',
        default_value = "southeast-asia,africa,pacific"
    )]
    regions: Vec<String>,
    #[command(flatten)]
    regions_file: RegionsArg,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// Files to write, comma-separated: geojson (with .qml), png, svg.
    #[arg(long, short, default_value = "geojson,png", value_parser = parse_with::<Formats>)]
    format: Formats,
    /// Map your own numbers instead of mention counts: CSV with a header and
    /// columns country (code or name), value.
    #[arg(long, value_name = "CSV")]
    values: Option<PathBuf>,
    /// Classing: quantile, equal, jenks, or the upper bounds of the classes,
    /// ascending: 1,5,20 makes 1 | 2-5 | 6-20 | 21 and more.
    #[arg(long, default_value = "jenks", value_parser = parse_with::<ClassMethod>)]
    classes: ClassMethod,
    /// Number of classes (quantile, equal, jenks).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=8))]
    class_count: u8,
    /// Map title (default: "Where the texts mention: <region>").
    #[arg(long)]
    title: Option<String>,
    /// Map subtitle (default: counts and classing method).
    #[arg(long)]
    subtitle: Option<String>,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1600, value_parser = clap::value_parser!(u32).range(400..=8000))]
    width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(300..=8000))]
    height: u32,
    /// How many top countries get a label.
    #[arg(long, default_value_t = 8)]
    labels: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Csv,
    Json,
}

#[derive(Args)]
struct MentionsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "csv")]
    format: OutputFormat,
    /// One row per mention with its byte span instead of counts.
    #[arg(long)]
    spans: bool,
    #[command(flatten)]
    regions_file: RegionsArg,
}

/// Parses an option value with the library's parser, so that a bad value
/// is a usage error (exit 2) with the library's message.
fn parse_with<T: std::str::FromStr<Err = Error>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit with status 2
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Map(args) => map(args),
        Command::Mentions(args) => mentions(args),
        Command::Lookup { queries } => lookup(&queries),
        Command::Regions { regions } => list_regions(&regions),
    }
}

/// The regions and the extractor that knows their phrases: the bundled
/// ones, or built from the user's `--regions-file`.
struct Setup {
    own: Option<RegionSet>,
    /// Built on first use: `geomention regions` never needs it.
    own_extractor: std::sync::OnceLock<Extractor>,
}

impl Setup {
    fn new(arg: &RegionsArg) -> Result<Setup, Error> {
        let own = match &arg.regions_file {
            Some(path) => Some(RegionSet::from_path(path, Gazetteer::bundled())?),
            None => None,
        };
        Ok(Setup {
            own,
            own_extractor: std::sync::OnceLock::new(),
        })
    }

    fn regions(&self) -> &RegionSet {
        self.own.as_ref().unwrap_or(RegionSet::bundled())
    }

    fn extractor(&self) -> &Extractor {
        match &self.own {
            Some(regions) => self
                .own_extractor
                .get_or_init(|| Extractor::new(Gazetteer::bundled(), regions)),
            None => Extractor::bundled(),
        }
    }
}

/// Scans the inputs with a progress bar on a terminal once there are many
/// documents or the scan takes more than a second.
fn scan_inputs(
    input: &InputArgs,
    extractor: &Extractor,
    keep_spans: bool,
) -> Result<(Vec<Source>, Scan), Error> {
    let sources = corpus::expand(&input.inputs)?;
    let show = !input.quiet && std::io::stderr().is_terminal();
    let bar =
        ProgressBar::with_draw_target(Some(sources.len() as u64), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} scanning {pos}/{len} documents [{bar:30}] {eta}")
            .expect("valid progress template")
            .progress_chars("=> "),
    );
    let shown = AtomicBool::new(false);
    let started = Instant::now();
    let reveal = || {
        if show && !shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    };
    if sources.len() > 300 {
        reveal();
    }
    let scan = corpus::scan(&sources, extractor, keep_spans, || {
        bar.inc(1);
        if started.elapsed() > Duration::from_secs(1) {
            reveal();
        }
    })?;
    bar.finish_and_clear();
    if !input.quiet {
        for w in &scan.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok((sources, scan))
}

fn map(args: MapArgs) -> Result<(), Error> {
    let gaz = Gazetteer::bundled();
    let setup = Setup::new(&args.regions_file)?;
    let region_set = setup.regions();
    let regions = args
        .regions
        .iter()
        .map(|id| region_set.get(id.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let (formats, method) = (args.format, args.classes);
    let values = args
        .values
        .as_ref()
        .map(|p| Values::from_path(p, gaz))
        .transpose()?;
    let (sources, scan) = scan_inputs(&args.input, setup.extractor(), false)?;
    let tally = scan.tally();
    if !args.input.quiet && values.is_none() && tally.country_totals().is_empty() {
        eprintln!(
            "warning: no country mentions found in {} document(s); the maps show every country as \"no mentions\"",
            scan.documents.len()
        );
    }
    check_writable(&args.out)?;
    let job = MapJob {
        regions,
        region_set,
        out_dir: args.out.clone(),
        formats,
        layer: LayerOptions {
            method,
            classes: usize::from(args.class_count),
        },
        style: MapStyle {
            width: args.width,
            height: args.height,
            title: args.title,
            subtitle: args.subtitle,
            labels: args.labels,
        },
        values,
    };
    let written = maps::write_maps(gaz, &tally, &job)?;
    if !args.input.quiet {
        eprintln!(
            "scanned {} document(s) ({} input(s)); wrote {} file(s) to {}",
            scan.documents.len(),
            sources.len(),
            written.len(),
            args.out.display()
        );
    }
    Ok(())
}

/// Fails early, before any work, when the output directory cannot be made
/// or written.
fn check_writable(dir: &PathBuf) -> Result<(), Error> {
    let cannot = |e: std::io::Error| {
        Error::Invalid(format!(
            "--out {}: cannot write output there ({e}); choose a directory you can write to",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let probe = dir.join(format!(".geomention-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(cannot)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn mentions(args: MentionsArgs) -> Result<(), Error> {
    let gaz = Gazetteer::bundled();
    let setup = Setup::new(&args.regions_file)?;
    let region_set = setup.regions();
    let (_, scan) = scan_inputs(&args.input, setup.extractor(), args.spans)?;
    let describe = |t: Target| -> (&'static str, String, String) {
        match t {
            Target::Country(id) => {
                let c = gaz.country(id);
                ("country", c.iso_a3.clone(), c.name.clone())
            }
            Target::Region(i) => {
                let r = &region_set.regions()[usize::from(i)];
                ("region", r.id.clone(), r.name.clone())
            }
        }
    };
    let mut out = std::io::stdout().lock();
    let io_err = |e: std::io::Error| Error::io("<stdout>", e);
    match args.format {
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let header: &[&str] = if args.spans {
                &[
                    "document",
                    "kind",
                    "id",
                    "name",
                    "form_kind",
                    "start",
                    "end",
                    "text",
                ]
            } else {
                &["document", "kind", "id", "name", "count"]
            };
            w.write_record(header).map_err(csv_err)?;
            for doc in &scan.documents {
                let name = &doc.tally.name;
                if args.spans {
                    for s in &doc.spans {
                        let (kind, id, label) = describe(s.target);
                        w.write_record([
                            name.as_str(),
                            kind,
                            &id,
                            &label,
                            s.kind.as_str(),
                            &s.start.to_string(),
                            &s.end.to_string(),
                            &s.matched,
                        ])
                        .map_err(csv_err)?;
                    }
                } else {
                    let counts = doc
                        .tally
                        .countries
                        .iter()
                        .map(|(id, n)| (Target::Country(*id), *n))
                        .chain(
                            doc.tally
                                .regions
                                .iter()
                                .map(|(r, n)| (Target::Region(*r), *n)),
                        );
                    for (t, n) in counts {
                        let (kind, id, label) = describe(t);
                        w.write_record([name.as_str(), kind, &id, &label, &n.to_string()])
                            .map_err(csv_err)?;
                    }
                }
            }
            out.write_all(&w.into_inner().map_err(|e| Error::Invalid(e.to_string()))?)
                .map_err(io_err)?;
        }
        OutputFormat::Json => {
            let docs: Vec<serde_json::Value> = scan
                .documents
                .iter()
                .map(|doc| {
                    let mut countries = serde_json::Map::new();
                    for (id, n) in &doc.tally.countries {
                        countries.insert(gaz.country(*id).iso_a3.clone(), (*n).into());
                    }
                    let mut regions = serde_json::Map::new();
                    for (r, n) in &doc.tally.regions {
                        regions.insert(
                            region_set.regions()[usize::from(*r)].id.clone(),
                            (*n).into(),
                        );
                    }
                    let mut v = serde_json::json!({
                        "document": doc.tally.name,
                        "countries": countries,
                        "regions": regions,
                    });
                    if args.spans {
                        v["mentions"] = doc
                            .spans
                            .iter()
                            .map(|s| {
                                let (kind, id, name) = describe(s.target);
                                serde_json::json!({
                                    "kind": kind, "id": id, "name": name, "form_kind": s.kind.as_str(),
                                    "start": s.start, "end": s.end, "text": s.matched,
                                })
                            })
                            .collect();
                    }
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &docs)
                .map_err(|e| Error::io("<stdout>", e.into()))?;
            writeln!(out).map_err(io_err)?;
        }
    }
    Ok(())
}

fn csv_err(e: csv::Error) -> Error {
    Error::Invalid(format!("writing CSV: {e}"))
}

fn lookup(queries: &[String]) -> Result<(), Error> {
    let gaz = Gazetteer::bundled();
    let mut unknown = 0;
    for q in queries {
        match gaz.lookup(q) {
            Ok(id) => {
                let c = gaz.country(id);
                let a2 = c.iso_a2.as_deref().unwrap_or("-");
                println!("{q}\t{}\t{a2}\t{}", c.iso_a3, c.name);
            }
            Err(e) => {
                eprintln!("error: {e}");
                let regions = RegionSet::bundled().regions();
                let folded = q.trim().to_lowercase();
                if let Some(r) = regions.iter().find(|r| {
                    r.id == folded || r.phrases.iter().any(|p| p.to_lowercase() == folded)
                }) {
                    eprintln!(
                        "note: {q:?} is the region {:?} ({}); `geomention regions` lists its members",
                        r.id, r.name
                    );
                }
                unknown += 1;
            }
        }
    }
    if unknown > 0 {
        return Err(Error::Invalid(format!(
            "{unknown} of {} queries not found",
            queries.len()
        )));
    }
    Ok(())
}

fn list_regions(arg: &RegionsArg) -> Result<(), Error> {
    let gaz = Gazetteer::bundled();
    let setup = Setup::new(arg)?;
    for r in setup.regions().regions() {
        let members: Vec<&str> = r
            .members
            .iter()
            .map(|id| gaz.country(*id).iso_a3.as_str())
            .collect();
        println!(
            "{}\t{}\t{} members\t{}",
            r.id,
            r.name,
            members.len(),
            members.join(" ")
        );
    }
    Ok(())
}
