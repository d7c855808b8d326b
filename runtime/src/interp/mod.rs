//! The interpreter: a tree-walking evaluator over `rosh_lang`'s syntax tree.
//!
//! Pipelines stream: each object flows through every stage before the next is produced. A
//! stage's output goes to a [`Sink`], which is either the next stage's `process` or the final
//! consumer (a collector, or the host's Out-Default).

mod array_methods;
pub mod binding;
mod bytes_members;
pub mod common_params;
mod convert_statics;
mod directory_statics;
mod dotnet_io;
mod env_statics;
mod expr;
mod file_statics;
mod math_statics;
mod members;
mod param_restrictions;
mod param_validation;
mod path_members;
mod pipeline;
mod provider_gate;
mod pscmdlet;
mod regex_members;
pub mod scope;
mod stmt;
mod string_builder;
mod text_members;
mod trust;
mod tuple_members;
mod value_members;
pub mod visibility;

/// A property of a date, span, GUID, version or enum value, by lower-case name.
pub fn value_property(v: &Value, lower: &str) -> Option<Value> {
    value_members::property(v, lower)
}

use crate::command::Command;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow, InvocationInfo};
use crate::host::{Host, HostStream};
use crate::value::{Array, Value};
pub use pipeline::{StageCommand, StageSpec, emit_enumerated};
pub(crate) use regex_members::regex_object;
pub use regex_members::{check_pattern, find_matches};
use rosh_lang::span::{LineIndex, Span};
use scope::Scopes;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a stage's output goes.
pub trait Sink {
    /// Take one object.
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()>;
}

/// A sink that keeps what it receives.
#[derive(Debug, Default)]
pub struct Collector(pub Vec<Value>);

impl Sink for Collector {
    fn emit(&mut self, _rs: &mut Runspace, v: Value) -> Eval<()> {
        self.0.push(v);
        Ok(())
    }
}

impl Collector {
    /// The collected output as PowerShell hands it to an assignment: nothing is `$null`, one
    /// object is itself, more are an array.
    pub fn into_value(self) -> Value {
        let mut v = self.0;
        match v.len() {
            0 => Value::Null,
            1 => v.pop().unwrap_or(Value::Null),
            _ => Value::Array(Array::new(v)),
        }
    }
}

/// A sink that drops everything (`$null = ...`, `[void]`).
pub struct Discard;

impl Sink for Discard {
    fn emit(&mut self, _rs: &mut Runspace, _v: Value) -> Eval<()> {
        Ok(())
    }
}

/// The sink at the end of a top-level pipeline: formats objects for the host (Out-Default).
pub struct HostSink;

impl Sink for HostSink {
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()> {
        rs.out_default(v);
        Ok(())
    }
}

/// The text a runspace runs: its source, for positions in errors.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    /// The script's path, or `None` for `-Command` text.
    pub path: Option<String>,
    /// The text.
    pub text: Arc<str>,
    /// Its line starts.
    pub lines: Arc<LineIndex>,
}

