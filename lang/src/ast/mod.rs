//! The typed syntax tree. Every node carries the [`Span`] of the text it came from.
//!
//! The tree mirrors PowerShell's own AST (`ScriptBlockAst`, `PipelineAst`, `CommandAst`, ...)
//! closely enough that the interpreter and the remoting layer can follow PowerShell's rules
//! node by node, but it is plain data: no parent links, no interning.

pub mod dump;
pub mod visit;

use crate::span::Span;
pub use crate::token::{
    AssignOp, BinaryOp, NumberValue, RedirectionStream, StringKind, TypeName, UnaryOp, VariablePath,
};

/// A script block: a script file, a `{ ... }` literal, or a function body.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptBlock {
    /// The whole block, braces included for literals.
    pub span: Span,
    /// Where the text between the braces is (the whole file for a script).
    pub body_span: Span,
    /// The text the spans index: the whole script this block was parsed from.
    pub source: std::sync::Arc<str>,
    /// `using namespace|module|assembly` statements at the top of a script.
    pub usings: Vec<UsingStatement>,
    /// The `param(...)` block with the attributes written before it (`[CmdletBinding()]`).
    pub param_block: Option<ParamBlock>,
    /// The body: plain statements, or `begin`/`process`/`end`/`clean`/`dynamicparam` blocks.
    pub body: ScriptBody,
}

impl ScriptBlock {
    /// The exact source text between the braces (the whole text for a script). Remoting sends
    /// script blocks as this text.
    pub fn text(&self) -> &str {
        self.body_span.text(&self.source)
    }
}

/// The body of a script block.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptBody {
    /// Plain statements: they form the `end` block.
    Statements(Vec<Statement>),
    /// Named blocks, in source order.
    Named(Vec<NamedBlock>),
}

impl ScriptBody {
    /// The statements of a plain body, or none for a body made of named blocks.
    pub fn statements(&self) -> &[Statement] {
        match self {
            ScriptBody::Statements(s) => s,
            ScriptBody::Named(_) => &[],
        }
    }
}

/// Which named block of a script block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `dynamicparam { }`
    DynamicParam,
    /// `begin { }`
    Begin,
    /// `process { }`
    Process,
    /// `end { }`
    End,
    /// `clean { }` (PowerShell 7.3+)
    Clean,
}

/// `begin { ... }` and its siblings.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedBlock {
    /// From the keyword to the closing brace.
    pub span: Span,
    /// Which block.
    pub kind: BlockKind,
    /// Its statements.
    pub statements: Vec<Statement>,
}

/// `using namespace System.Text` and friends.
#[derive(Debug, Clone, PartialEq)]
pub struct UsingStatement {
    /// The whole statement.
    pub span: Span,
    /// `namespace`, `module` or `assembly`, lower-cased.
    pub kind: String,
    /// The name that follows.
    pub name: String,
}

/// `param( ... )` with the attributes before it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamBlock {
    /// From the first attribute (or `param`) to the closing parenthesis.
    pub span: Span,
    /// Attributes written before `param`, such as `[CmdletBinding()]`.
    pub attributes: Vec<Attribute>,
    /// The parameters.
    pub parameters: Vec<Parameter>,
}

/// One parameter of a param block or of `function f($a, $b)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// From the first attribute to the end of the default value.
    pub span: Span,
    /// Attributes and type constraints, in source order.
    pub attributes: Vec<AttributeOrType>,
    /// The parameter's variable.
    pub name: VariablePath,
    /// `= value`, when given.
    pub default: Option<Box<Expr>>,
}

impl Parameter {
    /// The last type constraint written on the parameter (`[string]` in `[string]$Name`).
    pub fn type_constraint(&self) -> Option<&TypeName> {
        self.attributes.iter().rev().find_map(|a| match a {
            AttributeOrType::Type(t) => Some(t),
            AttributeOrType::Attribute(_) => None,
        })
    }
}

/// An attribute such as `[Parameter(Mandatory)]`, or a type constraint such as `[int]`.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeOrType {
    /// `[Name(args)]`.
    Attribute(Attribute),
    /// `[TypeName]`.
    Type(TypeName),
}

/// `[Name(positional..., Named = value, Switch)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// From `[` to `]`.
    pub span: Span,
    /// The attribute's type name (`Parameter`, `ValidateSet`, ...).
    pub name: TypeName,
    /// Positional arguments.
    pub positional: Vec<Expr>,
    /// Named arguments; a name alone (`Mandatory`) has no value and means `$true`.
    pub named: Vec<NamedAttributeArgument>,
}

