//! Pipelines: command resolution (alias, function, built-in, native), argument evaluation and
//! splatting, the processors of functions, script blocks and native programs, the streaming
//! driver, redirections and `&&`/`||` chains.

use super::binding::{Arg, FunctionParam, FunctionSignature, bind_builtin, declared_signature};
use super::common_params::{CommandCaptures, CommonParams};
use super::param_restrictions;
use super::scope::{Scope, Target, Variable};
use super::visibility::CommandKind;
use super::{Collector, Runspace, Sink};
use crate::command::Processor;
use crate::convert::to_str;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow};
use crate::language_mode::LanguageMode;
use crate::value::{Array, ScriptBlockValue, Value};
use rosh_lang::ast::*;
use rosh_lang::span::Span;
use std::sync::Arc;

/// Feeds a stage's output to the stages after it.
struct Downstream<'a> {
    stages: &'a mut [Box<dyn Processor>],
    out: &'a mut dyn Sink,
}

impl Sink for Downstream<'_> {
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()> {
        rs.check_stop()?;
        match self.stages.split_first_mut() {
            Some((first, rest)) => {
                let mut next = Downstream {
                    stages: rest,
                    out: &mut *self.out,
                };
                first.process(rs, Some(v), &mut next)
            }
            None => self.out.emit(rs, v),
        }
    }
}

/// Emit a value into a pipeline, enumerating arrays one level.
pub fn emit_enumerated(rs: &mut Runspace, out: &mut dyn Sink, v: Value) -> Eval<()> {
    match v {
        Value::Array(a) => {
            for item in a.to_vec() {
                out.emit(rs, item)?;
            }
            Ok(())
        }
        other => out.emit(rs, other),
    }
}

/// Output that goes to a file (`> path`, `>> path`) as formatted text.
struct FileSink {
    path: String,
    resolved: std::path::PathBuf,
    append: bool,
    items: Vec<Value>,
}

impl Sink for FileSink {
    fn emit(&mut self, _rs: &mut Runspace, v: Value) -> Eval<()> {
        self.items.push(v);
        Ok(())
    }
}

impl FileSink {
    fn finish(self, rs: &mut Runspace) -> Eval<()> {
        use std::io::Write;
        // As Out-File: formatted as the console shows it, script properties included.
        let text = crate::output::format_in(rs, &self.items);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(self.append)
            .truncate(!self.append)
            .open(&self.resolved);
        let mut f = file.map_err(|e| {
            Flow::error(
                "FileOpenFailure",
                ErrorCategory::WriteError,
                format!("Could not open file '{}': {e}", self.path),
            )
        })?;
        f.write_all(text.as_bytes()).map_err(|e| {
            Flow::error(
                "FileWriteFailure",
                ErrorCategory::WriteError,
                format!("Could not write file '{}': {e}", self.path),
            )
        })
    }
}

/// How a command's streams are redirected.
#[derive(Default)]
struct Redirects {
    /// Streams 3 to 6 sent to `$null`.
    suppressed: [bool; 7],
    /// Streams 3 to 6 merged into the output (`3>&1`, `*>&1`).
    merged: [bool; 7],
    errors_to_output: bool,
    errors_discarded: bool,
    output_file: Option<(String, bool)>,
    error_file: Option<(String, bool)>,
    /// Streams 3 to 6 written to a file (`3>warnings.txt`).
    stream_files: [Option<(String, bool)>; 7],
    output_discarded: bool,
}

impl Runspace {
    /// Run a pipeline chain (`a && b || c`).
    pub(crate) fn run_chain(&mut self, chain: &PipelineChain, out: &mut dyn Sink) -> Eval<()> {
        if chain.background {
            return Err(self.error_at(
                chain.span,
                "BackgroundJobNotSupported",
                ErrorCategory::NotSpecified,
                "Running a pipeline in the background with '&' is not supported by rosh yet; use Start-Job when it is available.",
            ));
        }
        self.run_pipeline(&chain.first, out)?;
        for (op, p) in &chain.rest {
            let run = match op {
                ChainOp::And => self.last_succeeded,
                ChainOp::Or => !self.last_succeeded,
            };
            if run {
                self.run_pipeline(p, out)?;
            }
        }
        Ok(())
    }

    fn redirects(&mut self, rs: &[Redirection]) -> Eval<Redirects> {
        let mut r = Redirects::default();
        for rd in rs {
            match (&rd.target, rd.from) {
                (RedirectionTarget::Merge(_), RedirectionStream::Error) => {
                    r.errors_to_output = true
                }
                (RedirectionTarget::Merge(_), RedirectionStream::All) => {
                    r.errors_to_output = true;
                    r.merged = [false, false, false, true, true, true, true];
                }
                (RedirectionTarget::Merge(_), from) => {
                    if let Some(i) = informational_index(from) {
                        r.merged[i] = true;
                    }
                }
                (RedirectionTarget::File { path, append }, from) => {
                    let is_null = matches!(&path.kind, ExprKind::Variable(v) if v.name.eq_ignore_ascii_case("null") && v.qualifier.is_none());
                    let target = if is_null {
                        None
                    } else {
                        Some(to_str(&self.eval(path)?))
                    };
                    match from {
                        RedirectionStream::Output => match target {
                            None => r.output_discarded = true,
                            Some(p) => r.output_file = Some((p, *append)),
                        },
                        RedirectionStream::Error => match target {
                            None => r.errors_discarded = true,
                            Some(p) => r.error_file = Some((p, *append)),
                        },
                        RedirectionStream::Warning
                        | RedirectionStream::Verbose
                        | RedirectionStream::Debug
                        | RedirectionStream::Information => {
                            let i = informational_index(from).unwrap_or(6);
                            match target {
                                None => r.suppressed[i] = true,
                                Some(p) => r.stream_files[i] = Some((p, *append)),
                            }
                        }
                        RedirectionStream::All => match target {
                            None => {
                                r.output_discarded = true;
                                r.errors_discarded = true;
                                r.suppressed = [true; 7];
                            }
                            Some(p) => {
                                r.output_file = Some((p, *append));
                                r.errors_to_output = true;
                                r.merged = [false, false, false, true, true, true, true];
                            }
                        },
                    }
                }
            }
        }
        Ok(r)
    }

