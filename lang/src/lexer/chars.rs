//! Character classes of PowerShell's tokenizer.

/// Whitespace that separates tokens (not newlines).
pub fn is_blank(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\x0B' | '\x0C' | '\u{A0}' | '\u{FEFF}' | '\u{2000}'..='\u{200A}'
    )
}

/// The dashes PowerShell accepts where `-` is expected (en dash, em dash, horizontal bar).
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Single quotes, including the typographic ones PowerShell accepts.
pub fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Double quotes, including the typographic ones PowerShell accepts.
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// A character that can start a variable name after `$`.
pub fn is_var_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A character that can continue a variable name.
pub fn is_var_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '?'
}

/// A character of a member name, bare hashtable key or identifier.
pub fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A character that ends a bare word in argument mode.
pub fn ends_generic(c: char) -> bool {
    is_blank(c)
        || matches!(
            c,
            '\r' | '\n' | ';' | ',' | ')' | '(' | '}' | '{' | '|' | '&'
        )
}

/// The character at byte `i` of `s`, if any.
pub fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}
