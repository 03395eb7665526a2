//! The crate's error type: every variant says what went wrong and where.

use std::path::PathBuf;

/// Everything that can go wrong in geomention.
///
/// Each variant names the file, line or value at fault, so the message can be
/// shown to a user as it is.
///
/// ```
/// use geomention::Gazetteer;
/// let err = Gazetteer::bundled().lookup("Burmaa").unwrap_err();
/// assert!(err.to_string().contains("Burma"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A country code or name that the gazetteer does not know.
    #[error("unknown country {query:?}{}", suggest(.suggestions))]
    UnknownCountry {
        /// What was looked up.
        query: String,
        /// Close matches, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A region id that is not in the region set.
    #[error("unknown region {id:?}; valid regions are: {}", .valid.join(", "))]
    UnknownRegion {
        /// The id asked for.
        id: String,
        /// Every id the region set knows.
        valid: Vec<String>,
    },
    /// A malformed data file (regions file, values CSV, bundled table).
    #[error("{}:{line}: {message}", .path.display())]
    Parse {
        /// The file at fault.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A file or directory that could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path at fault.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A bad argument value (classes, breaks, sizes...).
    #[error("{0}")]
    Invalid(String),
    /// A command used the wrong way (a missing argument...); the command
    /// line exits with status 2.
    #[error("{0}")]
    Usage(String),
    /// Drawing a map failed.
    #[error("drawing {}: {message}", .path.display())]
    Render {
        /// The output being drawn.
        path: PathBuf,
        /// What the drawing backend said.
        message: String,
    },
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; use an ISO 3166 code (e.g. MMR, KH) or an English name".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
