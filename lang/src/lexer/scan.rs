//! Hand scanners for the tokens whose extent depends on their contents: variables, quoted and
//! here-strings, bare words of argument mode, block comments, and the end of a `$( )` inside a
//! string. They work on absolute offsets into the whole text, below an upper `bound`.

use super::chars::*;
use crate::diagnostics::ParseError;
use crate::span::Span;
use crate::token::VariablePath;

/// A piece of an expandable string or bare word before `$( )` bodies are parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum RawPart {
    /// Literal text after escape processing.
    Literal(String),
    /// `$name`, `${name}`.
    Variable(VariablePath, Span),
    /// `$( ... )`: `inner` is the text between the parentheses, `whole` includes `$(` and `)`.
    Subexpression {
        /// Between the parentheses.
        inner: Span,
        /// From `$` to `)`.
        whole: Span,
    },
}

fn push_literal(parts: &mut Vec<RawPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(RawPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(RawPart::Literal(text.to_string()));
    }
}

fn push_char(parts: &mut Vec<RawPart>, c: char) {
    let mut buf = [0u8; 4];
    push_literal(parts, c.encode_utf8(&mut buf));
}

/// The error for a malformed variable whose `$` is at `start`, if `scan` is one.
pub fn variable_error(scan: VariableScan, start: usize, bound: usize) -> Option<ParseError> {
    Some(match scan {
        VariableScan::Ok(..) | VariableScan::NoName => return None,
        VariableScan::Unterminated => ParseError::incomplete(
            "IncompleteDollarVariableReference",
            "${variable} reference starting is missing the closing '}'.",
            Span::new(start + 1, bound),
        ),
        VariableScan::Empty(close) => ParseError::new(
            "EmptyVariableReference",
            "An empty ${} variable reference was found. A name is required inside the braces.",
            Span::new(close, close + 1),
        ),
        VariableScan::DriveWithoutName(end) => ParseError::new(
            "InvalidVariableReferenceWithDrive",
            "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
            Span::new(start, end),
        ),
    })
}

/// A variable after `$` or `@`: where it ends and what it names.
#[derive(Debug, Clone, PartialEq)]
pub enum VariableScan {
    /// A variable ending at the offset.
    Ok(usize, VariablePath),
    /// `$` not followed by a name.
    NoName,
    /// `${` without its `}`.
    Unterminated,
    /// `${}`: the offset of the `}`.
    Empty(usize),
    /// `$env:` with no name after the colon.
    DriveWithoutName(usize),
}

/// Scan a variable whose sigil (`$` or `@`) is at `start`.
pub fn scan_variable(src: &str, start: usize, bound: usize) -> VariableScan {
    let s = &src[..bound];
    let i = start + 1;
    let Some(c) = char_at(s, i) else {
        return VariableScan::NoName;
    };
    if c == '{' {
        let mut name = String::new();
        let mut j = i + 1;
        while let Some(c) = char_at(s, j) {
            match c {
                '}' if name.is_empty() => return VariableScan::Empty(j),
                '}' => {
                    let (qualifier, name) = split_qualifier(&name, true);
                    return VariableScan::Ok(
                        j + 1,
                        VariablePath {
                            qualifier: qualifier.map(Into::into),
                            name: name.into(),
                            braced: true,
                        },
                    );
                }
                '`' => {
                    if let Some(n) = char_at(s, j + 1) {
                        name.push(n);
                        j += 1 + n.len_utf8();
                    } else {
                        j += 1;
                    }
                }
                _ => {
                    name.push(c);
                    j += c.len_utf8();
                }
            }
        }
        return VariableScan::Unterminated;
    }
    if matches!(c, '$' | '^' | '?') {
        return VariableScan::Ok(i + 1, VariablePath::simple(c.to_string()));
    }
    if !is_var_start(c) {
        return VariableScan::NoName;
    }
    let mut j = i;
    while let Some(c) = char_at(s, j).filter(|c| is_var_char(*c)) {
        j += c.len_utf8();
    }
    // A qualifier: `scope:name` or `drive:name`, when a name character follows the colon.
    if char_at(s, j) == Some(':') && char_at(s, j + 1).is_some_and(|c| is_var_start(c) || c == '{')
    {
        let qualifier = src[i..j].to_string();
        if char_at(s, j + 1) == Some('{') {
            // `$env:{x}` is not a form PowerShell has; stop at the colon.
            return VariableScan::Ok(j, VariablePath::simple(qualifier));
        }
        let mut k = j + 1;
        while let Some(c) = char_at(s, k).filter(|c| is_var_char(*c)) {
            k += c.len_utf8();
        }
        return VariableScan::Ok(
            k,
            VariablePath {
                qualifier: Some(qualifier.into()),
                name: src[j + 1..k].into(),
                braced: false,
            },
        );
    }
    if char_at(s, j) == Some(':') && char_at(s, j + 1) != Some(':') {
        return VariableScan::DriveWithoutName(j + 1);
    }
    VariableScan::Ok(j, VariablePath::simple(&src[i..j]))
}

