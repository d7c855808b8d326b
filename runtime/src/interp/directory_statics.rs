//! `[System.IO.Directory]` static methods: existence, creation, listing with a search pattern
//! and `SearchOption`, deletion, moving, the parent and the process's working directory.

use super::Runspace;
use super::dotnet_io::{exception, full_path, io_error, part_not_found, shown};
use super::file_statics::path_arg;
use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, Value};
use std::path::{Path, PathBuf};

/// The `[System.IO.Directory]` methods rosh has, as .NET spells them.
pub(crate) const METHODS: &[&str] = &[
    "CreateDirectory",
    "Delete",
    "EnumerateDirectories",
    "EnumerateFileSystemEntries",
    "EnumerateFiles",
    "Exists",
    "GetCurrentDirectory",
    "GetDirectories",
    "GetFileSystemEntries",
    "GetFiles",
    "GetParent",
    "Move",
];

/// Which entries a listing yields.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Files,
    Directories,
    Both,
}

/// A search pattern (`*` and `?`, case-sensitive as on Unix) as a regex over a whole name.
fn pattern_regex(pattern: &str) -> Option<regex::Regex> {
    let pattern = if pattern == "*.*" { "*" } else { pattern };
    let mut re = String::from("^");
    for c in pattern.chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            other => re.push_str(&regex::escape(&other.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).ok()
}

/// Whether a `SearchOption` argument asks for subdirectories (`AllDirectories` or 1).
fn all_directories(v: Option<&Value>) -> bool {
    v.is_some_and(|v| {
        let text = to_str(v);
        text.eq_ignore_ascii_case("AllDirectories") || text == "1"
    })
}

/// The entries under `dir` as .NET lists them: each directory's entries, then its
/// subdirectories' (names in ordinal order), joined to the path as the script gave it.
fn list(given: &str, dir: &Path, kind: Kind, pattern: &regex::Regex, deep: bool) -> Vec<Value> {
    let mut out = Vec::new();
    let mut queue = vec![(given.to_string(), dir.to_path_buf())];
    while !queue.is_empty() {
        let (shown_dir, real) = queue.remove(0);
        let Ok(read) = std::fs::read_dir(&real) else {
            continue;
        };
        let mut entries: Vec<(String, bool)> = read
            .filter_map(Result::ok)
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let is_dir = e.path().is_dir();
                (name, is_dir)
            })
            .collect();
        entries.sort();
        for (name, is_dir) in entries {
            let joined = if shown_dir.ends_with('/') {
                format!("{shown_dir}{name}")
            } else {
                format!("{shown_dir}/{name}")
            };
            let wanted = match kind {
                Kind::Files => !is_dir,
                Kind::Directories => is_dir,
                Kind::Both => true,
            };
            if wanted && pattern.is_match(&name) {
                out.push(Value::from(joined.clone()));
            }
            if deep && is_dir {
                queue.push((joined, real.join(&name)));
            }
        }
    }
    out
}

impl Runspace {
    /// A `[System.IO.Directory]` method; `None` for one it does not have.
    pub(crate) fn directory_static_method(
        &mut self,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        if !METHODS.iter().any(|m| m.eq_ignore_ascii_case(lower)) {
            return None;
        }
        Some(self.directory_call(lower, args))
    }

    fn directory_call(&mut self, lower: &str, args: &[Value]) -> Eval<Value> {
        let path = || path_arg(args, 0, "path");
        Ok(match lower {
            "exists" => Value::Bool(match args.first() {
                None | Some(Value::Null) => false,
                Some(v) => {
                    let text = to_str(v);
                    !text.is_empty() && full_path(&text).is_dir()
                }
            }),
            "getcurrentdirectory" => Value::from(shown(
                &std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            )),
            "createdirectory" => {
                let p = path()?;
                if p.exists() && !p.is_dir() {
                    return Err(super::dotnet_io::already_exists(&p));
                }
                std::fs::create_dir_all(&p).map_err(|e| io_error(&e, &p))?;
                self.item_object(&p)
            }
            "getparent" => {
                let p = path()?;
                match p.parent() {
                    Some(parent) => self.item_object(parent),
                    None => Value::Null,
                }
            }
            "delete" => {
                let p = path()?;
                if !p.is_dir() {
                    return Err(part_not_found(&p));
                }
                let recursive = args.get(1).is_some_and(crate::convert::is_true);
                let result = if recursive {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_dir(&p)
                };
                result.map_err(|e| io_error(&e, &p))?;
                Value::Null
            }
            "move" => {
                let from = path_arg(args, 0, "sourceDirName")?;
                let to = path_arg(args, 1, "destDirName")?;
                if !from.exists() {
                    return Err(part_not_found(&from));
                }
                if to.exists() {
                    return Err(exception(
                        "System.IO.IOException",
                        ErrorCategory::WriteError,
                        format!(
                            "Cannot create '{}' because a file or directory with the same name already exists.",
                            shown(&to)
                        ),
                    ));
                }
                std::fs::rename(&from, &to).map_err(|e| io_error(&e, &to))?;
                Value::Null
            }
            _ => {
                let kind = match lower {
                    "getfiles" | "enumeratefiles" => Kind::Files,
                    "getdirectories" | "enumeratedirectories" => Kind::Directories,
                    _ => Kind::Both,
                };
                let p = path()?;
                if !p.is_dir() {
                    return Err(part_not_found(&p));
                }
                let pattern_text = args.get(1).map(to_str).unwrap_or_else(|| "*".into());
                let pattern = pattern_regex(&pattern_text).ok_or_else(|| {
                    exception(
                        "System.ArgumentException",
                        ErrorCategory::InvalidArgument,
                        "Second path fragment must not be a drive or UNC name. (Parameter 'expression')".into(),
                    )
                })?;
                let given = args.first().map(to_str).unwrap_or_default();
                let items = list(&given, &p, kind, &pattern, all_directories(args.get(2)));
                Value::Array(Array::typed(TypeInfo::of(KnownType::String), items))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_match_whole_names() {
        let re = pattern_regex("*.txt").unwrap();
        assert!(re.is_match("a.txt"));
        assert!(!re.is_match("a.txt.bak"));
        assert!(!re.is_match("A.TXT"));
        assert!(pattern_regex("*.*").unwrap().is_match("noext"));
        assert!(pattern_regex("a?c").unwrap().is_match("abc"));
        assert!(pattern_regex("a+c").unwrap().is_match("a+c"));
    }
}
