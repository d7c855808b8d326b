//! The client end of a runspace pool, sans-I/O: calls and received messages in,
//! [`ClientAction`]s (for the transport) and [`ClientEvent`]s (for the caller) out.
//!
//! ```text
//! open()            -> Send SESSION_CAPABILITY, Send INIT_RUNSPACEPOOL     state NegotiationSent
//! <- SESSION_CAPABILITY                                                   NegotiationSucceeded
//! <- APPLICATION_PRIVATE_DATA, RUNSPACEPOOL_STATE Opened                  Opened
//! create_pipeline() -> CreateCommand(P), Send CREATE_PIPELINE on P
//! <- PIPELINE_OUTPUT / ERROR_RECORD / ... / PIPELINE_STATE (terminal)
//! close_pipeline()  -> CloseCommand(P)          stop() -> Signal(P)
//! close()           -> ClosePool                                           Closing
//! ```

use std::collections::{HashMap, VecDeque};

use uuid::Uuid;

use crate::bodies::{self, Availability, HostCall, HostResult, PipelineSpec, PoolSize};
use crate::capability::{self, NegotiationError, SessionCapability, Version};
use crate::clixml::BodyError;
use crate::crypto::{ExchangeKey, SessionKey};
use crate::limits::Limits;
use crate::message::{Destination, Message, MessageType, Stream};
use crate::state::{PipelineState, RunspacePoolState};

/// What the client asks its transport to do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAction {
    /// Send a message on its channel (`message.pid`, nil for the pool).
    Send {
        /// The message.
        message: Message,
        /// Its priority stream.
        stream: Stream,
    },
    /// Open a pipeline's channel (OutOfProc `<Command>`); its data waits for the answer.
    CreateCommand {
        /// The pipeline.
        pid: Uuid,
    },
    /// Ask the server to stop a pipeline (OutOfProc `<Signal>`).
    Signal {
        /// The pipeline.
        pid: Uuid,
    },
    /// Close a pipeline's channel (OutOfProc `<Close>`).
    CloseCommand {
        /// The pipeline.
        pid: Uuid,
    },
    /// Close the session (OutOfProc `<Close>` on the nil GUID).
    ClosePool,
}

/// The kinds of record a pipeline streams besides output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// ERROR_RECORD.
    Error,
    /// WARNING_RECORD.
    Warning,
    /// VERBOSE_RECORD.
    Verbose,
    /// DEBUG_RECORD.
    Debug,
    /// INFORMATION_RECORD.
    Information,
    /// PROGRESS_RECORD.
    Progress,
}

impl RecordKind {
    /// The message type carrying this kind.
    pub fn message_type(self) -> MessageType {
        match self {
            RecordKind::Error => MessageType::ErrorRecord,
            RecordKind::Warning => MessageType::WarningRecord,
            RecordKind::Verbose => MessageType::VerboseRecord,
            RecordKind::Debug => MessageType::DebugRecord,
            RecordKind::Information => MessageType::InformationRecord,
            RecordKind::Progress => MessageType::ProgressRecord,
        }
    }

    fn from_message_type(t: MessageType) -> Option<Self> {
        Some(match t {
            MessageType::ErrorRecord => RecordKind::Error,
            MessageType::WarningRecord => RecordKind::Warning,
            MessageType::VerboseRecord => RecordKind::Verbose,
            MessageType::DebugRecord => RecordKind::Debug,
            MessageType::InformationRecord => RecordKind::Information,
            MessageType::ProgressRecord => RecordKind::Progress,
            _ => return None,
        })
    }
}

