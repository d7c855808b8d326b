//! `ConvertFrom-Csv`: lines of CSV text to custom objects whose property values are strings.

use crate::csv_read::CsvReader;
use crate::csv_write::delimiter;
use crate::util::{items, strings};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertFrom-Csv [-InputObject] <psobject[]> [[-Delimiter] <char>] [-Header <string[]>]`
/// (or `-UseCulture` instead of `-Delimiter`).
pub struct ConvertFromCsv;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .of("psobject[]")
        .mandatory()
        .describe("The CSV text: one or more lines per string, usually piped in."),
    ParamSpec::value("Delimiter")
        .at(1)
        .of("char")
        .in_sets(&["Delimiter"])
        .describe("The character between fields (a comma by default)."),
    ParamSpec::switch("UseCulture")
        .mandatory()
        .in_sets(&["UseCulture"])
        .describe("Fields are separated by the current culture's list separator (a comma in rosh's culture)."),
    ParamSpec::value("Header")
        .of("string[]")
        .describe("The column names, when the text has no header line (its first line is then data)."),
];

struct Run {
    reader: CsvReader,
    given: Option<Value>,
}

impl Command for ConvertFromCsv {
    fn name(&self) -> &'static str {
        "ConvertFrom-Csv"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let header = args.has("Header").then(|| strings(&args, "Header"));
        Ok(Box::new(Run {
            reader: CsvReader::new(
                "ConvertFrom-Csv",
                delimiter("ConvertFrom-Csv", &args)?,
                header,
            ),
            given: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts lines of comma-separated values (CSV) to objects."
    }
    fn description(&self) -> &'static str {
        "The ConvertFrom-Csv cmdlet reads CSV text and returns a custom object for each record: the header line (or -Header) names the properties and each field becomes a string value. A #TYPE line before the header gives the objects its type name and \"CSV:\" with it."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Delimiter")
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertTo-Csv", "Import-Csv", "Export-Csv"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Read CSV lines into objects.",
                code: "$rows = 'Name,Port', 'web01,443', 'db01,5432' | ConvertFrom-Csv\n$rows | ForEach-Object { \"$($_.Name) listens on $($_.Port)\" }",
                output: "web01 listens on 443\ndb01 listens on 5432",
            },
            Example {
                description: "Name the columns of text that has no header line.",
                code: "('1;alpha', '2;beta' | ConvertFrom-Csv -Delimiter ';' -Header Id, Word)[1].Word",
                output: "beta",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(value) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        for item in items(Some(&value)) {
            self.reader.import(rs, &to_str(&item), out)?;
        }
        Ok(())
    }
}
