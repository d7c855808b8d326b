//! The `rosh` binary: the command line, and (as later issues land) the console host and REPL.

mod check;
mod diagnostics;

use std::process::ExitCode;

// mimalloc: the parser and interpreter allocate many small nodes; it is markedly faster than
// the system allocator for that (see bench/).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage: rosh --check FILE...
       rosh --version

  --check FILE...  Parse each script and print its diagnostics; exit status 0 when every
                   file parses without error.
  --version        Print the version.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--check") if args.len() > 1 => check::run(&args[1..]),
        Some("--version") => {
            println!("rosh {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "-?") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(64)
        }
    }
}
