//! Collecting the `$using:` expressions of a script block, as PowerShell does before sending
//! the block to another runspace: each distinct expression is evaluated locally and its value
//! travels with the command.

use crate::ast::visit::{self, Visitor};
use crate::ast::*;
use crate::semantic::chain_root;
use crate::span::Span;

/// One `$using:` expression: a variable, or a constant member/index chain on one.
#[derive(Debug, Clone, PartialEq)]
pub struct UsingExpression {
    /// Where it is.
    pub span: Span,
    /// Its source text (`$using:h.Key`).
    pub text: String,
    /// The expression with the `using:` qualifier (`$using:x` or `$using:a[0]`).
    pub expr: Expr,
    /// True when it is a plain `$using:name`.
    pub is_variable: bool,
}

impl UsingExpression {
    /// The text PowerShell uses as the key of the value it sends: the expression's text,
    /// lower-cased for a plain variable (names are case-insensitive, index strings are not).
    pub fn key_text(&self) -> String {
        if self.is_variable {
            self.text.to_lowercase()
        } else {
            self.text.clone()
        }
    }
}

/// Every `$using:` expression in `sb`, nested script blocks included, in source order. The
/// text comes from `source`, the text the spans index.
pub fn using_expressions(sb: &ScriptBlock, source: &str) -> Vec<UsingExpression> {
    let mut c = Collector {
        source,
        found: Vec::new(),
    };
    c.visit_script_block(sb);
    c.found
}

struct Collector<'s> {
    source: &'s str,
    found: Vec<UsingExpression>,
}

impl Visitor for Collector<'_> {
    fn visit_expr(&mut self, e: &Expr) {
        let root = chain_root(e);
        if matches!(&root.kind, ExprKind::Variable(v) if v.is_using())
            && !matches!(e.kind, ExprKind::InvokeMember { .. })
        {
            self.found.push(UsingExpression {
                span: e.span,
                text: e.span.text(self.source).to_string(),
                expr: e.clone(),
                is_variable: matches!(e.kind, ExprKind::Variable(_)),
            });
            return;
        }
        if let ExprKind::Expandable { parts, .. } = &e.kind {
            for p in parts {
                if let StringPart::Variable(v, span) = p
                    && v.is_using()
                {
                    self.found.push(UsingExpression {
                        span: *span,
                        text: span.text(self.source).to_string(),
                        expr: Expr::new(*span, ExprKind::Variable(v.clone())),
                        is_variable: true,
                    });
                }
            }
        }
        visit::walk_expr(self, e);
    }

    fn visit_command(&mut self, c: &Command) {
        for el in &c.elements {
            if let CommandElement::Argument(Expr {
                kind: ExprKind::Splat(v),
                span,
            }) = el
                && v.is_using()
            {
                self.found.push(UsingExpression {
                    span: *span,
                    text: format!("$using:{}", v.name),
                    expr: Expr::new(*span, ExprKind::Variable(v.clone())),
                    is_variable: true,
                });
            }
        }
        visit::walk_command(self, c);
    }
}
