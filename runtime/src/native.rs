//! Native commands: programs found on `PATH` (or by path), run with their arguments as
//! PowerShell 7.4 passes them; their standard output becomes strings in the pipeline and
//! their exit code `$LASTEXITCODE`.

use crate::command::Processor;
use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval, Flow};
use crate::interp::binding::Arg;
use crate::interp::{Runspace, Sink};
use crate::value::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The executable a command name refers to, if any.
pub fn find_executable(name: &str, rs: &Runspace) -> Option<PathBuf> {
    if name.contains('/') {
        let p = Path::new(name);
        return is_executable(p).then(|| p.to_path_buf());
    }
    let path = rs.env("PATH")?;
    path.split(':')
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The argument strings of a native command.
fn native_args(args: &[Arg]) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Arg::Named { name, value: None } => out.push(format!("-{name}")),
            Arg::Named {
                name,
                value: Some(v),
            } => out.push(format!("-{name}:{}", to_str(v))),
            Arg::Positional(Value::Array(items)) => out.extend(items.to_vec().iter().map(to_str)),
            Arg::Positional(v) => out.push(to_str(v)),
        }
    }
    out
}

/// A native program in a pipeline. Input objects are written to its standard input as lines.
pub struct NativeProcessor {
    path: PathBuf,
    args: Vec<String>,
    input: Vec<String>,
    had_input: bool,
}

impl NativeProcessor {
    /// A processor running `path` with `args`.
    pub fn new(path: PathBuf, args: Vec<Arg>) -> Self {
        NativeProcessor {
            path,
            args: native_args(&args),
            input: vec![],
            had_input: false,
        }
    }
}

impl Processor for NativeProcessor {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(v) = input {
            self.had_input = true;
            self.input.push(to_str(&v));
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        rs.flush_output();
        let mut cmd = Command::new(&self.path);
        cmd.args(&self.args);
        cmd.current_dir(rs.location());
        for (k, v) in rs.env_overrides() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.stdin(if self.had_input {
            Stdio::piped()
        } else {
            Stdio::inherit()
        });
        cmd.stdout(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| {
            Flow::error(
                "NativeCommandFailed",
                ErrorCategory::ResourceUnavailable,
                format!("Program '{}' failed to run: {e}", self.path.display()),
            )
        })?;
        let writer = child.stdin.take().map(|mut stdin| {
            let text: String = self.input.iter().map(|l| format!("{l}\n")).collect();
            std::thread::spawn(move || {
                // The program may exit without reading its input; that is not an error.
                let _ = stdin.write_all(text.as_bytes());
            })
        });
        if let Some(stdout) = child.stdout.take() {
            // Lines are decoded lossily: bytes that are not UTF-8 become U+FFFD rather than
            // ending the output.
            let mut reader = BufReader::new(stdout);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&b'\n') {
                            buf.pop();
                            if buf.last() == Some(&b'\r') {
                                buf.pop();
                            }
                        }
                        let line = String::from_utf8_lossy(&buf).into_owned();
                        out.emit(rs, Value::from(line))?;
                    }
                }
            }
        }
        if let Some(w) = writer {
            let _ = w.join();
        }
        let status = child.wait().map_err(|e| {
            Flow::error(
                "NativeCommandFailed",
                ErrorCategory::ResourceUnavailable,
                e.to_string(),
            )
        })?;
        let code = status.code().unwrap_or(-1);
        rs.last_exit_code = Some(code);
        rs.scopes.set(
            crate::interp::scope::Target::Global,
            "LASTEXITCODE",
            Value::Int(code),
        );
        if code != 0 {
            rs.last_succeeded = false;
        }
        Ok(())
    }
}
