//! The server's execution engine: what `rosh -s` runs. The protocol core ([`Server`],
//! [`OutOfProcServer`]) decides the protocol; this module runs the pipelines it reports, in
//! runspaces made by a [`RunspaceFactory`] the binary injects (so `remoting` never depends
//! on the built-in commands).
//!
//! One task owns the connection and the protocol state; each runspace pool has a thread
//! ([`worker`]) that owns its runspace. Threads send what pipelines produce over a bounded
//! channel, so a client that reads slowly slows the pipeline rather than filling memory.

mod remote_host;
pub mod request;
mod worker;

use std::collections::HashMap;
use std::sync::Arc;

use rosh_runtime::Runspace;
use rosh_runtime::host::Host;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::bodies::Availability;
use crate::client::RecordKind;
use crate::limits::DEFAULT_FRAGMENT_SIZE;
use crate::outofproc::server::{OutOfProcServer, ServerConnectionError};
use crate::server::{Server, ServerConfig, ServerEvent};
use crate::transport::{Connection, TransportError};
use worker::{Job, Worker};

/// Makes the runspaces a server runs pipelines in: the binary's, with the built-in commands
/// (and, for a session configuration, its restrictions).
pub trait RunspaceFactory: Send + Sync + 'static {
    /// A new runspace writing to `host`.
    fn create(&self, host: Box<dyn Host>) -> Runspace;
}

/// How many produced objects and records may wait for the connection before a pipeline
/// waits for it.
const EVENT_BACKLOG: usize = 64;

/// Something a pool's thread produced for pipeline `pid`.
#[derive(Debug)]
pub(crate) struct EngineEvent {
    pub(crate) rpid: Uuid,
    pub(crate) pid: Uuid,
    pub(crate) kind: EventKind,
}

#[derive(Debug)]
pub(crate) enum EventKind {
    Output(String),
    Record(RecordKind, String),
    /// A host call; `ci` is VOID_CALL_ID for calls that want no answer.
    HostCall {
        method: i32,
        arguments: Vec<String>,
        ci: i64,
    },
    Completed,
    Failed(String),
    Stopped,
    /// A SecureString must go to a client without the session key: ask it for its key.
    RequestKey,
}

/// Why serving a connection ended early.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Reading or writing the connection failed, or a line was not a packet.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The client broke the protocol.
    #[error(transparent)]
    Protocol(#[from] ServerConnectionError),
}

/// Serves one OutOfProc connection (`rosh -s` on stdio, `rosh -sshs` under sshd) until the
/// client closes its session or the connection ends. A protocol violation ends the
/// connection with an error; it never panics.
pub async fn serve<R, W>(
    mut connection: Connection<R, W>,
    factory: Arc<dyn RunspaceFactory>,
    config: ServerConfig,
) -> Result<(), ServeError>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let limits = config.limits;
    let clixml_limits = rosh_runtime::serialization::Limits {
        max_depth: limits
            .max_xml_depth
            .min(rosh_runtime::serialization::Limits::POWERSHELL_MAX_DEPTH),
        max_bytes: limits.max_message_size as u64,
        ..rosh_runtime::serialization::Limits::default()
    };
    let mut server = Server::new(config);
    let mut oop = OutOfProcServer::new(limits, DEFAULT_FRAGMENT_SIZE);
    let (events_tx, mut events) = mpsc::channel::<EngineEvent>(EVENT_BACKLOG);
    let mut engine = Engine {
        factory,
        events: events_tx,
        workers: HashMap::new(),
        released: Vec::new(),
        inputs: HashMap::new(),
        received: HashMap::new(),
        over_limit: std::collections::HashSet::new(),
        max_command_data: limits.max_command_data,
        clixml_limits,
    };
    let result = 'serve: loop {
        // Everything pending leaves in one write.
        let mut queued = false;
        while let Some(packet) = oop.next_packet() {
            if let Err(e) = connection.queue_packet(&packet).await {
                break 'serve Err(e.into());
            }
            queued = true;
        }
        if queued && let Err(e) = connection.flush().await {
            break 'serve Err(e.into());
        }
        if oop.is_closed() {
            break Ok(());
        }
        tokio::select! {
            packet = connection.read_packet() => match packet {
                Ok(Some(packet)) => {
                    if let Err(e) = oop.handle_packet(&mut server, packet) {
                        break Err(e.into());
                    }
                    engine.dispatch(&mut server);
                    oop.flush(&mut server);
                }
                Ok(None) => {
                    oop.connection_lost(&mut server);
                    engine.dispatch(&mut server);
                    break Ok(());
                }
                Err(e) => break Err(e.into()),
            },
            Some(event) = events.recv() => {
                engine.apply(&mut server, event);
                // Take what else is ready, then write it all in as few packets as fit.
                while let Ok(event) = events.try_recv() {
                    engine.apply(&mut server, event);
                }
                oop.flush(&mut server);
            }
        }
    };
    for worker in engine.workers.values() {
        worker.stop();
    }
    let _ = connection.shutdown().await;
    // Let the runspaces end before the process does, so that they finish what they write
    // (a transcript's footer); a thread stuck past the wait is left to the process's exit.
    drop(events);
    let mut threads = std::mem::take(&mut engine.released);
    threads.extend(engine.workers.drain().map(|(_, w)| w.release()));
    drop(engine);
    let deadline = tokio::time::Instant::now() + RUNSPACE_END_WAIT;
    for thread in threads {
        while !thread.is_finished() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
    result
}

