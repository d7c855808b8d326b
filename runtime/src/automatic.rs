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

/// The prefix the host shows before a stream's messages.
pub fn stream_prefix(stream: crate::host::HostStream) -> &'static str {
    use crate::host::HostStream;
    match stream {
        HostStream::Warning => "WARNING: ",
        HostStream::Verbose => "VERBOSE: ",
        HostStream::Debug => "DEBUG: ",
        _ => "",
    }
}

/// The record a stream message becomes when merged into the output: a WarningRecord,
/// VerboseRecord or DebugRecord (`Message`), or an InformationRecord (`MessageData`). Each
/// prints as its message, and Out-Default shows it as the host would.
pub fn stream_record(stream: crate::host::HostStream, message: &str) -> Value {
    use crate::host::HostStream;
    let (name, property) = match stream {
        HostStream::Warning => ("WarningRecord", "Message"),
        HostStream::Verbose => ("VerboseRecord", "Message"),
        HostStream::Debug => ("DebugRecord", "Message"),
        _ => ("InformationRecord", "MessageData"),
    };
    let mut names = vec![format!("System.Management.Automation.{name}")];
    if property == "Message" {
        names.push("System.Management.Automation.InformationalRecord".into());
    }
    names.push("System.Object".into());
    let o = PsObject::with_type_names(names);
    let text = message.trim_end_matches('\n');
    o.set(property, Value::str(text));
    o.set_to_string(text.to_string());
    o.set_default_view(format!("{}{text}\n", stream_prefix(stream)));
    Value::Object(o)
}

/// The parts of an `InvocationInfo` (`$MyInvocation`).
pub struct Invocation<'a> {
    /// The command's name (the function, or the script file's name).
    pub name: &'a str,
    /// `Function`, `Filter` or `ExternalScript`.
    pub command_type: &'a str,
    /// The script file the call is in, if any.
    pub script_name: Option<&'a str>,
    /// The line of the call, from 1.
    pub line: usize,
    /// The column of the call, from 1.
    pub column: usize,
    /// The text of that line.
    pub line_text: &'a str,
    /// `$PSBoundParameters`.
    pub bound_parameters: Value,
    /// Arguments no parameter took.
    pub unbound: Value,
}

/// `$MyInvocation`: an InvocationInfo with MyCommand (Name, CommandType), InvocationName,
/// ScriptName, ScriptLineNumber, OffsetInLine, Line, PSScriptRoot, PSCommandPath,
/// BoundParameters and UnboundArguments.
pub fn invocation_info(i: &Invocation<'_>) -> Value {
    let command_info = match i.command_type {
        "Filter" => "System.Management.Automation.FilterInfo",
        "ExternalScript" => "System.Management.Automation.ExternalScriptInfo",
        _ => "System.Management.Automation.FunctionInfo",
    };
    let command = PsObject::with_type_names(vec![
        command_info.into(),
        "System.Management.Automation.CommandInfo".into(),
        "System.Object".into(),
    ]);
    command.set("Name", Value::str(i.name));
    command.set("CommandType", Value::str(i.command_type));
    command.set_to_string(i.name.to_string());
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.InvocationInfo".into(),
        "System.Object".into(),
    ]);
    let script = i.script_name.unwrap_or_default();
    let root = std::path::Path::new(script)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    o.set("MyCommand", Value::Object(command));
    o.set("BoundParameters", i.bound_parameters.clone());
    o.set("UnboundArguments", i.unbound.clone());
    o.set("ScriptLineNumber", Value::Int(i.line as i32));
    o.set("OffsetInLine", Value::Int(i.column as i32));
    o.set("ScriptName", Value::str(script));
    o.set("Line", Value::str(i.line_text));
    o.set("InvocationName", Value::str(i.name));
    o.set("PSScriptRoot", Value::from(root));
    o.set("PSCommandPath", Value::str(script));
    o.set("PipelineLength", Value::Int(1));
    o.set("PipelinePosition", Value::Int(1));
    o.set("ExpectingInput", Value::Bool(false));
    o.set("CommandOrigin", Value::str("Runspace"));
    Value::Object(o)
}

/// `$Host`: the host's Name, Version, InstanceId, CurrentCulture and UI.
pub fn host_info(name: &str) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.Internal.Host.InternalHost".into(),
        "System.Management.Automation.Host.PSHost".into(),
        "System.Object".into(),
    ]);
    o.set("Name", Value::str(name));
    o.set(
        "Version",
        Value::Version(crate::value::PsVersion::new(
            PS_VERSION.0,
            PS_VERSION.1,
            PS_VERSION.2,
            -1,
        )),
    );
    o.set("InstanceId", Value::Guid(uuid::Uuid::nil()));
    o.set("CurrentCulture", Value::str("en-US"));
    o.set("CurrentUICulture", Value::str("en-US"));
    let ui = PsObject::with_type_names(vec![
        "System.Management.Automation.Internal.Host.InternalHostUserInterface".into(),
        "System.Object".into(),
    ]);
    o.set("UI", Value::Object(ui));
    o.set_to_string("System.Management.Automation.Internal.Host.InternalHost".into());
    Value::Object(o)
}

/// `$ExecutionContext`, with `SessionState.LanguageMode`.
pub fn execution_context(language_mode: Value) -> Value {
    let state = PsObject::with_type_names(vec![
        "System.Management.Automation.SessionState".into(),
        "System.Object".into(),
    ]);
    state.set("LanguageMode", language_mode);
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.EngineIntrinsics".into(),
        "System.Object".into(),
    ]);
    o.set("SessionState", Value::Object(state));
    o.set_to_string("System.Management.Automation.EngineIntrinsics".into());
    Value::Object(o)
}

/// This machine's name (`$env:COMPUTERNAME` on Windows; the host name here), as remoting
/// stamps it on records and as `[Environment]::MachineName` reports it.
pub fn machine_name() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "localhost".into())
}
