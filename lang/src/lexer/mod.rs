//! The self-driving modal lexer.
//!
//! PowerShell's tokenizer has modes (expression, argument, type name) that its parser switches
//! one token at a time. lalrpop cannot steer its lexer, so this lexer decides the mode itself,
//! from a stack of open frames (`{`, `(`, `@{`, `switch` bodies, ...) and the tokens it has
//! already emitted. The parser never writes back. Everything that makes a token depend on its
//! context lives here:
//!
//! - at the start of a pipeline element a bare word, a path or `&` starts a command, whose
//!   arguments are then lexed in argument mode until the element ends;
//! - statement keywords count only where a statement starts (or after `}` for `else`,
//!   `catch`, `while`, ...);
//! - adjacency decides `$a.b` (member) from `$a .b`, `$a[0]` (index) from `$a [0]`, and
//!   `.M(` (method call) from `.M (`;
//! - newlines end statements except after an operator, a `|`, a `,`, before a `|` on the
//!   next line, before `else`/`catch`/..., and inside parameter lists and method arguments.
//!
//! The raw per-mode scanners are logos enums ([`raw`]); tokens whose extent depends on their
//! contents are scanned by hand ([`scan`], [`number`], [`typename`]).

mod argument;
pub mod chars;
mod context;
mod expression;
mod frame;
mod literals;
pub mod number;
mod operators;
pub mod raw;
pub mod scan;
mod state;
pub mod typename;

use crate::ast::{Statement, StringPart};
use crate::diagnostics::ParseError;
use crate::span::Span;
use crate::token::*;
use chars::*;
use logos::Logos;
use number::{NumberScan, parse_argument_number, scan_number};
use raw::{CmdRaw, ExprRaw};
use scan::{GenericScan, HereString, RawPart, VariableScan};
use std::cell::RefCell;
use std::collections::VecDeque;

pub use context::{LexContext, TokenClass, TokenInfo};
pub use frame::FrameKind;
use frame::*;

/// Deepest nesting of brackets, blocks and strings the lexer accepts.
pub const MAX_NESTING: usize = 200;
/// Deepest nesting of `$( )` inside strings inside `$( )` (each level is a nested parse).
pub const MAX_STRING_NESTING: usize = 16;
/// Most operators one statement may hold (each adds a level to the expression tree).
pub const MAX_OPERATORS_PER_STATEMENT: usize = 2000;

/// A token with its absolute byte range, as lalrpop consumes it.
pub type Spanned = (usize, Tok, usize);

/// The lexer never fails: bad text becomes [`Tok::Error`] with a diagnostic in the context.
/// lalrpop still needs an error type for the iterator.
#[derive(Debug, Clone, PartialEq)]
pub enum Never {}

/// The modal lexer: an iterator of tokens for lalrpop.
pub struct Lexer<'s, 'c> {
    /// Every token produced so far, for error reporting.
    pub tokens: Vec<TokenInfo>,
    /// Frames still open at the end of the input, outermost first.
    pub unclosed: Vec<(FrameKind, Span)>,
    src: &'s str,
    bound: usize,
    pos: usize,
    ctx: &'c RefCell<LexContext>,
    frames: Vec<Frame>,
    depth_base: usize,
    queue: VecDeque<Spanned>,
    finished: bool,
    // Context of the next token.
    element_start: bool,
    statement_start: bool,
    rhs_start: bool,
    expect_operand: bool,
    pending: Pending,
    clause: &'static [Keyword],
    one_argument: bool,
    member_name: bool,
    last: Last,
    last_end: usize,
    operators: usize,
    /// The last token can take a member access, index or method call touching it.
    postfix_ok: bool,
    /// The current token is being lexed in argument mode.
    lexing_command: bool,
    /// How many strings with `$( )` enclose this text.
    string_depth: usize,
    /// Newlines ending at or before this offset are known to be insignificant.
    newlines_skipped_until: std::cell::Cell<usize>,
    /// How many names (of a function, enum, data section or using) are expected next.
    names_expected: u8,
    /// The last token was `)]` closing an attribute.
    prev_attr_close: bool,
}

