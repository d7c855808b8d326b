//! The SSH parameters of the remoting commands (New-PSSession, Invoke-Command, and
//! Enter-PSSession through [`targets_from_args`]) turned into [`SshTarget`]s: `-HostName
//! [user@]host[:port]`, `-UserName`, `-Port`, `-KeyFilePath` (`-IdentityFilePath`),
//! `-Subsystem`, `-Options`, `-ConnectingTimeout`, `-SSHTransport`, and `-SSHConnection`
//! (one hashtable per host), with PowerShell's errors for what does not fit.

use std::time::Duration;

use rosh_remoting::session::RemoteSession;
use rosh_remoting::ssh::{DEFAULT_SUBSYSTEM, SshTarget};
use rosh_runtime::command::BoundArgs;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Flow, Runspace, Value, convert};

use super::sessions::{Destination, connect_all, server_program};
use crate::util::{items, strings};

/// The SSH parameters, added to a command's own: `with_ssh_params![ParamSpec::value("A"),
/// ...]` is the command's parameter list with them at the end.
#[macro_export]
macro_rules! with_ssh_params {
    ($($p:expr),* $(,)?) => {
        &[
            $($p,)*
            ::rosh_runtime::command::ParamSpec::value("HostName")
                .of("string[]")
                .in_sets(&["SSHHost"])
                .describe("The hosts to reach over SSH, as [user@]host[:port]: the system ssh client runs the rosh subsystem there."),
            ::rosh_runtime::command::ParamSpec::value("UserName")
                .of("string")
                .in_sets(&["SSHHost"])
                .describe("The user to log in as (else the one in -HostName, else ssh's default)."),
            ::rosh_runtime::command::ParamSpec::value("KeyFilePath")
                .aliases(&["IdentityFilePath"])
                .of("string")
                .in_sets(&["SSHHost"])
                .describe("The private key ssh authenticates with (ssh -i)."),
            ::rosh_runtime::command::ParamSpec::value("Port")
                .of("int")
                .in_sets(&["SSHHost"])
                .describe("The SSH port (else the one in -HostName, else 22)."),
            ::rosh_runtime::command::ParamSpec::value("Subsystem")
                .of("string")
                .in_sets(&["SSHHost"])
                .describe("The sshd subsystem to ask for: rosh by default; powershell reaches pwsh."),
            ::rosh_runtime::command::ParamSpec::value("Options")
                .of("hashtable")
                .in_sets(&["SSHHost"])
                .describe("ssh options, each passed as -o Key=Value."),
            ::rosh_runtime::command::ParamSpec::value("ConnectingTimeout")
                .of("int")
                .in_sets(&["SSHHost"])
                .describe("Milliseconds ssh may take to connect (10 seconds by default)."),
            ::rosh_runtime::command::ParamSpec::switch("SSHTransport")
                .in_sets(&["SSHHost"])
                .describe("Use SSH: -ComputerName then names SSH hosts."),
            ::rosh_runtime::command::ParamSpec::value("SSHConnection")
                .of("hashtable[]")
                .in_sets(&["SSHHostHashParam"])
                .describe("One hashtable per host: HostName, UserName, Port, KeyFilePath, Subsystem, Options."),
        ]
    };
}

/// Parameters that only the SSH parameter sets have.
const SSH_ONLY: &[&str] = &[
    "UserName",
    "KeyFilePath",
    "Subsystem",
    "Options",
    "ConnectingTimeout",
];

