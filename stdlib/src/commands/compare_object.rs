//! `Compare-Object`: the differences between two sets of objects, found as PowerShell finds
//! them (each difference object against the next reference object, then against the objects
//! held back within `-SyncWindow`), as objects with a `SideIndicator` (`<=`, `=>`, `==`).

use crate::util::{command_error, items};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::ops::compare;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use std::cmp::Ordering;

/// `Compare-Object [-ReferenceObject] <psobject[]> [-DifferenceObject] <psobject[]>
/// [-SyncWindow <int>] [-Property <Object[]>] [-ExcludeDifferent] [-IncludeEqual]
/// [-PassThru] [-Culture <string>] [-CaseSensitive]`
pub struct CompareObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("ReferenceObject")
        .at(0)
        .of("psobject[]")
        .mandatory()
        .describe("The objects compared against."),
    ParamSpec::value("DifferenceObject")
        .at(1)
        .from_pipeline()
        .of("psobject[]")
        .mandatory()
        .describe("The objects compared with the reference objects. Usually piped in."),
    ParamSpec::value("SyncWindow")
        .of("int")
        .describe("How many objects on each side are held back to look for a match among (all of them by default)."),
    ParamSpec::value("Property")
        .of("Object[]")
        .describe("The properties (names, script blocks or @{Expression=...}) to compare instead of the objects themselves."),
    ParamSpec::switch("ExcludeDifferent")
        .describe("Leave out the objects found on one side only (and so show the equal ones)."),
    ParamSpec::switch("IncludeEqual")
        .describe("Show the objects found on both sides too, with the side indicator ==."),
    ParamSpec::switch("PassThru")
        .describe("Return the objects themselves, each given a SideIndicator property."),
    ParamSpec::value("Culture")
        .of("string")
        .describe("The culture for comparing text (rosh compares in the invariant culture)."),
    ParamSpec::switch("CaseSensitive").describe("Compare text case-sensitively."),
];

/// An object and the values it is compared by.
struct Entry {
    keys: Vec<Value>,
    input: Value,
}

enum Key {
    Name(String),
    Script(rosh_runtime::value::ScriptBlockValue, String),
}

struct Run {
    reference: Option<Vec<Entry>>,
    reference_given: Vec<Value>,
    next_reference: usize,
    reference_backlog: Vec<Entry>,
    difference_backlog: Vec<Entry>,
    keys: Vec<Key>,
    sync_window: usize,
    include_equal: bool,
    exclude_different: bool,
    pass_thru: bool,
    case_sensitive: bool,
    given: Option<Value>,
}

