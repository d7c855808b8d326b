//! `Out-Null`: discard input.

use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Out-Null`
pub struct OutNull;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("InputObject").from_pipeline()];

struct Run;

impl Command for OutNull {
    fn name(&self) -> &'static str {
        "Out-Null"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, _args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run))
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        Ok(())
    }
}
