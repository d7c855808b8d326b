//! Checks PowerShell makes after parsing (its `SemanticChecks`): assignment targets, `$using:`
//! forms, duplicate keys and parameters, switch flags and defaults, `try` without handlers,
//! leaving a `finally`, attribute arguments, and redirections.

use crate::ast::visit::{self, Visitor};
use crate::ast::*;
use crate::diagnostics::ParseError;
use crate::span::Span;

/// Run the semantic checks over a parsed script.
pub fn check(script: &ScriptBlock) -> Vec<ParseError> {
    let mut c = Checker {
        errors: Vec::new(),
        finally_depth: 0,
        loop_depth_in_finally: 0,
    };
    c.visit_script_block(script);
    c.errors
}

struct Checker {
    errors: Vec<ParseError>,
    finally_depth: usize,
    loop_depth_in_finally: usize,
}

fn err(id: &'static str, message: impl Into<String>, span: Span) -> ParseError {
    ParseError::new(id, message, span)
}

/// The variable at the root of a member/index chain.
pub fn chain_root(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Member { target, .. }
        | ExprKind::InvokeMember { target, .. }
        | ExprKind::Index { target, .. } => chain_root(target),
        _ => e,
    }
}

fn is_using_variable(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Variable(v) if v.is_using())
}

/// True for a value PowerShell accepts as constant (attribute arguments, `$using:` indexes).
pub fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number(_)
        | ExprKind::String { .. }
        | ExprKind::ScriptBlock(_)
        | ExprKind::Type(_) => true,
        ExprKind::Variable(v) => {
            v.qualifier.is_none()
                && ["true", "false", "null"]
                    .iter()
                    .any(|n| v.name.eq_ignore_ascii_case(n))
        }
        ExprKind::Array(items) => items.iter().all(is_constant),
        ExprKind::Unary { operand, op } => {
            matches!(
                op,
                UnaryOp::Negate | UnaryOp::Plus | UnaryOp::Not | UnaryOp::Bnot | UnaryOp::Comma
            ) && is_constant(operand)
        }
        ExprKind::Binary { left, right, op } => {
            !matches!(op, BinaryOp::Format | BinaryOp::Coalesce)
                && is_constant(left)
                && is_constant(right)
        }
        ExprKind::Convert { operand, .. } => is_constant(operand),
        // `[int]::MaxValue` and enum members are constants.
        ExprKind::Member {
            target,
            is_static: true,
            member: MemberName::Name(_),
            ..
        } => matches!(target.kind, ExprKind::Type(_)),
        ExprKind::Paren(s) => match &*s.kind {
            StatementKind::Pipeline(c) if c.rest.is_empty() && c.first.elements.len() == 1 => {
                matches!(&c.first.elements[0], PipelineElement::Expression { expr, redirections } if redirections.is_empty() && is_constant(expr))
            }
            _ => false,
        },
        _ => false,
    }
}

fn is_assignable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Variable(v) => !v.is_using(),
        ExprKind::Member { .. } | ExprKind::Index { .. } => true,
        ExprKind::Convert { operand, .. } | ExprKind::Attributed { operand, .. } => {
            is_assignable(operand)
        }
        ExprKind::Array(items) => !items.is_empty() && items.iter().all(is_assignable),
        _ => false,
    }
}

fn stream_name(s: RedirectionStream) -> &'static str {
    match s {
        RedirectionStream::All => "all streams",
        RedirectionStream::Output => "output stream",
        RedirectionStream::Error => "error stream",
        RedirectionStream::Warning => "warning stream",
        RedirectionStream::Verbose => "verbose stream",
        RedirectionStream::Debug => "debug stream",
        RedirectionStream::Information => "information stream",
    }
}

