//! `Format-Table`: objects as a table of chosen properties (names, wildcards, calculated
//! properties with a width and alignment), sized from the data, optionally grouped.

use crate::format_args::{emit_formatted, group_by, property_args};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::output::{FormatRequest, Shape};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Format-Table [[-Property] <object[]>] [-AutoSize] [-HideTableHeaders] [-Wrap]
/// [-GroupBy <object>] [-InputObject <psobject>]`
pub struct FormatTable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property").at(0),
    ParamSpec::switch("AutoSize"),
    ParamSpec::switch("RepeatHeader"),
    ParamSpec::switch("HideTableHeaders"),
    ParamSpec::switch("Wrap"),
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

impl Command for FormatTable {
    fn name(&self) -> &'static str {
        "Format-Table"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let req = FormatRequest {
            shape: Shape::Table,
            properties: property_args("FormatTable", &args)?,
            autosize: args.switch("AutoSize"),
            hide_headers: args.switch("HideTableHeaders"),
            wrap: args.switch("Wrap"),
            group_by: group_by("FormatTable", &args)?,
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
                description: "Show objects as a table; numbers are right-aligned.",
                code: "[pscustomobject]@{ Name = 'a'; Size = 10 }, [pscustomobject]@{ Name = 'bb'; Size = 200 } | Format-Table",
                output: "\n\
                Name Size\n\
                ---- ----\n\
                a      10\n\
                bb    200\n",
            },
            Example {
                description: "Show only some properties.",
                code: "$items = [pscustomobject]@{ Name = 'a'; Size = 10; Kind = 'x' }, [pscustomobject]@{ Name = 'bb'; Size = 200; Kind = 'y' }\n\
                $items | Format-Table -Property Name, Kind",
                output: "\n\
                Name Kind\n\
                ---- ----\n\
                a    x\n\
                bb   y\n",
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
