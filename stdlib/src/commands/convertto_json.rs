//! `ConvertTo-Json`: objects to JSON text, as PowerShell 7 writes it (two-space indentation,
//! `"name": value`, `-Depth` 2 by default).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{to_numeric, to_str};
use rosh_runtime::host::HostStream;
use rosh_runtime::value::format_double;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertTo-Json [-InputObject] <object> [-Depth <int>] [-Compress] [-AsArray]
/// [-EnumsAsStrings] [-EscapeHandling Default|EscapeNonAscii|EscapeHtml]`
pub struct ConvertToJson;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .of("Object")
        .mandatory()
        .describe("The objects to convert. Several piped objects make one JSON array."),
    ParamSpec::value("Depth")
        .of("int")
        .describe("How many levels of contained objects to include (2 by default); deeper ones are written as their text."),
    ParamSpec::switch("Compress")
        .describe("Write the JSON on one line, without indentation."),
    ParamSpec::switch("AsArray")
        .describe("Write a JSON array even for a single object."),
    ParamSpec::switch("EnumsAsStrings")
        .describe("Write enum values as their names instead of their numbers."),
    ParamSpec::value("EscapeHandling")
        .of("StringEscapeHandling")
        .describe("Which characters to escape: Default (control characters), EscapeNonAscii or EscapeHtml."),
];

/// The most levels `-Depth` may ask for.
const MAX_DEPTH: usize = 100;

struct Run {
    enums_as_strings: bool,
    depth: usize,
    compress: bool,
    as_array: bool,
    escape: Escape,
    items: Vec<Value>,
    given: Option<Value>,
    truncated: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Escape {
    Default,
    NonAscii,
    Html,
}

impl Command for ConvertToJson {
    fn name(&self) -> &'static str {
        "ConvertTo-Json"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let depth = crate::util::count(&args, "Depth")
            .unwrap_or(2)
            .min(MAX_DEPTH);
        let escape = match args
            .get("EscapeHandling")
            .map(to_str)
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "escapenonascii" => Escape::NonAscii,
            "escapehtml" => Escape::Html,
            _ => Escape::Default,
        };
        Ok(Box::new(Run {
            depth,
            compress: args.switch("Compress"),
            enums_as_strings: args.switch("EnumsAsStrings"),
            as_array: args.switch("AsArray"),
            escape,
            items: vec![],
            given: args.get("InputObject").cloned(),
            truncated: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts objects to JSON text."
    }
    fn description(&self) -> &'static str {
        "The ConvertTo-Json cmdlet writes objects as JSON: their properties become JSON object members, collections become arrays, and strings, numbers, booleans, dates and $null the matching JSON values. Objects nested deeper than -Depth are written as their text."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertFrom-Json"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Convert a dictionary to JSON.",
                code: "[ordered]@{ Name = 'rosh'; Version = 1 } | ConvertTo-Json",
                output: "{\n  \"Name\": \"rosh\",\n  \"Version\": 1\n\
                }",
            },
            Example {
                description: "Convert an object to compressed JSON.",
                code: "[pscustomobject]@{ a = 1; b = 'x'; c = $true } | ConvertTo-Json -Compress",
                output: "{\"a\":1,\"b\":\"x\",\"c\":true}",
            },
            Example {
                description: "Arrays become JSON arrays.",
                code: "[ordered]@{ Name = 'rosh'; Tags = @('shell', 'rust') } | ConvertTo-Json",
                output: "{\n  \"Name\": \"rosh\",\n  \"Tags\": [\n    \"shell\",\n    \"rust\"\n  ]\n\
                }",
            },
        ]
    }
}

