//! Tab completion: what the word under the cursor may become. The REPL asks; the answer is
//! the range of the input to replace and the candidates in the order PowerShell offers them
//! (the REPL cycles through them, as PowerShell's Windows mode does).
//!
//! The context comes from the lexer's tokens of the text before the cursor: a command name
//! at the start of a pipeline element, a parameter (`-Pa`) of the element's command, a
//! variable (`$ho`), a member (`$x.Le`, `[math]::Ro`), a type name (`[Sys`), else a path.

mod commands;
mod members;
mod paths;

use crate::interp::Runspace;
use rosh_lang::token::Tok;

/// What a candidate is, for the REPL's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A command (alias, function, cmdlet or program).
    Command,
    /// A parameter name.
    Parameter,
    /// A variable.
    Variable,
    /// A property.
    Property,
    /// A method.
    Method,
    /// A type name.
    Type,
    /// A directory.
    Directory,
    /// A file.
    File,
}

/// One candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The text that replaces the word.
    pub text: String,
    /// What it is.
    pub kind: CompletionKind,
}

/// The completions of one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// The byte offset where the replaced word starts (it ends at the cursor).
    pub start: usize,
    /// The candidates, in order.
    pub candidates: Vec<Candidate>,
}

/// The completions of the word that ends at `cursor` in `input`.
pub fn complete(rs: &Runspace, input: &str, cursor: usize) -> Completions {
    let cursor = floor_char_boundary(input, cursor);
    let before = &input[..cursor];
    let word_start = word_start(before);
    let word = &before[word_start..];
    let tokens = rosh_lang::tokenize(before);

    if let Some(c) = members::complete_member(rs, before) {
        return c;
    }
    if let Some(c) = members::complete_type(before) {
        return c;
    }
    if let Some(name) = word.strip_prefix('$') {
        return Completions {
            start: word_start,
            candidates: members::variables(rs, name),
        };
    }
    // The token that ends at the cursor, if the cursor touches one.
    let current = tokens.iter().rposition(|(_, _, end)| *end == cursor);
    let command = commands::element_command(before, &tokens, current);
    if let (Some(name), Some(cmd)) = (word.strip_prefix('-'), &command) {
        return Completions {
            start: word_start,
            candidates: commands::parameters(rs, cmd, name),
        };
    }
    let at_command_name = match current {
        Some(i) => matches!(tokens[i].1, Tok::CommandName(_)),
        // After a pipe or at the start, a new word names a command.
        None => command.is_none() && commands::starts_element(&tokens),
    };
    if at_command_name && !word.contains('/') && !word.starts_with('.') && !word.starts_with('~') {
        let candidates = commands::command_names(rs, word);
        if !candidates.is_empty() || word.is_empty() {
            return Completions {
                start: word_start,
                candidates,
            };
        }
    }
    paths::complete_path(rs, before, word_start)
}

/// Where the word ending at the end of `before` starts: after the last blank or separator
/// outside quotes.
fn word_start(before: &str) -> usize {
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, c) in before.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                start = i;
            }
            None if c.is_whitespace() || matches!(c, '|' | ';' | '(' | '{' | '}' | ',' | '=') => {
                start = i + c.len_utf8();
            }
            None => {}
        }
    }
    start
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// True when `name` starts with `prefix`, ignoring case (PowerShell completes
/// case-insensitively).
fn starts_with_ci(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests;
