//! The `geomention` command: a thin layer over the library.
//!
//! Exit codes: 0 success, 1 bad input (unreadable file, unknown region,
//! malformed regions or values file...), 2 usage error.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use geomention::classify::ClassMethod;
use geomention::dates::DateList;
use geomention::input::{Expand, ReadOptions, Source};
use geomention::layers::LayerOptions;
use geomention::maps::{self, Formats, MapJob};
use geomention::mentions::Language;
use geomention::periods::{Granularity, Window};
use geomention::render::map::MapStyle;
use geomention::scan::{self, Progress, ScanOptions, ScanSink, Tee};
use geomention::table::{MentionTable, TableFormat};
use geomention::tally::{DocumentTally, Tally};
use geomention::timemaps::TimeMaps;
use geomention::values::Values;
use geomention::{Error, Extractor, Gazetteer, RegionSet};

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
        after_help = "Writes, per region, OUT/<region>.geojson (countries), <region>-outline.geojson \
and, when some members have no boundary at this scale, <region>-points.geojson, each with a QGIS \
style (.qml) and an SLD; <region>.png and/or .svg; with gpkg, OUT/geomention.gpkg (every layer, \
the mentions and the styles); with qgis, OUT/geomention.qgs; and OUT/mentions.csv.\n\n\
Examples:\n  geomention map examples/corpus --regions southeast-asia,africa,pacific --out maps\n  \
geomention map examples/corpus --format gpkg,qgis,png --out maps\n  \
geomention map --values victims.csv --regions africa --out maps"
    )]
    Map(Box<MapArgs>),
    /// List the countries and regions each text mentions, with counts or spans.
    #[command(
        after_help = "CSV columns: document,kind,id,name,count; with --spans: \
document,kind,id,name,form_kind,start,end,text (byte offsets).\n\n\
Example:\n  geomention mentions examples/corpus --format json"
    )]
    Mentions(Box<MentionsArgs>),
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
    /// Files or directories (walked recursively) to read: text, and the
    /// other formats geomention reads; `-` reads standard input.
    #[arg(value_name = "FILE|DIR|-")]
    inputs: Vec<PathBuf>,
    /// Read only files (found in directories) matching this glob, e.g.
    /// '*.txt' or '2024/**'; repeat for several.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files (found in directories) matching this glob; repeat for several.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// The most read from standard input, a FIFO or a device (e.g. 500M,
    /// 8G; 0 for no limit). Regular files are read whatever their size.
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
    max_stream_size: u64,
    /// Column (CSV, TSV) or field (JSON; a.b for a nested one) holding a
    /// record's text [default: found by name: text, body, content,
    /// full_text, article...].
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// Column or field holding a record's id [default: id, doc_id, guid,
    /// uuid, url...; else FILE#ROW].
    #[arg(long, value_name = "NAME")]
    id_column: Option<String>,
    /// Column or field holding a record's date [default: date,
    /// publish_date, published, published_at, pubdate, seendate...].
    #[arg(long, value_name = "NAME")]
    date_column: Option<String>,
    /// Column or field holding a record's title [default: title, headline].
    #[arg(long, value_name = "NAME")]
    title_column: Option<String>,
    /// How to read standard input (-) [default: JSON when it starts like
    /// JSON Lines or an array of objects, else text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Dates of documents, CSV with columns document,date (the document as
    /// named in mentions.csv, or the end of its path); they win over dates
    /// found in the documents.
    #[arg(long, value_name = "CSV")]
    dates: Option<PathBuf>,
    /// Do not date documents by a date in their file name
    /// (2024-03-18_report.txt, 20240318-brief.pdf).
    #[arg(long)]
    no_file_dates: bool,
    /// Read every document in this language (en, fr, zh-Hans, th, ...;
    /// tags such as fr-FR, zh-TW or fra, and English names, work too)
    /// [default: the language a document declares, else the detected one].
    #[arg(long, value_name = "TAG", value_parser = parse_language)]
    language: Option<Language>,
    /// No progress bar and no warnings on standard error.
    #[arg(long, short)]
    quiet: bool,
}

/// Formats standard input can be read as.
#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Text,
    Csv,
    Tsv,
    Jsonl,
    Json,
}

impl InputFormat {
    /// The name of the library's reader.
    fn reader(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Csv => "csv",
            InputFormat::Tsv => "tsv",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Json => "json",
        }
    }
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
    /// Files to write, comma-separated: geojson (with .qml and .sld styles),
    /// png, svg, gpkg (one GeoPackage), qgis (a QGIS project; implies geojson
    /// unless gpkg is given).
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
    /// Map over time too, by year, quarter or month: REGION-periods.geojson
    /// (for QGIS's Temporal Controller), small multiples, a trend chart and a
    /// first-mention map per region.
    #[arg(long, value_name = "PERIOD", value_parser = parse_with::<Granularity>)]
    by: Option<Granularity>,
    /// With --by: the first date or period shown (2023-01-01, 2023-Q1, 2023-03, 2023).
    #[arg(long, value_name = "DATE", requires = "by")]
    from: Option<String>,
    /// With --by: the last date or period shown (included).
    #[arg(long, value_name = "DATE", requires = "by")]
    to: Option<String>,
    /// With --by: how many of a region's countries get a line in the trend chart.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u8).range(0..=7))]
    top: u8,
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