impl Command for CompareObject {
    fn name(&self) -> &'static str {
        "Compare-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let sync_window = match args.get("SyncWindow") {
            None => i32::MAX as usize,
            Some(v) => {
                let n = rosh_runtime::convert::to_numeric(v)
                    .and_then(|n| rosh_runtime::convert::as_f64(&n))
                    .unwrap_or(-1.0);
                if n < 0.0 {
                    return Err(command_error(
                        "Compare-Object",
                        "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.CompareObjectCommand",
                        ErrorCategory::InvalidData,
                        "System.Management.Automation.ParameterBindingValidationException",
                        format!(
                            "Cannot validate argument on parameter 'SyncWindow'. The {} argument is less than the minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the command again.",
                            to_str(v)
                        ),
                    ));
                }
                n as usize
            }
        };
        let mut keys = Vec::new();
        for p in items(args.get("Property")) {
            keys.push(key_of(&p));
        }
        let exclude_different = args.switch("ExcludeDifferent");
        // -ExcludeDifferent turns -IncludeEqual on, unless it was turned off.
        let include_equal = if exclude_different && !args.has("IncludeEqual") {
            true
        } else {
            args.switch("IncludeEqual")
        };
        Ok(Box::new(Run {
            reference: None,
            reference_given: items(args.get("ReferenceObject")),
            next_reference: 0,
            reference_backlog: Vec::new(),
            difference_backlog: Vec::new(),
            keys,
            sync_window,
            include_equal,
            exclude_different,
            pass_thru: args.switch("PassThru"),
            case_sensitive: args.switch("CaseSensitive"),
            given: args.get("DifferenceObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Compares two sets of objects."
    }
    fn description(&self) -> &'static str {
        "The Compare-Object cmdlet compares a set of reference objects with a set of difference objects and returns the objects found on one side only: the SideIndicator property is <= for an object only among the reference objects and => for one only among the difference objects (== for one on both sides, with -IncludeEqual). Objects are compared themselves, or by the properties -Property names."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Group-Object", "Sort-Object", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Compare two lists of names.",
                code: "Compare-Object -ReferenceObject 'a', 'b', 'c' -DifferenceObject 'b', 'c', 'd'",
                output: "\nInputObject SideIndicator\n----------- -------------\nd           =>\na           <=\n",
            },
            Example {
                description: "Compare objects by a property, showing the equal ones too.",
                code: "$old = [pscustomobject]@{ Name = 'web01'; Port = 80 }, [pscustomobject]@{ Name = 'db01'; Port = 5432 }\n$new = [pscustomobject]@{ Name = 'web01'; Port = 443 }, [pscustomobject]@{ Name = 'db01'; Port = 5432 }\nCompare-Object $old $new -Property Name, Port -IncludeEqual | ForEach-Object { \"$($_.SideIndicator) $($_.Name):$($_.Port)\" }",
                output: "== db01:5432\n=> web01:443\n<= web01:80",
            },
        ]
    }
}

fn key_of(p: &Value) -> Key {
    match p {
        Value::ScriptBlock(sb) => Key::Script(sb.clone(), to_str(p)),
        Value::Hashtable(h) => {
            let expr = h
                .get(&Value::str("Expression"))
                .or_else(|| h.get(&Value::str("E")))
                .unwrap_or(Value::Null);
            match key_of(&expr) {
                Key::Script(sb, _) => Key::Script(sb, to_str(&expr)),
                name => name,
            }
        }
        other => Key::Name(to_str(other)),
    }
}

impl Run {
    fn entries(&self, rs: &mut Runspace, objects: Vec<Value>) -> Eval<Vec<Entry>> {
        let mut out = Vec::with_capacity(objects.len());
        for input in objects {
            let keys = if self.keys.is_empty() {
                vec![input.clone()]
            } else {
                let mut k = Vec::with_capacity(self.keys.len());
                for key in &self.keys {
                    k.push(match key {
                        Key::Name(n) => rs.get_member(&input, n),
                        Key::Script(sb, _) => {
                            rs.invoke_with_dollar_underscore(sb, input.clone())?
                        }
                    });
                }
                k
            };
            out.push(Entry { keys, input });
        }
        Ok(out)
    }

    fn same(&self, a: &Entry, b: &Entry) -> bool {
        a.keys
            .iter()
            .zip(&b.keys)
            .all(|(x, y)| match compare(x, y, self.case_sensitive) {
                Ok(o) => o == Ordering::Equal,
                Err(_) => {
                    let (x, y) = (to_str(x), to_str(y));
                    if self.case_sensitive {
                        x == y
                    } else {
                        x.to_lowercase() == y.to_lowercase()
                    }
                }
            })
    }

    fn take_match(&self, entry: &Entry, backlog: &mut Vec<Entry>) -> Option<Entry> {
        let i = backlog.iter().position(|b| self.same(entry, b))?;
        Some(backlog.remove(i))
    }

