//! Automatic variables with computed values (`$PSVersionTable`, `$PWD`).

use crate::value::{Hashtable, PsObject, Value};

/// The PowerShell version rosh implements the language of.
pub const PS_VERSION: (i32, i32, i32) = (7, 4, 0);

/// `$PSVersionTable`.
pub fn ps_version_table() -> Value {
    let h = Hashtable::new(true);
    let v = PsObject::with_type_names(vec![
        "System.Management.Automation.SemanticVersion".into(),
        "System.Object".into(),
    ]);
    v.set("Major", Value::Int(PS_VERSION.0));
    v.set("Minor", Value::Int(PS_VERSION.1));
    v.set("Patch", Value::Int(PS_VERSION.2));
    v.set_to_string(format!(
        "{}.{}.{}",
        PS_VERSION.0, PS_VERSION.1, PS_VERSION.2
    ));
    h.insert(Value::str("PSVersion"), Value::Object(v));
    h.insert(Value::str("PSEdition"), Value::str("Core"));
    h.insert(
        Value::str("RoshVersion"),
        Value::str(env!("CARGO_PKG_VERSION")),
    );
    h.insert(Value::str("Platform"), Value::str("Unix"));
    h.insert(Value::str("OS"), Value::str(std::env::consts::OS));
    h.insert(Value::str("PSRemotingProtocolVersion"), Value::str("2.3"));
    h.insert(Value::str("SerializationVersion"), Value::str("1.1.0.1"));
    Value::Hashtable(h)
}

/// A `PathInfo` for `path`, as `$PWD` and `Get-Location` return it: it prints as the path.
pub fn path_info(path: &std::path::Path) -> Value {
    let text = path.to_string_lossy().into_owned();
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.PathInfo".into(),
        "System.Object".into(),
    ]);
    o.set("Drive", Value::str("/"));
    o.set(
        "Provider",
        Value::str("Microsoft.PowerShell.Core\\FileSystem"),
    );
    o.set("ProviderPath", Value::from(text.clone()));
    o.set("Path", Value::from(text.clone()));
    o.set_to_string(text);
    Value::Object(o)
}
