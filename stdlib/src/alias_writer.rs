//! The shared body of `Set-Alias` and `New-Alias`: define an alias (resolved when it is
//! called), `New-Alias` refusing to replace one unless `-Force`.

use crate::command_info::alias_info;
use rosh_runtime::command::{BoundArgs, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// The parameters `Set-Alias` and `New-Alias` share.
pub(crate) const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string")
        .mandatory()
        .describe("The alias."),
    ParamSpec::value("Value")
        .at(1)
        .of("string")
        .mandatory()
        .describe("The command (or other alias) the alias stands for."),
    ParamSpec::value("Description")
        .of("string")
        .describe("A description of the alias. Accepted; rosh does not keep it."),
    ParamSpec::value("Option").of("ScopedItemOptions").describe(
        "Options of the alias (ReadOnly, Constant, ...). Accepted; rosh does not apply them.",
    ),
    ParamSpec::switch("PassThru").describe("Return the alias."),
    ParamSpec::value("Scope").of("string").describe(
        "The scope to define the alias in. Accepted; rosh's aliases belong to the whole session.",
    ),
    ParamSpec::switch("Force").describe("Replace an existing alias of that name."),
];

/// A running `Set-Alias` (replaces) or `New-Alias` (creates only).
pub(crate) struct AliasWriter {
    create_only: bool,
    args: BoundArgs,
}

impl AliasWriter {
    /// Start a writer; `create_only` for `New-Alias`.
    pub(crate) fn start(create_only: bool, args: BoundArgs) -> Box<dyn Processor> {
        Box::new(AliasWriter { create_only, args })
    }
}

impl Processor for AliasWriter {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let name = self.args.get("Name").map(to_str).unwrap_or_default();
        let target = self.args.get("Value").map(to_str).unwrap_or_default();
        if self.create_only && !self.args.switch("Force") && rs.alias(&name).is_some() {
            rs.write_error(
                ErrorRecord::new(
                    "AliasAlreadyExists,Microsoft.PowerShell.Commands.NewAliasCommand",
                    ErrorCategory::ResourceExists,
                    format!(
                        "The alias is not allowed, because an alias with the name '{name}' already exists."
                    ),
                )
                .with_exception("System.Management.Automation.SessionStateUnauthorizedAccessException")
                .with_target(Value::from(name.clone())),
            )?;
            return Ok(());
        }
        rs.add_alias(&name, &target);
        if self.args.switch("PassThru") {
            out.emit(rs, alias_info(&name, &target))?;
        }
        Ok(())
    }
}
