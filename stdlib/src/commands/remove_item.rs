//! `Remove-Item`: delete files and directories (`-Recurse` for directories with children).

use crate::fs_items::{
    NameFilter, Resolved, io_error, io_message, list_dir, not_found, path_args, resolve,
    terminating,
};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::Path;

/// `Remove-Item [-Path] <string[]> [-LiteralPath <string[]>] [-Recurse] [-Force]
/// [-Filter] [-Include] [-Exclude]`
pub struct RemoveItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The items to delete; wildcards name every match."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The items to delete, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Recurse")
        .aliases(&["r"])
        .describe("Delete directories with everything in them."),
    ParamSpec::switch("Force").describe("Delete hidden and read-only items too."),
    ParamSpec::value("Filter")
        .of("string")
        .wildcards()
        .describe("Delete only the items whose names match this pattern."),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("Delete only the items whose names match one of these patterns."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Leave out the items whose names match one of these patterns."),
    ParamSpec::value("Stream")
        .of("string[]")
        .describe("Alternate data streams, which only exist on Windows. Accepted; ignored."),
];

struct Run {
    args: BoundArgs,
    names: NameFilter,
}

impl Command for RemoveItem {
    fn name(&self) -> &'static str {
        "Remove-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let names = NameFilter::from_args(&args);
        Ok(Box::new(Run { args, names }))
    }
    fn synopsis(&self) -> &'static str {
        "Deletes files and directories."
    }
    fn description(&self) -> &'static str {
        "The Remove-Item cmdlet deletes items. A directory that is not empty is deleted only with -Recurse."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-ChildItem", "New-Item", "Copy-Item", "Move-Item"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Delete a file.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-remove-item-$PID\"\n\
                Set-Content -Path $dir/old.txt -Value 'x'\n\
                Remove-Item -Path $dir/old.txt\n\
                Test-Path -Path $dir/old.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "False",
            },
            Example {
                description: "Delete the files a wildcard matches.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-remove-item-$PID\"\n\
                $null = New-Item -ItemType File -Path $dir/a.log, $dir/b.log, $dir/keep.txt\n\
                Remove-Item -Path $dir/*.log\n\
                Get-ChildItem -Path $dir -Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "keep.txt",
            },
            Example {
                description: "Delete a directory and everything in it.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-remove-item-$PID\"\n\
                $null = New-Item -ItemType Directory -Path $dir/cache/tmp -Force\n\
                Remove-Item -Path $dir -Recurse\n\
                Test-Path -Path $dir",
                output: "False",
            },
        ]
    }
}

fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

impl Run {
    fn remove(&self, rs: &mut Runspace, path: &Path) -> Eval<()> {
        let result = if is_real_dir(path) {
            let has_children = !list_dir(path).is_empty();
            if has_children && !self.args.switch("Recurse") {
                // PowerShell asks before removing children it was not told to; without an
                // interactive host the question cannot be asked.
                return Err(terminating(
                    "Remove-Item",
                    ErrorRecord::new(
                        "System.Management.Automation.PSInvalidOperationException,Microsoft.PowerShell.Commands.RemoveItemCommand",
                        ErrorCategory::InvalidOperation,
                        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
                    )
                    .with_exception("System.Management.Automation.PSInvalidOperationException"),
                ));
            }
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) => rs.write_error(io_error(
                "RemoveFileSystemItemIOError",
                "RemoveItemCommand",
                if e.kind() == std::io::ErrorKind::PermissionDenied {
                    ErrorCategory::PermissionDenied
                } else {
                    ErrorCategory::WriteError
                },
                io_message(&e, path),
                path,
            )),
        }
    }

    /// With `-Recurse` and a name filter, remove the matching items under a directory.
    fn remove_matching_under(&self, rs: &mut Runspace, dir: &Path) -> Eval<()> {
        let force = self.args.switch("Force");
        for e in list_dir(dir) {
            if !force && e.hidden() {
                continue;
            }
            if self.names.matches(&e.name) {
                self.remove(rs, &e.path)?;
            } else if is_real_dir(&e.path) {
                self.remove_matching_under(rs, &e.path)?;
            }
        }
        Ok(())
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let force = self.args.switch("Force");
        let recurse = self.args.switch("Recurse");
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = match resolve(rs, &arg, force) {
                Resolved::Found(found) => found,
                Resolved::Missing(p) => {
                    rs.write_error(not_found("RemoveItemCommand", &p))?;
                    continue;
                }
            };
            for p in found {
                if self.names.matches_path(&p) {
                    self.remove(rs, &p)?;
                } else if recurse && !self.names.is_empty() && is_real_dir(&p) {
                    self.remove_matching_under(rs, &p)?;
                }
            }
        }
        Ok(())
    }
}
