//! Frames (the open brackets and blocks the driver tracks) and the small state enums of the
//! driver.

use crate::span::Span;
use crate::token::Keyword;

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
    pub(super) fn closer(self) -> char {
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
    pub(super) fn drops_newlines(self) -> bool {
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
pub(super) enum SwitchState {
    Condition,
    Action,
}

#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub(super) kind: FrameKind,
    pub(super) open: Span,
    /// The current pipeline element of this frame is a command: lex in argument mode.
    pub(super) in_command: bool,
    /// `--` was seen in the current command: later `-words` are arguments.
    pub(super) end_of_parameters: bool,
    /// `begin`/`process`/`end`/`param` may still start this block.
    pub(super) named_ok: bool,
    /// Hashtable: at a key (rather than in a value). Foreach header: before `in`.
    pub(super) at_key: bool,
    pub(super) switch: SwitchState,
    /// Keywords allowed right after this block closes (`else`, `catch`, `while`, ...).
    pub(super) follow: &'static [Keyword],
    /// What a `{ }` opened in this frame's switch is (condition or action).
    pub(super) child_is_condition: bool,
    /// This parameter list belongs to `function f( ... )`.
    pub(super) function_params: bool,
    /// Operators counted on the path from the statement start to this frame.
    pub(super) ops_base: usize,
}

impl Frame {
    pub(super) fn new(kind: FrameKind, open: Span) -> Self {
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
pub(super) enum Pending {
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
pub(super) enum Last {
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
pub(super) enum Mode {
    Expression,
    Command,
    MemberName,
}

pub(super) const IF_FOLLOW: &[Keyword] = &[Keyword::ElseIf, Keyword::Else];
pub(super) const TRY_FOLLOW: &[Keyword] = &[Keyword::Catch, Keyword::Finally];
pub(super) const DO_FOLLOW: &[Keyword] = &[Keyword::While, Keyword::Until];
