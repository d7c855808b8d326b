//! The interactive shell: read a command at the prompt the `prompt` function makes, ask for
//! more lines (`>> `) while the parser says the input is incomplete, run it, repeat.
//! History persists in the user's data directory; Tab completes; Ctrl+C clears the line
//! when idle and stops the running pipeline otherwise; Ctrl+D and `exit` leave.

mod helper;
mod highlight;

use crate::cli::Options;
use crate::console_host::{InteractiveHost, colour_enabled, read_error};
use helper::{MaskingHelper, ShellHelper};
use rosh_runtime::Runspace;
use rosh_runtime::host::ReadError;
use rosh_runtime::interp::{Collector, RunOutcome, SourceInfo, StageCommand, StageSpec};
use rosh_stdlib::remote::interactive::{self, Interactive};
use rustyline::config::Configurer;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{ColorMode, CompletionType, Config, EditMode, Editor};
use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// Where history is kept: `$XDG_DATA_HOME/rosh/history.txt` (`~/.local/share/rosh`).
fn history_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("rosh").join("history.txt"))
}

/// Runs the interactive shell until `exit` or Ctrl+D.
pub fn run(options: &Options) -> ExitCode {
    let mut rs = Runspace::new(Box::new(InteractiveHost::new()));
    rosh_stdlib::register(&mut rs);
    rs.extension::<Interactive>().supported = true;
    let paths = crate::profiles::ProfilePaths::current();
    crate::profiles::set_variables(&mut rs, &paths);
    crate::signals::stop_on_ctrl_c_interactive(rs.stop_handle());
    if !options.no_logo {
        println!("rosh {}\n", env!("CARGO_PKG_VERSION"));
    }
    if !options.no_profile {
        crate::profiles::run(&mut rs, &paths);
    }
    crate::run::apply_language_mode(&mut rs, options);
    let rs = Rc::new(RefCell::new(rs));
    let colour = colour_enabled();
    let config = Config::builder()
        .completion_type(CompletionType::Circular)
        .edit_mode(EditMode::Emacs)
        .auto_add_history(false)
        // Typed-ahead keys would be taken for the terminal's answer to a cursor query.
        .check_cursor_position(false)
        .max_history_size(4096)
        .and_then(|c| c.history_ignore_dups(true))
        .map(|c| {
            c.color_mode(if colour {
                ColorMode::Enabled
            } else {
                ColorMode::Disabled
            })
            .build()
        });
    let editor = config.and_then(Editor::<ShellHelper, DefaultHistory>::with_config);
    let mut editor = match editor {
        Ok(e) => e,
        Err(e) => {
            eprintln!("rosh: cannot use the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    editor.set_helper(Some(ShellHelper {
        runspace: rs.clone(),
        colour,
    }));
    let history = history_path();
    if let Some(h) = &history {
        // A missing file is a first start.
        let _ = editor.load_history(h);
    }
    loop {
        let prompt = prompt_text(&mut rs.borrow_mut());
        let Some(text) = read_command(&mut editor, &prompt) else {
            break;
        };
        if text.trim().is_empty() {
            continue;
        }
        if editor.add_history_entry(text.as_str()).unwrap_or(false)
            && let Some(h) = &history
        {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = editor.append_history(h);
        }
        let mut rs = rs.borrow_mut();
        if let Some(code) = run_command(&mut rs, &text) {
            return ExitCode::from((code & 0xFF) as u8);
        }
    }
    ExitCode::SUCCESS
}

/// Reads one command, with `>> ` continuation lines while it is incomplete. `None` at
/// Ctrl+D on an empty line.
fn read_command(editor: &mut Editor<ShellHelper, DefaultHistory>, prompt: &str) -> Option<String> {
    let mut text = match editor.readline(prompt) {
        Ok(line) => line,
        // Ctrl+C on the prompt: an empty command, a fresh prompt.
        Err(ReadlineError::Interrupted) => return Some(String::new()),
        Err(_) => return None,
    };
    while rosh_lang::parse(&text).is_incomplete() {
        match editor.readline(">> ") {
            Ok(line) => {
                text.push('\n');
                text.push_str(&line);
            }
            // Ctrl+C abandons the unfinished command.
            Err(ReadlineError::Interrupted) => return Some(String::new()),
            // Ctrl+D runs what there is (the parser reports what is missing).
            Err(_) => break,
        }
    }
    Some(text)
}

/// Runs one command line; `Some(code)` when it was `exit`. In an entered remote session the
/// line runs there, and `exit` (or Exit-PSSession) comes back.
fn run_command(rs: &mut Runspace, text: &str) -> Option<i32> {
    rs.stop_handle().store(false, Ordering::SeqCst);
    if let Some(entry) = interactive::entered(rs) {
        let word = text.trim();
        if word.eq_ignore_ascii_case("exit") || word.eq_ignore_ascii_case("Exit-PSSession") {
            interactive::exit(rs);
            return None;
        }
        let result = interactive::run_remote(rs, text);
        rs.host.clear_progress();
        rs.stop_handle().store(false, Ordering::SeqCst);
        if let Err(rosh_runtime::Flow::Error(e)) = result {
            crate::run::report_failure(rs, &RunOutcome::Failed(e));
        }
        // A session whose server went away ends the remote prompt.
        if !matches!(
            entry.session.state(),
            rosh_remoting::session::SessionState::Opened
        ) {
            eprintln!(
                "The remote session to {} ended; back to the local prompt.",
                entry.computer
            );
            interactive::exit(rs);
        }
        return None;
    }
    let out = rosh_lang::parse(text);
    let source: Arc<str> = Arc::from(text);
    if !out.errors.is_empty() {
        for e in &out.errors {
            eprint!(
                "{}",
                crate::diagnostics::render_parse_error("<prompt>", &source, e)
            );
        }
        rs.last_succeeded = false;
        return None;
    }
    let outcome = rs.run_script(
        &out.script,
        SourceInfo {
            path: None,
            lines: Arc::new(rosh_lang::LineIndex::new(text)),
            text: source,
        },
    );
    rs.host.clear_progress();
    rs.stop_handle().store(false, Ordering::SeqCst);
    match outcome {
        RunOutcome::Exited(code) => Some(code),
        other => {
            crate::run::report_failure(rs, &other);
            None
        }
    }
}

/// The prompt: what the `prompt` function returns, or `PS> ` when it fails or returns
/// nothing, as PowerShell does.
fn prompt_text(rs: &mut Runspace) -> String {
    if let Some(remote) = interactive::remote_prompt(rs) {
        return remote;
    }
    let mut out = Collector::default();
    let stage = StageSpec {
        command: StageCommand::Named("prompt".into()),
        args: Vec::new(),
        merge_errors: false,
    };
    let saved = rs.last_succeeded;
    let result = rs.run_stages(vec![stage], None, &mut out);
    rs.last_succeeded = saved;
    let text = rosh_runtime::convert::to_str(&out.into_value());
    if result.is_err() || text.is_empty() {
        "PS> ".into()
    } else {
        text
    }
}

/// Reads a line showing `*` for each character (Read-Host -AsSecureString).
pub fn read_masked(prompt: &str) -> Result<String, ReadError> {
    let mut editor =
        Editor::<MaskingHelper, DefaultHistory>::new().map_err(|e| ReadError::Io(e.to_string()))?;
    editor.set_helper(Some(MaskingHelper));
    editor.set_color_mode(ColorMode::Forced);
    editor.set_auto_add_history(false);
    editor.readline(prompt).map_err(read_error)
}
