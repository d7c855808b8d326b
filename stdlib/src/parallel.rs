//! `ForEach-Object -Parallel`: each input object runs the script block in a runspace of
//! its own on one of at most `-ThrottleLimit` threads. `$using:` values are read here, when
//! the command starts, and shared (as PowerShell passes references). Every worker runspace
//! is held to the caller's language mode, and Ctrl+C stops them all. What the workers write
//! comes back here, in the order it arrives.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rosh_lang::using::using_expressions;
use rosh_runtime::host::{Host, HostStream};
use rosh_runtime::value::ScriptBlockValue;
use rosh_runtime::{ErrorRecord, Eval, Flow, Runspace, Sink, Value};

/// The interpreter recurses over the syntax tree; worker threads need a deep stack.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// How long the caller waits for results before it looks at its stop flag.
const POLL: Duration = Duration::from_millis(50);

/// What a worker sends back.
enum Event {
    Output(Value),
    Error(Box<ErrorRecord>),
    Record(HostStream, String),
    HostText(String),
    Text(HostStream, String),
}

/// A worker runspace's host: everything goes back to the caller.
struct ForwardHost(Sender<Event>);

impl Host for ForwardHost {
    fn write(&mut self, stream: HostStream, text: &str) {
        let _ = self.0.send(Event::Text(stream, text.to_string()));
    }
    fn write_error_record(&mut self, error: &ErrorRecord) {
        let _ = self.0.send(Event::Error(Box::new(error.clone())));
    }
    fn write_record(&mut self, stream: HostStream, message: &str) {
        let _ = self.0.send(Event::Record(stream, message.to_string()));
    }
    fn write_host_text(&mut self, text: &str) {
        let _ = self.0.send(Event::HostText(text.to_string()));
    }
}

/// Output of a worker, sent back as it is produced.
struct ForwardSink(Sender<Event>);

impl Sink for ForwardSink {
    fn emit(&mut self, _rs: &mut Runspace, v: Value) -> Eval<()> {
        let _ = self.0.send(Event::Output(v));
        Ok(())
    }
}

/// A running `ForEach-Object -Parallel`.
pub struct Parallel {
    input: Option<Sender<Value>>,
    events: Receiver<Event>,
    stop: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

impl Parallel {
    /// Starts `throttle` workers for `block`, with its `$using:` values read from `rs` now.
    pub fn start(
        rs: &mut Runspace,
        block: &ScriptBlockValue,
        throttle: usize,
        timeout: Option<Duration>,
    ) -> Eval<Parallel> {
        let mut using = HashMap::new();
        for u in using_expressions(block.block(), &block.block().source) {
            let value = rs.eval(&crate::remote::script::without_using(&u.expr))?;
            using.insert(u.key_text(), value);
        }
        let (input_tx, input_rx) = std::sync::mpsc::channel::<Value>();
        let input_rx = Arc::new(Mutex::new(input_rx));
        let (events_tx, events) = std::sync::mpsc::channel::<Event>();
        // The caller's Ctrl+C, or the timeout, stops every worker.
        let stop = rs.stop_handle();
        let own_stop = Arc::new(AtomicBool::new(false));
        let mode = rs.session_language_mode();
        let location = rs.location().to_path_buf();
        for n in 0..throttle.max(1) {
            let input = input_rx.clone();
            let events = events_tx.clone();
            let block = block.clone();
            let using = using.clone();
            let location = location.clone();
            let own_stop = own_stop.clone();
            let caller_stop = stop.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("parallel-{n}"))
                .stack_size(STACK_SIZE)
                .spawn(move || {
                    let mut worker = Runspace::new(Box::new(ForwardHost(events.clone())));
                    crate::register(&mut worker);
                    worker.set_language_mode(mode);
                    worker.share_stop_handle(own_stop.clone());
                    worker.set_location(location);
                    worker.using_values = Some(using);
                    // `$using:` and error positions read the block's own text.
                    let text = block.block().source.clone();
                    worker.source = Some(rosh_runtime::interp::SourceInfo {
                        path: None,
                        lines: Arc::new(rosh_lang::LineIndex::new(&text)),
                        text,
                    });
                    loop {
                        let next = match input.lock() {
                            Ok(rx) => rx.recv(),
                            Err(p) => p.into_inner().recv(),
                        };
                        let Ok(item) = next else { break };
                        if caller_stop.load(Ordering::SeqCst) || own_stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let mut sink = ForwardSink(events.clone());
                        match worker.run_with_dollar_underscore(&block, item, &mut sink) {
                            Ok(()) | Err(Flow::Continue(_)) | Err(Flow::Break(_)) => {}
                            Err(Flow::Error(e)) if e.is_pipeline_stopped() => break,
                            Err(Flow::Error(e)) => {
                                let _ = events.send(Event::Error(e));
                            }
                            Err(_) => {}
                        }
                    }
                });
            if let Err(e) = spawned {
                return Err(Flow::error(
                    "ParallelThreadFailed",
                    rosh_runtime::error::ErrorCategory::ResourceUnavailable,
                    format!("ForEach-Object -Parallel could not start a thread: {e}"),
                ));
            }
        }
        Ok(Parallel {
            input: Some(input_tx),
            events,
            stop: own_stop,
            deadline: timeout.map(|t| Instant::now() + t),
        })
    }

    /// Hands one input object to the next free worker, then delivers what has come back.
    pub fn push(&mut self, rs: &mut Runspace, item: Value, out: &mut dyn Sink) -> Eval<()> {
        if let Some(tx) = &self.input {
            let _ = tx.send(item);
        }
        while let Ok(e) = self.events.try_recv() {
            deliver(rs, out, e)?;
        }
        Ok(())
    }

    /// No more input: delivers everything until every worker is done (or the timeout, or a
    /// stop, ends them).
    pub fn finish(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.input = None;
        loop {
            if rs.stopping() {
                self.stop.store(true, Ordering::SeqCst);
                return rs.check_stop();
            }
            if let Some(d) = self.deadline
                && Instant::now() >= d
            {
                self.stop.store(true, Ordering::SeqCst);
                self.deadline = None;
                rs.write_error(ErrorRecord::new(
                    "ParallelPipedInputProcessingTimeout,Microsoft.PowerShell.Commands.ForEachObjectCommand",
                    rosh_runtime::error::ErrorCategory::OperationStopped,
                    "The ForEach-Object -Parallel parameter timed out and the remaining running script blocks were stopped.",
                ))?;
            }
            match self.events.recv_timeout(POLL) {
                Ok(e) => deliver(rs, out, e)?,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    }
}

impl Drop for Parallel {
    fn drop(&mut self) {
        // A caller that ends early (an error downstream) stops the workers.
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn deliver(rs: &mut Runspace, out: &mut dyn Sink, e: Event) -> Eval<()> {
    match e {
        Event::Output(v) => out.emit(rs, v),
        Event::Error(e) => rs.write_error(*e),
        Event::Record(stream, message) => {
            rs.write_stream(stream, &message, false);
            Ok(())
        }
        Event::HostText(text) => {
            rs.write_stream(HostStream::Information, &text, true);
            Ok(())
        }
        Event::Text(stream, text) => {
            rs.host_write(stream, &text);
            Ok(())
        }
    }
}
