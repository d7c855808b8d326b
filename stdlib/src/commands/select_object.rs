//! `Select-Object`: pick properties (with calculated ones), expand one, or take
//! `-First`/`-Last`/`-Skip` objects, `-Unique`.

use crate::util::{count, items};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::interp::emit_enumerated;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// `Select-Object [[-Property] <object[]>] [-ExpandProperty <string>] [-First <int>]
/// [-Last <int>] [-Skip <int>] [-Unique]`
pub struct SelectObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("Object[]")
        .in_sets(&["DefaultParameter"])
        .wildcards()
        .describe("The properties to keep, by name (wildcards allowed) or as calculated properties (@{ Name = ...; Expression = { ... } }). The result is a new custom object with those properties."),
    ParamSpec::value("ExpandProperty")
        .of("string")
        .in_sets(&["DefaultParameter"])
        .describe("Return the value of this property instead of an object; a collection value is returned element by element."),
    ParamSpec::value("ExcludeProperty")
        .of("string[]")
        .in_sets(&["DefaultParameter"])
        .wildcards()
        .describe("Leave out these properties."),
    ParamSpec::value("First")
        .of("int")
        .in_sets(&["DefaultParameter"])
        .describe("Keep only this many objects from the start."),
    ParamSpec::value("Last")
        .of("int")
        .in_sets(&["DefaultParameter"])
        .describe("Keep only this many objects from the end."),
    ParamSpec::value("Skip")
        .of("int")
        .in_sets(&["DefaultParameter"])
        .describe("Skip this many objects from the start (or, with -Last, from the end)."),
    ParamSpec::value("Index")
        .of("int[]")
        .in_sets(&["IndexParameter"])
        .describe("Keep the objects at these positions (counting from 0)."),
    ParamSpec::switch("Unique")
        .describe("Keep only the first of objects that are equal (after selecting their properties)."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to select from. Usually piped in."),
];

enum Prop {
    Name(String),
    Calculated(String, Value),
}

struct Run {
    props: Vec<Prop>,
    expand: Option<String>,
    first: Option<usize>,
    last: Option<usize>,
    skip: usize,
    unique: bool,
    seen: Vec<Value>,
    emitted: usize,
    index: usize,
    tail: Vec<Value>,
    /// `-ExcludeProperty` patterns.
    exclude: Vec<String>,
    /// `-Index`: the zero-based positions to keep.
    indexes: Option<Vec<usize>>,
}

impl Command for SelectObject {
    fn name(&self) -> &'static str {
        "Select-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let mut props = Vec::new();
        for p in items(args.get("Property")) {
            match p {
                Value::Hashtable(h) => {
                    let name = h
                        .get(&Value::str("Name"))
                        .or_else(|| h.get(&Value::str("Label")))
                        .or_else(|| h.get(&Value::str("N")))
                        .or_else(|| h.get(&Value::str("L")))
                        .map(|v| to_str(&v))
                        .unwrap_or_default();
                    let expr = h
                        .get(&Value::str("Expression"))
                        .or_else(|| h.get(&Value::str("E")))
                        .unwrap_or(Value::Null);
                    props.push(Prop::Calculated(name, expr));
                }
                other => props.push(Prop::Name(to_str(&other))),
            }
        }
        Ok(Box::new(Run {
            props,
            expand: args.get("ExpandProperty").map(to_str),
            first: count(&args, "First"),
            last: count(&args, "Last"),
            skip: count(&args, "Skip").unwrap_or(0),
            unique: args.switch("Unique"),
            seen: vec![],
            emitted: 0,
            index: 0,
            tail: vec![],
            exclude: items(args.get("ExcludeProperty"))
                .iter()
                .map(to_str)
                .collect(),
            indexes: args.get("Index").map(|v| {
                items(Some(v))
                    .iter()
                    .filter_map(|i| to_str(i).parse::<usize>().ok())
                    .collect()
            }),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Selects objects or properties of objects."
    }
    fn description(&self) -> &'static str {
        "The Select-Object cmdlet selects objects from a collection (the first, the last, by index, or the unique ones) and properties of objects: with -Property each object is replaced by a new custom object that has only the properties chosen, and -ExpandProperty returns one property's value itself."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("DefaultParameter")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Where-Object", "Sort-Object", "ForEach-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Select the first or last objects.",
                code: "'a', 'b', 'c', 'd' | Select-Object -First 2\n\
                1..10 | Select-Object -Last 1",
                output: "a\n\
                b\n\
                10",
            },
            Example {
                description: "Select some properties of an object.",
                code: "[pscustomobject]@{ Name = 'web01'; Port = 80; Os = 'linux' } | Select-Object -Property Name, Port",
                output: "\n\
                Name  Port\n\
                ----  ----\n\
                web01   80\n",
            },
            Example {
                description: "Add calculated properties.",
                code: "'apple', 'fig' | Select-Object @{ Name = 'Fruit'; Expression = { $_ } }, @{ Name = 'Letters'; Expression = { $_.Length } }",
                output: "\n\
                Fruit Letters\n\
                ----- -------\n\
                apple       5\n\
                fig         3\n",
            },
        ]
    }
}

