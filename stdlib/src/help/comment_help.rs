//! Comment-based help: finding the help comment block of a function or script, and reading
//! its `.SYNOPSIS`, `.DESCRIPTION`, `.PARAMETER`, `.EXAMPLE`, ... sections, by PowerShell's
//! rules (`HelpCommentsParser`).
//!
//! rosh's lexer does not keep comments, so they are found in the gaps between its tokens:
//! only blanks, line continuations and comments lie there. A function's help is the comment
//! block ending at most two lines before `function`, else the first help block at the start
//! of its body, else the block before its closing brace; a script's is the first help block
//! of the file (unless it belongs to a function right after it), else the last one.

use rosh_lang::span::Span;
use rosh_lang::token::Tok;
use std::collections::HashMap;

/// One comment: `# ...` or `<# ... #>`.
#[derive(Clone, Debug)]
struct Comment {
    start: usize,
    end: usize,
    start_line: usize,
    end_line: usize,
}

/// The comments and tokens of a text.
pub struct Comments<'s> {
    src: &'s str,
    comments: Vec<Comment>,
    /// Token spans (newlines left out: PowerShell lets them sit between comments).
    tokens: Vec<(usize, usize)>,
    line_starts: Vec<usize>,
}

/// What a help comment block says.
#[derive(Clone, Debug, Default)]
pub struct CommentHelp {
    /// `.SYNOPSIS`.
    pub synopsis: String,
    /// `.DESCRIPTION`.
    pub description: String,
    /// `.PARAMETER name`, by upper-cased name.
    pub parameters: HashMap<String, String>,
    /// `.EXAMPLE`s.
    pub examples: Vec<String>,
    /// `.INPUTS`.
    pub inputs: Vec<String>,
    /// `.OUTPUTS`.
    pub outputs: Vec<String>,
    /// `.NOTES`.
    pub notes: String,
    /// `.LINK`s.
    pub links: Vec<String>,
    /// `.COMPONENT`.
    pub component: String,
    /// `.ROLE`.
    pub role: String,
    /// `.FUNCTIONALITY`.
    pub functionality: String,
    /// `.FORWARDHELPTARGETNAME`.
    pub forward_target: String,
    /// `.FORWARDHELPCATEGORY`.
    pub forward_category: String,
}

/// How far (in lines) a help block may end before `function`, as PowerShell allows.
const PROXIMITY: usize = 2;

