//! `Invoke-Expression`: run a string as script, in the caller's scope, its output going down
//! the pipeline; a parse error ends the command as PowerShell's `ParseException` does. The
//! text is held to the session's language mode (refused in NoLanguage, checked in
//! RestrictedLanguage, constrained once the session was ever constrained).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::interp::SourceInfo;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::sync::Arc;

/// `Invoke-Expression [-Command] <string>`
pub struct InvokeExpression;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("Command")
    .at(0)
    .from_pipeline()
    .of("string")
    .mandatory()
    .describe("The text to run as commands.")];

struct Run {
    command: Option<Value>,
}

impl Command for InvokeExpression {
    fn name(&self) -> &'static str {
        "Invoke-Expression"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            command: args.get("Command").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Runs a string as commands."
    }
    fn description(&self) -> &'static str {
        "The Invoke-Expression cmdlet parses a string and runs it in the current scope, returning its output. Parse errors are reported as errors of Invoke-Expression. Never pass it text from outside the script unchecked: it runs whatever the text says."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Invoke-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Evaluate an expression held in a string.",
                code: "Invoke-Expression -Command '1 + 2'",
                output: "3",
            },
            Example {
                description: "Run a command held in a variable.",
                code: "$command = \"'hello' | ForEach-Object { `$_.ToUpper() }\"\n\
                Invoke-Expression -Command $command",
                output: "HELLO",
            },
        ]
    }
}

/// A parse error as `ParseException.Message` words it: the position, the marked line, the
/// message.
fn parse_message(text: &str, e: &rosh_lang::ParseError) -> String {
    let lines = rosh_lang::LineIndex::new(text);
    let lc = lines.line_col(text, e.span.start);
    let line_text = lines.line_text(text, lc.line);
    let width = e
        .span
        .text(text)
        .lines()
        .next()
        .map_or(1, |l| l.chars().count().max(1));
    format!(
        "At line:{} char:{}\n+ {line_text}\n+ {}{}\n{}",
        lc.line,
        lc.column,
        " ".repeat(lc.column.saturating_sub(1)),
        "~".repeat(width),
        e.message
    )
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(command) = input.or_else(|| self.command.take()) else {
            return Ok(());
        };
        let text = to_str(&command);
        let parsed = rosh_lang::parse(&text);
        if let Some(e) = parsed.errors.first() {
            return Err(crate::util::command_error(
                "Invoke-Expression",
                &format!(
                    "{},Microsoft.PowerShell.Commands.InvokeExpressionCommand",
                    e.id
                ),
                ErrorCategory::ParserError,
                "System.Management.Automation.ParseException",
                parse_message(&text, e),
            ));
        }
        // Positions in errors refer to the expression's own text while it runs.
        let source: Arc<str> = Arc::from(text.as_str());
        let saved = rs.source.replace(SourceInfo {
            path: None,
            lines: Arc::new(rosh_lang::LineIndex::new(&source)),
            text: source,
        });
        // The text runs in the caller's scope (a built-in command has no scope of its own),
        // seeing the caller's `$_`.
        let underscore = rs
            .scopes
            .get("_")
            .map(|v| v.value.clone())
            .unwrap_or(Value::Null);
        // The text is held to the session's language mode, even when trusted code runs
        // Invoke-Expression: a session ever lowered to ConstrainedLanguage runs it constrained.
        let result = rs
            .admit_script(Arc::new(parsed.script))
            .and_then(|block| rs.run_with_dollar_underscore(&block, underscore, out));
        rs.source = saved;
        result
    }
}
