//! Both ends of rosh's PSRP over OutOfProc, talking to each other: the sans-I/O cores with
//! packets passed as text lines, and the tokio client session over an in-memory pipe
//! against a small server driver with a fake engine.

use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{ArgValue, CommandSpec, PipelineSpec};
use rosh_remoting::client::RecordKind;
use rosh_remoting::crypto::SessionKey;
use rosh_remoting::outofproc::Packet;
use rosh_remoting::outofproc::server::OutOfProcServer;
use rosh_remoting::server::{Server, ServerConfig, ServerEvent};
use rosh_remoting::state::PipelineState;
use rosh_remoting::transport::{ClientSession, Connection};

/// The session key the server core handed the engine.
static SERVER_KEY: std::sync::Mutex<Option<SessionKey>> = std::sync::Mutex::new(None);

/// A fake engine: echoes a pipeline's input (or its CREATE_PIPELINE size) as output, writes
/// a warning, and never finishes a pipeline whose body mentions Start-Sleep until stopped.
fn run_engine(server: &mut Server) {
    while let Some(event) = server.next_event() {
        match event {
            ServerEvent::SessionKey { key, .. } => {
                *SERVER_KEY.lock().expect("the key lock") = Some(key);
            }
            ServerEvent::PipelineCreated {
                rpid, pid, body, ..
            } if body.contains("Request-Key") => {
                server.request_public_key(rpid).expect("test peer");
                server.complete_pipeline(rpid, pid).expect("test peer");
            }
            ServerEvent::PipelineCreated {
                rpid, pid, body, ..
            } if body.contains("Seal-Secret") => {
                let key = SERVER_KEY
                    .lock()
                    .expect("the key lock")
                    .clone()
                    .expect("a session key");
                server
                    .write_output(
                        rpid,
                        pid,
                        format!("<SS>{}</SS>", key.encrypt("sealed here")),
                    )
                    .expect("test peer");
                server.complete_pipeline(rpid, pid).expect("test peer");
            }
            ServerEvent::PipelineCreated {
                rpid,
                pid,
                body,
                no_input,
            } => {
                if body.contains("Start-Sleep") {
                    continue;
                }
                if body.contains("Read-Host") {
                    // ReadLine (11), answered on the PromptResponse stream.
                    server
                        .host_call(rpid, Some(pid), 1, 11, &[])
                        .expect("test peer");
                    continue;
                }
                server
                    .write_output(rpid, pid, format!("<I32>{}</I32>", body.len()))
                    .expect("test peer");
                server
                    .write_record(
                        rpid,
                        pid,
                        RecordKind::Warning,
                        "<Obj><MS><S N=\"InformationalRecord_Message\">careful</S></MS></Obj>"
                            .into(),
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
            ServerEvent::HostResponse {
                rpid,
                pid: Some(pid),
                response,
            } => {
                assert_eq!((response.ci, response.method), (1, 11));
                let answer = match response.result {
                    Some(rosh_remoting::bodies::HostResult::Value(xml)) => xml,
                    other => panic!("{other:?}"),
                };
                server
                    .write_output(rpid, pid, format!("<S>answered {}</S>", answer.len()))
                    .expect("test peer");
                server.complete_pipeline(rpid, pid).expect("test peer");
            }
            ServerEvent::StopRequested { rpid, pid } => {
                // Closed pipelines are gone already.
                let _ = server.stopped_pipeline(rpid, pid, None);
            }
            _ => {}
        }
    }
}

async fn serve<R, W>(mut connection: Connection<R, W>)
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
{
    let limits = Limits::default();
    let mut server = Server::new(ServerConfig::default());
    let mut oop = OutOfProcServer::new(limits, 32768);
    while let Ok(Some(packet)) = connection.read_packet().await {
        oop.handle_packet(&mut server, packet).expect("test peer");
        run_engine(&mut server);
        oop.flush(&mut server);
        while let Some(p) = oop.next_packet() {
            connection.write_packet(&p).await.expect("test peer");
        }
    }
    oop.connection_lost(&mut server);
    assert!(server.pool_ids().is_empty());
}

#[tokio::test]
async fn tokio_client_against_rosh_server_core() {
    let limits = Limits::default();
    let (client_io, server_io) = tokio::io::duplex(4096);
    let (sr, sw) = tokio::io::split(server_io);
    let server = tokio::spawn(serve(Connection::new(sr, sw, &limits)));
    let (cr, cw) = tokio::io::split(client_io);
    let mut session = ClientSession::open(
        Connection::new(cr, cw, &limits),
        limits,
        Duration::from_secs(10),
    )
    .await
    .unwrap();
    let private = session
        .pool()
        .application_private_data()
        .unwrap()
        .to_owned();
    assert!(private.contains("PSVersionTable"));

    let spec = PipelineSpec::new(vec![CommandSpec::command("Get-Date")]);
    let result = session.run(&spec).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    assert_eq!(result.output.len(), 1);
    assert_eq!(result.records.len(), 1);
    assert_eq!(result.records[0].0, RecordKind::Warning);

    // Input bigger than a fragment travels in several <Data>, each acknowledged.
    let mut spec = PipelineSpec::new(vec![
        CommandSpec::command("ForEach-Object")
            .with_parameter("Process", ArgValue::String("$_".into())),
    ]);
    spec.no_input = false;
    let pid = session.start_pipeline(&spec).await.unwrap();
    let big = format!("<S>{}</S>", "x".repeat(70_000));
    session.pool().send_input(pid, big.clone()).unwrap();
    session
        .pool()
        .send_input(pid, "<I32>2</I32>".into())
        .unwrap();
    session.pool().end_input(pid).unwrap();
    let result = session.collect(pid).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Completed));
    assert_eq!(result.output[1..], [big, "<I32>2</I32>".to_owned()]);

    // A host call that wants an answer.
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::command("Read-Host")]))
        .await
        .unwrap();
    assert_eq!(result.host_calls.len(), 1);
    assert_eq!(result.host_calls[0].0, 11);
    assert!(
        result.host_calls[0]
            .1
            .as_deref()
            .unwrap()
            .ends_with("<LST /></Obj>")
    );
    assert_eq!(
        result.output,
        vec![format!("<S>answered {}</S>", r#"<S N="mr"></S>"#.len())]
    );
    assert_eq!(result.state, Some(PipelineState::Completed));

    // The server asks for the session key; both ends then hold the same one.
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
    let result = session
        .run(&PipelineSpec::new(vec![CommandSpec::command(
            "Seal-Secret",
        )]))
        .await
        .unwrap();
    let sealed = result.output[0]
        .strip_prefix("<SS>")
        .and_then(|s| s.strip_suffix("</SS>"))
        .unwrap();
    let key = session.session_key().unwrap();
    assert_eq!(key.decrypt(sealed).unwrap(), "sealed here");

    // Stop.
    let spec = PipelineSpec::new(vec![
        CommandSpec::command("Start-Sleep").with_parameter("Seconds", ArgValue::Int(60)),
    ]);
    let pid = session.start_pipeline(&spec).await.unwrap();
    session.stop(pid).await.unwrap();
    let result = session.collect(pid).await.unwrap();
    assert_eq!(result.state, Some(PipelineState::Stopped));
    assert!(result.error.unwrap().contains("PipelineStopped"));

    session.close().await.unwrap();
    server.await.unwrap();
}

#[test]
fn packets_survive_their_text_form_between_the_cores() {
    use rosh_remoting::client::ClientPool;
    use rosh_remoting::outofproc::client::{OutOfProcClient, Received};
    use uuid::Uuid;

    let limits = Limits::default();
    let mut pool = ClientPool::new(Uuid::new_v4(), 1, 1, limits);
    let mut client = OutOfProcClient::new(limits, 32768);
    let mut server = Server::new(ServerConfig::default());
    let mut oop = OutOfProcServer::new(limits, 32768);
    let mut exchange =
        |pool: &mut ClientPool, client: &mut OutOfProcClient, server: &mut Server| {
            let mut lines = 0;
            loop {
                while let Some(action) = pool.next_action() {
                    client.push_action(action).unwrap();
                }
                client.pump();
                let mut progressed = false;
                while let Some(p) = client.next_packet() {
                    progressed = true;
                    lines += 1;
                    let p = Packet::parse_line(&p.to_line()).unwrap();
                    oop.handle_packet(server, p).unwrap();
                    run_engine(server);
                    oop.flush(server);
                }
                while let Some(p) = oop.next_packet() {
                    progressed = true;
                    let p = Packet::parse_line(&p.to_line()).unwrap();
                    for r in client.handle_packet(p).unwrap() {
                        if let Received::Message(m) = r {
                            pool.receive(m).unwrap();
                        }
                    }
                }
                if !progressed {
                    return lines;
                }
            }
        };
    pool.open().unwrap();
    exchange(&mut pool, &mut client, &mut server);
    assert_eq!(
        pool.state(),
        rosh_remoting::state::RunspacePoolState::Opened
    );
    let pid = Uuid::new_v4();
    pool.create_pipeline(pid, &PipelineSpec::new(vec![CommandSpec::script("1")]))
        .unwrap();
    exchange(&mut pool, &mut client, &mut server);
    assert_eq!(pool.pipeline_state(pid), Some(PipelineState::Completed));
    pool.close_pipeline(pid).unwrap();
    pool.close().unwrap();
    exchange(&mut pool, &mut client, &mut server);
    assert_eq!(
        pool.state(),
        rosh_remoting::state::RunspacePoolState::Closed
    );
    assert!(oop.is_closed());
}
