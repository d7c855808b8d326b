//! What Read-Host and Get-Credential share: asking the host, the errors when it cannot
//! answer, and the `SecureString` and `PSCredential` values.

use rosh_runtime::error::ErrorCategory;
use rosh_runtime::host::ReadError;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Flow, Value};

/// A `System.Security.SecureString` holding `text`. rosh keeps it in memory as text; it
/// shows as its type name and serializes as CLIXML's `<SS>`.
pub fn secure_string(text: String) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Security.SecureString".into(),
        "System.Object".into(),
    ]);
    let length = text.chars().count() as i32;
    o.set_base_value(Value::from(text));
    o.set("Length", Value::Int(length));
    o.set_to_string("System.Security.SecureString".into());
    Value::Object(o)
}

/// A `System.Management.Automation.PSCredential` with a user name and a secure password.
pub fn credential(user: String, password: String) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.PSCredential".into(),
        "System.Object".into(),
    ]);
    o.set("UserName", Value::from(user));
    o.set("Password", secure_string(password));
    o.set_to_string("System.Management.Automation.PSCredential".into());
    Value::Object(o)
}

/// PowerShell's error for a read the host could not do, as `command` reports it.
pub fn read_failed(command: &str, e: ReadError) -> Flow {
    match e {
        ReadError::Interrupted => {
            Flow::Error(Box::new(rosh_runtime::ErrorRecord::pipeline_stopped()))
        }
        ReadError::NotInteractive => crate::util::command_error(
            command,
            "System.Management.Automation.PSInvalidOperationException",
            ErrorCategory::InvalidOperation,
            "System.Management.Automation.PSInvalidOperationException",
            e.to_string(),
        ),
        other => crate::util::command_error(
            command,
            "ReadError",
            ErrorCategory::ReadError,
            "System.IO.IOException",
            other.to_string(),
        ),
    }
}
