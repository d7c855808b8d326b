//! A read-only visitor over the syntax tree. Override the `visit_*` methods you care about and
//! call the matching `walk_*` function to keep descending.

use super::*;

/// Visits nodes of the tree. Every method defaults to walking the node's children.
pub trait Visitor {
    /// A script block (a script, a literal, a function body).
    fn visit_script_block(&mut self, sb: &ScriptBlock) {
        walk_script_block(self, sb);
    }
    /// A statement.
    fn visit_statement(&mut self, s: &Statement) {
        walk_statement(self, s);
    }
    /// A command.
    fn visit_command(&mut self, c: &Command) {
        walk_command(self, c);
    }
    /// An expression.
    fn visit_expr(&mut self, e: &Expr) {
        walk_expr(self, e);
    }
    /// An attribute.
    fn visit_attribute(&mut self, a: &Attribute) {
        walk_attribute(self, a);
    }
}

/// Visit the children of a script block.
pub fn walk_script_block<V: Visitor + ?Sized>(v: &mut V, sb: &ScriptBlock) {
    if let Some(p) = &sb.param_block {
        walk_param_block(v, p);
    }
    match &sb.body {
        ScriptBody::Statements(s) => s.iter().for_each(|s| v.visit_statement(s)),
        ScriptBody::Named(blocks) => {
            for b in blocks {
                b.statements.iter().for_each(|s| v.visit_statement(s));
            }
        }
    }
}

/// Visit the attributes and defaults of a param block.
pub fn walk_param_block<V: Visitor + ?Sized>(v: &mut V, p: &ParamBlock) {
    p.attributes.iter().for_each(|a| v.visit_attribute(a));
    walk_parameters(v, &p.parameters);
}

/// Visit the attributes and defaults of parameters.
pub fn walk_parameters<V: Visitor + ?Sized>(v: &mut V, params: &[Parameter]) {
    for p in params {
        for a in &p.attributes {
            if let AttributeOrType::Attribute(a) = a {
                v.visit_attribute(a);
            }
        }
        if let Some(d) = &p.default {
            v.visit_expr(d);
        }
    }
}

/// Visit the arguments of an attribute.
pub fn walk_attribute<V: Visitor + ?Sized>(v: &mut V, a: &Attribute) {
    a.positional.iter().for_each(|e| v.visit_expr(e));
    a.named
        .iter()
        .filter_map(|n| n.value.as_ref())
        .for_each(|e| v.visit_expr(e));
}

fn walk_block<V: Visitor + ?Sized>(v: &mut V, b: &StatementBlock) {
    b.statements.iter().for_each(|s| v.visit_statement(s));
}

/// Visit the children of a statement.
pub fn walk_statement<V: Visitor + ?Sized>(v: &mut V, s: &Statement) {
    match &*s.kind {
        StatementKind::Pipeline(chain) => walk_chain(v, chain),
        StatementKind::Assignment { target, value, .. } => {
            v.visit_expr(target);
            v.visit_statement(value);
        }
        StatementKind::If {
            clauses,
            else_block,
        } => {
            for (c, b) in clauses {
                v.visit_statement(c);
                walk_block(v, b);
            }
            if let Some(b) = else_block {
                walk_block(v, b);
            }
        }
        StatementKind::Switch(sw) => {
            if let Some(f) = &sw.file {
                v.visit_expr(f);
            }
            if let Some(c) = &sw.condition {
                v.visit_statement(c);
            }
            for c in &sw.clauses {
                v.visit_expr(&c.condition);
                walk_block(v, &c.body);
            }
        }
        StatementKind::Foreach { iterable, body, .. } => {
            v.visit_statement(iterable);
            walk_block(v, body);
        }
        StatementKind::For {
            init,
            condition,
            iterator,
            body,
            ..
        } => {
            for s in [init, condition, iterator].into_iter().flatten() {
                v.visit_statement(s);
            }
            walk_block(v, body);
        }
        StatementKind::While {
            condition, body, ..
        }
        | StatementKind::DoLoop {
            condition, body, ..
        } => {
            v.visit_statement(condition);
            walk_block(v, body);
        }
        StatementKind::Try {
            body,
            catches,
            finally,
        } => {
            walk_block(v, body);
            catches.iter().for_each(|c| walk_block(v, &c.body));
            if let Some(f) = finally {
                walk_block(v, f);
            }
        }
        StatementKind::Trap { body, .. } => walk_block(v, body),
        StatementKind::Throw(e) | StatementKind::Return(e) | StatementKind::Exit(e) => {
            if let Some(e) = e {
                v.visit_statement(e);
            }
        }
        StatementKind::Break(e) | StatementKind::Continue(e) => {
            if let Some(e) = e {
                v.visit_expr(e);
            }
        }
        StatementKind::Function(f) => {
            if let Some(p) = &f.parameters {
                walk_parameters(v, p);
            }
            v.visit_script_block(&f.body);
        }
        StatementKind::Data {
            supported_commands,
            body,
            ..
        } => {
            supported_commands.iter().for_each(|e| v.visit_expr(e));
            walk_block(v, body);
        }
        StatementKind::Enum { members, .. } => {
            members
                .iter()
                .filter_map(|m| m.value.as_ref())
                .for_each(|e| v.visit_expr(e));
        }
        StatementKind::Unsupported(_) | StatementKind::Error => {}
    }
}