/// The SSH targets a remoting command's arguments name, or `None` when they name none (the
/// command then uses `-ComputerName` or `-Session`). `command` is the cmdlet's class name
/// (`NewPSSessionCommand`), for PowerShell's fully qualified error ids.
///
/// `-SSHTransport` makes `-ComputerName` (its position) name SSH hosts, as PowerShell's
/// SSHHost parameter set binds the first position to `-HostName`.
pub fn targets_from_args(
    rs: &mut Runspace,
    args: &BoundArgs,
    command: &str,
) -> Eval<Option<Vec<SshTarget>>> {
    if args.has("SSHTransport") && !args.switch("SSHTransport") {
        return Err(argument_error(
            "ParameterArgumentValidationError",
            command,
            "System.Management.Automation.ParameterBindingValidationException",
            "Cannot validate argument on parameter 'SSHTransport'. The argument \"False\" is not valid: SSHTransport can only be set (True).",
        ));
    }
    let by_hashtable = args.has("SSHConnection");
    let by_name = args.has("HostName");
    let computer_is_host = args.switch("SSHTransport") && !by_name && !by_hashtable;
    let ssh_only_given = SSH_ONLY.iter().any(|p| args.has(p));
    let computers_given = args.has("ComputerName") || args.has("Session");
    if (by_hashtable && (by_name || ssh_only_given || args.has("Port")))
        || ((by_name || by_hashtable) && computers_given)
        || (ssh_only_given && !by_name && !by_hashtable && !computer_is_host)
    {
        return Err(ambiguous(command));
    }
    if by_hashtable {
        let mut targets = Vec::new();
        for item in items(args.get("SSHConnection")) {
            targets.push(from_hashtable(rs, &item, command)?);
        }
        return Ok(Some(targets));
    }
    let names = if by_name {
        strings(args, "HostName")
    } else if computer_is_host {
        strings(args, "ComputerName")
    } else {
        return Ok(None);
    };
    if names.is_empty() || names.iter().any(|n| n.trim().is_empty()) {
        return Err(argument_error(
            "ParameterArgumentValidationError",
            command,
            "System.Management.Automation.ParameterBindingValidationException",
            "Cannot validate argument on parameter 'HostName'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.",
        ));
    }
    let common = Common {
        user: args.get("UserName").map(convert::to_str),
        port: match args.get("Port") {
            Some(v) => port(v, command)?,
            None => None,
        },
        key_file: match args.get("KeyFilePath") {
            Some(v) => Some(key_file(rs, &convert::to_str(v), command)?),
            None => None,
        },
        subsystem: args
            .get("Subsystem")
            .map(convert::to_str)
            .filter(|s| !s.is_empty()),
        options: match args.get("Options") {
            Some(v) => options(v, command)?,
            None => Vec::new(),
        },
        connect_timeout: match args.get("ConnectingTimeout") {
            Some(v) => timeout(v, command)?,
            None => None,
        },
    };
    names
        .iter()
        .map(|n| common.target(n, command))
        .collect::<Eval<Vec<_>>>()
        .map(Some)
}

/// One SSH session a command's arguments name, opened or not.
pub type Opened = (Destination, Result<RemoteSession, Box<ErrorRecord>>);

/// The SSH sessions a remoting command's arguments name ([`targets_from_args`]), opened at
/// most `throttle` at once and not registered (register one with
/// [`super::sessions::register`]); `None` when the arguments name no SSH host. Enter-PSSession
/// and New-PSSession open their sessions through this.
pub fn connect_from_args(
    rs: &mut Runspace,
    args: &BoundArgs,
    command: &str,
    throttle: usize,
) -> Eval<Option<Vec<Opened>>> {
    let Some(targets) = targets_from_args(rs, args, command)? else {
        return Ok(None);
    };
    let destinations: Vec<Destination> = targets.into_iter().map(Destination::Ssh).collect();
    let exe = server_program(rs);
    let sessions = connect_all(&destinations, &exe, throttle);
    Ok(Some(destinations.into_iter().zip(sessions).collect()))
}

/// What `-UserName`, `-Port`, ... give every host of `-HostName`.
struct Common {
    user: Option<String>,
    port: Option<u16>,
    key_file: Option<std::path::PathBuf>,
    subsystem: Option<String>,
    options: Vec<(String, String)>,
    connect_timeout: Option<Duration>,
}