fn escape_str(s: &str, escape: Escape, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            '<' | '>' | '&' | '\'' if escape == Escape::Html => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if escape != Escape::Default && (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Run {
    fn newline(&self, out: &mut String, indent: usize) {
        if !self.compress {
            out.push('\n');
            out.push_str(&"  ".repeat(indent));
        }
    }

    fn write(&mut self, v: &Value, level: usize, indent: usize, out: &mut String) {
        // A scalar with note properties (remote output, `$PROFILE`) is written as the scalar.
        if let Some(scalar) = v.wrapped_scalar() {
            return self.write(&scalar, level, indent, out);
        }
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Double(d) => {
                if d.is_finite() {
                    // Json.NET writes doubles round-trip with a decimal point (1.0, 2.5).
                    out.push_str(&format!("{d:?}"));
                } else {
                    escape_str(&format_double(*d), self.escape, out);
                }
            }
            Value::String(s) => escape_str(s, self.escape, out),
            Value::Char(c) => escape_str(&c.to_string(), self.escape, out),
            Value::Enum(e) if self.enums_as_strings => escape_str(&e.name(), self.escape, out),
            Value::Enum(e) => out.push_str(&e.value.to_string()),
            Value::DateTime(d) => {
                // Json.NET's ISO 8601 form: fraction digits only when present, then the kind.
                let text = rosh_runtime::value::datetime_format::format_datetime(
                    *d,
                    "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK",
                    &rosh_runtime::value::datetime_format::INVARIANT,
                )
                .unwrap_or_default()
                .replace(".+", "+")
                .replace(".Z", "Z")
                .trim_end_matches('.')
                .to_string();
                escape_str(&text, self.escape, out)
            }
            v if v.is_number() => out.push_str(&to_str(v)),
            Value::Array(a) => {
                let items = a.to_vec();
                if level > self.depth {
                    self.truncated = true;
                    escape_str(&to_str(v), self.escape, out);
                    return;
                }
                if items.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.newline(out, indent + 1);
                    self.write(item, level + 1, indent + 1, out);
                }
                self.newline(out, indent);
                out.push(']');
            }
            Value::Hashtable(_) | Value::Object(_) => {
                let entries: Vec<(String, Value)> = match v {
                    Value::Hashtable(h) => h
                        .entries()
                        .into_iter()
                        .map(|(k, v)| (to_str(&k), v))
                        .collect(),
                    Value::Object(o) => o
                        .properties()
                        .into_iter()
                        .map(|p| (p.name, p.value))
                        .collect(),
                    _ => vec![],
                };
                if level > self.depth {
                    self.truncated = true;
                    escape_str(&to_str(v), self.escape, out);
                    return;
                }
                if entries.is_empty() {
                    out.push_str("{}");
                    return;
                }
                out.push('{');
                for (i, (k, val)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.newline(out, indent + 1);
                    escape_str(k, self.escape, out);
                    out.push_str(if self.compress { ":" } else { ": " });
                    self.write(val, level + 1, indent + 1, out);
                }
                self.newline(out, indent);
                out.push('}');
            }
            other => {
                let text = to_str(other);
                match to_numeric(other) {
                    Some(n) if other.is_number() => out.push_str(&to_str(&n)),
                    _ => escape_str(&text, self.escape, out),
                }
            }
        }
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        crate::util::gather(&mut self.items, input, &mut self.given);
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let items = std::mem::take(&mut self.items);
        if items.is_empty() && !self.as_array {
            return Ok(());
        }
        let value = if items.len() == 1 && !self.as_array {
            items.into_iter().next().unwrap_or(Value::Null)
        } else if items.len() == 1 {
            match items.into_iter().next() {
                Some(Value::Array(a)) => Value::Array(a),
                Some(other) => Value::Array(rosh_runtime::value::Array::new(vec![other])),
                None => Value::Null,
            }
        } else {
            Value::Array(rosh_runtime::value::Array::new(items))
        };
        let mut text = String::new();
        self.write(&value, 0, 0, &mut text);
        if self.truncated {
            rs.host_write(
                HostStream::Warning,
                &format!("WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of {}.\n", self.depth),
            );
        }
        out.emit(rs, Value::from(text))
    }
}