/// The state of one runspace: scopes, commands, the host, `$?`, `$Error`.
pub struct Runspace {
    /// Variables and functions.
    pub scopes: Scopes,
    commands: HashMap<String, Arc<dyn Command>>,
    aliases: HashMap<String, String>,
    /// Where output goes.
    pub host: Box<dyn Host>,
    /// `$?`.
    pub last_succeeded: bool,
    /// `$LASTEXITCODE`.
    pub last_exit_code: Option<i32>,
    /// `$Error`, newest first.
    pub errors: Vec<ErrorRecord>,
    /// The source being run, for error positions.
    pub source: Option<SourceInfo>,
    /// Buffered objects awaiting formatting by Out-Default.
    pending_output: Vec<Value>,
    /// Nesting of function and script block calls, bounded.
    call_depth: usize,
    /// Environment variables set or removed by the script (`$env:X = ...`).
    env_overrides: HashMap<String, Option<String>>,
    /// Errors captured by a redirection (`2>&1`, `2>$null`) instead of going to the host.
    pub(crate) error_capture: Option<Vec<ErrorRecord>>,
    /// The built-in commands running, innermost last, with their `-ErrorAction`.
    pub(crate) command_stack: Vec<(&'static str, Option<String>)>,
    /// How many `try` blocks are running (errors then go to their `catch`).
    pub(crate) try_depth: usize,
    /// `$Error`: shared, so `$Error.Clear()` works.
    pub(crate) error_list: Array,
    /// The variables running commands fill (`-ErrorVariable`, `-WarningVariable`,
    /// `-InformationVariable`), innermost last; output (`-OutVariable`) is teed by the
    /// command's own processor.
    pub(crate) captures: Vec<common_params::CaptureVariable>,
    /// The `-WarningAction` of the running built-in command.
    pub(crate) warning_action: Option<String>,
    /// Streams (3 to 6) redirected to `$null` by the running pipeline.
    pub(crate) suppressed: [bool; 7],
    /// Streams (3 to 6) merged into the output (`3>&1`) by the running pipeline.
    pub(crate) merged: [bool; 7],
    /// Records of merged streams waiting to join the output, in order.
    pub(crate) stream_capture: Vec<Value>,
    /// Streams (3 to 6) the running pipeline writes to a file (`3>file`).
    pub(crate) to_file: [bool; 7],
    /// Messages of streams written to files, waiting for their pipeline to end.
    pub(crate) file_records: Vec<(usize, String)>,
    /// The current location (`$PWD`): per runspace, never the process's working directory,
    /// because one server process hosts many runspaces.
    location: PathBuf,
    /// Locations saved by `Push-Location`, most recent last.
    location_stack: Vec<PathBuf>,
    /// What scripts may do here now (a running block's own mode while it runs).
    language_mode: crate::language_mode::LanguageMode,
    /// The most restrictive mode the session was ever put in: script text is held to it.
    language_floor: crate::language_mode::LanguageMode,
    /// Set from another thread to stop the running pipeline (Ctrl+C, a remote stop).
    stop: Arc<AtomicBool>,
    /// The `$using:` values a remote command brought, by key (the expression's text,
    /// lower-cased for a plain variable); `None` outside a remote command.
    pub using_values: Option<HashMap<String, Value>>,
    /// State that commands above the runtime keep per runspace (sessions, jobs), by type.
    extensions: HashMap<TypeId, Box<dyn Any + Send>>,
    /// Which commands the user may run (session configurations).
    pub(crate) visibility: visibility::CommandVisibility,
    /// Whether the code running now is the session configuration's own.
    pub(crate) trusted_code: bool,
    /// The module a built-in command belongs to, for module-qualified names
    /// (`Microsoft.PowerShell.Management\Get-Item`); set by whoever registers the commands.
    module_of: Option<fn(&str) -> &'static str>,
    /// Builds the `FileInfo`/`DirectoryInfo` object of a path (set by the standard library).
    item_of: Option<fn(&Path) -> Option<Value>>,
}

/// The redirection number of a stream (`3` for warnings); 0 for output, 2 for errors.
fn stream_index(stream: HostStream) -> usize {
    match stream {
        HostStream::Output => 0,
        HostStream::Error => 2,
        HostStream::Warning => 3,
        HostStream::Verbose => 4,
        HostStream::Debug => 5,
        HostStream::Information => 6,
    }
}

/// `path` with `.` and `..` segments folded lexically (`/a/./b/../c` is `/a/c`).
pub fn normalize_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push("/");
    }
    out
}

/// Deepest nesting of function and script block calls.
pub const MAX_CALL_DEPTH: usize = 200;

