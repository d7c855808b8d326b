//! Starting a program for Start-Process the way PowerShell does on Unix: redirected output
//! is read line by line and written to its file without the empty lines, redirected input
//! is the file's text and a newline, and the child is reaped on its own thread, so a
//! program left running leaves no zombie behind.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;

/// What to start and how.
pub struct Launch {
    /// The program.
    pub program: PathBuf,
    /// Its arguments (not counting the program).
    pub args: Vec<String>,
    /// The working directory.
    pub cwd: PathBuf,
    /// Start from an empty environment (`-UseNewEnvironment` on Unix).
    pub clear_env: bool,
    /// Variables to set (`Some`) or remove (`None`), in order.
    pub env: Vec<(String, Option<String>)>,
    /// A file whose text becomes the standard input.
    pub stdin: Option<PathBuf>,
    /// A file that receives the standard output.
    pub stdout: Option<PathBuf>,
    /// A file that receives the standard error.
    pub stderr: Option<PathBuf>,
    /// Whether the host owns a terminal the program may share; without one (a remote
    /// session) streams not redirected go nowhere, since rosh's own carry the protocol.
    pub console: bool,
}

/// A started program and the threads feeding and draining it.
pub struct Running {
    child: Child,
    io: Vec<JoinHandle<()>>,
}

/// A failure to start: the step that failed and the system's reason.
pub enum LaunchError {
    /// A redirection file could not be opened.
    File(PathBuf, std::io::Error),
    /// The program could not be started.
    Spawn(std::io::Error),
}

fn sink(console: bool) -> Stdio {
    if console {
        Stdio::inherit()
    } else {
        Stdio::null()
    }
}

/// Start the program.
pub fn spawn(launch: &Launch) -> Result<Running, LaunchError> {
    let mut cmd = Command::new(&launch.program);
    cmd.args(&launch.args).current_dir(&launch.cwd);
    if launch.clear_env {
        cmd.env_clear();
    }
    for (k, v) in &launch.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let create = |p: &PathBuf| File::create(p).map_err(|e| LaunchError::File(p.clone(), e));
    let out_file = launch.stdout.as_ref().map(create).transpose()?;
    let err_file = launch.stderr.as_ref().map(create).transpose()?;
    let in_text = match &launch.stdin {
        Some(p) => {
            let mut bytes = Vec::new();
            File::open(p)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| LaunchError::File(p.clone(), e))?;
            Some(bytes)
        }
        None => None,
    };
    cmd.stdin(if in_text.is_some() {
        Stdio::piped()
    } else {
        sink(launch.console)
    });
    cmd.stdout(if out_file.is_some() {
        Stdio::piped()
    } else {
        sink(launch.console)
    });
    cmd.stderr(if err_file.is_some() {
        Stdio::piped()
    } else {
        sink(launch.console)
    });
    let mut child = cmd.spawn().map_err(LaunchError::Spawn)?;
    let mut io = Vec::new();
    if let (Some(text), Some(mut stdin)) = (in_text, child.stdin.take()) {
        io.push(std::thread::spawn(move || {
            // PowerShell writes the file's text and a line end, then closes the input.
            let mut text = String::from_utf8_lossy(&text).into_owned();
            text.push('\n');
            let _ = stdin.write_all(text.as_bytes());
        }));
    }
    if let (Some(file), Some(out)) = (out_file, child.stdout.take()) {
        io.push(copy_lines(out, file));
    }
    if let (Some(file), Some(err)) = (err_file, child.stderr.take()) {
        io.push(copy_lines(err, file));
    }
    Ok(Running { child, io })
}

/// Copy a program's output to a file line by line as PowerShell's handlers do: lines end at
/// `\n`, `\r\n` or `\r`, empty lines are dropped and each line is written with `\n`.
fn copy_lines(from: impl Read + Send + 'static, to: File) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut writer = std::io::BufWriter::new(to);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&buf);
                    for line in text.split(['\n', '\r']).filter(|l| !l.is_empty()) {
                        if writeln!(writer, "{line}")
                            .and_then(|_| writer.flush())
                            .is_err()
                        {
                            return;
                        }
                    }
                }
            }
        }
    })
}

impl Running {
    /// The program's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Wait for the program on a thread of its own: when it exits, `on_exit` gets its exit
    /// code (128 and the signal's number when a signal ended it, as .NET reports), then the
    /// redirections are finished and the returned channel says so.
    pub fn reap(self, on_exit: impl FnOnce(i32) + Send + 'static) -> Receiver<()> {
        let (tx, rx) = channel();
        let Running { mut child, io } = self;
        std::thread::spawn(move || {
            let code = match child.wait() {
                Ok(status) => {
                    use std::os::unix::process::ExitStatusExt;
                    status
                        .code()
                        .or_else(|| status.signal().map(|s| 128 + s))
                        .unwrap_or(-1)
                }
                Err(_) => -1,
            };
            on_exit(code);
            for handle in io {
                let _ = handle.join();
            }
            let _ = tx.send(());
        });
        rx
    }
}
