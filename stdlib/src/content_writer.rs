//! The shared body of `Set-Content` and `Add-Content`: write objects to files as lines of
//! text (UTF-8, no BOM), replacing or appending.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// The parameters `Set-Content` and `Add-Content` share.
pub(crate) const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path").at(0),
    ParamSpec::value("Value").at(1).from_pipeline().remaining(),
    ParamSpec::value("LiteralPath").aliases(&["PSPath", "LP"]),
    ParamSpec::switch("NoNewline"),
    ParamSpec::value("Encoding"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
];

/// A running `Set-Content` or `Add-Content`: collects the lines, writes them at the end.
pub(crate) struct ContentWriter {
    append: bool,
    args: BoundArgs,
    lines: Vec<String>,
}

impl ContentWriter {
    /// Start a writer that appends (`Add-Content`) or replaces (`Set-Content`).
    pub(crate) fn start(append: bool, args: BoundArgs) -> Box<dyn Processor> {
        Box::new(ContentWriter {
            append,
            args,
            lines: vec![],
        })
    }
}

impl Processor for ContentWriter {
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
                .append(self.append)
                .truncate(!self.append)
                .open(&p);
            let result = file.and_then(|mut f| f.write_all(text.as_bytes()));
            if let Err(e) = result {
                rs.write_error(ErrorRecord::new(
                    if self.append {
                        "GetContentWriterIOError,Microsoft.PowerShell.Commands.AddContentCommand"
                    } else {
                        "GetContentWriterIOError,Microsoft.PowerShell.Commands.SetContentCommand"
                    },
                    ErrorCategory::WriteError,
                    format!("Could not write to '{p}': {e}"),
                ))?;
            }
        }
        Ok(())
    }
}
