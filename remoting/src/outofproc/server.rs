//! The server half of OutOfProc, sans-I/O: applies PowerShell's acknowledgement rules
//! (psrp.md 12.2) around a [`Server`] and its [`Session`] for this connection.
//!
//! - Every `<Data>` is answered with `<DataAck>` after it is processed (also for unknown or
//!   closed pipelines); the messages it caused go out before the ack.
//! - `<Command>` gets `<CommandAck>`; `<Signal>` gets `<SignalAck>` whatever happened;
//!   `<Close>` of a pipeline gets `<CloseAck>`; `<Close>` of the session first sends
//!   RUNSPACEPOOL_STATE Closed, then `<CloseAck>`.
//! - The server's own `<Data>` is never acknowledged: receiving any ack is an error.

use std::collections::{HashMap, HashSet, VecDeque};

use uuid::Uuid;

use super::client::{OutOfProcError, check_channel};
use super::{Packet, Stream};
use crate::fragment::{Defragmenter, Fragmenter};
use crate::limits::Limits;
use crate::message::Message;
use crate::server::{Server, ServerError, Session};

/// Why the server side gave up on the connection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerConnectionError {
    /// Transport-level violation.
    #[error(transparent)]
    OutOfProc(#[from] OutOfProcError),
    /// Protocol-level violation.
    #[error(transparent)]
    Protocol(#[from] ServerError),
    /// `<Signal>` on the session channel.
    #[error("<Signal> on the session channel")]
    SignalOnSession,
}

/// The server side of one OutOfProc connection.
#[derive(Debug)]
pub struct OutOfProcServer {
    limits: Limits,
    fragment_size: usize,
    fragmenter: Fragmenter,
    session: Session,
    commands: HashSet<Uuid>,
    defragmenters: HashMap<(Uuid, Stream), Defragmenter>,
    out: VecDeque<Packet>,
    closed: bool,
}

impl OutOfProcServer {
    /// A connection sending fragments of at most `fragment_size` bytes.
    pub fn new(limits: Limits, fragment_size: usize) -> Self {
        OutOfProcServer {
            limits,
            fragment_size,
            fragmenter: Fragmenter::new(fragment_size),
            session: Session::new(),
            commands: HashSet::new(),
            defragmenters: HashMap::new(),
            out: VecDeque::new(),
            closed: false,
        }
    }

    /// This connection's protocol session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// This connection's protocol session, for the server's calls.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// Whether the client closed the session (`<CloseAck>` for the nil GUID was queued).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The next packet to write.
    pub fn next_packet(&mut self) -> Option<Packet> {
        self.out.pop_front()
    }

    /// Moves the messages `server` has for this connection into `<Data>` packets, packing
    /// consecutive fragments of one channel up to the fragment size. Call after the engine
    /// wrote to the pool.
    pub fn flush(&mut self, server: &mut Server) {
        let mut current: Option<(Uuid, Vec<u8>)> = None;
        while let Some(message) = server.next_message(&mut self.session) {
            let guid = message.pid;
            for fragment in self.fragmenter.fragment_encoded(&message.encode()) {
                match &mut current {
                    Some((g, payload))
                        if *g == guid && payload.len() + fragment.len() <= self.fragment_size =>
                    {
                        payload.extend_from_slice(&fragment);
                    }
                    _ => {
                        if let Some((g, payload)) = current.take() {
                            self.push_data(g, payload);
                        }
                        current = Some((guid, fragment));
                    }
                }
            }
        }
        if let Some((g, payload)) = current {
            self.push_data(g, payload);
        }
    }

    fn push_data(&mut self, guid: Uuid, payload: Vec<u8>) {
        self.out.push_back(Packet::Data {
            stream: Stream::Default,
            guid,
            payload,
        });
    }

    /// Handles one packet from the client.
    pub fn handle_packet(
        &mut self,
        server: &mut Server,
        packet: Packet,
    ) -> Result<(), ServerConnectionError> {
        match packet {
            Packet::Data {
                stream,
                guid,
                payload,
            } => {
                if !self.defragmenters.contains_key(&(guid, stream))
                    && self.defragmenters.len() > 2 * self.limits.max_pipelines
                {
                    return Err(OutOfProcError::TooManyChannels(self.limits.max_pipelines).into());
                }
                let defragmenter = self
                    .defragmenters
                    .entry((guid, stream))
                    .or_insert_with(|| Defragmenter::new(self.limits));
                let messages = defragmenter.push(&payload).map_err(OutOfProcError::from)?;
                for bytes in messages {
                    let message = Message::decode(&bytes, self.limits.max_message_size)
                        .map_err(OutOfProcError::from)?;
                    check_channel(&message, guid)?;
                    server.receive(&mut self.session, message, stream)?;
                }
                self.flush(server);
                self.out.push_back(Packet::DataAck { guid });
            }
            Packet::Command { guid } => {
                if guid.is_nil() {
                    return Err(OutOfProcError::UnexpectedPacket("Command").into());
                }
                if !self.commands.contains(&guid)
                    && self.commands.len() >= self.limits.max_pipelines
                {
                    return Err(OutOfProcError::TooManyChannels(self.limits.max_pipelines).into());
                }
                self.commands.insert(guid);
                self.out.push_back(Packet::CommandAck { guid });
            }
            Packet::Signal { guid } => {
                if guid.is_nil() {
                    return Err(ServerConnectionError::SignalOnSession);
                }
                let result = server.stop_pipeline(&self.session, guid);
                self.flush(server);
                self.out.push_back(Packet::SignalAck { guid });
                result?;
            }
            Packet::Close { guid } => {
                if guid.is_nil() {
                    if let Some(rpid) = self.session.attached_pool() {
                        server.close_pool(&mut self.session, rpid)?;
                    }
                    self.closed = true;
                } else {
                    server.close_pipeline(&self.session, guid)?;
                    self.commands.remove(&guid);
                }
                self.defragmenters.retain(|(g, _), _| *g != guid);
                self.flush(server);
                self.out.push_back(Packet::CloseAck { guid });
            }
            Packet::DataAck { .. }
            | Packet::CommandAck { .. }
            | Packet::SignalAck { .. }
            | Packet::CloseAck { .. } => {
                return Err(OutOfProcError::UnexpectedPacket(packet.name()).into());
            }
        }
        Ok(())
    }

    /// The connection ended (EOF or an empty line). OutOfProc has no reconnect, so the
    /// attached pool is closed; a transport with reconnect would only detach it.
    pub fn connection_lost(&mut self, server: &mut Server) {
        if let Some(rpid) = self.session.attached_pool() {
            let _ = server.close_pool(&mut self.session, rpid);
        }
        server.detach(&mut self.session);
        self.closed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bodies;
    use crate::capability::SessionCapability;
    use crate::message::{Destination, MessageType};
    use crate::server::ServerConfig;

    fn data(guid: Uuid, message: &Message) -> Packet {
        Packet::Data {
            stream: Stream::Default,
            guid,
            payload: Fragmenter::new(32768)
                .fragment_encoded(&message.encode())
                .concat(),
        }
    }

    fn open() -> (Server, OutOfProcServer) {
        let mut server = Server::new(ServerConfig::default());
        let mut oop = OutOfProcServer::new(Limits::default(), 32768);
        let rpid = Uuid::from_u128(1);
        let cap = Message::new(
            Destination::Server,
            MessageType::SessionCapability,
            rpid,
            Uuid::nil(),
            bodies::session_capability(&SessionCapability::rosh()),
        );
        let init = Message::new(
            Destination::Server,
            MessageType::InitRunspacePool,
            rpid,
            Uuid::nil(),
            bodies::init_runspace_pool(1, 1, None, None, 64).unwrap(),
        );
        oop.handle_packet(&mut server, data(Uuid::nil(), &cap))
            .unwrap();
        oop.handle_packet(&mut server, data(Uuid::nil(), &init))
            .unwrap();
        (server, oop)
    }

    #[test]
    fn data_is_acked_after_the_messages_it_caused() {
        let (_server, mut oop) = open();
        let sent: Vec<_> = std::iter::from_fn(|| oop.next_packet()).collect();
        // Capability reply, then its DataAck; private data + Opened, then the second ack.
        assert!(matches!(sent[0], Packet::Data { .. }));
        assert_eq!(sent[1], Packet::DataAck { guid: Uuid::nil() });
        assert!(matches!(sent[2], Packet::Data { .. }));
        assert_eq!(sent[3], Packet::DataAck { guid: Uuid::nil() });
        assert_eq!(sent.len(), 4);
    }

    #[test]
    fn control_packets_are_acknowledged_and_acks_refused() {
        let (mut server, mut oop) = open();
        while oop.next_packet().is_some() {}
        let pid = Uuid::from_u128(9);
        oop.handle_packet(&mut server, Packet::Command { guid: pid })
            .unwrap();
        assert_eq!(oop.next_packet(), Some(Packet::CommandAck { guid: pid }));
        // A signal for a pipeline that never started is still acknowledged.
        oop.handle_packet(&mut server, Packet::Signal { guid: pid })
            .unwrap();
        assert_eq!(oop.next_packet(), Some(Packet::SignalAck { guid: pid }));
        oop.handle_packet(&mut server, Packet::Close { guid: pid })
            .unwrap();
        assert_eq!(oop.next_packet(), Some(Packet::CloseAck { guid: pid }));
        assert_eq!(
            oop.handle_packet(&mut server, Packet::Signal { guid: Uuid::nil() }),
            Err(ServerConnectionError::SignalOnSession)
        );
        assert!(
            oop.handle_packet(&mut server, Packet::DataAck { guid: pid })
                .is_err()
        );
        // Closing the session sends Closed before the CloseAck.
        oop.handle_packet(&mut server, Packet::Close { guid: Uuid::nil() })
            .unwrap();
        assert!(matches!(oop.next_packet(), Some(Packet::Data { .. })));
        assert_eq!(
            oop.next_packet(),
            Some(Packet::CloseAck { guid: Uuid::nil() })
        );
        assert!(oop.is_closed());
        assert!(server.pool_ids().is_empty());
    }

    #[test]
    fn messages_must_travel_on_their_channel() {
        let (mut server, mut oop) = open();
        let pid = Uuid::from_u128(9);
        let body = bodies::create_pipeline(
            &bodies::PipelineSpec::new(vec![bodies::CommandSpec::command("x")]),
            64,
        )
        .unwrap();
        let create = Message::new(
            Destination::Server,
            MessageType::CreatePipeline,
            Uuid::from_u128(1),
            pid,
            body,
        );
        assert!(matches!(
            oop.handle_packet(&mut server, data(Uuid::nil(), &create)),
            Err(ServerConnectionError::OutOfProc(
                OutOfProcError::WrongChannel { .. }
            ))
        ));
    }
}
