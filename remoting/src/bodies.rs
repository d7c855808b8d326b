//! The CLIXML bodies of the protocol messages the core itself builds and reads.
//!
//! Every message body is one CLIXML object. Bodies whose content the core decides (session
//! capability, pool and pipeline state, pool operations, host-call envelopes, pipeline
//! creation) are written here with their fixed shapes, matching PowerShell's bytes where
//! psrp.md shows them. Values the core does not understand (output objects, error records,
//! host-call arguments, pipeline arguments) come in and go out as *already serialized*
//! object XML, produced and consumed by the general serializer (`runtime::serialization`);
//! [`crate::clixml::embed`] renumbers their reference ids to fit the enclosing document.

use crate::capability::{SessionCapability, Version};
use crate::clixml::{BodyError, RefIds, embed, encode_string, escape_attribute, read_object};
use crate::state::{PipelineState, RunspacePoolState};

const ENUM_TAIL: &str = "<T>System.Enum</T><T>System.ValueType</T><T>System.Object</T>";
const ARRAY_LIST_TN: &str = "<T>System.Collections.ArrayList</T><T>System.Object</T>";
const PRIMITIVE_DICTIONARY_TN: &str = "<T>System.Management.Automation.PSPrimitiveDictionary</T><T>System.Collections.Hashtable</T><T>System.Object</T>";
const NULL_HOST_INFO: &str = "<MS><B N=\"_isHostNull\">true</B><B N=\"_isHostUINull\">true</B><B N=\"_isHostRawUINull\">true</B><B N=\"_useRunspaceHost\">true</B></MS>";

/// Names of `RemoteHostMethodId` values 1..=56 (psrp.md 4), for the enum's `ToString`.
const HOST_METHOD_NAMES: [&str; 56] = [
    "GetName",
    "GetVersion",
    "GetInstanceId",
    "GetCurrentCulture",
    "GetCurrentUICulture",
    "SetShouldExit",
    "EnterNestedPrompt",
    "ExitNestedPrompt",
    "NotifyBeginApplication",
    "NotifyEndApplication",
    "ReadLine",
    "ReadLineAsSecureString",
    "Write1",
    "Write2",
    "WriteLine1",
    "WriteLine2",
    "WriteLine3",
    "WriteErrorLine",
    "WriteDebugLine",
    "WriteProgress",
    "WriteVerboseLine",
    "WriteWarningLine",
    "Prompt",
    "PromptForCredential1",
    "PromptForCredential2",
    "PromptForChoice",
    "GetForegroundColor",
    "SetForegroundColor",
    "GetBackgroundColor",
    "SetBackgroundColor",
    "GetCursorPosition",
    "SetCursorPosition",
    "GetWindowPosition",
    "SetWindowPosition",
    "GetCursorSize",
    "SetCursorSize",
    "GetBufferSize",
    "SetBufferSize",
    "GetWindowSize",
    "SetWindowSize",
    "GetWindowTitle",
    "SetWindowTitle",
    "GetMaxWindowSize",
    "GetMaxPhysicalWindowSize",
    "GetKeyAvailable",
    "ReadKey",
    "FlushInputBuffer",
    "SetBufferContents1",
    "SetBufferContents2",
    "GetBufferContents",
    "ScrollBufferContents",
    "PushRunspace",
    "PopRunspace",
    "GetIsRunspacePushed",
    "GetRunspace",
    "PromptForChoiceMultipleSelection",
];

/// The call id of host calls that return nothing (PowerShell `DispatchTable.VoidCallId`).
pub const VOID_CALL_ID: i64 = -100;

/// The `RemoteHostMethodId` number of a host method name (`WriteLine2` is 16).
pub fn host_method_id(name: &str) -> Option<i32> {
    let index = HOST_METHOD_NAMES.iter().position(|n| *n == name)?;
    i32::try_from(index + 1).ok()
}

/// The name of a `RemoteHostMethodId`, if it is one.
pub fn host_method_name(id: i32) -> Option<&'static str> {
    let index = usize::try_from(id).ok()?.checked_sub(1)?;
    HOST_METHOD_NAMES.get(index).copied()
}

/// Writes an enum value the way PowerShell does: type names, ToString, then the value.
fn write_enum(
    out: &mut String,
    name: &str,
    type_name: &str,
    to_string: &str,
    value: i64,
    ids: &mut RefIds,
    known: &mut Vec<(String, u64)>,
) {
    let obj = ids.object();
    out.push_str(&format!("<Obj N=\"{name}\" RefId=\"{obj}\">"));
    write_type_names(out, &format!("<T>{type_name}</T>{ENUM_TAIL}"), ids, known);
    out.push_str(&format!(
        "<ToString>{}</ToString><I32>{value}</I32></Obj>",
        encode_string(to_string)
    ));
}

/// Writes `<TN>` the first time a chain appears in the document, `<TNRef>` after.
fn write_type_names(
    out: &mut String,
    chain: &str,
    ids: &mut RefIds,
    known: &mut Vec<(String, u64)>,
) {
    if let Some((_, id)) = known.iter().find(|(c, _)| c == chain) {
        out.push_str(&format!("<TNRef RefId=\"{id}\" />"));
    } else {
        let id = ids.type_names();
        out.push_str(&format!("<TN RefId=\"{id}\">{chain}</TN>"));
        known.push((chain.to_owned(), id));
    }
}

// ---------------------------------------------------------------------------------------
// Server to client

/// SESSION_CAPABILITY, byte for byte as psrpcore and PowerShell write it.
pub fn session_capability(cap: &SessionCapability) -> String {
    format!(
        "<Obj RefId=\"0\"><MS><Version N=\"PSVersion\">{}</Version><Version N=\"protocolversion\">{}</Version><Version N=\"SerializationVersion\">{}</Version></MS></Obj>",
        cap.ps_version, cap.protocol_version, cap.serialization_version
    )
}

