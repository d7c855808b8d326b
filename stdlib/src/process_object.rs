//! The `System.Diagnostics.Process` objects of Get-Process, Stop-Process and Start-Process:
//! the properties .NET reports on Linux, the members PowerShell's type data adds (`Name`,
//! `SI`, `Handles`, `WS`, `VM`, `PM`, `NPM` aliases; `CPU`, `Path`, `CommandLine`, `Parent`),
//! and `HasExited`, which looks at the process each time it is read.

use crate::process_info::{self, ProcInfo};
use rosh_runtime::Value;
use rosh_runtime::value::enums::{EnumId, EnumValue};
use rosh_runtime::value::{Array, PsObject, ScriptBlockValue, ScriptMember};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// The type names of a process object, most derived first.
const TYPE_NAMES: &[&str] = &[
    "System.Diagnostics.Process",
    "System.ComponentModel.Component",
    "System.MarshalByRefObject",
    "System.Object",
];

/// The type names of the objects in `Threads`.
const THREAD_TYPE_NAMES: &[&str] = &[
    "System.Diagnostics.ProcessThread",
    "System.ComponentModel.Component",
    "System.MarshalByRefObject",
    "System.Object",
];

/// PowerShell's alias properties of processes (types.ps1xml).
const ALIASES: &[(&str, &str)] = &[
    ("Name", "ProcessName"),
    ("SI", "SessionId"),
    ("Handles", "HandleCount"),
    ("VM", "VirtualMemorySize64"),
    ("WS", "WorkingSet64"),
    ("PM", "PagedMemorySize64"),
    ("NPM", "NonpagedSystemMemorySize64"),
];

/// `HasExited`: the process is gone once its `/proc` entry is (a zombie has not exited yet
/// for .NET either, until its parent reaps it).
const HAS_EXITED: &str = r#"-not (Test-Path -LiteralPath "/proc/$($this.Id)")"#;

fn has_exited_getter() -> Value {
    static GETTER: OnceLock<Value> = OnceLock::new();
    GETTER
        .get_or_init(|| {
            Value::ScriptBlock(ScriptBlockValue::trusted(Arc::new(
                rosh_lang::parse(HAS_EXITED).script,
            )))
        })
        .clone()
}

/// The process object a value is, when it is one.
pub fn as_process(v: &Value) -> Option<&PsObject> {
    match v {
        Value::Object(o)
            if o.type_names()
                .first()
                .is_some_and(|t| t == "System.Diagnostics.Process") =>
        {
            Some(o)
        }
        _ => None,
    }
}

/// A process object's `Id`.
pub fn id_of(o: &PsObject) -> Option<i32> {
    match o.get("Id")? {
        Value::Int(i) => Some(i),
        other => rosh_runtime::convert::as_i128(&other).and_then(|i| i32::try_from(i).ok()),
    }
}

/// A process object's `ProcessName`.
pub fn name_of(o: &PsObject) -> String {
    o.get("ProcessName")
        .map(|v| rosh_runtime::convert::to_str(&v))
        .unwrap_or_default()
}

/// .NET's `PriorityClass` for a nice value on Unix.
fn priority_class(nice: i64) -> Value {
    let class = match nice {
        n if n < -15 => 256,
        n if n < -10 => 128,
        n if n < -5 => 32768,
        0 => 32,
        n if n <= 10 => 16384,
        _ => 64,
    };
    Value::Enum(EnumValue::new(
        EnumId::named("System.Diagnostics.ProcessPriorityClass"),
        class,
    ))
}

fn thread_object(tid: i32) -> Value {
    let o = PsObject::with_type_names(THREAD_TYPE_NAMES.iter().map(|t| t.to_string()).collect());
    o.set("Id", Value::Int(tid));
    o.set_to_string("System.Diagnostics.ProcessThread".into());
    Value::Object(o)
}

/// The note properties of a process object, in order.
fn properties(info: &ProcInfo, parent: Value) -> Vec<(String, Value)> {
    let text = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::str);
    let threads: Vec<Value> = info.threads.iter().map(|t| thread_object(*t)).collect();
    let start = info.start_time().map_or(Value::Null, Value::DateTime);
    [
        ("Id", Value::Int(info.pid)),
        ("ProcessName", Value::str(&info.name)),
        ("SessionId", Value::Int(info.session)),
        ("HandleCount", Value::Int(0)),
        ("CPU", Value::Double(info.cpu_seconds())),
        ("Path", text(&info.exe)),
        ("CommandLine", text(&info.command_line)),
        ("Parent", parent),
        ("StartTime", start),
        ("TotalProcessorTime", Value::TimeSpan(info.total_time())),
        ("UserProcessorTime", Value::TimeSpan(info.user_time())),
        (
            "PrivilegedProcessorTime",
            Value::TimeSpan(info.system_time()),
        ),
        ("BasePriority", Value::Int(info.nice as i32)),
        ("PriorityClass", priority_class(info.nice)),
        ("Threads", Value::Array(Array::new(threads))),
        ("WorkingSet64", Value::Long(info.working_set)),
        ("PeakWorkingSet64", Value::Long(info.peak_working_set)),
        ("VirtualMemorySize64", Value::Long(info.virtual_size)),
        (
            "PeakVirtualMemorySize64",
            Value::Long(info.peak_virtual_size),
        ),
        ("PagedMemorySize64", Value::Long(info.swap)),
        ("PeakPagedMemorySize64", Value::Long(0)),
        ("PagedSystemMemorySize64", Value::Long(info.swap)),
        ("NonpagedSystemMemorySize64", Value::Long(0)),
        ("PrivateMemorySize64", Value::Long(info.private)),
        ("MachineName", Value::str(".")),
        ("ExitCode", Value::Null),
        ("ExitTime", Value::Null),
        ("__NounName", Value::str("Process")),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_string(), v))
    .collect()
}