/// Parses a language tag or name into a language geomention reads.
fn parse_language(s: &str) -> Result<Language, String> {
    Language::from_tag(s).ok_or_else(|| {
        let tags: Vec<&str> = Language::all().map(Language::tag).collect();
        format!(
            "geomention does not read {s:?}; use one of {}",
            tags.join(", ")
        )
    })
}

/// Parses a size such as 500M, 8G, 1024 (bytes); 0 means no limit.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size; use e.g. 500M or 8G"))?;
    let shift = match unit
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("{s:?}: unknown unit {unit:?}; use K, M, G or T")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit with status 2
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS, // `| head`: the reader has enough
        Err(Error::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Map(args) => map(*args),
        Command::Mentions(args) => mentions(*args),
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

/// The sources the inputs name (never the output directory), and the scan
/// options they ask for.
fn sources(
    input: &InputArgs,
    out: Option<&std::path::Path>,
    spans: bool,
) -> Result<(Vec<Source>, ScanOptions, Vec<String>), Error> {
    let mut expand = Expand::default();
    expand.include(&input.include)?.exclude(&input.exclude)?;
    if let Some(out) = out {
        expand.skip_dir(out);
    }
    let mut found = expand.run(&input.inputs)?;
    if input.input_format.is_some() && !found.sources.contains(&Source::Stdin) {
        found
            .warnings
            .push("--input-format applies to standard input (-) only; ignored".into());
    }
    let dates = input
        .dates
        .as_ref()
        .map(|p| DateList::from_path(p).map(std::sync::Arc::new))
        .transpose()?;
    let options = ScanOptions {
        spans,
        stream_limit: (input.max_stream_size > 0).then_some(input.max_stream_size),
        read: ReadOptions {
            text_column: input.text_column.clone(),
            id_column: input.id_column.clone(),
            date_column: input.date_column.clone(),
            title_column: input.title_column.clone(),
        },
        stdin_format: input.input_format.map(InputFormat::reader),
        dates,
        file_name_dates: !input.no_file_dates,
        language: input.language,
        ..ScanOptions::default()
    };
    Ok((found.sources, options, found.warnings))
}

/// Shows warnings and, on a terminal, a progress bar once there are many
/// documents or the scan takes more than a second: by bytes for a few big
/// inputs, by inputs for many small ones.
struct Console {
    quiet: bool,
    bar: ProgressBar,
    shown: bool,
    show: bool,
    started: Instant,
    by_bytes: bool,
}

impl Console {
    fn new(quiet: bool, sources: &[Source]) -> Console {
        let show = !quiet && std::io::stderr().is_terminal();
        // Sizes are looked up for a few inputs only: a stat per file would
        // cost more than the scan of many small ones.
        let total_bytes: u64 = if sources.len() < 50 {
            sources
                .iter()
                .filter_map(|s| match s {
                    Source::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                    Source::Stdin => None,
                })
                .sum()
        } else {
            0
        };
        let by_bytes = total_bytes > 64 << 20;
        let (len, template) = if by_bytes {
            (
                total_bytes,
                "{spinner} scanning {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec} {eta}",
            )
        } else {
            (
                sources.len() as u64,
                "{spinner} scanning {pos}/{len} inputs [{bar:30}] {eta}",
            )
        };
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid progress template")
                .progress_chars("=> "),
        );
        let mut console = Console {
            quiet,
            bar,
            shown: false,
            show,
            started: Instant::now(),
            by_bytes,
        };
        if sources.len() > 300 {
            console.reveal();
        }
        console
    }

    fn reveal(&mut self) {
        if self.show && !std::mem::replace(&mut self.shown, true) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn warn(&self, message: &str) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("warning: {message}"));
        }
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

impl ScanSink for Console {
    fn document(&mut self, _doc: &DocumentTally) -> Result<(), Error> {
        Ok(())
    }
    fn warning(&mut self, message: &str) {
        self.warn(message);
    }
    fn progress(&mut self, p: Progress) {
        self.bar
            .set_position(if self.by_bytes { p.bytes } else { p.sources });
        if self.started.elapsed() > Duration::from_secs(1) {
            self.reveal();
        }
    }
}

/// The regions asked for, each once, in the order given.
fn chosen_regions<'r>(
    region_set: &'r RegionSet,
    ids: &[String],
) -> Result<Vec<&'r geomention::Region>, Error> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .map(|id| id.trim())
        .filter(|id| seen.insert(id.to_string()))
        .map(|id| region_set.get(id))
        .collect()
}