fn state_body(
    property: &str,
    code: i32,
    error_record: Option<&str>,
    max_depth: usize,
) -> Result<String, BodyError> {
    let mut out = format!("<Obj RefId=\"0\"><MS><I32 N=\"{property}\">{code}</I32>");
    if let Some(error) = error_record {
        let mut ids = RefIds {
            next_object: 1,
            next_type_names: 0,
        };
        embed(
            &mut out,
            error,
            Some("ExceptionAsErrorRecord"),
            &mut ids,
            max_depth,
        )?;
    }
    out.push_str("</MS></Obj>");
    Ok(out)
}

/// RUNSPACEPOOL_STATE, with the serialized ErrorRecord of a failure if any.
pub fn runspace_pool_state(
    state: RunspacePoolState,
    error_record: Option<&str>,
    max_depth: usize,
) -> Result<String, BodyError> {
    let code = state.code().ok_or(BodyError::BadValue {
        property: "RunspaceState",
        value: format!("{state:?}"),
    })?;
    state_body("RunspaceState", code, error_record, max_depth)
}

/// PIPELINE_STATE, with the serialized ErrorRecord of a failure or stop if any.
pub fn pipeline_state(
    state: PipelineState,
    error_record: Option<&str>,
    max_depth: usize,
) -> Result<String, BodyError> {
    state_body("PipelineState", state.code(), error_record, max_depth)
}

/// The ErrorRecord a stopped pipeline's PIPELINE_STATE carries (PowerShell's
/// PipelineStoppedException: FQEID `PipelineStopped`, category OperationStopped).
pub fn pipeline_stopped_error_record() -> String {
    const MESSAGE: &str = "The pipeline has been stopped.";
    format!(
        "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.ErrorRecord</T><T>System.Object</T></TN><ToString>{MESSAGE}</ToString><MS><Obj N=\"Exception\" RefId=\"1\"><TN RefId=\"1\"><T>System.Management.Automation.PipelineStoppedException</T><T>System.Management.Automation.RuntimeException</T><T>System.SystemException</T><T>System.Exception</T><T>System.Object</T></TN><ToString>System.Management.Automation.PipelineStoppedException: {MESSAGE}</ToString><Props><S N=\"Message\">{MESSAGE}</S><I32 N=\"HResult\">-2146233087</I32></Props></Obj><Nil N=\"TargetObject\" /><S N=\"FullyQualifiedErrorId\">PipelineStopped</S><Nil N=\"InvocationInfo\" /><I32 N=\"ErrorCategory_Category\">14</I32><S N=\"ErrorCategory_Activity\"></S><S N=\"ErrorCategory_Reason\">PipelineStoppedException</S><S N=\"ErrorCategory_TargetName\"></S><S N=\"ErrorCategory_TargetType\"></S><S N=\"ErrorCategory_Message\">OperationStopped: (:) [], PipelineStoppedException</S><B N=\"SerializeExtendedInfo\">false</B></MS></Obj>"
    )
}

/// What the server says about itself in APPLICATION_PRIVATE_DATA's PSVersionTable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVersionInfo {
    /// The engine version (`PSVersion`), 7.x for rosh so that PowerShell clients use the
    /// dictionary form of `$using:`.
    pub ps_version: Version,
    /// `PSEdition`.
    pub edition: String,
    /// `PSRemotingProtocolVersion`.
    pub protocol_version: Version,
    /// `Platform`.
    pub platform: String,
    /// `OS`.
    pub os: String,
}

impl ServerVersionInfo {
    /// rosh's own: the PowerShell version its language follows.
    pub fn rosh() -> Self {
        let (major, minor, patch) = rosh_runtime::automatic::PS_VERSION;
        let part = |n: i32| u32::try_from(n).unwrap_or(0);
        ServerVersionInfo {
            ps_version: format!("{}.{}.{}", part(major), part(minor), part(patch))
                .parse()
                .unwrap_or(Version::new(7, 4)),
            edition: "Core".into(),
            protocol_version: crate::capability::PROTOCOL_VERSION,
            platform: "Unix".into(),
            os: std::env::consts::OS.into(),
        }
    }
}

/// APPLICATION_PRIVATE_DATA: a PSPrimitiveDictionary holding the server's PSVersionTable.
pub fn application_private_data(info: &ServerVersionInfo) -> String {
    let entry = |key: &str, value: String| format!("<En><S N=\"Key\">{key}</S>{value}</En>");
    let compatible: String = ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
        .iter()
        .map(|v| format!("<Version>{v}</Version>"))
        .collect();
    let table = [
        entry(
            "PSVersion",
            format!("<Version N=\"Value\">{}</Version>", info.ps_version),
        ),
        entry(
            "PSEdition",
            format!("<S N=\"Value\">{}</S>", encode_string(&info.edition)),
        ),
        entry(
            "PSCompatibleVersions",
            format!(
                "<Obj N=\"Value\" RefId=\"3\"><TN RefId=\"1\"><T>System.Version[]</T><T>System.Array</T><T>System.Object</T></TN><LST>{compatible}</LST></Obj>"
            ),
        ),
        entry(
            "PSRemotingProtocolVersion",
            format!("<Version N=\"Value\">{}</Version>", info.protocol_version),
        ),
        entry(
            "SerializationVersion",
            format!(
                "<Version N=\"Value\">{}</Version>",
                crate::capability::SERIALIZATION_VERSION
            ),
        ),
        entry(
            "WSManStackVersion",
            "<Version N=\"Value\">3.0</Version>".into(),
        ),
        entry(
            "Platform",
            format!("<S N=\"Value\">{}</S>", encode_string(&info.platform)),
        ),
        entry(
            "OS",
            format!("<S N=\"Value\">{}</S>", encode_string(&info.os)),
        ),
    ]
    .concat();
    format!(
        "<Obj RefId=\"0\"><MS><Obj N=\"ApplicationPrivateData\" RefId=\"1\"><TN RefId=\"0\">{PRIMITIVE_DICTIONARY_TN}</TN><DCT><En><S N=\"Key\">PSVersionTable</S><Obj N=\"Value\" RefId=\"2\"><TNRef RefId=\"0\" /><DCT>{table}</DCT></Obj></En></DCT></Obj></MS></Obj>"
    )
}

