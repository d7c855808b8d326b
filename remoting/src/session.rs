//! A client's remote session for synchronous callers (the commands of the interpreter):
//! a runspace pool on a server started as a child process (`rosh -s`, `ssh ... -s host
//! subsystem`), driven by its own I/O thread, with many pipelines at once.
//!
//! The caller holds a [`RemoteSession`]; each pipeline is a [`RemotePipeline`] whose events
//! arrive as the server produces them. The I/O thread owns the connection, the OutOfProc
//! client half and the client core; callers talk to it over channels, so nothing they do
//! can block the connection, and a dead peer turns every waiting pipeline Broken.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use uuid::Uuid;

use crate::bodies::{ArgValue, HostResult, PipelineSpec, VOID_CALL_ID};
use crate::client::{ClientEvent, ClientPool, RecordKind};
use crate::key_exchange::SessionCipher;
use crate::limits::{DEFAULT_FRAGMENT_SIZE, Limits};
use crate::outofproc::client::OutOfProcClient;
use crate::ssh::{Cause, FailureReport, SshTarget, explain_failure};
use crate::state::{PipelineState, RunspacePoolState};
use crate::transport::{
    Connection, SpawnOptions, StderrLog, TransportError, receive_packet, send_pending,
    spawn_with_env,
};

/// How long a server process has to end once its connection is shut down.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// How long ssh's standard error may stay open after ssh ended (a forked helper may hold it).
const STDERR_GRACE: Duration = Duration::from_millis(500);

/// How to reach a server.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The program that speaks PSRP on its stdio (`rosh`, `ssh`).
    pub program: PathBuf,
    /// Its arguments (`-s`; `-s host rosh` for ssh).
    pub args: Vec<String>,
    /// How long opening may take.
    pub open_timeout: Duration,
    /// Bounds on what the server may make us hold.
    pub limits: Limits,
    /// What the program is: how to start it and read its failures.
    pub transport: Transport,
    /// Environment changes for the program: variables set (`Some`) or removed (`None`).
    pub env: Vec<(String, Option<String>)>,
}

/// What carries a session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Transport {
    /// A server process on this machine (`rosh -s`); its standard error is inherited.
    #[default]
    Process,
    /// The OpenSSH client ([`crate::ssh`]): started in a process group of its own (the
    /// terminal's Ctrl+C reaches rosh, which sends a PSRP stop, and not ssh, so the session
    /// survives), its standard error read to explain a failure.
    Ssh(Box<SshTarget>),
}

/// Where a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Usable.
    Opened,
    /// The connection failed; the reason.
    Broken(String),
    /// Closed by us.
    Closed,
}

/// What a remote pipeline produced, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineEvent {
    /// An output object (serialized; empty is `$null`).
    Output(String),
    /// A record of another stream (serialized).
    Record(RecordKind, String),
    /// A host call (method id and the serialized argument list).
    HostCall {
        /// The `RemoteHostMethodId`.
        method: i32,
        /// The `mp` argument list, serialized.
        arguments: Option<String>,
        /// For a call that wants an answer (Read-Host, Get-Credential): where it goes.
        reply: Option<HostReply>,
    },
    /// The pipeline ended; `error` is the serialized ErrorRecord of a failure or stop.
    Finished {
        /// Completed, Failed or Stopped.
        state: PipelineState,
        /// Why it failed or stopped.
        error: Option<String>,
    },
    /// The session broke before the pipeline ended.
    Broken(String),
}

/// Why a session could not open or take a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The server process could not start.
    #[error("cannot start {program}: {reason}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        reason: String,
    },
    /// Opening failed.
    #[error("{0}")]
    Open(String),
    /// The server refused to open the session, with an error record whose id says why
    /// (`AccessDenied,PSSessionOpenFailed`, for one).
    #[error("{message}")]
    Refused {
        /// The record's FullyQualifiedErrorId.
        id: String,
        /// The record's message.
        message: String,
    },
    /// The session is not usable.
    #[error("{0}")]
    NotOpened(String),
}

/// The way back for a host call that wants an answer. Answer it once; one dropped without
/// an answer answers with an error, so the remote command never waits forever.
#[derive(Debug, Clone)]
pub struct HostReply {
    inner: Arc<ReplyInner>,
}

