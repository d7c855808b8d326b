//! What `[System.IO.File]`, `[System.IO.Directory]` and `[System.IO.Path]` share: paths made
//! absolute against the process's working directory (as .NET does, which is not `$PWD`), and
//! I/O failures as the .NET exceptions of those methods on Unix.

use crate::error::{ErrorCategory, ErrorRecord, Flow};
use std::path::{Path, PathBuf};

/// A path made absolute against the process's working directory, `.`/`..` folded
/// (`Path.GetFullPath`).
pub(crate) fn full_path(path: &str) -> PathBuf {
    let p = Path::new(path);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(p)
    };
    super::normalize_path(&joined)
}

/// The text of a path as .NET quotes it in messages.
pub(crate) fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A .NET exception of a type, as a method's failure (wrapped by the caller).
pub(crate) fn exception(ty: &str, category: ErrorCategory, message: String) -> Flow {
    let short = ty.rsplit('.').next().unwrap_or(ty);
    let mut rec = ErrorRecord::new(short, category, message);
    rec.exception_type = ty.to_string();
    Flow::Error(Box::new(rec))
}

/// `Could not find file '...'.`
pub(crate) fn file_not_found(path: &Path) -> Flow {
    exception(
        "System.IO.FileNotFoundException",
        ErrorCategory::ObjectNotFound,
        format!("Could not find file '{}'.", shown(path)),
    )
}

/// `Could not find a part of the path '...'.`
pub(crate) fn part_not_found(path: &Path) -> Flow {
    exception(
        "System.IO.DirectoryNotFoundException",
        ErrorCategory::ObjectNotFound,
        format!("Could not find a part of the path '{}'.", shown(path)),
    )
}

/// `The file '...' already exists.`
pub(crate) fn already_exists(path: &Path) -> Flow {
    exception(
        "System.IO.IOException",
        ErrorCategory::WriteError,
        format!("The file '{}' already exists.", shown(path)),
    )
}

/// `Access to the path '...' is denied.`
pub(crate) fn access_denied(path: &Path) -> Flow {
    exception(
        "System.UnauthorizedAccessException",
        ErrorCategory::PermissionDenied,
        format!("Access to the path '{}' is denied.", shown(path)),
    )
}

/// An I/O failure on a file path as .NET reports it: a missing file, a missing directory on the
/// way, access denied (also for a directory opened as a file), or the system's text.
pub(crate) fn io_error(e: &std::io::Error, path: &Path) -> Flow {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => match path.parent() {
            Some(parent) if !parent.is_dir() => part_not_found(path),
            _ => file_not_found(path),
        },
        ErrorKind::NotADirectory => part_not_found(path),
        ErrorKind::PermissionDenied | ErrorKind::IsADirectory => access_denied(path),
        ErrorKind::AlreadyExists => already_exists(path),
        _ => exception(
            "System.IO.IOException",
            ErrorCategory::WriteError,
            format!("{} : '{}'", system_text(e), shown(path)),
        ),
    }
}

/// The system's description of an error without Rust's ` (os error N)` suffix.
fn system_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The lines of a text as `StreamReader.ReadLine` splits them (`\n`, `\r\n` or `\r`; a final
/// line break ends the last line rather than starting an empty one).
pub(crate) fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut pending = false;
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut current));
                pending = false;
            }
            other => {
                current.push(other);
                pending = true;
            }
        }
    }
    if pending {
        lines.push(current);
    }
    lines
}

/// Text read from bytes as `File.ReadAllText` does without an encoding: a byte order mark
/// picks UTF-8, UTF-16 or UTF-32, otherwise UTF-8.
pub(crate) fn decode_detecting(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return rest
            .chunks_exact(4)
            .map(|c| {
                char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}')
            })
            .collect();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_read_line() {
        assert_eq!(split_lines("a\nb\r\nc\rd\n"), ["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n\nb"), ["a", "", "b"]);
        assert!(split_lines("").is_empty());
        assert_eq!(split_lines("\n"), [""]);
    }

    #[test]
    fn byte_order_marks_pick_the_encoding() {
        assert_eq!(decode_detecting(&[0xEF, 0xBB, 0xBF, b'h', b'i']), "hi");
        assert_eq!(decode_detecting(&[0xFF, 0xFE, b'h', 0, b'i', 0]), "hi");
        assert_eq!(decode_detecting(&[0xFE, 0xFF, 0, b'h']), "h");
        assert_eq!(decode_detecting("é".as_bytes()), "é");
    }

    #[test]
    fn relative_paths_are_against_the_process_directory() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(full_path("a/../b"), cwd.join("b"));
        assert_eq!(full_path("/x/./y/"), PathBuf::from("/x/y"));
    }
}
