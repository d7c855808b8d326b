//! `Get-Item`: the items at paths (wildcards expanded), as `FileInfo`/`DirectoryInfo` objects.

use crate::fs_items::{NameFilter, Resolved, item, not_found, path_args, resolve};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Item [-Path] <string[]> [-LiteralPath <string[]>] [-Force] [-Filter] [-Include] [-Exclude]`
pub struct GetItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The items to get; wildcards name every match."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The items to get, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Force").describe("Get hidden items too."),
    ParamSpec::value("Filter")
        .of("string")
        .wildcards()
        .describe("Get only the items whose names match this pattern."),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("Get only the items whose names match one of these patterns."),
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

impl Command for GetItem {
    fn name(&self) -> &'static str {
        "Get-Item"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let names = NameFilter::from_args(&args);
        Ok(Box::new(Run { args, names }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets files and directories by path."
    }
    fn description(&self) -> &'static str {
        "The Get-Item cmdlet gets the items at the given paths, the directory itself rather than its contents (use Get-ChildItem for those). Wildcards in -Path name every match."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-ChildItem", "New-Item", "Remove-Item", "Test-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get a directory.",
                code: "$item = Get-Item -Path /tmp\n\
                $item.Name\n\
                $item.PSIsContainer",
                output: "tmp\n\
                True",
            },
            Example {
                description: "Get a file and some of its properties.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-item-$PID\"\n\
                Set-Content -Path $dir/hello.txt -Value 'hello'\n\
                $file = Get-Item -Path $dir/hello.txt\n\
                $file.Name\n\
                $file.BaseName\n\
                $file.Extension\n\
                $file.Length\n\
                Remove-Item -Path $dir -Recurse",
                output: "hello.txt\n\
                hello\n\
                .txt\n\
                6",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let force = self.args.switch("Force");
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            if let Some((drive, name)) = crate::drives::split(&arg.text) {
                let found = crate::drives::items(rs, drive, &name);
                if found.is_empty() && !crate::fs_items::has_wildcard(&name) {
                    rs.write_error(not_found("GetItemCommand", std::path::Path::new(&name)))?;
                }
                for v in found {
                    out.emit(rs, v)?;
                }
                continue;
            }
            match resolve(rs, &arg, force) {
                Resolved::Found(found) => {
                    for p in found.iter().filter(|p| self.names.matches_path(p)) {
                        if let Some(v) = item(p) {
                            out.emit(rs, v)?;
                        }
                    }
                }
                Resolved::Missing(p) => rs.write_error(not_found("GetItemCommand", &p))?,
            }
        }
        Ok(())
    }
}