    /// Run one pipeline, streaming each object through every stage.
    pub(crate) fn run_pipeline(&mut self, p: &Pipeline, out: &mut dyn Sink) -> Eval<()> {
        self.last_succeeded = true;
        let mut stages: Vec<Box<dyn Processor>> = Vec::with_capacity(p.elements.len());
        let mut source: Option<(&Expr, &[Redirection])> = None;
        let mut all_redirects: Vec<(&[Redirection], bool)> = Vec::new();
        let last = p.elements.len().saturating_sub(1);
        for (i, el) in p.elements.iter().enumerate() {
            match el {
                PipelineElement::Expression { expr, redirections } if i == 0 => {
                    source = Some((expr, redirections));
                    all_redirects.push((redirections, false));
                }
                PipelineElement::Expression { expr, .. } => {
                    return Err(self.error_at(
                        expr.span,
                        "ExpressionsMustBeFirstInPipeline",
                        ErrorCategory::ParserError,
                        "Expressions are only allowed as the first element of a pipeline.",
                    ));
                }
                PipelineElement::Command(c) => {
                    let processor = self.command_processor(c, i > 0)?;
                    // A stage before the last with `2>&1` or `3>&1` sends its errors and records
                    // to the next stage.
                    let (errors, streams) = stage_merges(&c.redirections);
                    let merges_here = i < last && (errors || streams.iter().any(|s| *s));
                    stages.push(if merges_here {
                        Box::new(MergeStage {
                            inner: processor,
                            errors,
                            streams,
                        })
                    } else {
                        processor
                    });
                    all_redirects.push((&c.redirections, merges_here));
                }
            }
        }
        // Redirections of the whole pipeline (the last element's output, any element's errors).
        let mut redirect = Redirects::default();
        for (rs, merged_by_stage) in all_redirects {
            let mut r = self.redirects(rs)?;
            redirect.errors_to_output |= r.errors_to_output && !merged_by_stage;
            if merged_by_stage {
                // The stage merges its own streams; the pipeline does not.
                r.merged = [false; 7];
            }
            redirect.errors_discarded |= r.errors_discarded;
            redirect.output_discarded |= r.output_discarded;
            for i in 0..7 {
                redirect.suppressed[i] |= r.suppressed[i];
                redirect.merged[i] |= r.merged[i];
            }
            if r.output_file.is_some() {
                redirect.output_file = r.output_file;
            }
            if r.error_file.is_some() {
                redirect.error_file = r.error_file;
            }
            for (i, f) in r.stream_files.into_iter().enumerate() {
                if f.is_some() {
                    redirect.stream_files[i] = f;
                }
            }
        }
        // A file redirection goes through the FileSystem provider.
        for path in redirect
            .output_file
            .iter()
            .chain(redirect.stream_files.iter().flatten())
            .chain(redirect.error_file.iter())
            .map(|(path, _)| path)
        {
            self.check_provider_path("Out-File", path)?;
        }
        let capture =
            redirect.errors_to_output || redirect.errors_discarded || redirect.error_file.is_some();
        let saved_capture = if capture {
            Some(self.error_capture.replace(Vec::new()))
        } else {
            None
        };

        let mut file_sink = redirect.output_file.take().map(|(path, append)| FileSink {
            resolved: self.resolve_path(&path),
            path,
            append,
            items: vec![],
        });
        let mut discard = super::Discard;
        let mut merging = MergeSink {
            inner: out,
            merge: redirect.errors_to_output,
            streams: redirect.merged.iter().any(|m| *m),
        };
        let final_out: &mut dyn Sink = if redirect.output_discarded {
            &mut discard
        } else if let Some(f) = file_sink.as_mut() {
            f
        } else {
            &mut merging
        };
        let saved_suppressed = self.suppressed;
        let saved_merged = self.merged;
        let merging_streams = redirect.merged.iter().any(|m| *m);
        let outer_records = if merging_streams {
            std::mem::take(&mut self.stream_capture)
        } else {
            Vec::new()
        };
        for i in 0..7 {
            self.merged[i] |= redirect.merged[i];
        }
        for i in 0..7 {
            self.suppressed[i] |= redirect.suppressed[i];
        }
        let saved_to_file = self.to_file;
        let writes_files = redirect.stream_files.iter().any(Option::is_some);
        let outer_file_records = if writes_files {
            std::mem::take(&mut self.file_records)
        } else {
            Vec::new()
        };
        for (i, f) in redirect.stream_files.iter().enumerate() {
            self.to_file[i] |= f.is_some();
        }
        let result = self.drive(&mut stages, source, final_out);
        self.suppressed = saved_suppressed;
        self.merged = saved_merged;
        self.to_file = saved_to_file;
        if writes_files {
            let records = std::mem::replace(&mut self.file_records, outer_file_records);
            for (i, f) in redirect.stream_files.iter().enumerate() {
                let Some((path, append)) = f else { continue };
                // `3>file`: the records, formatted as `3>&1 > file` would write them.
                let items = records
                    .iter()
                    .filter(|(s, _)| *s == i)
                    .map(|(_, m)| crate::automatic::stream_record(stream_of_index(i), m))
                    .collect();
                FileSink {
                    resolved: self.resolve_path(path),
                    path: path.clone(),
                    append: *append,
                    items,
                }
                .finish(self)?;
            }
        }
        if merging_streams {
            let mine = std::mem::replace(&mut self.stream_capture, outer_records);
            if !redirect.output_discarded {
                let sink: &mut dyn Sink = match file_sink.as_mut() {
                    Some(f) => f,
                    None => &mut *out,
                };
                for record in mine {
                    sink.emit(self, record)?;
                }
            }
        }
        if capture {
            let captured = std::mem::replace(&mut self.error_capture, saved_capture.flatten())
                .unwrap_or_default();
            if let Some((path, append)) = redirect.error_file.take() {
                // `2>file`: the error records go to the file, formatted as Out-File would.
                let items = captured.iter().map(super::stmt::error_value).collect();
                FileSink {
                    resolved: self.resolve_path(&path),
                    path,
                    append,
                    items,
                }
                .finish(self)?;
            } else if redirect.errors_to_output && !redirect.output_discarded {
                for e in captured {
                    out.emit(self, super::stmt::error_value(&e))?;
                }
            }
        }
        if let Some(f) = file_sink {
            f.finish(self)?;
        }
        match result {
            Err(Flow::StopUpstream) => Ok(()),
            other => other,
        }
    }

