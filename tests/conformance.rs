//! Conformance cases under `tests/conformance/cases/`: scripts run through the binary as
//! `rosh -NoProfile -NonInteractive -Command <script>`, compared with the output PowerShell
//! 7.4 gives (stdout exactly; stderr and exit code when a case states them).
//!
//! `tests/conformance/known-failures.txt` lists cases rosh does not pass yet, one name per
//! line (text after `#` is a note). A listed case that passes is an error too, so the list
//! only shrinks.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

struct Case {
    file: String,
    name: String,
    script: String,
    stdout: String,
    stderr: Option<String>,
    exit: i32,
}

fn parse_cases(file: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<(String, Vec<(String, String)>)> = None;
    let finish = |c: Option<(String, Vec<(String, String)>)>, cases: &mut Vec<Case>| {
        let Some((name, sections)) = c else { return };
        let get = |k: &str| {
            sections
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        let Some(stdout) = get("stdout") else { return };
        let script = get("script").unwrap_or_default();
        cases.push(Case {
            file: file.to_string(),
            name,
            script: script.strip_suffix('\n').unwrap_or(&script).to_string(),
            stdout,
            stderr: get("stderr").filter(|s| !s.trim().is_empty()),
            exit: get("exit").and_then(|e| e.trim().parse().ok()).unwrap_or(0),
        });
    };
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("=== ") {
            finish(current.take(), &mut cases);
            current = Some((
                name.trim().to_string(),
                vec![("script".to_string(), String::new())],
            ));
            continue;
        }
        let Some((_, sections)) = current.as_mut() else {
            continue;
        };
        if let Some(head) = line.strip_prefix("--- ") {
            sections.push((head.trim().to_string(), String::new()));
            continue;
        }
        if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
        }
    }
    finish(current.take(), &mut cases);
    cases
}

fn normalize(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines
        .join("\n")
        .trim_end_matches('\n')
        .trim_start_matches('\n')
        .to_string()
}

#[test]
fn conformance_cases() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let known: BTreeSet<String> = std::fs::read_to_string(root.join("known-failures.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("cases"))
        .expect("cases dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    let mut total = 0;
    let mut passed = 0;
    let scratch = std::env::temp_dir().join(format!("rosh-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for f in &files {
        let file = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(f).expect("read cases");
        for case in parse_cases(&file, &text) {
            total += 1;
            let out = Command::new(env!("CARGO_BIN_EXE_rosh"))
                .args(["-NoProfile", "-NonInteractive", "-Command", &case.script])
                .current_dir(&scratch)
                .env("NO_COLOR", "1")
                .output()
                .expect("run rosh");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code().unwrap_or(-1);
            let mut problems = Vec::new();
            if normalize(&stdout) != normalize(&case.stdout) {
                problems.push(format!(
                    "stdout:\n--- want\n{}\n--- got\n{}",
                    normalize(&case.stdout),
                    normalize(&stdout)
                ));
            }
            if let Some(want) = &case.stderr
                && normalize(&stderr) != normalize(want)
            {
                problems.push(format!(
                    "stderr:\n--- want\n{}\n--- got\n{}",
                    normalize(want),
                    normalize(&stderr)
                ));
            }
            if code != case.exit {
                problems.push(format!(
                    "exit code: want {}, got {code}\nstderr: {stderr}",
                    case.exit
                ));
            }
            let id = format!("{}: {}", case.file, case.name);
            let listed = known.contains(&id);
            if problems.is_empty() {
                passed += 1;
                if listed {
                    unexpected_passes.push(id);
                }
            } else if !listed {
                failures.push(format!("{id}\n{}\n", problems.join("\n")));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "conformance: {passed} of {total} cases pass; {} listed as known failures",
        known.len()
    );
    assert!(total > 0, "no conformance cases found");
    assert!(
        unexpected_passes.is_empty(),
        "these cases pass now; remove them from known-failures.txt:\n{}",
        unexpected_passes.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
