//! `Format-Wide`: one property of each object, several objects to a line, laid out as
//! PowerShell's wide view lays them out (the line's width shared between the columns, each
//! value cut short with `…` when too long for its column).

use crate::util::{command_error, gather, items};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::output::{FORMAT_DATA_TYPE, SCREEN_WIDTH, cell_text, is_scalar_like};
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Format-Wide [[-Property] <Object>] [-AutoSize] [-Column <int>] [-InputObject <psobject>]`
pub struct FormatWide;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("Object")
        .describe("The property to show: a name or a script block (by default the object's Name, Id or Key, else its first property)."),
    ParamSpec::switch("AutoSize")
        .describe("Put as many columns on a line as the widest value allows."),
    ParamSpec::value("Column")
        .of("int")
        .describe("How many columns to a line (2 by default)."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to format. Usually piped in."),
];

/// The property names PowerShell looks for to name an object, in order.
const NAME_PATTERNS: &[&str] = &["name", "id", "key", "*key", "*name", "*id"];

struct Run {
    property: Option<Value>,
    autosize: bool,
    columns: Option<usize>,
    items: Vec<Value>,
    input_object: Option<Value>,
}

impl Command for FormatWide {
    fn name(&self) -> &'static str {
        "Format-Wide"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let columns = match args.get("Column") {
            None => None,
            Some(v) => {
                let n = rosh_runtime::convert::to_numeric(v)
                    .and_then(|n| rosh_runtime::convert::as_f64(&n))
                    .unwrap_or(0.0);
                if n < 1.0 {
                    return Err(command_error(
                        "Format-Wide",
                        "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.FormatWideCommand",
                        ErrorCategory::InvalidData,
                        "System.Management.Automation.ParameterBindingValidationException",
                        format!(
                            "Cannot validate argument on parameter 'Column'. The {} argument is less than the minimum allowed range of 1. Supply an argument that is greater than or equal to 1 and then try the command again.",
                            to_str(v)
                        ),
                    ));
                }
                Some(n.min(i32::MAX as f64) as usize)
            }
        };
        let autosize = args.switch("AutoSize");
        if autosize && columns.is_some() {
            return Err(command_error(
                "Format-Wide",
                "FormatCannotSpecifyAutosizeAndColumns,Microsoft.PowerShell.Commands.FormatWideCommand",
                ErrorCategory::InvalidArgument,
                "System.IO.InvalidDataException",
                "Cmdlet parameters AutoSize and Column are mutually exclusive.",
            ));
        }
        Ok(Box::new(Run {
            property: args.get("Property").cloned(),
            autosize,
            columns,
            items: vec![],
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Formats objects as a wide table that displays only one property of each object."
    }
    fn description(&self) -> &'static str {
        "The Format-Wide cmdlet shows one property of each object (by default its name), several objects to a line: two columns unless -Column says how many, or as many as fit with -AutoSize. Format-Wide returns formatting objects, so it belongs at the end of a pipeline."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Format-Table", "Format-List", "Out-String"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Show names in three columns.",
            code: "'alpha', 'beta', 'gamma', 'delta' | Format-Wide -Column 3 | Out-String -Stream | Where-Object { $_ } | ForEach-Object { $_.TrimEnd() }",
            output: "alpha                                    beta                                    gamma\ndelta",
        }]
    }
}

impl Run {
    fn value_text(&self, rs: &mut Runspace, item: &Value) -> Eval<String> {
        let value = match &self.property {
            Some(Value::ScriptBlock(sb)) => rs.invoke_with_dollar_underscore(sb, item.clone())?,
            Some(Value::Hashtable(h)) => {
                let expr = h
                    .entries()
                    .into_iter()
                    .find(|(k, _)| {
                        let k = to_str(k).to_ascii_lowercase();
                        !k.is_empty() && "expression".starts_with(&k)
                    })
                    .map(|(_, v)| v)
                    .unwrap_or(Value::Null);
                match expr {
                    Value::ScriptBlock(sb) => {
                        rs.invoke_with_dollar_underscore(&sb, item.clone())?
                    }
                    other => rs.get_member(item, &to_str(&other)),
                }
            }
            Some(p) => match items(Some(p)).first() {
                Some(name) => rs.get_member(item, &to_str(name)),
                None => Value::Null,
            },
            None if is_scalar_like(item) => item.clone(),
            None => {
                let names = rosh_runtime::output::shown_property_names(item);
                let chosen = NAME_PATTERNS
                    .iter()
                    .find_map(|p| names.iter().find(|n| crate::util::wildcard_match(p, n)))
                    .or_else(|| names.first());
                match chosen {
                    Some(n) => rs.get_member(item, n),
                    None => Value::from(to_str(item)),
                }
            }
        };
        Ok(first_line(&cell_text(&value)))
    }
}

fn first_line(s: &str) -> String {
    s.split(['\r', '\n']).next().unwrap_or_default().to_string()
}

/// How many values of this width fit on a line with a blank between them.
fn best_fit(width: usize, screen: usize) -> usize {
    if width == 0 || width >= screen {
        return 1;
    }
    let mut n = 1;
    while width * (n + 1) + n < screen {
        n += 1;
    }
    n
}

/// The widths of `n` columns sharing the line: each gets one, the rest is dealt out in turn;
/// columns that do not fit at all are dropped from the right.
fn column_widths(n: usize, screen: usize) -> Vec<usize> {
    let mut visible = n;
    while visible > 1 && visible * 2 - 1 > screen {
        visible -= 1;
    }
    let available = screen.saturating_sub(visible - 1);
    let mut widths = vec![available / visible; visible];
    for w in widths.iter_mut().take(available % visible) {
        *w += 1;
    }
    widths
}

/// A value fitted to its column: padded unless last, cut with `…` when too long.
fn fit(s: &str, width: usize, pad: bool) -> String {
    let len = s.chars().count();
    if len > width {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        if width > 1 {
            out.push('…');
        } else {
            out = s.chars().take(width).collect();
        }
        return out;
    }
    if pad {
        format!("{s}{}", " ".repeat(width - len))
    } else {
        s.to_string()
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        gather(&mut self.items, input, &mut self.input_object);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let mut texts = Vec::new();
        for item in std::mem::take(&mut self.items) {
            for v in match item {
                Value::Array(a) => a.to_vec(),
                other => vec![other],
            } {
                texts.push(self.value_text(rs, &v)?);
            }
        }
        if texts.is_empty() {
            return Ok(());
        }
        let per_line = match self.columns {
            Some(n) => n,
            None if self.autosize => {
                let widest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
                best_fit(widest, SCREEN_WIDTH)
            }
            None => 2,
        };
        let widths = column_widths(per_line, SCREEN_WIDTH);
        let mut text = String::from("\n");
        for row in texts.chunks(per_line) {
            let mut line = String::new();
            for (k, w) in widths.iter().enumerate() {
                if k > 0 {
                    line.push(' ');
                }
                let value = row.get(k).map(String::as_str).unwrap_or_default();
                line.push_str(&fit(value, *w, k + 1 < per_line));
            }
            text.push_str(&line);
            text.push('\n');
        }
        text.push('\n');
        let o = PsObject::with_type_names(vec![
            FORMAT_DATA_TYPE.into(),
            "Microsoft.PowerShell.Commands.Internal.Format.FormatInfoData".into(),
            "System.Object".into(),
        ]);
        o.set_default_view(text);
        out.emit(rs, Value::Object(o))
    }
}
