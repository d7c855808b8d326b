//! OpenSSH as a PSRP transport, as PowerShell 7 uses it: the system `ssh` client started with
//! a subsystem (`ssh ... -s host rosh`), PSRP's OutOfProc packets on its stdio.
//!
//! This module knows the command line for a target ([`SshTarget::ssh_args`]) and how to read
//! ssh's standard error when a connection fails ([`explain_failure`]): an unreachable host, a
//! refused or timed-out connection, a failed authentication, an unknown or changed host key,
//! a missing subsystem, or a subsystem that ended or did not speak PSRP. The I/O is
//! [`crate::session`]'s.

use std::path::PathBuf;
use std::time::Duration;

use crate::Limits;
use crate::session::{SessionOptions, Transport};

/// The subsystem rosh asks for when none is named. PowerShell asks for `powershell`; rosh's
/// servers register themselves as `rosh` (`Subsystem rosh /usr/bin/rosh -sshs`).
pub const DEFAULT_SUBSYSTEM: &str = "rosh";

/// How long ssh may take to connect and finish the SSH handshake when the caller gives no
/// `ConnectTimeout` (`-o ConnectTimeout=10`).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The ssh client rosh runs.
pub const SSH_PROGRAM: &str = "ssh";

/// Where and how to connect over SSH: one host of `-HostName`, `-SSHConnection`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshTarget {
    /// The host name or address (IPv6 without brackets).
    pub host: String,
    /// The login name (`-l`); ssh's own default (its config, else the local user) when `None`.
    pub user: Option<String>,
    /// The port (`-p`); ssh's own default (its config, else 22) when `None`.
    pub port: Option<u16>,
    /// The private key (`-i`).
    pub key_file: Option<PathBuf>,
    /// The subsystem the server runs for us.
    pub subsystem: String,
    /// `-o Key=Value` options, in order. They come before rosh's own defaults, and ssh takes
    /// the first value it sees, so they override them.
    pub options: Vec<(String, String)>,
    /// `ConnectTimeout`; [`DEFAULT_CONNECT_TIMEOUT`] when `None`.
    pub connect_timeout: Option<Duration>,
}

impl SshTarget {
    /// A target with ssh's defaults and rosh's subsystem.
    pub fn new(host: impl Into<String>) -> SshTarget {
        SshTarget {
            host: host.into(),
            user: None,
            port: None,
            key_file: None,
            subsystem: DEFAULT_SUBSYSTEM.into(),
            options: Vec::new(),
            connect_timeout: None,
        }
    }

    /// The connect timeout ssh is given, in whole seconds (at least 1).
    pub fn connect_timeout_secs(&self) -> u64 {
        let t = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        t.as_secs() + u64::from(t.subsec_nanos() > 0)
    }

    /// ssh's arguments: the caller's `-o` options, then `BatchMode=yes` (ssh must never
    /// prompt: there may be no terminal, and the terminal is not ssh's) and `ConnectTimeout`,
    /// then `-i`, `-l`, `-p`, and `-s -- host subsystem`. `--` keeps a host name from being
    /// read as an option.
    pub fn ssh_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (key, value) in &self.options {
            args.push("-o".to_string());
            args.push(format!("{key}={value}"));
        }
        args.push("-o".into());
        args.push("BatchMode=yes".into());
        args.push("-o".into());
        args.push(format!("ConnectTimeout={}", self.connect_timeout_secs()));
        if let Some(key) = &self.key_file {
            args.push("-i".into());
            args.push(key.display().to_string());
        }
        if let Some(user) = &self.user {
            args.push("-l".into());
            args.push(user.clone());
        }
        if let Some(port) = self.port {
            args.push("-p".into());
            args.push(port.to_string());
        }
        args.push("-s".into());
        args.push("--".into());
        args.push(self.host.clone());
        args.push(self.subsystem.clone());
        args
    }

    /// The session options that run ssh for this target.
    pub fn session_options(&self, open_timeout: Duration, limits: Limits) -> SessionOptions {
        SessionOptions {
            program: PathBuf::from(SSH_PROGRAM),
            args: self.ssh_args(),
            open_timeout,
            limits,
            transport: Transport::Ssh(Box::new(self.clone())),
            env: Vec::new(),
        }
    }
}

