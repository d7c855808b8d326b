//! The parse corpus under `tests/corpus/`: realistic scripts that must parse with no
//! diagnostic, and broken scripts that must report PowerShell's first error id and position.

use rosh_lang::parse;
use std::fs;
use std::path::PathBuf;

fn corpus_dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus")
        .join(sub)
}

fn files(sub: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(corpus_dir(sub))
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

#[test]
fn every_corpus_script_parses_without_diagnostics() {
    let scripts = files("scripts", "ps1");
    assert!(scripts.len() >= 50, "corpus has {} scripts", scripts.len());
    let mut lines = 0;
    let mut failures = Vec::new();
    for path in &scripts {
        let text = fs::read_to_string(path).expect("read script");
        lines += text.lines().count();
        let out = parse(&text);
        for e in out.errors.iter().take(3) {
            let lc = e.line_col(&text);
            failures.push(format!(
                "{}:{}:{}: {} {}",
                path.display(),
                lc.line,
                lc.column,
                e.id,
                e.message
            ));
        }
    }
    assert!(lines >= 5000, "corpus has {lines} lines");
    assert!(
        failures.is_empty(),
        "{} diagnostics:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_broken_script_reports_powershells_first_error() {
    let cases = files("broken", "ps1");
    assert!(cases.len() >= 60, "{} broken cases", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let text = fs::read_to_string(path).expect("read case");
        let expected = fs::read_to_string(path.with_extension("expected")).expect("expected file");
        let want: Vec<&str> = expected.split_whitespace().collect();
        let out = parse(&text);
        let got = match out.errors.first() {
            Some(e) => {
                let lc = e.line_col(&text);
                format!(
                    "{} {} {} {}",
                    e.id,
                    lc.line,
                    lc.column,
                    if e.incomplete {
                        "incomplete"
                    } else {
                        "complete"
                    }
                )
            }
            None => "no error".to_string(),
        };
        if got.split_whitespace().collect::<Vec<_>>() != want {
            failures.push(format!(
                "{}: want `{}`, got `{got}`",
                path.file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default(),
                want.join(" ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
