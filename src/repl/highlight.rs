//! Syntax colours from the lexer's tokens, with PSReadLine's default palette: commands
//! yellow, parameters and operators dark grey, strings dark cyan, variables and keywords
//! green, types grey, comments dark green. The text keeps its width: only escapes are added.

use rosh_lang::token::Tok;

const COMMAND: &str = "\x1b[93m";
const PARAMETER: &str = "\x1b[90m";
const OPERATOR: &str = "\x1b[90m";
const STRING: &str = "\x1b[36m";
const VARIABLE: &str = "\x1b[92m";
const KEYWORD: &str = "\x1b[92m";
const TYPE: &str = "\x1b[37m";
const NUMBER: &str = "\x1b[97m";
const COMMENT: &str = "\x1b[32m";
const ERROR: &str = "\x1b[91m";
const RESET: &str = "\x1b[0m";

fn colour_of(tok: &Tok) -> Option<&'static str> {
    Some(match tok {
        Tok::CommandName(_) => COMMAND,
        Tok::Param(_) | Tok::ParamColon(_) | Tok::DashDash => PARAMETER,
        Tok::Str(_) | Tok::ExpStr(_) => STRING,
        Tok::Var(_) | Tok::Splat(_) => VARIABLE,
        Tok::Kw(_) => KEYWORD,
        Tok::TypeLit(_) | Tok::CastType(_) | Tok::AttrOpen(_) => TYPE,
        Tok::Number(_) => NUMBER,
        Tok::Error => ERROR,
        Tok::Pipe
        | Tok::AndAnd
        | Tok::OrOr
        | Tok::Equals
        | Tok::Assign(_)
        | Tok::Plus
        | Tok::Minus
        | Tok::Star
        | Tok::Slash
        | Tok::Percent
        | Tok::CompareOp(_)
        | Tok::BitwiseOp(_)
        | Tok::LogicalOp(_)
        | Tok::Not
        | Tok::Format
        | Tok::DotDot
        | Tok::Coalesce
        | Tok::RedirectFile(_)
        | Tok::RedirectMerge(_) => OPERATOR,
        _ => return None,
    })
}

/// `line` with colour escapes around its tokens and comments.
pub fn highlight(line: &str) -> String {
    let tokens = rosh_lang::tokenize(line);
    let mut out = String::with_capacity(line.len() * 2);
    let mut at = 0;
    for (start, tok, end) in &tokens {
        let (start, end) = (*start, *end);
        if start < at
            || end > line.len()
            || !line.is_char_boundary(start)
            || !line.is_char_boundary(end)
        {
            continue;
        }
        gap(&line[at..start], &mut out);
        match colour_of(tok) {
            Some(c) if start < end => {
                out.push_str(c);
                out.push_str(&line[start..end]);
                out.push_str(RESET);
            }
            _ => out.push_str(&line[start..end]),
        }
        at = end;
    }
    gap(&line[at..], &mut out);
    out
}

/// Text between tokens: blanks, and comments from `#` on.
fn gap(text: &str, out: &mut String) {
    match text.find('#') {
        Some(i) => {
            out.push_str(&text[..i]);
            out.push_str(COMMENT);
            out.push_str(&text[i..]);
            out.push_str(RESET);
        }
        None => out.push_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn colours_keep_the_text() {
        for line in [
            "Get-ChildItem -Path $home | Where-Object { $_.Length -gt 10 } # big",
            "if ($true) { \"a $x b\"",
            "[int]$n = 42; 'str'",
            "",
        ] {
            assert_eq!(strip(&highlight(line)), line);
        }
        assert!(highlight("Get-Item -Path").starts_with(&format!("{COMMAND}Get-Item{RESET}")));
    }
}