/// How long a closing server waits for its runspaces' threads to end.
const RUNSPACE_END_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

struct Engine {
    factory: Arc<dyn RunspaceFactory>,
    events: mpsc::Sender<EngineEvent>,
    workers: HashMap<Uuid, Worker>,
    /// The threads of closed pools, to wait for before the server ends.
    released: Vec<std::thread::JoinHandle<()>>,
    /// Input senders of pipelines that take input, until it ends.
    inputs: HashMap<Uuid, std::sync::mpsc::Sender<String>>,
    /// Bytes received per running pipeline (its CREATE_PIPELINE and input).
    received: HashMap<Uuid, usize>,
    /// Pipelines stopped for receiving more than `max_command_data`: they end Failed.
    over_limit: std::collections::HashSet<Uuid>,
    max_command_data: usize,
    clixml_limits: rosh_runtime::serialization::Limits,
}

impl Engine {
    /// Acts on what the protocol core reported.
    fn dispatch(&mut self, server: &mut Server) {
        while let Some(event) = server.next_event() {
            match event {
                ServerEvent::PoolOpened { rpid, .. } => {
                    match Worker::spawn(
                        rpid,
                        self.factory.clone(),
                        self.events.clone(),
                        self.clixml_limits,
                    ) {
                        Ok(w) => {
                            self.workers.insert(rpid, w);
                        }
                        Err(e) => {
                            let error = failure(&format!("cannot start a runspace: {e}"));
                            let _ = server.break_pool(rpid, &error);
                        }
                    }
                }
                ServerEvent::PoolClosed { rpid } => {
                    if let Some(w) = self.workers.remove(&rpid) {
                        self.released.push(w.release());
                    }
                }
                ServerEvent::PipelineCreated {
                    rpid,
                    pid,
                    body,
                    no_input,
                } => {
                    if body.len() > self.max_command_data {
                        let _ = server.fail_pipeline(rpid, pid, &too_much(self.max_command_data));
                        continue;
                    }
                    self.received.insert(pid, body.len());
                    let input = if no_input {
                        None
                    } else {
                        let (tx, rx) = std::sync::mpsc::channel();
                        self.inputs.insert(pid, tx);
                        Some(rx)
                    };
                    let started = self
                        .workers
                        .get(&rpid)
                        .is_some_and(|w| w.send(Job::Run { pid, body, input }));
                    if !started {
                        self.inputs.remove(&pid);
                        let _ = server.fail_pipeline(rpid, pid, &failure("the runspace is gone"));
                    }
                }
                ServerEvent::PipelineInput { rpid, pid, data } => {
                    let total = self.received.entry(pid).or_default();
                    *total += data.len();
                    if *total > self.max_command_data {
                        // Too much: the input ends, the pipeline stops and then fails.
                        self.inputs.remove(&pid);
                        self.over_limit.insert(pid);
                        if let Some(w) = self.workers.get(&rpid) {
                            w.stop();
                        }
                    } else if let Some(tx) = self.inputs.get(&pid) {
                        let _ = tx.send(data);
                    }
                }
                ServerEvent::EndOfInput { pid, .. } => {
                    self.inputs.remove(&pid);
                }
                ServerEvent::StopRequested { rpid, pid } => {
                    self.inputs.remove(&pid);
                    if let Some(w) = self.workers.get(&rpid) {
                        w.stop();
                    }
                }
                ServerEvent::CommandMetadataRequested { rpid, pid, .. } => {
                    let _ = server.fail_pipeline(
                        rpid,
                        pid,
                        &failure("GET_COMMAND_METADATA is not supported by this server"),
                    );
                }
                ServerEvent::ResetRunspaceState { rpid, ci } => {
                    let done = self.workers.get(&rpid).is_some_and(|w| w.send(Job::Reset));
                    let _ = server.answer_availability(rpid, ci, Availability::Done(done));
                }
                ServerEvent::SessionKey { rpid, key } => {
                    if let Some(w) = self.workers.get(&rpid) {
                        w.set_key(key);
                    }
                }
                ServerEvent::SessionKeyFailed { rpid, reason } => {
                    if let Some(w) = self.workers.get(&rpid) {
                        w.key_failed(&reason);
                    }
                }
                ServerEvent::HostResponse { rpid, response, .. } => {
                    if let Some(w) = self.workers.get(&rpid) {
                        w.answer(response);
                    }
                }
            }
        }
    }

