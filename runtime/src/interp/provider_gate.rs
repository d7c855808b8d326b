//! Provider visibility, for session configurations' `VisibleProviders`: in a session that
//! restricts its commands, the providers the configuration does not list are private. Their
//! drives do not exist for the user: a built-in command the user calls with a path on one
//! (`Get-Content /etc/passwd` when FileSystem is private, `Get-Item env:HOME` when
//! Environment is) fails with PowerShell's DriveNotFound error before it starts, and so does
//! a redirection to a file. The configuration's own code (trusted) sees every provider, so a
//! visible function may still read the files it was written to read.
//!
//! The gate looks at what reaches the command: its bound path parameters (`Path`,
//! `LiteralPath`, `FilePath`, `Destination`, `PSPath`, `Target`) and, for a command that
//! takes paths, each pipeline input object (a string, or an object's `PSPath`,
//! `LiteralPath`, `Path` or `FullName`). The location commands and Get-ChildItem without a
//! path work on the current location, which is on the file system.

use super::{Runspace, Sink};
use crate::command::{BoundArgs, Processor};
use crate::convert::to_str;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow};
use crate::value::Value;

/// The parameters through which a built-in command is given provider paths.
const PATH_PARAMETERS: [&str; 6] = [
    "Path",
    "LiteralPath",
    "FilePath",
    "Destination",
    "PSPath",
    "Target",
];

/// The properties of a pipeline object that bind to path parameters by property name.
const PATH_PROPERTIES: [&str; 4] = ["PSPath", "LiteralPath", "Path", "FullName"];

/// Commands that work on the current location when given no path.
const LOCATION_COMMANDS: [&str; 5] = [
    "Get-Location",
    "Set-Location",
    "Push-Location",
    "Pop-Location",
    "Get-ChildItem",
];

/// The provider a path is on, and the drive name PowerShell would report for it.
fn provider_of(path: &str) -> (&'static str, String) {
    let path = path.trim();
    if let Some((qualifier, _)) = path.split_once("::") {
        let provider = qualifier.rsplit('\\').next().unwrap_or(qualifier);
        for known in ["FileSystem", "Environment", "Variable", "Function", "Alias"] {
            if provider.eq_ignore_ascii_case(known) {
                return (known, known.to_string());
            }
        }
    }
    if let Some((drive, _)) = path.split_once(':') {
        let provider = match drive.to_ascii_lowercase().as_str() {
            "env" => Some("Environment"),
            "variable" => Some("Variable"),
            "function" => Some("Function"),
            "alias" => Some("Alias"),
            _ => None,
        };
        if let Some(provider) = provider {
            return (provider, drive.to_string());
        }
    }
    ("FileSystem", "/".to_string())
}

/// PowerShell's error for a drive the caller cannot see.
fn drive_not_found(command: &str, drive: &str) -> Flow {
    Flow::Error(Box::new(
        ErrorRecord::new(
            format!(
                "DriveNotFound,Microsoft.PowerShell.Commands.{}Command",
                command.replace('-', "")
            ),
            ErrorCategory::ObjectNotFound,
            format!("Cannot find drive. A drive with the name '{drive}' does not exist."),
        )
        .with_exception("System.Management.Automation.DriveNotFoundException")
        .with_target(Value::from(drive.to_string())),
    ))
}

impl Runspace {
    /// Whether the gate applies to the code running now: providers are restricted and the
    /// code is not the configuration's.
    fn provider_gate_closed(&self) -> bool {
        self.providers_restricted() && !self.runs_trusted_code()
    }

    /// Refuses `path` when its provider is private to the running code.
    pub fn check_provider_path(&self, command: &str, path: &str) -> Eval<()> {
        if !self.provider_gate_closed() {
            return Ok(());
        }
        let (provider, drive) = provider_of(path);
        if self.provider_visible(provider) {
            Ok(())
        } else {
            Err(drive_not_found(command, &drive))
        }
    }

    /// Refuses a call of the built-in `command` whose bound paths (or, for a location
    /// command given none, the current location) are on a private provider.
    pub(crate) fn check_provider_args(&self, command: &str, bound: &BoundArgs) -> Eval<()> {
        if !self.provider_gate_closed() {
            return Ok(());
        }
        let mut any = false;
        for name in PATH_PARAMETERS {
            let items = match bound.get(name) {
                Some(Value::Array(a)) => a.to_vec(),
                Some(v) => vec![v.clone()],
                None => continue,
            };
            for item in items {
                any = true;
                self.check_provider_path(command, &to_str(&item))?;
            }
        }
        if !any
            && LOCATION_COMMANDS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(command))
        {
            self.check_provider_path(command, "/")?;
        }
        Ok(())
    }
}

/// Whether the built-in command's parameters take provider paths.
pub(crate) fn takes_paths(specs: &[crate::command::ParamSpec]) -> bool {
    specs.iter().any(|s| {
        PATH_PARAMETERS
            .iter()
            .any(|p| s.name.eq_ignore_ascii_case(p))
    })
}

/// A built-in command whose pipeline input may be paths: each input object is held to the
/// gate before the command sees it.
pub(crate) struct GatedInput {
    inner: Box<dyn Processor>,
    command: &'static str,
}

impl GatedInput {
    /// Gates `inner`, the processor of `command`.
    pub(crate) fn new(inner: Box<dyn Processor>, command: &'static str) -> Self {
        GatedInput { inner, command }
    }
}

impl Processor for GatedInput {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.inner.begin(rs, out)
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        if let Some(value) = &input {
            match value.clone().unwrapped() {
                Value::Object(o) => {
                    for property in PATH_PROPERTIES {
                        if let Some(p) = o.get(property) {
                            rs.check_provider_path(self.command, &to_str(&p))?;
                        }
                    }
                }
                other => rs.check_provider_path(self.command, &to_str(&other))?,
            }
        }
        self.inner.process(rs, input, out)
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.inner.end(rs, out)
    }

    fn capture_stderr(&mut self) {
        self.inner.capture_stderr();
    }
}

#[cfg(test)]
mod tests {
    use super::provider_of;

    #[test]
    fn paths_are_on_their_providers() {
        assert_eq!(provider_of("/etc/passwd"), ("FileSystem", "/".into()));
        assert_eq!(provider_of("notes.txt"), ("FileSystem", "/".into()));
        assert_eq!(provider_of("Env:HOME"), ("Environment", "Env".into()));
        assert_eq!(provider_of("variable:/x"), ("Variable", "variable".into()));
        assert_eq!(
            provider_of("Microsoft.PowerShell.Core\\FileSystem::/etc"),
            ("FileSystem", "FileSystem".into())
        );
        assert_eq!(provider_of("alias::ls").0, "Alias");
    }
}
