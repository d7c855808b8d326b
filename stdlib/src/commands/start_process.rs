//! `Start-Process`: start a program, as PowerShell does on Unix. `-ArgumentList` is joined
//! with spaces and split again by .NET's rules (so an element with a space needs its own
//! double quotes); a name that is no program is opened with `xdg-open` when there is one.

use crate::process_info::ProcInfo;
use crate::process_launch::{Launch, LaunchError, spawn};
use crate::process_object::{self, Snapshot};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::value::{PsDateTime, PsObject};
use rosh_runtime::{ErrorRecord, Eval, Flow, Runspace, Sink, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

/// `Start-Process [-FilePath] <string> [[-ArgumentList] <string[]>] [-WorkingDirectory
/// <string>] [-PassThru] [-Wait] [-NoNewWindow] [-RedirectStandardInput <string>]
/// [-RedirectStandardOutput <string>] [-RedirectStandardError <string>]
/// [-UseNewEnvironment] [-Environment <hashtable>]`
pub struct StartProcess;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("FilePath")
        .at(0)
        .aliases(&["PSPath", "Path"])
        .of("string")
        .mandatory()
        .describe("The program to start: a path, or a name looked up on PATH."),
    ParamSpec::value("ArgumentList")
        .at(1)
        .aliases(&["Args"])
        .of("string[]")
        .describe("The program's arguments; they are joined with spaces and split again as .NET splits a command line, so quote arguments that contain spaces."),
    ParamSpec::value("WorkingDirectory")
        .of("string")
        .describe("The directory the program starts in; the current location by default."),
    ParamSpec::switch("PassThru")
        .describe("Return the started process."),
    ParamSpec::switch("Wait")
        .describe("Wait until the program ends."),
    ParamSpec::switch("NoNewWindow")
        .aliases(&["nnw"])
        .describe("Run in the current console. On Linux programs always do."),
    ParamSpec::value("RedirectStandardInput")
        .aliases(&["RSI"])
        .of("string")
        .describe("A file the program reads as its standard input."),
    ParamSpec::value("RedirectStandardOutput")
        .aliases(&["RSO"])
        .of("string")
        .describe("A file to write the program's standard output to."),
    ParamSpec::value("RedirectStandardError")
        .aliases(&["RSE"])
        .of("string")
        .describe("A file to write the program's standard error to."),
    ParamSpec::switch("UseNewEnvironment")
        .describe("Start the program without rosh's environment variables; only those the session set and -Environment gives are passed."),
    ParamSpec::value("Environment")
        .of("hashtable")
        .describe("Environment variables to set (or, with $null, remove) for the program."),
];

const COMMAND: &str = "Start-Process";
const CLASS: &str = "StartProcessCommand";

/// How often a `-Wait` looks at the stop flag.
const STOP_POLL: Duration = Duration::from_millis(50);

struct Run {
    args: BoundArgs,
}

impl Command for StartProcess {
    fn name(&self) -> &'static str {
        COMMAND
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        if to_str(args.get("FilePath").unwrap_or(&Value::Null)).is_empty() {
            return Err(crate::util::command_error(
                COMMAND,
                "ParameterArgumentValidationErrorEmptyStringNotAllowed,Microsoft.PowerShell.Commands.StartProcessCommand",
                ErrorCategory::InvalidData,
                "System.Management.Automation.ParameterBindingValidationException",
                "Cannot validate argument on parameter 'FilePath'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.",
            ));
        }
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Starts one or more processes on the local computer."
    }
    fn description(&self) -> &'static str {
        "The Start-Process cmdlet starts a program and returns at once (or, with -Wait, when it ends). Its standard streams can be redirected to files; otherwise it shares rosh's console. -PassThru returns a Process object for it."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Process", "Stop-Process"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Run a program, wait for it and read its exit code. The arguments are joined with spaces and split again, so an argument with a space carries its own double quotes.",
                code: "$p = Start-Process -FilePath sh -ArgumentList '-c', '\"exit 3\"' -Wait -PassThru\n\
                       $p.ExitCode",
                output: "3",
            },
            Example {
                description: "Send a program's output to a file; empty lines are left out.",
                code: "$out = Join-Path ([IO.Path]::GetTempPath()) \"rosh-saps-$PID.txt\"\n\
                       Start-Process printf -ArgumentList '\"a\\n\\nb\\n\"' -RedirectStandardOutput $out -Wait\n\
                       Get-Content $out\n\
                       Remove-Item $out",
                output: "a\nb",
            },
            Example {
                description: "Give the program an environment variable of its own.",
                code: "$out = Join-Path ([IO.Path]::GetTempPath()) \"rosh-saps-env-$PID.txt\"\n\
                       Start-Process sh -ArgumentList '-c', '\"echo $GREETING\"' -Environment @{ GREETING = 'hello' } -RedirectStandardOutput $out -Wait\n\
                       Get-Content $out\n\
                       Remove-Item $out",
                output: "hello",
            },
        ]
    }
}