impl Run {
    fn shape(&self, rs: &mut Runspace, item: Value) -> Eval<Value> {
        if let Some(name) = &self.expand {
            return Ok(rs.get_member(&item, name));
        }
        if self.props.is_empty() {
            return Ok(item);
        }
        let o = PsObject::with_type_names(vec![
            format!("Selected.{}", item.type_name()),
            "System.Management.Automation.PSCustomObject".into(),
            "System.Object".into(),
        ]);
        let excluded = |name: &str| {
            self.exclude.iter().any(|x| {
                rosh_runtime::ops::wildcard_regex(x, false).is_some_and(|r| r.is_match(name))
            })
        };
        for p in &self.props {
            match p {
                Prop::Name(n) if n.contains('*') => {
                    if let Value::Object(src) = &item {
                        let re = rosh_runtime::ops::wildcard_regex(n, false);
                        for prop in src.properties() {
                            if re.as_ref().is_some_and(|r| r.is_match(&prop.name))
                                && !excluded(&prop.name)
                            {
                                o.set(&prop.name, prop.value);
                            }
                        }
                    }
                }
                Prop::Name(n) if excluded(n) => {}
                Prop::Name(n) => o.set(n, rs.get_member(&item, n)),
                Prop::Calculated(name, expr) => {
                    let v = match expr {
                        Value::ScriptBlock(sb) => {
                            rs.invoke_with_dollar_underscore(sb, item.clone())?
                        }
                        other => rs.get_member(&item, &to_str(other)),
                    };
                    o.set(name, v);
                }
            }
        }
        Ok(Value::Object(o))
    }

    fn emit(&mut self, rs: &mut Runspace, out: &mut dyn Sink, item: Value) -> Eval<()> {
        let v = self.shape(rs, item)?;
        if self.unique {
            if self
                .seen
                .iter()
                .any(|s| rosh_runtime::ops::equals(s, &v, true))
            {
                return Ok(());
            }
            self.seen.push(v.clone());
        }
        if self.expand.is_some() {
            emit_enumerated(rs, out, v)
        } else {
            out.emit(rs, v)
        }
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        self.index += 1;
        if let Some(indexes) = self.indexes.clone() {
            let at = self.index - 1;
            if indexes.contains(&at) {
                self.emit(rs, out, item)?;
            }
            if indexes.iter().all(|i| *i <= at) {
                return Err(Flow::StopUpstream);
            }
            return Ok(());
        }
        if self.index <= self.skip {
            return Ok(());
        }
        if self.last.is_some() {
            self.tail.push(item);
            return Ok(());
        }
        if let Some(first) = self.first {
            if self.emitted >= first {
                return Err(Flow::StopUpstream);
            }
            self.emitted += 1;
            self.emit(rs, out, item)?;
            if self.emitted >= first {
                return Err(Flow::StopUpstream);
            }
            return Ok(());
        }
        self.emit(rs, out, item)
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if let Some(last) = self.last {
            let tail = std::mem::take(&mut self.tail);
            let start = tail.len().saturating_sub(last);
            for item in tail.into_iter().skip(start) {
                self.emit(rs, out, item)?;
            }
        }
        Ok(())
    }
}
