//! One thread per runspace pool: it owns the pool's runspace (the interpreter is
//! synchronous) and runs the pool's pipelines one after another, streaming what they produce
//! back to the connection's task as [`EngineEvent`]s.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosh_lang::LineIndex;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::interp::binding::Arg;
use rosh_runtime::interp::{SourceInfo, StageCommand, StageSpec};
use rosh_runtime::serialization::{self, Limits};
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};
use tokio::sync::mpsc::Sender as EventSender;
use uuid::Uuid;

use super::remote_host::{CurrentPipeline, HostCalls, RemoteHost};
use super::request::{self, CommandRequest, PipelineRequest};
use super::{EngineEvent, EventKind, RunspaceFactory};
use crate::crypto::SessionKey;
use crate::key_exchange::SessionCipher;
use crate::records;

/// The depth output objects are serialized at, as PowerShell's remoting does.
pub(crate) const OUTPUT_DEPTH: usize = 1;

/// The interpreter recurses over the syntax tree; its thread needs a deep stack.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// How long a wait for input lasts before the stop flag is looked at again.
const STOP_POLL: Duration = Duration::from_millis(50);

/// Work for a pool's thread.
pub(crate) enum Job {
    /// Run a pipeline; `input` carries its serialized input objects until dropped.
    Run {
        pid: Uuid,
        body: String,
        input: Option<Receiver<String>>,
    },
    /// Reset the runspace's state (RESET_RUNSPACE_STATE).
    Reset,
}

/// The handle the connection's task keeps for a pool's thread.
pub(crate) struct Worker {
    jobs: Sender<Job>,
    stop: Arc<AtomicBool>,
    calls: Arc<HostCalls>,
    thread: std::thread::JoinHandle<()>,
    cipher: Arc<SessionCipher>,
}

impl Worker {
    /// Starts the thread of pool `rpid`.
    pub(crate) fn spawn(
        rpid: Uuid,
        factory: Arc<dyn RunspaceFactory>,
        events: EventSender<EngineEvent>,
        limits: Limits,
    ) -> std::io::Result<Worker> {
        let (jobs, receiver) = std::sync::mpsc::channel::<Job>();
        let current: CurrentPipeline = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(HostCalls::new(stop.clone()));
        // A SecureString for a client without the session key asks it for its public key
        // (PUBLIC_KEY_REQUEST) and waits for the exchange.
        let ask = events.clone();
        let cipher = Arc::new(
            SessionCipher::new(move || {
                ask.blocking_send(EngineEvent {
                    rpid,
                    pid: Uuid::nil(),
                    kind: EventKind::RequestKey,
                })
                .is_ok()
            })
            .with_stop(stop.clone()),
        );
        let host = RemoteHost {
            rpid,
            current: current.clone(),
            events: events.clone(),
            calls: calls.clone(),
            cipher: cipher.clone(),
        };
        let thread_stop = stop.clone();
        let thread_calls = calls.clone();
        let thread_cipher = cipher.clone();
        let thread = std::thread::Builder::new()
            .name(format!("runspace-{rpid}"))
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let mut runspace = factory.create(Box::new(host));
                runspace.share_stop_handle(thread_stop);
                let mut thread = PoolThread {
                    rpid,
                    runspace,
                    events,
                    current,
                    limits,
                    factory,
                    calls: thread_calls,
                    cipher: thread_cipher,
                };
                // The loop ends when the connection's task drops the job sender.
                for job in receiver {
                    match job {
                        Job::Run { pid, body, input } => thread.run(pid, &body, input),
                        Job::Reset => thread.reset(),
                    }
                }
            })?;
        Ok(Worker {
            jobs,
            stop,
            calls,
            cipher,
            thread,
        })
    }

    /// The client has the session key.
    pub(crate) fn set_key(&self, key: SessionKey) {
        self.cipher.set_key(key);
    }

    /// The key exchange failed: SecureStrings waiting for it give up.
    pub(crate) fn key_failed(&self, reason: &str) {
        self.cipher
            .end(format!("the session key exchange failed: {reason}"));
    }

    /// Lets the thread go: without its job sender it ends once its pipeline stops, and its
    /// runspace ends with it (a transcript writes its footer then). Its handle, to wait for.
    pub(crate) fn release(self) -> std::thread::JoinHandle<()> {
        self.stop();
        self.thread
    }

    /// Hands the client's answer to the host call waiting for it.
    pub(crate) fn answer(&self, response: crate::bodies::HostResponse) {
        self.calls.answer(response);
    }

    /// Queues a job; false when the thread is gone.
    pub(crate) fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// Stops the running pipeline.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

