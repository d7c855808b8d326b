//! Ctrl+C: it stops the running pipeline (a second Ctrl+C while stopping ends rosh), and a
//! server ignores it, since the client sends stops over the protocol. signal-hook installs
//! the handlers.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use signal_hook::consts::SIGINT;

/// The exit code when a second Ctrl+C ends rosh (128 + SIGINT).
const INTERRUPTED: i32 = 130;

/// Ctrl+C sets `stop`; if it is already set (the pipeline has not stopped yet), rosh exits.
pub fn stop_on_ctrl_c(stop: Arc<AtomicBool>) {
    // Without handlers Ctrl+C ends rosh at once, which is the fallback anyway.
    let _ = signal_hook::flag::register_conditional_shutdown(SIGINT, INTERRUPTED, stop.clone());
    let _ = signal_hook::flag::register(SIGINT, stop);
}

/// Ctrl+C does nothing.
pub fn ignore_ctrl_c() {
    let _ = signal_hook::flag::register(SIGINT, Arc::new(AtomicBool::new(false)));
}

/// Ctrl+C while a command runs sets `stop`, however often it is pressed: the interactive
/// shell goes back to its prompt rather than ending.
pub fn stop_on_ctrl_c_interactive(stop: Arc<AtomicBool>) {
    let _ = signal_hook::flag::register(SIGINT, stop);
}
