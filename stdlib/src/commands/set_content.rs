//! `Set-Content`: write objects to a file as lines of text (UTF-8, no BOM).

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// `Set-Content [-Path] <string[]> [-Value] <object[]> [-NoNewline]`
pub struct SetContent;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path").at(0),
    ParamSpec::value("Value").at(1).from_pipeline().remaining(),
    ParamSpec::value("LiteralPath").aliases(&["PSPath", "LP"]),
    ParamSpec::switch("NoNewline"),
    ParamSpec::value("Encoding"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
];

struct Run {
    args: BoundArgs,
    lines: Vec<String>,
}

impl Command for SetContent {
    fn name(&self) -> &'static str {
        "Set-Content"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            args,
            lines: vec![],
        }))
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        match input {
            Some(v) => self.lines.push(to_str(&v)),
            None => self.lines.extend(strings(&self.args, "Value")),
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        let mut paths = strings(&self.args, "Path");
        paths.extend(strings(&self.args, "LiteralPath"));
        let sep = if self.args.switch("NoNewline") {
            ""
        } else {
            "\n"
        };
        let text: String = self.lines.iter().map(|l| format!("{l}{sep}")).collect();
        for p in paths {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .append(false)
                .truncate(true)
                .open(&p);
            let result = file.and_then(|mut f| f.write_all(text.as_bytes()));
            if let Err(e) = result {
                rs.write_error(ErrorRecord::new(
                    "GetContentWriterIOError,Microsoft.PowerShell.Commands.SetContentCommand",
                    ErrorCategory::WriteError,
                    format!("Could not write to '{p}': {e}"),
                ))?;
            }
        }
        Ok(())
    }
}
