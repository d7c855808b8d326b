//! Profiles: `$PROFILE` and its four paths, following pwsh's conventions on Linux with
//! rosh's names: the all-users profiles in `$PSHOME` (the directory of the rosh executable),
//! the current user's in `$XDG_CONFIG_HOME/rosh` (`~/.config/rosh`). `profile.ps1` is for
//! every host, `Microsoft.PowerShell_profile.ps1` for this console host, as in pwsh.

use rosh_runtime::interp::SourceInfo;
use rosh_runtime::interp::scope::Target;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Runspace, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The four profile paths, in the order they run.
pub struct ProfilePaths {
    /// `$PSHOME/profile.ps1`
    pub all_users_all_hosts: PathBuf,
    /// `$PSHOME/Microsoft.PowerShell_profile.ps1`
    pub all_users_current_host: PathBuf,
    /// `~/.config/rosh/profile.ps1`
    pub current_user_all_hosts: PathBuf,
    /// `~/.config/rosh/Microsoft.PowerShell_profile.ps1`
    pub current_user_current_host: PathBuf,
}

const ALL_HOSTS: &str = "profile.ps1";
const CURRENT_HOST: &str = "Microsoft.PowerShell_profile.ps1";

/// `$PSHOME`: the directory the rosh executable is in.
pub fn ps_home() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::canonicalize(e).ok())
        .and_then(|e| e.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("/"))
}

impl ProfilePaths {
    /// The paths for this user and this installation.
    pub fn current() -> Self {
        let home = ps_home();
        let user = dirs::config_dir()
            .unwrap_or_else(|| PathBuf::from("~/.config"))
            .join("rosh");
        ProfilePaths {
            all_users_all_hosts: home.join(ALL_HOSTS),
            all_users_current_host: home.join(CURRENT_HOST),
            current_user_all_hosts: user.join(ALL_HOSTS),
            current_user_current_host: user.join(CURRENT_HOST),
        }
    }

    fn in_order(&self) -> [&Path; 4] {
        [
            &self.all_users_all_hosts,
            &self.all_users_current_host,
            &self.current_user_all_hosts,
            &self.current_user_current_host,
        ]
    }
}

/// Sets `$PROFILE` (the current user's current-host path, with the four paths as note
/// properties) and `$PSHOME`.
pub fn set_variables(rs: &mut Runspace, paths: &ProfilePaths) {
    let text = |p: &Path| Value::from(p.to_string_lossy().into_owned());
    let profile = PsObject::with_type_names(vec!["System.String".into(), "System.Object".into()]);
    profile.set_base_value(text(&paths.current_user_current_host));
    profile.set_to_string(
        paths
            .current_user_current_host
            .to_string_lossy()
            .into_owned(),
    );
    profile.set_many(vec![
        ("AllUsersAllHosts".into(), text(&paths.all_users_all_hosts)),
        (
            "AllUsersCurrentHost".into(),
            text(&paths.all_users_current_host),
        ),
        (
            "CurrentUserAllHosts".into(),
            text(&paths.current_user_all_hosts),
        ),
        (
            "CurrentUserCurrentHost".into(),
            text(&paths.current_user_current_host),
        ),
    ]);
    rs.scopes
        .set(Target::Global, "PROFILE", Value::Object(profile));
    rs.scopes.set(Target::Global, "PSHOME", text(&ps_home()));
}

/// Dot-sources each profile that exists into the global scope, in order. A profile with a
/// parse error or one that throws has its error shown, and the next one still runs.
pub fn run(rs: &mut Runspace, paths: &ProfilePaths) {
    for path in paths.in_order() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.to_string_lossy().into_owned();
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
        let out = rosh_lang::parse(&text);
        let source: Arc<str> = Arc::from(text.as_str());
        if !out.errors.is_empty() {
            for e in &out.errors {
                eprint!(
                    "{}",
                    crate::diagnostics::render_parse_error(&name, &source, e)
                );
            }
            continue;
        }
        let outcome = rs.run_script(
            &out.script,
            SourceInfo {
                path: Some(name),
                lines: Arc::new(rosh_lang::LineIndex::new(&text)),
                text: source,
            },
        );
        crate::run::report_failure(rs, &outcome);
    }
}
