//! Turning grammar errors into PowerShell's parse errors.
//!
//! lalrpop reports "unexpected token X" or "unexpected end of input". PowerShell's parser
//! reports what was missing, where: `ExpectedValueExpression` just after `1 +`,
//! `MissingEndCurlyBrace` at an unclosed `{`, `MissingStatementBlock` at the `)` of an `if`.
//! This module reads the lexer's token history (which token came before, in which frame) to
//! pick PowerShell's id, message and position.

use crate::diagnostics::ParseError;
use crate::lexer::{FrameKind, LexContext, Never, TokenClass, TokenInfo};
use crate::span::Span;
use crate::token::{Keyword, Tok};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

type GrammarError = lalrpop_util::ParseError<usize, Tok, Never>;

/// PowerShell's parser messages (ParserStrings), keyed by error id.
fn messages() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("messages.tsv")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// PowerShell's message for `id` with its `{0}`, `{1}` filled in.
pub fn message(id: &str, args: &[&str]) -> String {
    let template = messages().get(id).copied().unwrap_or(id);
    let mut out = template
        .replace("\\n", "\n")
        .replace("{{", "\u{0}")
        .replace("}}", "\u{1}");
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out.replace('\u{0}', "{").replace('\u{1}', "}")
}

/// How an error's `incomplete` flag is decided.
#[derive(Clone, Copy)]
enum Completeness {
    /// Never incomplete (a wrong token is present).
    Complete,
    /// Incomplete when nothing but blanks and comments follow this offset.
    CheckAt(usize),
}

struct Reporter<'a> {
    text: &'a str,
    range: Span,
    toks: &'a [TokenInfo],
}

