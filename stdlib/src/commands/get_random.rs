//! `Get-Random`: a random number in a range, or items picked from (or all of, shuffled) the
//! input. `-SetSeed` makes the sequence repeatable for the rest of the session.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{as_f64, as_i128, to_numeric};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};
use std::cell::RefCell;

/// `Get-Random [[-Maximum] <object>] [-Minimum <object>] [-Count <int>] [-SetSeed <int>]`,
/// `Get-Random [-InputObject] <object[]> [-Count <int>]`, `Get-Random -InputObject <object[]>
/// -Shuffle`
pub struct GetRandom;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Maximum")
        .at(0)
        .of("Object")
        .in_sets(&["RandomNumberParameterSet"])
        .describe("The upper bound, not included; int.MaxValue by default. With a double or a long, the number has that type."),
    ParamSpec::value("Minimum")
        .of("Object")
        .in_sets(&["RandomNumberParameterSet"])
        .describe("The lower bound, included; 0 by default."),
    ParamSpec::value("Count")
        .of("int")
        .in_sets(&["RandomNumberParameterSet", "RandomListItemParameterSet"])
        .describe("How many numbers or items to return; items are picked without repeats."),
    ParamSpec::value("SetSeed")
        .of("int")
        .describe("Seed the random generator, so that the same seed gives the same results."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("Object[]")
        .mandatory()
        .in_sets(&["RandomListItemParameterSet", "ShuffleParameterSet"])
        .describe("The collection to pick from. Usually piped in."),
    ParamSpec::switch("Shuffle")
        .mandatory()
        .in_sets(&["ShuffleParameterSet"])
        .describe("Return every input object, in random order."),
];

thread_local! {
    /// The session's generator: seeded from the OS until `-SetSeed` replaces it.
    static RNG: RefCell<Option<StdRng>> = const { RefCell::new(None) };
}

fn with_rng<T>(f: impl FnOnce(&mut StdRng) -> T) -> T {
    RNG.with(|cell| {
        let mut slot = cell.borrow_mut();
        let rng = slot.get_or_insert_with(StdRng::from_os_rng);
        f(rng)
    })
}

struct Run {
    args: BoundArgs,
    /// `-InputObject`, when given.
    list: Option<Vec<Value>>,
    /// Objects from the pipeline.
    piped: Vec<Value>,
}

fn random_error(id: &str, message: String) -> Flow {
    crate::util::command_error(
        "Get-Random",
        &format!("{id},Microsoft.PowerShell.Commands.GetRandomCommand"),
        ErrorCategory::InvalidArgument,
        "System.ArgumentException",
        message,
    )
}

impl Command for GetRandom {
    fn name(&self) -> &'static str {
        "Get-Random"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, mut args: BoundArgs) -> Eval<Box<dyn Processor>> {
        if let Some(seed) = args.get("SetSeed") {
            let seed = to_numeric(seed).and_then(|n| as_i128(&n)).unwrap_or(0) as u64;
            RNG.with(|cell| *cell.borrow_mut() = Some(StdRng::seed_from_u64(seed)));
        }
        // A list in the first position is the input, not a maximum.
        if let Some(Value::Array(a)) = args.get("Maximum").cloned() {
            args.set("InputObject", Value::Array(a));
            args.set("Maximum", Value::Null);
        }
        let list = match args.get("InputObject") {
            Some(Value::Array(a)) => Some(a.to_vec()),
            Some(v) => Some(vec![v.clone()]),
            None => None,
        };
        Ok(Box::new(Run {
            args,
            list,
            piped: vec![],
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets a random number, or picks random objects from a collection."
    }
    fn description(&self) -> &'static str {
        "The Get-Random cmdlet returns a random number between -Minimum (included) and -Maximum (not included), or, given input objects, picks one of them (or -Count of them). -Shuffle returns all the input objects in random order."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("RandomNumberParameterSet")
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get a random number in a range (the maximum is exclusive).",
                code: "$roll = Get-Random -Minimum 1 -Maximum 7\n\
                $roll -ge 1 -and $roll -le 6",
                output: "True",
            },
            Example {
                description: "Pick several different objects from the input.",
                code: "$picked = 1..10 | Get-Random -Count 3\n\
                $picked.Count\n\
                ($picked | Sort-Object -Unique).Count",
                output: "3\n\
                3",
            },
            Example {
                description: "The same seed gives the same number.",
                code: "$a = Get-Random -SetSeed 7 -Maximum 1000\n\
                $b = Get-Random -SetSeed 7 -Maximum 1000\n\
                $a -eq $b",
                output: "True",
            },
        ]
    }
}

/// A range bound: an integer when it is one, else a double.
enum Bound {
    Int(i128),
    Float(f64),
}

fn bound(v: Option<&Value>) -> Option<Bound> {
    let v = v.filter(|v| !v.is_null())?;
    let n = to_numeric(v)?;
    match n {
        Value::Double(_) | Value::Decimal(_) => as_f64(&n).map(Bound::Float),
        other => as_i128(&other).map(Bound::Int),
    }
}

impl Run {
    fn count(&self) -> usize {
        crate::util::count(&self.args, "Count").unwrap_or(1)
    }

    fn numbers(&self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let max = bound(self.args.get("Maximum"));
        let min = bound(self.args.get("Minimum"));
        let text = |b: &Option<Bound>, default: &str| match b {
            Some(Bound::Int(i)) => i.to_string(),
            Some(Bound::Float(f)) => rosh_runtime::value::format_double(*f),
            None => default.to_string(),
        };
        let float = matches!(max, Some(Bound::Float(_))) || matches!(min, Some(Bound::Float(_)));
        let too_big = |b: &Option<Bound>| match b {
            Some(Bound::Int(i)) => {
                *i > i64::from(i32::MAX) as i128 || *i < i64::from(i32::MIN) as i128
            }
            _ => false,
        };
        let long = too_big(&max) || too_big(&min);
        let lo = match &min {
            Some(Bound::Int(i)) => *i as f64,
            Some(Bound::Float(f)) => *f,
            None => 0.0,
        };
        let hi = match &max {
            Some(Bound::Int(i)) => *i as f64,
            Some(Bound::Float(f)) => *f,
            None if float => f64::MAX,
            None if long => i64::MAX as f64,
            None => i32::MAX as f64,
        };
        if lo >= hi {
            return Err(random_error(
                "MinGreaterThanOrEqualMax",
                format!(
                    "The Minimum value ({}) cannot be greater than or equal to the Maximum value ({}).",
                    text(&min, "0"),
                    text(&max, "0")
                ),
            ));
        }
        for _ in 0..self.count() {
            let v = if float {
                Value::Double(with_rng(|r| r.random_range(lo..hi)))
            } else {
                let (lo, hi) = (lo as i64, hi as i64);
                let n = with_rng(|r| r.random_range(lo..hi));
                if long {
                    Value::Long(n)
                } else {
                    Value::Int(n as i32)
                }
            };
            out.emit(rs, v)?;
        }
        Ok(())
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
            self.piped.push(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let mut items = if self.piped.is_empty() {
            match self.list.take() {
                Some(items) => items,
                None => return self.numbers(rs, out),
            }
        } else {
            std::mem::take(&mut self.piped)
        };
        with_rng(|r| items.shuffle(r));
        let take = if self.args.switch("Shuffle") {
            items.len()
        } else {
            self.count().min(items.len())
        };
        for v in items.into_iter().take(take) {
            out.emit(rs, v)?;
        }
        Ok(())
    }
}
