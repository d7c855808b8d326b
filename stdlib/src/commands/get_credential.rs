//! `Get-Credential`: ask for a user name and a password, and make a PSCredential.

use crate::host_input::{credential, read_failed};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Credential [[-UserName] <string>] [-Message <string>] [-Title <string>]` (and
/// `[-Credential] <PSCredential>`, which is passed through).
pub struct GetCredential;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("UserName")
        .at(0)
        .of("string")
        .in_sets(&["MessageSet"])
        .describe("The user name to offer; the prompt then asks only for the password."),
    ParamSpec::value("Credential")
        .of("PSCredential")
        .in_sets(&["CredentialSet"])
        .describe("A credential to return as it is, or a user name to prompt for."),
    ParamSpec::value("Message")
        .of("string")
        .in_sets(&["MessageSet"])
        .describe("A message shown before the prompt."),
    ParamSpec::value("Title")
        .of("string")
        .in_sets(&["MessageSet"])
        .describe("A title shown before the message."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetCredential {
    fn name(&self) -> &'static str {
        "Get-Credential"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets a credential object based on a user name and password."
    }
    fn description(&self) -> &'static str {
        "The Get-Credential cmdlet asks the user for a user name and a password (read without echo) and returns a PSCredential, whose Password is a SecureString. Commands that take -Credential accept it."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("MessageSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Read-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Ask for the password of a known user (the example's host answers `rosh`).",
            code: "$cred = Get-Credential -UserName admin\n$cred.UserName; $cred.Password.GetType().Name",
            output: "admin\nSecureString",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(c) = self.args.get("Credential") {
            return out.emit(rs, c.clone());
        }
        rs.flush_output();
        let mut banner = String::new();
        if let Some(t) = self.args.get("Title") {
            banner.push_str(&format!("{}\n", to_str(t)));
        }
        if let Some(m) = self.args.get("Message") {
            banner.push_str(&format!("{}\n", to_str(m)));
        }
        if !banner.is_empty() {
            rs.host_write(rosh_runtime::host::HostStream::Output, &banner);
        }
        let user = match self.args.get("UserName") {
            Some(u) => to_str(u),
            None => rs
                .host
                .read_line("User: ")
                .map_err(|e| read_failed("Get-Credential", e))?,
        };
        let password = rs
            .host
            .read_line_masked(&format!("Password for user {user}: "))
            .map_err(|e| read_failed("Get-Credential", e))?;
        out.emit(rs, credential(user, password))
    }
}
