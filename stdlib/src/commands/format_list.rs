//! `Format-List`: each object as a list of `Name : value` lines, for chosen properties
//! (names, wildcards, calculated properties) or all of them.

use crate::format_args::{emit_formatted, group_by, property_args};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::output::{FormatRequest, Shape};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Format-List [[-Property] <object[]>] [-GroupBy <object>] [-InputObject <psobject>]`
pub struct FormatList;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("Object[]")
        .wildcards()
        .describe("The properties to show, by name (wildcards allowed) or as calculated properties (@{ Name = ...; Expression = { ... } }). All properties by default."),
    ParamSpec::value("GroupBy")
        .of("Object")
        .describe("Group the objects under a heading for each value of this property (or calculated property)."),
    ParamSpec::value("View")
        .of("string")
        .describe("The name of a view to use. Accepted; rosh uses its built-in views."),
    ParamSpec::switch("ShowError")
        .describe("Show errors raised while formatting. Accepted; rosh shows no formatting errors."),
    ParamSpec::switch("DisplayError")
        .describe("Show errors raised while formatting in the output. Accepted; rosh shows no formatting errors."),
    ParamSpec::switch("Force")
        .describe("Format error records and other objects as objects. Accepted; rosh formats them as it always does."),
    ParamSpec::value("Expand")
        .of("string")
        .describe("How collections are formatted: CoreOnly, EnumOnly or Both. Accepted; rosh enumerates them."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to format. Usually piped in."),
];

struct Run {
    req: FormatRequest,
    items: Vec<Value>,
    input_object: Option<Value>,
}

impl Command for FormatList {
    fn name(&self) -> &'static str {
        "Format-List"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let req = FormatRequest {
            shape: Shape::List,
            properties: property_args("FormatList", &args)?,
            group_by: group_by("FormatList", &args)?,
            ..FormatRequest::default()
        };
        Ok(Box::new(Run {
            req,
            items: vec![],
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Formats the output as a list of properties, each on its own line."
    }
    fn description(&self) -> &'static str {
        "The Format-List cmdlet shows each object as a list of \"Name : Value\" lines, one per property, with a blank line between objects. It returns formatting objects, so it belongs at the end of a pipeline; what follows it (Out-String, Out-File) sees text laid out as a list."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Format-Table", "Out-String", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show each property on its own line.",
                code: "[pscustomobject]@{ Name = 'rosh'; Language = 'Rust' } | Format-List",
                output: "\n\
                Name     : rosh\n\
                Language : Rust\n",
            },
            Example {
                description: "Show only some properties.",
                code: "[pscustomobject]@{ Name = 'rosh'; Language = 'Rust'; Year = 2024 } | Format-List -Property Name, Year",
                output: "\n\
                Name : rosh\n\
                Year : 2024\n",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        crate::util::gather(&mut self.items, input, &mut self.input_object);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let items = std::mem::take(&mut self.items);
        emit_formatted(rs, out, &items, &self.req)
    }
}