impl<'s, 'c> Lexer<'s, 'c> {
    /// A lexer over `src[start..bound]`, with spans absolute in `src`. `depth` is the nesting of
    /// the text (0 for a whole script; deeper for the `$( )` of a string).
    pub fn new(
        src: &'s str,
        start: usize,
        bound: usize,
        ctx: &'c RefCell<LexContext>,
        depth: usize,
    ) -> Self {
        Self::nested(src, start, bound, ctx, (depth, 0, 0))
    }

    /// A lexer for text nested in another (the `$( )` of a string), continuing its nesting
    /// depth and operator count so limits hold across the nesting.
    pub fn nested(
        src: &'s str,
        start: usize,
        bound: usize,
        ctx: &'c RefCell<LexContext>,
        (depth, operators, string_depth): (usize, usize, usize),
    ) -> Self {
        Lexer {
            tokens: Vec::with_capacity((bound.saturating_sub(start)) / 5),
            unclosed: Vec::new(),
            src,
            bound: bound.min(src.len()),
            pos: start,
            ctx,
            frames: vec![Frame::new(FrameKind::Root, Span::at(start))],
            depth_base: depth,
            queue: VecDeque::new(),
            finished: false,
            element_start: true,
            statement_start: true,
            rhs_start: false,
            expect_operand: true,
            pending: Pending::None,
            clause: &[],
            one_argument: false,
            member_name: false,
            last: Last::Start,
            last_end: start,
            operators,
            postfix_ok: false,
            lexing_command: false,
            names_expected: 0,
            prev_attr_close: false,
            string_depth,
            newlines_skipped_until: std::cell::Cell::new(0),
        }
    }

    /// Produce the next token(s) into the queue.
    pub(super) fn lex_next(&mut self) {
        // Error paths may stop inside a character; tokens always start on a boundary.
        while self.pos < self.bound && !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        if self.pos >= self.bound {
            self.at_eof();
            return;
        }
        if self.pending != Pending::None && self.lex_pending() {
            return;
        }
        if self.postfix_ok && self.pos == self.last_end && self.lex_postfix() {
            return;
        }
        match self.mode() {
            Mode::MemberName => self.lex_member_name(),
            Mode::Command => self.lex_command(),
            Mode::Expression => self.lex_expression(),
        }
    }

    pub(super) fn at_eof(&mut self) {
        self.finished = true;
        self.unclosed = self
            .frames
            .iter()
            .skip(1)
            .map(|f| (f.kind, f.open))
            .collect();
    }

    /// Handle what a keyword expects next. Returns true when it produced a token.
    pub(super) fn lex_pending(&mut self) -> bool {
        let drops_nl = !matches!(
            self.pending,
            Pending::UsingHeader | Pending::FunctionName | Pending::EnumName
        );
        let at = self.skip_trivia(self.pos, drops_nl);
        let c = self.char_at(at);
        let open = |this: &mut Self, tok: Tok, kind: FrameKind, len: usize| {
            this.pos = at + len;
            this.open(at, at + len, tok, kind);
            true
        };
        match (self.pending, c) {
            (Pending::Condition(Keyword::For), Some('(')) => {
                open(self, Tok::LParen, FrameKind::ForHeader, 1)
            }
            (Pending::Condition(kw), Some('(')) => {
                open(self, Tok::LParen, FrameKind::Condition(kw), 1)
            }
            (Pending::Block(_), Some('{')) => open(self, Tok::LBrace, FrameKind::StatementBlock, 1),
            (Pending::CatchTypes(_), Some('{')) => {
                open(self, Tok::LBrace, FrameKind::StatementBlock, 1)
            }
            (Pending::CatchTypes(_), Some('[')) => {
                self.pos = at;
                self.lex_type_literal(at);
                true
            }
            (Pending::CatchTypes(_), Some(',')) => {
                self.pos = at + 1;
                self.push(at, Tok::Comma, at + 1);
                true
            }
            (Pending::FunctionBody, Some('{')) => {
                open(self, Tok::LBrace, FrameKind::FunctionBody, 1)
            }
            (Pending::FunctionBody, Some('(')) => {
                let done = open(self, Tok::LParen, FrameKind::ParamList, 1);
                if self.top().kind == FrameKind::ParamList {
                    self.top_mut().function_params = true;
                }
                done
            }
            (Pending::ParamList, Some('(')) => open(self, Tok::LParen, FrameKind::ParamList, 1),
            (Pending::SwitchBody, Some('{')) => open(self, Tok::LBrace, FrameKind::SwitchBody, 1),
            (Pending::SwitchHeader, Some('(')) => {
                open(self, Tok::LParen, FrameKind::Condition(Keyword::Switch), 1)
            }
            (Pending::SwitchHeader, Some('{')) => open(self, Tok::LBrace, FrameKind::SwitchBody, 1),
            (Pending::DataHeader, Some('{')) => {
                open(self, Tok::LBrace, FrameKind::StatementBlock, 1)
            }
            (Pending::EnumName, Some('{')) => open(self, Tok::LBrace, FrameKind::EnumBody, 1),
            (Pending::AfterAttribute, _) => {
                self.pos = at;
                self.pending = Pending::None;
                false
            }
            (
                Pending::SwitchHeader
                | Pending::DataHeader
                | Pending::EnumName
                | Pending::UsingHeader
                | Pending::FunctionName,
                _,
            ) => {
                // Names and options: lexed in argument mode by the caller.
                false
            }
            _ => {
                // Not what the keyword wants: the grammar reports it.
                self.pending = Pending::None;
                false
            }
        }
    }

