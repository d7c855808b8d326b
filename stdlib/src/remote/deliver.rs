//! What a remote pipeline produced, turned into local effects: output objects deserialized
//! and stamped with where they came from, errors and records written to the local streams,
//! host calls shown by the local host.

use rosh_remoting::client::RecordKind;
use rosh_remoting::records;
use rosh_remoting::session::PipelineEvent;
use rosh_remoting::state::PipelineState;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::host::HostStream;
use rosh_runtime::serialization::{self, Limits};
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};

use super::fan_out::{Delivered, Delivery};

/// How deserialized output is stamped.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stamp {
    /// `-HideComputerName`: `PSShowComputerName` is false.
    pub hide_computer_name: bool,
}

/// The bounds on what a client reads from a server: PowerShell's 200 MB per object.
fn client_limits() -> Limits {
    Limits {
        max_bytes: 200 * 1024 * 1024,
        ..Limits::default()
    }
}

/// Reads one serialized object (empty: `$null`); a bad document becomes an error.
pub fn read_object(xml: &str) -> Result<Value, Box<ErrorRecord>> {
    if xml.trim().is_empty() {
        return Ok(Value::Null);
    }
    serialization::deserialize(xml.as_bytes(), &client_limits()).map_err(|e| {
        Box::new(ErrorRecord::new(
            "RemoteDataUnreadable",
            ErrorCategory::InvalidData,
            format!("The data the remote session sent could not be read: {e}"),
        ))
    })
}

/// Adds `PSComputerName`, `RunspaceId` and `PSShowComputerName`, as Invoke-Command does.
/// A string, number or other scalar is wrapped in an object that carries them and behaves
/// as the scalar (as PowerShell's PSObject does); `$null` and collections stay as they are.
pub fn stamp(v: Value, computer: &str, runspace_id: uuid::Uuid, how: Stamp) -> Value {
    let v = match v {
        Value::Null | Value::Array(_) | Value::Hashtable(_) | Value::Object(_) => v,
        scalar => {
            let type_name = rosh_runtime::member_info::display_type_name(&scalar);
            let o = rosh_runtime::value::PsObject::with_type_names(vec![
                format!("System.{type_name}"),
                "System.Object".into(),
            ]);
            o.set_base_value(scalar);
            Value::Object(o)
        }
    };
    if let Value::Object(o) = &v {
        o.set("PSComputerName", Value::str(computer));
        o.set("RunspaceId", Value::Guid(runspace_id));
        o.set("PSShowComputerName", Value::Bool(!how.hide_computer_name));
    }
    v
}

/// Whether a delivery ends its target's run.
pub fn is_final(d: &Delivery) -> bool {
    matches!(
        d.what,
        Delivered::OpenFailed(_)
            | Delivered::Event(PipelineEvent::Finished { .. })
            | Delivered::Event(PipelineEvent::Broken(_))
    )
}

/// Applies one delivery: output goes to `out`, the rest to the runspace's streams.
pub fn deliver(rs: &mut Runspace, out: &mut dyn Sink, d: Delivery, how: Stamp) -> Eval<()> {
    let event = match d.what {
        Delivered::OpenFailed(e) => return rs.write_error(*e),
        Delivered::Event(event) => event,
    };
    match event {
        PipelineEvent::Output(xml) => match read_object(&xml) {
            Ok(v) => {
                let v = stamp(v, &d.computer, d.runspace_id, how);
                out.emit(rs, v)
            }
            Err(e) => rs.write_error(*e),
        },
        PipelineEvent::Record(kind, xml) => {
            let v = match read_object(&xml) {
                Ok(v) => v,
                Err(e) => return rs.write_error(*e),
            };
            record(rs, kind, &v, &d.computer)
        }
        PipelineEvent::HostCall {
            method,
            arguments,
            reply,
        } => {
            match reply {
                Some(reply) => super::host_calls::answer(rs, &reply, arguments.as_deref()),
                None => host_call(rs, method, arguments.as_deref()),
            }
            Ok(())
        }
        PipelineEvent::Finished { state, error } => match (state, error) {
            (PipelineState::Failed, Some(xml)) => {
                let e = match read_object(&xml) {
                    Ok(v) => remote_error(&v, &d.computer),
                    Err(e) => *e,
                };
                rs.write_error(e)
            }
            _ => Ok(()),
        },
        PipelineEvent::Broken(why) => rs.write_error(
            ErrorRecord::new(
                "PSSessionStateBroken",
                ErrorCategory::OpenError,
                format!("[{}] {why}", d.computer),
            )
            .with_exception("System.Management.Automation.Remoting.PSRemotingTransportException")
            .with_target(Value::str(&d.computer)),
        ),
    }
}