fn split_qualifier(name: &str, braced: bool) -> (Option<String>, String) {
    match name.split_once(':') {
        Some((q, n)) if !q.is_empty() && !n.is_empty() && q.chars().all(is_var_char) => {
            (Some(q.to_string()), n.to_string())
        }
        _ => {
            let _ = braced;
            (None, name.to_string())
        }
    }
}

/// The character a backtick escape stands for in expandable text (`` `n `` is a newline).
/// `` `u{...} `` is handled by the caller. Returns `None` when the escape keeps the character.
fn escape_char(c: char) -> char {
    match c {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        'e' => '\x1b',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        other => other,
    }
}

/// Decode `` `u{XXXX} `` at `i` (the backtick). `None` when the text is not a `` `u{ ``
/// escape at all (then `` `u `` is just `u`); an error when it is one but malformed.
fn unicode_escape(s: &str, i: usize) -> Option<Result<(char, usize), ParseError>> {
    let rest = s.get(i + 2..)?;
    if !s[i + 1..].starts_with('u') || !rest.starts_with('{') {
        return None;
    }
    let bad =
        |id: &'static str, msg: &str| Some(Err(ParseError::new(id, msg, Span::new(i, i + 3))));
    let digits: String = rest[1..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    let after = 1 + digits.len();
    if digits.is_empty() {
        return bad(
            "InvalidUnicodeEscapeSequence",
            "The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'.",
        );
    }
    if digits.len() > 6 {
        return bad(
            "TooManyDigitsInUnicodeEscapeSequence",
            "The Unicode escape sequence contains more than the maximum of six hex digits between braces.",
        );
    }
    if !rest[after..].starts_with('}') {
        return bad(
            "MissingUnicodeEscapeSequenceTerminator",
            "The Unicode escape sequence is missing the closing '}'.",
        );
    }
    let v = u32::from_str_radix(&digits, 16).ok()?;
    match char::from_u32(v) {
        Some(c) => Some(Ok((c, i + 2 + after + 1))),
        None if v > 0x10FFFF => bad(
            "InvalidUnicodeEscapeSequenceValue",
            "The Unicode escape sequence value is out of range. The maximum value is 0x10FFFF.",
        ),
        // A lone surrogate: .NET strings can hold one, Rust strings cannot.
        None => Some(Ok(('\u{FFFD}', i + 2 + after + 1))),
    }
}

/// Scan a single-quoted string whose opening quote is at `start`. Returns its end and value.
pub fn scan_single_quoted(
    src: &str,
    start: usize,
    bound: usize,
) -> Result<(usize, String), ParseError> {
    let s = &src[..bound];
    let open = char_at(s, start).map_or(1, char::len_utf8);
    let mut j = start + open;
    let mut value = String::new();
    while let Some(c) = char_at(s, j) {
        if is_single_quote(c) {
            let next = j + c.len_utf8();
            if char_at(s, next).is_some_and(is_single_quote) {
                value.push(c);
                j = next + char_at(s, next).map_or(1, char::len_utf8);
                continue;
            }
            return Ok((next, value));
        }
        value.push(c);
        j += c.len_utf8();
    }
    Err(unterminated_string(start, bound, "'"))
}

fn unterminated_string(start: usize, bound: usize, terminator: &str) -> ParseError {
    ParseError::incomplete(
        "TerminatorExpectedAtEndOfString",
        format!("The string is missing the terminator: {terminator}."),
        Span::new(start, bound),
    )
}

/// How deeply strings and `$( )` may nest inside each other while scanning.
const MAX_SCAN_NESTING: usize = 100;

/// Scan an expandable string whose opening quote is at `start`.
pub fn scan_double_quoted(
    src: &str,
    start: usize,
    bound: usize,
) -> Result<(usize, Vec<RawPart>), ParseError> {
    double_quoted(src, start, bound, 0)
}

fn double_quoted(
    src: &str,
    start: usize,
    bound: usize,
    depth: usize,
) -> Result<(usize, Vec<RawPart>), ParseError> {
    let s = &src[..bound];
    let open = char_at(s, start).map_or(1, char::len_utf8);
    let mut j = start + open;
    let mut parts = Vec::new();
    while let Some(c) = char_at(s, j) {
        if is_double_quote(c) {
            let next = j + c.len_utf8();
            if char_at(s, next).is_some_and(is_double_quote) {
                push_char(&mut parts, c);
                j = next + char_at(s, next).map_or(1, char::len_utf8);
                continue;
            }
            return Ok((next, parts));
        }
        j = scan_expandable_char(src, j, bound, &mut parts, depth)?;
    }
    Err(unterminated_string(start, bound, "\""))
}

/// Process one character of expandable text at `j` (a backtick escape, a `$` expansion or a
/// plain character) and return the offset after it.
fn scan_expandable_char(
    src: &str,
    j: usize,
    bound: usize,
    parts: &mut Vec<RawPart>,
    depth: usize,
) -> Result<usize, ParseError> {
    let s = &src[..bound];
    let Some(c) = char_at(s, j) else {
        return Ok(bound);
    };
    match c {
        '`' => {
            if let Some(u) = unicode_escape(s, j) {
                let (u, end) = u?;
                push_char(parts, u);
                return Ok(end);
            }
            match char_at(s, j + 1) {
                Some(n) => {
                    push_char(parts, escape_char(n));
                    Ok(j + 1 + n.len_utf8())
                }
                None => {
                    push_char(parts, '`');
                    Ok(j + 1)
                }
            }
        }
        '$' => {
            if char_at(s, j + 1) == Some('(') {
                if depth >= MAX_SCAN_NESTING {
                    return Err(ParseError::new(
                        "ScriptTooComplicated",
                        "Processing was stopped because the script is too complex.",
                        Span::new(j, j + 2),
                    ));
                }
                let Some(close) = closing(src, j + 2, bound, '(', ')', depth + 1) else {
                    return Err(ParseError::incomplete(
                        "MissingEndParenthesisInSubexpression",
                        "Missing closing ')' in subexpression.",
                        Span::new(j, j + 2),
                    ));
                };
                parts.push(RawPart::Subexpression {
                    inner: Span::new(j + 2, close),
                    whole: Span::new(j, close + 1),
                });
                return Ok(close + 1);
            }
            match scan_variable(src, j, bound) {
                VariableScan::Ok(end, path) => {
                    parts.push(RawPart::Variable(path, Span::new(j, end)));
                    Ok(end)
                }
                VariableScan::NoName => {
                    push_char(parts, '$');
                    Ok(j + 1)
                }
                other => Err(variable_error(other, j, bound).unwrap_or_else(|| {
                    ParseError::new(
                        "InvalidVariableReference",
                        "Variable reference is not valid.",
                        Span::at(j),
                    )
                })),
            }
        }
        _ => {
            push_char(parts, c);
            Ok(j + c.len_utf8())
        }
    }
}

/// The offset of the `)` that closes a `$(` whose body starts at `from`, skipping strings,
/// comments and nested parentheses inside it.
pub fn find_subexpression_end(src: &str, from: usize, bound: usize) -> Option<usize> {
    closing(src, from, bound, '(', ')', 0)
}

/// The offset of the `close` that balances an `open` already consumed before `from`, skipping
/// strings, here-strings and comments.
pub fn find_closing(
    src: &str,
    from: usize,
    bound: usize,
    open: char,
    close: char,
) -> Option<usize> {
    closing(src, from, bound, open, close, 0)
}

fn closing(
    src: &str,
    from: usize,
    bound: usize,
    open: char,
    close: char,
    depth: usize,
) -> Option<usize> {
    if depth >= MAX_SCAN_NESTING {
        return None;
    }
    let s = &src[..bound];
    let mut open_count = 0usize;
    let mut j = from;
    while let Some(c) = char_at(s, j) {
        match c {
            c if c == open => open_count += 1,
            c if c == close => {
                if open_count == 0 {
                    return Some(j);
                }
                open_count -= 1;
            }
            '`' => {
                j += 1 + char_at(s, j + 1).map_or(0, char::len_utf8);
                continue;
            }
            '#' => {
                j = s[j..].find(['\n', '\r']).map_or(bound, |k| j + k);
                continue;
            }
            '<' if char_at(s, j + 1) == Some('#') => {
                j = scan_block_comment(s, j)?;
                continue;
            }
            '@' if matches!(char_at(s, j + 1), Some(q) if is_single_quote(q) || is_double_quote(q))
                && here_header_ok(s, j + 2) =>
            {
                let expandable = char_at(s, j + 1).is_some_and(is_double_quote);
                j = here_string(src, j, bound, expandable, depth + 1).ok()?.0;
                continue;
            }
            q if is_single_quote(q) => {
                j = scan_single_quoted(src, j, bound).ok()?.0;
                continue;
            }
            q if is_double_quote(q) => {
                j = double_quoted(src, j, bound, depth + 1).ok()?.0;
                continue;
            }
            _ => {}
        }
        j += c.len_utf8();
    }
    None
}

/// Scan a `<# ... #>` comment at `start`; returns the offset after `#>`.
pub fn scan_block_comment(s: &str, start: usize) -> Option<usize> {
    s.get(start + 2..)?.find("#>").map(|k| start + 2 + k + 2)
}

/// True when only blanks follow `at` up to the end of its line (a here-string header).
fn here_header_ok(s: &str, at: usize) -> bool {
    let rest = s.get(at..).unwrap_or("");
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    rest[..line_end].chars().all(is_blank) && line_end < rest.len()
}

/// The contents of a here-string: `(end, body span)`. The opener `@'`/`@"` is at `start`.
fn here_string_body(
    src: &str,
    start: usize,
    bound: usize,
    expandable: bool,
) -> Result<(usize, Span), ParseError> {
    let s = &src[..bound];
    let quote_len = char_at(s, start + 1).map_or(1, char::len_utf8);
    let header_end = start + 1 + quote_len;
    let rest = &s[header_end..];
    let Some(nl) = rest.find(['\n', '\r']) else {
        return Err(here_unterminated(start, bound, expandable));
    };
    if !rest[..nl].chars().all(is_blank) {
        let first = rest[..nl].find(|c: char| !is_blank(c)).unwrap_or(0);
        return Err(ParseError::new(
            "UnexpectedCharactersAfterHereStringHeader",
            "No characters are allowed after a here-string header but before the end of the line.",
            Span::new(header_end + first, header_end + nl),
        ));
    }
    let mut body_start = header_end + nl + 1;
    if s.as_bytes().get(body_start - 1) == Some(&b'\r')
        && s.as_bytes().get(body_start) == Some(&b'\n')
    {
        body_start += 1;
    }
    // Find a line that starts with the closing quote then `@`.
    let mut line_start = body_start;
    loop {
        let line = &s[line_start..];
        if let Some(q) = line.chars().next() {
            let is_close = if expandable {
                is_double_quote(q)
            } else {
                is_single_quote(q)
            };
            if is_close && line[q.len_utf8()..].starts_with('@') {
                // The body ends before the newline that precedes the terminator.
                let mut body_end = line_start;
                if body_end > body_start {
                    body_end -= 1;
                    if s.as_bytes().get(body_end) == Some(&b'\n')
                        && body_end > body_start
                        && s.as_bytes().get(body_end - 1) == Some(&b'\r')
                    {
                        body_end -= 1;
                    }
                }
                let body_end = body_end.max(body_start);
                return Ok((
                    line_start + q.len_utf8() + 1,
                    Span::new(body_start, body_end),
                ));
            }
        }
        match line.find(['\n', '\r']) {
            Some(k) => {
                let mut next = line_start + k + 1;
                if s.as_bytes().get(next - 1) == Some(&b'\r')
                    && s.as_bytes().get(next) == Some(&b'\n')
                {
                    next += 1;
                }
                line_start = next;
            }
            None => {
                return Err(indented_footer(s, body_start, expandable)
                    .unwrap_or_else(|| here_unterminated(start, bound, expandable)));
            }
        }
    }
}

/// An unterminated here-string whose terminator was written indented: PowerShell's more
/// helpful error at that terminator.
fn indented_footer(s: &str, body_start: usize, expandable: bool) -> Option<ParseError> {
    let mut line_start = body_start;
    for line in s[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches(is_blank);
        let indent = line.len() - trimmed.len();
        if indent > 0
            && let Some(q) = trimmed.chars().next()
        {
            let is_close = if expandable {
                is_double_quote(q)
            } else {
                is_single_quote(q)
            };
            if is_close && trimmed[q.len_utf8()..].starts_with('@') {
                let at = line_start + indent;
                return Some(ParseError::incomplete(
                    "WhitespaceBeforeHereStringFooter",
                    "White space is not allowed before the string terminator.",
                    Span::new(at, at + q.len_utf8() + 1),
                ));
            }
        }
        line_start += line.len();
    }
    None
}

fn here_unterminated(start: usize, bound: usize, expandable: bool) -> ParseError {
    unterminated_string(start, bound, if expandable { "\"@" } else { "'@" })
}

/// A scanned here-string.
#[derive(Debug, Clone, PartialEq)]
pub enum HereString {
    /// `@' ... '@`.
    Verbatim(String),
    /// `@" ... "@`.
    Expandable(Vec<RawPart>),
}

/// Scan a here-string whose `@` is at `start`.
pub fn scan_here_string(
    src: &str,
    start: usize,
    bound: usize,
    expandable: bool,
) -> Result<(usize, HereString), ParseError> {
    here_string(src, start, bound, expandable, 0)
}

fn here_string(
    src: &str,
    start: usize,
    bound: usize,
    expandable: bool,
    depth: usize,
) -> Result<(usize, HereString), ParseError> {
    let (end, body) = here_string_body(src, start, bound, expandable)?;
    if !expandable {
        return Ok((end, HereString::Verbatim(body.text(src).to_string())));
    }
    let mut parts = Vec::new();
    let mut j = body.start;
    while j < body.end {
        j = scan_expandable_char(src, j, body.end, &mut parts, depth)?;
    }
    Ok((end, HereString::Expandable(parts)))
}

/// A bare word of argument mode: where it ends, its parts, and whether any part was quoted or
/// expanded (a word with quotes is never a number or a parameter).
#[derive(Debug, Clone, PartialEq)]
pub struct GenericScan {
    /// Offset after the word.
    pub end: usize,
    /// The parts.
    pub parts: Vec<RawPart>,
    /// A quote, backtick or `$` shaped the value.
    pub quoted: bool,
}

/// Scan a bare word starting at `start`, up to a character that ends words in argument mode.
pub fn scan_generic(src: &str, start: usize, bound: usize) -> Result<GenericScan, ParseError> {
    let s = &src[..bound];
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut j = start;
    while let Some(c) = char_at(s, j) {
        if ends_generic(c) {
            break;
        }
        if is_single_quote(c) {
            quoted = true;
            let (end, v) = scan_single_quoted(src, j, bound)?;
            push_literal(&mut parts, &v);
            j = end;
            continue;
        }
        if is_double_quote(c) {
            quoted = true;
            let (end, p) = scan_double_quoted(src, j, bound)?;
            for part in p {
                match part {
                    RawPart::Literal(t) => push_literal(&mut parts, &t),
                    other => parts.push(other),
                }
            }
            j = end;
            continue;
        }
        if c == '`' && matches!(char_at(s, j + 1), Some('\n' | '\r')) {
            break;
        }
        if c == '`' && j + 1 >= bound {
            // A backtick at the very end continues onto a line not typed yet.
            return Err(ParseError::incomplete(
                "IncompleteString",
                "Incomplete string token.",
                Span::new(j, j + 1),
            ));
        }
        if c == '`' || c == '$' {
            let before = parts.len();
            let literal_before = matches!(parts.last(), Some(RawPart::Literal(_)));
            j = scan_expandable_char(src, j, bound, &mut parts, 0)?;
            if c == '`' || parts.len() != before || !literal_before {
                quoted = quoted || c == '`' || !matches!(parts.last(), Some(RawPart::Literal(_)));
            }
            continue;
        }
        push_char(&mut parts, c);
        j += c.len_utf8();
    }
    Ok(GenericScan {
        end: j,
        parts,
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables() {
        assert_eq!(
            scan_variable("$abc.x", 0, 6),
            VariableScan::Ok(4, VariablePath::simple("abc"))
        );
        let VariableScan::Ok(end, p) = scan_variable("$env:PATH", 0, 9) else {
            panic!()
        };
        assert_eq!(
            (end, p.qualifier.as_deref(), &*p.name),
            (9, Some("env"), "PATH")
        );
        let VariableScan::Ok(end, p) = scan_variable("${a b}", 0, 6) else {
            panic!()
        };
        assert_eq!((end, &*p.name, p.braced), (6, "a b", true));
        assert_eq!(
            scan_variable("$?", 0, 2),
            VariableScan::Ok(2, VariablePath::simple("?"))
        );
        assert_eq!(
            scan_variable("$x?", 0, 3),
            VariableScan::Ok(3, VariablePath::simple("x?"))
        );
        assert_eq!(scan_variable("$ ", 0, 2), VariableScan::NoName);
        assert_eq!(
            scan_variable("$a::b", 0, 5),
            VariableScan::Ok(2, VariablePath::simple("a"))
        );
    }

    #[test]
    fn strings() {
        assert_eq!(
            scan_single_quoted("'it''s'", 0, 7).unwrap(),
            (7, "it's".to_string())
        );
        let (end, parts) = scan_double_quoted(r#""a`tb $x $(1+(2)) ""q""""#, 0, 24).unwrap();
        assert_eq!(end, 24);
        assert_eq!(parts[0], RawPart::Literal("a\tb ".into()));
        assert!(matches!(parts[1], RawPart::Variable(..)));
        assert!(matches!(parts[3], RawPart::Subexpression { .. }));
        assert_eq!(parts[4], RawPart::Literal(" \"q\"".into()));
        assert!(scan_double_quoted("\"abc", 0, 4).unwrap_err().incomplete);
    }

    #[test]
    fn subexpression_end_skips_nested_strings() {
        let s = r#"$($h["k)"] + ')')"#;
        assert_eq!(find_subexpression_end(s, 2, s.len()), Some(s.len() - 1));
    }

    #[test]
    fn here_strings() {
        let s = "@'\nline1\nline2\n'@";
        assert_eq!(
            scan_here_string(s, 0, s.len(), false).unwrap(),
            (s.len(), HereString::Verbatim("line1\nline2".into()))
        );
        let s = "@\"\r\nhi $x\r\n\"@";
        let (end, HereString::Expandable(parts)) = scan_here_string(s, 0, s.len(), true).unwrap()
        else {
            panic!()
        };
        assert_eq!(end, s.len());
        assert_eq!(parts.len(), 2);
        let s = "@\"\n\"@";
        assert_eq!(
            scan_here_string(s, 0, s.len(), true).unwrap(),
            (s.len(), HereString::Expandable(vec![]))
        );
    }

    #[test]
    fn generic_words() {
        let g = scan_generic("a\"b c\"d e", 0, 9).unwrap();
        assert_eq!(
            (g.end, g.parts.clone(), g.quoted),
            (7, vec![RawPart::Literal("ab cd".into())], true)
        );
        let g = scan_generic("a#b,c", 0, 5).unwrap();
        assert_eq!((g.end, g.quoted), (3, false));
    }
}
