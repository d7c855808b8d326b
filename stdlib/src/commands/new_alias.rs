//! `New-Alias`: create an alias; an error when it exists unless `-Force`.

use crate::alias_writer::{AliasWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace};

/// `New-Alias [-Name] <string> [-Value] <string> [-PassThru] [-Scope <string>] [-Force]`
pub struct NewAlias;

impl Command for NewAlias {
    fn name(&self) -> &'static str {
        "New-Alias"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(AliasWriter::start(true, args))
    }
    fn synopsis(&self) -> &'static str {
        "Creates a new alias."
    }
    fn description(&self) -> &'static str {
        "The New-Alias cmdlet defines an alias: another name for a command. It fails when an alias of that name exists, unless -Force is given; Set-Alias defines or changes one either way."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Alias", "Set-Alias"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create an alias.",
                code: "New-Alias -Name list -Value Get-ChildItem\n\
                (Get-Alias -Name list).Definition",
                output: "Get-ChildItem",
            },
            Example {
                description: "Create an alias and get it with -PassThru.",
                code: "(New-Alias -Name say -Value Write-Output -PassThru).Name\n\
                say 'hi'",
                output: "say\n\
                hi",
            },
        ]
    }
}