/// Why an SSH connection failed, read from ssh's standard error and exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshFailure {
    /// The host name does not resolve.
    UnknownHost,
    /// Nothing listens on the port (`Connection refused`).
    Refused,
    /// No answer within the connect timeout.
    TimedOut,
    /// No route to the host or its network.
    Unreachable,
    /// The server closed the connection before authentication.
    ClosedByServer,
    /// No key or method the server accepts (`Permission denied`).
    Authentication,
    /// The host key is not in known_hosts and may not be added (`Host key verification
    /// failed`).
    HostKeyUnknown,
    /// The host key differs from the one in known_hosts.
    HostKeyChanged,
    /// The server has no such subsystem (`subsystem request failed`).
    NoSubsystem,
    /// ssh refused its own configuration or options.
    BadOption,
    /// The subsystem started and ended before the session opened.
    SubsystemEnded,
    /// The subsystem wrote something that is not PSRP.
    NotPsrp,
    /// The session did not open in time.
    OpenTimedOut,
    /// Anything else ssh reported.
    Other,
}

/// What the client saw when the connection failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cause {
    /// The connection closed (ssh ended, or the subsystem did).
    #[default]
    Closed,
    /// A line from the subsystem that is not an OutOfProc packet.
    BadPacket,
    /// Opening took longer than the open timeout.
    OpenTimeout,
    /// Anything else (a protocol error, an I/O error).
    Other,
}

/// What a failure looked like from outside: ssh's standard error, its exit, and the client's
/// own reason.
#[derive(Debug, Clone, Default)]
pub struct FailureReport<'a> {
    /// ssh's standard error, line by line.
    pub stderr: &'a [String],
    /// ssh's exit code, when it exited with one.
    pub exit_code: Option<i32>,
    /// What the client saw, in words.
    pub reason: &'a str,
    /// What the client saw.
    pub cause: Cause,
    /// Whether the session had opened (the failure broke it) or was opening.
    pub opened: bool,
}

/// Lines of ssh's standard error that say nothing about a failure.
fn is_noise(line: &str) -> bool {
    let l = line.trim();
    l.is_empty()
        || l.starts_with("Warning: Permanently added")
        || l.starts_with("debug")
        || l.starts_with("Pseudo-terminal will not be allocated")
        || l.chars().all(|c| c == '@')
}

/// The failure a report shows, and the line of ssh's that says so.
pub fn classify(report: &FailureReport<'_>) -> (SshFailure, Option<String>) {
    let lines: Vec<&str> = report
        .stderr
        .iter()
        .map(|l| l.trim())
        .filter(|l| !is_noise(l))
        .collect();
    // The first needle that any line has wins, so the most telling line is quoted.
    let find = |needles: &[&str]| -> Option<String> {
        needles.iter().find_map(|n| {
            lines
                .iter()
                .find(|l| l.to_ascii_lowercase().contains(n))
                .map(|l| {
                    l.trim_matches(|c: char| c == '@' || c.is_whitespace())
                        .to_string()
                })
        })
    };
    let checks: &[(SshFailure, &[&str])] = &[
        (
            SshFailure::HostKeyChanged,
            &[
                "has changed and you have requested strict checking",
                "remote host identification has changed",
            ],
        ),
        (
            SshFailure::HostKeyUnknown,
            &[
                "host key is known for",
                "host key verification failed",
                "no matching host key",
            ],
        ),
        (
            SshFailure::UnknownHost,
            &[
                "could not resolve hostname",
                "name or service not known",
                "temporary failure in name resolution",
            ],
        ),
        (SshFailure::Refused, &["connection refused"]),
        (
            SshFailure::TimedOut,
            &["timed out", "connection timeout", "operation timed out"],
        ),
        (
            SshFailure::Unreachable,
            &["no route to host", "network is unreachable"],
        ),
        (SshFailure::Authentication, &["permission denied"]),
        (SshFailure::NoSubsystem, &["subsystem request failed"]),
        (
            SshFailure::BadOption,
            &[
                "bad configuration option",
                "command-line line",
                "unsupported option",
                "keyword ",
                "garbage at end of line",
            ],
        ),
        (
            SshFailure::ClosedByServer,
            &[
                "kex_exchange_identification",
                "connection closed by",
                "closed by remote host",
                "connection reset by",
            ],
        ),
    ];
    for (failure, needles) in checks {
        if let Some(line) = find(needles) {
            return (*failure, Some(line));
        }
    }
    if !lines.is_empty() {
        let tail = lines[lines.len().saturating_sub(3)..].join(" ");
        return (SshFailure::Other, Some(tail));
    }
    match report.cause {
        Cause::Closed => (SshFailure::SubsystemEnded, None),
        Cause::BadPacket => (SshFailure::NotPsrp, None),
        Cause::OpenTimeout => (SshFailure::OpenTimedOut, None),
        Cause::Other => (SshFailure::Other, Some(report.reason.to_string())),
    }
}

