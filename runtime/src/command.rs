//! Commands: the `Command` trait built-in commands implement, their parameter metadata, and
//! the processor protocol (begin, process per input object, end) a pipeline drives.

use crate::error::Eval;
use crate::interp::{Runspace, Sink};
use crate::value::Value;
use std::collections::HashMap;

/// How a parameter takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `-Name value`.
    Value,
    /// `-Name` alone means true.
    Switch,
}

/// One parameter of a built-in command.
#[derive(Clone, Debug)]
pub struct ParamSpec {
    /// The canonical name.
    pub name: &'static str,
    /// Aliases (`-ea` for `-ErrorAction`).
    pub aliases: &'static [&'static str],
    /// Value or switch.
    pub kind: ParamKind,
    /// Position for positional binding.
    pub position: Option<usize>,
    /// Takes pipeline input by value.
    pub pipeline: bool,
    /// Takes the rest of the positional arguments (`ValueFromRemainingArguments`).
    pub remaining: bool,
    /// The type help and syntax show, in PowerShell's short notation (`string[]`, `int`,
    /// `scriptblock`, `Object`, `PSSession[]`); `switch` for a switch.
    pub type_name: &'static str,
    /// Required (`Mandatory`) in the parameter sets it belongs to.
    pub mandatory: bool,
    /// The parameter sets it belongs to; empty means every set.
    pub sets: &'static [&'static str],
    /// Accepts wildcard characters (`SupportsWildcards`).
    pub wildcards: bool,
    /// What it does, for Get-Help's PARAMETERS section; empty when not written.
    pub description: &'static str,
}

impl ParamSpec {
    /// A named value parameter.
    pub const fn value(name: &'static str) -> Self {
        ParamSpec {
            name,
            aliases: &[],
            kind: ParamKind::Value,
            position: None,
            pipeline: false,
            remaining: false,
            type_name: "Object",
            mandatory: false,
            sets: &[],
            wildcards: false,
            description: "",
        }
    }

    /// A switch parameter.
    pub const fn switch(name: &'static str) -> Self {
        ParamSpec {
            name,
            aliases: &[],
            kind: ParamKind::Switch,
            position: None,
            pipeline: false,
            remaining: false,
            type_name: "switch",
            mandatory: false,
            sets: &[],
            wildcards: false,
            description: "",
        }
    }

    /// Set the position.
    pub const fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    /// Take pipeline input.
    pub const fn from_pipeline(mut self) -> Self {
        self.pipeline = true;
        self
    }

    /// Set aliases.
    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    /// Take the remaining arguments.
    pub const fn remaining(mut self) -> Self {
        self.remaining = true;
        self
    }

    /// Set the type help shows (`.of("string[]")`).
    pub const fn of(mut self, type_name: &'static str) -> Self {
        self.type_name = type_name;
        self
    }

    /// Make it required in its parameter sets.
    pub const fn mandatory(mut self) -> Self {
        self.mandatory = true;
        self
    }

    /// Put it in these parameter sets only.
    pub const fn in_sets(mut self, sets: &'static [&'static str]) -> Self {
        self.sets = sets;
        self
    }

    /// Mark it as accepting wildcard characters.
    pub const fn wildcards(mut self) -> Self {
        self.wildcards = true;
        self
    }

    /// Describe it for Get-Help.
    pub const fn describe(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// True when it belongs to parameter set `set`.
    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| s.eq_ignore_ascii_case(set))
    }
}

/// Arguments bound to a built-in command's parameters (by canonical name, lower-cased).
#[derive(Clone, Debug, Default)]
pub struct BoundArgs {
    values: HashMap<String, Value>,
}

impl BoundArgs {
    /// Bind `name` to `value`.
    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_ascii_lowercase(), value);
    }

    /// Unbind `name`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.values.remove(&name.to_ascii_lowercase())
    }

    /// The value bound to `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(&name.to_ascii_lowercase())
    }

    /// True when `name` was bound.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(&name.to_ascii_lowercase())
    }

    /// A switch's state.
    pub fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(crate::convert::is_true)
    }
}

/// The running instance of a command in a pipeline.
pub trait Processor {
    /// Before any input.
    fn begin(&mut self, _rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        Ok(())
    }
    /// Once per input object; `None` when the command is first in its pipeline.
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()>;
    /// After all input.
    fn end(&mut self, _rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        Ok(())
    }
    /// The command's error stream is redirected: a native program's stderr is read as error
    /// records rather than left on the terminal. Other commands ignore it.
    fn capture_stderr(&mut self) {}
}

/// A built-in command.
pub trait Command: Send + Sync {
    /// Its name (`ForEach-Object`).
    fn name(&self) -> &'static str;
    /// Its parameters, beyond the common parameters.
    fn parameters(&self) -> &'static [ParamSpec];
    /// A processor for one invocation with bound arguments.
    fn start(&self, rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>>;
    /// Examples of its use: Get-Help shows them, and `stdlib/tests/examples.rs` runs each
    /// one and checks its output.
    fn examples(&self) -> &'static [Example] {
        &[]
    }
    /// One sentence saying what it does (Get-Help's SYNOPSIS and the listings' Synopsis).
    fn synopsis(&self) -> &'static str {
        ""
    }
    /// What it does in more detail (Get-Help's DESCRIPTION); paragraphs separated by blank
    /// lines, each paragraph one line (help wraps them to the screen).
    fn description(&self) -> &'static str {
        ""
    }
    /// The parameter set used when the arguments do not decide (listed first in syntax);
    /// `None` when the parameters declare no sets or the first declared set is the default.
    fn default_parameter_set(&self) -> Option<&'static str> {
        None
    }
    /// Commands and help topics Get-Help lists under RELATED LINKS, beyond the commands
    /// that share its noun.
    fn related(&self) -> &'static [&'static str] {
        &[]
    }
}

/// One example of a command's use.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// What it shows, one sentence.
    pub description: &'static str,
    /// The script, run in a fresh runspace.
    pub code: &'static str,
    /// What it writes to the output, exactly as the console shows it (trailing newlines
    /// ignored).
    pub output: &'static str,
}
