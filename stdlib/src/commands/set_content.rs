//! `Set-Content`: write objects to a file as lines of text (UTF-8, no BOM), replacing what it held.

use crate::content_writer::{ContentWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace};

/// `Set-Content [-Path] <string[]> [-Value] <object[]> [-NoNewline]`
pub struct SetContent;

impl Command for SetContent {
    fn name(&self) -> &'static str {
        "Set-Content"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(ContentWriter::start(false, args))
    }
}
