//! `Write-Verbose`: write to the verbose stream, shown as `VERBOSE: message` when
//! `$VerbosePreference` lets it through (or `-Verbose` is given).

use crate::stream_message::{PARAMS, StreamKind, StreamMessage};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
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
}
