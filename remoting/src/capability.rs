//! Capability exchange: the versions in SESSION_CAPABILITY and the server's negotiation
//! rule (PowerShell `serverremotesession.cs` `RunServerNegotiationAlgorithm`).
//!
//! rosh advertises protocol 2.3 (the widest interop: PowerShell 5.1 and 7.0-7.5, psrpcore,
//! pypsrp) and accepts 2.4 peers by answering 2.3. The real engine version (7.x) travels in
//! APPLICATION_PRIVATE_DATA's PSVersionTable; SESSION_CAPABILITY's PSVersion is always 2.0.

use std::fmt;
use std::str::FromStr;

/// A `System.Version`: two to four non-negative parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    parts: [u32; 4],
    len: u8,
}

impl Version {
    /// A two-part version.
    pub const fn new(major: u32, minor: u32) -> Self {
        Version {
            parts: [major, minor, 0, 0],
            len: 2,
        }
    }

    /// A four-part version.
    pub const fn new4(major: u32, minor: u32, build: u32, revision: u32) -> Self {
        Version {
            parts: [major, minor, build, revision],
            len: 4,
        }
    }

    /// The major part.
    pub fn major(&self) -> u32 {
        self.parts[0]
    }

    /// The minor part.
    pub fn minor(&self) -> u32 {
        self.parts[1]
    }
}

/// A text that is not a version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a version (2 to 4 dot-separated numbers)")]
pub struct BadVersion(pub String);

impl FromStr for Version {
    type Err = BadVersion;

    fn from_str(s: &str) -> Result<Self, BadVersion> {
        let bad = || BadVersion(s.chars().take(40).collect());
        let mut parts = [0u32; 4];
        let mut len = 0usize;
        for piece in s.trim().split('.') {
            if len == 4 || piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            parts[len] = piece.parse().map_err(|_| bad())?;
            len += 1;
        }
        if len < 2 {
            return Err(bad());
        }
        Ok(Version {
            parts,
            len: len as u8,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts[..self.len as usize].iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// The protocol version rosh advertises.
pub const PROTOCOL_VERSION: Version = Version::new(2, 3);
/// The PSVersion field of SESSION_CAPABILITY (PowerShell hard-codes 2.0).
pub const CAPABILITY_PS_VERSION: Version = Version::new(2, 0);
/// The serialization version.
pub const SERIALIZATION_VERSION: Version = Version::new4(1, 1, 0, 1);

/// The content of a SESSION_CAPABILITY message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCapability {
    /// `protocolversion`.
    pub protocol_version: Version,
    /// `PSVersion` (2.0 from every current peer).
    pub ps_version: Version,
    /// `SerializationVersion`.
    pub serialization_version: Version,
}

impl SessionCapability {
    /// What rosh sends: protocol 2.3, PSVersion 2.0, serialization 1.1.0.1.
    pub const fn rosh() -> Self {
        SessionCapability {
            protocol_version: PROTOCOL_VERSION,
            ps_version: CAPABILITY_PS_VERSION,
            serialization_version: SERIALIZATION_VERSION,
        }
    }
}

/// The peer's protocol version cannot be served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the peer speaks PSRP protocol {peer}, which is not compatible with {ours}")]
pub struct NegotiationError {
    /// The peer's protocol version.
    pub peer: Version,
    /// Ours.
    pub ours: Version,
}

/// The server's rule: a 2.x client at or below our version gets its own version back, a
/// newer 2.x client gets ours; anything else fails.
pub fn negotiate_server(ours: Version, client: Version) -> Result<Version, NegotiationError> {
    if client.major() != 2 || ours.major() != 2 {
        return Err(NegotiationError { peer: client, ours });
    }
    if client.minor() <= ours.minor() {
        Ok(Version::new(2, client.minor()))
    } else {
        Ok(ours)
    }
}

/// The client's check of the server's answer: any 2.x version is usable (features of
/// newer minors are used only when both sides have them).
pub fn negotiate_client(ours: Version, server: Version) -> Result<Version, NegotiationError> {
    if server.major() != 2 {
        return Err(NegotiationError { peer: server, ours });
    }
    Ok(std::cmp::min(ours, Version::new(2, server.minor())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_print() {
        assert_eq!("2.3".parse::<Version>().unwrap(), Version::new(2, 3));
        assert_eq!("1.1.0.1".parse::<Version>().unwrap().to_string(), "1.1.0.1");
        assert_eq!(" 7.4.0 ".parse::<Version>().unwrap().to_string(), "7.4.0");
        for bad in ["2", "", "2.", "a.b", "1.2.3.4.5", "-1.2", "99999999999.1"] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }

    #[test]
    fn server_negotiation_follows_powershell() {
        let ours = PROTOCOL_VERSION;
        let v = |s: &str| s.parse::<Version>().unwrap();
        assert_eq!(negotiate_server(ours, v("2.0")), Ok(v("2.0")));
        assert_eq!(negotiate_server(ours, v("2.2")), Ok(v("2.2")));
        assert_eq!(negotiate_server(ours, v("2.3")), Ok(v("2.3")));
        assert_eq!(negotiate_server(ours, v("2.4")), Ok(v("2.3")));
        assert!(negotiate_server(ours, v("3.0")).is_err());
        assert!(negotiate_server(ours, v("1.9")).is_err());
        assert_eq!(negotiate_client(ours, v("2.4")), Ok(v("2.3")));
        assert_eq!(negotiate_client(ours, v("2.2")), Ok(v("2.2")));
        assert!(negotiate_client(ours, v("3.1")).is_err());
    }
}
