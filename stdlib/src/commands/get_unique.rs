//! `Get-Unique`: drop adjacent duplicates from sorted input (compared as strings, case
//! sensitively, as PowerShell does; `-AsString` too; `-OnType` compares type names).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Unique [-InputObject <psobject>] [-AsString] [-OnType] [-CaseInsensitive]`
pub struct GetUnique;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to filter. Usually piped in, sorted."),
    ParamSpec::switch("AsString")
        .in_sets(&["AsString"])
        .describe("Compare the objects as text."),
    ParamSpec::switch("OnType")
        .in_sets(&["UniqueByType"])
        .describe("Keep one object of each type, comparing types rather than values."),
    ParamSpec::switch("CaseInsensitive").describe("Compare text without regard to case."),
];

struct Run {
    args: BoundArgs,
    last: Option<String>,
}

impl Command for GetUnique {
    fn name(&self) -> &'static str {
        "Get-Unique"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args, last: None }))
    }
    fn synopsis(&self) -> &'static str {
        "Returns the unique items of a sorted list."
    }
    fn description(&self) -> &'static str {
        "The Get-Unique cmdlet drops each object equal to the one before it, so a sorted list comes out with one of each value. Unsorted input keeps repeats that are not next to each other; Sort-Object -Unique sorts and filters at once."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("AsString")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Sort-Object", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Remove repeated values from sorted input.",
                code: "1, 1, 2, 3, 3 | Get-Unique",
                output: "1\n2\n3",
            },
            Example {
                description: "Keep one object of each type.",
                code: "1, 2, 'a', 'b', 3.5 | Get-Unique -OnType | ForEach-Object { $_.GetType().Name }",
                output: "Int32\nString\nDouble",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        let mut key = if self.args.switch("OnType") {
            item.type_name()
        } else {
            to_str(&item)
        };
        if self.args.switch("CaseInsensitive") {
            key = key.to_lowercase();
        }
        if self.last.as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        self.last = Some(key);
        let item = if self.args.switch("AsString") {
            Value::from(to_str(&item))
        } else {
            item
        };
        out.emit(rs, item)
    }
}
