//! Running one pipeline on many targets at once (computers or open sessions), at most
//! `-ThrottleLimit` at a time, with everything they produce delivered on one channel as it
//! arrives. Invoke-Command reads the channel in the foreground; jobs read it on a thread.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosh_remoting::bodies::{CommandSpec, PipelineSpec};
use rosh_remoting::session::{PipelineEvent, RemoteSession};
use rosh_remoting::state::PipelineState;
use rosh_runtime::ErrorRecord;
use rosh_runtime::language_mode::LanguageMode;
use uuid::Uuid;

use rosh_remoting::ssh::SshTarget;

use super::sessions::{Destination, ServerProgram, SessionEntry, connect};

/// How long a temporary session's server may take to end after it was closed.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// How often a waiting target looks at the stop flag.
const POLL: Duration = Duration::from_millis(50);

/// Where one copy of the pipeline runs.
#[derive(Clone, Debug)]
pub enum Target {
    /// A computer: a session is opened for the run and closed after.
    Computer(String),
    /// A host over SSH: a session is opened for the run and closed after.
    Ssh(SshTarget),
    /// An open session.
    Session(SessionEntry),
}

/// Something one target produced.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The target's computer name.
    pub computer: String,
    /// The remote runspace's id (nil when no session opened).
    pub runspace_id: Uuid,
    /// What happened.
    pub what: Delivered,
}

/// What a target produced.
#[derive(Debug, Clone)]
pub enum Delivered {
    /// A pipeline event.
    Event(PipelineEvent),
    /// The session could not open.
    OpenFailed(Box<ErrorRecord>),
}

/// The serialized input objects of a fan-out, which may still be arriving: every target
/// gets every object, in order, as it comes.
#[derive(Debug, Default)]
pub struct InputFeed {
    state: Mutex<(Vec<String>, bool)>,
}

impl InputFeed {
    /// A feed holding `items`, already complete.
    pub fn complete(items: Vec<String>) -> Arc<InputFeed> {
        Arc::new(InputFeed {
            state: Mutex::new((items, true)),
        })
    }

    /// An open feed; [`InputFeed::push`] adds objects and [`InputFeed::end`] closes it.
    pub fn open() -> Arc<InputFeed> {
        Arc::new(InputFeed::default())
    }

    /// Adds one serialized object.
    pub fn push(&self, item: String) {
        match self.state.lock() {
            Ok(mut s) => s.0.push(item),
            Err(p) => p.into_inner().0.push(item),
        }
    }

    /// No more objects come.
    pub fn end(&self) {
        match self.state.lock() {
            Ok(mut s) => s.1 = true,
            Err(p) => p.into_inner().1 = true,
        }
    }

    /// The objects from `from` on, and whether the feed has ended.
    fn since(&self, from: usize) -> (Vec<String>, bool) {
        let read = |s: &(Vec<String>, bool)| (s.0.get(from..).unwrap_or_default().to_vec(), s.1);
        match self.state.lock() {
            Ok(s) => read(&s),
            Err(p) => read(&p.into_inner()),
        }
    }
}

/// A running fan-out.
pub struct FanOut {
    /// Everything the targets produce, in arrival order; disconnected when all are done.
    pub deliveries: Receiver<Delivery>,
    /// How many targets the run has.
    pub targets: usize,
    stop: Arc<AtomicBool>,
}

impl FanOut {
    /// Starts `spec` on every target, at most `throttle` at once, feeding each the same
    /// serialized `input` as it arrives.
    pub fn start(
        targets: Vec<Target>,
        spec: PipelineSpec,
        input: Arc<InputFeed>,
        throttle: usize,
        server: ServerProgram,
    ) -> FanOut {
        let server = Arc::new(server);
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let count = targets.len();
        let queue = Arc::new(Mutex::new(targets.into_iter().collect::<VecDeque<_>>()));
        let workers = throttle.max(1).min(queue_len(&queue));
        let spec = Arc::new(spec);
        for _ in 0..workers {
            let queue = queue.clone();
            let tx = tx.clone();
            let stop = stop.clone();
            let spec = spec.clone();
            let input = input.clone();
            let server = server.clone();
            // A worker that cannot start leaves its targets to the others.
            let _ = std::thread::Builder::new()
                .name("fan-out".into())
                .spawn(move || {
                    while let Some(target) = pop(&queue) {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        if !run_target(target, &spec, &input, &tx, &stop, &server) {
                            break;
                        }
                    }
                });
        }
        FanOut {
            deliveries: rx,
            targets: count,
            stop,
        }
    }

    /// Stops every running pipeline; targets not started yet are skipped.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// The flag [`FanOut::stop`] sets.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }
}

fn queue_len(queue: &Mutex<VecDeque<Target>>) -> usize {
    match queue.lock() {
        Ok(q) => q.len(),
        Err(p) => p.into_inner().len(),
    }
}

fn pop(queue: &Mutex<VecDeque<Target>>) -> Option<Target> {
    match queue.lock() {
        Ok(mut q) => q.pop_front(),
        Err(p) => p.into_inner().pop_front(),
    }
}

