//! What Read-Host and Get-Credential share: asking the host, the errors when it cannot
//! answer, and the `SecureString` and `PSCredential` values.

use rosh_runtime::error::ErrorCategory;
use rosh_runtime::host::ReadError;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Flow, Value};

pub use rosh_runtime::serialization::secure_string;

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
