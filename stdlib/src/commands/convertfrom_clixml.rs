//! `ConvertFrom-CliXml` (PowerShell 7.5): a CLIXML string back to objects.

use crate::fs_items::terminating;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::serialization::{Limits, deserialize_document};
use rosh_runtime::value::Array;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertFrom-CliXml [-InputObject] <string>`
pub struct ConvertFromCliXml;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("InputObject")
    .at(0)
    .from_pipeline()
    .of("string")
    .mandatory()
    .describe("The CLIXML text to read.")];

struct Run {
    given: Option<Value>,
}

impl Command for ConvertFromCliXml {
    fn name(&self) -> &'static str {
        "ConvertFrom-CliXml"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            given: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts CLIXML text to objects."
    }
    fn description(&self) -> &'static str {
        "The ConvertFrom-CliXml cmdlet reads CLIXML, PowerShell's object serialization, and returns the objects it holds, as Import-Clixml does for files. Objects of types rosh does not know come back as property bags whose type names start with \"Deserialized.\"."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertTo-CliXml", "Import-Clixml", "Export-Clixml"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Round-trip an object through CLIXML text.",
            code: "$xml = [pscustomobject]@{ Name = 'web01'; Port = 443 } | ConvertTo-CliXml\n$o = $xml | ConvertFrom-CliXml\n\"$($o.Name):$($o.Port)\"",
            output: "web01:443",
        }]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(v) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        let text = to_str(&v);
        let mut values = deserialize_document(text.as_bytes(), &Limits::default()).map_err(|e| {
            terminating(
                "ConvertFrom-CliXml",
                ErrorRecord::new(
                    "System.Xml.XmlException,Microsoft.PowerShell.Commands.ConvertFromClixmlCommand",
                    ErrorCategory::NotSpecified,
                    e.to_string(),
                )
                .with_exception("System.Xml.XmlException"),
            )
        })?;
        // PSSerializer.Deserialize: one object as itself, several as one array.
        let result = if values.len() == 1 {
            values.remove(0)
        } else {
            Value::Array(Array::new(values))
        };
        out.emit(rs, result)
    }
}
