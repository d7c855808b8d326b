//! What the lexer shares with the grammar and the error reporter.

use super::frame::FrameKind;
use crate::diagnostics::ParseError;
use crate::span::Span;
use crate::token::{Keyword, Tok};

/// What the lexers of one parse share with the grammar: the source text (script blocks keep a
/// handle on it) and the diagnostics found along the way.
#[derive(Debug, Default)]
pub struct LexContext {
    /// The whole text being parsed.
    pub source: std::sync::Arc<str>,
    /// Lexical errors, errors of nested parses and placement errors, in the order found.
    pub errors: Vec<ParseError>,
}

impl LexContext {
    /// A context for parsing `source`.
    pub fn new(source: std::sync::Arc<str>) -> Self {
        LexContext {
            source,
            errors: Vec::new(),
        }
    }
}

/// What the error reporter needs to know about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// What role it plays.
    pub class: TokenClass,
    /// The innermost open frame when it was emitted.
    pub frame: FrameKind,
    /// Where that frame was opened.
    pub frame_open: Span,
    /// The token was lexed in argument mode (inside a command).
    pub command: bool,
}

/// Roles of tokens, for error reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenClass {
    /// A binary operator: an operand must follow.
    Operator,
    /// A prefix-only operator (`-not`, `!`, `-bnot`, unary `-split`/`-join`).
    UnaryOperator,
    /// `&&` or `||`.
    ChainOperator,
    /// `&` at the end of a pipeline.
    Background,
    /// `.`, `?.` or `::` before a member name.
    MemberAccess,
    /// `-Name:` whose value must follow.
    ParameterColon,
    /// `>`/`>>` whose file must follow.
    Redirection,
    /// `&` or `.` starting a command.
    Invocation,
    /// `-file` in a switch header.
    SwitchFile,
    /// `?` of a ternary.
    Question,
    /// `:` of a ternary.
    Colon,
    /// A bare word naming a command.
    CommandName,
    /// A name after `function`, `data`, `enum` or `using`.
    Name,
    /// A type literal or cast.
    Type,
    /// `=` or a compound assignment.
    Assignment,
    /// `|`.
    Pipe,
    /// `,`.
    Comma,
    /// An opening bracket or brace.
    Open,
    /// A closing bracket or brace.
    Close,
    /// A newline or `;`.
    Separator,
    /// A keyword.
    Keyword(Keyword),
    /// A value that can start an expression.
    Operand,
    /// Anything else.
    Other,
}

impl TokenClass {
    pub(super) fn of(tok: &Tok) -> TokenClass {
        match tok {
            Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::Format
            | Tok::DotDot
            | Tok::Coalesce
            | Tok::CompareOp(_)
            | Tok::BitwiseOp(_)
            | Tok::LogicalOp(_) => TokenClass::Operator,
            Tok::Not | Tok::Bnot | Tok::UnarySplit(_) | Tok::UnaryJoin => TokenClass::UnaryOperator,
            Tok::AndAnd | Tok::OrOr => TokenClass::ChainOperator,
            Tok::Background => TokenClass::Background,
            Tok::MemberDot | Tok::NullMemberDot | Tok::StaticColon => TokenClass::MemberAccess,
            Tok::ParamColon(_) => TokenClass::ParameterColon,
            Tok::RedirectFile(_) => TokenClass::Redirection,
            Tok::CallOp | Tok::DotSource => TokenClass::Invocation,
            Tok::SwitchFile => TokenClass::SwitchFile,
            Tok::Question => TokenClass::Question,
            Tok::Colon => TokenClass::Colon,
            Tok::CommandName(_) => TokenClass::CommandName,
            Tok::Name(_) => TokenClass::Name,
            Tok::TypeLit(_) | Tok::CastType(_) => TokenClass::Type,
            Tok::Equals | Tok::Assign(_) => TokenClass::Assignment,
            Tok::Pipe => TokenClass::Pipe,
            Tok::Comma => TokenClass::Comma,
            Tok::LParen
            | Tok::LBrace
            | Tok::AtParen
            | Tok::DollarParen
            | Tok::AtBrace
            | Tok::IndexOpen
            | Tok::NullIndexOpen
            | Tok::InvokeOpen
            | Tok::InvokeBlock
            | Tok::AttrOpen(_) => TokenClass::Open,
            Tok::RParen | Tok::RBrace | Tok::RBracket | Tok::AttrClose => TokenClass::Close,
            Tok::Newline | Tok::Semi => TokenClass::Separator,
            Tok::Kw(k) => TokenClass::Keyword(*k),
            Tok::Number(_)
            | Tok::Str(_)
            | Tok::ExpStr(_)
            | Tok::Var(_)
            | Tok::Generic(_)
            | Tok::Ident(_)
            | Tok::Splat(_) => TokenClass::Operand,
            _ => TokenClass::Other,
        }
    }
}
