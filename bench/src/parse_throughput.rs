//! Parse throughput on the script corpus, in MB/s, against the 20 MB/s target.
//!
//! `cargo run --release -p rosh-bench --bin parse-throughput [-- SECONDS]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

const TARGET_MB_PER_S: f64 = 20.0;

// The same allocator as the rosh binary, so the figure is what the shell gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/scripts");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    files.sort();
    let scripts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = scripts.iter().map(String::len).sum();
    let errors: usize = scripts
        .iter()
        .map(|s| rosh_lang::parse(s).errors.len())
        .sum();
    if errors > 0 {
        eprintln!("the corpus has {errors} parse errors; throughput would measure error recovery");
        std::process::exit(1);
    }

    // Warm up, then parse the whole corpus repeatedly for the measuring time.
    for s in &scripts {
        std::hint::black_box(rosh_lang::parse(s));
    }
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut rounds = 0u64;
    let mut samples = Vec::new();
    while start.elapsed() < budget {
        let t = Instant::now();
        for s in &scripts {
            std::hint::black_box(rosh_lang::parse(s));
        }
        samples.push(t.elapsed().as_secs_f64());
        rounds += 1;
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let median = samples[samples.len() / 2];
    let mb = bytes as f64 / 1_000_000.0;
    let throughput = mb / median;
    println!(
        "corpus: {} scripts, {:.1} KB; {rounds} rounds",
        scripts.len(),
        bytes as f64 / 1000.0
    );
    println!("parse throughput (median round): {throughput:.1} MB/s");
    println!(
        "target: {TARGET_MB_PER_S:.1} MB/s; ratio to target: {:.2}x",
        throughput / TARGET_MB_PER_S
    );
}
