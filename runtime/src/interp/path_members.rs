//! `[System.IO.Path]` static methods beyond the basic ones in `members.rs`: temporary
//! paths, `ChangeExtension`, `IsPathRooted`, `GetFullPath`, `GetRandomFileName`.

use super::Runspace;
use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval, Flow};
use crate::value::Value;

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

impl Runspace {
    /// A `[System.IO.Path]` method handled here; `None` for the others.
    pub(crate) fn path_static_method(
        &mut self,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        let arg = |i: usize| args.get(i).map(to_str).unwrap_or_default();
        Some(Ok(match lower {
            "gettemppath" => Value::from(temp_path()),
            "getrandomfilename" => Value::from(random_file_name()),
            "gettempfilename" => {
                let path = format!("{}tmp{}.tmp", temp_path(), &random_file_name()[..8]);
                if let Err(e) = std::fs::File::create(&path) {
                    return Some(Err(Flow::error(
                        "IOException",
                        ErrorCategory::WriteError,
                        format!("Could not create a temporary file: {e}"),
                    )));
                }
                Value::from(path)
            }
            "ispathrooted" => Value::Bool(arg(0).starts_with('/')),
            "changeextension" => {
                let path = arg(0);
                let stem_end = match (path.rfind('.'), path.rfind('/')) {
                    (Some(dot), Some(slash)) if dot > slash => dot,
                    (Some(dot), None) => dot,
                    _ => path.len(),
                };
                let stem = &path[..stem_end];
                match args.get(1) {
                    None | Some(Value::Null) => Value::from(stem.to_string()),
                    Some(ext) => {
                        let ext = to_str(ext);
                        let ext = ext.strip_prefix('.').unwrap_or(&ext);
                        Value::from(format!("{stem}.{ext}"))
                    }
                }
            }
            "getfullpath" => Value::from(self.resolve_path(&arg(0)).to_string_lossy().into_owned()),
            _ => return None,
        }))
    }
}