/// The message for a failed or broken SSH session: ssh's own words (as PowerShell reports
/// them, "The SSH client session has ended with error message: ...") and what they mean.
pub fn explain_failure(target: &SshTarget, report: &FailureReport<'_>) -> String {
    let (failure, said) = classify(report);
    let host = &target.host;
    let sub = &target.subsystem;
    let hint = match failure {
        SshFailure::UnknownHost => format!("The host name {host} could not be resolved."),
        SshFailure::Refused => {
            format!("The connection was refused: no SSH server listens on that port of {host}.")
        }
        SshFailure::TimedOut => format!(
            "The connection timed out after {} s (ConnectTimeout): {host} is down, or a firewall drops the connection.",
            target.connect_timeout_secs()
        ),
        SshFailure::Unreachable => format!("{host} cannot be reached from this network."),
        SshFailure::ClosedByServer if report.opened => {
            format!("The SSH server on {host} closed the connection.")
        }
        SshFailure::ClosedByServer => format!(
            "The SSH server on {host} closed the connection before authentication (it may limit connections, or refuse this client)."
        ),
        SshFailure::Authentication => format!(
            "Authentication to {host} failed: the server accepted none of the keys offered. rosh runs ssh with BatchMode=yes and never asks for a password; give -KeyFilePath, or load the key into ssh-agent."
        ),
        SshFailure::HostKeyUnknown => format!(
            "The host key of {host} is not known (or not trusted) and ssh may not ask, since rosh runs it with BatchMode=yes. Connect once with ssh to record the key in known_hosts, or pass -Options @{{StrictHostKeyChecking='accept-new'}}."
        ),
        SshFailure::HostKeyChanged => format!(
            "The host key of {host} has CHANGED since it was recorded in known_hosts: someone may be intercepting the connection, or the host was reinstalled. Check the new key, then remove the old one with ssh-keygen -R."
        ),
        SshFailure::NoSubsystem => format!(
            "The SSH server on {host} has no '{sub}' subsystem: add 'Subsystem {sub} /path/to/rosh -sshs' to its sshd_config (Enable-SSHRemoting writes it) and reload sshd, or name the right one with -Subsystem."
        ),
        SshFailure::BadOption => "ssh rejected its options; check -Options.".to_string(),
        SshFailure::SubsystemEnded => {
            let code = report
                .exit_code
                .map(|c| format!(" (exit code {c})"))
                .unwrap_or_default();
            if report.opened {
                format!("The remote subsystem '{sub}' on {host} ended{code}.")
            } else {
                format!(
                    "The remote subsystem '{sub}' on {host} ended before the session opened{code}."
                )
            }
        }
        SshFailure::NotPsrp => format!(
            "The remote subsystem '{sub}' on {host} does not speak PSRP: {}",
            report.reason
        ),
        SshFailure::OpenTimedOut => {
            format!("The remote subsystem '{sub}' on {host} did not open a session in time.")
        }
        SshFailure::Other => String::new(),
    };
    let mut text = match said {
        Some(said) => {
            let said = said.trim_end_matches('.');
            format!("The SSH client session has ended with error message: {said}.")
        }
        None => "The SSH client session has ended.".to_string(),
    };
    if !hint.is_empty() {
        text.push(' ');
        text.push_str(&hint);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn kind(stderr: &str) -> SshFailure {
        let stderr = lines(stderr);
        classify(&FailureReport {
            stderr: &stderr,
            exit_code: Some(255),
            reason: "",
            cause: Cause::Closed,
            opened: false,
        })
        .0
    }

    #[test]
    fn the_command_line_puts_the_callers_options_first_and_ends_with_the_subsystem() {
        let mut t = SshTarget::new("-oProxyCommand=x");
        t.user = Some("admin".into());
        t.port = Some(2222);
        t.key_file = Some(PathBuf::from("/k/id"));
        t.options = vec![("ConnectTimeout".into(), "3".into())];
        t.connect_timeout = Some(Duration::from_millis(1500));
        assert_eq!(
            t.ssh_args(),
            [
                "-o",
                "ConnectTimeout=3",
                "-o",
                "BatchMode=yes",
                "-o",
                "ConnectTimeout=2",
                "-i",
                "/k/id",
                "-l",
                "admin",
                "-p",
                "2222",
                "-s",
                "--",
                "-oProxyCommand=x",
                "rosh"
            ]
        );
        assert_eq!(SshTarget::new("h").connect_timeout_secs(), 10);
    }

    #[test]
    fn ssh_messages_are_classified() {
        assert_eq!(
            kind("ssh: connect to host 127.0.0.2 port 1: Connection refused"),
            SshFailure::Refused
        );
        assert_eq!(
            kind("ssh: connect to host 10.255.255.1 port 22: Connection timed out"),
            SshFailure::TimedOut
        );
        assert_eq!(
            kind("ssh: Could not resolve hostname nowhere.invalid: Name or service not known"),
            SshFailure::UnknownHost
        );
        assert_eq!(
            kind("root@127.0.0.2: Permission denied (publickey)."),
            SshFailure::Authentication
        );
        assert_eq!(
            kind(
                "No ED25519 host key is known for [127.0.0.2]:2222 and you have requested strict checking.\nHost key verification failed."
            ),
            SshFailure::HostKeyUnknown
        );
        assert_eq!(
            kind(
                "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed."
            ),
            SshFailure::HostKeyChanged
        );
        assert_eq!(
            kind("subsystem request failed on channel 0"),
            SshFailure::NoSubsystem
        );
        assert_eq!(
            kind(
                "Warning: Permanently added '[127.0.0.2]:2222' (ED25519) to the list of known hosts."
            ),
            SshFailure::SubsystemEnded
        );
        assert_eq!(
            kind("command-line line 0: Bad configuration option: nosuchoption"),
            SshFailure::BadOption
        );
        assert_eq!(
            kind("kex_exchange_identification: Connection closed by remote host"),
            SshFailure::ClosedByServer
        );
    }

    #[test]
    fn the_explanation_quotes_ssh_and_says_what_to_do() {
        let t = SshTarget::new("web1");
        let stderr = lines("subsystem request failed on channel 0");
        let text = explain_failure(
            &t,
            &FailureReport {
                stderr: &stderr,
                exit_code: Some(255),
                reason: "the connection closed",
                cause: Cause::Closed,
                opened: false,
            },
        );
        assert_eq!(
            text,
            "The SSH client session has ended with error message: subsystem request failed on channel 0. The SSH server on web1 has no 'rosh' subsystem: add 'Subsystem rosh /path/to/rosh -sshs' to its sshd_config (Enable-SSHRemoting writes it) and reload sshd, or name the right one with -Subsystem."
        );
        let text = explain_failure(
            &t,
            &FailureReport {
                stderr: &[],
                exit_code: Some(1),
                reason: "",
                cause: Cause::Closed,
                opened: false,
            },
        );
        assert_eq!(
            text,
            "The SSH client session has ended. The remote subsystem 'rosh' on web1 ended before the session opened (exit code 1)."
        );
    }
}
