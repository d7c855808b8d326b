//! The bounds every layer enforces on what a peer sends.
//!
//! Peers are untrusted: each size, count and length a peer controls is checked against one of
//! these before memory is committed to it. The defaults follow PowerShell's server defaults
//! where it has them (`BaseTransportManager.cs`: 10 MiB per received object).

/// PowerShell's default fragment size for OutOfProc and named pipes, header included
/// (`BaseTransportManager.DefaultFragmentSize = 32 << 10`).
pub const DEFAULT_FRAGMENT_SIZE: usize = 32 << 10;

/// Limits on what a peer may make us hold in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest reassembled PSRP message (header and body), in bytes. PowerShell's
    /// `MaximumReceivedObjectSize` default is 10 MiB.
    pub max_message_size: usize,
    /// Most objects being reassembled at once on one stream. PowerShell never interleaves
    /// objects in a stream (so 1 would do for it); other peers may.
    pub max_partial_objects: usize,
    /// Most bytes held in partial objects of one stream, summed.
    pub max_partial_bytes: usize,
    /// Longest OutOfProc line, in bytes, newline excluded.
    pub max_line_length: usize,
    /// Most pipelines open at once in one runspace pool (and command channels on one
    /// connection).
    pub max_pipelines: usize,
    /// Most runspace pools a server keeps.
    pub max_pools: usize,
    /// Most messages a server-side pool buffers for its connection before producers are
    /// told to wait (or, with no connection attached, to drop); also the most events the
    /// server queues for its engine before it refuses client messages.
    pub max_buffered_messages: usize,
    /// Most nested XML elements read in a protocol object body.
    pub max_xml_depth: usize,
    /// Bytes a server accepts for one command: its CREATE_PIPELINE and all its input
    /// (PowerShell's `MaximumReceivedDataSizePerCommand`, 50 MiB by default).
    pub max_command_data: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_size: 10 << 20,
            max_partial_objects: 16,
            max_partial_bytes: 20 << 20,
            max_line_length: 1 << 20,
            max_pipelines: 1024,
            max_pools: 64,
            max_buffered_messages: 65_536,
            max_xml_depth: 64,
            max_command_data: 50 << 20,
        }
    }
}
