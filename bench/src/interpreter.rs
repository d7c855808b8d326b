//! The interpreter against its peers, side by side, with ratios: start-up (`rosh -c exit` vs
//! `bash -c exit` and `python3 -c pass`), a 1,000,000-iteration accumulating loop (vs the
//! same loop in python3), a 1,000,000-object pipeline, and the peak memory of start-up.
//!
//! `cargo run --release -p rosh-bench --bin interpreter` (builds and uses target/release/rosh).

use std::process::{Command, Stdio};
use std::time::Instant;

fn rosh() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("rosh")));
    match exe {
        Some(p) if p.exists() => p.to_string_lossy().into_owned(),
        _ => "target/release/rosh".into(),
    }
}

/// Median wall time in milliseconds of `runs` runs.
fn median_ms(program: &str, args: &[&str], runs: usize) -> Option<f64> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    Some(samples[samples.len() / 2])
}

fn show(label: &str, v: Option<f64>) -> f64 {
    match v {
        Some(ms) => {
            println!("  {label:<40} {ms:>9.2} ms");
            ms
        }
        None => {
            println!("  {label:<40}   (not available)");
            f64::NAN
        }
    }
}

/// Peak resident memory, in KB, of one run. getrusage reports the largest child a process
/// ever had (here that includes the cargo build that made rosh), so the run happens in a
/// fresh copy of this program (`--peak-of`) whose only child is the measured one.
fn peak_kb(program: &str, args: &[&str]) -> Option<i64> {
    let me = std::env::current_exe().ok()?;
    let out = Command::new(me)
        .arg("--peak-of")
        .arg(program)
        .args(args)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// `--peak-of PROGRAM ARGS...`: run it and print its peak resident memory in KB.
fn peak_of(program: &str, args: &[String]) -> Option<i64> {
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).ok()?;
    Some(usage.max_rss())
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("--peak-of") {
        if let Some(program) = argv.get(2)
            && let Some(kb) = peak_of(program, &argv[3..])
        {
            println!("{kb}");
        }
        return;
    }
    let rosh = rosh();
    println!("rosh: {rosh}\n");

    println!("peak memory of `rosh -NoProfile -c exit` (target under 15 MB)");
    match peak_kb(&rosh, &["-NoProfile", "-c", "exit"]) {
        Some(kb) => println!(
            "  rosh {:.1} MB; ratio to target {:.2}x\n",
            kb as f64 / 1024.0,
            kb as f64 / 1024.0 / 15.0
        ),
        None => println!("  (not available)\n"),
    }

    println!("start-up (median of 41 runs; target: rosh at most 5 ms)");
    let r = show(
        "rosh -NoProfile -c exit",
        median_ms(&rosh, &["-NoProfile", "-c", "exit"], 41),
    );
    let b = show("bash -c exit", median_ms("bash", &["-c", "exit"], 41));
    let p = show("python3 -c pass", median_ms("python3", &["-c", "pass"], 41));
    println!(
        "  ratio rosh/bash {:.2}x, rosh/python3 {:.2}x\n",
        r / b,
        r / p
    );

    println!(
        "1,000,000-iteration loop `$s += $i` (median of 5; target: rosh at most 1.5x python3)"
    );
    let script = "$s = 0; for ($i = 0; $i -lt 1000000; $i++) { $s += $i }; $s";
    let r = show("rosh", median_ms(&rosh, &["-NoProfile", "-c", script], 5));
    let py = "s = 0\nfor i in range(1000000):\n    s += i\nprint(s)";
    let p = show("python3", median_ms("python3", &["-c", py], 5));
    println!("  ratio rosh/python3 {:.2}x\n", r / p);

    println!(
        "pipeline `1..1000000 | ForEach-Object {{ $_ * 2 }} | Measure-Object -Sum` (median of 3; target under 1000 ms)"
    );
    let script =
        "1..1000000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum | ForEach-Object Sum";
    let r = show("rosh", median_ms(&rosh, &["-NoProfile", "-c", script], 3));
    println!("  ratio to target {:.2}x\n", r / 1000.0);
}
