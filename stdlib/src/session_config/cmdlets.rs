//! What the session configuration commands share: the registration directories of the
//! running session, registration objects as Get-PSSessionConfiguration shows them, enum
//! arguments, verbose messages and PowerShell's errors.

use std::path::PathBuf;

use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::host::HostStream;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Flow, Runspace, Value};

use super::registry::{AccessMode, Directories, Registration};
use super::{access, apply, data_file, keys};
use crate::util::{command_error, strings, wildcard_match};

/// The type name of Get-PSSessionConfiguration's objects.
pub const CONFIGURATION_TYPE: &str =
    "Microsoft.PowerShell.Commands.PSSessionConfigurationCommands#PSSessionConfiguration";

/// The registration directories as the running session sees them (its environment may
/// set `ROSH_SESSION_CONFIG_DIR`).
pub fn directories(rs: &Runspace) -> Directories {
    Directories::for_process(&|k| rs.env(k), access::is_root())
}

/// Writes `message` to the verbose stream when `-Verbose` or `$VerbosePreference` asks.
pub fn verbose(rs: &mut Runspace, args: &BoundArgs, message: &str) {
    let wanted = args.switch("Verbose")
        || (!args.has("Verbose")
            && rs
                .preference("VerbosePreference")
                .eq_ignore_ascii_case("Continue"));
    if wanted {
        rs.write_stream(HostStream::Verbose, message, false);
    }
}

/// The value of an enum parameter, spelled as the enum spells it; PowerShell's conversion
/// error otherwise.
pub fn enum_arg(
    command: &str,
    args: &BoundArgs,
    param: &str,
    type_name: &str,
    names: &[&'static str],
) -> Eval<Option<&'static str>> {
    let Some(v) = args.get(param) else {
        return Ok(None);
    };
    let text = to_str(v);
    match keys::enum_value(names, &text) {
        Some(n) => Ok(Some(n)),
        None => Err(command_error(
            command,
            &format!("CannotConvertArgumentNoMessage,{command}"),
            ErrorCategory::InvalidArgument,
            "System.Management.Automation.ParameterBindingException",
            format!(
                "Cannot bind parameter '{param}'. Cannot convert value \"{text}\" to type \"{type_name}\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}\"",
                names.join(", ")
            ),
        )),
    }
}

/// `-AccessMode`'s value.
pub fn access_mode(command: &str, args: &BoundArgs) -> Eval<Option<AccessMode>> {
    Ok(enum_arg(
        command,
        args,
        "AccessMode",
        "System.Management.Automation.Runspaces.PSSessionConfigurationAccessMode",
        &["Disabled", "Local", "Remote"],
    )?
    .and_then(AccessMode::parse))
}

/// A terminating error of `command` with PowerShell's id and exception.
pub fn fail(command: &str, id: &str, category: ErrorCategory, message: String) -> Flow {
    command_error(
        command,
        &format!("{id},{}", cmdlet_class(command)),
        category,
        "System.InvalidOperationException",
        message,
    )
}

/// A non-terminating error of `command`.
pub fn error(command: &str, id: &str, category: ErrorCategory, message: String) -> ErrorRecord {
    let mut e = ErrorRecord::new(format!("{id},{}", cmdlet_class(command)), category, message)
        .with_exception("System.InvalidOperationException");
    e.invocation = Some(rosh_runtime::error::InvocationInfo {
        command_name: Some(command.to_string()),
        ..Default::default()
    });
    e
}

/// PowerShell's class name for a command (`Microsoft.PowerShell.Commands.XCommand`).
fn cmdlet_class(command: &str) -> String {
    format!(
        "Microsoft.PowerShell.Commands.{}Command",
        command.replace('-', "")
    )
}

/// `-Path`, checked: an existing file ending in `.pssc` that Test-PSSessionConfigurationFile
/// accepts. Returns its absolute path.
pub fn configuration_file(rs: &mut Runspace, command: &str, path: &str) -> Eval<PathBuf> {
    let full = rs.resolve_path(path);
    let pssc = full
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pssc"));
    if !pssc || !full.is_file() {
        return Err(fail(
            command,
            "InvalidPSSessionConfigurationFilePath",
            ErrorCategory::InvalidArgument,
            format!(
                "PSSession Configuration file path '{path}' is not valid. The path argument must resolve to a single file in the file system with a '.pssc' extension. Please fix the path specification and try again."
            ),
        ));
    }
    let shown = full.to_string_lossy().into_owned();
    let mut reasons = Vec::new();
    let valid = match data_file::read(&full) {
        Ok(t) => keys::verify(&t, &shown, &mut |m| reasons.push(m)),
        Err(e) => {
            reasons.push(e);
            false
        }
    };
    if !valid {
        let mut message = format!(
            "The session configuration file {shown} is not valid. Specify a valid session configuration file and try the command again."
        );
        if let Some(r) = reasons.first() {
            message.push(' ');
            message.push_str(r);
        }
        return Err(fail(
            command,
            "InvalidPSSessionConfigurationFile",
            ErrorCategory::InvalidArgument,
            message,
        ));
    }
    Ok(full)
}

