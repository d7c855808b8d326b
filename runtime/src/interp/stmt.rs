//! Statements: assignment, conditionals, loops, `switch`, `try`/`catch`/`finally`, `throw`,
//! `return`, `exit`, function definitions.

use super::scope::{FunctionInfo, Target, Variable};
use super::{Collector, RunOutcome, Runspace, Sink, SourceInfo};
use crate::convert::{is_true, to_str};
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow};
use crate::ops;
use crate::types::TypeInfo;
use crate::value::{PsObject, Value};
use rosh_lang::ast::*;
use std::sync::Arc;

fn loop_matches(label: &Option<String>, flow_label: &Option<String>) -> bool {
    match flow_label {
        None => true,
        Some(l) => label.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(l)),
    }
}

/// What a loop body's control flow asks for.
enum LoopControl {
    Next,
    Stop,
}

fn body_flow(r: Eval<()>, label: &Option<String>) -> Eval<LoopControl> {
    match r {
        Ok(()) => Ok(LoopControl::Next),
        Err(Flow::Break(l)) if loop_matches(label, &l) => Ok(LoopControl::Stop),
        Err(Flow::Continue(l)) if loop_matches(label, &l) => Ok(LoopControl::Next),
        Err(e) => Err(e),
    }
}

impl Runspace {
    /// Run a parsed script (`-Command` text, a line at the prompt) with output to the host.
    /// The text is admitted under the runspace's language mode first
    /// ([`Runspace::admit_script`]): refused in NoLanguage, checked whole in
    /// RestrictedLanguage.
    pub fn run_script(&mut self, sb: &ScriptBlock, source: SourceInfo) -> RunOutcome {
        self.source = Some(source);
        let result = match self.admit_script(Arc::new(sb.clone())) {
            Ok(block) => {
                let mode = block.language_mode();
                self.in_block_mode(mode, true, |rs| rs.run_body(&block, &mut super::HostSink))
            }
            Err(e) => Err(e),
        };
        self.flush_output();
        self.outcome(result)
    }

    /// Run a script file with its command-line arguments bound to its `param()` block (the
    /// rest in `$args`), dot-sourced into the current scope, which the caller made the
    /// script's own.
    pub fn run_script_with_args(
        &mut self,
        sb: Arc<ScriptBlock>,
        source: SourceInfo,
        args: Vec<super::binding::Arg>,
    ) -> RunOutcome {
        self.source = Some(source);
        let block = match self.admit_script(sb) {
            Ok(block) => block,
            Err(e) => return self.outcome(Err(e)),
        };
        let stage = super::StageSpec {
            command: super::StageCommand::Script {
                block,
                local_scope: false,
            },
            args,
            merge_errors: false,
        };
        let result = self.run_stages(vec![stage], None, &mut super::HostSink);
        self.flush_output();
        self.outcome(result)
    }

    /// What a top-level run's result means.
    fn outcome(&self, result: Eval<()>) -> RunOutcome {
        match result {
            Ok(())
            | Err(Flow::Return)
            | Err(Flow::Break(_))
            | Err(Flow::Continue(_))
            | Err(Flow::StopUpstream) => RunOutcome::Completed {
                succeeded: self.last_succeeded,
            },
            Err(Flow::Exit(code)) => RunOutcome::Exited(code),
            Err(Flow::Error(e)) => RunOutcome::Failed(e),
        }
    }

    /// Run a script block's body in the current scope (param block ignored).
    pub(crate) fn run_body(&mut self, sb: &ScriptBlock, out: &mut dyn Sink) -> Eval<()> {
        let trusted = self.enter_code(&sb.source, false);
        let r = match &sb.body {
            ScriptBody::Statements(s) => self.exec_statements(s, out),
            ScriptBody::Named(blocks) => blocks
                .iter()
                .try_for_each(|b| self.exec_statements(&b.statements, out)),
        };
        self.leave_code(trusted);
        r
    }