#[derive(Debug)]
struct ReplyInner {
    pid: Option<Uuid>,
    ci: i64,
    method: i32,
    requests: UnboundedSender<Request>,
    answered: std::sync::atomic::AtomicBool,
    /// Seals SecureStrings in the answer (a ReadLineAsSecureString, a credential).
    cipher: Arc<SessionCipher>,
}

impl HostReply {
    /// The method the call is for (`RemoteHostMethodId`).
    pub fn method(&self) -> i32 {
        self.inner.method
    }

    /// Sends the answer: a serialized value, or a serialized ErrorRecord. SecureStrings in
    /// a value travel sealed with the session key (exchanged first when needed).
    pub fn answer(&self, result: HostResult) {
        let result = match result {
            HostResult::Value(xml) => match self.inner.cipher.seal_xml(xml) {
                Ok(xml) => HostResult::Value(xml),
                Err(why) => {
                    let e = rosh_runtime::ErrorRecord::new(
                        "SecureStringNotSent",
                        rosh_runtime::error::ErrorCategory::InvalidOperation,
                        format!("The answer holds a SecureString that cannot be sent: {why}"),
                    );
                    HostResult::Error(crate::records::error_record_clixml(&e))
                }
            },
            other => other,
        };
        if !self
            .inner
            .answered
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let _ = self.inner.requests.send(Request::HostResponse {
                pid: self.inner.pid,
                ci: self.inner.ci,
                method: self.inner.method,
                result,
            });
        }
    }
}

impl Drop for ReplyInner {
    fn drop(&mut self) {
        if !self.answered.load(std::sync::atomic::Ordering::SeqCst) {
            let e = rosh_runtime::ErrorRecord::new(
                "HostFunctionNotImplemented",
                rosh_runtime::error::ErrorCategory::InvalidOperation,
                "The host of this command cannot answer: there is no user to ask (a job, or a client without a console).",
            );
            let _ = self.requests.send(Request::HostResponse {
                pid: self.pid,
                ci: self.ci,
                method: self.method,
                result: HostResult::Error(crate::records::error_record_clixml(&e)),
            });
        }
    }
}