    fn emit(&self, rs: &mut Runspace, out: &mut dyn Sink, entry: Entry, side: &str) -> Eval<()> {
        if side == "==" && !self.include_equal || side != "==" && self.exclude_different {
            return Ok(());
        }
        let object = if self.pass_thru {
            match &entry.input {
                Value::Object(o) => o.clone(),
                // A scalar is passed on wrapped, with the note property on the wrapper.
                other => {
                    let o = PsObject::with_type_names(other.type_names());
                    o.set_base_value(other.clone());
                    o
                }
            }
        } else {
            let o = PsObject::custom();
            if self.keys.is_empty() {
                o.set("InputObject", entry.input.clone());
            } else {
                for (key, value) in self.keys.iter().zip(entry.keys) {
                    let name = match key {
                        Key::Name(n) => n.clone(),
                        Key::Script(_, text) => text.clone(),
                    };
                    if !o.has(&name) {
                        o.set(&name, value);
                    }
                }
            }
            o
        };
        object.remove("SideIndicator");
        object.set("SideIndicator", Value::from(side));
        out.emit(rs, Value::Object(object))
    }

    /// One step of PowerShell's matching, for one difference object (or none, at the end).
    fn step(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        difference: Option<Entry>,
    ) -> Eval<()> {
        let mut difference = difference;
        let mut reference = None;
        if let Some(list) = self.reference.as_mut()
            && self.next_reference < list.len()
        {
            // Entries are taken in order; a placeholder keeps the indexes.
            let placeholder = Entry {
                keys: vec![],
                input: Value::Null,
            };
            reference = Some(std::mem::replace(
                &mut list[self.next_reference],
                placeholder,
            ));
            self.next_reference += 1;
        }
        if let (Some(r), Some(d)) = (&reference, &difference)
            && self.same(r, d)
        {
            let r = reference.take();
            return match r {
                Some(r) => self.emit(rs, out, r, "=="),
                None => Ok(()),
            };
        }
        if let Some(d) = &difference {
            let mut backlog = std::mem::take(&mut self.reference_backlog);
            let found = self.take_match(d, &mut backlog);
            self.reference_backlog = backlog;
            if let Some(m) = found {
                self.emit(rs, out, m, "==")?;
                difference = None;
            }
        }
        if let Some(r) = &reference {
            let mut backlog = std::mem::take(&mut self.difference_backlog);
            let found = self.take_match(r, &mut backlog);
            self.difference_backlog = backlog;
            if found.is_some()
                && let Some(r) = reference.take()
            {
                self.emit(rs, out, r, "==")?;
            }
        }
        if let Some(d) = difference {
            if self.sync_window > 0 {
                while self.difference_backlog.len() >= self.sync_window {
                    let oldest = self.difference_backlog.remove(0);
                    self.emit(rs, out, oldest, "=>")?;
                }
                self.difference_backlog.push(d);
            } else {
                self.emit(rs, out, d, "=>")?;
            }
        }
        if let Some(r) = reference {
            if self.sync_window > 0 {
                while self.reference_backlog.len() >= self.sync_window {
                    let oldest = self.reference_backlog.remove(0);
                    self.emit(rs, out, oldest, "<=")?;
                }
                self.reference_backlog.push(r);
            } else {
                self.emit(rs, out, r, "<=")?;
            }
        }
        Ok(())
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(value) = input.or_else(|| self.given.take()) else {
            return Ok(());
        };
        let differences = items(Some(&value));
        if self.reference_given.is_empty() {
            // No reference objects: every difference object is on its side only.
            for e in self.entries(rs, differences)? {
                self.emit(rs, out, e, "=>")?;
            }
            return Ok(());
        }
        if self.reference.is_none() {
            let refs = std::mem::take(&mut self.reference_given);
            self.reference = Some(self.entries(rs, refs.clone())?);
            self.reference_given = refs;
        }
        for e in self.entries(rs, differences)? {
            self.step(rs, out, Some(e))?;
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if self.reference.is_none() && !self.reference_given.is_empty() {
            let refs = std::mem::take(&mut self.reference_given);
            self.reference = Some(self.entries(rs, refs)?);
        }
        let total = self.reference.as_ref().map_or(0, Vec::len);
        while self.next_reference < total {
            self.step(rs, out, None)?;
        }
        for d in std::mem::take(&mut self.difference_backlog) {
            self.emit(rs, out, d, "=>")?;
        }
        for r in std::mem::take(&mut self.reference_backlog) {
            self.emit(rs, out, r, "<=")?;
        }
        Ok(())
    }
}