/// An error Start-Process writes or throws, with PowerShell's id and exception.
fn error(id: &str, exception: &str, category: ErrorCategory, message: String) -> ErrorRecord {
    ErrorRecord::new(
        format!("{id},Microsoft.PowerShell.Commands.{CLASS}"),
        category,
        message,
    )
    .with_exception(exception)
}

fn terminating(mut e: ErrorRecord) -> Flow {
    e.invocation = Some(rosh_runtime::error::InvocationInfo {
        command_name: Some(COMMAND.to_string()),
        ..Default::default()
    });
    Flow::Error(Box::new(e))
}

/// `InvalidInput`: a parameter's value that cannot be used.
fn invalid_input(what: &str) -> String {
    format!(
        "This command cannot be run because either the parameter \"{what}\" has a value that is not valid or cannot be used with this command. Give a valid input and Run your command again."
    )
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The program `-FilePath` names, found as PowerShell finds an application: a path (from
/// the current location) or a name on `PATH`.
fn find_program(rs: &Runspace, file: &str) -> Option<PathBuf> {
    if file.contains('/') || file.starts_with('~') {
        let p = rs.resolve_path(file);
        return is_executable(&p).then_some(p);
    }
    rosh_runtime::native::find_executable(file, rs)
}

/// The variables `-Environment` sets (`$null` removes one).
fn environment(v: Option<&Value>) -> Vec<(String, Option<String>)> {
    match v {
        Some(Value::Hashtable(h)) => h
            .entries()
            .into_iter()
            .map(|(k, v)| (to_str(&k), (!v.is_null()).then(|| to_str(&v))))
            .collect(),
        _ => Vec::new(),
    }
}

/// The message of a system error, as .NET's `Win32Exception` gives it.
fn reason(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => e.to_string(),
    }
}

/// A file that cannot be opened for a redirection, as .NET's FileStream reports it.
fn file_error(path: &Path, e: &std::io::Error) -> Flow {
    let shown = path.display();
    let (exception, message) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            "System.IO.DirectoryNotFoundException",
            format!("Could not find a part of the path '{shown}'."),
        ),
        std::io::ErrorKind::PermissionDenied => (
            "System.UnauthorizedAccessException",
            format!("Access to the path '{shown}' is denied."),
        ),
        _ => ("System.IO.IOException", reason(e)),
    };
    terminating(error(
        exception,
        exception,
        ErrorCategory::NotSpecified,
        message,
    ))
}

impl Run {
    /// The redirection files, resolved; an error when two are the same file or the input
    /// file does not exist.
    fn redirections(&self, rs: &mut Runspace) -> Eval<Option<[Option<PathBuf>; 3]>> {
        let path = |name: &str| self.args.get(name).map(|v| rs.resolve_path(&to_str(v)));
        let (input, output, err) = (
            path("RedirectStandardInput"),
            path("RedirectStandardOutput"),
            path("RedirectStandardError"),
        );
        if let Some(i) = &input
            && !i.is_file()
        {
            let given = to_str(
                self.args
                    .get("RedirectStandardInput")
                    .unwrap_or(&Value::Null),
            );
            rs.write_error(error(
                "FileNotFoundException",
                "System.IO.FileNotFoundException",
                ErrorCategory::InvalidOperation,
                invalid_input(&format!("RedirectStandardInput '{given}'")),
            ))?;
            return Ok(None);
        }
        let same = |a: &Option<PathBuf>, b: &Option<PathBuf>| match (a, b) {
            (Some(a), Some(b)) => a
                .to_string_lossy()
                .eq_ignore_ascii_case(&b.to_string_lossy()),
            _ => false,
        };
        for (a, b, an, bn) in [
            (
                &input,
                &output,
                "RedirectStandardInput",
                "RedirectStandardOutput",
            ),
            (
                &input,
                &err,
                "RedirectStandardInput",
                "RedirectStandardError",
            ),
            (
                &output,
                &err,
                "RedirectStandardOutput",
                "RedirectStandardError",
            ),
        ] {
            if same(a, b) {
                rs.write_error(error(
                    "InvalidOperationException",
                    "System.InvalidOperationException",
                    ErrorCategory::InvalidOperation,
                    format!(
                        "This command cannot be run because \"{an}\" and \"{bn}\" are same. Give different inputs and Run your command again."
                    ),
                ))?;
                return Ok(None);
            }
        }
        Ok(Some([input, output, err]))
    }

