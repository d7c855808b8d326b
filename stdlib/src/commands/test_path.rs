//! `Test-Path`: whether paths exist (optionally of a kind).

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Test-Path [-Path] <string[]> [-PathType Any|Container|Leaf]`
pub struct TestPath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The paths to test; a wildcard path is true when something matches."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The paths to test, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("PathType")
        .aliases(&["Type"])
        .of("TestPathType")
        .describe("What must be there: Any (the default), Container (a directory) or Leaf (anything else)."),
    ParamSpec::switch("IsValid")
        .describe("Test whether the path is well formed, whether or not it exists."),
];

struct Run {
    args: BoundArgs,
}

impl Command for TestPath {
    fn name(&self) -> &'static str {
        "Test-Path"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Determines whether all elements of a path exist."
    }
    fn description(&self) -> &'static str {
        "The Test-Path cmdlet returns $true when the path names an existing item (of the kind -PathType asks for), and $false otherwise, one result per path."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Resolve-Path", "Get-Item", "Join-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Test whether a path exists.",
                code: "Test-Path -Path /tmp\n\
                Test-Path -Path /no/such/path",
                output: "True\n\
                False",
            },
            Example {
                description: "Test whether a path is a file (Leaf) or a directory (Container).",
                code: "Test-Path -Path /tmp -PathType Leaf\n\
                Test-Path -Path /tmp -PathType Container",
                output: "False\n\
                True",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let literal = input.is_none() && self.args.has("LiteralPath");
        let paths = match input {
            Some(v) => vec![to_str(&v)],
            None => {
                let mut p = strings(&self.args, "Path");
                p.extend(strings(&self.args, "LiteralPath"));
                p
            }
        };
        let kind = self
            .args
            .get("PathType")
            .map(to_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        for p in paths {
            // The variable:, env:, function: and alias: drives.
            if let Some(found) = drive_item_exists(rs, &p) {
                out.emit(rs, Value::Bool(found))?;
                continue;
            }
            let text = crate::fs_items::strip_provider(&p);
            let resolved = if crate::fs_items::has_wildcard(text) && !literal {
                crate::fs_items::glob(rs, text, true).into_iter().next()
            } else if literal {
                Some(rs.resolve_path(text))
            } else {
                Some(rs.resolve_path(&crate::fs_items::unescape(text)))
            };
            let resolved = resolved.unwrap_or_default();
            let path = resolved.as_path();
            let exists = match kind.as_str() {
                "container" => path.is_dir(),
                "leaf" => crate::fs_items::exists(path) && !path.is_dir(),
                _ => crate::fs_items::exists(path),
            };
            out.emit(
                rs,
                Value::Bool(if self.args.switch("IsValid") {
                    !p.is_empty()
                } else {
                    exists
                }),
            )?;
        }
        Ok(())
    }
}

/// Whether `path` names an existing item on one of the session-state drives (`variable:x`,
/// `env:X`, `function:f`, `alias:a`, wildcards allowed); `None` for other paths.
fn drive_item_exists(rs: &mut Runspace, path: &str) -> Option<bool> {
    let (drive, name) = crate::drives::split(path)?;
    Some(!crate::drives::items(rs, drive, &name).is_empty())
}
