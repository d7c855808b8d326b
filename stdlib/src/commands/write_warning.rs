//! `Write-Warning`: write to the warning stream, shown as `WARNING: message` when
//! `$WarningPreference` (or `-WarningAction`) lets it through.

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace};

/// `Write-Warning [-Message] <string>`
pub struct WriteWarning;

const KIND: StreamKind = StreamKind {
    stream: HostStream::Warning,
    preference: "WarningPreference",
};

impl Command for WriteWarning {
    fn name(&self) -> &'static str {
        "Write-Warning"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(StreamMessage::start(KIND, args))
    }
    fn synopsis(&self) -> &'static str {
        "Writes a warning message."
    }
    fn description(&self) -> &'static str {
        "The Write-Warning cmdlet writes a message to the warning stream, shown as \"WARNING: message\" unless $WarningPreference (or -WarningAction) is SilentlyContinue or Ignore; Stop makes it an error that stops the command."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Verbose",
            "Write-Debug",
            "Write-Information",
            "Write-Error",
            "Write-Host",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Write a warning, redirected to the output.",
                code: "Write-Warning -Message 'Disk low' 3>&1",
                output: "WARNING: Disk low",
            },
            Example {
                description: "Collect warnings in a variable without showing them.",
                code: "Write-Warning -Message 'Disk low' -WarningAction SilentlyContinue -WarningVariable warnings\n\
                $warnings.Count\n\
                $warnings[0].Message",
                output: "1\n\
                Disk low",
            },
        ]
    }
}
