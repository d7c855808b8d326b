//! The server end, sans-I/O.
//!
//! **Architecture invariant: a runspace pool outlives the connection that opened it.** The
//! [`Server`] owns a registry of pools by id; a connection is a [`Session`] that negotiated
//! the protocol and is *attached* to one pool. Messages a pool produces wait in the pool's
//! own outbox (bounded) until an attached session takes them, so a later
//! disconnect/reconnect (CONNECT_RUNSPACEPOOL) only has to attach another session.
//!
//! The core decides everything the protocol decides (capability reply, pool state, pool
//! operations, pipeline bookkeeping) and reports the rest as [`ServerEvent`]s for the
//! execution engine, which answers through [`Server`]'s methods (`write_output`,
//! `complete_pipeline`, `host_call`, ...).

use std::collections::{HashMap, VecDeque};

use uuid::Uuid;

use crate::bodies::{self, Availability, HostResponse, PoolSize, ServerVersionInfo};
use crate::capability::{self, NegotiationError, SessionCapability, Version};
use crate::client::RecordKind;
use crate::clixml::BodyError;
use crate::crypto::{self, SessionKey};
use crate::limits::Limits;
use crate::message::{Destination, Message, MessageType, Stream};
use crate::state::{PipelineState, RunspacePoolState};

/// What the execution engine must act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// A pool was created and opened; the raw INIT_RUNSPACEPOOL body carries HostInfo and
    /// ApplicationArguments.
    PoolOpened {
        /// The pool.
        rpid: Uuid,
        /// INIT_RUNSPACEPOOL's body.
        init: String,
    },
    /// A pool was closed; its runspaces can go.
    PoolClosed {
        /// The pool.
        rpid: Uuid,
    },
    /// CREATE_PIPELINE: start running it (input follows unless `no_input`).
    PipelineCreated {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Uuid,
        /// CREATE_PIPELINE's body, for the engine to deserialize.
        body: String,
        /// No input will follow.
        no_input: bool,
    },
    /// GET_COMMAND_METADATA on pipeline `pid`.
    CommandMetadataRequested {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Uuid,
        /// The request's body.
        body: String,
    },
    /// One input object.
    PipelineInput {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Uuid,
        /// The serialized object.
        data: String,
    },
    /// The input ended.
    EndOfInput {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Uuid,
    },
    /// Stop the pipeline, then call [`Server::stopped_pipeline`].
    StopRequested {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Uuid,
    },
    /// The client answered a host call (`pid` `None`: a pool-level call).
    HostResponse {
        /// The pool.
        rpid: Uuid,
        /// The pipeline.
        pid: Option<Uuid>,
        /// The answer.
        response: HostResponse,
    },
    /// The client has the session key (the answer to its PUBLIC_KEY is queued):
    /// SecureStrings of this pool travel sealed with it.
    SessionKey {
        /// The pool.
        rpid: Uuid,
        /// The key.
        key: SessionKey,
    },
    /// The client's PUBLIC_KEY could not be used.
    SessionKeyFailed {
        /// The pool.
        rpid: Uuid,
        /// Why.
        reason: String,
    },
    /// RESET_RUNSPACE_STATE: reset, then answer with [`Server::answer_availability`].
    ResetRunspaceState {
        /// The pool.
        rpid: Uuid,
        /// The call id.
        ci: i64,
    },
}

/// A protocol violation by the client, or an engine call that does not fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerError {
    /// A body could not be read or written.
    #[error(transparent)]
    Body(#[from] BodyError),
    /// The versions are incompatible.
    #[error(transparent)]
    Negotiation(#[from] NegotiationError),
    /// A message addressed to the client.
    #[error("received a message addressed to {0:?}")]
    WrongDestination(Destination),
    /// A message the client may not send, or not now.
    #[error("unexpected {0:?} from the client at this point")]
    Unexpected(MessageType),
    /// A feature this server does not have yet.
    #[error("{0:?} is not supported by this server")]
    Unsupported(MessageType),
    /// A pool id not in the registry.
    #[error("no runspace pool {0}")]
    UnknownPool(Uuid),
    /// A pool id already in the registry.
    #[error("runspace pool {0} already exists")]
    DuplicatePool(Uuid),
    /// A pipeline id not in the pool.
    #[error("no pipeline {0}")]
    UnknownPipeline(Uuid),
    /// A pipeline id already in the pool.
    #[error("pipeline {0} already exists")]
    DuplicatePipeline(Uuid),
    /// A pipeline that already finished.
    #[error("pipeline {0} has already finished")]
    PipelineFinished(Uuid),
    /// Registry, pipeline or outbox bounds.
    #[error("limit reached: {0}")]
    Limit(&'static str),
    /// An illegal state change.
    #[error("illegal state change {from} -> {to}")]
    IllegalTransition {
        /// From.
        from: String,
        /// To.
        to: String,
    },
}

/// How the server describes itself.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Bounds on what clients make us hold.
    pub limits: Limits,
    /// What SESSION_CAPABILITY says.
    pub capability: SessionCapability,
    /// What APPLICATION_PRIVATE_DATA says.
    pub version_info: ServerVersionInfo,
    /// Refuse every runspace pool: it opens Broken with this serialized ErrorRecord (a
    /// session configuration the user may not use, or one that cannot start).
    pub refuse_open: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: Limits::default(),
            capability: SessionCapability::rosh(),
            version_info: ServerVersionInfo::rosh(),
            refuse_open: None,
        }
    }
}