impl Reporter<'_> {
    fn make(
        &self,
        id: &'static str,
        args: &[&str],
        at: Span,
        completeness: Completeness,
    ) -> ParseError {
        let incomplete = match completeness {
            Completeness::Complete => false,
            Completeness::CheckAt(p) => only_trivia_after(self.text, p, self.range.end),
        };
        ParseError {
            id,
            message: message(id, args),
            span: at,
            incomplete,
        }
    }

    /// An error just after token `t`, incomplete when the input ends there.
    fn after(&self, id: &'static str, args: &[&str], t: &TokenInfo) -> ParseError {
        self.make(id, args, Span::at(t.end), Completeness::CheckAt(t.end))
    }

    fn token_text(&self, t: &TokenInfo) -> &str {
        Span::new(t.start, t.end).text(self.text)
    }

    /// The keyword that opened the frame whose opening token is at `open`.
    fn keyword_before(&self, open: Span) -> Option<Keyword> {
        let i = self.toks.partition_point(|t| t.start < open.start);
        self.toks[..i].iter().rev().find_map(|t| match t.class {
            TokenClass::Keyword(k) => Some(Some(k)),
            TokenClass::Close | TokenClass::Separator => Some(None),
            _ => None,
        })?
    }

    fn frame_keyword_name(&self, frame: FrameKind) -> &'static str {
        match frame {
            FrameKind::Condition(k) => k.text(),
            FrameKind::ForHeader => "for",
            _ => "",
        }
    }

    /// The error for an unclosed frame at the end of input; `prev` is the last token.
    fn unclosed(&self, kind: FrameKind, open: Span, prev: Option<&TokenInfo>) -> ParseError {
        let end = self.range.end;
        let after_prev = prev.map_or(self.range.start, |p| p.end);
        let after = |id: &'static str, args: &[&str]| {
            self.make(
                id,
                args,
                Span::at(after_prev),
                Completeness::CheckAt(after_prev),
            )
        };
        match kind {
            FrameKind::StatementBlock
            | FrameKind::FunctionBody
            | FrameKind::ScriptBlock
            | FrameKind::Root => self.make(
                "MissingEndCurlyBrace",
                &[],
                open,
                Completeness::CheckAt(end),
            ),
            FrameKind::EnumBody => self.make(
                "MissingEndCurlyBrace",
                &[],
                Span::at(open.end),
                Completeness::CheckAt(end),
            ),
            FrameKind::SwitchBody => {
                if prev.is_some_and(|p| p.start == open.start) {
                    self.make(
                        "MissingSwitchConditionExpression",
                        &[],
                        Span::at(open.end),
                        Completeness::CheckAt(open.end),
                    )
                } else {
                    self.make(
                        "MissingEndCurlyBrace",
                        &[],
                        open,
                        Completeness::CheckAt(end),
                    )
                }
            }
            FrameKind::Hashtable => self.make(
                "MissingEndCurlyBrace",
                &[],
                Span::at(open.end),
                Completeness::CheckAt(end),
            ),
            FrameKind::Group | FrameKind::Attribute => {
                after("MissingEndParenthesisInExpression", &[])
            }
            FrameKind::Subexpression | FrameKind::ArrayExpression => self.make(
                "MissingEndParenthesisInSubexpression",
                &[],
                Span::at(end + 1),
                Completeness::CheckAt(end),
            ),
            FrameKind::Condition(Keyword::If | Keyword::ElseIf) => self.make(
                "MissingEndParenthesisAfterStatement",
                &["if"],
                Span::at(end + 1),
                Completeness::CheckAt(end),
            ),
            FrameKind::Condition(Keyword::Foreach) => {
                after("MissingEndParenthesisAfterForeach", &[])
            }
            FrameKind::Condition(Keyword::Switch) => {
                after("MissingEndParenthesisInSwitchStatement", &[])
            }
            FrameKind::Condition(_) | FrameKind::ForHeader => after(
                "MissingEndParenthesisAfterStatement",
                &[self.frame_keyword_name(kind)],
            ),
            FrameKind::Index => after("MissingEndSquareBracket", &[]),
            FrameKind::Invoke => after("MissingEndParenthesisInMethodCall", &[]),
            FrameKind::ParamList => after("MissingEndParenthesisInFunctionParameterList", &[]),
        }
    }

    /// Errors decided by the token before the failure point (`prev`), with `next` the
    /// offending token (none at the end of input).
    fn after_token(
        &self,
        prev: &TokenInfo,
        i: usize,
        next: Option<&TokenInfo>,
    ) -> Option<ParseError> {
        let text = self.token_text(prev);
        let next_class = next.map(|n| n.class);
        Some(match prev.class {
            TokenClass::Operator => {
                let binary = i >= 2
                    && matches!(
                        self.toks[i - 2].class,
                        TokenClass::Operand | TokenClass::Close | TokenClass::Type
                    );
                if binary || !matches!(text, "-" | "+") {
                    self.after("ExpectedValueExpression", &[text], prev)
                } else {
                    self.after("MissingExpressionAfterOperator", &[text], prev)
                }
            }
            TokenClass::UnaryOperator => {
                self.after("MissingExpressionAfterOperator", &[text], prev)
            }
            TokenClass::Assignment => match prev.frame {
                FrameKind::ParamList => self.after("MissingExpressionAfterToken", &[text], prev),
                FrameKind::Attribute => self.after("MissingExpressionInNamedArgument", &[], prev),
                FrameKind::Hashtable => self.after("MissingStatementInHashLiteral", &[], prev),
                _ => self.after("ExpectedValueExpression", &[text], prev),
            },
            TokenClass::Pipe => match next {
                Some(n) if starts_expression(n.class) => self.make(
                    "ExpressionsMustBeFirstInPipeline",
                    &[],
                    Span::new(n.start, n.end),
                    Completeness::Complete,
                ),
                _ => self.after("EmptyPipeElement", &[], prev),
            },
            TokenClass::ChainOperator => self.after("EmptyPipelineChainElement", &[], prev),
            TokenClass::Background if matches!(next_class, Some(TokenClass::ChainOperator)) => {
                let n = next?;
                self.make(
                    "BackgroundOperatorInPipelineChain",
                    &[],
                    Span::new(n.start, n.end),
                    Completeness::Complete,
                )
            }
            TokenClass::Comma => {
                if i >= 2
                    && self.toks[i - 2].class == TokenClass::Type
                    && matches!(next.map(|n| self.token_text(n)), Some("{"))
                {
                    self.after("MissingTypeLiteralToken", &[], prev)
                } else if prev.command {
                    self.after("MissingExpression", &[","], prev)
                } else {
                    self.after("MissingExpressionAfterToken", &[","], prev)
                }
            }
            TokenClass::MemberAccess => self.after("MissingPropertyName", &[], prev),
            TokenClass::ParameterColon => self.after("ParameterRequiresArgument", &[text], prev),
            TokenClass::Redirection => self.after("MissingFileSpecification", &[], prev),
            TokenClass::Invocation => self.make(
                "MissingExpression",
                &[text],
                Span::new(prev.start, prev.end),
                Completeness::CheckAt(prev.end),
            ),
            TokenClass::SwitchFile => self.after("MissingFilenameOption", &[], prev),
            TokenClass::Keyword(kw) => return self.after_keyword(kw, prev, next),
            TokenClass::Name => {
                let kw = if i >= 2 {
                    self.toks[i - 2].class
                } else {
                    TokenClass::Other
                };
                match kw {
                    TokenClass::Keyword(
                        Keyword::Function | Keyword::Filter | Keyword::Workflow,
                    ) => self.after("MissingFunctionBody", &[], prev),
                    TokenClass::Keyword(Keyword::Data) => {
                        self.after("MissingStatementBlockForDataSection", &[], prev)
                    }
                    TokenClass::Keyword(Keyword::Using) => {
                        self.after("MissingUsingItemName", &[], prev)
                    }
                    _ => return None,
                }
            }
            TokenClass::Close => return self.after_close(prev, next),
            TokenClass::Open => return self.after_open(prev, next),
            _ => return None,
        })
    }

    fn after_keyword(
        &self,
        kw: Keyword,
        prev: &TokenInfo,
        next: Option<&TokenInfo>,
    ) -> Option<ParseError> {
        let next_text = next.map(|n| self.token_text(n));
        let is_open_paren = next_text == Some("(");
        Some(match kw {
            Keyword::If | Keyword::ElseIf if !is_open_paren => {
                self.after("MissingOpenParenthesisInIfStatement", &[kw.text()], prev)
            }
            Keyword::Foreach if next.is_some_and(|n| self.token_text(n).starts_with('-')) => {
                let n = next?;
                self.make(
                    "InvalidForeachFlag",
                    &[self.token_text(n)],
                    Span::new(n.start, n.end),
                    Completeness::Complete,
                )
            }
            Keyword::While | Keyword::Foreach | Keyword::For | Keyword::Until if !is_open_paren => {
                self.after("MissingOpenParenthesisAfterKeyword", &[kw.text()], prev)
            }
            Keyword::Switch => self.after("PipelineValueRequired", &[], prev),
            Keyword::Else => self.after("MissingStatementBlockAfterElse", &[], prev),
            Keyword::Do => self.after("MissingLoopStatement", &["do"], prev),
            Keyword::Try => self.after("MissingTryStatementBlock", &[], prev),
            Keyword::Catch => self.after("MissingCatchHandlerBlock", &[], prev),
            Keyword::Finally => self.after("MissingFinallyStatementBlock", &[], prev),
            Keyword::Trap => self.after("MissingTrapStatement", &[], prev),
            Keyword::Function | Keyword::Filter | Keyword::Workflow | Keyword::Enum => {
                self.after("MissingNameAfterKeyword", &[kw.text()], prev)
            }
            Keyword::Data => self.after("MissingStatementBlockForDataSection", &[], prev),
            Keyword::In => self.after("MissingForeachExpression", &[], prev),
            Keyword::Using => match next {
                Some(n) => self.make(
                    "MissingUsingStatementDirective",
                    &[],
                    Span::new(n.start, n.end),
                    Completeness::Complete,
                ),
                None => self.after("MissingUsingStatementDirective", &[], prev),
            },
            Keyword::Begin
            | Keyword::Process
            | Keyword::End
            | Keyword::Clean
            | Keyword::DynamicParam => self.after("MissingNamedStatementBlock", &[kw.text()], prev),
            Keyword::Param => self.after("MissingEndParenthesisInFunctionParameterList", &[], prev),
            _ => return None,
        })
    }

    /// Errors right after a closing `)` or `}`: a statement that needs a body, or a `do` block
    /// without `while`.
    fn after_close(&self, prev: &TokenInfo, _next: Option<&TokenInfo>) -> Option<ParseError> {
        Some(match prev.frame {
            FrameKind::Condition(k @ (Keyword::If | Keyword::ElseIf)) => self.make(
                "MissingStatementBlock",
                &[k.text()],
                Span::new(prev.start, prev.end),
                Completeness::CheckAt(prev.end),
            ),
            FrameKind::Condition(Keyword::While) => {
                self.after("MissingLoopStatement", &["while"], prev)
            }
            FrameKind::ForHeader => self.after("MissingLoopStatement", &["for"], prev),
            FrameKind::Condition(Keyword::Foreach) => {
                self.after("MissingForeachStatement", &[], prev)
            }
            FrameKind::Condition(Keyword::Switch) => {
                self.after("MissingCurlyBraceInSwitchStatement", &[], prev)
            }
            FrameKind::ParamList
                if self.keyword_before(prev.frame_open).is_some_and(|k| {
                    matches!(k, Keyword::Function | Keyword::Filter | Keyword::Workflow)
                }) =>
            {
                self.after("MissingFunctionBody", &[], prev)
            }
            FrameKind::StatementBlock
                if self.keyword_before(prev.frame_open) == Some(Keyword::Do) =>
            {
                self.after("MissingWhileOrUntilInDoWhile", &[], prev)
            }
            _ => return None,
        })
    }

    /// Errors right after an opening bracket: an empty condition, index or group.
    fn after_open(&self, prev: &TokenInfo, next: Option<&TokenInfo>) -> Option<ParseError> {
        let n = next?;
        let next_text = self.token_text(n);
        let frame = n.frame;
        Some(match frame {
            FrameKind::Condition(k @ (Keyword::If | Keyword::ElseIf)) if next_text == ")" => {
                self.after("IfStatementMissingCondition", &[k.text()], prev)
            }
            FrameKind::Condition(k @ (Keyword::While | Keyword::Until)) if next_text == ")" => {
                self.after("MissingExpressionAfterKeyword", &[k.text()], prev)
            }
            FrameKind::Condition(Keyword::Foreach)
                if n.class == TokenClass::Keyword(Keyword::In) || next_text == ")" =>
            {
                self.after("MissingVariableNameAfterForeach", &[], prev)
            }
            FrameKind::Condition(Keyword::Switch) if next_text == ")" => {
                self.after("PipelineValueRequired", &[], prev)
            }
            FrameKind::Group if next_text == ")" => self.make(
                "ExpectedExpression",
                &[],
                Span::new(n.start, n.end),
                Completeness::Complete,
            ),
            FrameKind::Index if next_text == "]" => self.make(
                "MissingArrayIndexExpression",
                &[],
                Span::new(n.start, n.end),
                Completeness::Complete,
            ),
            _ => return None,
        })
    }

    /// A closing token that does not match the innermost frame.
    fn mismatched_closer(&self, tok: &TokenInfo, prev: Option<&TokenInfo>) -> Option<ParseError> {
        let closer = self.token_text(tok);
        let after_prev = prev.map_or(tok.start, |p| p.end);
        let after = |id: &'static str, args: &[&str]| {
            self.make(id, args, Span::at(after_prev), Completeness::Complete)
        };
        Some(match tok.frame {
            FrameKind::StatementBlock | FrameKind::FunctionBody | FrameKind::ScriptBlock
                if closer != "}" =>
            {
                self.make(
                    "MissingEndCurlyBrace",
                    &[],
                    tok.frame_open,
                    Completeness::Complete,
                )
            }
            FrameKind::Hashtable if closer != "}" => self.make(
                "MissingEndCurlyBrace",
                &[],
                Span::at(tok.frame_open.end),
                Completeness::Complete,
            ),
            FrameKind::Subexpression | FrameKind::ArrayExpression if closer != ")" => self.make(
                "MissingEndParenthesisInSubexpression",
                &[],
                Span::new(tok.start, tok.end),
                Completeness::Complete,
            ),
            FrameKind::Group | FrameKind::Attribute if closer != ")" => {
                after("MissingEndParenthesisInExpression", &[])
            }
            FrameKind::ParamList if closer != ")" => {
                after("MissingEndParenthesisInFunctionParameterList", &[])
            }
            FrameKind::Invoke if closer != ")" => after("MissingEndParenthesisInMethodCall", &[]),
            FrameKind::Index if closer != "]" => after("MissingEndSquareBracket", &[]),
            FrameKind::Condition(Keyword::Foreach) if closer != ")" => {
                after("MissingEndParenthesisAfterForeach", &[])
            }
            FrameKind::Condition(Keyword::Switch) if closer != ")" => {
                after("MissingEndParenthesisInSwitchStatement", &[])
            }
            FrameKind::Condition(_) | FrameKind::ForHeader if closer != ")" => after(
                "MissingEndParenthesisAfterStatement",
                &[self.frame_keyword_name(tok.frame)],
            ),
            _ => return None,
        })
    }

    fn unexpected(&self, tok: &TokenInfo) -> ParseError {
        let text = self.token_text(tok);
        let shown = if text.trim().is_empty() {
            "newline"
        } else {
            text
        };
        self.make(
            "UnexpectedToken",
            &[shown],
            Span::new(tok.start, tok.end),
            Completeness::Complete,
        )
    }

    /// A wrong token at history index `i`.
    fn token_error(
        &self,
        i: usize,
        lex_errors: &[ParseError],
        unclosed: &[(FrameKind, Span)],
    ) -> ParseError {
        let tok = &self.toks[i];
        if let Some(e) = lex_errors
            .iter()
            .find(|e| e.span.start >= tok.start && e.span.start <= tok.end.max(tok.start + 1))
        {
            return e.clone();
        }
        let prev = if i > 0 { Some(&self.toks[i - 1]) } else { None };
        // A newline that ends the input inside a bracket is the end of input for PowerShell,
        // which skips newlines there.
        if tok.class == TokenClass::Separator
            && !tok.frame.holds_statements()
            && only_trivia_after(self.text, tok.end, self.range.end)
        {
            return self.eof_error_at(i, unclosed);
        }
        if let Some(p) = prev
            && let Some(e) = self.after_token(p, i, Some(tok))
        {
            return e;
        }
        if tok.class == TokenClass::Pipe
            && prev.is_none_or(|p| matches!(p.class, TokenClass::Separator | TokenClass::Open))
        {
            return self.make(
                "EmptyPipeElement",
                &[],
                Span::new(tok.start, tok.end),
                Completeness::Complete,
            );
        }
        if tok.class == TokenClass::Comma && tok.command {
            return self.make(
                "MissingArgument",
                &[],
                Span::new(tok.start, tok.end),
                Completeness::Complete,
            );
        }
        if tok.class == TokenClass::Close
            && let Some(e) = self.mismatched_closer(tok, prev)
        {
            return e;
        }
        if let Some(p) = prev {
            if p.frame == FrameKind::Hashtable
                && matches!(p.class, TokenClass::Operand)
                && tok.frame == FrameKind::Hashtable
            {
                return self.after("MissingEqualsInHashLiteral", &[], p);
            }
            if p.frame == FrameKind::Condition(Keyword::Foreach) && p.class == TokenClass::Operand {
                return self.after("MissingInInForeach", &[], p);
            }
            if p.frame == FrameKind::SwitchBody
                && matches!(p.class, TokenClass::Operand | TokenClass::Close)
                && tok.frame == FrameKind::SwitchBody
            {
                return self.after("MissingSwitchStatementClause", &[], p);
            }
            if tok.frame == FrameKind::ParamList && p.class == TokenClass::Type {
                return self.make(
                    "InvalidFunctionParameter",
                    &[],
                    Span::new(tok.start, tok.end),
                    Completeness::Complete,
                );
            }
            if self.open_ternary(i)
                && matches!(tok.class, TokenClass::Separator | TokenClass::Close)
            {
                return self.make(
                    "MissingColonInTernaryExpression",
                    &[],
                    Span::new(tok.start, tok.end),
                    Completeness::Complete,
                );
            }
        }
        self.unexpected(tok)
    }

    /// A `?` of a ternary with no `:` since the statement began.
    fn open_ternary(&self, i: usize) -> bool {
        let mut open = 0i32;
        for t in self.toks[..i].iter().rev() {
            match t.class {
                TokenClass::Separator => break,
                TokenClass::Question => open += 1,
                TokenClass::Colon => open -= 1,
                _ => {}
            }
        }
        open > 0
    }

    fn eof_error(&self, unclosed: &[(FrameKind, Span)]) -> ParseError {
        self.eof_error_at(self.toks.len(), unclosed)
    }

    /// The error for input that ends before token `i`.
    fn eof_error_at(&self, i: usize, unclosed: &[(FrameKind, Span)]) -> ParseError {
        let prev = if i > 0 { self.toks.get(i - 1) } else { None };
        if let Some(p) = prev
            && let Some(e) = self.after_token(p, i, None)
        {
            return e;
        }
        if let Some((kind, open)) = unclosed.last() {
            return self.unclosed(*kind, *open, prev);
        }
        let at = self.range.end;
        self.make(
            "UnexpectedToken",
            &["end of input"],
            Span::at(at),
            Completeness::CheckAt(at),
        )
    }
}

