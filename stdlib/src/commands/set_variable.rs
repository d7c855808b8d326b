//! `Set-Variable`: set a variable's value (in a named scope if asked).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::interp::scope::Target;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Set-Variable [-Name] <string> [[-Value] <object>] [-Scope <string>]`
pub struct SetVariable;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .mandatory()
        .describe("The variables to set (without the $)."),
    ParamSpec::value("Value")
        .at(1)
        .from_pipeline()
        .of("Object")
        .describe("The value."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope to set them in: Global, Script, Local, or a number of scopes up."),
    ParamSpec::switch("PassThru").describe("Return the variables."),
];

struct Run {
    args: BoundArgs,
}

/// The scope a `-Scope` argument names.
pub fn scope_target(scope: Option<String>) -> Target {
    match scope.map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("global") => Target::Global,
        Some("script") => Target::Script,
        Some(n) if n.parse::<usize>().is_ok() => Target::Parent(n.parse().unwrap_or(0)),
        _ => Target::Local,
    }
}

impl Command for SetVariable {
    fn name(&self) -> &'static str {
        "Set-Variable"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Sets the value of a variable, creating it when it does not exist."
    }
    fn description(&self) -> &'static str {
        "The Set-Variable cmdlet assigns a value to variables, creating them when needed, in the current scope or the one given with -Scope."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Get-Variable",
            "New-Variable",
            "Remove-Variable",
            "Clear-Variable",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Set a variable, creating it if needed.",
                code: "Set-Variable -Name desc -Value 'A description'\n\
                $desc",
                output: "A description",
            },
            Example {
                description: "Set a global variable from inside a function.",
                code: "function Enable-Flag { Set-Variable -Name flag -Value 'on' -Scope Global }\n\
                Enable-Flag\n\
                $flag",
                output: "on",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let name = self.args.get("Name").map(to_str).unwrap_or_default();
        let value = input
            .or_else(|| self.args.get("Value").cloned())
            .unwrap_or(Value::Null);
        let target = scope_target(self.args.get("Scope").map(to_str));
        // The command's own scope is not the caller's: Local means the caller's scope, which
        // is the innermost scope while a built-in runs.
        rs.scopes.set(target, &name, value.clone());
        if self.args.switch("PassThru") {
            out.emit(rs, value)?;
        }
        Ok(())
    }
}
