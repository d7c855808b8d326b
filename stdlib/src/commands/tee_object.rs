//! `Tee-Object`: pass objects on down the pipeline and also save them, formatted as
//! Out-File writes them, to a file, or in a variable.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::interp::scope::Target;
use rosh_runtime::value::Array;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// `Tee-Object [-FilePath] <string> [-Append] | -LiteralPath <string> | -Variable <string>
/// [-InputObject <psobject>]`
pub struct TeeObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to save and pass on. Usually piped in."),
    ParamSpec::value("FilePath")
        .at(0)
        .aliases(&["Path"])
        .of("string")
        .mandatory()
        .in_sets(&["File"])
        .describe("The file to save the objects to, formatted as the console shows them."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .mandatory()
        .in_sets(&["LiteralFile"])
        .describe("The file to save to, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Append")
        .in_sets(&["File", "LiteralFile"])
        .describe("Add to the end of the file instead of replacing it."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .in_sets(&["File", "LiteralFile"])
        .describe("The text encoding. Accepted for compatibility: rosh writes UTF-8."),
    ParamSpec::value("Variable")
        .of("string")
        .mandatory()
        .in_sets(&["Variable"])
        .describe("The variable (without the $) to save the objects in."),
];

enum Destination {
    File {
        shown: String,
        path: std::path::PathBuf,
        append: bool,
    },
    Variable(String),
}

struct Run {
    target: Destination,
    items: Vec<Value>,
    input_object: Option<Value>,
}

impl Command for TeeObject {
    fn name(&self) -> &'static str {
        "Tee-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let target = match (
            args.get("Variable"),
            args.get("FilePath").or_else(|| args.get("LiteralPath")),
        ) {
            (Some(v), None) => Destination::Variable(to_str(v)),
            (None, Some(p)) => {
                let shown = to_str(p);
                Destination::File {
                    path: rs.resolve_path(&shown),
                    shown,
                    append: args.switch("Append"),
                }
            }
            _ => {
                return Err(crate::util::command_error(
                    "Tee-Object",
                    "AmbiguousParameterSet,Microsoft.PowerShell.Commands.TeeObjectCommand",
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
                ));
            }
        };
        Ok(Box::new(Run {
            target,
            items: vec![],
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Saves command output in a file or variable and also sends it down the pipeline."
    }
    fn description(&self) -> &'static str {
        "The Tee-Object cmdlet passes each object on down the pipeline and also saves it: in a file, formatted as the console shows it, or in a variable."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("File")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-File", "Set-Variable"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Keep the pipeline's objects in a variable while passing them on.",
                code: "'a', 'b' | Tee-Object -Variable saved | ForEach-Object { $_.ToUpper() }\n\
                $saved -join ','",
                output: "A\n\
                B\n\
                a,b",
            },
            Example {
                description: "Save the objects to a file while passing them on.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-tee-object-$PID\"\n\
                1..3 | Tee-Object -FilePath $dir/numbers.txt | Measure-Object -Sum | ForEach-Object Sum\n\
                Get-Content -Path $dir/numbers.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "6\n\
                1\n\
                2\n\
                3",
            },
            Example {
                description: "Add to a file with -Append.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-tee-object-$PID\"\n\
                'one' | Tee-Object -FilePath $dir/log.txt | Out-Null\n\
                'two' | Tee-Object -FilePath $dir/log.txt -Append | Out-Null\n\
                Get-Content -Path $dir/log.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "one\n\
                two",
            },
        ]
    }
}

impl Run {
    /// Write text to the file destination, appending or replacing what it holds.
    fn write_file(&self, rs: &mut Runspace, text: &str, append: bool) -> Eval<()> {
        let Destination::File { shown, path, .. } = &self.target else {
            return Ok(());
        };
        let result = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = result {
            rs.write_error(
                ErrorRecord::new(
                    "FileOpenFailure,Microsoft.PowerShell.Commands.TeeObjectCommand",
                    ErrorCategory::WriteError,
                    format!("Could not open file '{shown}': {e}"),
                )
                .with_exception("System.IO.IOException"),
            )?;
        }
        Ok(())
    }
}

impl Processor for Run {
    fn begin(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        // Out-File creates (or empties) the file before any input arrives.
        let append = matches!(self.target, Destination::File { append: true, .. });
        self.write_file(rs, "", append)
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input.or_else(|| self.input_object.take()) else {
            return Ok(());
        };
        self.items.push(item.clone());
        out.emit(rs, item)
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        match &self.target {
            Destination::Variable(name) => {
                let mut items = std::mem::take(&mut self.items);
                let value = match items.len() {
                    0 => Value::Null,
                    1 => items.pop().unwrap_or(Value::Null),
                    _ => Value::Array(Array::new(items)),
                };
                rs.scopes.set(Target::Local, name, value);
                Ok(())
            }
            Destination::File { .. } => {
                // The file was created or emptied at the start; the output goes after.
                let text = rosh_runtime::output::format_in(rs, &self.items);
                self.write_file(rs, &text, true)
            }
        }
    }
}
