//! `Pop-Location`: return to the location most recently saved by `Push-Location`.

use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Pop-Location [-PassThru]`
pub struct PopLocation;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::switch("PassThru").describe("Return the new location."),
    ParamSpec::value("StackName")
        .of("string")
        .describe("The stack to pop from. Accepted; rosh keeps one stack."),
];

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
    fn synopsis(&self) -> &'static str {
        "Changes the current location to the location most recently pushed onto the stack."
    }
    fn description(&self) -> &'static str {
        "The Pop-Location cmdlet takes the location Push-Location saved last off the stack and makes it the current location."
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
                description: "Return to the location pushed last.",
                code: "Set-Location -Path /usr\n\
                Push-Location -Path /tmp\n\
                Pop-Location\n\
                $PWD.Path",
                output: "/usr",
            },
            Example {
                description: "Get the location returned to with -PassThru.",
                code: "Set-Location -Path /\n\
                Push-Location -Path /usr\n\
                Push-Location -Path /tmp\n\
                (Pop-Location -PassThru).Path",
                output: "/usr",
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
