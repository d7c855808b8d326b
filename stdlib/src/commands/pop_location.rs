//! `Pop-Location`: return to the location most recently saved by `Push-Location`.

use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Pop-Location [-PassThru]`
pub struct PopLocation;

const PARAMS: &[ParamSpec] = &[ParamSpec::switch("PassThru"), ParamSpec::value("StackName")];

struct Run {
    pass_thru: bool,
}

impl Command for PopLocation {
    fn name(&self) -> &'static str {
        "Pop-Location"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            pass_thru: args.switch("PassThru"),
        }))
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        // An empty default stack is not an error: there is nothing to return to.
        let Some(previous) = rs.location_stack().pop() else {
            return Ok(());
        };
        rs.set_location(previous);
        if self.pass_thru {
            let here = path_info(rs.location());
            out.emit(rs, here)?;
        }
        Ok(())
    }
}
