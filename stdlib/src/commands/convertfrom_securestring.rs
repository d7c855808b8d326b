//! `ConvertFrom-SecureString`: a SecureString as a standard encrypted string, or as its
//! plain text.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::serialization::{protect, secure_string_text};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertFrom-SecureString [-SecureString] <securestring> [-AsPlainText]`. The `-Key` and
/// `-SecureKey` forms are not supported.
pub struct ConvertFromSecureString;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("SecureString")
        .at(0)
        .of("securestring")
        .from_pipeline()
        .mandatory()
        .describe("The SecureString to convert."),
    ParamSpec::switch("AsPlainText").describe("Return the plain text."),
];

struct Run {
    plain: bool,
    given: Option<Value>,
}

impl Command for ConvertFromSecureString {
    fn name(&self) -> &'static str {
        "ConvertFrom-SecureString"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            plain: args.switch("AsPlainText"),
            given: args.get("SecureString").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts a secure string to an encrypted standard string."
    }
    fn description(&self) -> &'static str {
        "The ConvertFrom-SecureString cmdlet writes a SecureString as a standard encrypted string that ConvertTo-SecureString reads back. Linux and macOS have no DPAPI, so, as in PowerShell there, the string is the hexadecimal form of the text's UTF-16 code units; -AsPlainText returns the text itself."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertTo-SecureString"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "The standard string of a SecureString.",
                code: "ConvertTo-SecureString 'hi!' -AsPlainText | ConvertFrom-SecureString",
                output: "680069002100",
            },
            Example {
                description: "The plain text of a SecureString.",
                code: "ConvertTo-SecureString 'hi!' -AsPlainText | ConvertFrom-SecureString -AsPlainText",
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
        let Some(text) = secure_string_text(&v) else {
            return Err(crate::util::command_error(
                "ConvertFrom-SecureString",
                "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.ConvertFromSecureStringCommand",
                ErrorCategory::InvalidArgument,
                "System.Management.Automation.ParameterBindingException",
                format!(
                    "Cannot bind parameter 'SecureString'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Security.SecureString\".",
                    rosh_runtime::convert::to_str(&v),
                    v.type_names().first().cloned().unwrap_or_default()
                ),
            ));
        };
        let s = if self.plain { text } else { protect(&text) };
        out.emit(rs, Value::from(s))
    }
}
