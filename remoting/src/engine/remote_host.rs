//! The host of a server runspace: what the interpreter writes to its host becomes records and
//! host calls of the running pipeline, sent to the client.

use crate::key_exchange::SessionCipher;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosh_runtime::ErrorRecord;
use rosh_runtime::host::{Host, HostStream, ProgressRecord, ReadError};
use rosh_runtime::{Value, convert};
use tokio::sync::mpsc::Sender;
use uuid::Uuid;

use super::{EngineEvent, EventKind};
use crate::client::RecordKind;
use crate::records;

/// The pipeline a pool's runspace is running, which the host's writes belong to.
pub(crate) type CurrentPipeline = Arc<Mutex<Option<Uuid>>>;

/// How often a host call waiting for its answer looks at the stop flag.
const ANSWER_POLL: Duration = Duration::from_millis(50);

/// The host calls of a pool waiting for the client's answers, by call id.
pub(crate) struct HostCalls {
    pending: Mutex<HashMap<i64, std::sync::mpsc::Sender<crate::bodies::HostResponse>>>,
    next: AtomicI64,
    stop: Arc<AtomicBool>,
}

impl HostCalls {
    /// No calls yet; a wait ends early when `stop` is set.
    pub(crate) fn new(stop: Arc<AtomicBool>) -> Self {
        HostCalls {
            pending: Mutex::new(HashMap::new()),
            next: AtomicI64::new(1),
            stop,
        }
    }

    /// Hands an answer to its waiting call; answers nobody waits for are dropped.
    pub(crate) fn answer(&self, response: crate::bodies::HostResponse) {
        let waiting = match self.pending.lock() {
            Ok(mut p) => p.remove(&response.ci),
            Err(poisoned) => poisoned.into_inner().remove(&response.ci),
        };
        if let Some(tx) = waiting {
            let _ = tx.send(response);
        }
    }

    fn register(&self) -> (i64, std::sync::mpsc::Receiver<crate::bodies::HostResponse>) {
        let ci = self.next.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = std::sync::mpsc::channel();
        match self.pending.lock() {
            Ok(mut p) => p.insert(ci, tx),
            Err(poisoned) => poisoned.into_inner().insert(ci, tx),
        };
        (ci, rx)
    }

    fn forget(&self, ci: i64) {
        match self.pending.lock() {
            Ok(mut p) => p.remove(&ci),
            Err(poisoned) => poisoned.into_inner().remove(&ci),
        };
    }
}

/// A [`Host`] that sends everything to the client of the pipeline running.
pub(crate) struct RemoteHost {
    pub(crate) rpid: Uuid,
    pub(crate) current: CurrentPipeline,
    pub(crate) events: Sender<EngineEvent>,
    pub(crate) calls: Arc<HostCalls>,
    /// The pool's SecureString cipher: answers such as ReadLineAsSecureString's are sealed.
    pub(crate) cipher: Arc<SessionCipher>,
}

impl RemoteHost {
    fn send(&self, kind: EventKind) {
        let pid = match self.current.lock() {
            Ok(p) => *p,
            Err(poisoned) => *poisoned.into_inner(),
        };
        // Between pipelines there is no one to tell (a pool-level host call would be the
        // place, but nothing writes then). A closed channel means the connection is gone.
        if let Some(pid) = pid {
            let _ = self.events.blocking_send(EngineEvent {
                rpid: self.rpid,
                pid,
                kind,
            });
        }
    }

    fn host_call(&self, method: &str, text: &str) {
        if let Some(id) = crate::bodies::host_method_id(method) {
            let argument =
                rosh_runtime::serialization::serialize(&rosh_runtime::Value::str(text), 1);
            self.send(EventKind::HostCall {
                method: id,
                arguments: vec![argument],
                ci: crate::bodies::VOID_CALL_ID,
            });
        }
    }