impl Runspace {
    /// A runspace writing to `host`.
    pub fn new(host: Box<dyn Host>) -> Self {
        let mut rs = Runspace {
            scopes: Scopes::default(),
            commands: HashMap::new(),
            aliases: HashMap::new(),
            host,
            last_succeeded: true,
            last_exit_code: None,
            errors: Vec::new(),
            source: None,
            pending_output: Vec::new(),
            call_depth: 0,
            env_overrides: HashMap::new(),
            error_capture: None,
            command_stack: Vec::new(),
            try_depth: 0,
            error_list: Array::new(vec![]),
            captures: Vec::new(),
            to_file: [false; 7],
            file_records: Vec::new(),
            warning_action: None,
            suppressed: [false; 7],
            merged: [false; 7],
            stream_capture: Vec::new(),
            location: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            location_stack: Vec::new(),
            language_mode: crate::language_mode::LanguageMode::default(),
            language_floor: crate::language_mode::LanguageMode::default(),
            stop: Arc::new(AtomicBool::new(false)),
            using_values: None,
            extensions: HashMap::new(),
            visibility: visibility::CommandVisibility::default(),
            trusted_code: false,
            module_of: None,
            item_of: None,
        };
        rs.init_variables();
        rs
    }

    fn init_variables(&mut self) {
        use scope::Target::Global;
        self.scopes.set(Global, "true", Value::Bool(true));
        self.scopes.set(Global, "false", Value::Bool(false));
        self.scopes.set(Global, "null", Value::Null);
        self.scopes
            .set(Global, "PID", Value::Int(std::process::id() as i32));
        if let Some(home) = std::env::var_os("HOME") {
            self.scopes.set(
                Global,
                "HOME",
                Value::from(home.to_string_lossy().into_owned()),
            );
        }
        self.scopes
            .set(Global, "ErrorActionPreference", Value::str("Continue"));
        self.scopes
            .set(Global, "WarningPreference", Value::str("Continue"));
        self.scopes
            .set(Global, "VerbosePreference", Value::str("SilentlyContinue"));
        self.scopes
            .set(Global, "DebugPreference", Value::str("SilentlyContinue"));
        self.scopes
            .set(Global, "ProgressPreference", Value::str("Continue"));
        self.scopes.set(
            Global,
            "InformationPreference",
            Value::str("SilentlyContinue"),
        );
        self.scopes.set(Global, "OFS", Value::str(" "));
    }

