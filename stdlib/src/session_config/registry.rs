//! Where registered session configurations live: one `<Name>.psd1` data file per
//! registration (its settings) and, for file-based configurations, `<Name>.pssc` (the copy
//! of the configuration file it was registered with, as PowerShell keeps one under
//! `$PSHOME\SessionConfig`).
//!
//! Root's registrations go to the system directory, `/etc/rosh/sessionconfig`; other users'
//! to `$XDG_CONFIG_HOME/rosh/sessionconfig`. Lookups read the system directory first, and a
//! name registered there cannot be shadowed from a user's directory, so a user cannot
//! replace a configuration an administrator pinned for them. `ROSH_SESSION_CONFIG_DIR`, when
//! set, replaces both (tests; keep sshd from accepting it from clients).

use std::path::{Path, PathBuf};

use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::{Array, Hashtable};

use super::{data_file, keys, writer};

/// The environment variable that replaces the registration directories.
pub const DIR_ENV: &str = "ROSH_SESSION_CONFIG_DIR";

/// The system directory (root's registrations).
pub const SYSTEM_DIR: &str = "/etc/rosh/sessionconfig";

/// The configuration a client gets when it names none.
pub const DEFAULT_NAME: &str = "rosh";

/// Who may use a configuration (`-AccessMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessMode {
    /// Nobody.
    Disabled,
    /// Only local (loopback, `rosh -s`) sessions.
    Local,
    /// Local sessions and remote ones (`rosh -sshs` under sshd).
    Remote,
}

impl AccessMode {
    /// The mode's name.
    pub fn name(self) -> &'static str {
        match self {
            AccessMode::Disabled => "Disabled",
            AccessMode::Local => "Local",
            AccessMode::Remote => "Remote",
        }
    }

    /// The mode a name means, without case.
    pub fn parse(s: &str) -> Option<AccessMode> {
        [AccessMode::Disabled, AccessMode::Local, AccessMode::Remote]
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// One registered configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Registration {
    /// Its name (`-ConfigurationName`).
    pub name: String,
    /// The stored copy of its `.pssc`, for file-based configurations.
    pub config_file: Option<PathBuf>,
    /// `-StartupScript`: a script run in each new session.
    pub startup_script: Option<String>,
    /// `-MaximumReceivedObjectSizeMB` (PowerShell's default 10).
    pub max_object_mb: Option<f64>,
    /// `-MaximumReceivedDataSizePerCommandMB` (PowerShell's default 50).
    pub max_command_mb: Option<f64>,
    /// `-AccessMode`.
    pub access_mode: AccessMode,
    /// Cleared by Disable-PSSessionConfiguration.
    pub enabled: bool,
    /// `-AllowedUsers`: the users who may connect (with `allowed_groups` empty too: all).
    pub allowed_users: Vec<String>,
    /// `-AllowedGroups`: members of these groups may connect.
    pub allowed_groups: Vec<String>,
    /// The directory it is stored in.
    pub dir: PathBuf,
}

impl Registration {
    /// A new registration stored in `dir`, open to everyone.
    pub fn new(name: &str, dir: &Path) -> Self {
        Registration {
            name: name.to_string(),
            config_file: None,
            startup_script: None,
            max_object_mb: None,
            max_command_mb: None,
            access_mode: AccessMode::Remote,
            enabled: true,
            allowed_users: Vec::new(),
            allowed_groups: Vec::new(),
            dir: dir.to_path_buf(),
        }
    }

    /// Where its settings are stored.
    pub fn settings_path(&self) -> PathBuf {
        self.dir.join(format!("{}.psd1", self.name))
    }

    /// Where its configuration file's copy is stored.
    pub fn config_copy_path(&self) -> PathBuf {
        self.dir.join(format!("{}.pssc", self.name))
    }

    /// Writes its settings file.
    pub fn save(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let t = Hashtable::new(false);
        let put = |k: &str, v: Value| t.insert(Value::str(k), v);
        put("Name", Value::str(&self.name));
        if let Some(p) = &self.config_file {
            put("ConfigFilePath", Value::str(p.to_string_lossy()));
        }
        if let Some(s) = &self.startup_script {
            put("StartupScript", Value::str(s));
        }
        if let Some(n) = self.max_object_mb {
            put("MaximumReceivedObjectSizeMB", Value::Double(n));
        }
        if let Some(n) = self.max_command_mb {
            put("MaximumReceivedDataSizePerCommandMB", Value::Double(n));
        }
        put("AccessMode", Value::str(self.access_mode.name()));
        put(
            "Enabled",
            Value::str(if self.enabled { "True" } else { "False" }),
        );
        let list = |v: &[String]| Value::Array(Array::new(v.iter().map(Value::str).collect()));
        put("AllowedUsers", list(&self.allowed_users));
        put("AllowedGroups", list(&self.allowed_groups));
        let text = format!(
            "# rosh session configuration registration (Register-PSSessionConfiguration)\n{}\n",
            writer::hashtable(&t, 0)
        );
        std::fs::write(self.settings_path(), text)
    }

