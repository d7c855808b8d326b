//! The driver's bookkeeping: emitting tokens and updating the context they leave behind
//! (element and statement starts, expected operands, open frames, pending keyword parts), and
//! newline significance.

use super::chars::*;
use super::frame::*;
use super::*;

impl<'s, 'c> Lexer<'s, 'c> {
    pub(super) fn top(&self) -> &Frame {
        // The root frame is never popped.
        &self.frames[self.frames.len() - 1]
    }

    pub(super) fn top_mut(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }

    pub(super) fn error(&self, e: ParseError) {
        self.ctx.borrow_mut().errors.push(e);
    }

    pub(super) fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.bound {
            return None;
        }
        char_at(self.src, i)
    }

    pub(super) fn text(&self) -> &'s str {
        &self.src[..self.bound]
    }

    /// Offset of the next character that is not a blank, skipping also newlines and comments
    /// when `newlines` is set.
    pub(super) fn skip_trivia(&self, mut i: usize, newlines: bool) -> usize {
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
    pub(super) fn word_at(&self, i: usize) -> String {
        let s = self.text();
        let rest = s.get(i..).unwrap_or("");
        let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        rest[..end].to_ascii_lowercase()
    }

    pub(super) fn mode(&self) -> Mode {
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

    pub(super) fn push(&mut self, start: usize, tok: Tok, end: usize) {
        if self.statement_start
            && self.top().named_ok
            && !matches!(tok, Tok::Newline | Tok::Semi | Tok::AttrOpen(_))
            && !matches!(tok, Tok::Kw(kw) if keeps_named_blocks(kw))
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
            Tok::Str(..) | Tok::ExpStr(..) => true,
            Tok::Number(_) => !self.lexing_command,
            _ => false,
        };
        self.update_state(&tok, start, end);
        self.last_end = end;
        self.queue.push_back((start, tok, end));
    }

    pub(super) fn operand_done(&mut self) {
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

    pub(super) fn expecting(&mut self) {
        self.element_start = false;
        self.statement_start = false;
        self.rhs_start = false;
        self.expect_operand = true;
        self.last = Last::Continuation;
    }

    pub(super) fn element_begins(&mut self, statement: bool) {
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

    pub(super) fn statement_ends(&mut self) {
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

    pub(super) fn count_operator(&mut self) {
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

    pub(super) fn finish_with_error(&mut self) {
        let at = self.pos;
        self.queue.push_back((at, Tok::Error, at));
        self.finished = true;
        self.pos = self.bound;
    }

    pub(super) fn update_state(&mut self, tok: &Tok, start: usize, _end: usize) {
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
            | Tok::InvokeBlock
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

    pub(super) fn after_keyword(&mut self, kw: Keyword, _start: usize) {
        self.element_start = false;
        self.statement_start = false;
        self.rhs_start = false;
        self.expect_operand = true;
        self.last = Last::Continuation;
        if self.top().named_ok && !keeps_named_blocks(kw) {
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
                // The value is optional: a newline right after the keyword ends the statement.
                self.element_start = true;
                self.last = Last::Other;
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

    pub(super) fn push_frame(&mut self, kind: FrameKind, open: Span) -> bool {
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
    pub(super) fn open(&mut self, start: usize, end: usize, tok: Tok, kind: FrameKind) {
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

    pub(super) fn count_nesting_op(&mut self, tok: &Tok) {
        if matches!(
            tok,
            Tok::IndexOpen | Tok::NullIndexOpen | Tok::InvokeOpen | Tok::InvokeBlock
        ) {
            self.count_operator();
        }
    }

    /// Close the top frame with `tok` if it matches; otherwise emit `tok` alone (the grammar
    /// reports it as unexpected).
    pub(super) fn close(&mut self, start: usize, end: usize, tok: Tok, closer: char) {
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

    pub(super) fn newline(&mut self, start: usize, end: usize) {
        if end <= self.newlines_skipped_until.get() {
            return;
        }
        if !self.newline_is_insignificant(end) {
            self.push(start, Tok::Newline, end);
        }
    }

    /// PowerShell 7's leading `|`: the next line that is not a comment starts with `|` (a
    /// blank line ends the pipeline).
    fn pipe_continues(&self, mut at: usize) -> bool {
        loop {
            let i = self.skip_trivia(at, false);
            match self.char_at(i) {
                Some('|') => return self.char_at(i + 1) != Some('|'),
                Some('#') => {
                    let rest = &self.text()[i..];
                    match rest.find('\n') {
                        Some(k) => at = i + k + 1,
                        None => return false,
                    }
                }
                Some('<') if self.char_at(i + 1) == Some('#') => {
                    match scan::scan_block_comment(self.text(), i) {
                        Some(e) => {
                            let j = self.skip_trivia(e, false);
                            match self.char_at(j) {
                                Some('\n') => at = j + 1,
                                Some('\r') => {
                                    at = j + 1 + usize::from(self.char_at(j + 1) == Some('\n'))
                                }
                                Some('|') => return self.char_at(j + 1) != Some('|'),
                                _ => return false,
                            }
                        }
                        None => return false,
                    }
                }
                _ => return false,
            }
        }
    }

    pub(super) fn newline_is_insignificant(&self, after: usize) -> bool {
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
        if self.pipe_continues(after) {
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
}

/// Keywords after which a script block may still open a named block (`param`, `begin`,
/// `process`, ...): everything else ends that possibility.
fn keeps_named_blocks(kw: Keyword) -> bool {
    matches!(
        kw,
        Keyword::Param
            | Keyword::Begin
            | Keyword::Process
            | Keyword::End
            | Keyword::Clean
            | Keyword::DynamicParam
            | Keyword::Using
    )
}