    /// The flag that stops the running pipeline when set (from any thread). The pipeline
    /// ends with PowerShell's `PipelineStoppedException`; clear the flag before the next run.
    pub fn stop_handle(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Makes `stop` this runspace's stop flag (a replacement runspace keeps the flag its
    /// owner already holds).
    pub fn share_stop_handle(&mut self, stop: Arc<AtomicBool>) {
        self.stop = stop;
    }

    /// Whether a stop was requested.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Ends the running pipeline when a stop was requested: loops, pipelines, waits and
    /// native programs call this.
    pub fn check_stop(&self) -> Eval<()> {
        if self.stopping() {
            Err(Flow::Error(Box::new(ErrorRecord::pipeline_stopped())))
        } else {
            Ok(())
        }
    }

    /// Per-runspace state of type `T` kept for commands above the runtime, created on first
    /// use.
    pub fn extension<T: Default + Send + 'static>(&mut self) -> &mut T {
        let entry = self
            .extensions
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()));
        match entry.downcast_mut::<T>() {
            Some(t) => t,
            // The map is keyed by the type's id, so the box always holds a `T`.
            None => unreachable!("extension map entry of the wrong type"),
        }
    }

    /// The current location.
    pub fn location(&self) -> &Path {
        &self.location
    }

    /// Change the current location to `path` (already resolved and checked to be a directory).
    pub fn set_location(&mut self, path: PathBuf) {
        self.location = path;
    }

    /// The stack `Push-Location` and `Pop-Location` use, most recent last.
    pub fn location_stack(&mut self) -> &mut Vec<PathBuf> {
        &mut self.location_stack
    }

    /// A path as the script wrote it, made absolute against the current location: `~` is the
    /// home directory, `.` and `..` segments are folded without touching the file system.
    pub fn resolve_path(&self, path: &str) -> PathBuf {
        let expanded: PathBuf = if path == "~" || path.starts_with("~/") {
            let home = self.env("HOME").unwrap_or_else(|| "/".into());
            PathBuf::from(home).join(path.trim_start_matches('~').trim_start_matches('/'))
        } else {
            PathBuf::from(path)
        };
        let joined = if expanded.is_absolute() {
            expanded
        } else {
            self.location.join(expanded)
        };
        normalize_path(&joined)
    }

    /// An environment variable as the script sees it.
    pub fn env(&self, name: &str) -> Option<String> {
        match self.env_overrides.get(name) {
            Some(v) => v.clone(),
            None => std::env::var(name).ok(),
        }
    }

    /// Set (or, with an empty value, remove) an environment variable for the script and the
    /// processes it starts.
    pub fn set_env(&mut self, name: &str, value: &str) {
        let v = if value.is_empty() {
            None
        } else {
            Some(value.to_string())
        };
        self.env_overrides.insert(name.to_string(), v);
    }

    /// The environment changes to pass to child processes.
    pub fn env_overrides(&self) -> &HashMap<String, Option<String>> {
        &self.env_overrides
    }

    /// Register a built-in command.
    pub fn add_command(&mut self, c: Arc<dyn Command>) {
        self.commands.insert(c.name().to_lowercase(), c);
    }

    /// Register an alias.
    pub fn add_alias(&mut self, alias: &str, target: &str) {
        self.note_alias_definer(alias);
        self.aliases
            .insert(alias.to_lowercase(), target.to_string());
    }

    /// Name the module each built-in command belongs to, so module-qualified names
    /// (`Microsoft.PowerShell.Utility\Get-Date`) resolve.
    pub fn set_module_resolver(&mut self, module_of: fn(&str) -> &'static str) {
        self.module_of = Some(module_of);
    }

    /// Set how `FileInfo`/`DirectoryInfo` objects are built (`[IO.Directory]::CreateDirectory`).
    pub fn set_item_builder(&mut self, item_of: fn(&Path) -> Option<Value>) {
        self.item_of = Some(item_of);
    }

    /// The `FileInfo`/`DirectoryInfo` object of an existing path, or its text without a builder.
    pub(crate) fn item_object(&self, path: &Path) -> Value {
        self.item_of
            .and_then(|f| f(path))
            .unwrap_or_else(|| Value::from(path.to_string_lossy().into_owned()))
    }

    /// The module of the built-in command `name`, when known.
    pub fn module_of(&self, name: &str) -> Option<&'static str> {
        self.module_of.map(|f| f(name))
    }

    /// The built-in command with this name, if the running code may see it.
    pub fn command(&self, name: &str) -> Option<Arc<dyn Command>> {
        self.commands
            .get(&name.to_lowercase())
            .filter(|c| self.command_visible(visibility::CommandKind::Cmdlet, c.name()))
            .cloned()
    }

    /// What an alias stands for, if the running code may see it.
    pub fn alias(&self, name: &str) -> Option<&str> {
        self.aliases
            .get(&name.to_lowercase())
            .filter(|_| self.alias_visible(name))
            .map(String::as_str)
    }

    /// Names of the built-in commands the running code may see.
    pub fn command_names(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .commands
            .values()
            .map(|c| c.name())
            .filter(|n| self.command_visible(visibility::CommandKind::Cmdlet, n))
            .collect();
        v.sort_unstable();
        v
    }

    /// The aliases the running code may see: (alias, target).
    pub fn alias_list(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .aliases
            .iter()
            .filter(|(a, _)| self.alias_visible(a))
            .map(|(a, t)| (a.clone(), t.clone()))
            .collect();
        v.sort();
        v
    }

    /// The function `name` finds from the current scope, if the running code may see it.
    pub fn function(&self, name: &str) -> Option<&scope::FunctionInfo> {
        self.scopes
            .function(name)
            .filter(|f| self.function_visible(name, &f.def.body.source))
    }

    /// Every function name the running code may see (as defined: `global:prompt`).
    pub fn function_names(&self) -> Vec<String> {
        self.scopes
            .function_names()
            .into_iter()
            .filter(|n| {
                let bare = n.rsplit_once(':').map_or(n.as_str(), |(_, b)| b);
                self.function(bare).is_some()
            })
            .collect()
    }

    /// Where a span is, for `InvocationInfo`.
    pub fn position(&self, span: Span) -> InvocationInfo {
        match &self.source {
            Some(src) => {
                let lc = src.lines.line_col(&src.text, span.start);
                let line_text = src.lines.line_text(&src.text, lc.line).to_string();
                let width = span
                    .text(&src.text)
                    .lines()
                    .next()
                    .map_or(1, |l| l.chars().count().max(1));
                InvocationInfo {
                    script_name: src.path.clone(),
                    line: lc.line,
                    column: lc.column,
                    line_text,
                    width,
                    command_name: None,
                }
            }
            None => InvocationInfo::default(),
        }
    }

    /// Report a non-terminating error: record it in `$Error` and write it to the error stream,
    /// unless the error action says otherwise. With `-ErrorAction Stop` (or
    /// `$ErrorActionPreference = 'Stop'`) it becomes a terminating error.
    pub fn write_error(&mut self, mut e: ErrorRecord) -> Eval<()> {
        self.last_succeeded = false;
        if let Some((name, _)) = self.command_stack.last()
            && e.origin.is_none()
            && e.invocation
                .as_ref()
                .is_none_or(|i| i.command_name.is_none())
        {
            let mut inv = e.invocation.take().unwrap_or_default();
            inv.command_name = Some(name.to_string());
            e.invocation = Some(inv);
        }
        let action = self
            .command_stack
            .last()
            .and_then(|(_, a)| a.clone())
            .unwrap_or_else(|| self.preference("ErrorActionPreference"));
        let action = action.to_ascii_lowercase();
        if action == "stop" {
            e.script_terminating = true;
            return Err(Flow::Error(Box::new(e)));
        }
        if action != "ignore" {
            self.record_error(&e);
        }
        self.capture(
            common_params::CaptureStream::Error,
            crate::interp::stmt::error_value(&e),
        );
        if let Some(capture) = self.error_capture.as_mut() {
            capture.push(e);
            return Ok(());
        }
        if action == "silentlycontinue" || action == "ignore" {
            return Ok(());
        }
        self.flush_output();
        self.host.write_error_record(&e);
        Ok(())
    }

    /// Add an error to `$Error` (newest first, at most 256 kept).
    pub fn record_error(&mut self, e: &ErrorRecord) {
        self.errors.insert(0, e.clone());
        self.errors.truncate(256);
        self.error_list
            .insert_front(crate::interp::stmt::error_value(e), 256);
    }

    /// Hand a record to the running commands' capture variables for `stream`.
    pub(crate) fn capture(&mut self, stream: common_params::CaptureStream, record: Value) {
        for c in self.captures.iter_mut().filter(|c| c.stream == stream) {
            c.items.push(record.clone());
        }
    }

    /// Record a warning or information message in the running commands'
    /// `-WarningVariable`/`-InformationVariable`, whether or not it is shown.
    pub fn capture_stream(&mut self, stream: HostStream, message: &str) {
        let target = match stream {
            HostStream::Warning => common_params::CaptureStream::Warning,
            HostStream::Information => common_params::CaptureStream::Information,
            _ => return,
        };
        if self.captures.iter().any(|c| c.stream == target) {
            let record = crate::automatic::stream_record(stream, message);
            self.capture(target, record);
        }
    }

    /// Report progress (Write-Progress) to the host, unless `$ProgressPreference` (or the
    /// command's `-ProgressAction`) is `SilentlyContinue` or `Ignore`.
    pub fn write_progress(&mut self, record: &crate::host::ProgressRecord) {
        let preference = self.preference("ProgressPreference");
        if preference.eq_ignore_ascii_case("SilentlyContinue")
            || preference.eq_ignore_ascii_case("Ignore")
        {
            return;
        }
        self.flush_output();
        self.host.write_progress(0, record);
    }

    /// A preference variable's value as text.
    pub fn preference(&self, name: &str) -> String {
        self.scopes
            .get(name)
            .map(|v| crate::convert::to_str(&v.value))
            .unwrap_or_default()
    }

    /// The effective action for warnings: `-WarningAction` of the running command, else
    /// `$WarningPreference`.
    pub fn warning_action(&self) -> String {
        self.warning_action
            .clone()
            .unwrap_or_else(|| self.preference("WarningPreference"))
    }

    /// Write text to the host on a stream (flushing formatted output first, so order holds).
    pub fn host_write(&mut self, stream: HostStream, text: &str) {
        let index = stream_index(stream);
        if index > 0 && self.suppressed[index] {
            return;
        }
        self.flush_output();
        self.host.write(stream, text);
    }

    /// Write a message to the warning, verbose, debug or information stream: dropped when
    /// the stream is redirected to `$null`, a record in the output when it is merged
    /// (`3>&1`), else shown by the host with the stream's prefix (`WARNING: `).
    /// `Write-Host` text goes to the information stream with `host_text` set.
    pub fn write_stream(&mut self, stream: HostStream, message: &str, host_text: bool) {
        let index = stream_index(stream);
        // A stage's own `3>&1` wins over another stage's `3>$null`.
        if self.merged[index] {
            let record = crate::automatic::stream_record(stream, message);
            self.stream_capture.push(record);
            return;
        }
        if self.to_file[index] {
            self.file_records.push((index, message.to_string()));
            return;
        }
        if self.suppressed[index] {
            return;
        }
        self.flush_output();
        if host_text {
            self.host.write_host_text(message);
        } else {
            self.host.write_record(stream, message);
        }
    }

    /// `$MyInvocation` for a call of `name` at `span`, read after its parameters are bound.
    pub(crate) fn invocation_info(&self, name: &str, filter: bool, span: Span) -> Value {
        let position = self.position(span);
        let get = |n: &str| {
            self.scopes
                .get(n)
                .map(|v| v.value.clone())
                .unwrap_or(Value::Null)
        };
        crate::automatic::invocation_info(&crate::automatic::Invocation {
            name,
            command_type: if filter { "Filter" } else { "Function" },
            script_name: position.script_name.as_deref(),
            line: position.line,
            column: position.column,
            line_text: &position.line_text,
            bound_parameters: get("PSBoundParameters"),
            unbound: get("args"),
        })
    }

    /// Whether a stream is merged into the output (`6>&1`) or written to a file (`6>file`)
    /// by a running redirection: its records are then kept whatever the preference.
    pub fn stream_merged(&self, stream: HostStream) -> bool {
        let i = stream_index(stream);
        self.merged[i] || self.to_file[i]
    }

    /// Send an object to Out-Default.
    pub fn out_default(&mut self, v: Value) {
        self.pending_output.push(v);
        // Scalars can be written at once; objects wait so a table can size its columns.
        if self
            .pending_output
            .iter()
            .all(crate::output::is_scalar_like)
        {
            self.flush_output();
        }
    }

    /// Format and write any objects waiting for Out-Default.
    pub fn flush_output(&mut self) {
        if self.pending_output.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.pending_output);
        let text = crate::output::format_in(self, &items);
        if !text.is_empty() {
            self.host.write(HostStream::Output, &text);
        }
    }

    /// A terminating error at `span`.
    pub fn error_at(
        &self,
        span: Span,
        id: &str,
        category: ErrorCategory,
        message: impl Into<String>,
    ) -> Flow {
        let mut e = ErrorRecord::new(id, category, message);
        e.invocation = Some(self.position(span));
        Flow::Error(Box::new(e))
    }
}

/// What ended a script run.
#[derive(Debug)]
pub enum RunOutcome {
    /// It ran to the end; `$?` was this at the end.
    Completed {
        /// The final `$?`.
        succeeded: bool,
    },
    /// `exit N`.
    Exited(i32),
    /// A terminating error escaped.
    Failed(Box<ErrorRecord>),
}
