//! Answering a remote command's host calls that want an answer (Read-Host, Get-Credential,
//! prompts) from the local host. Calls rosh does not answer are left to the reply, which
//! answers with an error when dropped.

use rosh_remoting::bodies::HostResult;
use rosh_remoting::session::HostReply;
use rosh_runtime::serialization;
use rosh_runtime::value::Hashtable;
use rosh_runtime::{Runspace, Value, convert};

use super::deliver::host_call_arguments;
use crate::host_input::{credential, secure_string};

/// The depth answers are serialized at.
const ANSWER_DEPTH: usize = 2;

/// Asks the local host what the remote call asks, and answers it.
pub fn answer(rs: &mut Runspace, reply: &HostReply, arguments: Option<&str>) {
    let Some(name) = rosh_remoting::bodies::host_method_name(reply.method()) else {
        return;
    };
    rs.flush_output();
    let args = host_call_arguments(arguments);
    let text = |i: usize| args.get(i).map(convert::to_str).unwrap_or_default();
    let result = match name {
        "ReadLine" => rs.host.read_line("").map(Value::from),
        "ReadLineAsSecureString" => rs.host.read_line_masked("").map(secure_string),
        "PromptForCredential1" | "PromptForCredential2" => {
            show_caption(rs, &text(0), &text(1));
            let user = match text(2) {
                u if u.is_empty() => rs.host.read_line("User: "),
                u => Ok(u),
            };
            user.and_then(|u| {
                rs.host
                    .read_line_masked(&format!("Password for user {u}: "))
                    .map(|p| credential(u, p))
            })
        }
        "Prompt" => {
            show_caption(rs, &text(0), &text(1));
            prompt_fields(rs, args.get(2))
        }
        // Everything else: the reply answers with an error when dropped.
        _ => return,
    };
    match result {
        Ok(v) => reply.answer(HostResult::Value(serialization::serialize(
            &v,
            ANSWER_DEPTH,
        ))),
        Err(e) => {
            let record = rosh_runtime::ErrorRecord::new(
                "HostReadFailed",
                rosh_runtime::error::ErrorCategory::ReadError,
                e.to_string(),
            );
            reply.answer(HostResult::Error(
                rosh_remoting::records::error_record_clixml(&record),
            ));
        }
    }
}

fn show_caption(rs: &mut Runspace, caption: &str, message: &str) {
    for line in [caption, message] {
        if !line.is_empty() {
            rs.host_write(rosh_runtime::host::HostStream::Output, &format!("{line}\n"));
        }
    }
}

/// `Prompt(caption, message, descriptions)`: one line per field description, answered as a
/// dictionary of field name to value.
fn prompt_fields(
    rs: &mut Runspace,
    descriptions: Option<&Value>,
) -> Result<Value, rosh_runtime::host::ReadError> {
    let fields: Vec<Value> = match descriptions {
        Some(Value::Array(a)) => a.to_vec(),
        Some(v) => vec![v.clone()],
        None => vec![],
    };
    let table = Hashtable::new(false);
    for f in fields {
        let name = match &f {
            Value::Object(o) => o.get("Name").map(|n| convert::to_str(&n)),
            Value::Hashtable(h) => h.get(&Value::str("Name")).map(|n| convert::to_str(&n)),
            _ => None,
        }
        .unwrap_or_default();
        let line = rs.host.read_line(&format!("{name}: "))?;
        table.insert(Value::from(name), Value::from(line));
    }
    Ok(Value::Hashtable(table))
}
