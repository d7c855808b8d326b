//! Expression mode: operators, type literals and casts, numbers, and the start of pipeline
//! elements, where keywords and command names are recognised.

use super::chars::*;
use super::frame::*;
use super::operators::*;
use super::*;

impl<'s, 'c> Lexer<'s, 'c> {
    pub(super) fn lex_expression(&mut self) {
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

    pub(super) fn after_attribute_at_statement(&self) -> bool {
        self.prev_attr_close
    }

    /// Tokens at the start of a pipeline element: keywords, command names, `&`, `.`.
    /// Returns true when the token was handled.
    pub(super) fn lex_element_start(&mut self, raw: ExprRaw, start: usize, end: usize) -> bool {
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
                // `. path`, and also `.$cmd`, `."with spaces"`, `.'x'`.
                let dot_source = self.char_at(end).is_none_or(|c| {
                    is_blank(c)
                        || c == '\n'
                        || c == '\r'
                        || c == '$'
                        || is_single_quote(c)
                        || is_double_quote(c)
                });
                if dot_source {
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
    pub(super) fn lex_command_name(&mut self, start: usize) {
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
    pub(super) fn lex_class(&mut self, start: usize) -> bool {
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

    pub(super) fn lex_expression_token(&mut self, raw: ExprRaw, start: usize, end: usize) {
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
    pub(super) fn redirection(&mut self, start: usize, end: usize) -> Tok {
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

    pub(super) fn lex_type_literal(&mut self, start: usize) {
        match typename::scan_type_literal(self.src, start, self.bound) {
            typename::TypeScan::Type(end, ty) => {
                self.pos = end;
                let in_catch = matches!(self.pending, Pending::CatchTypes(_));
                let tok = if !in_catch && self.operand_follows(end) {
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
    pub(super) fn operand_follows(&self, at: usize) -> bool {
        let newlines = self.top().kind.drops_newlines();
        let i = self.skip_trivia(at, newlines);
        let Some(c) = self.char_at(i) else {
            return false;
        };
        let n = self.char_at(i + c.len_utf8());
        match c {
            '$' | '@' | '(' | '[' | '{' => true,
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

    pub(super) fn lex_number(&mut self, start: usize) {
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
}