impl Common {
    /// One host of `-HostName`: its own user and port, when it names them, win.
    fn target(&self, name: &str, command: &str) -> Eval<SshTarget> {
        let parsed = parse_host_name(name).ok_or_else(|| invalid_host(name, command))?;
        let mut t = SshTarget::new(parsed.host);
        t.user = parsed.user.or_else(|| self.user.clone()).map(login_name);
        t.port = parsed.port.or(self.port);
        t.key_file = self.key_file.clone();
        t.subsystem = self
            .subsystem
            .clone()
            .unwrap_or_else(|| DEFAULT_SUBSYSTEM.into());
        t.options = self.options.clone();
        t.connect_timeout = self.connect_timeout;
        Ok(t)
    }
}

/// A `-HostName` value taken apart.
#[derive(Debug, PartialEq, Eq)]
pub struct HostName {
    /// The host (an IPv6 address without its brackets).
    pub host: String,
    /// `user@`.
    pub user: Option<String>,
    /// `:port`.
    pub port: Option<u16>,
}

/// Parses `[user@]host[:port]` (`[v6addr]:port` for IPv6 with a port); `None` when it is not
/// a valid host name.
pub fn parse_host_name(text: &str) -> Option<HostName> {
    let text = text.trim();
    let (user, rest) = match text.rfind('@') {
        Some(i) => (Some(text[..i].to_string()), &text[i + 1..]),
        None => (None, text),
    };
    if user
        .as_deref()
        .is_some_and(|u| u.is_empty() || u.starts_with('-') || u.contains(char::is_whitespace))
    {
        return None;
    }
    let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        let host = &inner[..close];
        let after = &inner[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return None,
        };
        (host, port)
    } else if rest.matches(':').count() == 1 {
        let (h, p) = rest.split_once(':')?;
        (h, Some(p))
    } else {
        (rest, None)
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    let valid = !host.is_empty()
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '%'));
    valid.then(|| HostName {
        host: host.to_string(),
        user,
        port,
    })
}

/// `DOMAIN\user` becomes `user@DOMAIN`, as PowerShell passes it to ssh.
fn login_name(user: String) -> String {
    match user.split_once('\\') {
        Some((domain, name)) if !name.contains('\\') => format!("{name}@{domain}"),
        _ => user,
    }
}

