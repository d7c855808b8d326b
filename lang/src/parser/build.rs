//! Constructors the grammar's actions call, kept out of the grammar so it stays readable.

use crate::ast::*;
use crate::diagnostics::ParseError;
use crate::lexer::LexContext;
use crate::span::Span;
use crate::token::{Expandable, ExpandableToken, Keyword, ParameterToken, StrToken};
use std::cell::RefCell;

/// One entry of a statement list before the script block is assembled.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A statement.
    Statement(Statement),
    /// `param( ... )`.
    Param(ParamBlock),
    /// `begin { }` and its siblings.
    Named(NamedBlock),
    /// `using namespace ...`.
    Using(UsingStatement),
}

/// An argument of an attribute as parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeArgument {
    /// `Name = value` or `Name`.
    Named(Span, String, Option<Expr>),
    /// A positional value.
    Positional(Expr),
}

/// An element of a command as parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// `-Name` or `-Name:value`.
    Param(Span, ParameterToken, Option<Box<Expr>>),
    /// An argument.
    Argument(Box<Expr>),
    /// `--%` and its text.
    StopParsing(Span, String),
    /// `--`.
    EndOfParameters(Span),
    /// A redirection.
    Redirection(Box<Redirection>),
}

/// An option of a switch statement as parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum SwitchOption {
    /// `-Regex` and the like.
    Flag(SwitchFlag),
    /// `-File path`.
    File(Box<Expr>),
}

/// `.`, `?.` or `::`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `.`
    Dot,
    /// `?.`
    NullDot,
    /// `::`
    Static,
}

/// A statement covering `l..r`.
pub fn stmt(l: usize, r: usize, kind: StatementKind) -> Statement {
    Statement::new(Span::new(l, r), kind)
}

/// Mark a pipeline statement as run in the background (`... &`).
pub fn background(mut s: Statement) -> Statement {
    if let StatementKind::Pipeline(chain) = &mut *s.kind {
        chain.background = true;
    }
    s
}

/// Attach a loop label.
pub fn labeled(label: String, mut s: Statement, l: usize) -> Statement {
    s.span.start = l;
    match &mut *s.kind {
        StatementKind::Foreach { label: lb, .. }
        | StatementKind::For { label: lb, .. }
        | StatementKind::While { label: lb, .. }
        | StatementKind::DoLoop { label: lb, .. } => *lb = Some(label),
        StatementKind::Switch(sw) => sw.label = Some(label),
        _ => {}
    }
    s
}

/// Assemble a switch statement.
pub fn switch(
    keyword: Span,
    options: Vec<SwitchOption>,
    condition: Option<Statement>,
    items: Vec<Option<Box<SwitchClause>>>,
    l: usize,
    r: usize,
) -> Statement {
    let mut flags = Vec::new();
    let mut flag_spans = Vec::new();
    let mut file = None;
    for option in options {
        match option {
            SwitchOption::Flag(flag) => {
                flags.push(
                    flag.text
                        .trim_start_matches(['-', '\u{2013}', '\u{2014}', '\u{2015}'])
                        .to_ascii_lowercase(),
                );
                flag_spans.push(flag);
            }
            SwitchOption::File(f) => {
                flags.push("file".into());
                file = Some(*f);
            }
        }
    }
    let mut clauses = Vec::new();
    let mut default = None;
    for c in items.into_iter().flatten().map(|c| *c) {
        let is_default = matches!(&c.condition.kind, ExprKind::String { value, kind: crate::token::StringKind::Bare } if value.eq_ignore_ascii_case("default"));
        if is_default && default.is_none() {
            default = Some(c.body.clone());
        }
        clauses.push(c);
    }
    stmt(
        l,
        r,
        StatementKind::Switch(Box::new(SwitchStatement {
            keyword,
            label: None,
            flag_spans,
            flags,
            file,
            condition,
            clauses,
            default,
        })),
    )
}

/// A function, filter or workflow definition.
pub fn function(
    kw: Keyword,
    name: String,
    parameters: Option<Vec<Parameter>>,
    body: (Vec<Item>, usize, usize),
    diags: &RefCell<LexContext>,
    l: usize,
    r: usize,
) -> Statement {
    let Expr {
        kind: ExprKind::ScriptBlock(sb),
        ..
    } = script_block_literal(body.0, diags, body.1, body.2)
    else {
        return stmt(l, r, StatementKind::Error);
    };
    stmt(
        l,
        r,
        StatementKind::Function(Box::new(FunctionDefinition {
            span: Span::new(l, r),
            name,
            is_filter: kw == Keyword::Filter,
            is_workflow: kw == Keyword::Workflow,
            parameters,
            body: *sb,
        })),
    )
}

