//! `Import-Clixml`: the objects of a CLIXML file, deserialized (`Deserialized.` type names,
//! properties kept, no methods; primitives, arrays and hashtables live).

use crate::fs_items::{path_args, resolve_or_stop, terminating};
use crate::util::count;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::serialization::{Limits, deserialize_document};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Import-Clixml [-Path] <string[]> [-First <n>] [-Skip <n>]` (or `-LiteralPath`).
pub struct ImportClixml;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["ByPath"])
        .wildcards()
        .describe("The CLIXML files to read."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["ByLiteralPath"])
        .describe("The files to read, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("First")
        .of("ulong")
        .describe("Return only this many objects from the start."),
    ParamSpec::value("Skip")
        .of("ulong")
        .describe("Skip this many objects first."),
    ParamSpec::switch("IncludeTotalCount")
        .describe("Report how many objects the file holds. Accepted; rosh does not report it."),
];

const CLASS: &str = "ImportClixmlCommand";

struct Run {
    args: BoundArgs,
}

impl Command for ImportClixml {
    fn name(&self) -> &'static str {
        "Import-Clixml"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Reads objects from a CLIXML file."
    }
    fn description(&self) -> &'static str {
        "The Import-Clixml cmdlet reads a file written by Export-Clixml and returns the objects it holds. Objects of types rosh does not know come back as property bags whose type names start with \"Deserialized.\"."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ByPath")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Export-Clixml", "ConvertFrom-CliXml", "ConvertTo-CliXml"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Read back a hashtable with a date; it comes back live.",
                code: "$f = \"/tmp/rosh-import-$PID.xml\"\n@{ When = Get-Date -Year 2024 -Month 1 -Day 15 } | Export-Clixml -Path $f\n$h = Import-Clixml -Path $f\n$h.GetType().Name\n$h.When.ToString('yyyy-MM-dd')\nRemove-Item $f",
                output: "Hashtable\n2024-01-15",
            },
            Example {
                description: "Objects come back as property bags with the Deserialized. prefix.",
                code: "$f = \"/tmp/rosh-import2-$PID.xml\"\n[pscustomobject]@{ A = 1 } | Export-Clixml -Path $f\n(Import-Clixml -Path $f).psobject.TypeNames[0]\nRemove-Item $f",
                output: "Deserialized.System.Management.Automation.PSCustomObject",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            // PowerShell's Import-Clixml stops at a path that names nothing.
            let found = resolve_or_stop(rs, &arg, "Import-Clixml", CLASS)?;
            for p in found {
                self.import(rs, &p, out)?;
            }
        }
        Ok(())
    }
}

impl Run {
    fn import(&self, rs: &mut Runspace, p: &std::path::Path, out: &mut dyn Sink) -> Eval<()> {
        let target = Value::from(p.to_string_lossy().into_owned());
        let bytes = std::fs::read(p).map_err(|e| {
            terminating(
                "Import-Clixml",
                ErrorRecord::new(
                    format!("FileOpenFailure,Microsoft.PowerShell.Commands.{CLASS}"),
                    ErrorCategory::OpenError,
                    crate::fs_items::io_message(&e, p),
                )
                .with_exception("System.IO.IOException")
                .with_target(target.clone()),
            )
        })?;
        let values = deserialize_document(&bytes, &Limits::default()).map_err(|e| {
            terminating(
                "Import-Clixml",
                ErrorRecord::new(
                    format!("System.Xml.XmlException,Microsoft.PowerShell.Commands.{CLASS}"),
                    ErrorCategory::NotSpecified,
                    e.to_string(),
                )
                .with_exception("System.Xml.XmlException")
                .with_target(target.clone()),
            )
        })?;
        let first = count(&self.args, "First");
        let skip = count(&self.args, "Skip").unwrap_or(0);
        if first.is_none() && skip == 0 {
            // Each object as it was written (a collection stays one object).
            for v in values {
                out.emit(rs, v)?;
            }
            return Ok(());
        }
        // With paging, collections are flattened.
        let first = first.unwrap_or(usize::MAX);
        let mut skipped = 0;
        let mut emitted = 0;
        for v in values {
            let items = match &v {
                Value::Array(a) => a.to_vec(),
                _ => vec![v],
            };
            for item in items {
                if emitted >= first {
                    return Ok(());
                }
                if skipped < skip {
                    skipped += 1;
                    continue;
                }
                emitted += 1;
                out.emit(rs, item)?;
            }
        }
        Ok(())
    }
}