/// The answer in RUNSPACE_AVAILABILITY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// For SET_MAX/SET_MIN_RUNSPACES and RESET_RUNSPACE_STATE: whether it worked.
    Done(bool),
    /// For GET_AVAILABLE_RUNSPACES: how many runspaces are free.
    Count(i64),
}

/// RUNSPACE_AVAILABILITY for call `ci`.
pub fn runspace_availability(ci: i64, answer: Availability) -> String {
    let value = match answer {
        Availability::Done(b) => format!("<B N=\"SetMinMaxRunspacesResponse\">{b}</B>"),
        Availability::Count(n) => format!("<I64 N=\"SetMinMaxRunspacesResponse\">{n}</I64>"),
    };
    format!("<Obj RefId=\"0\"><MS>{value}<I64 N=\"ci\">{ci}</I64></MS></Obj>")
}

/// RUNSPACEPOOL_INIT_DATA (the answer to CONNECT_RUNSPACEPOOL).
pub fn runspace_pool_init_data(min: i32, max: i32) -> String {
    format!(
        "<Obj RefId=\"0\"><MS><I32 N=\"MinRunspaces\">{min}</I32><I32 N=\"MaxRunspaces\">{max}</I32></MS></Obj>"
    )
}

fn write_method_id(
    out: &mut String,
    method: i32,
    ids: &mut RefIds,
    known: &mut Vec<(String, u64)>,
) {
    write_enum(
        out,
        "mi",
        "System.Management.Automation.Remoting.RemoteHostMethodId",
        host_method_name(method).unwrap_or("Unknown"),
        i64::from(method),
        ids,
        known,
    );
}

/// RUNSPACEPOOL_HOST_CALL or PIPELINE_HOST_CALL: call `ci` (use [`VOID_CALL_ID`] for
/// methods that return nothing) of host method `method` with serialized arguments.
pub fn host_call(
    ci: i64,
    method: i32,
    arguments: &[&str],
    max_depth: usize,
) -> Result<String, BodyError> {
    let mut ids = RefIds {
        next_object: 1,
        next_type_names: 0,
    };
    let mut known = Vec::new();
    let mut out = format!("<Obj RefId=\"0\"><MS><I64 N=\"ci\">{ci}</I64>");
    write_method_id(&mut out, method, &mut ids, &mut known);
    let list = ids.object();
    out.push_str(&format!("<Obj N=\"mp\" RefId=\"{list}\">"));
    write_type_names(&mut out, ARRAY_LIST_TN, &mut ids, &mut known);
    if arguments.is_empty() {
        out.push_str("<LST />");
    } else {
        out.push_str("<LST>");
        for argument in arguments {
            embed(&mut out, argument, None, &mut ids, max_depth)?;
        }
        out.push_str("</LST>");
    }
    out.push_str("</Obj></MS></Obj>");
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Client to server

/// INIT_RUNSPACEPOOL. `host_info` is a serialized HostInfo object (`None`: no host, so the
/// server makes no host calls); `application_arguments` a serialized PSPrimitiveDictionary
/// (`None`: an empty one).
pub fn init_runspace_pool(
    min: i32,
    max: i32,
    host_info: Option<&str>,
    application_arguments: Option<&str>,
    max_depth: usize,
) -> Result<String, BodyError> {
    let mut ids = RefIds {
        next_object: 1,
        next_type_names: 0,
    };
    let mut known = Vec::new();
    let mut out = format!(
        "<Obj RefId=\"0\"><MS><I32 N=\"MinRunspaces\">{min}</I32><I32 N=\"MaxRunspaces\">{max}</I32>"
    );
    write_enum(
        &mut out,
        "PSThreadOptions",
        "System.Management.Automation.Runspaces.PSThreadOptions",
        "Default",
        0,
        &mut ids,
        &mut known,
    );
    write_apartment_state(&mut out, &mut ids, &mut known);
    write_host_info(&mut out, host_info, &mut ids, max_depth)?;
    match application_arguments {
        Some(xml) => embed(
            &mut out,
            xml,
            Some("ApplicationArguments"),
            &mut ids,
            max_depth,
        )?,
        None => {
            let obj = ids.object();
            out.push_str(&format!("<Obj N=\"ApplicationArguments\" RefId=\"{obj}\">"));
            write_type_names(&mut out, PRIMITIVE_DICTIONARY_TN, &mut ids, &mut known);
            out.push_str("<DCT /></Obj>");
        }
    }
    out.push_str("</MS></Obj>");
    Ok(out)
}

fn write_apartment_state(out: &mut String, ids: &mut RefIds, known: &mut Vec<(String, u64)>) {
    write_enum(
        out,
        "ApartmentState",
        "System.Threading.ApartmentState",
        "Unknown",
        2,
        ids,
        known,
    );
}

fn write_host_info(
    out: &mut String,
    host_info: Option<&str>,
    ids: &mut RefIds,
    max_depth: usize,
) -> Result<(), BodyError> {
    match host_info {
        Some(xml) => embed(out, xml, Some("HostInfo"), ids, max_depth),
        None => {
            let obj = ids.object();
            out.push_str(&format!(
                "<Obj N=\"HostInfo\" RefId=\"{obj}\">{NULL_HOST_INFO}</Obj>"
            ));
            Ok(())
        }
    }
}

/// A value passed to a command in CREATE_PIPELINE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// `$null`.
    Null,
    /// A boolean (also a switch: `-Force` is `Force = true`).
    Bool(bool),
    /// An Int32.
    Int(i32),
    /// An Int64.
    Long(i64),
    /// A string.
    String(String),
    /// Any other value, already serialized as one CLIXML element (reference ids from 0).
    Xml(String),
}

