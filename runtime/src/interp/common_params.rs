//! The common parameters (`-ErrorAction`, `-Verbose`, `-OutVariable`, ...) as one value,
//! taken from a built-in command's bound arguments or a function's named arguments, and the
//! variables they fill (`-ErrorVariable`, `-WarningVariable`, `-InformationVariable`,
//! `-OutVariable`).

use crate::command::BoundArgs;
use crate::convert::{is_true, to_str};
use crate::value::Value;

/// The common parameters given to one command.
#[derive(Clone, Debug, Default)]
pub struct CommonParams {
    /// `-ErrorAction`.
    pub error_action: Option<String>,
    /// `-WarningAction`.
    pub warning_action: Option<String>,
    /// `-InformationAction`.
    pub information_action: Option<String>,
    /// `-Verbose` / `-Verbose:$false`.
    pub verbose: Option<bool>,
    /// `-Debug` / `-Debug:$false`.
    pub debug: Option<bool>,
    /// `-WhatIf` (commands that support ShouldProcess).
    pub what_if: Option<bool>,
    /// `-ErrorVariable` (a leading `+` appends).
    pub error_variable: Option<String>,
    /// `-WarningVariable`.
    pub warning_variable: Option<String>,
    /// `-InformationVariable`.
    pub information_variable: Option<String>,
    /// `-OutVariable`.
    pub out_variable: Option<String>,
}

/// Which stream a capture variable collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureStream {
    /// Output objects (`-OutVariable`).
    Output,
    /// Error records (`-ErrorVariable`).
    Error,
    /// Warning records (`-WarningVariable`).
    Warning,
    /// Information records (`-InformationVariable`).
    Information,
}

/// A variable a running command fills (`-ErrorVariable e`): where and what it has so far.
#[derive(Clone, Debug)]
pub struct CaptureVariable {
    /// The stream it collects.
    pub stream: CaptureStream,
    /// The variable name, without `+`.
    pub name: String,
    /// `+name`: append to the variable's current contents.
    pub append: bool,
    /// What it collected.
    pub items: Vec<Value>,
}

impl CommonParams {
    /// Record a common parameter by its canonical name; false when `name` is not one.
    pub fn set(&mut self, canonical: &str, v: &Value) -> bool {
        let text = || Some(to_str(v));
        match canonical.to_ascii_lowercase().as_str() {
            "erroraction" => self.error_action = text(),
            "warningaction" => self.warning_action = text(),
            "informationaction" => self.information_action = text(),
            "verbose" => self.verbose = Some(is_true(v)),
            "debug" => self.debug = Some(is_true(v)),
            "whatif" => self.what_if = Some(is_true(v)),
            "errorvariable" => self.error_variable = text(),
            "warningvariable" => self.warning_variable = text(),
            "informationvariable" => self.information_variable = text(),
            "outvariable" => self.out_variable = text(),
            "confirm" | "outbuffer" | "pipelinevariable" | "progressaction" => {}
            _ => return false,
        }
        true
    }

    /// The common parameters among a built-in command's bound arguments.
    pub fn from_bound(bound: &BoundArgs) -> CommonParams {
        let mut c = CommonParams::default();
        for name in super::binding::COMMON {
            if let Some(v) = bound.get(name) {
                c.set(name, v);
            }
        }
        c
    }

