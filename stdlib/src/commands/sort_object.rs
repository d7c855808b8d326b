//! `Sort-Object`: a stable sort by value or by properties.

use crate::util::items;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::ops::{compare, equals};
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::cmp::Ordering;

/// `Sort-Object [[-Property] <object[]>] [-Descending] [-Unique] [-CaseSensitive]`
pub struct SortObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("Object[]")
        .describe("The properties (or calculated properties) to sort by, in order of importance; the objects themselves by default."),
    ParamSpec::switch("Descending")
        .describe("Sort from the largest to the smallest."),
    ParamSpec::switch("Unique")
        .describe("Keep only one of objects that sort as equal."),
    ParamSpec::switch("CaseSensitive")
        .describe("Tell text apart by case (lower case first)."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to sort. Usually piped in."),
];

struct Run {
    props: Vec<Value>,
    descending: bool,
    unique: bool,
    cs: bool,
    input: Vec<Value>,
}

impl Command for SortObject {
    fn name(&self) -> &'static str {
        "Sort-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            props: items(args.get("Property")),
            descending: args.switch("Descending"),
            unique: args.switch("Unique"),
            cs: args.switch("CaseSensitive"),
            input: vec![],
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Sorts objects by property values."
    }
    fn description(&self) -> &'static str {
        "The Sort-Object cmdlet sorts objects by the values of their properties (or by themselves): numbers by value, text alphabetically without regard to case unless -CaseSensitive is given, dates by time. The sort is stable: objects that compare equal keep their order."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Group-Object", "Select-Object", "Get-Unique"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Sort numbers, ascending or descending.",
                code: "3, 1, 2 | Sort-Object\n\
                3, 1, 2 | Sort-Object -Descending",
                output: "1\n\
                2\n\
                3\n\
                3\n\
                2\n\
                1",
            },
            Example {
                description: "Sort by a property.",
                code: "'kiwi', 'fig', 'banana' | Sort-Object -Property Length",
                output: "fig\n\
                kiwi\n\
                banana",
            },
            Example {
                description: "Sort and drop duplicates.",
                code: "'b', 'a', 'b', 'c' | Sort-Object -Unique",
                output: "a\n\
                b\n\
                c",
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
        if let Some(v) = input {
            self.input.push(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let input = std::mem::take(&mut self.input);
        let mut keyed: Vec<(Vec<Value>, Value)> = Vec::with_capacity(input.len());
        for item in input {
            let keys = if self.props.is_empty() {
                vec![item.clone()]
            } else {
                let mut k = Vec::new();
                for p in &self.props {
                    k.push(match p {
                        Value::ScriptBlock(sb) => {
                            rs.invoke_with_dollar_underscore(sb, item.clone())?
                        }
                        other => rs.get_member(&item, &to_str(other)),
                    });
                }
                k
            };
            keyed.push((keys, item));
        }
        let cs = self.cs;
        let order = |a: &[Value], b: &[Value]| -> Ordering {
            for (x, y) in a.iter().zip(b) {
                let o = compare(x, y, cs)
                    .unwrap_or_else(|_| to_str(x).to_lowercase().cmp(&to_str(y).to_lowercase()));
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        };
        keyed.sort_by(|a, b| {
            if self.descending {
                order(&b.0, &a.0)
            } else {
                order(&a.0, &b.0)
            }
        });
        let mut last: Option<Vec<Value>> = None;
        for (k, v) in keyed {
            if self.unique {
                if let Some(prev) = &last
                    && prev.iter().zip(&k).all(|(a, b)| equals(a, b, cs))
                {
                    continue;
                }
                last = Some(k);
            }
            out.emit(rs, v)?;
        }
        Ok(())
    }
}