/// One argument: named (`-Name value`) or positional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandArg {
    /// The parameter name without the dash, or `None` for a positional argument.
    pub name: Option<String>,
    /// The value.
    pub value: ArgValue,
}

/// One command of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSpec {
    /// A command name, or the script text when `is_script`.
    pub command: String,
    /// Whether `command` is script text.
    pub is_script: bool,
    /// Whether to run in the local scope (`None`: not said).
    pub use_local_scope: Option<bool>,
    /// The arguments, in order.
    pub args: Vec<CommandArg>,
    /// Merge the command's error stream into its output (`2>&1`).
    pub merge_error_to_output: bool,
}

impl CommandSpec {
    /// A script command (`AddScript(text)`).
    pub fn script(text: impl Into<String>) -> Self {
        CommandSpec {
            command: text.into(),
            is_script: true,
            use_local_scope: None,
            args: Vec::new(),
            merge_error_to_output: false,
        }
    }

    /// A command by name (`AddCommand(name)`).
    pub fn command(name: impl Into<String>) -> Self {
        CommandSpec {
            is_script: false,
            ..CommandSpec::script(name)
        }
    }

    /// Adds a named argument.
    pub fn with_parameter(mut self, name: impl Into<String>, value: ArgValue) -> Self {
        self.args.push(CommandArg {
            name: Some(name.into()),
            value,
        });
        self
    }

    /// Adds a positional argument.
    pub fn with_argument(mut self, value: ArgValue) -> Self {
        self.args.push(CommandArg { name: None, value });
        self
    }
}

/// What CREATE_PIPELINE asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineSpec {
    /// Statements, each a pipeline of commands; at least one.
    pub statements: Vec<Vec<CommandSpec>>,
    /// Whether no PIPELINE_INPUT will follow.
    pub no_input: bool,
    /// Add the command to the remote history.
    pub add_to_history: bool,
    /// A nested pipeline.
    pub is_nested: bool,
    /// Serialized HostInfo (`None`: no host).
    pub host_info: Option<String>,
}

impl PipelineSpec {
    /// One statement, no input, no host.
    pub fn new(commands: Vec<CommandSpec>) -> Self {
        PipelineSpec {
            statements: vec![commands],
            no_input: true,
            add_to_history: false,
            is_nested: false,
            host_info: None,
        }
    }
}

const RESULT_TYPES: &str = "System.Management.Automation.Runspaces.PipelineResultTypes";

fn write_commands(
    out: &mut String,
    name: &str,
    commands: &[CommandSpec],
    ids: &mut RefIds,
    known: &mut Vec<(String, u64)>,
    max_depth: usize,
) -> Result<(), BodyError> {
    let list = ids.object();
    out.push_str(&format!("<Obj N=\"{name}\" RefId=\"{list}\">"));
    write_type_names(out, ARRAY_LIST_TN, ids, known);
    out.push_str("<LST>");
    for command in commands {
        let obj = ids.object();
        out.push_str(&format!(
            "<Obj RefId=\"{obj}\"><MS><S N=\"Cmd\">{}</S>",
            encode_string(&command.command)
        ));
        let args = ids.object();
        out.push_str(&format!("<Obj N=\"Args\" RefId=\"{args}\">"));
        write_type_names(out, ARRAY_LIST_TN, ids, known);
        // PowerShell's XmlWriter closes an empty element as `<LST />`.
        out.push_str(if command.args.is_empty() {
            "<LST />"
        } else {
            "<LST>"
        });
        for arg in &command.args {
            let a = ids.object();
            out.push_str(&format!("<Obj RefId=\"{a}\"><MS>"));
            match &arg.name {
                Some(n) => out.push_str(&format!("<S N=\"N\">{}</S>", encode_string(n))),
                None => out.push_str("<Nil N=\"N\" />"),
            }
            match &arg.value {
                ArgValue::Null => out.push_str("<Nil N=\"V\" />"),
                ArgValue::Bool(b) => out.push_str(&format!("<B N=\"V\">{b}</B>")),
                ArgValue::Int(i) => out.push_str(&format!("<I32 N=\"V\">{i}</I32>")),
                ArgValue::Long(i) => out.push_str(&format!("<I64 N=\"V\">{i}</I64>")),
                ArgValue::String(s) => {
                    out.push_str(&format!("<S N=\"V\">{}</S>", encode_string(s)));
                }
                ArgValue::Xml(xml) => embed(out, xml, Some("V"), ids, max_depth)?,
            }
            out.push_str("</MS></Obj>");
        }
        if !command.args.is_empty() {
            out.push_str("</LST>");
        }
        out.push_str(&format!(
            "</Obj><B N=\"IsScript\">{}</B>",
            command.is_script
        ));
        match command.use_local_scope {
            Some(b) => out.push_str(&format!("<B N=\"UseLocalScope\">{b}</B>")),
            None => out.push_str("<Nil N=\"UseLocalScope\" />"),
        }
        let (my, to) = if command.merge_error_to_output {
            (("Error", 2), ("Output", 1))
        } else {
            (("None", 0), ("None", 0))
        };
        let merges = [
            ("MergeMyResult", my),
            ("MergeToResult", to),
            ("MergePreviousResults", ("None", 0)),
            ("MergeError", ("None", 0)),
            ("MergeWarning", ("None", 0)),
            ("MergeVerbose", ("None", 0)),
            ("MergeDebug", ("None", 0)),
            ("MergeInformation", ("None", 0)),
        ];
        for (property, (text, value)) in merges {
            write_enum(out, property, RESULT_TYPES, text, value, ids, known);
        }
        out.push_str("</MS></Obj>");
    }
    out.push_str("</LST></Obj>");
    Ok(())
}

