//! `Read-Host`: read a line the user types.

use crate::host_input::{read_failed, secure_string};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Read-Host [[-Prompt] <Object>] [-AsSecureString] [-MaskInput]`
pub struct ReadHost;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Prompt")
        .at(0)
        .remaining()
        .of("Object")
        .describe("The prompt; \": \" is added after it."),
    ParamSpec::switch("AsSecureString")
        .in_sets(&["AsSecureString"])
        .describe("Read without echo and return a SecureString."),
    ParamSpec::switch("MaskInput")
        .in_sets(&["AsString"])
        .describe("Read without echo and return a string."),
];

struct Run {
    prompt: String,
    secure: bool,
    masked: bool,
}

impl Command for ReadHost {
    fn name(&self) -> &'static str {
        "Read-Host"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        // PowerShell adds ": " after a prompt.
        let prompt = match args.get("Prompt") {
            Some(Value::Array(a)) => a.to_vec().iter().map(to_str).collect::<Vec<_>>().join(" "),
            Some(v) => to_str(v),
            None => String::new(),
        };
        let prompt = if prompt.is_empty() {
            prompt
        } else {
            format!("{prompt}: ")
        };
        let secure = args.switch("AsSecureString");
        Ok(Box::new(Run {
            prompt,
            secure,
            masked: secure || args.switch("MaskInput"),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Reads a line of input from the console."
    }
    fn description(&self) -> &'static str {
        "The Read-Host cmdlet writes the prompt, reads the line the user types and returns it as a string (or a SecureString with -AsSecureString). It fails when there is no user to ask, as in a remote session without a host."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("AsString")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Credential", "Write-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Ask for a name and greet it (the example's host answers `rosh`).",
                code: "$name = Read-Host 'Your name'\n\"Hello, $name\"",
                output: "Hello, rosh",
            },
            Example {
                description: "Read a secret: the input is masked and comes back as a SecureString.",
                code: "$secret = Read-Host 'Password' -AsSecureString\n$secret.GetType().FullName; $secret.Length",
                output: "System.Security.SecureString\n4",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        rs.flush_output();
        let line = if self.masked {
            rs.host.read_line_masked(&self.prompt)
        } else {
            rs.host.read_line(&self.prompt)
        }
        .map_err(|e| read_failed("Read-Host", e))?;
        let value = if self.secure {
            secure_string(line)
        } else {
            Value::from(line)
        };
        out.emit(rs, value)
    }
}
