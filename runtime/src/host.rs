//! The host: where output, errors and the other streams go. The console host lives in the
//! binary; remoting provides a proxy host; tests capture.

use std::io::Write;

/// A stream a line of host output belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostStream {
    /// Formatted output (Out-Default) and Write-Host.
    Output,
    /// Errors.
    Error,
    /// `WARNING: ...`
    Warning,
    /// `VERBOSE: ...`
    Verbose,
    /// `DEBUG: ...`
    Debug,
    /// Information records shown by the host.
    Information,
}

/// What the interpreter needs of a host.
///
/// Text hosts implement [`Host::write`] only; the record methods have defaults that render
/// text. A remoting server's host overrides them to send the records themselves.
pub trait Host: Send {
    /// Write text (already formatted, including its newline) to a stream.
    fn write(&mut self, stream: HostStream, text: &str);
    /// Show an error record (a non-terminating error, or one that ended a statement).
    fn write_error_record(&mut self, error: &crate::error::ErrorRecord) {
        let text = crate::output::render_error(error);
        self.write(HostStream::Error, &text);
    }
    /// Show a warning, verbose, debug or information message (without its prefix).
    fn write_record(&mut self, stream: HostStream, message: &str) {
        let text = format!("{}{message}\n", crate::automatic::stream_prefix(stream));
        self.write(stream, &text);
    }
    /// Whether the process's stdin and stderr belong to this host's user, so native programs
    /// may inherit them. A remoting server's host says no: they carry the protocol.
    fn owns_terminal(&self) -> bool {
        true
    }
    /// Show `Write-Host` text (already ending with its newline unless `-NoNewline`).
    fn write_host_text(&mut self, text: &str) {
        self.write(HostStream::Output, text);
    }
    /// The host's name (`$Host.Name`).
    fn name(&self) -> &str {
        "rosh"
    }
    /// Read a line the user types after `prompt` (Read-Host). Hosts without a user refuse.
    fn read_line(&mut self, prompt: &str) -> Result<String, ReadError> {
        let _ = prompt;
        Err(ReadError::NotInteractive)
    }
    /// Read a line without showing it (Read-Host -AsSecureString, Get-Credential).
    fn read_line_masked(&mut self, prompt: &str) -> Result<String, ReadError> {
        let _ = prompt;
        Err(ReadError::NotInteractive)
    }
    /// Show or update a progress bar (Write-Progress). `source_id` tells apart the
    /// commands that report progress. Hosts without a terminal show nothing.
    fn write_progress(&mut self, source_id: i64, record: &ProgressRecord) {
        let _ = (source_id, record);
    }
    /// Clear the screen (Clear-Host).
    fn clear_screen(&mut self) {}
    /// Take down every progress bar (a top-level command ended).
    fn clear_progress(&mut self) {}
    /// Whether the host keeps a transcript (a session configuration's
    /// `TranscriptDirectory`): the engine then tells it the commands it runs and their
    /// output with [`Host::transcribe`].
    fn transcribing(&self) -> bool {
        false
    }
    /// Add text to the transcript: a command that starts (`PS>...`) or output as the
    /// console would show it.
    fn transcribe(&mut self, text: &str) {
        let _ = text;
    }
}

/// Why a host could not read what the user typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// No user to ask: `-NonInteractive`, a server, or a test.
    #[error(
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    )]
    NotInteractive,
    /// The user pressed Ctrl+C.
    #[error("The operation was stopped.")]
    Interrupted,
    /// Standard input ended.
    #[error("The input ended.")]
    EndOfInput,
    /// The terminal failed.
    #[error("{0}")]
    Io(String),
}

/// Whether a progress record reports work going on or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressRecordType {
    /// The activity goes on.
    Processing,
    /// The activity is done: its bar goes away.
    Completed,
}

/// What Write-Progress reports (PowerShell's `ProgressRecord`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRecord {
    /// Tells activities apart (`-Id`).
    pub activity_id: i32,
    /// The activity this one is part of (`-ParentId`), or -1.
    pub parent_activity_id: i32,
    /// What is being done (`-Activity`).
    pub activity: String,
    /// Where it is (`-Status`).
    pub status_description: String,
    /// The step under way (`-CurrentOperation`).
    pub current_operation: Option<String>,
    /// 0 to 100, or -1 when unknown.
    pub percent_complete: i32,
    /// Seconds left, or -1 when unknown.
    pub seconds_remaining: i32,
    /// Processing or completed.
    pub record_type: ProgressRecordType,
}

/// A host that writes output to stdout and every other stream to stderr, as pwsh does when
/// not interactive.
#[derive(Debug, Default)]
pub struct ConsoleHost;

/// A console host for `-Command` and `-File` runs: Read-Host reads standard input's next line
/// (as pwsh does when input is redirected) unless `-NonInteractive` was given.
#[derive(Debug, Default)]
pub struct ScriptHost {
    /// `-NonInteractive`: reading is refused.
    pub non_interactive: bool,
}

impl Host for ScriptHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        ConsoleHost.write(stream, text);
    }
    fn name(&self) -> &str {
        "ConsoleHost"
    }
    fn read_line(&mut self, prompt: &str) -> Result<String, ReadError> {
        if self.non_interactive {
            return Err(ReadError::NotInteractive);
        }
        read_stdin_line(prompt)
    }
    fn read_line_masked(&mut self, prompt: &str) -> Result<String, ReadError> {
        self.read_line(prompt)
    }
}

/// Shows `prompt` on stdout, then reads one line of standard input without its line end.
pub fn read_stdin_line(prompt: &str) -> Result<String, ReadError> {
    use std::io::BufRead;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(prompt.as_bytes());
    let _ = out.flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(ReadError::EndOfInput),
        Ok(_) => {
            let trimmed = line.strip_suffix('\n').unwrap_or(&line);
            Ok(trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string())
        }
        Err(e) => Err(ReadError::Io(e.to_string())),
    }
}

impl Host for ConsoleHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        // A closed pipe or full disk is not something a script can act on; drop the text.
        let _ = match stream {
            HostStream::Output
            | HostStream::Warning
            | HostStream::Verbose
            | HostStream::Debug
            | HostStream::Information => std::io::stdout().lock().write_all(text.as_bytes()),
            HostStream::Error => std::io::stderr().lock().write_all(text.as_bytes()),
        };
    }

    fn name(&self) -> &str {
        "ConsoleHost"
    }
}

/// A host that keeps everything, for tests and for capturing.
#[derive(Debug, Default)]
pub struct CaptureHost {
    /// What was written, in order, with its stream.
    pub written: Vec<(HostStream, String)>,
}

impl CaptureHost {
    /// Everything written to `stream`, concatenated.
    pub fn text(&self, stream: HostStream) -> String {
        self.written
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

impl Host for CaptureHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        self.written.push((stream, text.to_string()));
    }
}
