//! `Out-String`: the text Out-Default would show, as one string (or a line each with
//! `-Stream`).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Out-String [-Stream] [-InputObject <object>]`
pub struct OutString;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to format. Usually piped in."),
    ParamSpec::switch("Stream")
        .in_sets(&["StreamFormatting"])
        .describe("Return one string per line instead of one string for all the output."),
    ParamSpec::switch("NoNewline")
        .in_sets(&["NoNewLineFormatting"])
        .describe("Join the lines without line breaks and leave out the final one."),
    ParamSpec::value("Width").of("int").describe(
        "The line width of the formatted text. Accepted; rosh formats to 120 characters.",
    ),
];

struct Run {
    stream: bool,
    /// `-NoNewline`: the objects' text run together.
    no_newline: bool,
    items: Vec<Value>,
    input_object: Option<Value>,
}

impl Command for OutString {
    fn name(&self) -> &'static str {
        "Out-String"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            stream: args.switch("Stream"),
            no_newline: args.switch("NoNewline"),
            items: vec![],
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Formats objects as text, as the console would show them."
    }
    fn description(&self) -> &'static str {
        "The Out-String cmdlet formats objects the way Out-Default shows them and returns the text: one string for all of it, or one string per line with -Stream."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("NoNewLineFormatting")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Out-Default", "Format-Table", "Format-List"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Turn output into one string, a line per object.",
                code: "$text = 1..3 | Out-String\n\
                $text.Length",
                output: "6",
            },
            Example {
                description: "Get formatted output as strings, one per line, and keep the non-empty ones.",
                code: "[pscustomobject]@{ Name = 'a'; Size = 10 } | Out-String -Stream | Where-Object { $_ }",
                output: "Name Size\n\
                ---- ----\n\
                a      10",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        crate::util::gather(&mut self.items, input, &mut self.input_object);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let text = rosh_runtime::output::format_in(rs, &self.items);
        if self.no_newline {
            let joined: String = text.lines().collect();
            return out.emit(rs, Value::from(joined));
        }
        if self.stream {
            for line in text.lines() {
                out.emit(rs, Value::from(line))?;
            }
            Ok(())
        } else {
            out.emit(rs, Value::from(text))
        }
    }
}
