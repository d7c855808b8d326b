//! The parser: the lalrpop grammar driven by the modal lexer, error recovery, and the
//! translation of grammar errors into PowerShell's error ids and positions.

pub mod build;
mod errors;

use crate::ast::{ScriptBlock, Statement};
use crate::diagnostics::ParseError;
use crate::lexer::{LexContext, Lexer};
use crate::span::Span;
use build::Item;
use std::cell::RefCell;
use std::sync::Arc;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::unwrap_used,
        missing_docs,
        unused_parens,
        rust_2018_idioms
    )]
    grammar,
    "/grammar.rs"
);

/// The result of parsing a script: the tree (as much as could be parsed) and the errors.
#[derive(Debug, Clone)]
pub struct ParseOutput {
    /// The script as a script block; its text is the whole input.
    pub script: ScriptBlock,
    /// Errors in source order of discovery; empty when the script is valid.
    pub errors: Vec<ParseError>,
}

impl ParseOutput {
    /// True when the input is a valid prefix of a script: more lines could complete it. The REPL
    /// asks for a continuation line then.
    pub fn is_incomplete(&self) -> bool {
        self.errors.first().is_some_and(|e| e.incomplete)
    }
}

/// Parse a whole script. Never panics; always returns a tree.
pub fn parse(text: &str) -> ParseOutput {
    let ctx = RefCell::new(LexContext::new(Arc::from(text)));
    let (items, mut errors) = parse_items(text, Span::new(0, text.len()), &ctx, (0, 0, 0));
    let script = build::assemble(
        items,
        Span::new(0, text.len()),
        Span::new(0, text.len()),
        &ctx,
    );
    let mut all = std::mem::take(&mut ctx.borrow_mut().errors);
    all.append(&mut errors);
    let mut semantic = crate::semantic::check(&script);
    // A `try` block at the very end may still get its `catch` on the next line.
    for e in &mut semantic {
        if e.id == "MissingCatchOrFinally" {
            e.incomplete = errors::only_trivia_after(text, e.span.start, text.len());
        }
    }
    // Syntax errors first, then semantic ones, as PowerShell lists them; each position once.
    all.sort_by_key(|e| e.span.start);
    all.dedup_by(|a, b| a.span.start == b.span.start && a.id == b.id);
    semantic.sort_by_key(|e| e.span.start);
    all.extend(semantic);
    ParseOutput {
        script,
        errors: all,
    }
}

/// Parse the statements between `$(` and `)` of a string at `inner`, sharing the context of the
/// enclosing parse. Its errors join the context's list.
/// `nesting` is the enclosing lexer's (frame depth, operator count, string depth).
pub fn parse_nested(
    src: &str,
    inner: Span,
    ctx: &RefCell<LexContext>,
    nesting: (usize, usize, usize),
) -> Vec<Statement> {
    let (items, errors) = parse_items(src, inner, ctx, nesting);
    ctx.borrow_mut().errors.extend(errors);
    build::plain_statements(items)
}

fn parse_items(
    src: &str,
    range: Span,
    ctx: &RefCell<LexContext>,
    nesting: (usize, usize, usize),
) -> (Vec<Item>, Vec<ParseError>) {
    let mut lexer = Lexer::nested(src, range.start, range.end, ctx, nesting);
    let mut recovered = Vec::new();
    let result = grammar::ScriptParser::new().parse(&mut recovered, src, ctx, &mut lexer);
    let history = errors::History {
        tokens: &lexer.tokens,
        unclosed: &lexer.unclosed,
    };
    let mut errors = Vec::new();
    let items = match result {
        Ok(items) => items,
        Err(e) => {
            errors.push(errors::translate(e, src, range, &history, ctx));
            Vec::new()
        }
    };
    for r in recovered {
        errors.push(errors::translate(r.error, src, range, &history, ctx));
    }
    (items, errors)
}