    /// `.name`, `::name`, `[index]`, `(args)` touching the previous operand.
    pub(super) fn lex_postfix(&mut self) -> bool {
        let at = self.pos;
        let c = self.char_at(at);
        let n = self.char_at(at + 1);
        let member_start = |c: Option<char>| {
            c.is_some_and(|c| {
                is_var_start(c) || c == '$' || c == '(' || is_single_quote(c) || is_double_quote(c)
            })
        };
        match c {
            Some('.') if n != Some('.') && (member_start(n) || !self.lexing_command_mode()) => {
                if !member_start(n) && self.expect_operand {
                    return false;
                }
                self.pos = at + 1;
                self.push(at, Tok::MemberDot, at + 1);
                true
            }
            Some(':') if n == Some(':') => {
                self.pos = at + 2;
                self.push(at, Tok::StaticColon, at + 2);
                true
            }
            Some('[') => {
                self.pos = at + 1;
                self.open(at, at + 1, Tok::IndexOpen, FrameKind::Index);
                true
            }
            Some('(') if self.last == Last::MemberName => {
                self.pos = at + 1;
                self.open(at, at + 1, Tok::InvokeOpen, FrameKind::Invoke);
                true
            }
            // `$x.Where{ ... }` is `$x.Where({ ... })`.
            Some('{') if self.last == Last::MemberName => {
                self.pos = at + 1;
                self.open(at, at + 1, Tok::InvokeBlock, FrameKind::ScriptBlock);
                true
            }
            Some('?') if n == Some('.') && member_start(self.char_at(at + 2)) => {
                self.pos = at + 2;
                self.push(at, Tok::NullMemberDot, at + 2);
                true
            }
            Some('?') if n == Some('[') => {
                self.pos = at + 2;
                self.open(at, at + 2, Tok::NullIndexOpen, FrameKind::Index);
                true
            }
            _ => false,
        }
    }

    pub(super) fn lexing_command_mode(&self) -> bool {
        self.mode() == Mode::Command
    }
}

impl Iterator for Lexer<'_, '_> {
    type Item = Result<Spanned, Never>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(t) = self.queue.pop_front() {
                return Some(Ok(t));
            }
            if self.finished {
                return None;
            }
            let before = (self.pos, self.queue.len(), self.frames.len());
            self.lex_next();
            // Every step must make progress; a step that neither moved nor produced ends input.
            if (self.pos, self.queue.len(), self.frames.len()) == before && !self.finished {
                if self.pos >= self.bound {
                    self.at_eof();
                } else {
                    let c = self.char_at(self.pos).map_or(1, char::len_utf8);
                    let at = self.pos;
                    self.pos += c;
                    self.push(at, Tok::Error, at + c);
                }
            }
        }
    }
}