/// `-StartupScript`, checked: a `.ps1` file, made absolute.
pub fn startup_script(rs: &Runspace, command: &str, path: &str) -> Eval<String> {
    if !path.to_ascii_lowercase().ends_with(".ps1") {
        return Err(fail(
            command,
            "StartupScriptNotCorrect",
            ErrorCategory::InvalidArgument,
            "\"startupscript\" must specify a Windows PowerShell script file that ends with extension \".ps1\".".to_string(),
        ));
    }
    Ok(rs.resolve_path(path).to_string_lossy().into_owned())
}

/// Applies the settings parameters Register- and Set-PSSessionConfiguration share.
pub fn apply_settings(
    rs: &mut Runspace,
    command: &str,
    args: &BoundArgs,
    r: &mut Registration,
) -> Eval<()> {
    if let Some(s) = args.get("StartupScript").map(to_str) {
        r.startup_script = if s.is_empty() {
            None
        } else {
            Some(startup_script(rs, command, &s)?)
        };
    }
    let megabytes = |name: &str| -> Eval<Option<f64>> {
        match args.get(name) {
            None => Ok(None),
            Some(v) => {
                let n = rosh_runtime::convert::to_numeric(v)
                    .and_then(|n| rosh_runtime::convert::as_f64(&n))
                    .filter(|n| *n >= 0.0);
                match n {
                    Some(n) => Ok(Some(n)),
                    None => Err(fail(
                        command,
                        "CSCDoubleParameterOutOfRange",
                        ErrorCategory::InvalidArgument,
                        format!(
                            "{} is not a valid value for the parameter {name}. The value must be greater than or equal to 0.",
                            to_str(v)
                        ),
                    )),
                }
            }
        }
    };
    if let Some(n) = megabytes("MaximumReceivedObjectSizeMB")? {
        r.max_object_mb = Some(n);
    }
    if let Some(n) = megabytes("MaximumReceivedDataSizePerCommandMB")? {
        r.max_command_mb = Some(n);
    }
    if let Some(m) = access_mode(command, args)? {
        r.access_mode = m;
    }
    if args.has("AllowedUsers") {
        r.allowed_users = strings(args, "AllowedUsers")
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    if args.has("AllowedGroups") {
        r.allowed_groups = strings(args, "AllowedGroups")
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    Ok(())
}

/// Copies the configuration file at `path` into the registration's directory and points the
/// registration at the copy.
pub fn store_configuration_file(command: &str, r: &mut Registration, path: &PathBuf) -> Eval<()> {
    let copy = r.config_copy_path();
    std::fs::create_dir_all(&r.dir)
        .and_then(|()| std::fs::copy(path, &copy))
        .map_err(|e| {
            fail(
                command,
                "NcsCannotWritePluginContent",
                ErrorCategory::WriteError,
                format!(
                    "Cannot write the shell configuration data into the file {}. Reason for failure: {e}.",
                    copy.display()
                ),
            )
        })?;
    r.config_file = Some(copy);
    Ok(())
}

/// Saves a registration; the error is `command`'s.
pub fn save(command: &str, r: &Registration) -> Eval<()> {
    r.save().map_err(|e| {
        fail(
            command,
            "NcsCannotWritePluginContent",
            ErrorCategory::WriteError,
            format!(
                "Cannot write the shell configuration data into the file {}. Reason for failure: {e}.",
                r.settings_path().display()
            ),
        )
    })
}

/// The registrations whose names match any of `patterns` (all for none), and the patterns
/// without wildcards that matched nothing.
pub fn matching(dirs: &Directories, patterns: &[String]) -> (Vec<Registration>, Vec<String>) {
    let all = dirs.list();
    if patterns.is_empty() {
        return (all, Vec::new());
    }
    let found: Vec<Registration> = all
        .iter()
        .filter(|r| patterns.iter().any(|p| wildcard_match(p, &r.name)))
        .cloned()
        .collect();
    let missing = patterns
        .iter()
        .filter(|p| !found.iter().any(|r| wildcard_match(p, &r.name)))
        .cloned()
        .collect();
    (found, missing)
}

/// PowerShell's error for names that match no configuration.
pub fn no_match(command: &str, name: &str) -> ErrorRecord {
    error(
        command,
        "CustomShellNotFound",
        ErrorCategory::ObjectNotFound,
        format!("No session configuration matches criteria \"{name}\"."),
    )
}

/// The `Permission` text: who may connect.
pub fn permission(r: &Registration) -> String {
    if !r.enabled || r.access_mode == AccessMode::Disabled {
        return "Everyone AccessDenied".to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    if r.access_mode == AccessMode::Local {
        parts.push("SSH AccessDenied".to_string());
    }
    if r.allowed_users.is_empty() && r.allowed_groups.is_empty() {
        parts.push("Everyone AccessAllowed".to_string());
    }
    parts.extend(r.allowed_users.iter().map(|u| format!("{u} AccessAllowed")));
    parts.extend(
        r.allowed_groups
            .iter()
            .map(|g| format!("%{g} AccessAllowed")),
    );
    parts.join(", ")
}

/// A registration as Get-PSSessionConfiguration shows it.
pub fn configuration_object(r: &Registration) -> Value {
    let table = r.config_file.as_ref().and_then(|p| data_file::read(p).ok());
    let (language_mode, session_type) = match &table {
        Some(t) => (
            format!("{:?}", apply::language_mode(t)),
            apply::session_type(t).to_string(),
        ),
        None => ("FullLanguage".to_string(), "Default".to_string()),
    };
    let (major, minor, _) = rosh_runtime::automatic::PS_VERSION;
    let text = |s: Option<&str>| Value::str(s.unwrap_or(""));
    let list = |v: &[String]| {
        Value::Array(rosh_runtime::value::Array::new(
            v.iter().map(Value::str).collect(),
        ))
    };
    let o = PsObject::with_type_names(vec![CONFIGURATION_TYPE.into(), "System.Object".into()]);
    o.set_many(vec![
        ("Name".into(), Value::str(&r.name)),
        ("PSVersion".into(), Value::str(format!("{major}.{minor}"))),
        ("StartupScript".into(), text(r.startup_script.as_deref())),
        ("RunAsUser".into(), Value::str("")),
        ("Permission".into(), Value::str(permission(r))),
        ("LanguageMode".into(), Value::str(language_mode)),
        ("SessionType".into(), Value::str(session_type)),
        (
            "ConfigFilePath".into(),
            text(
                r.config_file
                    .as_ref()
                    .map(|p| p.to_string_lossy().into_owned())
                    .as_deref(),
            ),
        ),
        ("Enabled".into(), Value::Bool(r.enabled)),
        ("AccessMode".into(), Value::str(r.access_mode.name())),
        ("AllowedUsers".into(), list(&r.allowed_users)),
        ("AllowedGroups".into(), list(&r.allowed_groups)),
        (
            "MaxReceivedObjectSizeMB".into(),
            Value::Double(r.max_object_mb.unwrap_or(10.0)),
        ),
        (
            "MaxReceivedCommandSizeMB".into(),
            Value::Double(r.max_command_mb.unwrap_or(50.0)),
        ),
    ]);
    Value::Object(o)
}

/// The `-Path` of a New-*File command resolved, when it ends in `.extension`; else
/// PowerShell's error (`id`, with `what` naming the kind of file).
pub fn data_file_path(
    rs: &rosh_runtime::Runspace,
    command: &str,
    args: &rosh_runtime::command::BoundArgs,
    extension: &str,
    id: &str,
    what: &str,
) -> Result<std::path::PathBuf, Flow> {
    let path = args
        .get("Path")
        .map(rosh_runtime::convert::to_str)
        .unwrap_or_default();
    let full = rs.resolve_path(&path);
    if full
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    {
        return Ok(full);
    }
    Err(fail(
        command,
        id,
        ErrorCategory::InvalidArgument,
        format!(
            "{what} path '{path}' is not valid. The path argument must resolve to a single file in the file system with a '.{extension}' extension. Please fix the path specification and try again."
        ),
    ))
}
