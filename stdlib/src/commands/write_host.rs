//! `Write-Host`: write text to the host.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::host::HostStream;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Host [[-Object] <object>] [-NoNewline] [-Separator <object>]`
pub struct WriteHost;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Object")
        .at(0)
        .from_pipeline()
        .remaining()
        .of("Object")
        .describe("What to write; several objects are written with -Separator between them, and collections element by element."),
    ParamSpec::switch("NoNewline")
        .describe("Do not end the text with a line break."),
    ParamSpec::value("Separator")
        .of("Object")
        .describe("The text between objects; a space by default."),
    ParamSpec::value("ForegroundColor")
        .of("ConsoleColor")
        .describe("The text colour. Accepted; rosh writes plain text."),
    ParamSpec::value("BackgroundColor")
        .of("ConsoleColor")
        .describe("The background colour. Accepted; rosh writes plain text."),
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
    fn synopsis(&self) -> &'static str {
        "Writes text to the host."
    }
    fn description(&self) -> &'static str {
        "The Write-Host cmdlet writes objects' text straight to the host (the console), not to the output: it cannot be piped or assigned. It also goes to the information stream, tagged PSHOST, where 6> can capture it. Use Write-Output for results."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Write-Output",
            "Write-Verbose",
            "Write-Debug",
            "Write-Warning",
            "Write-Information",
            "Write-Error",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Write to the host without a newline, then with one.",
                code: "Write-Host 'no' -NoNewline\n\
                Write-Host 'line'",
                output: "noline",
            },
            Example {
                description: "Join several objects with a separator.",
                code: "Write-Host (2, 4, 6) -Separator ', '",
                output: "2, 4, 6",
            },
            Example {
                description: "Capture what Write-Host writes by redirecting the information stream.",
                code: "Write-Host 'Hello' 6>&1 | ForEach-Object { \"captured: $_\" }",
                output: "captured: Hello",
            },
        ]
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
