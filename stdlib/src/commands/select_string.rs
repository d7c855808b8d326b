//! `Select-String`: find text in piped strings and in files, as `MatchInfo` objects (or
//! `$true` with `-Quiet`, the lines with `-Raw`).

use crate::fs_items::{PathArg, Resolved, not_found, resolve, terminating};
use crate::util::{items, strings, wildcard_match};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::value::{Array, PsObject};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::Path;

/// `Select-String [-Pattern] <string[]> [-Path] <string[]> | -LiteralPath <string[]> |
/// -InputObject <psobject> [-SimpleMatch] [-CaseSensitive] [-Quiet] [-List] [-Raw]
/// [-NotMatch] [-AllMatches] [-Include <string[]>] [-Exclude <string[]>] [-NoEmphasis]`
pub struct SelectString;

const NAME: &str = "Select-String";
const MATCH_INFO: &str = "Microsoft.PowerShell.Commands.MatchInfo";
const INPUT_STREAM: &str = "InputStream";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Pattern")
        .at(0)
        .of("string[]")
        .mandatory()
        .describe("The text to find: regular expressions, or plain text with -SimpleMatch. A line matches when any pattern matches."),
    ParamSpec::value("Path")
        .at(1)
        .of("string[]")
        .mandatory()
        .in_sets(&["File", "FileRaw"])
        .wildcards()
        .describe("The files to search; wildcards name every matching file (directories are skipped)."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralFile", "LiteralFileRaw"])
        .describe("The files to search, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .in_sets(&["Object", "ObjectRaw"])
        .describe("The text to search, usually piped in. Other objects are searched as their string form; file objects (Get-ChildItem) are searched line by line."),
    ParamSpec::switch("SimpleMatch")
        .describe("Find the patterns as plain text instead of regular expressions."),
    ParamSpec::switch("CaseSensitive").describe("Match case; by default case is ignored."),
    ParamSpec::switch("Quiet")
        .in_sets(&["File", "Object", "LiteralFile"])
        .describe("Return $true when a match is found (for files, $false when none is) instead of MatchInfo objects."),
    ParamSpec::switch("List").describe("Return only the first match in each file."),
    ParamSpec::switch("Raw")
        .mandatory()
        .in_sets(&["FileRaw", "ObjectRaw", "LiteralFileRaw"])
        .describe("Return the matching lines as strings instead of MatchInfo objects."),
    ParamSpec::switch("NoEmphasis")
        .describe("Do not highlight the matched text. rosh never highlights it."),
    ParamSpec::switch("NotMatch").describe("Find the lines that match none of the patterns."),
    ParamSpec::switch("AllMatches").describe(
        "Put every match in a line into the Matches property, not only the first one.",
    ),
    ParamSpec::value("Include")
        .of("string[]")
        .wildcards()
        .describe("Search only the files whose path matches one of these wildcard patterns."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Skip the files whose path matches one of these wildcard patterns."),
    ParamSpec::value("Encoding")
        .of("Encoding")
        .describe("The text encoding of the files. Accepted for compatibility: rosh reads UTF-8."),
];

struct Run {
    args: BoundArgs,
    patterns: Vec<String>,
    /// The number of the piped record, the `LineNumber` of a match in piped input.
    record: u64,
    /// Set once `-Quiet` has answered for piped input.
    done: bool,
}

impl Command for SelectString {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let patterns = strings(&args, "Pattern");
        if !args.switch("SimpleMatch") {
            let ignore_case = !args.switch("CaseSensitive");
            for p in &patterns {
                if let Err(rosh_runtime::Flow::Error(e)) =
                    rosh_runtime::interp::check_pattern(p, ignore_case)
                {
                    return Err(terminating(
                        NAME,
                        ErrorRecord::new(
                            "InvalidRegex,Microsoft.PowerShell.Commands.SelectStringCommand",
                            ErrorCategory::InvalidArgument,
                            format!(
                                "The string {p} is not a valid regular expression: {}",
                                e.message
                            ),
                        )
                        .with_exception("System.ArgumentException"),
                    ));
                }
            }
        }
        Ok(Box::new(Run {
            args,
            patterns,
            record: 0,
            done: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Finds text in strings and files."
    }
    fn description(&self) -> &'static str {
        "The Select-String cmdlet searches piped strings, or the lines of files, for text that matches regular expressions (or plain text with -SimpleMatch), ignoring case unless -CaseSensitive is given. Each matching line comes out as a MatchInfo object with the line, its number, the file's path and name, the pattern and the regex matches; it prints as the line, or as path:number:line for a file."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("File")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Content", "Where-Object", "ForEach-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Find the piped strings that contain a letter, as lines.",
                code: "'abc', 'xyz', 'xay' | Select-String -Pattern 'y' | ForEach-Object Line",
                output: "xyz\nxay",
            },
            Example {
                description: "Match case and take the pattern as plain text.",
                code: "'Hello', 'HELLO', 'a.b' | Select-String -Pattern 'HELLO', '.' -CaseSensitive -SimpleMatch -Raw",
                output: "HELLO\na.b",
            },
            Example {
                description: "Search a file: each match knows its line number and file name.",
                code: "$dir = New-Item -ItemType Directory -Path \"/tmp/rosh-select-string-$PID\"\n\
                Set-Content -Path $dir/notes.txt -Value 'one', 'two', 'three'\n\
                Select-String -Path $dir/notes.txt -Pattern 't' | ForEach-Object { \"$($_.Filename) $($_.LineNumber): $($_.Line)\" }\n\
                Remove-Item -Path $dir -Recurse",
                output: "notes.txt 2: two\nnotes.txt 3: three",
            },
            Example {
                description: "Every match in a line, and the lines that do not match.",
                code: "('a1b22c333' | Select-String -Pattern '\\d+' -AllMatches).Matches.Value\n\
                'cat', 'dog' | Select-String -Pattern 'a' -NotMatch -Raw",
                output: "1\n22\n333\ndog",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        if self.done {
            return Ok(());
        }
        let files = self.files(rs)?;
        let files = match (files, &input) {
            (Some(f), _) => Some((f, true)),
            (None, Some(v)) => file_info_path(v).map(|p| (vec![p], false)),
            (None, None) => None,
        };
        if let Some((files, may_be_directory)) = files {
            for f in files {
                if may_be_directory && f.is_dir() {
                    continue;
                }
                if self.search_file(rs, &f, out)? && self.args.switch("Quiet") {
                    return Ok(());
                }
            }
            if self.args.switch("Quiet") {
                let none = if self.args.switch("List") {
                    Value::Null
                } else {
                    Value::Bool(false)
                };
                out.emit(rs, none)?;
            }
            return Ok(());
        }
        let Some(item) = input else { return Ok(()) };
        self.record += 1;
        // A MatchInfo piped in is filtered on its line and passed on as it is.
        let filtered = is_match_info(&item);
        let line = match &item {
            Value::Object(o) if filtered => o.get("Line").map(|l| to_str(&l)).unwrap_or_default(),
            Value::Null => String::new(),
            other => to_str(other),
        };
        let Some(found) = self.find(&line)? else {
            return Ok(());
        };
        let result = if filtered {
            item
        } else {
            match_info(&found, &line, self.record, None, rs.location())
        };
        if self.args.switch("Quiet") && !self.args.switch("List") {
            self.done = true;
        }
        self.emit(rs, result, &line, out)
    }
}

/// What matched in a line: the pattern and its regex matches.
struct Found {
    pattern: String,
    matches: Vec<Value>,
    ignore_case: bool,
}

impl Run {
    /// The files `-Path`/`-LiteralPath` name, or `None` when neither is given.
    fn files(&self, rs: &mut Runspace) -> Eval<Option<Vec<std::path::PathBuf>>> {
        let literal = self.args.has("LiteralPath");
        let given = if literal {
            items(self.args.get("LiteralPath"))
        } else {
            items(self.args.get("Path"))
        };
        if !self.args.has("Path") && !literal {
            return Ok(None);
        }
        let mut files = Vec::new();
        for v in given {
            let text = file_info_path(&v)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|| to_str(&v));
            let arg = PathArg {
                text: crate::fs_items::strip_provider(&text).to_string(),
                literal,
            };
            match resolve(rs, &arg, false) {
                Resolved::Found(found) => files.extend(found),
                Resolved::Missing(p) => {
                    return Err(terminating(NAME, not_found("SelectStringCommand", &p)));
                }
            }
        }
        Ok(Some(files))
    }

    /// Search one file line by line; true when something matched.
    fn search_file(&mut self, rs: &mut Runspace, path: &Path, out: &mut dyn Sink) -> Eval<bool> {
        let full = path.to_string_lossy().into_owned();
        let included = match self.args.get("Include") {
            Some(_) => strings(&self.args, "Include")
                .iter()
                .any(|p| wildcard_match(p, &full)),
            None => true,
        };
        if !included
            || strings(&self.args, "Exclude")
                .iter()
                .any(|p| wildcard_match(p, &full))
        {
            return Ok(false);
        }
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                rs.write_error(
                    ErrorRecord::new(
                        "ProcessingFile,Microsoft.PowerShell.Commands.SelectStringCommand",
                        ErrorCategory::InvalidArgument,
                        format!(
                            "The file {full} cannot be read: {}",
                            crate::fs_items::io_message(&e, path)
                        ),
                    )
                    .with_exception("System.ArgumentException"),
                )?;
                return Ok(false);
            }
        };
        let mut found_any = false;
        for (i, line) in lines(&text).into_iter().enumerate() {
            let Some(found) = self.find(line)? else {
                continue;
            };
            found_any = true;
            if self.args.switch("Quiet") && !self.args.switch("List") {
                out.emit(rs, Value::Bool(true))?;
                return Ok(true);
            }
            let m = match_info(&found, line, i as u64 + 1, Some(path), rs.location());
            self.emit(rs, m, line, out)?;
            if self.args.switch("List") || self.args.switch("Quiet") {
                break;
            }
        }
        Ok(found_any)
    }

    /// Whether `line` matches (or, with `-NotMatch`, matches no pattern).
    fn find(&self, line: &str) -> Eval<Option<Found>> {
        let case_sensitive = self.args.switch("CaseSensitive");
        let not_match = self.args.switch("NotMatch");
        let all = self.args.switch("AllMatches") && !not_match;
        let mut hit = None;
        for p in &self.patterns {
            if self.args.switch("SimpleMatch") {
                let found = if case_sensitive {
                    line.contains(p.as_str())
                } else {
                    line.to_lowercase().contains(&p.to_lowercase())
                };
                if found {
                    hit = Some((p.clone(), vec![]));
                    break;
                }
            } else {
                let matches = rosh_runtime::interp::find_matches(p, !case_sensitive, line, all)?;
                if !matches.is_empty() {
                    hit = Some((p.clone(), matches));
                    break;
                }
            }
        }
        let hit = match (hit, not_match) {
            (Some(_), true) => None,
            (None, true) => Some((self.patterns.first().cloned().unwrap_or_default(), vec![])),
            (hit, false) => hit,
        };
        Ok(hit.map(|(pattern, matches)| Found {
            pattern,
            matches,
            ignore_case: !case_sensitive,
        }))
    }

    fn emit(&self, rs: &mut Runspace, m: Value, line: &str, out: &mut dyn Sink) -> Eval<()> {
        if self.args.switch("Raw") {
            out.emit(rs, Value::from(line))
        } else if self.args.switch("Quiet") && !self.args.switch("List") {
            out.emit(rs, Value::Bool(true))
        } else {
            out.emit(rs, m)
        }
    }
}

