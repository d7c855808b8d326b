//! `Join-Path`: join path segments with `/`.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Join-Path [-Path] <string[]> [-ChildPath] <string> [[-AdditionalChildPath] <string[]>]
/// [-Resolve]`
pub struct JoinPath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .aliases(&["PSPath"])
        .of("string[]")
        .mandatory()
        .describe("The base paths."),
    ParamSpec::value("ChildPath")
        .at(1)
        .of("string")
        .describe("The path to add to each base path."),
    ParamSpec::value("AdditionalChildPath")
        .at(2)
        .remaining()
        .of("string[]")
        .describe("More path parts to add, in order."),
    ParamSpec::switch("Resolve")
        .describe("Return the existing items the joined path names (wildcards allowed) instead of the path text."),
];

struct Run {
    args: BoundArgs,
}

/// Join two path segments as PowerShell's file system provider does on Unix.
pub fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    format!(
        "{}/{}",
        a.trim_end_matches(['/', '\\']),
        b.trim_start_matches(['/', '\\'])
    )
}

impl Command for JoinPath {
    fn name(&self) -> &'static str {
        "Join-Path"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Joins a path and a child path into one path."
    }
    fn description(&self) -> &'static str {
        "The Join-Path cmdlet joins path parts with the path separator, one result per base path, without checking that the path exists (unless -Resolve is given)."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Split-Path", "Resolve-Path", "Test-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Join a directory and a file name.",
                code: "Join-Path /etc hosts",
                output: "/etc/hosts",
            },
            Example {
                description: "Join several segments, with or without separators.",
                code: "Join-Path /var/ log app.log",
                output: "/var/log/app.log",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let paths = match input {
            Some(v) => vec![rosh_runtime::convert::to_str(&v)],
            None => strings(&self.args, "Path"),
        };
        let child = strings(&self.args, "ChildPath");
        let extra = strings(&self.args, "AdditionalChildPath");
        for p in paths {
            let mut joined = p;
            for c in child.iter().chain(extra.iter()) {
                joined = join(&joined, c);
            }
            if self.args.switch("Resolve") {
                for p in crate::fs_items::resolve_existing(rs, &joined, "JoinPathCommand")? {
                    out.emit(rs, Value::from(p))?;
                }
            } else {
                out.emit(rs, Value::from(joined))?;
            }
        }
        Ok(())
    }
}
