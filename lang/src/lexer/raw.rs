//! The raw per-mode scanners, built with logos. They only classify the token that starts at a
//! given offset; the driver ([`super::Lexer`]) decides which scanner to run and hands tokens
//! whose extent depends on their contents (strings, variables, bare words, numbers) to the hand
//! scanners in [`super::scan`]. Punctuation variants are named after the text they match.
#![allow(missing_docs)]

use logos::Logos;

/// Expression mode: operators, punctuation, and the starts of operands.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"[ \t\x0B\x0C\u{A0}\u{FEFF}\u{2000}-\u{200A}]+")]
#[logos(skip r"`(\r\n|\n|\r)")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
pub enum ExprRaw {
    /// A line break.
    #[regex(r"\r\n|\n|\r")]
    Newline,
    /// `<#`: the driver skips to `#>`.
    #[token("<#")]
    BlockComment,
    /// `$`: the driver scans the variable.
    #[token("$")]
    Dollar,
    /// `$(`
    #[token("$(")]
    DollarParen,
    /// `@(`
    #[token("@(")]
    AtParen,
    /// `@{`
    #[token("@{")]
    AtBrace,
    /// `@` before a name: splatting.
    #[token("@")]
    At,
    /// `@'` or `@"`: a here-string header.
    #[regex("@['\u{2018}\u{2019}\u{201A}\u{201B}\"\u{201C}\u{201D}\u{201E}]")]
    HereStart,
    /// A single quote.
    #[regex("['\u{2018}\u{2019}\u{201A}\u{201B}]")]
    SingleQuote,
    /// A double quote.
    #[regex("[\"\u{201C}\u{201D}\u{201E}]")]
    DoubleQuote,
    /// A digit, or `.` and a digit: the driver scans the number.
    #[regex(r"[0-9]|\.[0-9]")]
    NumberStart,
    /// `-word`: an operator name, classified by the driver.
    #[regex(r"[-\u{2013}\u{2014}\u{2015}][\p{L}]+")]
    DashWord,
    /// A bare word.
    #[regex(r"[\p{L}_][\p{L}\p{N}_]*")]
    Word,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("|")]
    Pipe,
    #[token("||")]
    OrOr,
    #[token("&")]
    Amp,
    #[token("&&")]
    AndAnd,
    #[token(".")]
    Dot,
    #[token("..")]
    DotDot,
    #[token("::")]
    ColonColon,
    #[token(":")]
    Colon,
    #[token("?")]
    Question,
    #[token("??")]
    Coalesce,
    #[token("??=")]
    CoalesceAssign,
    #[token("?.")]
    NullDot,
    #[token("?[")]
    NullIndex,
    #[token("=")]
    Assign,
    #[regex(r"[-\u{2013}\u{2014}\u{2015}]=")]
    MinusAssign,
    #[token("+=")]
    PlusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("+")]
    Plus,
    #[regex(r"[-\u{2013}\u{2014}\u{2015}]")]
    Minus,
    #[token("++")]
    PlusPlus,
    #[regex(r"[-\u{2013}\u{2014}\u{2015}][-\u{2013}\u{2014}\u{2015}]")]
    MinusMinus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("!")]
    Bang,
    /// `>`, `>>`, `2>`, `2>&1`, `*>`: a redirection operator, classified by the driver.
    #[regex(r"[1-6*]?>>?(&[12])?")]
    Redirect,
    /// `<`: reserved.
    #[token("<")]
    Less,
}

/// Argument mode: punctuation, parameters, redirections and the starts of arguments.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"[ \t\x0B\x0C\u{A0}\u{FEFF}\u{2000}-\u{200A}]+")]
#[logos(skip r"`(\r\n|\n|\r)")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
pub enum CmdRaw {
    /// A line break.
    #[regex(r"\r\n|\n|\r")]
    Newline,
    /// `<#`: the driver skips to `#>`.
    #[token("<#")]
    BlockComment,
    /// `$`: a variable, or a bare word that starts with one.
    #[token("$")]
    Dollar,
    /// `$(`
    #[token("$(")]
    DollarParen,
    /// `@(`
    #[token("@(")]
    AtParen,
    /// `@{`
    #[token("@{")]
    AtBrace,
    /// `@` before a name: splatting.
    #[token("@")]
    At,
    /// `@'` or `@"`.
    #[regex("@['\u{2018}\u{2019}\u{201A}\u{201B}\"\u{201C}\u{201D}\u{201E}]")]
    HereStart,
    /// A single quote.
    #[regex("['\u{2018}\u{2019}\u{201A}\u{201B}]")]
    SingleQuote,
    /// A double quote.
    #[regex("[\"\u{201C}\u{201D}\u{201E}]")]
    DoubleQuote,
    /// A dash: parameter, number, `--`, `--%` or bare word, decided by the driver.
    #[regex(r"[-\u{2013}\u{2014}\u{2015}]")]
    Dash,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("|")]
    Pipe,
    #[token("||")]
    OrOr,
    #[token("&")]
    Amp,
    #[token("&&")]
    AndAnd,
    /// A redirection operator.
    #[regex(r"[1-6*]?>>?(&[12])?")]
    Redirect,
    /// `<`: reserved.
    #[token("<")]
    Less,
    /// Any other character starts a bare word.
    #[regex(r"[^ \t\x0B\x0C\u{A0}\u{FEFF}\u{2000}-\u{200A}\u{2013}\u{2014}\u{2015}\r\n$@'\u{2018}\u{2019}\u{201A}\u{201B}\u{201C}\u{201D}\u{201E}\x22(){},;|&<>#`-]")]
    #[token("`")]
    WordStart,
}
