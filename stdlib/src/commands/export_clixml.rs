//! `Export-Clixml`: objects to a CLIXML file, as PowerShell writes it (an indented `<Objs>`
//! document, depth 2 unless `-Depth` says otherwise, UTF-8 without a BOM by default).

use crate::commands::out_file::encode;
use crate::fs_items::{io_message, strip_provider, terminating, unescape};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::serialization::{SerializeOptions, Serializer};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;

/// `Export-Clixml [-Path] <string> -InputObject <psobject> [-Depth <int>] [-Force]
/// [-NoClobber] [-Encoding <encoding>]` (or `-LiteralPath`).
pub struct ExportClixml;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .of("string")
        .mandatory()
        .in_sets(&["ByPath"])
        .describe("The file to write."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .mandatory()
        .in_sets(&["ByLiteralPath"])
        .describe("The file to write, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .describe("The objects to serialize. Usually piped in."),
    ParamSpec::value("Depth")
        .of("int")
        .describe("How many levels of contained objects to include (2 by default)."),
    ParamSpec::switch("Force").describe("Overwrite a read-only file."),
    ParamSpec::switch("NoClobber")
        .aliases(&["NoOverwrite"])
        .describe("Do not overwrite an existing file; fail instead."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding of the file."),
];

const CLASS: &str = "Microsoft.PowerShell.Commands.ExportClixmlCommand";

struct Run {
    args: BoundArgs,
    serializer: Option<Serializer>,
    path: std::path::PathBuf,
    given: Option<Value>,
    piped: bool,
}

/// `-Depth` as PowerShell validates it (`[ValidateRange(1, int.MaxValue)]`).
pub(crate) fn depth_arg(command: &str, args: &BoundArgs, default: usize) -> Eval<usize> {
    let Some(v) = args.get("Depth") else {
        return Ok(default);
    };
    let n = rosh_runtime::convert::to_numeric(v)
        .and_then(|n| rosh_runtime::convert::as_f64(&n))
        .unwrap_or(f64::NAN);
    // (NaN, from a value that is not a number, fails too.)
    if n.is_nan() || n < 1.0 {
        return Err(terminating(
            command,
            ErrorRecord::new(
                format!(
                    "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.{}Command",
                    command.replace('-', "")
                ),
                ErrorCategory::InvalidData,
                format!(
                    "Cannot validate argument on parameter 'Depth'. The {} argument is less than the minimum allowed range of 1. Supply an argument that is greater than or equal to 1 and then try the command again.",
                    to_str(v)
                ),
            )
            .with_exception("System.Management.Automation.ParameterBindingValidationException"),
        ));
    }
    Ok(n.min(i32::MAX as f64) as usize)
}

impl Command for ExportClixml {
    fn name(&self) -> &'static str {
        "Export-Clixml"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let given = args.get("InputObject").cloned();
        Ok(Box::new(Run {
            args,
            serializer: None,
            path: Default::default(),
            given,
            piped: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Writes objects to a CLIXML file."
    }
    fn description(&self) -> &'static str {
        "The Export-Clixml cmdlet serializes objects to CLIXML, PowerShell's object serialization, and writes the document to a file. Import-Clixml reads the objects back: their properties keep their values and their type names are kept with a \"Deserialized.\" prefix."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ByPath")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Import-Clixml", "ConvertTo-CliXml", "ConvertFrom-CliXml"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Save objects to a file and read them back.",
            code: "$f = \"/tmp/rosh-export-$PID.xml\"\n[pscustomobject]@{ Name = 'web01'; Port = 443 } | Export-Clixml -Path $f\n$back = Import-Clixml -Path $f\n\"$($back.Name):$($back.Port)\"\nRemove-Item $f",
            output: "web01:443",
        }]
    }
}

impl Processor for Run {
    fn begin(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        let depth = depth_arg("Export-Clixml", &self.args, 2)?;
        let (text, literal) = match self.args.get("LiteralPath") {
            Some(p) => (to_str(p), true),
            None => (self.args.get("Path").map(to_str).unwrap_or_default(), false),
        };
        let text = strip_provider(&text);
        let text = if literal {
            text.to_string()
        } else {
            unescape(text)
        };
        self.path = rs.resolve_path(&text);
        if self.args.switch("NoClobber") && self.path.exists() {
            return Err(terminating(
                "Export-Clixml",
                ErrorRecord::new(
                    format!("NoClobber,{CLASS}"),
                    ErrorCategory::ResourceExists,
                    format!("The file '{}' already exists.", self.path.display()),
                )
                .with_exception("System.IO.IOException")
                .with_target(Value::from(self.path.to_string_lossy().into_owned())),
            ));
        }
        if self.path.is_dir() {
            return Err(terminating(
                "Export-Clixml",
                ErrorRecord::new(
                    format!("FileOpenFailure,{CLASS}"),
                    ErrorCategory::OpenError,
                    format!("Access to the path '{}' is denied.", self.path.display()),
                )
                .with_exception("System.UnauthorizedAccessException")
                .with_target(Value::from(self.path.to_string_lossy().into_owned())),
            ));
        }
        self.serializer = Some(Serializer::new(SerializeOptions {
            depth,
            ..SerializeOptions::EXPORT
        }));
        Ok(())
    }

    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let item = match input {
            Some(v) => {
                self.piped = true;
                Some(v)
            }
            None => self.given.take(),
        };
        if let (Some(v), Some(s)) = (item, self.serializer.as_mut()) {
            s.write_evaluating(
                &v,
                &mut rosh_runtime::script_members::property_evaluator(rs),
            );
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        let Some(s) = self.serializer.take() else {
            return Ok(());
        };
        let text = s.finish();
        let encoding = self.args.get("Encoding").map(to_str).unwrap_or_default();
        let bytes = encode(&text, &encoding, true);
        if self.args.switch("Force")
            && let Ok(meta) = std::fs::metadata(&self.path)
        {
            // -Force writes over a read-only file.
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&self.path, perms);
        }
        let written = std::fs::File::create(&self.path).and_then(|mut f| f.write_all(&bytes));
        match written {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = rs;
                Err(terminating(
                    "Export-Clixml",
                    ErrorRecord::new(
                        format!("FileOpenFailure,{CLASS}"),
                        ErrorCategory::OpenError,
                        io_message(&e, &self.path),
                    )
                    .with_exception("System.IO.IOException")
                    .with_target(Value::from(self.path.to_string_lossy().into_owned())),
                ))
            }
        }
    }
}
