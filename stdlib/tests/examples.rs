//! Every built-in command's examples, run as tests: each example's script runs in a fresh
//! runspace with the standard library, and what it writes to the output must be exactly the
//! example's output. Errors fail the example.

use rosh_runtime::Runspace;
use rosh_runtime::host::{Host, HostStream};
use rosh_runtime::interp::RunOutcome;
use rosh_runtime::interp::SourceInfo;
use std::sync::{Arc, Mutex};

/// A host that keeps what is written, shared with the test.
#[derive(Clone, Default)]
struct SharedHost(Arc<Mutex<Vec<(HostStream, String)>>>);

impl Host for SharedHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        if let Ok(mut w) = self.0.lock() {
            w.push((stream, text.to_string()));
        }
    }
    // Read-Host and Get-Credential's examples get the same answer.
    fn read_line(&mut self, _prompt: &str) -> Result<String, rosh_runtime::host::ReadError> {
        Ok("rosh".into())
    }
    fn read_line_masked(&mut self, _prompt: &str) -> Result<String, rosh_runtime::host::ReadError> {
        Ok("rosh".into())
    }
}

impl SharedHost {
    fn text(&self, wanted: impl Fn(HostStream) -> bool) -> String {
        self.0
            .lock()
            .map(|w| {
                w.iter()
                    .filter(|(s, _)| wanted(*s))
                    .map(|(_, t)| t.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The rosh binary, which serves the remoting commands' loopback sessions: the one cargo
/// built beside this test, built first when it is missing (`cargo test -p rosh-stdlib`).
fn rosh_exe() -> &'static std::path::PathBuf {
    static EXE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    EXE.get_or_init(|| {
        let test = std::env::current_exe().expect("the test knows its path");
        // target/<profile>/deps/examples-<hash> -> target/<profile>/rosh
        let exe = test
            .parent()
            .and_then(|d| d.parent())
            .map(|d| d.join("rosh"))
            .expect("the test runs from a target directory");
        if !exe.exists() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = std::process::Command::new(cargo)
                .args(["build", "-p", "rosh", "--bin", "rosh"])
                .status()
                .expect("cargo runs");
            assert!(status.success(), "building rosh failed");
        }
        exe
    })
}

/// Run one script; (output text, error text).
fn run(code: &str) -> (String, String) {
    let host = SharedHost::default();
    let mut rs = Runspace::new(Box::new(host.clone()));
    rosh_stdlib::register(&mut rs);
    rs.extension::<rosh_stdlib::remote::sessions::Sessions>()
        .server_exe = Some(rosh_exe().clone());
    let parsed = rosh_lang::parse(code);
    assert!(
        parsed.errors.is_empty(),
        "example does not parse: {code}\n{:?}",
        parsed.errors
    );
    let text: Arc<str> = Arc::from(code);
    let outcome = rs.run_script(
        &parsed.script,
        SourceInfo {
            path: None,
            lines: Arc::new(rosh_lang::LineIndex::new(&text)),
            text,
        },
    );
    rs.flush_output();
    let mut errors = host.text(|s| s == HostStream::Error);
    if let RunOutcome::Failed(e) = outcome {
        errors.push_str(&rosh_runtime::output::render_error(&e));
    }
    (host.text(|s| matches!(s, HostStream::Output)), errors)
}

#[test]
fn every_example_gives_its_output() {
    let mut rs = Runspace::new(Box::new(SharedHost::default()));
    rosh_stdlib::register(&mut rs);
    let mut failures = Vec::new();
    let mut count = 0;
    for name in rs.command_names() {
        let Some(cmd) = rs.command(name) else {
            continue;
        };
        for ex in cmd.examples() {
            count += 1;
            let (out, err) = run(ex.code);
            if out.trim_end_matches('\n') != ex.output.trim_end_matches('\n') || !err.is_empty() {
                failures.push(format!(
                    "{name}: {}\n--- code\n{}\n--- want\n{}\n--- got\n{out}\n--- errors\n{err}",
                    ex.description, ex.code, ex.output
                ));
            }
        }
    }
    assert!(count > 0, "no examples ran");
    assert!(
        failures.is_empty(),
        "{} of {count} examples failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_command_has_an_example() {
    let mut rs = Runspace::new(Box::new(SharedHost::default()));
    rosh_stdlib::register(&mut rs);
    let missing: Vec<&str> = rs
        .command_names()
        .into_iter()
        .filter(|n| rs.command(n).is_some_and(|c| c.examples().is_empty()))
        .collect();
    assert!(
        missing.is_empty(),
        "commands without examples: {}",
        missing.join(", ")
    );
}
