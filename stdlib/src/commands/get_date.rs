//! `Get-Date`: the current date and time, or a given one adjusted, optionally formatted.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{convert, to_str};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::types::{KnownType, TypeInfo};
use rosh_runtime::value::datetime::TICKS_PER_MILLISECOND;
use rosh_runtime::value::datetime_format::{EN_US, format_datetime};
use rosh_runtime::value::{PsDateTime, Value};
use rosh_runtime::{Eval, Flow, Runspace, Sink};

/// `Get-Date [[-Date] <datetime>] [-Year <int>] ... [-Format <string> | -UFormat <string>] [-AsUTC]`
pub struct GetDate;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Date")
        .at(0)
        .from_pipeline()
        .aliases(&["LastWriteTime"])
        .of("datetime")
        .in_sets(&["DateParameterSet"])
        .describe("The date to return or change; now by default. Text is read as a date in the en-US format."),
    ParamSpec::value("UnixTimeSeconds")
        .aliases(&["UnixTime"])
        .of("long")
        .mandatory()
        .in_sets(&["UnixTimeSecondsSet"])
        .describe("The date as seconds since 1970-01-01 00:00:00 UTC."),
    ParamSpec::value("Year")
        .of("int")
        .describe("Change the year of the date."),
    ParamSpec::value("Month")
        .of("int")
        .describe("Change the month (1 to 12)."),
    ParamSpec::value("Day")
        .of("int")
        .describe("Change the day of the month."),
    ParamSpec::value("Hour")
        .of("int")
        .describe("Change the hour (0 to 23)."),
    ParamSpec::value("Minute")
        .of("int")
        .describe("Change the minute."),
    ParamSpec::value("Second")
        .of("int")
        .describe("Change the second."),
    ParamSpec::value("Millisecond")
        .of("int")
        .describe("Change the millisecond."),
    ParamSpec::value("DisplayHint")
        .of("DisplayHintType")
        .describe("Show only the Date, the Time, or both (DateTime). Accepted; rosh shows both."),
    ParamSpec::value("Format")
        .of("string")
        .describe("Return the date as text in this .NET format (standard, such as \"o\" or \"yyyy-MM-dd\", or custom) instead of a DateTime."),
    ParamSpec::value("UFormat")
        .of("string")
        .describe("Return the date as text in this Unix date format (\"%Y-%m-%d %H:%M\")."),
    ParamSpec::switch("AsUTC")
        .describe("Return the date in UTC."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetDate {
    fn name(&self) -> &'static str {
        "Get-Date"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        if args.has("Format") && args.has("UFormat") {
            return Err(Flow::error(
                "AmbiguousParameterSet,Microsoft.PowerShell.Commands.GetDateCommand",
                ErrorCategory::InvalidArgument,
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
            ));
        }
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the current date and time, or another date."
    }
    fn description(&self) -> &'static str {
        "The Get-Date cmdlet returns a DateTime: now, or the date given with -Date or -UnixTimeSeconds, changed by -Year, -Month, -Day, -Hour, -Minute, -Second and -Millisecond. With -Format or -UFormat it returns the date as text instead."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("DateParameterSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["New-TimeSpan"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Build a date from its parts and format it.",
                code: "Get-Date -Year 2024 -Month 1 -Day 15 -Hour 10 -Minute 30 -Second 0 -Format 'yyyy-MM-dd HH:mm'",
                output: "2024-01-15 10:30",
            },
            Example {
                description: "Format a date with a .NET format or a Unix (-UFormat) one.",
                code: "Get-Date -Date '2024-03-01' -Format 'dddd, MMMM d, yyyy'\n\
                Get-Date -Date '2024-03-01' -UFormat '%Y/%m/%d'",
                output: "Friday, March 1, 2024\n\
                2024/03/01",
            },
            Example {
                description: "Convert Unix time to a UTC date.",
                code: "Get-Date -UnixTimeSeconds 1700000000 -AsUTC -Format 'yyyy-MM-dd HH:mm:ss'",
                output: "2023-11-14 22:13:20",
            },
        ]
    }
}

fn int_arg(args: &BoundArgs, name: &str) -> Eval<Option<i64>> {
    match args.get(name) {
        None => Ok(None),
        Some(v) => match convert(v, &TypeInfo::of(KnownType::Long))? {
            Value::Long(l) => Ok(Some(l)),
            _ => Ok(None),
        },
    }
}

fn out_of_range(name: &str) -> Flow {
    Flow::error(
        "ParameterArgumentValidationError",
        ErrorCategory::InvalidArgument,
        format!("Cannot validate argument on parameter '{name}'. The argument is out of range."),
    )
}