impl Checker {
    fn check_using(&mut self, e: &Expr) -> bool {
        // Returns true when `e` is a using chain (checked here, not descended further).
        if !is_using_variable(chain_root(e)) || is_using_variable(e) {
            return false;
        }
        let mut cur = e;
        loop {
            match &cur.kind {
                ExprKind::InvokeMember { .. } => {
                    self.errors.push(err(
                        "InvalidUsingExpression",
                        "Expression is not allowed in a Using expression.",
                        e.span,
                    ));
                    return true;
                }
                ExprKind::Member {
                    target,
                    member,
                    null_conditional,
                    is_static,
                } => {
                    if matches!(member, MemberName::Dynamic(_)) || *null_conditional || *is_static {
                        self.errors.push(err(
                            "InvalidUsingExpression",
                            "Expression is not allowed in a Using expression.",
                            e.span,
                        ));
                        return true;
                    }
                    cur = target;
                }
                ExprKind::Index {
                    target,
                    index,
                    null_conditional,
                } => {
                    if !is_constant(index) || *null_conditional {
                        self.errors.push(err(
                            "InvalidUsingExpression",
                            "Expression is not allowed in a Using expression.",
                            index.span,
                        ));
                        return true;
                    }
                    cur = target;
                }
                _ => return true,
            }
        }
    }

    fn check_params(&mut self, params: &[Parameter]) {
        let mut seen: Vec<String> = Vec::new();
        for p in params {
            let name = p.name.name.to_ascii_lowercase();
            if seen.contains(&name) {
                self.errors.push(err(
                    "DuplicateFormalParameter",
                    format!("Duplicate parameter ${} in parameter list.", p.name.name),
                    p.span,
                ));
            }
            seen.push(name);
        }
    }

    fn check_redirections(&mut self, rs: &[Redirection]) {
        let mut seen = Vec::new();
        for r in rs {
            if seen.contains(&r.from) {
                self.errors.push(err(
                    "StreamAlreadyRedirected",
                    format!(
                        "The {} for this command is already redirected.",
                        stream_name(r.from)
                    ),
                    r.span,
                ));
            }
            seen.push(r.from);
        }
    }
}

impl Visitor for Checker {
    fn visit_script_block(&mut self, sb: &ScriptBlock) {
        if let Some(p) = &sb.param_block {
            self.check_params(&p.parameters);
        }
        // Script blocks are new functions: a finally around them does not apply inside.
        let saved = (self.finally_depth, self.loop_depth_in_finally);
        self.finally_depth = 0;
        visit::walk_script_block(self, sb);
        (self.finally_depth, self.loop_depth_in_finally) = saved;
    }

    fn visit_statement(&mut self, s: &Statement) {
        match &*s.kind {
            StatementKind::Assignment { target, .. } if !is_assignable(target) => {
                self.errors.push(err(
                    "InvalidLeftHandSide",
                    "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                    target.span,
                ));
            }
            StatementKind::Try {
                body,
                catches,
                finally,
            } => {
                if catches.is_empty() && finally.is_none() {
                    self.errors.push(err(
                        "MissingCatchOrFinally",
                        "The Try statement is missing its Catch or Finally block.",
                        Span::at(body.span.end),
                    ));
                }
                self.visit_block(body);
                for c in catches {
                    self.visit_block(&c.body);
                }
                if let Some(f) = finally {
                    self.finally_depth += 1;
                    let saved = self.loop_depth_in_finally;
                    self.loop_depth_in_finally = 0;
                    self.visit_block(f);
                    self.loop_depth_in_finally = saved;
                    self.finally_depth -= 1;
                }
                return;
            }
            StatementKind::Return(_) if self.finally_depth > 0 => {
                self.control_leaves_finally(s.span)
            }
            StatementKind::Break(_) | StatementKind::Continue(_)
                if self.finally_depth > 0 && self.loop_depth_in_finally == 0 =>
            {
                self.control_leaves_finally(s.span)
            }
            StatementKind::Switch(sw) => {
                let mut defaults = 0;
                for c in &sw.clauses {
                    if matches!(&c.condition.kind, ExprKind::String { value, kind: StringKind::Bare } if value.eq_ignore_ascii_case("default"))
                    {
                        defaults += 1;
                        if defaults == 2 {
                            self.errors.push(err(
                                "MultipleSwitchDefaultClauses",
                                "A switch statement can have only one default clause.",
                                c.condition.span,
                            ));
                        }
                    }
                }
                for f in &sw.flag_spans {
                    let name = f
                        .text
                        .trim_start_matches(['-', '\u{2013}', '\u{2014}', '\u{2015}'])
                        .to_ascii_lowercase();
                    if ![
                        "regex",
                        "wildcard",
                        "exact",
                        "casesensitive",
                        "parallel",
                        "file",
                    ]
                    .iter()
                    .any(|k| k.starts_with(name.as_str()) && !name.is_empty())
                    {
                        self.errors.push(err(
                            "InvalidSwitchFlag",
                            format!(
                                "The parameter {} is not valid for the switch statement.",
                                f.text
                            ),
                            f.span,
                        ));
                    }
                }
                if sw.condition.is_none() && sw.file.is_none() {
                    self.errors.push(err(
                        "PipelineValueRequired",
                        "A switch statement must have one of the following:  '-file file_name' or '( expression )'.",
                        Span::at(sw.keyword.end),
                    ));
                }
            }
            StatementKind::Function(f) => {
                if let Some(ps) = &f.parameters {
                    self.check_params(ps);
                    if let Some(pb) = &f.body.param_block {
                        self.errors.push(err(
                            "OnlyOneParameterListAllowed",
                            "The param statement cannot be used if arguments were specified in the function declaration.",
                            pb.span,
                        ));
                    }
                }
            }
            _ => {}
        }
        let is_loop = matches!(
            *s.kind,
            StatementKind::Foreach { .. }
                | StatementKind::For { .. }
                | StatementKind::While { .. }
                | StatementKind::DoLoop { .. }
                | StatementKind::Switch(_)
        );
        if is_loop && self.finally_depth > 0 {
            self.loop_depth_in_finally += 1;
            visit::walk_statement(self, s);
            self.loop_depth_in_finally -= 1;
        } else {
            visit::walk_statement(self, s);
        }
    }

