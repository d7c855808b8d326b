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

pub mod chars;
pub mod number;
pub mod raw;
pub mod scan;
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
    fn of(tok: &Tok) -> TokenClass {
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

/// What kind of bracket or block a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// The whole input.
    Root,
    /// A statement body (`if`, loops, `try`, named blocks, `data`).
    StatementBlock,
    /// A function body.
    FunctionBody,
    /// A script block literal.
    ScriptBlock,
    /// `( pipeline )`.
    Group,
    /// The parenthesised condition of a keyword.
    Condition(Keyword),
    /// The header of `for ( ; ; )`.
    ForHeader,
    /// `param( ... )` or `function f( ... )`.
    ParamList,
    /// The arguments of a method call.
    Invoke,
    /// The arguments of an attribute.
    Attribute,
    /// `$( ... )`.
    Subexpression,
    /// `@( ... )`.
    ArrayExpression,
    /// `@{ ... }`.
    Hashtable,
    /// `[ index ]`.
    Index,
    /// The clauses of a `switch`.
    SwitchBody,
    /// The members of an `enum`.
    EnumBody,
}

impl FrameKind {
    fn closer(self) -> char {
        match self {
            FrameKind::Root => '\0',
            FrameKind::StatementBlock
            | FrameKind::FunctionBody
            | FrameKind::ScriptBlock
            | FrameKind::Hashtable
            | FrameKind::SwitchBody
            | FrameKind::EnumBody => '}',
            FrameKind::Index => ']',
            _ => ')',
        }
    }

    /// Frames whose newlines never end anything.
    fn drops_newlines(self) -> bool {
        matches!(
            self,
            FrameKind::ParamList
                | FrameKind::Invoke
                | FrameKind::Attribute
                | FrameKind::Index
                | FrameKind::ForHeader
        )
    }

