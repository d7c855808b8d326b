//! `Enable-SSHRemoting`: registers rosh as an sshd subsystem, so `-HostName` sessions reach
//! it, by writing `Subsystem rosh /path/to/rosh -sshs` into sshd_config.
//!
//! PowerShell has no built-in for this (`Enable-PSRemoting` configures WinRM); the name is
//! that of Microsoft's `Microsoft.PowerShell.RemotingTools` module, whose cmdlet does the same
//! for pwsh. The file is backed up before it changes, the edit is idempotent, `-WhatIf`
//! shows what would change, and sshd is not restarted (a warning says to reload it).

use std::path::{Path, PathBuf};

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::host::HostStream;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value, convert};

use crate::fs_items::{io_error, io_message, not_found, terminating};
use crate::sshd_config::{Edit, add_subsystem, subsystem_line};

/// `Enable-SSHRemoting [-SSHDConfigFilePath <string>] [-RoshFilePath <string>] [-Subsystem
/// <string>] [-Force] [-WhatIf]`
pub struct EnableSSHRemoting;

/// Where sshd reads its configuration on Linux.
pub const DEFAULT_SSHD_CONFIG: &str = "/etc/ssh/sshd_config";

const NAME: &str = "Enable-SSHRemoting";
const CLASS: &str = "EnableSSHRemotingCommand";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("SSHDConfigFilePath").aliases(&["Path"]),
    ParamSpec::value("RoshFilePath").aliases(&["PowerShellFilePath"]),
    ParamSpec::value("Subsystem"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("WhatIf").aliases(&["wi"]),
    ParamSpec::switch("Confirm").aliases(&["cf"]),
];

struct Run {
    args: BoundArgs,
}

impl Command for EnableSSHRemoting {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Register rosh as the 'rosh' subsystem in a copy of sshd_config: the line goes before the first Match block, the original is backed up, and a second run changes nothing.",
                code: "$cfg = [IO.Path]::GetTempFileName()\n\
                       Set-Content $cfg \"Port 22`nMatch User backup`n    ForceCommand internal-sftp\"\n\
                       $r = Enable-SSHRemoting -SSHDConfigFilePath $cfg -RoshFilePath /usr/local/bin/rosh -WarningAction SilentlyContinue\n\
                       \"$($r.Changed) $($r.Line)\"\n\
                       Get-Content $cfg\n\
                       (Get-Content $r.BackupPath).Count\n\
                       (Enable-SSHRemoting -SSHDConfigFilePath $cfg -RoshFilePath /usr/local/bin/rosh).Changed\n\
                       Remove-Item $cfg, $r.BackupPath",
                output: "True Subsystem rosh /usr/local/bin/rosh -sshs\n\
                         Port 22\n\
                         Subsystem rosh /usr/local/bin/rosh -sshs\n\
                         Match User backup\n    ForceCommand internal-sftp\n\
                         3\n\
                         False",
            },
            Example {
                description: "-WhatIf says what would change and leaves the file alone.",
                code: "$cfg = [IO.Path]::GetTempFileName()\n\
                       Set-Content $cfg 'Port 22'\n\
                       Enable-SSHRemoting -Path $cfg -RoshFilePath /opt/rosh/rosh -WhatIf 6>&1 |\n\
                       \x20   ForEach-Object { \"$_\".Replace($cfg, 'sshd_config') }\n\
                       Get-Content $cfg\n\
                       Remove-Item $cfg",
                output: "What if: Performing the operation \"Add 'Subsystem rosh /opt/rosh/rosh -sshs'\" on target \"sshd_config\".\n\
                         Port 22",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let path = self
            .args
            .get("SSHDConfigFilePath")
            .map(convert::to_str)
            .unwrap_or_else(|| DEFAULT_SSHD_CONFIG.into());
        let path = rs.resolve_path(&path);
        let subsystem = self
            .args
            .get("Subsystem")
            .map(convert::to_str)
            .unwrap_or_else(|| rosh_remoting::ssh::DEFAULT_SUBSYSTEM.into());
        let exe = match self.args.get("RoshFilePath") {
            Some(v) => rs.resolve_path(&convert::to_str(v)),
            None => crate::remote::sessions::server_exe(rs),
        };
        check_words(&subsystem, &exe)?;
        let command = format!("{} -sshs", exe.display());
        let line = subsystem_line(&subsystem, &command);
        if !path.is_file() {
            return Err(terminating(NAME, not_found(CLASS, &path)));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| read_error(&e, &path))?;
        let force = self.args.switch("Force");
        let (new, replaced) = match add_subsystem(&text, &subsystem, &command, force) {
            Edit::Present => (None, false),
            Edit::Changed { text, replaced } => (Some(text), replaced),
            Edit::Conflict(current) => {
                return Err(terminating(
                    NAME,
                    ErrorRecord::new(
                        format!("SubsystemAlreadyDefined,Microsoft.PowerShell.Commands.{CLASS}"),
                        ErrorCategory::ResourceExists,
                        format!(
                            "The subsystem '{subsystem}' is already defined in {} as '{current}'. Use -Force to replace it with '{line}'.",
                            path.display()
                        ),
                    )
                    .with_exception("System.InvalidOperationException")
                    .with_target(Value::str(path.display().to_string())),
                ));
            }
        };
        let what_if = self.args.switch("WhatIf")
            || (!self.args.has("WhatIf")
                && rs
                    .scopes
                    .get("WhatIfPreference")
                    .is_some_and(|v| convert::is_true(&v.value)));
        if what_if {
            if new.is_some() {
                let verb = if replaced { "Replace with" } else { "Add" };
                let message = format!(
                    "What if: Performing the operation \"{verb} '{line}'\" on target \"{}\".\n",
                    path.display()
                );
                rs.capture_stream(HostStream::Information, &message);
                rs.write_stream(HostStream::Information, &message, true);
            }
            return Ok(());
        }
        let backup = match &new {
            Some(new) => Some(write_with_backup(&path, &text, new)?),
            None => None,
        };
        if backup.is_some() {
            let warning = format!(
                "sshd reads {} when it starts or reloads: reload it (systemctl reload ssh) for the '{subsystem}' subsystem to take effect.",
                path.display()
            );
            rs.capture_stream(HostStream::Warning, &warning);
            let action = rs.warning_action().to_ascii_lowercase();
            if action != "silentlycontinue" && action != "ignore" {
                rs.write_stream(HostStream::Warning, &warning, false);
            }
        }
        let o = PsObject::custom();
        o.set_many(vec![
            ("Path".into(), Value::str(path.display().to_string())),
            ("Subsystem".into(), Value::str(&subsystem)),
            ("Line".into(), Value::str(&line)),
            ("Changed".into(), Value::Bool(backup.is_some())),
            (
                "BackupPath".into(),
                backup.map_or(Value::Null, |b| Value::str(b.display().to_string())),
            ),
        ]);
        out.emit(rs, Value::Object(o))
    }
}

