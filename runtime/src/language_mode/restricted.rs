//! RestrictedLanguage: PowerShell's `RestrictedLanguageChecker` (`SemanticChecks.cs`), a walk
//! over the tree that reports every construct the mode forbids, before any of it runs.
//!
//! It serves RestrictedLanguage runspaces (every script text they are given), `data { }`
//! sections, and data files (`.psd1`, `.pssc`) through [`check_restricted`]. Allowed:
//! statement lists, `if`, pipelines, commands and their parameters, constants, expandable
//! strings, `$( )`, `@( )`, parentheses, array and hash literals, `$using:` forms, and casts
//! to primitive types. Everything else is reported with PowerShell's error id and message.

use rosh_lang::ParseError;
use rosh_lang::ast::*;
use rosh_lang::span::Span;

use crate::error::{ErrorCategory, ErrorRecord};
use crate::types::{KnownType, TypeInfo};
use crate::value::Value;

/// The commands a `data` section may run without `-SupportedCommand`.
pub const DATA_SECTION_COMMANDS: &[&str] = &["ConvertFrom-StringData"];

/// The variables every restricted check allows.
const DEFAULT_VARIABLES: &[&str] = &["PSCulture", "PSUICulture", "true", "false", "null"];

/// `ScriptBlock.CheckRestrictedLanguage`: checks a whole script block as RestrictedLanguage.
///
/// `allowed_commands`: `None` allows any command; otherwise only those names
/// (case-insensitive). `allowed_variables`: added to `$PSCulture`, `$PSUICulture`, `$true`,
/// `$false` and `$null`; a single `*` allows every variable. `allow_environment_variables`
/// allows `$env:NAME` (module manifests). A `param()` block or `begin`/`process` blocks are
/// refused (`InvalidScriptBlockInDataSection`). Every error is returned, in tree order.
pub fn check_restricted(
    block: &ScriptBlock,
    allowed_commands: Option<&[String]>,
    allowed_variables: Option<&[String]>,
    allow_environment_variables: bool,
) -> Result<(), Vec<ParseError>> {
    let mut checker = Checker::new(
        &block.source,
        allowed_commands,
        allowed_variables,
        allow_environment_variables,
    );
    let misplaced = block
        .param_block
        .as_ref()
        .map(|p| p.span)
        .or(match &block.body {
            ScriptBody::Named(blocks) => blocks
                .iter()
                .find(|b| b.kind != BlockKind::End)
                .map(|b| b.span),
            ScriptBody::Statements(_) => None,
        });
    if let Some(span) = misplaced {
        checker.report(
            span,
            "InvalidScriptBlockInDataSection",
            "A Begin statement block, Process statement block, or parameter statement is not allowed in a Data section.".into(),
        );
    }
    match &block.body {
        ScriptBody::Statements(s) => checker.statements(s),
        ScriptBody::Named(blocks) => {
            for b in blocks.iter().filter(|b| b.kind == BlockKind::End) {
                checker.statements(&b.statements);
            }
        }
    }
    checker.finish()
}

/// Checks the statements of a `data` section: only `allowed_commands` may run, and only the
/// default variables may be read.
pub fn check_data_section(
    source: &str,
    statements: &[Statement],
    allowed_commands: &[String],
) -> Result<(), Vec<ParseError>> {
    let mut checker = Checker::new(source, Some(allowed_commands), None, false);
    checker.statements(statements);
    checker.finish()
}

struct Checker<'a> {
    source: &'a str,
    commands: Option<&'a [String]>,
    /// `None`: every variable.
    variables: Option<Vec<String>>,
    /// The variable list as the error message names it.
    variable_list: String,
    environment: bool,
    errors: Vec<ParseError>,
}

