//! `Write-Verbose`: write to the verbose stream, shown as `VERBOSE: message` when
//! `$VerbosePreference` lets it through (or `-Verbose` is given).

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace};

/// `Write-Verbose [-Message] <string>`
pub struct WriteVerbose;

const KIND: StreamKind = StreamKind {
    stream: HostStream::Verbose,
    preference: "VerbosePreference",
};

impl Command for WriteVerbose {
    fn name(&self) -> &'static str {
        "Write-Verbose"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(StreamMessage::start(KIND, args))
    }
    fn synopsis(&self) -> &'static str {
        "Writes text to the verbose stream."
    }
    fn description(&self) -> &'static str {
        "The Write-Verbose cmdlet writes a message to the verbose stream. It is shown, as \"VERBOSE: message\", only when $VerbosePreference is Continue or the command was called with -Verbose; otherwise it is dropped."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Debug",
            "Write-Warning",
            "Write-Information",
            "Write-Error",
            "Write-Host",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show a verbose message with -Verbose (redirected to the output).",
                code: "Write-Verbose -Message 'Copying files' -Verbose 4>&1",
                output: "VERBOSE: Copying files",
            },
            Example {
                description: "Verbose messages are shown when $VerbosePreference is Continue.",
                code: "$VerbosePreference = 'Continue'\n\
                Write-Verbose -Message 'Copying files' 4>&1",
                output: "VERBOSE: Copying files",
            },
            Example {
                description: "By default verbose messages are not shown.",
                code: "Write-Verbose -Message 'Copying files' 4>&1\n\
                'done'",
                output: "done",
            },
        ]
    }
}