/// CREATE_PIPELINE for `spec`, in PowerShell's shape (psrp.md 6.1).
pub fn create_pipeline(spec: &PipelineSpec, max_depth: usize) -> Result<String, BodyError> {
    let first = spec
        .statements
        .first()
        .filter(|s| !s.is_empty())
        .ok_or(BodyError::Missing("Cmds"))?;
    let mut ids = RefIds {
        next_object: 1,
        next_type_names: 0,
    };
    let mut known = Vec::new();
    let mut out = format!(
        "<Obj RefId=\"0\"><MS><B N=\"NoInput\">{}</B>",
        spec.no_input
    );
    write_apartment_state(&mut out, &mut ids, &mut known);
    write_enum(
        &mut out,
        "RemoteStreamOptions",
        "System.Management.Automation.RemoteStreamOptions",
        "AddInvocationInfo",
        15,
        &mut ids,
        &mut known,
    );
    out.push_str(&format!(
        "<B N=\"AddToHistory\">{}</B>",
        spec.add_to_history
    ));
    write_host_info(&mut out, spec.host_info.as_deref(), &mut ids, max_depth)?;
    let ps = ids.object();
    out.push_str(&format!("<Obj N=\"PowerShell\" RefId=\"{ps}\"><MS>"));
    write_commands(&mut out, "Cmds", first, &mut ids, &mut known, max_depth)?;
    if spec.statements.len() > 1 {
        let extra = ids.object();
        out.push_str(&format!("<Obj N=\"ExtraCmds\" RefId=\"{extra}\">"));
        write_type_names(&mut out, ARRAY_LIST_TN, &mut ids, &mut known);
        out.push_str("<LST>");
        for statement in &spec.statements {
            let obj = ids.object();
            out.push_str(&format!("<Obj RefId=\"{obj}\"><MS>"));
            write_commands(&mut out, "Cmds", statement, &mut ids, &mut known, max_depth)?;
            out.push_str("</MS></Obj>");
        }
        out.push_str("</LST></Obj>");
    }
    out.push_str(&format!(
        "<B N=\"IsNested\">{}</B><Nil N=\"History\" /><B N=\"RedirectShellErrorOutputPipe\">true</B></MS></Obj><B N=\"IsNested\">{}</B></MS></Obj>",
        spec.is_nested, spec.is_nested
    ));
    Ok(out)
}

/// SET_MAX_RUNSPACES (`property` = `MaxRunspaces`) or SET_MIN_RUNSPACES (`MinRunspaces`).
pub fn set_runspaces(property: &str, value: i32, ci: i64) -> String {
    format!(
        "<Obj RefId=\"0\"><MS><I32 N=\"{}\">{value}</I32><I64 N=\"ci\">{ci}</I64></MS></Obj>",
        escape_attribute(property)
    )
}

/// GET_AVAILABLE_RUNSPACES or RESET_RUNSPACE_STATE: only a call id.
pub fn call_id_only(ci: i64) -> String {
    format!("<Obj RefId=\"0\"><MS><I64 N=\"ci\">{ci}</I64></MS></Obj>")
}

/// The answer to a host call: a serialized return value, or a serialized ErrorRecord.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostResult {
    /// The method returned this (serialized) value.
    Value(String),
    /// The method failed with this (serialized) ErrorRecord.
    Error(String),
}

/// RUNSPACEPOOL_HOST_RESPONSE or PIPELINE_HOST_RESPONSE.
pub fn host_response(
    ci: i64,
    method: i32,
    result: &HostResult,
    max_depth: usize,
) -> Result<String, BodyError> {
    let mut ids = RefIds {
        next_object: 1,
        next_type_names: 0,
    };
    let mut known = Vec::new();
    let mut out = format!("<Obj RefId=\"0\"><MS><I64 N=\"ci\">{ci}</I64>");
    write_method_id(&mut out, method, &mut ids, &mut known);
    match result {
        HostResult::Value(xml) => embed(&mut out, xml, Some("mr"), &mut ids, max_depth)?,
        HostResult::Error(xml) => embed(&mut out, xml, Some("me"), &mut ids, max_depth)?,
    }
    out.push_str("</MS></Obj>");
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Readers

fn version_property(
    object: &crate::clixml::ProtocolObject<'_>,
    name: &'static str,
) -> Result<Version, BodyError> {
    let text = object.text(name).ok_or(BodyError::Missing(name))?;
    text.parse().map_err(|_| BodyError::BadValue {
        property: name,
        value: text,
    })
}

/// Reads SESSION_CAPABILITY.
pub fn read_session_capability(
    xml: &str,
    max_depth: usize,
) -> Result<SessionCapability, BodyError> {
    let o = read_object(xml, max_depth)?;
    Ok(SessionCapability {
        protocol_version: version_property(&o, "protocolversion")?,
        ps_version: version_property(&o, "PSVersion")?,
        serialization_version: version_property(&o, "SerializationVersion")?,
    })
}

/// Reads RUNSPACEPOOL_STATE: the state and the raw ErrorRecord XML if any.
pub fn read_runspace_pool_state(
    xml: &str,
    max_depth: usize,
) -> Result<(RunspacePoolState, Option<String>), BodyError> {
    let o = read_object(xml, max_depth)?;
    let code = o.int("RunspaceState")?;
    let state = RunspacePoolState::from_code(code).ok_or(BodyError::BadValue {
        property: "RunspaceState",
        value: code.to_string(),
    })?;
    Ok((state, o.raw("ExceptionAsErrorRecord").map(str::to_owned)))
}

/// Reads PIPELINE_STATE: the state and the raw ErrorRecord XML if any.
pub fn read_pipeline_state(
    xml: &str,
    max_depth: usize,
) -> Result<(PipelineState, Option<String>), BodyError> {
    let o = read_object(xml, max_depth)?;
    let code = o.int("PipelineState")?;
    let state = PipelineState::from_code(code).ok_or(BodyError::BadValue {
        property: "PipelineState",
        value: code.to_string(),
    })?;
    Ok((state, o.raw("ExceptionAsErrorRecord").map(str::to_owned)))
}

/// What INIT_RUNSPACEPOOL (or RUNSPACEPOOL_INIT_DATA) says about pool size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
    /// MinRunspaces.
    pub min: i32,
    /// MaxRunspaces.
    pub max: i32,
}

