//! `Write-Progress`: report how far a long task is; the host draws a bar.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{as_f64, to_numeric, to_str};
use rosh_runtime::host::{ProgressRecord, ProgressRecordType};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Write-Progress [-Activity] <string> [[-Status] <string>] [[-Id] <int>]
/// [-PercentComplete <int>] [-SecondsRemaining <int>] [-CurrentOperation <string>]
/// [-ParentId <int>] [-Completed] [-SourceId <int>]`
pub struct WriteProgress;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Activity")
        .at(0)
        .of("string")
        .mandatory()
        .describe("What is in progress: the first line of the progress display."),
    ParamSpec::value("Status")
        .at(1)
        .of("string")
        .describe("Where the activity is: the second line (\"Processing\" by default)."),
    ParamSpec::value("Id")
        .at(2)
        .of("int")
        .describe("Tells several progress displays apart; 0 by default."),
    ParamSpec::value("PercentComplete")
        .of("int")
        .describe("How much is done, from 0 to 100; -1 when unknown."),
    ParamSpec::value("SecondsRemaining")
        .of("int")
        .describe("How many seconds are left; -1 when unknown."),
    ParamSpec::value("CurrentOperation")
        .of("string")
        .describe("What is being done now: a line under the bar."),
    ParamSpec::value("ParentId")
        .of("int")
        .describe("The Id of the activity this one is part of."),
    ParamSpec::switch("Completed").describe("Say the activity is over, which removes its display."),
    ParamSpec::value("SourceId")
        .of("int")
        .describe("The source of the record. Accepted; rosh does not use it."),
];

struct Run {
    record: ProgressRecord,
}

fn int(args: &BoundArgs, name: &str, default: i32) -> i32 {
    args.get(name)
        .and_then(to_numeric)
        .and_then(|v| as_f64(&v))
        .map_or(default, |f| f as i32)
}

impl Command for WriteProgress {
    fn name(&self) -> &'static str {
        "Write-Progress"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let text = |name: &str| args.get(name).map(to_str).filter(|s| !s.is_empty());
        let record = ProgressRecord {
            activity_id: int(&args, "Id", 0),
            parent_activity_id: int(&args, "ParentId", -1),
            activity: text("Activity").unwrap_or_else(|| "Processing".into()),
            status_description: text("Status").unwrap_or_else(|| "Processing".into()),
            current_operation: text("CurrentOperation"),
            percent_complete: int(&args, "PercentComplete", -1).clamp(-1, 100),
            seconds_remaining: int(&args, "SecondsRemaining", -1),
            record_type: if args.switch("Completed") {
                ProgressRecordType::Completed
            } else {
                ProgressRecordType::Processing
            },
        };
        Ok(Box::new(Run { record }))
    }
    fn synopsis(&self) -> &'static str {
        "Displays a progress bar within the host."
    }
    fn description(&self) -> &'static str {
        "The Write-Progress cmdlet shows (or, with -Completed, removes) a progress display for a long activity. It does not write to the output, and $ProgressPreference = 'SilentlyContinue' hides it."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Write-Host"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Report progress through a loop, then complete it; the bar is drawn on a terminal only.",
            code: "foreach ($i in 1..3) {\n\
                   Write-Progress -Activity 'Counting' -Status \"Item $i\" -PercentComplete ($i * 33)\n\
                   }\n\
                   Write-Progress -Activity 'Counting' -Completed\n\
                   'counted'",
            output: "counted",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        rs.write_progress(&self.record);
        Ok(())
    }
}
