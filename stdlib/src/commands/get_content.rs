//! `Get-Content`: the lines of a file.

use crate::fs_items::{Resolved, not_found, path_args, resolve};
use crate::util::count;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Content [-Path] <string[]> [-Raw] [-TotalCount <long>] [-Tail <int>] [-ReadCount <long>]
/// [-Delimiter <string>] [-Encoding <Encoding>] [-AsByteStream]`
pub struct GetContent;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The files to read; wildcards name every matching file."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The files to read, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Raw")
        .describe("Return the whole file as one string, line breaks included, instead of one string per line."),
    ParamSpec::value("TotalCount")
        .aliases(&["First", "Head"])
        .of("long")
        .describe("Read only this many lines from the start."),
    ParamSpec::value("Tail")
        .aliases(&["Last"])
        .of("int")
        .describe("Read only this many lines from the end."),
    ParamSpec::value("ReadCount")
        .of("long")
        .describe("How many lines go down the pipeline together, as one array; 0 sends them all at once."),
    ParamSpec::value("Delimiter")
        .of("string")
        .describe("Split the file at this text instead of at line breaks; each piece keeps its delimiter."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding of a file without a byte order mark (utf8 when not given)."),
    ParamSpec::switch("AsByteStream")
        .describe("Read bytes instead of text: one byte per object, or one byte array with -Raw."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetContent {
    fn name(&self) -> &'static str {
        "Get-Content"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the content of files."
    }
    fn description(&self) -> &'static str {
        "The Get-Content cmdlet reads text files and returns their lines, one string per line, or the whole text as one string with -Raw. -TotalCount and -Tail read only the first or last lines."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Set-Content", "Add-Content", "Out-File"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get the first lines of a file.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-content-$PID\"\n\
                Set-Content -Path $dir/lines.txt -Value (1..5 | ForEach-Object { \"line $_\" })\n\
                Get-Content -Path $dir/lines.txt -TotalCount 2\n\
                Remove-Item -Path $dir -Recurse",
                output: "line 1\n\
                line 2",
            },
            Example {
                description: "Get the last line of a file.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-content-$PID\"\n\
                Set-Content -Path $dir/lines.txt -Value (1..5 | ForEach-Object { \"line $_\" })\n\
                Get-Content -Path $dir/lines.txt -Tail 1\n\
                Remove-Item -Path $dir -Recurse",
                output: "line 5",
            },
            Example {
                description: "Read a file as an array of lines, or with -Raw as one string.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-content-$PID\"\n\
                Set-Content -Path $dir/lines.txt -Value 'one', 'two', 'three'\n\
                (Get-Content -Path $dir/lines.txt)[1]\n\
                (Get-Content -Path $dir/lines.txt).Count\n\
                (Get-Content -Path $dir/lines.txt -Raw).Length\n\
                Remove-Item -Path $dir -Recurse",
                output: "two\n\
                3\n\
                14",
            },
            Example {
                description: "Read a file's bytes, and split a file at a delimiter of your choice.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-content-$PID\"\n\
                Set-Content -Path $dir/csv.txt -Value 'a,b,c' -NoNewline\n\
                (Get-Content -Path $dir/csv.txt -AsByteStream) -join ' '\n\
                Get-Content -Path $dir/csv.txt -Delimiter ','\n\
                Remove-Item -Path $dir -Recurse",
                output: "97 44 98 44 99\n\
                a,\n\
                b,\n\
                c",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = match resolve(rs, &arg, false) {
                Resolved::Found(found) => found,
                Resolved::Missing(p) => {
                    rs.write_error(not_found("GetContentCommand", &p))?;
                    continue;
                }
            };
            for p in found {
                self.read(rs, &p, out)?;
            }
        }
        Ok(())
    }
}

impl Run {
    fn read(&self, rs: &mut Runspace, p: &std::path::Path, out: &mut dyn Sink) -> Eval<()> {
        if p.is_dir() {
            return rs.write_error(
                ErrorRecord::new(
                    "GetContentReaderUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetContentCommand",
                    ErrorCategory::PermissionDenied,
                    format!(
                        "Unable to get content because it is a directory: '{}'. Please use 'Get-ChildItem' instead.",
                        p.display()
                    ),
                )
                .with_exception("System.UnauthorizedAccessException")
                .with_target(Value::from(p.to_string_lossy().into_owned())),
            );
        }
        let bytes = match std::fs::read(p) {
            Ok(bytes) => bytes,
            Err(e) => {
                return rs.write_error(
                    ErrorRecord::new(
                        "GetContentReaderIOError,Microsoft.PowerShell.Commands.GetContentCommand",
                        ErrorCategory::ReadError,
                        crate::fs_items::io_message(&e, p),
                    )
                    .with_exception("System.IO.IOException")
                    .with_target(Value::from(p.to_string_lossy().into_owned())),
                );
            }
        };
        if self.args.switch("AsByteStream") {
            if self.args.switch("Raw") {
                return out.emit(rs, Value::Array(rosh_runtime::value::Array::bytes(&bytes)));
            }
            let items: Vec<Value> = bytes.iter().map(|b| Value::Byte(*b)).collect();
            return self.emit_items(rs, items, out);
        }
        let encoding = self.args.get("Encoding").map(to_str).unwrap_or_default();
        let text = crate::text_decode::decode(&bytes, &encoding);
        if self.args.switch("Raw") {
            return out.emit(rs, Value::from(text));
        }
        let pieces: Vec<Value> = match self.args.get("Delimiter").map(to_str) {
            Some(d) if !d.is_empty() && d != "\n" => {
                text.split_inclusive(d.as_str()).map(Value::from).collect()
            }
            _ => text.lines().map(Value::from).collect(),
        };
        self.emit_items(rs, pieces, out)
    }

    /// The first `-TotalCount` or last `-Tail` items, sent singly or in `-ReadCount` arrays.
    fn emit_items(&self, rs: &mut Runspace, items: Vec<Value>, out: &mut dyn Sink) -> Eval<()> {
        let first = count(&self.args, "TotalCount").unwrap_or(items.len());
        let tail = count(&self.args, "Tail");
        let start = tail.map_or(0, |t| items.len().saturating_sub(t));
        let chosen: Vec<Value> = items.into_iter().skip(start).take(first).collect();
        let read_count = self
            .args
            .get("ReadCount")
            .and_then(rosh_runtime::convert::to_numeric)
            .and_then(|n| rosh_runtime::convert::as_f64(&n))
            .map_or(1, |n| n as i64);
        if read_count == 1 {
            for item in chosen {
                out.emit(rs, item)?;
            }
            return Ok(());
        }
        if chosen.is_empty() {
            return Ok(());
        }
        let size = if read_count <= 0 {
            chosen.len()
        } else {
            read_count as usize
        };
        for chunk in chosen.chunks(size) {
            out.emit(
                rs,
                Value::Array(rosh_runtime::value::Array::new(chunk.to_vec())),
            )?;
        }
        Ok(())
    }
}
