//! PSSessions: opening sessions (the loopback default starts `rosh -s` as the same user; SSH
//! runs `ssh -s host rosh`), the runspace's registry of open sessions, and the PSSession
//! objects scripts see.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::session::{RemoteSession, SessionError, SessionOptions, SessionState};
use rosh_remoting::ssh::SshTarget;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::language_mode::LanguageMode;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Runspace, Value, convert};

/// The type name of PSSession objects.
pub const PSSESSION_TYPE: &str = "System.Management.Automation.Runspaces.PSSession";

/// How long opening a session may take.
pub const OPEN_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest object a client accepts from a server (PowerShell's client default).
const CLIENT_MAX_OBJECT: usize = 200 * 1024 * 1024;

/// One open session of the runspace.
#[derive(Clone, Debug)]
pub struct SessionEntry {
    /// `Id`, unique in the runspace.
    pub id: i32,
    /// `Name`.
    pub name: String,
    /// `ComputerName`.
    pub computer: String,
    /// The connection.
    pub session: RemoteSession,
    /// The object scripts hold; its `State` is kept current.
    pub object: PsObject,
    /// The language mode the server's runspace is in (a `PSLanguageMode` code), shared by
    /// the entry's clones: it only ever becomes more restrictive.
    language_mode: Arc<AtomicI64>,
}

impl SessionEntry {
    /// The language mode the session's server runs in.
    pub fn language_mode(&self) -> LanguageMode {
        LanguageMode::from_code(self.language_mode.load(Ordering::SeqCst)).unwrap_or_default()
    }

    /// Records that the server was put in `mode`.
    pub fn set_language_mode(&self, mode: LanguageMode) {
        self.language_mode.store(mode.code(), Ordering::SeqCst);
    }
}

/// The runspace's sessions (a runspace extension).
#[derive(Debug, Default)]
pub struct Sessions {
    next_id: i32,
    /// The sessions, oldest first.
    pub list: Vec<SessionEntry>,
    /// The rosh executable that serves loopback sessions and jobs (`rosh -s`); `None`: this
    /// program. Hosts that are not the rosh binary (tests) set it.
    pub server_exe: Option<std::path::PathBuf>,
}

/// The rosh executable that serves loopback sessions for `rs`.
pub fn server_exe(rs: &mut Runspace) -> std::path::PathBuf {
    if let Some(p) = &rs.extension::<Sessions>().server_exe {
        return p.clone();
    }
    std::env::current_exe().unwrap_or_else(|_| std::path::PathBuf::from("rosh"))
}

/// What serves loopback sessions and jobs: the rosh executable, and the language mode the
/// server's runspaces are held to.
#[derive(Debug, Clone)]
pub struct ServerProgram {
    /// The rosh executable (`rosh -s`).
    pub exe: std::path::PathBuf,
    /// The mode of the runspace that opens the session: a session or job started from a
    /// restricted runspace is restricted as much, and its client cannot raise it.
    pub language_mode: LanguageMode,
    /// The session configuration to ask for (`-ConfigurationName`); `None`: the server's
    /// default.
    pub configuration: Option<String>,
    /// The environment changes of the opening runspace (`$env:X = ...`): the server
    /// inherits them, as a child process of pwsh would.
    pub env: Vec<(String, Option<String>)>,
    /// The server runs a background job: PowerShell's jobs use no session configuration.
    pub job: bool,
}

impl ServerProgram {
    /// The command line that serves a loopback session: `rosh -s`, told the language mode
    /// first when it is not FullLanguage.
    pub fn loopback_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.language_mode != LanguageMode::FullLanguage {
            args.push(LANGUAGE_MODE_OPTION.to_string());
            args.push(self.language_mode.name().to_string());
        }
        if self.job {
            args.push(JOB_OPTION.to_string());
        }
        args.push("-s".into());
        if let Some(c) = &self.configuration {
            args.push("-ConfigurationName".into());
            args.push(c.clone());
        }
        args
    }
}

/// rosh's internal command-line option that puts a `rosh -s` server's runspaces (or a local
/// shell's) in a language mode. Not a pwsh option: session configurations will replace it.
pub const LANGUAGE_MODE_OPTION: &str = "-RoshLanguageMode";

/// rosh's hidden command-line option for the server of a background job, which uses no
/// session configuration (as PowerShell's jobs use none).
pub const JOB_OPTION: &str = "-RoshJob";

/// What serves loopback sessions for `rs`, in `rs`'s session language mode.
pub fn server_program(rs: &mut Runspace) -> ServerProgram {
    let language_mode = rs.session_language_mode();
    let mut env: Vec<(String, Option<String>)> = rs
        .env_overrides()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    env.sort();
    ServerProgram {
        exe: server_exe(rs),
        language_mode,
        configuration: None,
        env,
        job: false,
    }
}

impl Sessions {
    /// The next session id (`Id`, and `Runspace<N>` names).
    pub fn next_id(&mut self) -> i32 {
        self.next_id += 1;
        self.next_id
    }

    /// Brings each object's `State` and `Availability` up to date.
    pub fn refresh(&self) {
        for e in &self.list {
            refresh_object(e);
        }
    }
}

