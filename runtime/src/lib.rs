//! rosh's runtime: the object model ([`value`]), conversions ([`convert`]), operators
//! ([`ops`]), the interpreter ([`interp`]), commands ([`command`]), errors ([`error`]),
//! the host seam ([`host`]) and console formatting ([`output`], with per-type [`views`]).
//!
//! **Architecture invariant:** the runtime depends only on `rosh-lang`; built-in commands
//! live in `rosh-stdlib` and are registered into a [`interp::Runspace`] by the binary.

pub mod automatic;
pub mod command;
pub mod completion;
pub mod convert;
pub mod error;
pub mod exceptions;
pub mod format;
pub mod host;
pub mod interp;
pub mod language_mode;
pub mod member_info;
pub mod native;
pub mod ops;
pub mod output;
pub mod script_members;
pub mod serialization;
pub mod static_member_info;
pub mod types;
pub mod value;
pub mod views;

pub use error::{ErrorRecord, Eval, Flow};
pub use interp::{Runspace, Sink};
pub use value::Value;
