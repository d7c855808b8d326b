//! The records that travel beside output: error records and informational records (warning,
//! verbose, debug, information), in the remoting shape PowerShell writes and reads
//! (psrp.md 6.4 and 6.5), converted to and from the runtime's values.

use rosh_runtime::error::{ErrorCategory, ErrorRecord, InvocationInfo};
use rosh_runtime::host::HostStream;
use rosh_runtime::serialization;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Value, convert};

/// How deep the values inside a record (its target object, its exception) are written.
const RECORD_DEPTH: usize = 2;

const INFORMATIONAL: &str = "System.Management.Automation.InformationalRecord";

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn text_or_nil(s: Option<&str>) -> Value {
    s.map(Value::str).unwrap_or(Value::Null)
}

/// An ErrorRecord in PowerShell's remoting shape (`ErrorPackage.ToPSObjectForRemoting`):
/// the exception, the target, the id, the category as flat `ErrorCategory_*` members and,
/// when the error has a position, the flat `InvocationInfo_*` members that let the client
/// show where on the remote side it happened.
pub fn error_record_object(e: &ErrorRecord) -> Value {
    let exception =
        PsObject::with_type_names(rosh_runtime::exceptions::type_chain(&e.exception_type));
    exception.set("Message", Value::str(&e.message));
    exception.set("Data", Value::Null);
    exception.set("HelpLink", Value::Null);
    exception.set("HResult", Value::Int(-2146233087));
    exception.set("InnerException", Value::Null);
    exception.set("Source", Value::Null);
    exception.set("StackTrace", Value::Null);
    exception.set("TargetSite", Value::Null);
    exception.set_to_string(e.message.clone());

    let record = PsObject::with_type_names(names(&[
        "System.Management.Automation.ErrorRecord",
        "System.Object",
    ]));
    let reason = e
        .exception_type
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_string();
    let target_name = e.target.as_ref().map(convert::to_str).unwrap_or_default();
    let target_type = e.target.as_ref().map(Value::type_name).unwrap_or_default();
    let activity = e
        .invocation
        .as_ref()
        .and_then(|i| i.command_name.clone())
        .unwrap_or_default();
    let fqid = match &activity {
        a if a.is_empty() || e.error_id.contains(',') => e.error_id.clone(),
        a => format!("{},{a}", e.error_id),
    };
    let category_message = format!(
        "{} ({}:{}) [{}], {}",
        e.category.name(),
        target_name,
        if target_type.is_empty() {
            String::new()
        } else {
            target_type
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string()
        },
        activity,
        reason
    );
    let mut props: Vec<(String, Value)> = vec![
        ("Exception".into(), Value::Object(exception)),
        (
            "TargetObject".into(),
            e.target.clone().unwrap_or(Value::Null),
        ),
        ("FullyQualifiedErrorId".into(), Value::str(&fqid)),
        ("InvocationInfo".into(), Value::Null),
        (
            "ErrorCategory_Category".into(),
            Value::Int(category_code(e.category)),
        ),
        (
            "ErrorCategory_Activity".into(),
            text_or_nil(Some(activity.as_str()).filter(|a| !a.is_empty())),
        ),
        ("ErrorCategory_Reason".into(), Value::str(&reason)),
        (
            "ErrorCategory_TargetName".into(),
            text_or_nil(Some(target_name.as_str()).filter(|t| !t.is_empty())),
        ),
        (
            "ErrorCategory_TargetType".into(),
            text_or_nil(Some(target_type.as_str()).filter(|t| !t.is_empty())),
        ),
        (
            "ErrorCategory_Message".into(),
            Value::str(&category_message),
        ),
    ];
    match &e.invocation {
        Some(inv) if inv.line > 0 || inv.command_name.is_some() => {
            props.push(("SerializeExtendedInfo".into(), Value::Bool(true)));
            props.extend(invocation_members(inv));
        }
        _ => props.push(("SerializeExtendedInfo".into(), Value::Bool(false))),
    }
    record.set_many(props);
    record.set_to_string(e.message.clone());
    Value::Object(record)
}

