//! The `rosh` binary: the command line, the console host and the interactive shell.

mod check;
mod cli;
mod console_host;
mod diagnostics;
mod profiles;
mod progress;
mod repl;
mod run;
mod server;
mod signals;

use cli::Mode;
use std::io::Read;
use std::process::ExitCode;

// mimalloc: the parser and interpreter allocate many small nodes; it is markedly faster than
// the system allocator for that (see bench/). Built with `no_thp`: mimalloc otherwise asks for
// transparent huge pages on its arenas, and the kernel zeroing 2 MiB pages cost a short-lived
// rosh (a `-c` run, an `-sshs` server per connection) about a quarter of its CPU time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage: rosh [-NoProfile] [-NonInteractive] [-NoLogo] -Command <text> | -Command -
       rosh [-NoProfile] -File <script.ps1> [args...]   (or: rosh <script.ps1> [args...])
       rosh --check FILE...
       rosh -s | -sshs [-ConfigurationName NAME]   (a PSRP server on stdin/stdout, as pwsh -s)
       rosh -ConfigurationFile FILE.pssc ...   (this session under a session configuration file)
       rosh -Version";

/// The interpreter recurses over the syntax tree; give it a deep stack.
pub(crate) const STACK_SIZE: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, mut options) = match cli::parse(&args) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{USAGE}");
            return ExitCode::from(64);
        }
    };
    // A child shell of a restricted session (see `INHERITED_MODE_ENV`) is held to its mode.
    if let Some(inherited) = std::env::var(rosh_runtime::language_mode::INHERITED_MODE_ENV)
        .ok()
        .and_then(|m| rosh_runtime::language_mode::LanguageMode::parse(&m))
    {
        options.language_mode = Some(
            options
                .language_mode
                .unwrap_or_default()
                .stricter(inherited),
        );
    }
    match mode {
        Mode::Check(files) if !files.is_empty() => check::run(&files),
        Mode::Check(_) => {
            eprintln!("{USAGE}");
            ExitCode::from(64)
        }
        Mode::Version => {
            println!("rosh {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Mode::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Mode::Command(text) => {
            let text = if text == "-" {
                let mut s = String::new();
                if std::io::stdin().read_to_string(&mut s).is_err() {
                    eprintln!("rosh: standard input is not valid UTF-8");
                    return ExitCode::from(1);
                }
                s
            } else {
                text
            };
            on_big_stack(move || run::run_text(&text, None, &[], &options))
        }
        Mode::File(path, rest) => on_big_stack(move || run::run_file(&path, &rest, &options)),
        Mode::Server { ssh } => server::run(
            ssh,
            options
                .configuration_name
                .as_deref()
                .filter(|_| !options.job),
            options.language_mode.unwrap_or_default(),
            options.job,
        ),
        Mode::Interactive => on_big_stack(move || repl::run(&options)),
    }
}

fn on_big_stack(f: impl FnOnce() -> ExitCode + Send + 'static) -> ExitCode {
    match std::thread::Builder::new().stack_size(STACK_SIZE).spawn(f) {
        Ok(handle) => handle.join().unwrap_or(ExitCode::from(70)),
        Err(e) => {
            eprintln!("rosh: cannot start the interpreter thread: {e}");
            ExitCode::from(70)
        }
    }
}
