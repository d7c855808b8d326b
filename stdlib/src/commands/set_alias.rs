//! `Set-Alias`: create or change an alias; it resolves when it is called.

use crate::alias_writer::{AliasWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
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
}
