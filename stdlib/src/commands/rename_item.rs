//! `Rename-Item`: give an item a new name in the same directory.

use crate::commands::move_item::move_path;
use crate::fs_items::{PathArg, Resolved, exists, io_error, io_message, item, path_args, resolve};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Rename-Item [-Path] <string> [-NewName] <string> [-LiteralPath <string>] [-Force] [-PassThru]`
pub struct RenameItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string")
        .mandatory()
        .in_sets(&["ByPath"])
        .wildcards()
        .describe("The item to rename."),
    ParamSpec::value("NewName")
        .at(1)
        .of("string")
        .mandatory()
        .describe("The new name: a name only, since the item stays in its directory (use Move-Item to move it)."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string")
        .mandatory()
        .in_sets(&["ByLiteralPath"])
        .describe("The item to rename, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Force")
        .describe("Rename hidden and read-only items. Accepted; rosh renames them either way."),
    ParamSpec::switch("PassThru")
        .describe("Return the renamed item."),
];

struct Run {
    args: BoundArgs,
}

impl Command for RenameItem {
    fn name(&self) -> &'static str {
        "Rename-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Renames an item."
    }
    fn description(&self) -> &'static str {
        "The Rename-Item cmdlet gives a file or directory a new name in the same directory."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ByPath")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Move-Item", "Copy-Item"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Rename a file.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-rename-item-$PID\"\n\
                Set-Content -Path $dir/draft.txt -Value 'x'\n\
                Rename-Item -Path $dir/draft.txt -NewName final.txt\n\
                Get-ChildItem -Path $dir -Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "final.txt",
            },
            Example {
                description: "Get the renamed item with -PassThru.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-rename-item-$PID\"\n\
                $null = New-Item -ItemType File -Path $dir/a.txt\n\
                (Rename-Item -Path $dir/a.txt -NewName b.txt -PassThru).Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "b.txt",
            },
        ]
    }
}

impl Run {
    fn one(&self, rs: &mut Runspace, out: &mut dyn Sink, arg: &PathArg) -> Eval<()> {
        let src = match resolve(rs, arg, true) {
            Resolved::Found(found) if found.len() == 1 => found.into_iter().next(),
            _ => None,
        };
        let Some(src) = src else {
            // PowerShell names the path as it was written here.
            let p = std::path::PathBuf::from(&arg.text);
            return rs.write_error(
                ErrorRecord::new(
                    "InvalidOperation,Microsoft.PowerShell.Commands.RenameItemCommand",
                    ErrorCategory::InvalidOperation,
                    format!(
                        "Cannot rename because item at '{}' does not exist.",
                        p.display()
                    ),
                )
                .with_exception("System.Management.Automation.PSInvalidOperationException")
                .with_target(Value::from(p.to_string_lossy().into_owned())),
            );
        };
        // `-NewName { ... }` is a delay-bind script block: it runs per item, `$_` the item.
        let mut new_name = match self.args.get("NewName") {
            Some(Value::ScriptBlock(sb)) => {
                let item = crate::fs_items::item(&src)
                    .unwrap_or_else(|| Value::from(src.to_string_lossy().into_owned()));
                to_str(&rs.invoke_with_dollar_underscore(sb, item)?)
            }
            Some(v) => to_str(v),
            None => String::new(),
        };
        if let Some(rest) = new_name.strip_prefix("./") {
            new_name = rest.to_string();
        } else if new_name.contains('/') {
            let given = rs.resolve_path(&new_name);
            if given.parent() == src.parent() {
                new_name = given
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
            }
        }
        if new_name.is_empty() || new_name.contains('/') || new_name == "." || new_name == ".." {
            return rs.write_error(
                ErrorRecord::new(
                    "Argument,Microsoft.PowerShell.Commands.RenameItemCommand",
                    ErrorCategory::InvalidArgument,
                    "Cannot rename the specified target, because it represents a path or device name.",
                )
                .with_exception("System.Management.Automation.PSArgumentException")
                .with_target(Value::from(src.to_string_lossy().into_owned())),
            );
        }
        let target = src.with_file_name(&new_name);
        let result = if exists(&target) && target != src {
            Err(if src.is_dir() {
                format!(
                    "Cannot create '{}' because a file or directory with the same name already exists.",
                    target.display()
                )
            } else {
                format!("The file '{}' already exists.", target.display())
            })
        } else {
            move_path(&src, &target).map_err(|e| io_message(&e, &target))
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
            Err(message) => rs.write_error(io_error(
                "RenameItemIOError",
                "RenameItemCommand",
                ErrorCategory::WriteError,
                message,
                &src,
            )),
        }
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            self.one(rs, out, &arg)?;
        }
        Ok(())
    }
}