impl Run {
    fn date(&self, input: Option<Value>) -> Eval<PsDateTime> {
        let given = input.or_else(|| self.args.get("Date").cloned());
        let mut d = match given {
            Some(v) => match convert(&v, &TypeInfo::of(KnownType::DateTime))? {
                Value::DateTime(d) => d,
                _ => PsDateTime::now(),
            },
            None => match int_arg(&self.args, "UnixTimeSeconds")? {
                Some(s) => PsDateTime::from_unix_seconds(s)
                    .map(PsDateTime::to_local)
                    .ok_or_else(|| out_of_range("UnixTimeSeconds"))?,
                None => PsDateTime::now(),
            },
        };
        let mut c = d.civil();
        let mut changed = false;
        let mut set = |name: &str, field: &mut u32| -> Eval<()> {
            if let Some(v) = int_arg(&self.args, name)? {
                *field = u32::try_from(v).map_err(|_| out_of_range(name))?;
                changed = true;
            }
            Ok(())
        };
        set("Month", &mut c.month)?;
        set("Day", &mut c.day)?;
        set("Hour", &mut c.hour)?;
        set("Minute", &mut c.minute)?;
        set("Second", &mut c.second)?;
        if let Some(y) = int_arg(&self.args, "Year")? {
            c.year = i32::try_from(y).map_err(|_| out_of_range("Year"))?;
            changed = true;
        }
        if let Some(ms) = int_arg(&self.args, "Millisecond")? {
            if !(0..1000).contains(&ms) {
                return Err(out_of_range("Millisecond"));
            }
            c.fraction = ms * TICKS_PER_MILLISECOND + c.fraction % TICKS_PER_MILLISECOND;
            changed = true;
        }
        if changed {
            d = PsDateTime::from_civil(c, d.kind()).ok_or_else(|| {
                Flow::error(
                    "GetDateCommand",
                    ErrorCategory::InvalidArgument,
                    "Year, Month, and Day parameters describe an un-representable DateTime.",
                )
            })?;
        }
        if self.args.switch("AsUTC") {
            d = d.to_universal();
        }
        Ok(d)
    }
}

/// `-UFormat`: the Unix `date` specifiers PowerShell supports.
fn uformat(d: PsDateTime, f: &str) -> String {
    let c = d.civil();
    let fmt = |pattern: &str| format_datetime(d, pattern, &EN_US).unwrap_or_default();
    let mut out = String::new();
    let mut chars = f.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(spec) = chars.next() else {
            out.push('%');
            break;
        };
        let piece = match spec {
            'Y' => c.year.to_string(),
            'y' => format!("{:02}", c.year % 100),
            'C' => format!("{:02}", c.year / 100),
            'm' => format!("{:02}", c.month),
            'd' => format!("{:02}", c.day),
            'e' => format!("{:>2}", c.day),
            'H' => format!("{:02}", c.hour),
            'I' => fmt("hh"),
            'k' => format!("{:>2}", c.hour),
            'l' => format!("{:>2}", fmt("%h")),
            'M' => format!("{:02}", c.minute),
            'S' => format!("{:02}", c.second),
            'p' => fmt("tt"),
            'A' => fmt("dddd"),
            'a' => fmt("ddd"),
            'B' => fmt("MMMM"),
            'b' | 'h' => fmt("MMM"),
            'j' => format!("{:03}", d.day_of_year()),
            'u' => match d.day_of_week() {
                0 => "7".into(),
                n => n.to_string(),
            },
            'w' => d.day_of_week().to_string(),
            's' => d.unix_seconds().to_string(),
            'D' => fmt("MM/dd/yy"),
            'F' => fmt("yyyy-MM-dd"),
            'T' | 'X' => fmt("HH:mm:ss"),
            'R' => fmt("HH:mm"),
            'x' => fmt("MM/dd/yy"),
            'c' => fmt("ddd MMM dd HH:mm:ss yyyy"),
            'Z' => fmt("zz"),
            'z' => fmt("zzz").replace(':', ""),
            'n' => "\n".into(),
            't' => "\t".into(),
            '%' => "%".into(),
            other => format!("%{other}"),
        };
        out.push_str(&piece);
    }
    out
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let d = self.date(input)?;
        let value = if let Some(f) = self.args.get("Format") {
            let f = to_str(f);
            let f = match f.as_str() {
                "FileDate" => "yyyyMMdd".to_string(),
                "FileDateUniversal" => {
                    return out.emit(
                        rs,
                        Value::from(
                            format_datetime(d.to_universal(), "yyyyMMdd'Z'", &EN_US)
                                .unwrap_or_default(),
                        ),
                    );
                }
                "FileDateTime" => "yyyyMMdd'T'HHmmssffff".to_string(),
                "FileDateTimeUniversal" => {
                    return out.emit(
                        rs,
                        Value::from(
                            format_datetime(d.to_universal(), "yyyyMMdd'T'HHmmssffff'Z'", &EN_US)
                                .unwrap_or_default(),
                        ),
                    );
                }
                _ => f,
            };
            Value::from(format_datetime(d, &f, &EN_US).map_err(|_| {
                Flow::error(
                    "FormatException",
                    ErrorCategory::InvalidArgument,
                    "Input string was not in a correct format.",
                )
            })?)
        } else if let Some(f) = self.args.get("UFormat") {
            Value::from(uformat(d, &to_str(f)))
        } else {
            Value::DateTime(d)
        };
        out.emit(rs, value)
    }
}
