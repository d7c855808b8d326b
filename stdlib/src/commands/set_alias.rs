//! `Set-Alias`: create or change an alias; it resolves when it is called.

use crate::alias_writer::{AliasWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace};

/// `Set-Alias [-Name] <string> [-Value] <string> [-PassThru] [-Scope <string>] [-Force]`
pub struct SetAlias;

impl Command for SetAlias {
    fn name(&self) -> &'static str {
        "Set-Alias"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(AliasWriter::start(false, args))
    }
    fn synopsis(&self) -> &'static str {
        "Creates or changes an alias."
    }
    fn description(&self) -> &'static str {
        "The Set-Alias cmdlet defines an alias (another name for a command), or points an existing one at another command."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Alias", "New-Alias"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create an alias and use it.",
                code: "Set-Alias -Name say -Value Write-Output\n\
                say 'hello'",
                output: "hello",
            },
            Example {
                description: "Point an existing alias at another command.",
                code: "Set-Alias -Name go -Value Set-Location\n\
                Set-Alias -Name go -Value Get-Location\n\
                (Get-Alias -Name go).Definition",
                output: "Get-Location",
            },
        ]
    }
}