    fn drive(
        &mut self,
        stages: &mut [Box<dyn Processor>],
        source: Option<(&Expr, &[Redirection])>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        self.begin_stages(stages, out)?;
        let fed = match source {
            Some((expr, _)) => {
                let v = self.eval(expr)?;
                let mut down = Downstream {
                    stages: &mut *stages,
                    out: &mut *out,
                };
                emit_enumerated(self, &mut down, v)
            }
            None => match stages.split_first_mut() {
                Some((first, rest)) => {
                    let mut down = Downstream {
                        stages: rest,
                        out: &mut *out,
                    };
                    first.process(self, None, &mut down)
                }
                None => Ok(()),
            },
        };
        match fed {
            Ok(()) | Err(Flow::StopUpstream) => {}
            Err(e) => return Err(e),
        }
        self.end_stages(stages, out)
    }

    fn begin_stages(&mut self, stages: &mut [Box<dyn Processor>], out: &mut dyn Sink) -> Eval<()> {
        for i in 0..stages.len() {
            let (head, tail) = stages.split_at_mut(i + 1);
            let mut down = Downstream {
                stages: tail,
                out: &mut *out,
            };
            head[i].begin(self, &mut down)?;
        }
        Ok(())
    }

    fn end_stages(&mut self, stages: &mut [Box<dyn Processor>], out: &mut dyn Sink) -> Eval<()> {
        for i in 0..stages.len() {
            let (head, tail) = stages.split_at_mut(i + 1);
            let mut down = Downstream {
                stages: tail,
                out: &mut *out,
            };
            match head[i].end(self, &mut down) {
                Ok(()) | Err(Flow::StopUpstream) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Runs a pipeline a host program built rather than parsed (a remote CREATE_PIPELINE):
    /// each stage a script block or a command name with argument values. With `input`, the
    /// first stage takes each object as it comes (the iterator may block waiting for it);
    /// without, it runs once with no input.
    pub fn run_stages(
        &mut self,
        specs: Vec<StageSpec>,
        input: Option<&mut dyn Iterator<Item = Value>>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        self.last_succeeded = true;
        let has_input = input.is_some();
        let mut stages: Vec<Box<dyn Processor>> = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let fed = has_input || i > 0;
            let processor: Box<dyn Processor> = match spec.command {
                StageCommand::Script { block, local_scope } => {
                    let span = block.span;
                    Box::new(
                        FunctionProcessor::new(
                            FunctionBody::Block(block),
                            "",
                            !local_scope,
                            spec.args,
                            span,
                        )
                        .fed(fed),
                    )
                }
                StageCommand::Named(name) => {
                    self.resolve_command(&name, spec.args, Span::default(), false, fed)?
                }
            };
            stages.push(if spec.merge_errors {
                Box::new(MergeStage {
                    inner: processor,
                    errors: true,
                    streams: [false; 7],
                })
            } else {
                processor
            });
        }
        self.begin_stages(&mut stages, out)?;
        let fed = match stages.split_first_mut() {
            Some((first, rest)) => {
                let mut down = Downstream {
                    stages: rest,
                    out: &mut *out,
                };
                match input {
                    Some(items) => {
                        let mut r = Ok(());
                        for v in items {
                            self.check_stop()?;
                            r = first.process(self, Some(v), &mut down);
                            if r.is_err() {
                                break;
                            }
                        }
                        r
                    }
                    None => first.process(self, None, &mut down),
                }
            }
            None => Ok(()),
        };
        match fed {
            Ok(()) | Err(Flow::StopUpstream) => {}
            Err(e) => return Err(e),
        }
        self.end_stages(&mut stages, out)
    }

    /// Evaluate a command's arguments, expanding splats.
    fn command_args(&mut self, c: &Command) -> Eval<Vec<Arg>> {
        let mut args = Vec::new();
        for el in &c.elements {
            match el {
                CommandElement::Parameter { name, argument, .. } => {
                    let value = match argument {
                        Some(a) => Some(self.eval(a)?),
                        None => None,
                    };
                    args.push(Arg::Named {
                        name: name.clone(),
                        value,
                    });
                }
                CommandElement::Argument(Expr {
                    kind: ExprKind::Splat(v),
                    span,
                }) => {
                    let value = self.get_variable(v, *span)?;
                    match value {
                        Value::Hashtable(h) => {
                            for (k, v) in h.entries() {
                                let name = to_str(&k);
                                match v {
                                    Value::Bool(true) => {
                                        args.push(Arg::Named { name, value: None })
                                    }
                                    other => args.push(Arg::Named {
                                        name,
                                        value: Some(other),
                                    }),
                                }
                            }
                        }
                        Value::Array(a) => args.extend(a.to_vec().into_iter().map(Arg::Positional)),
                        Value::Null => {}
                        other => args.push(Arg::Positional(other)),
                    }
                }
                CommandElement::Argument(e) => {
                    let v = self.eval(e)?;
                    args.push(Arg::Positional(v));
                }
                CommandElement::StopParsing { text, .. } => {
                    args.extend(
                        text.split_whitespace()
                            .map(|w| Arg::Positional(Value::str(w))),
                    );
                }
                CommandElement::EndOfParameters(_) => {}
            }
        }
        Ok(args)
    }

    /// The processor for a command element of a pipeline.
    fn command_processor(&mut self, c: &Command, has_input: bool) -> Eval<Box<dyn Processor>> {
        let args = self.command_args(c)?;
        let name_value = match (&c.name.kind, c.invocation) {
            (ExprKind::String { value, .. }, InvocationKind::Plain) => Value::str(value),
            _ => self.eval(&c.name)?,
        };
        let dot = c.invocation == InvocationKind::DotSource;
        match name_value {
            Value::ScriptBlock(sb) => {
                if dot {
                    self.check_dot_source(sb.language_mode(), c.span)?;
                }
                Ok(Box::new(
                    FunctionProcessor::new(FunctionBody::Block(sb), "", dot, args, c.span)
                        .fed(has_input),
                ))
            }
            other => {
                let name = to_str(&other);
                let mut processor = self.resolve_command(&name, args, c.span, dot, has_input)?;
                // `2>&1`, `2>file`, `2>$null`, `*>...`: a program's stderr is read as error
                // records instead of going to the terminal.
                if c.redirections
                    .iter()
                    .any(|r| matches!(r.from, RedirectionStream::Error | RedirectionStream::All))
                {
                    processor.capture_stderr();
                }
                Ok(processor)
            }
        }
    }

    fn resolve_command(
        &mut self,
        name: &str,
        args: Vec<Arg>,
        span: Span,
        dot: bool,
        has_input: bool,
    ) -> Eval<Box<dyn Processor>> {
        if let Some((module, bare)) = module_qualified(name) {
            // `Module\Command`: the built-in command itself, past aliases and functions.
            if let Some(cmd) = self.command(bare)
                && self
                    .module_of(cmd.name())
                    .is_some_and(|m| m.eq_ignore_ascii_case(module))
                && self.command_visible(CommandKind::Cmdlet, cmd.name())
            {
                return self.builtin_processor(cmd, args, span, has_input);
            }
            return Err(self.command_not_found(name, span));
        }
        let mut name = name.to_string();
        for _ in 0..8 {
            match self.alias(&name) {
                Some(target) if self.alias_visible(&name) => name = target.to_string(),
                _ => break,
            }
        }
        if let Some(f) = self.scopes.function(&name)
            && self.function_visible(&name, &f.def.body.source)
        {
            let (def, mode) = (f.def.clone(), f.language_mode);
            if dot {
                self.check_dot_source(mode, span)?;
            }
            let restrictions = self.parameter_restrictions(&name).map(<[_]>::to_vec);
            let Some(restrictions) = restrictions else {
                return Ok(Box::new(
                    FunctionProcessor::new(
                        FunctionBody::Function(def, mode),
                        &name,
                        dot,
                        args,
                        span,
                    )
                    .fed(has_input),
                ));
            };
            let shapes = param_restrictions::function_shapes(&declared_signature(
                def.parameters.as_deref(),
                &def.body,
            ));
            let args = param_restrictions::restrict_args(&name, &shapes, &restrictions, args)
                .map_err(|e| self.locate(e, span))?;
            let inner = Box::new(
                FunctionProcessor::new(FunctionBody::Function(def, mode), &name, dot, args, span)
                    .fed(has_input),
            );
            return Ok(Box::new(param_restrictions::RestrictedInput::new(
                inner,
                &name,
                &shapes,
                &restrictions,
            )));
        }
        if let Some(cmd) = self.command(&name)
            && self.command_visible(CommandKind::Cmdlet, cmd.name())
        {
            return self.builtin_processor(cmd, args, span, has_input);
        }
        if let Some(path) = crate::native::find_executable(&name, self)
            && self.command_visible(CommandKind::Application, &path.to_string_lossy())
        {
            return Ok(Box::new(crate::native::NativeProcessor::new(
                path, args, has_input,
            )));
        }
        Err(self.command_not_found(&name, span))
    }

    /// The processor of a built-in command, its arguments restricted when the session
    /// configuration restricts them.
    fn builtin_processor(
        &mut self,
        cmd: Arc<dyn crate::command::Command>,
        args: Vec<Arg>,
        span: Span,
        _has_input: bool,
    ) -> Eval<Box<dyn Processor>> {
        let restrictions = self.parameter_restrictions(cmd.name()).map(<[_]>::to_vec);
        let (args, shapes) = match &restrictions {
            Some(r) => {
                let shapes = param_restrictions::builtin_shapes(cmd.parameters());
                let args = param_restrictions::restrict_args(cmd.name(), &shapes, r, args)
                    .map_err(|e| self.locate(e, span))?;
                (args, shapes)
            }
            None => (args, Vec::new()),
        };
        let bound =
            bind_builtin(cmd.name(), cmd.parameters(), args).map_err(|e| self.locate(e, span))?;
        self.check_provider_args(cmd.name(), &bound)
            .map_err(|e| self.locate(e, span))?;
        let common = CommonParams::from_bound(&bound);
        let captures = CommandCaptures::new(self, &common);
        let inner = cmd.start(self, bound).map_err(|e| self.locate(e, span))?;
        let inner: Box<dyn Processor> =
            if self.providers_restricted() && super::provider_gate::takes_paths(cmd.parameters()) {
                Box::new(super::provider_gate::GatedInput::new(inner, cmd.name()))
            } else {
                inner
            };
        let processor: Box<dyn Processor> = Box::new(BuiltinProcessor {
            inner,
            action: common.error_action,
            warning_action: common.warning_action,
            captures,
            name: cmd.name(),
            language_mode: self.language_mode(),
        });
        Ok(match restrictions {
            Some(r) => Box::new(param_restrictions::RestrictedInput::new(
                processor,
                cmd.name(),
                &shapes,
                &r,
            )),
            None => processor,
        })
    }

    /// PowerShell's error for a name that is no command (or none the caller may see).
    fn command_not_found(&self, name: &str, span: Span) -> Flow {
        let mut e = ErrorRecord::new(
            "CommandNotFoundException",
            ErrorCategory::ObjectNotFound,
            format!(
                "The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again."
            ),
        )
        .with_exception("System.Management.Automation.CommandNotFoundException")
        .with_target(Value::from(name.to_string()));
        let mut inv = self.position(span);
        inv.command_name = Some(name.to_string());
        e.invocation = Some(inv);
        Flow::Error(Box::new(e))
    }

    /// Invoke a script block with arguments in a new scope, in its own language mode,
    /// collecting its output.
    pub fn invoke_block(&mut self, sb: &ScriptBlockValue, args: &[Value]) -> Eval<Value> {
        let mut p = FunctionProcessor::new(
            FunctionBody::Block(sb.clone()),
            "",
            false,
            args.iter().cloned().map(Arg::Positional).collect(),
            sb.span,
        );
        let mut c = Collector::default();
        p.begin(self, &mut c)?;
        p.process(self, None, &mut c)?;
        p.end(self, &mut c)?;
        Ok(c.into_value())
    }

    /// Run a block of the running script in the current scope, in the current mode (a
    /// switch clause's condition), collecting its output.
    pub(crate) fn eval_block_in_scope(&mut self, sb: &ScriptBlock) -> Eval<Value> {
        let mut c = Collector::default();
        match self.run_body(sb, &mut c) {
            Ok(()) | Err(Flow::Return) => {}
            Err(e) => return Err(e),
        }
        Ok(c.into_value())
    }

    /// Run a script block value in the current scope (`.Where()`), collecting
    /// its output. It runs in its own language mode, but never less restricted than here.
    pub(crate) fn invoke_block_in_scope(
        &mut self,
        sb: &ScriptBlockValue,
        _args: &[Value],
    ) -> Eval<Value> {
        let mut c = Collector::default();
        let r = self.in_block_mode(sb.language_mode(), true, |rs| rs.run_body(sb, &mut c));
        match r {
            Ok(()) | Err(Flow::Return) => {}
            Err(e) => return Err(e),
        }
        Ok(c.into_value())
    }

    /// Run a script block with `$_` set, in the current scope.
    pub fn invoke_with_dollar_underscore(
        &mut self,
        sb: &ScriptBlockValue,
        item: Value,
    ) -> Eval<Value> {
        let saved = self.scopes.get("_").map(|v| v.value.clone());
        self.scopes.set(Target::Local, "_", item);
        let r = self.invoke_block_in_scope(sb, &[]);
        self.scopes
            .set(Target::Local, "_", saved.unwrap_or(Value::Null));
        r
    }

    /// Run a script block with `$_` set, in the current scope, streaming its output to `out`.
    pub fn run_with_dollar_underscore(
        &mut self,
        sb: &ScriptBlockValue,
        item: Value,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let saved = self.scopes.get("_").map(|v| v.value.clone());
        self.scopes.set(Target::Local, "_", item);
        let r = self.in_block_mode(sb.language_mode(), true, |rs| rs.run_body(sb, out));
        let r = match r {
            Ok(()) | Err(Flow::Return) => Ok(()),
            Err(e) => Err(e),
        };
        self.scopes
            .set(Target::Local, "_", saved.unwrap_or(Value::Null));
        r
    }
}

/// `Module\Command` split in two; `None` for other names (paths among them).
fn module_qualified(name: &str) -> Option<(&str, &str)> {
    let (module, command) = name.split_once('\\')?;
    let plain =
        |s: &str| !s.is_empty() && !s.contains(['/', '\\', ':', '~']) && s != "." && s != "..";
    (plain(module) && plain(command)).then_some((module, command))
}

/// One stage of a pipeline built by [`Runspace::run_stages`].
#[derive(Debug)]
pub struct StageSpec {
    /// What runs.
    pub command: StageCommand,
    /// Its arguments, as values.
    pub args: Vec<Arg>,
    /// `2>&1`: its errors go down the pipeline with its output.
    pub merge_errors: bool,
}

/// What a [`StageSpec`] runs.
#[derive(Debug)]
pub enum StageCommand {
    /// A script block; dot-sourced into the current scope unless `local_scope`. Script text
    /// becomes a block through [`Runspace::admit_script`], which holds it to the runspace's
    /// language mode.
    Script {
        /// The block, with the mode it runs in.
        block: ScriptBlockValue,
        /// Run in a new scope.
        local_scope: bool,
    },
    /// A command name, resolved as the parser's commands are (alias, function, built-in,
    /// program).
    Named(String),
}

/// Routes errors merged by `2>&1` into the output in order.
/// Whether a command's redirections send its errors to its output (`2>&1`, `*>&1`).
/// What a stage's own redirections merge into its output: errors (`2>&1`) and which of
/// streams 3 to 6 (`3>&1`, `*>&1`).
fn stage_merges(redirections: &[Redirection]) -> (bool, [bool; 7]) {
    let mut errors = false;
    let mut streams = [false; 7];
    for r in redirections {
        if !matches!(r.target, RedirectionTarget::Merge(_)) {
            continue;
        }
        match r.from {
            RedirectionStream::Error => errors = true,
            RedirectionStream::All => {
                errors = true;
                streams = [false, false, false, true, true, true, true];
            }
            from => {
                if let Some(i) = informational_index(from) {
                    streams[i] = true;
                }
            }
        }
    }
    (errors, streams)
}

/// The capture state a merging stage swaps in while it runs and out while later stages run.
struct Captures {
    /// Whether the stage captures its own errors (`2>&1`); else errors stay in the outer
    /// capture, untouched by the swaps.
    own_errors: bool,
    errors: Option<Vec<ErrorRecord>>,
    records: Vec<Value>,
    merged: [bool; 7],
}

impl Captures {
    /// Swap `self` with the runspace's capture state.
    fn swap(&mut self, rs: &mut Runspace) {
        if self.own_errors {
            std::mem::swap(&mut self.errors, &mut rs.error_capture);
        }
        std::mem::swap(&mut self.records, &mut rs.stream_capture);
        std::mem::swap(&mut self.merged, &mut rs.merged);
    }

    /// The errors and records captured so far, as output objects in that order.
    fn drain(&mut self) -> Vec<Value> {
        let mut out: Vec<Value> = self
            .errors
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
            .iter()
            .map(super::stmt::error_value)
            .collect();
        out.append(&mut self.records);
        out
    }
}

/// A stage that is not the last one, with `2>&1` or `3>&1`..`*>&1`: the errors and stream
/// records it writes go down the pipeline, in order with its output, while those of later
/// stages do not.
struct MergeStage {
    inner: Box<dyn Processor>,
    errors: bool,
    streams: [bool; 7],
}

impl MergeStage {
    fn run(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        call: impl FnOnce(&mut dyn Processor, &mut Runspace, &mut dyn Sink) -> Eval<()>,
    ) -> Eval<()> {
        let mut merged = rs.merged;
        for (m, s) in merged.iter_mut().zip(self.streams) {
            *m |= s;
        }
        let mut state = Captures {
            own_errors: self.errors,
            errors: Some(Vec::new()),
            records: Vec::new(),
            merged,
        };
        // Ours in, the outer state kept in `state`.
        state.swap(rs);
        let mut sink = StageMergeSink {
            inner: out,
            outer: state,
        };
        let result = call(self.inner.as_mut(), rs, &mut sink);
        // Outer state back in; ours in `sink.outer` now.
        let mut outer = sink.outer;
        outer.swap(rs);
        for v in outer.drain() {
            sink.inner.emit(rs, v)?;
        }
        result
    }
}

impl Processor for MergeStage {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.run(rs, out, |p, rs, out| p.begin(rs, out))
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        self.run(rs, out, |p, rs, out| p.process(rs, input, out))
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.run(rs, out, |p, rs, out| p.end(rs, out))
    }
}

/// The downstream of a [`MergeStage`]: before each output object it sends the errors and
/// records the stage wrote so far, and it runs the later stages with the outer capture state.
struct StageMergeSink<'a> {
    inner: &'a mut dyn Sink,
    /// The state not in the runspace right now.
    outer: Captures,
}

