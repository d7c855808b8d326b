//! Expressions.

use super::scope::Target;
use super::{Collector, Runspace};
use crate::convert::{self, is_true, to_str, to_str_with};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::ops;
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, Hashtable, ScriptBlockValue, Value};
use rosh_lang::ast::*;
use rosh_lang::span::Span;
use std::sync::Arc;

impl Runspace {
    /// Evaluate an expression.
    pub fn eval(&mut self, e: &Expr) -> Eval<Value> {
        match &e.kind {
            ExprKind::Number(n) => Ok(convert::number_value(n.clone())),
            ExprKind::String { value, .. } => Ok(Value::str(value)),
            ExprKind::Expandable { parts, .. } => Ok(Value::from(self.expand(parts)?)),
            ExprKind::Variable(p) => self.get_variable(p, e.span),
            ExprKind::Splat(_) => Err(self.error_at(
                e.span,
                "SplattingNotPermitted",
                ErrorCategory::InvalidOperation,
                "Splatted variables can be used only as arguments to commands.",
            )),
            ExprKind::Array(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.eval(i)?);
                }
                Ok(Value::Array(Array::new(v)))
            }
            ExprKind::ArraySubexpression(stmts) => {
                let mut c = Collector::default();
                self.exec_statements(stmts, &mut c)?;
                Ok(Value::Array(Array::new(c.0)))
            }
            ExprKind::Subexpression(stmts) => {
                let mut c = Collector::default();
                self.exec_statements(stmts, &mut c)?;
                Ok(c.into_value())
            }
            ExprKind::Paren(s) => self.statement_value(s),
            ExprKind::Hashtable(entries) => {
                let h = Hashtable::new(false);
                for (k, v) in entries {
                    let key = self.eval(k)?;
                    if key.is_null() {
                        return Err(self.error_at(
                            k.span,
                            "InvalidNullKey",
                            ErrorCategory::InvalidOperation,
                            "A null key is not allowed in a hash literal.",
                        ));
                    }
                    let value = self.statement_value(v)?;
                    h.insert(key, value);
                }
                Ok(Value::Hashtable(h))
            }
            // A block remembers the mode it was created in, and runs in it.
            ExprKind::ScriptBlock(sb) => Ok(Value::ScriptBlock(ScriptBlockValue::new(
                Arc::new((**sb).clone()),
                self.language_mode(),
            ))),
            ExprKind::Type(t) => Ok(Value::Type(self.resolve_type(t, e.span)?)),
            ExprKind::Convert { ty, operand } => {
                let t = self.resolve_type(ty, e.span)?;
                if t.known() == KnownType::Ordered
                    && t.array_depth() == 0
                    && let ExprKind::Hashtable(entries) = &operand.kind
                {
                    let h = Hashtable::new(true);
                    for (k, v) in entries {
                        let key = self.eval(k)?;
                        let value = self.statement_value(v)?;
                        h.insert(key, value);
                    }
                    return Ok(Value::Hashtable(h));
                }
                let v = self.eval(operand)?;
                if t.known() == KnownType::Ref && t.array_depth() == 0 {
                    // `[ref]` casts are refused outside FullLanguage.
                    if self.language_mode().limits_types() {
                        let refused =
                            crate::language_mode::constrained::conversion_refused(&t.full_name());
                        return Err(self.locate(Flow::Error(Box::new(refused)), e.span));
                    }
                    return Ok(reference(v));
                }
                // `[string]` of a collection joins it with `$OFS`.
                if t.known() == KnownType::String
                    && t.array_depth() == 0
                    && matches!(v, Value::Array(_))
                {
                    return Ok(Value::from(self.interpolate(&v)));
                }
                self.convert_checked(&v, &t)
                    .map_err(|err| self.locate(err, e.span))
            }
            ExprKind::Attributed { operand, .. } => self.eval(operand),
            ExprKind::Member { .. } | ExprKind::Index { .. }
                if self.using_values.is_some() && is_using_chain(e) =>
            {
                self.using_value(e.span, false)
            }
            ExprKind::Member {
                target,
                member,
                is_static,
                null_conditional,
            } => {
                let t = self.eval(target)?;
                if *null_conditional && t.is_null() {
                    return Ok(Value::Null);
                }
                let name = self.member_name(member)?;
                if *is_static {
                    self.static_member(&t, &name, e.span)
                } else {
                    Ok(self.get_member(&t, &name))
                }
            }
            ExprKind::InvokeMember {
                target,
                member,
                arguments,
                is_static,
                null_conditional,
            } => {
                let t = self.eval(target)?;
                if *null_conditional && t.is_null() {
                    return Ok(Value::Null);
                }
                let name = self.member_name(member)?;
                let mut args = Vec::with_capacity(arguments.len());
                for a in arguments {
                    args.push(self.eval(a)?);
                }
                let refs: Vec<(usize, Value)> = args
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| is_reference(a))
                    .map(|(i, a)| (i, a.clone()))
                    .collect();
                let r = if *is_static {
                    self.call_static(&t, &name, args, e.span)
                } else if args.is_empty()
                    && name.eq_ignore_ascii_case("tostring")
                    && !t.is_null()
                    && casts_to_object(target)
                {
                    // `([object]$x).ToString()`: the cast makes PowerShell call
                    // Object.ToString non-virtually, which gives the type's name.
                    Ok(Value::from(t.type_name()))
                } else {
                    self.call_method(&t, &name, args, e.span)
                };
                // `[ref]$var` arguments: what the method stored goes back into the variable.
                for (i, r) in refs {
                    if let (Value::Object(o), Some(arg)) = (r, arguments.get(i))
                        && let ExprKind::Convert { operand, .. } = &arg.kind
                        && matches!(operand.kind, ExprKind::Variable(_))
                    {
                        let v = o.get("Value").unwrap_or(Value::Null);
                        self.assign(operand, rosh_lang::ast::AssignOp::Assign, v)?;
                    }
                }
                r.map_err(|err| self.locate(err, e.span))
            }
            ExprKind::Index {
                target,
                index,
                null_conditional,
            } => {
                let t = self.eval(target)?;
                if *null_conditional && t.is_null() {
                    return Ok(Value::Null);
                }
                let i = self.eval(index)?;
                self.get_index(&t, &i, e.span)
            }
            ExprKind::Unary { op, operand } => self.eval_unary(*op, operand, e.span),
            ExprKind::Binary { op, left, right } => self.eval_binary(*op, left, right, e.span),
            ExprKind::Ternary {
                condition,
                if_true,
                if_false,
            } => {
                if is_true(&self.eval(condition)?) {
                    self.eval(if_true)
                } else {
                    self.eval(if_false)
                }
            }
            ExprKind::Error => Err(self.error_at(
                e.span,
                "ParseError",
                ErrorCategory::ParserError,
                "The expression could not be parsed.",
            )),
        }
    }

    /// The text of an expandable string.
    pub(crate) fn expand(&mut self, parts: &[StringPart]) -> Eval<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                StringPart::Literal(s) => out.push_str(s),
                StringPart::Variable(v, span) => {
                    let value = self.get_variable(v, *span)?;
                    out.push_str(&self.interpolate(&value));
                }
                StringPart::Subexpression(stmts, _) => {
                    let mut c = Collector::default();
                    self.exec_statements(stmts, &mut c)?;
                    let v = c.into_value();
                    out.push_str(&self.interpolate(&v));
                }
            }
        }
        Ok(out)
    }

    /// A value inside a string: arrays joined with `$OFS`.
    pub(crate) fn interpolate(&self, v: &Value) -> String {
        let ofs = self
            .scopes
            .get("OFS")
            .map(|v| to_str(&v.value))
            .unwrap_or_else(|| " ".into());
        to_str_with(v, &ofs)
    }

    pub(crate) fn resolve_type(&self, t: &TypeName, span: Span) -> Eval<TypeInfo> {
        TypeInfo::resolve(t).ok_or_else(|| {
            self.error_at(
                span,
                "TypeNotFound",
                ErrorCategory::InvalidOperation,
                format!("Unable to find type [{}].", t.text),
            )
        })
    }

    pub(crate) fn member_name(&mut self, m: &MemberName) -> Eval<String> {
        match m {
            MemberName::Name(n) => Ok(n.clone()),
            MemberName::Dynamic(e) => {
                let v = self.eval(e)?;
                Ok(to_str(&v))
            }
        }
    }

    /// The value a remote command brought for the `$using:` expression at `span`, keyed as
    /// the client keyed it: by its text, lower-cased when it is a plain variable.
    fn using_value(&mut self, span: Span, plain_variable: bool) -> Eval<Value> {
        let text = self
            .source
            .as_ref()
            .and_then(|s| s.text.get(span.start..span.end))
            .unwrap_or_default();
        let key = if plain_variable {
            text.to_lowercase()
        } else {
            text.to_string()
        };
        if let Some(v) = self.using_values.as_ref().and_then(|m| m.get(&key)) {
            return Ok(v.clone());
        }
        Err(self.error_at(
            span,
            "UsingVariableIsUndefined",
            ErrorCategory::InvalidOperation,
            format!(
                "The value of the using variable '{text}' cannot be retrieved because it has not been set in the local session."
            ),
        ))
    }

    /// The value of a variable.
    pub(crate) fn get_variable(&mut self, p: &VariablePath, span: Span) -> Eval<Value> {
        if let Some(q) = &p.qualifier {
            let q = q.to_ascii_lowercase();
            match q.as_str() {
                "env" => return Ok(self.env(&p.name).map(Value::from).unwrap_or(Value::Null)),
                "global" => {
                    return Ok(self
                        .scopes
                        .get_in(Target::Global, &p.name)
                        .map(|v| v.value.clone())
                        .unwrap_or(Value::Null));
                }
                "script" => {
                    return Ok(self
                        .scopes
                        .get_in(Target::Script, &p.name)
                        .map(|v| v.value.clone())
                        .unwrap_or(Value::Null));
                }
                "local" | "private" => {
                    return Ok(self
                        .scopes
                        .get_in(Target::Local, &p.name)
                        .map(|v| v.value.clone())
                        .unwrap_or(Value::Null));
                }
                "using" if self.using_values.is_some() => {
                    return self.using_value(span, true);
                }
                "using" => {
                    return Err(self.error_at(
                        span,
                        "UsingWithoutInvokeCommand",
                        ErrorCategory::InvalidOperation,
                        "A Using variable cannot be retrieved. A Using variable can be used only with Invoke-Command, Start-Job, or InlineScript in the script workflow. When it is used with Invoke-Command, the Using variable is valid only if the script block is invoked on a remote computer.",
                    ));
                }
                "variable" => {}
                "function" => {
                    return Ok(self
                        .scopes
                        .function(&p.name)
                        .filter(|f| self.function_block_visible(&p.name, &f.def.body.source))
                        .map(|f| {
                            Value::ScriptBlock(ScriptBlockValue::new(
                                Arc::new(f.def.body.clone()),
                                f.language_mode,
                            ))
                        })
                        .unwrap_or(Value::Null));
                }
                _ => {}
            }
        }
        let name: &str = &p.name;
        // Automatic variables computed on read, compared without allocating: this is the
        // hottest path of the interpreter.
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if name == "?" {
            return Ok(Value::Bool(self.last_succeeded));
        }
        if name.len() <= 16 && name.as_bytes()[0].is_ascii_alphabetic() {
            if is("LASTEXITCODE") {
                if let Some(v) = self.scopes.get(name) {
                    return Ok(v.value.clone());
                }
                return Ok(self.last_exit_code.map(Value::Int).unwrap_or(Value::Null));
            }
            if is("Error") {
                return Ok(Value::Array(self.error_list.clone()));
            }
            if is("PSItem") {
                return Ok(self
                    .scopes
                    .get("_")
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null));
            }
            if is("PWD") {
                return Ok(crate::automatic::path_info(self.location()));
            }
            if is("PSVersionTable") {
                return Ok(crate::automatic::ps_version_table());
            }
            if is("Host") {
                return Ok(crate::automatic::host_info(self.host.name()));
            }
            if is("ExecutionContext") {
                return Ok(crate::automatic::execution_context(
                    self.language_mode().to_value(),
                ));
            }
        }
        Ok(self
            .scopes
            .get(name)
            .map(|v| v.value.clone())
            .unwrap_or(Value::Null))
    }

    fn eval_unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Eval<Value> {
        match op {
            UnaryOp::PreIncrement
            | UnaryOp::PreDecrement
            | UnaryOp::PostIncrement
            | UnaryOp::PostDecrement => {
                let old = self.eval(operand)?;
                let delta = if matches!(op, UnaryOp::PreIncrement | UnaryOp::PostIncrement) {
                    BinaryOp::Add
                } else {
                    BinaryOp::Subtract
                };
                let new = ops::binary(
                    delta,
                    if old.is_null() {
                        Value::Int(0)
                    } else {
                        old.clone()
                    },
                    Value::Int(1),
                )
                .map_err(|e| self.locate(e, span))?
                .value;
                self.assign(operand, AssignOp::Assign, new.clone())?;
                Ok(
                    if matches!(op, UnaryOp::PostIncrement | UnaryOp::PostDecrement) {
                        old
                    } else {
                        new
                    },
                )
            }
            _ => {
                let v = self.eval(operand)?;
                Ok(match op {
                    UnaryOp::Not => Value::Bool(!is_true(&v)),
                    UnaryOp::Bnot => {
                        let n = convert::to_numeric(&v).unwrap_or(Value::Int(0));
                        match n {
                            Value::Long(i) => Value::Long(!i),
                            other => match convert::as_i128(&other) {
                                Some(i) => Value::Int(!(i as i32)),
                                None => Value::Int(
                                    !(convert::as_f64(&other).unwrap_or(0.0).round_ties_even()
                                        as i32),
                                ),
                            },
                        }
                    }
                    UnaryOp::Negate => {
                        ops::binary(
                            BinaryOp::Multiply,
                            convert::to_numeric(&v).unwrap_or(Value::Int(0)),
                            Value::Int(-1),
                        )
                        .map_err(|e| self.locate(e, span))?
                        .value
                    }
                    UnaryOp::Plus => convert::to_numeric(&v).unwrap_or(v),
                    UnaryOp::Comma => Value::Array(Array::new(vec![v])),
                    UnaryOp::Split { .. } => ops::split_whitespace(&v),
                    UnaryOp::Join => ops::join(&v, ""),
                    _ => Value::Null,
                })
            }
        }
    }

    fn eval_binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, span: Span) -> Eval<Value> {
        match op {
            BinaryOp::And => {
                let l = self.eval(left)?;
                if !is_true(&l) {
                    return Ok(Value::Bool(false));
                }
                Ok(Value::Bool(is_true(&self.eval(right)?)))
            }
            BinaryOp::Or => {
                let l = self.eval(left)?;
                if is_true(&l) {
                    return Ok(Value::Bool(true));
                }
                Ok(Value::Bool(is_true(&self.eval(right)?)))
            }
            BinaryOp::Coalesce => {
                let l = self.eval(left)?;
                if !l.is_null() {
                    return Ok(l);
                }
                self.eval(right)
            }
            _ => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                // `-as` a type ConstrainedLanguage may not convert to gives `$null`, as a
                // failed conversion does.
                if op == BinaryOp::As
                    && let Value::Type(t) = &r
                    && !self.conversion_allowed(&l, t)
                {
                    return Ok(Value::Null);
                }
                if op == BinaryOp::Multiply
                    && self.language_mode()
                        == crate::language_mode::LanguageMode::RestrictedLanguage
                    && let Some(refused) =
                        crate::language_mode::restricted::multiplication_refused(&l, &r)
                {
                    return Err(self.locate(Flow::Error(Box::new(refused)), span));
                }
                if let BinaryOp::Compare(rosh_lang::token::CompareOp::Replace, cs) = op
                    && let Value::Array(a) = &r
                    && let [pattern, Value::ScriptBlock(sb)] = a.to_vec().as_slice()
                {
                    return self
                        .replace_with_block(&l, &to_str(pattern), cs, sb)
                        .map_err(|e| self.locate(e, span));
                }
                if let BinaryOp::Compare(rosh_lang::token::CompareOp::Split, _) = op {
                    let args = crate::ops::items(&r);
                    if let Some(Value::ScriptBlock(sb)) = args.first() {
                        let max = args
                            .get(1)
                            .and_then(crate::convert::to_numeric)
                            .and_then(|m| crate::convert::as_f64(&m))
                            .map_or(0, |m| m as i64);
                        return self
                            .split_with_block(&l, sb, max)
                            .map_err(|e| self.locate(e, span));
                    }
                }
                let result = ops::binary(op, l, r).map_err(|e| self.locate(e, span))?;
                if let Some(m) = result.matches {
                    self.set_matches(m);
                }
                Ok(result.value)
            }
        }
    }
}

