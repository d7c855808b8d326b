//! `Import-Csv`: the records of CSV files as custom objects whose property values are
//! strings.

use crate::csv_read::CsvReader;
use crate::csv_write::delimiter;
use crate::fs_items::{path_args, resolve_or_stop, terminating};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Import-Csv [[-Path] <string[]>] [-LiteralPath <string[]>] [[-Delimiter] <char>]
/// [-UseCulture] [-Header <string[]>] [-Encoding <Encoding>]`
pub struct ImportCsv;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["DelimiterPath", "CulturePath"])
        .describe("The CSV files to read."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["DelimiterLiteralPath", "CultureLiteralPath"])
        .describe("The files to read, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("Delimiter")
        .at(1)
        .of("char")
        .in_sets(&["DelimiterPath", "DelimiterLiteralPath"])
        .describe("The character between fields (a comma by default)."),
    ParamSpec::switch("UseCulture")
        .mandatory()
        .in_sets(&["CulturePath", "CultureLiteralPath"])
        .describe("Fields are separated by the current culture's list separator (a comma in rosh's culture)."),
    ParamSpec::value("Header")
        .of("string[]")
        .describe("The column names, when the file has no header line (its first line is then data)."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding of the files (UTF-8 unless they start with another encoding's BOM)."),
];

const CLASS: &str = "ImportCsvCommand";

struct Run {
    args: BoundArgs,
    delimiter: char,
    warned: bool,
}

impl Command for ImportCsv {
    fn name(&self) -> &'static str {
        "Import-Csv"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            delimiter: delimiter("Import-Csv", &args)?,
            args,
            warned: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Reads the records of a CSV file as objects."
    }
    fn description(&self) -> &'static str {
        "The Import-Csv cmdlet reads files of comma-separated values, such as Export-Csv writes, and returns a custom object for each record: the header line (or -Header) names the properties and each field becomes a string value."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("DelimiterPath")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Export-Csv", "ConvertFrom-Csv", "ConvertTo-Csv"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Read a file of users and select some of them.",
            code: "$f = \"/tmp/rosh-import-csv-$PID.csv\"\n'User,Shell', 'alice,/bin/bash', 'bob,/usr/bin/rosh' | Set-Content $f\nImport-Csv $f | Where-Object Shell -like '*rosh' | ForEach-Object User\nRemove-Item $f",
            output: "bob",
        }]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = resolve_or_stop(rs, &arg, "Import-Csv", CLASS)?;
            for p in found {
                let bytes = std::fs::read(&p).map_err(|e| {
                    terminating(
                        "Import-Csv",
                        ErrorRecord::new(
                            format!("FileOpenFailure,Microsoft.PowerShell.Commands.{CLASS}"),
                            ErrorCategory::OpenError,
                            crate::fs_items::io_message(&e, &p),
                        )
                        .with_exception("System.IO.IOException")
                        .with_target(Value::from(p.to_string_lossy().into_owned())),
                    )
                })?;
                let encoding = self.args.get("Encoding").map(to_str).unwrap_or_default();
                let text = decode(&bytes, &encoding);
                let header = self
                    .args
                    .has("Header")
                    .then(|| strings(&self.args, "Header"));
                // Each file has its own header; the missing-name warning is given once.
                let mut reader = CsvReader::new("Import-Csv", self.delimiter, header);
                reader.set_warned(self.warned);
                reader.import(rs, &text, out)?;
                self.warned = reader.warned();
            }
        }
        Ok(())
    }
}

/// A file's text: a BOM decides the encoding, else `-Encoding` (UTF-8 by default).
fn decode(bytes: &[u8], encoding: &str) -> String {
    let utf16 = |rest: &[u8], big: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if big {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    match encoding.to_ascii_lowercase().replace('-', "").as_str() {
        "unicode" | "utf16" | "utf16le" => utf16(bytes, false),
        "bigendianunicode" | "utf16be" => utf16(bytes, true),
        "ascii" | "utf8" | "utf8bom" | "utf8nobom" | "" | "default" => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}
