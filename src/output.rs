//! Writing files safely: everything goes to a temporary file beside the
//! target and is renamed into place, so a crash or a full disk never leaves
//! a half-written output; an output directory is locked while a run writes
//! into it, and temporary files of runs that died are cleared.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same directory.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("geomention-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("hello.txt");
/// geomention::output::write_atomic(&path, b"hi").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hi");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// A file written under a temporary name and renamed into place by
/// [`AtomicFile::commit`]; dropped without a commit, it leaves nothing.
///
/// ```
/// use std::io::Write;
/// use geomention::output::AtomicFile;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rows.csv");
/// let mut f = AtomicFile::create(&path).unwrap();
/// f.write_all(b"a,b\n").unwrap();
/// assert!(!path.exists());
/// f.commit().unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
/// ```
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Starts writing `path` (under a temporary name).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let tmp = temp_path(path);
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(std::io::BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// The file's final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let file = self.file.take().expect("not yet committed");
        let result = (|| {
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_data()?;
            std::fs::rename(&self.tmp, &self.path)
        })();
        result.map_err(|e| Error::io(&self.path, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("not yet committed").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() || self.tmp.exists() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// `dir/.name.tmp-PID-N`: hidden, unique per write, same file system.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// The PID in a temporary name written by [`temp_path`] (or the old
/// `.name.tmp-PID` form).
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(".tmp-")?;
    tail.split('-').next()?.parse().ok()
}

/// Whether a process is still running (Linux: `/proc/PID`; elsewhere every
/// process is taken as running, so nothing of another run is ever removed).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

const LOCK_NAME: &str = ".geomention.lock";

/// An output directory held by one run: created if missing, checked
/// writable, cleared of temporary files left by runs that died, and locked
/// against a second run until dropped.
///
/// ```
/// use geomention::output::OutputDir;
/// let dir = tempfile::tempdir().unwrap();
/// let out = OutputDir::lock(dir.path()).unwrap();
/// let err = OutputDir::lock(dir.path()).unwrap_err().to_string();
/// assert!(err.contains("another geomention run"), "{err}");
/// drop(out);
/// assert!(OutputDir::lock(dir.path()).is_ok());
/// ```
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    lock: PathBuf,
}

impl OutputDir {
    /// Takes `dir` for this run.
    pub fn lock(dir: &Path) -> Result<OutputDir> {
        let cannot = |e: std::io::Error| {
            Error::Invalid(format!(
                "--out {}: cannot write output there ({e}); choose a directory you can write to",
                dir.display()
            ))
        };
        std::fs::create_dir_all(dir).map_err(cannot)?;
        let lock = dir.join(LOCK_NAME);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock)
            {
                Ok(mut f) => {
                    writeln!(f, "{}", std::process::id()).map_err(cannot)?;
                    f.sync_data().map_err(cannot)?;
                    let out = OutputDir {
                        dir: dir.to_path_buf(),
                        lock,
                    };
                    out.clear_stale_temp_files();
                    return Ok(out);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = std::fs::read_to_string(&lock)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    match owner {
                        Some(pid) if alive(pid) => {
                            return Err(Error::Invalid(format!(
                            "--out {}: another geomention run (process {pid}) is writing there; \
                                 wait for it to finish or choose another directory",
                            dir.display()
                        )))
                        }
                        _ => {
                            // Left by a run that died: take it over.
                            let _ = std::fs::remove_file(&lock);
                        }
                    }
                }
                Err(e) => return Err(cannot(e)),
            }
        }
        Err(Error::Invalid(format!(
            "--out {}: could not lock it ({LOCK_NAME} keeps coming back); is another run starting?",
            dir.display()
        )))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn clear_stale_temp_files(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if temp_owner(&name).is_some_and(|pid| pid != std::process::id() && !alive(pid)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.lock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_unique_per_write_and_name_their_process() {
        let a = temp_path(Path::new("d/pacific.geojson"));
        let b = temp_path(Path::new("d/pacific.geojson"));
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temp_owner(&name), Some(std::process::id()));
        assert_eq!(temp_owner(".europe.geojson.tmp-4242"), Some(4242));
        assert_eq!(temp_owner("europe.geojson"), None);
    }
}
