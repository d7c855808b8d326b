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
    ParamSpec::value("Name")
        .at(0)
        .of("string")
        .mandatory()
        .describe("The name of the variable (without the $)."),
    ParamSpec::value("Value")
        .at(1)
        .from_pipeline()
        .of("Object")
        .describe("Its value."),
    ParamSpec::value("Description")
        .of("string")
        .describe("A description of the variable. Accepted; rosh does not keep it."),
    ParamSpec::value("Option").of("ScopedItemOptions").describe(
        "ReadOnly (can be changed only with -Force), Constant (never), Private or AllScope.",
    ),
    ParamSpec::value("Visibility")
        .of("SessionStateEntryVisibility")
        .describe("Public or Private. Accepted; rosh's variables are public."),
    ParamSpec::switch("Force").describe("Replace an existing variable of that name."),
    ParamSpec::switch("PassThru").describe("Return the new variable."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope to create it in: Global, Script, Local, or a number of scopes up."),
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
    fn synopsis(&self) -> &'static str {
        "Creates a new variable."
    }
    fn description(&self) -> &'static str {
        "The New-Variable cmdlet creates a variable, failing when one of that name exists in the scope unless -Force is given. Unlike assignment, it can make the variable read-only or constant."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Get-Variable",
            "Set-Variable",
            "Remove-Variable",
            "Clear-Variable",
        ]
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