    /// Run statements in order, with `trap` handlers of this block in force.
    pub(crate) fn exec_statements(&mut self, stmts: &[Statement], out: &mut dyn Sink) -> Eval<()> {
        let traps: Vec<&Statement> = stmts
            .iter()
            .filter(|s| matches!(*s.kind, StatementKind::Trap { .. }))
            .collect();
        for s in stmts {
            if matches!(*s.kind, StatementKind::Trap { .. }) {
                continue;
            }
            match self.exec_statement(s, out) {
                Err(Flow::Error(e)) if !traps.is_empty() => {
                    let Some(handler) = traps.iter().find_map(|t| match &*t.kind {
                        StatementKind::Trap {
                            exception_type,
                            body,
                        } if catch_matches(exception_type.as_ref(), &e) => Some(body),
                        _ => None,
                    }) else {
                        return Err(Flow::Error(e));
                    };
                    self.record_error(&e);
                    let saved = self.scopes.get("_").map(|v| v.value.clone());
                    self.scopes.set(Target::Local, "_", error_value(&e));
                    let r = self.exec_statements(&handler.statements, out);
                    self.scopes
                        .set(Target::Local, "_", saved.unwrap_or(Value::Null));
                    match r {
                        // `continue` in a trap resumes after the failing statement silently.
                        Ok(()) => {
                            self.write_error(*e)?;
                        }
                        Err(Flow::Continue(_)) => {}
                        Err(Flow::Break(_)) => return Err(Flow::Error(e)),
                        Err(other) => return Err(other),
                    }
                }
                Err(Flow::Error(e)) if !e.script_terminating && self.try_depth == 0 => {
                    // A runtime error ends its statement; the script goes on.
                    self.report_statement_error(*e);
                }
                Err(other) => return Err(other),
                Ok(()) => {}
            }
        }
        Ok(())
    }

    /// Write a statement-terminating error and record it.
    fn report_statement_error(&mut self, e: ErrorRecord) {
        self.last_succeeded = false;
        self.record_error(&e);
        if let Some(capture) = self.error_capture.as_mut() {
            capture.push(e);
            return;
        }
        self.flush_output();
        self.host.write_error_record(&e);
    }

    fn exec_block(&mut self, b: &StatementBlock, out: &mut dyn Sink) -> Eval<()> {
        self.check_stop()?;
        self.exec_statements(&b.statements, out)
    }