struct PoolThread {
    rpid: Uuid,
    runspace: Runspace,
    events: EventSender<EngineEvent>,
    current: CurrentPipeline,
    limits: Limits,
    factory: Arc<dyn RunspaceFactory>,
    calls: Arc<HostCalls>,
    cipher: Arc<SessionCipher>,
}

impl PoolThread {
    fn send(&self, pid: Uuid, kind: EventKind) -> bool {
        self.events
            .blocking_send(EngineEvent {
                rpid: self.rpid,
                pid,
                kind,
            })
            .is_ok()
    }

    fn set_current(&self, pid: Option<Uuid>) {
        match self.current.lock() {
            Ok(mut p) => *p = pid,
            Err(poisoned) => *poisoned.into_inner() = pid,
        }
    }

    fn reset(&mut self) {
        // A fresh runspace, keeping the stop flag the connection's task holds.
        let host = RemoteHost {
            rpid: self.rpid,
            current: self.current.clone(),
            events: self.events.clone(),
            calls: self.calls.clone(),
            cipher: self.cipher.clone(),
        };
        let stop = self.runspace.stop_handle();
        self.runspace = self.factory.create(Box::new(host));
        self.runspace.share_stop_handle(stop);
    }

    fn run(&mut self, pid: Uuid, body: &str, input: Option<Receiver<String>>) {
        self.runspace.stop_handle().store(false, Ordering::SeqCst);
        self.set_current(Some(pid));
        let outcome = match request::read(body, &self.limits, &*self.cipher) {
            Ok(req) => self.run_request(pid, req, input),
            Err(e) => Err(Flow::Error(Box::new(ErrorRecord::new(
                "InvalidPipeline",
                ErrorCategory::InvalidData,
                e.to_string(),
            )))),
        };
        self.runspace.flush_output();
        self.set_current(None);
        self.runspace.using_values = None;
        let kind = match outcome {
            Err(Flow::Error(e)) if e.is_pipeline_stopped() => EventKind::Stopped,
            Err(Flow::Error(e)) => {
                self.runspace.record_error(&e);
                if self.runspace.host.transcribing() {
                    let text = rosh_runtime::output::render_error(&e);
                    self.runspace.host.transcribe(&text);
                }
                EventKind::Failed(records::error_record_clixml(&e))
            }
            Ok(()) | Err(_) => EventKind::Completed,
        };
        self.send(pid, kind);
    }

