//! `Add-Content`: write objects to a file as lines of text (UTF-8, no BOM), appending to what it holds.

use crate::content_writer::{ContentWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace};

/// `Add-Content [-Path] <string[]> [-Value] <object[]> [-NoNewline]`
pub struct AddContent;

impl Command for AddContent {
    fn name(&self) -> &'static str {
        "Add-Content"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(ContentWriter::start(true, args))
    }
}
