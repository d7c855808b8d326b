//! `New-TimeSpan`: a time interval, between two dates or from parts.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::convert;
use rosh_runtime::types::{KnownType, TypeInfo};
use rosh_runtime::value::datetime::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use rosh_runtime::value::{PsDateTime, PsTimeSpan, Value};
use rosh_runtime::{Eval, Runspace, Sink};

/// `New-TimeSpan [[-Start] <datetime>] [[-End] <datetime>]` or
/// `New-TimeSpan [-Days <int>] [-Hours <int>] [-Minutes <int>] [-Seconds <int>] [-Milliseconds <int>]`
pub struct NewTimeSpan;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Start")
        .at(0)
        .from_pipeline()
        .aliases(&["LastWriteTime"])
        .of("datetime")
        .in_sets(&["Date"])
        .describe("The start of the interval; now by default."),
    ParamSpec::value("End")
        .at(1)
        .of("datetime")
        .in_sets(&["Date"])
        .describe("The end of the interval; now by default."),
    ParamSpec::value("Days")
        .of("int")
        .in_sets(&["Time"])
        .describe("Days in the interval."),
    ParamSpec::value("Hours")
        .of("int")
        .in_sets(&["Time"])
        .describe("Hours in the interval."),
    ParamSpec::value("Minutes")
        .of("int")
        .in_sets(&["Time"])
        .describe("Minutes in the interval."),
    ParamSpec::value("Seconds")
        .of("int")
        .in_sets(&["Time"])
        .describe("Seconds in the interval."),
    ParamSpec::value("Milliseconds")
        .of("int")
        .in_sets(&["Time"])
        .describe("Milliseconds in the interval."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewTimeSpan {
    fn name(&self) -> &'static str {
        "New-TimeSpan"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Creates a TimeSpan object."
    }
    fn description(&self) -> &'static str {
        "The New-TimeSpan cmdlet returns a time interval: the time from -Start to -End, or the interval made of the days, hours, minutes, seconds and milliseconds given."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Date")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Date"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create a time span from hours and minutes.",
                code: "(New-TimeSpan -Hours 1 -Minutes 30).TotalMinutes",
                output: "90",
            },
            Example {
                description: "Get the time between two dates.",
                code: "(New-TimeSpan -Start '2024-01-01' -End '2024-03-01').Days",
                output: "60",
            },
            Example {
                description: "A time span as text.",
                code: "(New-TimeSpan -Days 1 -Hours 2).ToString()\n\
                \"$(New-TimeSpan -Minutes 90)\"",
                output: "1.02:00:00\n\
                01:30:00",
            },
        ]
    }
}

fn date(v: Option<&Value>) -> Eval<PsDateTime> {
    match v {
        None => Ok(PsDateTime::now()),
        Some(v) => match convert(v, &TypeInfo::of(KnownType::DateTime))? {
            Value::DateTime(d) => Ok(d),
            _ => Ok(PsDateTime::now()),
        },
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let by_dates = input.is_some() || self.args.has("Start") || self.args.has("End");
        let span = if by_dates {
            let start = date(input.as_ref().or(self.args.get("Start")))?;
            let end = date(self.args.get("End"))?;
            PsTimeSpan(end.ticks() - start.ticks())
        } else {
            let mut ticks = 0i64;
            for (name, unit) in [
                ("Days", TICKS_PER_DAY),
                ("Hours", TICKS_PER_HOUR),
                ("Minutes", TICKS_PER_MINUTE),
                ("Seconds", TICKS_PER_SECOND),
                ("Milliseconds", TICKS_PER_MILLISECOND),
            ] {
                if let Some(v) = self.args.get(name)
                    && let Value::Long(n) = convert(v, &TypeInfo::of(KnownType::Long))?
                {
                    ticks = ticks.saturating_add(n.saturating_mul(unit));
                }
            }
            PsTimeSpan(ticks)
        };
        out.emit(rs, Value::TimeSpan(span))
    }
}
