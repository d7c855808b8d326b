//! Launch to first prompt in a pseudo-terminal: rosh's interactive shell beside bash's and
//! python's (each without its start-up files), with ratios. Target from issue 4: rosh under
//! 20 ms median.
//!
//! `cargo build --release && cargo run --release -p rosh-bench --bin startup`. Each peer is
//! started `RUNS` times on a fresh pty (nix's `openpty`); the clock stops when its prompt
//! has been read from the pty's master side with blocking reads (no polling delay).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 40;

fn rosh() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("rosh")));
    match exe {
        Some(p) if p.exists() => p.to_string_lossy().into_owned(),
        _ => "target/release/rosh".into(),
    }
}

/// Median milliseconds from spawning `program` in a pty until `prompt` appears; `None`
/// when it cannot be run.
fn to_prompt(program: &str, args: &[&str], prompt: &str) -> Option<f64> {
    let home = std::env::temp_dir().join("rosh-startup-bench");
    std::fs::create_dir_all(&home).ok()?;
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("PS1", "$ ");
        let pty = nix::pty::openpty(None, None).ok()?;
        cmd.stdin(Stdio::from(pty.slave.try_clone().ok()?))
            .stdout(Stdio::from(pty.slave.try_clone().ok()?))
            .stderr(Stdio::from(pty.slave));
        let started = Instant::now();
        let mut child = cmd.spawn().ok()?;
        let mut master = std::fs::File::from(pty.master);
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let found = loop {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break false,
                Ok(n) => {
                    seen.extend_from_slice(&buf[..n]);
                    if String::from_utf8_lossy(&seen).contains(prompt) {
                        break true;
                    }
                    if started.elapsed() > Duration::from_secs(10) {
                        break false;
                    }
                }
            }
        };
        let elapsed = started.elapsed();
        let _ = child.kill();
        let _ = child.wait();
        if !found {
            return None;
        }
        samples.push(elapsed.as_secs_f64() * 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    Some(samples[samples.len() / 2])
}

fn main() {
    let rosh_exe = rosh();
    let rosh_ms = to_prompt(&rosh_exe, &["-NoLogo", "-NoProfile"], "> ");
    let peers = [
        (
            "bash --norc -i",
            to_prompt("bash", &["--norc", "--noprofile", "-i"], "$ "),
        ),
        (
            "python3 -q -i",
            to_prompt("python3", &["-q", "-i", "-S"], ">>> "),
        ),
    ];
    println!("launch to first prompt in a pty, median of {RUNS} runs");
    match rosh_ms {
        Some(r) => println!(
            "  rosh -NoLogo -NoProfile  {r:8.2} ms   target < 20 ms: {}",
            if r < 20.0 { "met" } else { "missed" }
        ),
        None => println!("  rosh: could not be run ({rosh_exe})"),
    }
    for (name, ms) in peers {
        match (ms, rosh_ms) {
            (Some(p), Some(r)) => println!("  {name:<24} {p:8.2} ms   rosh/peer {:.2}x", r / p),
            (Some(p), None) => println!("  {name:<24} {p:8.2} ms"),
            (None, _) => println!("  {name:<24} not available"),
        }
    }
}
