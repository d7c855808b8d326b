//! `Get-Unique`: drop adjacent duplicates from sorted input (compared as strings, case
//! sensitively, as PowerShell does; `-AsString` too; `-OnType` compares type names).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Unique [-InputObject <psobject>] [-AsString] [-OnType] [-CaseInsensitive]`
pub struct GetUnique;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject").from_pipeline(),
    ParamSpec::switch("AsString"),
    ParamSpec::switch("OnType"),
    ParamSpec::switch("CaseInsensitive"),
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
