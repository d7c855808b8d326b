//! Session transcripts (a configuration's `TranscriptDirectory`): a host that passes
//! everything on to the session's real host and also writes, to a file per session, a
//! header like PowerShell's, each command the session runs (`PS>...`), its output as the
//! console would show it, its errors and stream messages, and a footer when the session
//! ends.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use rosh_runtime::error::ErrorRecord;
use rosh_runtime::host::{Host, HostStream, ProgressRecord, ReadError};
use rosh_runtime::value::datetime::PsDateTime;
use rosh_runtime::value::datetime_format::{INVARIANT, format_datetime};

const RULE: &str = "**********************\n";

/// A host that keeps a transcript.
pub struct TranscriptHost {
    inner: Box<dyn Host>,
    file: File,
}

fn timestamp(format: &str) -> String {
    format_datetime(PsDateTime::now(), format, &INVARIANT).unwrap_or_default()
}

impl TranscriptHost {
    /// Starts a transcript in `directory` (a subdirectory per day, as PowerShell makes) for
    /// a session of configuration `configuration` run by `user`.
    pub fn start(
        inner: Box<dyn Host>,
        directory: &Path,
        configuration: &str,
        user: &str,
    ) -> std::io::Result<TranscriptHost> {
        let machine = rosh_runtime::automatic::machine_name();
        let day: PathBuf = directory.join(timestamp("yyyyMMdd"));
        std::fs::create_dir_all(&day)?;
        let random: String = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
        let path = day.join(format!(
            "PowerShell_transcript.{machine}.{random}.{}.txt",
            timestamp("yyyyMMddHHmmss")
        ));
        let mut file = std::fs::OpenOptions::new()
            .create_new(true)
            .write(true)
            .open(&path)?;
        let (major, minor, patch) = rosh_runtime::automatic::PS_VERSION;
        let header = format!(
            "{RULE}PowerShell transcript start\nStart time: {}\nUsername: {user}\nRunAs User: {user}\nConfiguration Name: {configuration}\nMachine: {machine} ({} {})\nHost Application: {}\nProcess ID: {}\nPSVersion: {major}.{minor}.{patch}\nPSEdition: Core\n{RULE}",
            timestamp("yyyyMMddHHmmss"),
            std::env::consts::OS,
            std::env::consts::ARCH,
            std::env::args().collect::<Vec<_>>().join(" "),
            std::process::id(),
        );
        file.write_all(header.as_bytes())?;
        Ok(TranscriptHost { inner, file })
    }

    fn log(&mut self, text: &str) {
        // A transcript that cannot be written must not stop the session's work.
        let _ = self.file.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = self.file.write_all(b"\n");
        }
    }
}

impl Drop for TranscriptHost {
    fn drop(&mut self) {
        let footer = format!(
            "{RULE}PowerShell transcript end\nEnd time: {}\n{RULE}",
            timestamp("yyyyMMddHHmmss")
        );
        let _ = self.file.write_all(footer.as_bytes());
    }
}

impl Host for TranscriptHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        self.log(text);
        self.inner.write(stream, text);
    }
    fn write_error_record(&mut self, error: &ErrorRecord) {
        self.log(&rosh_runtime::output::render_error(error));
        self.inner.write_error_record(error);
    }
    fn write_record(&mut self, stream: HostStream, message: &str) {
        self.log(&format!(
            "{}{message}",
            rosh_runtime::automatic::stream_prefix(stream)
        ));
        self.inner.write_record(stream, message);
    }
    fn owns_terminal(&self) -> bool {
        self.inner.owns_terminal()
    }
    fn write_host_text(&mut self, text: &str) {
        self.log(text);
        self.inner.write_host_text(text);
    }
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn read_line(&mut self, prompt: &str) -> Result<String, ReadError> {
        self.inner.read_line(prompt)
    }
    fn read_line_masked(&mut self, prompt: &str) -> Result<String, ReadError> {
        self.inner.read_line_masked(prompt)
    }
    fn write_progress(&mut self, source_id: i64, record: &ProgressRecord) {
        self.inner.write_progress(source_id, record);
    }
    fn clear_screen(&mut self) {
        self.inner.clear_screen();
    }
    fn clear_progress(&mut self) {
        self.inner.clear_progress();
    }
    fn transcribing(&self) -> bool {
        true
    }
    fn transcribe(&mut self, text: &str) {
        self.log(text);
    }
}
