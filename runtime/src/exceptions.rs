//! The .NET exception types scripts name: in `catch [T]`, `throw [T]::new('message')` and
//! `-is [T]`. Each has its base type (so `catch [System.IO.IOException]` catches a
//! `FileNotFoundException`) and the default message .NET gives it.

use crate::value::{PsObject, Value};

/// One exception type: full name, base type's full name, default message.
struct ExceptionType {
    name: &'static str,
    base: Option<&'static str>,
    message: &'static str,
}

const EXCEPTIONS: &[ExceptionType] = &[
    ExceptionType {
        name: "System.Exception",
        base: None,
        message: "Exception of type 'System.Exception' was thrown.",
    },
    ExceptionType {
        name: "System.SystemException",
        base: Some("System.Exception"),
        message: "System error.",
    },
    ExceptionType {
        name: "System.ApplicationException",
        base: Some("System.Exception"),
        message: "Error in the application.",
    },
    ExceptionType {
        name: "System.ArgumentException",
        base: Some("System.SystemException"),
        message: "Value does not fall within the expected range.",
    },
    ExceptionType {
        name: "System.ArgumentNullException",
        base: Some("System.ArgumentException"),
        message: "Value cannot be null.",
    },
    ExceptionType {
        name: "System.ArgumentOutOfRangeException",
        base: Some("System.ArgumentException"),
        message: "Specified argument was out of the range of valid values.",
    },
    ExceptionType {
        name: "System.FormatException",
        base: Some("System.SystemException"),
        message: "One of the identified items was in an invalid format.",
    },
    ExceptionType {
        name: "System.InvalidOperationException",
        base: Some("System.SystemException"),
        message: "Operation is not valid due to the current state of the object.",
    },
    ExceptionType {
        name: "System.ObjectDisposedException",
        base: Some("System.InvalidOperationException"),
        message: "Cannot access a disposed object.",
    },
    ExceptionType {
        name: "System.NotSupportedException",
        base: Some("System.SystemException"),
        message: "Specified method is not supported.",
    },
    ExceptionType {
        name: "System.NotImplementedException",
        base: Some("System.SystemException"),
        message: "The method or operation is not implemented.",
    },
    ExceptionType {
        name: "System.ArithmeticException",
        base: Some("System.SystemException"),
        message: "Overflow or underflow in the arithmetic operation.",
    },
    ExceptionType {
        name: "System.DivideByZeroException",
        base: Some("System.ArithmeticException"),
        message: "Attempted to divide by zero.",
    },
    ExceptionType {
        name: "System.OverflowException",
        base: Some("System.ArithmeticException"),
        message: "Arithmetic operation resulted in an overflow.",
    },
    ExceptionType {
        name: "System.InvalidCastException",
        base: Some("System.SystemException"),
        message: "Specified cast is not valid.",
    },
    ExceptionType {
        name: "System.NullReferenceException",
        base: Some("System.SystemException"),
        message: "Object reference not set to an instance of an object.",
    },
    ExceptionType {
        name: "System.IndexOutOfRangeException",
        base: Some("System.SystemException"),
        message: "Index was outside the bounds of the array.",
    },
    ExceptionType {
        name: "System.Collections.Generic.KeyNotFoundException",
        base: Some("System.SystemException"),
        message: "The given key was not present in the dictionary.",
    },
    ExceptionType {
        name: "System.TimeoutException",
        base: Some("System.SystemException"),
        message: "The operation has timed out.",
    },
    ExceptionType {
        name: "System.UnauthorizedAccessException",
        base: Some("System.SystemException"),
        message: "Attempted to perform an unauthorized operation.",
    },
    ExceptionType {
        name: "System.IO.IOException",
        base: Some("System.SystemException"),
        message: "I/O error occurred.",
    },
    ExceptionType {
        name: "System.IO.FileNotFoundException",
        base: Some("System.IO.IOException"),
        message: "Unable to find the specified file.",
    },
    ExceptionType {
        name: "System.IO.DirectoryNotFoundException",
        base: Some("System.IO.IOException"),
        message: "Attempted to access a path that is not on the disk.",
    },
    ExceptionType {
        name: "System.Management.Automation.RuntimeException",
        base: Some("System.SystemException"),
        message: "Exception of type 'System.Management.Automation.RuntimeException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.MethodInvocationException",
        base: Some("System.Management.Automation.MethodException"),
        message: "Exception of type 'System.Management.Automation.MethodInvocationException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.MethodException",
        base: Some("System.Management.Automation.RuntimeException"),
        message: "Exception of type 'System.Management.Automation.MethodException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.ParameterBindingException",
        base: Some("System.Management.Automation.RuntimeException"),
        message: "Exception of type 'System.Management.Automation.ParameterBindingException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.ParameterBindingValidationException",
        base: Some("System.Management.Automation.ParameterBindingException"),
        message: "Exception of type 'System.Management.Automation.ParameterBindingValidationException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.SessionStateException",
        base: Some("System.Management.Automation.RuntimeException"),
        message: "Exception of type 'System.Management.Automation.SessionStateException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.ItemNotFoundException",
        base: Some("System.Management.Automation.SessionStateException"),
        message: "Exception of type 'System.Management.Automation.ItemNotFoundException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.CommandNotFoundException",
        base: Some("System.Management.Automation.RuntimeException"),
        message: "Exception of type 'System.Management.Automation.CommandNotFoundException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.PSInvalidCastException",
        base: Some("System.InvalidCastException"),
        message: "Exception of type 'System.Management.Automation.PSInvalidCastException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.ActionPreferenceStopException",
        base: Some("System.Management.Automation.RuntimeException"),
        message: "Exception of type 'System.Management.Automation.ActionPreferenceStopException' was thrown.",
    },
    ExceptionType {
        name: "System.Management.Automation.PSArgumentException",
        base: Some("System.ArgumentException"),
        message: "Value does not fall within the expected range.",
    },
];

