//! Interactive remoting (Enter-PSSession): the session an interactive shell has entered,
//! kept in the runspace. While one is entered the shell sends each command line there,
//! with `Out-Default` after it so the server formats the output (as PowerShell does), and
//! shows the remote prompt as `[computer]: PS /path> `.

use rosh_remoting::bodies::{CommandSpec, PipelineSpec};
use rosh_runtime::interp::HostSink;
use rosh_runtime::{Eval, Runspace, convert};

use super::deliver::Stamp;
use super::fan_out::{FanOut, InputFeed, Target};
use super::serialized_output;
use super::sessions::{SessionEntry, Sessions, refresh_object, server_program};

/// The interactive state of a runspace (a runspace extension).
#[derive(Default)]
pub struct Interactive {
    /// The host can take commands to a remote session: the interactive shell sets it.
    pub supported: bool,
    /// The entered session, and whether Enter-PSSession opened it (then exit closes it).
    pub entered: Option<(SessionEntry, bool)>,
}

/// The entered session, if any.
pub fn entered(rs: &mut Runspace) -> Option<SessionEntry> {
    rs.extension::<Interactive>()
        .entered
        .as_ref()
        .map(|(e, _)| e.clone())
}

/// Runs one command line in the entered session; its output, records and errors show
/// here. A local stop (Ctrl+C) stops the remote pipeline; the session stays open. A line
/// that is only commands with constant arguments goes as those commands (as Invoke-Command
/// sends simple blocks), so a NoLanguage session (a JEA endpoint) takes it.
pub fn run_remote(rs: &mut Runspace, text: &str) -> Eval<()> {
    let Some(entry) = entered(rs) else {
        return Ok(());
    };
    let parsed = rosh_lang::parse(text);
    let simple = if parsed.errors.is_empty() {
        super::to_commands::as_commands(rs, &parsed.script)?
    } else {
        None
    };
    let mut commands = simple.unwrap_or_else(|| vec![CommandSpec::script(text)]);
    commands.push(CommandSpec::command("Out-Default"));
    let mut spec = PipelineSpec::new(commands);
    spec.no_input = true;
    let exe = server_program(rs);
    let fan = FanOut::start(
        vec![Target::Session(entry)],
        spec,
        InputFeed::complete(Vec::new()),
        1,
        exe,
    );
    super::drain(
        rs,
        &mut HostSink,
        fan,
        Stamp {
            hide_computer_name: true,
        },
    )
}

/// The prompt of the entered session: `[computer]: ` and what its `prompt` function
/// returns (`PS> ` when it returns nothing).
pub fn remote_prompt(rs: &mut Runspace) -> Option<String> {
    let entry = entered(rs)?;
    let mut spec = PipelineSpec::new(vec![CommandSpec::command("prompt")]);
    spec.no_input = true;
    let exe = server_program(rs);
    let fan = FanOut::start(
        vec![Target::Session(entry.clone())],
        spec,
        InputFeed::complete(Vec::new()),
        1,
        exe,
    );
    let text = serialized_output(fan)
        .iter()
        .map(convert::to_str)
        .collect::<String>();
    let text = if text.is_empty() { "PS> ".into() } else { text };
    Some(format!("[{}]: {text}", entry.computer))
}

/// Leaves the entered session; one that Enter-PSSession opened is closed and forgotten.
pub fn exit(rs: &mut Runspace) {
    let Some((entry, owned)) = rs.extension::<Interactive>().entered.take() else {
        return;
    };
    if owned {
        let id = entry.session.runspace_id();
        rs.extension::<Sessions>()
            .list
            .retain(|e| e.session.runspace_id() != id);
        entry.session.close();
        refresh_object(&entry);
    }
}
