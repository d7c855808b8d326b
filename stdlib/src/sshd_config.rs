//! Adding a `Subsystem` line to an sshd_config text, for Enable-SSHRemoting: the line goes in
//! the global section (before the first `Match` block, whose directives would otherwise
//! claim it), an identical line leaves the text alone, and a different line for the same
//! subsystem is replaced only when asked. Pure text in, text out; the command does the I/O.

/// What adding the line does to the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The line is already there: nothing to do.
    Present,
    /// The new text; `replaced` when a line for the subsystem was replaced rather than added.
    Changed {
        /// The whole new text.
        text: String,
        /// Whether an existing line was replaced.
        replaced: bool,
    },
    /// The subsystem is defined with another command (the line is quoted); replacing it
    /// needs `-Force`.
    Conflict(String),
}

/// The keyword of a configuration line and the rest (`Keyword value`, `Keyword=value`), or
/// `None` for blank lines and comments.
fn keyword(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    let end = t
        .find(|c: char| c.is_whitespace() || c == '=')
        .unwrap_or(t.len());
    let rest = t[end..].trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
    Some((t[..end].to_ascii_lowercase(), rest))
}

/// The `Subsystem` line for `name` running `command`.
pub fn subsystem_line(name: &str, command: &str) -> String {
    format!("Subsystem {name} {command}")
}

/// Adds (or, with `force`, replaces) `Subsystem name command` in `text`.
pub fn add_subsystem(text: &str, name: &str, command: &str, force: bool) -> Edit {
    let lines: Vec<&str> = text.lines().collect();
    let global_end = lines
        .iter()
        .position(|l| keyword(l).is_some_and(|(k, _)| k == "match"))
        .unwrap_or(lines.len());
    let wanted = subsystem_line(name, command);
    let existing = lines[..global_end].iter().position(|l| {
        keyword(l).is_some_and(|(k, rest)| {
            k == "subsystem" && rest.split_whitespace().next() == Some(name)
        })
    });
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let replaced = existing.is_some();
    match existing {
        Some(i) => {
            let (_, rest) = keyword(lines[i]).unwrap_or_default();
            let current: Vec<&str> = rest.split_whitespace().skip(1).collect();
            let want: Vec<&str> = command.split_whitespace().collect();
            if current == want {
                return Edit::Present;
            }
            if !force {
                return Edit::Conflict(lines[i].trim().to_string());
            }
            out[i] = wanted;
        }
        None => {
            // Keep the global section's trailing blank lines and comments with what follows.
            let mut at = global_end;
            if global_end < lines.len() {
                while at > 0 && keyword(lines[at - 1]).is_none() {
                    at -= 1;
                }
            }
            out.insert(at, wanted);
        }
    }
    let mut new = out.join("\n");
    if text.ends_with('\n') || text.is_empty() {
        new.push('\n');
    }
    Edit::Changed {
        text: new,
        replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMD: &str = "/usr/bin/rosh -sshs";

    #[test]
    fn the_line_goes_before_the_first_match_block() {
        let text = "Port 22\n# sftp\nSubsystem sftp /usr/lib/openssh/sftp-server\n\n# backups\nMatch User backup\n  ForceCommand internal-sftp\n";
        assert_eq!(
            add_subsystem(text, "rosh", CMD, false),
            Edit::Changed { text: "Port 22\n# sftp\nSubsystem sftp /usr/lib/openssh/sftp-server\nSubsystem rosh /usr/bin/rosh -sshs\n\n# backups\nMatch User backup\n  ForceCommand internal-sftp\n".into(), replaced: false }
        );
        assert_eq!(
            add_subsystem("Port 22", "rosh", CMD, false),
            Edit::Changed {
                text: "Port 22\nSubsystem rosh /usr/bin/rosh -sshs".into(),
                replaced: false
            }
        );
        assert_eq!(
            add_subsystem("", "rosh", CMD, false),
            Edit::Changed {
                text: "Subsystem rosh /usr/bin/rosh -sshs\n".into(),
                replaced: false
            }
        );
    }

    #[test]
    fn an_identical_line_is_left_alone_and_another_is_replaced_only_when_forced() {
        let text = "Subsystem\trosh   /usr/bin/rosh  -sshs\n";
        assert_eq!(add_subsystem(text, "rosh", CMD, false), Edit::Present);
        let text = "subsystem=rosh /opt/rosh -sshs\n";
        assert_eq!(
            add_subsystem(text, "rosh", CMD, false),
            Edit::Conflict("subsystem=rosh /opt/rosh -sshs".into())
        );
        assert_eq!(
            add_subsystem(text, "rosh", CMD, true),
            Edit::Changed {
                text: "Subsystem rosh /usr/bin/rosh -sshs\n".into(),
                replaced: true
            }
        );
        // A commented line or one inside a Match block does not count.
        let text = "#Subsystem rosh /usr/bin/rosh -sshs\nMatch all\nSubsystem rosh /x\n";
        assert_eq!(
            add_subsystem(text, "rosh", CMD, false),
            Edit::Changed {
                text: "Subsystem rosh /usr/bin/rosh -sshs\n#Subsystem rosh /usr/bin/rosh -sshs\nMatch all\nSubsystem rosh /x\n".into(),
                replaced: false
            }
        );
    }
}