/// The flat `InvocationInfo_*`, `CommandInfo_*` and `ScriptExtent_*` members of an error
/// with extended info, every one PowerShell writes (psrpcore requires them all).
fn invocation_members(inv: &InvocationInfo) -> Vec<(String, Value)> {
    let name = inv.command_name.clone().unwrap_or_default();
    let empty = || Value::Array(rosh_runtime::value::Array::new(vec![]));
    let mut members: Vec<(String, Value)> = vec![
        (
            "InvocationInfo_BoundParameters".into(),
            Value::Hashtable(rosh_runtime::value::Hashtable::new(false)),
        ),
        // CommandOrigin.Internal
        ("InvocationInfo_CommandOrigin".into(), Value::Int(1)),
        ("InvocationInfo_ExpectingInput".into(), Value::Bool(false)),
        ("InvocationInfo_InvocationName".into(), Value::str(&name)),
        ("InvocationInfo_Line".into(), Value::str(&inv.line_text)),
        (
            "InvocationInfo_OffsetInLine".into(),
            Value::Int(inv.column as i32),
        ),
        ("InvocationInfo_HistoryId".into(), Value::Long(1)),
        ("InvocationInfo_PipelineIterationInfo".into(), empty()),
        ("InvocationInfo_PipelineLength".into(), Value::Int(1)),
        ("InvocationInfo_PipelinePosition".into(), Value::Int(1)),
        ("InvocationInfo_PSScriptRoot".into(), Value::str("")),
        ("InvocationInfo_PSCommandPath".into(), Value::Null),
        (
            "InvocationInfo_PositionMessage".into(),
            Value::str(rosh_runtime::output::position_message(inv)),
        ),
        (
            "InvocationInfo_ScriptLineNumber".into(),
            Value::Int(inv.line as i32),
        ),
        (
            "InvocationInfo_ScriptName".into(),
            Value::str(inv.script_name.as_deref().unwrap_or_default()),
        ),
        ("InvocationInfo_UnboundArguments".into(), empty()),
        ("ScriptExtent_File".into(), Value::Null),
        (
            "ScriptExtent_StartLineNumber".into(),
            Value::Int(inv.line as i32),
        ),
        (
            "ScriptExtent_StartColumnNumber".into(),
            Value::Int(inv.column as i32),
        ),
        (
            "ScriptExtent_EndLineNumber".into(),
            Value::Int(inv.line as i32),
        ),
        (
            "ScriptExtent_EndColumnNumber".into(),
            Value::Int((inv.column + inv.width.max(1)) as i32),
        ),
        ("SerializeExtent".into(), Value::Bool(true)),
    ];
    if !name.is_empty() {
        members.extend([
            // CommandTypes.Cmdlet; SessionStateEntryVisibility.Public
            ("CommandInfo_CommandType".into(), Value::Int(8)),
            ("CommandInfo_Definition".into(), Value::str(&name)),
            ("CommandInfo_Name".into(), Value::str(&name)),
            ("CommandInfo_Visibility".into(), Value::Int(0)),
        ]);
    }
    members.push(("PipelineIterationInfo".into(), empty()));
    members
}

/// The CLIXML of an error record, as one message body.
pub fn error_record_clixml(e: &ErrorRecord) -> String {
    serialization::serialize(&error_record_object(e), RECORD_DEPTH)
}