fn map(args: MapArgs) -> Result<(), Error> {
    let gaz = Gazetteer::bundled();
    let setup = Setup::new(&args.regions_file)?;
    let region_set = setup.regions();
    let regions = chosen_regions(region_set, &args.regions)?;
    let values = args
        .values
        .as_ref()
        .map(|p| Values::from_path(p, gaz))
        .transpose()?;
    if args.input.inputs.is_empty() && values.is_none() {
        return Err(Error::Usage(
            "give the files or directories to read (or --values CSV to map your own numbers)"
                .into(),
        ));
    }
    let (sources, options, notes) = sources(&args.input, Some(&args.out), false)?;
    let mut console = Console::new(args.input.quiet, &sources);
    notes.iter().for_each(|n| console.warn(n));
    let job = MapJob {
        regions,
        region_set,
        out_dir: args.out.clone(),
        formats: args.format,
        layer: LayerOptions {
            method: args.classes,
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
        time: args
            .by
            .map(|granularity| -> Result<TimeMaps, Error> {
                Ok(TimeMaps {
                    granularity,
                    window: Window::parse(args.from.as_deref(), args.to.as_deref())
                        .map_err(|e| Error::Usage(e.to_string()))?,
                    top: usize::from(args.top),
                })
            })
            .transpose()?,
    };
    let report = maps::run(&sources, setup.extractor(), &options, &job, &mut console);
    console.done();
    let report = report?;
    let quiet = args.input.quiet;
    if !quiet {
        warn_time(&job, &report.tally);
    }
    if !quiet && job.values.is_none() && report.tally.country_totals().is_empty() {
        eprintln!(
            "warning: no country mentions found in {} document(s); the maps show every country as \"no mentions\"",
            report.tally.documents()
        );
    }
    if !quiet {
        eprintln!(
            "scanned {} document(s) ({} input(s)){}; wrote {} file(s) to {}",
            report.tally.documents(),
            sources.len(),
            dating_summary(&report.tally),
            report.written.len(),
            args.out.display()
        );
    }
    Ok(())
}

/// Says why no maps over time were drawn when `--by` was given.
fn warn_time(job: &MapJob, tally: &Tally) {
    let Some(time) = &job.time else {
        return;
    };
    if job.values.is_some() {
        eprintln!("warning: --by: your values have no dates; no maps over time were drawn");
        return;
    }
    let Some(timeline) = tally.timeline() else {
        return;
    };
    let (shown, left_out) = geomention::timemaps::shown_periods(timeline);
    if left_out > 0 && timeline.counted().next().is_some() {
        eprintln!(
            "warning: --by {g}: the dated documents span {} {g}s; the maps over time show the last {} (from {}). \
Give --from (and --to) to choose the window, or a longer period with --by",
            left_out + shown.len(),
            shown.len(),
            shown.first().map(ToString::to_string).unwrap_or_default(),
            g = time.granularity.name(),
        );
    }
    if timeline.counted().next().is_none() {
        let window = if time.window == Window::default() {
            ""
        } else {
            " between --from and --to"
        };
        eprintln!(
            "warning: --by {}: no document has a date{window}; no maps over time were drawn. \
Dates come from the documents' metadata, dates in file names (2024-03-18_report.txt) or --dates",
            time.granularity.name()
        );
    }
}

/// What the run knew of its documents' dates, for the summary line: how
/// many are undated, and with `--by`, how many fell in no period.
fn dating_summary(tally: &Tally) -> String {
    let mut parts = Vec::new();
    if tally.undated() > 0 {
        parts.push(format!("{} undated", tally.undated()));
    }
    if let Some(t) = tally.timeline() {
        let in_periods: u64 = t.counted().map(|(_, p)| p.documents()).sum();
        parts.insert(0, format!("{in_periods} in {} period(s)", t.span().len()));
        if t.coarse() > 0 {
            parts.push(format!(
                "{} dated less precisely than a {}",
                t.coarse(),
                t.granularity().name()
            ));
        }
        if t.outside() > 0 {
            parts.push(format!("{} outside --from/--to", t.outside()));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

fn mentions(args: MentionsArgs) -> Result<(), Error> {
    if args.input.inputs.is_empty() {
        return Err(Error::Usage(
            "give the files or directories to read (- for standard input)".into(),
        ));
    }
    let setup = Setup::new(&args.regions_file)?;
    let (sources, options, notes) = sources(&args.input, None, args.spans)?;
    let mut console = Console::new(args.input.quiet, &sources);
    notes.iter().for_each(|n| console.warn(n));
    let format = match (args.format, args.spans) {
        (OutputFormat::Csv, false) => TableFormat::CountsCsv,
        (OutputFormat::Csv, true) => TableFormat::SpansCsv,
        (OutputFormat::Json, spans) => TableFormat::Json { spans },
    };
    let stdout = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
    let mut table = MentionTable::new(stdout, format, Gazetteer::bundled(), setup.regions());
    let result = scan::scan(
        &sources,
        setup.extractor(),
        &options,
        &mut Tee(vec![&mut console, &mut table]),
    );
    console.done();
    result?;
    table.finish()?;
    Ok(())
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
