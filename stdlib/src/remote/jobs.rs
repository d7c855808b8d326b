//! Jobs: a fan-out running on its own thread, its results kept until Receive-Job takes
//! them. Start-Job runs its block in a child `rosh -s` process (as PowerShell runs background
//! jobs out of process); Invoke-Command -AsJob has one child job per target.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rosh_remoting::session::PipelineEvent;
use rosh_remoting::state::PipelineState;
use rosh_runtime::value::{Array, PsObject};
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};
use uuid::Uuid;

use super::deliver::{Stamp, deliver, is_final};
use super::fan_out::{Delivered, Delivery, FanOut};

/// The type names of job objects.
pub const JOB_TYPES: &[&str] = &[
    "System.Management.Automation.PSRemotingJob",
    "System.Management.Automation.Job",
    "System.Object",
];

/// A job's state, as PowerShell names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Started, not finished.
    Running,
    /// Ran to its end.
    Completed,
    /// Ended with an error.
    Failed,
    /// Stopped by Stop-Job.
    Stopped,
}

impl JobState {
    /// PowerShell's name.
    pub fn name(self) -> &'static str {
        match self {
            JobState::Running => "Running",
            JobState::Completed => "Completed",
            JobState::Failed => "Failed",
            JobState::Stopped => "Stopped",
        }
    }

    /// Whether it is over.
    pub fn is_finished(self) -> bool {
        self != JobState::Running
    }
}

/// One target's share of a job.
struct Child {
    computer: String,
    object: PsObject,
    state: JobState,
    results: Vec<Delivery>,
    /// How many of `results` Receive-Job has taken (with `-Keep` they stay).
    read: usize,
}

struct Inner {
    state: JobState,
    children: Vec<Child>,
}

/// What the job's thread and the commands share.
pub struct JobShared {
    inner: Mutex<Inner>,
    /// The fan-out's stop flag: set by Stop-Job.
    stop: Arc<AtomicBool>,
    parent: PsObject,
    stamp: Stamp,
}

impl JobShared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// The job's state.
    pub fn state(&self) -> JobState {
        self.lock().state
    }

    /// Asks every target to stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    fn update_objects(&self, inner: &Inner) {
        let more = inner.children.iter().any(|c| c.read < c.results.len());
        self.parent.set("State", Value::str(inner.state.name()));
        self.parent.set("HasMoreData", Value::Bool(more));
        for c in &inner.children {
            c.object.set("State", Value::str(c.state.name()));
            c.object
                .set("HasMoreData", Value::Bool(c.read < c.results.len()));
        }
    }

    /// Takes the results not read yet (all of them again with `keep`), oldest first.
    fn take(&self, keep: bool) -> Vec<Delivery> {
        let mut inner = self.lock();
        let mut out = Vec::new();
        for c in &mut inner.children {
            out.extend(c.results[c.read..].iter().cloned());
            if !keep {
                c.read = c.results.len();
            }
        }
        self.update_objects(&inner);
        out
    }
}

/// One job of the runspace.
#[derive(Clone)]
pub struct JobEntry {
    /// `Id`.
    pub id: i32,
    /// `Name`.
    pub name: String,
    /// The object scripts hold; the job's thread keeps it current.
    pub object: PsObject,
    /// The shared state.
    pub shared: Arc<JobShared>,
}

/// The runspace's jobs (a runspace extension).
#[derive(Default)]
pub struct Jobs {
    next_id: i32,
    /// The jobs, oldest first.
    pub list: Vec<JobEntry>,
}

impl Jobs {
    fn next_id(&mut self) -> i32 {
        self.next_id += 1;
        self.next_id
    }
}

/// What a new job is.
pub struct JobSpec {
    /// `-Name`, or `Job<Id>`.
    pub name: Option<String>,
    /// `BackgroundJob` or `RemoteJob`.
    pub type_name: &'static str,
    /// The script text, for the `Command` column.
    pub command: String,
    /// The targets' computer names, in order.
    pub computers: Vec<String>,
    /// How output is stamped when received.
    pub stamp: Stamp,
}

