//! `New-Item`: create files (optionally with content), directories and links.

use crate::fs_items::{exists, io_message, item};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::io::Write;
use std::path::Path;

/// `New-Item [-Path] <string[]> [-Name <string>] [-ItemType <string>] [-Value <object>] [-Force]`
pub struct NewItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .of("string[]")
        .describe("Where to create the items: their paths, or with -Name the directories to create them in. The current location by default."),
    ParamSpec::value("Name")
        .of("string")
        .describe("The name of the new item, created in -Path."),
    ParamSpec::value("ItemType")
        .aliases(&["Type"])
        .of("string")
        .describe("What to create: File (the default), Directory, SymbolicLink or HardLink."),
    ParamSpec::value("Value")
        .from_pipeline()
        .aliases(&["Target"])
        .of("Object")
        .describe("The text of a new file, or the target of a link."),
    ParamSpec::switch("Force")
        .describe("Create missing parent directories, and replace an existing file."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewItem {
    fn name(&self) -> &'static str {
        "New-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Creates a new file, directory or link."
    }
    fn description(&self) -> &'static str {
        "The New-Item cmdlet creates items: files (with -Value as their text), directories and symbolic or hard links. It returns the new item."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Item", "Remove-Item", "Set-Content"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create a file with content.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-new-item-$PID\"\n\
                $null = New-Item -Path $dir -Name notes.txt -ItemType File -Value 'hello'\n\
                Get-Content -Path $dir/notes.txt\n\
                Remove-Item -Path $dir -Recurse",
                output: "hello",
            },
            Example {
                description: "Create a directory.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-new-item-$PID\"\n\
                (New-Item -ItemType Directory -Path $dir/logs).Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "logs",
            },
            Example {
                description: "Create a directory and its missing parents with -Force.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-new-item-$PID\"\n\
                $null = New-Item -ItemType Directory -Path $dir/a/b/c -Force\n\
                Test-Path -Path $dir/a/b/c -PathType Container\n\
                Remove-Item -Path $dir -Recurse",
                output: "True",
            },
        ]
    }
}

/// The kinds of item New-Item makes in the file system.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Directory,
    SymbolicLink,
    HardLink,
}

fn kind(text: &str) -> Option<Kind> {
    let t = text.to_ascii_lowercase();
    if t.is_empty() || "file".starts_with(&t) {
        Some(Kind::File)
    } else if "directory".starts_with(&t) || "container".starts_with(&t) {
        Some(Kind::Directory)
    } else if "symboliclink".starts_with(&t) {
        Some(Kind::SymbolicLink)
    } else if "hardlink".starts_with(&t) {
        Some(Kind::HardLink)
    } else {
        None
    }
}

fn error(id: &str, category: ErrorCategory, message: String, path: &Path) -> ErrorRecord {
    ErrorRecord::new(
        format!("{id},Microsoft.PowerShell.Commands.NewItemCommand"),
        category,
        message,
    )
    .with_exception("System.IO.IOException")
    .with_target(Value::from(path.to_string_lossy().into_owned()))
}

impl Run {
    fn create(
        &self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        path: &Path,
        kind: Kind,
        value: Option<&Value>,
    ) -> Eval<()> {
        let force = self.args.switch("Force");
        if force
            && kind != Kind::Directory
            && let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return rs.write_error(error(
                "CreateDirectoryIOError",
                ErrorCategory::WriteError,
                io_message(&e, parent),
                parent,
            ));
        }
        let result = match kind {
            Kind::Directory => {
                if path.is_dir() || exists(path) {
                    if !force || !path.is_dir() {
                        return rs.write_error(error(
                            "DirectoryExist",
                            ErrorCategory::ResourceExists,
                            format!(
                                "An item with the specified name {} already exists.",
                                path.display()
                            ),
                            path,
                        ));
                    }
                    Ok(())
                } else {
                    std::fs::create_dir_all(path)
                }
            }
            Kind::File => {
                let mut options = std::fs::OpenOptions::new();
                options.write(true);
                if force {
                    options.create(true).truncate(true);
                } else {
                    options.create_new(true);
                }
                options.open(path).and_then(|mut f| match value {
                    Some(v) if !v.is_null() => f.write_all(to_str(v).as_bytes()),
                    _ => Ok(()),
                })
            }
            Kind::SymbolicLink | Kind::HardLink => {
                let target = value.map(to_str).unwrap_or_default();
                if force && exists(path) {
                    // Replace what is there, as -Force does.
                    let _ = std::fs::remove_file(path);
                }
                if kind == Kind::SymbolicLink {
                    std::os::unix::fs::symlink(&target, path)
                } else {
                    std::fs::hard_link(rs.resolve_path(&target), path)
                }
            }
        };
        match result {
            Ok(()) => match item(path) {
                Some(v) => out.emit(rs, v),
                None => Ok(()),
            },
            Err(e) => rs.write_error(error(
                "NewItemIOError",
                ErrorCategory::WriteError,
                io_message(&e, path),
                path,
            )),
        }
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let type_text = self.args.get("ItemType").map(to_str).unwrap_or_default();
        let Some(kind) = kind(&type_text) else {
            return rs.write_error(ErrorRecord::new(
                "Argument,Microsoft.PowerShell.Commands.NewItemCommand",
                ErrorCategory::InvalidArgument,
                "The type is not a known type for the file system. Only \"file\",\"directory\",\"symboliclink\",\"junction\" and \"hardlink\" are allowed.",
            ).with_exception("System.Management.Automation.PSArgumentException"));
        };
        let value = input.or_else(|| self.args.get("Value").cloned());
        let mut paths = strings(&self.args, "Path");
        if paths.is_empty() {
            paths.push(".".into());
        }
        let name = self.args.get("Name").map(to_str);
        for p in paths {
            let mut path = rs.resolve_path(&p);
            if let Some(n) = &name {
                path = rosh_runtime::interp::normalize_path(&path.join(n));
            } else if p.is_empty() || self.args.get("Path").is_none() {
                return rs.write_error(ErrorRecord::new(
                    "NewItemNameMissing",
                    ErrorCategory::InvalidArgument,
                    "New-Item: Cannot process argument because the value of argument \"name\" is not valid. Change the value of the \"name\" argument and run the operation again.",
                ));
            }
            self.create(rs, out, &path, kind, value.as_ref())?;
        }
        Ok(())
    }
}
