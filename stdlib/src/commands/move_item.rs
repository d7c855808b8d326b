//! `Move-Item`: move (or rename) files and directories.

use crate::fs_items::{
    NameFilter, Resolved, exists, file_name, io_error, io_message, item, not_found, path_args,
    resolve,
};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::{Path, PathBuf};

/// `Move-Item [-Path] <string[]> [[-Destination] <string>] [-LiteralPath <string[]>]
/// [-Force] [-PassThru] [-Filter] [-Include] [-Exclude]`
pub struct MoveItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The items to move; wildcards name every match."),
    ParamSpec::value("Destination")
        .at(1)
        .of("string")
        .describe("Where to move to: a directory to move into, or a new path. The current location by default."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The items to move, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Force")
        .describe("Overwrite an existing file at the destination."),
    ParamSpec::switch("PassThru")
        .describe("Return the moved items."),
    ParamSpec::value("Filter")
        .of("string")
        .wildcards()
        .describe("Move only the items whose names match this pattern."),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("Move only the items whose names match one of these patterns."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Leave out the items whose names match one of these patterns."),
];

struct Run {
    args: BoundArgs,
    names: NameFilter,
}

impl Command for MoveItem {
    fn name(&self) -> &'static str {
        "Move-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let names = NameFilter::from_args(&args);
        Ok(Box::new(Run { args, names }))
    }
    fn synopsis(&self) -> &'static str {
        "Moves files and directories."
    }
    fn description(&self) -> &'static str {
        "The Move-Item cmdlet moves items, with everything in them, to another location; moving within a directory renames. When the destination is an existing directory the items move into it."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Copy-Item", "Rename-Item", "Remove-Item"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Move a file into a directory.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-move-item-$PID\"\n\
                Set-Content -Path $dir/draft.txt -Value 'text'\n\
                $null = New-Item -ItemType Directory -Path $dir/archive\n\
                Move-Item -Path $dir/draft.txt -Destination $dir/archive\n\
                Test-Path -Path $dir/draft.txt\n\
                Test-Path -Path $dir/archive/draft.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "False\n\
                True",
            },
            Example {
                description: "Move the files a wildcard matches.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-move-item-$PID\"\n\
                $null = New-Item -ItemType File -Path $dir/a.log, $dir/b.log, $dir/c.txt\n\
                $null = New-Item -ItemType Directory -Path $dir/logs\n\
                Move-Item -Path $dir/*.log -Destination $dir/logs\n\
                Get-ChildItem -Path $dir -Recurse -Name | Sort-Object\n\
                Remove-Item -Path $dir -Recurse",
                output: "c.txt\n\
                logs\n\
                logs/a.log\n\
                logs/b.log",
            },
            Example {
                description: "Move a file and rename it at once.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-move-item-$PID\"\n\
                Set-Content -Path $dir/old.txt -Value 'text'\n\
                Move-Item -Path $dir/old.txt -Destination $dir/new.txt\n\
                Get-ChildItem -Path $dir -Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "new.txt",
            },
        ]
    }
}

/// Move `from` to `to` (a rename, or a copy and delete across file systems).
pub(crate) fn move_path(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.raw_os_error() == Some(18) => {
            // EXDEV: another file system.
            if from.is_dir() {
                copy_dir(from, to)?;
                std::fs::remove_dir_all(from)
            } else {
                std::fs::copy(from, to)?;
                std::fs::remove_file(from)
            }
        }
        other => other,
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

impl Run {
    fn one(&self, rs: &mut Runspace, out: &mut dyn Sink, src: &Path, dest: &Path) -> Eval<()> {
        let target: PathBuf = if dest.is_dir() && dest != src {
            dest.join(file_name(src))
        } else {
            dest.to_path_buf()
        };
        let is_dir = src.is_dir();
        let id = if is_dir {
            "MoveDirectoryItemIOError"
        } else {
            "MoveFileInfoItemIOError"
        };
        let blocked = exists(&target)
            && target != src
            && (is_dir || !self.args.switch("Force") || target.is_dir());
        if blocked {
            let message = if is_dir {
                format!(
                    "Cannot create '{}' because a file or directory with the same name already exists.",
                    target.display()
                )
            } else {
                format!("The file '{}' already exists.", target.display())
            };
            return rs.write_error(io_error(
                id,
                "MoveItemCommand",
                ErrorCategory::WriteError,
                message,
                src,
            ));
        }
        match move_path(src, &target) {
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
                "MoveItemCommand",
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
                    rs.write_error(not_found("MoveItemCommand", &p))?;
                    continue;
                }
            };
            for src in found.iter().filter(|p| self.names.matches_path(p)) {
                self.one(rs, out, src, &dest)?;
            }
        }
        Ok(())
    }
}
