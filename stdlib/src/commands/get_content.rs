//! `Get-Content`: the lines of a file.

use crate::util::{count, strings};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Content [-Path] <string[]> [-Raw] [-TotalCount <int>] [-Tail <int>]`
pub struct GetContent;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path").at(0).from_pipeline(),
    ParamSpec::value("LiteralPath").aliases(&["PSPath", "LP"]),
    ParamSpec::switch("Raw"),
    ParamSpec::value("TotalCount").aliases(&["First", "Head"]),
    ParamSpec::value("Tail").aliases(&["Last"]),
    ParamSpec::value("Encoding"),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetContent {
    fn name(&self) -> &'static str {
        "Get-Content"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let paths = match input {
            Some(v) => vec![rosh_runtime::convert::to_str(&v)],
            None => {
                let mut p = strings(&self.args, "Path");
                p.extend(strings(&self.args, "LiteralPath"));
                p
            }
        };
        for p in paths {
            let text = match std::fs::read(&p) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(_) => {
                    rs.write_error(
                        ErrorRecord::new(
                            "PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand",
                            ErrorCategory::ObjectNotFound,
                            format!("Cannot find path '{p}' because it does not exist."),
                        )
                        .with_exception("System.Management.Automation.ItemNotFoundException")
                        .with_target(Value::from(p.clone())),
                    )?;
                    continue;
                }
            };
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
            if self.args.switch("Raw") {
                out.emit(rs, Value::from(text))?;
                continue;
            }
            let lines: Vec<&str> = text.lines().collect();
            let first = count(&self.args, "TotalCount").unwrap_or(lines.len());
            let tail = count(&self.args, "Tail");
            let start = tail.map_or(0, |t| lines.len().saturating_sub(t));
            for line in lines.iter().skip(start).take(first) {
                out.emit(rs, Value::from(*line))?;
            }
        }
        Ok(())
    }
}
