//! Parse errors: PowerShell's error ids and messages, positions, and the `incomplete` flag the
//! REPL uses to ask for a continuation line. Rendered with miette at the edges.

use crate::span::{LineCol, LineIndex, Span};
use std::sync::Arc;

/// One parse error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// PowerShell's error id (`MissingEndCurlyBrace`, `UnexpectedToken`, ...).
    pub id: &'static str,
    /// The message, worded as PowerShell words it.
    pub message: String,
    /// Where the error is reported.
    pub span: Span,
    /// True when more input could complete the script (an unclosed brace, string or pipe).
    pub incomplete: bool,
}

impl ParseError {
    /// A complete-input error.
    pub fn new(id: &'static str, message: impl Into<String>, span: Span) -> Self {
        ParseError {
            id,
            message: message.into(),
            span,
            incomplete: false,
        }
    }

    /// An error that more input could fix.
    pub fn incomplete(id: &'static str, message: impl Into<String>, span: Span) -> Self {
        ParseError {
            id,
            message: message.into(),
            span,
            incomplete: true,
        }
    }

    /// The position of the error in `text`.
    pub fn line_col(&self, text: &str) -> LineCol {
        LineIndex::new(text).line_col(text, self.span.start)
    }

    /// A miette diagnostic for this error over the named source.
    pub fn to_diagnostic(&self, name: &str, text: Arc<str>) -> ParseDiagnostic {
        let len = text.len();
        let start = self.span.start.min(len);
        let end = self.span.end.clamp(start, len);
        ParseDiagnostic {
            id: self.id,
            message: self.message.clone(),
            src_code: miette::NamedSource::new(name, text),
            span: Span::new(start, end).into(),
        }
    }
}

/// A parse error bound to its source text, for rendering with miette.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ParseDiagnostic {
    id: &'static str,
    message: String,
    src_code: miette::NamedSource<Arc<str>>,
    span: miette::SourceSpan,
}

impl miette::Diagnostic for ParseDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.id))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(self.id.to_string()), self.span),
        )))
    }
}

/// Messages of PowerShell's parser errors (ParserStrings), with `{0}` placeholders.
pub mod messages {
    /// `MissingEndCurlyBrace`
    pub const MISSING_END_CURLY_BRACE: &str =
        "Missing closing '}' in statement block or type definition.";
    /// `MissingEndParenthesisInExpression`
    pub const MISSING_END_PARENTHESIS_IN_EXPRESSION: &str = "Missing closing ')' in expression.";
    /// `MissingEndParenthesisInSubexpression`
    pub const MISSING_END_PARENTHESIS_IN_SUBEXPRESSION: &str =
        "Missing closing ')' in subexpression.";
    /// `TerminatorExpectedAtEndOfString`
    pub const TERMINATOR_EXPECTED_AT_END_OF_STRING: &str =
        "The string is missing the terminator: {0}.";
    /// `UnexpectedToken`
    pub const UNEXPECTED_TOKEN: &str = "Unexpected token '{0}' in expression or statement.";
}

/// Fill `{0}`, `{1}`, ... in a PowerShell message template.
pub fn format_message(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}