/// Updates a session object's `State` from its connection.
pub fn refresh_object(e: &SessionEntry) {
    let (state, availability) = match e.session.state() {
        SessionState::Opened => ("Opened", "Available"),
        SessionState::Broken(_) => ("Broken", "None"),
        SessionState::Closed => ("Closed", "None"),
    };
    e.object.set("State", Value::str(state));
    e.object.set("Availability", Value::str(availability));
}

/// Whether `computer` names this machine: the loopback default needs no listener.
pub fn is_loopback(computer: &str) -> bool {
    let c = computer.trim().to_ascii_lowercase();
    matches!(
        c.as_str(),
        "localhost" | "." | "127.0.0.1" | "::1" | "[::1]" | "localhost.localdomain"
    ) || c == rosh_runtime::automatic::machine_name().to_ascii_lowercase()
}

/// The session configuration a command asks for: its `-ConfigurationName`, else the
/// `$PSSessionConfigurationName` preference; `None` for the server's default. PowerShell's
/// configuration URI prefix is dropped, and its default (`Microsoft.PowerShell`) means the
/// server's default.
pub fn configuration_name(
    rs: &Runspace,
    args: &rosh_runtime::command::BoundArgs,
) -> Option<String> {
    let named = args
        .get("ConfigurationName")
        .map(convert::to_str)
        .or_else(|| {
            rs.scopes
                .get("PSSessionConfigurationName")
                .map(|v| convert::to_str(&v.value))
        })?;
    let name = named
        .trim()
        .strip_prefix("http://schemas.microsoft.com/powershell/")
        .unwrap_or(named.trim())
        .to_string();
    (!name.is_empty() && !name.eq_ignore_ascii_case("Microsoft.PowerShell")).then_some(name)
}

/// The program and arguments that give a session on `computer`.
fn server_command(
    computer: &str,
    server: &ServerProgram,
) -> Result<(std::path::PathBuf, Vec<String>), String> {
    if is_loopback(computer) {
        return Ok((server.exe.clone(), server.loopback_args()));
    }
    Err(format!(
        "rosh has no WinRM listener to reach {computer} with. Use -HostName to connect over SSH, or connect to this computer (localhost)."
    ))
}

/// PowerShell's error for a session that could not open.
pub fn open_failed(computer: &str, why: &str) -> ErrorRecord {
    ErrorRecord::new(
        "PSSessionOpenFailed",
        ErrorCategory::OpenError,
        format!(
            "[{computer}] Connecting to remote server {computer} failed with the following error message : {why} For more information, see the about_Remote_Troubleshooting Help topic."
        ),
    )
    .with_exception("System.Management.Automation.Remoting.PSRemotingTransportException")
    .with_target(Value::str(computer))
}

/// Where a session goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// `-ComputerName`: this computer's `rosh -s` (rosh has no WinRM).
    Computer(String),
    /// `-HostName`, `-SSHConnection`: over OpenSSH.
    Ssh(SshTarget),
}

impl Destination {
    /// The computer name sessions and results carry (`ComputerName`, `PSComputerName`).
    pub fn computer(&self) -> &str {
        match self {
            Destination::Computer(c) => c,
            Destination::Ssh(t) => &t.host,
        }
    }

    /// The session's `Transport`.
    pub fn transport(&self) -> &'static str {
        match self {
            Destination::Computer(_) => "Process",
            Destination::Ssh(_) => "SSH",
        }
    }
}

/// PowerShell's error for an SSH session that could not open: `[host] ` and why (the
/// explanation [`rosh_remoting::ssh::explain_failure`] made of ssh's standard error).
pub fn ssh_open_failed(host: &str, why: &str) -> ErrorRecord {
    ErrorRecord::new(
        "PSSessionOpenFailed",
        ErrorCategory::OpenError,
        format!("[{host}] {why}"),
    )
    .with_exception("System.Management.Automation.Remoting.PSRemotingTransportException")
    .with_target(Value::str(host))
}

/// `record` with the id of the server's refusal (`AccessDenied,PSSessionOpenFailed`, say),
/// when the server refused the session rather than failed to open it.
fn with_refusal_id(mut record: ErrorRecord, error: &SessionError) -> ErrorRecord {
    if let SessionError::Refused { id, .. } = error
        && id.ends_with(",PSSessionOpenFailed")
    {
        record.error_id = id.clone();
    }
    record
}

/// The bounds a client holds its servers to.
fn client_limits() -> Limits {
    Limits {
        max_message_size: CLIENT_MAX_OBJECT,
        max_partial_bytes: CLIENT_MAX_OBJECT,
        ..Limits::default()
    }
}