/// The subsystem name and the program go into a whitespace-separated line: they must be
/// single words sshd reads back as written.
fn check_words(subsystem: &str, exe: &Path) -> Eval<()> {
    let exe_text = exe.display().to_string();
    let bad_name = subsystem.is_empty()
        || !subsystem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let bad_exe = exe_text.is_empty()
        || exe_text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '#'));
    if bad_name || bad_exe {
        let (what, value) = if bad_name {
            ("Subsystem", subsystem.to_string())
        } else {
            ("RoshFilePath", exe_text)
        };
        return Err(terminating(
            NAME,
            ErrorRecord::new(
                format!("InvalidArgument,Microsoft.PowerShell.Commands.{CLASS}"),
                ErrorCategory::InvalidArgument,
                format!(
                    "Cannot validate argument on parameter '{what}'. '{value}' cannot be written into an sshd_config Subsystem line: it must be one word without quotes or '#'."
                ),
            )
            .with_exception("System.ArgumentException")
            .with_target(Value::str(value)),
        ));
    }
    Ok(())
}

fn read_error(e: &std::io::Error, path: &Path) -> Flow {
    terminating(
        NAME,
        io_error(
            "ReadError",
            CLASS,
            ErrorCategory::ReadError,
            io_message(e, path),
            path,
        ),
    )
}

/// Copies the file to a backup beside it (`sshd_config.rosh-backup-<unix time>`, never
/// overwriting one), then replaces it with `new` through a temporary file renamed over it,
/// keeping its permissions. Returns the backup's path.
fn write_with_backup(path: &Path, old: &str, new: &str) -> Eval<PathBuf> {
    let write_error = |e: std::io::Error, p: &Path| {
        terminating(
            NAME,
            io_error(
                "WriteError",
                CLASS,
                ErrorCategory::WriteError,
                io_message(&e, p),
                p,
            ),
        )
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sshd_config".into());
    let mut backup = path.with_file_name(format!("{name}.rosh-backup-{stamp}"));
    let mut n = 1;
    while backup.exists() {
        backup = path.with_file_name(format!("{name}.rosh-backup-{stamp}-{n}"));
        n += 1;
    }
    let permissions = std::fs::metadata(path)
        .map_err(|e| write_error(e, path))?
        .permissions();
    std::fs::write(&backup, old).map_err(|e| write_error(e, &backup))?;
    let _ = std::fs::set_permissions(&backup, permissions.clone());
    let temp = path.with_file_name(format!(".{name}.rosh-{}", std::process::id()));
    std::fs::write(&temp, new).map_err(|e| write_error(e, &temp))?;
    let _ = std::fs::set_permissions(&temp, permissions);
    if let Err(e) = std::fs::rename(&temp, path) {
        let _ = std::fs::remove_file(&temp);
        return Err(write_error(e, path));
    }
    Ok(backup)
}
