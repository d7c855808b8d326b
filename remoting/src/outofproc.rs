//! The OutOfProc transport's packets (PowerShell `OutOfProcTransportManager.cs`,
//! `OutOfProcessUtils`): one XML element per line, as `pwsh -s`, `pwsh -sshs` and the SSH
//! subsystem speak them.
//!
//! ```text
//! <Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>BASE64</Data>
//! <DataAck PSGuid='...' />   <Command PSGuid='...' />   <CommandAck PSGuid='...' />
//! <Signal PSGuid='...' />    <SignalAck PSGuid='...' /> <Close PSGuid='...' />
//! <CloseAck PSGuid='...' />
//! ```
//!
//! [`Packet::to_line`] writes exactly what PowerShell writes (single quotes, a space before
//! `/>`, lower-case GUIDs). [`Packet::parse_line`] accepts that and the variations an XML
//! reader would: either quote, any attribute order, blanks around attributes and `/>`,
//! upper-case or braced GUIDs, and an empty close tag. The sans-I/O halves that apply
//! PowerShell's acknowledgement rules are [`client`] and [`server`].

pub mod client;
pub mod server;

pub use crate::message::Stream;
use base64::Engine as _;
use uuid::Uuid;

/// The prefix `pwsh -sshs` puts on a line that reports a transport error instead of a packet.
pub const ERROR_LINE_PREFIX: &str = "__NamedPipeError__:";

/// One OutOfProc packet. `guid` is the nil GUID for the session (runspace pool) channel and
/// a pipeline's id otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet {
    /// Fragment bytes for a channel.
    Data {
        /// Which priority stream.
        stream: Stream,
        /// The channel.
        guid: Uuid,
        /// Raw fragment bytes (whole fragments, several, or part of one).
        payload: Vec<u8>,
    },
    /// The server processed a `<Data>`.
    DataAck {
        /// The channel.
        guid: Uuid,
    },
    /// The client opens a pipeline channel.
    Command {
        /// The pipeline.
        guid: Uuid,
    },
    /// The server opened the pipeline channel.
    CommandAck {
        /// The pipeline.
        guid: Uuid,
    },
    /// The client asks to stop a pipeline.
    Signal {
        /// The pipeline.
        guid: Uuid,
    },
    /// The server handled a stop signal.
    SignalAck {
        /// The pipeline.
        guid: Uuid,
    },
    /// The client closes a pipeline channel, or the session (nil GUID).
    Close {
        /// The channel.
        guid: Uuid,
    },
    /// The server closed the channel.
    CloseAck {
        /// The channel.
        guid: Uuid,
    },
}

/// What is wrong with a received line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PacketError {
    /// The line is longer than the limit.
    #[error("OutOfProc line of {length} bytes exceeds the limit of {limit} bytes")]
    LineTooLong {
        /// Bytes received so far.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// The line is not UTF-8.
    #[error("OutOfProc line is not valid UTF-8")]
    NotUtf8,
    /// The line is not a single well-formed element.
    #[error("malformed OutOfProc packet: {reason}: {excerpt}")]
    Malformed {
        /// What was wrong.
        reason: &'static str,
        /// The start of the line.
        excerpt: String,
    },
    /// An element that is not one of the eight packets.
    #[error("unknown OutOfProc packet <{0}>")]
    UnknownElement(String),
    /// A required attribute is missing.
    #[error("OutOfProc packet <{element}> lacks the {attribute} attribute")]
    MissingAttribute {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
    },
    /// An attribute appears twice.
    #[error("OutOfProc packet has the attribute {0} twice")]
    DuplicateAttribute(String),
    /// The PSGuid is not a GUID.
    #[error("OutOfProc PSGuid {0:?} is not a GUID")]
    BadGuid(String),
    /// A stream other than Default and PromptResponse.
    #[error("OutOfProc Data stream {0:?} is neither Default nor PromptResponse")]
    BadStream(String),
    /// The Data body is not base64.
    #[error("OutOfProc Data body is not valid base64")]
    BadBase64,
    /// The peer reported an error in place of a packet (`__NamedPipeError__:` line).
    #[error("the remote end reported: {0}")]
    RemoteError(String),
}

