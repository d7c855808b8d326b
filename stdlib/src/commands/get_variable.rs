//! `Get-Variable`: variables by name (wildcards allowed), or their values.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Variable [[-Name] <string[]>] [-ValueOnly]`
pub struct GetVariable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .wildcards()
        .describe("The variables to get (without the $); wildcards allowed. All visible variables by default."),
    ParamSpec::switch("ValueOnly")
        .describe("Return the variables' values instead of the variable objects."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope to look in. Accepted; rosh gets the variables visible from the current scope."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetVariable {
    fn name(&self) -> &'static str {
        "Get-Variable"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the variables of the session."
    }
    fn description(&self) -> &'static str {
        "The Get-Variable cmdlet gets variables visible from the current scope, as PSVariable objects with their Name and Value, or only their values with -ValueOnly."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Set-Variable",
            "New-Variable",
            "Remove-Variable",
            "Clear-Variable",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get a variable's value.",
                code: "$answer = 42\n\
                Get-Variable -Name answer -ValueOnly",
                output: "42",
            },
            Example {
                description: "Get the variables whose names match a wildcard.",
                code: "$color = 'red'\n\
                $colour = 'blue'\n\
                Get-Variable -Name col* | ForEach-Object { \"$($_.Name) = $($_.Value)\" }",
                output: "color = red\n\
                colour = blue",
            },
            Example {
                description: "Show a variable as a table.",
                code: "$answer = 42\n\
                Get-Variable -Name answer",
                output: "\n\
                Name                           Value\n\
                ----                           -----\n\
                answer                         42\n",
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
        let names = strings(&self.args, "Name");
        let names = if names.is_empty() {
            vec!["*".to_string()]
        } else {
            names
        };
        let visible = rs.scopes.visible();
        for n in names {
            let re = rosh_runtime::ops::wildcard_regex(&n, false);
            let hits: Vec<_> = visible
                .iter()
                .filter(|v| re.as_ref().is_some_and(|r| r.is_match(&v.name)))
                .cloned()
                .collect();
            if hits.is_empty() && !n.contains('*') {
                rs.write_error(
                    ErrorRecord::new(
                        "VariableNotFound,Microsoft.PowerShell.Commands.GetVariableCommand",
                        ErrorCategory::ObjectNotFound,
                        format!("Cannot find a variable with the name '{n}'."),
                    )
                    .with_target(Value::from(n.clone())),
                )?;
            }
            for v in hits {
                if self.args.switch("ValueOnly") {
                    out.emit(rs, v.value)?;
                } else {
                    let o = PsObject::with_type_names(vec![
                        "System.Management.Automation.PSVariable".into(),
                        "System.Object".into(),
                    ]);
                    o.set("Name", Value::from(v.name));
                    o.set("Value", v.value);
                    out.emit(rs, Value::Object(o))?;
                }
            }
        }
        Ok(())
    }
}
