//! Remoting on the loopback default, beside its floors, with ratios: New-PSSession (a
//! `rosh -s` child and a pool opened over its stdio) against starting a process at all
//! (`rosh -c exit`); an Invoke-Command round trip on an open session; Start-Job plus
//! Receive-Job -Wait of `{ 1 }`; 100,000 objects streamed back from a remote pipeline
//! against the same pipeline run locally. Targets from issue 6: < 30 ms, < 1 ms, < 50 ms.
//!
//! `cargo run --release -p rosh-bench --bin remoting` (builds and uses target/release/rosh).
//! Each figure is measured inside one rosh process (the script times itself), so process
//! start-up is not counted where it does not belong.

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

/// Runs a rosh script that prints one number; that number.
fn measure(script: &str) -> Option<f64> {
    let out = Command::new(rosh())
        .args(["-NoProfile", "-Command", script])
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Median wall time in milliseconds of `runs` runs of a process.
fn process_ms(program: &str, args: &[&str], runs: usize) -> Option<f64> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let ok = Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    Some(samples[samples.len() / 2])
}

/// The median (milliseconds) of a timed loop, as a rosh script.
fn median_script(setup: &str, body: &str, teardown: &str, runs: usize) -> String {
    format!(
        "{setup}\n$t = foreach ($i in 1..{runs}) {{\n  $s = Get-Date\n  {body}\n  ((Get-Date) - $s).TotalMilliseconds\n}}\n{teardown}\n($t | Sort-Object)[[int]({runs} / 2)]"
    )
}

fn line(label: &str, v: Option<f64>, unit: &str, target: &str) {
    match v {
        Some(v) => println!("{label:<48} {v:>10.2} {unit:<6} {target}"),
        None => println!("{label:<48} {:>10} {unit:<6} {target}", "failed"),
    }
}

fn ratio(label: &str, a: Option<f64>, b: Option<f64>) {
    if let (Some(a), Some(b)) = (a, b)
        && b > 0.0
    {
        println!("{label:<48} {:>10.2}x", a / b);
    }
}

fn main() {
    println!("rosh: {}", rosh());
    let spawn = process_ms(&rosh(), &["-NoProfile", "-c", "exit"], 21);
    line("floor: start a process (rosh -c exit)", spawn, "ms", "");
    let open = measure(&median_script(
        "",
        "$x = New-PSSession localhost; Remove-PSSession $x",
        "",
        21,
    ));
    line(
        "New-PSSession to loopback (median)",
        open,
        "ms",
        "target < 30 ms",
    );
    ratio("  New-PSSession / process start", open, spawn);

    let round_trip = measure(&median_script(
        "$x = New-PSSession localhost; $null = Invoke-Command $x { 1 }",
        "$null = Invoke-Command $x { 1 }",
        "Remove-PSSession $x",
        201,
    ));
    line(
        "Invoke-Command round trip, open session",
        round_trip,
        "ms",
        "target < 1 ms",
    );
    let local = measure(&median_script("", "$null = Invoke-Command { 1 }", "", 201));
    line(
        "floor: the same Invoke-Command run locally",
        local,
        "ms",
        "",
    );

    let job = measure(&median_script(
        "",
        "$null = Start-Job { 1 } | Receive-Job -Wait -AutoRemoveJob",
        "",
        11,
    ));
    line(
        "Start-Job + Receive-Job -Wait of { 1 }",
        job,
        "ms",
        "target < 50 ms",
    );

    let streamed = measure(
        "$x = New-PSSession localhost\n\
         $s = Get-Date\n\
         $n = (Invoke-Command $x { 1..100000 } | Measure-Object).Count\n\
         $secs = ((Get-Date) - $s).TotalSeconds\n\
         Remove-PSSession $x\n\
         [math]::Round($n / $secs)",
    );
    line("100,000 objects streamed back", streamed, "obj/s", "");
    let local_stream = measure(
        "$s = Get-Date\n\
         $n = (& { 1..100000 } | Measure-Object).Count\n\
         [math]::Round($n / ((Get-Date) - $s).TotalSeconds)",
    );
    line(
        "floor: the same pipeline run locally",
        local_stream,
        "obj/s",
        "",
    );
    ratio("  local / remote throughput", local_stream, streamed);
}
