//! Launch to first prompt in a pseudo-terminal: rosh's interactive shell beside bash's and
//! python's (each without its start-up files), with ratios. Target from issue 4: rosh under
//! 20 ms median.
//!
//! `cargo build --release && cargo run --release -p rosh-bench --bin startup`. Each peer is
//! started `RUNS` times in a fresh pty; the clock stops when its prompt has been read.

use rexpect::reader::Options;
use rexpect::session::spawn_with_options;
use std::process::Command;
use std::time::Instant;

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
        let started = Instant::now();
        let mut p = spawn_with_options(cmd, Options::new().timeout_ms(Some(10_000))).ok()?;
        p.exp_string(prompt).ok()?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        let _ = p.process_mut().exit();
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    Some(samples[samples.len() / 2])
}

fn main() {
    let rosh_exe = rosh();
    let rosh_ms = to_prompt(&rosh_exe, &["-NoLogo", "-NoProfile"], "> ");
    let peers = [
        ("bash --norc -i", to_prompt("bash", &["--norc", "--noprofile", "-i"], "$ ")),
        ("python3 -q -i", to_prompt("python3", &["-q", "-i", "-S"], ">>> ")),
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
