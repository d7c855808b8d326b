//! `Copy-Item`: copy files, and directories (their contents too with `-Recurse`).

use crate::fs_items::{
    NameFilter, Resolved, file_name, io_error, io_message, item, list_dir, not_found, path_args,
    resolve,
};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::{Path, PathBuf};

/// `Copy-Item [-Path] <string[]> [[-Destination] <string>] [-LiteralPath <string[]>]
/// [-Recurse] [-Force] [-PassThru] [-Filter] [-Include] [-Exclude]`
pub struct CopyItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The items to copy. Wildcards name every match."),
    ParamSpec::value("Destination")
        .at(1)
        .of("string")
        .describe("Where to copy to: a directory to copy into, or a new name. The current location by default."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The items to copy, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Recurse")
        .describe("Copy directories with everything in them."),
    ParamSpec::switch("Force")
        .describe("Overwrite read-only files and copy hidden items."),
    ParamSpec::switch("Container")
        .describe("Keep the directory structure when copying (PowerShell's default). Accepted; rosh always does."),
    ParamSpec::switch("PassThru")
        .describe("Return the copies."),
    ParamSpec::value("Filter")
        .of("string")
        .wildcards()
        .describe("Copy only the items whose names match this pattern."),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("Copy only the items whose names match one of these patterns."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Leave out the items whose names match one of these patterns."),
];

struct Run {
    args: BoundArgs,
    names: NameFilter,
}

impl Command for CopyItem {
    fn name(&self) -> &'static str {
        "Copy-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let names = NameFilter::from_args(&args);
        Ok(Box::new(Run { args, names }))
    }
    fn synopsis(&self) -> &'static str {
        "Copies files and directories."
    }
    fn description(&self) -> &'static str {
        "The Copy-Item cmdlet copies items from one location to another. A directory is copied without its contents unless -Recurse is given. When the destination is an existing directory the items are copied into it; otherwise the destination is the copy's name."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Move-Item", "Remove-Item", "New-Item", "Get-ChildItem"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Copy a file to a new name.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-copy-item-$PID\"\n\
                Set-Content -Path $dir/report.txt -Value 'data'\n\
                Copy-Item -Path $dir/report.txt -Destination $dir/backup.txt\n\
                Get-Content -Path $dir/backup.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "data",
            },
            Example {
                description: "Copy a directory with everything in it.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-copy-item-$PID\"\n\
                $null = New-Item -ItemType Directory -Path $dir/src/sub -Force\n\
                Set-Content -Path $dir/src/sub/a.txt -Value 'a'\n\
                Copy-Item -Path $dir/src -Destination $dir/dst -Recurse\n\
                Test-Path -Path $dir/dst/sub/a.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "True",
            },
            Example {
                description: "Get the copy with -PassThru.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-copy-item-$PID\"\n\
                Set-Content -Path $dir/report.txt -Value 'data'\n\
                (Copy-Item -Path $dir/report.txt -Destination $dir/copy.txt -PassThru).Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "copy.txt",
            },
        ]
    }
}

/// Copy a directory's contents into `to` (created when missing), recursively.
fn copy_tree(from: &Path, to: &Path, names: &NameFilter) -> std::io::Result<()> {
    if !to.is_dir() {
        std::fs::create_dir(to)?;
    }
    for e in list_dir(from) {
        let dest = to.join(&e.name);
        let is_link = std::fs::symlink_metadata(&e.path).is_ok_and(|m| m.file_type().is_symlink());
        if e.is_dir && !is_link {
            copy_tree(&e.path, &dest, names)?;
        } else if names.matches(&e.name) {
            std::fs::copy(&e.path, &dest)?;
        }
    }
    Ok(())
}

impl Run {
    fn copy(&self, rs: &mut Runspace, out: &mut dyn Sink, src: &Path, dest: &Path) -> Eval<()> {
        let target: PathBuf = if dest.is_dir() {
            dest.join(file_name(src))
        } else {
            dest.to_path_buf()
        };
        if target == src {
            return rs.write_error(
                ErrorRecord::new(
                    "CopyError,Microsoft.PowerShell.Commands.CopyItemCommand",
                    ErrorCategory::WriteError,
                    format!("Cannot overwrite the item {} with itself.", src.display()),
                )
                .with_exception("System.IO.IOException")
                .with_target(Value::from(src.to_string_lossy().into_owned())),
            );
        }
        let (result, id) = if src.is_dir() {
            if target.starts_with(src) {
                return rs.write_error(
                    ErrorRecord::new(
                        "CopyError,Microsoft.PowerShell.Commands.CopyItemCommand",
                        ErrorCategory::WriteError,
                        format!("Cannot copy item {} onto itself.", src.display()),
                    )
                    .with_exception("System.IO.IOException"),
                );
            }
            let r = if self.args.switch("Recurse") {
                copy_tree(src, &target, &self.names)
            } else if target.is_dir() {
                Ok(())
            } else {
                std::fs::create_dir(&target)
            };
            (r, "CopyDirectoryInfoItemIOError")
        } else {
            (
                std::fs::copy(src, &target).map(|_| ()),
                "CopyFileInfoItemIOError",
            )
        };
        match result {
            Ok(()) => {
                if self.args.switch("PassThru")
                    && let Some(v) = item(&target)
                {
                    out.emit(rs, v)?;
                }
                Ok(())
            }
            Err(e) => rs.write_error(io_error(
                id,
                "CopyItemCommand",
                ErrorCategory::WriteError,
                io_message(&e, &target),
                src,
            )),
        }
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let dest = match self.args.get("Destination") {
            Some(d) => rs.resolve_path(&to_str(d)),
            None => rs.location().to_path_buf(),
        };
        let force = self.args.switch("Force");
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = match resolve(rs, &arg, force) {
                Resolved::Found(found) => found,
                Resolved::Missing(p) => {
                    rs.write_error(not_found("CopyItemCommand", &p))?;
                    continue;
                }
            };
            for src in found
                .iter()
                .filter(|p| p.is_dir() || self.names.matches_path(p))
            {
                self.copy(rs, out, src, &dest)?;
            }
        }
        Ok(())
    }
}