/// The lines of a file as .NET's `ReadLine` gives them (`\n`, `\r\n` or `\r` ends a line;
/// no empty line after a final line break).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

fn is_match_info(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_names().first().is_some_and(|t| t == MATCH_INFO))
}

/// The file a piped `FileInfo` stands for.
fn file_info_path(v: &Value) -> Option<std::path::PathBuf> {
    let Value::Object(o) = v else { return None };
    if o.type_names().first().map(String::as_str) != Some("System.IO.FileInfo") {
        return None;
    }
    o.get("FullName").map(|p| to_str(&p).into())
}

/// A `MatchInfo` for a matching line: from a file when `path` is given, else from the input
/// stream. It prints as the line, or as `path:number:line` with the path relative to the
/// location (its `ToString()` has the full path).
fn match_info(found: &Found, line: &str, number: u64, path: Option<&Path>, here: &Path) -> Value {
    let o = PsObject::with_type_names(vec![MATCH_INFO.into(), "System.Object".into()]);
    let (full, name) = match path {
        Some(p) => (
            p.to_string_lossy().into_owned(),
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        None => (INPUT_STREAM.to_string(), INPUT_STREAM.to_string()),
    };
    o.set("IgnoreCase", Value::Bool(found.ignore_case));
    o.set("LineNumber", Value::ULong(number));
    o.set("Line", Value::from(line));
    o.set("Filename", Value::from(name));
    o.set("Path", Value::from(full.clone()));
    o.set("Pattern", Value::from(found.pattern.clone()));
    o.set("Context", Value::Null);
    o.set(
        "Matches",
        Value::Array(Array::typed(
            rosh_runtime::types::TypeInfo::named("System.Text.RegularExpressions.Match"),
            found.matches.clone(),
        )),
    );
    match path {
        Some(p) => {
            o.set_to_string(format!("{full}:{number}:{line}"));
            o.set_default_view(format!("{}:{number}:{line}", relative(p, here)));
        }
        None => {
            o.set_to_string(line.to_string());
            o.set_default_view(line.to_string());
        }
    }
    Value::Object(o)
}

/// `MatchInfo.RelativePath`: the path with the location and its separator cut off the
/// front when it starts with it, else the full path.
fn relative(path: &Path, here: &Path) -> String {
    let full = path.to_string_lossy();
    let dir = here.to_string_lossy();
    if dir.is_empty() || !full.to_lowercase().starts_with(&dir.to_lowercase()) {
        return full.into_owned();
    }
    let rest = &full[dir.len()..];
    if rest.is_empty() {
        return full.into_owned();
    }
    if dir.ends_with('/') {
        rest.to_string()
    } else if let Some(r) = rest.strip_prefix('/') {
        r.to_string()
    } else {
        full.into_owned()
    }
}
