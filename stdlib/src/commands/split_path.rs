//! `Split-Path`: the parent, leaf, extension or leaf base of a path.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Split-Path [-Path] <string[]> [-Parent | -Leaf | -Extension | -LeafBase | -IsAbsolute]`
pub struct SplitPath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path").at(0).from_pipeline(),
    ParamSpec::switch("Parent"),
    ParamSpec::switch("Leaf"),
    ParamSpec::switch("Extension"),
    ParamSpec::switch("LeafBase"),
    ParamSpec::switch("IsAbsolute"),
    ParamSpec::switch("Qualifier"),
    ParamSpec::switch("NoQualifier"),
    ParamSpec::switch("Resolve"),
    ParamSpec::value("LiteralPath").aliases(&["PSPath", "LP"]),
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