impl<'s> Comments<'s> {
    /// Lex `src` and find its comments in the gaps between its tokens.
    pub fn scan(src: &'s str) -> Self {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut tokens = Vec::new();
        let mut spans = Vec::new();
        let mut pos = 0usize;
        for (s, tok, e) in rosh_lang::tokenize(src) {
            if s >= pos {
                spans.extend(comments_in(src, pos, s));
            }
            pos = pos.max(e);
            if !matches!(tok, Tok::Newline) && e > s {
                tokens.push((s, e));
            }
        }
        spans.extend(comments_in(src, pos, src.len()));
        let mut c = Comments {
            src,
            comments: Vec::new(),
            tokens,
            line_starts,
        };
        c.comments = spans
            .into_iter()
            .map(|(start, end)| Comment {
                start,
                end,
                start_line: c.line_of(start),
                end_line: c.line_of(end.saturating_sub(1).max(start)),
            })
            .collect();
        c
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The end of the last token ending at or before `offset` (0 when none).
    fn token_end_before(&self, offset: usize) -> usize {
        self.tokens
            .iter()
            .rev()
            .find(|(_, e)| *e <= offset)
            .map_or(0, |(_, e)| *e)
    }

    /// The start of the first token starting at or after `offset` (the end when none).
    fn token_start_after(&self, offset: usize) -> usize {
        self.tokens
            .iter()
            .find(|(s, _)| *s >= offset)
            .map_or(self.src.len(), |(s, _)| *s)
    }

    /// Comments lying wholly in `from..to`.
    fn between(&self, from: usize, to: usize) -> Vec<&Comment> {
        self.comments
            .iter()
            .filter(|c| c.start >= from && c.end <= to)
            .collect()
    }

    /// The block of comments right before `offset` (nothing but comments between), the last
    /// ending on or after line `line(offset) - proximity`, each earlier one ending at most a
    /// line before the next starts.
    fn preceding_block(&self, offset: usize, proximity: usize) -> Vec<&Comment> {
        let gap = self.between(self.token_end_before(offset), offset);
        let mut min_end = self.line_of(offset).saturating_sub(proximity);
        let mut out = Vec::new();
        for c in gap.into_iter().rev() {
            if c.end_line < min_end {
                break;
            }
            out.push(c);
            min_end = c.start_line.saturating_sub(1);
        }
        out.reverse();
        out
    }

    /// The blocks of comments right after `offset` (up to the next token), split where a
    /// line without a comment separates them.
    fn following_blocks(&self, offset: usize) -> Vec<Vec<&Comment>> {
        let gap = self.between(offset, self.token_start_after(offset));
        let mut blocks: Vec<Vec<&Comment>> = Vec::new();
        for c in gap {
            match blocks.last_mut() {
                Some(b) if b.last().is_some_and(|p| c.start_line <= p.end_line + 1) => b.push(c),
                _ => blocks.push(vec![c]),
            }
        }
        blocks
    }

    fn lines(&self, block: &[&Comment]) -> Vec<String> {
        let mut out = Vec::new();
        for c in block {
            collect_lines(&self.src[c.start..c.end], &mut out);
        }
        out
    }

    /// The help of a function defined by `def_span` with its body's braces at `body_span`.
    pub fn function_help(&self, def_span: Span, body_span: Span) -> Option<CommentHelp> {
        let before = self.preceding_block(def_span.start, PROXIMITY);
        if let Some(h) = parse(&self.lines(&before)) {
            return Some(h);
        }
        for block in self.following_blocks(body_span.start + 1) {
            if let Some(h) = parse(&self.lines(&block)) {
                return Some(h);
            }
        }
        let close = body_span.end.saturating_sub(1);
        let after = self.preceding_block(close, usize::MAX);
        parse(&self.lines(&after))
    }

    /// The help of a whole script; `first_function` is where the script's first statement
    /// starts when it is a function definition.
    pub fn script_help(&self, first_function: Option<usize>) -> Option<CommentHelp> {
        for block in self.following_blocks(0) {
            let Some(h) = parse(&self.lines(&block)) else {
                continue;
            };
            match (first_function, block.last()) {
                (Some(f), Some(last)) if self.line_of(f) <= last.end_line + PROXIMITY => break,
                _ => return Some(h),
            }
        }
        let after = self.preceding_block(self.src.len(), usize::MAX);
        parse(&self.lines(&after))
    }

    /// The comments written about a parameter (`# The name.` before it, or inside or right
    /// after it), as its description when `.PARAMETER` does not give one.
    pub fn parameter_comment(&self, span: Span) -> String {
        let mut block: Vec<&Comment> = self.preceding_block(span.start, PROXIMITY);
        block.extend(self.between(span.start, span.end));
        if let Some(first) = self.following_blocks(span.end).into_iter().next() {
            block.extend(first);
        }
        // `section` reads the lines after the one it is given: start before the first.
        let mut lines = vec![String::new()];
        lines.extend(self.lines(&block));
        let mut i = 0;
        section(&lines, &mut i).trim_end().to_string()
    }
}

/// The comments in a gap between tokens: `#` to the end of the line, `<#` to `#>`; a
/// backtick escapes the next character.
fn comments_in(src: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'<' if i + 1 < to && bytes[i + 1] == b'#' => {
                let end = src[i + 2..to].find("#>").map_or(to, |k| i + 2 + k + 2);
                out.push((i, end));
                i = end;
            }
            b'#' => {
                let end = src[i..to].find('\n').map_or(to, |k| i + k);
                let end = if end > i && bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                out.push((i, end));
                i = end.max(i + 1);
            }
            b'`' => i += 2,
            _ => i += 1,
        }
    }
    out
}

/// A comment's lines: a block comment's text between `<#` and `#>` split at line ends; a
/// line comment without its leading `#`s.
fn collect_lines(text: &str, out: &mut Vec<String>) {
    if let Some(inner) = text.strip_prefix("<#") {
        let inner = inner.strip_suffix("#>").unwrap_or(inner);
        out.extend(
            inner
                .split('\n')
                .map(|l| l.trim_end_matches('\r').to_string()),
        );
    } else {
        out.push(text.trim_start_matches('#').to_string());
    }
}