impl Sink for StageMergeSink<'_> {
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()> {
        // Outer state in; the stage's own captures come out into `self.outer`.
        self.outer.swap(rs);
        let mut pending = self.outer.drain();
        pending.push(v);
        let mut result = Ok(());
        for item in pending {
            if result.is_ok() {
                result = self.inner.emit(rs, item);
            }
        }
        self.outer.swap(rs);
        result
    }
}

struct MergeSink<'a> {
    inner: &'a mut dyn Sink,
    merge: bool,
    /// Whether streams 3 to 6 are merged: their records go out before each output object.
    streams: bool,
}

impl Sink for MergeSink<'_> {
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()> {
        if self.streams {
            for record in std::mem::take(&mut rs.stream_capture) {
                self.inner.emit(rs, record)?;
            }
        }
        if self.merge {
            let errors: Vec<ErrorRecord> = rs
                .error_capture
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            for e in errors {
                self.inner.emit(rs, super::stmt::error_value(&e))?;
            }
        }
        self.inner.emit(rs, v)
    }
}

/// A built-in command, with its `-ErrorAction` in force while it runs.
struct BuiltinProcessor {
    inner: Box<dyn Processor>,
    action: Option<String>,
    warning_action: Option<String>,
    captures: CommandCaptures,
    name: &'static str,
    /// The language mode of the code that invoked the command. Its phases run in it even
    /// when an upstream stage of another mode feeds it (a trusted function's output going
    /// into `ForEach-Object -MemberName` written under ConstrainedLanguage stays checked).
    language_mode: LanguageMode,
}