/// Reads the pool size of INIT_RUNSPACEPOOL or RUNSPACEPOOL_INIT_DATA; both must be at
/// least 1 and min <= max.
pub fn read_pool_size(xml: &str, max_depth: usize) -> Result<PoolSize, BodyError> {
    let o = read_object(xml, max_depth)?;
    let int32 = |name: &'static str| -> Result<i32, BodyError> {
        let v = o.int(name)?;
        i32::try_from(v)
            .ok()
            .filter(|v| *v >= 1)
            .ok_or(BodyError::BadValue {
                property: name,
                value: v.to_string(),
            })
    };
    let min = int32("MinRunspaces")?;
    let max = int32("MaxRunspaces")?;
    if min > max {
        return Err(BodyError::BadValue {
            property: "MinRunspaces",
            value: min.to_string(),
        });
    }
    Ok(PoolSize { min, max })
}

/// What the core needs from CREATE_PIPELINE (the rest is for the execution engine, which
/// deserializes the whole body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatePipelineInfo {
    /// No PIPELINE_INPUT will follow.
    pub no_input: bool,
}

/// Reads CREATE_PIPELINE's flags.
pub fn read_create_pipeline(xml: &str, max_depth: usize) -> Result<CreatePipelineInfo, BodyError> {
    let o = read_object(xml, max_depth)?;
    if o.get("PowerShell").is_none() {
        return Err(BodyError::Missing("PowerShell"));
    }
    Ok(CreatePipelineInfo {
        no_input: o.bool("NoInput")?,
    })
}

/// PUBLIC_KEY (MS-PSRP 2.2.2.3): the client's public key blob, base64.
pub fn public_key(blob: &str) -> String {
    format!(
        "<Obj RefId=\"0\"><MS><S N=\"PublicKey\">{}</S></MS></Obj>",
        encode_string(blob)
    )
}

/// ENCRYPTED_SESSION_KEY (2.2.2.4): the wrapped session key blob, base64.
pub fn encrypted_session_key(blob: &str) -> String {
    format!(
        "<Obj RefId=\"0\"><MS><S N=\"EncryptedSessionKey\">{}</S></MS></Obj>",
        encode_string(blob)
    )
}

/// PUBLIC_KEY_REQUEST (2.2.2.5): an empty string.
pub fn public_key_request() -> String {
    "<S></S>".into()
}

/// Reads PUBLIC_KEY: the public key blob.
pub fn read_public_key(xml: &str, max_depth: usize) -> Result<String, BodyError> {
    read_object(xml, max_depth)?
        .text("PublicKey")
        .ok_or(BodyError::Missing("PublicKey"))
}

/// Reads ENCRYPTED_SESSION_KEY: the wrapped session key blob.
pub fn read_encrypted_session_key(xml: &str, max_depth: usize) -> Result<String, BodyError> {
    read_object(xml, max_depth)?
        .text("EncryptedSessionKey")
        .ok_or(BodyError::Missing("EncryptedSessionKey"))
}

/// Reads the call id of a pool operation.
pub fn read_call_id(xml: &str, max_depth: usize) -> Result<i64, BodyError> {
    read_object(xml, max_depth)?.int("ci")
}

/// Reads SET_MAX/MIN_RUNSPACES: the value of `property` and the call id.
pub fn read_set_runspaces(
    xml: &str,
    property: &'static str,
    max_depth: usize,
) -> Result<(i64, i64), BodyError> {
    let o = read_object(xml, max_depth)?;
    Ok((o.int(property)?, o.int("ci")?))
}

/// Reads RUNSPACE_AVAILABILITY: the call id and the answer.
pub fn read_runspace_availability(
    xml: &str,
    max_depth: usize,
) -> Result<(i64, Availability), BodyError> {
    let o = read_object(xml, max_depth)?;
    let ci = o.int("ci")?;
    let p = o
        .get("SetMinMaxRunspacesResponse")
        .ok_or(BodyError::Missing("SetMinMaxRunspacesResponse"))?;
    let answer = if p.tag == "B" {
        Availability::Done(p.as_bool().ok_or(BodyError::BadValue {
            property: "SetMinMaxRunspacesResponse",
            value: p.text.clone().unwrap_or_default(),
        })?)
    } else {
        Availability::Count(o.int("SetMinMaxRunspacesResponse")?)
    };
    Ok((ci, answer))
}

