//! `[System.Environment]` static members as .NET 8 gives them on Linux: environment variables
//! (per target), the machine, user, processor and process facts, `OSVersion`, tick counts,
//! `GetFolderPath` for the special folders (XDG rules) and the command line.

use super::Runspace;
use super::dotnet_io::exception;
use crate::convert::to_str;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, EnumId, Hashtable, PsObject, PsVersion, Value};

/// The `[System.Environment]` methods rosh has, as .NET spells them.
pub(crate) const METHODS: &[&str] = &[
    "ExpandEnvironmentVariables",
    "GetCommandLineArgs",
    "GetEnvironmentVariable",
    "GetEnvironmentVariables",
    "GetFolderPath",
    "SetEnvironmentVariable",
];

/// Milliseconds since boot (`CLOCK_MONOTONIC`, as .NET's tick count).
fn tick_count() -> i64 {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .map(|t| t.tv_sec() * 1000 + t.tv_nsec() / 1_000_000)
        .unwrap_or(0)
}

/// The effective user's name from the password database.
fn user_name() -> String {
    nix::unistd::User::from_uid(nix::unistd::geteuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_default()
}

/// The kernel release as a version: its first four runs of digits (`6.8.0.45` for
/// `6.8.0-45-generic`).
fn kernel_version() -> PsVersion {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(4)
        .map(|p| p.parse::<i32>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    PsVersion::new(next(), next(), next(), next())
}

/// `[Environment]::OSVersion`: a `System.OperatingSystem` for Unix and the kernel version.
fn os_version() -> Value {
    let version = kernel_version();
    let text = format!("Unix {version}");
    let o = PsObject::with_type_names(vec![
        "System.OperatingSystem".into(),
        "System.Object".into(),
    ]);
    o.set("Platform", Value::str("Unix"));
    o.set("ServicePack", Value::str(""));
    o.set("Version", Value::Version(version));
    o.set("VersionString", Value::from(text.clone()));
    o.set_to_string(text);
    Value::Object(o)
}

/// The value of an enum argument, converted as PowerShell converts method arguments.
fn enum_arg(v: &Value, enum_name: &str, param: &str, method: &str) -> Eval<i64> {
    let id = EnumId::named(enum_name);
    match crate::convert::convert(v, &TypeInfo::of(KnownType::Enum(id))) {
        Ok(Value::Enum(e)) => Ok(e.value),
        Ok(other) => Ok(to_str(&other).parse().unwrap_or(0)),
        Err(Flow::Error(inner)) => {
            let mut rec = ErrorRecord::new(
                "MethodArgumentConversionInvalidCastArgument",
                ErrorCategory::NotSpecified,
                format!(
                    "Cannot convert argument \"{param}\", with value: \"{}\", for \"{method}\" to type \"{enum_name}\": \"{}\"",
                    to_str(v),
                    inner.message
                ),
            );
            rec.exception_type = "System.Management.Automation.MethodException".into();
            Err(Flow::Error(Box::new(rec)))
        }
        Err(other) => Err(other),
    }
}

/// `$XDG_CONFIG_HOME` when absolute, else `~/.config`.
fn xdg_config(home: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    env("XDG_CONFIG_HOME")
        .filter(|c| c.starts_with('/'))
        .unwrap_or_else(|| format!("{}/.config", home.trim_end_matches('/')))
}

/// A user directory: the absolute `$KEY`, else the line `KEY="$HOME/..."` (or an absolute
/// path) in `user-dirs.dirs`, else `~/fallback`.
fn xdg_user_dir(
    home: &str,
    key: &str,
    fallback: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> String {
    let join = |rest: &str| format!("{}/{rest}", home.trim_end_matches('/'));
    if let Some(p) = env(key).filter(|p| p.starts_with('/')) {
        return p;
    }
    let file = format!("{}/user-dirs.dirs", xdg_config(home, env));
    for line in std::fs::read_to_string(file).unwrap_or_default().lines() {
        let Some(rest) = line.trim_start().strip_prefix(key) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find('"').filter(|e| *e > 0) else {
            continue;
        };
        let path = &rest[..end];
        if let Some(relative) = path.strip_prefix("$HOME/") {
            return join(relative);
        }
        if path.starts_with('/') {
            return path.to_string();
        }
    }
    join(fallback)
}

/// The path of a special folder before it is checked (empty for folders Linux lacks).
fn folder_path(folder: i64, env: &dyn Fn(&str) -> Option<String>) -> String {
    match folder {
        35 => return "/usr/share".into(),
        45 => return "/usr/share/templates".into(),
        _ => {}
    }
    let home = env("HOME")
        .filter(|h| !h.is_empty())
        .or_else(|| {
            nix::unistd::User::from_uid(nix::unistd::geteuid())
                .ok()
                .flatten()
                .map(|u| u.dir.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "/".into());
    let join = |rest: &str| format!("{}/{rest}", home.trim_end_matches('/'));
    match folder {
        40 => home.clone(),
        21 => xdg_user_dir(&home, "XDG_TEMPLATES_DIR", "Templates", env),
        0 | 16 => xdg_user_dir(&home, "XDG_DESKTOP_DIR", "Desktop", env),
        26 => xdg_config(&home, env),
        28 => env("XDG_DATA_HOME")
            .filter(|d| d.starts_with('/'))
            .unwrap_or_else(|| join(".local/share")),
        5 => xdg_user_dir(&home, "XDG_DOCUMENTS_DIR", "Documents", env),
        13 => xdg_user_dir(&home, "XDG_MUSIC_DIR", "Music", env),
        14 => xdg_user_dir(&home, "XDG_VIDEOS_DIR", "Videos", env),
        39 => xdg_user_dir(&home, "XDG_PICTURES_DIR", "Pictures", env),
        20 => join(".fonts"),
        _ => String::new(),
    }
}

impl Runspace {
    /// A `[System.Environment]` property; `None` for one it does not have.
    pub(crate) fn environment_property(&self, lower: &str) -> Option<Value> {
        Some(match lower {
            "newline" => Value::str("\n"),
            "machinename" | "userdomainname" => {
                let host = crate::automatic::machine_name();
                Value::from(host.split('.').next().unwrap_or(&host).to_string())
            }
            "username" => Value::from(user_name()),
            "processorcount" => Value::Int(
                std::thread::available_parallelism()
                    .map(|n| n.get() as i32)
                    .unwrap_or(1),
            ),
            "is64bitprocess" | "is64bitoperatingsystem" => {
                Value::Bool(cfg!(target_pointer_width = "64"))
            }
            "osversion" => os_version(),
            "currentdirectory" => Value::from(
                std::env::current_dir()
                    .map(|d| d.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
            "processid" => Value::Int(std::process::id() as i32),
            "processpath" => std::env::current_exe()
                .map(|p| Value::from(p.to_string_lossy().into_owned()))
                .unwrap_or(Value::Null),
            "commandline" => Value::from(std::env::args().collect::<Vec<_>>().join(" ")),
            "tickcount" => Value::Int(tick_count() as i32),
            "tickcount64" => Value::Long(tick_count()),
            "userinteractive" => Value::Bool(true),
            "systempagesize" => Value::Int(
                nix::unistd::sysconf(nix::unistd::SysconfVar::PAGE_SIZE)
                    .ok()
                    .flatten()
                    .map_or(4096, |n| n as i32),
            ),
            _ => return None,
        })
    }

    /// A `[System.Environment]` method; `None` for one it does not have.
    pub(crate) fn environment_method(
        &mut self,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        if !METHODS.iter().any(|m| m.eq_ignore_ascii_case(lower)) {
            return None;
        }
        Some(self.environment_call(lower, args))
    }

    /// Whether an `EnvironmentVariableTarget` argument is `Process` (the others are empty on
    /// Unix).
    fn process_target(args: &[Value], i: usize, method: &str) -> Eval<bool> {
        match args.get(i) {
            None => Ok(true),
            Some(v) => Ok(enum_arg(v, "System.EnvironmentVariableTarget", "target", method)? == 0),
        }
    }

    fn environment_call(&mut self, lower: &str, args: &[Value]) -> Eval<Value> {
        let name = || match args.first() {
            None | Some(Value::Null) => Err(exception(
                "System.ArgumentNullException",
                ErrorCategory::InvalidArgument,
                "Value cannot be null. (Parameter 'variable')".into(),
            )),
            Some(v) => Ok(to_str(v)),
        };
        Ok(match lower {
            "getenvironmentvariable" => {
                let n = name()?;
                if Self::process_target(args, 1, "GetEnvironmentVariable")? {
                    self.env(&n).map(Value::from).unwrap_or(Value::Null)
                } else {
                    Value::Null
                }
            }
            "setenvironmentvariable" => {
                let n = name()?;
                if n.is_empty() || n.contains('=') || n.contains('\0') {
                    return Err(exception(
                        "System.ArgumentException",
                        ErrorCategory::InvalidArgument,
                        "Environment variable name or value is too long. (Parameter 'variable')"
                            .into(),
                    ));
                }
                if Self::process_target(args, 2, "SetEnvironmentVariable")? {
                    let value = args.get(1).map(to_str).unwrap_or_default();
                    self.set_env(&n, &value);
                }
                Value::Null
            }
            "getenvironmentvariables" => {
                let h = Hashtable::new(false);
                if Self::process_target(args, 0, "GetEnvironmentVariables")? {
                    let mut names: Vec<String> = std::env::vars().map(|(k, _)| k).collect();
                    names.extend(self.env_overrides().keys().cloned());
                    names.sort();
                    names.dedup();
                    for n in names {
                        if let Some(v) = self.env(&n) {
                            h.insert(Value::from(n), Value::from(v));
                        }
                    }
                }
                Value::Hashtable(h)
            }
            "expandenvironmentvariables" => {
                let text = match args.first() {
                    None | Some(Value::Null) => {
                        return Err(exception(
                            "System.ArgumentNullException",
                            ErrorCategory::InvalidArgument,
                            "Value cannot be null. (Parameter 'name')".into(),
                        ));
                    }
                    Some(v) => to_str(v),
                };
                Value::from(self.expand_percent_variables(&text))
            }
            "getcommandlineargs" => Value::Array(Array::typed(
                TypeInfo::of(KnownType::String),
                std::env::args().map(Value::from).collect(),
            )),
            "getfolderpath" => {
                let folder = enum_arg(
                    args.first().unwrap_or(&Value::Null),
                    "System.Environment+SpecialFolder",
                    "folder",
                    "GetFolderPath",
                )?;
                let option = match args.get(1) {
                    Some(v) => enum_arg(
                        v,
                        "System.Environment+SpecialFolderOption",
                        "option",
                        "GetFolderPath",
                    )?,
                    None => 0,
                };
                let env = |n: &str| self.env(n);
                let path = folder_path(folder, &env);
                let readable =
                    || nix::unistd::access(path.as_str(), nix::unistd::AccessFlags::R_OK).is_ok();
                Value::from(if path.is_empty() || option == 4096 || readable() {
                    path
                } else if option == 16384 {
                    std::fs::create_dir_all(&path)
                        .map_err(|e| super::dotnet_io::io_error(&e, std::path::Path::new(&path)))?;
                    path
                } else {
                    String::new()
                })
            }
            _ => Value::Null,
        })
    }

    /// `%NAME%` replaced by the variable's value where it is set (`ExpandEnvironmentVariables`).
    fn expand_percent_variables(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('%') {
            let after = &rest[start + 1..];
            match after.find('%') {
                Some(end) => match self.env(&after[..end]).filter(|_| end > 0) {
                    Some(v) => {
                        out.push_str(&rest[..start]);
                        out.push_str(&v);
                        rest = &after[end + 1..];
                    }
                    None => {
                        out.push_str(&rest[..start + 1 + end]);
                        rest = &after[end..];
                    }
                },
                None => break,
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_folders_follow_xdg() {
        let env = |n: &str| match n {
            "HOME" => Some("/home/u".to_string()),
            "XDG_DATA_HOME" => Some("relative".to_string()),
            "XDG_MUSIC_DIR" => Some("/m".to_string()),
            "XDG_CONFIG_HOME" => Some("/nonexistent-config".to_string()),
            _ => None,
        };
        assert_eq!(folder_path(40, &env), "/home/u");
        assert_eq!(folder_path(28, &env), "/home/u/.local/share");
        assert_eq!(folder_path(26, &env), "/nonexistent-config");
        assert_eq!(folder_path(13, &env), "/m");
        assert_eq!(folder_path(5, &env), "/home/u/Documents");
        assert_eq!(folder_path(35, &env), "/usr/share");
        assert_eq!(folder_path(38, &env), "");
    }
}