    /// The working directory: `-WorkingDirectory` (which must exist) or the current
    /// location.
    fn working_directory(&self, rs: &mut Runspace) -> Eval<Option<PathBuf>> {
        match self.args.get("WorkingDirectory") {
            Some(v) => {
                let dir = rs.resolve_path(&to_str(v));
                if dir.is_dir() {
                    Ok(Some(dir))
                } else {
                    rs.write_error(error(
                        "DirectoryNotFoundException",
                        "System.IO.DirectoryNotFoundException",
                        ErrorCategory::InvalidOperation,
                        invalid_input("WorkingDirectory"),
                    ))?;
                    Ok(None)
                }
            }
            None => Ok(Some(rs.location().to_path_buf())),
        }
    }
}

/// The object `-PassThru` gives: the process as Get-Process shows it.
fn process_object(pid: u32, program: &Path) -> PsObject {
    Snapshot::lazy().object(pid as i32).unwrap_or_else(|| {
        let name = program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        process_object::build(
            &ProcInfo {
                pid: pid as i32,
                name,
                ..ProcInfo::default()
            },
            Value::Null,
        )
    })
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let file = to_str(self.args.get("FilePath").unwrap_or(&Value::Null));
        let argument_list = self
            .args
            .has("ArgumentList")
            .then(|| strings(&self.args, "ArgumentList").join(" "));
        let Some(cwd) = self.working_directory(rs)? else {
            return Ok(());
        };
        let Some([stdin, stdout, stderr]) = self.redirections(rs)? else {
            return Ok(());
        };
        // Parameters of the Default set make PowerShell start the program itself rather
        // than through the desktop's opener.
        let default_set = ["NoNewWindow", "UseNewEnvironment"]
            .iter()
            .any(|p| self.args.switch(p))
            || stdin.is_some()
            || stdout.is_some()
            || stderr.is_some();
        let (program, args) = match find_program(rs, &file) {
            Some(p) => (
                p,
                argument_list
                    .as_deref()
                    .map(crate::process_args::split)
                    .unwrap_or_default(),
            ),
            None if argument_list.is_none() && !default_set => {
                match rosh_runtime::native::find_executable("xdg-open", rs) {
                    Some(opener) => (opener, vec![file.clone()]),
                    None => {
                        return Err(terminating(error(
                            "InvalidOperationException",
                            "System.InvalidOperationException",
                            ErrorCategory::InvalidOperation,
                            "This command cannot be run due to the error: No such file or directory."
                                .into(),
                        )));
                    }
                }
            }
            None => {
                return Err(terminating(error(
                    "System.ComponentModel.Win32Exception",
                    "System.ComponentModel.Win32Exception",
                    ErrorCategory::NotSpecified,
                    format!(
                        "An error occurred trying to start process '{file}' with working directory '{}'. No such file or directory",
                        cwd.display()
                    ),
                )));
            }
        };
        let mut env: Vec<(String, Option<String>)> = rs
            .env_overrides()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        env.extend(environment(self.args.get("Environment")));
        let launch = Launch {
            program: program.clone(),
            args,
            cwd: cwd.clone(),
            clear_env: self.args.switch("UseNewEnvironment"),
            env,
            stdin,
            stdout,
            stderr,
            console: rs.host.owns_terminal(),
        };
        rs.flush_output();
        let running = match spawn(&launch) {
            Ok(r) => r,
            Err(LaunchError::File(path, e)) => return Err(file_error(&path, &e)),
            Err(LaunchError::Spawn(e)) => {
                return Err(terminating(error(
                    "System.ComponentModel.Win32Exception",
                    "System.ComponentModel.Win32Exception",
                    ErrorCategory::NotSpecified,
                    format!(
                        "An error occurred trying to start process '{}' with working directory '{}'. {}",
                        program.display(),
                        cwd.display(),
                        reason(&e)
                    ),
                )));
            }
        };
        let object = process_object(running.id(), &program);
        let on_exit = {
            let object = object.clone();
            move |code: i32| {
                object.set("ExitCode", Value::Int(code));
                object.set("ExitTime", Value::DateTime(PsDateTime::now()));
            }
        };
        let done = running.reap(on_exit);
        if self.args.switch("PassThru") {
            out.emit(rs, Value::Object(object))?;
        }
        if self.args.switch("Wait") {
            loop {
                match done.recv_timeout(STOP_POLL) {
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => rs.check_stop()?,
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::environment;
    use rosh_runtime::Value;
    use rosh_runtime::value::Hashtable;

    #[test]
    fn null_removes_a_variable() {
        let h = Hashtable::new(true);
        h.insert(Value::str("A"), Value::str("1"));
        h.insert(Value::str("B"), Value::Null);
        let env = environment(Some(&Value::Hashtable(h)));
        assert_eq!(
            env,
            vec![("A".to_string(), Some("1".to_string())), ("B".into(), None)]
        );
    }
}
