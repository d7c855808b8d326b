//! `[System.IO.Path]` static members with .NET's Unix string rules: `Combine`, `Join`,
//! the name parts (`GetFileName`, `GetExtension`, ...), `GetFullPath` against the process's
//! working directory, temporary and random names, and the separator characters.

use super::dotnet_io::exception;
use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, Value};

/// The `[System.IO.Path]` methods rosh has, as .NET spells them.
pub(crate) const METHODS: &[&str] = &[
    "ChangeExtension",
    "Combine",
    "EndsInDirectorySeparator",
    "GetDirectoryName",
    "GetExtension",
    "GetFileName",
    "GetFileNameWithoutExtension",
    "GetFullPath",
    "GetInvalidFileNameChars",
    "GetInvalidPathChars",
    "GetPathRoot",
    "GetRandomFileName",
    "GetRelativePath",
    "GetTempFileName",
    "GetTempPath",
    "HasExtension",
    "IsPathFullyQualified",
    "IsPathRooted",
    "Join",
    "TrimEndingDirectorySeparator",
];

/// The `[System.IO.Path]` properties, as .NET spells them, with their values.
pub(crate) fn static_property(lower: &str) -> Option<Value> {
    Some(match lower {
        "directoryseparatorchar" | "altdirectoryseparatorchar" | "volumeseparatorchar" => {
            Value::Char('/')
        }
        "pathseparator" => Value::Char(':'),
        _ => return None,
    })
}

/// The temporary directory with a trailing separator, as .NET's `GetTempPath` gives it on
/// Unix (`$TMPDIR`, else `/tmp/`).
fn temp_path() -> String {
    let dir = std::env::var("TMPDIR")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/tmp".into());
    if dir.ends_with('/') {
        dir
    } else {
        format!("{dir}/")
    }
}

/// Eight random lower-case letters and digits, a dot and three more (`GetRandomFileName`).
fn random_file_name() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{}.{}", &id[..8], &id[8..11])
}

/// The file name part of a path: after the last separator.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Where the extension of a path starts (its last dot, when it is in the file name and not
/// its last character).
fn extension_start(path: &str) -> Option<usize> {
    let name_start = path.len() - file_name(path).len();
    let dot = path.rfind('.')?;
    (dot >= name_start && dot + 1 < path.len()).then_some(dot)
}

/// `Path.Combine`: parts joined by `/`; a rooted part starts over.
fn combine(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if p.starts_with('/') || out.is_empty() {
            out = p.clone();
        } else {
            if !out.ends_with('/') {
                out.push('/');
            }
            out.push_str(p);
        }
    }
    out
}

/// `Path.Join`: parts joined by `/` where neither side has one; nothing starts over.
fn join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() && !out.ends_with('/') && !p.starts_with('/') {
            out.push('/');
        }
        out.push_str(p);
    }
    out
}

/// `Path.GetDirectoryName`: everything before the last separator (runs of separators folded),
/// `null` for the root and the empty path, empty for a bare name.
fn directory_name(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let Some(cut) = path.rfind('/') else {
        return Some(String::new());
    };
    if path.trim_end_matches('/').is_empty() {
        return None;
    }
    let dir = path[..cut].trim_end_matches('/');
    let dir = if dir.is_empty() { "/" } else { dir };
    let mut out = String::new();
    for c in dir.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    Some(out)
}

