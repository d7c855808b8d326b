//! `Clear-Host`: clear the terminal.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Clear-Host` (alias `cls`, `clear` is the program on Linux).
pub struct ClearHost;

struct Run;

impl Command for ClearHost {
    fn name(&self) -> &'static str {
        "Clear-Host"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn start(&self, _rs: &mut Runspace, _args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run))
    }
    fn synopsis(&self) -> &'static str {
        "Clears the display in the host program."
    }
    fn description(&self) -> &'static str {
        "The Clear-Host cmdlet clears the terminal and moves the cursor to the top. It does nothing when rosh's output is not a terminal."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Clear the screen, then write on the cleared screen.",
            code: "Clear-Host\n'fresh start'",
            output: "fresh start",
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
        rs.flush_output();
        rs.host.clear_screen();
        Ok(())
    }
}
