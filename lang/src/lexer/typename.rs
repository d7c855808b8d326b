//! Type literals and attribute heads: `[int]`, `[string[]]`,
//! `[System.Collections.Generic.Dictionary[string, int]]`, `[Parameter(`.

use super::chars::{char_at, is_blank};
use crate::diagnostics::ParseError;
use crate::span::Span;
use crate::token::TypeName;

/// What follows a `[` in expression mode.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeScan {
    /// `[T]`: ends after `]`.
    Type(usize, TypeName),
    /// `[T(`: ends after `(`; attribute arguments follow.
    Attribute(usize, TypeName),
    /// Not a type literal.
    Error(ParseError),
}

fn skip_blanks(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i).filter(|c| is_blank(*c)) {
        i += c.len_utf8();
    }
    i
}

fn is_type_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '`' | '+')
}

/// Scan a type name (without outer brackets) at `i`: returns it and the offset after it.
fn scan_type_name(s: &str, start: usize, depth: usize) -> Result<(usize, TypeName), ParseError> {
    let i = skip_blanks(s, start);
    let name_start = i;
    let mut j = i;
    while let Some(c) = char_at(s, j).filter(|c| is_type_char(*c)) {
        j += c.len_utf8();
    }
    if j == name_start || !char_at(s, name_start).is_some_and(|c| c.is_alphabetic() || c == '_') {
        return Err(ParseError::new(
            "MissingTypename",
            "Missing type name after '['.",
            Span::at(name_start),
        ));
    }
    let mut ty = TypeName::simple(&s[name_start..j]);
    if depth > 32 {
        return Err(ParseError::new(
            "MissingEndSquareBracket",
            "Type name is nested too deeply.",
            Span::at(j),
        ));
    }
    // Generic arguments and array ranks.
    loop {
        if char_at(s, j) != Some('[') {
            break;
        }
        let k = skip_blanks(s, j + 1);
        match char_at(s, k) {
            Some(']') => {
                ty.array_ranks.push(1);
                j = k + 1;
            }
            Some(',') => {
                let mut rank = 1;
                let mut m = k;
                while char_at(s, m) == Some(',') {
                    rank += 1;
                    m = skip_blanks(s, m + 1);
                }
                if char_at(s, m) != Some(']') {
                    return Err(end_bracket_expected(m));
                }
                ty.array_ranks.push(rank);
                j = m + 1;
            }
            _ if ty.generic_arguments.is_empty() && ty.array_ranks.is_empty() => {
                let mut m = k;
                loop {
                    let m2 = skip_blanks(s, m);
                    let (after, arg) = if char_at(s, m2) == Some('[') {
                        let (after, arg) = scan_type_name(s, m2 + 1, depth + 1)?;
                        let after = skip_blanks(s, after);
                        if char_at(s, after) != Some(']') {
                            return Err(end_bracket_expected(after));
                        }
                        (after + 1, arg)
                    } else {
                        scan_type_name(s, m2, depth + 1)?
                    };
                    ty.generic_arguments.push(arg);
                    let after = skip_blanks(s, after);
                    match char_at(s, after) {
                        Some(',') => m = after + 1,
                        Some(']') => {
                            j = after + 1;
                            break;
                        }
                        _ => return Err(end_bracket_expected(after)),
                    }
                }
            }
            _ => return Err(end_bracket_expected(k)),
        }
    }
    ty.text = s[name_start..j].to_string();
    Ok((j, ty))
}

/// `]` missing inside a type name: reported on the last character before `at`.
fn end_bracket_expected(at: usize) -> ParseError {
    ParseError::new(
        "EndSquareBracketExpectedAtEndOfType",
        "Missing ] at end of type token.",
        Span::at(at.saturating_sub(1)),
    )
}

/// Scan what follows a `[` at `start` in expression mode.
pub fn scan_type_literal(src: &str, start: usize, bound: usize) -> TypeScan {
    let s = &src[..bound];
    let (end, ty) = match scan_type_name(s, start + 1, 0) {
        Ok(v) => v,
        Err(e) => return TypeScan::Error(e),
    };
    let after = skip_blanks(s, end);
    match char_at(s, after) {
        Some(']') => TypeScan::Type(after + 1, ty),
        Some('(') => TypeScan::Attribute(after + 1, ty),
        _ => TypeScan::Error(ParseError::new(
            "EndSquareBracketExpectedAtEndOfAttribute",
            "Missing ] at end of attribute or type literal.",
            Span::at(end.saturating_sub(1)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_generic_and_array_types() {
        let TypeScan::Type(end, t) = scan_type_literal("[int]", 0, 5) else {
            panic!()
        };
        assert_eq!((end, t.name.as_str()), (5, "int"));
        let s = "[System.Collections.Generic.Dictionary[string, int[]]]";
        let TypeScan::Type(end, t) = scan_type_literal(s, 0, s.len()) else {
            panic!()
        };
        assert_eq!(end, s.len());
        assert_eq!(t.generic_arguments.len(), 2);
        assert_eq!(t.generic_arguments[1].array_ranks, vec![1]);
        let TypeScan::Type(_, t) = scan_type_literal("[string[,]]", 0, 11) else {
            panic!()
        };
        assert_eq!(t.array_ranks, vec![2]);
        let TypeScan::Attribute(end, t) = scan_type_literal("[Parameter(Mandatory)]", 0, 22) else {
            panic!()
        };
        assert_eq!((end, t.name.as_str()), (11, "Parameter"));
        assert!(matches!(
            scan_type_literal("[1,2]", 0, 5),
            TypeScan::Error(_)
        ));
        let s = "[List[[string]]]";
        assert!(matches!(
            scan_type_literal(s, 0, s.len()),
            TypeScan::Type(16, _)
        ));
    }
}
