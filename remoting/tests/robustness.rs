//! Peers are untrusted: no input makes any layer panic, and fragmenting round-trips.

use proptest::prelude::*;
use rosh_remoting::Limits;
use rosh_remoting::client::ClientPool;
use rosh_remoting::clixml::{RefIds, embed, read_object};
use rosh_remoting::fragment::{Defragmenter, Fragmenter};
use rosh_remoting::message::{Destination, Message, MessageType};
use rosh_remoting::outofproc::Packet;
use rosh_remoting::outofproc::client::OutOfProcClient;
use rosh_remoting::outofproc::server::OutOfProcServer;
use rosh_remoting::server::{Server, ServerConfig};
use uuid::Uuid;

fn small_limits() -> Limits {
    Limits {
        max_message_size: 4096,
        max_partial_objects: 4,
        max_partial_bytes: 8192,
        ..Limits::default()
    }
}

/// Bytes that look like fragments often enough to get past the header checks.
fn fragmentish() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        (
            1u64..4,
            0u64..3,
            0u8..8,
            prop::collection::vec(any::<u8>(), 0..64),
        ),
        0..8,
    )
    .prop_map(|frags| {
        let mut out = Vec::new();
        for (object_id, fragment_id, flags, blob) in frags {
            out.extend_from_slice(&object_id.to_be_bytes());
            out.extend_from_slice(&fragment_id.to_be_bytes());
            out.push(flags);
            out.extend_from_slice(&(blob.len() as u32).to_be_bytes());
            out.extend_from_slice(&blob);
        }
        out
    })
}

proptest! {
    #[test]
    fn defragmenter_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512), cut in 0usize..512) {
        let mut d = Defragmenter::new(small_limits());
        let cut = cut.min(bytes.len());
        let _ = d.push(&bytes[..cut]);
        let _ = d.push(&bytes[cut..]);
        let _ = d.finish();
    }

    #[test]
    fn defragmenter_never_panics_on_fragment_shaped_input(bytes in fragmentish()) {
        let mut d = Defragmenter::new(small_limits());
        if let Ok(messages) = d.push(&bytes) {
            for m in messages {
                prop_assert!(m.len() <= 4096);
            }
        }
        let _ = d.finish();
    }

    #[test]
    fn fragmenting_round_trips(
        messages in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 1..5),
        size in 22usize..120,
        chunk in 1usize..200,
    ) {
        let mut fragmenter = Fragmenter::new(size);
        let stream: Vec<u8> = messages.iter().flat_map(|m| fragmenter.fragment_encoded(m).concat()).collect();
        let mut d = Defragmenter::new(Limits::default());
        let mut got = Vec::new();
        for piece in stream.chunks(chunk) {
            got.extend(d.push(piece).unwrap());
        }
        prop_assert_eq!(got, messages);
        prop_assert!(d.finish().is_ok());
    }

    #[test]
    fn message_decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(m) = Message::decode(&bytes, 100) {
            prop_assert!(m.data.len() <= 100);
        }
    }

    #[test]
    fn packet_parse_never_panics(line in ".{0,200}") {
        let _ = Packet::parse_line(&line);
    }

    #[test]
    fn packet_parse_never_panics_on_packet_shaped_lines(
        name in "(Data|DataAck|Command|Close|Signal|X)",
        attrs in "( [A-Za-z]{1,7} ?= ?['\"][-0-9a-fA-F{}]{0,40}['\"]){0,3}",
        tail in "( ?/>|>[A-Za-z0-9+/= ]{0,20}</[A-Za-z]{0,5}>|)",
    ) {
        let _ = Packet::parse_line(&format!("<{name}{attrs}{tail}"));
    }

    #[test]
    fn protocol_bodies_never_panic(xml in "(<[A-Za-z]{1,3}( N=\"[a-z]{0,3}\")?( RefId=\"[0-9]{0,2}\")? ?/?>|</[A-Za-z]{1,3}>|[a-z0-9&;_]{0,4}){0,30}") {
        let _ = read_object(&xml, 8);
        let mut out = String::new();
        let mut ids = RefIds::default();
        let _ = embed(&mut out, &xml, Some("V"), &mut ids, 8);
    }

    #[test]
    fn server_never_panics_on_random_packets(payloads in prop::collection::vec((0u8..6, fragmentish()), 0..12)) {
        let mut server = Server::new(ServerConfig { limits: small_limits(), ..ServerConfig::default() });
        let mut oop = OutOfProcServer::new(small_limits(), 32768);
        for (kind, payload) in payloads {
            let guid = Uuid::from_u128(u128::from(kind % 2));
            let packet = match kind {
                0 | 1 => Packet::Data { stream: rosh_remoting::message::Stream::Default, guid, payload },
                2 => Packet::Command { guid },
                3 => Packet::Signal { guid },
                4 => Packet::Close { guid },
                _ => Packet::DataAck { guid },
            };
            if oop.handle_packet(&mut server, packet).is_err() {
                break;
            }
            while oop.next_packet().is_some() {}
        }
    }

    #[test]
    fn client_never_panics_on_random_messages(
        messages in prop::collection::vec((0usize..34, any::<bool>(), "[<>/A-Za-z0-9 =\"]{0,60}"), 0..12),
    ) {
        let limits = small_limits();
        let rpid = Uuid::from_u128(1);
        let mut pool = ClientPool::new(rpid, 1, 1, limits);
        let _ = pool.open();
        let mut transport = OutOfProcClient::new(limits, 32768);
        for (t, on_pipeline, data) in messages {
            let message_type = MessageType::ALL[t];
            let pid = if on_pipeline { Uuid::from_u128(2) } else { Uuid::nil() };
            let m = Message::new(Destination::Client, message_type, rpid, pid, data);
            let _ = pool.receive(m.clone());
            let bytes = Fragmenter::new(64).fragment_encoded(&m.encode()).concat();
            let _ = transport.handle_packet(Packet::Data { stream: rosh_remoting::message::Stream::Default, guid: pid, payload: bytes });
        }
    }
}
