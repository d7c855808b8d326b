//! What the remoting commands share: sessions and their registry, SSH targets from the
//! commands' parameters, the fan-out of one pipeline over many targets, script blocks made ready to travel, and delivering what comes
//! back into the local pipeline and streams.

pub mod deliver;
pub mod fan_out;
pub mod host_calls;
pub mod interactive;
pub mod jobs;
pub mod progress;
pub mod script;
pub mod sessions;
pub mod ssh;
pub mod to_commands;

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use rosh_runtime::{Eval, Runspace, Sink};

use deliver::{Stamp, deliver};
use fan_out::FanOut;

/// How long the foreground waits for a delivery before it looks at the stop flag.
const POLL: Duration = Duration::from_millis(50);

/// How long a stopped fan-out may take to wind down before the command returns anyway.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// Delivers a fan-out's results into the local pipeline as they arrive, until every target
/// is done. A local stop (Ctrl+C) stops every remote pipeline, then ends the command. With
/// more than one target, a progress bar counts the targets done (drawn when the host has a
/// terminal and `$ProgressPreference` allows).
pub fn drain(rs: &mut Runspace, out: &mut dyn Sink, fan: FanOut, how: Stamp) -> Eval<()> {
    let mut progress = progress::FanOutProgress::new(fan.targets);
    let result = drain_counted(rs, out, &fan, how, &mut progress);
    progress.complete(rs);
    result
}

fn drain_counted(
    rs: &mut Runspace,
    out: &mut dyn Sink,
    fan: &FanOut,
    how: Stamp,
    progress: &mut progress::FanOutProgress,
) -> Eval<()> {
    progress.show(rs);
    loop {
        match fan.deliveries.recv_timeout(POLL) {
            Ok(d) => {
                progress.note(&d);
                let done = deliver::is_final(&d);
                if let Err(e) = deliver(rs, out, d, how) {
                    fan.stop();
                    return Err(e);
                }
                if done {
                    progress.show(rs);
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if rs.stopping() {
                    fan.stop();
                    let deadline = std::time::Instant::now() + STOP_GRACE;
                    while std::time::Instant::now() < deadline {
                        match fan.deliveries.recv_timeout(POLL) {
                            Err(RecvTimeoutError::Disconnected) => break,
                            _ => continue,
                        }
                    }
                    return rs.check_stop();
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

/// The output objects a fan-out produced, deserialized, once every target is done; records,
/// host calls and failures are dropped (the remote prompt has no use for them).
pub fn serialized_output(fan: FanOut) -> Vec<rosh_runtime::Value> {
    let mut out = Vec::new();
    while let Ok(d) = fan.deliveries.recv_timeout(STOP_GRACE) {
        if let fan_out::Delivered::Event(rosh_remoting::session::PipelineEvent::Output(xml)) =
            d.what
            && let Ok(v) = deliver::read_object(&xml)
        {
            out.push(v);
        }
    }
    out
}