    fn run_request(
        &mut self,
        pid: Uuid,
        req: PipelineRequest,
        input: Option<Receiver<String>>,
    ) -> Eval<()> {
        if self.runspace.host.transcribing() {
            let text = describe(&req);
            self.runspace.host.transcribe(&format!("PS>{text}\n"));
        }
        self.runspace.using_values = Some(req.using_values);
        let mut feed = input.map(|rx| InputFeed {
            rx,
            stop: self.runspace.stop_handle(),
            limits: self.limits,
            cipher: self.cipher.clone(),
        });
        let mut sink = OutputSink {
            rpid: self.rpid,
            pid,
            events: self.events.clone(),
            cipher: self.cipher.clone(),
        };
        for (i, statement) in req.statements.into_iter().enumerate() {
            let stages = self.stages(statement)?;
            let input: Option<&mut dyn Iterator<Item = Value>> = match feed.as_mut() {
                Some(f) if i == 0 => Some(f),
                _ => None,
            };
            match self.runspace.run_stages(stages, input, &mut sink) {
                Ok(()) | Err(Flow::Return) | Err(Flow::Break(_)) | Err(Flow::Continue(_)) => {}
                Err(Flow::Exit(_)) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The runtime's stages for one statement; scripts are parsed and admitted under the
    /// runspace's language mode here, and a parse error or a refusal is the pipeline's error,
    /// with its position.
    fn stages(&mut self, commands: Vec<CommandRequest>) -> Eval<Vec<StageSpec>> {
        let mut stages = Vec::with_capacity(commands.len());
        for c in commands {
            let args = c
                .args
                .into_iter()
                .map(|(name, value)| match name {
                    // A parameter sent with no value (`-Force`, or `-Path` whose value is
                    // the next argument) binds as one written without its argument.
                    Some(name) => Arg::Named {
                        name,
                        value: (!value.is_null()).then_some(value),
                    },
                    None => Arg::Positional(value),
                })
                .collect();
            let command = if c.is_script {
                let text: Arc<str> = Arc::from(c.command.as_str());
                let parsed = rosh_lang::parse(&text);
                let lines = Arc::new(LineIndex::new(&text));
                self.runspace.source = Some(SourceInfo {
                    path: None,
                    text: text.clone(),
                    lines,
                });
                if let Some(first) = parsed.errors.first() {
                    let mut e =
                        ErrorRecord::new(first.id, ErrorCategory::ParserError, &first.message)
                            .with_exception("System.Management.Automation.ParseException");
                    e.invocation = Some(self.runspace.position(first.span));
                    e.script_terminating = true;
                    return Err(Flow::Error(Box::new(e)));
                }
                // Script text is held to the runspace's language mode: NoLanguage refuses it
                // (only named commands run there), RestrictedLanguage checks it first.
                StageCommand::Script {
                    block: self.runspace.admit_script(Arc::new(parsed.script))?,
                    local_scope: c.use_local_scope,
                }
            } else {
                StageCommand::Named(c.command)
            };
            stages.push(StageSpec {
                command,
                args,
                merge_errors: c.merge_errors,
            });
        }
        Ok(stages)
    }
}

/// A pipeline as a transcript shows it: script text as sent, commands with their
/// arguments, stages joined with ` | ` and statements with `; `.
fn describe(req: &PipelineRequest) -> String {
    req.statements
        .iter()
        .map(|stages| {
            stages
                .iter()
                .map(|c| {
                    if c.is_script {
                        return c.command.trim().to_string();
                    }
                    let mut text = c.command.clone();
                    for (name, value) in &c.args {
                        if let Some(n) = name {
                            text.push_str(&format!(" -{n}"));
                        }
                        text.push(' ');
                        text.push_str(&rosh_runtime::convert::to_str(value));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A pipeline's input as it arrives; ends when the client ends it or the pipeline stops.
struct InputFeed {
    rx: Receiver<String>,
    stop: Arc<AtomicBool>,
    limits: Limits,
    cipher: Arc<SessionCipher>,
}

impl Iterator for InputFeed {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        loop {
            match self.rx.recv_timeout(STOP_POLL) {
                Ok(xml) if xml.is_empty() => return Some(Value::Null),
                // Input the client could not serialize is dropped rather than ending the
                // pipeline; the limits still bound what is read.
                Ok(xml) => match serialization::deserialize_secure(
                    xml.as_bytes(),
                    &self.limits,
                    &*self.cipher,
                ) {
                    Ok(v) => return Some(v),
                    Err(_) => continue,
                },
                Err(RecvTimeoutError::Timeout) if self.stop.load(Ordering::SeqCst) => return None,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

/// The end of a remote pipeline: each object is serialized and sent as it comes.
struct OutputSink {
    rpid: Uuid,
    pid: Uuid,
    events: EventSender<EngineEvent>,
    cipher: Arc<SessionCipher>,
}

impl Sink for OutputSink {
    fn emit(&mut self, rs: &mut Runspace, v: Value) -> Eval<()> {
        if rs.host.transcribing() {
            let text = rosh_runtime::output::format_in(rs, std::slice::from_ref(&v));
            rs.host.transcribe(&text);
        }
        let xml = serialization::serialize_evaluating(
            &v,
            OUTPUT_DEPTH,
            &*self.cipher,
            &mut rosh_runtime::script_members::property_evaluator(rs),
        );
        self.events
            .blocking_send(EngineEvent {
                rpid: self.rpid,
                pid: self.pid,
                kind: EventKind::Output(xml),
            })
            // The connection is gone: nobody wants the rest.
            .map_err(|_| Flow::Error(Box::new(ErrorRecord::pipeline_stopped())))
    }
}
