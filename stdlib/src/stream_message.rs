//! The shared body of `Write-Verbose`, `Write-Debug`, `Write-Warning` and
//! `Write-Information`: take a message, ask the stream's preference whether it shows, and
//! either write it to the host with its prefix, drop it, or stop (`Stop`).

use rosh_runtime::command::{BoundArgs, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// The parameters of `Write-Verbose`, `Write-Debug` and `Write-Warning`.
pub(crate) const PARAMS: &[ParamSpec] = &[ParamSpec::value("Message")
    .at(0)
    .from_pipeline()
    .aliases(&["Msg"])
    .of("string")
    .mandatory()
    .describe("The message.")];

/// The parameters of `Write-Information`.
pub(crate) const INFORMATION_PARAMS: &[ParamSpec] = &[
    ParamSpec::value("MessageData")
        .at(0)
        .aliases(&["Msg", "Message"])
        .of("Object")
        .mandatory()
        .describe("The message: any object, shown as its text."),
    ParamSpec::value("Tags").at(1).of("string[]").describe(
        "Tags for the information record. Accepted; rosh's information records do not keep them.",
    ),
];

/// What tells one stream writer from another.
#[derive(Clone, Copy)]
pub(crate) struct StreamKind {
    /// The host stream the message goes to.
    pub stream: HostStream,
    /// The preference variable that decides, without the `$`.
    pub preference: &'static str,
}

/// A running stream writer.
pub(crate) struct StreamMessage {
    kind: StreamKind,
    args: BoundArgs,
}

impl StreamMessage {
    /// Start a writer for `kind` with its bound arguments.
    pub(crate) fn start(kind: StreamKind, args: BoundArgs) -> Box<dyn Processor> {
        Box::new(StreamMessage { kind, args })
    }

    /// The effective preference: the `-WarningAction`-style common parameter when the
    /// stream has one and it was given, else the preference variable.
    fn preference(&self, rs: &Runspace) -> String {
        let pref = match self.kind.stream {
            HostStream::Warning => rs.warning_action(),
            _ => rs.preference(self.kind.preference),
        };
        pref.to_ascii_lowercase()
    }

    /// Whether the command was called with the switch that forces this stream on
    /// (`-Verbose`, `-Debug`, `-InformationAction Continue`).
    fn forced(&self) -> bool {
        match self.kind.stream {
            HostStream::Verbose => self.args.switch("Verbose"),
            HostStream::Debug => self.args.switch("Debug"),
            HostStream::Information => self
                .args
                .get("InformationAction")
                .is_some_and(|v| to_str(v).eq_ignore_ascii_case("continue")),
            _ => false,
        }
    }
}

impl Processor for StreamMessage {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let message = input
            .or_else(|| {
                self.args
                    .get("Message")
                    .or_else(|| self.args.get("MessageData"))
                    .cloned()
            })
            .map(|v| to_str(&v))
            .unwrap_or_default();
        rs.capture_stream(self.kind.stream, &message);
        let pref = self.preference(rs);
        // Information records always enter their stream; the preference only decides
        // whether the host shows them.
        let recorded = self.kind.stream == HostStream::Information
            && rs.stream_merged(HostStream::Information);
        if pref == "continue" || pref == "inquire" || self.forced() || recorded {
            rs.write_stream(self.kind.stream, &message, false);
        } else if pref == "stop" {
            return Err(Flow::error(
                "ActionPreferenceStop",
                ErrorCategory::OperationStopped,
                format!(
                    "The running command stopped because the preference variable \"{}\" or common parameter is set to Stop: {message}",
                    self.kind.preference
                ),
            ));
        }
        Ok(())
    }
}
