//! `Export-Csv`: objects to a CSV file, the lines ConvertTo-Csv gives (UTF-8 without a BOM
//! by default; `-Append` to a file that has content keeps that file's columns).

use crate::commands::out_file::encode;
use crate::csv_read::CsvReader;
use crate::csv_write::{CsvWriter, delimiter, property_names};
use crate::fs_items::{io_message, strip_provider, unescape};
use crate::util::command_error;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};
use std::io::Write;
use std::path::PathBuf;

/// `Export-Csv -InputObject <psobject> [[-Path] <string>] [-LiteralPath <string>] [-Force]
/// [-NoClobber] [-Encoding <Encoding>] [-Append] [[-Delimiter] <char>] [-UseCulture]
/// [-IncludeTypeInformation] [-NoTypeInformation] [-QuoteFields <string[]>]
/// [-UseQuotes <QuoteKind>] [-NoHeader]`
pub struct ExportCsv;

const PARAMS: &[ParamSpec] = crate::csv_writing_params![
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .describe("The objects to write. Usually piped in."),
    ParamSpec::value("Path")
        .at(0)
        .of("string")
        .describe("The file to write."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .describe("The file to write, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Force")
        .describe("Overwrite a read-only file; with -Append, write objects that lack some of the file's columns."),
    ParamSpec::switch("NoClobber")
        .aliases(&["NoOverwrite"])
        .describe("Do not overwrite an existing file; fail instead."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding of the file (UTF-8 without a BOM by default)."),
    ParamSpec::switch("Append")
        .describe("Add the lines to the end of the file; an existing header decides the columns."),
];

const CLASS: &str = "Microsoft.PowerShell.Commands.ExportCsvCommand";

struct Run {
    args: BoundArgs,
    writer: CsvWriter,
    path: PathBuf,
    file: Option<std::fs::File>,
    /// The columns of the file appended to, when it had content.
    existing: Option<Vec<String>>,
    encoding: String,
    given: Option<Value>,
}

impl Command for ExportCsv {
    fn name(&self) -> &'static str {
        "Export-Csv"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let writer = CsvWriter::from_args("Export-Csv", &args)?;
        Ok(Box::new(Run {
            writer,
            path: PathBuf::new(),
            file: None,
            existing: None,
            encoding: args.get("Encoding").map(to_str).unwrap_or_default(),
            given: args.get("InputObject").cloned(),
            args,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Writes objects to a file of comma-separated values (CSV)."
    }
    fn description(&self) -> &'static str {
        "The Export-Csv cmdlet writes a header line naming the first object's properties, then a line of CSV text for each object, to a file. The text is what ConvertTo-Csv returns; Import-Csv reads the file back as objects whose property values are strings."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Delimiter")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Import-Csv", "ConvertTo-Csv", "ConvertFrom-Csv"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Write objects to a file, append one more, and show the file.",
            code: "$f = \"/tmp/rosh-export-csv-$PID.csv\"\n[pscustomobject]@{ Name = 'web01'; Port = 443 } | Export-Csv -Path $f\n[pscustomobject]@{ Port = 22; Name = 'db01' } | Export-Csv -Path $f -Append\nGet-Content $f\nRemove-Item $f",
            output: "\"Name\",\"Port\"\n\"web01\",\"443\"\n\"db01\",\"22\"",
        }]
    }
}

fn file_error(path: &std::path::Path, e: &std::io::Error) -> Flow {
    crate::fs_items::terminating(
        "Export-Csv",
        ErrorRecord::new(
            format!("FileOpenFailure,{CLASS}"),
            ErrorCategory::OpenError,
            io_message(e, path),
        )
        .with_exception("System.IO.IOException")
        .with_target(Value::from(path.to_string_lossy().into_owned())),
    )
}

impl Run {
    fn open(&mut self, rs: &mut Runspace) -> Eval<()> {
        let (text, literal) = match (self.args.get("Path"), self.args.get("LiteralPath")) {
            (Some(p), None) => (to_str(p), false),
            (None, Some(p)) => (to_str(p), true),
            _ => {
                return Err(command_error(
                    "Export-Csv",
                    &format!("CannotSpecifyPathAndLiteralPath,{CLASS}"),
                    ErrorCategory::InvalidData,
                    "System.InvalidOperationException",
                    "You must specify either the -Path or -LiteralPath parameters, but not both.",
                ));
            }
        };
        let text = strip_provider(&text);
        let text = if literal {
            text.to_string()
        } else {
            unescape(text)
        };
        self.path = rs.resolve_path(&text);
        let path = self.path.clone();
        let append = self.args.switch("Append");
        if append && let Ok(bytes) = std::fs::read(&path) {
            let (content, unicode) = decode(&bytes);
            if !content.is_empty() {
                // Appending keeps the file's own encoding.
                self.encoding = if unicode { "unicode" } else { "utf8" }.into();
                let mut reader =
                    CsvReader::new("Export-Csv", delimiter("Export-Csv", &self.args)?, None);
                reader.take_header(&content)?;
                self.existing = Some(reader.header().map(<[String]>::to_vec).unwrap_or_default());
            }
        }
        if !append && self.args.switch("NoClobber") && path.exists() {
            return Err(crate::fs_items::terminating(
                "Export-Csv",
                ErrorRecord::new(
                    format!("NoClobber,{CLASS}"),
                    ErrorCategory::ResourceExists,
                    format!("The file '{}' already exists.", path.display()),
                )
                .with_exception("System.IO.IOException")
                .with_target(Value::from(path.to_string_lossy().into_owned())),
            ));
        }
        if path.is_dir() {
            return Err(file_error(
                &path,
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            ));
        }
        if self.args.switch("Force")
            && let Ok(meta) = std::fs::metadata(&path)
        {
            // -Force writes to a read-only file.
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&path, perms);
        }
        let file = if append {
            std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
        } else {
            std::fs::File::create(&path)
        };
        let mut file = file.map_err(|e| file_error(&path, &e))?;
        if self.existing.is_none() {
            // A new file gets the encoding's preamble (none for UTF-8 by default).
            let preamble = encode("", &self.encoding, true);
            file.write_all(&preamble)
                .map_err(|e| file_error(&path, &e))?;
        }
        self.file = Some(file);
        Ok(())
    }

    fn write_line(&mut self, line: &str) -> Eval<()> {
        let bytes = encode(&format!("{line}\n"), &self.encoding, false);
        match self.file.as_mut() {
            Some(f) => f.write_all(&bytes).map_err(|e| file_error(&self.path, &e)),
            None => Ok(()),
        }
    }

    /// With -Append, the file's own columns, once every one of them is a property of the
    /// object (or -Force says to go on without).
    fn reconcile(&mut self, names: Vec<String>, existing: Vec<String>) -> Eval<Vec<String>> {
        if !self.args.switch("Force")
            && let Some(missing) = existing
                .iter()
                .find(|e| !names.iter().any(|n| n.eq_ignore_ascii_case(e)))
        {
            let e = ErrorRecord::new(
                format!("CannotAppendCsvWithMismatchedPropertyNames,{CLASS}"),
                ErrorCategory::InvalidData,
                format!(
                    "Cannot append CSV content to the following file: {}. The appended object does not have a property that corresponds to the following column: {missing}. To continue with mismatched properties, add the -Force parameter, and then retry the command.",
                    self.args
                        .get("Path")
                        .or_else(|| self.args.get("LiteralPath"))
                        .map(to_str)
                        .unwrap_or_default()
                ),
            )
            .with_exception("System.InvalidOperationException")
            .with_target(Value::from(missing.clone()));
            return Err(crate::fs_items::terminating("Export-Csv", e));
        }
        Ok(existing)
    }
}

/// A file's text: UTF-16 when it starts with that BOM (and true), else UTF-8 less its BOM.
fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return (String::from_utf16_lossy(&units), true);
    }
    let rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    (String::from_utf8_lossy(rest).into_owned(), false)
}

impl Processor for Run {
    fn begin(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        self.open(rs)
    }

    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let Some(item) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        if item.is_null() || self.file.is_none() {
            return Ok(());
        }
        if self.writer.names.is_none() {
            let names = property_names(&item);
            match self.existing.take() {
                Some(existing) => {
                    self.writer.names = Some(self.reconcile(names, existing)?);
                }
                None => {
                    self.writer.names = Some(names);
                    if !self.writer.no_header {
                        if self.writer.include_type {
                            self.write_line(&CsvWriter::type_line(&item))?;
                        }
                        let header = self.writer.header_line();
                        self.write_line(&header)?;
                    }
                }
            }
        }
        let row = self.writer.row(rs, &item);
        self.write_line(&row)
    }

    fn end(&mut self, _rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        if let Some(mut f) = self.file.take() {
            f.flush().map_err(|e| file_error(&self.path, &e))?;
        }
        Ok(())
    }
}
