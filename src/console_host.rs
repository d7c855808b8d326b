//! The console host of an interactive shell: output to the terminal (errors in red,
//! warnings in yellow when colour is on), Read-Host through rustyline (masked for secrets),
//! progress bars on stderr when it is a terminal, and Clear-Host.

use crate::progress::ProgressPane;
use rosh_runtime::host::{ConsoleHost, Host, HostStream, ProgressRecord, ReadError};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// True when the terminal may be coloured: stdout is a terminal and `NO_COLOR` is unset.
pub fn colour_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// The interactive console host.
pub struct InteractiveHost {
    colour: bool,
    progress: ProgressPane,
    /// Lines of progress drawn below the cursor.
    drawn: usize,
    progress_on: bool,
}

impl InteractiveHost {
    /// A host for the terminal rosh runs in.
    pub fn new() -> Self {
        InteractiveHost {
            colour: colour_enabled(),
            progress: ProgressPane::default(),
            drawn: 0,
            progress_on: std::io::stderr().is_terminal(),
        }
    }

    fn erase_progress(&mut self) {
        if self.drawn == 0 {
            return;
        }
        // Save the cursor, clear everything below its line, come back.
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\x1b[s\x1b[1B\r\x1b[J\x1b[u");
        let _ = err.flush();
        self.drawn = 0;
    }

    fn draw_progress(&mut self) {
        if self.progress.is_empty() {
            return;
        }
        let width =
            terminal_size::terminal_size_of(std::io::stderr()).map_or(80, |(w, _)| w.0 as usize);
        let lines = self.progress.lines(width, self.colour);
        let n = lines.len();
        let mut err = std::io::stderr().lock();
        // Make room below the cursor (scrolling if needed), then draw there.
        let _ = write!(err, "{}\x1b[{n}A\x1b[s", "\n".repeat(n));
        for line in &lines {
            let _ = write!(err, "\n\r\x1b[2K{line}");
        }
        let _ = write!(err, "\x1b[u");
        let _ = err.flush();
        self.drawn = n;
    }
}

impl Host for InteractiveHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        let redraw = self.drawn > 0;
        self.erase_progress();
        let colour = match stream {
            _ if !self.colour => None,
            HostStream::Error => Some("\x1b[31;1m"),
            HostStream::Warning | HostStream::Verbose | HostStream::Debug => Some("\x1b[33;1m"),
            _ => None,
        };
        let text: Cow<'_, str> = match colour {
            // Colour each line, leaving the line ends plain so the terminal stays clean.
            Some(c) => Cow::Owned(
                text.split_inclusive('\n')
                    .map(|l| match l.strip_suffix('\n') {
                        Some(body) => format!("{c}{body}\x1b[0m\n"),
                        None => format!("{c}{l}\x1b[0m"),
                    })
                    .collect(),
            ),
            None => Cow::Borrowed(text),
        };
        ConsoleHost.write(stream, &text);
        let _ = std::io::stdout().flush();
        if redraw {
            self.draw_progress();
        }
    }

    fn name(&self) -> &str {
        "ConsoleHost"
    }

    fn read_line(&mut self, prompt: &str) -> Result<String, ReadError> {
        self.erase_progress();
        if !std::io::stdin().is_terminal() {
            return rosh_runtime::host::read_stdin_line(prompt);
        }
        let mut editor =
            rustyline::DefaultEditor::new().map_err(|e| ReadError::Io(e.to_string()))?;
        editor.readline(prompt).map_err(read_error)
    }

    fn read_line_masked(&mut self, prompt: &str) -> Result<String, ReadError> {
        self.erase_progress();
        if !std::io::stdin().is_terminal() {
            return rosh_runtime::host::read_stdin_line(prompt);
        }
        crate::repl::read_masked(prompt)
    }

    fn write_progress(&mut self, source_id: i64, record: &ProgressRecord) {
        if !self.progress_on {
            return;
        }
        self.erase_progress();
        self.progress.update(source_id, record);
        self.draw_progress();
    }

    fn clear_progress(&mut self) {
        self.erase_progress();
        self.progress = ProgressPane::default();
    }

    fn clear_screen(&mut self) {
        self.drawn = 0;
        let mut out = std::io::stdout().lock();
        // Home, clear the screen and the scroll-back, as `clear` does.
        let _ = write!(out, "\x1b[H\x1b[2J\x1b[3J");
        let _ = out.flush();
    }
}

/// A rustyline error as a host read error.
pub fn read_error(e: rustyline::error::ReadlineError) -> ReadError {
    match e {
        rustyline::error::ReadlineError::Interrupted => ReadError::Interrupted,
        rustyline::error::ReadlineError::Eof => ReadError::EndOfInput,
        other => ReadError::Io(other.to_string()),
    }
}
