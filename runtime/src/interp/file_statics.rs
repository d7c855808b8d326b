//! `[System.IO.File]` static methods: whole-file text, lines and bytes, append, copy, move,
//! delete and file times. Relative paths are against the process's working directory.

use super::bytes_members::{bytes_argument, bytes_result, decode_from_file, encode_for_file};
use super::dotnet_io::{exception, file_not_found, full_path, io_error, split_lines};
use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, PsDateTime, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The ticks of 1601-01-01 UTC, what .NET reports as the time of a missing file.
const FILE_TIME_EPOCH_TICKS: i64 = 504_911_232_000_000_000;

/// A path argument made absolute; null and empty paths fail as .NET's argument checks do.
pub(crate) fn path_arg(args: &[Value], i: usize, param: &str) -> Eval<PathBuf> {
    match args.get(i) {
        None | Some(Value::Null) => Err(exception(
            "System.ArgumentNullException",
            ErrorCategory::InvalidArgument,
            format!("Value cannot be null. (Parameter '{param}')"),
        )),
        Some(v) => {
            let text = to_str(v);
            if text.is_empty() {
                return Err(exception(
                    "System.ArgumentException",
                    ErrorCategory::InvalidArgument,
                    format!("The value cannot be an empty string. (Parameter '{param}')"),
                ));
            }
            Ok(full_path(&text))
        }
    }
}

/// Text to write: with an `[Encoding]` argument its bytes and byte order mark, else UTF-8.
fn encoded(text: &str, encoding: Option<&Value>) -> Vec<u8> {
    encoding
        .and_then(|e| encode_for_file(e, text))
        .unwrap_or_else(|| text.as_bytes().to_vec())
}

/// A file's text, decoded by its byte order mark or an `[Encoding]` argument.
fn read_text(path: &Path, encoding: Option<&Value>) -> Eval<String> {
    let bytes = std::fs::read(path).map_err(|e| io_error(&e, path))?;
    Ok(encoding
        .and_then(|e| decode_from_file(e, &bytes))
        .unwrap_or_else(|| super::dotnet_io::decode_detecting(&bytes)))
}

/// The lines of a `string[]` argument, each ended by `[Environment]::NewLine`.
fn lines_text(v: Option<&Value>) -> String {
    let items = match v {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.to_vec(),
        Some(other) => vec![other.clone()],
    };
    items.iter().map(|l| format!("{}\n", to_str(l))).collect()
}

fn write(path: &Path, bytes: &[u8], append: bool) -> Eval<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)
        .map_err(|e| io_error(&e, path))?;
    file.write_all(bytes).map_err(|e| io_error(&e, path))
}

/// A file time as a local `DateTime` (UTC with `utc`); 1601-01-01 UTC for a missing file.
fn file_time(path: &Path, which: &str, utc: bool) -> Value {
    let time = std::fs::metadata(path).ok().and_then(|m| match which {
        "creation" => m.created().or_else(|_| m.modified()).ok(),
        "access" => m.accessed().ok(),
        _ => m.modified().ok(),
    });
    let dt = time.and_then(PsDateTime::from_system_time).or_else(|| {
        PsDateTime::from_ticks(FILE_TIME_EPOCH_TICKS, crate::value::DateKind::Utc)
            .map(PsDateTime::to_local)
    });
    match dt {
        Some(d) if utc => Value::DateTime(d.to_universal()),
        Some(d) => Value::DateTime(d),
        None => Value::Null,
    }
}

fn set_file_time(path: &Path, when: &Value, access: bool) -> Eval<()> {
    let Value::DateTime(dt) = crate::convert::convert(when, &TypeInfo::of(KnownType::DateTime))?
    else {
        return Ok(());
    };
    let ts = dt.timestamp().ok_or_else(|| {
        exception(
            "System.ArgumentOutOfRangeException",
            ErrorCategory::InvalidArgument,
            "The UTC time represented when the offset is applied must be between year 0 and 10,000."
                .into(),
        )
    })?;
    let offset = std::time::Duration::new(
        ts.as_second().unsigned_abs(),
        ts.subsec_nanosecond().unsigned_abs(),
    );
    let time = if ts.as_second() >= 0 {
        std::time::UNIX_EPOCH + offset
    } else {
        std::time::UNIX_EPOCH - offset
    };
    let file = std::fs::File::open(path).map_err(|e| io_error(&e, path))?;
    let times = std::fs::FileTimes::new();
    let times = if access {
        times.set_accessed(time)
    } else {
        times.set_modified(time)
    };
    file.set_times(times).map_err(|e| io_error(&e, path))
}

