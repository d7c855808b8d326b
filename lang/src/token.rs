//! The tokens the modal lexer hands to the grammar, and the literal values they carry.

use crate::ast::{Statement, StringPart};
use crate::span::Span;
use rust_decimal::Decimal;

/// A numeric literal's value, typed as PowerShell types it.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberValue {
    /// `[int]`, the default for integers that fit.
    Int32(i32),
    /// `[long]`: `5l`, or an integer too large for int.
    Int64(i64),
    /// `[double]`: a fraction, an exponent, or an integer too large for decimal.
    Double(f64),
    /// `[decimal]`: the `d` suffix, or an integer too large for long.
    Decimal(Decimal),
    /// `[sbyte]`: the `y` suffix.
    SByte(i8),
    /// `[byte]`: the `uy` suffix.
    Byte(u8),
    /// `[short]`: the `s` suffix.
    Int16(i16),
    /// `[ushort]`: the `us` suffix.
    UInt16(u16),
    /// `[uint]`: the `u` suffix when the value fits.
    UInt32(u32),
    /// `[ulong]`: the `ul` suffix, or `u` when too large for uint.
    UInt64(u64),
    /// `[bigint]`: the `n` suffix; decimal digits of the value.
    BigInt(String),
}

/// How a string literal was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringKind {
    /// `'...'`.
    SingleQuoted,
    /// `"..."`.
    DoubleQuoted,
    /// `@'...'@`.
    SingleHere,
    /// `@"..."@`.
    DoubleHere,
    /// A bare word in argument mode (`Get-Item a.txt`).
    Bare,
}

/// A variable reference: `$name`, `$scope:name`, `${any name}`, `@name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VariablePath {
    /// The qualifier before the colon (`global`, `script`, `using`, `env`, ...), as written.
    pub qualifier: Option<Box<str>>,
    /// The name after the qualifier, as written.
    pub name: Box<str>,
    /// The reference was written with braces.
    pub braced: bool,
}

impl VariablePath {
    /// An unqualified variable.
    pub fn simple(name: impl Into<Box<str>>) -> Self {
        VariablePath {
            qualifier: None,
            name: name.into(),
            braced: false,
        }
    }

    /// True for `$using:name`.
    pub fn is_using(&self) -> bool {
        self.qualifier
            .as_deref()
            .is_some_and(|q| q.eq_ignore_ascii_case("using"))
    }

    /// The path as written after `$`: `env:PATH`, `x`.
    pub fn user_path(&self) -> String {
        match &self.qualifier {
            Some(q) => format!("{q}:{}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// A type name as written in `[...]`: `int`, `System.Collections.Generic.List[string]`,
/// `string[]`. Boxed, so tokens and tree nodes that hold one stay small.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeName(Box<TypeNameData>);

/// The parts of a [`TypeName`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeNameData {
    /// The name before any generic arguments or array ranks.
    pub name: String,
    /// Generic arguments.
    pub generic_arguments: Vec<TypeName>,
    /// Array ranks, outermost last: `int[]` is `[1]`, `int[,]` is `[2]`.
    pub array_ranks: Vec<u32>,
    /// The text as written, without the outer brackets.
    pub text: String,
}

impl TypeName {
    /// A plain type name with no generic arguments or ranks.
    pub fn simple(name: impl Into<String>) -> Self {
        let name = name.into();
        TypeName(Box::new(TypeNameData {
            text: name.clone(),
            name,
            generic_arguments: vec![],
            array_ranks: vec![],
        }))
    }
}

impl std::ops::Deref for TypeName {
    type Target = TypeNameData;
    fn deref(&self) -> &TypeNameData {
        &self.0
    }
}

impl std::ops::DerefMut for TypeName {
    fn deref_mut(&mut self) -> &mut TypeNameData {
        &mut self.0
    }
}

/// Assignment operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=`
    Add,
    /// `-=`
    Subtract,
    /// `*=`
    Multiply,
    /// `/=`
    Divide,
    /// `%=`
    Remainder,
    /// `??=`
    Coalesce,
}

impl AssignOp {
    /// The operator as written.
    pub fn text(self) -> &'static str {
        match self {
            AssignOp::Assign => "=",
            AssignOp::Add => "+=",
            AssignOp::Subtract => "-=",
            AssignOp::Multiply => "*=",
            AssignOp::Divide => "/=",
            AssignOp::Remainder => "%=",
            AssignOp::Coalesce => "??=",
        }
    }
}

/// Unary operators, prefix and postfix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-not` and `!`.
    Not,
    /// `-bnot`.
    Bnot,
    /// Prefix `-`.
    Negate,
    /// Prefix `+`.
    Plus,
    /// Prefix `,` (a one-element array).
    Comma,
    /// Prefix `-split`.
    Split {
        /// `-csplit`.
        case_sensitive: bool,
    },
    /// Prefix `-join`.
    Join,
    /// `++x`.
    PreIncrement,
    /// `--x`.
    PreDecrement,
    /// `x++`.
    PostIncrement,
    /// `x--`.
    PostDecrement,
}

