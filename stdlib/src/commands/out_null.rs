//! `Out-Null`: discard input.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Out-Null`
pub struct OutNull;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("InputObject")
    .from_pipeline()
    .of("psobject")
    .describe("The objects. Usually piped in.")];

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
    fn synopsis(&self) -> &'static str {
        "Hides the output instead of sending it down the pipeline or displaying it."
    }
    fn description(&self) -> &'static str {
        "The Out-Null cmdlet takes the objects given to it and discards them, like assigning to $null."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-Default", "Out-String"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Discard output that is not wanted.",
                code: "$list = [System.Collections.ArrayList]::new()\n\
                $list.Add('x') | Out-Null\n\
                $list.Count",
                output: "1",
            },
            Example {
                description: "Discard the item New-Item returns.",
                code: "$dir = \"/tmp/rosh-out-null-$PID\"\n\
                New-Item -ItemType Directory -Path $dir | Out-Null\n\
                Test-Path -Path $dir\n\
                Remove-Item -Path $dir",
                output: "True",
            },
        ]
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
