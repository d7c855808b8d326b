//! `Resolve-Path`: the items a path names (wildcards expanded), as `PathInfo` objects or
//! paths relative to the current location.

use crate::fs_items::{Resolved, not_found, path_args, relative_path, resolve};
use rosh_runtime::automatic::path_info;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Resolve-Path [-Path] <string[]> [-LiteralPath <string[]>] [-Relative] [-RelativeBasePath <string>]`
pub struct ResolvePath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The paths to resolve; wildcards name every match."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The paths to resolve, taken exactly as written: no character is a wildcard."),
    ParamSpec::switch("Relative")
        .describe("Return the paths relative to the current location (or -RelativeBasePath)."),
    ParamSpec::value("RelativeBasePath")
        .of("string")
        .describe("The base that -Relative paths are relative to."),
    ParamSpec::switch("Force").describe("Match hidden items with wildcards too."),
];

struct Run {
    args: BoundArgs,
}

impl Command for ResolvePath {
    fn name(&self) -> &'static str {
        "Resolve-Path"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Resolves the wildcard characters in a path, and shows the path contents."
    }
    fn description(&self) -> &'static str {
        "The Resolve-Path cmdlet returns the full paths of the existing items a path names (each wildcard match), as PathInfo objects, or relative paths with -Relative. A path naming nothing is an error."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Join-Path", "Split-Path", "Test-Path"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Resolve a path with `..` in it.",
                code: "Resolve-Path -Path /usr/../etc",
                output: "\n\
                Path\n\
                ----\n\
                /etc\n",
            },
            Example {
                description: "Resolve a wildcard to paths relative to the current location.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-resolve-path-$PID\"\n\
                $null = New-Item -ItemType File -Path $dir/a.txt, $dir/b.txt\n\
                Set-Location -Path $dir\n\
                Resolve-Path -Path *.txt -Relative\n\
                Set-Location -Path /\n\
                Remove-Item -Path $dir -Recurse",
                output: "./a.txt\n\
                ./b.txt",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let base = match self.args.get("RelativeBasePath") {
            Some(b) => rs.resolve_path(&to_str(b)),
            None => rs.location().to_path_buf(),
        };
        let relative = self.args.switch("Relative");
        let force = self.args.switch("Force");
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = match resolve(rs, &arg, force) {
                Resolved::Found(found) if !found.is_empty() => found,
                Resolved::Found(_) => {
                    let p = rs.resolve_path(&arg.text);
                    rs.write_error(not_found("ResolvePathCommand", &p))?;
                    continue;
                }
                Resolved::Missing(p) => {
                    rs.write_error(not_found("ResolvePathCommand", &p))?;
                    continue;
                }
            };
            for p in found {
                let v = if relative {
                    Value::from(relative_path(&base, &p))
                } else {
                    path_info(&p)
                };
                out.emit(rs, v)?;
            }
        }
        Ok(())
    }
}