/// `[ref]$x`: a PSReference whose `Value` starts as the variable's value.
fn reference(v: Value) -> Value {
    let o = crate::value::PsObject::with_type_names(vec![
        "System.Management.Automation.PSReference".into(),
        "System.Object".into(),
    ]);
    o.set("Value", v);
    Value::Object(o)
}

fn is_reference(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_names().first().is_some_and(|n| n == "System.Management.Automation.PSReference"))
}

/// A member or index chain on a `$using:` variable (`$using:h.Key`, `$using:a[0]`): the
/// client evaluated the whole chain and sent its value.
fn is_using_chain(e: &Expr) -> bool {
    matches!(&rosh_lang::semantic::chain_root(e).kind, ExprKind::Variable(v) if v.is_using())
}

/// Whether a method call's target is a cast to `[object]` (through parentheses), which
/// PowerShell takes as the type to resolve the method on (`GetTypeConstraintForMethodResolution`).
fn casts_to_object(target: &Expr) -> bool {
    let mut e = target;
    while let ExprKind::Paren(stmt) = &e.kind {
        let rosh_lang::ast::StatementKind::Pipeline(chain) = stmt.kind.as_ref() else {
            return false;
        };
        match chain.first.elements.as_slice() {
            [rosh_lang::ast::PipelineElement::Expression { expr, redirections }]
                if chain.rest.is_empty() && redirections.is_empty() && !chain.background =>
            {
                e = expr;
            }
            _ => return false,
        }
    }
    loop {
        match &e.kind {
            ExprKind::Convert { ty, .. } => {
                let name = ty.name.to_ascii_lowercase();
                return ty.array_ranks.is_empty()
                    && ty.generic_arguments.is_empty()
                    && (name == "object" || name == "system.object");
            }
            ExprKind::Attributed { operand, .. } => e = operand,
            _ => return false,
        }
    }
}