/// What happened, for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// The pool changed state; `error` is the serialized ErrorRecord of a failure.
    PoolState {
        /// The new state.
        state: RunspacePoolState,
        /// Why, when it broke.
        error: Option<String>,
    },
    /// The server's capability was accepted; this protocol version is in use.
    Negotiated {
        /// The version both ends speak.
        protocol_version: Version,
    },
    /// The server's APPLICATION_PRIVATE_DATA (serialized).
    ApplicationPrivateData(String),
    /// RUNSPACEPOOL_INIT_DATA.
    PoolInitData(PoolSize),
    /// An answer to a pool operation.
    Availability {
        /// The call id of the operation.
        ci: i64,
        /// The answer.
        answer: Availability,
    },
    /// A forwarded engine event (serialized).
    UserEvent(String),
    /// A host call; `pid` is `None` for pool-level calls.
    HostCall {
        /// The pipeline.
        pid: Option<Uuid>,
        /// The call.
        call: HostCall,
    },
    /// An output object (serialized; empty is `$null`).
    Output {
        /// The pipeline.
        pid: Uuid,
        /// The object.
        data: String,
    },
    /// An error, warning, verbose, debug, information or progress record (serialized).
    Record {
        /// The pipeline.
        pid: Uuid,
        /// Which stream.
        kind: RecordKind,
        /// The record.
        data: String,
    },
    /// The session key exchange finished: SecureStrings now travel sealed with this key.
    SessionKey(SessionKey),
    /// The session key exchange failed.
    SessionKeyFailed(String),
    /// A pipeline changed state; `error` is the serialized ErrorRecord of a failure or stop.
    PipelineState {
        /// The pipeline.
        pid: Uuid,
        /// The new state.
        state: PipelineState,
        /// Why, when it failed or stopped.
        error: Option<String>,
    },
}

