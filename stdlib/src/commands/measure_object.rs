//! `Measure-Object`: count, sum, average, minimum and maximum of numbers (or of a property),
//! and lines, words and characters of text.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{as_f64, to_numeric, to_str};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::ops::compare;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Measure-Object [[-Property] <string[]>] [-Sum] [-Average] [-Maximum] [-Minimum]
/// [-Line] [-Word] [-Character]`
pub struct MeasureObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("PSPropertyExpression[]")
        .describe("The properties to measure; the objects themselves by default."),
    ParamSpec::switch("Sum")
        .in_sets(&["GenericMeasure"])
        .describe("Add up the values."),
    ParamSpec::switch("Average")
        .in_sets(&["GenericMeasure"])
        .describe("Average the values."),
    ParamSpec::switch("Maximum")
        .in_sets(&["GenericMeasure"])
        .describe("Find the largest value."),
    ParamSpec::switch("Minimum")
        .in_sets(&["GenericMeasure"])
        .describe("Find the smallest value."),
    ParamSpec::switch("AllStats")
        .in_sets(&["GenericMeasure"])
        .describe("All of the statistics above, and the standard deviation."),
    ParamSpec::switch("StandardDeviation")
        .in_sets(&["GenericMeasure"])
        .describe("The standard deviation of the values."),
    ParamSpec::switch("Line")
        .in_sets(&["TextMeasure"])
        .describe("Count the lines of text."),
    ParamSpec::switch("Word")
        .in_sets(&["TextMeasure"])
        .describe("Count the words of text."),
    ParamSpec::switch("Character")
        .in_sets(&["TextMeasure"])
        .describe("Count the characters of text."),
    ParamSpec::switch("IgnoreWhiteSpace")
        .in_sets(&["TextMeasure"])
        .describe("Leave white space out of the character count."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to measure. Usually piped in."),
];

struct Run {
    args: BoundArgs,
    count: usize,
    sum: f64,
    /// Sum of squares, for `-StandardDeviation`.
    sum_sq: f64,
    max: Option<Value>,
    min: Option<Value>,
    lines: usize,
    words: usize,
    chars: usize,
}

impl Command for MeasureObject {
    fn name(&self) -> &'static str {
        "Measure-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            args,
            count: 0,
            sum: 0.0,
            sum_sq: 0.0,
            max: None,
            min: None,
            lines: 0,
            words: 0,
            chars: 0,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Counts objects and computes statistics of their values, or measures text."
    }
    fn description(&self) -> &'static str {
        "The Measure-Object cmdlet counts the objects given to it and, for numeric properties (or the objects themselves), computes the sum, average, maximum, minimum and standard deviation asked for. Given text, it counts lines, words and characters."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("GenericMeasure")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Group-Object", "Sort-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Sum numbers.",
                code: "(1..10 | Measure-Object -Sum).Sum",
                output: "55",
            },
            Example {
                description: "Get the minimum, maximum and average.",
                code: "$stats = 3, 7, 5 | Measure-Object -Minimum -Maximum -Average\n\
                \"$($stats.Minimum) $($stats.Maximum) $($stats.Average)\"",
                output: "3 7 5",
            },
            Example {
                description: "Count the lines, words and characters of text.",
                code: "$text = \"hello world`nsecond line\" | Measure-Object -Line -Word -Character\n\
                \"$($text.Lines) $($text.Words) $($text.Characters)\"",
                output: "2 4 23",
            },
        ]
    }
}