/// `File.Copy`/`File.Move`: the source must be a file; the destination must not exist unless
/// `overwrite` is true.
fn copy_or_move(args: &[Value], rename: bool) -> Eval<()> {
    let from = path_arg(args, 0, "sourceFileName")?;
    let to = path_arg(args, 1, "destFileName")?;
    let overwrite = args.get(2).is_some_and(crate::convert::is_true);
    if !from.is_file() {
        return Err(if from.is_dir() && !rename {
            super::dotnet_io::access_denied(&from)
        } else {
            file_not_found(&from)
        });
    }
    if to.exists() && !overwrite {
        return Err(super::dotnet_io::already_exists(&to));
    }
    if to.is_dir() {
        return Err(super::dotnet_io::access_denied(&to));
    }
    let result = if rename {
        std::fs::rename(&from, &to)
    } else {
        std::fs::copy(&from, &to).map(|_| ())
    };
    result.map_err(|e| io_error(&e, &to))
}

/// The `[System.IO.File]` methods rosh has, as .NET spells them.
pub(crate) const METHODS: &[&str] = &[
    "AppendAllLines",
    "AppendAllText",
    "Copy",
    "Delete",
    "Exists",
    "GetCreationTime",
    "GetCreationTimeUtc",
    "GetLastAccessTime",
    "GetLastAccessTimeUtc",
    "GetLastWriteTime",
    "GetLastWriteTimeUtc",
    "Move",
    "ReadAllBytes",
    "ReadAllLines",
    "ReadAllText",
    "ReadLines",
    "SetLastAccessTime",
    "SetLastAccessTimeUtc",
    "SetLastWriteTime",
    "SetLastWriteTimeUtc",
    "WriteAllBytes",
    "WriteAllLines",
    "WriteAllText",
];

/// A `[System.IO.File]` method; `None` for one it does not have.
pub(crate) fn static_method(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    if !METHODS.iter().any(|m| m.eq_ignore_ascii_case(lower)) {
        return None;
    }
    Some(call(lower, args))
}

fn call(lower: &str, args: &[Value]) -> Eval<Value> {
    let path = || path_arg(args, 0, "path");
    Ok(match lower {
        "exists" => Value::Bool(match args.first() {
            None | Some(Value::Null) => false,
            Some(v) => {
                let text = to_str(v);
                !text.is_empty() && full_path(&text).is_file()
            }
        }),
        "readalltext" => Value::from(read_text(&path()?, args.get(1))?),
        "readalllines" | "readlines" => {
            let text = read_text(&path()?, args.get(1))?;
            Value::Array(Array::typed(
                TypeInfo::of(KnownType::String),
                split_lines(&text).into_iter().map(Value::from).collect(),
            ))
        }
        "readallbytes" => {
            let p = path()?;
            bytes_result(&std::fs::read(&p).map_err(|e| io_error(&e, &p))?)
        }
        "writealltext" | "appendalltext" => {
            let text = args.get(1).map(to_str).unwrap_or_default();
            write(
                &path()?,
                &encoded(&text, args.get(2)),
                lower == "appendalltext",
            )?;
            Value::Null
        }
        "writealllines" | "appendalllines" => {
            if matches!(args.get(1), None | Some(Value::Null)) {
                return Err(exception(
                    "System.ArgumentNullException",
                    ErrorCategory::InvalidArgument,
                    "Value cannot be null. (Parameter 'contents')".into(),
                ));
            }
            let text = lines_text(args.get(1));
            write(
                &path()?,
                &encoded(&text, args.get(2)),
                lower == "appendalllines",
            )?;
            Value::Null
        }
        "writeallbytes" => {
            let p = path()?;
            let bytes = bytes_argument(args, 1)?;
            write(&p, &bytes, false)?;
            Value::Null
        }
        "delete" => {
            let p = path()?;
            if p.is_dir() {
                return Err(super::dotnet_io::access_denied(&p));
            }
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if !p.parent().is_some_and(Path::is_dir) {
                        return Err(super::dotnet_io::part_not_found(&p));
                    }
                }
                Err(e) => return Err(io_error(&e, &p)),
            }
            Value::Null
        }
        "copy" => {
            copy_or_move(args, false)?;
            Value::Null
        }
        "move" => {
            copy_or_move(args, true)?;
            Value::Null
        }
        "getlastwritetime" => file_time(&path()?, "write", false),
        "getlastwritetimeutc" => file_time(&path()?, "write", true),
        "getcreationtime" => file_time(&path()?, "creation", false),
        "getcreationtimeutc" => file_time(&path()?, "creation", true),
        "getlastaccesstime" => file_time(&path()?, "access", false),
        "getlastaccesstimeutc" => file_time(&path()?, "access", true),
        "setlastwritetime"
        | "setlastwritetimeutc"
        | "setlastaccesstime"
        | "setlastaccesstimeutc" => {
            let when = args.get(1).cloned().unwrap_or(Value::Null);
            let when = match (&when, lower.ends_with("utc")) {
                (Value::DateTime(d), true) => {
                    Value::DateTime(d.with_kind(crate::value::DateKind::Utc))
                }
                _ => when,
            };
            set_file_time(&path()?, &when, lower.contains("access"))?;
            Value::Null
        }
        _ => Value::Null,
    })
}
