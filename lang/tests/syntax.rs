//! Token and syntax-tree snapshots. Each file under `tests/syntax/` holds cases:
//!
//! ```text
//! === name
//! script text
//! --- tokens            (optional)
//! KIND(text) KIND(text) ...
//! --- ast
//! (s-expression per statement)
//! ```
//!
//! Every case must also parse without errors. `ROSH_BLESS=1 cargo test -p rosh-lang --test
//! syntax` rewrites the expectations from the current output (review the diff before
//! committing).

use rosh_lang::ast::dump::dump_script;
use rosh_lang::lexer::{LexContext, Lexer};
use rosh_lang::token::Tok;
use std::cell::RefCell;
use std::fmt::Write;
use std::path::PathBuf;

struct Case {
    name: String,
    input: String,
    tokens: Option<String>,
    ast: String,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for chunk in text.split("=== ").skip(1) {
        let (name, rest) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let (input, rest) = rest.split_once("--- ").unwrap_or((rest, ""));
        let mut tokens = None;
        let mut ast = String::new();
        for section in format!("--- {rest}").split("--- ").skip(1) {
            let (head, body) = section.split_once('\n').unwrap_or((section, ""));
            match head.trim() {
                "tokens" => tokens = Some(body.trim_end().to_string()),
                "ast" => ast = body.trim_end().to_string(),
                other => panic!("unknown section {other}"),
            }
        }
        cases.push(Case {
            name: name.trim().to_string(),
            input: input.strip_suffix('\n').unwrap_or(input).to_string(),
            tokens,
            ast,
        });
    }
    cases
}

fn short(tok: &Tok) -> String {
    match tok {
        Tok::Newline => "NL".into(),
        Tok::CommandName(_) => "CMD".into(),
        Tok::Generic(_) => "ARG".into(),
        Tok::Var(_) => "VAR".into(),
        Tok::Splat(_) => "SPLAT".into(),
        Tok::Number(n) => format!("NUM:{n:?}"),
        Tok::Str(_) => "STR".into(),
        Tok::ExpStr(_) => "XSTR".into(),
        Tok::Param(_) => "PARAM".into(),
        Tok::ParamColon(_) => "PARAM:".into(),
        Tok::Kw(k) => format!("KW:{}", k.text()),
        Tok::TypeLit(_) => "TYPE".into(),
        Tok::CastType(_) => "CAST".into(),
        Tok::AttrOpen(_) => "ATTR".into(),
        Tok::Ident(_) => "ID".into(),
        Tok::Name(_) => "NAME".into(),
        Tok::Label(_) => "LABEL".into(),
        Tok::CompareOp(_) | Tok::BitwiseOp(_) | Tok::LogicalOp(_) => "OP".into(),
        Tok::StopParsing(_) => "STOPPARSING".into(),
        Tok::RedirectMerge(_) | Tok::RedirectFile(_) => "REDIR".into(),
        other => format!("{other:?}"),
    }
}

fn token_dump(text: &str) -> String {
    let ctx = RefCell::new(LexContext::new(text.into()));
    let mut out = String::new();
    for item in Lexer::new(text, 0, text.len(), &ctx, 0) {
        let Ok((s, tok, e)) = item;
        if !out.is_empty() {
            out.push(' ');
        }
        let t = &text[s..e];
        match tok {
            Tok::Newline => out.push_str("NL"),
            _ => {
                let _ = write!(out, "{}({})", short(&tok), t.replace('\n', "\\n"));
            }
        }
    }
    out
}

#[test]
fn syntax_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/syntax");
    let bless = std::env::var_os("ROSH_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("syntax dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read cases");
        let cases = parse_cases(&text);
        let mut blessed = String::new();
        for case in &cases {
            count += 1;
            let out = rosh_lang::parse(&case.input);
            let ast = dump_script(&out.script);
            let tokens = case.tokens.as_ref().map(|_| token_dump(&case.input));
            if !out.errors.is_empty() {
                failures.push(format!(
                    "{}: {}: errors {:?}",
                    path.display(),
                    case.name,
                    out.errors
                ));
            }
            if !bless {
                if ast != case.ast {
                    failures.push(format!(
                        "{}: {}:\n  want {}\n  got  {}",
                        path.display(),
                        case.name,
                        case.ast,
                        ast
                    ));
                }
                if let (Some(want), Some(got)) = (&case.tokens, &tokens)
                    && want != got
                {
                    failures.push(format!(
                        "{}: {} tokens:\n  want {want}\n  got  {got}",
                        path.display(),
                        case.name
                    ));
                }
            }
            let _ = write!(blessed, "=== {}\n{}\n", case.name, case.input);
            if let Some(t) = tokens {
                let _ = write!(blessed, "--- tokens\n{t}\n");
            }
            let _ = write!(blessed, "--- ast\n{ast}\n\n");
        }
        if bless {
            std::fs::write(&path, blessed.trim_end().to_string() + "\n").expect("write blessed");
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
