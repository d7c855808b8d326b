//! tokio transports: OutOfProc packets over any byte stream, a child process's stdio, and a
//! client session driving [`ClientPool`] over them. The only module that does I/O.
//!
//! The split follows mini-redis: [`Connection`] turns bytes into [`Packet`]s (bounded line
//! reads, one flush per packet); [`ClientSession`] drives the sans-I/O client core and the
//! OutOfProc client half over a connection.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command};
use uuid::Uuid;

use crate::bodies::{HostResult, PipelineSpec};
use crate::client::{ClientError, ClientEvent, ClientPool, RecordKind};
use crate::crypto::SessionKey;
use crate::limits::{DEFAULT_FRAGMENT_SIZE, Limits};
use crate::outofproc::client::{OutOfProcClient, OutOfProcError, Received};
use crate::outofproc::{Packet, PacketError};
use crate::state::{PipelineState, RunspacePoolState};

/// What went wrong on a connection.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A line that is not a packet.
    #[error(transparent)]
    Packet(#[from] PacketError),
    /// OutOfProc rules broken.
    #[error(transparent)]
    OutOfProc(#[from] OutOfProcError),
    /// PSRP rules broken, or a call the pool cannot take.
    #[error(transparent)]
    Protocol(#[from] ClientError),
    /// The peer closed the connection.
    #[error("the connection closed")]
    Closed,
    /// The runspace pool broke or closed.
    #[error("the runspace pool is {0:?}")]
    PoolState(RunspacePoolState),
    /// No answer in time.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
}

/// OutOfProc packets over a reader and a writer (a pipe pair, a child's stdio, ssh's stdio).
#[derive(Debug)]
pub struct Connection<R, W> {
    reader: BufReader<R>,
    /// `None` once shut down: dropping the writer is what closes a pipe.
    writer: Option<BufWriter<W>>,
    line: Vec<u8>,
    max_line: usize,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> Connection<R, W> {
    /// A connection whose lines may be at most `limits.max_line_length` bytes.
    pub fn new(reader: R, writer: W, limits: &Limits) -> Self {
        Connection {
            reader: BufReader::new(reader),
            writer: Some(BufWriter::new(writer)),
            line: Vec::new(),
            max_line: limits.max_line_length,
        }
    }

    /// Reads the next packet; `None` at end of stream or at an empty line (PowerShell's
    /// signal that the peer went away).
    ///
    /// Cancel-safe: a partly read line stays buffered for the next call, so the read may sit
    /// in a `tokio::select!`.
    pub async fn read_packet(&mut self) -> Result<Option<Packet>, TransportError> {
        loop {
            let available = self.reader.fill_buf().await?;
            if available.is_empty() {
                if self.line.is_empty() {
                    return Ok(None);
                }
                break;
            }
            let (taken, done) = match available.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let keep = if done { taken - 1 } else { taken };
            if self.line.len() + keep > self.max_line {
                return Err(PacketError::LineTooLong {
                    length: self.line.len() + keep,
                    limit: self.max_line,
                }
                .into());
            }
            self.line.extend_from_slice(&available[..keep]);
            self.reader.consume(taken);
            if done {
                break;
            }
        }
        let mut line = std::mem::take(&mut self.line);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let text = std::str::from_utf8(&line).map_err(|_| PacketError::NotUtf8)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(Packet::parse_line(text)?))
    }

    /// Writes one packet as a line and flushes it.
    pub async fn write_packet(&mut self, packet: &Packet) -> Result<(), TransportError> {
        self.queue_packet(packet).await?;
        self.flush().await
    }

    /// Writes one packet as a line into the buffer; [`Connection::flush`] sends what is
    /// queued. Packets that go together leave in one write, so a stream that goes through
    /// sshd (whose socket keeps Nagle's algorithm for non-interactive sessions) does not wait
    /// for a delayed acknowledgement between them.
    pub async fn queue_packet(&mut self, packet: &Packet) -> Result<(), TransportError> {
        let writer = self.writer.as_mut().ok_or(TransportError::Closed)?;
        let mut line = packet.to_line();
        line.push('\n');
        writer.write_all(line.as_bytes()).await?;
        Ok(())
    }

    /// Sends the queued packets.
    pub async fn flush(&mut self) -> Result<(), TransportError> {
        let writer = self.writer.as_mut().ok_or(TransportError::Closed)?;
        writer.flush().await?;
        Ok(())
    }

    /// Closes the writing side: flushes, shuts down and drops the writer, so the peer sees
    /// end of stream (a child's stdin pipe closes only when dropped). Later writes fail
    /// with [`TransportError::Closed`].
    pub async fn shutdown(&mut self) -> Result<(), TransportError> {
        if let Some(mut writer) = self.writer.take() {
            writer.flush().await?;
            writer.shutdown().await?;
        }
        Ok(())
    }
}

/// How a server process is started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpawnOptions {
    /// Pipe its standard error to the caller instead of inheriting it.
    pub capture_stderr: bool,
    /// Start it in a process group of its own, so the Ctrl+C of the caller's terminal does
    /// not reach it (ssh: the client sends a PSRP stop instead, and the session lives on).
    pub own_process_group: bool,
}

/// Starts `program` with `args` (e.g. `rosh -s`, `pwsh -s`, `ssh -s host powershell`) and
/// returns a connection over its stdin/stdout. Its stderr is inherited; the child is killed
/// when the returned [`Child`] is dropped.
pub fn spawn(
    program: &str,
    args: &[&str],
    limits: &Limits,
) -> Result<(Connection<ChildStdout, ChildStdin>, Child), TransportError> {
    let (connection, child, _) = spawn_with(program, args, limits, SpawnOptions::default())?;
    Ok((connection, child))
}

/// A started server process: the connection over its stdio, the process, and its standard
/// error when captured.
pub type Spawned = (
    Connection<ChildStdout, ChildStdin>,
    Child,
    Option<ChildStderr>,
);

/// [`spawn`] with options; the child's standard error when it is captured.
pub fn spawn_with(
    program: &str,
    args: &[&str],
    limits: &Limits,
    options: SpawnOptions,
) -> Result<Spawned, TransportError> {
    spawn_with_env(program, args, &[], limits, options)
}

/// [`spawn_with`] with environment changes: each variable set (`Some`) or removed (`None`).
pub fn spawn_with_env(
    program: &str,
    args: &[&str],
    env: &[(String, Option<String>)],
    limits: &Limits,
    options: SpawnOptions,
) -> Result<Spawned, TransportError> {
    let mut command = Command::new(program);
    for (name, value) in env {
        match value {
            Some(v) => command.env(name, v),
            None => command.env_remove(name),
        };
    }
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(if options.capture_stderr {
            Stdio::piped()
        } else {
            Stdio::inherit()
        })
        .kill_on_drop(true);
    if options.own_process_group {
        command.process_group(0);
    }
    let mut child = command.spawn()?;
    let missing = || std::io::Error::other("child process without piped stdio");
    let stdin = child.stdin.take().ok_or_else(missing)?;
    let stdout = child.stdout.take().ok_or_else(missing)?;
    let stderr = child.stderr.take();
    Ok((Connection::new(stdout, stdin, limits), child, stderr))
}

/// The last lines a child wrote to its standard error, read on a task of their own so the
/// child never blocks on a full pipe. Bounded: at most [`StderrLog::MAX_LINES`] lines of at
/// most [`StderrLog::MAX_LINE`] bytes are kept, older lines dropped first.
#[derive(Debug)]
pub struct StderrLog {
    lines: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<String>>>,
    reader: tokio::task::JoinHandle<()>,
}

impl StderrLog {
    /// Lines kept.
    pub const MAX_LINES: usize = 64;
    /// Bytes kept of one line.
    pub const MAX_LINE: usize = 1024;

    /// Starts reading `stderr` on a task of the current runtime.
    pub fn start(stderr: ChildStderr) -> StderrLog {
        let lines = std::sync::Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
        let kept = lines.clone();
        let reader = tokio::spawn(async move {
            let mut reader = BufReader::new(stderr);
            let mut line: Vec<u8> = Vec::new();
            let push = |line: &mut Vec<u8>| {
                let text = String::from_utf8_lossy(line).trim_end().to_string();
                line.clear();
                let mut guard = match kept.lock() {
                    Ok(g) => g,
                    Err(p) => p.into_inner(),
                };
                if guard.len() == Self::MAX_LINES {
                    guard.pop_front();
                }
                guard.push_back(text);
            };
            loop {
                let available = match reader.fill_buf().await {
                    Ok(b) if !b.is_empty() => b,
                    _ => break,
                };
                let (taken, done) = match available.iter().position(|b| *b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (available.len(), false),
                };
                let room = Self::MAX_LINE.saturating_sub(line.len());
                let keep = taken - usize::from(done);
                line.extend_from_slice(&available[..keep.min(room)]);
                reader.consume(taken);
                if done {
                    push(&mut line);
                }
            }
            if !line.is_empty() {
                push(&mut line);
            }
        });
        StderrLog { lines, reader }
    }

    /// Waits at most `grace` for the child to close its standard error, then returns the
    /// lines kept.
    pub async fn finish(self, grace: Duration) -> Vec<String> {
        let mut reader = self.reader;
        if tokio::time::timeout(grace, &mut reader).await.is_err() {
            reader.abort();
        }
        match self.lines.lock() {
            Ok(g) => g.iter().cloned().collect(),
            Err(p) => p.into_inner().iter().cloned().collect(),
        }
    }
}

/// Sends what the client core has pending through the OutOfProc client half, as far as the
/// acknowledgement rules allow.
pub(crate) async fn send_pending<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(
    pool: &mut ClientPool,
    transport: &mut OutOfProcClient,
    connection: &mut Connection<R, W>,
) -> Result<(), TransportError> {
    while let Some(action) = pool.next_action() {
        transport.push_action(action)?;
    }
    transport.pump();
    let mut queued = false;
    while let Some(packet) = transport.next_packet() {
        connection.queue_packet(&packet).await?;
        queued = true;
    }
    if queued {
        connection.flush().await?;
    }
    Ok(())
}

/// Hands one packet from the server to the client core; true when it acknowledged the
/// session's close.
pub(crate) fn receive_packet(
    pool: &mut ClientPool,
    transport: &mut OutOfProcClient,
    packet: Packet,
) -> Result<bool, TransportError> {
    let mut session_closed = false;
    for received in transport.handle_packet(packet)? {
        match received {
            Received::Message(message) => pool.receive(message)?,
            Received::CloseAcknowledged(guid) if guid.is_nil() => {
                pool.close_acknowledged();
                session_closed = true;
            }
            Received::CloseAcknowledged(_) | Received::SignalAcknowledged(_) => {}
        }
    }
    Ok(session_closed)
}

/// Everything one pipeline produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PipelineResult {
    /// Output objects (serialized).
    pub output: Vec<String>,
    /// Records by kind, in arrival order (serialized).
    pub records: Vec<(RecordKind, String)>,
    /// Host calls received (method id, raw arguments).
    pub host_calls: Vec<(i32, Option<String>)>,
    /// The final state.
    pub state: Option<PipelineState>,
    /// The ErrorRecord of a failure or stop (serialized).
    pub error: Option<String>,
}

