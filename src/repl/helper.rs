//! The rustyline helper: tab completion from the runtime's completion engine (cycling, as
//! PowerShell's Windows mode does) and syntax colours.

use rosh_runtime::Runspace;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// Completion and highlighting for the prompt; it reads the shell's runspace between
/// commands.
pub struct ShellHelper {
    /// The shell's runspace.
    pub runspace: Rc<RefCell<Runspace>>,
    /// Colour the input.
    pub colour: bool,
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(rs) = self.runspace.try_borrow() else {
            return Ok((pos, Vec::new()));
        };
        let found = rosh_runtime::completion::complete(&rs, line, pos);
        let pairs = found
            .candidates
            .into_iter()
            .map(|c| Pair {
                display: c.text.clone(),
                replacement: c.text,
            })
            .collect();
        Ok((found.start, pairs))
    }
}

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.colour {
            Cow::Owned(super::highlight::highlight(line))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        self.colour && kind != CmdKind::MoveCursor
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}

/// A helper that shows `*` for each character typed (Read-Host -AsSecureString).
#[derive(Default)]
pub struct MaskingHelper;

impl Highlighter for MaskingHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Owned("*".repeat(line.chars().count()))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        kind != CmdKind::MoveCursor
    }
}

impl Completer for MaskingHelper {
    type Candidate = String;
}

impl Hinter for MaskingHelper {
    type Hint = String;
}

impl Validator for MaskingHelper {}

impl Helper for MaskingHelper {}
