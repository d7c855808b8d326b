//! PSRP messages (MS-PSRP 2.2.1; PowerShell `RemotingDataObject.cs`): the 40-byte header and
//! the CLIXML body.
//!
//! ```text
//! offset size field
//!  0      4   Destination  u32 little-endian (1 client, 2 server)
//!  4      4   MessageType  u32 little-endian (see [`MessageType`])
//!  8     16   RPID         runspace pool GUID, .NET `Guid.ToByteArray()` order
//! 24     16   PID          pipeline GUID, same order; all zero for pool messages
//! 40      n   Data         UTF-8 XML of one object, optionally after a BOM; may be empty
//! ```
//!
//! .NET's GUID byte order stores the first three fields little-endian
//! (`01020304-0506-0708-...` travels as `04 03 02 01 06 05 08 07 ...`), which is what
//! [`Uuid::to_bytes_le`] produces.

use uuid::Uuid;

/// Length of the message header.
pub const MESSAGE_HEADER_LEN: usize = 40;

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The priority stream a message travels on (OutOfProc `Stream=`, WS-Man `stdin`/`pr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    /// Ordinary data.
    Default,
    /// Host-call responses, which jump the queue.
    PromptResponse,
}

impl Stream {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Default => "Default",
            Stream::PromptResponse => "PromptResponse",
        }
    }
}

/// Where a message is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    /// To the client (1).
    Client,
    /// To the server (2).
    Server,
    /// The listener (4): in PowerShell's enum, never used on the wire.
    Listener,
}

impl Destination {
    /// The wire value.
    pub fn code(self) -> u32 {
        match self {
            Destination::Client => 1,
            Destination::Server => 2,
            Destination::Listener => 4,
        }
    }

    /// The destination with wire value `code`.
    pub fn from_code(code: u32) -> Option<Self> {
        match code {
            1 => Some(Destination::Client),
            2 => Some(Destination::Server),
            4 => Some(Destination::Listener),
            _ => None,
        }
    }
}

macro_rules! message_types {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// A PSRP message type (psrp.md section 4; PowerShell `RemotingDataType`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum MessageType {
            $($(#[$doc])* $name,)*
        }

        impl MessageType {
            /// Every message type, in code order within each class.
            pub const ALL: &'static [MessageType] = &[$(MessageType::$name,)*];

            /// The wire value.
            pub fn code(self) -> u32 {
                match self {
                    $(MessageType::$name => $code,)*
                }
            }

            /// The message type with wire value `code`.
            pub fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some(MessageType::$name),)*
                    _ => None,
                }
            }
        }
    };
}

message_types! {
    /// Internal data type of PowerShell (an error record inside a state message); never a
    /// message of its own.
    ExceptionAsErrorRecord = 0x0000_0001,
    /// SESSION_CAPABILITY: protocol, PowerShell and serialization versions (both ways).
    SessionCapability = 0x0001_0002,
    /// CloseSession: not in MS-PSRP; either side closes the session on receipt.
    CloseSession = 0x0001_0003,
    /// INIT_RUNSPACEPOOL: the client asks for a new pool.
    InitRunspacePool = 0x0001_0004,
    /// PUBLIC_KEY: the client's RSA key for the session-key exchange.
    PublicKey = 0x0001_0005,
    /// ENCRYPTED_SESSION_KEY: the server's AES key, wrapped.
    EncryptedSessionKey = 0x0001_0006,
    /// PUBLIC_KEY_REQUEST: the server asks the client to start the key exchange.
    PublicKeyRequest = 0x0001_0007,
    /// CONNECT_RUNSPACEPOOL: a client attaches to an existing (disconnected) pool.
    ConnectRunspacePool = 0x0001_0008,
    /// SET_MAX_RUNSPACES.
    SetMaxRunspaces = 0x0002_1002,
    /// SET_MIN_RUNSPACES.
    SetMinRunspaces = 0x0002_1003,
    /// RUNSPACE_AVAILABILITY: the answer to the set/get/reset pool operations.
    RunspaceAvailability = 0x0002_1004,
    /// RUNSPACEPOOL_STATE.
    RunspacePoolState = 0x0002_1005,
    /// CREATE_PIPELINE: travels on the pipeline's channel though its code is pool-class.
    CreatePipeline = 0x0002_1006,
    /// GET_AVAILABLE_RUNSPACES.
    GetAvailableRunspaces = 0x0002_1007,
    /// USER_EVENT: a forwarded engine event.
    UserEvent = 0x0002_1008,
    /// APPLICATION_PRIVATE_DATA: the server's private data, with its PSVersionTable.
    ApplicationPrivateData = 0x0002_1009,
    /// GET_COMMAND_METADATA: travels on the pipeline's channel.
    GetCommandMetadata = 0x0002_100A,
    /// RUNSPACEPOOL_INIT_DATA: the answer to CONNECT_RUNSPACEPOOL.
    RunspacePoolInitData = 0x0002_100B,
    /// RESET_RUNSPACE_STATE (protocol 2.3).
    ResetRunspaceState = 0x0002_100C,
    /// RUNSPACEPOOL_HOST_CALL.
    RunspacePoolHostCall = 0x0002_1100,
    /// RUNSPACEPOOL_HOST_RESPONSE (PromptResponse stream).
    RunspacePoolHostResponse = 0x0002_1101,
    /// PIPELINE_INPUT.
    PipelineInput = 0x0004_1002,
    /// END_OF_PIPELINE_INPUT (no data).
    EndOfPipelineInput = 0x0004_1003,
    /// PIPELINE_OUTPUT (empty data is `$null`).
    PipelineOutput = 0x0004_1004,
    /// ERROR_RECORD.
    ErrorRecord = 0x0004_1005,
    /// PIPELINE_STATE.
    PipelineState = 0x0004_1006,
    /// DEBUG_RECORD.
    DebugRecord = 0x0004_1007,
    /// VERBOSE_RECORD.
    VerboseRecord = 0x0004_1008,
    /// WARNING_RECORD.
    WarningRecord = 0x0004_1009,
    /// PROGRESS_RECORD.
    ProgressRecord = 0x0004_1010,
    /// INFORMATION_RECORD (protocol 2.3).
    InformationRecord = 0x0004_1011,
    /// StopPowerShell: internal to PowerShell; stop is a transport signal.
    StopPipeline = 0x0004_1012,
    /// PIPELINE_HOST_CALL.
    PipelineHostCall = 0x0004_1100,
    /// PIPELINE_HOST_RESPONSE (PromptResponse stream).
    PipelineHostResponse = 0x0004_1101,
}

impl MessageType {
    /// Whether this message travels on a pipeline's channel (PID set): the pipeline class,
    /// plus CREATE_PIPELINE and GET_COMMAND_METADATA.
    pub fn is_pipeline_channel(self) -> bool {
        self.code() & 0x0004_0000 != 0
            || matches!(
                self,
                MessageType::CreatePipeline | MessageType::GetCommandMetadata
            )
    }
}

/// What is wrong with a received message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// Fewer than 40 bytes.
    #[error("message truncated: {0} bytes, the header alone is 40")]
    Truncated(usize),
    /// A destination other than client, server or listener.
    #[error("unknown message destination {0:#x}")]
    UnknownDestination(u32),
    /// A message type not in the protocol.
    #[error("unknown message type {0:#010x}")]
    UnknownType(u32),
    /// The data is longer than the limit.
    #[error("message data of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Data length.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The data is not UTF-8.
    #[error("message data is not valid UTF-8 (at byte {0})")]
    NotUtf8(usize),
}

/// One PSRP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Where it goes.
    pub destination: Destination,
    /// What it is.
    pub message_type: MessageType,
    /// The runspace pool.
    pub rpid: Uuid,
    /// The pipeline, or nil for pool messages.
    pub pid: Uuid,
    /// The CLIXML body (one object, no root element), without a BOM; may be empty.
    pub data: String,
}

impl Message {
    /// A message with the given header fields and body.
    pub fn new(
        destination: Destination,
        message_type: MessageType,
        rpid: Uuid,
        pid: Uuid,
        data: impl Into<String>,
    ) -> Self {
        Message {
            destination,
            message_type,
            rpid,
            pid,
            data: data.into(),
        }
    }

    /// The encoded message. The body is written without a BOM (as psrpcore and pypsrp do;
    /// PowerShell accepts both).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MESSAGE_HEADER_LEN + self.data.len());
        out.extend_from_slice(&self.destination.code().to_le_bytes());
        out.extend_from_slice(&self.message_type.code().to_le_bytes());
        out.extend_from_slice(&self.rpid.to_bytes_le());
        out.extend_from_slice(&self.pid.to_bytes_le());
        out.extend_from_slice(self.data.as_bytes());
        out
    }

    /// Decodes a whole message; the data (after an optional BOM) may be at most
    /// `max_data` bytes.
    pub fn decode(bytes: &[u8], max_data: usize) -> Result<Message, MessageError> {
        if bytes.len() < MESSAGE_HEADER_LEN {
            return Err(MessageError::Truncated(bytes.len()));
        }
        let u32_at = |at: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[at..at + 4]);
            u32::from_le_bytes(b)
        };
        let guid_at = |at: usize| {
            let mut b = [0u8; 16];
            b.copy_from_slice(&bytes[at..at + 16]);
            Uuid::from_bytes_le(b)
        };
        let destination_code = u32_at(0);
        let destination = Destination::from_code(destination_code)
            .ok_or(MessageError::UnknownDestination(destination_code))?;
        let type_code = u32_at(4);
        let message_type =
            MessageType::from_code(type_code).ok_or(MessageError::UnknownType(type_code))?;
        let mut data = &bytes[MESSAGE_HEADER_LEN..];
        if let Some(rest) = data.strip_prefix(BOM) {
            data = rest;
        }
        if data.len() > max_data {
            return Err(MessageError::TooLarge {
                size: data.len(),
                limit: max_data,
            });
        }
        let data = std::str::from_utf8(data)
            .map_err(|e| MessageError::NotUtf8(e.valid_up_to()))?
            .to_owned();
        Ok(Message {
            destination,
            message_type,
            rpid: guid_at(8),
            pid: guid_at(24),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RPID: &str = "11111111-2222-3333-4444-555555555555";

    #[test]
    fn header_matches_psrp_md_example() {
        // psrp.md 2: client->server INIT_RUNSPACEPOOL.
        let m = Message::new(
            Destination::Server,
            MessageType::InitRunspacePool,
            Uuid::parse_str(RPID).unwrap(),
            Uuid::nil(),
            "",
        );
        let bytes = m.encode();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "02000000040001001111111122223333444455555555555500000000000000000000000000000000"
        );
        assert_eq!(Message::decode(&bytes, 100).unwrap(), m);
    }

    #[test]
    fn guid_byte_order_is_dotnet() {
        let g = Uuid::parse_str("01020304-0506-0708-090a-0b0c0d0e0f10").unwrap();
        let m = Message::new(
            Destination::Client,
            MessageType::PipelineOutput,
            g,
            g,
            "<S>x</S>",
        );
        let bytes = m.encode();
        assert_eq!(
            &bytes[8..24],
            &[4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16]
        );
        assert_eq!(Message::decode(&bytes, 100).unwrap(), m);
    }

    #[test]
    fn bom_is_stripped_and_limits_apply() {
        let mut bytes = Message::new(
            Destination::Client,
            MessageType::PipelineOutput,
            Uuid::nil(),
            Uuid::nil(),
            "",
        )
        .encode();
        bytes.extend_from_slice(BOM);
        bytes.extend_from_slice(b"<S>hi</S>");
        let m = Message::decode(&bytes, 9).unwrap();
        assert_eq!(m.data, "<S>hi</S>");
        assert_eq!(
            Message::decode(&bytes, 8),
            Err(MessageError::TooLarge { size: 9, limit: 8 })
        );
    }

    #[test]
    fn bad_messages() {
        assert_eq!(
            Message::decode(&[0; 39], 10),
            Err(MessageError::Truncated(39))
        );
        let mut bytes = Message::new(
            Destination::Client,
            MessageType::PipelineOutput,
            Uuid::nil(),
            Uuid::nil(),
            "",
        )
        .encode();
        bytes[0] = 3;
        assert_eq!(
            Message::decode(&bytes, 10),
            Err(MessageError::UnknownDestination(3))
        );
        bytes[0] = 1;
        bytes[4..8].copy_from_slice(&0x0004_1013u32.to_le_bytes());
        assert_eq!(
            Message::decode(&bytes, 10),
            Err(MessageError::UnknownType(0x0004_1013))
        );
        bytes[4..8].copy_from_slice(&0x0004_1004u32.to_le_bytes());
        bytes.extend_from_slice(&[b'a', 0xff]);
        assert_eq!(Message::decode(&bytes, 10), Err(MessageError::NotUtf8(1)));
    }

    #[test]
    fn every_type_round_trips_its_code() {
        assert_eq!(MessageType::ALL.len(), 34);
        for &t in MessageType::ALL {
            assert_eq!(MessageType::from_code(t.code()), Some(t));
        }
        assert_eq!(MessageType::SessionCapability.code(), 0x0001_0002);
        assert_eq!(MessageType::ProgressRecord.code(), 0x0004_1010);
        assert_eq!(MessageType::PipelineHostResponse.code(), 0x0004_1101);
        assert!(MessageType::CreatePipeline.is_pipeline_channel());
        assert!(MessageType::PipelineOutput.is_pipeline_channel());
        assert!(!MessageType::RunspacePoolState.is_pipeline_channel());
    }
}