    /// Run a statement, sending its output to `out`.
    pub(crate) fn exec_statement(&mut self, s: &Statement, out: &mut dyn Sink) -> Eval<()> {
        match &*s.kind {
            StatementKind::Pipeline(chain) => {
                // A lone expression needs no pipeline machinery.
                if let Some(expr) = lone_expression(chain) {
                    let v = self.eval(expr)?;
                    self.last_succeeded = true;
                    // `$i++` and `--$i` as statements output nothing.
                    if matches!(
                        expr.kind,
                        ExprKind::Unary {
                            op: UnaryOp::PostIncrement | UnaryOp::PostDecrement | UnaryOp::PreIncrement | UnaryOp::PreDecrement,
                            ..
                        }
                    ) {
                        return Ok(());
                    }
                    return super::emit_enumerated(self, out, v);
                }
                self.run_chain(chain, out)
            }
            StatementKind::Assignment { target, op, value } => {
                let v = self.statement_value(value)?;
                self.assign(target, *op, v)?;
                self.last_succeeded = true;
                Ok(())
            }
            StatementKind::If { clauses, else_block } => {
                for (cond, body) in clauses {
                    let c = self.statement_value(cond)?;
                    if is_true(&c) {
                        return self.exec_block(body, out);
                    }
                }
                match else_block {
                    Some(b) => self.exec_block(b, out),
                    None => Ok(()),
                }
            }
            StatementKind::While { label, condition, body } => {
                while is_true(&self.statement_value(condition)?) {
                    if let LoopControl::Stop = body_flow(self.exec_block(body, out), label)? {
                        break;
                    }
                }
                Ok(())
            }
            StatementKind::DoLoop { label, body, condition, until } => {
                loop {
                    if let LoopControl::Stop = body_flow(self.exec_block(body, out), label)? {
                        break;
                    }
                    let c = is_true(&self.statement_value(condition)?);
                    if c == *until {
                        break;
                    }
                }
                Ok(())
            }
            StatementKind::For { label, init, condition, iterator, body } => {
                if let Some(i) = init {
                    self.exec_statement(i, out)?;
                }
                loop {
                    if let Some(c) = condition
                        && !is_true(&self.statement_value(c)?) {
                            break;
                        }
                    if let LoopControl::Stop = body_flow(self.exec_block(body, out), label)? {
                        break;
                    }
                    if let Some(it) = iterator {
                        self.exec_statement(it, &mut super::Discard)?;
                    }
                }
                Ok(())
            }
            StatementKind::Foreach { label, variable, iterable, body } => {
                let items = self.statement_value(iterable)?;
                let items = match items {
                    Value::Null => vec![],
                    Value::Array(a) => a.to_vec(),
                    other => vec![other],
                };
                for item in items {
                    self.set_variable(variable, item)?;
                    if let LoopControl::Stop = body_flow(self.exec_block(body, out), label)? {
                        break;
                    }
                }
                Ok(())
            }
            StatementKind::Switch(sw) => self.exec_switch(sw, out),
            StatementKind::Try { body, catches, finally } => self.exec_try(body, catches, finally.as_ref(), out),
            StatementKind::Trap { .. } => Ok(()),
            StatementKind::Throw(v) => {
                let flow = self.throw(v.as_deref(), s.span)?;
                // Outside `try`, `$ErrorActionPreference = 'SilentlyContinue'` (or `Ignore`)
                // makes `throw` record the error and carry on, as PowerShell does.
                let action = self.preference("ErrorActionPreference").to_ascii_lowercase();
                if self.try_depth == 0 && (action == "silentlycontinue" || action == "ignore") {
                    if let Flow::Error(e) = &flow
                        && action != "ignore"
                    {
                        self.record_error(e);
                    }
                    self.last_succeeded = false;
                    return Ok(());
                }
                Err(flow)
            }
            StatementKind::Return(v) => {
                if let Some(v) = v {
                    self.exec_statement(v, out)?;
                }
                Err(Flow::Return)
            }
            StatementKind::Exit(v) => {
                let code = match v {
                    Some(v) => {
                        let val = self.statement_value(v)?;
                        match crate::convert::convert(&val, &TypeInfo::of(crate::types::KnownType::Int)) {
                            Ok(Value::Int(i)) => i,
                            _ => 0,
                        }
                    }
                    None => 0,
                };
                Err(Flow::Exit(code))
            }
            StatementKind::Break(l) => Err(Flow::Break(self.label_of(l.as_ref())?)),
            StatementKind::Continue(l) => Err(Flow::Continue(self.label_of(l.as_ref())?)),
            StatementKind::Function(f) => {
                let (target, name) = match f.name.split_once(':') {
                    Some((q, n)) if q.eq_ignore_ascii_case("global") => (Target::Global, n),
                    Some((q, n)) if q.eq_ignore_ascii_case("script") => (Target::Script, n),
                    Some((q, n)) if q.eq_ignore_ascii_case("local") || q.eq_ignore_ascii_case("function") => (Target::Local, n),
                    _ => (Target::Local, f.name.as_str()),
                };
                self.scopes.set_function(target, name, FunctionInfo { def: Arc::new((**f).clone()), language_mode: self.language_mode });
                Ok(())
            }
            StatementKind::Data { body, variable, supported_commands } => {
                self.check_data_section(body, supported_commands)?;
                let mut c = Collector::default();
                self.exec_block(body, &mut c)?;
                match variable {
                    Some(name) => {
                        self.scopes.set(Target::Local, name, c.into_value());
                        Ok(())
                    }
                    None => {
                        for v in c.0 {
                            out.emit(self, v)?;
                        }
                        Ok(())
                    }
                }
            }
            StatementKind::Enum { name, .. } => Err(self.error_at(
                s.span,
                "EnumNotSupported",
                ErrorCategory::NotSpecified,
                format!("The enum '{name}' cannot be defined: rosh does not support enum definitions at run time yet."),
            )),
            StatementKind::Unsupported(what) => Err(self.error_at(
                s.span,
                "ClassDefinitionNotSupported",
                ErrorCategory::NotSpecified,
                format!("{what} definitions are not supported by rosh."),
            )),
            StatementKind::Error => Err(self.error_at(s.span, "ParseError", ErrorCategory::ParserError, "The statement could not be parsed.")),
        }
    }