/// A protocol violation by the server or a call the pool cannot take now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// A body could not be read or written.
    #[error(transparent)]
    Body(#[from] BodyError),
    /// The versions are incompatible.
    #[error(transparent)]
    Negotiation(#[from] NegotiationError),
    /// A message addressed to the server.
    #[error("received a message addressed to {0:?}")]
    WrongDestination(Destination),
    /// A message for another runspace pool.
    #[error("received a message for runspace pool {got}, expected {expected}")]
    WrongPool {
        /// Ours.
        expected: Uuid,
        /// The message's.
        got: Uuid,
    },
    /// A message the server may not send, or not now.
    #[error("unexpected {message_type:?} while the pool is {state:?}")]
    Unexpected {
        /// The message type.
        message_type: MessageType,
        /// Our state.
        state: RunspacePoolState,
    },
    /// A state change the protocol does not allow.
    #[error("illegal state change {from} -> {to}")]
    IllegalTransition {
        /// From.
        from: String,
        /// To.
        to: String,
    },
    /// A call not possible in the pool's state.
    #[error("cannot {operation} while the pool is {state:?}")]
    InvalidState {
        /// The call.
        operation: &'static str,
        /// The state.
        state: RunspacePoolState,
    },
    /// A pipeline id already in use.
    #[error("pipeline {0} already exists")]
    DuplicatePipeline(Uuid),
    /// A pipeline id not known.
    #[error("no pipeline {0}")]
    UnknownPipeline(Uuid),
    /// Too many pipelines open.
    #[error("too many pipelines open (limit {0})")]
    TooManyPipelines(usize),
}

#[derive(Debug)]
struct ClientPipeline {
    state: PipelineState,
    no_input: bool,
    input_ended: bool,
}

/// The client's view of one runspace pool.
#[derive(Debug)]
pub struct ClientPool {
    rpid: Uuid,
    size: PoolSize,
    state: RunspacePoolState,
    limits: Limits,
    capability: SessionCapability,
    protocol_version: Option<Version>,
    application_private_data: Option<String>,
    pipelines: HashMap<Uuid, ClientPipeline>,
    next_ci: i64,
    actions: VecDeque<ClientAction>,
    events: VecDeque<ClientEvent>,
    /// The RSA key of a session key exchange in progress.
    exchange: Option<ExchangeKey>,
}

impl ClientPool {
    /// A pool with id `rpid` of `min..=max` runspaces, not yet opened.
    pub fn new(rpid: Uuid, min: i32, max: i32, limits: Limits) -> Self {
        ClientPool {
            rpid,
            size: PoolSize {
                min: min.max(1),
                max: max.max(min).max(1),
            },
            state: RunspacePoolState::BeforeOpen,
            limits,
            capability: SessionCapability::rosh(),
            protocol_version: None,
            application_private_data: None,
            pipelines: HashMap::new(),
            next_ci: 1,
            actions: VecDeque::new(),
            events: VecDeque::new(),
            exchange: None,
        }
    }

    /// The pool id.
    pub fn id(&self) -> Uuid {
        self.rpid
    }

    /// The pool's state.
    pub fn state(&self) -> RunspacePoolState {
        self.state
    }

    /// The negotiated protocol version, once known.
    pub fn protocol_version(&self) -> Option<Version> {
        self.protocol_version
    }

    /// The server's APPLICATION_PRIVATE_DATA, once received.
    pub fn application_private_data(&self) -> Option<&str> {
        self.application_private_data.as_deref()
    }

    /// A pipeline's state.
    pub fn pipeline_state(&self, pid: Uuid) -> Option<PipelineState> {
        self.pipelines.get(&pid).map(|p| p.state)
    }

    /// The next thing for the transport to do.
    pub fn next_action(&mut self) -> Option<ClientAction> {
        self.actions.pop_front()
    }

    /// The next event for the caller.
    pub fn next_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    fn message(&self, message_type: MessageType, pid: Uuid, data: String) -> Message {
        Message::new(Destination::Server, message_type, self.rpid, pid, data)
    }

    fn send(&mut self, message_type: MessageType, pid: Uuid, data: String, stream: Stream) {
        let message = self.message(message_type, pid, data);
        self.actions
            .push_back(ClientAction::Send { message, stream });
    }

    fn set_state(
        &mut self,
        to: RunspacePoolState,
        error: Option<String>,
    ) -> Result<(), ClientError> {
        if self.state == to {
            return Ok(());
        }
        if !self.state.can_transition_to(to) {
            return Err(ClientError::IllegalTransition {
                from: format!("{:?}", self.state),
                to: format!("{to:?}"),
            });
        }
        self.state = to;
        self.events
            .push_back(ClientEvent::PoolState { state: to, error });
        Ok(())
    }

    /// Starts opening: sends SESSION_CAPABILITY and INIT_RUNSPACEPOOL (no host, empty
    /// application arguments).
    pub fn open(&mut self) -> Result<(), ClientError> {
        self.open_with(None, None)
    }

    /// Starts opening with a serialized HostInfo and ApplicationArguments.
    pub fn open_with(
        &mut self,
        host_info: Option<&str>,
        application_arguments: Option<&str>,
    ) -> Result<(), ClientError> {
        if self.state != RunspacePoolState::BeforeOpen {
            return Err(ClientError::InvalidState {
                operation: "open",
                state: self.state,
            });
        }
        let init = bodies::init_runspace_pool(
            self.size.min,
            self.size.max,
            host_info,
            application_arguments,
            self.limits.max_xml_depth,
        )?;
        self.set_state(RunspacePoolState::Opening, None)?;
        let capability = bodies::session_capability(&self.capability);
        self.send(
            MessageType::SessionCapability,
            Uuid::nil(),
            capability,
            Stream::Default,
        );
        self.send(
            MessageType::InitRunspacePool,
            Uuid::nil(),
            init,
            Stream::Default,
        );
        self.set_state(RunspacePoolState::NegotiationSent, None)
    }

    fn require_opened(&self, operation: &'static str) -> Result<(), ClientError> {
        if self.state == RunspacePoolState::Opened {
            Ok(())
        } else {
            Err(ClientError::InvalidState {
                operation,
                state: self.state,
            })
        }
    }

    /// Creates pipeline `pid` from `spec`: opens its channel and sends CREATE_PIPELINE.
    pub fn create_pipeline(&mut self, pid: Uuid, spec: &PipelineSpec) -> Result<(), ClientError> {
        let body = bodies::create_pipeline(spec, self.limits.max_xml_depth)?;
        self.create_pipeline_raw(pid, body, spec.no_input)
    }

    /// Creates pipeline `pid` from an already serialized CREATE_PIPELINE body.
    pub fn create_pipeline_raw(
        &mut self,
        pid: Uuid,
        body: String,
        no_input: bool,
    ) -> Result<(), ClientError> {
        self.require_opened("create a pipeline")?;
        if pid.is_nil() || self.pipelines.contains_key(&pid) {
            return Err(ClientError::DuplicatePipeline(pid));
        }
        if self.pipelines.len() >= self.limits.max_pipelines {
            return Err(ClientError::TooManyPipelines(self.limits.max_pipelines));
        }
        self.pipelines.insert(
            pid,
            ClientPipeline {
                state: PipelineState::NotStarted,
                no_input,
                input_ended: no_input,
            },
        );
        self.actions.push_back(ClientAction::CreateCommand { pid });
        self.send(MessageType::CreatePipeline, pid, body, Stream::Default);
        Ok(())
    }

    fn input_pipeline(&mut self, pid: Uuid) -> Result<&mut ClientPipeline, ClientError> {
        let p = self
            .pipelines
            .get_mut(&pid)
            .ok_or(ClientError::UnknownPipeline(pid))?;
        if p.no_input || p.input_ended {
            return Err(ClientError::InvalidState {
                operation: "send pipeline input after its end",
                state: RunspacePoolState::Opened,
            });
        }
        Ok(p)
    }

    /// Sends one serialized input object to pipeline `pid`.
    pub fn send_input(&mut self, pid: Uuid, data: String) -> Result<(), ClientError> {
        self.input_pipeline(pid)?;
        self.send(MessageType::PipelineInput, pid, data, Stream::Default);
        Ok(())
    }

    /// Ends pipeline `pid`'s input.
    pub fn end_input(&mut self, pid: Uuid) -> Result<(), ClientError> {
        self.input_pipeline(pid)?.input_ended = true;
        self.send(
            MessageType::EndOfPipelineInput,
            pid,
            String::new(),
            Stream::Default,
        );
        Ok(())
    }

    /// Asks the server to stop pipeline `pid` (no-op once it has finished).
    pub fn stop(&mut self, pid: Uuid) -> Result<(), ClientError> {
        let p = self
            .pipelines
            .get_mut(&pid)
            .ok_or(ClientError::UnknownPipeline(pid))?;
        if p.state.is_terminal() || p.state == PipelineState::Stopping {
            return Ok(());
        }
        p.state = PipelineState::Stopping;
        self.events.push_back(ClientEvent::PipelineState {
            pid,
            state: PipelineState::Stopping,
            error: None,
        });
        self.actions.push_back(ClientAction::Signal { pid });
        Ok(())
    }

    /// Closes pipeline `pid`'s channel and forgets it.
    pub fn close_pipeline(&mut self, pid: Uuid) -> Result<(), ClientError> {
        self.pipelines
            .remove(&pid)
            .ok_or(ClientError::UnknownPipeline(pid))?;
        self.actions.push_back(ClientAction::CloseCommand { pid });
        Ok(())
    }

    /// Answers host call `ci` (`pid` `None` for a pool-level call) on the PromptResponse
    /// stream.
    pub fn host_response(
        &mut self,
        pid: Option<Uuid>,
        ci: i64,
        method: i32,
        result: &HostResult,
    ) -> Result<(), ClientError> {
        let body = bodies::host_response(ci, method, result, self.limits.max_xml_depth)?;
        let (message_type, channel) = match pid {
            Some(pid) => (MessageType::PipelineHostResponse, pid),
            None => (MessageType::RunspacePoolHostResponse, Uuid::nil()),
        };
        self.send(message_type, channel, body, Stream::PromptResponse);
        Ok(())
    }

    fn take_ci(&mut self) -> i64 {
        let ci = self.next_ci;
        self.next_ci = self.next_ci.wrapping_add(1).max(1);
        ci
    }

    /// SET_MAX_RUNSPACES; returns the call id the answer will carry.
    pub fn set_max_runspaces(&mut self, max: i32) -> Result<i64, ClientError> {
        self.require_opened("set the maximum runspaces")?;
        let ci = self.take_ci();
        let body = bodies::set_runspaces("MaxRunspaces", max, ci);
        self.send(
            MessageType::SetMaxRunspaces,
            Uuid::nil(),
            body,
            Stream::Default,
        );
        Ok(ci)
    }

    /// SET_MIN_RUNSPACES; returns the call id.
    pub fn set_min_runspaces(&mut self, min: i32) -> Result<i64, ClientError> {
        self.require_opened("set the minimum runspaces")?;
        let ci = self.take_ci();
        let body = bodies::set_runspaces("MinRunspaces", min, ci);
        self.send(
            MessageType::SetMinRunspaces,
            Uuid::nil(),
            body,
            Stream::Default,
        );
        Ok(ci)
    }

    /// GET_AVAILABLE_RUNSPACES; returns the call id.
    pub fn get_available_runspaces(&mut self) -> Result<i64, ClientError> {
        self.require_opened("ask for available runspaces")?;
        let ci = self.take_ci();
        let body = bodies::call_id_only(ci);
        self.send(
            MessageType::GetAvailableRunspaces,
            Uuid::nil(),
            body,
            Stream::Default,
        );
        Ok(ci)
    }

    /// RESET_RUNSPACE_STATE; returns the call id.
    pub fn reset_runspace_state(&mut self) -> Result<i64, ClientError> {
        self.require_opened("reset the runspace state")?;
        let ci = self.take_ci();
        let body = bodies::call_id_only(ci);
        self.send(
            MessageType::ResetRunspaceState,
            Uuid::nil(),
            body,
            Stream::Default,
        );
        Ok(ci)
    }

    /// Starts closing the pool.
    pub fn close(&mut self) -> Result<(), ClientError> {
        if self.state.is_final() || self.state == RunspacePoolState::Closing {
            return Ok(());
        }
        self.set_state(RunspacePoolState::Closing, None)?;
        self.actions.push_back(ClientAction::ClosePool);
        Ok(())
    }

    /// The transport acknowledged the session close: the pool is closed whatever the server
    /// said before.
    pub fn close_acknowledged(&mut self) {
        if !self.state.is_final() {
            self.state = RunspacePoolState::Closed;
            self.events.push_back(ClientEvent::PoolState {
                state: RunspacePoolState::Closed,
                error: None,
            });
        }
    }

    /// The connection is gone: the pool is broken unless already finished.
    pub fn connection_lost(&mut self) {
        if !self.state.is_final() {
            let to = if self.state == RunspacePoolState::Closing {
                RunspacePoolState::Closed
            } else {
                RunspacePoolState::Broken
            };
            self.state = to;
            self.events.push_back(ClientEvent::PoolState {
                state: to,
                error: None,
            });
        }
    }

    /// Starts the session key exchange (PUBLIC_KEY with a new RSA key), unless one is in
    /// progress. Its end is a [`ClientEvent::SessionKey`] (or `SessionKeyFailed`).
    pub fn start_key_exchange(&mut self) -> Result<(), ClientError> {
        if self.state != RunspacePoolState::Opened {
            return Err(ClientError::InvalidState {
                operation: "exchange keys",
                state: self.state,
            });
        }
        if self.exchange.is_some() {
            return Ok(());
        }
        match ExchangeKey::generate() {
            Ok(key) => {
                let body = bodies::public_key(&key.public_blob());
                self.exchange = Some(key);
                self.send(MessageType::PublicKey, Uuid::nil(), body, Stream::Default);
            }
            Err(e) => self
                .events
                .push_back(ClientEvent::SessionKeyFailed(e.to_string())),
        }
        Ok(())
    }

    /// Handles one message from the server.
    pub fn receive(&mut self, message: Message) -> Result<(), ClientError> {
        if message.destination != Destination::Client {
            return Err(ClientError::WrongDestination(message.destination));
        }
        let depth = self.limits.max_xml_depth;
        let t = message.message_type;
        // psrpcore's server sends its SESSION_CAPABILITY with a nil RPID.
        let nil_ok = t == MessageType::SessionCapability && message.rpid.is_nil();
        if message.rpid != self.rpid && !nil_ok {
            return Err(ClientError::WrongPool {
                expected: self.rpid,
                got: message.rpid,
            });
        }
        let unexpected = |state| ClientError::Unexpected {
            message_type: t,
            state,
        };
        if t.is_pipeline_channel() {
            return self.receive_pipeline(message);
        }
        match t {
            MessageType::SessionCapability => {
                if self.state != RunspacePoolState::NegotiationSent {
                    return Err(unexpected(self.state));
                }
                let theirs = bodies::read_session_capability(&message.data, depth)?;
                let version = capability::negotiate_client(
                    self.capability.protocol_version,
                    theirs.protocol_version,
                )?;
                self.protocol_version = Some(version);
                self.set_state(RunspacePoolState::NegotiationSucceeded, None)?;
                self.events.push_back(ClientEvent::Negotiated {
                    protocol_version: version,
                });
            }
            MessageType::ApplicationPrivateData => {
                self.application_private_data = Some(message.data.clone());
                self.events
                    .push_back(ClientEvent::ApplicationPrivateData(message.data));
            }
            MessageType::RunspacePoolState => {
                let (state, error) = bodies::read_runspace_pool_state(&message.data, depth)?;
                if state == RunspacePoolState::Opened
                    && self.state == RunspacePoolState::NegotiationSent
                {
                    // Opened before any capability: the server skipped negotiation.
                    return Err(unexpected(self.state));
                }
                if self.state == RunspacePoolState::Closing && state == RunspacePoolState::Opened {
                    // A late Opened racing our close.
                    return Ok(());
                }
                self.set_state(state, error)?;
            }
            MessageType::RunspaceAvailability => {
                let (ci, answer) = bodies::read_runspace_availability(&message.data, depth)?;
                self.events
                    .push_back(ClientEvent::Availability { ci, answer });
            }
            MessageType::RunspacePoolInitData => {
                let size = bodies::read_pool_size(&message.data, depth)?;
                self.size = size;
                self.events.push_back(ClientEvent::PoolInitData(size));
            }
            MessageType::RunspacePoolHostCall => {
                let call = bodies::read_host_call(&message.data, depth)?;
                self.events
                    .push_back(ClientEvent::HostCall { pid: None, call });
            }
            MessageType::UserEvent => {
                self.events.push_back(ClientEvent::UserEvent(message.data));
            }
            MessageType::PublicKeyRequest => {
                if self.state != RunspacePoolState::Opened {
                    return Err(unexpected(self.state));
                }
                self.start_key_exchange()?;
            }
            MessageType::EncryptedSessionKey => {
                let Some(exchange) = self.exchange.take() else {
                    return Err(unexpected(self.state));
                };
                let blob = bodies::read_encrypted_session_key(&message.data, depth)?;
                self.events
                    .push_back(match exchange.open_session_key(&blob) {
                        Ok(key) => ClientEvent::SessionKey(key),
                        Err(e) => ClientEvent::SessionKeyFailed(e.to_string()),
                    });
            }
            MessageType::CloseSession => {
                self.connection_lost();
            }
            _ => return Err(unexpected(self.state)),
        }
        Ok(())
    }

    fn receive_pipeline(&mut self, message: Message) -> Result<(), ClientError> {
        let depth = self.limits.max_xml_depth;
        let t = message.message_type;
        let pid = message.pid;
        let Some(pipeline) = self.pipelines.get_mut(&pid) else {
            // Data for a pipeline we closed (or never had): PowerShell drops it too.
            return if matches!(
                t,
                MessageType::CreatePipeline
                    | MessageType::GetCommandMetadata
                    | MessageType::PipelineInput
                    | MessageType::EndOfPipelineInput
                    | MessageType::PipelineHostResponse
                    | MessageType::StopPipeline
            ) {
                Err(ClientError::Unexpected {
                    message_type: t,
                    state: self.state,
                })
            } else {
                Ok(())
            };
        };
        if let Some(kind) = RecordKind::from_message_type(t) {
            self.events.push_back(ClientEvent::Record {
                pid,
                kind,
                data: message.data,
            });
            return Ok(());
        }
        match t {
            MessageType::PipelineOutput => {
                self.events.push_back(ClientEvent::Output {
                    pid,
                    data: message.data,
                });
            }
            MessageType::PipelineState => {
                let (state, error) = bodies::read_pipeline_state(&message.data, depth)?;
                if pipeline.state == state {
                    return Ok(());
                }
                // psrpcore reports Running after a stop was asked for; keep Stopping.
                if pipeline.state == PipelineState::Stopping && state == PipelineState::Running {
                    return Ok(());
                }
                if !pipeline.state.can_transition_to(state) {
                    return Err(ClientError::IllegalTransition {
                        from: format!("{:?}", pipeline.state),
                        to: format!("{state:?}"),
                    });
                }
                pipeline.state = state;
                self.events
                    .push_back(ClientEvent::PipelineState { pid, state, error });
            }
            MessageType::PipelineHostCall => {
                let call = bodies::read_host_call(&message.data, depth)?;
                self.events.push_back(ClientEvent::HostCall {
                    pid: Some(pid),
                    call,
                });
            }
            _ => {
                return Err(ClientError::Unexpected {
                    message_type: t,
                    state: self.state,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpid() -> Uuid {
        Uuid::from_u128(0x11111111_2222_3333_4444_555555555555)
    }

    fn to_client(t: MessageType, pid: Uuid, data: String) -> Message {
        Message::new(Destination::Client, t, rpid(), pid, data)
    }

    fn opened_pool() -> ClientPool {
        let mut pool = ClientPool::new(rpid(), 1, 1, Limits::default());
        pool.open().unwrap();
        while pool.next_action().is_some() {}
        let cap = bodies::session_capability(&SessionCapability::rosh());
        let mut cap_message = to_client(MessageType::SessionCapability, Uuid::nil(), cap);
        cap_message.rpid = Uuid::nil();
        pool.receive(cap_message).unwrap();
        pool.receive(to_client(
            MessageType::RunspacePoolState,
            Uuid::nil(),
            bodies::runspace_pool_state(RunspacePoolState::Opened, None, 64).unwrap(),
        ))
        .unwrap();
        while pool.next_event().is_some() {}
        pool
    }

    #[test]
    fn open_sends_capability_then_init() {
        let mut pool = ClientPool::new(rpid(), 1, 1, Limits::default());
        pool.open().unwrap();
        let types: Vec<_> = std::iter::from_fn(|| pool.next_action())
            .map(|a| match a {
                ClientAction::Send { message, stream } => {
                    assert_eq!(stream, Stream::Default);
                    assert_eq!(message.rpid, rpid());
                    message.message_type
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            types,
            vec![
                MessageType::SessionCapability,
                MessageType::InitRunspacePool
            ]
        );
        assert_eq!(pool.state(), RunspacePoolState::NegotiationSent);
        assert!(matches!(pool.open(), Err(ClientError::InvalidState { .. })));
        // Opened without a capability first is a protocol error.
        let opened = bodies::runspace_pool_state(RunspacePoolState::Opened, None, 64).unwrap();
        assert!(matches!(
            pool.receive(to_client(
                MessageType::RunspacePoolState,
                Uuid::nil(),
                opened
            )),
            Err(ClientError::Unexpected { .. })
        ));
    }

    #[test]
    fn negotiation_and_open() {
        let mut pool = opened_pool();
        assert_eq!(pool.state(), RunspacePoolState::Opened);
        assert_eq!(pool.protocol_version(), Some(Version::new(2, 3)));
        // A second capability is unexpected.
        let cap = bodies::session_capability(&SessionCapability::rosh());
        assert!(matches!(
            pool.receive(to_client(MessageType::SessionCapability, Uuid::nil(), cap)),
            Err(ClientError::Unexpected { .. })
        ));
        // A message for another pool.
        let mut other = to_client(MessageType::UserEvent, Uuid::nil(), "<Obj />".into());
        other.rpid = Uuid::from_u128(9);
        assert!(matches!(
            pool.receive(other),
            Err(ClientError::WrongPool { .. })
        ));
        // A client-bound message type from the server.
        assert!(matches!(
            pool.receive(to_client(
                MessageType::InitRunspacePool,
                Uuid::nil(),
                String::new()
            )),
            Err(ClientError::Unexpected { .. })
        ));
    }

    #[test]
    fn incompatible_server_fails_negotiation() {
        let mut pool = ClientPool::new(rpid(), 1, 1, Limits::default());
        pool.open().unwrap();
        let cap = SessionCapability {
            protocol_version: Version::new(3, 0),
            ..SessionCapability::rosh()
        };
        assert!(matches!(
            pool.receive(to_client(
                MessageType::SessionCapability,
                Uuid::nil(),
                bodies::session_capability(&cap)
            )),
            Err(ClientError::Negotiation(_))
        ));
    }

    #[test]
    fn pipeline_lifecycle_and_streams() {
        let mut pool = opened_pool();
        let pid = Uuid::from_u128(0xaaaa);
        let spec = PipelineSpec::new(vec![bodies::CommandSpec::command("Get-Date")]);
        assert!(matches!(
            pool.create_pipeline(Uuid::nil(), &spec),
            Err(ClientError::DuplicatePipeline(_))
        ));
        pool.create_pipeline(pid, &spec).unwrap();
        assert_eq!(
            pool.next_action(),
            Some(ClientAction::CreateCommand { pid })
        );
        match pool.next_action() {
            Some(ClientAction::Send { message, .. }) => {
                assert_eq!(message.message_type, MessageType::CreatePipeline);
                assert_eq!(message.pid, pid);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            pool.create_pipeline(pid, &spec),
            Err(ClientError::DuplicatePipeline(_))
        ));
        assert!(pool.send_input(pid, "<S>x</S>".into()).is_err());

        pool.receive(to_client(
            MessageType::PipelineState,
            pid,
            bodies::pipeline_state(PipelineState::Running, None, 64).unwrap(),
        ))
        .unwrap();
        pool.receive(to_client(
            MessageType::PipelineOutput,
            pid,
            "<S>hello</S>".into(),
        ))
        .unwrap();
        pool.receive(to_client(MessageType::WarningRecord, pid, "<Obj />".into()))
            .unwrap();
        pool.receive(to_client(
            MessageType::PipelineState,
            pid,
            bodies::pipeline_state(PipelineState::Completed, None, 64).unwrap(),
        ))
        .unwrap();
        let events: Vec<_> = std::iter::from_fn(|| pool.next_event()).collect();
        assert_eq!(
            events,
            vec![
                ClientEvent::PipelineState {
                    pid,
                    state: PipelineState::Running,
                    error: None
                },
                ClientEvent::Output {
                    pid,
                    data: "<S>hello</S>".into()
                },
                ClientEvent::Record {
                    pid,
                    kind: RecordKind::Warning,
                    data: "<Obj />".into()
                },
                ClientEvent::PipelineState {
                    pid,
                    state: PipelineState::Completed,
                    error: None
                },
            ]
        );
        // Finished pipelines cannot change state again.
        assert!(matches!(
            pool.receive(to_client(
                MessageType::PipelineState,
                pid,
                bodies::pipeline_state(PipelineState::Running, None, 64).unwrap(),
            )),
            Err(ClientError::IllegalTransition { .. })
        ));
        pool.close_pipeline(pid).unwrap();
        assert_eq!(pool.next_action(), Some(ClientAction::CloseCommand { pid }));
        // Late output for a closed pipeline is dropped.
        pool.receive(to_client(
            MessageType::PipelineOutput,
            pid,
            "<S>late</S>".into(),
        ))
        .unwrap();
        assert_eq!(pool.next_event(), None);
    }

    #[test]
    fn stop_and_close() {
        let mut pool = opened_pool();
        let pid = Uuid::from_u128(0xbbbb);
        let mut spec = PipelineSpec::new(vec![bodies::CommandSpec::command("Start-Sleep")]);
        spec.no_input = false;
        pool.create_pipeline(pid, &spec).unwrap();
        pool.send_input(pid, "<I32>1</I32>".into()).unwrap();
        pool.end_input(pid).unwrap();
        assert!(pool.end_input(pid).is_err());
        while pool.next_action().is_some() {}
        pool.stop(pid).unwrap();
        assert_eq!(pool.next_action(), Some(ClientAction::Signal { pid }));
        pool.stop(pid).unwrap();
        assert_eq!(pool.next_action(), None);
        // psrpcore's Running after the signal does not undo Stopping.
        pool.receive(to_client(
            MessageType::PipelineState,
            pid,
            bodies::pipeline_state(PipelineState::Running, None, 64).unwrap(),
        ))
        .unwrap();
        assert_eq!(pool.pipeline_state(pid), Some(PipelineState::Stopping));
        pool.receive(to_client(
            MessageType::PipelineState,
            pid,
            bodies::pipeline_state(PipelineState::Stopped, Some("<Obj><MS /></Obj>"), 64).unwrap(),
        ))
        .unwrap();
        assert_eq!(pool.pipeline_state(pid), Some(PipelineState::Stopped));

        let ci = pool.set_max_runspaces(5).unwrap();
        assert_eq!(ci, 1);
        assert_eq!(pool.get_available_runspaces().unwrap(), 2);
        while pool.next_action().is_some() {}
        pool.receive(to_client(
            MessageType::RunspaceAvailability,
            Uuid::nil(),
            bodies::runspace_availability(1, Availability::Done(true)),
        ))
        .unwrap();

        pool.close().unwrap();
        assert_eq!(pool.state(), RunspacePoolState::Closing);
        assert_eq!(pool.next_action(), Some(ClientAction::ClosePool));
        assert!(pool.create_pipeline(Uuid::from_u128(5), &spec).is_err());
        pool.receive(to_client(
            MessageType::RunspacePoolState,
            Uuid::nil(),
            bodies::runspace_pool_state(RunspacePoolState::Closed, None, 64).unwrap(),
        ))
        .unwrap();
        assert_eq!(pool.state(), RunspacePoolState::Closed);
        pool.close_acknowledged();
        assert_eq!(pool.state(), RunspacePoolState::Closed);
    }
}