impl PartialEq for HostReply {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for HostReply {}

#[derive(Debug)]
enum Request {
    Start {
        pid: Uuid,
        spec: Box<PipelineSpec>,
        events: Sender<PipelineEvent>,
    },
    Input {
        pid: Uuid,
        data: String,
    },
    EndInput {
        pid: Uuid,
    },
    Stop {
        pid: Uuid,
    },
    HostResponse {
        pid: Option<Uuid>,
        ci: i64,
        method: i32,
        result: HostResult,
    },
    /// Start the session key exchange (a SecureString is about to travel).
    ExchangeKeys,
    Close,
}

/// A runspace pool on a server, usable from any thread.
#[derive(Debug, Clone)]
pub struct RemoteSession {
    requests: UnboundedSender<Request>,
    state: Arc<Mutex<SessionState>>,
    id: Uuid,
    /// Set when the I/O thread has ended (the server process is gone or going).
    finished: Arc<std::sync::atomic::AtomicBool>,
    /// Seals and opens the SecureStrings of this session, exchanging the key when first
    /// needed.
    cipher: Arc<SessionCipher>,
}

fn set_state(state: &Mutex<SessionState>, new: SessionState) {
    match state.lock() {
        Ok(mut s) => *s = new,
        Err(poisoned) => *poisoned.into_inner() = new,
    }
}

impl RemoteSession {
    /// Starts the server program and opens a runspace pool on it; waits until it is open.
    pub fn open(options: SessionOptions) -> Result<RemoteSession, SessionError> {
        let (requests, receiver) = unbounded_channel();
        let replies = requests.clone();
        let state = Arc::new(Mutex::new(SessionState::Opened));
        let (opened_tx, opened_rx) = std::sync::mpsc::channel::<Result<Uuid, SessionError>>();
        let thread_state = state.clone();
        let timeout = options.open_timeout;
        let finished = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread_finished = finished.clone();
        let ask = requests.clone();
        let cipher = Arc::new(SessionCipher::new(move || {
            ask.send(Request::ExchangeKeys).is_ok()
        }));
        let thread_cipher = cipher.clone();
        let spawned = std::thread::Builder::new()
            .name("remote-session".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = opened_tx.send(Err(SessionError::Open(e.to_string())));
                        return;
                    }
                };
                runtime.block_on(run_process(
                    options,
                    (replies, receiver),
                    opened_tx,
                    thread_state,
                    thread_cipher.clone(),
                ));
                thread_cipher.end("the remote session has ended");
                runtime.shutdown_background();
                thread_finished.store(true, std::sync::atomic::Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            return Err(SessionError::Open(e.to_string()));
        }
        // The thread applies the open timeout; this one only guards against a lost thread.
        match opened_rx.recv_timeout(timeout + Duration::from_secs(5)) {
            Ok(Ok(id)) => Ok(RemoteSession {
                requests,
                state,
                id,
                finished,
                cipher,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(SessionError::Open(
                "the connection did not open in time".into(),
            )),
        }
    }

    /// The runspace pool's id (PowerShell's `RunspaceId` of the remote runspace).
    pub fn runspace_id(&self) -> Uuid {
        self.id
    }

    /// The session's SecureString cipher, for serializing what goes to the server and
    /// reading what comes back (`serialize_secure`, `deserialize_secure`).
    pub fn cipher(&self) -> &SessionCipher {
        &self.cipher
    }

    /// Where the session is.
    pub fn state(&self) -> SessionState {
        match self.state.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Starts a pipeline. With `spec.no_input` false, send its input with
    /// [`RemotePipeline::send_input`] and end it with [`RemotePipeline::end_input`].
    /// SecureStrings in its arguments are sealed with the session key first.
    pub fn start(&self, mut spec: PipelineSpec) -> Result<RemotePipeline, SessionError> {
        match self.state() {
            SessionState::Opened => {}
            SessionState::Broken(why) => return Err(SessionError::NotOpened(why)),
            SessionState::Closed => {
                return Err(SessionError::NotOpened("the session is closed".into()));
            }
        }
        for command in spec.statements.iter_mut().flatten() {
            for arg in &mut command.args {
                if let ArgValue::Xml(xml) = &mut arg.value {
                    *xml = self.cipher.seal_xml(std::mem::take(xml)).map_err(|why| {
                        SessionError::NotOpened(format!(
                            "A SecureString argument cannot be sent: {why}"
                        ))
                    })?;
                }
            }
        }
        let pid = Uuid::new_v4();
        let (tx, rx) = std::sync::mpsc::channel();
        self.requests
            .send(Request::Start {
                pid,
                spec: Box::new(spec),
                events: tx,
            })
            .map_err(|_| SessionError::NotOpened("the session's connection is gone".into()))?;
        Ok(RemotePipeline {
            pid,
            events: rx,
            requests: self.requests.clone(),
            cipher: self.cipher.clone(),
        })
    }

    /// Closes the pool and ends the server (asynchronously; the session is Closed at once).
    pub fn close(&self) {
        if self.state() == SessionState::Opened {
            set_state(&self.state, SessionState::Closed);
        }
        let _ = self.requests.send(Request::Close);
    }

    /// Closes the session and waits, at most `timeout`, until the server has ended.
    pub fn close_and_wait(&self, timeout: Duration) {
        self.close();
        let deadline = std::time::Instant::now() + timeout;
        while !self.finished.load(std::sync::atomic::Ordering::SeqCst)
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// One pipeline on a [`RemoteSession`].
#[derive(Debug)]
pub struct RemotePipeline {
    pid: Uuid,
    events: Receiver<PipelineEvent>,
    requests: UnboundedSender<Request>,
    cipher: Arc<SessionCipher>,
}

impl RemotePipeline {
    /// The pipeline's id.
    pub fn id(&self) -> Uuid {
        self.pid
    }

    /// The next event, waiting at most `timeout`. `Disconnected` only after the last event.
    /// SecureStrings the server sent are opened into `ConvertFrom-SecureString`'s form,
    /// which `serialization::deserialize` reads (exchanging the key first if the server sent
    /// them without asking, as PowerShell's servers do).
    pub fn next_event(&self, timeout: Duration) -> Result<PipelineEvent, RecvTimeoutError> {
        let open = |xml: String| match self.cipher.open_xml(xml.clone()) {
            Ok(opened) => opened,
            // Left sealed: reading it fails and says so.
            Err(_) => xml,
        };
        Ok(match self.events.recv_timeout(timeout)? {
            PipelineEvent::Output(xml) => PipelineEvent::Output(open(xml)),
            PipelineEvent::Record(kind, xml) => PipelineEvent::Record(kind, open(xml)),
            PipelineEvent::HostCall {
                method,
                arguments,
                reply,
            } => PipelineEvent::HostCall {
                method,
                arguments: arguments.map(open),
                reply,
            },
            other => other,
        })
    }

    /// Sends one serialized input object; its SecureStrings are sealed with the session key
    /// (an object whose SecureStrings cannot be sealed is not sent).
    pub fn send_input(&self, data: String) {
        let Ok(data) = self.cipher.seal_xml(data) else {
            return;
        };
        let _ = self.requests.send(Request::Input {
            pid: self.pid,
            data,
        });
    }

    /// Ends the input.
    pub fn end_input(&self) {
        let _ = self.requests.send(Request::EndInput { pid: self.pid });
    }

    /// Asks the server to stop the pipeline; it then finishes as Stopped.
    pub fn stop(&self) {
        let _ = self.requests.send(Request::Stop { pid: self.pid });
    }
}

async fn run_process(
    options: SessionOptions,
    (replies, requests): (UnboundedSender<Request>, UnboundedReceiver<Request>),
    opened: Sender<Result<Uuid, SessionError>>,
    state: Arc<Mutex<SessionState>>,
    cipher: Arc<SessionCipher>,
) {
    let program = options.program.display().to_string();
    let args: Vec<&str> = options.args.iter().map(String::as_str).collect();
    let ssh = match &options.transport {
        Transport::Ssh(target) => Some(target.clone()),
        Transport::Process => None,
    };
    let spawn_options = SpawnOptions {
        capture_stderr: ssh.is_some(),
        own_process_group: ssh.is_some(),
    };
    let (connection, mut child, stderr) = match spawn_with_env(
        &program,
        &args,
        &options.env,
        &options.limits,
        spawn_options,
    ) {
        Ok(c) => c,
        Err(e) => {
            let error = match &ssh {
                // PowerShell's CannotStartSSHClient.
                Some(_) => SessionError::Open(format!(
                    "Failed to start the SSH client process needed for the remoting connection with error: {e}."
                )),
                None => SessionError::Spawn {
                    program,
                    reason: e.to_string(),
                },
            };
            let _ = opened.send(Err(error));
            return;
        }
    };
    let stderr = stderr.map(StderrLog::start);
    let mut driver = Driver {
        connection,
        transport: OutOfProcClient::new(options.limits, DEFAULT_FRAGMENT_SIZE),
        pool: ClientPool::new(Uuid::new_v4(), 1, 1, options.limits),
        pipelines: std::collections::HashMap::new(),
        state,
        replies,
        cipher,
    };
    let ended = driver.run(requests, opened, options.open_timeout).await;
    // The server ends when its stdin closes; give it a moment, then make sure.
    let _ = driver.connection.shutdown().await;
    let exit_code = match tokio::time::timeout(EXIT_GRACE, child.wait()).await {
        Ok(Ok(status)) => status.code(),
        _ => {
            let _ = child.kill().await;
            None
        }
    };
    let lines = match stderr {
        Some(log) => log.finish(STDERR_GRACE).await,
        None => Vec::new(),
    };
    let why = match (&ended.failure, &ssh) {
        (Some(f), _) if ended.closing || f.refused_as.is_some() => Some(f.reason.clone()),
        (Some(f), Some(target)) => Some(explain_failure(
            target,
            &FailureReport {
                stderr: &lines,
                exit_code,
                reason: &f.reason,
                cause: f.cause,
                opened: ended.opened.is_none(),
            },
        )),
        (Some(f), None) => Some(f.reason.clone()),
        (None, _) => None,
    };
    driver.report(why.filter(|w| !w.is_empty()), ended);
}

/// Why the connection failed, as the driver saw it.
struct Failure {
    reason: String,
    cause: Cause,
    /// The id of the error record with which the server refused to open the session.
    refused_as: Option<String>,
}

impl Failure {
    fn new(reason: impl Into<String>, cause: Cause) -> Failure {
        Failure {
            reason: reason.into(),
            cause,
            refused_as: None,
        }
    }

    fn transport(e: &TransportError) -> Failure {
        let cause = match e {
            TransportError::Packet(_) => Cause::BadPacket,
            TransportError::Io(_) | TransportError::Closed => Cause::Closed,
            _ => Cause::Other,
        };
        Failure::new(e.to_string(), cause)
    }
}

/// How the driver's loop ended.
struct Ended {
    /// Why, unless the session closed cleanly.
    failure: Option<Failure>,
    /// The opener, still waiting when the session never opened.
    opened: Option<Sender<Result<Uuid, SessionError>>>,
    /// Whether we were closing the session.
    closing: bool,
}

struct Driver<R, W> {
    connection: Connection<R, W>,
    transport: OutOfProcClient,
    pool: ClientPool,
    pipelines: std::collections::HashMap<Uuid, Sender<PipelineEvent>>,
    state: Arc<Mutex<SessionState>>,
    /// Host call answers come back through the request queue.
    replies: UnboundedSender<Request>,
    cipher: Arc<SessionCipher>,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> Driver<R, W> {
    async fn run(
        &mut self,
        mut requests: UnboundedReceiver<Request>,
        opened: Sender<Result<Uuid, SessionError>>,
        open_timeout: Duration,
    ) -> Ended {
        let rpid = self.pool.id();
        let mut opened = Some(opened);
        let open_deadline = tokio::time::Instant::now() + open_timeout;
        let mut closing = false;
        if let Err(e) = self.pool.open() {
            return Ended {
                failure: Some(Failure::new(e.to_string(), Cause::Other)),
                opened,
                closing,
            };
        }
        let failure: Option<Failure> = loop {
            if let Err(e) = self.flush().await {
                break Some(Failure::transport(&e));
            }
            match self.route_events() {
                Routed::Opened => {
                    if let Some(o) = opened.take() {
                        let _ = o.send(Ok(rpid));
                    }
                }
                Routed::Failed(why, refused_as) => {
                    let mut failure = Failure::new(why, Cause::Other);
                    failure.refused_as = refused_as;
                    break Some(failure);
                }
                Routed::Closed => break None,
                Routed::Nothing => {}
            }
            let wait_open = async {
                if opened.is_some() {
                    tokio::time::sleep_until(open_deadline).await;
                } else {
                    std::future::pending::<()>().await;
                }
            };
            tokio::select! {
                packet = self.connection.read_packet() => match packet {
                    Ok(Some(packet)) => {
                        if let Err(e) = self.handle(packet) {
                            break Some(Failure::transport(&e));
                        }
                    }
                    Ok(None) => {
                        self.pool.connection_lost();
                        break Some(Failure::new(
                            if closing {
                                String::new()
                            } else {
                                "The remote session ended: the server process closed the connection.".into()
                            },
                            Cause::Closed,
                        ));
                    }
                    Err(e) => break Some(Failure::transport(&e)),
                },
                request = requests.recv() => match request {
                    Some(request) => {
                        if let Err(e) = self.request(request, &mut closing) {
                            break Some(Failure::transport(&e));
                        }
                    }
                    // Every handle is gone: close.
                    None => {
                        if !closing {
                            closing = true;
                            let _ = self.pool.close();
                        }
                    }
                },
                _ = wait_open => break Some(Failure::new(
                    "the remote session did not open in time",
                    Cause::OpenTimeout,
                )),
            }
        };
        Ended {
            failure,
            opened,
            closing,
        }
    }

    /// Tells the opener and the waiting pipelines how the session ended; `why` is the
    /// failure's reason as the caller should read it.
    fn report(&mut self, why: Option<String>, ended: Ended) {
        if let Some(o) = ended.opened {
            let why = why
                .clone()
                .unwrap_or_else(|| "the server closed the session".into());
            let refused_as = ended.failure.as_ref().and_then(|f| f.refused_as.clone());
            let _ = o.send(Err(match refused_as {
                Some(id) => SessionError::Refused { id, message: why },
                None => SessionError::Open(why),
            }));
        }
        if let Some(why) = &why {
            if !ended.closing {
                set_state(&self.state, SessionState::Broken(why.clone()));
            }
            for (_, events) in self.pipelines.drain() {
                let _ = events.send(PipelineEvent::Broken(why.clone()));
            }
        }
    }

    async fn flush(&mut self) -> Result<(), TransportError> {
        send_pending(&mut self.pool, &mut self.transport, &mut self.connection).await
    }

    fn handle(&mut self, packet: crate::outofproc::Packet) -> Result<(), TransportError> {
        receive_packet(&mut self.pool, &mut self.transport, packet).map(|_| ())
    }

    fn request(&mut self, request: Request, closing: &mut bool) -> Result<(), TransportError> {
        match request {
            Request::Start { pid, spec, events } => {
                if let Err(e) = self.pool.create_pipeline(pid, &spec) {
                    let _ = events.send(PipelineEvent::Broken(e.to_string()));
                } else {
                    self.pipelines.insert(pid, events);
                }
            }
            Request::Input { pid, data } => {
                if self.pipelines.contains_key(&pid) {
                    self.pool.send_input(pid, data)?;
                }
            }
            Request::EndInput { pid } => {
                if self.pipelines.contains_key(&pid) {
                    self.pool.end_input(pid)?;
                }
            }
            Request::Stop { pid } => {
                if self.pipelines.contains_key(&pid) {
                    self.pool.stop(pid)?;
                }
            }
            Request::HostResponse {
                pid,
                ci,
                method,
                result,
            } => {
                // A pipeline that has ended no longer waits for its answer.
                if pid.is_none_or(|p| self.pipelines.contains_key(&p)) {
                    let _ = self.pool.host_response(pid, ci, method, &result);
                }
            }
            Request::ExchangeKeys => {
                if let Err(e) = self.pool.start_key_exchange() {
                    self.cipher.end(e.to_string());
                }
            }
            Request::Close => {
                if !*closing {
                    *closing = true;
                    self.pool.close()?;
                }
            }
        }
        Ok(())
    }

    /// Hands the core's events to their pipelines.
    fn route_events(&mut self) -> Routed {
        let mut routed = Routed::Nothing;
        while let Some(event) = self.pool.next_event() {
            match event {
                ClientEvent::PoolState { state, error } => match state {
                    RunspacePoolState::Opened => routed = Routed::Opened,
                    RunspacePoolState::Closed => return Routed::Closed,
                    RunspacePoolState::Broken => {
                        return match error.as_deref().and_then(refusal) {
                            Some((id, message)) => Routed::Failed(message, Some(id)),
                            None => Routed::Failed("the runspace pool broke".into(), None),
                        };
                    }
                    _ => {}
                },
                ClientEvent::Output { pid, data } => self.send(pid, PipelineEvent::Output(data)),
                ClientEvent::Record { pid, kind, data } => {
                    self.send(pid, PipelineEvent::Record(kind, data));
                }
                ClientEvent::HostCall { pid, call } => {
                    // A call that wants an answer carries its way back; whoever takes the
                    // event answers (or the reply, dropped, answers with an error).
                    let reply = (call.ci != VOID_CALL_ID).then(|| HostReply {
                        inner: Arc::new(ReplyInner {
                            pid,
                            ci: call.ci,
                            method: call.method,
                            requests: self.replies.clone(),
                            answered: std::sync::atomic::AtomicBool::new(false),
                            cipher: self.cipher.clone(),
                        }),
                    });
                    if let Some(pid) = pid {
                        self.send(
                            pid,
                            PipelineEvent::HostCall {
                                method: call.method,
                                arguments: call.arguments,
                                reply,
                            },
                        );
                    }
                }
                ClientEvent::SessionKey(key) => self.cipher.set_key(key),
                ClientEvent::SessionKeyFailed(why) => {
                    self.cipher
                        .end(format!("the session key exchange failed: {why}"));
                }
                ClientEvent::PipelineState { pid, state, error } if state.is_terminal() => {
                    if let Some(events) = self.pipelines.remove(&pid) {
                        let _ = events.send(PipelineEvent::Finished { state, error });
                    }
                    let _ = self.pool.close_pipeline(pid);
                }
                _ => {}
            }
        }
        routed
    }

    fn send(&mut self, pid: Uuid, event: PipelineEvent) {
        if let Some(events) = self.pipelines.get(&pid)
            && events.send(event).is_err()
        {
            // Nobody listens any more: stop the pipeline rather than stream into the void.
            self.pipelines.remove(&pid);
            let _ = self.pool.stop(pid);
        }
    }
}

enum Routed {
    Nothing,
    Opened,
    Closed,
    /// The pool broke: why, and the id of the server's error record if it sent one.
    Failed(String, Option<String>),
}

/// The id and message of the serialized error record a broken pool carries.
fn refusal(xml: &str) -> Option<(String, String)> {
    let value = rosh_runtime::serialization::deserialize(
        xml.as_bytes(),
        &rosh_runtime::serialization::Limits::default(),
    )
    .ok()?;
    let record = crate::records::error_record_from(&value);
    Some((record.error_id, record.message))
}