#[derive(Debug)]
struct ServerPipeline {
    state: PipelineState,
    no_input: bool,
    input_ended: bool,
}

/// A runspace pool on the server: independent of any connection.
#[derive(Debug)]
pub struct ServerPool {
    id: Uuid,
    state: RunspacePoolState,
    size: PoolSize,
    protocol_version: Version,
    pipelines: HashMap<Uuid, ServerPipeline>,
    outbox: VecDeque<Message>,
    attached: bool,
    /// The pool's session key, made when the client first sends its public key.
    session_key: Option<SessionKey>,
}

impl ServerPool {
    /// The pool id.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Its state.
    pub fn state(&self) -> RunspacePoolState {
        self.state
    }

    /// Its size.
    pub fn size(&self) -> PoolSize {
        self.size
    }

    /// The protocol version negotiated by the session that opened it.
    pub fn protocol_version(&self) -> Version {
        self.protocol_version
    }

    /// Whether a session is attached.
    pub fn is_attached(&self) -> bool {
        self.attached
    }

    /// A pipeline's state.
    pub fn pipeline_state(&self, pid: Uuid) -> Option<PipelineState> {
        self.pipelines.get(&pid).map(|p| p.state)
    }

    /// Messages waiting for a session.
    pub fn pending_messages(&self) -> usize {
        self.outbox.len()
    }
}

/// One connection's protocol state: negotiation and the pool it is attached to.
#[derive(Debug, Default)]
pub struct Session {
    protocol_version: Option<Version>,
    client_capability: Option<SessionCapability>,
    attached: Option<Uuid>,
    outbox: VecDeque<Message>,
}

impl Session {
    /// A session that has not negotiated yet.
    pub fn new() -> Self {
        Session::default()
    }

    /// The negotiated protocol version.
    pub fn protocol_version(&self) -> Option<Version> {
        self.protocol_version
    }

    /// The pool this session is attached to.
    pub fn attached_pool(&self) -> Option<Uuid> {
        self.attached
    }
}

/// The server: a registry of runspace pools and the protocol logic around them.
#[derive(Debug, Default)]
pub struct Server {
    config: ServerConfig,
    pools: HashMap<Uuid, ServerPool>,
    events: VecDeque<ServerEvent>,
}

