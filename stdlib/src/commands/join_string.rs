//! `Join-String`: join pipeline objects (or a property of each) into one string, with a
//! separator, quotes, a prefix and a suffix, or a format string.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Join-String [[-Property] <object>] [[-Separator] <string>] [-OutputPrefix <string>]
/// [-OutputSuffix <string>] [-SingleQuote] [-DoubleQuote] [-FormatString <string>]`
pub struct JoinString;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("PSPropertyExpression")
        .describe("The property (or script block) whose value is joined; the objects themselves by default."),
    ParamSpec::value("Separator")
        .at(1)
        .of("string")
        .describe("The text between the values; none by default."),
    ParamSpec::value("OutputPrefix")
        .aliases(&["op"])
        .of("string")
        .describe("Text before the result."),
    ParamSpec::value("OutputSuffix")
        .aliases(&["os"])
        .of("string")
        .describe("Text after the result."),
    ParamSpec::switch("SingleQuote")
        .in_sets(&["SingleQuote"])
        .describe("Put each value in single quotes."),
    ParamSpec::switch("DoubleQuote")
        .in_sets(&["DoubleQuote"])
        .describe("Put each value in double quotes."),
    ParamSpec::value("FormatString")
        .of("string")
        .in_sets(&["Format"])
        .describe("Format each value with this .NET format string (\"{0:N2}\")."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("PSObject[]")
        .describe("The objects to join. Usually piped in."),
];

struct Run {
    args: BoundArgs,
    parts: Vec<String>,
}

impl Command for JoinString {
    fn name(&self) -> &'static str {
        "Join-String"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            args,
            parts: Vec::new(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Joins pipeline objects into one string."
    }
    fn description(&self) -> &'static str {
        "The Join-String cmdlet joins the input objects, or the values of one of their properties, into a single string, with a separator between them and optional quotes, format, prefix and suffix."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Default")
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Join numbers with a separator.",
                code: "1..3 | Join-String -Separator ', '",
                output: "1, 2, 3",
            },
            Example {
                description: "Join a property of each object, quoted, with a prefix.",
                code: "Get-Item /etc, /tmp | Join-String -Property Name -SingleQuote -Separator ',' -OutputPrefix 'dirs: '",
                output: "dirs: 'etc','tmp'",
            },
            Example {
                description: "Format each item before joining.",
                code: "1, 2 | Join-String -FormatString '[{0}]'",
                output: "[1][2]",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        let value = match self.args.get("Property") {
            Some(Value::ScriptBlock(sb)) => rs.invoke_with_dollar_underscore(sb, item)?,
            Some(name) => rs.get_member(&item, &to_str(name)),
            None => item,
        };
        let mut text = match self.args.get("FormatString") {
            Some(f) => rosh_runtime::format::format_operator(&to_str(f), &[value])?,
            None => to_str(&value),
        };
        if self.args.switch("SingleQuote") {
            text = format!("'{text}'");
        } else if self.args.switch("DoubleQuote") {
            text = format!("\"{text}\"");
        }
        self.parts.push(text);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let separator = self.args.get("Separator").map(to_str).unwrap_or_default();
        let prefix = self
            .args
            .get("OutputPrefix")
            .map(to_str)
            .unwrap_or_default();
        let suffix = self
            .args
            .get("OutputSuffix")
            .map(to_str)
            .unwrap_or_default();
        let joined = format!("{prefix}{}{suffix}", self.parts.join(&separator));
        out.emit(rs, Value::from(joined))
    }
}