/// `.KEYWORD` and its argument, when the line is a directive.
fn directive(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim();
    let rest = t.strip_prefix('.')?;
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if word_len == 0 {
        return None;
    }
    let (word, arg) = rest.split_at(word_len);
    if !arg.is_empty() && !arg.starts_with(char::is_whitespace) {
        return None;
    }
    let arg = arg.trim();
    Some((
        word.to_ascii_uppercase(),
        (!arg.is_empty()).then(|| arg.to_string()),
    ))
}

/// The text of a section: the lines after `lines[*i]` up to the next directive, leading
/// blank lines skipped, indentation removed as far as the first line had it. Leaves `*i` on
/// the last line taken.
fn section(lines: &[String], i: &mut usize) -> String {
    let mut out = String::new();
    let mut indent: Option<usize> = None;
    let mut j = *i + 1;
    while j < lines.len() {
        let line = &lines[j];
        if indent.is_none() && line.trim().is_empty() {
            j += 1;
            continue;
        }
        if directive(line).is_some() {
            break;
        }
        let is_blank = |c: char| c == ' ' || c == '\t' || c == '\u{a0}';
        let n = *indent.get_or_insert_with(|| line.chars().take_while(|c| is_blank(*c)).count());
        let skip: usize = line
            .chars()
            .take(n)
            .take_while(|c| is_blank(*c))
            .map(char::len_utf8)
            .sum();
        out.push_str(&line[skip..]);
        out.push('\n');
        j += 1;
    }
    *i = j - 1;
    out
}

/// Read a comment block as help; `None` unless it is help (it has a directive and nothing
/// but sections), as PowerShell decides.
pub fn parse(lines: &[String]) -> Option<CommentHelp> {
    let mut h = CommentHelp::default();
    let mut found = false;
    let mut i = 0;
    while i < lines.len() {
        let Some((word, arg)) = directive(&lines[i]) else {
            if !lines[i].trim().is_empty() {
                return None;
            }
            i += 1;
            continue;
        };
        found = true;
        match (word.as_str(), arg) {
            ("PARAMETER", Some(name)) => {
                let text = section(lines, &mut i);
                h.parameters
                    .entry(name.to_ascii_uppercase())
                    .or_insert(text);
            }
            ("FORWARDHELPTARGETNAME", Some(a)) => h.forward_target = a,
            ("FORWARDHELPCATEGORY", Some(a)) => h.forward_category = a,
            ("REMOTEHELPRUNSPACE" | "EXTERNALHELP", Some(_)) => {}
            (_, Some(_)) => return None,
            ("SYNOPSIS", None) => h.synopsis = section(lines, &mut i),
            ("DESCRIPTION", None) => h.description = section(lines, &mut i),
            ("NOTES", None) => h.notes = section(lines, &mut i),
            ("LINK", None) => h.links.push(section(lines, &mut i).trim().to_string()),
            ("EXAMPLE", None) => {
                let e = section(lines, &mut i);
                h.examples.push(e);
            }
            ("INPUTS", None) => h.inputs.push(section(lines, &mut i)),
            ("OUTPUTS", None) => h.outputs.push(section(lines, &mut i)),
            ("COMPONENT", None) => h.component = section(lines, &mut i).trim().to_string(),
            ("ROLE", None) => h.role = section(lines, &mut i).trim().to_string(),
            ("FUNCTIONALITY", None) => h.functionality = section(lines, &mut i).trim().to_string(),
            _ => return None,
        }
        i += 1;
    }
    found.then_some(h)
}

