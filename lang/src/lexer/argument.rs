//! Argument mode: the elements of a command (bare words, parameters, `--`, `--%`, variables
//! that run into bare words, redirections).

use super::chars::*;
use super::frame::*;
use super::operators::*;
use super::*;

impl<'s, 'c> Lexer<'s, 'c> {
    pub(super) fn lex_command(&mut self) {
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
            // PowerShell scans `@"`/`@'` as a here-string in any mode; a bad header is an error,
            // never a bare word.
            R::HereStart => self.lex_here_string(start),
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
    pub(super) fn lex_variable_argument(&mut self, start: usize) {
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
    pub(super) fn lex_argument_word(&mut self, start: usize) {
        match scan::scan_generic(self.src, start, self.bound) {
            Ok(GenericScan { end, parts, quoted }) if end > start => {
                self.pos = end;
                if !quoted && let Some(v) = parse_argument_number(&self.text()[start..end]) {
                    self.push(start, Tok::Number(v), end);
                    return;
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
    pub(super) fn lex_dash(&mut self, start: usize, dash_end: usize) {
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
        if self.top().end_of_parameters
            || (self.top().kind == FrameKind::SwitchBody && !self.top().in_command)
        {
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