    /// Reads the settings file at `path`.
    pub fn load(path: &Path) -> Result<Registration, String> {
        let t = data_file::read(path)?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let text = |k: &str| {
            keys::get(&t, k)
                .map(|v| to_str(&v))
                .filter(|s| !s.is_empty())
        };
        let list = |k: &str| {
            keys::get(&t, k)
                .as_ref()
                .and_then(keys::string_array)
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let number = |k: &str| text(k).and_then(|s| s.parse::<f64>().ok());
        let name = text("Name").ok_or("the registration has no Name")?;
        Ok(Registration {
            config_file: text("ConfigFilePath").map(PathBuf::from),
            startup_script: text("StartupScript"),
            max_object_mb: number("MaximumReceivedObjectSizeMB"),
            max_command_mb: number("MaximumReceivedDataSizePerCommandMB"),
            access_mode: text("AccessMode")
                .and_then(|m| AccessMode::parse(&m))
                .unwrap_or(AccessMode::Remote),
            enabled: text("Enabled").is_none_or(|e| !e.eq_ignore_ascii_case("False")),
            allowed_users: list("AllowedUsers"),
            allowed_groups: list("AllowedGroups"),
            name,
            dir,
        })
    }

    /// Deletes its files.
    pub fn delete(&self) -> std::io::Result<()> {
        std::fs::remove_file(self.settings_path())?;
        match std::fs::remove_file(self.config_copy_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The registration directories, for an environment read through `env`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directories {
    /// Where registrations are made.
    pub write: PathBuf,
    /// Where they are looked up, first wins.
    pub read: Vec<PathBuf>,
}

impl Directories {
    /// The directories for this process: the override, root's system directory, or the
    /// system directory then the user's.
    pub fn for_process(env: &dyn Fn(&str) -> Option<String>, root: bool) -> Directories {
        if let Some(dir) = env(DIR_ENV).filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return Directories {
                write: dir.clone(),
                read: vec![dir],
            };
        }
        let system = PathBuf::from(SYSTEM_DIR);
        if root {
            return Directories {
                write: system.clone(),
                read: vec![system],
            };
        }
        let config_home = env("XDG_CONFIG_HOME")
            .filter(|d| d.starts_with('/'))
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".config")))
            .unwrap_or_else(|| PathBuf::from(".config"));
        let user = config_home.join("rosh").join("sessionconfig");
        Directories {
            write: user.clone(),
            read: vec![system, user],
        }
    }

    /// Every registration, the first directory's winning a name; sorted by name.
    pub fn list(&self) -> Vec<Registration> {
        let mut out: Vec<Registration> = Vec::new();
        for dir in &self.read {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "psd1"))
                .collect();
            files.sort();
            for f in files {
                if !trustworthy(dir, &f) {
                    continue;
                }
                if let Ok(r) = Registration::load(&f)
                    && !out.iter().any(|o| o.name.eq_ignore_ascii_case(&r.name))
                {
                    out.push(r);
                }
            }
        }
        out.sort_by_key(|r| r.name.to_lowercase());
        out
    }

    /// The registration named `name` (without case).
    pub fn find(&self, name: &str) -> Option<Registration> {
        self.list()
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }
}

/// Whether a file from `dir` may be believed: in the system directory it must belong to root
/// and be writable by nobody else (as sshd's StrictModes asks of its files).
fn trustworthy(dir: &Path, file: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    if dir != Path::new(SYSTEM_DIR) {
        return true;
    }
    std::fs::metadata(file).is_ok_and(|m| m.uid() == 0 && m.mode() & 0o022 == 0)
}

/// Whether `name` may name a configuration: letters, digits, `.`, `-` and `_`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = std::env::temp_dir().join(format!("rosh-registry-{}", std::process::id()));
        let mut r = Registration::new("Ops", &dir);
        r.allowed_users = vec!["alice".into()];
        r.max_object_mb = Some(1.5);
        r.access_mode = AccessMode::Local;
        r.enabled = false;
        r.save().unwrap();
        let back = Registration::load(&r.settings_path()).unwrap();
        assert_eq!(back, r);
        let dirs = Directories {
            write: dir.clone(),
            read: vec![dir.clone()],
        };
        assert_eq!(dirs.find("ops").unwrap().name, "Ops");
        r.delete().unwrap();
        assert!(dirs.find("Ops").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn directories() {
        let env = |k: &str| match k {
            "HOME" => Some("/home/a".to_string()),
            _ => None,
        };
        let d = Directories::for_process(&env, false);
        assert_eq!(d.write, PathBuf::from("/home/a/.config/rosh/sessionconfig"));
        assert_eq!(d.read[0], PathBuf::from(SYSTEM_DIR));
        assert_eq!(
            Directories::for_process(&env, true).write,
            PathBuf::from(SYSTEM_DIR)
        );
        assert!(valid_name("PowerShell.7.4.0") && !valid_name("../x") && !valid_name("a b"));
    }
}
