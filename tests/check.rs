//! `rosh --check` through the binary: exit status, and diagnostics with file, line, column and
//! PowerShell's error id.

use std::process::Command;

fn rosh() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rosh"));
    c.env("NO_COLOR", "1");
    c
}

/// A script written for one test, removed when dropped.
struct TempScript(std::path::PathBuf);

impl TempScript {
    fn display(&self) -> std::path::Display<'_> {
        self.0.display()
    }
}

impl AsRef<std::ffi::OsStr> for TempScript {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempScript {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_script(name: &str, text: &str) -> TempScript {
    let path = std::env::temp_dir().join(format!("rosh-check-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write script");
    TempScript(path)
}

#[test]
fn a_valid_script_checks_clean() {
    let path = temp_script(
        "ok.ps1",
        "function f([int]$x) { $x * 2 }\nf 21 | Write-Output\n",
    );
    let out = rosh().arg("--check").arg(&path).output().expect("run rosh");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn a_broken_script_reports_id_and_position_and_fails() {
    let path = temp_script("bad.ps1", "$ok = 1\nif ($x) {\n    Get-Date |\n}\n");
    let out = rosh().arg("--check").arg(&path).output().expect("run rosh");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:3:15: EmptyPipeElement: An empty pipe element is not allowed.",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("Get-Date |"),
        "the source line is shown: {err}"
    );
}

#[test]
fn every_file_is_checked_and_any_error_fails() {
    let good = temp_script("good2.ps1", "'fine'\n");
    let bad = temp_script("bad2.ps1", "$x = (1 + \n");
    let out = rosh()
        .arg("--check")
        .arg(&good)
        .arg(&bad)
        .output()
        .expect("run rosh");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad2.ps1:1:10: ExpectedValueExpression"),
        "{err}"
    );
    assert!(!err.contains("good2.ps1"), "{err}");
}

#[test]
fn a_missing_file_is_an_error() {
    let out = rosh()
        .arg("--check")
        .arg("/nonexistent/x.ps1")
        .output()
        .expect("run rosh");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.ps1"));
}

#[test]
fn the_remoting_tour_parses() {
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/remoting-tour.ps1");
    let out = rosh().arg("--check").arg(tour).output().expect("run rosh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