/// `Name = value` or `Name` inside an attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedAttributeArgument {
    /// The whole argument.
    pub span: Span,
    /// The argument name as written.
    pub name: String,
    /// The value, or `None` for the `Mandatory` shorthand.
    pub value: Option<Expr>,
}

/// A statement with its span. The kind is boxed: statements are few next to expressions, and
/// a small node keeps the parser's value stack (and every `Vec<Statement>`) compact.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The whole statement.
    pub span: Span,
    /// What kind of statement.
    pub kind: Box<StatementKind>,
}

impl Statement {
    /// A statement of `kind` covering `span`.
    pub fn new(span: Span, kind: StatementKind) -> Self {
        Statement {
            span,
            kind: Box::new(kind),
        }
    }
}

/// The statements of PowerShell.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    /// A pipeline chain: `a | b && c || d`, optionally ending in `&`.
    Pipeline(PipelineChain),
    /// `target op value`; the value is a statement (a pipeline, or `if`, `switch`, ...).
    Assignment {
        /// The assigned expression.
        target: Box<Expr>,
        /// `=`, `+=`, ...
        op: AssignOp,
        /// The right-hand side.
        value: Box<Statement>,
    },
    /// `if (...) {...} elseif (...) {...} else {...}`.
    If {
        /// The `if` and `elseif` clauses in order.
        clauses: Vec<(Statement, StatementBlock)>,
        /// The `else` block.
        else_block: Option<StatementBlock>,
    },
    /// `switch -options (value) { clauses }`.
    Switch(Box<SwitchStatement>),
    /// `foreach ($x in $items) { ... }`.
    Foreach {
        /// The loop label.
        label: Option<String>,
        /// The loop variable.
        variable: VariablePath,
        /// What is enumerated.
        iterable: Box<Statement>,
        /// The body.
        body: StatementBlock,
    },
    /// `for (init; condition; iterator) { ... }`.
    For {
        /// The loop label.
        label: Option<String>,
        /// Runs once before the loop.
        init: Option<Box<Statement>>,
        /// Checked before each iteration; none means always true.
        condition: Option<Box<Statement>>,
        /// Runs after each iteration.
        iterator: Option<Box<Statement>>,
        /// The body.
        body: StatementBlock,
    },
    /// `while (...) { ... }`.
    While {
        /// The loop label.
        label: Option<String>,
        /// Checked before each iteration.
        condition: Box<Statement>,
        /// The body.
        body: StatementBlock,
    },
    /// `do { ... } while (...)` or `do { ... } until (...)`.
    DoLoop {
        /// The loop label.
        label: Option<String>,
        /// The body.
        body: StatementBlock,
        /// Checked after each iteration.
        condition: Box<Statement>,
        /// True for `until` (loop while the condition is false).
        until: bool,
    },
    /// `try { } catch [T] { } finally { }`.
    Try {
        /// The guarded block.
        body: StatementBlock,
        /// The catch clauses in order.
        catches: Vec<CatchClause>,
        /// The finally block.
        finally: Option<StatementBlock>,
    },
    /// `trap [T] { ... }`.
    Trap {
        /// The trapped exception type; none traps everything.
        exception_type: Option<TypeName>,
        /// The handler.
        body: StatementBlock,
    },
    /// `throw [value]`.
    Throw(Option<Box<Statement>>),
    /// `return [value]`.
    Return(Option<Box<Statement>>),
    /// `exit [code]`.
    Exit(Option<Box<Statement>>),
    /// `break [label]`.
    Break(Option<Expr>),
    /// `continue [label]`.
    Continue(Option<Expr>),
    /// `function`, `filter` or `workflow` definition.
    Function(Box<FunctionDefinition>),
    /// `data [name] [-SupportedCommand ...] { ... }`.
    Data {
        /// The variable that receives the data.
        variable: Option<String>,
        /// Commands allowed inside, from `-SupportedCommand`.
        supported_commands: Vec<Expr>,
        /// The body, checked as RestrictedLanguage.
        body: StatementBlock,
    },
    /// `enum Name { A; B = 2 }`.
    Enum {
        /// The enum's name.
        name: String,
        /// Its members.
        members: Vec<EnumMember>,
    },
    /// A construct rosh parses but does not support (a `class` definition); reported as an error.
    Unsupported(String),
    /// A statement that failed to parse; its error is in the error list.
    Error,
}