    /// Hands what a pool's thread produced to the protocol core. Errors mean the client
    /// already closed the pipeline; what it produced then has nowhere to go.
    fn apply(&mut self, server: &mut Server, event: EngineEvent) {
        let EngineEvent { rpid, pid, kind } = event;
        let finished = matches!(
            kind,
            EventKind::Completed | EventKind::Failed(_) | EventKind::Stopped
        );
        if finished {
            self.received.remove(&pid);
            self.inputs.remove(&pid);
            if self.over_limit.remove(&pid) {
                let _ = server.fail_pipeline(rpid, pid, &too_much(self.max_command_data));
                return;
            }
        }
        let _ = match kind {
            EventKind::Output(xml) => server.write_output(rpid, pid, xml),
            EventKind::Record(kind, xml) => server.write_record(rpid, pid, kind, xml),
            EventKind::HostCall {
                method,
                arguments,
                ci,
            } => {
                let args: Vec<&str> = arguments.iter().map(String::as_str).collect();
                server.host_call(rpid, Some(pid), ci, method, &args)
            }
            EventKind::Completed => server.complete_pipeline(rpid, pid),
            EventKind::Failed(xml) => server.fail_pipeline(rpid, pid, &xml),
            EventKind::Stopped => server.stopped_pipeline(rpid, pid, None),
            EventKind::RequestKey => server.request_public_key(rpid),
        };
    }
}

/// The failure of a command that received more than `limit` bytes.
fn too_much(limit: usize) -> String {
    failure(&format!(
        "The total data received from the remote client exceeded the allowed maximum of {limit} bytes for one command (MaximumReceivedDataSizePerCommand)."
    ))
}

/// The serialized ErrorRecord of an engine failure.
fn failure(message: &str) -> String {
    let e = rosh_runtime::ErrorRecord::new(
        "RemoteEngineFailure",
        rosh_runtime::error::ErrorCategory::InvalidOperation,
        message,
    );
    crate::records::error_record_clixml(&e)
}
