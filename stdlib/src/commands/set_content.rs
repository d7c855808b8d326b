//! `Set-Content`: write objects to a file as lines of text (UTF-8, no BOM), replacing what it held.

use crate::content_writer::{ContentWriter, PARAMS};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
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
    fn synopsis(&self) -> &'static str {
        "Writes new content to files, replacing what they held."
    }
    fn description(&self) -> &'static str {
        "The Set-Content cmdlet writes the objects given with -Value (or piped in) to each file named by -Path or -LiteralPath, one line per object, replacing the files' contents. A file that does not exist is created.

Use Add-Content to append instead, and Out-File to write objects as they are displayed."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Content", "Add-Content", "Out-File"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Write lines to a file, replacing what it held.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-set-content-$PID\"\n\
                Set-Content -Path $dir/config.txt -Value 'old'\n\
                Set-Content -Path $dir/config.txt -Value 'mode=fast', 'retries=3'\n\
                Get-Content -Path $dir/config.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "mode=fast\n\
                retries=3",
            },
            Example {
                description: "Replace text in a file by piping its edited lines back.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-set-content-$PID\"\n\
                Set-Content -Path $dir/config.txt -Value 'mode=fast', 'retries=3'\n\
                (Get-Content -Path $dir/config.txt) -replace 'fast', 'safe' | Set-Content -Path $dir/config.txt\n\
                Get-Content -Path $dir/config.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "mode=safe\n\
                retries=3",
            },
            Example {
                description: "Write text without a newline at the end.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-set-content-$PID\"\n\
                Set-Content -Path $dir/id.txt -Value 'abc' -NoNewline\n\
                (Get-Item -Path $dir/id.txt).Length\n\
                Remove-Item -Path $dir -Recurse",
                output: "3",
            },
            Example {
                description: "Write bytes as they are, and text in UTF-16 with a byte order mark.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-set-content-$PID\"\n\
                Set-Content -Path $dir/data.bin -Value ([byte[]](1, 2, 255)) -AsByteStream\n\
                (Get-Item -Path $dir/data.bin).Length\n\
                Set-Content -Path $dir/wide.txt -Value 'hi' -Encoding unicode\n\
                (Get-Content -Path $dir/wide.txt -AsByteStream) -join ' '\n\
                Remove-Item -Path $dir -Recurse",
                output: "3\n\
                255 254 104 0 105 0 10 0",
            },
        ]
    }
}