/// Binary operators. Comparison-like operators carry their case sensitivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Remainder,
    /// `..`
    Range,
    /// `-f`
    Format,
    /// `??`
    Coalesce,
    /// `-and`
    And,
    /// `-or`
    Or,
    /// `-xor`
    Xor,
    /// `-band`
    Band,
    /// `-bor`
    Bor,
    /// `-bxor`
    Bxor,
    /// `-shl`
    Shl,
    /// `-shr`
    Shr,
    /// `-is`
    Is,
    /// `-isnot`
    IsNot,
    /// `-as`
    As,
    /// `-join`
    Join,
    /// A comparison or text operator with its case sensitivity (`-eq`, `-ceq`, `-ilike`, ...).
    Compare(CompareOp, bool),
}

/// The comparison and text operators that come in `-x`, `-ix` and `-cx` forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-gt`
    Gt,
    /// `-ge`
    Ge,
    /// `-lt`
    Lt,
    /// `-le`
    Le,
    /// `-like`
    Like,
    /// `-notlike`
    NotLike,
    /// `-match`
    Match,
    /// `-notmatch`
    NotMatch,
    /// `-replace`
    Replace,
    /// `-contains`
    Contains,
    /// `-notcontains`
    NotContains,
    /// `-in`
    In,
    /// `-notin`
    NotIn,
    /// `-split`
    Split,
}

impl BinaryOp {
    /// The operator as PowerShell writes it in messages (`-eq`, `+`, `-ceq`).
    pub fn text(self) -> String {
        match self {
            BinaryOp::Add => "+".into(),
            BinaryOp::Subtract => "-".into(),
            BinaryOp::Multiply => "*".into(),
            BinaryOp::Divide => "/".into(),
            BinaryOp::Remainder => "%".into(),
            BinaryOp::Range => "..".into(),
            BinaryOp::Format => "-f".into(),
            BinaryOp::Coalesce => "??".into(),
            BinaryOp::And => "-and".into(),
            BinaryOp::Or => "-or".into(),
            BinaryOp::Xor => "-xor".into(),
            BinaryOp::Band => "-band".into(),
            BinaryOp::Bor => "-bor".into(),
            BinaryOp::Bxor => "-bxor".into(),
            BinaryOp::Shl => "-shl".into(),
            BinaryOp::Shr => "-shr".into(),
            BinaryOp::Is => "-is".into(),
            BinaryOp::IsNot => "-isnot".into(),
            BinaryOp::As => "-as".into(),
            BinaryOp::Join => "-join".into(),
            BinaryOp::Compare(op, cs) => {
                let base = match op {
                    CompareOp::Eq => "eq",
                    CompareOp::Ne => "ne",
                    CompareOp::Gt => "gt",
                    CompareOp::Ge => "ge",
                    CompareOp::Lt => "lt",
                    CompareOp::Le => "le",
                    CompareOp::Like => "like",
                    CompareOp::NotLike => "notlike",
                    CompareOp::Match => "match",
                    CompareOp::NotMatch => "notmatch",
                    CompareOp::Replace => "replace",
                    CompareOp::Contains => "contains",
                    CompareOp::NotContains => "notcontains",
                    CompareOp::In => "in",
                    CompareOp::NotIn => "notin",
                    CompareOp::Split => "split",
                };
                format!("-{}{base}", if cs { "c" } else { "" })
            }
        }
    }
}

/// A stream named in a redirection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectionStream {
    /// `*`: all streams.
    All,
    /// 1: output.
    Output,
    /// 2: error.
    Error,
    /// 3: warning.
    Warning,
    /// 4: verbose.
    Verbose,
    /// 5: debug.
    Debug,
    /// 6: information.
    Information,
}

