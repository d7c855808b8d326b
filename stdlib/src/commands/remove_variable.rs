//! `Remove-Variable`: delete variables.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Remove-Variable [-Name] <string[]>`
pub struct RemoveVariable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .mandatory()
        .wildcards()
        .describe("The variables to delete (without the $); wildcards delete every match."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope to delete from. Accepted; rosh deletes the variables visible from the current scope."),
];

struct Run {
    args: BoundArgs,
}

impl Command for RemoveVariable {
    fn name(&self) -> &'static str {
        "Remove-Variable"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Deletes variables."
    }
    fn description(&self) -> &'static str {
        "The Remove-Variable cmdlet deletes variables, so that they no longer exist (reading one then gives $null)."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Get-Variable",
            "Set-Variable",
            "New-Variable",
            "Clear-Variable",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Remove a variable.",
                code: "$temp = 'scratch'\n\
                Remove-Variable -Name temp\n\
                $null -eq $temp",
                output: "True",
            },
            Example {
                description: "Remove several variables at once.",
                code: "$a = 1\n\
                $b = 2\n\
                Remove-Variable -Name a, b\n\
                \"[$a$b]\"",
                output: "[]",
            },
        ]
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
            // A wildcard removes every visible match, and no match is not an error.
            if name.contains(['*', '?', '[']) {
                let re = rosh_runtime::ops::wildcard_regex(&name, false);
                let matches: Vec<String> = rs
                    .scopes
                    .visible()
                    .into_iter()
                    .map(|v| v.name)
                    .filter(|n| re.as_ref().is_some_and(|r| r.is_match(n)))
                    .collect();
                for m in matches {
                    rs.scopes.remove(&m);
                }
                continue;
            }
            if !rs.scopes.remove(&name) {
                rs.write_error(ErrorRecord::new(
                    "VariableNotFound,Microsoft.PowerShell.Commands.RemoveVariableCommand",
                    ErrorCategory::ObjectNotFound,
                    format!("Cannot find a variable with the name '{name}'."),
                ))?;
            }
        }
        Ok(())
    }
}
