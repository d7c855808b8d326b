//! Session configurations (`about_Session_Configurations`): `.pssc` and `.psrc` files, their
//! registrations, and the sessions a server gives under them.
//!
//! - [`data_file`] reads the files (a checked hashtable literal, never run as a script);
//!   [`keys`] knows their keys and Test-PSSessionConfigurationFile's checks; [`writer`]
//!   writes them in PowerShell's layout.
//! - [`registry`] keeps registrations (Register-PSSessionConfiguration and friends).
//! - [`access`] decides who may connect; [`config`] merges the roles that apply to the user;
//!   [`apply`] (with [`restricted`] for RestrictedRemoteServer) builds the session's runspace;
//!   [`transcript`] keeps its transcript.
//!
//! The server side (`rosh -s`/`-sshs`) calls [`plan`] once per process (the process serves
//! one user) and [`open_runspace`] for each runspace.

pub mod access;
pub mod apply;
pub mod cmdlets;
pub mod config;
pub mod data_file;
pub mod generate;
pub mod keys;
pub mod registry;
pub mod restricted;
pub mod switch;
pub mod transcript;
pub mod writer;

use rosh_runtime::Runspace;
use rosh_runtime::host::Host;
use rosh_runtime::value::Hashtable;

use access::Identity;
use registry::{AccessMode, Directories, Registration};

/// The session a server will give its client.
#[derive(Debug)]
pub struct SessionPlan {
    /// The configuration's name.
    pub name: String,
    /// Its registration (`None`: the built-in default, unregistered).
    pub registration: Option<Registration>,
    /// Its merged configuration table, for file-based configurations.
    pub table: Option<Hashtable>,
    /// Who connects.
    pub user: Identity,
}

/// Why a session is refused: an error id and PowerShell's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The error id.
    pub id: &'static str,
    /// The message.
    pub message: String,
}

impl Refusal {
    fn access_denied() -> Refusal {
        Refusal {
            id: "AccessDenied",
            message: "Access is denied.".to_string(),
        }
    }

    fn invalid(message: String) -> Refusal {
        Refusal {
            id: "InvalidPSSessionConfigurationFile",
            message,
        }
    }
}

/// Decides the session for a client asking for configuration `name` (`None`: the default,
/// `rosh`) over a local (`rosh -s`) or remote (`rosh -sshs`) connection, in an environment
/// read through `env`.
pub fn plan(
    name: Option<&str>,
    remote: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<SessionPlan, Refusal> {
    let user = Identity::current();
    let dirs = Directories::for_process(env, access::is_root());
    let wanted = name.unwrap_or(registry::DEFAULT_NAME);
    let Some(registration) = dirs.find(wanted) else {
        if name.is_none() || wanted.eq_ignore_ascii_case(registry::DEFAULT_NAME) {
            return Ok(SessionPlan {
                name: registry::DEFAULT_NAME.to_string(),
                registration: None,
                table: None,
                user,
            });
        }
        return Err(Refusal {
            id: "InvalidConfigurationName",
            message: format!(
                "Cannot find the {wanted} session configuration on the {} computer.",
                rosh_runtime::automatic::machine_name()
            ),
        });
    };
    let mode_allows = match registration.access_mode {
        AccessMode::Disabled => false,
        AccessMode::Local => !remote,
        AccessMode::Remote => true,
    };
    if !registration.enabled
        || !mode_allows
        || !user.allowed(&registration.allowed_users, &registration.allowed_groups)
    {
        return Err(Refusal::access_denied());
    }
    let table = match &registration.config_file {
        Some(path) => {
            let loaded = config::load(path, &user, env("PSModulePath").as_deref())
                .map_err(Refusal::invalid)?;
            if loaded.has_roles && !loaded.role_matched {
                return Err(Refusal::access_denied());
            }
            if let Some(rosh_runtime::Value::Hashtable(required)) =
                keys::get(&loaded.table, "RequiredGroups")
            {
                match user.satisfies(&required) {
                    Ok(true) => {}
                    Ok(false) => return Err(Refusal::access_denied()),
                    Err(e) => return Err(Refusal::invalid(e)),
                }
            }
            Some(loaded.table)
        }
        None => None,
    };
    Ok(SessionPlan {
        name: registration.name.clone(),
        registration: Some(registration),
        table,
        user,
    })
}

/// The session of a background job's server: no session configuration (PowerShell's jobs
/// use none), the built-in default.
pub fn job_plan() -> SessionPlan {
    SessionPlan {
        name: registry::DEFAULT_NAME.to_string(),
        registration: None,
        table: None,
        user: Identity::current(),
    }
}

impl SessionPlan {
    /// `-MaximumReceivedObjectSizeMB` in bytes, when set.
    pub fn max_object_bytes(&self) -> Option<usize> {
        self.registration
            .as_ref()
            .and_then(|r| r.max_object_mb)
            .map(megabytes)
    }

    /// `-MaximumReceivedDataSizePerCommandMB` in bytes, when set.
    pub fn max_command_bytes(&self) -> Option<usize> {
        self.registration
            .as_ref()
            .and_then(|r| r.max_command_mb)
            .map(megabytes)
    }
}

fn megabytes(mb: f64) -> usize {
    (mb.max(0.0) * 1024.0 * 1024.0) as usize
}

/// Applies the configuration file at `path` to `rs`, a local session (`rosh
/// -ConfigurationFile`): its roles for the current user, its definitions, visibility and
/// language mode. The error says why it cannot be applied.
pub fn apply_file(rs: &mut Runspace, path: &str) -> Result<(), String> {
    let path = rs.resolve_path(path);
    let user = Identity::current();
    let module_path = rs.env("PSModulePath");
    let loaded = config::load(&path, &user, module_path.as_deref())?;
    with_setup_host(rs, |rs| {
        apply::apply(
            rs,
            apply::Settings {
                table: Some(&loaded.table),
                startup_script: None,
            },
        )
    })
}

/// Runs `f` with the runspace's output and errors kept aside (set-up is not the user's).
fn with_setup_host<T>(rs: &mut Runspace, f: impl FnOnce(&mut Runspace) -> T) -> T {
    let real = std::mem::replace(
        &mut rs.host,
        Box::new(rosh_runtime::host::CaptureHost::default()),
    );
    let r = f(rs);
    rs.host = real;
    rs.errors.clear();
    r
}

/// The host a runspace of session `plan` writes to: `host`, keeping a transcript when the
/// configuration asks for one. The error is why the transcript cannot be started.
pub fn session_host(plan: &SessionPlan, host: Box<dyn Host>) -> Result<Box<dyn Host>, String> {
    match plan.table.as_ref().and_then(apply::transcript_directory) {
        Some(dir) => Ok(Box::new(
            transcript::TranscriptHost::start(host, &dir, &plan.name, &plan.user.user)
                .map_err(|e| format!("Cannot start the transcript in {}: {e}", dir.display()))?,
        )),
        None => Ok(host),
    }
}

/// A runspace of session `plan` writing to `host` (see [`session_host`]): the built-in
/// commands, then the configuration applied. The error is why the session cannot open.
pub fn open_runspace(plan: &SessionPlan, host: Box<dyn Host>) -> Result<Runspace, String> {
    let mut rs = Runspace::new(host);
    crate::register(&mut rs);
    let settings = apply::Settings {
        table: plan.table.as_ref(),
        startup_script: plan
            .registration
            .as_ref()
            .and_then(|r| r.startup_script.as_deref()),
    };
    with_setup_host(&mut rs, |rs| apply::apply(rs, settings))?;
    Ok(rs)
}