/// An error record from `computer`.
fn remote_error(v: &Value, computer: &str) -> ErrorRecord {
    let mut e = records::error_record_from(v);
    e.origin = Some(computer.to_string());
    e
}

fn record(rs: &mut Runspace, kind: RecordKind, v: &Value, computer: &str) -> Eval<()> {
    match kind {
        RecordKind::Error => rs.write_error(remote_error(v, computer)),
        RecordKind::Warning => {
            let message = records::informational_message(v);
            rs.capture_stream(HostStream::Warning, &message);
            let action = rs.warning_action().to_ascii_lowercase();
            if action != "silentlycontinue" && action != "ignore" {
                rs.write_stream(HostStream::Warning, &message, false);
            }
            Ok(())
        }
        // The server wrote these only because its preference let it; show them.
        RecordKind::Verbose => {
            rs.write_stream(
                HostStream::Verbose,
                &records::informational_message(v),
                false,
            );
            Ok(())
        }
        RecordKind::Debug => {
            rs.write_stream(HostStream::Debug, &records::informational_message(v), false);
            Ok(())
        }
        RecordKind::Information => {
            let (text, host) = records::information_from(v);
            rs.capture_stream(HostStream::Information, text.trim_end_matches('\n'));
            if host {
                rs.write_stream(HostStream::Information, &text, true);
            } else if rs
                .preference("InformationPreference")
                .eq_ignore_ascii_case("Continue")
                || rs.stream_merged(HostStream::Information)
            {
                rs.write_stream(HostStream::Information, &text, false);
            }
            Ok(())
        }
        RecordKind::Progress => {
            rs.write_progress(&records::progress_record_from(v));
            Ok(())
        }
    }
}

/// A host call's argument list, deserialized.
pub fn host_call_arguments(arguments: Option<&str>) -> Vec<Value> {
    arguments
        .and_then(|xml| read_object(xml).ok())
        .map(|v| match v {
            Value::Array(a) => a.to_vec(),
            Value::Null => vec![],
            other => vec![other],
        })
        .unwrap_or_default()
}

/// Shows what a remote `Write*` host call writes.
fn host_call(rs: &mut Runspace, method: i32, arguments: Option<&str>) {
    let Some(name) = rosh_remoting::bodies::host_method_name(method) else {
        return;
    };
    let args = host_call_arguments(arguments);
    let text = args.last().map(convert::to_str).unwrap_or_default();
    match name {
        "Write1" | "Write2" => rs.host_write(HostStream::Output, &text),
        "WriteLine1" => rs.host_write(HostStream::Output, "\n"),
        "WriteLine2" | "WriteLine3" => rs.host_write(HostStream::Output, &format!("{text}\n")),
        "WriteErrorLine" => rs.host_write(HostStream::Error, &format!("{text}\n")),
        "WriteWarningLine" => rs.write_stream(HostStream::Warning, &text, false),
        "WriteVerboseLine" => rs.write_stream(HostStream::Verbose, &text, false),
        "WriteDebugLine" => rs.write_stream(HostStream::Debug, &text, false),
        _ => {}
    }
}
