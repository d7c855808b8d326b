//! What Enable- and Disable-PSSessionConfiguration share: turning registrations on or off.

use rosh_runtime::command::BoundArgs;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace};

use super::cmdlets::{directories, error, matching, no_match, save};
use super::registry::AccessMode;
use crate::util::strings;

/// Enables (or disables) the configurations `-Name` matches (all without it).
pub fn set_enabled(rs: &mut Runspace, command: &str, args: &BoundArgs, enable: bool) -> Eval<()> {
    let dirs = directories(rs);
    let (found, missing) = matching(&dirs, &strings(args, "Name"));
    for mut r in found {
        if r.dir != dirs.write {
            rs.write_error(error(
                command,
                "EDcsRequiresElevation",
                ErrorCategory::PermissionDenied,
                format!(
                    "Access is denied. The session configuration \"{}\" is registered in {}; only its owner (root) can change it.",
                    r.name,
                    r.dir.display()
                ),
            ))?;
            continue;
        }
        r.enabled = enable;
        if enable && r.access_mode == AccessMode::Disabled {
            r.access_mode = AccessMode::Remote;
        }
        save(command, &r)?;
    }
    for name in missing {
        rs.write_error(no_match(command, &name))?;
    }
    Ok(())
}
