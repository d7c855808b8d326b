//! `ConvertFrom-Json`: JSON text to objects (`[pscustomobject]`, or hashtables with
//! `-AsHashtable`), keeping property order.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::interp::emit_enumerated;
use rosh_runtime::value::{Array, Hashtable, PsObject};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `ConvertFrom-Json [-InputObject] <string> [-AsHashtable] [-Depth <int>] [-NoEnumerate]`
pub struct ConvertFromJson;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .at(0)
        .from_pipeline()
        .of("string")
        .mandatory()
        .describe("The JSON text. Piped lines are joined before they are read."),
    ParamSpec::switch("AsHashtable")
        .describe("Return JSON objects as hashtables instead of PSCustomObjects."),
    ParamSpec::value("Depth")
        .of("int")
        .describe("How deeply JSON may nest (1024 by default)."),
    ParamSpec::switch("NoEnumerate")
        .describe("Return a JSON array as one array object instead of its elements one by one."),
];

/// Nesting PowerShell allows by default.
const DEFAULT_DEPTH: usize = 1024;

struct Run {
    args: BoundArgs,
    text: Vec<String>,
}

impl Command for ConvertFromJson {
    fn name(&self) -> &'static str {
        "ConvertFrom-Json"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args, text: vec![] }))
    }
    fn synopsis(&self) -> &'static str {
        "Converts JSON text to objects."
    }
    fn description(&self) -> &'static str {
        "The ConvertFrom-Json cmdlet reads JSON and returns its values: objects become PSCustomObjects (or hashtables with -AsHashtable), arrays their elements, and strings, numbers, booleans and null the matching values. Strings in ISO 8601 date form become dates."
    }
    fn related(&self) -> &'static [&'static str] {
        &["ConvertTo-Json"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Convert JSON to an object and read its properties.",
                code: "$config = '{\"name\":\"rosh\",\"tags\":[\"shell\",\"rust\"]}' | ConvertFrom-Json\n\
                $config.name\n\
                $config.tags.Count",
                output: "rosh\n\
                2",
            },
            Example {
                description: "A JSON array becomes one object per element.",
                code: "'[{\"id\":1},{\"id\":2}]' | ConvertFrom-Json | ForEach-Object { $_.id * 10 }",
                output: "10\n\
                20",
            },
            Example {
                description: "Convert JSON to a hash table.",
                code: "$table = '{\"a\":1,\"b\":2}' | ConvertFrom-Json -AsHashtable\n\
                $table['b']",
                output: "2",
            },
        ]
    }
}

fn to_value(j: serde_json::Value, as_hashtable: bool) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Long(i)
            } else if let Some(u) = n.as_u64() {
                Value::Double(u as f64)
            } else {
                Value::Double(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(s) => Value::from(s),
        serde_json::Value::Array(items) => Value::Array(Array::new(
            items
                .into_iter()
                .map(|i| to_value(i, as_hashtable))
                .collect(),
        )),
        serde_json::Value::Object(map) => {
            if as_hashtable {
                // PowerShell 7.4 gives an OrderedHashtable, a Hashtable that keeps key order;
                // rosh's Hashtable keeps insertion order already.
                let h = Hashtable::new(false);
                for (k, v) in map {
                    h.insert(Value::from(k), to_value(v, true));
                }
                Value::Hashtable(h)
            } else {
                let o = PsObject::custom();
                for (k, v) in map {
                    o.set(&k, to_value(v, false));
                }
                Value::Object(o)
            }
        }
    }
}

fn nesting(j: &serde_json::Value) -> usize {
    match j {
        serde_json::Value::Array(a) => 1 + a.iter().map(nesting).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(nesting).max().unwrap_or(0),
        _ => 0,
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        match input {
            Some(v) => self.text.push(to_str(&v)),
            None => self
                .text
                .extend(crate::util::strings(&self.args, "InputObject")),
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let text = self.text.join("\n");
        if text.trim().is_empty() {
            return Ok(());
        }
        let parsed: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                return rs.write_error(ErrorRecord::new(
                    "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
                    ErrorCategory::NotSpecified,
                    format!("Conversion from JSON failed with error: {e}"),
                ));
            }
        };
        let depth = crate::util::count(&self.args, "Depth").unwrap_or(DEFAULT_DEPTH);
        if nesting(&parsed) > depth {
            return rs.write_error(ErrorRecord::new(
                "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
                ErrorCategory::NotSpecified,
                format!("Conversion from JSON failed with error: The reader's MaxDepth of {depth} has been exceeded."),
            ));
        }
        let v = to_value(parsed, self.args.switch("AsHashtable"));
        if self.args.switch("NoEnumerate") {
            out.emit(rs, v)
        } else {
            emit_enumerated(rs, out, v)
        }
    }
}
