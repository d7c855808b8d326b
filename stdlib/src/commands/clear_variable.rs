//! `Clear-Variable`: set variables to `$null`, keeping them defined.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Clear-Variable [-Name] <string[]> [-PassThru]`
pub struct ClearVariable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .mandatory()
        .describe("The variables to clear (without the $)."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope of the variables. Accepted; rosh clears the variables visible from the current scope."),
    ParamSpec::switch("PassThru")
        .describe("Accepted for compatibility; nothing is returned."),
];

struct Run {
    args: BoundArgs,
}

impl Command for ClearVariable {
    fn name(&self) -> &'static str {
        "Clear-Variable"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Deletes the value of a variable."
    }
    fn description(&self) -> &'static str {
        "The Clear-Variable cmdlet sets variables to $null, keeping the variables themselves."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Get-Variable",
            "Set-Variable",
            "New-Variable",
            "Remove-Variable",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Clear a variable's value; the variable still exists.",
            code: "$count = 5\nClear-Variable -Name count\n$null -eq $count\n(Get-Variable count).Name",
            output: "True\ncount",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        for name in strings(&self.args, "Name") {
            if !rs.scopes.clear(&name) {
                rs.write_error(ErrorRecord::new(
                    "VariableNotFound,Microsoft.PowerShell.Commands.ClearVariableCommand",
                    ErrorCategory::ObjectNotFound,
                    format!("Cannot find a variable with the name '{name}'."),
                ))?;
            }
        }
        Ok(())
    }
}
