//! `Write-Output`: send objects down the pipeline.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::interp::emit_enumerated;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Output [-InputObject] <object[]> [-NoEnumerate]`
pub struct WriteOutput;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .remaining()
        .of("psobject[]")
        .mandatory()
        .describe("The objects to send down the pipeline."),
    ParamSpec::switch("NoEnumerate")
        .describe("Send a collection as one object instead of element by element."),
];

struct Run {
    args: BoundArgs,
}

impl Command for WriteOutput {
    fn name(&self) -> &'static str {
        "Write-Output"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Writes objects to the pipeline."
    }
    fn description(&self) -> &'static str {
        "The Write-Output cmdlet sends objects down the pipeline, as a value left alone on a line of a script does. Collections are sent element by element unless -NoEnumerate is given."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Write-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Send an object down the pipeline.",
                code: "Write-Output 'hello'",
                output: "hello",
            },
            Example {
                description: "A collection is sent one element at a time, or whole with -NoEnumerate.",
                code: "Write-Output 1, 2, 3 | Measure-Object | ForEach-Object Count\n\
                Write-Output 1, 2, 3 -NoEnumerate | Measure-Object | ForEach-Object Count",
                output: "3\n\
                1",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let no_enumerate = self.args.switch("NoEnumerate");
        match input {
            Some(v) => out.emit(rs, v),
            None => {
                let Some(v) = self.args.get("InputObject").cloned() else {
                    return Ok(());
                };
                // Arguments were gathered into an array; a single argument is itself.
                let v = match v {
                    Value::Array(a) if a.len() == 1 => a.get(0).unwrap_or(Value::Null),
                    other => other,
                };
                if no_enumerate {
                    out.emit(rs, v)
                } else {
                    emit_enumerated(rs, out, v)
                }
            }
        }
    }
}
