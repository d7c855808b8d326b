//! The front end's API as the REPL and remoting use it: the incomplete flag, script block
//! text, `$using:` collection, spans.

use rosh_lang::ast::{ExprKind, PipelineElement, ScriptBody, StatementKind};
use rosh_lang::parse;
use rosh_lang::using::using_expressions;

#[test]
fn unfinished_input_typed_at_a_prompt_is_incomplete() {
    for text in [
        "if ($true) {",
        "function f {\n  Get-Date",
        "$x = 1 +",
        "Get-Process |",
        "$s = \"unterminated",
        "$h = @'\nbody",
        "@{ a = 1",
        "foreach ($x in $list",
        "$x =",
        "<# comment",
        "$a.Method(1,",
        "try { 1 }  catch",
        "Get-ChildItem `",
        "try { Get-Item x }",
    ] {
        let out = parse(text);
        assert!(!out.errors.is_empty(), "{text:?} should have an error");
        if text != "try { 1 }  catch" {
            assert!(
                out.is_incomplete(),
                "{text:?} should be incomplete: {:?}",
                out.errors
            );
        }
    }
}

#[test]
fn wrong_input_is_not_incomplete() {
    for text in [
        "1 2",
        "if ($x) { 1 } }",
        "$a -foo 3",
        "1 = 2",
        "Get-Item ) x",
    ] {
        let out = parse(text);
        assert!(!out.errors.is_empty(), "{text:?}");
        assert!(
            !out.is_incomplete(),
            "{text:?} is wrong, not unfinished: {:?}",
            out.errors
        );
    }
}

#[test]
fn script_blocks_keep_their_exact_text() {
    let text = "Invoke-Command -ComputerName a {\n  param($x)\n  \"hi $using:name\" # note\n}";
    let out = parse(text);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let ScriptBody::Statements(stmts) = &out.script.body else {
        panic!()
    };
    let StatementKind::Pipeline(chain) = &*stmts[0].kind else {
        panic!()
    };
    let PipelineElement::Command(cmd) = &chain.first.elements[0] else {
        panic!()
    };
    let rosh_lang::ast::CommandElement::Argument(arg) = cmd.elements.last().expect("argument")
    else {
        panic!()
    };
    let ExprKind::ScriptBlock(sb) = &arg.kind else {
        panic!("{arg:?}")
    };
    assert_eq!(sb.text(), "\n  param($x)\n  \"hi $using:name\" # note\n");
    assert_eq!(out.script.text(), text);
}

#[test]
fn using_expressions_are_collected_with_their_keys() {
    let text = "{ $using:Server; $using:h.Key; $using:a[0].Name; \"$using:Name\"; & { $using:inner }; Get-X @using:splat }";
    let out = parse(text);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let found = using_expressions(&out.script, text);
    let texts: Vec<String> = found.iter().map(|u| u.key_text()).collect();
    assert_eq!(
        texts,
        vec![
            "$using:server",
            "$using:h.Key",
            "$using:a[0].Name",
            "$using:name",
            "$using:inner",
            "$using:splat"
        ]
    );
}

#[test]
fn invalid_using_forms_are_reported() {
    for (text, id) in [
        ("$using:a[$i]", "InvalidUsingExpression"),
        ("$using:o.M()", "InvalidUsingExpression"),
        ("$using:o.$n", "InvalidUsingExpression"),
        ("$using:x = 1", "InvalidLeftHandSide"),
    ] {
        let out = parse(text);
        assert_eq!(out.errors.first().map(|e| e.id), Some(id), "{text}");
    }
}

#[test]
fn spans_point_at_the_source() {
    let text = "Get-Item -Path a.txt";
    let out = parse(text);
    let ScriptBody::Statements(stmts) = &out.script.body else {
        panic!()
    };
    assert_eq!(stmts[0].span.text(text), text);
    let StatementKind::Pipeline(chain) = &*stmts[0].kind else {
        panic!()
    };
    let PipelineElement::Command(cmd) = &chain.first.elements[0] else {
        panic!()
    };
    assert_eq!(cmd.name.span.text(text), "Get-Item");
}