impl BuiltinProcessor {
    /// Run one phase, in the invoking code's language mode, with the command's
    /// `-ErrorAction`, `-WarningAction` and capture variables in force.
    fn phase(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        last: bool,
        f: impl FnOnce(&mut Box<dyn Processor>, &mut Runspace, &mut dyn Sink) -> Eval<()>,
    ) -> Eval<()> {
        let mode = self.language_mode;
        rs.in_block_mode(mode, false, |rs| self.run_phase(rs, out, last, f))
    }

    fn run_phase(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        last: bool,
        f: impl FnOnce(&mut Box<dyn Processor>, &mut Runspace, &mut dyn Sink) -> Eval<()>,
    ) -> Eval<()> {
        let saved = rs.command_stack.len();
        rs.command_stack.push((self.name, self.action.clone()));
        let saved_wa = std::mem::replace(&mut rs.warning_action, self.warning_action.clone());
        let inner = &mut self.inner;
        let r = self
            .captures
            .run(rs, last, out, |rs, out| f(inner, rs, out));
        rs.command_stack.truncate(saved);
        rs.warning_action = saved_wa;
        r
    }
}

impl Processor for BuiltinProcessor {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.phase(rs, out, false, |p, rs, out| p.begin(rs, out))
    }
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        self.phase(rs, out, false, |p, rs, out| p.process(rs, input, out))
    }
    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.phase(rs, out, true, |p, rs, out| p.end(rs, out))
    }
}

