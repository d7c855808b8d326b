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
pub trait Host: Send {
    /// Write text (already formatted, including its newline) to a stream.
    fn write(&mut self, stream: HostStream, text: &str);
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