/// A process object for what `/proc` says, with its parent's object (or `$null`).
pub fn build(info: &ProcInfo, parent: Value) -> PsObject {
    let o = PsObject::with_type_names(TYPE_NAMES.iter().map(|t| t.to_string()).collect());
    o.set_many(properties(info, parent));
    o.set_member(
        "HasExited",
        ScriptMember::Property {
            getter: has_exited_getter(),
            setter: None,
        },
    );
    for (alias, target) in ALIASES {
        o.set_member(
            alias,
            ScriptMember::Alias {
                target: target.to_string(),
            },
        );
    }
    o.set_to_string(format!("System.Diagnostics.Process ({})", info.name));
    o
}

/// Whether the process an object describes is still running: its id exists and belongs
/// to a process that started when the object's did.
pub fn same_process(o: &PsObject) -> bool {
    let Some(pid) = id_of(o) else { return false };
    process_info::read(pid).is_some_and(|info| started_together(o, &info))
}

fn started_together(o: &PsObject, info: &ProcInfo) -> bool {
    match (o.get("StartTime"), info.start_time()) {
        (Some(Value::DateTime(old)), Some(new)) => (old.ticks() - new.ticks()).abs() < 10_000_000,
        _ => true,
    }
}

/// Bring a process object up to date (as `Process.Refresh()` does): false when the process
/// is gone or its id now belongs to another process.
pub fn refresh(o: &PsObject) -> bool {
    let Some(pid) = id_of(o) else { return false };
    let Some(info) = process_info::read(pid) else {
        return false;
    };
    if !started_together(o, &info) {
        return false;
    }
    let parent = o.get("Parent").unwrap_or(Value::Null);
    o.set_many(properties(&info, parent));
    true
}

/// Processes read once and turned into objects on demand, each parent linked to the same
/// object as its children (so `Get-Process` builds every object once).
#[derive(Default)]
pub struct Snapshot {
    infos: HashMap<i32, ProcInfo>,
    objects: HashMap<i32, PsObject>,
    /// Every process, in `/proc` order, when the snapshot was taken of all of them.
    order: Vec<i32>,
}

impl Snapshot {
    /// A snapshot that reads processes as they are asked for.
    pub fn lazy() -> Snapshot {
        Snapshot::default()
    }

    /// A snapshot of every process.
    pub fn all() -> Snapshot {
        let mut s = Snapshot::default();
        for info in process_info::all() {
            s.order.push(info.pid);
            s.infos.insert(info.pid, info);
        }
        s
    }

    /// The ids and names of every process in an [`all`](Snapshot::all) snapshot.
    pub fn names(&self) -> Vec<(i32, String)> {
        self.order
            .iter()
            .filter_map(|pid| self.infos.get(pid).map(|i| (*pid, i.name.clone())))
            .collect()
    }

    fn info(&mut self, pid: i32) -> Option<ProcInfo> {
        if let Some(i) = self.infos.get(&pid) {
            return Some(i.clone());
        }
        let info = process_info::read(pid)?;
        self.infos.insert(pid, info.clone());
        Some(info)
    }

    /// The object of process `pid`, if it exists.
    pub fn object(&mut self, pid: i32) -> Option<PsObject> {
        let mut visiting = HashSet::new();
        self.object_visiting(pid, &mut visiting)
    }

    fn object_visiting(&mut self, pid: i32, visiting: &mut HashSet<i32>) -> Option<PsObject> {
        if let Some(o) = self.objects.get(&pid) {
            return Some(o.clone());
        }
        let info = self.info(pid)?;
        visiting.insert(pid);
        // PowerShell's `Parent` is the process with the parent's id only when it started
        // no later than the child (the id may have been reused since).
        let parent = if info.ppid > 0 && !visiting.contains(&info.ppid) {
            match self.info(info.ppid) {
                Some(p) if p.start_ticks <= info.start_ticks => self
                    .object_visiting(info.ppid, visiting)
                    .map_or(Value::Null, Value::Object),
                _ => Value::Null,
            }
        } else {
            Value::Null
        };
        let o = build(&info, parent);
        self.objects.insert(pid, o.clone());
        Some(o)
    }
}
