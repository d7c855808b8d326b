//! The client half of OutOfProc, sans-I/O: turns [`ClientAction`]s into packets under
//! PowerShell's flow control (psrp.md 12.2), and received packets into messages.
//!
//! - One `<Data>` outstanding per channel: the next waits for `<DataAck>`.
//! - A pipeline channel opens with `<Command>`; its data waits for `<CommandAck>`.
//! - `<Signal>` goes out as soon as the channel is open and its first `<Data>` (the
//!   CREATE_PIPELINE) is out, ahead of any further input; `<Close>` after the channel's
//!   queued data is acknowledged.
//! - PromptResponse data goes before Default data of the same channel.
//! - Each `<Data>` carries whole fragments, several if they fit in one fragment size.

use std::collections::{HashMap, VecDeque};

use uuid::Uuid;

use super::{Packet, Stream};
use crate::client::ClientAction;
use crate::fragment::{Defragmenter, FragmentError, Fragmenter};
use crate::limits::Limits;
use crate::message::{Message, MessageError};

/// What the server sent that breaks the OutOfProc rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutOfProcError {
    /// Bad fragments.
    #[error(transparent)]
    Fragment(#[from] FragmentError),
    /// A bad message.
    #[error(transparent)]
    Message(#[from] MessageError),
    /// A packet this side never receives (e.g. `<Command>` from the server).
    #[error("unexpected <{0}> packet")]
    UnexpectedPacket(&'static str),
    /// An acknowledgement for nothing outstanding.
    #[error("<{packet}> for channel {guid} with nothing outstanding")]
    UnexpectedAck {
        /// The packet.
        packet: &'static str,
        /// The channel.
        guid: Uuid,
    },
    /// Too many channels.
    #[error("too many OutOfProc channels (limit {0})")]
    TooManyChannels(usize),
    /// A message on the wrong channel: pipeline messages travel on their pipeline's
    /// channel, pool messages on the nil one.
    #[error("{message_type:?} for pipeline {pid} arrived on channel {channel}")]
    WrongChannel {
        /// The message type.
        message_type: crate::message::MessageType,
        /// The message's pipeline id.
        pid: Uuid,
        /// The channel it came on.
        channel: Uuid,
    },
}

/// Checks that `message` travelled on the channel its type belongs to.
pub(crate) fn check_channel(message: &Message, channel: Uuid) -> Result<(), OutOfProcError> {
    let expected = if message.message_type.is_pipeline_channel() {
        message.pid
    } else {
        Uuid::nil()
    };
    if expected == channel {
        Ok(())
    } else {
        Err(OutOfProcError::WrongChannel {
            message_type: message.message_type,
            pid: message.pid,
            channel,
        })
    }
}

/// What a received packet amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A complete message.
    Message(Message),
    /// `<SignalAck>`: the server handled a stop.
    SignalAcknowledged(Uuid),
    /// `<CloseAck>`: the channel (nil: the session) is closed.
    CloseAcknowledged(Uuid),
}

#[derive(Debug, Default)]
struct Channel {
    command_acked: bool,
    awaiting_data_ack: bool,
    default: VecDeque<Vec<u8>>,
    prompt: VecDeque<Vec<u8>>,
    close_requested: bool,
    close_sent: bool,
    data_sent: bool,
    signal_requested: bool,
}

impl Channel {
    fn is_drained(&self) -> bool {
        self.default.is_empty() && self.prompt.is_empty() && !self.awaiting_data_ack
    }
}

/// The client side of one OutOfProc connection.
#[derive(Debug)]
pub struct OutOfProcClient {
    limits: Limits,
    fragment_size: usize,
    fragmenter: Fragmenter,
    channels: HashMap<Uuid, Channel>,
    order: Vec<Uuid>,
    defragmenters: HashMap<(Uuid, Stream), Defragmenter>,
    out: VecDeque<Packet>,
}

impl OutOfProcClient {
    /// A client sending fragments of at most `fragment_size` bytes (PowerShell:
    /// [`crate::limits::DEFAULT_FRAGMENT_SIZE`]).
    pub fn new(limits: Limits, fragment_size: usize) -> Self {
        let mut channels = HashMap::new();
        channels.insert(
            Uuid::nil(),
            Channel {
                command_acked: true,
                ..Channel::default()
            },
        );
        OutOfProcClient {
            limits,
            fragment_size,
            fragmenter: Fragmenter::new(fragment_size),
            channels,
            order: vec![Uuid::nil()],
            defragmenters: HashMap::new(),
            out: VecDeque::new(),
        }
    }

    fn channel(&mut self, guid: Uuid) -> Result<&mut Channel, OutOfProcError> {
        if !self.channels.contains_key(&guid) {
            if self.channels.len() > self.limits.max_pipelines {
                return Err(OutOfProcError::TooManyChannels(self.limits.max_pipelines));
            }
            self.order.push(guid);
        }
        Ok(self.channels.entry(guid).or_default())
    }

    /// Takes one action of the client core. Call [`OutOfProcClient::pump`] after a batch.
    pub fn push_action(&mut self, action: ClientAction) -> Result<(), OutOfProcError> {
        match action {
            ClientAction::Send { message, stream } => {
                let fragments = self.fragmenter.fragment_encoded(&message.encode());
                let channel = self.channel(message.pid)?;
                match stream {
                    Stream::Default => channel.default.extend(fragments),
                    Stream::PromptResponse => channel.prompt.extend(fragments),
                }
            }
            ClientAction::CreateCommand { pid } => {
                self.channel(pid)?;
                self.out.push_back(Packet::Command { guid: pid });
            }
            ClientAction::Signal { pid } => self.channel(pid)?.signal_requested = true,
            ClientAction::CloseCommand { pid } => self.channel(pid)?.close_requested = true,
            ClientAction::ClosePool => self.channel(Uuid::nil())?.close_requested = true,
        }
        Ok(())
    }

    /// Moves whatever the acknowledgement rules allow into the outgoing packets.
    pub fn pump(&mut self) {
        // The session closes after the pipelines whose close is pending, as PowerShell's
        // client does (servers such as psrpcore refuse to close a pool with open pipelines).
        let pipelines_closing = self
            .channels
            .iter()
            .any(|(g, c)| !g.is_nil() && c.close_requested && !c.close_sent);
        for guid in &self.order {
            let Some(channel) = self.channels.get_mut(guid) else {
                continue;
            };
            if !channel.command_acked || channel.close_sent {
                continue;
            }
            if channel.signal_requested && channel.data_sent {
                channel.signal_requested = false;
                self.out.push_back(Packet::Signal { guid: *guid });
            }
            if channel.awaiting_data_ack {
                continue;
            }
            let (queue, stream) = if channel.prompt.is_empty() {
                (&mut channel.default, Stream::Default)
            } else {
                (&mut channel.prompt, Stream::PromptResponse)
            };
            if let Some(first) = queue.pop_front() {
                let mut payload = first;
                while let Some(next) = queue.front() {
                    if payload.len() + next.len() > self.fragment_size {
                        break;
                    }
                    if let Some(next) = queue.pop_front() {
                        payload.extend_from_slice(&next);
                    }
                }
                channel.awaiting_data_ack = true;
                channel.data_sent = true;
                self.out.push_back(Packet::Data {
                    stream,
                    guid: *guid,
                    payload,
                });
            } else if channel.close_requested
                && channel.is_drained()
                && !(guid.is_nil() && pipelines_closing)
            {
                channel.close_sent = true;
                self.out.push_back(Packet::Close { guid: *guid });
            }
        }
    }

    /// The next packet to write.
    pub fn next_packet(&mut self) -> Option<Packet> {
        self.out.pop_front()
    }

    /// Handles one packet from the server.
    pub fn handle_packet(&mut self, packet: Packet) -> Result<Vec<Received>, OutOfProcError> {
        let mut received = Vec::new();
        match packet {
            Packet::Data {
                stream,
                guid,
                payload,
            } => {
                if !self.defragmenters.contains_key(&(guid, stream))
                    && self.defragmenters.len() > 2 * self.limits.max_pipelines
                {
                    return Err(OutOfProcError::TooManyChannels(self.limits.max_pipelines));
                }
                let defragmenter = self
                    .defragmenters
                    .entry((guid, stream))
                    .or_insert_with(|| Defragmenter::new(self.limits));
                for bytes in defragmenter.push(&payload)? {
                    let message = Message::decode(&bytes, self.limits.max_message_size)?;
                    check_channel(&message, guid)?;
                    received.push(Received::Message(message));
                }
            }
            Packet::DataAck { guid } => {
                let channel = self
                    .channels
                    .get_mut(&guid)
                    .filter(|c| c.awaiting_data_ack)
                    .ok_or(OutOfProcError::UnexpectedAck {
                        packet: "DataAck",
                        guid,
                    })?;
                channel.awaiting_data_ack = false;
            }
            Packet::CommandAck { guid } => {
                let channel = self
                    .channels
                    .get_mut(&guid)
                    .filter(|c| !c.command_acked)
                    .ok_or(OutOfProcError::UnexpectedAck {
                        packet: "CommandAck",
                        guid,
                    })?;
                channel.command_acked = true;
            }
            Packet::SignalAck { guid } => received.push(Received::SignalAcknowledged(guid)),
            Packet::CloseAck { guid } => {
                if self.channels.remove(&guid).is_none() && !guid.is_nil() {
                    return Err(OutOfProcError::UnexpectedAck {
                        packet: "CloseAck",
                        guid,
                    });
                }
                self.order.retain(|g| *g != guid);
                self.defragmenters.retain(|(g, _), _| *g != guid);
                received.push(Received::CloseAcknowledged(guid));
            }
            Packet::Command { .. } | Packet::Signal { .. } | Packet::Close { .. } => {
                return Err(OutOfProcError::UnexpectedPacket(packet.name()));
            }
        }
        self.pump();
        Ok(received)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Destination, MessageType};

    fn send(pid: Uuid, t: MessageType, stream: Stream) -> ClientAction {
        ClientAction::Send {
            message: Message::new(Destination::Server, t, Uuid::from_u128(1), pid, "<Obj />"),
            stream,
        }
    }

    fn packets(c: &mut OutOfProcClient) -> Vec<Packet> {
        std::iter::from_fn(|| c.next_packet()).collect()
    }

    #[test]
    fn one_data_per_channel_until_acked_and_fragments_pack() {
        let mut c = OutOfProcClient::new(Limits::default(), 32768);
        c.push_action(send(
            Uuid::nil(),
            MessageType::SessionCapability,
            Stream::Default,
        ))
        .unwrap();
        c.push_action(send(
            Uuid::nil(),
            MessageType::InitRunspacePool,
            Stream::Default,
        ))
        .unwrap();
        c.pump();
        let sent = packets(&mut c);
        assert_eq!(sent.len(), 1, "both messages share one <Data>");
        let Packet::Data { payload, .. } = &sent[0] else {
            panic!()
        };
        assert_eq!(payload.len(), 2 * (21 + 40 + 7));

        c.push_action(send(
            Uuid::nil(),
            MessageType::SetMaxRunspaces,
            Stream::Default,
        ))
        .unwrap();
        c.pump();
        assert!(packets(&mut c).is_empty(), "waits for DataAck");
        c.handle_packet(Packet::DataAck { guid: Uuid::nil() })
            .unwrap();
        assert_eq!(packets(&mut c).len(), 1);
        assert!(matches!(
            c.handle_packet(Packet::CommandAck { guid: Uuid::nil() }),
            Err(OutOfProcError::UnexpectedAck { .. })
        ));
    }

    #[test]
    fn pipeline_channel_waits_for_command_ack_and_closes_after_data() {
        let mut c = OutOfProcClient::new(Limits::default(), 100);
        let pid = Uuid::from_u128(7);
        c.push_action(ClientAction::CreateCommand { pid }).unwrap();
        c.push_action(send(pid, MessageType::CreatePipeline, Stream::Default))
            .unwrap();
        c.push_action(ClientAction::CloseCommand { pid }).unwrap();
        c.pump();
        assert_eq!(packets(&mut c), vec![Packet::Command { guid: pid }]);
        c.handle_packet(Packet::CommandAck { guid: pid }).unwrap();
        let sent = packets(&mut c);
        assert!(matches!(sent.as_slice(), [Packet::Data { guid, .. }] if *guid == pid));
        c.handle_packet(Packet::DataAck { guid: pid }).unwrap();
        assert_eq!(packets(&mut c), vec![Packet::Close { guid: pid }]);
        assert_eq!(
            c.handle_packet(Packet::CloseAck { guid: pid }).unwrap(),
            vec![Received::CloseAcknowledged(pid)]
        );
        assert!(matches!(
            c.handle_packet(Packet::CloseAck { guid: pid }),
            Err(OutOfProcError::UnexpectedAck { .. })
        ));
    }

    #[test]
    fn prompt_responses_go_first_and_signals_at_once() {
        let mut c = OutOfProcClient::new(Limits::default(), 32768);
        let pid = Uuid::from_u128(7);
        c.push_action(ClientAction::CreateCommand { pid }).unwrap();
        c.handle_packet(Packet::CommandAck { guid: pid }).unwrap();
        packets(&mut c);
        c.push_action(send(pid, MessageType::PipelineInput, Stream::Default))
            .unwrap();
        c.pump();
        packets(&mut c);
        c.push_action(send(pid, MessageType::PipelineInput, Stream::Default))
            .unwrap();
        c.push_action(send(
            pid,
            MessageType::PipelineHostResponse,
            Stream::PromptResponse,
        ))
        .unwrap();
        c.push_action(ClientAction::Signal { pid }).unwrap();
        c.pump();
        assert_eq!(packets(&mut c), vec![Packet::Signal { guid: pid }]);
        c.handle_packet(Packet::DataAck { guid: pid }).unwrap();
        let sent = packets(&mut c);
        assert!(matches!(
            sent.as_slice(),
            [Packet::Data {
                stream: Stream::PromptResponse,
                ..
            }]
        ));
    }

    #[test]
    fn server_only_packets_are_errors_and_data_reassembles() {
        let mut c = OutOfProcClient::new(Limits::default(), 32768);
        assert_eq!(
            c.handle_packet(Packet::Command { guid: Uuid::nil() }),
            Err(OutOfProcError::UnexpectedPacket("Command"))
        );
        let message = Message::new(
            Destination::Client,
            MessageType::PipelineOutput,
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            "<S>x</S>",
        );
        let bytes: Vec<u8> = Fragmenter::new(30)
            .fragment_encoded(&message.encode())
            .concat();
        let (a, b) = bytes.split_at(33);
        let guid = Uuid::from_u128(2);
        let data = |payload: &[u8]| Packet::Data {
            stream: Stream::Default,
            guid,
            payload: payload.to_vec(),
        };
        assert!(c.handle_packet(data(a)).unwrap().is_empty());
        assert_eq!(
            c.handle_packet(data(b)).unwrap(),
            vec![Received::Message(message)]
        );
    }
}