fn starts_expression(c: TokenClass) -> bool {
    matches!(
        c,
        TokenClass::Operand | TokenClass::Type | TokenClass::Open | TokenClass::UnaryOperator
    )
}

/// True when only blanks and comments (no newline) follow `at` before `end`.
pub(crate) fn only_trivia_after(text: &str, at: usize, end: usize) -> bool {
    let rest = text.get(at.min(end)..end).unwrap_or("");
    let mut s = rest;
    loop {
        s = s.trim_start_matches(crate::lexer::chars::is_blank);
        if s.is_empty() {
            return true;
        }
        if let Some(r) = s.strip_prefix("<#") {
            match r.find("#>") {
                Some(k) => s = &r[k + 2..],
                None => return true,
            }
        } else if s.starts_with('#') {
            return !s.contains(['\n', '\r']);
        } else {
            return false;
        }
    }
}

/// What the lexer recorded of one parse.
pub(super) struct History<'a> {
    /// Its tokens.
    pub tokens: &'a [TokenInfo],
    /// Frames open at the end.
    pub unclosed: &'a [(FrameKind, Span)],
}

/// Translate one grammar error.
pub(super) fn translate(
    e: GrammarError,
    text: &str,
    range: Span,
    h: &History<'_>,
    ctx: &RefCell<LexContext>,
) -> ParseError {
    let c = ctx.borrow();
    let r = Reporter {
        text,
        range,
        toks: h.tokens,
    };
    match e {
        GrammarError::UnrecognizedEof { .. } => r.eof_error(h.unclosed),
        GrammarError::UnrecognizedToken {
            token: (l, _, _), ..
        }
        | GrammarError::ExtraToken { token: (l, _, _) } => {
            let i = h.tokens.partition_point(|t| t.start < l);
            if i < h.tokens.len() && h.tokens[i].start == l {
                r.token_error(i, &c.errors, h.unclosed)
            } else {
                r.make(
                    "UnexpectedToken",
                    &[""],
                    Span::at(l),
                    Completeness::Complete,
                )
            }
        }
        GrammarError::InvalidToken { location } => r.make(
            "UnrecognizedToken",
            &[],
            Span::new(location, location + 1),
            Completeness::Complete,
        ),
        GrammarError::User { error } => match error {},
    }
}