/// Starts a job over a fan-out that is already running; returns its object.
pub fn start(rs: &mut Runspace, spec: JobSpec, fan: FanOut) -> JobEntry {
    let jobs = rs.extension::<Jobs>();
    let id = jobs.next_id();
    let name = spec.name.clone().unwrap_or_else(|| format!("Job{id}"));
    let parent = PsObject::with_type_names(JOB_TYPES.iter().map(|s| s.to_string()).collect());
    let mut children = Vec::new();
    let mut child_values = Vec::new();
    for computer in &spec.computers {
        let child_id = jobs.next_id();
        let o = PsObject::with_type_names(JOB_TYPES.iter().map(|s| s.to_string()).collect());
        o.set_many(vec![
            ("Id".into(), Value::Int(child_id)),
            ("Name".into(), Value::str(format!("Job{child_id}"))),
            ("PSJobTypeName".into(), Value::str(spec.type_name)),
            ("State".into(), Value::str("Running")),
            ("HasMoreData".into(), Value::Bool(false)),
            ("Location".into(), Value::str(computer)),
            ("Command".into(), Value::str(spec.command.trim())),
            ("InstanceId".into(), Value::Guid(Uuid::new_v4())),
        ]);
        child_values.push(Value::Object(o.clone()));
        children.push(Child {
            computer: computer.clone(),
            object: o,
            state: JobState::Running,
            results: Vec::new(),
            read: 0,
        });
    }
    parent.set_many(vec![
        ("Id".into(), Value::Int(id)),
        ("Name".into(), Value::str(&name)),
        ("PSJobTypeName".into(), Value::str(spec.type_name)),
        ("State".into(), Value::str("Running")),
        ("HasMoreData".into(), Value::Bool(false)),
        ("Location".into(), Value::str(spec.computers.join(","))),
        ("Command".into(), Value::str(spec.command.trim())),
        ("InstanceId".into(), Value::Guid(Uuid::new_v4())),
        ("ChildJobs".into(), Value::Array(Array::new(child_values))),
    ]);
    parent.set_to_string("System.Management.Automation.PSRemotingJob".into());
    let shared = Arc::new(JobShared {
        inner: Mutex::new(Inner {
            state: JobState::Running,
            children,
        }),
        stop: fan.stop_flag(),
        parent: parent.clone(),
        stamp: spec.stamp,
    });
    let thread_shared = shared.clone();
    // Without a thread the job can only fail; the object says so.
    let spawned = std::thread::Builder::new()
        .name(format!("job-{id}"))
        .spawn(move || collect(fan, &thread_shared));
    if spawned.is_err() {
        let mut inner = shared.lock();
        inner.state = JobState::Failed;
        shared.update_objects(&inner);
    }
    let entry = JobEntry {
        id,
        name,
        object: parent,
        shared,
    };
    rs.extension::<Jobs>().list.push(entry.clone());
    entry
}

/// The job's thread: files each delivery under its target and keeps the states current.
fn collect(fan: FanOut, shared: &JobShared) {
    for mut d in fan.deliveries.iter() {
        // A job has no user to ask: a host call that wants an answer gets an error at once.
        if let Delivered::Event(PipelineEvent::HostCall { reply, .. }) = &mut d.what {
            reply.take();
        }
        let mut inner = shared.lock();
        let finished = is_final(&d);
        let child_state = match &d.what {
            Delivered::OpenFailed(_) => JobState::Failed,
            Delivered::Event(PipelineEvent::Finished { state, .. }) => match state {
                PipelineState::Completed => JobState::Completed,
                PipelineState::Stopped => JobState::Stopped,
                _ => JobState::Failed,
            },
            Delivered::Event(PipelineEvent::Broken(_)) => JobState::Failed,
            _ => JobState::Running,
        };
        if let Some(c) = inner
            .children
            .iter_mut()
            .find(|c| c.computer == d.computer && c.state == JobState::Running)
        {
            if finished {
                c.state = child_state;
            }
            c.results.push(d);
        }
        shared.update_objects(&inner);
    }
    let mut inner = shared.lock();
    let stopped = shared.stop.load(Ordering::SeqCst);
    for c in &mut inner.children {
        if c.state == JobState::Running {
            c.state = if stopped {
                JobState::Stopped
            } else {
                JobState::Failed
            };
        }
    }
    inner.state = if inner.children.iter().any(|c| c.state == JobState::Failed) {
        JobState::Failed
    } else if stopped || inner.children.iter().any(|c| c.state == JobState::Stopped) {
        JobState::Stopped
    } else {
        JobState::Completed
    };
    shared.update_objects(&inner);
}

/// Delivers a job's unread results into the local pipeline (Receive-Job).
pub fn receive(rs: &mut Runspace, out: &mut dyn Sink, job: &JobEntry, keep: bool) -> Eval<()> {
    for d in job.shared.take(keep) {
        deliver(rs, out, d, job.shared.stamp)?;
    }
    Ok(())
}

/// Brings every job object's `State` and `HasMoreData` up to date.
pub fn refresh(job: &JobEntry) {
    let inner = job.shared.lock();
    job.shared.update_objects(&inner);
}

/// The jobs a command's `-Job`, `-Id` or `-Name` picks (all when none is given). Job values
/// are matched by `InstanceId`.
pub fn select(
    rs: &mut Runspace,
    jobs: Option<&Value>,
    ids: &[i32],
    names: &[String],
) -> Vec<JobEntry> {
    let all = rs.extension::<Jobs>().list.clone();
    if let Some(v) = jobs {
        let wanted: Vec<Value> = crate::util::items(Some(v))
            .iter()
            .filter_map(|j| match j {
                Value::Object(o) => o.get("InstanceId"),
                _ => None,
            })
            .collect();
        return all
            .into_iter()
            .filter(|e| {
                let mine = e.object.get("InstanceId").unwrap_or(Value::Null);
                wanted
                    .iter()
                    .any(|w| convert::to_str(w) == convert::to_str(&mine))
            })
            .collect();
    }
    if !ids.is_empty() {
        return all.into_iter().filter(|e| ids.contains(&e.id)).collect();
    }
    if !names.is_empty() {
        return all
            .into_iter()
            .filter(|e| {
                names
                    .iter()
                    .any(|n| crate::util::wildcard_match(n, &e.name))
            })
            .collect();
    }
    all
}

/// The jobs a job command works on: the piped job, or its `-Job`, `-Id` or `-Name`.
pub fn picked(
    rs: &mut Runspace,
    args: &rosh_runtime::command::BoundArgs,
    input: Option<Value>,
) -> Vec<JobEntry> {
    let given = input.or_else(|| args.get("Job").cloned());
    let ids: Vec<i32> = crate::util::strings(args, "Id")
        .iter()
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let names = crate::util::strings(args, "Name");
    select(rs, given.as_ref(), &ids, &names)
}