    fn visit_command(&mut self, c: &Command) {
        self.check_redirections(&c.redirections);
        visit::walk_command(self, c);
    }

    fn visit_expr(&mut self, e: &Expr) {
        if self.check_using(e) {
            return;
        }
        match &e.kind {
            ExprKind::Hashtable(entries) => {
                let mut seen: Vec<String> = Vec::new();
                for (k, _) in entries {
                    let key = match &k.kind {
                        ExprKind::String { value, .. } => Some(value.to_lowercase()),
                        ExprKind::Number(n) => Some(format!("{n:?}")),
                        _ => None,
                    };
                    if let Some(key) = key {
                        if seen.contains(&key) {
                            let text = match &k.kind {
                                ExprKind::String { value, .. } => value.clone(),
                                _ => key.clone(),
                            };
                            self.errors.push(err(
                                "DuplicateKeyInHashLiteral",
                                format!(
                                    "Duplicate keys '{text}' are not allowed in hash literals."
                                ),
                                k.span,
                            ));
                        }
                        seen.push(key);
                    }
                }
            }
            ExprKind::Attributed { attribute, operand } => {
                let mut inner = &**operand;
                while let ExprKind::Convert { operand, .. } | ExprKind::Attributed { operand, .. } =
                    &inner.kind
                {
                    inner = operand;
                }
                if !matches!(inner.kind, ExprKind::Variable(_)) {
                    self.errors.push(err(
                        "UnexpectedAttribute",
                        format!("Unexpected attribute '{}'.", attribute.name.text),
                        attribute.span,
                    ));
                }
            }
            _ => {}
        }
        visit::walk_expr(self, e);
    }

    fn visit_attribute(&mut self, a: &Attribute) {
        let args = a
            .positional
            .iter()
            .chain(a.named.iter().filter_map(|n| n.value.as_ref()));
        for arg in args {
            if !is_constant(arg) {
                self.errors.push(err(
                    "ParameterAttributeArgumentNeedsToBeConstantOrScriptBlock",
                    "Attribute argument must be a constant or a script block.",
                    arg.span,
                ));
            }
        }
        visit::walk_attribute(self, a);
    }
}

impl Checker {
    fn visit_block(&mut self, b: &StatementBlock) {
        for s in &b.statements {
            self.visit_statement(s);
        }
    }

    fn control_leaves_finally(&mut self, span: Span) {
        self.errors.push(err(
            "ControlLeavingFinally",
            "Flow of control cannot leave a Finally block.",
            span,
        ));
    }
}
