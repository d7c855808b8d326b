//! `Out-Host`: format objects and write the text to the host (what Out-Default does at the
//! end of a pipeline, asked for by name).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Out-Host [-Paging] [-InputObject <psobject>]`
pub struct OutHost;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::switch("Paging")
        .describe("Show the output a page at a time. Accepted; rosh writes it all at once."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to write. Usually piped in."),
];

struct Run {
    given: Option<Value>,
}

impl Command for OutHost {
    fn name(&self) -> &'static str {
        "Out-Host"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            given: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Sends output to the command line."
    }
    fn description(&self) -> &'static str {
        "The Out-Host cmdlet formats objects (with their type's view, or as a table or a list) and writes the text to the host, so nothing goes on down the pipeline. It is how a script shows objects to the user in the middle of its work without returning them."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-Default", "Out-String", "Out-Null", "Write-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Show an object to the user; the pipeline returns nothing.",
            code: "$r = [pscustomobject]@{ Name = 'web01'; Port = 80 } | Out-Host\n$null -eq $r",
            output: "\nName  Port\n----  ----\nweb01   80\n\nTrue",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(v) = input.or_else(|| self.given.take()) {
            rs.out_default(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        rs.flush_output();
        Ok(())
    }
}