impl Packet {
    /// The channel GUID of the packet.
    pub fn guid(&self) -> Uuid {
        match self {
            Packet::Data { guid, .. }
            | Packet::DataAck { guid }
            | Packet::Command { guid }
            | Packet::CommandAck { guid }
            | Packet::Signal { guid }
            | Packet::SignalAck { guid }
            | Packet::Close { guid }
            | Packet::CloseAck { guid } => *guid,
        }
    }

    /// The element name.
    pub fn name(&self) -> &'static str {
        match self {
            Packet::Data { .. } => "Data",
            Packet::DataAck { .. } => "DataAck",
            Packet::Command { .. } => "Command",
            Packet::CommandAck { .. } => "CommandAck",
            Packet::Signal { .. } => "Signal",
            Packet::SignalAck { .. } => "SignalAck",
            Packet::Close { .. } => "Close",
            Packet::CloseAck { .. } => "CloseAck",
        }
    }

    /// The packet as PowerShell writes it, without the line end.
    pub fn to_line(&self) -> String {
        match self {
            Packet::Data {
                stream,
                guid,
                payload,
            } => format!(
                "<Data Stream='{}' PSGuid='{}'>{}</Data>",
                stream.as_str(),
                guid.hyphenated(),
                base64::engine::general_purpose::STANDARD.encode(payload)
            ),
            other => format!(
                "<{} PSGuid='{}' />",
                other.name(),
                other.guid().hyphenated()
            ),
        }
    }

    /// Parses one line (line end already removed; a trailing `\r` and a leading BOM are
    /// tolerated).
    pub fn parse_line(line: &str) -> Result<Packet, PacketError> {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if let Some(text) = line.strip_prefix(ERROR_LINE_PREFIX) {
            return Err(PacketError::RemoteError(text.trim_end().to_owned()));
        }
        let element = parse_element(line.trim_matches(|c: char| c.is_ascii_whitespace()))
            .map_err(|reason| malformed(reason, line))?;
        let guid_text = element
            .attribute("PSGuid")
            .ok_or(PacketError::MissingAttribute {
                element: element_name(element.name),
                attribute: "PSGuid",
            })?;
        let guid =
            Uuid::parse_str(guid_text).map_err(|_| PacketError::BadGuid(excerpt(guid_text)))?;
        if element.body.is_some_and(|b| !b.is_empty()) && element.name != "Data" {
            return Err(malformed("text inside an empty packet", line));
        }
        let packet = match element.name {
            "Data" => {
                let stream_text =
                    element
                        .attribute("Stream")
                        .ok_or(PacketError::MissingAttribute {
                            element: "Data",
                            attribute: "Stream",
                        })?;
                let stream = if stream_text.eq_ignore_ascii_case("Default") {
                    Stream::Default
                } else if stream_text.eq_ignore_ascii_case("PromptResponse") {
                    Stream::PromptResponse
                } else {
                    return Err(PacketError::BadStream(excerpt(stream_text)));
                };
                let body = element
                    .body
                    .ok_or_else(|| malformed("Data without a body", line))?;
                let payload = decode_base64(body)?;
                Packet::Data {
                    stream,
                    guid,
                    payload,
                }
            }
            "DataAck" => Packet::DataAck { guid },
            "Command" => Packet::Command { guid },
            "CommandAck" => Packet::CommandAck { guid },
            "Signal" => Packet::Signal { guid },
            "SignalAck" => Packet::SignalAck { guid },
            "Close" => Packet::Close { guid },
            "CloseAck" => Packet::CloseAck { guid },
            other => return Err(PacketError::UnknownElement(excerpt(other))),
        };
        Ok(packet)
    }
}

fn element_name(name: &str) -> &'static str {
    match name {
        "Data" => "Data",
        "DataAck" => "DataAck",
        "Command" => "Command",
        "CommandAck" => "CommandAck",
        "Signal" => "Signal",
        "SignalAck" => "SignalAck",
        "Close" => "Close",
        "CloseAck" => "CloseAck",
        _ => "?",
    }
}

fn decode_base64(body: &str) -> Result<Vec<u8>, PacketError> {
    let engine = &base64::engine::general_purpose::STANDARD;
    if body.bytes().any(|b| b.is_ascii_whitespace()) {
        // Convert.FromBase64String skips blanks.
        let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        engine.decode(compact).map_err(|_| PacketError::BadBase64)
    } else {
        engine.decode(body).map_err(|_| PacketError::BadBase64)
    }
}