    /// Frames that hold a list of statements.
    pub fn holds_statements(self) -> bool {
        matches!(
            self,
            FrameKind::Root
                | FrameKind::StatementBlock
                | FrameKind::FunctionBody
                | FrameKind::ScriptBlock
                | FrameKind::Subexpression
                | FrameKind::ArrayExpression
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SwitchState {
    Condition,
    Action,
}

#[derive(Debug, Clone)]
struct Frame {
    kind: FrameKind,
    open: Span,
    /// The current pipeline element of this frame is a command: lex in argument mode.
    in_command: bool,
    /// `--` was seen in the current command: later `-words` are arguments.
    end_of_parameters: bool,
    /// `begin`/`process`/`end`/`param` may still start this block.
    named_ok: bool,
    /// Hashtable: at a key (rather than in a value). Foreach header: before `in`.
    at_key: bool,
    switch: SwitchState,
    /// Keywords allowed right after this block closes (`else`, `catch`, `while`, ...).
    follow: &'static [Keyword],
    /// What a `{ }` opened in this frame's switch is (condition or action).
    child_is_condition: bool,
    /// This parameter list belongs to `function f( ... )`.
    function_params: bool,
    /// Operators counted on the path from the statement start to this frame.
    ops_base: usize,
}

impl Frame {
    fn new(kind: FrameKind, open: Span) -> Self {
        Frame {
            kind,
            open,
            in_command: false,
            end_of_parameters: false,
            named_ok: matches!(
                kind,
                FrameKind::Root | FrameKind::FunctionBody | FrameKind::ScriptBlock
            ),
            at_key: true,
            switch: SwitchState::Condition,
            follow: &[],
            child_is_condition: false,
            function_params: false,
            ops_base: 0,
        }
    }
}

/// What the previous keyword expects to come next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    /// `(` opening the condition of the keyword.
    Condition(Keyword),
    /// `{` opening a statement body, with the keywords that may follow it.
    Block(&'static [Keyword]),
    /// `{` opening a function body, or `(` opening its parameter list.
    FunctionBody,
    /// The name after `function`, `filter`, `workflow`.
    FunctionName,
    /// `switch` options, then `(` or (after `-file path`) `{`.
    SwitchHeader,
    /// `{` opening a switch body.
    SwitchBody,
    /// Type literals after `catch` or `trap`, then `{`.
    CatchTypes(&'static [Keyword]),
    /// `data` name and options, then `{`.
    DataHeader,
    /// The name of an `enum`, then `{`.
    EnumName,
    /// The rest of a `using` statement.
    UsingHeader,
    /// `(` after `param`.
    ParamList,
    /// After `)]` of an attribute: what it decorates follows.
    AfterAttribute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet, or a separator.
    Start,
    /// An operand: a value, `)`, `]`, `}`.
    Operand,
    /// A member name (a method call may follow).
    MemberName,
    /// A token after which a newline continues the statement.
    Continuation,
    /// Anything else.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Expression,
    Command,
    MemberName,
}

const IF_FOLLOW: &[Keyword] = &[Keyword::ElseIf, Keyword::Else];
const TRY_FOLLOW: &[Keyword] = &[Keyword::Catch, Keyword::Finally];
const DO_FOLLOW: &[Keyword] = &[Keyword::While, Keyword::Until];

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

    fn top(&self) -> &Frame {
        // The root frame is never popped.
        &self.frames[self.frames.len() - 1]
    }

    fn top_mut(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }

    fn error(&self, e: ParseError) {
        self.ctx.borrow_mut().errors.push(e);
    }

    fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.bound {
            return None;
        }
        char_at(self.src, i)
    }

    fn text(&self) -> &'s str {
        &self.src[..self.bound]
    }

    /// Offset of the next character that is not a blank, skipping also newlines and comments
    /// when `newlines` is set.
    fn skip_trivia(&self, mut i: usize, newlines: bool) -> usize {
        let s = self.text();
        loop {
            match char_at(s, i) {
                Some(c) if is_blank(c) => i += c.len_utf8(),
                Some('\r' | '\n') if newlines => i += 1,
                Some('`') if matches!(char_at(s, i + 1), Some('\r' | '\n')) => i += 2,
                Some('#') if newlines => {
                    i = s[i..].find(['\n', '\r']).map_or(s.len(), |k| i + k);
                }
                Some('<') if newlines && char_at(s, i + 1) == Some('#') => {
                    match scan::scan_block_comment(s, i) {
                        Some(e) => i = e,
                        None => return s.len(),
                    }
                }
                _ => return i,
            }
        }
    }

    /// The word (letters) at `i`, lower-cased.
    fn word_at(&self, i: usize) -> String {
        let s = self.text();
        let rest = s.get(i..).unwrap_or("");
        let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        rest[..end].to_ascii_lowercase()
    }

    fn mode(&self) -> Mode {
        if self.member_name {
            return Mode::MemberName;
        }
        if self.one_argument
            || matches!(
                self.pending,
                Pending::FunctionName
                    | Pending::SwitchHeader
                    | Pending::DataHeader
                    | Pending::EnumName
                    | Pending::UsingHeader
            )
        {
            return Mode::Command;
        }
        let top = self.top();
        if top.in_command {
            return Mode::Command;
        }
        if top.kind == FrameKind::SwitchBody && top.switch == SwitchState::Condition {
            return Mode::Command;
        }
        Mode::Expression
    }

    // ---- emitting and bookkeeping -------------------------------------------------------

    fn push(&mut self, start: usize, tok: Tok, end: usize) {
        if self.statement_start
            && self.top().named_ok
            && !matches!(
                tok,
                Tok::Newline
                    | Tok::Semi
                    | Tok::AttrOpen(_)
                    | Tok::Kw(
                        Keyword::Param
                            | Keyword::Begin
                            | Keyword::Process
                            | Keyword::End
                            | Keyword::Clean
                            | Keyword::DynamicParam
                            | Keyword::Using
                    )
            )
        {
            self.top_mut().named_ok = false;
        }
        self.prev_attr_close = matches!(tok, Tok::AttrClose);
        {
            let top = self.top();
            let info = TokenInfo {
                start,
                end,
                class: TokenClass::of(&tok),
                frame: top.kind,
                frame_open: top.open,
                command: self.lexing_command,
            };
            self.tokens.push(info);
        }
        self.postfix_ok = match &tok {
            Tok::Var(_) | Tok::TypeLit(_) => true,
            Tok::Ident(_) => self.member_name,
            Tok::Str(..) | Tok::ExpStr(..) | Tok::Number(_) => !self.lexing_command,
            _ => false,
        };
        self.update_state(&tok, start, end);
        self.last_end = end;
        self.queue.push_back((start, tok, end));
    }

    fn operand_done(&mut self) {
        self.element_start = false;
        self.statement_start = false;
        self.rhs_start = false;
        self.expect_operand = false;
        self.last = Last::Operand;
        let top = self.top_mut();
        if top.kind == FrameKind::SwitchBody
            && top.switch == SwitchState::Condition
            && !top.in_command
        {
            top.switch = SwitchState::Action;
        }
    }

    fn expecting(&mut self) {
        self.element_start = false;
        self.statement_start = false;
        self.rhs_start = false;
        self.expect_operand = true;
        self.last = Last::Continuation;
    }

    fn element_begins(&mut self, statement: bool) {
        self.element_start = true;
        self.statement_start = statement;
        self.rhs_start = false;
        self.expect_operand = true;
        self.last = if statement {
            Last::Start
        } else {
            Last::Continuation
        };
    }

    fn statement_ends(&mut self) {
        self.operators = self.top().ops_base;
        let top = self.top_mut();
        top.in_command = false;
        top.end_of_parameters = false;
        if top.kind == FrameKind::Hashtable {
            top.at_key = true;
        }
        self.one_argument = false;
        self.pending = Pending::None;
        self.names_expected = 0;
        self.element_begins(true);
    }

    fn count_operator(&mut self) {
        self.operators += 1;
        if self.operators == MAX_OPERATORS_PER_STATEMENT {
            self.error(ParseError::new(
                "ScriptTooComplicated",
                format!("The statement has more than {MAX_OPERATORS_PER_STATEMENT} operators and is too complex to parse."),
                Span::at(self.pos),
            ));
            self.finish_with_error();
        }
    }

    fn finish_with_error(&mut self) {
        let at = self.pos;
        self.queue.push_back((at, Tok::Error, at));
        self.finished = true;
        self.pos = self.bound;
    }

    fn update_state(&mut self, tok: &Tok, start: usize, _end: usize) {
        self.clause = &[];
        match tok {
            Tok::Newline | Tok::Semi => {
                if self.top().kind == FrameKind::ForHeader {
                    self.element_begins(false);
                    self.rhs_start = false;
                } else {
                    self.statement_ends();
                }
            }
            Tok::Background => self.statement_ends(),
            Tok::Pipe | Tok::AndAnd | Tok::OrOr => {
                let top = self.top_mut();
                top.in_command = false;
                top.end_of_parameters = false;
                self.one_argument = false;
                self.element_begins(false);
            }
            Tok::CallOp | Tok::DotSource => {
                self.top_mut().in_command = true;
                self.element_start = false;
                self.statement_start = false;
                self.last = Last::Continuation;
                self.one_argument = false;
            }
            Tok::CommandName(_) => {
                self.top_mut().in_command = true;
                self.element_start = false;
                self.statement_start = false;
                self.last = Last::Other;
            }
            Tok::Equals | Tok::Assign(_) => {
                self.count_operator();
                if self.top().kind == FrameKind::Hashtable {
                    self.top_mut().at_key = false;
                }
                let in_params = matches!(
                    self.top().kind,
                    FrameKind::ParamList | FrameKind::Attribute | FrameKind::EnumBody
                );
                if in_params {
                    self.expecting();
                } else {
                    self.element_begins(false);
                    self.rhs_start = true;
                }
            }
            Tok::Comma => {
                if self.expect_operand {
                    // A prefix comma nests: `,,,1` is an array in an array in an array.
                    self.count_operator();
                }
                self.expecting();
            }
            Tok::MemberDot | Tok::NullMemberDot | Tok::StaticColon => {
                self.count_operator();
                self.expecting();
                self.member_name = true;
            }
            Tok::Ident(_) if self.member_name => {
                self.member_name = false;
                self.operand_done();
                self.last = Last::MemberName;
            }
            Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::Not
            | Tok::Bnot
            | Tok::UnarySplit(_)
            | Tok::UnaryJoin
            | Tok::Format
            | Tok::DotDot
            | Tok::Coalesce
            | Tok::Question
            | Tok::Colon
            | Tok::CompareOp(_)
            | Tok::BitwiseOp(_)
            | Tok::LogicalOp(_)
            | Tok::CastType(_) => {
                self.count_operator();
                self.expecting();
            }
            Tok::PlusPlus | Tok::MinusMinus => {
                self.count_operator();
                if self.expect_operand {
                    self.expecting();
                } else {
                    self.operand_done();
                }
            }
            Tok::RedirectFile(_) => {
                self.one_argument = true;
                self.last = Last::Continuation;
                self.expect_operand = true;
            }
            Tok::RedirectMerge(_) | Tok::SwitchFile => {
                self.last = Last::Other;
            }
            Tok::Param(_) => {
                self.last = Last::Other;
            }
            Tok::ParamColon(_) => {
                self.last = Last::Continuation;
            }
            Tok::AttrClose => {
                self.count_operator();
                self.pending = Pending::AfterAttribute;
                self.expecting();
            }
            Tok::Label(_) => {
                self.last = Last::Other;
            }
            Tok::Kw(kw) => self.after_keyword(*kw, start),
            Tok::Name(_) => {
                self.last = Last::Other;
            }
            Tok::RParen | Tok::RBrace | Tok::RBracket => {}
            Tok::LParen
            | Tok::LBrace
            | Tok::AtParen
            | Tok::DollarParen
            | Tok::AtBrace
            | Tok::IndexOpen
            | Tok::NullIndexOpen
            | Tok::InvokeOpen
            | Tok::AttrOpen(_) => {}
            _ => {
                if self.one_argument {
                    self.one_argument = false;
                }
                self.member_name = false;
                self.operand_done();
            }
        }
    }

    fn after_keyword(&mut self, kw: Keyword, _start: usize) {
        self.element_start = false;
        self.statement_start = false;
        self.rhs_start = false;
        self.expect_operand = true;
        self.last = Last::Continuation;
        if self.top().named_ok
            && !matches!(
                kw,
                Keyword::Param
                    | Keyword::Begin
                    | Keyword::Process
                    | Keyword::End
                    | Keyword::Clean
                    | Keyword::DynamicParam
                    | Keyword::Using
            )
        {
            self.top_mut().named_ok = false;
        }
        self.pending = match kw {
            Keyword::If | Keyword::ElseIf | Keyword::While | Keyword::For | Keyword::Foreach => {
                Pending::Condition(kw)
            }
            Keyword::Until => Pending::Condition(Keyword::Until),
            Keyword::Else | Keyword::Finally => Pending::Block(&[]),
            Keyword::Do => Pending::Block(DO_FOLLOW),
            Keyword::Try => Pending::Block(TRY_FOLLOW),
            Keyword::Catch => Pending::CatchTypes(TRY_FOLLOW),
            Keyword::Trap => Pending::CatchTypes(&[]),
            Keyword::Switch => Pending::SwitchHeader,
            Keyword::Function | Keyword::Filter | Keyword::Workflow => Pending::FunctionName,
            Keyword::Param => Pending::ParamList,
            Keyword::Begin
            | Keyword::Process
            | Keyword::End
            | Keyword::Clean
            | Keyword::DynamicParam => Pending::Block(&[]),
            Keyword::Data => Pending::DataHeader,
            Keyword::Enum => Pending::EnumName,
            Keyword::Using => Pending::UsingHeader,
            Keyword::Throw | Keyword::Return | Keyword::Exit => {
                self.element_start = true;
                Pending::None
            }
            Keyword::Break | Keyword::Continue => {
                self.one_argument = true;
                self.last = Last::Other;
                Pending::None
            }
            Keyword::In => {
                self.element_start = true;
                self.top_mut().at_key = false;
                Pending::None
            }
        };
    }

    fn push_frame(&mut self, kind: FrameKind, open: Span) -> bool {
        if self.frames.len() + self.depth_base >= MAX_NESTING {
            self.error(ParseError::new(
                "ScriptTooComplicated",
                format!("The script is nested more than {MAX_NESTING} levels deep and is too complex to parse."),
                open,
            ));
            self.finish_with_error();
            return false;
        }
        let in_switch_cond = {
            let top = self.top();
            top.kind == FrameKind::SwitchBody && top.switch == SwitchState::Condition
        };
        if self.top().kind == FrameKind::SwitchBody {
            self.top_mut().child_is_condition = in_switch_cond;
        }
        if self.statement_start
            && self.top().named_ok
            && kind != FrameKind::ParamList
            && kind != FrameKind::Attribute
        {
            self.top_mut().named_ok = false;
        }
        let mut frame = Frame::new(kind, open);
        frame.ops_base = self.operators;
        self.frames.push(frame);
        true
    }

    /// Open a frame for `tok` and set the context for its contents.
    fn open(&mut self, start: usize, end: usize, tok: Tok, kind: FrameKind) {
        self.count_nesting_op(&tok);
        let follow = match self.pending {
            Pending::Block(f) | Pending::CatchTypes(f) => f,
            _ => &[],
        };
        self.pending = Pending::None;
        self.one_argument = false;
        self.member_name = false;
        if !self.push_frame(kind, Span::new(start, end)) {
            return;
        }
        self.top_mut().follow = follow;
        self.push(start, tok, end);
        match kind {
            FrameKind::Hashtable
            | FrameKind::EnumBody
            | FrameKind::ParamList
            | FrameKind::Attribute => {
                self.expecting();
            }
            FrameKind::SwitchBody => {
                self.element_begins(false);
                self.last = Last::Continuation;
            }
            FrameKind::Index | FrameKind::Invoke => {
                self.expecting();
            }
            FrameKind::Condition(Keyword::Foreach) => {
                self.expecting();
                self.top_mut().at_key = true;
            }
            k if k.holds_statements() => {
                self.element_begins(true);
                self.last = Last::Continuation;
            }
            _ => {
                self.element_begins(false);
                self.last = Last::Continuation;
            }
        }
    }

    fn count_nesting_op(&mut self, tok: &Tok) {
        if matches!(tok, Tok::IndexOpen | Tok::NullIndexOpen | Tok::InvokeOpen) {
            self.count_operator();
        }
    }

    /// Close the top frame with `tok` if it matches; otherwise emit `tok` alone (the grammar
    /// reports it as unexpected).
    fn close(&mut self, start: usize, end: usize, tok: Tok, closer: char) {
        if self.frames.len() == 1 || self.top().kind.closer() != closer {
            self.push(start, tok, end);
            return;
        }
        self.member_name = false;
        self.pending = Pending::None;
        if self.top().kind == FrameKind::Attribute {
            // `)` then `]` closes the attribute.
            let after = self.skip_trivia(end, false);
            if self.char_at(after) == Some(']') {
                self.push(start, Tok::AttrClose, after + 1);
                self.pos = after + 1;
                self.frames.pop();
                self.pending = Pending::AfterAttribute;
                self.expecting();
            } else {
                self.push(start, tok, end);
                self.frames.pop();
                self.operand_done();
            }
            return;
        }
        // Recorded against the frame it closes, then the frame goes.
        self.push(start, tok, end);
        let Some(frame) = self.frames.pop() else {
            return;
        };
        self.operators = frame.ops_base;
        if self.top().kind == FrameKind::SwitchBody {
            let top = self.top_mut();
            top.switch = if top.child_is_condition {
                SwitchState::Action
            } else {
                SwitchState::Condition
            };
            let action = top.switch == SwitchState::Action;
            self.element_start = false;
            self.statement_start = false;
            self.expect_operand = true;
            self.last = if action {
                Last::Continuation
            } else {
                Last::Other
            };
            self.postfix_ok = false;
            return;
        }
        match frame.kind {
            FrameKind::Condition(Keyword::If | Keyword::ElseIf) => {
                self.pending = Pending::Block(IF_FOLLOW)
            }
            FrameKind::Condition(Keyword::While | Keyword::Foreach) | FrameKind::ForHeader => {
                self.pending = Pending::Block(&[]);
            }
            FrameKind::Condition(Keyword::Switch) => self.pending = Pending::SwitchBody,
            FrameKind::Condition(_) => self.statement_ends(),
            FrameKind::ParamList => {
                if frame.function_params {
                    self.pending = Pending::FunctionBody;
                    self.expecting();
                } else {
                    self.statement_ends();
                }
            }
            FrameKind::StatementBlock
            | FrameKind::FunctionBody
            | FrameKind::SwitchBody
            | FrameKind::EnumBody => {
                self.statement_ends();
                // A newline after the block still ends the statement the block belongs to
                // (`$x = if (...) { } else { }`).
                self.last = Last::Other;
                self.clause = frame.follow;
            }
            _ => {
                self.operand_done();
                self.postfix_ok = true;
            }
        }
    }
}

// ---- lexing ------------------------------------------------------------------------------

impl<'s, 'c> Lexer<'s, 'c> {
    /// Produce the next token(s) into the queue.
    fn lex_next(&mut self) {
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

    fn at_eof(&mut self) {
        self.finished = true;
        self.unclosed = self
            .frames
            .iter()
            .skip(1)
            .map(|f| (f.kind, f.open))
            .collect();
    }

    /// Handle what a keyword expects next. Returns true when it produced a token.
    fn lex_pending(&mut self) -> bool {
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
    fn lex_postfix(&mut self) -> bool {
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

    fn lexing_command_mode(&self) -> bool {
        self.mode() == Mode::Command
    }

    fn lex_member_name(&mut self) {
        self.member_name = false;
        let at = self.pos;
        match self.char_at(at) {
            Some(c) if is_var_start(c) => {
                let s = self.text();
                let rest = &s[at..];
                let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
                self.pos = at + len;
                self.member_name = true;
                self.push(at, Tok::Ident(rest[..len].to_string()), at + len);
            }
            Some(c) if is_single_quote(c) => self.lex_single_quoted(at),
            Some(c) if is_double_quote(c) => self.lex_double_quoted(at),
            Some('$') => self.lex_variable_expression(at),
            Some('(') => {
                self.pos = at + 1;
                self.open(at, at + 1, Tok::LParen, FrameKind::Group);
            }
            _ => {
                // `$a.` with no name: the grammar reports the missing name.
            }
        }
    }

    // ---- expression mode --------------------------------------------------------------

    fn lex_expression(&mut self) {
        self.lexing_command = false;
        let mut lx = ExprRaw::lexer(self.text());
        lx.bump(self.pos);
        let Some(raw) = lx.next() else {
            self.pos = self.bound;
            return;
        };
        let span = lx.span();
        let (start, end) = (span.start, span.end);
        self.pos = end;
        let Ok(raw) = raw else {
            if self.element_start {
                self.lex_command_name(start);
            } else {
                self.push(start, Tok::Error, end);
            }
            return;
        };
        let top_kind = self.top().kind;
        if raw == ExprRaw::Word {
            let word = &self.text()[start..end];
            if let Some(kw) = self
                .clause
                .iter()
                .copied()
                .find(|k| k.text().eq_ignore_ascii_case(word))
            {
                self.push(start, Tok::Kw(kw), end);
                return;
            }
            if (top_kind == FrameKind::Hashtable && self.top().at_key)
                || top_kind == FrameKind::EnumBody
                || top_kind == FrameKind::Attribute
            {
                self.push(start, Tok::Ident(self.text()[start..end].to_string()), end);
                return;
            }
            if top_kind == FrameKind::Condition(Keyword::Foreach)
                && self.top().at_key
                && word.eq_ignore_ascii_case("in")
            {
                self.push(start, Tok::Kw(Keyword::In), end);
                return;
            }
            if self.prev_attr_close && word.eq_ignore_ascii_case("enum") {
                self.names_expected = 1;
                self.push(start, Tok::Kw(Keyword::Enum), end);
                return;
            }
            if self.pending == Pending::None
                && self.last == Last::Continuation
                && word.eq_ignore_ascii_case("param")
            {
                // `[CmdletBinding()] param(`: after an attribute.
                if self.char_at(self.skip_trivia(end, true)) == Some('(')
                    && self.after_attribute_at_statement()
                {
                    self.push(start, Tok::Kw(Keyword::Param), end);
                    return;
                }
            }
        }
        if self.element_start && self.lex_element_start(raw, start, end) {
            return;
        }
        self.lex_expression_token(raw, start, end);
    }

    fn after_attribute_at_statement(&self) -> bool {
        self.prev_attr_close
    }

    /// Tokens at the start of a pipeline element: keywords, command names, `&`, `.`.
    /// Returns true when the token was handled.
    fn lex_element_start(&mut self, raw: ExprRaw, start: usize, end: usize) -> bool {
        match raw {
            ExprRaw::Word => {
                // A keyword only when the whole bare word is the keyword (`ForEach-Object` is a
                // command).
                let whole_word = self.char_at(end).is_none_or(ends_generic);
                if whole_word && (self.statement_start || self.rhs_start) {
                    let lw = self.text()[start..end].to_ascii_lowercase();
                    if let Some(kw) = Keyword::statement_keyword(&lw) {
                        let rhs_ok = matches!(
                            kw,
                            Keyword::If
                                | Keyword::Switch
                                | Keyword::Foreach
                                | Keyword::For
                                | Keyword::While
                                | Keyword::Do
                                | Keyword::Try
                        );
                        if self.statement_start || rhs_ok {
                            self.names_expected = match kw {
                                Keyword::Function
                                | Keyword::Filter
                                | Keyword::Workflow
                                | Keyword::Enum
                                | Keyword::Data => 1,
                                Keyword::Using => 2,
                                _ => 0,
                            };
                            self.push(start, Tok::Kw(kw), end);
                            return true;
                        }
                    }
                    if self.statement_start {
                        let next = self.char_at(self.skip_trivia(end, true));
                        if lw == "param" && next == Some('(') && self.top().named_ok {
                            self.push(start, Tok::Kw(Keyword::Param), end);
                            return true;
                        }
                        let named = match lw.as_str() {
                            "begin" => Some(Keyword::Begin),
                            "process" => Some(Keyword::Process),
                            "end" => Some(Keyword::End),
                            "clean" => Some(Keyword::Clean),
                            "dynamicparam" => Some(Keyword::DynamicParam),
                            _ => None,
                        };
                        if let Some(kw) = named.filter(|_| self.top().named_ok) {
                            self.push(start, Tok::Kw(kw), end);
                            return true;
                        }
                        if lw == "class" && self.lex_class(start) {
                            return true;
                        }
                        if matches!(lw.as_str(), "var" | "define" | "from") && next != Some('(') {
                            self.error(ParseError::new(
                                "ReservedKeywordNotAllowed",
                                format!("The '{lw}' keyword is not supported in this version of the language."),
                                Span::new(start, end),
                            ));
                        }
                    }
                }
                self.lex_command_name(start);
                true
            }
            ExprRaw::NumberStart => match scan_number(self.src, start) {
                NumberScan::NotNumber => {
                    self.lex_command_name(start);
                    true
                }
                _ => false,
            },
            ExprRaw::Dot => {
                if self
                    .char_at(end)
                    .is_none_or(|c| is_blank(c) || c == '\n' || c == '\r')
                {
                    self.push(start, Tok::DotSource, end);
                } else {
                    self.lex_command_name(start);
                }
                true
            }
            ExprRaw::Amp => {
                self.push(start, Tok::CallOp, end);
                true
            }
            ExprRaw::Colon
                if self.statement_start && self.char_at(end).is_some_and(is_var_start) =>
            {
                let s = self.text();
                let rest = &s[end..];
                let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
                self.pos = end + len;
                self.push(start, Tok::Label(rest[..len].to_string()), end + len);
                true
            }
            ExprRaw::DotDot
            | ExprRaw::Percent
            | ExprRaw::Question
            | ExprRaw::Star
            | ExprRaw::Slash
            | ExprRaw::Colon
            | ExprRaw::ColonColon
            | ExprRaw::Coalesce
            | ExprRaw::NullDot
            | ExprRaw::NullIndex
            | ExprRaw::RBracket => {
                self.lex_command_name(start);
                true
            }
            _ => false,
        }
    }

    /// Scan a command name (a bare word) at `start`.
    fn lex_command_name(&mut self, start: usize) {
        match scan::scan_generic(self.src, start, self.bound) {
            Ok(g) if g.end > start => {
                self.pos = g.end;
                let e = self.expandable(g.parts);
                self.push(start, Tok::CommandName(e), g.end);
            }
            Ok(_) => {
                let end = start + self.char_at(start).map_or(1, char::len_utf8);
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
            Err(e) => self.string_error(e),
        }
    }

    /// A `class` definition: skipped whole, with an error. Returns false when `class` is not
    /// followed by a name (then it is a command).
    fn lex_class(&mut self, start: usize) -> bool {
        let kw_end = start + 5;
        let after = self.skip_trivia(kw_end, false);
        let next = self.char_at(after);
        let mut well_formed = true;
        if next == Some('{') {
            self.error(ParseError::new(
                "MissingNameAfterKeyword",
                "Missing name after class keyword.",
                Span::at(kw_end),
            ));
            well_formed = false;
        } else if after == kw_end || !next.is_some_and(is_var_start) {
            return false;
        }
        let name_end = {
            let rest = &self.text()[after..];
            after
                + rest
                    .find(|c: char| !(is_ident_char(c) || c == '.'))
                    .unwrap_or(rest.len())
        };
        let brace = match self.text()[name_end..].find('{') {
            Some(k) => name_end + k,
            None => {
                self.error(ParseError::new(
                    "MissingTypeBody",
                    "Missing 'class' body in 'class' declaration.",
                    Span::at(name_end),
                ));
                self.pos = name_end;
                self.push(start, Tok::ClassDefinition, name_end);
                self.statement_ends();
                return true;
            }
        };
        let end = match scan::find_closing(self.src, brace + 1, self.bound, '{', '}') {
            Some(close) => close + 1,
            None => {
                self.error(ParseError::incomplete(
                    "MissingEndCurlyBrace",
                    "Missing closing '}' in statement block or type definition.",
                    Span::at(brace + 1),
                ));
                well_formed = false;
                self.bound
            }
        };
        if well_formed {
            self.error(ParseError::new(
                "ClassDefinitionNotSupported",
                "Class definitions are not supported by rosh. Use functions, hashtables and [pscustomobject] instead.",
                Span::new(start, kw_end),
            ));
        }
        self.pos = end;
        self.push(start, Tok::ClassDefinition, end);
        self.statement_ends();
        true
    }

    fn lex_expression_token(&mut self, raw: ExprRaw, start: usize, end: usize) {
        use ExprRaw as R;
        let tok = match raw {
            R::Newline => return self.newline(start, end),
            R::BlockComment => return self.block_comment(start),
            R::Dollar => return self.lex_variable_expression(start),
            R::DollarParen => {
                return self.open(start, end, Tok::DollarParen, FrameKind::Subexpression);
            }
            R::AtParen => return self.open(start, end, Tok::AtParen, FrameKind::ArrayExpression),
            R::AtBrace => return self.open(start, end, Tok::AtBrace, FrameKind::Hashtable),
            R::At => return self.lex_splat(start, false),
            R::HereStart => return self.lex_here_string(start),
            R::SingleQuote => return self.lex_single_quoted(start),
            R::DoubleQuote => return self.lex_double_quoted(start),
            R::NumberStart => return self.lex_number(start),
            R::DashWord => {
                let word = self.text()[start..end]
                    .chars()
                    .skip(1)
                    .collect::<String>()
                    .to_ascii_lowercase();
                match operator_for(&word, self.expect_operand) {
                    Some(t) => t,
                    None => Tok::Error,
                }
            }
            R::Word => {
                if self.top().kind == FrameKind::Hashtable && self.top().at_key {
                    Tok::Ident(self.text()[start..end].to_string())
                } else {
                    Tok::Error
                }
            }
            R::LParen => return self.open(start, end, Tok::LParen, FrameKind::Group),
            R::RParen => return self.close(start, end, Tok::RParen, ')'),
            R::LBrace => {
                let kind = if self.top().kind == FrameKind::SwitchBody
                    && self.top().switch == SwitchState::Action
                {
                    FrameKind::StatementBlock
                } else {
                    FrameKind::ScriptBlock
                };
                return self.open(start, end, Tok::LBrace, kind);
            }
            R::RBrace => return self.close(start, end, Tok::RBrace, '}'),
            R::LBracket => return self.lex_type_literal(start),
            R::RBracket => return self.close(start, end, Tok::RBracket, ']'),
            R::Comma => Tok::Comma,
            R::Semi => Tok::Semi,
            R::Pipe => Tok::Pipe,
            R::OrOr => Tok::OrOr,
            R::AndAnd => Tok::AndAnd,
            R::Amp => {
                if self.element_start {
                    Tok::CallOp
                } else {
                    Tok::Background
                }
            }
            R::Dot => Tok::Error,
            R::DotDot => Tok::DotDot,
            R::ColonColon => Tok::StaticColon,
            R::Colon => Tok::Colon,
            R::Question => Tok::Question,
            R::Coalesce => Tok::Coalesce,
            R::CoalesceAssign => Tok::Assign(AssignOp::Coalesce),
            R::NullDot => Tok::NullMemberDot,
            R::NullIndex => return self.open(start, end, Tok::NullIndexOpen, FrameKind::Index),
            R::Assign => Tok::Equals,
            R::MinusAssign => Tok::Assign(AssignOp::Subtract),
            R::PlusAssign => Tok::Assign(AssignOp::Add),
            R::StarAssign => Tok::Assign(AssignOp::Multiply),
            R::SlashAssign => Tok::Assign(AssignOp::Divide),
            R::PercentAssign => Tok::Assign(AssignOp::Remainder),
            R::Plus => Tok::Plus,
            R::Minus => Tok::Minus,
            R::PlusPlus => Tok::PlusPlus,
            R::MinusMinus => Tok::MinusMinus,
            R::Star => Tok::Star,
            R::Slash => Tok::Slash,
            R::Percent => Tok::Percent,
            R::Bang => Tok::Not,
            R::Redirect => self.redirection(start, end),
            R::Less => {
                self.error(redirection_not_supported(start));
                Tok::Error
            }
        };
        self.push(start, tok, end);
    }

    /// A redirection operator; `n>&2` and the like are reserved.
    fn redirection(&mut self, start: usize, end: usize) -> Tok {
        let text = &self.text()[start..end];
        let tok = redirection(text);
        if tok == Tok::Error {
            self.error(ParseError::new(
                "RedirectionNotSupported",
                format!("The '{text}' operator is reserved for future use."),
                Span::new(start, end),
            ));
        }
        tok
    }

    fn lex_type_literal(&mut self, start: usize) {
        match typename::scan_type_literal(self.src, start, self.bound) {
            typename::TypeScan::Type(end, ty) => {
                self.pos = end;
                let tok = if self.operand_follows(end) {
                    Tok::CastType(ty)
                } else {
                    Tok::TypeLit(ty)
                };
                self.push(start, tok, end);
            }
            typename::TypeScan::Attribute(end, ty) => {
                self.pos = end;
                self.open(start, end, Tok::AttrOpen(ty), FrameKind::Attribute);
            }
            typename::TypeScan::Error(e) => {
                let mut end = (e.span.start + 1).max(start + 1).min(self.bound);
                while !self.src.is_char_boundary(end) {
                    end += 1;
                }
                self.error(e);
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
        }
    }

    /// Whether what follows a type literal at `at` starts an operand (making it a cast).
    fn operand_follows(&self, at: usize) -> bool {
        let newlines = self.top().kind.drops_newlines();
        let i = self.skip_trivia(at, newlines);
        let Some(c) = self.char_at(i) else {
            return false;
        };
        let n = self.char_at(i + c.len_utf8());
        match c {
            '$' | '@' | '(' | '[' => true,
            c if c.is_ascii_digit() => true,
            c if is_single_quote(c) || is_double_quote(c) => true,
            '.' => n.is_some_and(|n| n.is_ascii_digit()),
            '!' => true,
            '+' => n.is_some_and(|n| n.is_ascii_digit() || n == '$' || n == '(' || n == '+'),
            c if is_dash(c) => match n {
                Some(n) if n.is_ascii_digit() || n == '$' || n == '(' || n == '.' || is_dash(n) => {
                    true
                }
                Some(n) if n.is_alphabetic() => {
                    let w = self.word_at(i + c.len_utf8());
                    matches!(w.as_str(), "not" | "bnot" | "split" | "join")
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn lex_number(&mut self, start: usize) {
        match scan_number(self.src, start) {
            NumberScan::Ok(end, v) if end <= self.bound => {
                self.pos = end;
                self.push(start, Tok::Number(v), end);
            }
            NumberScan::BadValue(end) if end <= self.bound => {
                self.pos = end;
                let text = &self.text()[start..end];
                self.error(ParseError::new(
                    "BadNumericConstant",
                    format!("The numeric constant {text} is not valid."),
                    Span::new(start, end),
                ));
                self.push(start, Tok::Error, end);
            }
            _ => {
                let end = scan::scan_generic(self.src, start, self.bound)
                    .map_or(start + 1, |g| g.end.max(start + 1));
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
        }
    }

    fn newline(&mut self, start: usize, end: usize) {
        if end <= self.newlines_skipped_until.get() {
            return;
        }
        if !self.newline_is_insignificant(end) {
            self.push(start, Tok::Newline, end);
        }
    }

    fn newline_is_insignificant(&self, after: usize) -> bool {
        let top = self.top();
        if top.kind.drops_newlines() || self.one_argument && self.last == Last::Continuation {
            return true;
        }
        if !matches!(
            self.pending,
            Pending::None | Pending::UsingHeader | Pending::DataHeader
        ) {
            return true;
        }
        if matches!(self.last, Last::Start | Last::Continuation) {
            return true;
        }
        if top.kind == FrameKind::SwitchBody && top.switch == SwitchState::Action {
            return true;
        }
        if !self.clause.is_empty() {
            let at = self.skip_trivia(after, true);
            let w = self.word_at(at);
            if self.clause.iter().any(|k| k.text() == w) {
                // Every newline up to the clause keyword goes; remember it so blank lines do
                // not each scan ahead again.
                self.newlines_skipped_until.set(at);
                return true;
            }
        }
        let next_line = self.skip_trivia(after, false);
        if self.char_at(next_line) == Some('|') && self.char_at(next_line + 1) != Some('|') {
            return true;
        }
        if matches!(top.kind, FrameKind::Group | FrameKind::Condition(_)) {
            let i = self.skip_trivia(after, true);
            if self.char_at(i) == Some(')') {
                return true;
            }
        }
        false
    }

    fn block_comment(&mut self, start: usize) {
        match scan::scan_block_comment(self.text(), start) {
            Some(end) => self.pos = end,
            None => {
                self.error(ParseError::incomplete(
                    "MissingTerminatorMultiLineComment",
                    "Missing the terminator '#>' of a block comment.",
                    Span::new(start, start + 2),
                ));
                self.pos = self.bound;
            }
        }
    }

    fn string_error(&mut self, e: ParseError) {
        let start = e.span.start;
        self.error(e);
        self.pos = self.bound;
        self.push(start, Tok::Error, self.bound);
    }

    fn lex_single_quoted(&mut self, start: usize) {
        match scan::scan_single_quoted(self.src, start, self.bound) {
            Ok((end, v)) => {
                self.pos = end;
                self.push(
                    start,
                    Tok::Str(StrToken {
                        value: v,
                        kind: StringKind::SingleQuoted,
                    }),
                    end,
                );
            }
            Err(e) => self.string_error(e),
        }
    }

    fn lex_double_quoted(&mut self, start: usize) {
        match scan::scan_double_quoted(self.src, start, self.bound) {
            Ok((end, parts)) => {
                self.pos = end;
                let tok = self.expandable_token(parts, StringKind::DoubleQuoted);
                self.push(start, tok, end);
            }
            Err(e) => self.string_error(e),
        }
    }

    fn lex_here_string(&mut self, start: usize) {
        let expandable = self.char_at(start + 1).is_some_and(is_double_quote);
        match scan::scan_here_string(self.src, start, self.bound, expandable) {
            Ok((end, HereString::Verbatim(v))) => {
                self.pos = end;
                self.push(
                    start,
                    Tok::Str(StrToken {
                        value: v,
                        kind: StringKind::SingleHere,
                    }),
                    end,
                );
            }
            Ok((end, HereString::Expandable(parts))) => {
                self.pos = end;
                let tok = self.expandable_token(parts, StringKind::DoubleHere);
                self.push(start, tok, end);
            }
            Err(e) if e.id == "UnexpectedCharactersAfterHereStringHeader" => {
                let end = e.span.end;
                self.error(e);
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
            Err(e) => self.string_error(e),
        }
    }

    fn expandable_token(&mut self, parts: Vec<RawPart>, kind: StringKind) -> Tok {
        let e = self.expandable(parts);
        if e.parts.iter().all(|p| matches!(p, StringPart::Literal(_))) {
            Tok::Str(StrToken {
                value: e.as_literal().unwrap_or_default(),
                kind,
            })
        } else {
            Tok::ExpStr(ExpandableToken { value: e, kind })
        }
    }

    /// Turn raw parts into string parts, parsing each `$( )` body.
    fn expandable(&mut self, parts: Vec<RawPart>) -> Expandable {
        let depth = self.depth_base + self.frames.len() + 1;
        let ops = self.operators;
        let string_depth = self.string_depth + 1;
        if string_depth > MAX_STRING_NESTING
            && parts
                .iter()
                .any(|p| matches!(p, RawPart::Subexpression { .. }))
        {
            let at = parts.iter().find_map(|p| match p {
                RawPart::Subexpression { whole, .. } => Some(*whole),
                _ => None,
            });
            self.error(ParseError::new(
                "ScriptTooComplicated",
                "Processing was stopped because the script is too complex.",
                at.unwrap_or_default(),
            ));
            return Expandable { parts: vec![] };
        }
        let parts = parts
            .into_iter()
            .map(|p| match p {
                RawPart::Literal(s) => StringPart::Literal(s),
                RawPart::Variable(v, sp) => StringPart::Variable(v, sp),
                RawPart::Subexpression { inner, whole } => {
                    let stmts: Vec<Statement> = crate::parser::parse_nested(
                        self.src,
                        inner,
                        self.ctx,
                        (depth, ops, string_depth),
                    );
                    StringPart::Subexpression(stmts, whole)
                }
            })
            .collect();
        Expandable { parts }
    }

    fn lex_variable_expression(&mut self, start: usize) {
        match scan::scan_variable(self.src, start, self.bound) {
            VariableScan::Ok(end, path) => {
                self.pos = end;
                self.push(start, Tok::Var(path), end);
            }
            VariableScan::NoName => {
                self.error(ParseError::new(
                    "InvalidVariableReference",
                    "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
                    Span::new(start, start + 1),
                ));
                self.pos = start + 1;
                self.push(start, Tok::Error, start + 1);
            }
            other => self.variable_error(other, start),
        }
    }

    /// Report a malformed variable and skip it.
    fn variable_error(&mut self, scan: VariableScan, start: usize) {
        let end = match &scan {
            VariableScan::Empty(close) => close + 1,
            VariableScan::DriveWithoutName(end) => *end,
            _ => self.bound,
        };
        if let Some(e) = scan::variable_error(scan, start, self.bound) {
            self.error(e);
        }
        self.pos = end;
        self.push(start, Tok::Error, end);
    }

    fn lex_splat(&mut self, start: usize, command: bool) {
        match scan::scan_variable(self.src, start, self.bound) {
            VariableScan::Ok(end, path) if !path.braced && command => {
                self.pos = end;
                self.push(start, Tok::Splat(path), end);
            }
            _ if command => self.lex_argument_word(start),
            VariableScan::Ok(end, path) => {
                self.error(ParseError::new(
                    "SplattingNotPermitted",
                    format!(
                        "The splatting operator '@' cannot be used to reference variables in an expression. '@{0}' can be used only as an argument to a command. To reference variables in an expression use '${0}'.",
                        path.name
                    ),
                    Span::new(start, end),
                ));
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
            _ => {
                self.error(ParseError::new(
                    "UnrecognizedToken",
                    "Unrecognized token in source text.",
                    Span::new(start, start + 1),
                ));
                self.pos = start + 1;
                self.push(start, Tok::Error, start + 1);
            }
        }
    }

    // ---- argument mode ----------------------------------------------------------------

    fn lex_command(&mut self) {
        self.lexing_command = true;
        let mut lx = CmdRaw::lexer(self.text());
        lx.bump(self.pos);
        let Some(raw) = lx.next() else {
            self.pos = self.bound;
            return;
        };
        let span = lx.span();
        let (start, end) = (span.start, span.end);
        self.pos = end;
        let Ok(raw) = raw else {
            self.lex_argument_word(start);
            return;
        };
        use CmdRaw as R;
        match raw {
            R::Newline => self.newline(start, end),
            R::BlockComment => self.block_comment(start),
            R::Dollar => self.lex_variable_argument(start),
            R::DollarParen => self.open(start, end, Tok::DollarParen, FrameKind::Subexpression),
            R::AtParen => self.open(start, end, Tok::AtParen, FrameKind::ArrayExpression),
            R::AtBrace => self.open(start, end, Tok::AtBrace, FrameKind::Hashtable),
            R::At => self.lex_splat(start, true),
            R::HereStart => {
                let header_ok = {
                    let rest = &self.text()[end..];
                    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
                    rest[..line_end].chars().all(is_blank) && line_end < rest.len()
                };
                if header_ok {
                    self.lex_here_string(start);
                } else {
                    self.lex_argument_word(start);
                }
            }
            R::SingleQuote => self.lex_single_quoted(start),
            R::DoubleQuote => self.lex_double_quoted(start),
            R::Dash => self.lex_dash(start, end),
            R::LParen => self.open(start, end, Tok::LParen, FrameKind::Group),
            R::RParen => self.close(start, end, Tok::RParen, ')'),
            R::LBrace => self.open(start, end, Tok::LBrace, FrameKind::ScriptBlock),
            R::RBrace => self.close(start, end, Tok::RBrace, '}'),
            R::Comma => self.push(start, Tok::Comma, end),
            R::Semi => self.push(start, Tok::Semi, end),
            R::Pipe => self.push(start, Tok::Pipe, end),
            R::OrOr => self.push(start, Tok::OrOr, end),
            R::AndAnd => self.push(start, Tok::AndAnd, end),
            R::Amp => self.push(start, Tok::Background, end),
            R::Redirect => {
                let tok = self.redirection(start, end);
                self.push(start, tok, end);
            }
            R::Less => {
                self.error(redirection_not_supported(start));
                self.push(start, Tok::Error, end);
            }
            R::WordStart => self.lex_argument_word(start),
        }
    }

    /// `$name` in argument mode: a variable, unless more word characters touch it
    /// (`$dir/file.txt` is one expandable word).
    fn lex_variable_argument(&mut self, start: usize) {
        match scan::scan_variable(self.src, start, self.bound) {
            VariableScan::Ok(end, path) => {
                let c = self.char_at(end);
                let n = self.char_at(end + 1);
                let stays_variable = match c {
                    None => true,
                    Some(c) if ends_generic(c) => true,
                    Some('.') => n.is_some_and(|n| {
                        is_var_start(n) || n == '$' || is_single_quote(n) || is_double_quote(n)
                    }),
                    Some('[') => true,
                    Some(':') => n == Some(':'),
                    Some('?') => matches!(n, Some('.' | '[')),
                    _ => false,
                };
                if stays_variable {
                    self.pos = end;
                    self.push(start, Tok::Var(path), end);
                } else {
                    self.lex_argument_word(start);
                }
            }
            VariableScan::NoName => self.lex_argument_word(start),
            other => self.variable_error(other, start),
        }
    }

    /// A bare word in argument mode: a number when it is all numeric, else a string.
    fn lex_argument_word(&mut self, start: usize) {
        match scan::scan_generic(self.src, start, self.bound) {
            Ok(GenericScan { end, parts, quoted }) if end > start => {
                self.pos = end;
                if !quoted {
                    if let Some(v) = parse_argument_number(&self.text()[start..end]) {
                        self.push(start, Tok::Number(v), end);
                        return;
                    }
                }
                let e = self.expandable(parts);
                let tok = if self.names_expected > 0 {
                    if self.pending == Pending::UsingHeader && self.names_expected == 2 {
                        let kind = self.text()[start..end].to_ascii_lowercase();
                        if !matches!(kind.as_str(), "namespace" | "module" | "assembly" | "type") {
                            self.error(ParseError::new(
                                "MissingUsingStatementDirective",
                                "Missing using directive",
                                Span::at(self.last_end),
                            ));
                        }
                    }
                    self.names_expected -= 1;
                    if self.pending == Pending::FunctionName {
                        self.pending = Pending::FunctionBody;
                    }
                    Tok::Name(
                        e.as_literal()
                            .unwrap_or_else(|| self.text()[start..end].to_string()),
                    )
                } else {
                    Tok::Generic(e)
                };
                self.push(start, tok, end);
            }
            Ok(_) => {
                let end = start + self.char_at(start).map_or(1, char::len_utf8);
                self.pos = end;
                self.push(start, Tok::Error, end);
            }
            Err(e) => self.string_error(e),
        }
    }

    /// A `-` in argument mode: `--%`, `--`, a parameter, a negative number or a word.
    fn lex_dash(&mut self, start: usize, dash_end: usize) {
        let s = self.text();
        let n = self.char_at(dash_end);
        if n.is_some_and(is_dash) {
            let after = dash_end + n.map_or(1, char::len_utf8);
            if self.char_at(after) == Some('%') {
                let rest_start = after + 1;
                let line_end = s[rest_start..]
                    .find(['\n', '\r'])
                    .map_or(s.len(), |k| rest_start + k);
                self.pos = line_end;
                let text = s[rest_start..line_end]
                    .trim_start_matches(is_blank)
                    .to_string();
                self.push(start, Tok::StopParsing(text), line_end);
                return;
            }
            if self.char_at(after).is_none_or(ends_generic) && !self.top().end_of_parameters {
                self.pos = after;
                self.top_mut().end_of_parameters = true;
                self.push(start, Tok::DashDash, after);
                return;
            }
        }
        if self.top().end_of_parameters {
            return self.lex_argument_word(start);
        }
        let param_start =
            n.is_some_and(|c| c.is_alphabetic() || c == '_' || c == '?' || is_dash(c));
        if !param_start {
            return self.lex_argument_word(start);
        }
        let mut j = dash_end;
        while let Some(c) = self.char_at(j) {
            if ends_generic(c) || c == ':' || is_single_quote(c) || is_double_quote(c) {
                break;
            }
            j += c.len_utf8();
        }
        let name = s[dash_end..j].to_string();
        if self.pending == Pending::DataHeader {
            self.names_expected = 0;
        }
        if self.pending == Pending::SwitchHeader && name.eq_ignore_ascii_case("file") {
            self.pos = j;
            self.push(start, Tok::SwitchFile, j);
            self.one_argument = true;
            return;
        }
        if self.char_at(j) == Some(':') {
            self.pos = j + 1;
            let text = s[start..j + 1].to_string();
            self.push(start, Tok::ParamColon(ParameterToken { name, text }), j + 1);
        } else {
            self.pos = j;
            let text = s[start..j].to_string();
            self.push(start, Tok::Param(ParameterToken { name, text }), j);
        }
    }
}

/// The operator token for `-word` (lower-cased, without the dash).
fn operator_for(word: &str, expect_operand: bool) -> Option<Tok> {
    if expect_operand {
        return match word {
            "not" => Some(Tok::Not),
            "bnot" => Some(Tok::Bnot),
            "split" | "isplit" => Some(Tok::UnarySplit(false)),
            "csplit" => Some(Tok::UnarySplit(true)),
            "join" => Some(Tok::UnaryJoin),
            _ => None,
        };
    }
    let cmp = |op: CompareOp, cs: bool| Some(Tok::CompareOp(BinaryOp::Compare(op, cs)));
    let (base, cs) = match word.as_bytes().first() {
        Some(b'c') if compare_base(&word[1..]).is_some() => (&word[1..], true),
        Some(b'i') if compare_base(&word[1..]).is_some() => (&word[1..], false),
        _ => (word, false),
    };
    if let Some(op) = compare_base(base) {
        return cmp(op, cs);
    }
    Some(match word {
        "f" => Tok::Format,
        "and" => Tok::LogicalOp(BinaryOp::And),
        "or" => Tok::LogicalOp(BinaryOp::Or),
        "xor" => Tok::LogicalOp(BinaryOp::Xor),
        "band" => Tok::BitwiseOp(BinaryOp::Band),
        "bor" => Tok::BitwiseOp(BinaryOp::Bor),
        "bxor" => Tok::BitwiseOp(BinaryOp::Bxor),
        "shl" => Tok::CompareOp(BinaryOp::Shl),
        "shr" => Tok::CompareOp(BinaryOp::Shr),
        "is" => Tok::CompareOp(BinaryOp::Is),
        "isnot" => Tok::CompareOp(BinaryOp::IsNot),
        "as" => Tok::CompareOp(BinaryOp::As),
        "join" => Tok::CompareOp(BinaryOp::Join),
        _ => return None,
    })
}

fn compare_base(w: &str) -> Option<CompareOp> {
    Some(match w {
        "eq" => CompareOp::Eq,
        "ne" => CompareOp::Ne,
        "gt" => CompareOp::Gt,
        "ge" => CompareOp::Ge,
        "lt" => CompareOp::Lt,
        "le" => CompareOp::Le,
        "like" => CompareOp::Like,
        "notlike" => CompareOp::NotLike,
        "match" => CompareOp::Match,
        "notmatch" => CompareOp::NotMatch,
        "replace" => CompareOp::Replace,
        "contains" => CompareOp::Contains,
        "notcontains" => CompareOp::NotContains,
        "in" => CompareOp::In,
        "notin" => CompareOp::NotIn,
        "split" => CompareOp::Split,
        _ => return None,
    })
}

/// Classify a redirection operator's text (`>`, `2>>`, `2>&1`, `*>`).
fn redirection(text: &str) -> Tok {
    let b = text.as_bytes();
    let (from, rest) = match b.first().map(|c| (*c, RedirectionStream::from_char(*c))) {
        Some((c, Some(s))) if c != b'>' => (s, &b[1..]),
        _ => (RedirectionStream::Output, b),
    };
    match rest {
        [b'>'] => Tok::RedirectFile((from, false)),
        [b'>', b'>'] => Tok::RedirectFile((from, true)),
        [b'>', b'&', b'1'] => Tok::RedirectMerge((from, RedirectionStream::Output)),
        _ => Tok::Error,
    }
}

fn redirection_not_supported(at: usize) -> ParseError {
    ParseError::new(
        "RedirectionNotSupported",
        "The '<' operator is reserved for future use.",
        Span::new(at, at + 1),
    )
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
