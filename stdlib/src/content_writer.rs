//! The shared body of `Set-Content` and `Add-Content`: write objects to files as lines of
//! text (UTF-8, no BOM), replacing or appending.

use crate::fs_items::{glob, has_wildcard, io_message, not_found, path_args, unescape};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// The parameters `Set-Content` and `Add-Content` share.
pub(crate) const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The files to write to. Wildcards name every matching file; a file that does not exist is created."),
    ParamSpec::value("Value")
        .at(1)
        .from_pipeline()
        .of("Object[]")
        .mandatory()
        .describe("What to write, one line per object; objects are written as their text. Can come from the pipeline."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The files to write to, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("NoNewline")
        .describe("Write the objects one after another with no line break between them or after the last."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding. Accepted for compatibility: rosh reads and writes UTF-8."),
    ParamSpec::switch("Force")
        .describe("Accepted for compatibility; rosh does not override read-only files."),
    ParamSpec::switch("PassThru")
        .describe("Accepted for compatibility; nothing is returned."),
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

impl ContentWriter {
    /// The .NET class name of the command, for error ids.
    fn command_class(&self) -> &'static str {
        if self.append {
            "AddContentCommand"
        } else {
            "SetContentCommand"
        }
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
        let mut paths = Vec::new();
        for arg in path_args(&self.args, None, "Path", None) {
            if !arg.literal && has_wildcard(&arg.text) {
                let found = glob(rs, &arg.text, false);
                if found.is_empty() {
                    let p = rs.resolve_path(&arg.text);
                    rs.write_error(not_found(self.command_class(), &p))?;
                }
                paths.extend(found);
            } else if arg.literal {
                paths.push(rs.resolve_path(&arg.text));
            } else {
                paths.push(rs.resolve_path(&unescape(&arg.text)));
            }
        }
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
                rs.write_error(
                    ErrorRecord::new(
                        format!(
                            "GetContentWriterIOError,Microsoft.PowerShell.Commands.{}",
                            self.command_class()
                        ),
                        ErrorCategory::WriteError,
                        io_message(&e, &p),
                    )
                    .with_exception("System.IO.IOException")
                    .with_target(Value::from(p.to_string_lossy().into_owned())),
                )?;
            }
        }
        Ok(())
    }
}
