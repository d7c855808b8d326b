//! How .NET splits `ProcessStartInfo.Arguments` into the argument vector on Unix (the
//! Microsoft C runtime's rules): Start-Process joins `-ArgumentList` with spaces and .NET
//! splits the result again, so an element with a space becomes two arguments unless it
//! carries its own double quotes.

/// Split an argument string as .NET's `ParseArgumentsIntoList` does: blanks (space, tab)
/// separate arguments outside double quotes; `""` inside quotes is a literal quote;
/// backslashes are literal unless they precede a quote, where each pair gives one backslash
/// and an odd one makes the quote literal.
pub fn split(arguments: &str) -> Vec<String> {
    let chars: Vec<char> = arguments.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
            i += 1;
        }
        if i == chars.len() {
            break;
        }
        out.push(next_argument(&chars, &mut i));
    }
    out
}

fn next_argument(chars: &[char], i: &mut usize) -> String {
    let mut current = String::new();
    let mut in_quotes = false;
    while *i < chars.len() {
        let mut backslashes = 0;
        while *i < chars.len() && chars[*i] == '\\' {
            *i += 1;
            backslashes += 1;
        }
        if backslashes > 0 {
            if *i >= chars.len() || chars[*i] != '"' {
                current.extend(std::iter::repeat_n('\\', backslashes));
            } else {
                current.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 != 0 {
                    current.push('"');
                    *i += 1;
                }
            }
            continue;
        }
        let c = chars[*i];
        if c == '"' {
            if in_quotes && *i + 1 < chars.len() && chars[*i + 1] == '"' {
                current.push('"');
                *i += 1;
            } else {
                in_quotes = !in_quotes;
            }
            *i += 1;
            continue;
        }
        if (c == ' ' || c == '\t') && !in_quotes {
            break;
        }
        current.push(c);
        *i += 1;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn blanks_separate_arguments() {
        assert_eq!(split("-c exit 3"), vec!["-c", "exit", "3"]);
        assert_eq!(split("  a\t b  "), vec!["a", "b"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn quotes_group_and_escape() {
        assert_eq!(split(r#"-c "exit 3""#), vec!["-c", "exit 3"]);
        assert_eq!(split(r#""a ""b"" c""#), vec![r#"a "b" c"#]);
        assert_eq!(split(r#"a\"b"#), vec![r#"a"b"#]);
        assert_eq!(split(r#"a\\"b c""#), vec![r#"a\b c"#]);
        assert_eq!(split(r"a\\b"), vec![r"a\\b"]);
        assert_eq!(split(r#""""#), vec![""]);
    }
}