impl Server {
    /// A server with `config`.
    pub fn new(config: ServerConfig) -> Self {
        Server {
            config,
            pools: HashMap::new(),
            events: VecDeque::new(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.config.limits
    }

    /// A pool by id.
    pub fn pool(&self, rpid: Uuid) -> Option<&ServerPool> {
        self.pools.get(&rpid)
    }

    /// The ids of all pools.
    pub fn pool_ids(&self) -> Vec<Uuid> {
        self.pools.keys().copied().collect()
    }

    /// The next event for the engine.
    pub fn next_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    /// The next message for `session`'s client: session-level messages first, then its
    /// pool's.
    pub fn next_message(&mut self, session: &mut Session) -> Option<Message> {
        if let Some(m) = session.outbox.pop_front() {
            return Some(m);
        }
        let pool = self.pools.get_mut(&session.attached?)?;
        pool.outbox.pop_front()
    }

    fn depth(&self) -> usize {
        self.config.limits.max_xml_depth
    }

    fn pool_mut(&mut self, rpid: Uuid) -> Result<&mut ServerPool, ServerError> {
        self.pools
            .get_mut(&rpid)
            .ok_or(ServerError::UnknownPool(rpid))
    }

    fn queue(&mut self, rpid: Uuid, message: Message) -> Result<(), ServerError> {
        let limit = self.config.limits.max_buffered_messages;
        let pool = self.pool_mut(rpid)?;
        if pool.outbox.len() >= limit {
            return Err(ServerError::Limit("messages buffered for the client"));
        }
        pool.outbox.push_back(message);
        Ok(())
    }

    fn to_client(rpid: Uuid, pid: Uuid, t: MessageType, data: String) -> Message {
        Message::new(Destination::Client, t, rpid, pid, data)
    }

    /// Handles one message from `session`'s client. `stream` is the priority stream it came
    /// on; host responses normally use PromptResponse and everything else Default, but the
    /// message type alone decides what it means, as in PowerShell.
    pub fn receive(
        &mut self,
        session: &mut Session,
        message: Message,
        _stream: Stream,
    ) -> Result<(), ServerError> {
        // Each message adds at most one event; an engine that does not keep up stops the
        // client here rather than letting the queue grow.
        if self.events.len() >= self.config.limits.max_buffered_messages {
            return Err(ServerError::Limit("events waiting for the engine"));
        }
        if message.destination != Destination::Server {
            return Err(ServerError::WrongDestination(message.destination));
        }
        let t = message.message_type;
        let depth = self.depth();
        match t {
            MessageType::SessionCapability => {
                if session.protocol_version.is_some() {
                    return Err(ServerError::Unexpected(t));
                }
                let theirs = bodies::read_session_capability(&message.data, depth)?;
                let version = capability::negotiate_server(
                    self.config.capability.protocol_version,
                    theirs.protocol_version,
                )?;
                session.protocol_version = Some(version);
                session.client_capability = Some(theirs);
                let reply = SessionCapability {
                    protocol_version: version,
                    ..self.config.capability
                };
                session.outbox.push_back(Self::to_client(
                    message.rpid,
                    Uuid::nil(),
                    t,
                    bodies::session_capability(&reply),
                ));
                Ok(())
            }
            MessageType::InitRunspacePool => self.init_pool(session, message),
            MessageType::ConnectRunspacePool | MessageType::EncryptedSessionKey => {
                Err(ServerError::Unsupported(t))
            }
            MessageType::CloseSession => {
                if let Some(rpid) = session.attached {
                    self.close_pool(session, rpid)?;
                }
                Ok(())
            }
            _ => {
                let rpid = session.attached.ok_or(ServerError::Unexpected(t))?;
                if message.rpid != rpid {
                    return Err(ServerError::UnknownPool(message.rpid));
                }
                if self.pool_mut(rpid)?.state != RunspacePoolState::Opened {
                    return Err(ServerError::Unexpected(t));
                }
                if t.is_pipeline_channel() {
                    self.receive_pipeline(rpid, message)
                } else {
                    self.receive_pool(rpid, message)
                }
            }
        }
    }

    fn init_pool(&mut self, session: &mut Session, message: Message) -> Result<(), ServerError> {
        let version = session
            .protocol_version
            .ok_or(ServerError::Unexpected(message.message_type))?;
        if session.attached.is_some() {
            return Err(ServerError::Unexpected(message.message_type));
        }
        let rpid = message.rpid;
        if rpid.is_nil() {
            return Err(ServerError::UnknownPool(rpid));
        }
        if self.pools.contains_key(&rpid) {
            return Err(ServerError::DuplicatePool(rpid));
        }
        if self.pools.len() >= self.config.limits.max_pools {
            return Err(ServerError::Limit("runspace pools"));
        }
        let size = bodies::read_pool_size(&message.data, self.depth())?;
        let mut pool = ServerPool {
            id: rpid,
            state: RunspacePoolState::BeforeOpen,
            size,
            protocol_version: version,
            pipelines: HashMap::new(),
            outbox: VecDeque::new(),
            attached: true,
            session_key: None,
        };
        if let Some(error) = &self.config.refuse_open {
            pool.state = RunspacePoolState::Broken;
            pool.outbox.push_back(Self::to_client(
                rpid,
                Uuid::nil(),
                MessageType::RunspacePoolState,
                bodies::runspace_pool_state(RunspacePoolState::Broken, Some(error), self.depth())?,
            ));
            self.pools.insert(rpid, pool);
            session.attached = Some(rpid);
            return Ok(());
        }
        // Opening needs nothing the core waits for: the engine creates runspaces lazily.
        pool.state = RunspacePoolState::Opened;
        pool.outbox.push_back(Self::to_client(
            rpid,
            Uuid::nil(),
            MessageType::ApplicationPrivateData,
            bodies::application_private_data(&self.config.version_info),
        ));
        pool.outbox.push_back(Self::to_client(
            rpid,
            Uuid::nil(),
            MessageType::RunspacePoolState,
            bodies::runspace_pool_state(RunspacePoolState::Opened, None, self.depth())?,
        ));
        self.pools.insert(rpid, pool);
        session.attached = Some(rpid);
        self.events.push_back(ServerEvent::PoolOpened {
            rpid,
            init: message.data,
        });
        Ok(())
    }

    fn receive_pool(&mut self, rpid: Uuid, message: Message) -> Result<(), ServerError> {
        let t = message.message_type;
        let depth = self.depth();
        match t {
            MessageType::SetMaxRunspaces | MessageType::SetMinRunspaces => {
                let property = if t == MessageType::SetMaxRunspaces {
                    "MaxRunspaces"
                } else {
                    "MinRunspaces"
                };
                let (value, ci) = bodies::read_set_runspaces(&message.data, property, depth)?;
                let pool = self.pool_mut(rpid)?;
                let ok = match (i32::try_from(value), t) {
                    (Ok(v), MessageType::SetMaxRunspaces) if v >= pool.size.min => {
                        pool.size.max = v;
                        true
                    }
                    (Ok(v), MessageType::SetMinRunspaces) if v >= 1 && v <= pool.size.max => {
                        pool.size.min = v;
                        true
                    }
                    _ => false,
                };
                self.answer_availability(rpid, ci, Availability::Done(ok))
            }
            MessageType::GetAvailableRunspaces => {
                let ci = bodies::read_call_id(&message.data, depth)?;
                let pool = self.pool_mut(rpid)?;
                let busy = pool
                    .pipelines
                    .values()
                    .filter(|p| !p.state.is_terminal())
                    .count();
                let free = i64::from(pool.size.max).saturating_sub(busy as i64).max(0);
                self.answer_availability(rpid, ci, Availability::Count(free))
            }
            MessageType::ResetRunspaceState => {
                let ci = bodies::read_call_id(&message.data, depth)?;
                self.events
                    .push_back(ServerEvent::ResetRunspaceState { rpid, ci });
                Ok(())
            }
            MessageType::PublicKey => {
                let blob = bodies::read_public_key(&message.data, depth)?;
                let pool = self.pool_mut(rpid)?;
                let key = match &pool.session_key {
                    Some(k) => Ok(k.clone()),
                    None => SessionKey::generate(),
                };
                match key.and_then(|k| crypto::seal_session_key(&blob, &k).map(|s| (k, s))) {
                    Ok((key, sealed)) => {
                        pool.session_key = Some(key.clone());
                        self.queue(
                            rpid,
                            Self::to_client(
                                rpid,
                                Uuid::nil(),
                                MessageType::EncryptedSessionKey,
                                bodies::encrypted_session_key(&sealed),
                            ),
                        )?;
                        self.events.push_back(ServerEvent::SessionKey { rpid, key });
                    }
                    Err(e) => self.events.push_back(ServerEvent::SessionKeyFailed {
                        rpid,
                        reason: e.to_string(),
                    }),
                }
                Ok(())
            }
            MessageType::RunspacePoolHostResponse => {
                let response = bodies::read_host_response(&message.data, depth)?;
                self.events.push_back(ServerEvent::HostResponse {
                    rpid,
                    pid: None,
                    response,
                });
                Ok(())
            }
            _ => Err(ServerError::Unexpected(t)),
        }
    }

    fn receive_pipeline(&mut self, rpid: Uuid, message: Message) -> Result<(), ServerError> {
        let t = message.message_type;
        let pid = message.pid;
        let depth = self.depth();
        let max_pipelines = self.config.limits.max_pipelines;
        let pool = self.pool_mut(rpid)?;
        match t {
            MessageType::CreatePipeline | MessageType::GetCommandMetadata => {
                if pid.is_nil() || pool.pipelines.contains_key(&pid) {
                    return Err(ServerError::DuplicatePipeline(pid));
                }
                if pool.pipelines.len() >= max_pipelines {
                    return Err(ServerError::Limit("pipelines in a pool"));
                }
                let no_input = if t == MessageType::CreatePipeline {
                    bodies::read_create_pipeline(&message.data, depth)?.no_input
                } else {
                    true
                };
                pool.pipelines.insert(
                    pid,
                    ServerPipeline {
                        state: PipelineState::Running,
                        no_input,
                        input_ended: no_input,
                    },
                );
                self.events.push_back(if t == MessageType::CreatePipeline {
                    ServerEvent::PipelineCreated {
                        rpid,
                        pid,
                        body: message.data,
                        no_input,
                    }
                } else {
                    ServerEvent::CommandMetadataRequested {
                        rpid,
                        pid,
                        body: message.data,
                    }
                });
                Ok(())
            }
            MessageType::PipelineInput | MessageType::EndOfPipelineInput => {
                // Input for a pipeline that is gone (e.g. `Select-Object -First` finished
                // early) is dropped, as PowerShell does.
                let Some(pipeline) = pool.pipelines.get_mut(&pid) else {
                    return Ok(());
                };
                if pipeline.state.is_terminal() {
                    return Ok(());
                }
                if pipeline.no_input || pipeline.input_ended {
                    return Err(ServerError::Unexpected(t));
                }
                if t == MessageType::EndOfPipelineInput {
                    pipeline.input_ended = true;
                    self.events.push_back(ServerEvent::EndOfInput { rpid, pid });
                } else {
                    self.events.push_back(ServerEvent::PipelineInput {
                        rpid,
                        pid,
                        data: message.data,
                    });
                }
                Ok(())
            }
            MessageType::PipelineHostResponse => {
                if !pool.pipelines.contains_key(&pid) {
                    return Ok(());
                }
                let response = bodies::read_host_response(&message.data, depth)?;
                self.events.push_back(ServerEvent::HostResponse {
                    rpid,
                    pid: Some(pid),
                    response,
                });
                Ok(())
            }
            _ => Err(ServerError::Unexpected(t)),
        }
    }

    // -----------------------------------------------------------------------------------
    // Transport-level requests (OutOfProc <Signal>, <Close>; WS-Man Signal, Delete)

    /// A stop signal for pipeline `pid` of `session`'s pool. Unknown or finished pipelines
    /// are ignored (the transport still acknowledges).
    pub fn stop_pipeline(&mut self, session: &Session, pid: Uuid) -> Result<(), ServerError> {
        let Some(rpid) = session.attached else {
            return Ok(());
        };
        let pool = self.pool_mut(rpid)?;
        if let Some(p) = pool.pipelines.get_mut(&pid)
            && !p.state.is_terminal()
            && p.state != PipelineState::Stopping
        {
            p.state = PipelineState::Stopping;
            self.events
                .push_back(ServerEvent::StopRequested { rpid, pid });
        }
        Ok(())
    }

    /// The client closed pipeline `pid`'s channel: forget it (asking the engine to stop it
    /// first if it is still running).
    pub fn close_pipeline(&mut self, session: &Session, pid: Uuid) -> Result<(), ServerError> {
        let Some(rpid) = session.attached else {
            return Ok(());
        };
        let pool = self.pool_mut(rpid)?;
        if let Some(p) = pool.pipelines.remove(&pid)
            && !p.state.is_terminal()
            && p.state != PipelineState::Stopping
        {
            self.events
                .push_back(ServerEvent::StopRequested { rpid, pid });
        }
        Ok(())
    }

    /// Closes pool `rpid`: RUNSPACEPOOL_STATE Closed goes to `session` (if attached) and
    /// the pool leaves the registry.
    pub fn close_pool(&mut self, session: &mut Session, rpid: Uuid) -> Result<(), ServerError> {
        let depth = self.depth();
        let mut pool = self
            .pools
            .remove(&rpid)
            .ok_or(ServerError::UnknownPool(rpid))?;
        for (pid, p) in &pool.pipelines {
            if !p.state.is_terminal() {
                self.events
                    .push_back(ServerEvent::StopRequested { rpid, pid: *pid });
            }
        }
        pool.state = RunspacePoolState::Closed;
        if session.attached == Some(rpid) {
            session.outbox.extend(pool.outbox.drain(..));
            session.outbox.push_back(Self::to_client(
                rpid,
                Uuid::nil(),
                MessageType::RunspacePoolState,
                bodies::runspace_pool_state(RunspacePoolState::Closed, None, depth)?,
            ));
            session.attached = None;
        }
        self.events.push_back(ServerEvent::PoolClosed { rpid });
        Ok(())
    }

    /// The connection of `session` is gone. The pool stays in the registry, detached, with
    /// its pipelines running and output buffering, for a later session to attach to (or
    /// for the caller to close: OutOfProc has no reconnect).
    pub fn detach(&mut self, session: &mut Session) -> Option<Uuid> {
        let rpid = session.attached.take()?;
        if let Some(pool) = self.pools.get_mut(&rpid) {
            pool.attached = false;
        }
        Some(rpid)
    }

    // -----------------------------------------------------------------------------------
    // Engine calls

    fn running_pipeline(
        &mut self,
        rpid: Uuid,
        pid: Uuid,
    ) -> Result<&mut ServerPipeline, ServerError> {
        let pool = self.pool_mut(rpid)?;
        let p = pool
            .pipelines
            .get_mut(&pid)
            .ok_or(ServerError::UnknownPipeline(pid))?;
        if p.state.is_terminal() {
            return Err(ServerError::PipelineFinished(pid));
        }
        Ok(p)
    }

    /// Sends one serialized output object of pipeline `pid` (empty: `$null`).
    pub fn write_output(&mut self, rpid: Uuid, pid: Uuid, data: String) -> Result<(), ServerError> {
        self.running_pipeline(rpid, pid)?;
        self.queue(
            rpid,
            Self::to_client(rpid, pid, MessageType::PipelineOutput, data),
        )
    }

    /// Sends one serialized record (error, warning, verbose, debug, information, progress).
    pub fn write_record(
        &mut self,
        rpid: Uuid,
        pid: Uuid,
        kind: RecordKind,
        data: String,
    ) -> Result<(), ServerError> {
        self.running_pipeline(rpid, pid)?;
        self.queue(rpid, Self::to_client(rpid, pid, kind.message_type(), data))
    }

    fn finish(
        &mut self,
        rpid: Uuid,
        pid: Uuid,
        state: PipelineState,
        error: Option<&str>,
    ) -> Result<(), ServerError> {
        let depth = self.depth();
        let p = self.running_pipeline(rpid, pid)?;
        if !p.state.can_transition_to(state) {
            return Err(ServerError::IllegalTransition {
                from: format!("{:?}", p.state),
                to: format!("{state:?}"),
            });
        }
        p.state = state;
        let body = bodies::pipeline_state(state, error, depth)?;
        self.queue(
            rpid,
            Self::to_client(rpid, pid, MessageType::PipelineState, body),
        )
    }

    /// Pipeline `pid` ran to its end: PIPELINE_STATE Completed (after all its output).
    pub fn complete_pipeline(&mut self, rpid: Uuid, pid: Uuid) -> Result<(), ServerError> {
        self.finish(rpid, pid, PipelineState::Completed, None)
    }

    /// Pipeline `pid` failed with the serialized ErrorRecord `error`.
    pub fn fail_pipeline(&mut self, rpid: Uuid, pid: Uuid, error: &str) -> Result<(), ServerError> {
        self.finish(rpid, pid, PipelineState::Failed, Some(error))
    }

    /// Pipeline `pid` stopped; `error` is the serialized PipelineStoppedException record
    /// (`None`: rosh's standard one).
    pub fn stopped_pipeline(
        &mut self,
        rpid: Uuid,
        pid: Uuid,
        error: Option<&str>,
    ) -> Result<(), ServerError> {
        let standard = bodies::pipeline_stopped_error_record();
        self.finish(
            rpid,
            pid,
            PipelineState::Stopped,
            Some(error.unwrap_or(&standard)),
        )
    }

    /// Sends a host call (`pid` `None`: pool-level) with serialized arguments.
    pub fn host_call(
        &mut self,
        rpid: Uuid,
        pid: Option<Uuid>,
        ci: i64,
        method: i32,
        arguments: &[&str],
    ) -> Result<(), ServerError> {
        let body = bodies::host_call(ci, method, arguments, self.depth())?;
        let message = match pid {
            Some(pid) => {
                self.running_pipeline(rpid, pid)?;
                Self::to_client(rpid, pid, MessageType::PipelineHostCall, body)
            }
            None => Self::to_client(rpid, Uuid::nil(), MessageType::RunspacePoolHostCall, body),
        };
        self.queue(rpid, message)
    }

    /// Answers pool operation `ci` with RUNSPACE_AVAILABILITY.
    pub fn answer_availability(
        &mut self,
        rpid: Uuid,
        ci: i64,
        answer: Availability,
    ) -> Result<(), ServerError> {
        let body = bodies::runspace_availability(ci, answer);
        self.queue(
            rpid,
            Self::to_client(rpid, Uuid::nil(), MessageType::RunspaceAvailability, body),
        )
    }

    /// Asks the client of pool `rpid` to start the session key exchange (PUBLIC_KEY_REQUEST),
    /// before a SecureString goes to it.
    pub fn request_public_key(&mut self, rpid: Uuid) -> Result<(), ServerError> {
        self.queue(
            rpid,
            Self::to_client(
                rpid,
                Uuid::nil(),
                MessageType::PublicKeyRequest,
                bodies::public_key_request(),
            ),
        )
    }

    /// Pool `rpid` failed: RUNSPACEPOOL_STATE Broken with the serialized ErrorRecord.
    pub fn break_pool(&mut self, rpid: Uuid, error: &str) -> Result<(), ServerError> {
        let depth = self.depth();
        let pool = self.pool_mut(rpid)?;
        if !pool.state.can_transition_to(RunspacePoolState::Broken) {
            return Err(ServerError::IllegalTransition {
                from: format!("{:?}", pool.state),
                to: "Broken".into(),
            });
        }
        pool.state = RunspacePoolState::Broken;
        let body = bodies::runspace_pool_state(RunspacePoolState::Broken, Some(error), depth)?;
        self.queue(
            rpid,
            Self::to_client(rpid, Uuid::nil(), MessageType::RunspacePoolState, body),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bodies::{CommandSpec, PipelineSpec};

    fn rpid() -> Uuid {
        Uuid::from_u128(0x11111111_2222_3333_4444_555555555555)
    }

    fn to_server(t: MessageType, pid: Uuid, data: String) -> Message {
        Message::new(Destination::Server, t, rpid(), pid, data)
    }

    fn drain(server: &mut Server, session: &mut Session) -> Vec<Message> {
        std::iter::from_fn(|| server.next_message(session)).collect()
    }

    fn open(server: &mut Server, session: &mut Session) {
        let cap = bodies::session_capability(&SessionCapability::rosh());
        server
            .receive(
                session,
                to_server(MessageType::SessionCapability, Uuid::nil(), cap),
                Stream::Default,
            )
            .unwrap();
        let init = bodies::init_runspace_pool(1, 2, None, None, 64).unwrap();
        server
            .receive(
                session,
                to_server(MessageType::InitRunspacePool, Uuid::nil(), init),
                Stream::Default,
            )
            .unwrap();
    }

    #[test]
    fn open_replies_capability_private_data_and_opened() {
        let mut server = Server::new(ServerConfig::default());
        let mut session = Session::new();
        open(&mut server, &mut session);
        let sent = drain(&mut server, &mut session);
        let types: Vec<_> = sent.iter().map(|m| m.message_type).collect();
        assert_eq!(
            types,
            vec![
                MessageType::SessionCapability,
                MessageType::ApplicationPrivateData,
                MessageType::RunspacePoolState
            ]
        );
        assert!(
            sent.iter()
                .all(|m| m.rpid == rpid() && m.destination == Destination::Client)
        );
        assert_eq!(
            bodies::read_session_capability(&sent[0].data, 64).unwrap(),
            SessionCapability::rosh()
        );
        assert_eq!(
            bodies::read_runspace_pool_state(&sent[2].data, 64)
                .unwrap()
                .0,
            RunspacePoolState::Opened
        );
        assert!(matches!(
            server.next_event(),
            Some(ServerEvent::PoolOpened { .. })
        ));
        assert_eq!(
            server.pool(rpid()).unwrap().size(),
            PoolSize { min: 1, max: 2 }
        );
    }

    #[test]
    fn negotiation_answers_older_and_newer_clients() {
        for (client, answer) in [("2.2", "2.2"), ("2.4", "2.3")] {
            let mut server = Server::new(ServerConfig::default());
            let mut session = Session::new();
            let cap = SessionCapability {
                protocol_version: client.parse().unwrap(),
                ..SessionCapability::rosh()
            };
            server
                .receive(
                    &mut session,
                    to_server(
                        MessageType::SessionCapability,
                        Uuid::nil(),
                        bodies::session_capability(&cap),
                    ),
                    Stream::Default,
                )
                .unwrap();
            let reply = server.next_message(&mut session).unwrap();
            let theirs = bodies::read_session_capability(&reply.data, 64).unwrap();
            assert_eq!(theirs.protocol_version.to_string(), answer);
        }
        let mut server = Server::new(ServerConfig::default());
        let mut session = Session::new();
        let cap = SessionCapability {
            protocol_version: Version::new(3, 0),
            ..SessionCapability::rosh()
        };
        assert!(matches!(
            server.receive(
                &mut session,
                to_server(
                    MessageType::SessionCapability,
                    Uuid::nil(),
                    bodies::session_capability(&cap)
                ),
                Stream::Default,
            ),
            Err(ServerError::Negotiation(_))
        ));
    }

    #[test]
    fn protocol_order_is_enforced() {
        let mut server = Server::new(ServerConfig::default());
        let mut session = Session::new();
        let init = bodies::init_runspace_pool(1, 1, None, None, 64).unwrap();
        assert_eq!(
            server.receive(
                &mut session,
                to_server(MessageType::InitRunspacePool, Uuid::nil(), init),
                Stream::Default
            ),
            Err(ServerError::Unexpected(MessageType::InitRunspacePool))
        );
        let body = bodies::create_pipeline(&PipelineSpec::new(vec![CommandSpec::command("x")]), 64)
            .unwrap();
        assert_eq!(
            server.receive(
                &mut session,
                to_server(MessageType::CreatePipeline, Uuid::from_u128(1), body),
                Stream::Default
            ),
            Err(ServerError::Unexpected(MessageType::CreatePipeline))
        );
        let mut wrong = to_server(MessageType::SessionCapability, Uuid::nil(), String::new());
        wrong.destination = Destination::Client;
        assert_eq!(
            server.receive(&mut session, wrong, Stream::Default),
            Err(ServerError::WrongDestination(Destination::Client))
        );
    }

    #[test]
    fn pipeline_runs_stops_and_the_pool_outlives_its_session() {
        let mut server = Server::new(ServerConfig::default());
        let mut session = Session::new();
        open(&mut server, &mut session);
        drain(&mut server, &mut session);
        while server.next_event().is_some() {}

        let pid = Uuid::from_u128(0xaaaa);
        let mut spec = PipelineSpec::new(vec![CommandSpec::command("ForEach-Object")]);
        spec.no_input = false;
        let body = bodies::create_pipeline(&spec, 64).unwrap();
        server
            .receive(
                &mut session,
                to_server(MessageType::CreatePipeline, pid, body),
                Stream::Default,
            )
            .unwrap();
        assert!(matches!(
            server.next_event(),
            Some(ServerEvent::PipelineCreated {
                no_input: false,
                ..
            })
        ));
        server
            .receive(
                &mut session,
                to_server(MessageType::PipelineInput, pid, "<I32>1</I32>".into()),
                Stream::Default,
            )
            .unwrap();
        server
            .receive(
                &mut session,
                to_server(MessageType::EndOfPipelineInput, pid, String::new()),
                Stream::Default,
            )
            .unwrap();
        assert!(matches!(
            server.next_event(),
            Some(ServerEvent::PipelineInput { .. })
        ));
        assert!(matches!(
            server.next_event(),
            Some(ServerEvent::EndOfInput { .. })
        ));
        assert_eq!(
            server.receive(
                &mut session,
                to_server(MessageType::PipelineInput, pid, "<I32>2</I32>".into()),
                Stream::Default
            ),
            Err(ServerError::Unexpected(MessageType::PipelineInput))
        );
        // Input for an unknown pipeline is dropped.
        server
            .receive(
                &mut session,
                to_server(
                    MessageType::PipelineInput,
                    Uuid::from_u128(77),
                    "<I32>1</I32>".into(),
                ),
                Stream::Default,
            )
            .unwrap();

        server
            .write_output(rpid(), pid, "<I32>1</I32>".into())
            .unwrap();
        // The connection goes away; the pool and its pipeline keep going.
        assert_eq!(server.detach(&mut session), Some(rpid()));
        assert!(!server.pool(rpid()).unwrap().is_attached());
        server
            .write_output(rpid(), pid, "<I32>2</I32>".into())
            .unwrap();
        assert_eq!(server.next_message(&mut session), None);
        assert_eq!(server.pool(rpid()).unwrap().pending_messages(), 2);

        // A session attached again would drain them (reconnect comes later); here the
        // test attaches by hand.
        session.attached = Some(rpid());
        server.stop_pipeline(&session, pid).unwrap();
        assert_eq!(
            server.next_event(),
            Some(ServerEvent::StopRequested { rpid: rpid(), pid })
        );
        server.stopped_pipeline(rpid(), pid, None).unwrap();
        let sent = drain(&mut server, &mut session);
        assert_eq!(sent.len(), 3);
        let (state, error) = bodies::read_pipeline_state(&sent[2].data, 64).unwrap();
        assert_eq!(state, PipelineState::Stopped);
        assert!(error.unwrap().contains("PipelineStopped"));
        assert_eq!(
            server.write_output(rpid(), pid, "<I32>3</I32>".into()),
            Err(ServerError::PipelineFinished(pid))
        );

        server.close_pool(&mut session, rpid()).unwrap();
        let sent = drain(&mut server, &mut session);
        assert_eq!(sent.len(), 1);
        assert_eq!(
            bodies::read_runspace_pool_state(&sent[0].data, 64)
                .unwrap()
                .0,
            RunspacePoolState::Closed
        );
        assert!(server.pool(rpid()).is_none());
    }

    #[test]
    fn pool_operations_are_answered() {
        let mut server = Server::new(ServerConfig::default());
        let mut session = Session::new();
        open(&mut server, &mut session);
        drain(&mut server, &mut session);
        let cases = [
            (
                MessageType::SetMaxRunspaces,
                bodies::set_runspaces("MaxRunspaces", 5, 1),
                Availability::Done(true),
            ),
            (
                MessageType::SetMinRunspaces,
                bodies::set_runspaces("MinRunspaces", 9, 2),
                Availability::Done(false),
            ),
            (
                MessageType::GetAvailableRunspaces,
                bodies::call_id_only(3),
                Availability::Count(5),
            ),
        ];
        for (ci, (t, body, answer)) in (1..).zip(cases) {
            server
                .receive(
                    &mut session,
                    to_server(t, Uuid::nil(), body),
                    Stream::Default,
                )
                .unwrap();
            let reply = server.next_message(&mut session).unwrap();
            assert_eq!(
                bodies::read_runspace_availability(&reply.data, 64).unwrap(),
                (ci, answer)
            );
        }
    }

    #[test]
    fn events_are_bounded() {
        let limits = Limits {
            max_buffered_messages: 4,
            ..Limits::default()
        };
        let mut server = Server::new(ServerConfig {
            limits,
            ..ServerConfig::default()
        });
        let mut session = Session::new();
        open(&mut server, &mut session);
        let pid = Uuid::from_u128(1);
        let mut spec = PipelineSpec::new(vec![CommandSpec::command("x")]);
        spec.no_input = false;
        let body = bodies::create_pipeline(&spec, 64).unwrap();
        server
            .receive(
                &mut session,
                to_server(MessageType::CreatePipeline, pid, body),
                Stream::Default,
            )
            .unwrap();
        let input = || to_server(MessageType::PipelineInput, pid, "<I32>1</I32>".into());
        // PoolOpened and PipelineCreated are waiting; two inputs fit.
        server
            .receive(&mut session, input(), Stream::Default)
            .unwrap();
        server
            .receive(&mut session, input(), Stream::Default)
            .unwrap();
        assert_eq!(
            server.receive(&mut session, input(), Stream::Default),
            Err(ServerError::Limit("events waiting for the engine"))
        );
        while server.next_event().is_some() {}
        server
            .receive(&mut session, input(), Stream::Default)
            .unwrap();
    }

    #[test]
    fn outbox_is_bounded() {
        let limits = Limits {
            max_buffered_messages: 3,
            ..Limits::default()
        };
        let mut server = Server::new(ServerConfig {
            limits,
            ..ServerConfig::default()
        });
        let mut session = Session::new();
        open(&mut server, &mut session);
        drain(&mut server, &mut session);
        let pid = Uuid::from_u128(1);
        let body = bodies::create_pipeline(&PipelineSpec::new(vec![CommandSpec::command("x")]), 64)
            .unwrap();
        server
            .receive(
                &mut session,
                to_server(MessageType::CreatePipeline, pid, body),
                Stream::Default,
            )
            .unwrap();
        for _ in 0..3 {
            server.write_output(rpid(), pid, String::new()).unwrap();
        }
        assert_eq!(
            server.write_output(rpid(), pid, String::new()),
            Err(ServerError::Limit("messages buffered for the client"))
        );
    }
}