/// Runs the pipeline on one target; false when nobody listens any more.
fn run_target(
    target: Target,
    spec: &PipelineSpec,
    input: &InputFeed,
    tx: &Sender<Delivery>,
    stop: &AtomicBool,
    server: &ServerProgram,
) -> bool {
    let broken = |computer: String, runspace_id: Uuid, why: String| {
        tx.send(Delivery {
            computer,
            runspace_id,
            what: Delivered::Event(PipelineEvent::Broken(why)),
        })
        .is_ok()
    };
    let destination = match target {
        Target::Computer(c) => Destination::Computer(c),
        Target::Ssh(t) => Destination::Ssh(t),
        Target::Session(e) => {
            // A session opened before its runspace was restricted follows it down first.
            if let Err(why) =
                follow_language_mode(&e.session, e.language_mode(), server.language_mode, stop)
            {
                return broken(e.computer.clone(), e.session.runspace_id(), why);
            }
            if server.language_mode.restrictiveness() > e.language_mode().restrictiveness() {
                e.set_language_mode(server.language_mode);
            }
            return run_pipeline(e.session, e.computer, false, spec, input, tx, stop);
        }
    };
    let computer = destination.computer().to_string();
    match connect(&destination, server) {
        // An SSH server cannot be told the mode on its command line: lower it first.
        Ok(s) if matches!(destination, Destination::Ssh(_)) => {
            match follow_language_mode(&s, LanguageMode::FullLanguage, server.language_mode, stop) {
                Ok(()) => run_pipeline(s, computer, true, spec, input, tx, stop),
                Err(why) => {
                    let id = s.runspace_id();
                    s.close();
                    broken(computer, id, why)
                }
            }
        }
        Ok(s) => run_pipeline(s, computer, true, spec, input, tx, stop),
        Err(e) => tx
            .send(Delivery {
                computer,
                runspace_id: Uuid::nil(),
                what: Delivered::OpenFailed(e),
            })
            .is_ok(),
    }
}

/// Puts a session's server, now in `current`, in `mode` when it runs less restricted:
/// script from a restricted runspace never runs unrestricted on a session it opened
/// earlier or over SSH.
fn follow_language_mode(
    session: &RemoteSession,
    current: LanguageMode,
    mode: LanguageMode,
    stop: &AtomicBool,
) -> Result<(), String> {
    if current.restrictiveness() >= mode.restrictiveness() {
        return Ok(());
    }
    let text = format!(
        "$ExecutionContext.SessionState.LanguageMode = '{}'",
        mode.name()
    );
    let mut spec = PipelineSpec::new(vec![CommandSpec::script(&text)]);
    spec.no_input = true;
    let refused = |why: &str| format!("The session could not be put in {mode} mode: {why}");
    let pipeline = session.start(spec).map_err(|e| refused(&e.to_string()))?;
    loop {
        match pipeline.next_event(POLL) {
            Ok(PipelineEvent::Finished {
                state: PipelineState::Completed,
                ..
            }) => return Ok(()),
            Ok(PipelineEvent::Finished { state, .. }) => {
                return Err(refused(&format!("{state:?}")));
            }
            Ok(PipelineEvent::Broken(why)) => return Err(refused(&why)),
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) if stop.load(Ordering::SeqCst) => {
                pipeline.stop();
                return Err(refused("stopped"));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(refused("the session ended")),
        }
    }
}

/// Runs the pipeline in an open session (closed after when `temporary`); false when nobody
/// listens any more.
fn run_pipeline(
    session: RemoteSession,
    computer: String,
    temporary: bool,
    spec: &PipelineSpec,
    input: &InputFeed,
    tx: &Sender<Delivery>,
    stop: &AtomicBool,
) -> bool {
    let runspace_id = session.runspace_id();
    let send = |event: PipelineEvent| {
        tx.send(Delivery {
            computer: computer.clone(),
            runspace_id,
            what: Delivered::Event(event),
        })
        .is_ok()
    };
    let listening = match session.start(spec.clone()) {
        Err(e) => send(PipelineEvent::Broken(e.to_string())),
        Ok(pipeline) => {
            // Input goes over as it arrives; the input ends when the feed does.
            let mut sent = 0;
            let mut input_open = !spec.no_input;
            let mut forward = |pipeline: &rosh_remoting::session::RemotePipeline| {
                if !input_open {
                    return;
                }
                let (items, ended) = input.since(sent);
                sent += items.len();
                for item in items {
                    pipeline.send_input(item);
                }
                if ended {
                    pipeline.end_input();
                    input_open = false;
                }
            };
            let mut stop_sent = false;
            let mut listening = true;
            loop {
                forward(&pipeline);
                match pipeline.next_event(POLL) {
                    Ok(event) => {
                        let done = matches!(
                            event,
                            PipelineEvent::Finished { .. } | PipelineEvent::Broken(_)
                        );
                        if listening && !send(event) {
                            // Nobody reads: stop the remote pipeline and wait for its end.
                            listening = false;
                            pipeline.stop();
                            stop_sent = true;
                        }
                        if done {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        if stop.load(Ordering::SeqCst) && !stop_sent {
                            pipeline.stop();
                            stop_sent = true;
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            listening
        }
    };
    if temporary {
        // Let the server end before the caller (perhaps the whole process) moves on, but
        // free this throttle slot now: a closing thread holds the delivery channel open
        // until the server has ended, so the caller still waits for it.
        let closing = session.clone();
        let holder = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("session-close".into())
            .spawn(move || {
                closing.close_and_wait(CLOSE_WAIT);
                drop(holder);
            });
        if spawned.is_err() {
            session.close_and_wait(CLOSE_WAIT);
        }
    }
    listening
}
