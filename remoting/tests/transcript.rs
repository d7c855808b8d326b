//! Replays the reference OutOfProc transcript (psrpcore client and server, framed with
//! PowerShell's rules; `tests/data/outofproc-transcript.txt`) through rosh's layers: every
//! packet parses, every message decodes and re-encodes to the same bytes, rosh's server
//! accepts everything the client sent, and rosh's client accepts everything the server sent.

use rosh_remoting::Limits;
use rosh_remoting::client::{ClientEvent, ClientPool, RecordKind};
use rosh_remoting::fragment::Defragmenter;
use rosh_remoting::message::{Destination, Message, MessageType, Stream};
use rosh_remoting::outofproc::Packet;
use rosh_remoting::outofproc::server::OutOfProcServer;
use rosh_remoting::server::{Server, ServerConfig, ServerEvent};
use rosh_remoting::state::{PipelineState, RunspacePoolState};
use uuid::Uuid;

const TRANSCRIPT: &str = include_str!("data/outofproc-transcript.txt");
const RPID: Uuid = Uuid::from_u128(0x11111111_2222_3333_4444_555555555555);

fn pid(n: u128) -> Uuid {
    Uuid::from_u128(0xaaaaaaaa_0000_0000_0000_000000000000 | n)
}

fn lines(direction: &str) -> Vec<Packet> {
    TRANSCRIPT
        .lines()
        .filter_map(|l| l.strip_prefix(direction))
        .map(|l| Packet::parse_line(l.trim()).expect("test peer"))
        .collect()
}

/// Reassembles the messages of one direction, per (channel, stream), as raw bytes.
fn messages(direction: &str) -> Vec<Vec<u8>> {
    let mut defragmenters = std::collections::HashMap::new();
    let mut out = Vec::new();
    for packet in lines(direction) {
        if let Packet::Data {
            stream,
            guid,
            payload,
        } = packet
        {
            let d = defragmenters
                .entry((guid, stream))
                .or_insert_with(|| Defragmenter::new(Limits::default()));
            out.extend(d.push(&payload).expect("test peer"));
        }
    }
    for d in defragmenters.values() {
        d.finish().expect("test peer");
    }
    out
}

#[test]
fn every_message_decodes_and_round_trips() {
    let client = messages("C>S ");
    let server = messages("S>C ");
    assert_eq!(client.len(), 11);
    assert_eq!(server.len(), 27);
    for (bytes, destination) in client
        .iter()
        .map(|b| (b, Destination::Server))
        .chain(server.iter().map(|b| (b, Destination::Client)))
    {
        let m = Message::decode(bytes, 1 << 20).unwrap();
        assert_eq!(m.destination, destination);
        assert_eq!(
            &m.encode(),
            bytes,
            "{:?} re-encodes differently",
            m.message_type
        );
    }
    let first = Message::decode(&client[0], 1 << 20).unwrap();
    assert_eq!(first.message_type, MessageType::SessionCapability);
    assert_eq!((first.rpid, first.pid), (RPID, Uuid::nil()));
    let create = Message::decode(&client[2], 1 << 20).unwrap();
    assert_eq!(create.message_type, MessageType::CreatePipeline);
    assert_eq!(create.pid, pid(1));
}