/// Reads an error record a peer sent (a deserialized ErrorRecord, or any object: its text
/// becomes the message). The exception keeps its remote type name (`RemoteException` when
/// it has none); the remote position and command, when sent, are kept.
pub fn error_record_from(value: &Value) -> ErrorRecord {
    let Value::Object(o) = value else {
        return remote_error(convert::to_str(value), ErrorCategory::NotSpecified);
    };
    let get = |name: &str| o.get(name).filter(|v| !v.is_null());
    let text = |name: &str| get(name).map(|v| convert::to_str(&v));
    let (exception_message, exception_type) = match get("Exception") {
        Some(Value::Object(ex)) => (
            ex.get("Message")
                .filter(|m| !m.is_null())
                .map(|m| convert::to_str(&m)),
            ex.type_names()
                .first()
                .map(|t| t.trim_start_matches("Deserialized.").to_string()),
        ),
        _ => (None, None),
    };
    let message = exception_message
        .or_else(|| o.to_string_override())
        .unwrap_or_default();
    let category = get("ErrorCategory_Category")
        .and_then(|v| convert::to_numeric(&v))
        .and_then(|v| convert::as_f64(&v))
        .map(|n| category_from_code(n as i32))
        .unwrap_or(ErrorCategory::NotSpecified);
    let mut e = remote_error(message, category);
    if let Some(t) = exception_type.filter(|t| t.contains('.')) {
        e.exception_type = t;
    }
    if let Some(id) = text("FullyQualifiedErrorId") {
        e.error_id = id;
    }
    e.target = get("TargetObject");
    if get("SerializeExtendedInfo").is_some_and(|v| convert::is_true(&v)) {
        let number = |name: &str| {
            get(name)
                .and_then(|v| convert::to_numeric(&v))
                .and_then(|v| convert::as_f64(&v))
                .map(|n| n.max(0.0) as usize)
                .unwrap_or(0)
        };
        let line = number("InvocationInfo_ScriptLineNumber");
        let command = text("InvocationInfo_InvocationName").filter(|s| !s.is_empty());
        if line > 0 || command.is_some() {
            e.invocation = Some(InvocationInfo {
                script_name: text("InvocationInfo_ScriptName").filter(|s| !s.is_empty()),
                line,
                column: number("InvocationInfo_OffsetInLine"),
                line_text: text("InvocationInfo_Line").unwrap_or_default(),
                width: number("ScriptExtent_EndColumnNumber")
                    .saturating_sub(number("InvocationInfo_OffsetInLine")),
                command_name: command,
            });
        }
    }
    e
}

fn remote_error(message: String, category: ErrorCategory) -> ErrorRecord {
    ErrorRecord::new("RemoteException", category, message)
        .with_exception("System.Management.Automation.RemoteException")
}

/// The record of a warning, verbose or debug message (`WarningRecord` and friends).
pub fn informational_record_clixml(stream: HostStream, message: &str) -> String {
    let kind = match stream {
        HostStream::Warning => "WarningRecord",
        HostStream::Verbose => "VerboseRecord",
        _ => "DebugRecord",
    };
    let o = PsObject::with_type_names(vec![
        format!("System.Management.Automation.{kind}"),
        INFORMATIONAL.into(),
        "System.Object".into(),
    ]);
    o.set("InformationalRecord_Message", Value::str(message));
    o.set(
        "InformationalRecord_SerializeInvocationInfo",
        Value::Bool(false),
    );
    o.set_to_string(message.to_string());
    serialization::serialize(&Value::Object(o), RECORD_DEPTH)
}

/// The message of a warning, verbose or debug record a peer sent.
pub fn informational_message(value: &Value) -> String {
    match value {
        Value::Object(o) => o
            .get("InformationalRecord_Message")
            .or_else(|| o.get("Message"))
            .map(|m| convert::to_str(&m))
            .or_else(|| o.to_string_override())
            .unwrap_or_default(),
        other => convert::to_str(other),
    }
}

/// An InformationRecord: `Write-Information` data, or `Write-Host` text (tagged `PSHOST`,
/// its data a HostInformationMessage) when `host_text`.
pub fn information_record_clixml(message: &str, host_text: bool) -> String {
    let data = if host_text {
        let m = PsObject::with_type_names(names(&[
            "System.Management.Automation.HostInformationMessage",
            "System.Object",
        ]));
        let (text, no_newline) = match message.strip_suffix('\n') {
            Some(t) => (t, false),
            None => (message, true),
        };
        m.set("Message", Value::str(text));
        m.set("NoNewLine", Value::Bool(no_newline));
        m.set("ForegroundColor", Value::Null);
        m.set("BackgroundColor", Value::Null);
        m.set_to_string(text.to_string());
        Value::Object(m)
    } else {
        Value::str(message)
    };
    let o = PsObject::with_type_names(names(&[
        "System.Management.Automation.InformationRecord",
        "System.Object",
    ]));
    let tags = if host_text {
        vec![Value::str("PSHOST")]
    } else {
        vec![]
    };
    o.set_many(vec![
        ("MessageData".into(), data),
        (
            "Source".into(),
            Value::str(if host_text {
                "Write-Host"
            } else {
                "Write-Information"
            }),
        ),
        (
            "TimeGenerated".into(),
            Value::DateTime(rosh_runtime::value::PsDateTime::now()),
        ),
        (
            "Tags".into(),
            Value::Array(rosh_runtime::value::Array::new(tags)),
        ),
        (
            "User".into(),
            Value::str(std::env::var("USER").unwrap_or_default()),
        ),
        (
            "Computer".into(),
            Value::str(rosh_runtime::automatic::machine_name()),
        ),
        (
            "ProcessId".into(),
            Value::Long(i64::from(std::process::id())),
        ),
        ("NativeThreadId".into(), Value::Long(0)),
        ("ManagedThreadId".into(), Value::Long(0)),
    ]);
    o.set_to_string(message.trim_end_matches('\n').to_string());
    serialization::serialize(&Value::Object(o), RECORD_DEPTH)
}