impl<'a> Checker<'a> {
    fn new(
        source: &'a str,
        commands: Option<&'a [String]>,
        variables: Option<&[String]>,
        environment: bool,
    ) -> Self {
        let (variables, variable_list) = match variables {
            Some([only]) if only == "*" => (None, String::new()),
            Some(extra) => {
                let mut all: Vec<String> =
                    DEFAULT_VARIABLES.iter().map(|v| v.to_string()).collect();
                for v in extra {
                    if !all.iter().any(|a| a.eq_ignore_ascii_case(v)) {
                        all.push(v.clone());
                    }
                }
                let list = all
                    .iter()
                    .map(|v| format!("${v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                (Some(all), list)
            }
            None => (
                Some(DEFAULT_VARIABLES.iter().map(|v| v.to_string()).collect()),
                "$PSCulture, $PSUICulture, $true, $false, $null".to_string(),
            ),
        };
        Checker {
            source,
            commands,
            variables,
            variable_list,
            environment,
            errors: Vec::new(),
        }
    }

    fn finish(self) -> Result<(), Vec<ParseError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    fn report(&mut self, span: Span, id: &'static str, message: String) {
        self.errors.push(ParseError::new(id, message, span));
    }

    /// Reports a construct whose message ends "... not allowed in restricted language mode
    /// or a Data section."
    fn refuse(&mut self, span: Span, id: &'static str, what: &str) {
        self.report(
            span,
            id,
            format!("{what} not allowed in restricted language mode or a Data section."),
        );
    }

    fn statements(&mut self, statements: &[Statement]) {
        for s in statements {
            self.statement(s);
        }
    }

    fn block(&mut self, b: &StatementBlock) {
        self.statements(&b.statements);
    }

    fn statement(&mut self, s: &Statement) {
        let flow = "Flow control statements such as Break, Continue, Return, Exit, and Throw are";
        match &*s.kind {
            StatementKind::Pipeline(chain) => {
                for p in std::iter::once(&chain.first).chain(chain.rest.iter().map(|(_, p)| p)) {
                    self.pipeline(p);
                }
            }
            StatementKind::Assignment { target, value, .. } => {
                self.refuse(
                    s.span,
                    "AssignmentStatementNotSupportedInDataSection",
                    "Assignment statements are",
                );
                self.expr(target);
                self.statement(value);
            }
            StatementKind::If {
                clauses,
                else_block,
            } => {
                for (condition, body) in clauses {
                    self.statement(condition);
                    self.block(body);
                }
                if let Some(b) = else_block {
                    self.block(b);
                }
            }
            StatementKind::Switch(sw) => {
                self.refuse(
                    s.span,
                    "SwitchStatementNotSupportedInDataSection",
                    "The switch statement is",
                );
                if let Some(c) = &sw.condition {
                    self.statement(c);
                }
                for c in &sw.clauses {
                    self.expr(&c.condition);
                    self.block(&c.body);
                }
                if let Some(d) = &sw.default {
                    self.block(d);
                }
            }
            StatementKind::Foreach { iterable, body, .. } => {
                self.refuse(
                    s.span,
                    "ForeachStatementNotSupportedInDataSection",
                    "Foreach statements are",
                );
                self.statement(iterable);
                self.block(body);
            }
            StatementKind::For {
                init,
                condition,
                iterator,
                body,
                ..
            } => {
                self.refuse(
                    s.span,
                    "ForWhileStatementNotSupportedInDataSection",
                    "For and While statements are",
                );
                for part in [init, condition, iterator].into_iter().flatten() {
                    self.statement(part);
                }
                self.block(body);
            }
            StatementKind::While {
                condition, body, ..
            } => {
                self.refuse(
                    s.span,
                    "ForWhileStatementNotSupportedInDataSection",
                    "For and While statements are",
                );
                self.statement(condition);
                self.block(body);
            }
            StatementKind::DoLoop {
                condition, body, ..
            } => {
                self.refuse(
                    s.span,
                    "DoWhileStatementNotSupportedInDataSection",
                    "The Do and While statements are",
                );
                self.block(body);
                self.statement(condition);
            }
            StatementKind::Try {
                body,
                catches,
                finally,
            } => {
                self.refuse(
                    s.span,
                    "TryStatementNotSupportedInDataSection",
                    "The Try statement is",
                );
                self.block(body);
                for c in catches {
                    self.block(&c.body);
                }
                if let Some(f) = finally {
                    self.block(f);
                }
            }
            StatementKind::Trap { body, .. } => {
                self.refuse(
                    s.span,
                    "TrapStatementNotSupportedInDataSection",
                    "The Trap statement is",
                );
                self.block(body);
            }
            StatementKind::Throw(v) | StatementKind::Return(v) | StatementKind::Exit(v) => {
                self.refuse(
                    s.span,
                    "FlowControlStatementNotSupportedInDataSection",
                    flow,
                );
                if let Some(v) = v {
                    self.statement(v);
                }
            }
            StatementKind::Break(label) | StatementKind::Continue(label) => {
                self.refuse(
                    s.span,
                    "FlowControlStatementNotSupportedInDataSection",
                    flow,
                );
                if let Some(l) = label {
                    self.expr(l);
                }
            }
            StatementKind::Function(f) => {
                self.refuse(
                    s.span,
                    "FunctionDeclarationNotSupportedInDataSection",
                    "Function declarations are",
                );
                if let Some(p) = &f.body.param_block {
                    self.refuse(
                        p.span,
                        "ParameterDeclarationNotSupportedInDataSection",
                        "Parameter declarations are",
                    );
                }
                self.body(&f.body.body);
            }
            StatementKind::Data { body, .. } => {
                self.report(
                    s.span,
                    "DataSectionStatementNotSupportedInDataSection",
                    "The data statement is not allowed in restricted language mode or another Data section.".into(),
                );
                self.block(body);
            }
            StatementKind::Enum { members, .. } => {
                for m in members {
                    if let Some(v) = &m.value {
                        self.expr(v);
                    }
                }
            }
            StatementKind::Unsupported(_) | StatementKind::Error => {}
        }
    }

    fn body(&mut self, body: &ScriptBody) {
        match body {
            ScriptBody::Statements(s) => self.statements(s),
            ScriptBody::Named(blocks) => {
                for b in blocks {
                    self.statements(&b.statements);
                }
            }
        }
    }

    fn redirections(&mut self, redirections: &[Redirection]) {
        for r in redirections {
            self.refuse(
                r.span,
                "RedirectionNotSupportedInDataSection",
                "Redirection is",
            );
            if let RedirectionTarget::File { path, .. } = &r.target {
                self.expr(path);
            }
        }
    }

    fn pipeline(&mut self, p: &Pipeline) {
        for element in &p.elements {
            match element {
                PipelineElement::Expression { expr, redirections } => {
                    self.expr(expr);
                    self.redirections(redirections);
                }
                PipelineElement::Command(c) => self.command(c),
            }
        }
    }

    fn command(&mut self, c: &Command) {
        if c.invocation == InvocationKind::DotSource {
            self.refuse(
                c.span,
                "DotSourcingNotSupportedInDataSection",
                "Dot sourcing is",
            );
        } else if let Some(allowed) = self.commands {
            match &c.name.kind {
                ExprKind::String { value, .. } => {
                    if !allowed.iter().any(|a| a.eq_ignore_ascii_case(value)) {
                        let name = value.clone();
                        self.report(
                            c.span,
                            "CmdletNotInAllowedListForDataSection",
                            format!(
                                "The command '{name}' is not allowed in restricted language mode or a Data section."
                            ),
                        );
                    }
                }
                _ if c.invocation == InvocationKind::Call => {
                    self.report(
                        c.span,
                        "OperatorNotSupportedInDataSection",
                        "The '&' operator is not allowed in restricted language mode or a Data section.".into(),
                    );
                }
                _ => {
                    let text = c.span.text(self.source).to_string();
                    self.report(
                        c.span,
                        "CmdletNotInAllowedListForDataSection",
                        format!(
                            "The command '{text}' is not allowed in restricted language mode or a Data section."
                        ),
                    );
                }
            }
        }
        self.expr(&c.name);
        for e in &c.elements {
            match e {
                CommandElement::Parameter {
                    argument: Some(a), ..
                }
                | CommandElement::Argument(a) => self.expr(a),
                _ => {}
            }
        }
        self.redirections(&c.redirections);
    }

    fn variable(&mut self, v: &VariablePath, span: Span) {
        let Some(allowed) = &self.variables else {
            return;
        };
        let path = match &v.qualifier {
            Some(q) => format!("{q}:{}", v.name),
            None => v.name.to_string(),
        };
        if allowed.iter().any(|a| a.eq_ignore_ascii_case(&path)) {
            return;
        }
        if self.environment
            && v.qualifier
                .as_deref()
                .is_some_and(|q| q.eq_ignore_ascii_case("env"))
        {
            return;
        }
        let list = self.variable_list.clone();
        self.report(
            span,
            "VariableReferenceNotSupportedInDataSection",
            format!(
                "A variable that cannot be referenced in restricted language mode or a Data section is being referenced. Variables that can be referenced include the following: {list}."
            ),
        );
    }

    /// Casts and type literals: only types whose .NET TypeCode is primitive (Boolean, Char,
    /// the numbers, DateTime, String; enums by their underlying type), or arrays of them.
    fn type_name(&mut self, t: &TypeName, span: Span) {
        let allowed = TypeInfo::resolve(t).is_some_and(|info| {
            !info.is_named()
                && matches!(
                    info.known(),
                    KnownType::Bool
                        | KnownType::Char
                        | KnownType::SByte
                        | KnownType::Byte
                        | KnownType::Short
                        | KnownType::UShort
                        | KnownType::Int
                        | KnownType::UInt
                        | KnownType::Long
                        | KnownType::ULong
                        | KnownType::Single
                        | KnownType::Double
                        | KnownType::Decimal
                        | KnownType::DateTime
                        | KnownType::String
                        | KnownType::Enum(_)
                )
        });
        if !allowed {
            self.report(
                span,
                "TypeNotAllowedInDataSection",
                format!(
                    "The type {} is not allowed in restricted language mode or a Data section.",
                    t.text
                ),
            );
        }
    }

    /// The operator between two operands as written, and where it is.
    fn operator_between(&self, left: Span, right: Span, fallback: String) -> (String, Span) {
        let gap = Span::new(left.end, right.start);
        let text = gap.text(self.source);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return (fallback, gap);
        }
        let start = gap.start + (text.len() - text.trim_start().len());
        (trimmed.to_string(), Span::new(start, start + trimmed.len()))
    }

    fn operator(&mut self, span: Span, op: &str) {
        self.report(
            span,
            "OperatorNotSupportedInDataSection",
            format!(
                "The '{op}' operator is not allowed in restricted language mode or a Data section."
            ),
        );
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::String { .. } | ExprKind::Error => {}
            ExprKind::Expandable { parts, .. } => {
                for p in parts {
                    match p {
                        StringPart::Literal(_) => {}
                        StringPart::Variable(v, span) => self.variable(v, *span),
                        StringPart::Subexpression(stmts, _) => self.statements(stmts),
                    }
                }
            }
            ExprKind::Variable(v) | ExprKind::Splat(v) => self.variable(v, e.span),
            ExprKind::Array(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::ArraySubexpression(stmts) | ExprKind::Subexpression(stmts) => {
                self.statements(stmts)
            }
            ExprKind::Paren(s) => self.statement(s),
            ExprKind::Hashtable(entries) => {
                for (k, v) in entries {
                    self.expr(k);
                    self.statement(v);
                }
            }
            ExprKind::ScriptBlock(sb) => {
                self.refuse(
                    e.span,
                    "ScriptBlockNotSupportedInDataSection",
                    "Script block literals are",
                );
                if let Some(p) = &sb.param_block {
                    self.refuse(
                        p.span,
                        "ParameterDeclarationNotSupportedInDataSection",
                        "Parameter declarations are",
                    );
                }
                self.body(&sb.body);
            }
            ExprKind::Type(t) => self.type_name(t, e.span),
            ExprKind::Convert { ty, operand } => {
                self.type_name(ty, e.span);
                self.expr(operand);
            }
            ExprKind::Attributed { operand, .. } => {
                self.refuse(
                    e.span,
                    "AttributeNotSupportedInDataSection",
                    "Attributes are",
                );
                self.expr(operand);
            }
            ExprKind::Member { target, member, .. } => {
                self.refuse(
                    e.span,
                    "PropertyReferenceNotSupportedInDataSection",
                    "Property references are",
                );
                self.expr(target);
                if let MemberName::Dynamic(d) = member {
                    self.expr(d);
                }
            }
            ExprKind::InvokeMember {
                target,
                member,
                arguments,
                ..
            } => {
                self.refuse(
                    e.span,
                    "MethodCallNotSupportedInDataSection",
                    "Method calls are",
                );
                self.expr(target);
                if let MemberName::Dynamic(d) = member {
                    self.expr(d);
                }
                arguments.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Index { target, index, .. } => {
                self.refuse(
                    e.span,
                    "ArrayReferenceNotSupportedInDataSection",
                    "Array references are",
                );
                self.expr(target);
                self.expr(index);
            }
            ExprKind::Unary { op, operand } => {
                let text = match op {
                    UnaryOp::PreIncrement | UnaryOp::PostIncrement => Some("++"),
                    UnaryOp::PreDecrement | UnaryOp::PostDecrement => Some("--"),
                    UnaryOp::Split {
                        case_sensitive: false,
                    } => Some("-split"),
                    UnaryOp::Split {
                        case_sensitive: true,
                    } => Some("-csplit"),
                    UnaryOp::Join => Some("-join"),
                    _ => None,
                };
                if let Some(op) = text {
                    self.operator(e.span, op);
                }
                self.expr(operand);
            }
            ExprKind::Binary { op, left, right } => {
                if disallowed(*op) {
                    let (text, span) = self.operator_between(left.span, right.span, op.text());
                    self.operator(span, &text);
                }
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Ternary {
                condition,
                if_true,
                if_false,
            } => {
                self.expr(condition);
                self.expr(if_true);
                self.expr(if_false);
            }
        }
    }
}

/// The most characters or elements a multiplication may produce in RestrictedLanguage.
const MULTIPLY_LIMIT: i128 = 1024;

/// RestrictedLanguage's bound on `*` (`StringOps.cs`, `ArrayOps.cs`): a string or array
/// multiplied past 1024 characters or elements is refused, so a restricted endpoint cannot be
/// made to build huge values.
pub fn multiplication_refused(left: &Value, right: &Value) -> Option<ErrorRecord> {
    let times = crate::convert::to_numeric(right).and_then(|n| {
        crate::convert::as_i128(&n)
            .or_else(|| crate::convert::as_f64(&n).map(|f| f.round_ties_even() as i128))
    })?;
    let (id, message) = match left {
        Value::String(s)
            if times.saturating_mul(s.encode_utf16().count() as i128) > MULTIPLY_LIMIT =>
        {
            (
                "StringMultiplyToolongInDataSection",
                format!(
                    "String multiplication results with more than \"{MULTIPLY_LIMIT}\" characters are not allowed in restricted language mode or a Data section."
                ),
            )
        }
        Value::Array(a) if times.saturating_mul(a.len() as i128) > MULTIPLY_LIMIT => (
            "ArrayMultiplyToolongInDataSection",
            format!(
                "Array multiplication resulting in more than {MULTIPLY_LIMIT} elements is not allowed in restricted language mode or a Data section."
            ),
        ),
        _ => return None,
    };
    Some(ErrorRecord::new(
        id,
        ErrorCategory::InvalidOperation,
        message,
    ))
}

/// The binary operators flagged `DisallowedInRestrictedMode` (`token.cs`): they grow strings
/// without bound, iterate, set `$Matches` or run conversions.
fn disallowed(op: BinaryOp) -> bool {
    use rosh_lang::token::CompareOp;
    match op {
        BinaryOp::Range | BinaryOp::Format | BinaryOp::As | BinaryOp::Join => true,
        BinaryOp::Compare(c, _) => matches!(
            c,
            CompareOp::Match | CompareOp::NotMatch | CompareOp::Replace | CompareOp::Split
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<&'static str> {
        let parsed = rosh_lang::parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        match check_restricted(&parsed.script, None, None, false) {
            Ok(()) => vec![],
            Err(e) => e.into_iter().map(|e| e.id).collect(),
        }
    }

    #[test]
    fn commands_literals_and_if_pass() {
        assert!(errors("Get-Date -Format 'yyyy'; 1 + 2 * 3; 'a' -eq 'b'").is_empty());
        assert!(errors("if ($true) { 'yes' } else { @{ A = 1; B = @(1, 2) } }").is_empty());
        assert!(errors("[int]'5'; [string[]]('a', 'b'); \"$true $(1)\"").is_empty());
        assert!(errors("$null ?? 3; 1 -lt 2 -and $false; -not $true").is_empty());
    }

    #[test]
    fn forbidden_constructs_are_reported_with_powershells_ids() {
        let cases: &[(&str, &str)] = &[
            ("$x = 1", "AssignmentStatementNotSupportedInDataSection"),
            ("$x", "VariableReferenceNotSupportedInDataSection"),
            (
                "foreach ($i in 1) { }",
                "ForeachStatementNotSupportedInDataSection",
            ),
            (
                "while ($true) { }",
                "ForWhileStatementNotSupportedInDataSection",
            ),
            ("for (;;) { }", "ForWhileStatementNotSupportedInDataSection"),
            (
                "do { } while ($false)",
                "DoWhileStatementNotSupportedInDataSection",
            ),
            (
                "switch (1) { 1 { } }",
                "SwitchStatementNotSupportedInDataSection",
            ),
            (
                "try { } finally { }",
                "TryStatementNotSupportedInDataSection",
            ),
            ("trap { }", "TrapStatementNotSupportedInDataSection"),
            ("throw 'x'", "FlowControlStatementNotSupportedInDataSection"),
            ("exit", "FlowControlStatementNotSupportedInDataSection"),
            (
                "function f { }",
                "FunctionDeclarationNotSupportedInDataSection",
            ),
            ("{ 1 }", "ScriptBlockNotSupportedInDataSection"),
            ("'a'.Length", "PropertyReferenceNotSupportedInDataSection"),
            ("'a'.ToUpper()", "MethodCallNotSupportedInDataSection"),
            ("@(1)[0]", "ArrayReferenceNotSupportedInDataSection"),
            ("[hashtable]@{}", "TypeNotAllowedInDataSection"),
            ("1..3", "OperatorNotSupportedInDataSection"),
            ("'a' -match 'a'", "OperatorNotSupportedInDataSection"),
            ("'{0}' -f 1", "OperatorNotSupportedInDataSection"),
            ("-split 'a b'", "OperatorNotSupportedInDataSection"),
            ("Get-Date > out.txt", "RedirectionNotSupportedInDataSection"),
            (". Get-Date", "DotSourcingNotSupportedInDataSection"),
            (
                "data { 1 }",
                "DataSectionStatementNotSupportedInDataSection",
            ),
            ("param($a) 1", "InvalidScriptBlockInDataSection"),
        ];
        for (text, id) in cases {
            assert_eq!(errors(text).first(), Some(id), "{text}");
        }
    }

    #[test]
    fn execution_context_gives_property_then_variable_errors() {
        assert_eq!(
            errors("$ExecutionContext.SessionState.LanguageMode"),
            vec![
                "PropertyReferenceNotSupportedInDataSection",
                "PropertyReferenceNotSupportedInDataSection",
                "VariableReferenceNotSupportedInDataSection"
            ]
        );
    }

    #[test]
    fn allow_lists_for_commands_variables_and_environment() {
        let parsed = rosh_lang::parse("Get-Date; ConvertFrom-StringData 'a=b'; $x; $env:HOME");
        let commands = vec!["ConvertFrom-StringData".to_string()];
        let e = check_restricted(&parsed.script, Some(&commands), None, true).unwrap_err();
        let ids: Vec<_> = e.iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            vec![
                "CmdletNotInAllowedListForDataSection",
                "VariableReferenceNotSupportedInDataSection"
            ]
        );
        assert_eq!(
            e[0].message,
            "The command 'Get-Date' is not allowed in restricted language mode or a Data section."
        );
        let vars = vec!["x".to_string()];
        let parsed = rosh_lang::parse("$x; $y");
        let e = check_restricted(&parsed.script, None, Some(&vars), false).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message
                .ends_with("$PSCulture, $PSUICulture, $true, $false, $null, $x.")
        );
        let all = vec!["*".to_string()];
        assert!(check_restricted(&parsed.script, None, Some(&all), false).is_ok());
    }

    #[test]
    fn multiplication_is_bounded() {
        let s = Value::str("ab");
        assert!(multiplication_refused(&s, &Value::Int(512)).is_none());
        let e = multiplication_refused(&s, &Value::Int(513)).map(|e| e.error_id);
        assert_eq!(e.as_deref(), Some("StringMultiplyToolongInDataSection"));
        let a = Value::Array(crate::value::Array::new(vec![Value::Int(1); 2]));
        let e = multiplication_refused(&a, &Value::Long(1 << 40)).map(|e| e.error_id);
        assert_eq!(e.as_deref(), Some("ArrayMultiplyToolongInDataSection"));
        assert!(multiplication_refused(&Value::Int(3), &Value::Int(5000)).is_none());
    }

    #[test]
    fn operator_text_and_position_come_from_the_source() {
        let text = "'abc' -cmatch 'b'";
        let parsed = rosh_lang::parse(text);
        let e = check_restricted(&parsed.script, None, None, false).unwrap_err();
        assert_eq!(
            e[0].message,
            "The '-cmatch' operator is not allowed in restricted language mode or a Data section."
        );
        assert_eq!(e[0].span.text(text), "-cmatch");
    }
}
