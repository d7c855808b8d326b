//! `ConvertTo-SecureString`: plain text, or the text `ConvertFrom-SecureString` wrote, as a
//! SecureString.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::serialization::{secure_string, unprotect};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertTo-SecureString [-String] <string> [-AsPlainText] [-Force]`. The `-Key` and
/// `-SecureKey` forms (AES with a caller's key) are not supported.
pub struct ConvertToSecureString;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("String")
        .at(0)
        .of("string")
        .from_pipeline()
        .mandatory()
        .describe("The text to convert: plain text with -AsPlainText, else what ConvertFrom-SecureString wrote."),
    ParamSpec::switch("AsPlainText").describe("The string is plain text."),
    ParamSpec::switch("Force").describe("Accepted for compatibility: PowerShell 7 no longer requires it with -AsPlainText."),
];

struct Run {
    plain: bool,
    given: Option<Value>,
}

impl Command for ConvertToSecureString {
    fn name(&self) -> &'static str {
        "ConvertTo-SecureString"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            plain: args.switch("AsPlainText"),
            given: args.get("String").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts plain text or encrypted strings to secure strings."
    }
    fn description(&self) -> &'static str {
        "The ConvertTo-SecureString cmdlet makes a SecureString from plain text (-AsPlainText) or from the standard encrypted string ConvertFrom-SecureString writes, which on Linux and macOS is the hexadecimal form of the text's UTF-16 code units, as in PowerShell there."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertFrom-SecureString", "Read-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Make a SecureString from plain text.",
                code: "$s = ConvertTo-SecureString 'P@ssw0rd' -AsPlainText -Force\n$s.GetType().FullName; $s.Length",
                output: "System.Security.SecureString\n8",
            },
            Example {
                description: "Read back what ConvertFrom-SecureString wrote.",
                code: "$s = ConvertTo-SecureString '680069002100'\nConvertFrom-SecureString $s -AsPlainText",
                output: "hi!",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(v) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        let text = to_str(&v);
        if self.plain {
            return out.emit(rs, secure_string(text));
        }
        match unprotect(&text) {
            Some(plain) => out.emit(rs, secure_string(plain)),
            None => Err(crate::util::command_error(
                "ConvertTo-SecureString",
                "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand",
                ErrorCategory::InvalidArgument,
                "System.FormatException",
                format!("The input string '{text}' was not in a correct format."),
            )),
        }
    }
}
