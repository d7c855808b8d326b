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
        .of("string")
        .mandatory()
        .in_sets(&["EqualSet", "CaseSensitiveEqualSet", "NotEqualSet", "CaseSensitiveNotEqualSet", "GreaterThanSet", "GreaterOrEqualSet", "LessThanSet", "LessOrEqualSet", "LikeSet", "CaseSensitiveLikeSet", "NotLikeSet", "MatchSet", "CaseSensitiveMatchSet", "NotMatchSet", "ContainsSet", "NotContainsSet", "InSet", "NotInSet", "Not"])
        .describe("The property whose value is compared."),
    ParamSpec::value("FilterScript")
        .at(0)
        .of("scriptblock")
        .mandatory()
        .in_sets(&["ScriptBlockSet"])
        .describe("The test: a script block run for each object ($_), which keeps the object when it returns a true value."),
    ParamSpec::value("Value")
        .at(1)
        .of("Object")
        .in_sets(&["EqualSet", "CaseSensitiveEqualSet", "NotEqualSet", "CaseSensitiveNotEqualSet", "GreaterThanSet", "GreaterOrEqualSet", "LessThanSet", "LessOrEqualSet", "LikeSet", "CaseSensitiveLikeSet", "NotLikeSet", "MatchSet", "CaseSensitiveMatchSet", "NotMatchSet", "ContainsSet", "NotContainsSet", "InSet", "NotInSet"])
        .describe("The value the property is compared with; $true by default."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to filter. Usually piped in."),
    ParamSpec::switch("EQ")
        .in_sets(&["EqualSet"])
        .describe("Keep objects whose property is equal to the value."),
    ParamSpec::switch("CEQ")
        .mandatory()
        .in_sets(&["CaseSensitiveEqualSet"])
        .describe("Keep objects whose property is equal to, case-sensitively, the value."),
    ParamSpec::switch("NE")
        .mandatory()
        .in_sets(&["NotEqualSet"])
        .describe("Keep objects whose property is not equal to the value."),
    ParamSpec::switch("CNE")
        .mandatory()
        .in_sets(&["CaseSensitiveNotEqualSet"])
        .describe("Keep objects whose property is not equal to, case-sensitively, the value."),
    ParamSpec::switch("GT")
        .mandatory()
        .in_sets(&["GreaterThanSet"])
        .describe("Keep objects whose property is greater than the value."),
    ParamSpec::switch("GE")
        .mandatory()
        .in_sets(&["GreaterOrEqualSet"])
        .describe("Keep objects whose property is greater than or equal to the value."),
    ParamSpec::switch("LT")
        .mandatory()
        .in_sets(&["LessThanSet"])
        .describe("Keep objects whose property is less than the value."),
    ParamSpec::switch("LE")
        .mandatory()
        .in_sets(&["LessOrEqualSet"])
        .describe("Keep objects whose property is less than or equal to the value."),
    ParamSpec::switch("Like")
        .mandatory()
        .in_sets(&["LikeSet"])
        .describe("Keep objects whose property matches the wildcard pattern the value."),
    ParamSpec::switch("CLike")
        .mandatory()
        .in_sets(&["CaseSensitiveLikeSet"])
        .describe("Keep objects whose property matches the wildcard pattern, case-sensitively, the value."),
    ParamSpec::switch("NotLike")
        .mandatory()
        .in_sets(&["NotLikeSet"])
        .describe("Keep objects whose property does not match the wildcard pattern the value."),
    ParamSpec::switch("Match")
        .mandatory()
        .in_sets(&["MatchSet"])
        .describe("Keep objects whose property matches the regular expression the value."),
    ParamSpec::switch("CMatch")
        .mandatory()
        .in_sets(&["CaseSensitiveMatchSet"])
        .describe("Keep objects whose property matches the regular expression, case-sensitively, the value."),
    ParamSpec::switch("NotMatch")
        .mandatory()
        .in_sets(&["NotMatchSet"])
        .describe("Keep objects whose property does not match the regular expression the value."),
    ParamSpec::switch("Contains")
        .mandatory()
        .in_sets(&["ContainsSet"])
        .describe("Keep objects whose property is a collection that contains the value."),
    ParamSpec::switch("NotContains")
        .mandatory()
        .in_sets(&["NotContainsSet"])
        .describe("Keep objects whose property is a collection that does not contain the value."),
    ParamSpec::switch("In")
        .mandatory()
        .in_sets(&["InSet"])
        .describe("Keep objects whose property is one of the value."),
    ParamSpec::switch("NotIn")
        .mandatory()
        .in_sets(&["NotInSet"])
        .describe("Keep objects whose property is not one of the value."),
    ParamSpec::switch("Not")
        .mandatory()
        .in_sets(&["Not"])
        .describe("Keep objects whose property is false, empty or missing."),
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
        let filter = match args.get("FilterScript").or_else(|| args.get("Property")) {
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
    fn synopsis(&self) -> &'static str {
        "Selects objects from a collection by their property values."
    }
    fn description(&self) -> &'static str {
        "The Where-Object cmdlet passes on only the objects that pass a test: a script block run for each object ($_), or a comparison of one property with a value (Where-Object Length -gt 3). A property alone keeps the objects whose property is true."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("EqualSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["ForEach-Object", "Select-Object", "Sort-Object"]
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