/// `Path.GetRelativePath`: a path from one absolute directory to another.
fn relative_path(from: &std::path::Path, to: &std::path::Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn null_argument(param: &str) -> Flow {
    exception(
        "System.ArgumentNullException",
        ErrorCategory::InvalidArgument,
        format!("Value cannot be null. (Parameter '{param}')"),
    )
}

fn char_array(chars: &[char]) -> Value {
    Value::Array(Array::typed(
        TypeInfo::of(KnownType::Char),
        chars.iter().copied().map(Value::Char).collect(),
    ))
}

/// A `[System.IO.Path]` method; `None` for one it does not have.
pub(crate) fn static_method(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    if !METHODS.iter().any(|m| m.eq_ignore_ascii_case(lower)) {
        return None;
    }
    Some(call(lower, args))
}

fn call(lower: &str, args: &[Value]) -> Eval<Value> {
    // Null paths give null from the name-part methods, as .NET's do.
    let text = |i: usize| match args.get(i) {
        None | Some(Value::Null) => None,
        Some(v) => Some(to_str(v)),
    };
    let parts = || -> Eval<Vec<String>> {
        let items: Vec<Value> = args
            .iter()
            .flat_map(|v| match v {
                Value::Array(a) => a.to_vec(),
                other => vec![other.clone()],
            })
            .collect();
        let count = items.len();
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Null if lower == "combine" && count <= 4 => {
                    Err(null_argument(&format!("path{}", i + 1)))
                }
                Value::Null if lower == "combine" => Err(null_argument("paths")),
                v => Ok(to_str(v)),
            })
            .collect()
    };
    let text_or_null = |s: Option<String>| s.map(Value::from).unwrap_or(Value::Null);
    Ok(match lower {
        "gettemppath" => Value::from(temp_path()),
        "getrandomfilename" => Value::from(random_file_name()),
        "gettempfilename" => {
            let id = uuid::Uuid::new_v4().simple().to_string();
            let path = format!("{}tmp{}.tmp", temp_path(), &id[..6]);
            std::fs::File::create_new(&path)
                .map_err(|e| super::dotnet_io::io_error(&e, std::path::Path::new(&path)))?;
            Value::from(path)
        }
        "combine" => Value::from(combine(&parts()?)),
        "join" => Value::from(join(&parts()?)),
        "getfilename" => text_or_null(text(0).map(|p| file_name(&p).to_string())),
        "getextension" => text_or_null(
            text(0).map(|p| extension_start(&p).map_or(String::new(), |i| p[i..].to_string())),
        ),
        "getfilenamewithoutextension" => text_or_null(text(0).map(|p| {
            let name = file_name(&p);
            match name.rfind('.') {
                Some(i) => name[..i].to_string(),
                None => name.to_string(),
            }
        })),
        "hasextension" => Value::Bool(text(0).is_some_and(|p| extension_start(&p).is_some())),
        "getdirectoryname" => text_or_null(text(0).and_then(|p| directory_name(&p))),
        "getpathroot" => text_or_null(text(0).map(|p| {
            if p.starts_with('/') {
                "/".to_string()
            } else {
                String::new()
            }
        })),
        "ispathrooted" | "ispathfullyqualified" => {
            Value::Bool(text(0).is_some_and(|p| p.starts_with('/')))
        }
        "endsindirectoryseparator" => Value::Bool(text(0).is_some_and(|p| p.ends_with('/'))),
        "trimendingdirectoryseparator" => text_or_null(text(0).map(|p| {
            if p.len() > 1 && p.ends_with('/') {
                p[..p.len() - 1].to_string()
            } else {
                p
            }
        })),
        "changeextension" => text_or_null(text(0).map(|path| {
            let stem_end = extension_start(&path)
                .or_else(|| path.ends_with('.').then(|| path.len() - 1))
                .unwrap_or(path.len());
            let stem = &path[..stem_end];
            match text(1) {
                None => stem.to_string(),
                Some(ext) if ext.starts_with('.') => format!("{stem}{ext}"),
                Some(ext) => format!("{stem}.{ext}"),
            }
        })),
        "getfullpath" => {
            let p = super::file_statics::path_arg(args, 0, "path")?;
            let mut full = p.to_string_lossy().into_owned();
            if text(0).is_some_and(|t| t.ends_with('/')) && !full.ends_with('/') {
                full.push('/');
            }
            Value::from(full)
        }
        "getrelativepath" => {
            let from = super::file_statics::path_arg(args, 0, "relativeTo")?;
            let to = super::file_statics::path_arg(args, 1, "path")?;
            Value::from(relative_path(&from, &to))
        }
        "getinvalidfilenamechars" => char_array(&['\0', '/']),
        "getinvalidpathchars" => char_array(&['\0']),
        _ => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn combine_starts_over_at_rooted_parts_and_join_does_not() {
        assert_eq!(combine(&s(&["a", "b/", "c"])), "a/b/c");
        assert_eq!(combine(&s(&["a", "/b", "c"])), "/b/c");
        assert_eq!(join(&s(&["a", "/b", "c"])), "a/b/c");
        assert_eq!(join(&s(&["a/", "", "c"])), "a/c");
    }

    #[test]
    fn name_parts_follow_dotnet() {
        assert_eq!(file_name("a/b/"), "");
        assert_eq!(extension_start(".bashrc"), Some(0));
        assert_eq!(extension_start("a."), None);
        assert_eq!(extension_start("a.b/c"), None);
        assert_eq!(directory_name("/a"), Some("/".into()));
        assert_eq!(directory_name("/"), None);
        assert_eq!(directory_name("a"), Some(String::new()));
        assert_eq!(directory_name(""), None);
        assert_eq!(directory_name("a//b/c"), Some("a/b".into()));
        assert_eq!(directory_name("a/b/"), Some("a/b".into()));
    }

    #[test]
    fn relative_paths_climb_and_descend() {
        use std::path::Path;
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/c/d")),
            "../c/d"
        );
        assert_eq!(relative_path(Path::new("/a"), Path::new("/a")), ".");
    }
}
