//! rosh remoting: the PowerShell Remoting Protocol (MS-PSRP).
//!
//! Layers, from the wire up (each its own module, each testable alone):
//!
//! - [`outofproc`]: the OutOfProc transport's line packets (`<Data>`, `<DataAck>`, ...) and
//!   the sans-I/O client and server halves that apply PowerShell's acknowledgement rules.
//! - [`fragment`]: fragments and reassembly of messages.
//! - [`message`]: the 40-byte message header and the CLIXML body.
//! - [`clixml`], [`bodies`], [`capability`]: the protocol objects the core writes and reads.
//! - [`state`], [`client`], [`server`]: the runspace-pool and pipeline state machines of
//!   both ends. Sans-I/O: messages in, messages and events out.
//! - [`engine`]: the server's execution engine: runs the pipelines the server core reports
//!   in runspaces a [`engine::RunspaceFactory`] makes, one thread per pool.
//! - [`session`]: a client session for synchronous callers: a pool on a server process,
//!   driven by its own I/O thread, many pipelines at once.
//! - [`ssh`]: OpenSSH as a transport: the `ssh -s host subsystem` command line and ssh's
//!   standard error read into the reason a connection failed.
//! - [`records`]: error and informational records in their remoting shape.
//! - [`transport`]: tokio, the only I/O: a line connection over any byte stream and a child
//!   process's stdio.

pub mod bodies;
pub mod capability;
pub mod client;
pub mod clixml;
pub mod crypto;
pub mod engine;
pub mod fragment;
pub mod key_exchange;
pub mod limits;
pub mod message;
pub mod outofproc;
pub mod records;
pub mod server;
pub mod session;
pub mod ssh;
pub mod state;
pub mod transport;

pub use limits::Limits;