/// What an InformationRecord a peer sent says: its text, and whether it is host text
/// (`Write-Host`, shown whatever the information preference) with its newline.
pub fn information_from(value: &Value) -> (String, bool) {
    let Value::Object(o) = value else {
        return (convert::to_str(value), false);
    };
    let host = match o.get("Tags") {
        Some(Value::Array(a)) => a
            .to_vec()
            .iter()
            .any(|t| convert::to_str(t).eq_ignore_ascii_case("PSHOST")),
        _ => false,
    };
    match o.get("MessageData") {
        Some(Value::Object(m)) if host => {
            let text = m
                .get("Message")
                .map(|v| convert::to_str(&v))
                .or_else(|| m.to_string_override())
                .unwrap_or_default();
            let no_newline = m.get("NoNewLine").is_some_and(|v| convert::is_true(&v));
            (
                if no_newline {
                    text
                } else {
                    format!("{text}\n")
                },
                true,
            )
        }
        Some(data) => {
            let text = convert::to_str(&data);
            if host {
                (format!("{text}\n"), true)
            } else {
                (text, false)
            }
        }
        None => (o.to_string_override().unwrap_or_default(), host),
    }
}

/// .NET's `ErrorCategory` number of a category.
pub fn category_code(c: ErrorCategory) -> i32 {
    match c {
        ErrorCategory::NotSpecified => 0,
        ErrorCategory::OpenError => 1,
        ErrorCategory::CloseError => 2,
        ErrorCategory::InvalidArgument => 5,
        ErrorCategory::InvalidData => 6,
        ErrorCategory::InvalidOperation => 7,
        ErrorCategory::InvalidType => 9,
        ErrorCategory::ObjectNotFound => 13,
        ErrorCategory::OperationStopped => 14,
        ErrorCategory::ParserError => 17,
        ErrorCategory::PermissionDenied => 18,
        ErrorCategory::ResourceExists => 20,
        ErrorCategory::ResourceUnavailable => 21,
        ErrorCategory::ReadError => 22,
        ErrorCategory::WriteError => 23,
    }
}

/// The category of a .NET `ErrorCategory` number (NotSpecified for those rosh does not name).
pub fn category_from_code(code: i32) -> ErrorCategory {
    ErrorCategory::ALL
        .iter()
        .copied()
        .find(|c| category_code(*c) == code)
        .unwrap_or(ErrorCategory::NotSpecified)
}

/// A progress record as PowerShell serializes it (`<PR>`), for a PROGRESS_RECORD message.
pub fn progress_record_clixml(record: &rosh_runtime::host::ProgressRecord) -> String {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.ProgressRecord".into(),
        "System.Object".into(),
    ]);
    o.set_many(progress_properties(record));
    rosh_runtime::serialization::serialize(&Value::Object(o), 1)
}

fn progress_properties(r: &rosh_runtime::host::ProgressRecord) -> Vec<(String, Value)> {
    vec![
        ("Activity".into(), Value::str(&r.activity)),
        ("ActivityId".into(), Value::Int(r.activity_id)),
        (
            "CurrentOperation".into(),
            r.current_operation
                .as_deref()
                .map_or(Value::Null, Value::str),
        ),
        ("ParentActivityId".into(), Value::Int(r.parent_activity_id)),
        ("PercentComplete".into(), Value::Int(r.percent_complete)),
        (
            "RecordType".into(),
            Value::str(match r.record_type {
                rosh_runtime::host::ProgressRecordType::Processing => "Processing",
                rosh_runtime::host::ProgressRecordType::Completed => "Completed",
            }),
        ),
        ("SecondsRemaining".into(), Value::Int(r.seconds_remaining)),
        (
            "StatusDescription".into(),
            Value::str(&r.status_description),
        ),
    ]
}

