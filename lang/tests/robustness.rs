//! The parser never panics, never hangs and never overflows the stack: random text, random
//! mutations of the corpus, and pathological nesting all come back as a tree plus errors.

use proptest::prelude::*;
use std::path::PathBuf;

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/scripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect()
}

/// Characters that matter to PowerShell's lexer, weighted towards punctuation.
fn ps_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "$", "@", "(", ")", "{", "}", "[", "]", "'", "\"", "`", "#", "<#", "#>", "-", "--%", "|",
        "&", ";", ",", ".", "..", "::", "?", "??", "=", "+", "*", "/", "%", "!", ">", "2>&1", "<",
        "\n", " ", "\t", "a", "x", "if", "else", "foreach", "in", "function", "param", "switch",
        "default", "begin", "process", "class", "-eq", "-not", "-f", "[int]", "@\"\n", "\n\"@",
        "@'\n", "\n'@", "$(", "${", "0x1F", "1kb", "5.5", "Get-Item", "-Path", ":", "$_",
        "$using:", "\u{201C}", "\u{2013}", "ü", "😀",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn random_powershell_like_text_parses_without_panicking(text in ps_text()) {
        let out = rosh_lang::parse(&text);
        for e in &out.errors {
            prop_assert!(e.span.start <= text.len() + 1);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn random_unicode_parses_without_panicking(text in "\\PC{0,200}") {
        let _ = rosh_lang::parse(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_scripts_parse_without_panicking(
        file in 0usize..1000,
        edits in prop::collection::vec((0usize..100_000, 0usize..40, ps_text()), 1..6),
    ) {
        let corpus = corpus();
        let mut text = corpus[file % corpus.len()].clone();
        for (at, len, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(at..end, &insert);
        }
        let _ = rosh_lang::parse(&text);
    }
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let deep = [
        "(".repeat(100_000),
        "{".repeat(100_000),
        "$(".repeat(50_000),
        "@{a=".repeat(50_000),
        "\"$(".repeat(20_000),
        "-not ".repeat(100_000),
        "1+".repeat(100_000) + "1",
        "$a".to_string() + &".b".repeat(100_000),
        "[int]".repeat(100_000) + "1",
        ",".repeat(100_000),
        "$x = ".repeat(50_000) + "1",
        "if ($a) {".repeat(20_000),
    ];
    for text in &deep {
        let out = rosh_lang::parse(text);
        assert!(
            !out.errors.is_empty(),
            "expected errors for {}...",
            &text[..20.min(text.len())]
        );
    }
}

#[test]
fn wide_but_shallow_scripts_parse() {
    let many_statements = "$x = 1 + 2\n".repeat(20_000);
    assert!(rosh_lang::parse(&many_statements).errors.is_empty());
    let long_array = format!(
        "$a = {}",
        (0..20_000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(rosh_lang::parse(&long_array).errors.is_empty());
    let big_hash = format!(
        "@{{ {} }}",
        (0..5_000)
            .map(|i| format!("k{i} = {i}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(rosh_lang::parse(&big_hash).errors.is_empty());
}