/// One `-SSHConnection` hashtable (keys `HostName`/`ComputerName`, `UserName`, `Port`,
/// `KeyFilePath`/`IdentityFilePath`, `Subsystem`, `ConnectingTimeout`, `Options`), with
/// PowerShell's checks and messages.
fn from_hashtable(rs: &mut Runspace, item: &Value, command: &str) -> Eval<SshTarget> {
    let Value::Hashtable(h) = item else {
        return Err(argument_error(
            "Argument",
            command,
            "System.Management.Automation.PSArgumentException",
            format!(
                "Cannot convert the \"{}\" value of type \"{}\" to type \"System.Collections.Hashtable\".",
                convert::to_str(item),
                item.type_name()
            ),
        ));
    };
    let entries = h.entries();
    let has = |names: &[&str]| {
        entries.iter().any(|(k, _)| {
            let k = convert::to_str(k);
            names.iter().any(|n| n.eq_ignore_ascii_case(&k))
        })
    };
    let bad = |message: String| {
        argument_error(
            "Argument",
            command,
            "System.Management.Automation.PSArgumentException",
            message,
        )
    };
    if has(&["ComputerName"]) && has(&["HostName"]) {
        return Err(bad("The provided SSHConnection hashtable contains both a ComputerName and HostName parameter.  Only one can be specified.".into()));
    }
    if has(&["KeyFilePath"]) && has(&["IdentityFilePath"]) {
        return Err(bad("The provided SSHConnection hashtable contains both a KeyFilePath and IdentityFilePath parameter.  Only one can be specified.".into()));
    }
    let null_or_empty = || {
        bad(
            "The provided SSHConnection hashtable parameter name or element is null or empty."
                .into(),
        )
    };
    let text = |v: &Value| -> Eval<String> {
        let s = if v.is_null() {
            String::new()
        } else {
            convert::to_str(v)
        };
        if s.is_empty() {
            Err(null_or_empty())
        } else {
            Ok(s)
        }
    };
    let mut target: Option<SshTarget> = None;
    let mut user = None;
    let mut port_value = None;
    let mut key = None;
    let mut subsystem = None;
    let mut connect_timeout = None;
    let mut opts = Vec::new();
    for (k, v) in &entries {
        let name = if k.is_null() {
            String::new()
        } else {
            convert::to_str(k)
        };
        match name.to_ascii_lowercase().as_str() {
            "" => return Err(null_or_empty()),
            "computername" | "hostname" => {
                let text = text(v)?;
                let parsed = parse_host_name(&text).ok_or_else(|| invalid_host(&text, command))?;
                let mut t = SshTarget::new(parsed.host);
                t.user = parsed.user;
                t.port = parsed.port;
                target = Some(t);
            }
            "username" => user = Some(text(v)?),
            "keyfilepath" | "identityfilepath" => key = Some(key_file(rs, &text(v)?, command)?),
            "port" => {
                if v.is_null() {
                    return Err(null_or_empty());
                }
                port_value = port(v, command)?;
            }
            "subsystem" => subsystem = Some(text(v)?),
            "connectingtimeout" => {
                if v.is_null() {
                    return Err(null_or_empty());
                }
                connect_timeout = timeout(v, command)?;
            }
            "options" => opts = options(v, command)?,
            _ => {
                return Err(bad(format!(
                    "The provided SSHConnection hashtable parameter {name} is not supported."
                )));
            }
        }
    }
    let Some(mut t) = target else {
        return Err(bad("The provided SSHConnection hashtable is missing the required ComputerName or HostName parameter.".into()));
    };
    // The hashtable's UserName and Port name them explicitly; `user@host:port` fills in.
    t.user = user.or(t.user).map(login_name);
    t.port = port_value.or(t.port);
    t.key_file = key;
    if let Some(s) = subsystem {
        t.subsystem = s;
    }
    t.options = opts;
    t.connect_timeout = connect_timeout;
    Ok(t)
}

/// A port: 0 (or nothing) is ssh's default.
fn port(v: &Value, command: &str) -> Eval<Option<u16>> {
    let n = int(v, "Port", command)?;
    match u16::try_from(n) {
        Ok(0) => Ok(None),
        Ok(p) => Ok(Some(p)),
        Err(_) => Err(argument_error(
            "PSArgumentException",
            command,
            "System.ArgumentException",
            format!(
                "The port number {n} is not in the valid range. The port number must be between 0 and 65535."
            ),
        )),
    }
}

/// `-ConnectingTimeout` in milliseconds; 0 or less (PowerShell's infinite) leaves ssh's
/// default.
fn timeout(v: &Value, command: &str) -> Eval<Option<Duration>> {
    let ms = int(v, "ConnectingTimeout", command)?;
    Ok(u64::try_from(ms)
        .ok()
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis))
}

fn int(v: &Value, parameter: &str, command: &str) -> Eval<i64> {
    convert::to_numeric(v)
        .and_then(|n| convert::as_f64(&n))
        .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
        .map(|f| f as i64)
        .ok_or_else(|| {
            argument_error(
                "ParameterArgumentTransformationError",
                command,
                "System.Management.Automation.ParameterBindingArgumentTransformationException",
                format!(
                    "Cannot process argument transformation on parameter '{parameter}'. Cannot convert value \"{}\" to type \"System.Int32\".",
                    convert::to_str(v)
                ),
            )
        })
}

