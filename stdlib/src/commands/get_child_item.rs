//! `Get-ChildItem`: the items in directories (recursively with `-Recurse`/`-Depth`), as
//! `FileInfo`/`DirectoryInfo` objects or names.

use crate::fs_items::{
    Entry, PathArg, Resolved, Wildcard, glob, has_wildcard, item, list_dir, not_found, path_args,
    relative_path, resolve, sort_entries, unescape,
};
use crate::util::{count, strings};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;

use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::{Path, PathBuf};

/// `Get-ChildItem [[-Path] <string[]>] [[-Filter] <string>] [-Include <string[]>]
/// [-Exclude <string[]>] [-Recurse] [-Depth <uint>] [-Force] [-Name] [-File] [-Directory]`
pub struct GetChildItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .in_sets(&["Items"])
        .wildcards()
        .describe("The directories (or files) to list; wildcards allowed. The current location by default."),
    ParamSpec::value("Filter")
        .at(1)
        .of("string")
        .wildcards()
        .describe("List only the items whose names match this pattern."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralItems"])
        .describe("The directories to list, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("List only the items whose names match one of these patterns."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Leave out the items whose names match one of these patterns."),
    ParamSpec::switch("Recurse")
        .aliases(&["s", "r"])
        .describe("List the contents of subdirectories too, all the way down."),
    ParamSpec::value("Depth")
        .of("uint")
        .describe("With -Recurse, how many levels of subdirectories to go into."),
    ParamSpec::switch("Force")
        .describe("List hidden items (names starting with a dot) too."),
    ParamSpec::switch("Name")
        .describe("Return the items' names (relative paths with -Recurse) instead of the items."),
    ParamSpec::switch("File")
        .aliases(&["af"])
        .describe("List files only."),
    ParamSpec::switch("Directory")
        .aliases(&["ad", "d"])
        .describe("List directories only."),
    ParamSpec::switch("Hidden")
        .aliases(&["ah", "h"])
        .describe("List hidden items only."),
    ParamSpec::switch("ReadOnly")
        .aliases(&["ar"])
        .describe("List read-only items only."),
    ParamSpec::switch("System")
        .aliases(&["as"])
        .describe("List system items only; Linux has none, so nothing is listed."),
    ParamSpec::value("Attributes")
        .of("FlagsExpression[FileAttributes]")
        .describe("List only items with these attributes (Directory, Hidden, ReadOnly, ... combined with ! + and ,)."),
    ParamSpec::switch("FollowSymlink")
        .describe("With -Recurse, go into directories that symbolic links point to."),
];

/// What to list and how, from the parameters.
struct Options {
    filter: Option<Wildcard>,
    include: Vec<Wildcard>,
    exclude: Vec<Wildcard>,
    recurse: bool,
    depth: Option<usize>,
    force: bool,
    hidden_only: bool,
    name: bool,
    files: bool,
    directories: bool,
    follow: bool,
}

struct Run {
    args: BoundArgs,
    opts: Options,
}

fn patterns(args: &BoundArgs, name: &str) -> Vec<Wildcard> {
    strings(args, name)
        .iter()
        .filter_map(|p| Wildcard::new(p))
        .collect()
}

impl Command for GetChildItem {
    fn name(&self) -> &'static str {
        "Get-ChildItem"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let depth = if args.has("Depth") {
            count(&args, "Depth")
        } else {
            None
        };
        let opts = Options {
            filter: args
                .get("Filter")
                .map(to_str)
                .filter(|f| !f.is_empty())
                .and_then(|f| Wildcard::new(&f)),
            include: patterns(&args, "Include"),
            exclude: patterns(&args, "Exclude"),
            recurse: args.switch("Recurse") || depth.is_some(),
            depth,
            force: args.switch("Force"),
            hidden_only: args.switch("Hidden"),
            name: args.switch("Name"),
            files: args.switch("File"),
            directories: args.switch("Directory"),
            follow: args.switch("FollowSymlink"),
        };
        Ok(Box::new(Run { args, opts }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the items in one or more locations."
    }
    fn description(&self) -> &'static str {
        "The Get-ChildItem cmdlet lists the files and directories in a directory (the current location by default), or the item itself when given a file. -Recurse lists subdirectories too. Items can be chosen by wildcard patterns (-Filter, -Include, -Exclude) and by kind (-File, -Directory, -Hidden).

The items are FileInfo and DirectoryInfo objects, shown grouped by directory with their mode, owner, size and time of last change."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Items")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Item", "Get-Location", "Set-Location", "Test-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get the files in a directory that match a filter.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-child-item-$PID\"\n\
                'a.txt', 'b.log', 'c.txt' | ForEach-Object { $null = New-Item -Path $dir -Name $_ -ItemType File }\n\
                Get-ChildItem -Path $dir -Filter *.txt | Sort-Object -Property Name | ForEach-Object Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "a.txt\n\
                c.txt",
            },
            Example {
                description: "Get the relative names of all files below a directory.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-child-item-$PID\"\n\
                $null = New-Item -ItemType Directory -Path $dir/logs\n\
                $null = New-Item -ItemType File -Path $dir/logs/app.log, $dir/readme.md\n\
                Get-ChildItem -Path $dir -Recurse -File -Name | Sort-Object\n\
                Remove-Item -Path $dir -Recurse",
                output: "logs/app.log\n\
                readme.md",
            },
            Example {
                description: "Get only the directories.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-get-child-item-$PID\"\n\
                $null = New-Item -ItemType Directory -Path $dir/logs\n\
                $null = New-Item -ItemType File -Path $dir/readme.md\n\
                Get-ChildItem -Path $dir -Directory | ForEach-Object Name\n\
                Remove-Item -Path $dir -Recurse",
                output: "logs",
            },
        ]
    }
}