    /// A `data` section is held to RestrictedLanguage with `ConvertFrom-StringData` and its
    /// `-SupportedCommand` names allowed; outside FullLanguage it may not add commands
    /// (`DataSectionAllowedCommandDisallowed`).
    fn check_data_section(&mut self, body: &StatementBlock, supported: &[Expr]) -> Eval<()> {
        use crate::language_mode::{DATA_SECTION_COMMANDS, constrained, restricted};
        if let Some(first) = supported.first()
            && self.language_mode().limits_types()
        {
            return Err(self.locate(
                Flow::Error(Box::new(constrained::data_section_commands_refused())),
                first.span,
            ));
        }
        let mut allowed: Vec<String> = DATA_SECTION_COMMANDS
            .iter()
            .map(|c| c.to_string())
            .collect();
        for e in supported {
            match self.eval(e)? {
                Value::Array(a) => allowed.extend(a.to_vec().iter().map(to_str)),
                v => allowed.push(to_str(&v)),
            }
        }
        let text = self
            .source
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_else(|| Arc::from(""));
        if let Err(errors) = restricted::check_data_section(&text, &body.statements, &allowed)
            && let Some(first) = errors.first()
        {
            let mut e = super::trust::parse_error_record(first);
            e.script_terminating = true;
            return Err(self.locate(Flow::Error(Box::new(e)), first.span));
        }
        Ok(())
    }

    fn label_of(&mut self, l: Option<&Expr>) -> Eval<Option<String>> {
        Ok(match l {
            None => None,
            Some(e) => Some(to_str(&self.eval(e)?)),
        })
    }

    /// The value a statement produces when used as a value (right of `=`, a condition).
    pub(crate) fn statement_value(&mut self, s: &Statement) -> Eval<Value> {
        // A lone expression needs no collection (and keeps `@()` arrays as they are).
        if let StatementKind::Pipeline(chain) = &*s.kind
            && chain.rest.is_empty()
            && !chain.background
            && chain.first.elements.len() == 1
            && let PipelineElement::Expression { expr, redirections } = &chain.first.elements[0]
            && redirections.is_empty()
        {
            // An expression's value is assigned as it is: a one-element array stays an array.
            return self.eval(expr);
        }
        if let StatementKind::Assignment { target, op, value } = &*s.kind {
            let v = self.statement_value(value)?;
            self.assign(target, *op, v.clone())?;
            return Ok(v);
        }
        let mut c = Collector::default();
        self.exec_statement(s, &mut c)?;
        Ok(c.into_value())
    }