    /// Makes a host call that wants an answer and waits for it (or for a stop). The answer
    /// is the deserialized return value.
    fn call(&self, method: &str, arguments: Vec<String>) -> Result<Value, ReadError> {
        let Some(id) = crate::bodies::host_method_id(method) else {
            return Err(ReadError::NotInteractive);
        };
        let (ci, answers) = self.calls.register();
        self.send(EventKind::HostCall {
            method: id,
            arguments,
            ci,
        });
        let response = loop {
            match answers.recv_timeout(ANSWER_POLL) {
                Ok(r) => break r,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if self.calls.stop.load(Ordering::SeqCst) {
                        self.calls.forget(ci);
                        return Err(ReadError::Interrupted);
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(ReadError::EndOfInput);
                }
            }
        };
        let limits = rosh_runtime::serialization::Limits::default();
        match response.result {
            Some(crate::bodies::HostResult::Value(xml)) => read_answer(&xml, &limits, &self.cipher),
            Some(crate::bodies::HostResult::Error(xml)) => {
                let v = read_answer(&xml, &limits, &self.cipher)?;
                Err(ReadError::Io(records::error_record_from(&v).message))
            }
            None => Ok(Value::Null),
        }
    }
}

/// A serialized answer; an empty one is `$null`.
fn read_answer(
    xml: &str,
    limits: &rosh_runtime::serialization::Limits,
    cipher: &SessionCipher,
) -> Result<Value, ReadError> {
    if xml.trim().is_empty() {
        return Ok(Value::Null);
    }
    rosh_runtime::serialization::deserialize_secure(xml.as_bytes(), limits, cipher)
        .map_err(|e| ReadError::Io(e.to_string()))
}

/// The text a host answer carries: a string, or the text inside a SecureString.
fn answer_text(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .base_value()
            .map(|b| convert::to_str(&b))
            .unwrap_or_else(|| convert::to_str(v)),
        other => convert::to_str(other),
    }
}

impl Host for RemoteHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        // Formatted text (Out-Default on the server, as Enter-PSSession asks for) goes to the
        // client's host as PowerShell's server sends it: host calls.
        let method = match stream {
            HostStream::Output | HostStream::Information => "Write1",
            HostStream::Error => "WriteErrorLine",
            HostStream::Warning => "WriteWarningLine",
            HostStream::Verbose => "WriteVerboseLine",
            HostStream::Debug => "WriteDebugLine",
        };
        let text = if method == "Write1" {
            text
        } else {
            text.strip_suffix('\n').unwrap_or(text)
        };
        self.host_call(method, text);
    }

    fn write_error_record(&mut self, error: &ErrorRecord) {
        self.send(EventKind::Record(
            RecordKind::Error,
            records::error_record_clixml(error),
        ));
    }

    fn write_record(&mut self, stream: HostStream, message: &str) {
        let (kind, xml) = match stream {
            HostStream::Warning => (
                RecordKind::Warning,
                records::informational_record_clixml(stream, message),
            ),
            HostStream::Verbose => (
                RecordKind::Verbose,
                records::informational_record_clixml(stream, message),
            ),
            HostStream::Debug => (
                RecordKind::Debug,
                records::informational_record_clixml(stream, message),
            ),
            HostStream::Information | HostStream::Output | HostStream::Error => (
                RecordKind::Information,
                records::information_record_clixml(message, false),
            ),
        };
        self.send(EventKind::Record(kind, xml));
    }

    fn write_host_text(&mut self, text: &str) {
        self.send(EventKind::Record(
            RecordKind::Information,
            records::information_record_clixml(text, true),
        ));
    }

    fn write_progress(&mut self, _source_id: i64, record: &ProgressRecord) {
        self.send(EventKind::Record(
            RecordKind::Progress,
            records::progress_record_clixml(record),
        ));
    }

    fn read_line(&mut self, prompt: &str) -> Result<String, ReadError> {
        if !prompt.is_empty() {
            self.host_call("Write1", prompt);
        }
        self.call("ReadLine", Vec::new()).map(|v| answer_text(&v))
    }

    fn read_line_masked(&mut self, prompt: &str) -> Result<String, ReadError> {
        if !prompt.is_empty() {
            self.host_call("Write1", prompt);
        }
        self.call("ReadLineAsSecureString", Vec::new())
            .map(|v| answer_text(&v))
    }

    fn owns_terminal(&self) -> bool {
        false
    }

    fn name(&self) -> &str {
        "ServerRemoteHost"
    }
}
