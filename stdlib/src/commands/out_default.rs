//! `Out-Default`: send objects to the host's default formatting.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Out-Default`
pub struct OutDefault;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("InputObject")
    .from_pipeline()
    .of("psobject")
    .describe("The objects. Usually piped in.")];

struct Run;

impl Command for OutDefault {
    fn name(&self) -> &'static str {
        "Out-Default"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, _args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run))
    }
    fn synopsis(&self) -> &'static str {
        "Sends the output to the default formatter and the host."
    }
    fn description(&self) -> &'static str {
        "The Out-Default cmdlet formats objects (with their type's view, or as a table or a list) and writes the text to the host. rosh adds it to the end of every pipeline typed or run in a script, so it rarely needs to be called."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-String", "Out-Null", "Format-Table", "Format-List"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Send output to the host, as at the end of every pipeline.",
                code: "'hello' | Out-Default",
                output: "hello",
            },
            Example {
                description: "Objects are formatted first.",
                code: "[pscustomobject]@{ Name = 'web01'; Port = 80 } | Out-Default",
                output: "\n\
                Name  Port\n\
                ----  ----\n\
                web01   80\n",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(v) = input {
            rs.out_default(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        rs.flush_output();
        Ok(())
    }
}
