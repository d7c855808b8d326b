//! Interop with a third-party PSRP implementation (psrpcore, pinned in
//! `remoting/tests/requirements-psrp.txt`), both ways, over a child process's stdio:
//!
//! - rosh's tokio client session against `interop/psrp_server.py` (a psrpcore server);
//! - a psrpcore client (`interop/psrp_client.py`) against rosh's server core.
//!
//! `ROSH_PSRP_VENV` names the Python interpreter of a venv with the requirements installed.
//! Without it the tests say they were skipped, unless `ROSH_REQUIRE_INTEROP=1`, which makes
//! them fail.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{ArgValue, Availability, CommandSpec, PipelineSpec};
use rosh_remoting::client::{ClientEvent, RecordKind};
use rosh_remoting::clixml::decode_string;
use rosh_remoting::outofproc::server::OutOfProcServer;
use rosh_remoting::server::{Server, ServerConfig, ServerEvent};
use rosh_remoting::state::PipelineState;
use rosh_remoting::transport::{ClientSession, Connection, spawn};

const TIMEOUT: Duration = Duration::from_secs(30);

fn python() -> Option<PathBuf> {
    match std::env::var_os("ROSH_PSRP_VENV") {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(
                path.exists(),
                "ROSH_PSRP_VENV={} does not exist",
                path.display()
            );
            Some(path)
        }
        None => {
            assert!(
                std::env::var("ROSH_REQUIRE_INTEROP").as_deref() != Ok("1"),
                "ROSH_REQUIRE_INTEROP=1 but ROSH_PSRP_VENV is not set: point it at the python of \
                 a venv with remoting/tests/requirements-psrp.txt installed"
            );
            // Straight to stderr, past the test harness's capture, so a passing run still
            // says it skipped.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"skipped: PSRP interop needs ROSH_PSRP_VENV (the python of a venv with \
                  remoting/tests/requirements-psrp.txt)\n",
            );
            None
        }
    }
}

fn script(name: &str) -> String {
    format!("{}/tests/interop/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The text of a serialized string output (`<S>...</S>`).
fn string_output(xml: &str) -> String {
    let inner = xml
        .strip_prefix("<S>")
        .and_then(|s| s.strip_suffix("</S>"))
        .unwrap_or_else(|| panic!("not a string: {xml}"));
    decode_string(
        &inner
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[tokio::test]
async fn rosh_client_against_psrpcore_server() {
    let Some(python) = python() else { return };
    let limits = Limits::default();
    let python = python.to_string_lossy().into_owned();
    let server_script = script("psrp_server.py");
    let (connection, mut child) = spawn(&python, &[server_script.as_str()], &limits).unwrap();
    let mut session = ClientSession::open(connection, limits, TIMEOUT)
        .await
        .unwrap();
    assert_eq!(
        session
            .pool()
            .protocol_version()
            .map(|v| v.to_string())
            .as_deref(),
        Some("2.3")
    );
    assert!(
        session
            .pool()
            .application_private_data()
            .unwrap()
            .contains("ApplicationPrivateData")
    );

    // An Invoke-Command-style script with a positional argument and a $using: dictionary.
    let using = r#"<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N="Key">JAB1AHMAaQBuAGcAOgBuAGEAbQBlAA==</S><S N="Value">World</S></En></DCT></Obj>"#;
    let spec = PipelineSpec::new(vec![
        CommandSpec::script("param($a) \"$a $using:Name\"\n'second line'")
            .with_argument(ArgValue::String("x".into()))
            .with_parameter("--%", ArgValue::Xml(using.into())),
    ]);
    let result = session.run(&spec).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    assert_eq!(result.output.len(), 1, "{:?}", result.output);
    assert_eq!(
        string_output(&result.output[0]),
        "param($a) \"$a $using:Name\"\n'second line'|script=True|-=x,--%={'JAB1AHMAaQBuAGcAOgBuAGEAbQBlAA==': 'World'}"
    );

    // Commands with typed arguments, in two statements.
    let mut spec = PipelineSpec::new(vec![
        CommandSpec::command("Get-Item")
            .with_parameter("Path", ArgValue::String("/tmp".into()))
            .with_parameter("Force", ArgValue::Bool(true))
            .with_parameter("Depth", ArgValue::Int(3))
            .with_parameter("Filter", ArgValue::Null),
    ]);
    spec.statements.push(vec![CommandSpec::command("Get-Date")]);
    let result = session.run(&spec).await.unwrap();
    let outputs: Vec<_> = result.output.iter().map(|o| string_output(o)).collect();
    assert_eq!(
        outputs,
        vec![
            "Get-Item|script=False|Path=/tmp,Force=True,Depth=3,Filter=None",
            "Get-Date|script=False|"
        ]
    );

    // Pipeline input, one object bigger than a fragment.
    let mut spec = PipelineSpec::new(vec![CommandSpec::command("Write-Output")]);
    spec.no_input = false;
    let pid = session.start_pipeline(&spec).await.unwrap();
    let big = "y".repeat(50_000);
    session
        .pool()
        .send_input(pid, format!("<S>{big}</S>"))
        .unwrap();
    session
        .pool()
        .send_input(pid, "<I32>42</I32>".into())
        .unwrap();
    session.pool().end_input(pid).unwrap();
    let result = session.collect(pid).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    assert_eq!(result.output.len(), 3);
    assert_eq!(string_output(&result.output[1]), big);
    assert_eq!(result.output[2], "<I32>42</I32>");

    // Every record stream and a host call.
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::command(
            "Emit-Records",
        )]))
        .await
        .unwrap();
    let kinds: Vec<_> = result.records.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        kinds,
        vec![
            RecordKind::Warning,
            RecordKind::Verbose,
            RecordKind::Debug,
            RecordKind::Information,
            RecordKind::Progress,
            RecordKind::Error
        ]
    );
    assert!(result.records[0].1.contains("a warning"));
    assert!(result.records[5].1.contains("Interop.Error"));
    assert_eq!(result.host_calls.len(), 1);
    assert_eq!(result.host_calls[0].0, 16);
    assert!(
        result.host_calls[0]
            .1
            .as_deref()
            .unwrap()
            .contains("via the host")
    );

    // Stop.
    let pid = session
        .start_pipeline(&PipelineSpec::new(vec![
            CommandSpec::command("Start-Sleep").with_parameter("Seconds", ArgValue::Int(60)),
        ]))
        .await
        .unwrap();
    session.stop(pid).await.unwrap();
    let result = session.collect(pid).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Stopped));
    assert!(result.error.unwrap().contains("PipelineStopped"));

    // The server asks for the session key (PUBLIC_KEY_REQUEST): the client answers with its
    // public key, and psrpcore's ENCRYPTED_SESSION_KEY opens with it.
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::command(
            "Request-Key",
        )]))
        .await
        .unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    while session.session_key().is_none() {
        session.next_event("ENCRYPTED_SESSION_KEY").await.unwrap();
    }
    let key = session.session_key().unwrap().clone();
    // SecureStrings both ways, sealed with that key.
    let result = session
        .run(&PipelineSpec::new(vec![
            CommandSpec::command("Open-Secrets").with_argument(ArgValue::Xml(format!(
                "<SS>{}</SS>",
                key.encrypt("from rosh ü")
            ))),
        ]))
        .await
        .unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    assert_eq!(string_output(&result.output[1]), "secret=from rosh ü");
    let sealed = result.output[2]
        .strip_prefix("<SS>")
        .and_then(|s| s.strip_suffix("</SS>"))
        .unwrap_or_else(|| panic!("a SecureString: {}", result.output[2]));
    assert_eq!(key.decrypt(sealed).unwrap(), "from psrpcore");

    // A pool operation.
    let ci = session.pool().set_max_runspaces(4).unwrap();
    loop {
        if let ClientEvent::Availability { ci: got, answer } =
            session.next_event("RUNSPACE_AVAILABILITY").await.unwrap()
        {
            assert_eq!((got, answer), (ci, Availability::Done(true)));
            break;
        }
    }

    session.close().await.unwrap();
    let status = tokio::time::timeout(TIMEOUT, child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "psrpcore server exited with {status}");
}

