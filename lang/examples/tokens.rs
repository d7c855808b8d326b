//! Print the modal lexer's tokens and the parse errors for a script: `tokens FILE` or
//! `tokens -e 'text'`. A debugging aid for grammar work.

use rosh_lang::lexer::{LexContext, Lexer};
use std::cell::RefCell;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.as_slice() {
        [flag, text] if flag == "-e" => text.clone(),
        [path] => std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        }),
        _ => {
            eprintln!("usage: tokens FILE | tokens -e TEXT");
            std::process::exit(2)
        }
    };
    let ctx = RefCell::new(LexContext::new(text.as_str().into()));
    for item in Lexer::new(&text, 0, text.len(), &ctx, 0) {
        let Ok((s, tok, e)) = item;
        println!("{s:>5}..{e:<5} {:?} {tok:?}", &text[s..e]);
    }
    let out = rosh_lang::parse(&text);
    println!("{}", rosh_lang::ast::dump::dump_script(&out.script));
    for err in &out.errors {
        let lc = err.line_col(&text);
        println!(
            "error {}:{} {} {} incomplete={}",
            lc.line, lc.column, err.id, err.message, err.incomplete
        );
    }
}
