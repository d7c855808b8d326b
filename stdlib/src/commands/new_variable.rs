//! `New-Variable`: create a variable in a scope; an error when the scope already has it
//! unless `-Force`.

use crate::commands::set_variable::scope_target;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::interp::scope::Variable;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `New-Variable [-Name] <string> [[-Value] <object>] [-Scope <string>] [-Option
/// <ScopedItemOptions>] [-Description <string>] [-Force] [-PassThru]`
pub struct NewVariable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name").at(0),
    ParamSpec::value("Value").at(1).from_pipeline(),
    ParamSpec::value("Description"),
    ParamSpec::value("Option"),
    ParamSpec::value("Visibility"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
    ParamSpec::value("Scope"),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewVariable {
    fn name(&self) -> &'static str {
        "New-Variable"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create a variable.",
                code: "New-Variable -Name days -Value 7\n\
                $days",
                output: "7",
            },
            Example {
                description: "Create a variable and show it with -PassThru.",
                code: "New-Variable -Name zipcode -Value 98033 -PassThru",
                output: "\n\
                Name                           Value\n\
                ----                           -----\n\
                zipcode                        98033\n",
            },
            Example {
                description: "A variable that exists is not replaced.",
                code: "$days = 7\n\
                New-Variable -Name days -Value 8 -ErrorAction SilentlyContinue -ErrorVariable err\n\
                $days\n\
                $err[0].Exception.Message",
                output: "7\n\
                A variable with name 'days' already exists.",
            },
        ]
    }
}

/// A variable as Get-Variable and `-PassThru` show it.
pub fn variable_object(name: &str, value: Value) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.PSVariable".into(),
        "System.Object".into(),
    ]);
    o.set("Name", Value::from(name));
    o.set("Value", value);
    Value::Object(o)
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let name = self.args.get("Name").map(to_str).unwrap_or_default();
        let value = input
            .or_else(|| self.args.get("Value").cloned())
            .unwrap_or(Value::Null);
        let target = scope_target(self.args.get("Scope").map(to_str));
        let options: Vec<String> = crate::util::strings(&self.args, "Option")
            .iter()
            .flat_map(|o| {
                o.split(',')
                    .map(|p| p.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        if rs.scopes.get_in(target, &name).is_some() && !self.args.switch("Force") {
            rs.write_error(
                ErrorRecord::new(
                    "VariableAlreadyExists,Microsoft.PowerShell.Commands.NewVariableCommand",
                    ErrorCategory::ResourceExists,
                    format!("A variable with name '{name}' already exists."),
                )
                .with_exception(
                    "System.Management.Automation.SessionStateUnauthorizedAccessException",
                )
                .with_target(Value::from(name.clone())),
            )?;
            return Ok(());
        }
        rs.scopes.define(
            target,
            Variable {
                name: name.clone(),
                value: value.clone(),
                constraint: None,
                private: options.iter().any(|o| o == "private"),
            },
        );
        if self.args.switch("PassThru") {
            out.emit(rs, variable_object(&name, value))?;
        }
        Ok(())
    }
}
