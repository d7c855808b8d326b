//! Who may connect to a session configuration. The server runs as the connecting user (sshd
//! starts `rosh -sshs` as that user; a loopback session is the caller's own child), so the
//! identity is the server process's: its user and groups.

use nix::unistd::{Gid, Group, Uid, User, getegid, geteuid, getgroups};
use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::Hashtable;

/// A user and the groups they are in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The user's name (or the uid's digits when it has none).
    pub user: String,
    /// The names of the user's groups, primary group first.
    pub groups: Vec<String>,
}

impl Identity {
    /// The identity this process runs as (effective user, effective and supplementary
    /// groups).
    pub fn current() -> Identity {
        let uid: Uid = geteuid();
        let user = User::from_uid(uid)
            .ok()
            .flatten()
            .map(|u| u.name)
            .unwrap_or_else(|| uid.to_string());
        let mut gids: Vec<Gid> = vec![getegid()];
        for g in getgroups().unwrap_or_default() {
            if !gids.contains(&g) {
                gids.push(g);
            }
        }
        let groups = gids
            .into_iter()
            .map(|g| {
                Group::from_gid(g)
                    .ok()
                    .flatten()
                    .map(|g| g.name)
                    .unwrap_or_else(|| g.to_string())
            })
            .collect();
        Identity { user, groups }
    }

    /// Whether the user is in group `name`.
    pub fn in_group(&self, name: &str) -> bool {
        self.groups.iter().any(|g| g == name)
    }

    /// Whether a role (a `RoleDefinitions` key) applies: it names the user or one of their
    /// groups.
    pub fn has_role(&self, role: &str) -> bool {
        self.user == role || self.in_group(role)
    }

    /// Whether the user may connect given `AllowedUsers` and `AllowedGroups`; both empty
    /// means everyone may.
    pub fn allowed(&self, users: &[String], groups: &[String]) -> bool {
        (users.is_empty() && groups.is_empty())
            || users.contains(&self.user)
            || groups.iter().any(|g| self.in_group(g))
    }

    /// Whether the user satisfies `RequiredGroups` (`@{ And = ... }` or `@{ Or = ... }`,
    /// nestable); the error is PowerShell's for a malformed table.
    pub fn satisfies(&self, required: &Hashtable) -> Result<bool, String> {
        let entries = required.entries();
        let [(key, value)] = entries.as_slice() else {
            return Err("RequiredGroups property hashtable must contain only a single key.".into());
        };
        let all = match to_str(key).to_ascii_lowercase().as_str() {
            "and" => true,
            "or" => false,
            _ => {
                return Err("Unknown key in Required Groups configuration.  Required Groups hashtable can only contain 'And' and 'Or' hash keys for logical membership groupings.".into());
            }
        };
        let items = match value {
            Value::Array(a) => a.to_vec(),
            other => vec![other.clone()],
        };
        let mut results = Vec::with_capacity(items.len());
        for item in &items {
            results.push(match item {
                Value::String(g) => self.in_group(g),
                Value::Hashtable(h) => self.satisfies(h)?,
                _ => {
                    return Err("Unknown value in Required Groups configuration.  Required Groups hashtable can only contain values that are either group names or another logical hashtable.".into());
                }
            });
        }
        Ok(if all {
            results.iter().all(|r| *r)
        } else {
            results.iter().any(|r| *r)
        })
    }
}

/// Whether the process runs as root (registrations then go to the system directory).
pub fn is_root() -> bool {
    geteuid().is_root()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Identity {
        Identity {
            user: "alice".into(),
            groups: vec!["alice".into(), "ops".into()],
        }
    }

    #[test]
    fn required_groups() {
        let text = |t: &str| crate::session_config::data_file::parse_text(t, "/").unwrap();
        assert!(id().satisfies(&text("@{ Or = 'ops', 'dba' }")).unwrap());
        assert!(!id().satisfies(&text("@{ And = 'ops', 'dba' }")).unwrap());
        assert!(
            id().satisfies(&text("@{ And = 'ops', @{ Or = 'x', 'alice' } }"))
                .unwrap()
        );
        assert!(id().satisfies(&text("@{ Xor = 'ops' }")).is_err());
        assert!(id().allowed(&[], &[]));
        assert!(!id().allowed(&["bob".into()], &["dba".into()]));
        assert!(id().allowed(&["bob".into()], &["ops".into()]));
    }
}
