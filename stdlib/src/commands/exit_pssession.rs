//! `Exit-PSSession`: leave the remote session the interactive shell entered.

use crate::remote::interactive::exit;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Exit-PSSession` (also `exit` at a remote prompt).
pub struct ExitPSSession;

struct Run;

impl Command for ExitPSSession {
    fn name(&self) -> &'static str {
        "Exit-PSSession"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn start(&self, _rs: &mut Runspace, _args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run))
    }
    fn synopsis(&self) -> &'static str {
        "Ends an interactive session with a remote computer."
    }
    fn description(&self) -> &'static str {
        "The Exit-PSSession cmdlet leaves the remote session Enter-PSSession entered, returning the interactive shell to the local session. Typing exit at the remote prompt does the same."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Enter-PSSession", "about_PSSessions"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Outside a remote session Exit-PSSession does nothing.",
            code: "Exit-PSSession\n'still local'",
            output: "still local",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        exit(rs);
        Ok(())
    }
}