/// `{ statements }` used as the body of `if`, loops, `try` and so on.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementBlock {
    /// From `{` to `}`.
    pub span: Span,
    /// The statements.
    pub statements: Vec<Statement>,
}

/// A `switch` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchStatement {
    /// The `switch` keyword.
    pub keyword: Span,
    /// The loop label (`break`/`continue` target).
    pub label: Option<String>,
    /// The options as written, with their positions.
    pub flag_spans: Vec<SwitchFlag>,
    /// `-regex`, `-wildcard`, `-exact`, `-casesensitive`, `-file`, `-parallel`, lower-cased.
    pub flags: Vec<String>,
    /// The file of `-file path`.
    pub file: Option<Expr>,
    /// The value in parentheses (absent with `-file`).
    pub condition: Option<Statement>,
    /// The clauses, with `default` among them where it was written.
    pub clauses: Vec<SwitchClause>,
    /// The `default` clause.
    pub default: Option<StatementBlock>,
}

/// An option of a switch as written (`-Regex`).
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchFlag {
    /// The option token.
    pub span: Span,
    /// Its text.
    pub text: String,
}

/// `condition { action }` inside a switch.
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchClause {
    /// The condition: a bare word, string, number, variable, `(expr)` or `{ script block }`.
    pub condition: Expr,
    /// The action.
    pub body: StatementBlock,
}

/// `catch [T1], [T2] { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CatchClause {
    /// From `catch` to `}`.
    pub span: Span,
    /// The caught types; empty catches everything.
    pub types: Vec<TypeName>,
    /// The handler.
    pub body: StatementBlock,
}

/// `Name` or `Name = value` in an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    /// The member.
    pub span: Span,
    /// Its name.
    pub name: String,
    /// Its explicit value.
    pub value: Option<Expr>,
}

/// A function, filter or workflow definition.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDefinition {
    /// The whole definition.
    pub span: Span,
    /// The name as written (`Get-Thing`, `global:helper`).
    pub name: String,
    /// `filter` rather than `function`.
    pub is_filter: bool,
    /// `workflow` (parsed, not supported at run time).
    pub is_workflow: bool,
    /// Parameters written as `function f($a, $b)`.
    pub parameters: Option<Vec<Parameter>>,
    /// The body.
    pub body: ScriptBlock,
}

/// Pipelines joined by `&&` and `||`, optionally run in the background with a trailing `&`.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineChain {
    /// The whole chain.
    pub span: Span,
    /// The first pipeline.
    pub first: Pipeline,
    /// Each following operator and pipeline.
    pub rest: Vec<(ChainOp, Pipeline)>,
    /// Ends with `&`.
    pub background: bool,
}

/// `&&` or `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainOp {
    /// `&&`: run the next pipeline when `$?` is true.
    And,
    /// `||`: run the next pipeline when `$?` is false.
    Or,
}

/// `element | element | ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The whole pipeline.
    pub span: Span,
    /// The elements; only the first may be an expression.
    pub elements: Vec<PipelineElement>,
}

/// One element of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineElement {
    /// An expression with its redirections (`$x > out.txt`).
    Expression {
        /// The expression.
        expr: Expr,
        /// Its redirections.
        redirections: Vec<Redirection>,
    },
    /// A command.
    Command(Box<Command>),
}

impl PipelineElement {
    /// The element's span.
    pub fn span(&self) -> Span {
        match self {
            PipelineElement::Expression { expr, redirections } => {
                redirections.iter().fold(expr.span, |s, r| s.to(r.span))
            }
            PipelineElement::Command(c) => c.span,
        }
    }
}

/// How a command is invoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvocationKind {
    /// `name args`.
    Plain,
    /// `& name args`: runs in a child scope.
    Call,
    /// `. name args`: runs in the current scope.
    DotSource,
}

/// A command: its name (a bare word or an expression after `&`/`.`) and its elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The whole command.
    pub span: Span,
    /// Plain, `&` or `.`.
    pub invocation: InvocationKind,
    /// The command name: a bare word, or any argument expression after `&` or `.`.
    pub name: Box<Expr>,
    /// Parameters and arguments in order.
    pub elements: Vec<CommandElement>,
    /// Redirections, in order.
    pub redirections: Vec<Redirection>,
}

/// A parameter or an argument of a command.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandElement {
    /// `-Name`, or `-Name:value` with its argument.
    Parameter {
        /// The parameter token.
        span: Span,
        /// The name without the dash.
        name: String,
        /// The value joined with a colon.
        argument: Option<Expr>,
        /// The token text as written (`-Path:`), passed verbatim to native commands.
        text: String,
    },
    /// An argument.
    Argument(Expr),
    /// `--%` and the verbatim rest of the line.
    StopParsing {
        /// The token.
        span: Span,
        /// The text after `--%`, up to the end of the line.
        text: String,
    },
    /// `--`: every later `-word` is an argument.
    EndOfParameters(Span),
}

