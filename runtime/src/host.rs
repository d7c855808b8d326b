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
}

/// A host that writes output to stdout and every other stream to stderr, as pwsh does when
/// not interactive.
#[derive(Debug, Default)]
pub struct ConsoleHost;

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
