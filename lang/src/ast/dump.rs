//! A compact S-expression rendering of the tree, for tests and debugging: what each node is
//! and what it holds, without spans.
//!
//! `Write-Output (2+2)` renders as `(cmd 'Write-Output' (paren (+ 2 2)))`.

use super::*;
use std::fmt::Write;

/// Render a script's statements, one per line.
pub fn dump_script(sb: &ScriptBlock) -> String {
    let mut out = String::new();
    let mut d = Dumper { out: &mut out };
    d.script_body(sb, true);
    out
}

/// Render one expression.
pub fn dump_expr(e: &Expr) -> String {
    let mut out = String::new();
    Dumper { out: &mut out }.expr(e);
    out
}

struct Dumper<'o> {
    out: &'o mut String,
}

fn number(n: &NumberValue) -> String {
    match n {
        NumberValue::Int32(v) => v.to_string(),
        NumberValue::Int64(v) => format!("{v}L"),
        NumberValue::Double(v) => format!("{v:?}D"),
        NumberValue::Decimal(v) => format!("{v}M"),
        NumberValue::SByte(v) => format!("{v}y"),
        NumberValue::Byte(v) => format!("{v}uy"),
        NumberValue::Int16(v) => format!("{v}s"),
        NumberValue::UInt16(v) => format!("{v}us"),
        NumberValue::UInt32(v) => format!("{v}u"),
        NumberValue::UInt64(v) => format!("{v}ul"),
        NumberValue::BigInt(v) => format!("{v}n"),
    }
}

fn var(v: &VariablePath) -> String {
    if v.braced {
        format!("${{{}}}", v.user_path())
    } else {
        format!("${}", v.user_path())
    }
}

fn type_name(t: &TypeName) -> String {
    format!("[{}]", t.text)
}

fn unary(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Not => "-not",
        UnaryOp::Bnot => "-bnot",
        UnaryOp::Negate => "neg",
        UnaryOp::Plus => "pos",
        UnaryOp::Comma => "unary,",
        UnaryOp::Split {
            case_sensitive: false,
        } => "-split",
        UnaryOp::Split {
            case_sensitive: true,
        } => "-csplit",
        UnaryOp::Join => "-join",
        UnaryOp::PreIncrement => "++pre",
        UnaryOp::PreDecrement => "--pre",
        UnaryOp::PostIncrement => "post++",
        UnaryOp::PostDecrement => "post--",
    }
}

