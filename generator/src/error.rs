//! Errors of the generator. Every error that comes from input says where: the file, a JSON pointer
//! into the document and, when the text allows it, the line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in an input document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file the problem is in.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer to the offending node (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column, when they could be found in the text.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location with no line information yet.
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
            line_col: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (at #{})", self.pointer)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while generating.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The input is wrong or uses something the generator does not support.
    Spec {
        /// Where.
        location: Location,
        /// What is wrong, in one sentence.
        message: String,
        /// The offending lines of the source text, when known.
        snippet: Option<String>,
    },
    /// A setting of the [`Generator`](crate::Generator) is wrong (e.g. a runtime path that is
    /// not a Rust path).
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// `check` found generated files that differ from what the specs produce.
    Stale {
        /// A unified diff per stale file.
        diff: String,
    },
}

impl Error {
    /// An input error at `pointer` in `file`.
    pub fn spec(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec {
            location: Location::new(file, pointer),
            message: message.into(),
            snippet: None,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The location of an input error.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Spec { location, .. } => Some(location),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Spec {
                location,
                message,
                snippet,
            } => {
                write!(f, "{location}: {message}")?;
                if let Some(snippet) = snippet {
                    write!(f, "\n{snippet}")?;
                }
                Ok(())
            }
            Error::Config { message } => write!(f, "generator settings: {message}"),
            Error::Stale { diff } => write!(f, "generated code is stale:\n{diff}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result with the generator's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_say_file_line_pointer_and_show_the_snippet() {
        let error = Error::Spec {
            location: Location {
                file: "specs/a.yaml".into(),
                pointer: "/paths/~1a".into(),
                line_col: Some((3, 5)),
            },
            message: "wrong".into(),
            snippet: Some("3 | x".into()),
        };
        assert_eq!(
            error.to_string(),
            "specs/a.yaml:3:5 (at #/paths/~1a): wrong\n3 | x"
        );
        let bare = Error::spec(Path::new("a.yaml"), "", "empty");
        assert_eq!(bare.to_string(), "a.yaml: empty");
        assert_eq!(bare.location().map(|l| l.pointer.as_str()), Some(""));
        let io = Error::io(Path::new("out"), std::io::Error::other("denied"));
        assert_eq!(io.to_string(), "out: denied");
        assert!(std::error::Error::source(&io).is_some());
    }
}
