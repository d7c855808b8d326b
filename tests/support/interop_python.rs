//! The Python of the interoperability tests: the venv `tests/run` makes at `.venv/` from
//! `tests/requirements.txt` (psrpcore, pypsrp, asyncssh), or the interpreter
//! `ROSH_INTEROP_PYTHON` names. Without it a test fails, unless `ROSH_SKIP_INTEROP=1` asks
//! to skip the interoperability tests (then this says so and gives `None`).

use std::path::PathBuf;

/// The interop venv's python, or `None` (with a notice) under `ROSH_SKIP_INTEROP=1`.
pub fn python() -> Option<PathBuf> {
    let p = std::env::var_os("ROSH_INTEROP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    if p.exists() {
        return Some(p);
    }
    if std::env::var("ROSH_SKIP_INTEROP").as_deref() == Ok("1") {
        eprintln!("ROSH_SKIP_INTEROP=1: skipping the interoperability tests");
        return None;
    }
    panic!(
        "the interop venv is missing ({}): run tests/run, which creates it from \
         tests/requirements.txt (or set ROSH_SKIP_INTEROP=1 to skip the interoperability tests)",
        p.display()
    );
}
