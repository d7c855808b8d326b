//! Remoting interoperability with third-party PSRP implementations, both ways:
//!
//! - pypsrp (1.0.0b1's `psrp` package, on psrpcore) drives `rosh -s`:
//!   `tests/interop/pypsrp_client.py` opens a pool, runs a script with `$using:` values,
//!   pipeline input, a two-command pipeline and two statements, reads errors, stops a
//!   pipeline and closes;
//! - rosh's client session drives the psrpcore mock server of
//!   `../shared/reference/psrp-scripts/mock_outofproc_server.py`, which echoes what it
//!   received.
//!
//! Python comes from the venv `tests/run` makes (`ROSH_INTEROP_PYTHON` may name another);
//! without it the tests fail unless `ROSH_SKIP_INTEROP=1`.

#[path = "support/interop_python.rs"]
mod interop_python;
use interop_python::python;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{ArgValue, CommandSpec, PipelineSpec};
use rosh_remoting::engine::request::encode_using_key;
use rosh_remoting::session::{PipelineEvent, RemoteSession, SessionOptions};
use rosh_remoting::state::PipelineState;
use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::serialization::{self, deserialize};

#[test]
fn pypsrp_drives_the_rosh_server() {
    let Some(python) = python() else { return };
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pypsrp_client.py");
    let out = Command::new(python)
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_rosh"))
        .output()
        .expect("python runs");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "pypsrp client failed:\n{report}");
    assert!(
        report.contains("pypsrp client: all checks passed"),
        "{report}"
    );
}

fn read(xml: &str) -> Value {
    deserialize(xml.as_bytes(), &serialization::Limits::default()).expect("the mock's CLIXML reads")
}

#[test]
fn the_rosh_client_drives_the_psrpcore_mock_server() {
    let Some(python) = python() else { return };
    let mock = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/psrp-scripts/mock_outofproc_server.py");
    let session = RemoteSession::open(SessionOptions {
        program: python,
        args: vec![mock.display().to_string()],
        open_timeout: Duration::from_secs(30),
        limits: Limits::default(),
        env: Vec::new(),
        transport: Default::default(),
    })
    .expect("the mock server opens a pool");
    let using = serialization::serialize(
        &{
            let h = rosh_runtime::value::Hashtable::new(false);
            h.insert(
                Value::str(encode_using_key("$using:name")),
                Value::str("World"),
            );
            Value::Hashtable(h)
        },
        2,
    );
    let mut spec = PipelineSpec::new(vec![
        CommandSpec::script("param($a) \"$a $using:Name\"")
            .with_argument(ArgValue::String("hi".into()))
            .with_parameter("--%", ArgValue::Xml(using)),
    ]);
    spec.no_input = false;
    let p = session.start(spec).expect("starts");
    p.send_input(serialization::serialize(&Value::str("piped"), 1));
    p.end_input();
    let mut outputs = Vec::new();
    loop {
        match p
            .next_event(Duration::from_secs(30))
            .expect("an event in time")
        {
            PipelineEvent::Output(xml) => outputs.push(read(&xml)),
            PipelineEvent::Finished { state, .. } => {
                assert_eq!(state, PipelineState::Completed);
                break;
            }
            PipelineEvent::Broken(why) => panic!("broken: {why}"),
            _ => {}
        }
    }
    assert_eq!(outputs.len(), 2, "the echoed command, then the input");
    let Value::Object(echo) = &outputs[0] else {
        panic!("an object: {:?}", outputs[0])
    };
    assert_eq!(
        to_str(&echo.get("Command").unwrap()),
        "param($a) \"$a $using:Name\""
    );
    assert_eq!(to_str(&echo.get("IsScript").unwrap()), "True");
    let Some(Value::Hashtable(u)) = echo.get("Using") else {
        panic!("the using map: {:?}", echo.get("Using"))
    };
    assert_eq!(
        u.get(&Value::str("$using:name"))
            .map(|v| to_str(&v))
            .as_deref(),
        Some("World")
    );
    assert_eq!(to_str(&outputs[1]), "piped");
    // The mock writes an error record for Write-Error: it arrives in the error stream.
    let p = session
        .start(PipelineSpec::new(vec![CommandSpec::command("Write-Error")]))
        .expect("starts");
    let mut errors = Vec::new();
    loop {
        match p
            .next_event(Duration::from_secs(30))
            .expect("an event in time")
        {
            PipelineEvent::Record(kind, xml) => errors.push((kind, xml)),
            PipelineEvent::Finished { .. } => break,
            _ => {}
        }
    }
    assert_eq!(errors.len(), 1);
    let e = rosh_remoting::records::error_record_from(&read(&errors[0].1));
    assert_eq!(e.message, "mock error");
    session.close_and_wait(Duration::from_secs(10));
}
