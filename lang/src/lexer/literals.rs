//! Tokens common to both modes: strings and here-strings (with their `$( )` parsed), variables,
//! splats, member names and block comments.

use super::chars::*;
use super::frame::*;
use super::*;

impl<'s, 'c> Lexer<'s, 'c> {
    pub(super) fn lex_member_name(&mut self) {
        self.member_name = false;
        // Fluent style: `$sb.⏎Append(...)` continues after the dot.
        let at = self.skip_trivia(self.pos, true);
        self.pos = at;
        let before = self.queue.len();
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
                return;
            }
            _ => {
                // `$a.` with no name: the grammar reports the missing name.
                return;
            }
        }
        // A quoted or variable member name can be invoked too: `$x.$m()`, `$x.'Name'()`.
        if self.queue.len() > before {
            self.last = Last::MemberName;
            self.postfix_ok = true;
        }
    }

    pub(super) fn block_comment(&mut self, start: usize) {
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

    pub(super) fn string_error(&mut self, e: ParseError) {
        let start = e.span.start;
        self.error(e);
        self.pos = self.bound;
        self.push(start, Tok::Error, self.bound);
    }

    pub(super) fn lex_single_quoted(&mut self, start: usize) {
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

    pub(super) fn lex_double_quoted(&mut self, start: usize) {
        match scan::scan_double_quoted(self.src, start, self.bound) {
            Ok((end, parts)) => {
                self.pos = end;
                let tok = self.expandable_token(parts, StringKind::DoubleQuoted);
                self.push(start, tok, end);
            }
            Err(e) => self.string_error(e),
        }
    }

    pub(super) fn lex_here_string(&mut self, start: usize) {
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

    pub(super) fn expandable_token(&mut self, parts: Vec<RawPart>, kind: StringKind) -> Tok {
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
    pub(super) fn expandable(&mut self, parts: Vec<RawPart>) -> Expandable {
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

    pub(super) fn lex_variable_expression(&mut self, start: usize) {
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
    pub(super) fn variable_error(&mut self, scan: VariableScan, start: usize) {
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

    pub(super) fn lex_splat(&mut self, start: usize, command: bool) {
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
}
