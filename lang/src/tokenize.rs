//! The tokens of a text without parsing it, for the REPL's highlighting and completion. The
//! lexer is self-driving, so the tokens are the ones the parser would see.

use crate::lexer::{LexContext, Lexer, Spanned};
use std::cell::RefCell;
use std::sync::Arc;

/// Every token of `text`, in order, with absolute byte spans. Never fails: text that is no
/// token comes back as [`crate::token::Tok::Error`]; comments and blanks are the gaps.
pub fn tokenize(text: &str) -> Vec<Spanned> {
    let ctx = RefCell::new(LexContext::new(Arc::from(text)));
    let lexer = Lexer::new(text, 0, text.len(), &ctx, 0);
    lexer.filter_map(Result::ok).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::Tok;

    #[test]
    fn commands_parameters_and_variables() {
        let text = "Get-ChildItem -Path $home | % { $_.Name }";
        let toks = tokenize(text);
        assert!(matches!(toks[0].1, Tok::CommandName(_)));
        assert_eq!(&text[toks[0].0..toks[0].2], "Get-ChildItem");
        assert!(matches!(toks[1].1, Tok::Param(_)));
        assert!(matches!(toks[2].1, Tok::Var(_)));
        assert!(toks.iter().any(|t| matches!(t.1, Tok::MemberDot)));
    }

    #[test]
    fn unfinished_text_still_tokenizes() {
        let toks = tokenize("if ($true) { \"abc");
        assert!(!toks.is_empty());
    }
}