    /// The preference variables a function gets in its own scope from these parameters
    /// (`-Verbose` makes `$VerbosePreference` `Continue` inside it).
    pub fn preference_variables(&self) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        let flag = |on: bool| Value::str(if on { "Continue" } else { "SilentlyContinue" });
        if let Some(a) = &self.error_action {
            out.push(("ErrorActionPreference", Value::str(a)));
        }
        if let Some(a) = &self.warning_action {
            out.push(("WarningPreference", Value::str(a)));
        }
        if let Some(a) = &self.information_action {
            out.push(("InformationPreference", Value::str(a)));
        }
        if let Some(on) = self.verbose {
            out.push(("VerbosePreference", flag(on)));
        }
        if let Some(on) = self.debug {
            out.push(("DebugPreference", flag(on)));
        }
        if let Some(on) = self.what_if {
            out.push(("WhatIfPreference", Value::Bool(on)));
        }
        out
    }

    /// The capture variables these parameters ask for.
    pub fn capture_variables(&self) -> Vec<CaptureVariable> {
        [
            (CaptureStream::Output, &self.out_variable),
            (CaptureStream::Error, &self.error_variable),
            (CaptureStream::Warning, &self.warning_variable),
            (CaptureStream::Information, &self.information_variable),
        ]
        .into_iter()
        .filter_map(|(stream, name)| {
            let name = name.as_deref()?;
            let (append, name) = match name.strip_prefix('+') {
                Some(n) => (true, n),
                None => (false, name),
            };
            (!name.is_empty()).then(|| CaptureVariable {
                stream,
                name: name.to_string(),
                append,
                items: Vec::new(),
            })
        })
        .collect()
    }
}

/// The capture variables of one running command: made active around each of its phases
/// (so records written by commands it calls are caught too) and written to the caller's
/// scope after each phase.
#[derive(Debug, Default)]
pub(crate) struct CommandCaptures {
    vars: Vec<CaptureVariable>,
}

/// Tees a command's output into its `-OutVariable`.
struct Tee<'a> {
    inner: &'a mut dyn super::Sink,
    items: &'a mut Vec<Value>,
}

impl super::Sink for Tee<'_> {
    fn emit(&mut self, rs: &mut super::Runspace, v: Value) -> crate::error::Eval<()> {
        self.items.push(v.clone());
        self.inner.emit(rs, v)
    }
}

impl CommandCaptures {
    /// The captures `common` asks for; `+name` starts from the variable's contents.
    pub(crate) fn new(rs: &super::Runspace, common: &CommonParams) -> Self {
        let mut vars = common.capture_variables();
        for v in vars.iter_mut().filter(|v| v.append) {
            match rs.scopes.get(&v.name).map(|x| x.value.clone()) {
                Some(Value::Array(a)) => v.items = a.to_vec(),
                Some(Value::Null) | None => {}
                Some(other) => v.items = vec![other],
            }
        }
        CommandCaptures { vars }
    }

    /// Run one phase of the command with its captures active; the variables are written
    /// after the `last` phase or a failure.
    pub(crate) fn run<T>(
        &mut self,
        rs: &mut super::Runspace,
        last: bool,
        out: &mut dyn super::Sink,
        f: impl FnOnce(&mut super::Runspace, &mut dyn super::Sink) -> crate::error::Eval<T>,
    ) -> crate::error::Eval<T> {
        if self.vars.is_empty() {
            return f(rs, out);
        }
        let base = rs.captures.len();
        let (output, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.vars)
            .into_iter()
            .partition(|v| v.stream == CaptureStream::Output);
        rs.captures.extend(others);
        let mut teed = Vec::new();
        let r = if output.is_empty() {
            f(rs, out)
        } else {
            f(
                rs,
                &mut Tee {
                    inner: out,
                    items: &mut teed,
                },
            )
        };
        self.vars = rs.captures.split_off(base);
        if let Err(crate::error::Flow::Error(e)) = &r {
            let record = super::stmt::error_value(e);
            for v in self.vars.iter_mut() {
                if v.stream == CaptureStream::Error {
                    v.items.push(record.clone());
                }
            }
        }
        for mut v in output {
            v.items.extend(teed.iter().cloned());
            self.vars.push(v);
        }
        if last || r.is_err() {
            self.publish(rs);
        }
        r
    }

    /// Write the variables into the current scope.
    fn publish(&self, rs: &mut super::Runspace) {
        for v in &self.vars {
            rs.scopes.set(
                super::scope::Target::Local,
                &v.name,
                Value::Array(crate::value::Array::new(v.items.clone())),
            );
        }
    }
}
