//! `ConvertTo-CliXml` (PowerShell 7.5): the input objects as one CLIXML document string.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::serialization::{SerializeOptions, Serializer};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertTo-CliXml [-InputObject] <psobject> [-Depth <int>]`
pub struct ConvertToCliXml;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .describe("The objects to serialize."),
    ParamSpec::value("Depth")
        .of("int")
        .describe("How many levels of contained objects to include. Accepted; rosh serializes with PowerShell's default depth."),
];

struct Run {
    depth: usize,
    items: Vec<Value>,
    given: Option<Value>,
}

impl Command for ConvertToCliXml {
    fn name(&self) -> &'static str {
        "ConvertTo-CliXml"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let depth = super::export_clixml::depth_arg("ConvertTo-CliXml", &args, 2)?;
        Ok(Box::new(Run {
            depth,
            items: vec![],
            given: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts objects to CLIXML text."
    }
    fn description(&self) -> &'static str {
        "The ConvertTo-CliXml cmdlet serializes objects to CLIXML, PowerShell's object serialization, as Export-Clixml does to files and remoting does between computers."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertFrom-CliXml", "Export-Clixml", "Import-Clixml"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Serialize a value to a CLIXML document.",
            code: "(ConvertTo-CliXml -InputObject 42) -split \"`n\" | Where-Object { $_ -match '<I32>' } | ForEach-Object Trim",
            output: "<I32>42</I32>",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        crate::util::gather(&mut self.items, input, &mut self.given);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        // PSSerializer.Serialize(list, depth, enumerate: true): each input object is a
        // top-level element of one document.
        let mut s = Serializer::new(SerializeOptions {
            depth: self.depth,
            ..SerializeOptions::EXPORT
        });
        for v in &self.items {
            s.write_evaluating(v, &mut rosh_runtime::script_members::property_evaluator(rs));
        }
        out.emit(rs, Value::from(s.finish()))
    }
}
