//! `rosh -s` and `rosh -sshs`: a PSRP server on stdin/stdout. Nothing but protocol lines
//! goes to stdout; the runspaces' hosts send everything to the client.
//!
//! The server gives the session configuration `-ConfigurationName` names (the default,
//! `rosh`, without it): before serving, it decides whether the user it runs as may use it
//! (under sshd that is the connecting user) and builds the first runspace, so a refusal or a
//! failing startup script reaches the client as the error of its session's opening.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use rosh_remoting::engine::{RunspaceFactory, ServeError, serve};
use rosh_remoting::server::ServerConfig;
use rosh_remoting::transport::Connection;
use rosh_remoting::transport::TransportError;
use rosh_runtime::Runspace;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::host::{CaptureHost, Host};
use rosh_runtime::language_mode::LanguageMode;
use rosh_stdlib::session_config::{self, SessionPlan};

/// The runspaces of remote sessions: the built-in commands under the session's
/// configuration, no profile, and the user's home directory as the location, as pwsh starts
/// a remote session; never in a mode above the server's, which nothing the client sends can
/// raise.
struct SessionRunspaces {
    /// The server's language mode (`-RoshLanguageMode`: a loopback server started from a
    /// restricted runspace).
    language_mode: LanguageMode,
    /// `None` when the session was refused: runspaces can then do nothing.
    plan: Option<SessionPlan>,
    /// The runspace built before serving (to find set-up failures early), handed to the
    /// first pool.
    first: Mutex<Option<Runspace>>,
}

impl SessionRunspaces {
    /// A runspace writing to `host` as it is (set-up) or, for a session, through
    /// [`session_config::session_host`] (its transcript).
    fn build(&self, host: Box<dyn Host>, session: bool) -> Result<Runspace, String> {
        let plan = self.plan.as_ref().ok_or("Access is denied.")?;
        let host = if session {
            session_config::session_host(plan, host)?
        } else {
            host
        };
        let mut rs = session_config::open_runspace(plan, host)?;
        let mode = rs.language_mode().stricter(self.language_mode);
        rs.set_language_mode(mode);
        if let Some(home) = std::env::var_os("HOME") {
            let home = std::path::PathBuf::from(home);
            if home.is_dir() {
                rs.set_location(home);
            }
        }
        Ok(rs)
    }
}

impl RunspaceFactory for SessionRunspaces {
    fn create(&self, host: Box<dyn Host>) -> Runspace {
        let first = match self.first.lock() {
            Ok(mut f) => f.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let built = match (first, &self.plan) {
            (Some(mut rs), Some(plan)) => session_config::session_host(plan, host).map(|host| {
                rs.host = host;
                rs
            }),
            _ => self.build(host, true),
        };
        match built {
            Ok(rs) => rs,
            Err(why) => {
                // It opened once; if it cannot again (a startup script that changed its
                // mind), the session gets a runspace that can do nothing.
                let mut rs = Runspace::new(Box::new(CaptureHost::default()));
                rs.restrict_commands();
                rs.set_language_mode(LanguageMode::NoLanguage);
                rs.record_error(&refusal_record("CannotCreateConfiguredRunspace", &why));
                rs
            }
        }
    }
}

/// The serialized ErrorRecord a refused session opens Broken with.
fn refusal(id: &str, message: &str) -> String {
    rosh_remoting::records::error_record_clixml(&refusal_record(id, message))
}

fn refusal_record(id: &str, message: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("{id},PSSessionOpenFailed"),
        ErrorCategory::OpenError,
        message,
    )
    .with_exception("System.Management.Automation.Remoting.PSRemotingTransportException")
}

/// The server's standard input and output: the runtime's own non-blocking pipes when they are
/// pipes (as `rosh -s` and sshd's subsystems get them), so reads and writes need no hand-off
/// to a blocking thread; tokio's blocking stdio otherwise. Must be called in the runtime.
fn stdio() -> (
    Box<dyn tokio::io::AsyncRead + Unpin + Send>,
    Box<dyn tokio::io::AsyncWrite + Unpin + Send>,
) {
    use std::os::fd::AsFd;
    use tokio::net::unix::pipe;
    let input: Box<dyn tokio::io::AsyncRead + Unpin + Send> = match std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(pipe::Receiver::from_file)
    {
        Ok(pipe) => Box::new(pipe),
        Err(_) => Box::new(tokio::io::stdin()),
    };
    let output: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(pipe::Sender::from_file)
    {
        Ok(pipe) => Box::new(pipe),
        Err(_) => Box::new(tokio::io::stdout()),
    };
    (input, output)
}

/// Serves one client on stdio with configuration `configuration` (none for the server of a
/// background `job`), its runspaces in no mode above `language_mode`; the exit code says
/// whether the conversation ended cleanly.
pub fn run(
    ssh: bool,
    configuration: Option<&str>,
    language_mode: LanguageMode,
    job: bool,
) -> ExitCode {
    // Ctrl+C at the client's terminal reaches this process too (same process group); the
    // client decides what it means and sends a stop over the protocol.
    crate::signals::ignore_ctrl_c();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rosh: cannot start the server: {e}");
            return ExitCode::from(70);
        }
    };
    let mut config = ServerConfig::default();
    let env = |k: &str| std::env::var(k).ok();
    let planned = if job {
        Ok(session_config::job_plan())
    } else {
        session_config::plan(configuration, ssh, &env)
    };
    let factory = match planned {
        Ok(plan) => {
            if let Some(n) = plan.max_object_bytes() {
                config.limits.max_message_size = n;
            }
            if let Some(n) = plan.max_command_bytes() {
                config.limits.max_command_data = n;
            }
            let factory = SessionRunspaces {
                language_mode,
                plan: Some(plan),
                first: Mutex::new(None),
            };
            // The first runspace is built on a thread with the interpreter's deep stack.
            let built = std::thread::scope(|scope| {
                std::thread::Builder::new()
                    .stack_size(crate::STACK_SIZE)
                    .spawn_scoped(scope, || {
                        factory.build(Box::new(CaptureHost::default()), false)
                    })
                    .map(|h| h.join())
            });
            match built {
                Ok(Ok(Ok(rs))) => {
                    if let Ok(mut f) = factory.first.lock() {
                        *f = Some(rs);
                    }
                }
                Ok(Ok(Err(why))) => {
                    config.refuse_open = Some(refusal("CannotCreateConfiguredRunspace", &why));
                }
                _ => {
                    config.refuse_open = Some(refusal(
                        "CannotCreateConfiguredRunspace",
                        "The session's runspace could not be built.",
                    ));
                }
            }
            factory
        }
        Err(refused) => {
            config.refuse_open = Some(refusal(refused.id, &refused.message));
            SessionRunspaces {
                language_mode,
                plan: None,
                first: Mutex::new(None),
            }
        }
    };
    let limits = config.limits;
    let result = runtime.block_on(async move {
        let (input, output) = stdio();
        let connection = Connection::new(input, output, &limits);
        serve(connection, Arc::new(factory), config).await
    });
    // The stdin reader is a blocking thread that may be waiting for a line that never comes.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The client went away without closing: nobody is left to tell.
        Err(ServeError::Transport(TransportError::Io(e)))
            if e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rosh: remoting server: {e}");
            ExitCode::from(1)
        }
    }
}