impl Options {
    /// Whether an item with this name is listed at all (hidden items need `-Force`).
    fn visible(&self, name: &str) -> bool {
        let hidden = name.starts_with('.');
        if self.hidden_only {
            hidden
        } else {
            self.force || !hidden
        }
    }

    /// Whether a listed item is written: `-Filter`, `-Include`, `-Exclude`, `-File`,
    /// `-Directory`.
    fn selected(&self, name: &str, is_dir: bool, extra: Option<&Wildcard>) -> bool {
        (!self.files || !is_dir)
            && (!self.directories || is_dir)
            && self.filter.as_ref().is_none_or(|f| f.is_match(name))
            && extra.is_none_or(|f| f.is_match(name))
            && (self.include.is_empty() || self.include.iter().any(|r| r.is_match(name)))
            && !self.exclude.iter().any(|r| r.is_match(name))
    }
}

impl Run {
    fn emit_item(
        &self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        path: &Path,
        base: &Path,
    ) -> Eval<()> {
        if self.opts.name {
            let rel = relative_path(base, path);
            let rel = rel.strip_prefix("./").unwrap_or(&rel).to_string();
            return out.emit(rs, Value::from(rel));
        }
        match item(path) {
            Some(v) => out.emit(rs, v),
            None => Ok(()),
        }
    }

    /// List a directory's children, then (with `-Recurse`) each subdirectory's.
    fn list(
        &self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        dir: &Path,
        base: &Path,
        depth: Option<usize>,
        extra: Option<&Wildcard>,
    ) -> Eval<()> {
        let mut entries: Vec<Entry> = list_dir(dir);
        sort_entries(&mut entries);
        for e in &entries {
            if self.opts.visible(&e.name) && self.opts.selected(&e.name, e.is_dir, extra) {
                self.emit_item(rs, out, &e.path, base)?;
            }
        }
        if !self.opts.recurse || depth == Some(0) {
            return Ok(());
        }
        for e in entries.iter().filter(|e| e.is_dir) {
            if !self.opts.force && e.hidden() {
                continue;
            }
            let is_link = std::fs::symlink_metadata(&e.path)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            if is_link && !self.opts.follow {
                continue;
            }
            self.list(rs, out, &e.path, base, depth.map(|d| d - 1), extra)?;
        }
        Ok(())
    }

    /// One path argument.
    fn one(&self, rs: &mut Runspace, out: &mut dyn Sink, arg: &PathArg) -> Eval<()> {
        if !arg.literal && has_wildcard(&arg.text) {
            return self.wildcard(rs, out, arg);
        }
        let path = match resolve(rs, arg, true) {
            Resolved::Found(found) => found.into_iter().next().unwrap_or_default(),
            Resolved::Missing(p) => {
                return rs.write_error(not_found("GetChildItemCommand", &p));
            }
        };
        if path.is_dir() {
            return self.list(rs, out, &path, &path, self.opts.depth, None);
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if self.opts.visible(&name) && self.opts.selected(&name, false, None) {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            self.emit_item(rs, out, &path, &parent)?;
        }
        Ok(())
    }

    /// A path with wildcards: the matching items themselves, or with `-Recurse` the items
    /// under the parent whose names match the last segment.
    fn wildcard(&self, rs: &mut Runspace, out: &mut dyn Sink, arg: &PathArg) -> Eval<()> {
        let text = arg.text.trim_end_matches('/');
        let (parent, leaf) = match text.rfind('/') {
            Some(0) => ("/", &text[1..]),
            Some(i) => (&text[..i], &text[i + 1..]),
            None => (".", text),
        };
        if self.opts.recurse && has_wildcard(leaf) {
            let Some(re) = Wildcard::new(leaf) else {
                return Ok(());
            };
            let bases: Vec<PathBuf> = if has_wildcard(parent) {
                glob(rs, parent, self.opts.force)
            } else {
                let p = rs.resolve_path(&unescape(parent));
                if p.is_dir() { vec![p] } else { vec![] }
            };
            for base in bases.iter().filter(|b| b.is_dir()) {
                self.list(rs, out, base, base, self.opts.depth, Some(&re))?;
            }
            return Ok(());
        }
        for path in glob(rs, &arg.text, self.opts.force || self.opts.hidden_only) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let is_dir = path.is_dir();
            if !self.opts.visible(&name) || !self.opts.selected(&name, is_dir, None) {
                continue;
            }
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            self.emit_item(rs, out, &path, &parent)?;
            if self.opts.recurse && is_dir {
                self.list(rs, out, &path, &path, self.opts.depth, None)?;
            }
        }
        Ok(())
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", Some(".")) {
            if let Some((drive, name)) = crate::drives::split(&arg.text) {
                for v in crate::drives::items(rs, drive, &name) {
                    out.emit(rs, v)?;
                }
                continue;
            }
            self.one(rs, out, &arg)?;
        }
        Ok(())
    }
}
