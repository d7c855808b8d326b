//! `Select-String`: find text in piped strings and in files, as `MatchInfo` objects (or
//! `$true` with `-Quiet`, the lines with `-Raw`).

use crate::fs_items::{PathArg, resolve_or_stop, terminating};
use crate::select_string_context::Tracker;
use crate::util::{items, strings, wildcard_match};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::value::{Array, PsObject};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::path::Path;

/// `Select-String [-Pattern] <string[]> [-Path] <string[]> | -LiteralPath <string[]> |
/// -InputObject <psobject> [-SimpleMatch] [-CaseSensitive] [-Quiet] [-List] [-Raw]
/// [-NotMatch] [-AllMatches] [-Include <string[]>] [-Exclude <string[]>] [-NoEmphasis]
/// [-Context <int[]>]`
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
    ParamSpec::value("Context")
        .of("int[]")
        .describe("Lines to capture around each match: one number for both sides, or two (before, after). Matches then print with '> ' and their context lines with two spaces."),
];

struct Run {
    args: BoundArgs,
    patterns: Vec<String>,
    /// The number of the piped record, the `LineNumber` of a match in piped input.
    record: u64,
    /// Set once `-Quiet` has answered for piped input.
    done: bool,
    /// `-Context`: lines before and after each match.
    context: (usize, usize),
    /// Matches from piped input waiting for their context.
    piped: Tracker,
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
        let context = context_arg(&args)?;
        Ok(Box::new(Run {
            args,
            patterns,
            record: 0,
            done: false,
            context,
            piped: Tracker::new(context.0, context.1),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Finds text in strings and files."
    }
    fn description(&self) -> &'static str {
        "The Select-String cmdlet searches piped strings, or the lines of files, for text that matches regular expressions (or plain text with -SimpleMatch), ignoring case unless -CaseSensitive is given. Each matching line comes out as a MatchInfo object with the line, its number, the file's path and name, the pattern and the regex matches; it prints as the line, or as path:number:line for a file. -Context captures lines before and after each match."
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
                description: "Show the lines around a match: the match is marked with '>'.",
                code: "'a', 'b', 'c', 'd' | Select-String -Pattern 'c' -Context 1 | ForEach-Object ToString",
                output: "  b\n> c\n  d",
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
        // A MatchInfo piped in is filtered on its line and passed on as it is (without
        // context tracking, which PowerShell turns off for it).
        let filtered = is_match_info(&item);
        let line = match &item {
            Value::Object(o) if filtered => o.get("Line").map(|l| to_str(&l)).unwrap_or_default(),
            Value::Null => String::new(),
            other => to_str(other),
        };
        match (self.find(&line)?, &item) {
            (Some(_), Value::Object(o)) if filtered => {
                let o = o.clone();
                self.emit_all(rs, vec![o], out)?;
                return Ok(());
            }
            (Some(found), _) => {
                let m = self.match_info(&found, &line, self.record, None);
                self.piped.track_match(m);
            }
            (None, _) => self.piped.track_line(&line),
        }
        let ready = self.piped.take_ready();
        if self.emit_all(rs, ready, out)? && self.args.switch("Quiet") {
            self.done = true;
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.piped.track_eof();
        let ready = self.piped.take_ready();
        if !self.done {
            self.emit_all(rs, ready, out)?;
        }
        Ok(())
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
            files.extend(resolve_or_stop(rs, &arg, NAME, "SelectStringCommand")?);
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
        let mut tracker = Tracker::new(self.context.0, self.context.1);
        let mut found_any = false;
        for (i, line) in lines(&text).into_iter().enumerate() {
            match self.find(line)? {
                Some(found) => {
                    let m = self.match_info(&found, line, i as u64 + 1, Some(path));
                    tracker.track_match(m);
                }
                None => tracker.track_line(line),
            }
            if tracker.has_ready() {
                found_any = true;
                // -List and -Quiet want the first match of each file only.
                if self.args.switch("Quiet") || self.args.switch("List") {
                    break;
                }
                let ready = tracker.take_ready();
                self.emit_all(rs, ready, out)?;
            }
        }
        tracker.track_eof();
        let ready = tracker.take_ready();
        if self.emit_all(rs, ready, out)? {
            found_any = true;
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

    /// Write the matches that are ready as PowerShell's `FlushTrackerQueue` does: their
    /// lines with `-Raw`, one `$true` with `-Quiet`, the first with `-List`; false when none
    /// was ready.
    fn emit_all(&self, rs: &mut Runspace, ready: Vec<PsObject>, out: &mut dyn Sink) -> Eval<bool> {
        if ready.is_empty() {
            return Ok(false);
        }
        let here = rs.location().to_path_buf();
        if self.args.switch("Raw") {
            for m in ready {
                out.emit(rs, m.get("Line").unwrap_or(Value::Null))?;
            }
        } else if self.args.switch("Quiet") && !self.args.switch("List") {
            out.emit(rs, Value::Bool(true))?;
        } else {
            let take = if self.args.switch("List") {
                1
            } else {
                ready.len()
            };
            for m in ready.into_iter().take(take) {
                set_text(&m, &here);
                out.emit(rs, Value::Object(m))?;
            }
        }
        Ok(true)
    }

    /// A `MatchInfo` for a matching line: from a file when `path` is given, else from the
    /// input stream; with an empty `Context` when context is tracked.
    fn match_info(&self, found: &Found, line: &str, number: u64, path: Option<&Path>) -> PsObject {
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
        o.set("Path", Value::from(full));
        o.set("Pattern", Value::from(found.pattern.clone()));
        let context = if self.context == (0, 0) {
            Value::Null
        } else {
            let c = PsObject::with_type_names(vec![
                "Microsoft.PowerShell.Commands.MatchInfoContext".into(),
                "System.Object".into(),
            ]);
            for n in [
                "PreContext",
                "PostContext",
                "DisplayPreContext",
                "DisplayPostContext",
            ] {
                c.set(n, Value::Array(Array::new(vec![])));
            }
            c.set_to_string("Microsoft.PowerShell.Commands.MatchInfoContext".into());
            Value::Object(c)
        };
        o.set("Context", context);
        o.set(
            "Matches",
            Value::Array(Array::typed(
                rosh_runtime::types::TypeInfo::named("System.Text.RegularExpressions.Match"),
                found.matches.clone(),
            )),
        );
        o
    }
}

/// `-Context`: one count for both sides or two (before, after), validated as PowerShell's
/// `[ValidateCount(1, 2)]` and `[ValidateRange(0, int.MaxValue)]` do.
fn context_arg(args: &BoundArgs) -> Eval<(usize, usize)> {
    let Some(v) = args.get("Context") else {
        return Ok((0, 0));
    };
    let invalid = |why: String| {
        terminating(
            NAME,
            ErrorRecord::new(
                "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.SelectStringCommand",
                ErrorCategory::InvalidData,
                format!("Cannot validate argument on parameter 'Context'. {why}"),
            )
            .with_exception("System.Management.Automation.ParameterBindingValidationException"),
        )
    };
    let given = items(Some(v));
    if given.is_empty() || given.len() > 2 {
        return Err(invalid(format!(
            "The parameter requires at least 1 value(s) and no more than 2 value(s) - {} value(s) were provided.",
            given.len()
        )));
    }
    let mut counts = Vec::new();
    for g in &given {
        let n = rosh_runtime::convert::convert(
            g,
            &rosh_runtime::types::TypeInfo::of(rosh_runtime::types::KnownType::Int),
        )?;
        let Value::Int(n) = n else { return Ok((0, 0)) };
        if n < 0 {
            return Err(invalid(format!(
                "The {n} argument is less than the minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the command again."
            )));
        }
        counts.push(n as usize);
    }
    Ok((counts[0], counts.get(1).copied().unwrap_or(counts[0])))
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

/// What a `MatchInfo` prints as, once its context is known: `ToString()` (the line, or
/// `path:number:line` with the full path) and the view Out-Default shows (the path relative
/// to the location); with context, the match line marked `> ` among its display context.
fn set_text(m: &PsObject, here: &Path) {
    let text = |p: &str| m.get(p).map(|v| to_str(&v)).unwrap_or_default();
    let path = text("Path");
    let from_file = path.starts_with('/');
    let number: u64 = text("LineNumber").parse().unwrap_or(0);
    let context = match m.get("Context") {
        Some(Value::Object(c)) => Some(c),
        _ => None,
    };
    let lines_of = |name: &str| -> Vec<String> {
        context
            .as_ref()
            .and_then(|c| c.get(name))
            .map(|v| items(Some(&v)).iter().map(to_str).collect())
            .unwrap_or_default()
    };
    let render = |shown_path: &str| -> String {
        let format = |prefix: &str, n: u64, line: &str| {
            if from_file {
                format!("{prefix}{shown_path}:{n}:{line}")
            } else {
                format!("{prefix}{line}")
            }
        };
        if context.is_none() {
            return format("", number, &text("Line"));
        }
        let pre = lines_of("DisplayPreContext");
        let post = lines_of("DisplayPostContext");
        let mut n = number.saturating_sub(pre.len() as u64);
        let mut out = Vec::new();
        for l in &pre {
            out.push(format("  ", n, l));
            n += 1;
        }
        out.push(format("> ", n, &text("Line")));
        n += 1;
        for l in &post {
            out.push(format("  ", n, l));
            n += 1;
        }
        out.join("\n")
    };
    m.set_to_string(render(&path));
    let shown = if from_file {
        relative(Path::new(&path), here)
    } else {
        path.clone()
    };
    m.set_default_view(render(&shown));
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
