//! What a CREATE_PIPELINE asks the engine to run (psrp.md 6.1), read from its body into the
//! runtime's values: statements of commands, each a script or a command name with its
//! arguments, and the `$using:` values that came with them (psrp.md 9).

use std::collections::HashMap;

use base64::Engine as _;
use rosh_runtime::serialization::{self, Limits, SecureStringCipher};
use rosh_runtime::value::PsObject;
use rosh_runtime::{Value, convert};

/// One command of a requested pipeline.
#[derive(Debug, Clone)]
pub struct CommandRequest {
    /// A command name, or script text when `is_script`.
    pub command: String,
    /// Whether `command` is script text.
    pub is_script: bool,
    /// Run a script in a new scope rather than dot-sourced into the global scope.
    pub use_local_scope: bool,
    /// The arguments: a parameter name (without the dash) or `None`, and the value.
    pub args: Vec<(Option<String>, Value)>,
    /// `2>&1` on this command.
    pub merge_errors: bool,
}

/// A requested pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineRequest {
    /// Statements, each a pipeline of commands.
    pub statements: Vec<Vec<CommandRequest>>,
    /// The `$using:` values, by the key text the client hashed (`$using:name`).
    pub using_values: HashMap<String, Value>,
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not CLIXML we can read.
    #[error("the CREATE_PIPELINE body is not valid CLIXML: {0}")]
    Clixml(String),
    /// A member missing or of the wrong kind.
    #[error("the CREATE_PIPELINE body has no valid {0}")]
    Missing(&'static str),
}

fn object(v: Option<Value>, what: &'static str) -> Result<PsObject, RequestError> {
    match v {
        Some(Value::Object(o)) => Ok(o),
        _ => Err(RequestError::Missing(what)),
    }
}

fn list(v: Option<Value>, what: &'static str) -> Result<Vec<Value>, RequestError> {
    match v {
        Some(Value::Array(a)) => Ok(a.to_vec()),
        Some(Value::Null) | None => Err(RequestError::Missing(what)),
        Some(other) => Ok(vec![other]),
    }
}

