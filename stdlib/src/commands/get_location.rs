//! `Get-Location`: the runspace's current location, as a `PathInfo`.

use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Location [-Stack]`
pub struct GetLocation;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("PSProvider")
        .of("string[]")
        .in_sets(&["Location"])
        .describe("The location in this provider. Accepted; rosh has the file system only."),
    ParamSpec::value("PSDrive")
        .of("string[]")
        .in_sets(&["Location"])
        .describe("The location on this drive. Accepted; rosh has the file system only."),
    ParamSpec::switch("Stack")
        .in_sets(&["Stack"])
        .describe("Return the locations Push-Location saved, most recent first, instead of the current location."),
    ParamSpec::value("StackName")
        .of("string[]")
        .in_sets(&["Stack"])
        .describe("The stack to show. Accepted; rosh keeps one stack."),
];

struct Run {
    stack: bool,
}

impl Command for GetLocation {
    fn name(&self) -> &'static str {
        "Get-Location"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            stack: args.switch("Stack") || args.has("StackName"),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the current working location."
    }
    fn description(&self) -> &'static str {
        "The Get-Location cmdlet returns the current location as a PathInfo object, whose Path is the current directory. Each rosh session has its own location; $PWD holds it too. With -Stack it returns the locations saved by Push-Location."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Location")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Set-Location", "Push-Location", "Pop-Location"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show the current location.",
                code: "Set-Location -Path /tmp\n\
                Get-Location",
                output: "\n\
                Path\n\
                ----\n\
                /tmp\n",
            },
            Example {
                description: "Get the current location's path as a string.",
                code: "Set-Location -Path /usr/bin\n\
                (Get-Location).Path",
                output: "/usr/bin",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        if self.stack {
            // Most recently pushed first, as PowerShell lists the stack.
            let stack: Vec<Value> = rs
                .location_stack()
                .iter()
                .rev()
                .map(|p| path_info(p))
                .collect();
            for v in stack {
                out.emit(rs, v)?;
            }
            return Ok(());
        }
        let here = path_info(rs.location());
        out.emit(rs, here)
    }
}
