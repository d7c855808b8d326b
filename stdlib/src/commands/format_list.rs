//! `Format-List`: each object as a list of `Name : value` lines, for chosen properties
//! (names, wildcards, calculated properties) or all of them.

use crate::format_args::{emit_formatted, group_by, property_args};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::output::{FormatRequest, Shape};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Format-List [[-Property] <object[]>] [-GroupBy <object>] [-InputObject <psobject>]`
pub struct FormatList;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property").at(0),
    ParamSpec::value("GroupBy"),
    ParamSpec::value("View"),
    ParamSpec::switch("ShowError"),
    ParamSpec::switch("DisplayError"),
    ParamSpec::switch("Force"),
    ParamSpec::value("Expand"),
    ParamSpec::value("InputObject").from_pipeline(),
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
