use super::*;
use crate::host::CaptureHost;
use crate::interp::SourceInfo;
use std::sync::Arc;

fn runspace(script: &str) -> Runspace {
    let mut rs = Runspace::new(Box::new(CaptureHost::default()));
    let out = rosh_lang::parse(script);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let text: Arc<str> = Arc::from(script);
    let _ = rs.run_script(
        &out.script,
        SourceInfo {
            path: None,
            lines: Arc::new(rosh_lang::LineIndex::new(script)),
            text,
        },
    );
    rs
}

fn texts(rs: &mut Runspace, input: &str) -> (usize, Vec<String>) {
    let c = complete(rs, input, input.len());
    (c.start, c.candidates.into_iter().map(|c| c.text).collect())
}

#[test]
fn function_names_and_their_parameters() {
    let mut rs = runspace("function Get-Thing { param($Path, $PassThru, [int]$Count) }");
    assert_eq!(
        texts(&mut rs, "Get-Thi"),
        (0, vec!["Get-Thing".to_string()])
    );
    assert_eq!(
        texts(&mut rs, "Get-Thing -Pa"),
        (10, vec!["-Path".to_string(), "-PassThru".to_string()])
    );
    assert_eq!(
        texts(&mut rs, "1 | Get-Thing -c").1,
        vec!["-Count".to_string()]
    );
}

#[test]
fn variables_with_and_without_scope() {
    let mut rs = runspace("$myValue = 1; $myOther = 2");
    assert_eq!(
        texts(&mut rs, "echo $my"),
        (5, vec!["$myOther".to_string(), "$myValue".to_string()])
    );
    assert_eq!(
        texts(&mut rs, "$global:myV").1,
        vec!["$global:myValue".to_string()]
    );
}

#[test]
fn members_of_a_variables_value() {
    let mut rs =
        runspace("$o = [pscustomobject]@{ Name = 'x'; Nested = @{ Inner = 1 } }; $s = 'abc'");
    assert_eq!(texts(&mut rs, "$o.Na").1, vec!["Name".to_string()]);
    assert_eq!(texts(&mut rs, "$o.Nested.Inn").1, vec!["Inner".to_string()]);
    let (start, found) = texts(&mut rs, "$s.ToUp");
    assert_eq!(start, 3);
    assert_eq!(
        found,
        vec!["ToUpper(".to_string(), "ToUpperInvariant(".to_string()]
    );
    assert_eq!(texts(&mut rs, "$s.Len").1, vec!["Length".to_string()]);
}

#[test]
fn type_names_and_static_members() {
    let mut rs = runspace("");
    let (start, found) = texts(&mut rs, "[System.Int");
    assert_eq!(start, 1);
    assert!(found.contains(&"System.Int32".to_string()), "{found:?}");
    assert!(
        texts(&mut rs, "[math]::Ro")
            .1
            .contains(&"Round(".to_string())
    );
}

#[test]
fn paths_relative_to_the_location() {
    let dir = std::env::temp_dir().join(format!("rosh-complete-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("subdir")).unwrap();
    std::fs::write(dir.join("sub file.txt"), "").unwrap();
    let mut rs = runspace("");
    rs.set_location(dir.clone());
    assert_eq!(
        texts(&mut rs, "Get-Content su").1,
        vec!["./subdir/".to_string(), "'./sub file.txt'".to_string()]
    );
    assert_eq!(
        texts(&mut rs, "cat ./subd").1,
        vec!["./subdir/".to_string()]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
