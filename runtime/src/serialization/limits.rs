//! Bounds on what the reader accepts, so that no input (CLIXML may come from a hostile peer)
//! can make it use time or memory out of proportion to its size.

/// Limits for [`super::deserialize_document`] and friends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Levels of nested objects and containers (PowerShell's `MaxDepthBelowTopLevel`, 50).
    pub max_depth: usize,
    /// Size of the whole document in bytes.
    pub max_bytes: u64,
    /// Elements (values, containers, entries) in the document.
    pub max_objects: usize,
    /// Characters in any one string (text, property name, type name).
    pub max_string_len: usize,
}

impl Limits {
    /// PowerShell's nesting limit.
    pub const POWERSHELL_MAX_DEPTH: usize = 50;
}

impl Default for Limits {
    /// 50 levels, 512 MiB, 50 million elements, 256 Mi characters a string: enough for any
    /// Export-Clixml file a script writes, small enough that memory stays proportional.
    fn default() -> Self {
        Limits {
            max_depth: Limits::POWERSHELL_MAX_DEPTH,
            max_bytes: 512 * 1024 * 1024,
            max_objects: 50_000_000,
            max_string_len: 256 * 1024 * 1024,
        }
    }
}