#[test]
fn rosh_server_accepts_the_psrpcore_client() {
    let mut server = Server::new(ServerConfig::default());
    let mut oop = OutOfProcServer::new(Limits::default(), 32768);
    let mut acks = Vec::new();
    let mut events = Vec::new();
    for packet in lines("C>S ") {
        let is_data = matches!(packet, Packet::Data { .. });
        oop.handle_packet(&mut server, packet).unwrap();
        while let Some(e) = server.next_event() {
            events.push(e);
        }
        let mut sent = Vec::new();
        while let Some(p) = oop.next_packet() {
            sent.push(p);
        }
        if is_data {
            assert!(
                matches!(sent.last(), Some(Packet::DataAck { .. })),
                "{sent:?}"
            );
        }
        acks.extend(
            sent.into_iter()
                .filter(|p| !matches!(p, Packet::Data { .. })),
        );
    }
    // The acknowledgements psrpcore's server sent, in the same order.
    let expected: Vec<Packet> = lines("S>C ")
        .into_iter()
        .filter(|p| !matches!(p, Packet::Data { .. }))
        .collect();
    // The large input of pipeline 4 is not in the test data, but its three DataAcks are.
    let mut seen_pid4_data_ack = false;
    let expected_without_big: Vec<_> = expected
        .into_iter()
        .filter(|p| {
            if *p != (Packet::DataAck { guid: pid(4) }) {
                return true;
            }
            !std::mem::replace(&mut seen_pid4_data_ack, true)
        })
        .collect();
    assert_eq!(acks.len(), expected_without_big.len(), "{acks:#?}");
    assert_eq!(acks, expected_without_big);

    let summary: Vec<String> = events
        .iter()
        .map(|e| match e {
            ServerEvent::PoolOpened { rpid, .. } => format!("open {rpid}"),
            ServerEvent::PipelineCreated { pid, no_input, .. } => {
                format!("create {pid} no_input={no_input}")
            }
            ServerEvent::PipelineInput { pid, data, .. } => format!("input {pid} {data}"),
            ServerEvent::EndOfInput { pid, .. } => format!("end {pid}"),
            ServerEvent::HostResponse { pid, response, .. } => {
                format!("host {pid:?} ci={} mi={}", response.ci, response.method)
            }
            ServerEvent::CommandMetadataRequested { pid, .. } => format!("metadata {pid}"),
            ServerEvent::StopRequested { pid, .. } => format!("stop {pid}"),
            ServerEvent::PoolClosed { rpid } => format!("closed {rpid}"),
            ServerEvent::ResetRunspaceState { ci, .. } => format!("reset {ci}"),
            ServerEvent::SessionKey { .. } => "session key".into(),
            ServerEvent::SessionKeyFailed { reason, .. } => format!("key failed {reason}"),
        })
        .collect();
    let p = |n| pid(n).to_string();
    assert_eq!(
        summary,
        vec![
            format!("open {RPID}"),
            format!("create {} no_input=false", p(1)),
            format!("input {} <S>input1</S>", p(1)),
            format!("input {} <I32>2</I32>", p(1)),
            format!("end {}", p(1)),
            format!("host Some({}) ci=1 mi=11", pid(1)),
            // The engine never finished pipeline 1, so closing it stops it.
            format!("stop {}", p(1)),
            format!("create {} no_input=false", p(4)),
            format!("stop {}", p(4)),
            format!("metadata {}", p(2)),
            format!("stop {}", p(2)),
            format!("create {} no_input=true", p(3)),
            format!("stop {}", p(3)),
            format!("closed {RPID}"),
        ]
    );
}

#[test]
fn rosh_client_accepts_the_psrpcore_server() {
    let limits = Limits::default();
    let mut pool = ClientPool::new(RPID, 1, 1, limits);
    pool.open().unwrap();
    while pool.next_action().is_some() {}
    let mut events = Vec::new();
    for bytes in messages("S>C ") {
        let m = Message::decode(&bytes, limits.max_message_size).unwrap();
        if !m.pid.is_nil() && pool.pipeline_state(m.pid).is_none() {
            pool.create_pipeline_raw(m.pid, "<Obj />".into(), true)
                .unwrap();
        }
        pool.receive(m).unwrap();
        while let Some(e) = pool.next_event() {
            events.push(e);
        }
    }
    let summary: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::PoolState { state, .. } => Some(format!("pool {state:?}")),
            ClientEvent::Negotiated { protocol_version } => {
                Some(format!("negotiated {protocol_version}"))
            }
            ClientEvent::ApplicationPrivateData(_) => Some("private data".into()),
            ClientEvent::PipelineState { pid, state, .. } => Some(format!("{pid} {state:?}")),
            ClientEvent::Output { pid, data } if *pid == self::pid(1) => {
                Some(format!("out {data}"))
            }
            ClientEvent::Record { kind, .. } => Some(format!("{kind:?}")),
            ClientEvent::HostCall { call, .. } => {
                Some(format!("host ci={} mi={}", call.ci, call.method))
            }
            ClientEvent::Availability { ci, answer } => {
                Some(format!("availability {ci} {answer:?}"))
            }
            _ => None,
        })
        .collect();
    let p = |n: u128| pid(n).to_string();
    let expected = vec![
        "pool Opening".to_owned(),
        "pool NegotiationSent".into(),
        "pool NegotiationSucceeded".into(),
        "negotiated 2.3".into(),
        "private data".into(),
        "pool Opened".into(),
        format!("{} Running", p(1)),
        "out <S>hello</S>".into(),
        "out <I32>42</I32>".into(),
        format!(
            "out {}",
            r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><S N="Name">x</S><I32 N="Value">1</I32></MS></Obj>"#
        ),
        format!("{:?}", RecordKind::Error),
        format!("{:?}", RecordKind::Warning),
        format!("{:?}", RecordKind::Verbose),
        format!("{:?}", RecordKind::Debug),
        format!("{:?}", RecordKind::Information),
        format!("{:?}", RecordKind::Progress),
        "host ci=-100 mi=16".into(),
        "host ci=1 mi=11".into(),
        "out <S>after host response</S>".into(),
        format!("{} Completed", p(1)),
        format!("{} Running", p(4)),
        format!("{} Completed", p(4)),
        "availability 1 Done(true)".into(),
        format!("{} Running", p(2)),
        format!("{} Completed", p(2)),
        format!("{} Running", p(3)),
        format!("{} Stopped", p(3)),
        "pool Closed".into(),
    ];
    assert_eq!(summary, expected);
    assert_eq!(pool.state(), RunspacePoolState::Closed);
    assert_eq!(pool.pipeline_state(pid(3)), Some(PipelineState::Stopped));
    let _ = Stream::Default;
}