/// Opens a session to `destination`; `server` serves loopback sessions. The session is not
/// registered (Invoke-Command's temporary sessions, Enter-PSSession).
pub fn connect(
    destination: &Destination,
    server: &ServerProgram,
) -> Result<RemoteSession, Box<ErrorRecord>> {
    match destination {
        Destination::Computer(computer) => {
            let (program, args) = server_command(computer, server)
                .map_err(|why| Box::new(open_failed(computer, &why)))?;
            RemoteSession::open(SessionOptions {
                program,
                args,
                open_timeout: OPEN_TIMEOUT,
                limits: client_limits(),
                transport: Default::default(),
                env: server.env.clone(),
            })
            .map_err(|e| Box::new(with_refusal_id(open_failed(computer, &e.to_string()), &e)))
        }
        Destination::Ssh(target) => RemoteSession::open(
            target.session_options(OPEN_TIMEOUT, client_limits()),
        )
        .map_err(|e| {
            Box::new(with_refusal_id(
                ssh_open_failed(&target.host, &e.to_string()),
                &e,
            ))
        }),
    }
}

/// A session opened, or PowerShell's error for why not.
type Opened = Result<RemoteSession, Box<ErrorRecord>>;

/// Opens sessions to every destination, at most `throttle` at once (a new one starts as soon
/// as one is done); the results in the destinations' order.
pub fn connect_all(
    destinations: &[Destination],
    server: &ServerProgram,
    throttle: usize,
) -> Vec<Opened> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Opened>>> = destinations
        .iter()
        .map(|_| std::sync::Mutex::new(None))
        .collect();
    std::thread::scope(|scope| {
        for _ in 0..throttle.max(1).min(destinations.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(d) = destinations.get(i) else { break };
                    let opened = connect(d, server);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(opened);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .zip(destinations)
        .map(|(slot, d)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Box::new(open_failed(
                    d.computer(),
                    "the thread opening the session failed",
                )))
            })
        })
        .collect()
}

/// Opens a session and registers it in the runspace; returns its entry.
pub fn open_registered(
    rs: &mut Runspace,
    destination: &Destination,
    name: Option<String>,
    configuration: Option<&str>,
) -> Result<SessionEntry, Box<ErrorRecord>> {
    let mut server = server_program(rs);
    server.configuration = configuration.map(str::to_string);
    let session = connect(destination, &server)?;
    Ok(register(rs, destination, session, name, configuration))
}

/// Registers an open session in the runspace under the next id; returns its entry.
pub fn register(
    rs: &mut Runspace,
    destination: &Destination,
    session: RemoteSession,
    name: Option<String>,
    configuration: Option<&str>,
) -> SessionEntry {
    let computer = destination.computer();
    let sessions = rs.extension::<Sessions>();
    let id = sessions.next_id();
    let name = name.unwrap_or_else(|| format!("Runspace{id}"));
    // PowerShell names an SSH session's configuration DefaultShell: sshd's subsystem decides.
    let configuration = match destination {
        Destination::Computer(_) => configuration.unwrap_or("rosh"),
        Destination::Ssh(_) => "DefaultShell",
    };
    let object = PsObject::with_type_names(vec![PSSESSION_TYPE.into(), "System.Object".into()]);
    object.set_many(vec![
        ("Id".into(), Value::Int(id)),
        ("Name".into(), Value::str(&name)),
        ("Transport".into(), Value::str(destination.transport())),
        ("ComputerName".into(), Value::str(computer)),
        ("ComputerType".into(), Value::str("RemoteMachine")),
        ("State".into(), Value::str("Opened")),
        ("ConfigurationName".into(), Value::str(configuration)),
        ("Availability".into(), Value::str("Available")),
        ("InstanceId".into(), Value::Guid(session.runspace_id())),
        ("Runspace".into(), runspace_object(&session)),
    ]);
    object.set_to_string(format!("[PSSession]{name}"));
    // A loopback server starts in its client's mode; an SSH server is lowered to it before
    // it runs anything (see `fan_out::follow_language_mode`).
    let mode = match destination {
        Destination::Computer(_) => rs.session_language_mode(),
        Destination::Ssh(_) => LanguageMode::FullLanguage,
    };
    let sessions = rs.extension::<Sessions>();
    let entry = SessionEntry {
        id,
        name,
        computer: computer.to_string(),
        session,
        object,
        language_mode: Arc::new(AtomicI64::new(mode.code())),
    };
    sessions.list.push(entry.clone());
    entry
}

fn runspace_object(session: &RemoteSession) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.Runspaces.RemoteRunspace".into(),
        "System.Object".into(),
    ]);
    o.set("InstanceId", Value::Guid(session.runspace_id()));
    o.set_to_string("System.Management.Automation.RemoteRunspace".into());
    Value::Object(o)
}

/// Whether a value is a PSSession object (registered here or not).
pub fn is_pssession(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_names().iter().any(|t| t == PSSESSION_TYPE))
}

/// The registered session a value stands for: a PSSession object (by its `InstanceId`), or
/// nothing.
pub fn session_of(rs: &mut Runspace, v: &Value) -> Option<SessionEntry> {
    let Value::Object(o) = v else { return None };
    if !is_pssession(v) {
        return None;
    }
    let id = match o.get("InstanceId")? {
        Value::Guid(g) => g,
        other => uuid::Uuid::parse_str(&convert::to_str(&other)).ok()?,
    };
    let sessions = rs.extension::<Sessions>();
    sessions
        .list
        .iter()
        .find(|e| e.session.runspace_id() == id)
        .cloned()
}
