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
