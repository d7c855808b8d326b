//! `Add-Content`: write objects to a file as lines of text (UTF-8, no BOM), appending to what it holds.

use crate::content_writer::{ContentWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
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
    fn synopsis(&self) -> &'static str {
        "Adds content to the end of files."
    }
    fn description(&self) -> &'static str {
        "The Add-Content cmdlet appends text to files: each object given with -Value (or piped in) becomes a line at the end of each file named by -Path or -LiteralPath. A file that does not exist is created.

Use Set-Content to replace what a file holds, and Get-Content to read it."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Content", "Set-Content", "Out-File"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Add a line to the end of a file.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-add-content-$PID\"\n\
                Set-Content -Path $dir/notes.txt -Value 'first line'\n\
                Add-Content -Path $dir/notes.txt -Value 'second line'\n\
                Get-Content -Path $dir/notes.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "first line\n\
                second line",
            },
            Example {
                description: "Add the contents of one file to the end of another.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-add-content-$PID\"\n\
                Set-Content -Path $dir/part.txt -Value 'alpha', 'beta'\n\
                Set-Content -Path $dir/all.txt -Value 'header'\n\
                Add-Content -Path $dir/all.txt -Value (Get-Content -Path $dir/part.txt)\n\
                Get-Content -Path $dir/all.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "header\n\
                alpha\n\
                beta",
            },
            Example {
                description: "Add a line to every file a wildcard matches.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-add-content-$PID\"\n\
                Set-Content -Path $dir/a.txt -Value 'a'\n\
                Set-Content -Path $dir/b.txt -Value 'b'\n\
                Add-Content -Path $dir/*.txt -Value 'END'\n\
                Get-Content -Path $dir/a.txt, $dir/b.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "a\n\
                END\n\
                b\n\
                END",
            },
        ]
    }
}
