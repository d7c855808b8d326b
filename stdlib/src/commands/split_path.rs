//! `Split-Path`: the parent, leaf, extension or leaf base of a path.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Split-Path [-Path] <string[]> [-Parent | -Leaf | -Extension | -LeafBase | -IsAbsolute]`
pub struct SplitPath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&[
            "ParentSet",
            "LeafSet",
            "LeafBaseSet",
            "ExtensionSet",
            "QualifierSet",
            "NoQualifierSet",
            "IsAbsoluteSet",
        ])
        .describe("The paths to split."),
    ParamSpec::switch("Parent")
        .in_sets(&["ParentSet"])
        .describe("Return the parent directory of the path (the default)."),
    ParamSpec::switch("Leaf")
        .mandatory()
        .in_sets(&["LeafSet"])
        .describe("Return the last part of the path."),
    ParamSpec::switch("Extension")
        .mandatory()
        .in_sets(&["ExtensionSet"])
        .describe("Return the extension of the last part, with its dot."),
    ParamSpec::switch("LeafBase")
        .mandatory()
        .in_sets(&["LeafBaseSet"])
        .describe("Return the last part of the path without its extension."),
    ParamSpec::switch("IsAbsolute")
        .mandatory()
        .in_sets(&["IsAbsoluteSet"])
        .describe("Return whether the path is absolute."),
    ParamSpec::switch("Qualifier")
        .mandatory()
        .in_sets(&["QualifierSet"])
        .describe("Return the drive part of the path, which Linux paths do not have."),
    ParamSpec::switch("NoQualifier")
        .mandatory()
        .in_sets(&["NoQualifierSet"])
        .describe("Return the path without its drive part."),
    ParamSpec::switch("Resolve")
        .describe("Split the paths of the existing items the path names (wildcards allowed)."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPathSet"])
        .describe("The paths to split, taken exactly as written: no character is a wildcard."),
];

struct Run {
    args: BoundArgs,
}

impl Command for SplitPath {
    fn name(&self) -> &'static str {
        "Split-Path"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Returns the specified part of a path."
    }
    fn description(&self) -> &'static str {
        "The Split-Path cmdlet returns one part of a path (the parent directory, the last part with or without its extension, the extension), or whether the path is absolute. It works on the text; the path need not exist."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ParentSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Join-Path", "Resolve-Path", "Test-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get the parent of a path.",
                code: "Split-Path -Path /var/log/app.log",
                output: "/var/log",
            },
            Example {
                description: "Get the last element of a path.",
                code: "Split-Path -Path /var/log/app.log -Leaf",
                output: "app.log",
            },
            Example {
                description: "Get a file name without its extension, and the extension.",
                code: "Split-Path -Path /var/log/app.log -LeafBase\n\
                Split-Path -Path /var/log/app.log -Extension",
                output: "app\n\
                .log",
            },
        ]
    }
}

fn leaf(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}

fn parent(p: &str) -> String {
    let t = p.trim_end_matches('/');
    match t.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => t[..i].to_string(),
        None => String::new(),
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let paths = match input {
            Some(v) => vec![rosh_runtime::convert::to_str(&v)],
            None => {
                let mut p = strings(&self.args, "Path");
                p.extend(strings(&self.args, "LiteralPath"));
                p
            }
        };
        let paths = if self.args.switch("Resolve") {
            let mut resolved = Vec::new();
            for p in paths {
                resolved.extend(crate::fs_items::resolve_existing(
                    rs,
                    &p,
                    "SplitPathCommand",
                )?);
            }
            resolved
        } else {
            paths
        };
        for p in paths {
            let v = if self.args.switch("Leaf") {
                Value::from(leaf(&p))
            } else if self.args.switch("Extension") {
                let l = leaf(&p);
                Value::from(
                    l.rfind('.')
                        .filter(|i| *i > 0)
                        .map(|i| l[i..].to_string())
                        .unwrap_or_default(),
                )
            } else if self.args.switch("LeafBase") {
                let l = leaf(&p);
                Value::from(
                    l.rfind('.')
                        .filter(|i| *i > 0)
                        .map(|i| l[..i].to_string())
                        .unwrap_or_else(|| l.to_string()),
                )
            } else if self.args.switch("IsAbsolute") {
                Value::Bool(p.starts_with('/') || p.starts_with('~'))
            } else if self.args.switch("Qualifier") {
                Value::from(
                    p.split_once(':')
                        .map(|(q, _)| format!("{q}:"))
                        .unwrap_or_default(),
                )
            } else if self.args.switch("NoQualifier") {
                Value::from(
                    p.split_once(':')
                        .map(|(_, r)| r.to_string())
                        .unwrap_or(p.clone()),
                )
            } else {
                Value::from(parent(&p))
            };
            out.emit(rs, v)?;
        }
        Ok(())
    }
}