/// A host call as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostCall {
    /// The call id ([`VOID_CALL_ID`] when no answer is expected).
    pub ci: i64,
    /// The `RemoteHostMethodId`.
    pub method: i32,
    /// The raw `mp` argument list XML, if any.
    pub arguments: Option<String>,
}

fn read_method(o: &crate::clixml::ProtocolObject<'_>) -> Result<i32, BodyError> {
    let v = o.int("mi")?;
    i32::try_from(v).map_err(|_| BodyError::BadValue {
        property: "mi",
        value: v.to_string(),
    })
}

/// Reads RUNSPACEPOOL_HOST_CALL or PIPELINE_HOST_CALL.
pub fn read_host_call(xml: &str, max_depth: usize) -> Result<HostCall, BodyError> {
    let o = read_object(xml, max_depth)?;
    Ok(HostCall {
        ci: o.int("ci")?,
        method: read_method(&o)?,
        arguments: o.raw("mp").map(str::to_owned),
    })
}

/// A host response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostResponse {
    /// The call id it answers.
    pub ci: i64,
    /// The `RemoteHostMethodId`.
    pub method: i32,
    /// The raw result (`mr`) or error (`me`) XML; `None` when neither is present.
    pub result: Option<HostResult>,
}

/// Reads RUNSPACEPOOL_HOST_RESPONSE or PIPELINE_HOST_RESPONSE.
pub fn read_host_response(xml: &str, max_depth: usize) -> Result<HostResponse, BodyError> {
    let o = read_object(xml, max_depth)?;
    let result = match (o.get("me"), o.get("mr")) {
        (Some(e), _) => Some(HostResult::Error(e.raw.to_owned())),
        (None, Some(r)) => Some(HostResult::Value(r.raw.to_owned())),
        (None, None) => None,
    };
    Ok(HostResponse {
        ci: o.int("ci")?,
        method: read_method(&o)?,
        result,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPTH: usize = 64;

    #[test]
    fn capability_matches_the_transcript_bytes() {
        let xml = session_capability(&SessionCapability::rosh());
        assert_eq!(
            xml,
            r#"<Obj RefId="0"><MS><Version N="PSVersion">2.0</Version><Version N="protocolversion">2.3</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>"#
        );
        assert_eq!(xml.len(), 159);
        assert_eq!(
            read_session_capability(&xml, DEPTH).unwrap(),
            SessionCapability::rosh()
        );
        assert!(matches!(
            read_session_capability(
                r#"<Obj><MS><Version N="protocolversion">x</Version></MS></Obj>"#,
                DEPTH
            ),
            Err(BodyError::BadValue { .. })
        ));
    }

    #[test]
    fn states_match_the_transcript_bytes() {
        let opened = runspace_pool_state(RunspacePoolState::Opened, None, DEPTH).unwrap();
        assert_eq!(
            opened,
            r#"<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>"#
        );
        assert_eq!(
            read_runspace_pool_state(&opened, DEPTH).unwrap(),
            (RunspacePoolState::Opened, None)
        );
        let done = pipeline_state(PipelineState::Completed, None, DEPTH).unwrap();
        assert_eq!(
            done,
            r#"<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>"#
        );
        let error = r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.ErrorRecord</T><T>System.Object</T></TN><ToString>stopped</ToString><MS><S N="FullyQualifiedErrorId">PipelineStopped</S></MS></Obj>"#;
        let stopped = pipeline_state(PipelineState::Stopped, Some(error), DEPTH).unwrap();
        assert!(stopped.contains(r#"<Obj N="ExceptionAsErrorRecord" RefId="1"><TN RefId="0">"#));
        let (state, err) = read_pipeline_state(&stopped, DEPTH).unwrap();
        assert_eq!(state, PipelineState::Stopped);
        assert!(err.unwrap().contains("PipelineStopped"));
        assert!(runspace_pool_state(RunspacePoolState::NegotiationSent, None, DEPTH).is_err());
        assert!(matches!(
            read_pipeline_state(
                r#"<Obj><MS><I32 N="PipelineState">9</I32></MS></Obj>"#,
                DEPTH
            ),
            Err(BodyError::BadValue { .. })
        ));
    }

    #[test]
    fn private_data_advertises_powershell_7() {
        let xml = application_private_data(&ServerVersionInfo::rosh());
        let o = read_object(&xml, DEPTH).unwrap();
        let data = o.raw("ApplicationPrivateData").unwrap();
        assert!(data.contains(r#"<S N="Key">PSVersion</S><Version N="Value">7."#));
        assert!(data.contains(
            r#"<S N="Key">PSRemotingProtocolVersion</S><Version N="Value">2.3</Version>"#
        ));
        assert!(data.contains("<T>System.Management.Automation.PSPrimitiveDictionary</T>"));
    }

    #[test]
    fn availability_and_pool_operations() {
        let done = runspace_availability(1, Availability::Done(true));
        assert_eq!(
            done,
            r#"<Obj RefId="0"><MS><B N="SetMinMaxRunspacesResponse">true</B><I64 N="ci">1</I64></MS></Obj>"#
        );
        assert_eq!(
            read_runspace_availability(&done, DEPTH).unwrap(),
            (1, Availability::Done(true))
        );
        let count = runspace_availability(7, Availability::Count(3));
        assert_eq!(
            read_runspace_availability(&count, DEPTH).unwrap(),
            (7, Availability::Count(3))
        );
        let set = set_runspaces("MaxRunspaces", 5, 1);
        assert_eq!(
            set,
            r#"<Obj RefId="0"><MS><I32 N="MaxRunspaces">5</I32><I64 N="ci">1</I64></MS></Obj>"#
        );
        assert_eq!(
            read_set_runspaces(&set, "MaxRunspaces", DEPTH).unwrap(),
            (5, 1)
        );
        assert_eq!(read_call_id(&call_id_only(9), DEPTH).unwrap(), 9);
        let init = runspace_pool_init_data(1, 4);
        assert_eq!(
            read_pool_size(&init, DEPTH).unwrap(),
            PoolSize { min: 1, max: 4 }
        );
        assert!(read_pool_size(&runspace_pool_init_data(5, 4), DEPTH).is_err());
        assert!(read_pool_size(&runspace_pool_init_data(0, 4), DEPTH).is_err());
    }

    #[test]
    fn init_runspace_pool_reads_back() {
        let xml = init_runspace_pool(1, 1, None, None, DEPTH).unwrap();
        assert!(xml.starts_with(
            r#"<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><I32 N="MaxRunspaces">1</I32><Obj N="PSThreadOptions" RefId="1"><TN RefId="0"><T>System.Management.Automation.Runspaces.PSThreadOptions</T>"#
        ));
        assert!(xml.contains(r#"<Obj N="ApplicationArguments" RefId="4"><TN RefId="2"><T>System.Management.Automation.PSPrimitiveDictionary</T>"#));
        assert_eq!(
            read_pool_size(&xml, DEPTH).unwrap(),
            PoolSize { min: 1, max: 1 }
        );
        // psrpcore's own INIT_RUNSPACEPOOL from the transcript.
        let theirs = r#"<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><I32 N="MaxRunspaces">1</I32><Obj RefId="1" N="PSThreadOptions"><I32>0</I32><TN RefId="0"><T>System.Management.Automation.Runspaces.PSThreadOptions</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>Default</ToString></Obj></MS></Obj>"#;
        assert_eq!(
            read_pool_size(theirs, DEPTH).unwrap(),
            PoolSize { min: 1, max: 1 }
        );
    }

    #[test]
    fn create_pipeline_shape() {
        let spec = PipelineSpec::new(vec![
            CommandSpec::script("param($a) \"$a\"\n$x_x")
                .with_argument(ArgValue::String("positional".into()))
                .with_parameter(
                    "--%",
                    ArgValue::Xml(r#"<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N="Key">k</S><S N="Value">v</S></En></DCT></Obj>"#.into()),
                ),
            CommandSpec::command("Out-String").with_parameter("Width", ArgValue::Int(80)),
        ]);
        let xml = create_pipeline(&spec, DEPTH).unwrap();
        assert_eq!(
            read_create_pipeline(&xml, DEPTH).unwrap(),
            CreatePipelineInfo { no_input: true }
        );
        assert!(xml.contains(r#"<S N="Cmd">param($a) "$a"_x000A_$x_x005F_x</S>"#));
        assert!(xml.contains(r#"<Nil N="N" /><S N="V">positional</S>"#));
        assert!(xml.contains(r#"<S N="N">--%</S><Obj N="V" RefId="#));
        assert!(xml.contains(r#"<S N="N">Width</S><I32 N="V">80</I32>"#));
        let bare = create_pipeline(
            &PipelineSpec::new(vec![CommandSpec::command("Get-Date")]),
            DEPTH,
        )
        .unwrap();
        assert!(
            bare.contains(r#"<TNRef RefId="2" /><LST /></Obj><B N="IsScript">false</B>"#),
            "{bare}"
        );
        assert!(!xml.contains("ExtraCmds"));
        // Reference ids are unique in the document.
        let mut seen = std::collections::HashSet::new();
        for part in xml.split("<Obj ").skip(1) {
            let id = part
                .split("RefId=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert!(seen.insert(id.to_owned()), "duplicate RefId {id}");
        }
        let mut two = spec.clone();
        two.statements.push(vec![CommandSpec::command("Get-Date")]);
        let xml = create_pipeline(&two, DEPTH).unwrap();
        assert!(xml.contains(r#"<Obj N="ExtraCmds""#));
        assert!(create_pipeline(&PipelineSpec::new(vec![]), DEPTH).is_err());
    }

    #[test]
    fn host_calls_round_trip() {
        let empty = host_call(1, 11, &[], DEPTH).unwrap();
        assert!(empty.ends_with("<LST /></Obj></MS></Obj>"), "{empty}");
        let call = host_call(VOID_CALL_ID, 16, &["<S>written via host</S>"], DEPTH).unwrap();
        assert!(call.contains("<ToString>WriteLine2</ToString><I32>16</I32>"));
        let read = read_host_call(&call, DEPTH).unwrap();
        assert_eq!((read.ci, read.method), (-100, 16));
        assert!(
            read.arguments
                .unwrap()
                .contains("<LST><S>written via host</S></LST>")
        );
        // psrpcore's ReadLine response from the transcript.
        let theirs = r#"<Obj RefId="0"><MS><I64 N="ci">1</I64><Obj RefId="1" N="mi"><I32>11</I32><TN RefId="0"><T>System.Management.Automation.Remoting.RemoteHostMethodId</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>ReadLine</ToString></Obj><S N="mr">typed by user</S></MS></Obj>"#;
        let response = read_host_response(theirs, DEPTH).unwrap();
        assert_eq!(
            response,
            HostResponse {
                ci: 1,
                method: 11,
                result: Some(HostResult::Value(r#"<S N="mr">typed by user</S>"#.into()))
            }
        );
        let ours = host_response(
            1,
            11,
            &HostResult::Value("<S>typed by user</S>".into()),
            DEPTH,
        )
        .unwrap();
        assert_eq!(read_host_response(&ours, DEPTH).unwrap(), response);
        assert_eq!(
            host_method_name(56),
            Some("PromptForChoiceMultipleSelection")
        );
        assert_eq!(host_method_name(0), None);
        assert_eq!(host_method_name(57), None);
    }
}
