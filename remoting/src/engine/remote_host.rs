//! The host of a server runspace: what the interpreter writes to its host becomes records and
//! host calls of the running pipeline, sent to the client.

use std::sync::{Arc, Mutex};

use rosh_runtime::ErrorRecord;
use rosh_runtime::host::{Host, HostStream, ProgressRecord};
use tokio::sync::mpsc::Sender;
use uuid::Uuid;

use super::{EngineEvent, EventKind};
use crate::client::RecordKind;
use crate::records;

/// The pipeline a pool's runspace is running, which the host's writes belong to.
pub(crate) type CurrentPipeline = Arc<Mutex<Option<Uuid>>>;

/// A [`Host`] that sends everything to the client of the pipeline running.
pub(crate) struct RemoteHost {
    pub(crate) rpid: Uuid,
    pub(crate) current: CurrentPipeline,
    pub(crate) events: Sender<EngineEvent>,
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
            });
        }
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

    fn owns_terminal(&self) -> bool {
        false
    }

    fn name(&self) -> &str {
        "ServerRemoteHost"
    }
}
