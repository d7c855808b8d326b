//! `Write-Debug`: write to the debug stream, shown as `DEBUG: message` when
//! `$DebugPreference` lets it through (or `-Debug` is given).

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace};

/// `Write-Debug [-Message] <string>`
pub struct WriteDebug;

const KIND: StreamKind = StreamKind {
    stream: HostStream::Debug,
    preference: "DebugPreference",
};

impl Command for WriteDebug {
    fn name(&self) -> &'static str {
        "Write-Debug"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(StreamMessage::start(KIND, args))
    }
    fn synopsis(&self) -> &'static str {
        "Writes a debug message to the console."
    }
    fn description(&self) -> &'static str {
        "The Write-Debug cmdlet writes a message to the debug stream. It is shown, as \"DEBUG: message\", only when $DebugPreference is Continue or the command was called with -Debug; otherwise it is dropped."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Verbose",
            "Write-Warning",
            "Write-Information",
            "Write-Error",
            "Write-Host",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show a debug message with -Debug (redirected to the output).",
                code: "Write-Debug -Message 'Connecting' -Debug 5>&1",
                output: "DEBUG: Connecting",
            },
            Example {
                description: "Debug messages are shown when $DebugPreference is Continue.",
                code: "$DebugPreference = 'Continue'\n\
                Write-Debug -Message 'Cache hit' 5>&1",
                output: "DEBUG: Cache hit",
            },
        ]
    }
}