/// Reads a CREATE_PIPELINE body.
/// Its SecureStrings are sealed with the session's key (`cipher`).
pub fn read(
    body: &str,
    limits: &Limits,
    cipher: &dyn SecureStringCipher,
) -> Result<PipelineRequest, RequestError> {
    let root = serialization::deserialize_secure(body.as_bytes(), limits, cipher)
        .map_err(|e| RequestError::Clixml(e.to_string()))?;
    let root = object(Some(root), "root object")?;
    let powershell = object(root.get("PowerShell"), "PowerShell")?;
    let mut request = PipelineRequest::default();
    let statements = match powershell.get("ExtraCmds") {
        Some(Value::Array(extra)) if !extra.is_empty() => extra
            .to_vec()
            .into_iter()
            .map(|s| match s {
                Value::Object(o) => list(o.get("Cmds"), "ExtraCmds.Cmds"),
                _ => Err(RequestError::Missing("ExtraCmds")),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => vec![list(powershell.get("Cmds"), "Cmds")?],
    };
    for statement in statements {
        let mut commands = Vec::with_capacity(statement.len());
        for command in statement {
            commands.push(read_command(command, &mut request.using_values)?);
        }
        if commands.is_empty() {
            return Err(RequestError::Missing("Cmds"));
        }
        request.statements.push(commands);
    }
    if request.statements.is_empty() {
        return Err(RequestError::Missing("Cmds"));
    }
    Ok(request)
}

fn read_command(
    command: Value,
    using_values: &mut HashMap<String, Value>,
) -> Result<CommandRequest, RequestError> {
    let o = object(Some(command), "command")?;
    let text = match o.get("Cmd") {
        Some(v) if !v.is_null() => convert::to_str(&v),
        _ => return Err(RequestError::Missing("Cmd")),
    };
    let flag = |name: &str| o.get(name).is_some_and(|v| convert::is_true(&v));
    let merges = o
        .get("MergeMyResult")
        .map(|v| convert::to_str(&v))
        .unwrap_or_default();
    let mut args = Vec::new();
    let raw_args = match o.get("Args") {
        Some(Value::Null) | None => vec![],
        other => list(other, "Args")?,
    };
    for arg in raw_args {
        let a = object(Some(arg), "argument")?;
        let name = a
            .get("N")
            .filter(|n| !n.is_null())
            .map(|n| convert::to_str(&n));
        let value = a.get("V").unwrap_or(Value::Null);
        match name.as_deref() {
            // PowerShell 7's `$using:` values: `--%` (or `-%` once the binder stripped a dash).
            Some("--%") | Some("-%") => read_using_values(&value, using_values),
            _ => args.push((name.map(|n| n.trim_start_matches('-').to_string()), value)),
        }
    }
    Ok(CommandRequest {
        command: text,
        is_script: flag("IsScript"),
        use_local_scope: flag("UseLocalScope"),
        args,
        merge_errors: !merges.is_empty() && !merges.eq_ignore_ascii_case("None"),
    })
}

/// The `$using:` dictionary: keys are base64 of the UTF-16LE key text.
fn read_using_values(value: &Value, into: &mut HashMap<String, Value>) {
    let Value::Hashtable(h) = value else { return };
    for (k, v) in h.entries() {
        if let Some(key) = decode_using_key(&convert::to_str(&k)) {
            into.insert(key, v);
        }
    }
}

/// The key text of a `$using:` value from its wire form.
pub fn decode_using_key(encoded: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// The wire form of a `$using:` key text (base64 of its UTF-16LE bytes).
pub fn encode_using_key(key: &str) -> String {
    let bytes: Vec<u8> = key.encode_utf16().flat_map(u16::to_le_bytes).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_key() -> crate::key_exchange::SessionCipher {
        crate::key_exchange::SessionCipher::new(|| false)
    }
    use crate::bodies::{ArgValue, CommandSpec, PipelineSpec, create_pipeline};

    #[test]
    fn using_keys_match_powershell() {
        assert_eq!(
            encode_using_key("$using:name"),
            "JAB1AHMAaQBuAGcAOgBuAGEAbQBlAA=="
        );
        assert_eq!(
            decode_using_key("JAB1AHMAaQBuAGcAOgB4AA==").as_deref(),
            Some("$using:x")
        );
        assert_eq!(decode_using_key("not base64!"), None);
    }

    #[test]
    fn reads_what_the_client_core_writes() {
        let using = format!(
            "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N=\"Key\">{}</S><S N=\"Value\">World</S></En></DCT></Obj>",
            encode_using_key("$using:name")
        );
        let spec = PipelineSpec::new(vec![
            CommandSpec::script("param($a) \"$a $using:Name\"")
                .with_argument(ArgValue::String("hi".into()))
                .with_parameter("--%", ArgValue::Xml(using)),
            CommandSpec::command("Out-String").with_parameter("Stream", ArgValue::Bool(true)),
        ]);
        let body = create_pipeline(&spec, 50).unwrap();
        let r = read(&body, &Limits::default(), &no_key()).unwrap();
        assert_eq!(r.statements.len(), 1);
        let first = &r.statements[0][0];
        assert!(first.is_script);
        assert_eq!(first.args.len(), 1);
        assert_eq!(first.args[0].0, None);
        assert_eq!(convert::to_str(&r.using_values["$using:name"]), "World");
        let second = &r.statements[0][1];
        assert!(!second.is_script);
        assert_eq!(second.args[0].0.as_deref(), Some("Stream"));
    }

    #[test]
    fn bad_bodies_are_errors() {
        assert!(read("<Obj", &Limits::default(), &no_key()).is_err());
        assert!(matches!(
            read(
                "<Obj RefId=\"0\"><MS></MS></Obj>",
                &Limits::default(),
                &no_key()
            ),
            Err(RequestError::Missing("PowerShell"))
        ));
    }
}