/// Visit the pipelines of a chain.
pub fn walk_chain<V: Visitor + ?Sized>(v: &mut V, chain: &PipelineChain) {
    std::iter::once(&chain.first)
        .chain(chain.rest.iter().map(|(_, p)| p))
        .for_each(|p| walk_pipeline(v, p));
}

/// Visit the elements of a pipeline.
pub fn walk_pipeline<V: Visitor + ?Sized>(v: &mut V, p: &Pipeline) {
    for e in &p.elements {
        match e {
            PipelineElement::Expression { expr, redirections } => {
                v.visit_expr(expr);
                walk_redirections(v, redirections);
            }
            PipelineElement::Command(c) => v.visit_command(c),
        }
    }
}

fn walk_redirections<V: Visitor + ?Sized>(v: &mut V, rs: &[Redirection]) {
    for r in rs {
        if let RedirectionTarget::File { path, .. } = &r.target {
            v.visit_expr(path);
        }
    }
}

/// Visit the name, arguments and redirections of a command.
pub fn walk_command<V: Visitor + ?Sized>(v: &mut V, c: &Command) {
    v.visit_expr(&c.name);
    for e in &c.elements {
        match e {
            CommandElement::Parameter {
                argument: Some(a), ..
            } => v.visit_expr(a),
            CommandElement::Argument(a) => v.visit_expr(a),
            _ => {}
        }
    }
    walk_redirections(v, &c.redirections);
}

/// Visit the children of an expression.
pub fn walk_expr<V: Visitor + ?Sized>(v: &mut V, e: &Expr) {
    match &e.kind {
        ExprKind::Number(_)
        | ExprKind::String { .. }
        | ExprKind::Variable(_)
        | ExprKind::Splat(_)
        | ExprKind::Type(_)
        | ExprKind::Error => {}
        ExprKind::Expandable { parts, .. } => {
            for p in parts {
                if let StringPart::Subexpression(stmts, _) = p {
                    stmts.iter().for_each(|s| v.visit_statement(s));
                }
            }
        }
        ExprKind::Array(items) => items.iter().for_each(|i| v.visit_expr(i)),
        ExprKind::ArraySubexpression(stmts) | ExprKind::Subexpression(stmts) => {
            stmts.iter().for_each(|s| v.visit_statement(s));
        }
        ExprKind::Paren(s) => v.visit_statement(s),
        ExprKind::Hashtable(entries) => {
            for (k, s) in entries {
                v.visit_expr(k);
                v.visit_statement(s);
            }
        }
        ExprKind::ScriptBlock(sb) => v.visit_script_block(sb),
        ExprKind::Convert { operand, .. } => v.visit_expr(operand),
        ExprKind::Attributed { attribute, operand } => {
            v.visit_attribute(attribute);
            v.visit_expr(operand);
        }
        ExprKind::Member { target, member, .. } => {
            v.visit_expr(target);
            if let MemberName::Dynamic(d) = member {
                v.visit_expr(d);
            }
        }
        ExprKind::InvokeMember {
            target,
            member,
            arguments,
            ..
        } => {
            v.visit_expr(target);
            if let MemberName::Dynamic(d) = member {
                v.visit_expr(d);
            }
            arguments.iter().for_each(|a| v.visit_expr(a));
        }
        ExprKind::Index { target, index, .. } => {
            v.visit_expr(target);
            v.visit_expr(index);
        }
        ExprKind::Unary { operand, .. } => v.visit_expr(operand),
        ExprKind::Binary { left, right, .. } => {
            v.visit_expr(left);
            v.visit_expr(right);
        }
        ExprKind::Ternary {
            condition,
            if_true,
            if_false,
        } => {
            v.visit_expr(condition);
            v.visit_expr(if_true);
            v.visit_expr(if_false);
        }
    }
}