/// The statements of a block that may not hold `param` or named blocks (the lexer never
/// produces those there).
pub fn plain_statements(items: Vec<Item>) -> Vec<Statement> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Statement(s) => s,
            Item::Param(p) => Statement::new(p.span, StatementKind::Error),
            Item::Named(n) => Statement::new(n.span, StatementKind::Error),
            Item::Using(u) => Statement::new(u.span, StatementKind::Error),
        })
        .collect()
}

/// Assemble a script block from the items of its body. `l..r` includes the braces.
pub fn script_block_literal(
    items: Vec<Item>,
    diags: &RefCell<LexContext>,
    l: usize,
    r: usize,
) -> Expr {
    let inner = Span::new((l + 1).min(r), r.saturating_sub(1).max(l));
    let sb = assemble(items, inner, Span::new(l, r), diags);
    Expr::new(Span::new(l, r), ExprKind::ScriptBlock(Box::new(sb)))
}

/// Assemble a script block (or a whole script) from statement-list items, reporting items in
/// the wrong place: `using` after statements, statements beside named blocks, a named block
/// twice. `source` is the text the spans index.
pub fn assemble(
    items: Vec<Item>,
    body_span: Span,
    span: Span,
    diags: &RefCell<LexContext>,
) -> ScriptBlock {
    let source = diags.borrow().source.clone();
    let mut usings = Vec::new();
    let mut param_block = None;
    let mut named: Vec<NamedBlock> = Vec::new();
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let mut other_seen = false;
    for item in items {
        match item {
            Item::Using(u) => {
                if other_seen {
                    errors.push(ParseError::new(
                        "UsingMustBeAtStartOfScript",
                        "A 'using' statement must appear before any other statements in a script.",
                        u.span,
                    ));
                }
                usings.push(u);
            }
            Item::Param(p) if param_block.is_none() && !other_seen => {
                other_seen = true;
                param_block = Some(p);
            }
            Item::Param(p) => statements.push(Statement::new(p.span, StatementKind::Error)),
            Item::Named(n) => {
                other_seen = true;
                if named.iter().any(|b| b.kind == n.kind) {
                    let word = Span::new(n.span.start, n.span.end).text(&source);
                    let word: String = word.chars().take_while(|c| c.is_alphanumeric()).collect();
                    errors.push(ParseError::new(
                        "DuplicateScriptCommandClause",
                        format!("Script command clause '{word}' has already been defined."),
                        n.span,
                    ));
                }
                named.push(n);
            }
            Item::Statement(s) => {
                other_seen = true;
                if !named.is_empty() && statements.is_empty() {
                    let word = s
                        .span
                        .text(&source)
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    errors.push(ParseError::new(
                        "MissingNamedBlocks",
                        format!("unexpected token '{word}', expected 'begin', 'process', 'end', or 'dynamicparam'."),
                        s.span,
                    ));
                }
                statements.push(s);
            }
        }
    }
    diags.borrow_mut().errors.extend(errors);
    let body = if named.is_empty() {
        ScriptBody::Statements(statements)
    } else {
        if !statements.is_empty() {
            // Reported above; kept in an `end` block so nothing is lost.
            named.push(NamedBlock {
                span,
                kind: BlockKind::End,
                statements,
            });
        }
        ScriptBody::Named(named)
    };
    ScriptBlock {
        span,
        body_span,
        source,
        usings,
        param_block,
        body,
    }
}

/// A bare word argument or command name.
pub fn bare_word(e: Expandable, l: usize, r: usize) -> Expr {
    let span = Span::new(l, r);
    match e.as_literal() {
        Some(value) => Expr::new(
            span,
            ExprKind::String {
                value,
                kind: crate::token::StringKind::Bare,
            },
        ),
        None => Expr::new(
            span,
            ExprKind::Expandable {
                parts: e.parts,
                kind: crate::token::StringKind::Bare,
            },
        ),
    }
}

/// A verbatim string.
pub fn string(s: StrToken, l: usize, r: usize) -> Expr {
    Expr::new(
        Span::new(l, r),
        ExprKind::String {
            value: s.value,
            kind: s.kind,
        },
    )
}

/// An expandable string.
pub fn expandable(s: ExpandableToken, l: usize, r: usize) -> Expr {
    Expr::new(
        Span::new(l, r),
        ExprKind::Expandable {
            parts: s.value.parts,
            kind: s.kind,
        },
    )
}

/// An attribute from its parsed arguments.
pub fn attribute(
    name: crate::token::TypeName,
    args: Vec<AttributeArgument>,
    l: usize,
    r: usize,
) -> Attribute {
    let mut positional = Vec::new();
    let mut named = Vec::new();
    for a in args {
        match a {
            AttributeArgument::Named(span, name, value) => {
                named.push(NamedAttributeArgument { span, name, value })
            }
            AttributeArgument::Positional(e) => positional.push(e),
        }
    }
    Attribute {
        span: Span::new(l, r),
        name,
        positional,
        named,
    }
}

