//! `rosh -s` and `rosh -sshs`: a PSRP server on stdin/stdout. Nothing but protocol lines
//! goes to stdout; the runspaces' hosts send everything to the client.

use std::process::ExitCode;
use std::sync::Arc;

use rosh_remoting::Limits;
use rosh_remoting::engine::{RunspaceFactory, ServeError, serve};
use rosh_remoting::server::ServerConfig;
use rosh_remoting::transport::Connection;
use rosh_remoting::transport::TransportError;
use rosh_runtime::Runspace;
use rosh_runtime::host::Host;
use rosh_runtime::language_mode::LanguageMode;

/// The runspaces of remote sessions: the built-in commands, no profile, and the user's home
/// directory as the location, as pwsh starts a remote session; in the server's language
/// mode, which nothing the client sends can raise.
struct SessionRunspaces {
    language_mode: LanguageMode,
}

impl RunspaceFactory for SessionRunspaces {
    fn create(&self, host: Box<dyn Host>) -> Runspace {
        let mut rs = Runspace::new(host);
        rosh_stdlib::register(&mut rs);
        if let Some(home) = std::env::var_os("HOME") {
            let home = std::path::PathBuf::from(home);
            if home.is_dir() {
                rs.set_location(home);
            }
        }
        rs.set_language_mode(self.language_mode);
        rs
    }
}

/// Serves one client on stdio, its runspaces in `language_mode`; the exit code says whether
/// the conversation ended cleanly.
pub fn run(_ssh: bool, language_mode: LanguageMode) -> ExitCode {
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
    let config = ServerConfig::default();
    let limits: Limits = config.limits;
    let result = runtime.block_on(async move {
        let connection = Connection::new(tokio::io::stdin(), tokio::io::stdout(), &limits);
        serve(
            connection,
            Arc::new(SessionRunspaces { language_mode }),
            config,
        )
        .await
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