const EXCERPT_CHARS: usize = 80;

fn excerpt(text: &str) -> String {
    text.chars().take(EXCERPT_CHARS).collect()
}

fn malformed(reason: &'static str, line: &str) -> PacketError {
    PacketError::Malformed {
        reason,
        excerpt: excerpt(line),
    }
}

struct Element<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, &'a str)>,
    body: Option<&'a str>,
}

impl<'a> Element<'a> {
    fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// Parses `<Name a='v' ... />` or `<Name a='v'>text</Name>` (the whole input).
fn parse_element(s: &str) -> Result<Element<'_>, &'static str> {
    const MAX_ATTRIBUTES: usize = 8;
    let rest = s.strip_prefix('<').ok_or("does not start with '<'")?;
    let name_end = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
    let name = &rest[..name_end];
    if name.is_empty() {
        return Err("no element name");
    }
    let mut rest = &rest[name_end..];
    let mut attributes: Vec<(&str, &str)> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let had_space = trimmed.len() != rest.len();
        rest = trimmed;
        if let Some(after) = rest.strip_prefix("/>") {
            if !after.is_empty() {
                return Err("text after the element");
            }
            return Ok(Element {
                name,
                attributes,
                body: None,
            });
        }
        if let Some(after) = rest.strip_prefix('>') {
            let close = format!("</{name}");
            let end = after.find('<').ok_or("element is not closed")?;
            let body = &after[..end];
            let tail = after[end..]
                .strip_prefix(close.as_str())
                .ok_or("closing tag does not match")?;
            let tail = tail.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if tail != ">" {
                return Err("text after the closing tag");
            }
            return Ok(Element {
                name,
                attributes,
                body: Some(body),
            });
        }
        if !had_space {
            return Err("attributes must be separated by blanks");
        }
        let attr_end = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let attr = &rest[..attr_end];
        if attr.is_empty() {
            return Err("unexpected character in the start tag");
        }
        rest = rest[attr_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        rest = rest
            .strip_prefix('=')
            .ok_or("attribute without '='")?
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        let quote = rest.chars().next().ok_or("attribute without a value")?;
        if quote != '\'' && quote != '"' {
            return Err("attribute value is not quoted");
        }
        let value_and_rest = &rest[1..];
        let value_end = value_and_rest
            .find(quote)
            .ok_or("attribute value is not closed")?;
        let value = &value_and_rest[..value_end];
        if value.contains('<') {
            return Err("'<' in an attribute value");
        }
        if attributes.iter().any(|(n, _)| *n == attr) {
            return Err("duplicate attribute");
        }
        if attributes.len() >= MAX_ATTRIBUTES {
            return Err("too many attributes");
        }
        attributes.push((attr, value));
        rest = &value_and_rest[value_end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIL: &str = "00000000-0000-0000-0000-000000000000";
    const P1: &str = "aaaaaaaa-0000-0000-0000-000000000001";

    fn p1() -> Uuid {
        Uuid::parse_str(P1).unwrap()
    }

    #[test]
    fn writes_powershell_exact_lines() {
        let data = Packet::Data {
            stream: Stream::Default,
            guid: Uuid::nil(),
            payload: b"hi".to_vec(),
        };
        assert_eq!(
            data.to_line(),
            format!("<Data Stream='Default' PSGuid='{NIL}'>aGk=</Data>")
        );
        let prompt = Packet::Data {
            stream: Stream::PromptResponse,
            guid: p1(),
            payload: Vec::new(),
        };
        assert_eq!(
            prompt.to_line(),
            format!("<Data Stream='PromptResponse' PSGuid='{P1}'></Data>")
        );
        let cases = [
            (Packet::DataAck { guid: p1() }, "DataAck"),
            (Packet::Command { guid: p1() }, "Command"),
            (Packet::CommandAck { guid: p1() }, "CommandAck"),
            (Packet::Signal { guid: p1() }, "Signal"),
            (Packet::SignalAck { guid: p1() }, "SignalAck"),
            (Packet::Close { guid: p1() }, "Close"),
            (Packet::CloseAck { guid: p1() }, "CloseAck"),
        ];
        for (packet, name) in cases {
            let line = packet.to_line();
            assert_eq!(line, format!("<{name} PSGuid='{P1}' />"));
            assert_eq!(Packet::parse_line(&line).unwrap(), packet);
        }
        assert_eq!(Packet::parse_line(&data.to_line()).unwrap(), data);
        assert_eq!(Packet::parse_line(&prompt.to_line()).unwrap(), prompt);
    }

    #[test]
    fn parses_the_transcript_lines() {
        let text = include_str!("../tests/data/outofproc-first-line.txt");
        let packet = Packet::parse_line(text.trim_end()).unwrap();
        let Packet::Data {
            stream,
            guid,
            payload,
        } = packet
        else {
            panic!("not data");
        };
        assert_eq!((stream, guid), (Stream::Default, Uuid::nil()));
        // Two fragments: 21 + 199 and 21 + 895 bytes.
        assert_eq!(payload.len(), 21 + 199 + 21 + 895);
        assert_eq!(&payload[..8], &[0, 0, 0, 0, 0, 0, 0, 1]);

        let ack = format!("<DataAck PSGuid='{NIL}' />");
        assert_eq!(
            Packet::parse_line(&ack).unwrap(),
            Packet::DataAck { guid: Uuid::nil() }
        );
    }

    #[test]
    fn tolerates_xml_variations() {
        let variants = [
            format!("<Signal PSGuid=\"{P1}\"/>"),
            format!("  <Signal   PSGuid = '{}' />\r", P1.to_uppercase()),
            format!("<Signal PSGuid='{{{P1}}}'></Signal>"),
            format!("\u{feff}<Signal PSGuid='{P1}' ></Signal >"),
        ];
        for v in variants {
            assert_eq!(
                Packet::parse_line(&v).unwrap(),
                Packet::Signal { guid: p1() },
                "{v}"
            );
        }
        let data = format!("<Data PSGuid='{P1}' Stream=\"promptresponse\">aG k=</Data>");
        assert_eq!(
            Packet::parse_line(&data).unwrap(),
            Packet::Data {
                stream: Stream::PromptResponse,
                guid: p1(),
                payload: b"hi".to_vec()
            }
        );
    }

    #[test]
    fn rejects_bad_lines() {
        let bad = |line: &str| Packet::parse_line(line).unwrap_err();
        assert!(matches!(bad(""), PacketError::Malformed { .. }));
        assert!(matches!(bad("hello"), PacketError::Malformed { .. }));
        assert_eq!(
            bad(&format!("<Foo PSGuid='{NIL}' />")),
            PacketError::UnknownElement("Foo".into())
        );
        assert_eq!(
            bad("<Close />"),
            PacketError::MissingAttribute {
                element: "Close",
                attribute: "PSGuid"
            }
        );
        assert_eq!(
            bad("<Close PSGuid='nope' />"),
            PacketError::BadGuid("nope".into())
        );
        assert_eq!(
            bad(&format!("<Data PSGuid='{NIL}'>aGk=</Data>")),
            PacketError::MissingAttribute {
                element: "Data",
                attribute: "Stream"
            }
        );
        assert_eq!(
            bad(&format!("<Data Stream='Other' PSGuid='{NIL}'>aGk=</Data>")),
            PacketError::BadStream("Other".into())
        );
        assert_eq!(
            bad(&format!(
                "<Data Stream='Default' PSGuid='{NIL}'>a*k=</Data>"
            )),
            PacketError::BadBase64
        );
        assert!(matches!(
            bad(&format!("<Data Stream='Default' PSGuid='{NIL}' />")),
            PacketError::Malformed { .. }
        ));
        assert!(matches!(
            bad(&format!("<Data Stream='Default' PSGuid='{NIL}'>aGk=</Dat>")),
            PacketError::Malformed { .. }
        ));
        assert!(matches!(
            bad(&format!("<Close PSGuid='{NIL}' PSGuid='{NIL}' />")),
            PacketError::Malformed { .. }
        ));
        assert!(matches!(
            bad(&format!("<Close PSGuid='{NIL}'/> trailing")),
            PacketError::Malformed { .. }
        ));
        assert!(matches!(
            bad(&format!("<Close PSGuid='{NIL}'>text</Close>")),
            PacketError::Malformed { .. }
        ));
        assert!(matches!(
            bad(&format!("<ClosePSGuid='{NIL}' />")),
            PacketError::Malformed { .. }
        ));
        assert_eq!(
            bad("__NamedPipeError__:boom\r"),
            PacketError::RemoteError("boom".into())
        );
    }
}
