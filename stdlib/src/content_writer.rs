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
        .describe("The text encoding: utf8 (no byte order mark, the default), utf8BOM, unicode, bigendianunicode, utf32 or ascii."),
    ParamSpec::switch("AsByteStream")
        .describe("Write the values as bytes (numbers 0-255, byte arrays), with nothing added."),
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
    values: Vec<Value>,
}

impl ContentWriter {
    /// Start a writer that appends (`Add-Content`) or replaces (`Set-Content`).
    pub(crate) fn start(append: bool, args: BoundArgs) -> Box<dyn Processor> {
        Box::new(ContentWriter {
            append,
            args,
            lines: vec![],
            values: vec![],
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

impl ContentWriter {
    /// The values as bytes for `-AsByteStream`: byte arrays flattened, each number a byte.
    fn byte_stream(&self) -> Eval<Vec<u8>> {
        let byte = rosh_runtime::types::TypeInfo::of(rosh_runtime::types::KnownType::Byte);
        let mut out = Vec::new();
        for v in &self.values {
            let items = match v {
                Value::Array(a) => match a.as_bytes() {
                    Some(b) => {
                        out.extend(b);
                        continue;
                    }
                    None => a.to_vec(),
                },
                other => vec![other.clone()],
            };
            for item in items {
                match rosh_runtime::convert::convert(&item, &byte)? {
                    Value::Byte(b) => out.push(b),
                    _ => continue,
                }
            }
        }
        Ok(out)
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
            Some(v) => {
                self.lines.push(to_str(&v));
                self.values.push(v);
            }
            None => {
                self.lines.extend(strings(&self.args, "Value"));
                match self.args.get("Value") {
                    Some(Value::Array(a)) => self.values.extend(a.to_vec()),
                    Some(v) => self.values.push(v.clone()),
                    None => {}
                }
            }
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
        let bytes = if self.args.switch("AsByteStream") {
            self.byte_stream()?
        } else {
            Vec::new()
        };
        let encoding = self.args.get("Encoding").map(to_str).unwrap_or_default();
        for p in paths {
            let fresh = !self.append || std::fs::metadata(&p).map_or(true, |m| m.len() == 0);
            let data = if self.args.switch("AsByteStream") {
                bytes.clone()
            } else {
                crate::commands::out_file::encode(&text, &encoding, fresh)
            };
            let file = std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .append(self.append)
                .truncate(!self.append)
                .open(&p);
            let result = file.and_then(|mut f| f.write_all(&data));
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