/// rosh's server core with a toy engine: output is the CREATE_PIPELINE's length and
/// then the input echoed; Start-Sleep runs until stopped.
fn engine(server: &mut Server) {
    while let Some(event) = server.next_event() {
        match event {
            ServerEvent::PipelineCreated {
                rpid,
                pid,
                body,
                no_input,
            } => {
                if body.contains("Start-Sleep") {
                    continue;
                }
                server
                    .write_output(rpid, pid, "<S>created</S>".into())
                    .expect("test peer");
                server
                    .write_record(
                        rpid,
                        pid,
                        RecordKind::Warning,
                        r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.WarningRecord</T><T>System.Management.Automation.InformationalRecord</T><T>System.Object</T></TN><ToString>careful</ToString><MS><S N="InformationalRecord_Message">careful</S><B N="InformationalRecord_SerializeInvocationInfo">false</B></MS></Obj>"#.into(),
                    )
                    .expect("test peer");
                if no_input {
                    server.complete_pipeline(rpid, pid).expect("test peer");
                }
            }
            ServerEvent::PipelineInput { rpid, pid, data } => {
                server.write_output(rpid, pid, data).expect("test peer");
            }
            ServerEvent::EndOfInput { rpid, pid } => {
                server.complete_pipeline(rpid, pid).expect("test peer")
            }
            ServerEvent::StopRequested { rpid, pid } => {
                let _ = server.stopped_pipeline(rpid, pid, None);
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn psrpcore_client_against_rosh_server() {
    let Some(python) = python() else { return };
    let limits = Limits::default();
    let mut child = tokio::process::Command::new(python)
        .arg(script("psrp_client.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut connection = Connection::new(stdout, stdin, &limits);
    let mut server = Server::new(ServerConfig::default());
    let mut oop = OutOfProcServer::new(limits, 32768);
    let serve = async {
        while let Some(packet) = connection.read_packet().await.unwrap() {
            oop.handle_packet(&mut server, packet).unwrap();
            engine(&mut server);
            oop.flush(&mut server);
            while let Some(p) = oop.next_packet() {
                connection.write_packet(&p).await.unwrap();
            }
        }
        oop.connection_lost(&mut server);
    };
    tokio::time::timeout(TIMEOUT, serve).await.unwrap();
    let output = tokio::time::timeout(TIMEOUT, child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "psrpcore client failed:\n{report}");
    assert!(
        report.contains("psrpcore client: all checks passed"),
        "{report}"
    );
}
