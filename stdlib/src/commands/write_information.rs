//! `Write-Information`: write to the information stream, shown as `message` when
//! `$InformationPreference` (or `-InformationAction`) lets it through.

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace};

/// `Write-Information [-Message] <string>`
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
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(StreamMessage::start(KIND, args))
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
