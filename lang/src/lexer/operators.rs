//! Operator words and redirection operators.

use crate::diagnostics::ParseError;
use crate::span::Span;
use crate::token::*;

/// The operator token for `-word` (lower-cased, without the dash).
pub(super) fn operator_for(word: &str, expect_operand: bool) -> Option<Tok> {
    if expect_operand {
        return match word {
            "not" => Some(Tok::Not),
            "bnot" => Some(Tok::Bnot),
            "split" | "isplit" => Some(Tok::UnarySplit(false)),
            "csplit" => Some(Tok::UnarySplit(true)),
            "join" => Some(Tok::UnaryJoin),
            _ => None,
        };
    }
    let cmp = |op: CompareOp, cs: bool| Some(Tok::CompareOp(BinaryOp::Compare(op, cs)));
    let (base, cs) = match word.as_bytes().first() {
        Some(b'c') if compare_base(&word[1..]).is_some() => (&word[1..], true),
        Some(b'i') if compare_base(&word[1..]).is_some() => (&word[1..], false),
        _ => (word, false),
    };
    if let Some(op) = compare_base(base) {
        return cmp(op, cs);
    }
    Some(match word {
        "f" => Tok::Format,
        "and" => Tok::LogicalOp(BinaryOp::And),
        "or" => Tok::LogicalOp(BinaryOp::Or),
        "xor" => Tok::LogicalOp(BinaryOp::Xor),
        "band" => Tok::BitwiseOp(BinaryOp::Band),
        "bor" => Tok::BitwiseOp(BinaryOp::Bor),
        "bxor" => Tok::BitwiseOp(BinaryOp::Bxor),
        "shl" => Tok::CompareOp(BinaryOp::Shl),
        "shr" => Tok::CompareOp(BinaryOp::Shr),
        "is" => Tok::CompareOp(BinaryOp::Is),
        "isnot" => Tok::CompareOp(BinaryOp::IsNot),
        "as" => Tok::CompareOp(BinaryOp::As),
        "join" => Tok::CompareOp(BinaryOp::Join),
        _ => return None,
    })
}

fn compare_base(w: &str) -> Option<CompareOp> {
    Some(match w {
        "eq" => CompareOp::Eq,
        "ne" => CompareOp::Ne,
        "gt" => CompareOp::Gt,
        "ge" => CompareOp::Ge,
        "lt" => CompareOp::Lt,
        "le" => CompareOp::Le,
        "like" => CompareOp::Like,
        "notlike" => CompareOp::NotLike,
        "match" => CompareOp::Match,
        "notmatch" => CompareOp::NotMatch,
        "replace" => CompareOp::Replace,
        "contains" => CompareOp::Contains,
        "notcontains" => CompareOp::NotContains,
        "in" => CompareOp::In,
        "notin" => CompareOp::NotIn,
        "split" => CompareOp::Split,
        _ => return None,
    })
}

/// Classify a redirection operator's text (`>`, `2>>`, `2>&1`, `*>`).
pub(super) fn redirection(text: &str) -> Tok {
    let b = text.as_bytes();
    let (from, rest) = match b.first().map(|c| (*c, RedirectionStream::from_char(*c))) {
        Some((c, Some(s))) if c != b'>' => (s, &b[1..]),
        _ => (RedirectionStream::Output, b),
    };
    match rest {
        [b'>'] => Tok::RedirectFile((from, false)),
        [b'>', b'>'] => Tok::RedirectFile((from, true)),
        [b'>', b'&', b'1'] => Tok::RedirectMerge((from, RedirectionStream::Output)),
        _ => Tok::Error,
    }
}

pub(super) fn redirection_not_supported(at: usize) -> ParseError {
    ParseError::new(
        "RedirectionNotSupported",
        "The '<' operator is reserved for future use.",
        Span::new(at, at + 1),
    )
}