/// A client runspace pool over an OutOfProc connection.
///
/// Reads and writes happen in one task: all pending packets are written, then one is read.
/// What is written at once is bounded by the ack rules (one `<Data>` of at most one fragment
/// size per channel), so with the one or two channels this facade uses it stays below a
/// pipe's buffer and cannot deadlock against a peer that is busy writing. A client with many
/// concurrent pipelines should read on its own task.
#[derive(Debug)]
pub struct ClientSession<R, W> {
    connection: Connection<R, W>,
    transport: OutOfProcClient,
    pool: ClientPool,
    timeout: Duration,
    session_key: Option<SessionKey>,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> ClientSession<R, W> {
    /// Opens a runspace pool (1 runspace) over `connection` and waits until it is Opened.
    pub async fn open(
        connection: Connection<R, W>,
        limits: Limits,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        let mut session = ClientSession {
            connection,
            transport: OutOfProcClient::new(limits, DEFAULT_FRAGMENT_SIZE),
            pool: ClientPool::new(Uuid::new_v4(), 1, 1, limits),
            timeout,
            session_key: None,
        };
        session.pool.open()?;
        loop {
            match session.next_event("the runspace pool to open").await? {
                ClientEvent::PoolState {
                    state: RunspacePoolState::Opened,
                    ..
                } => return Ok(session),
                ClientEvent::PoolState { state, .. } if state.is_final() => {
                    return Err(TransportError::PoolState(state));
                }
                _ => {}
            }
        }
    }

    /// The session key, once an exchange (started by either end) has finished.
    pub fn session_key(&self) -> Option<&SessionKey> {
        self.session_key.as_ref()
    }

    /// The client core, for calls this facade does not wrap.
    pub fn pool(&mut self) -> &mut ClientPool {
        &mut self.pool
    }

    async fn flush(&mut self) -> Result<(), TransportError> {
        send_pending(&mut self.pool, &mut self.transport, &mut self.connection).await
    }

    /// Sends what is pending, then reads until the pool has an event for the caller.
    pub async fn next_event(
        &mut self,
        waiting_for: &'static str,
    ) -> Result<ClientEvent, TransportError> {
        loop {
            self.flush().await?;
            if let Some(event) = self.pool.next_event() {
                if let ClientEvent::SessionKey(key) = &event {
                    self.session_key = Some(key.clone());
                }
                return Ok(event);
            }
            self.read_one(waiting_for).await?;
        }
    }

    /// Reads and handles one packet; `Ok(true)` when it was the session's `<CloseAck>`.
    async fn read_one(&mut self, waiting_for: &'static str) -> Result<bool, TransportError> {
        let packet = tokio::time::timeout(self.timeout, self.connection.read_packet())
            .await
            .map_err(|_| TransportError::Timeout(waiting_for))??;
        let Some(packet) = packet else {
            self.pool.connection_lost();
            return Err(TransportError::Closed);
        };
        receive_packet(&mut self.pool, &mut self.transport, packet)
    }

    /// Starts a pipeline; returns its id.
    pub async fn start_pipeline(&mut self, spec: &PipelineSpec) -> Result<Uuid, TransportError> {
        let pid = Uuid::new_v4();
        self.pool.create_pipeline(pid, spec)?;
        self.flush().await?;
        Ok(pid)
    }

    /// Asks the server to stop pipeline `pid`.
    pub async fn stop(&mut self, pid: Uuid) -> Result<(), TransportError> {
        self.pool.stop(pid)?;
        self.flush().await
    }

    /// Collects pipeline `pid`'s streams until it finishes, then closes its channel. Host
    /// calls that want an answer get an empty string (interactive hosts come later).
    pub async fn collect(&mut self, pid: Uuid) -> Result<PipelineResult, TransportError> {
        let mut result = PipelineResult::default();
        loop {
            match self.next_event("pipeline output").await? {
                ClientEvent::Output { pid: p, data } if p == pid => result.output.push(data),
                ClientEvent::Record { pid: p, kind, data } if p == pid => {
                    result.records.push((kind, data));
                }
                ClientEvent::HostCall { pid: Some(p), call } if p == pid => {
                    if call.ci != crate::bodies::VOID_CALL_ID {
                        self.pool.host_response(
                            Some(pid),
                            call.ci,
                            call.method,
                            &HostResult::Value("<S></S>".into()),
                        )?;
                    }
                    result.host_calls.push((call.method, call.arguments));
                }
                ClientEvent::PipelineState {
                    pid: p,
                    state,
                    error,
                } if p == pid && state.is_terminal() => {
                    result.state = Some(state);
                    result.error = error;
                    self.pool.close_pipeline(pid)?;
                    self.flush().await?;
                    return Ok(result);
                }
                ClientEvent::PoolState { state, .. } if state.is_final() => {
                    return Err(TransportError::PoolState(state));
                }
                _ => {}
            }
        }
    }

    /// Runs one pipeline to its end.
    pub async fn run(&mut self, spec: &PipelineSpec) -> Result<PipelineResult, TransportError> {
        let pid = self.start_pipeline(spec).await?;
        self.collect(pid).await
    }

    /// Closes the pool, waits for the server's `<CloseAck>` and ends the connection.
    pub async fn close(mut self) -> Result<(), TransportError> {
        self.pool.close()?;
        loop {
            self.flush().await?;
            while self.pool.next_event().is_some() {}
            if self.read_one("the runspace pool to close").await? {
                break;
            }
        }
        self.connection.shutdown().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    async fn connection_over(
        text: &[u8],
        max_line: usize,
    ) -> Connection<tokio::io::DuplexStream, tokio::io::Sink> {
        let (mut a, b) = tokio::io::duplex(1 << 16);
        a.write_all(text).await.unwrap();
        drop(a);
        let limits = Limits {
            max_line_length: max_line,
            ..Limits::default()
        };
        Connection::new(b, tokio::io::sink(), &limits)
    }

    #[tokio::test]
    async fn reads_lines_with_either_line_end_and_stops_at_eof() {
        let text = b"<Close PSGuid='00000000-0000-0000-0000-000000000000' />\r\n<Signal PSGuid='00000000-0000-0000-0000-000000000001' />";
        let mut c = connection_over(text, 100).await;
        assert_eq!(
            c.read_packet().await.unwrap(),
            Some(Packet::Close { guid: Uuid::nil() })
        );
        assert_eq!(
            c.read_packet().await.unwrap(),
            Some(Packet::Signal {
                guid: Uuid::from_u128(1)
            })
        );
        assert_eq!(c.read_packet().await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_empty_line_ends_the_conversation() {
        let mut c = connection_over(
            b"\n<Close PSGuid='00000000-0000-0000-0000-000000000000' />\n",
            100,
        )
        .await;
        assert_eq!(c.read_packet().await.unwrap(), None);
    }

    #[tokio::test]
    async fn long_lines_and_peer_errors_are_reported() {
        let long = format!(
            "<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>{}</Data>\n",
            "A".repeat(200)
        );
        let mut c = connection_over(long.as_bytes(), 100).await;
        assert!(matches!(
            c.read_packet().await,
            Err(TransportError::Packet(PacketError::LineTooLong {
                limit: 100,
                ..
            }))
        ));
        let mut c = connection_over(b"__NamedPipeError__:no such subsystem\n", 100).await;
        assert!(matches!(
            c.read_packet().await,
            Err(TransportError::Packet(PacketError::RemoteError(_)))
        ));
        let mut c = connection_over(b"\xff\xfe\n", 100).await;
        assert!(matches!(
            c.read_packet().await,
            Err(TransportError::Packet(PacketError::NotUtf8))
        ));
    }

    #[tokio::test]
    async fn writes_one_line_per_packet() {
        let (a, mut b) = tokio::io::duplex(1 << 16);
        let mut c = Connection::new(tokio::io::empty(), a, &Limits::default());
        c.write_packet(&Packet::DataAck { guid: Uuid::nil() })
            .await
            .unwrap();
        c.shutdown().await.unwrap();
        let mut text = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut b, &mut text)
            .await
            .unwrap();
        assert_eq!(
            text,
            "<DataAck PSGuid='00000000-0000-0000-0000-000000000000' />\n"
        );
    }

    #[tokio::test]
    async fn spawn_talks_to_a_child_process() {
        // `cat` echoes our packets back: enough to see both pipes wired.
        let (mut c, mut child) = spawn("cat", &[], &Limits::default()).unwrap();
        let packet = Packet::Command {
            guid: Uuid::from_u128(5),
        };
        c.write_packet(&packet).await.unwrap();
        assert_eq!(c.read_packet().await.unwrap(), Some(packet.clone()));
        c.shutdown().await.unwrap();
        assert!(matches!(
            c.write_packet(&packet).await,
            Err(TransportError::Closed)
        ));
        let end = tokio::time::timeout(Duration::from_secs(10), c.read_packet());
        assert_eq!(end.await.unwrap().unwrap(), None);
        assert!(child.wait().await.unwrap().success());
    }
}
