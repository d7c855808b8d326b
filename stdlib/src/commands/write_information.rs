//! `Write-Information`: write to the information stream, shown as `message` when
//! `$InformationPreference` (or `-InformationAction`) lets it through.

use crate::stream_message::{INFORMATION_PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace};

/// `Write-Information [-MessageData] <Object> [[-Tags] <string[]>]`
pub struct WriteInformation;

const KIND: StreamKind = StreamKind {
    stream: HostStream::Information,
    preference: "InformationPreference",
};

impl Command for WriteInformation {
    fn name(&self) -> &'static str {
        "Write-Information"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        INFORMATION_PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(StreamMessage::start(KIND, args))
    }
    fn synopsis(&self) -> &'static str {
        "Writes a message to the information stream."
    }
    fn description(&self) -> &'static str {
        "The Write-Information cmdlet writes an information record. Its message is shown only when $InformationPreference (or -InformationAction) is Continue; the record goes into the information stream either way, where -InformationVariable and 6> redirection can take it."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Verbose",
            "Write-Debug",
            "Write-Warning",
            "Write-Error",
            "Write-Host",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show an information message with -InformationAction Continue (redirected to the output).",
                code: "Write-Information -MessageData 'Started' -InformationAction Continue 6>&1",
                output: "Started",
            },
            Example {
                description: "Collect information messages in a variable.",
                code: "Write-Information -MessageData 'Started' -InformationVariable info\n\
                $info[0].MessageData",
                output: "Started",
            },
        ]
    }
}