/// `-Options @{ Key = 'Value' }` as `-o Key=Value` pairs, in the hashtable's order.
fn options(v: &Value, command: &str) -> Eval<Vec<(String, String)>> {
    let Value::Hashtable(h) = v else {
        if v.is_null() {
            return Ok(Vec::new());
        }
        return Err(argument_error(
            "ParameterArgumentTransformationError",
            command,
            "System.Management.Automation.ParameterBindingArgumentTransformationException",
            format!(
                "Cannot process argument transformation on parameter 'Options'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Collections.Hashtable\".",
                convert::to_str(v),
                v.type_name()
            ),
        ));
    };
    let mut out = Vec::new();
    for (k, v) in h.entries() {
        let key = convert::to_str(&k);
        let value = convert::to_str(&v);
        // One ssh_config keyword and one value on one line: anything else would be read by
        // ssh as something the script did not say.
        if key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric())
            || value.contains(['\n', '\r', '\0'])
        {
            return Err(argument_error(
                "Argument",
                command,
                "System.Management.Automation.PSArgumentException",
                format!(
                    "The SSH option '{key}' is not valid: an option is an ssh_config keyword with a value on one line."
                ),
            ));
        }
        out.push((key, value));
    }
    Ok(out)
}

/// The key file, resolved against the current location; PowerShell's `PathNotFound` when it
/// does not exist.
fn key_file(rs: &mut Runspace, path: &str, command: &str) -> Eval<std::path::PathBuf> {
    let resolved = rs.resolve_path(path);
    if resolved.is_file() {
        return Ok(resolved);
    }
    let shown = resolved.display().to_string();
    Err(Flow::Error(Box::new(
        ErrorRecord::new(
            format!("PathNotFound,Microsoft.PowerShell.Commands.{command}"),
            ErrorCategory::ObjectNotFound,
            format!("Cannot find path '{shown}' because it does not exist."),
        )
        .with_exception("System.Management.Automation.ItemNotFoundException")
        .with_target(Value::str(&shown)),
    )))
}

fn invalid_host(name: &str, command: &str) -> Flow {
    Flow::Error(Box::new(
        ErrorRecord::new(
            format!("PSSessionInvalidComputerName,Microsoft.PowerShell.Commands.{command}"),
            ErrorCategory::InvalidArgument,
            "One or more computer names are not valid. If you are trying to pass a URI, use the -ConnectionUri parameter, or pass URI objects instead of strings.",
        )
        .with_exception("System.ArgumentException")
        .with_target(Value::str(name)),
    ))
}

fn ambiguous(command: &str) -> Flow {
    argument_error(
        "AmbiguousParameterSet",
        command,
        "System.Management.Automation.ParameterBindingException",
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
    )
}

fn argument_error(id: &str, command: &str, exception: &str, message: impl Into<String>) -> Flow {
    Flow::Error(Box::new(
        ErrorRecord::new(
            format!("{id},Microsoft.PowerShell.Commands.{command}"),
            ErrorCategory::InvalidArgument,
            message,
        )
        .with_exception(exception),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(String, Option<String>, Option<u16>)> {
        parse_host_name(text).map(|h| (h.host, h.user, h.port))
    }

    #[test]
    fn host_names_carry_their_user_and_port() {
        assert_eq!(parsed("web1"), Some(("web1".into(), None, None)));
        assert_eq!(
            parsed("admin@web1:2222"),
            Some(("web1".into(), Some("admin".into()), Some(2222)))
        );
        assert_eq!(
            parsed("me@corp@10.0.0.5"),
            Some(("10.0.0.5".into(), Some("me@corp".into()), None))
        );
        assert_eq!(parsed("[::1]:22"), Some(("::1".into(), None, Some(22))));
        assert_eq!(parsed("fe80::1"), Some(("fe80::1".into(), None, None)));
        assert_eq!(parsed("-oProxyCommand=x"), None);
        assert_eq!(parsed("host:99999"), None);
        assert_eq!(parsed("a b"), None);
        assert_eq!(parsed("@host"), None);
        assert_eq!(parsed(""), None);
    }

    #[test]
    fn domain_users_become_user_at_domain() {
        assert_eq!(login_name("CORP\\alice".into()), "alice@CORP");
        assert_eq!(login_name("alice".into()), "alice");
    }
}
