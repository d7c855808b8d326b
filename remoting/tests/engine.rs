//! The server's execution engine over an in-memory connection, with a runspace factory that
//! has no built-in commands (the language alone): the limits it holds a client to.

use std::sync::Arc;
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{CommandSpec, PipelineSpec};
use rosh_remoting::engine::{RunspaceFactory, serve};
use rosh_remoting::server::ServerConfig;
use rosh_remoting::state::PipelineState;
use rosh_remoting::transport::{ClientSession, Connection};
use rosh_runtime::Runspace;
use rosh_runtime::host::Host;

struct LanguageOnly;

impl RunspaceFactory for LanguageOnly {
    fn create(&self, host: Box<dyn Host>) -> Runspace {
        Runspace::new(host)
    }
}

async fn session_with(
    limits: Limits,
) -> ClientSession<tokio::io::DuplexStream, tokio::io::DuplexStream> {
    let (client_read, server_write) = tokio::io::duplex(1 << 20);
    let (server_read, client_write) = tokio::io::duplex(1 << 20);
    let config = ServerConfig {
        limits,
        ..ServerConfig::default()
    };
    tokio::spawn(async move {
        let connection = Connection::new(server_read, server_write, &limits);
        let _ = serve(connection, Arc::new(LanguageOnly), config).await;
    });
    ClientSession::open(
        Connection::new(client_read, client_write, &Limits::default()),
        Limits::default(),
        Duration::from_secs(30),
    )
    .await
    .expect("the pool opens")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_receiving_more_than_its_limit_fails_with_a_clear_error() {
    let limits = Limits {
        max_command_data: 4096,
        ..Limits::default()
    };
    let mut session = session_with(limits).await;
    let mut spec = PipelineSpec::new(vec![CommandSpec::script("$input | ForEach-Object { 1 }")]);
    spec.no_input = false;
    let pid = session.start_pipeline(&spec).await.expect("starts");
    let big = format!("<S>{}</S>", "x".repeat(1000));
    for _ in 0..10 {
        session
            .pool()
            .send_input(pid, big.clone())
            .expect("input queued");
    }
    session.pool().end_input(pid).expect("input ends");
    let result = session.collect(pid).await.expect("the pipeline ends");
    assert_eq!(result.state, Some(PipelineState::Failed));
    let error = result.error.expect("an error record");
    assert!(
        error.contains("MaximumReceivedDataSizePerCommand"),
        "{error}"
    );
    // The pool is still usable.
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::script("6 * 7")]))
        .await
        .expect("runs");
    assert_eq!(result.output, vec!["<I32>42</I32>".to_string()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_create_pipeline_fails_that_pipeline_only() {
    let mut session = session_with(Limits::default()).await;
    let pid = uuid::Uuid::new_v4();
    session
        .pool()
        .create_pipeline_raw(pid, "<Obj RefId=\"0\"><MS><B N=\"NoInput\">true</B><Obj N=\"PowerShell\" RefId=\"1\"><MS></MS></Obj></MS></Obj>".to_string(), true)
        .expect("queued");
    let result = session.collect(pid).await.expect("the pipeline ends");
    assert_eq!(result.state, Some(PipelineState::Failed));
    assert!(result.error.unwrap_or_default().contains("Cmds"));
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::script("'fine'")]))
        .await
        .expect("runs");
    assert_eq!(result.output, vec!["<S>fine</S>".to_string()]);
}