/// What a function processor runs.
enum FunctionBody {
    Function(Arc<FunctionDefinition>, LanguageMode),
    Block(ScriptBlockValue),
}

/// A function, filter or script block in a pipeline: its own scope, its blocks run per phase.
struct FunctionProcessor {
    body: FunctionBody,
    name: String,
    dot: bool,
    args: Option<Vec<Arg>>,
    scope: Option<Scope>,
    params: Vec<FunctionParam>,
    pipeline_params: Vec<usize>,
    input: Vec<Value>,
    saw_input: bool,
    span: Span,
    /// Whether an earlier stage feeds it (pipeline parameters may then stay unbound).
    has_input: bool,
    /// `-OutVariable`, `-ErrorVariable` and friends.
    captures: CommandCaptures,
}

impl FunctionProcessor {
    fn new(body: FunctionBody, name: &str, dot: bool, args: Vec<Arg>, span: Span) -> Self {
        FunctionProcessor {
            body,
            name: name.to_string(),
            dot,
            args: Some(args),
            scope: None,
            params: vec![],
            pipeline_params: vec![],
            input: vec![],
            saw_input: false,
            span,
            has_input: false,
            captures: CommandCaptures::default(),
        }
    }

    /// Mark the processor as fed by an earlier stage.
    fn fed(mut self, has_input: bool) -> Self {
        self.has_input = has_input;
        self
    }

