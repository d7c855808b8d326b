//! `Write-Information`: write to the information stream, shown as `message` when
//! `$InformationPreference` (or `-InformationAction`) lets it through.

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
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
}
