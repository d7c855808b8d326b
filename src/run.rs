//! Running scripts: `-Command` text and `-File` scripts, with pwsh's exit codes.

use crate::cli::Options;
use crate::diagnostics::render_parse_error;
use rosh_runtime::host::{Host, HostStream, ScriptHost};
use rosh_runtime::interp::binding::Arg;
use rosh_runtime::interp::{RunOutcome, SourceInfo};
use rosh_runtime::{Runspace, Value};
use std::process::ExitCode;
use std::sync::Arc;

/// A runspace with the built-in commands, `$PROFILE` and `$PSHOME`, and with the profiles
/// run unless `-NoProfile`, in the language mode the command line asks for.
pub fn runspace(host: Box<dyn Host>, options: &Options) -> Runspace {
    let mut rs = Runspace::new(host);
    rosh_stdlib::register(&mut rs);
    let paths = crate::profiles::ProfilePaths::current();
    crate::profiles::set_variables(&mut rs, &paths);
    if let Some(file) = &options.configuration_file {
        // A configured session runs no profiles: they are not the configuration's code.
        if let Err(e) = rosh_stdlib::session_config::apply_file(&mut rs, file) {
            eprintln!("rosh: {e}");
            std::process::exit(1);
        }
        return rs;
    }
    if !options.no_profile {
        crate::profiles::run(&mut rs, &paths);
    }
    apply_language_mode(&mut rs, options);
    rs
}

/// Puts the runspace in the command line's language mode, if it names one.
pub fn apply_language_mode(rs: &mut Runspace, options: &Options) {
    if let Some(mode) = options.language_mode {
        rs.set_language_mode(mode);
    }
}

/// Shows the error a top-level run ended with, if any. A stop (Ctrl+C) shows nothing, as in
/// PowerShell.
pub fn report_failure(rs: &mut Runspace, outcome: &RunOutcome) {
    if let RunOutcome::Failed(e) = outcome
        && !e.is_pipeline_stopped()
    {
        let text = rosh_runtime::output::render_error(e);
        rs.host.write(HostStream::Error, &text);
    }
}

fn exit_code(code: i32) -> ExitCode {
    ExitCode::from((code & 0xFF) as u8)
}

/// Parse and run `text`; `path` is the script's path for `-File`.
pub fn run_text(
    text: &str,
    path: Option<&str>,
    script_args: &[String],
    options: &Options,
) -> ExitCode {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let out = rosh_lang::parse(text);
    let source: Arc<str> = Arc::from(text);
    if !out.errors.is_empty() {
        let name = path.unwrap_or("<command>");
        for e in &out.errors {
            eprint!("{}", render_parse_error(name, &source, e));
        }
        return ExitCode::from(1);
    }
    let host = ScriptHost {
        non_interactive: options.non_interactive,
    };
    let mut rs = runspace(Box::new(host), options);
    crate::signals::stop_on_ctrl_c(rs.stop_handle());
    let lines = Arc::new(rosh_lang::LineIndex::new(text));
    if let Some(p) = path {
        let full = std::fs::canonicalize(p)
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|_| p.to_string());
        let dir = std::path::Path::new(&full)
            .parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default();
        rs.scopes.set(
            rosh_runtime::interp::scope::Target::Global,
            "PSCommandPath",
            Value::from(full),
        );
        rs.scopes.set(
            rosh_runtime::interp::scope::Target::Global,
            "PSScriptRoot",
            Value::from(dir),
        );
        // A script runs in its own scope.
        rs.scopes.push(true);
    }
    let outcome = match path {
        // A script file binds its arguments to its `param()` block, as pwsh -File does.
        Some(p) => rs.run_script_with_args(
            Arc::new(out.script),
            SourceInfo {
                path: Some(p.to_string()),
                text: source,
                lines,
            },
            script_arguments(script_args),
        ),
        None => rs.run_script(
            &out.script,
            SourceInfo {
                path: None,
                text: source,
                lines,
            },
        ),
    };
    match outcome {
        RunOutcome::Completed { succeeded } => {
            if path.is_some() || succeeded {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        RunOutcome::Exited(code) => exit_code(code),
        // Ctrl+C: the pipeline stopped; PowerShell prints nothing for it.
        RunOutcome::Failed(e) if e.is_pipeline_stopped() => ExitCode::from(130),
        failed @ RunOutcome::Failed(_) => {
            report_failure(&mut rs, &failed);
            ExitCode::from(1)
        }
    }
}

/// Run a script file with arguments.
pub fn run_file(path: &str, args: &[String], options: &Options) -> ExitCode {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => run_text(&text, Some(path), args, options),
            Err(_) => {
                eprintln!("rosh: {path}: the file is not valid UTF-8.");
                ExitCode::from(1)
            }
        },
        Err(_) => {
            eprintln!(
                "The argument '{path}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
            );
            ExitCode::from(64)
        }
    }
}

/// `-File` arguments as a script call's arguments: `-Name` is a parameter name (`-Name:value`
/// carries its value), anything else a positional string.
fn script_arguments(args: &[String]) -> Vec<Arg> {
    args.iter()
        .map(|a| match a.strip_prefix('-') {
            Some(name)
                if name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_') =>
            {
                match name.split_once(':') {
                    Some((n, v)) => Arg::Named {
                        name: n.to_string(),
                        value: Some(Value::from(v.to_string())),
                    },
                    None => Arg::Named {
                        name: name.to_string(),
                        value: None,
                    },
                }
            }
            _ => Arg::Positional(Value::from(a.clone())),
        })
        .collect()
}
