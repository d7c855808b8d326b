//! The `rosh` binary.

fn main() {}
