//! `ConvertTo-Csv`: objects to lines of CSV text, as PowerShell 7.4 writes them (a header
//! of the first object's properties, every field in double quotes, no `#TYPE` line unless
//! asked for).

use crate::csv_write::{CsvWriter, property_names};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertTo-Csv [-InputObject] <psobject> [[-Delimiter] <char>] [-IncludeTypeInformation]
/// [-NoTypeInformation] [-QuoteFields <string[]>] [-UseQuotes <QuoteKind>] [-NoHeader]`
/// (or `-UseCulture` instead of `-Delimiter`).
pub struct ConvertToCsv;

/// The parameters ConvertTo-Csv and Export-Csv share.
#[macro_export]
#[doc(hidden)]
macro_rules! csv_writing_params {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            ParamSpec::value("Delimiter")
                .at(1)
                .of("char")
                .in_sets(&["Delimiter"])
                .describe("The character between fields (a comma by default)."),
            ParamSpec::switch("UseCulture")
                .in_sets(&["UseCulture"])
                .describe("Separate fields with the current culture's list separator (a comma in rosh's culture)."),
            ParamSpec::switch("IncludeTypeInformation")
                .aliases(&["ITI"])
                .describe("Write a #TYPE line with the first object's type name before the header."),
            ParamSpec::switch("NoTypeInformation")
                .aliases(&["NTI"])
                .describe("Write no #TYPE line (the default; kept for older scripts)."),
            ParamSpec::value("QuoteFields")
                .aliases(&["QF"])
                .of("string[]")
                .describe("Quote only the fields of these columns."),
            ParamSpec::value("UseQuotes")
                .aliases(&["UQ"])
                .of("QuoteKind")
                .describe("Which fields to quote: Always (the default), AsNeeded (those holding the delimiter, a double quote or a line break) or Never."),
            ParamSpec::switch("NoHeader")
                .describe("Write no header line."),
        ]
    };
}

const PARAMS: &[ParamSpec] = csv_writing_params![
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .describe("The objects to convert. Usually piped in."),
];

struct Run {
    writer: CsvWriter,
    given: Option<Value>,
}

impl Command for ConvertToCsv {
    fn name(&self) -> &'static str {
        "ConvertTo-Csv"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            writer: CsvWriter::from_args("ConvertTo-Csv", &args)?,
            given: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts objects to lines of comma-separated values (CSV)."
    }
    fn description(&self) -> &'static str {
        "The ConvertTo-Csv cmdlet returns a line of CSV text for each object, after a header line naming the columns. The columns are the first object's properties (a dictionary's keys); each field is the property value's ToString(), an empty field for a missing property or $null. ConvertFrom-Csv turns the lines back into objects whose property values are strings."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Delimiter")
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertFrom-Csv", "Export-Csv", "Import-Csv"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Convert objects to CSV lines.",
                code: "[pscustomobject]@{ Name = 'web01'; Port = 443 }, [pscustomobject]@{ Name = 'db01'; Port = 5432 } | ConvertTo-Csv",
                output: "\"Name\",\"Port\"\n\"web01\",\"443\"\n\"db01\",\"5432\"",
            },
            Example {
                description: "Quote only the fields that need it, with a semicolon between fields.",
                code: "[pscustomobject]@{ Name = 'a;b'; Size = 1 } | ConvertTo-Csv -Delimiter ';' -UseQuotes AsNeeded",
                output: "Name;Size\n\"a;b\";1",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        if item.is_null() {
            return Ok(());
        }
        if self.writer.names.is_none() {
            self.writer.names = Some(property_names(&item));
            if !self.writer.no_header {
                if self.writer.include_type {
                    out.emit(rs, Value::from(CsvWriter::type_line(&item)))?;
                }
                let header = self.writer.header_line();
                if !header.is_empty() {
                    out.emit(rs, Value::from(header))?;
                }
            }
        }
        let row = self.writer.row(rs, &item);
        if !row.is_empty() {
            out.emit(rs, Value::from(row))?;
        }
        Ok(())
    }
}