    fn throw(&mut self, v: Option<&Statement>, span: rosh_lang::span::Span) -> Eval<Flow> {
        let value = match v {
            Some(s) => self.statement_value(s)?,
            None => {
                // `throw` alone in a catch rethrows the current error.
                if let Some(Value::Object(o)) = self.scopes.get("_").map(|v| v.value.clone())
                    && o.type_names()
                        .first()
                        .is_some_and(|n| n == "System.Management.Automation.ErrorRecord")
                    && let Some(e) = self.errors.first()
                {
                    let mut e = e.clone();
                    e.script_terminating = true;
                    return Ok(Flow::Error(Box::new(e)));
                }
                Value::str("ScriptHalted")
            }
        };
        let mut e = match &value {
            Value::Object(o)
                if o.type_names()
                    .first()
                    .is_some_and(|n| n == "System.Management.Automation.ErrorRecord") =>
            {
                let message = o.get("Exception").and_then(|x| match x {
                    Value::Object(ex) => ex.get("Message").map(|m| to_str(&m)),
                    _ => None,
                });
                let mut e = ErrorRecord::new(
                    o.get("FullyQualifiedErrorId")
                        .map(|v| to_str(&v))
                        .unwrap_or_default(),
                    ErrorCategory::OperationStopped,
                    message.unwrap_or_else(|| to_str(&value)),
                );
                e.thrown = Some(value.clone());
                e
            }
            Value::String(s) => ErrorRecord::new(
                s.to_string(),
                ErrorCategory::OperationStopped,
                s.to_string(),
            ),
            // `throw [System.FormatException]::new('...')`: the error carries that exception.
            other if let Some((ty, message)) = crate::exceptions::of_value(other) => {
                let mut e =
                    ErrorRecord::new(message.clone(), ErrorCategory::OperationStopped, message)
                        .with_exception(&ty);
                e.thrown = Some(other.clone());
                e
            }
            other => {
                let message = to_str(other);
                let mut e =
                    ErrorRecord::new(message.clone(), ErrorCategory::OperationStopped, message);
                e.thrown = Some(other.clone());
                e
            }
        };
        e.target = Some(value);
        e.invocation = Some(self.position(span));
        e.script_terminating = true;
        e.from_throw = true;
        Ok(Flow::Error(Box::new(e)))
    }

    fn exec_try(
        &mut self,
        body: &StatementBlock,
        catches: &[CatchClause],
        finally: Option<&StatementBlock>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        self.try_depth += 1;
        let mut result = self.exec_block(body, out);
        self.try_depth -= 1;
        if let Err(Flow::Error(e)) = &result {
            let e = e.clone();
            if let Some(c) = catches
                .iter()
                .find(|c| c.types.is_empty() || c.types.iter().any(|t| catch_matches(Some(t), &e)))
            {
                self.record_error(&e);
                let saved = self.scopes.get("_").map(|v| v.value.clone());
                self.scopes.set(Target::Local, "_", error_value(&e));
                self.scopes.set(Target::Local, "PSItem", error_value(&e));
                result = self.exec_block(&c.body, out);
                self.scopes
                    .set(Target::Local, "_", saved.clone().unwrap_or(Value::Null));
                self.scopes
                    .set(Target::Local, "PSItem", saved.unwrap_or(Value::Null));
            }
        }
        if let Some(f) = finally {
            self.exec_block(f, out)?;
        }
        result
    }

