//! `Write-Host`: write text to the host.

use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Host [[-Object] <object>] [-NoNewline] [-Separator <object>]`
pub struct WriteHost;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Object").at(0).from_pipeline().remaining(),
    ParamSpec::switch("NoNewline"),
    ParamSpec::value("Separator"),
    ParamSpec::value("ForegroundColor"),
    ParamSpec::value("BackgroundColor"),
];

struct Run {
    args: BoundArgs,
}

impl Command for WriteHost {
    fn name(&self) -> &'static str {
        "Write-Host"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
}

fn flatten(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.to_vec().iter().for_each(|e| flatten(e, out)),
        other => out.push(rosh_runtime::convert::to_str(other)),
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let value = input
            .or_else(|| self.args.get("Object").cloned())
            .unwrap_or(Value::Null);
        let sep = self
            .args
            .get("Separator")
            .map(rosh_runtime::convert::to_str)
            .unwrap_or_else(|| " ".into());
        let mut parts = Vec::new();
        flatten(&value, &mut parts);
        let mut text = parts.join(&sep);
        if !self.args.switch("NoNewline") {
            text.push('\n');
        }
        // Write-Host writes to the information stream, which the host shows.
        rs.capture_stream(HostStream::Information, &text);
        rs.write_stream(HostStream::Information, &text, true);
        Ok(())
    }
}
