//! The client session against `rosh -s`: the binary's server engine, end to end, below the
//! commands (Invoke-Command and friends are tested in `remoting_commands.rs`).

use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{ArgValue, CommandSpec, PipelineSpec};
use rosh_remoting::client::RecordKind;
use rosh_remoting::session::{PipelineEvent, RemoteSession, SessionOptions, SessionState};
use rosh_remoting::state::PipelineState;

const WAIT: Duration = Duration::from_secs(30);

fn open() -> RemoteSession {
    RemoteSession::open(SessionOptions {
        program: env!("CARGO_BIN_EXE_rosh").into(),
        args: vec!["-s".into()],
        open_timeout: WAIT,
        limits: Limits::default(),
        env: Vec::new(),
        transport: Default::default(),
    })
    .expect("rosh -s opens")
}

/// Every event of a pipeline until it finishes.
fn run(session: &RemoteSession, spec: PipelineSpec) -> Vec<PipelineEvent> {
    let p = session.start(spec).expect("starts");
    let mut events = Vec::new();
    loop {
        let e = p.next_event(WAIT).expect("an event in time");
        let done = matches!(e, PipelineEvent::Finished { .. } | PipelineEvent::Broken(_));
        events.push(e);
        if done {
            return events;
        }
    }
}

fn outputs(events: &[PipelineEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            PipelineEvent::Output(x) => Some(x.clone()),
            _ => None,
        })
        .collect()
}

fn script(text: &str) -> PipelineSpec {
    PipelineSpec::new(vec![CommandSpec::script(text)])
}

#[test]
fn runs_scripts_and_keeps_state_between_pipelines() {
    let s = open();
    let events = run(&s, script("$x = 40; $x + 2; 'two'"));
    assert_eq!(outputs(&events), vec!["<I32>42</I32>", "<S>two</S>"]);
    assert!(matches!(
        events.last(),
        Some(PipelineEvent::Finished {
            state: PipelineState::Completed,
            ..
        })
    ));
    let events = run(&s, script("$x"));
    assert_eq!(outputs(&events), vec!["<I32>40</I32>"]);
    s.close();
}

#[test]
fn streams_records_and_reports_failures() {
    let s = open();
    let events = run(
        &s,
        script("Write-Warning careful; Write-Error oops; 1; throw 'boom'"),
    );
    let kinds: Vec<RecordKind> = events
        .iter()
        .filter_map(|e| match e {
            PipelineEvent::Record(k, _) => Some(*k),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, vec![RecordKind::Warning, RecordKind::Error]);
    match events.last() {
        Some(PipelineEvent::Finished {
            state: PipelineState::Failed,
            error: Some(e),
        }) => assert!(e.contains("boom"), "{e}"),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn takes_arguments_and_input() {
    let s = open();
    let mut spec = PipelineSpec::new(vec![
        CommandSpec::script("param($n) $input | ForEach-Object { $_ * $n }")
            .with_argument(ArgValue::Int(3)),
    ]);
    spec.no_input = false;
    let p = s.start(spec).unwrap();
    p.send_input("<I32>1</I32>".into());
    p.send_input("<I32>2</I32>".into());
    p.end_input();
    let mut out = Vec::new();
    loop {
        match p.next_event(WAIT).unwrap() {
            PipelineEvent::Output(x) => out.push(x),
            PipelineEvent::Finished { state, .. } => {
                assert_eq!(state, PipelineState::Completed);
                break;
            }
            _ => {}
        }
    }
    assert_eq!(out, vec!["<I32>3</I32>", "<I32>6</I32>"]);
}

#[test]
fn a_stop_ends_a_long_pipeline_and_the_session_stays_usable() {
    let s = open();
    let p = s.start(script("1; Start-Sleep 60; 2")).unwrap();
    assert_eq!(
        p.next_event(WAIT).unwrap(),
        PipelineEvent::Output("<I32>1</I32>".into())
    );
    p.stop();
    match p.next_event(WAIT).unwrap() {
        PipelineEvent::Finished { state, .. } => assert_eq!(state, PipelineState::Stopped),
        other => panic!("{other:?}"),
    }
    assert_eq!(outputs(&run(&s, script("'again'"))), vec!["<S>again</S>"]);
    assert_eq!(s.state(), SessionState::Opened);
}

/// Feeds `input` to `rosh -s`; (exit code, stderr).
fn serve_raw(input: &[u8]) -> (i32, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rosh"))
        .arg("-s")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("rosh -s starts");
    let mut stdin = child.stdin.take().expect("piped");
    // The server may stop reading once it has seen enough to give up.
    let _ = stdin.write_all(input);
    drop(stdin);
    let out = child.wait_with_output().expect("rosh -s exits");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn hostile_bytes_end_the_connection_with_a_clear_error() {
    let (code, err) = serve_raw(b"this is not a packet\n");
    assert_eq!(code, 1);
    assert!(err.contains("rosh: remoting server:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let mut long =
        b"<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>".to_vec();
    long.extend(std::iter::repeat_n(b'A', 64 * 1024 * 1024));
    long.extend(b"</Data>\n");
    let (code, err) = serve_raw(&long);
    assert_eq!(code, 1);
    assert!(err.contains("line"), "{err}");

    // A start fragment whose fragment id is 7, not 0.
    let bad_fragment = b"<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>AAAAAAAAAAEAAAAAAAAABwMAAAAEYWJjZA==</Data>\n";
    let (code, err) = serve_raw(bad_fragment);
    assert_eq!(code, 1);
    assert!(err.contains("fragment id 7"), "{err}");

    // Part of a fragment, then the end: nothing to act on, a clean exit.
    let partial =
        b"<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>AAAA</Data>\n";
    assert_eq!(serve_raw(partial).0, 0);

    // End of input at once is a client that went away: a clean exit.
    assert_eq!(serve_raw(b"").0, 0);
}
