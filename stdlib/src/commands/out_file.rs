//! `Out-File`: write what Out-Default would show to a file.

use crate::fs_items::{io_message, strip_provider, terminating};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::output::format_in;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// `Out-File [-FilePath] <string> [[-Encoding] <string>] [-Append] [-NoClobber] [-NoNewline]
/// [-InputObject <object>]`
pub struct OutFile;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("FilePath")
        .at(0)
        .aliases(&["Path"])
        .of("string")
        .mandatory()
        .in_sets(&["ByPath"])
        .describe("The file to write."),
    ParamSpec::value("Encoding")
        .at(1)
        .of("Encoding")
        .describe("The text encoding. Accepted for compatibility: rosh writes UTF-8."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .mandatory()
        .in_sets(&["ByLiteralPath"])
        .describe("The file to write, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Append")
        .describe("Add to the end of the file instead of replacing its contents."),
    ParamSpec::switch("Force")
        .describe("Overwrite a read-only file. Accepted; rosh does not override read-only files."),
    ParamSpec::switch("NoClobber")
        .aliases(&["NoOverwrite"])
        .describe("Do not overwrite an existing file; fail instead."),
    ParamSpec::value("Width").of("int").describe(
        "The line width of the formatted text. Accepted; rosh formats to 120 characters.",
    ),
    ParamSpec::switch("NoNewline")
        .describe("Write the objects' text one after another with no line breaks."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to write. Usually piped in."),
];

struct Run {
    args: BoundArgs,
    items: Vec<Value>,
    input_object: Option<Value>,
    file: Option<std::fs::File>,
    /// The file was empty when opened (so an encoding's preamble is written).
    fresh: bool,
}

impl Command for OutFile {
    fn name(&self) -> &'static str {
        "Out-File"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let input_object = args.get("InputObject").cloned();
        Ok(Box::new(Run {
            args,
            items: vec![],
            input_object,
            file: None,
            fresh: true,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Sends the output to a file."
    }
    fn description(&self) -> &'static str {
        "The Out-File cmdlet writes objects to a file formatted as the console shows them (tables, lists, text). Use Set-Content to write the objects' plain text instead."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ByPath")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-String", "Set-Content", "Add-Content", "Tee-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Write output to a file, then add to it with -Append.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-out-file-$PID\"\n\
                'first' | Out-File -FilePath $dir/out.txt\n\
                'second' | Out-File -FilePath $dir/out.txt -Append\n\
                Get-Content -Path $dir/out.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "first\n\
                second",
            },
            Example {
                description: "Objects are written as the console would show them.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-out-file-$PID\"\n\
                [pscustomobject]@{ Name = 'a'; Size = 10 } | Out-File -FilePath $dir/table.txt\n\
                Get-Content -Path $dir/table.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "\n\
                Name Size\n\
                ---- ----\n\
                a      10\n",
            },
            Example {
                description: "Write without a newline at the end.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-out-file-$PID\"\n\
                'x' | Out-File -FilePath $dir/x.txt -NoNewline\n\
                (Get-Item -Path $dir/x.txt).Length\n\
                Remove-Item -Path $dir -Recurse",
                output: "1",
            },
        ]
    }
}

/// Text in an encoding PowerShell names (UTF-8 without a BOM unless told otherwise).
pub(crate) fn encode(text: &str, encoding: &str, with_preamble: bool) -> Vec<u8> {
    let e = encoding.to_ascii_lowercase().replace('-', "");
    let mut out = Vec::new();
    match e.as_str() {
        "unicode" | "utf16" | "utf16le" => {
            if with_preamble {
                out.extend([0xFF, 0xFE]);
            }
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        "bigendianunicode" | "utf16be" => {
            if with_preamble {
                out.extend([0xFE, 0xFF]);
            }
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        }
        "utf32" => {
            if with_preamble {
                out.extend([0xFF, 0xFE, 0, 0]);
            }
            out.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
        }
        "ascii" => out.extend(
            text.chars()
                .map(|c| if c.is_ascii() { c as u8 } else { b'?' }),
        ),
        _ => {
            if with_preamble && e == "utf8bom" {
                out.extend([0xEF, 0xBB, 0xBF]);
            }
            out.extend(text.as_bytes());
        }
    }
    out
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

    fn begin(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        // The file is opened before any input arrives, as PowerShell opens it.
        let given = self
            .args
            .get("LiteralPath")
            .or_else(|| self.args.get("FilePath"))
            .map(to_str)
            .unwrap_or_default();
        let path = rs.resolve_path(strip_provider(&given));
        let append = self.args.switch("Append");
        if self.args.switch("NoClobber") && !append && path.exists() {
            return Err(terminating(
                "Out-File",
                ErrorRecord::new(
                    "NoClobber,Microsoft.PowerShell.Commands.OutFileCommand",
                    ErrorCategory::ResourceExists,
                    format!("The file '{}' already exists.", path.display()),
                )
                .with_exception("System.IO.IOException")
                .with_target(Value::from(path.to_string_lossy().into_owned())),
            ));
        }
        let opened = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(&path);
        match opened {
            Ok(f) => {
                self.fresh = f.metadata().map_or(true, |m| m.len() == 0);
                self.file = Some(f);
                Ok(())
            }
            Err(e) => Err(terminating(
                "Out-File",
                ErrorRecord::new(
                    "FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand",
                    ErrorCategory::OpenError,
                    io_message(&e, &path),
                )
                .with_exception("System.IO.IOException")
                .with_target(Value::from(path.to_string_lossy().into_owned())),
            )),
        }
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let text = if self.args.switch("NoNewline") {
            self.items
                .iter()
                .map(|v| {
                    let t = format_in(rs, std::slice::from_ref(v));
                    t.strip_suffix('\n').unwrap_or(&t).to_string()
                })
                .collect()
        } else {
            format_in(rs, &self.items)
        };
        let encoding = self.args.get("Encoding").map(to_str).unwrap_or_default();
        let bytes = encode(&text, &encoding, self.fresh);
        match file.write_all(&bytes) {
            Ok(()) => Ok(()),
            Err(e) => rs.write_error(ErrorRecord::new(
                "System.IO.IOException,Microsoft.PowerShell.Commands.OutFileCommand",
                ErrorCategory::WriteError,
                e.to_string(),
            )),
        }
    }
}
