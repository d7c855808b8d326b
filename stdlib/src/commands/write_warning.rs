//! `Write-Warning`: write to the warning stream, shown as `WARNING: message` when
//! `$WarningPreference` lets it through.

use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Warning [-Message] <string>`
pub struct WriteWarning;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Message")
        .at(0)
        .from_pipeline()
        .aliases(&["Msg", "MessageData"]),
    ParamSpec::value("Tags"),
];

struct Run {
    args: BoundArgs,
}

impl Command for WriteWarning {
    fn name(&self) -> &'static str {
        "Write-Warning"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
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
        let pref = rs.warning_action().to_ascii_lowercase();
        let forced = self.args.switch("Warning");
        if pref == "continue" || pref == "inquire" || forced {
            rs.host_write(HostStream::Warning, &format!("WARNING: {message}\n"));
        } else if pref == "stop" {
            return Err(rosh_runtime::Flow::error(
                "ActionPreferenceStop",
                rosh_runtime::error::ErrorCategory::OperationStopped,
                format!(
                    "The running command stopped because the preference variable \"WarningPreference\" or common parameter is set to Stop: {message}"
                ),
            ));
        }
        Ok(())
    }
}
