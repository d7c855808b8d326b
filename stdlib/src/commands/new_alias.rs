//! `New-Alias`: create an alias; an error when it exists unless `-Force`.

use crate::alias_writer::{AliasWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
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
}
