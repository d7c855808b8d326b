//! File and directory paths, relative to the current location, `~` or absolute.

use super::{Candidate, CompletionKind, Completions, starts_with_ci};
use crate::interp::Runspace;

/// The entries of the directory named by the word (from `word_start` to the end of
/// `before`) whose names start with its last component. Directories end in `/`; a relative
/// name gets `./` as PowerShell inserts it; a name with blanks is quoted.
pub(super) fn complete_path(rs: &Runspace, before: &str, word_start: usize) -> Completions {
    let raw = &before[word_start..];
    let word = raw.trim_start_matches(['\'', '"']);
    let (dir_part, name_part) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let dir = if dir_part.is_empty() {
        rs.location().to_path_buf()
    } else if let Some(rest) = dir_part.strip_prefix('~') {
        match rs.env("HOME") {
            Some(home) => std::path::PathBuf::from(format!("{home}{rest}")),
            None => return Completions::default(),
        }
    } else {
        rs.resolve_path(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Completions {
            start: word_start,
            candidates: Vec::new(),
        };
    };
    let mut found: Vec<(bool, String)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            (is_dir, name)
        })
        // Hidden entries only when asked for with a leading dot.
        .filter(|(_, n)| {
            starts_with_ci(n, name_part) && (!n.starts_with('.') || name_part.starts_with('.'))
        })
        .collect();
    // Directories first, then files, each by name, as PowerShell lists them.
    found.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.to_ascii_lowercase().cmp(&b.1.to_ascii_lowercase()))
    });
    let prefix = if dir_part.is_empty() { "./" } else { dir_part };
    let candidates = found
        .into_iter()
        .map(|(is_dir, name)| {
            let mut path = format!("{prefix}{name}");
            if is_dir {
                path.push('/');
            }
            let text = if path.contains([' ', '\t', '$', '`', '\'', '(', ')', ';', '&', '|']) {
                format!("'{}'", path.replace('\'', "''"))
            } else {
                path
            };
            Candidate {
                text,
                kind: if is_dir {
                    CompletionKind::Directory
                } else {
                    CompletionKind::File
                },
            }
        })
        .collect();
    Completions {
        start: word_start,
        candidates,
    }
}