    fn script(&self) -> &ScriptBlock {
        match &self.body {
            FunctionBody::Function(f, _) => &f.body,
            FunctionBody::Block(b) => b,
        }
    }

    /// The language mode the body runs in.
    fn language_mode(&self) -> LanguageMode {
        match &self.body {
            FunctionBody::Function(_, mode) => *mode,
            FunctionBody::Block(b) => b.language_mode(),
        }
    }

    /// What the function declares.
    fn signature(&self) -> FunctionSignature {
        let explicit = match &self.body {
            FunctionBody::Function(f, _) => f.parameters.as_deref(),
            FunctionBody::Block(_) => None,
        };
        declared_signature(explicit, self.script())
    }

    /// Run one phase with the function's capture variables active.
    fn phase(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        last: bool,
        f: impl FnOnce(&mut Self, &mut Runspace, &mut dyn Sink) -> Eval<()>,
    ) -> Eval<()> {
        let mut captures = std::mem::take(&mut self.captures);
        let r = captures.run(rs, last, out, |rs, out| f(self, rs, out));
        self.captures = captures;
        r
    }

    fn is_filter(&self) -> bool {
        matches!(&self.body, FunctionBody::Function(f, _) if f.is_filter)
    }

    fn named(&self, kind: BlockKind) -> Option<&[Statement]> {
        match &self.script().body {
            ScriptBody::Named(blocks) => blocks
                .iter()
                .find(|b| b.kind == kind)
                .map(|b| b.statements.as_slice()),
            ScriptBody::Statements(_) => None,
        }
    }

    /// Run `f` inside this processor's scope.
    fn in_scope<T>(
        &mut self,
        rs: &mut Runspace,
        f: impl FnOnce(&mut Self, &mut Runspace) -> Eval<T>,
    ) -> Eval<T> {
        let through_function = matches!(self.body, FunctionBody::Function(..));
        let trusted = rs.enter_code(&self.script().source, through_function);
        if self.dot {
            let r = f(self, rs);
            rs.leave_code(trusted);
            return r;
        }
        // A closure runs over a scope holding its own variables, kept between runs.
        let closure = match &self.body {
            FunctionBody::Block(b) => b.closure().cloned(),
            FunctionBody::Function(..) => None,
        };
        if let Some(c) = &closure {
            let vars = c.lock().unwrap_or_else(|e| e.into_inner()).clone();
            rs.scopes.push_scope(Scope::with_variables(vars));
        }
        rs.scopes.push_scope(self.scope.take().unwrap_or_default());
        let r = f(self, rs);
        self.scope = rs.scopes.pop_scope();
        if let Some(c) = &closure
            && let Some(s) = rs.scopes.pop_scope()
        {
            *c.lock().unwrap_or_else(|e| e.into_inner()) = s.into_variables();
        }
        rs.leave_code(trusted);
        r
    }

