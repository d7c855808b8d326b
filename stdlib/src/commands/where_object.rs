//! `Where-Object`: keep the input objects a script block (or a simple comparison) accepts.

use rosh_lang::token::{BinaryOp, CompareOp};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::is_true;
use rosh_runtime::ops;
use rosh_runtime::value::ScriptBlockValue;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::sync::Arc;

/// `Where-Object [-FilterScript] <scriptblock>` or `Where-Object [-Property] <string>
/// [[-Value] <object>] -EQ|-NE|-GT|-GE|-LT|-LE|-Like|-NotLike|-Match|-NotMatch|-Contains|-In`
pub struct WhereObject;

const OPS: &[(&str, CompareOp, bool)] = &[
    ("EQ", CompareOp::Eq, false),
    ("NE", CompareOp::Ne, false),
    ("GT", CompareOp::Gt, false),
    ("GE", CompareOp::Ge, false),
    ("LT", CompareOp::Lt, false),
    ("LE", CompareOp::Le, false),
    ("Like", CompareOp::Like, false),
    ("NotLike", CompareOp::NotLike, false),
    ("Match", CompareOp::Match, false),
    ("NotMatch", CompareOp::NotMatch, false),
    ("Contains", CompareOp::Contains, false),
    ("NotContains", CompareOp::NotContains, false),
    ("In", CompareOp::In, false),
    ("NotIn", CompareOp::NotIn, false),
    ("CEQ", CompareOp::Eq, true),
    ("CNE", CompareOp::Ne, true),
    ("CLike", CompareOp::Like, true),
    ("CMatch", CompareOp::Match, true),
];

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .aliases(&["FilterScript"]),
    ParamSpec::value("Value").at(1),
    ParamSpec::value("InputObject").from_pipeline(),
    ParamSpec::switch("EQ"),
    ParamSpec::switch("NE"),
    ParamSpec::switch("GT"),
    ParamSpec::switch("GE"),
    ParamSpec::switch("LT"),
    ParamSpec::switch("LE"),
    ParamSpec::switch("Like"),
    ParamSpec::switch("NotLike"),
    ParamSpec::switch("Match"),
    ParamSpec::switch("NotMatch"),
    ParamSpec::switch("Contains"),
    ParamSpec::switch("NotContains"),
    ParamSpec::switch("In"),
    ParamSpec::switch("NotIn"),
    ParamSpec::switch("CEQ"),
    ParamSpec::switch("CNE"),
    ParamSpec::switch("CLike"),
    ParamSpec::switch("CMatch"),
    ParamSpec::switch("Not"),
];

enum Filter {
    Script(ScriptBlockValue),
    Compare {
        property: String,
        op: Option<(CompareOp, bool)>,
        value: Value,
        not: bool,
    },
}

struct Run {
    filter: Filter,
}

impl Command for WhereObject {
    fn name(&self) -> &'static str {
        "Where-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let filter = match args.get("Property") {
            Some(Value::ScriptBlock(sb)) => Filter::Script(sb.clone()),
            Some(p) => Filter::Compare {
                property: rosh_runtime::convert::to_str(p),
                op: OPS
                    .iter()
                    .find(|(n, _, _)| args.switch(n))
                    .map(|(_, op, cs)| (*op, *cs)),
                value: args.get("Value").cloned().unwrap_or(Value::Bool(true)),
                not: args.switch("Not"),
            },
            None => Filter::Script(ScriptBlockValue::trusted(Arc::new(
                rosh_lang::parse("$true").script,
            ))),
        };
        Ok(Box::new(Run { filter }))
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Filter with a script block.",
                code: "1..10 | Where-Object { $_ % 3 -eq 0 }",
                output: "3\n\
                6\n\
                9",
            },
            Example {
                description: "Filter with a comparison of a property.",
                code: "'apple', 'fig', 'banana' | Where-Object Length -gt 3",
                output: "apple\n\
                banana",
            },
            Example {
                description: "Keep objects whose property is true.",
                code: "$servers = [pscustomobject]@{ Name = 'web01'; Up = $true }, [pscustomobject]@{ Name = 'web02'; Up = $false }\n\
                $servers | Where-Object Up | ForEach-Object Name",
                output: "web01",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        let keep = match &self.filter {
            Filter::Script(sb) => is_true(&rs.invoke_with_dollar_underscore(sb, item.clone())?),
            Filter::Compare {
                property,
                op,
                value,
                not,
            } => {
                let v = rs.get_member(&item, property);
                let r = match op {
                    Some((op, cs)) => {
                        is_true(&ops::binary(BinaryOp::Compare(*op, *cs), v, value.clone())?.value)
                    }
                    None => is_true(&v),
                };
                r != *not
            }
        };
        if keep { out.emit(rs, item) } else { Ok(()) }
    }
}
