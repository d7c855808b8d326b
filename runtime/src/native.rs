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
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

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

/// A native program in a pipeline. Fed by an earlier stage, it starts at once and each input
/// object is written to its standard input as a line while it runs, its output lines
/// flowing on as they come; first in a pipeline, it runs when the pipeline reaches it.
pub struct NativeProcessor {
    path: PathBuf,
    args: Vec<String>,
    has_input: bool,
    running: Option<Running>,
    /// The command's error stream is redirected: read stderr as error records.
    capture_stderr: bool,
}

/// A started program: where its input goes and where its output lines come from.
struct Running {
    child: Child,
    /// Lines for the stdin writer thread; dropped to close stdin.
    input: Option<SyncSender<Vec<u8>>>,
    writer: Option<std::thread::JoinHandle<()>>,
    /// Output lines from the stdout reader thread (and stderr's, when captured).
    output: Receiver<Line>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// A line a program wrote.
enum Line {
    /// On stdout: an output object.
    Out(String),
    /// On stderr, when the host does not own a terminal (a remote session): an error record.
    Err(String),
}

/// Reads `from` line by line, lossily decoded (bytes that are not UTF-8 become U+FFFD
/// rather than ending the output), and sends each line made by `wrap`.
fn read_lines(
    from: impl std::io::Read + Send + 'static,
    tx: std::sync::mpsc::Sender<Line>,
    wrap: fn(String) -> Line,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
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
                    if tx
                        .send(wrap(String::from_utf8_lossy(&buf).into_owned()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
    })
}

/// How long a wait for a program's output lasts before the stop flag is looked at again.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(50);

impl Drop for Running {
    /// A pipeline that stops early (`native | Select-Object -First 1`) or fails stops the
    /// program too, as PowerShell does, and reaps it.
    fn drop(&mut self) {
        self.input = None;
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// How many input lines may wait for a slow reader before the pipeline waits for it.
const INPUT_BACKLOG: usize = 64;

impl NativeProcessor {
    /// A processor running `path` with `args`; `has_input` when an earlier stage feeds it.
    pub fn new(path: PathBuf, args: Vec<Arg>, has_input: bool) -> Self {
        NativeProcessor {
            path,
            args: native_args(&args),
            has_input,
            running: None,
            capture_stderr: false,
        }
    }

    fn start(&mut self, rs: &mut Runspace) -> Eval<()> {
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
        // A child shell of a restricted session starts restricted as much.
        let mode = rs.session_language_mode();
        if mode != crate::language_mode::LanguageMode::FullLanguage {
            cmd.env(crate::language_mode::INHERITED_MODE_ENV, mode.name());
        }
        // A host without a terminal (a remote session's) must not lend the program the
        // process's stdin or stderr: they carry the remoting protocol.
        let console = rs.host.owns_terminal();
        cmd.stdin(if self.has_input {
            Stdio::piped()
        } else if console {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        cmd.stdout(Stdio::piped());
        // Without a terminal, or when the error stream is redirected (`2>&1`, `2>file`),
        // stderr's lines become error records, as in PowerShell 7.4.
        if !console || self.capture_stderr {
            cmd.stderr(Stdio::piped());
        }
        let mut child = cmd.spawn().map_err(|e| {
            Flow::error(
                "NativeCommandFailed",
                ErrorCategory::ResourceUnavailable,
                format!("Program '{}' failed to run: {e}", self.path.display()),
            )
        })?;
        let (input, writer) = match child.stdin.take() {
            Some(mut stdin) => {
                let (tx, rx) = sync_channel::<Vec<u8>>(INPUT_BACKLOG);
                let handle = std::thread::spawn(move || {
                    for chunk in rx {
                        // The program may exit without reading its input; not an error.
                        if stdin.write_all(&chunk).is_err() {
                            break;
                        }
                    }
                });
                (Some(tx), Some(handle))
            }
            None => (None, None),
        };
        let (tx, output) = channel::<Line>();
        if let Some(stderr) = child.stderr.take() {
            // Joined implicitly: it ends when the program closes stderr.
            read_lines(stderr, tx.clone(), Line::Err);
        }
        let reader = child
            .stdout
            .take()
            .map(|stdout| read_lines(stdout, tx, Line::Out));
        self.running = Some(Running {
            child,
            input,
            writer,
            output,
            reader,
        });
        Ok(())
    }

    /// Pass on the output lines that are ready, without waiting.
    fn drain_ready(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let Some(running) = &self.running else {
            return Ok(());
        };
        let ready: Vec<Line> = running.output.try_iter().collect();
        for line in ready {
            pass_on(rs, out, line)?;
        }
        Ok(())
    }
}

impl Processor for NativeProcessor {
    fn capture_stderr(&mut self) {
        self.capture_stderr = true;
    }

    fn begin(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        if self.has_input {
            self.start(rs)?;
        }
        Ok(())
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        if let Some(v) = input
            && let Some(tx) = self.running.as_ref().and_then(|r| r.input.as_ref())
        {
            let mut line = to_str(&v).into_bytes();
            line.push(b'\n');
            // A program that stopped reading has closed the channel; drop the rest.
            let _ = tx.send(line);
        }
        self.drain_ready(rs, out)
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if self.running.is_none() {
            self.start(rs)?;
        }
        let Some(mut running) = self.running.take() else {
            return Ok(());
        };
        // Close stdin so the program sees end of input, then pass on the rest of its output.
        running.input = None;
        if let Some(w) = running.writer.take() {
            let _ = w.join();
        }
        loop {
            match running.output.recv_timeout(STOP_POLL) {
                Ok(line) => pass_on(rs, out, line)?,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => rs.check_stop()?,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Some(r) = running.reader.take() {
            let _ = r.join();
        }
        let status = running.child.wait().map_err(|e| {
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

/// An output line goes down the pipeline; an error line becomes a non-terminating error, as
/// PowerShell reports a native program's stderr in a remote session.
fn pass_on(rs: &mut Runspace, out: &mut dyn Sink, line: Line) -> Eval<()> {
    match line {
        Line::Out(text) => out.emit(rs, Value::from(text)),
        Line::Err(text) => {
            let e = crate::error::ErrorRecord::new(
                "NativeCommandError",
                ErrorCategory::NotSpecified,
                text.clone(),
            )
            .with_exception("System.Management.Automation.RemoteException")
            .with_target(Value::from(text));
            rs.write_error(e)
        }
    }
}