    fn run(&self, rs: &mut Runspace, stmts: &[Statement], out: &mut dyn Sink) -> Eval<()> {
        match rs.exec_statements(stmts, out) {
            Ok(()) | Err(Flow::Return) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

impl Processor for FunctionProcessor {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let (mode, dot) = (self.language_mode(), self.dot);
        rs.in_block_mode(mode, dot, |rs| self.begin_phase(rs, out))
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let (mode, dot) = (self.language_mode(), self.dot);
        rs.in_block_mode(mode, dot, |rs| self.process_phase(rs, input, out))
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let (mode, dot) = (self.language_mode(), self.dot);
        rs.in_block_mode(mode, dot, |rs| self.end_phase(rs, out))
    }
}

/// The phases of a function processor, each run in the body's language mode.
impl FunctionProcessor {
    fn begin_phase(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if rs.call_depth >= super::MAX_CALL_DEPTH {
            return Err(rs.error_at(
                self.span,
                "CallDepthOverflow",
                ErrorCategory::InvalidOperation,
                format!(
                    "The script failed due to call depth overflow (more than {} nested calls).",
                    super::MAX_CALL_DEPTH
                ),
            ));
        }
        rs.call_depth += 1;
        let args = self.args.take().unwrap_or_default();
        let sig = self.signature();
        self.params = sig.params.clone();
        let name = if self.name.is_empty() {
            "ScriptBlock".to_string()
        } else {
            self.name.clone()
        };
        let has_input = self.has_input;
        let bound = self.in_scope(rs, |me, rs| {
            let binding = rs
                .bind_function(&name, &sig, args, has_input)
                .map_err(|e| rs.locate(e, me.span))?;
            me.pipeline_params = binding.pipeline;
            rs.scopes.define(
                Target::Local,
                Variable {
                    name: "args".into(),
                    value: Value::Array(Array::new(binding.unbound)),
                    constraint: None,
                    private: false,
                },
            );
            for (var, value) in binding.common.preference_variables() {
                rs.scopes.set(Target::Local, var, value);
            }
            let invocation = rs.invocation_info(&me.name, me.is_filter(), me.span);
            rs.scopes
                .set(Target::Local, "MyInvocation", invocation.clone());
            if sig.advanced {
                let cmdlet = super::pscmdlet::pscmdlet(&binding.set, invocation);
                rs.scopes.set(Target::Local, "PSCmdlet", cmdlet);
            }
            Ok(binding.common)
        });
        let r = bound.and_then(|common| {
            self.captures = CommandCaptures::new(rs, &common);
            self.phase(rs, out, false, |me, rs, out| {
                me.in_scope(rs, |me, rs| {
                    if let Some(begin) = me.named(BlockKind::Begin).map(<[Statement]>::to_vec) {
                        me.run(rs, &begin, out)?;
                    }
                    Ok(())
                })
            })
        });
        if r.is_err() {
            rs.call_depth -= 1;
        }
        r
    }

    fn process_phase(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let has_process = self.named(BlockKind::Process).is_some() || self.is_filter();
        if let Some(v) = &input {
            self.saw_input = true;
            if !has_process {
                self.input.push(v.clone());
                return Ok(());
            }
        } else if !has_process {
            return Ok(());
        }
        self.phase(rs, out, false, |me, rs, out| {
            me.in_scope(rs, |me, rs| {
                let item = input.clone().unwrap_or(Value::Null);
                rs.scopes.set(Target::Local, "_", item.clone());
                rs.scopes.set(Target::Local, "PSItem", item.clone());
                if input.is_some() {
                    for &i in &me.pipeline_params.clone() {
                        let p = &me.params[i];
                        let value = if p.from_pipeline {
                            Some(item.clone())
                        } else if let Value::Object(o) = &item {
                            o.get(&p.name)
                                .or_else(|| p.aliases.iter().find_map(|a| o.get(a)))
                        } else if let Value::Hashtable(h) = &item {
                            h.get(&Value::from(p.name.clone()))
                        } else {
                            None
                        };
                        if let Some(v) = value {
                            let v = match &p.ty {
                                Some(t) => rs.convert_checked(&v, t)?,
                                None => v,
                            };
                            let p = p.clone();
                            rs.validate_argument(&me.name, &p, p.mandatory, &v)?;
                            if let Some(Value::Hashtable(b)) =
                                rs.scopes.get("PSBoundParameters").map(|v| v.value.clone())
                            {
                                b.insert(Value::from(p.name.clone()), v.clone());
                            }
                            rs.scopes.set(Target::Local, &p.name, v);
                        }
                    }
                }
                let stmts: Vec<Statement> = match me.named(BlockKind::Process) {
                    Some(s) => s.to_vec(),
                    None => me.script().body.statements().to_vec(),
                };
                me.run(rs, &stmts, out)
            })
        })
    }

    fn end_phase(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let r = self.phase(rs, out, true, |me, rs, out| {
            me.in_scope(rs, |me, rs| {
                rs.scopes.set(
                    Target::Local,
                    "input",
                    Value::Array(Array::new(std::mem::take(&mut me.input))),
                );
                let stmts: Vec<Statement> = match &me.script().body {
                    ScriptBody::Named(_) => me
                        .named(BlockKind::End)
                        .map(<[Statement]>::to_vec)
                        .unwrap_or_default(),
                    ScriptBody::Statements(s) if !me.is_filter() => s.clone(),
                    ScriptBody::Statements(_) => vec![],
                };
                me.run(rs, &stmts, out)?;
                if let Some(clean) = me.named(BlockKind::Clean).map(<[Statement]>::to_vec) {
                    me.run(rs, &clean, &mut super::Discard)?;
                }
                Ok(())
            })
        });
        rs.call_depth = rs.call_depth.saturating_sub(1);
        r
    }
}

impl Scope {
    /// A fresh scope (for a function's invocation).
    pub fn fresh() -> Self {
        Scope::default()
    }
}

/// The host stream of stream number 3 to 6.
fn stream_of_index(i: usize) -> crate::host::HostStream {
    match i {
        3 => crate::host::HostStream::Warning,
        4 => crate::host::HostStream::Verbose,
        5 => crate::host::HostStream::Debug,
        _ => crate::host::HostStream::Information,
    }
}

/// The stream number of a warning, verbose, debug or information redirection.
fn informational_index(from: RedirectionStream) -> Option<usize> {
    match from {
        RedirectionStream::Warning => Some(3),
        RedirectionStream::Verbose => Some(4),
        RedirectionStream::Debug => Some(5),
        RedirectionStream::Information => Some(6),
        _ => None,
    }
}
