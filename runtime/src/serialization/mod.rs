//! CLIXML, PowerShell's object serialization format: what Export-Clixml writes, what
//! remoting (MS-PSRP) messages carry, and what `[PSSerializer]` produces.
//!
//! Writing: [`serialize`] gives one bare element (a PSRP message body, no `<Objs>` root);
//! [`serialize_document`] and [`Serializer`] give an `<Objs>` document as Export-Clixml and
//! `[PSSerializer]::Serialize` write it. Reference ids are shared by everything written to one
//! document or message, so an object met twice is written once and then referred to.
//!
//! Reading: [`deserialize_document`] reads an `<Objs>` document, [`deserialize`] one bare
//! element. Primitives, arrays and hashtables come back live; other objects come back as
//! property bags whose type names have the `Deserialized.` prefix, with their properties as
//! note properties and their `ToString`. Every read is bounded by [`Limits`]: CLIXML may come
//! from a hostile peer.
//!
//! What rosh cannot model is documented where it happens: single-precision `<Sg>` reads as a
//! double (rosh's `[float]` is one); `LST` and `IE` containers read as ArrayLists, `STK` and
//! `QUE` as Stacks and Queues (as in PowerShell), and keep no `Deserialized.` type names; notes on
//! containers and on primitives without type names are dropped. Script properties are written
//! with their values when the caller gives an evaluator (it has the runspace:
//! [`Serializer::write_evaluating`], [`serialize_evaluating`]); `[PSSerializer]`, which has
//! none, leaves them out.

mod error;
pub mod escape;
mod formats;
mod limits;
mod reader;
mod secure;
mod writer;

pub use error::SerializationError;
pub use limits::Limits;
pub use secure::{
    SECURE_STRING_TYPE, SecureStringCipher, protect, secure_string, secure_string_text, unprotect,
};
pub use writer::{ScriptPropertyEval, SerializeOptions};

use crate::value::Value;

/// Serialize one value as a bare element (no `<Objs>` root, no namespace, not indented): a
/// PSRP message body. `depth` as PowerShell counts it (remoting uses 1).
pub fn serialize(value: &Value, depth: usize) -> String {
    serialize_with(
        value,
        SerializeOptions {
            depth,
            ..SerializeOptions::REMOTING
        },
    )
}

/// Serialize one value as a bare element with the given options.
pub fn serialize_with(value: &Value, options: SerializeOptions) -> String {
    let mut w = writer::Writer::new(options, None);
    w.write_top(value);
    w.out
}

/// Serialize one value as a PSRP message body (bare element, remoting's options at `depth`),
/// its SecureStrings encrypted with a remoting session's `cipher`.
pub fn serialize_secure(value: &Value, depth: usize, cipher: &dyn SecureStringCipher) -> String {
    let mut w = writer::Writer::new(
        SerializeOptions {
            depth,
            ..SerializeOptions::REMOTING
        },
        Some(cipher),
    );
    w.write_top(value);
    w.out
}

/// Serialize one value as a PSRP message body with remoting's options at `depth`, as the
/// server's output is: script properties evaluated with `eval`, SecureStrings sealed with
/// the session's `cipher`.
pub fn serialize_evaluating(
    value: &Value,
    depth: usize,
    cipher: &dyn SecureStringCipher,
    eval: &mut ScriptPropertyEval<'_>,
) -> String {
    let mut w = writer::Writer::new(
        SerializeOptions {
            depth,
            ..SerializeOptions::REMOTING
        },
        Some(cipher),
    )
    .with_eval(eval);
    w.write_top(value);
    w.out
}

/// Serialize values as an indented `<Objs>` document, as Export-Clixml writes them
/// (Export-Clixml's default depth is 2).
pub fn serialize_document(values: &[Value], depth: usize) -> String {
    let mut s = Serializer::new(SerializeOptions {
        depth,
        ..SerializeOptions::EXPORT
    });
    for v in values {
        s.write(v);
    }
    s.finish()
}

/// An `<Objs>` document written one value at a time (Export-Clixml streams its input).
pub struct Serializer {
    w: writer::Writer<'static>,
    options: SerializeOptions,
}

impl Serializer {
    /// Start a document.
    pub fn new(options: SerializeOptions) -> Serializer {
        let mut w = writer::Writer::new(options, None);
        w.begin_document();
        Serializer { w, options }
    }

    /// Add one top-level value.
    pub fn write(&mut self, value: &Value) {
        self.w.write_top(value);
    }

    /// Add one top-level value, its script properties evaluated with `eval` (which runs
    /// the getter with `$this`), as PowerShell writes them.
    pub fn write_evaluating(&mut self, value: &Value, eval: &mut ScriptPropertyEval<'_>) {
        let w = std::mem::replace(&mut self.w, writer::Writer::new(self.options, None));
        let mut w = w.with_eval(eval);
        w.write_top(value);
        self.w = w.into_unhooked();
    }

    /// Close the document and return its text.
    pub fn finish(mut self) -> String {
        self.w.end_document();
        self.w.out
    }
}

/// Read an `<Objs>` document (UTF-8 with or without a BOM, or UTF-16 with a BOM; a leading
/// `#< CLIXML` line is skipped). Gives the top-level values in order.
pub fn deserialize_document(
    input: &[u8],
    limits: &Limits,
) -> Result<Vec<Value>, SerializationError> {
    let text = reader::decode_input(input, limits)?;
    reader::Parser::new(&text, limits, None).document()
}

/// Read one bare element (a PSRP message body).
pub fn deserialize(input: &[u8], limits: &Limits) -> Result<Value, SerializationError> {
    let text = reader::decode_input(input, limits)?;
    reader::Parser::new(&text, limits, None).element()
}

/// Read one bare element (a PSRP message body) whose SecureStrings a remoting session's
/// `cipher` encrypted.
pub fn deserialize_secure(
    input: &[u8],
    limits: &Limits,
    cipher: &dyn SecureStringCipher,
) -> Result<Value, SerializationError> {
    let text = reader::decode_input(input, limits)?;
    reader::Parser::new(&text, limits, Some(cipher)).element()
}
