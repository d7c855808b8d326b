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
    ParamSpec::value("Property")
        .at(0)
        .of("Object[]")
        .wildcards()
        .describe("The columns to show, by property name (wildcards allowed) or as calculated properties (@{ Name = ...; Expression = { ... }; Width = ...; Alignment = ... })."),
    ParamSpec::switch("AutoSize")
        .describe("Size each column to its widest value instead of sharing the line between the columns."),
    ParamSpec::switch("RepeatHeader")
        .describe("Repeat the header after each screenful. Accepted; rosh writes it once."),
    ParamSpec::switch("HideTableHeaders")
        .describe("Leave out the header and the line under it."),
    ParamSpec::switch("Wrap")
        .describe("Wrap long values onto further lines instead of cutting them short with an ellipsis."),
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
    fn synopsis(&self) -> &'static str {
        "Formats the output as a table."
    }
    fn description(&self) -> &'static str {
        "The Format-Table cmdlet shows objects as a table with one column per property and one row per object. Columns share the width of the screen; values too long for their column are cut short with an ellipsis unless -Wrap is given. Types with a view (files, processes, jobs, sessions, ...) get the view's columns by default.

Format-Table returns formatting objects, so it belongs at the end of a pipeline."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Format-List", "Out-String", "Select-Object"]
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
