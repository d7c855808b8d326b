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
    ParamSpec::value("Activity").at(0),
    ParamSpec::value("Status").at(1),
    ParamSpec::value("Id").at(2),
    ParamSpec::value("PercentComplete"),
    ParamSpec::value("SecondsRemaining"),
    ParamSpec::value("CurrentOperation"),
    ParamSpec::value("ParentId"),
    ParamSpec::switch("Completed"),
    ParamSpec::value("SourceId"),
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
