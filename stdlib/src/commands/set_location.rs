//! `Set-Location`: change the runspace's current location (never the process's).

use crate::fs_items::{PathArg, path_args};
use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Set-Location [[-Path] <string>] [-LiteralPath <string>] [-PassThru]`
pub struct SetLocation;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string")
        .in_sets(&["Path"])
        .wildcards()
        .describe("The new location: a directory, absolute or relative; ~ is the home directory and - the previous location."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The new location, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("PassThru")
        .describe("Return the new location."),
    ParamSpec::value("StackName")
        .of("string")
        .in_sets(&["Stack"])
        .describe("Make this location stack the current one. Accepted; rosh keeps one stack."),
];

struct Run {
    args: BoundArgs,
}

impl Command for SetLocation {
    fn name(&self) -> &'static str {
        "Set-Location"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Sets the current working location to a specified location."
    }
    fn description(&self) -> &'static str {
        "The Set-Location cmdlet changes the current location of the session (its own, not the process's). Relative paths and commands that take paths resolve against it."
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
                description: "Go to a directory.",
                code: "Set-Location -Path /tmp\n\
                $PWD.Path",
                output: "/tmp",
            },
            Example {
                description: "Go up one level.",
                code: "Set-Location -Path /usr/bin\n\
                Set-Location -Path ..\n\
                $PWD.Path",
                output: "/usr",
            },
            Example {
                description: "Get the new location with -PassThru.",
                code: "Set-Location -Path /tmp -PassThru",
                output: "\n\
                Path\n\
                ----\n\
                /tmp\n",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let arg = path_args(&self.args, input.as_ref(), "Path", Some("~"))
            .into_iter()
            .next()
            .unwrap_or(PathArg {
                text: "~".into(),
                literal: false,
            });
        if crate::fs_items::change_location(rs, &arg, "SetLocationCommand")?
            && self.args.switch("PassThru")
        {
            let here = path_info(rs.location());
            out.emit(rs, here)?;
        }
        Ok(())
    }
}