impl Dumper<'_> {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn script_body(&mut self, sb: &ScriptBlock, top: bool) {
        let mut first = true;
        let mut sep = |d: &mut Self| {
            if !first {
                d.w(if top { "\n" } else { " " });
            }
            first = false;
        };
        for u in &sb.usings {
            sep(self);
            let _ = write!(self.out, "(using {} {})", u.kind, u.name);
        }
        if let Some(p) = &sb.param_block {
            sep(self);
            self.w("(param");
            for a in &p.attributes {
                self.w(" ");
                self.attribute(a);
            }
            for prm in &p.parameters {
                self.w(" ");
                self.parameter(prm);
            }
            self.w(")");
        }
        match &sb.body {
            ScriptBody::Statements(stmts) => {
                for s in stmts {
                    sep(self);
                    self.statement(s);
                }
            }
            ScriptBody::Named(blocks) => {
                for b in blocks {
                    sep(self);
                    let kind = match b.kind {
                        BlockKind::DynamicParam => "dynamicparam",
                        BlockKind::Begin => "begin",
                        BlockKind::Process => "process",
                        BlockKind::End => "end",
                        BlockKind::Clean => "clean",
                    };
                    let _ = write!(self.out, "({kind}");
                    for s in &b.statements {
                        self.w(" ");
                        self.statement(s);
                    }
                    self.w(")");
                }
            }
        }
    }

    fn parameter(&mut self, p: &Parameter) {
        self.w("(");
        for a in &p.attributes {
            match a {
                AttributeOrType::Attribute(a) => self.attribute(a),
                AttributeOrType::Type(t) => self.w(&type_name(t)),
            }
            self.w(" ");
        }
        self.w(&var(&p.name));
        if let Some(d) = &p.default {
            self.w(" = ");
            self.expr(d);
        }
        self.w(")");
    }

    fn attribute(&mut self, a: &Attribute) {
        let _ = write!(self.out, "(attr {}", a.name.text);
        for e in &a.positional {
            self.w(" ");
            self.expr(e);
        }
        for n in &a.named {
            let _ = write!(self.out, " {}", n.name);
            if let Some(v) = &n.value {
                self.w("=");
                self.expr(v);
            }
        }
        self.w(")");
    }

    fn block(&mut self, b: &StatementBlock) {
        self.w("{");
        for (i, s) in b.statements.iter().enumerate() {
            if i > 0 {
                self.w(" ");
            }
            self.statement(s);
        }
        self.w("}");
    }

    fn statements(&mut self, stmts: &[Statement]) {
        for s in stmts {
            self.w(" ");
            self.statement(s);
        }
    }

    fn label(&mut self, l: &Option<String>) {
        if let Some(l) = l {
            let _ = write!(self.out, ":{l} ");
        }
    }

    fn statement(&mut self, s: &Statement) {
        match &*s.kind {
            StatementKind::Pipeline(c) => self.chain(c),
            StatementKind::Assignment { target, op, value } => {
                let _ = write!(self.out, "({} ", op.text());
                self.expr(target);
                self.w(" ");
                self.statement(value);
                self.w(")");
            }
            StatementKind::If {
                clauses,
                else_block,
            } => {
                self.w("(if");
                for (c, b) in clauses {
                    self.w(" (");
                    self.statement(c);
                    self.w(" ");
                    self.block(b);
                    self.w(")");
                }
                if let Some(b) = else_block {
                    self.w(" (else ");
                    self.block(b);
                    self.w(")");
                }
                self.w(")");
            }
            StatementKind::Switch(sw) => {
                self.w("(switch ");
                self.label(&sw.label);
                for f in &sw.flags {
                    let _ = write!(self.out, "-{f} ");
                }
                if let Some(f) = &sw.file {
                    self.expr(f);
                    self.w(" ");
                }
                if let Some(c) = &sw.condition {
                    self.statement(c);
                }
                for c in &sw.clauses {
                    self.w(" (");
                    self.expr(&c.condition);
                    self.w(" ");
                    self.block(&c.body);
                    self.w(")");
                }
                self.w(")");
            }
            StatementKind::Foreach {
                label,
                variable,
                iterable,
                body,
            } => {
                self.w("(foreach ");
                self.label(label);
                let _ = write!(self.out, "{} ", var(variable));
                self.statement(iterable);
                self.w(" ");
                self.block(body);
                self.w(")");
            }
            StatementKind::For {
                label,
                init,
                condition,
                iterator,
                body,
            } => {
                self.w("(for ");
                self.label(label);
                for part in [init, condition, iterator] {
                    match part {
                        Some(p) => self.statement(p),
                        None => self.w("_"),
                    }
                    self.w(" ");
                }
                self.block(body);
                self.w(")");
            }
            StatementKind::While {
                label,
                condition,
                body,
            } => {
                self.w("(while ");
                self.label(label);
                self.statement(condition);
                self.w(" ");
                self.block(body);
                self.w(")");
            }
            StatementKind::DoLoop {
                label,
                body,
                condition,
                until,
            } => {
                self.w(if *until { "(do-until " } else { "(do-while " });
                self.label(label);
                self.block(body);
                self.w(" ");
                self.statement(condition);
                self.w(")");
            }
            StatementKind::Try {
                body,
                catches,
                finally,
            } => {
                self.w("(try ");
                self.block(body);
                for c in catches {
                    self.w(" (catch");
                    for t in &c.types {
                        let _ = write!(self.out, " {}", type_name(t));
                    }
                    self.w(" ");
                    self.block(&c.body);
                    self.w(")");
                }
                if let Some(f) = finally {
                    self.w(" (finally ");
                    self.block(f);
                    self.w(")");
                }
                self.w(")");
            }
            StatementKind::Trap {
                exception_type,
                body,
            } => {
                self.w("(trap ");
                if let Some(t) = exception_type {
                    let _ = write!(self.out, "{} ", type_name(t));
                }
                self.block(body);
                self.w(")");
            }
            StatementKind::Throw(v) | StatementKind::Return(v) | StatementKind::Exit(v) => {
                let kw = match &*s.kind {
                    StatementKind::Throw(_) => "throw",
                    StatementKind::Return(_) => "return",
                    _ => "exit",
                };
                let _ = write!(self.out, "({kw}");
                if let Some(v) = v {
                    self.w(" ");
                    self.statement(v);
                }
                self.w(")");
            }
            StatementKind::Break(l) | StatementKind::Continue(l) => {
                self.w(if matches!(*s.kind, StatementKind::Break(_)) {
                    "(break"
                } else {
                    "(continue"
                });
                if let Some(l) = l {
                    self.w(" ");
                    self.expr(l);
                }
                self.w(")");
            }
            StatementKind::Function(f) => {
                let kw = if f.is_filter {
                    "filter"
                } else if f.is_workflow {
                    "workflow"
                } else {
                    "function"
                };
                let _ = write!(self.out, "({kw} {}", f.name);
                if let Some(ps) = &f.parameters {
                    self.w(" (");
                    for (i, p) in ps.iter().enumerate() {
                        if i > 0 {
                            self.w(" ");
                        }
                        self.parameter(p);
                    }
                    self.w(")");
                }
                self.w(" {");
                self.script_body(&f.body, false);
                self.w("})");
            }
            StatementKind::Data {
                variable,
                supported_commands,
                body,
            } => {
                self.w("(data");
                if let Some(v) = variable {
                    let _ = write!(self.out, " {v}");
                }
                for c in supported_commands {
                    self.w(" ");
                    self.expr(c);
                }
                self.w(" ");
                self.block(body);
                self.w(")");
            }
            StatementKind::Enum { name, members } => {
                let _ = write!(self.out, "(enum {name}");
                for m in members {
                    let _ = write!(self.out, " {}", m.name);
                    if let Some(v) = &m.value {
                        self.w("=");
                        self.expr(v);
                    }
                }
                self.w(")");
            }
            StatementKind::Unsupported(what) => {
                let _ = write!(self.out, "(unsupported {what})");
            }
            StatementKind::Error => self.w("(error)"),
        }
    }

    fn chain(&mut self, c: &PipelineChain) {
        if c.rest.is_empty() && !c.background {
            return self.pipeline(&c.first);
        }
        self.w("(chain ");
        self.pipeline(&c.first);
        for (op, p) in &c.rest {
            self.w(match op {
                ChainOp::And => " && ",
                ChainOp::Or => " || ",
            });
            self.pipeline(p);
        }
        if c.background {
            self.w(" &");
        }
        self.w(")");
    }

    fn pipeline(&mut self, p: &Pipeline) {
        if p.elements.len() > 1 {
            self.w("(pipe");
            for e in &p.elements {
                self.w(" ");
                self.element(e);
            }
            self.w(")");
        } else if let Some(e) = p.elements.first() {
            self.element(e);
        }
    }

    fn element(&mut self, e: &PipelineElement) {
        match e {
            PipelineElement::Expression { expr, redirections } => {
                if redirections.is_empty() {
                    self.expr(expr);
                } else {
                    self.w("(redirect ");
                    self.expr(expr);
                    self.redirections(redirections);
                    self.w(")");
                }
            }
            PipelineElement::Command(c) => self.command(c),
        }
    }

    fn redirections(&mut self, rs: &[Redirection]) {
        for r in rs {
            let from = match r.from {
                RedirectionStream::All => "*",
                RedirectionStream::Output => "1",
                RedirectionStream::Error => "2",
                RedirectionStream::Warning => "3",
                RedirectionStream::Verbose => "4",
                RedirectionStream::Debug => "5",
                RedirectionStream::Information => "6",
            };
            match &r.target {
                RedirectionTarget::Merge(_) => {
                    let _ = write!(self.out, " {from}>&1");
                }
                RedirectionTarget::File { path, append } => {
                    let _ = write!(self.out, " {from}{}", if *append { ">>" } else { ">" });
                    self.expr(path);
                }
            }
        }
    }

    fn command(&mut self, c: &Command) {
        self.w(match c.invocation {
            InvocationKind::Plain => "(cmd ",
            InvocationKind::Call => "(& ",
            InvocationKind::DotSource => "(. ",
        });
        self.expr(&c.name);
        for e in &c.elements {
            self.w(" ");
            match e {
                CommandElement::Parameter { name, argument, .. } => {
                    let _ = write!(self.out, "-{name}");
                    if let Some(a) = argument {
                        self.w(":");
                        self.expr(a);
                    }
                }
                CommandElement::Argument(a) => self.expr(a),
                CommandElement::StopParsing { text, .. } => {
                    let _ = write!(self.out, "--%{text:?}");
                }
                CommandElement::EndOfParameters(_) => self.w("--"),
            }
        }
        self.redirections(&c.redirections);
        self.w(")");
    }

    fn member(&mut self, m: &MemberName) {
        match m {
            MemberName::Name(n) => self.w(n),
            MemberName::Dynamic(e) => self.expr(e),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Number(n) => self.w(&number(n)),
            ExprKind::String { value, .. } => {
                let _ = write!(self.out, "'{}'", value.replace('\'', "''"));
            }
            ExprKind::Expandable { parts, .. } => {
                self.w("\"");
                for p in parts {
                    match p {
                        StringPart::Literal(s) => self.w(&s.replace('"', "\"\"")),
                        StringPart::Variable(v, _) => {
                            let _ = write!(self.out, "{{{}}}", var(v));
                        }
                        StringPart::Subexpression(stmts, _) => {
                            self.w("{($");
                            self.statements(stmts);
                            self.w(")}");
                        }
                    }
                }
                self.w("\"");
            }
            ExprKind::Variable(v) => self.w(&var(v)),
            ExprKind::Splat(v) => {
                let _ = write!(self.out, "@{}", v.user_path());
            }
            ExprKind::Array(items) => {
                self.w("(array");
                for i in items {
                    self.w(" ");
                    self.expr(i);
                }
                self.w(")");
            }
            ExprKind::ArraySubexpression(stmts) => {
                self.w("(@");
                self.statements(stmts);
                self.w(")");
            }
            ExprKind::Subexpression(stmts) => {
                self.w("($");
                self.statements(stmts);
                self.w(")");
            }
            ExprKind::Paren(s) => {
                self.w("(paren ");
                self.statement(s);
                self.w(")");
            }
            ExprKind::Hashtable(entries) => {
                self.w("(hash");
                for (k, v) in entries {
                    self.w(" (");
                    self.expr(k);
                    self.w(" ");
                    self.statement(v);
                    self.w(")");
                }
                self.w(")");
            }
            ExprKind::ScriptBlock(sb) => {
                self.w("{");
                self.script_body(sb, false);
                self.w("}");
            }
            ExprKind::Type(t) => self.w(&type_name(t)),
            ExprKind::Convert { ty, operand } => {
                let _ = write!(self.out, "(cast {} ", type_name(ty));
                self.expr(operand);
                self.w(")");
            }
            ExprKind::Attributed { attribute, operand } => {
                self.w("(attributed ");
                self.attribute(attribute);
                self.w(" ");
                self.expr(operand);
                self.w(")");
            }
            ExprKind::Member {
                target,
                member,
                is_static,
                null_conditional,
            } => {
                self.w(if *is_static {
                    "(:: "
                } else if *null_conditional {
                    "(?. "
                } else {
                    "(. "
                });
                self.expr(target);
                self.w(" ");
                self.member(member);
                self.w(")");
            }
            ExprKind::InvokeMember {
                target,
                member,
                arguments,
                is_static,
                null_conditional,
            } => {
                self.w(if *is_static {
                    "(scall "
                } else if *null_conditional {
                    "(?call "
                } else {
                    "(call "
                });
                self.expr(target);
                self.w(" ");
                self.member(member);
                for a in arguments {
                    self.w(" ");
                    self.expr(a);
                }
                self.w(")");
            }
            ExprKind::Index {
                target,
                index,
                null_conditional,
            } => {
                self.w(if *null_conditional { "(?idx " } else { "(idx " });
                self.expr(target);
                self.w(" ");
                self.expr(index);
                self.w(")");
            }
            ExprKind::Unary { op, operand } => {
                let _ = write!(self.out, "({} ", unary(*op));
                self.expr(operand);
                self.w(")");
            }
            ExprKind::Binary { op, left, right } => {
                let _ = write!(self.out, "({} ", op.text());
                self.expr(left);
                self.w(" ");
                self.expr(right);
                self.w(")");
            }
            ExprKind::Ternary {
                condition,
                if_true,
                if_false,
            } => {
                self.w("(? ");
                self.expr(condition);
                self.w(" ");
                self.expr(if_true);
                self.w(" ");
                self.expr(if_false);
                self.w(")");
            }
            ExprKind::Error => self.w("(error)"),
        }
    }
}