impl RedirectionStream {
    /// The stream for a digit or `*` of a redirection operator.
    pub fn from_char(c: u8) -> Option<Self> {
        Some(match c {
            b'*' => RedirectionStream::All,
            b'1' => RedirectionStream::Output,
            b'2' => RedirectionStream::Error,
            b'3' => RedirectionStream::Warning,
            b'4' => RedirectionStream::Verbose,
            b'5' => RedirectionStream::Debug,
            b'6' => RedirectionStream::Information,
            _ => return None,
        })
    }
}

/// Statement keywords, recognised only where a statement may start (or in their clause
/// position, like `else` after `}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// `if`
    If,
    /// `elseif`
    ElseIf,
    /// `else`
    Else,
    /// `switch`
    Switch,
    /// `foreach`
    Foreach,
    /// `for`
    For,
    /// `while`
    While,
    /// `do`
    Do,
    /// `until`
    Until,
    /// `in` inside `foreach ( ... )`
    In,
    /// `try`
    Try,
    /// `catch`
    Catch,
    /// `finally`
    Finally,
    /// `trap`
    Trap,
    /// `throw`
    Throw,
    /// `return`
    Return,
    /// `exit`
    Exit,
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `function`
    Function,
    /// `filter`
    Filter,
    /// `workflow`
    Workflow,
    /// `param`
    Param,
    /// `begin`
    Begin,
    /// `process`
    Process,
    /// `end`
    End,
    /// `clean`
    Clean,
    /// `dynamicparam`
    DynamicParam,
    /// `data`
    Data,
    /// `enum`
    Enum,
    /// `using`
    Using,
}

impl Keyword {
    /// The keyword for a word that starts a statement, if any.
    pub fn statement_keyword(word: &str) -> Option<Keyword> {
        let mut buf = [0u8; 8];
        if word.len() > buf.len() {
            return None;
        }
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        Some(match &*lower {
            b"if" => Keyword::If,
            b"switch" => Keyword::Switch,
            b"foreach" => Keyword::Foreach,
            b"for" => Keyword::For,
            b"while" => Keyword::While,
            b"do" => Keyword::Do,
            b"try" => Keyword::Try,
            b"trap" => Keyword::Trap,
            b"throw" => Keyword::Throw,
            b"return" => Keyword::Return,
            b"exit" => Keyword::Exit,
            b"break" => Keyword::Break,
            b"continue" => Keyword::Continue,
            b"function" => Keyword::Function,
            b"filter" => Keyword::Filter,
            b"workflow" => Keyword::Workflow,
            b"data" => Keyword::Data,
            b"enum" => Keyword::Enum,
            b"using" => Keyword::Using,
            _ => return None,
        })
    }

    /// The keyword as written in messages.
    pub fn text(self) -> &'static str {
        match self {
            Keyword::If => "if",
            Keyword::ElseIf => "elseif",
            Keyword::Else => "else",
            Keyword::Switch => "switch",
            Keyword::Foreach => "foreach",
            Keyword::For => "for",
            Keyword::While => "while",
            Keyword::Do => "do",
            Keyword::Until => "until",
            Keyword::In => "in",
            Keyword::Try => "try",
            Keyword::Catch => "catch",
            Keyword::Finally => "finally",
            Keyword::Trap => "trap",
            Keyword::Throw => "throw",
            Keyword::Return => "return",
            Keyword::Exit => "exit",
            Keyword::Break => "break",
            Keyword::Continue => "continue",
            Keyword::Function => "function",
            Keyword::Filter => "filter",
            Keyword::Workflow => "workflow",
            Keyword::Param => "param",
            Keyword::Begin => "begin",
            Keyword::Process => "process",
            Keyword::End => "end",
            Keyword::Clean => "clean",
            Keyword::DynamicParam => "dynamicparam",
            Keyword::Data => "data",
            Keyword::Enum => "enum",
            Keyword::Using => "using",
        }
    }
}

/// The parts of an expandable string or bare word, with `$( )` bodies already parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Expandable {
    /// The parts.
    pub parts: Vec<StringPart>,
}