    fn exec_switch(&mut self, sw: &SwitchStatement, out: &mut dyn Sink) -> Eval<()> {
        let items: Vec<Value> = if let Some(file) = &sw.file {
            let path = to_str(&self.eval(file)?);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Flow::error(
                    "FileOpenFailure",
                    ErrorCategory::ObjectNotFound,
                    format!("Cannot find path '{path}': {e}"),
                )
            })?;
            text.lines().map(Value::from).collect()
        } else {
            match &sw.condition {
                Some(c) => match self.statement_value(c)? {
                    Value::Array(a) => a.to_vec(),
                    other => vec![other],
                },
                None => vec![],
            }
        };
        let has = |f: &str| {
            sw.flags
                .iter()
                .any(|x| x.starts_with(f) || f.starts_with(x.as_str()) && x.len() >= 2)
        };
        let (regex, wildcard, cs) = (has("regex"), has("wildcard"), has("casesensitive"));
        let saved = self.scopes.get("_").map(|v| v.value.clone());
        let result = (|| -> Eval<()> {
            'items: for item in items {
                self.scopes.set(Target::Local, "_", item.clone());
                let mut matched = false;
                for clause in &sw.clauses {
                    let is_default = matches!(&clause.condition.kind, ExprKind::String { value, kind: StringKind::Bare } if value.eq_ignore_ascii_case("default"));
                    if is_default {
                        continue;
                    }
                    let hit = match &clause.condition.kind {
                        ExprKind::ScriptBlock(sb) => {
                            let v = self.eval_block_in_scope(sb)?;
                            is_true(&v)
                        }
                        _ => {
                            let c = self.eval(&clause.condition)?;
                            if regex {
                                let r = ops::binary(
                                    rosh_lang::token::BinaryOp::Compare(
                                        rosh_lang::token::CompareOp::Match,
                                        cs,
                                    ),
                                    item.clone(),
                                    c,
                                )?;
                                if let Some(m) = r.matches {
                                    self.set_matches(m);
                                }
                                is_true(&r.value)
                            } else if wildcard {
                                let r = ops::binary(
                                    rosh_lang::token::BinaryOp::Compare(
                                        rosh_lang::token::CompareOp::Like,
                                        cs,
                                    ),
                                    item.clone(),
                                    c,
                                )?;
                                is_true(&r.value)
                            } else if let Value::String(text) = &c {
                                // A string clause compares with the value's string form
                                // (a hashtable is `System.Collections.Hashtable`).
                                let item_text = to_str(&item);
                                if cs {
                                    item_text == **text
                                } else {
                                    item_text.to_lowercase() == text.to_lowercase()
                                }
                            } else {
                                ops::equals(&item, &c, cs)
                                    || (matches!(item, Value::Null) && matches!(c, Value::Null))
                            }
                        }
                    };
                    if hit {
                        matched = true;
                        match self.exec_block(&clause.body, out) {
                            Ok(()) => {}
                            Err(Flow::Break(l)) if loop_matches(&sw.label, &l) => return Ok(()),
                            Err(Flow::Continue(l)) if loop_matches(&sw.label, &l) => {
                                continue 'items;
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
                if !matched && let Some(d) = &sw.default {
                    match self.exec_block(d, out) {
                        Ok(()) => {}
                        Err(Flow::Break(l)) if loop_matches(&sw.label, &l) => return Ok(()),
                        Err(Flow::Continue(l)) if loop_matches(&sw.label, &l) => {
                            continue 'items;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Ok(())
        })();
        self.scopes
            .set(Target::Local, "_", saved.unwrap_or(Value::Null));
        result
    }

    /// Set `$Matches` from a successful `-match`.
    pub(crate) fn set_matches(&mut self, groups: Vec<(String, String)>) {
        let h = crate::value::Hashtable::new(false);
        for (name, value) in groups.into_iter().rev() {
            let key = match name.parse::<i32>() {
                Ok(i) => Value::Int(i),
                Err(_) => Value::from(name),
            };
            h.insert(key, Value::from(value));
        }
        self.scopes
            .set(Target::Local, "Matches", Value::Hashtable(h));
    }

    /// Assign `v` to `target` with `op`.
    pub(crate) fn assign(&mut self, target: &Expr, op: AssignOp, v: Value) -> Eval<()> {
        let v = if op == AssignOp::Assign {
            v
        } else {
            let current = self.eval(target)?;
            match op {
                AssignOp::Coalesce => {
                    if !current.is_null() {
                        return Ok(());
                    }
                    v
                }
                _ => {
                    let bop = match op {
                        AssignOp::Add => BinaryOp::Add,
                        AssignOp::Subtract => BinaryOp::Subtract,
                        AssignOp::Multiply => BinaryOp::Multiply,
                        AssignOp::Divide => BinaryOp::Divide,
                        _ => BinaryOp::Remainder,
                    };
                    ops::binary(bop, current, v)
                        .map_err(|e| self.locate(e, target.span))?
                        .value
                }
            }
        };
        match &target.kind {
            ExprKind::Variable(p) => self.set_variable(p, v),
            ExprKind::Convert { ty, operand } => {
                let t = self.resolve_type(ty, target.span)?;
                let ExprKind::Variable(p) = &operand.kind else {
                    let converted = self.convert_checked(&v, &t).map_err(|e| self.locate(e, target.span))?;
                    return self.assign(operand, AssignOp::Assign, converted);
                };
                let converted = self.convert_checked(&v, &t).map_err(|e| self.locate(e, target.span))?;
                let (tgt, name) = target_of(p);
                self.scopes.define(tgt, Variable { name: name.to_string(), value: converted, constraint: Some(t), private: false });
                Ok(())
            }
            ExprKind::Attributed { operand, .. } => self.assign(operand, AssignOp::Assign, v),
            ExprKind::Member { target: obj, member, is_static: false, .. } => {
                let o = self.eval(obj)?;
                let name = self.member_name(member)?;
                self.set_member(&o, &name, v, target.span)
            }
            ExprKind::Index { target: obj, index, .. } => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                self.set_index(&o, &i, v, target.span)
            }
            ExprKind::Array(targets) => {
                let values = match v {
                    Value::Array(a) => a.to_vec(),
                    other => vec![other],
                };
                for (i, t) in targets.iter().enumerate() {
                    let value = if i + 1 == targets.len() {
                        let rest: Vec<Value> = values.iter().skip(i).cloned().collect();
                        match rest.len() {
                            0 => Value::Null,
                            1 => rest.into_iter().next().unwrap_or(Value::Null),
                            _ => Value::Array(crate::value::Array::new(rest)),
                        }
                    } else {
                        values.get(i).cloned().unwrap_or(Value::Null)
                    };
                    self.assign(t, AssignOp::Assign, value)?;
                }
                Ok(())
            }
            _ => Err(self.error_at(
                target.span,
                "InvalidLeftHandSide",
                ErrorCategory::ParserError,
                "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
            )),
        }
    }

    /// Set a variable named by a path, honouring its scope qualifier and type constraint.
    pub(crate) fn set_variable(&mut self, p: &VariablePath, v: Value) -> Eval<()> {
        if let Some(q) = &p.qualifier
            && q.eq_ignore_ascii_case("env")
        {
            // `std::env::set_var` is unsafe in a multi-threaded process; rosh keeps its own
            // environment overlay, which child processes receive.
            self.set_env(&p.name, &to_str(&v));
            return Ok(());
        }
        let (target, name) = target_of(p);
        if p.qualifier
            .as_deref()
            .is_some_and(|q| q.eq_ignore_ascii_case("private"))
        {
            let v = match self.scopes.constraint(target, name) {
                Some(t) => crate::convert::convert(&v, &t)?,
                None => v,
            };
            self.scopes.define(
                target,
                Variable {
                    name: name.to_string(),
                    value: v,
                    constraint: None,
                    private: true,
                },
            );
        } else {
            self.scopes
                .assign(target, name, v, crate::convert::convert)?;
        }
        Ok(())
    }

    /// Attach a position to an error that has none.
    pub(crate) fn locate(&self, e: Flow, span: rosh_lang::span::Span) -> Flow {
        match e {
            Flow::Error(mut rec) if rec.invocation.is_none() => {
                rec.invocation = Some(self.position(span));
                Flow::Error(rec)
            }
            // An error that only names its command (a binding error) gets the position too.
            Flow::Error(mut rec) if rec.invocation.as_ref().is_some_and(|i| i.line == 0) => {
                let command_name = rec.invocation.take().and_then(|i| i.command_name);
                let mut inv = self.position(span);
                inv.command_name = command_name;
                rec.invocation = Some(inv);
                Flow::Error(rec)
            }
            other => other,
        }
    }
}

/// The expression of a statement that is one expression with no redirection.
fn lone_expression(chain: &PipelineChain) -> Option<&Expr> {
    if !chain.rest.is_empty() || chain.background || chain.first.elements.len() != 1 {
        return None;
    }
    match &chain.first.elements[0] {
        PipelineElement::Expression { expr, redirections } if redirections.is_empty() => Some(expr),
        _ => None,
    }
}

/// Which scope and name a variable path assigns to.
pub(crate) fn target_of(p: &VariablePath) -> (Target, &str) {
    match p
        .qualifier
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("global") => (Target::Global, &p.name),
        Some("script") => (Target::Script, &p.name),
        _ => (Target::Local, &p.name),
    }
}

fn catch_matches(t: Option<&TypeName>, e: &ErrorRecord) -> bool {
    // A stopped pipeline runs `finally` blocks but no handler, as in PowerShell.
    if e.is_pipeline_stopped() {
        return false;
    }
    if let Some(inner) = &e.inner_exception_type {
        let mut unwrapped = e.clone();
        unwrapped.exception_type = inner.clone();
        unwrapped.inner_exception_type = None;
        if catch_matches(t, &unwrapped) {
            return true;
        }
    }
    let Some(t) = t else { return true };
    crate::exceptions::derives_from(&e.exception_type, &t.name)
}

/// `$_` in a catch block: the error record as an object.
pub(crate) fn error_value(e: &ErrorRecord) -> Value {
    let thrown = e
        .thrown
        .as_ref()
        .filter(|t| crate::exceptions::of_value(t).is_some())
        .cloned();
    let exception = match thrown {
        Some(t) => t,
        None => {
            let ex = PsObject::with_type_names(crate::exceptions::type_chain(&e.exception_type));
            ex.set("Message", Value::from(e.message.clone()));
            if let Some(inner) = &e.inner_exception_type {
                // A method exception's text quotes the inner message; other wrappers share it.
                let message = match e.message.split_once(": \"") {
                    Some((_, m)) => m.trim_end_matches('"').to_string(),
                    None => e.message.clone(),
                };
                ex.set(
                    "InnerException",
                    crate::exceptions::construct(inner, Some(message), None).unwrap_or_else(|| {
                        let o = PsObject::with_type_names(crate::exceptions::type_chain(inner));
                        Value::Object(o)
                    }),
                );
            }
            ex.set_to_string(e.message.clone());
            Value::Object(ex)
        }
    };
    let rec = PsObject::with_type_names(vec![
        "System.Management.Automation.ErrorRecord".into(),
        "System.Object".into(),
    ]);
    rec.set("Exception", exception);
    rec.set("TargetObject", e.target.clone().unwrap_or(Value::Null));
    rec.set("FullyQualifiedErrorId", Value::from(e.error_id.clone()));
    let cat = PsObject::with_type_names(vec![
        "System.Management.Automation.ErrorCategoryInfo".into(),
        "System.Object".into(),
    ]);
    cat.set("Category", Value::str(e.category.name()));
    cat.set(
        "Reason",
        Value::from(
            e.exception_type
                .rsplit('.')
                .next()
                .unwrap_or("")
                .to_string(),
        ),
    );
    cat.set_to_string(format!(
        "{}: (:) [], {}",
        e.category.name(),
        e.exception_type.rsplit('.').next().unwrap_or("")
    ));
    rec.set("CategoryInfo", Value::Object(cat));
    if let Some(inv) = &e.invocation {
        let ii = PsObject::with_type_names(vec![
            "System.Management.Automation.InvocationInfo".into(),
            "System.Object".into(),
        ]);
        ii.set("ScriptLineNumber", Value::Int(inv.line as i32));
        ii.set("OffsetInLine", Value::Int(inv.column as i32));
        ii.set("Line", Value::from(inv.line_text.clone()));
        ii.set(
            "ScriptName",
            Value::from(inv.script_name.clone().unwrap_or_default()),
        );
        ii.set(
            "PositionMessage",
            Value::from(crate::output::position_message(inv)),
        );
        rec.set("InvocationInfo", Value::Object(ii));
    }
    if let Some(computer) = &e.origin {
        rec.set("PSComputerName", Value::from(computer.clone()));
    }
    rec.set_to_string(e.message.clone());
    rec.set_default_view(crate::output::render_error(e));
    Value::Object(rec)
}