impl Run {
    fn text_mode(&self) -> bool {
        self.args.switch("Line") || self.args.switch("Word") || self.args.switch("Character")
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        let value = match self.args.get("Property") {
            Some(p) => rs.get_member(&item, &to_str(p)),
            None => item,
        };
        if self.text_mode() {
            let s = to_str(&value);
            self.lines += s.lines().count().max(usize::from(!s.is_empty()));
            self.words += s.split_whitespace().count();
            self.chars += if self.args.switch("IgnoreWhiteSpace") {
                s.chars().filter(|c| !c.is_whitespace()).count()
            } else {
                s.chars().count()
            };
            return Ok(());
        }
        if value.is_null() && self.args.has("Property") {
            return Ok(());
        }
        self.count += 1;
        let numeric = self.args.switch("Sum")
            || self.args.switch("Average")
            || self.args.switch("AllStats")
            || self.args.switch("StandardDeviation");
        if numeric {
            match to_numeric(&value).and_then(|n| as_f64(&n)) {
                Some(f) => {
                    self.sum += f;
                    self.sum_sq += f * f;
                }
                None => {
                    return rs.write_error(ErrorRecord::new(
                        "NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand",
                        ErrorCategory::InvalidType,
                        format!("Input object \"{}\" is not numeric.", to_str(&value)),
                    ));
                }
            }
        }
        let better = |cur: &Option<Value>, ord: std::cmp::Ordering| match cur {
            None => true,
            Some(c) => compare(&value, c, false).map(|o| o == ord).unwrap_or(false),
        };
        if better(&self.max, std::cmp::Ordering::Greater) {
            self.max = Some(value.clone());
        }
        if better(&self.min, std::cmp::Ordering::Less) {
            self.min = Some(value.clone());
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let prop = self
            .args
            .get("Property")
            .map(to_str)
            .map(Value::from)
            .unwrap_or(Value::Null);
        if self.text_mode() {
            let o = PsObject::with_type_names(vec![
                "Microsoft.PowerShell.Commands.TextMeasureInfo".into(),
                "System.Object".into(),
            ]);
            o.set(
                "Lines",
                if self.args.switch("Line") {
                    Value::Int(self.lines as i32)
                } else {
                    Value::Null
                },
            );
            o.set(
                "Words",
                if self.args.switch("Word") {
                    Value::Int(self.words as i32)
                } else {
                    Value::Null
                },
            );
            o.set(
                "Characters",
                if self.args.switch("Character") {
                    Value::Int(self.chars as i32)
                } else {
                    Value::Null
                },
            );
            o.set("Property", prop);
            return out.emit(rs, Value::Object(o));
        }
        let all = self.args.switch("AllStats");
        let number = |v: &Option<Value>| {
            v.as_ref()
                .and_then(to_numeric)
                .and_then(|n| as_f64(&n))
                .map(Value::Double)
                .unwrap_or(Value::Null)
        };
        let o = PsObject::with_type_names(vec![
            "Microsoft.PowerShell.Commands.GenericMeasureInfo".into(),
            "System.Object".into(),
        ]);
        o.set("Count", Value::Int(self.count as i32));
        o.set(
            "Average",
            if (all || self.args.switch("Average")) && self.count > 0 {
                Value::Double(self.sum / self.count as f64)
            } else {
                Value::Null
            },
        );
        o.set(
            "Sum",
            if all || self.args.switch("Sum") {
                Value::Double(self.sum)
            } else {
                Value::Null
            },
        );
        o.set(
            "Maximum",
            if all || self.args.switch("Maximum") {
                number(&self.max)
            } else {
                Value::Null
            },
        );
        o.set(
            "Minimum",
            if all || self.args.switch("Minimum") {
                number(&self.min)
            } else {
                Value::Null
            },
        );
        // The sample standard deviation, as PowerShell 7 computes it.
        let deviation = if (all || self.args.switch("StandardDeviation")) && self.count > 1 {
            let n = self.count as f64;
            let variance = (self.sum_sq - self.sum * self.sum / n) / (n - 1.0);
            Value::Double(variance.max(0.0).sqrt())
        } else if all || self.args.switch("StandardDeviation") {
            Value::Double(0.0)
        } else {
            Value::Null
        };
        o.set("StandardDeviation", deviation);
        o.set("Property", prop);
        out.emit(rs, Value::Object(o))
    }
}