impl Expandable {
    /// The literal value when there is nothing to expand.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                StringPart::Literal(s) => out.push_str(s),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// A verbatim string token.
#[derive(Debug, Clone, PartialEq)]
pub struct StrToken {
    /// The value.
    pub value: String,
    /// How it was written.
    pub kind: StringKind,
}

/// An expandable string token.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpandableToken {
    /// The parts.
    pub value: Expandable,
    /// How it was written.
    pub kind: StringKind,
}

/// `-Name` or `-Name:` in argument mode.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterToken {
    /// The name without dash or colon.
    pub name: String,
    /// The token as written.
    pub text: String,
}

/// The statements parsed out of a `$( )` (kept for [`StringPart::Subexpression`]).
pub type Statements = Vec<Statement>;

/// A token of the modal lexer. Spans travel beside tokens, as lalrpop's `(start, tok, end)`.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Tok {
    Newline,
    Semi,
    Pipe,
    AndAnd,
    OrOr,
    /// `&` ending a pipeline: run it as a background job.
    Background,
    /// `&` starting a command.
    CallOp,
    /// `.` followed by whitespace, starting a command.
    DotSource,
    Comma,
    LParen,
    RParen,
    LBrace,
    RBrace,
    /// `@(`
    AtParen,
    /// `$(`
    DollarParen,
    /// `@{`
    AtBrace,
    /// `[` touching the previous operand.
    IndexOpen,
    /// `?[`
    NullIndexOpen,
    RBracket,
    /// `(` touching a member name: a method call.
    InvokeOpen,
    /// `{` touching a member name: a method call with one script block (`.Where{ }`).
    InvokeBlock,
    /// `.` touching the previous operand.
    MemberDot,
    /// `?.`
    NullMemberDot,
    /// `::`
    StaticColon,
    /// A member name, hashtable key, attribute argument name or enum member.
    Ident(String),
    /// `[T]` standing alone.
    TypeLit(TypeName),
    /// `[T]` followed by an operand: a cast or a type constraint.
    CastType(TypeName),
    /// `[Name(`: an attribute with arguments.
    AttrOpen(TypeName),
    /// `)]` closing an attribute.
    AttrClose,
    Number(NumberValue),
    /// A verbatim string.
    Str(StrToken),
    /// A string with expansions.
    ExpStr(ExpandableToken),
    /// A bare word argument (argument mode).
    Generic(Expandable),
    /// The bare word naming a command.
    CommandName(Expandable),
    Var(VariablePath),
    Splat(VariablePath),
    Param(ParameterToken),
    /// `-Name:`: the value follows.
    ParamColon(ParameterToken),
    /// `--`
    DashDash,
    /// `--%` and the rest of the line.
    StopParsing(String),
    /// `n>&m`.
    RedirectMerge((RedirectionStream, RedirectionStream)),
    /// `n>` (false) or `n>>` (true); the target follows.
    RedirectFile((RedirectionStream, bool)),
    /// `-file` in a `switch` header.
    SwitchFile,
    /// `:name` before a loop.
    Label(String),
    /// The name after `function`, `filter`, `enum`, `data`, `using namespace`.
    Name(String),
    /// `=`
    Equals,
    /// A compound assignment operator (`+=`, `??=`, ...).
    Assign(AssignOp),
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    PlusPlus,
    MinusMinus,
    /// `!` or `-not`.
    Not,
    Bnot,
    /// Prefix `-split` / `-csplit`.
    UnarySplit(bool),
    /// Prefix `-join`.
    UnaryJoin,
    /// `-f`
    Format,
    DotDot,
    /// `??`
    Coalesce,
    Question,
    Colon,
    /// Comparison-precedence operators.
    CompareOp(BinaryOp),
    /// `-band`, `-bor`, `-bxor`.
    BitwiseOp(BinaryOp),
    /// `-and`, `-or`, `-xor`.
    LogicalOp(BinaryOp),
    Kw(Keyword),
    /// A `class` definition, skipped whole.
    ClassDefinition,
    /// Text that is no token at all; the lexer has reported it.
    Error,
}

impl Tok {
    /// How the token reads in an "Unexpected token" message.
    pub fn describe(&self, text: &str, span: Span) -> String {
        let t = span.text(text);
        if t.is_empty() {
            match self {
                Tok::Newline => "newline".into(),
                _ => format!("{self:?}"),
            }
        } else {
            t.to_string()
        }
    }
}
