//! What Linux tells about a process, read from `/proc` through the `procfs` crate and
//! turned into the figures .NET's `System.Diagnostics.Process` reports on Linux: the name
//! (untruncated as .NET does), memory in bytes from `status`, processor times from `stat`,
//! the start time as a local date, the executable and the command line.

use rosh_runtime::value::{PsDateTime, PsTimeSpan};
use std::sync::OnceLock;

/// The comm field of `/proc/<pid>/stat` holds at most this many characters.
const COMM_MAX: usize = 15;

/// One process as `/proc` shows it.
#[derive(Clone, Debug, Default)]
pub struct ProcInfo {
    /// The process id.
    pub pid: i32,
    /// The parent's process id.
    pub ppid: i32,
    /// `ProcessName`: comm, or the longer name from the command line when comm is cut.
    pub name: String,
    /// `SessionId`.
    pub session: i32,
    /// `BasePriority` (the nice value).
    pub nice: i64,
    /// Clock ticks in user mode.
    pub user_ticks: u64,
    /// Clock ticks in kernel mode.
    pub system_ticks: u64,
    /// Clock ticks after boot at which the process started (identifies it with the pid).
    pub start_ticks: u64,
    /// The executable (`Path`), when it can be read.
    pub exe: Option<String>,
    /// The command line, arguments joined by spaces, when the process has one.
    pub command_line: Option<String>,
    /// The ids of its threads.
    pub threads: Vec<i32>,
    /// `WorkingSet64`: VmRSS in bytes.
    pub working_set: i64,
    /// `PeakWorkingSet64`: VmHWM in bytes.
    pub peak_working_set: i64,
    /// `VirtualMemorySize64`: VmSize in bytes.
    pub virtual_size: i64,
    /// `PeakVirtualMemorySize64`: VmPeak in bytes.
    pub peak_virtual_size: i64,
    /// `PagedMemorySize64` and `PagedSystemMemorySize64`: VmSwap in bytes.
    pub swap: i64,
    /// `PrivateMemorySize64`: VmData in bytes.
    pub private: i64,
}

impl ProcInfo {
    /// `TotalProcessorTime`.
    pub fn total_time(&self) -> PsTimeSpan {
        ticks_to_span(self.user_ticks + self.system_ticks)
    }

    /// `UserProcessorTime`.
    pub fn user_time(&self) -> PsTimeSpan {
        ticks_to_span(self.user_ticks)
    }

    /// `PrivilegedProcessorTime`.
    pub fn system_time(&self) -> PsTimeSpan {
        ticks_to_span(self.system_ticks)
    }

    /// `CPU`: total processor time in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        (self.user_ticks + self.system_ticks) as f64 / procfs::ticks_per_second() as f64
    }

    /// `StartTime`, local.
    pub fn start_time(&self) -> Option<PsDateTime> {
        let after_boot = span_ticks(self.start_ticks);
        boot_time()?.add_ticks(after_boot).map(PsDateTime::to_local)
    }
}

/// .NET ticks (100 ns) in `n` clock ticks.
fn span_ticks(n: u64) -> i64 {
    let per_second = procfs::ticks_per_second().max(1);
    (i128::from(n) * 10_000_000 / i128::from(per_second)) as i64
}

fn ticks_to_span(n: u64) -> PsTimeSpan {
    PsTimeSpan(span_ticks(n))
}

/// When the machine booted (UTC): now less the uptime, worked out once so that every start
/// time rosh reports for a process is the same.
fn boot_time() -> Option<PsDateTime> {
    static BOOT: OnceLock<Option<PsDateTime>> = OnceLock::new();
    *BOOT.get_or_init(|| {
        use procfs::Current;
        let uptime = procfs::Uptime::current().ok()?.uptime;
        let now = PsDateTime::utc_now();
        now.add_ticks(-((uptime * 10_000_000.0) as i64))
    })
}

/// The process with this id, if it exists and its `stat` can be read.
pub fn read(pid: i32) -> Option<ProcInfo> {
    let p = procfs::process::Process::new(pid).ok()?;
    from_process(&p)
}

/// Every process whose `stat` can be read, in `/proc` order.
pub fn all() -> Vec<ProcInfo> {
    let Ok(iter) = procfs::process::all_processes() else {
        return Vec::new();
    };
    iter.filter_map(Result::ok)
        .filter_map(|p| from_process(&p))
        .collect()
}

fn from_process(p: &procfs::process::Process) -> Option<ProcInfo> {
    let stat = p.stat().ok()?;
    let status = p.status().ok();
    let kib = |f: fn(&procfs::process::Status) -> Option<u64>| -> i64 {
        status
            .as_ref()
            .and_then(f)
            .map_or(0, |k| (k as i64).saturating_mul(1024))
    };
    let args = p.cmdline().ok().filter(|a| !a.is_empty());
    let name = untruncated_name(&stat.comm, args.as_deref());
    let threads = p
        .tasks()
        .map(|t| t.filter_map(Result::ok).map(|t| t.tid).collect())
        .unwrap_or_default();
    Some(ProcInfo {
        pid: stat.pid,
        ppid: stat.ppid,
        name,
        session: stat.session,
        nice: stat.nice,
        user_ticks: stat.utime,
        system_ticks: stat.stime,
        start_ticks: stat.starttime,
        exe: p.exe().ok().map(|e| e.to_string_lossy().into_owned()),
        command_line: args.map(|a| a.join(" ")),
        threads,
        working_set: kib(|s| s.vmrss),
        peak_working_set: kib(|s| s.vmhwm),
        virtual_size: kib(|s| s.vmsize),
        peak_virtual_size: kib(|s| s.vmpeak),
        swap: kib(|s| s.vmswap),
        private: kib(|s| s.vmdata),
    })
}

/// .NET's `GetUntruncatedProcessName`: comm is cut at 15 characters, so when it is that
/// long the base name of the first or second argument (the second for scripts, whose first
/// is the interpreter) is used if it starts with comm.
fn untruncated_name(comm: &str, args: Option<&[String]>) -> String {
    if comm.chars().count() < COMM_MAX {
        return comm.to_string();
    }
    args.into_iter()
        .flatten()
        .take(2)
        .map(|a| a.rsplit('/').next().unwrap_or(a))
        .find(|base| base.starts_with(comm))
        .map_or_else(|| comm.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_comm() {
        assert_eq!(untruncated_name("sleep", None), "sleep");
    }

    #[test]
    fn cut_names_come_from_the_arguments() {
        let args = vec![
            "/usr/bin/python3".to_string(),
            "/opt/a_long_script_name.py".into(),
        ];
        assert_eq!(
            untruncated_name("a_long_script_n", Some(&args)),
            "a_long_script_name.py"
        );
        assert_eq!(
            untruncated_name("something_else_", Some(&args)),
            "something_else_"
        );
    }

    #[test]
    fn this_process_is_read() {
        let me = read(std::process::id() as i32).expect("own process");
        assert_eq!(me.pid, std::process::id() as i32);
        assert!(me.working_set > 0);
        assert!(!me.threads.is_empty());
        assert!(me.start_time().is_some());
    }
}