/// A deserialized progress record (`<PR>`) as the host shows it.
pub fn progress_record_from(v: &Value) -> rosh_runtime::host::ProgressRecord {
    let get = |name: &str| match v {
        Value::Object(o) => o.get(name),
        _ => None,
    };
    let text = |name: &str| get(name).map(|v| rosh_runtime::convert::to_str(&v));
    let int = |name: &str, default: i32| {
        get(name)
            .and_then(|v| rosh_runtime::convert::to_numeric(&v))
            .and_then(|v| rosh_runtime::convert::as_f64(&v))
            .map_or(default, |f| f as i32)
    };
    rosh_runtime::host::ProgressRecord {
        activity_id: int("ActivityId", 0),
        parent_activity_id: int("ParentActivityId", -1),
        activity: text("Activity").unwrap_or_default(),
        status_description: text("StatusDescription").unwrap_or_default(),
        current_operation: get("CurrentOperation")
            .filter(|v| !matches!(v, Value::Null))
            .map(|v| rosh_runtime::convert::to_str(&v)),
        percent_complete: int("PercentComplete", -1),
        seconds_remaining: int("SecondsRemaining", -1),
        record_type: if text("RecordType").is_some_and(|t| t.eq_ignore_ascii_case("Completed")) {
            rosh_runtime::host::ProgressRecordType::Completed
        } else {
            rosh_runtime::host::ProgressRecordType::Processing
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(xml: &str) -> Value {
        serialization::deserialize(xml.as_bytes(), &serialization::Limits::default())
            .expect("own output reads back")
    }

    #[test]
    fn an_error_record_keeps_message_id_category_and_position() {
        let mut e = ErrorRecord::new("PathNotFound", ErrorCategory::ObjectNotFound, "no such");
        e.invocation = Some(InvocationInfo {
            script_name: None,
            line: 3,
            column: 5,
            line_text: "    Get-Item /nope".into(),
            width: 0,
            command_name: Some("Get-Item".into()),
        });
        let xml = error_record_clixml(&e);
        assert!(
            xml.contains("<I32 N=\"ErrorCategory_Category\">13</I32>"),
            "{xml}"
        );
        let back = error_record_from(&round_trip(&xml));
        assert_eq!(back.message, "no such");
        assert_eq!(back.error_id, "PathNotFound,Get-Item");
        assert_eq!(back.category, ErrorCategory::ObjectNotFound);
        let inv = back.invocation.expect("position kept");
        assert_eq!((inv.line, inv.column), (3, 5));
        assert_eq!(inv.line_text, "    Get-Item /nope");
    }

    #[test]
    fn psrpcore_error_records_read() {
        let xml = r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.ErrorRecord</T><T>System.Object</T></TN><MS><Obj RefId="1" N="Exception"><TN RefId="1"><T>System.Exception</T><T>System.Object</T></TN><Props><S N="Message">Something failed</S></Props></Obj><Nil N="TargetObject" /><S N="FullyQualifiedErrorId">SomethingFailed</S><Nil N="InvocationInfo" /><I32 N="ErrorCategory_Category">0</I32><B N="SerializeExtendedInfo">false</B></MS><ToString>Something failed</ToString></Obj>"#;
        let e = error_record_from(&round_trip(xml));
        assert_eq!(e.message, "Something failed");
        assert_eq!(e.error_id, "SomethingFailed");
        assert!(e.invocation.is_none());
    }

    #[test]
    fn records_of_each_stream_read_back() {
        let w = informational_record_clixml(HostStream::Warning, "careful");
        assert!(w.contains("System.Management.Automation.WarningRecord"));
        assert_eq!(informational_message(&round_trip(&w)), "careful");
        let host = information_record_clixml("hello\n", true);
        assert_eq!(
            information_from(&round_trip(&host)),
            ("hello\n".into(), true)
        );
        let info = information_record_clixml("data", false);
        assert_eq!(information_from(&round_trip(&info)), ("data".into(), false));
    }

    #[test]
    fn category_codes_round_trip() {
        for c in ErrorCategory::ALL {
            assert_eq!(category_from_code(category_code(*c)), *c);
        }
        assert_eq!(category_from_code(31), ErrorCategory::NotSpecified);
    }
}
