//! `Write-Error`: write a non-terminating error.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Error [-Message] <string> [-ErrorId <string>] [-TargetObject <object>]`
pub struct WriteError;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Message")
        .at(0)
        .from_pipeline()
        .aliases(&["Msg"])
        .of("string")
        .in_sets(&["NoException", "WithException"])
        .describe("The text of the error."),
    ParamSpec::value("ErrorId")
        .of("string")
        .in_sets(&["NoException", "WithException"])
        .describe("An id for the error, the first part of its FullyQualifiedErrorId."),
    ParamSpec::value("TargetObject")
        .of("Object")
        .in_sets(&["NoException", "WithException"])
        .describe("The object the error is about."),
    ParamSpec::value("Category")
        .of("ErrorCategory")
        .in_sets(&["NoException", "WithException"])
        .describe("The category of the error (NotSpecified by default): InvalidArgument, ObjectNotFound, PermissionDenied, ..."),
    ParamSpec::value("Exception")
        .of("Exception")
        .mandatory()
        .in_sets(&["WithException"])
        .describe("An exception to report. Accepted; rosh reports the message."),
    ParamSpec::value("ErrorRecord")
        .of("ErrorRecord")
        .mandatory()
        .in_sets(&["ErrorRecord"])
        .describe("An error record to report again. Accepted; rosh reports the message."),
];

struct Run {
    args: BoundArgs,
}

impl Command for WriteError {
    fn name(&self) -> &'static str {
        "Write-Error"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Writes an object to the error stream."
    }
    fn description(&self) -> &'static str {
        "The Write-Error cmdlet writes a non-terminating error: the command goes on, the error is shown and added to $Error. With -ErrorAction Stop (or $ErrorActionPreference = 'Stop') it stops the command instead, and try/catch can catch it.

To stop a script with an error, use throw."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("NoException")
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Verbose",
            "Write-Debug",
            "Write-Warning",
            "Write-Information",
            "Write-Host",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Write an error and collect it in a variable instead of showing it.",
                code: "Write-Error -Message 'Access denied' -ErrorAction SilentlyContinue -ErrorVariable err\n\
                $err.Count\n\
                $err[0].Exception.Message",
                output: "1\n\
                Access denied",
            },
            Example {
                description: "Redirect the error stream to the output.",
                code: "Write-Error -Message 'Not found' 2>&1 | ForEach-Object { $_.Exception.Message }",
                output: "Not found",
            },
            Example {
                description: "Make the error terminating with -ErrorAction Stop.",
                code: "try { Write-Error -Message 'stop here' -ErrorAction Stop } catch { \"caught: $($_.Exception.Message)\" }",
                output: "caught: stop here",
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
        let message = input
            .or_else(|| self.args.get("Message").cloned())
            .map(|v| to_str(&v))
            .unwrap_or_default();
        let id = self
            .args
            .get("ErrorId")
            .map(to_str)
            .unwrap_or_else(|| "Microsoft.PowerShell.Commands.WriteErrorException".into());
        let category = self
            .args
            .get("Category")
            .and_then(|c| ErrorCategory::from_name(&to_str(c)))
            .unwrap_or(ErrorCategory::NotSpecified);
        let mut e = ErrorRecord::new(id, category, message)
            .with_exception("Microsoft.PowerShell.Commands.WriteErrorException");
        e.from_write_error = true;
        e.target = self.args.get("TargetObject").cloned();
        rs.write_error(e)
    }
}