/// A redirection of a command or expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirection {
    /// The operator and its target.
    pub span: Span,
    /// The redirected stream.
    pub from: RedirectionStream,
    /// Where it goes.
    pub target: RedirectionTarget,
}

/// Where a redirection sends its stream.
#[derive(Debug, Clone, PartialEq)]
pub enum RedirectionTarget {
    /// `2>&1`: merged into the output (or error) stream.
    Merge(RedirectionStream),
    /// `> path` or `>> path`.
    File {
        /// The path expression.
        path: Expr,
        /// `>>`.
        append: bool,
    },
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// The whole expression.
    pub span: Span,
    /// What kind of expression.
    pub kind: ExprKind,
}

impl Expr {
    /// An expression of `kind` covering `span`.
    pub fn new(span: Span, kind: ExprKind) -> Self {
        Expr { span, kind }
    }
}

/// The name of a member in `a.Name`, `a.'Name'`, `a.$name` or `a.(expr)`.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberName {
    /// A constant name.
    Name(String),
    /// A computed name.
    Dynamic(Box<Expr>),
}

/// Kinds of expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A numeric literal.
    Number(NumberValue),
    /// A verbatim string: single-quoted, single-quoted here-string, or a bare word argument with
    /// nothing to expand.
    String {
        /// The value after quote and escape processing.
        value: String,
        /// How it was written.
        kind: StringKind,
    },
    /// A string with `$var` or `$( )` parts.
    Expandable {
        /// The parts in order.
        parts: Vec<StringPart>,
        /// How it was written.
        kind: StringKind,
    },
    /// `$name`, `$scope:name`, `${any name}`.
    Variable(VariablePath),
    /// `@name` in a command's arguments.
    Splat(VariablePath),
    /// `a, b, c`.
    Array(Vec<Expr>),
    /// `@( statements )`.
    ArraySubexpression(Vec<Statement>),
    /// `$( statements )`.
    Subexpression(Vec<Statement>),
    /// `( pipeline )`.
    Paren(Box<Statement>),
    /// `@{ key = value; ... }`, in source order.
    Hashtable(Vec<(Expr, Statement)>),
    /// `{ ... }`.
    ScriptBlock(Box<ScriptBlock>),
    /// `[TypeName]` alone.
    Type(TypeName),
    /// `[TypeName] operand`.
    Convert {
        /// The target type.
        ty: TypeName,
        /// What is converted.
        operand: Box<Expr>,
    },
    /// `[Attribute()] operand` (validation attributes on a variable).
    Attributed {
        /// The attribute.
        attribute: Box<Attribute>,
        /// What it applies to.
        operand: Box<Expr>,
    },
    /// `target.Name`, `target::Name`, `target?.Name`.
    Member {
        /// The object, or the type for `::`.
        target: Box<Expr>,
        /// The member.
        member: MemberName,
        /// `::`.
        is_static: bool,
        /// `?.`.
        null_conditional: bool,
    },
    /// `target.Method(args)`, `target::Method(args)`.
    InvokeMember {
        /// The object, or the type for `::`.
        target: Box<Expr>,
        /// The method.
        member: MemberName,
        /// Arguments.
        arguments: Vec<Expr>,
        /// `::`.
        is_static: bool,
        /// `?.`.
        null_conditional: bool,
    },
    /// `target[index]`, `target?[index]`.
    Index {
        /// The indexed value.
        target: Box<Expr>,
        /// The index.
        index: Box<Expr>,
        /// `?[`.
        null_conditional: bool,
    },
    /// A prefix or postfix unary operator.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// A binary operator.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `condition ? a : b`.
    Ternary {
        /// The condition.
        condition: Box<Expr>,
        /// Value when true.
        if_true: Box<Expr>,
        /// Value when false.
        if_false: Box<Expr>,
    },
    /// A part that failed to parse; its error is in the error list.
    Error,
}

/// A part of an expandable string.
#[derive(Debug, Clone, PartialEq)]
pub enum StringPart {
    /// Literal text, escapes already applied.
    Literal(String),
    /// `$name` or `${name}`.
    Variable(VariablePath, Span),
    /// `$( statements )`.
    Subexpression(Vec<Statement>, Span),
}
