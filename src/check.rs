//! `rosh --check FILE...`: parse scripts and report their diagnostics without running them.

use crate::diagnostics::render_parse_error;
use std::process::ExitCode;
use std::sync::Arc;

/// Parse every file; print each diagnostic to stderr. Exit 0 when all files are clean, 1 when
/// any has an error or cannot be read.
pub fn run(files: &[String]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    // PowerShell reads scripts as UTF-8 (or with a BOM); bytes that are not
                    // UTF-8 are an error to report, not to guess at.
                    eprintln!(
                        "{path}: the file is not valid UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    );
                    failed = true;
                    continue;
                }
            },
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        let text = text
            .strip_prefix('\u{FEFF}')
            .map(str::to_string)
            .unwrap_or(text);
        let out = rosh_lang::parse(&text);
        let source: Arc<str> = Arc::from(text.as_str());
        for e in &out.errors {
            eprint!("{}", render_parse_error(path, &source, e));
            failed = true;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