fn find(name: &str) -> Option<&'static ExceptionType> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("system.").unwrap_or(&lower);
    EXCEPTIONS.iter().find(|e| {
        let full = e.name.to_ascii_lowercase();
        full == lower || full.strip_prefix("system.") == Some(bare)
    })
}

/// The canonical full name of an exception type written in a script (`IO.IOException`,
/// `system.formatexception`), when rosh knows it.
pub fn canonical_name(written: &str) -> Option<&'static str> {
    find(written).map(|e| e.name)
}

/// The type names of an exception type, most derived first, ending in `System.Object`.
pub fn type_chain(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = find(name).map(|e| e.name);
    if current.is_none() {
        out.push(name.to_string());
        current = Some("System.Exception");
    }
    while let Some(n) = current {
        out.push(n.to_string());
        current = find(n).and_then(|e| e.base);
    }
    out.push("System.Object".into());
    out
}

/// Whether exception type `actual` is `wanted` or derives from it.
pub fn derives_from(actual: &str, wanted: &str) -> bool {
    let wanted = canonical_name(wanted).unwrap_or(wanted);
    type_chain(actual)
        .iter()
        .any(|n| n.eq_ignore_ascii_case(wanted))
}

/// A new exception object (`[System.FormatException]::new('message')`); `None` for a type
/// rosh does not know as an exception.
pub fn construct(name: &str, message: Option<String>, inner: Option<Value>) -> Option<Value> {
    let e = find(name)?;
    let o = PsObject::with_type_names(type_chain(e.name));
    let message = message.unwrap_or_else(|| e.message.to_string());
    o.set("Message", Value::from(message.clone()));
    o.set("InnerException", inner.unwrap_or(Value::Null));
    o.set("HResult", Value::Int(-2146233088));
    o.set_to_string(format!("{}: {message}", e.name));
    Some(Value::Object(o))
}

/// The exception type and message of an exception object, when `v` is one.
pub fn of_value(v: &Value) -> Option<(String, String)> {
    let Value::Object(o) = v else {
        return None;
    };
    let names = o.type_names();
    if !names.iter().any(|n| n == "System.Exception") {
        return None;
    }
    let ty = names.first()?.clone();
    let message = o
        .get("Message")
        .map(|m| crate::convert::to_str(&m))
        .unwrap_or_default();
    Some((ty, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_not_found_is_an_io_exception_and_an_exception() {
        assert!(derives_from(
            "System.IO.FileNotFoundException",
            "IO.IOException"
        ));
        assert!(derives_from(
            "System.IO.FileNotFoundException",
            "System.Exception"
        ));
        assert!(!derives_from(
            "System.FormatException",
            "System.ArgumentException"
        ));
    }

    #[test]
    fn every_base_is_known() {
        for e in EXCEPTIONS {
            if let Some(b) = e.base {
                assert!(find(b).is_some(), "{} has unknown base {b}", e.name);
            }
        }
    }
}
