//! From command-line inputs to the list of sources to read: directories
//! walked in name order, each file once, never the output directory.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A file (or a FIFO or device the user named).
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Source {
    /// The name used in outputs and messages: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// How inputs are expanded into sources.
///
/// ```
/// use geomention::input::Expand;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
/// let mut expand = Expand::default();
/// expand.exclude(&["*summary*".to_string()]).unwrap();
/// let found = expand.run(&[dir.into()]).unwrap();
/// assert_eq!(found.sources.len(), 11);
/// ```
#[derive(Debug, Default)]
pub struct Expand {
    skip_dir: Option<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

/// The sources found, and what was left out and why.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Every source, once, in order.
    pub sources: Vec<Source>,
    /// Files given or found twice, the output directory inside an input...
    pub warnings: Vec<String>,
}

impl Expand {
    /// Never reads below `dir` (the output directory), even when an input
    /// directory holds it.
    pub fn skip_dir(&mut self, dir: &Path) -> &mut Expand {
        self.skip_dir = dir.canonicalize().ok().or_else(|| Some(dir.to_path_buf()));
        self
    }

    /// Reads only walked files matching one of these globs (matched
    /// against the path below the input directory and the file name).
    pub fn include(&mut self, globs: &[String]) -> Result<&mut Expand> {
        self.include = glob_set(globs, "--include")?;
        Ok(self)
    }

    /// Skips walked files matching one of these globs.
    pub fn exclude(&mut self, globs: &[String]) -> Result<&mut Expand> {
        self.exclude = glob_set(globs, "--exclude")?;
        Ok(self)
    }

    /// Expands inputs: files as they are, directories walked recursively
    /// (hidden entries, a folder's own `README.md` and the output
    /// directory skipped, names sorted), `-` for standard input. A path that
    /// does not exist is an error; a file reached twice is read once.
    pub fn run(&self, inputs: &[PathBuf]) -> Result<Expanded> {
        let mut out = Expanded::default();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut stdin_seen = false;
        for input in inputs {
            if input.as_os_str() == "-" {
                if !std::mem::replace(&mut stdin_seen, true) {
                    out.sources.push(Source::Stdin);
                }
                continue;
            }
            let meta = std::fs::metadata(input).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::Invalid(format!(
                    "{}: no such file or directory; check the path (use - to read standard input)",
                    input.display()
                )),
                _ => Error::io(input, e),
            })?;
            let canonical = input.canonicalize().unwrap_or_else(|_| input.clone());
            if !meta.is_dir() {
                self.add(&mut out, &mut seen, input.clone(), canonical);
                continue;
            }
            if self.skip_dir.as_deref() == Some(canonical.as_path()) {
                out.warnings.push(format!(
                    "{}: not read: it is the output directory",
                    input.display()
                ));
                continue;
            }
            self.walk(input, &canonical, &mut out, &mut seen)?;
        }
        Ok(out)
    }

    fn walk(
        &self,
        input: &Path,
        canonical: &Path,
        out: &mut Expanded,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<()> {
        let skip = self
            .skip_dir
            .as_deref()
            .and_then(|d| d.strip_prefix(canonical).ok())
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(Path::to_path_buf);
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let is_out = skip
                    .as_deref()
                    .is_some_and(|s| e.path().strip_prefix(input).is_ok_and(|rel| rel == s));
                !hidden && !is_out
            });
        if let Some(s) = &skip {
            out.warnings.push(format!(
                "{}: not read: it is the output directory",
                input.join(s).display()
            ));
        }
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(input).to_path_buf();
                Error::io(path, e.into())
            })?;
            if !entry.file_type().is_file() || is_documentation(entry.path()) {
                continue;
            }
            let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
            if !self.wanted(rel) {
                continue;
            }
            let key = canonical.join(rel);
            self.add(out, seen, entry.into_path(), key);
        }
        Ok(())
    }

    fn add(&self, out: &mut Expanded, seen: &mut HashSet<PathBuf>, path: PathBuf, key: PathBuf) {
        if seen.insert(key) {
            out.sources.push(Source::File(path));
        } else {
            out.warnings.push(format!(
                "{}: given twice (directly or inside a directory); read once",
                path.display()
            ));
        }
    }

    fn wanted(&self, rel: &Path) -> bool {
        let name = rel.file_name().map(Path::new).unwrap_or(rel);
        let matches = |set: &GlobSet| set.is_match(rel) || set.is_match(name);
        self.include.as_ref().is_none_or(matches) && !self.exclude.as_ref().is_some_and(matches)
    }
}

/// Expands inputs with the default options (see [`Expand::run`]).
///
/// ```
/// use geomention::input::expand;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus");
/// assert!(expand(&[dir.into()]).unwrap().len() >= 10);
/// assert!(expand(&["no/such/file.txt".into()]).is_err());
/// ```
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    Ok(Expand::default().run(inputs)?.sources)
}

fn glob_set(globs: &[String], option: &str) -> Result<Option<GlobSet>> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g)
            .map_err(|e| Error::Invalid(format!("{option} {g:?}: not a valid glob ({e})")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| Error::Invalid(format!("{option}: {e}")))
}

/// A corpus folder's own README is not one of its documents.
fn is_documentation(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}