/// An example's parts: the prompt (text up to the first `>` of its first line, else
/// `PS > `), the code (up to the first blank line) and the remarks after it.
pub fn example_parts(text: &str) -> (String, String, String) {
    let first_line = text.split('\n').next().unwrap_or("");
    let (prompt, rest) = match first_line.find('>') {
        Some(k) => (text[..=k].to_string(), &text[k + 1..]),
        None => ("PS > ".to_string(), text),
    };
    let normalized = rest.replace("\r\n", "\n");
    match normalized.split_once("\n\n") {
        Some((code, remarks)) => (prompt, code.trim().to_string(), remarks.to_string()),
        None => (prompt, normalized.trim().to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(str::to_string).collect()
    }

    #[test]
    fn sections_are_read_with_their_indentation_removed() {
        let h = parse(&lines(
            "\n.SYNOPSIS\n    Short.\n.DESCRIPTION\n    Line one.\n      Indented.\n\n.PARAMETER Name\n    The name.\n.EXAMPLE\n    PS> Get-It\n",
        ))
        .expect("help");
        assert_eq!(h.synopsis, "Short.\n");
        assert_eq!(h.description, "Line one.\n  Indented.\n\n");
        assert_eq!(h.parameters["NAME"], "The name.\n");
        assert_eq!(h.examples, ["PS> Get-It\n\n"]);
    }

    #[test]
    fn a_block_with_other_text_is_not_help() {
        assert!(parse(&lines("just a comment")).is_none());
        assert!(parse(&lines(".SYNOPSIS\nx\n.UNKNOWN\ny")).is_none());
        assert!(parse(&lines("")).is_none());
    }

    /// The synopsis of each function the script defines.
    fn synopses(src: &str) -> Vec<String> {
        let c = Comments::scan(src);
        let out = rosh_lang::parse(src);
        out.script
            .body
            .statements()
            .iter()
            .filter_map(|s| match s.kind.as_ref() {
                rosh_lang::ast::StatementKind::Function(f) => Some(
                    c.function_help(f.span, f.body.span)
                        .map(|h| h.synopsis.trim().to_string())
                        .unwrap_or_default(),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn help_before_inside_and_at_the_end_of_a_function() {
        let src = "# .SYNOPSIS\n# Before.\nfunction a { 'x' }\n\nfunction b {\n<#\n.SYNOPSIS\nInside.\n#>\nparam($x) }\nfunction c { 'y'\n# .SYNOPSIS\n# At the end.\n}\n";
        assert_eq!(synopses(src), ["Before.", "Inside.", "At the end."]);
    }

    #[test]
    fn a_comment_far_above_a_function_is_not_its_help() {
        let src = "<#\n.SYNOPSIS\nFar.\n#>\n\n\n\nfunction a { 'x' }\n";
        assert_eq!(synopses(src), [""]);
    }

    #[test]
    fn a_comment_above_a_parameter_describes_it() {
        let src = "function f {\n    param(\n        [string]$Name,\n        # How many times.\n        [int]$Count = 1\n    )\n}\n";
        let c = Comments::scan(src);
        let out = rosh_lang::parse(src);
        let described: Vec<String> = match out.script.body.statements()[0].kind.as_ref() {
            rosh_lang::ast::StatementKind::Function(f) => f
                .body
                .param_block
                .iter()
                .flat_map(|b| b.parameters.iter())
                .map(|p| c.parameter_comment(p.span))
                .collect(),
            _ => vec![],
        };
        assert_eq!(described, ["", "How many times."]);
    }

    #[test]
    fn odd_text_never_panics() {
        for src in [
            "<# .SYNOPSIS never closed",
            "# .SYNOPSIS\n# é ü ß\nfunction f { `",
            "function f {\n<#\n.SYNOPSIS\n\u{a0}\u{a0}Non-breaking.\n#>\n}",
            "<",
            "#",
            "`",
            "function { <# #> }",
        ] {
            let c = Comments::scan(src);
            let _ = c.script_help(None);
            let _ = c.function_help(Span::new(0, src.len()), Span::new(0, src.len()));
            let _ = c.parameter_comment(Span::new(0, src.len()));
        }
    }

    #[test]
    fn comment_text_in_strings_is_not_a_comment() {
        let src = "function a { '<# .SYNOPSIS x #>'; \"# .SYNOPSIS\" }\n";
        assert_eq!(synopses(src), [""]);
    }

    #[test]
    fn example_prompt_code_and_remarks() {
        assert_eq!(
            example_parts("PS C:\\> Get-It -All\n\nGets everything.\n"),
            (
                "PS C:\\>".to_string(),
                "Get-It -All".to_string(),
                "Gets everything.\n".to_string()
            )
        );
        assert_eq!(
            example_parts("Get-It\n"),
            ("PS > ".to_string(), "Get-It".to_string(), String::new())
        );
    }
}