/// `[A()][B()] operand`: each attribute wraps the operand, innermost last.
pub fn attributed(attrs: Vec<Attribute>, operand: Expr, l: usize, r: usize) -> Expr {
    let mut e = operand;
    for a in attrs.into_iter().rev() {
        e = Expr::new(
            Span::new(a.span.start, r),
            ExprKind::Attributed {
                attribute: Box::new(a),
                operand: Box::new(e),
            },
        );
    }
    e.span.start = l;
    e
}

/// A command from its parsed elements.
pub fn command(
    invocation: InvocationKind,
    name: Expr,
    els: Vec<Element>,
    l: usize,
    r: usize,
) -> Command {
    let mut elements = Vec::new();
    let mut redirections = Vec::new();
    for e in els {
        match e {
            Element::Param(span, p, argument) => {
                let span = argument.as_ref().map_or(span, |a| span.to(a.span));
                elements.push(CommandElement::Parameter {
                    span,
                    name: p.name,
                    argument: argument.map(|a| *a),
                    text: p.text,
                });
            }
            Element::Argument(a) => elements.push(CommandElement::Argument(*a)),
            Element::StopParsing(span, text) => {
                elements.push(CommandElement::StopParsing { span, text })
            }
            Element::EndOfParameters(span) => elements.push(CommandElement::EndOfParameters(span)),
            Element::Redirection(rd) => redirections.push(*rd),
        }
    }
    Command {
        span: Span::new(l, r),
        invocation,
        name: Box::new(name),
        elements,
        redirections,
    }
}

/// PowerShell's binary precedence (`TokenFlags.BinaryPrecedence*`): higher binds tighter.
fn precedence(op: crate::token::BinaryOp) -> u8 {
    use crate::token::BinaryOp as B;
    match op {
        B::And | B::Or | B::Xor => 1,
        B::Band | B::Bor | B::Bxor => 2,
        B::Coalesce => 7,
        B::Add | B::Subtract => 9,
        B::Multiply | B::Divide | B::Remainder => 10,
        B::Format => 12,
        B::Range => 13,
        B::Compare(..) | B::Is | B::IsNot | B::As | B::Join | B::Shl | B::Shr => 5,
    }
}

/// Fold `first op operand op operand ...` into a tree by precedence; every level is
/// left-associative.
pub fn climb(first: Expr, rest: Vec<(crate::token::BinaryOp, Expr)>) -> Expr {
    fn reduce(operands: &mut Vec<Expr>, op: crate::token::BinaryOp) {
        let (Some(r), Some(l)) = (operands.pop(), operands.pop()) else {
            return;
        };
        let (start, end) = (l.span.start, r.span.end);
        operands.push(binary(op, l, r, start, end));
    }
    let mut operands = Vec::with_capacity(rest.len() + 1);
    operands.push(first);
    let mut ops: Vec<crate::token::BinaryOp> = Vec::with_capacity(rest.len());
    for (op, operand) in rest {
        while let Some(&top) = ops.last() {
            if precedence(top) < precedence(op) {
                break;
            }
            ops.pop();
            reduce(&mut operands, top);
        }
        ops.push(op);
        operands.push(operand);
    }
    while let Some(op) = ops.pop() {
        reduce(&mut operands, op);
    }
    operands
        .pop()
        .unwrap_or_else(|| Expr::new(Span::default(), ExprKind::Error))
}

/// A binary expression.
pub fn binary(op: crate::token::BinaryOp, a: Expr, c: Expr, l: usize, r: usize) -> Expr {
    Expr::new(
        Span::new(l, r),
        ExprKind::Binary {
            op,
            left: Box::new(a),
            right: Box::new(c),
        },
    )
}

/// A member access.
pub fn member(target: Expr, access: Access, member: MemberName, l: usize, r: usize) -> Expr {
    Expr::new(
        Span::new(l, r),
        ExprKind::Member {
            target: Box::new(target),
            member,
            is_static: access == Access::Static,
            null_conditional: access == Access::NullDot,
        },
    )
}

/// A method call.
pub fn invoke(
    target: Expr,
    access: Access,
    member: MemberName,
    arguments: Vec<Expr>,
    l: usize,
    r: usize,
) -> Expr {
    Expr::new(
        Span::new(l, r),
        ExprKind::InvokeMember {
            target: Box::new(target),
            member,
            arguments,
            is_static: access == Access::Static,
            null_conditional: access == Access::NullDot,
        },
    )
}
