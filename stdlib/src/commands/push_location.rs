//! `Push-Location`: save the current location on the stack, then change it.

use crate::fs_items::path_args;
use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Push-Location [[-Path] <string>] [-LiteralPath <string>] [-PassThru]`
pub struct PushLocation;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string")
        .in_sets(&["Path"])
        .wildcards()
        .describe("The location to change to after saving the current one."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .in_sets(&["LiteralPath"])
        .describe(
            "The location to change to, taken exactly as written: no character is a wildcard.",
        ),
    ParamSpec::switch("PassThru").describe("Return the new location."),
    ParamSpec::value("StackName")
        .of("string")
        .describe("The stack to push onto. Accepted; rosh keeps one stack."),
];

struct Run {
    args: BoundArgs,
}

impl Command for PushLocation {
    fn name(&self) -> &'static str {
        "Push-Location"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Adds the current location to the top of a location stack."
    }
    fn description(&self) -> &'static str {
        "The Push-Location cmdlet saves the current location on a stack and, given a path, changes to it. Pop-Location goes back."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Get-Location",
            "Set-Location",
            "Push-Location",
            "Pop-Location",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Go somewhere, then come back.",
                code: "Set-Location -Path /\n\
                Push-Location -Path /tmp\n\
                $PWD.Path\n\
                Pop-Location\n\
                $PWD.Path",
                output: "/tmp\n\
                /",
            },
            Example {
                description: "Use a named stack.",
                code: "Set-Location -Path /\n\
                Push-Location -Path /tmp -StackName saved\n\
                Pop-Location -StackName saved\n\
                $PWD.Path",
                output: "/",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let here = rs.location().to_path_buf();
        rs.location_stack().push(here);
        let Some(arg) = path_args(&self.args, input.as_ref(), "Path", None)
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        if !crate::fs_items::change_location(rs, &arg, "PushLocationCommand")? {
            // The location did not change: take back what was pushed.
            rs.location_stack().pop();
        } else if self.args.switch("PassThru") {
            let here = path_info(rs.location());
            out.emit(rs, here)?;
        }
        Ok(())
    }
}
