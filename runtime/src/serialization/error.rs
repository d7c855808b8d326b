//! Errors of the CLIXML reader. Each carries the byte offset in the document where it was
//! found, and its message reads as PowerShell's deserializer errors do.

use thiserror::Error;

/// Why a CLIXML document could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SerializationError {
    /// The bytes are not well-formed XML (or end in the middle of it).
    #[error("The CLIXML document is not valid XML: {message} (at byte {offset}).")]
    Xml {
        /// Where.
        offset: u64,
        /// What the XML reader said.
        message: String,
    },
    /// The document ends before its elements are closed.
    #[error(
        "The CLIXML document ended unexpectedly: '{expected}' is not closed (at byte {offset})."
    )]
    Truncated {
        /// Where the input ended.
        offset: u64,
        /// The element left open.
        expected: String,
    },
    /// The bytes are not UTF-8 (nor UTF-16 with a byte-order mark).
    #[error("The CLIXML document is not valid UTF-8 (at byte {offset}).")]
    InvalidUtf8 {
        /// The first bad byte.
        offset: u64,
    },
    /// A `<!DOCTYPE>`: DTDs are never processed.
    #[error("A document type definition (DTD) is not allowed in CLIXML (at byte {offset}).")]
    DtdNotAllowed {
        /// Where.
        offset: u64,
    },
    /// An entity reference other than the five XML entities and character references.
    #[error("The entity reference '&{name};' is not allowed in CLIXML (at byte {offset}).")]
    EntityNotAllowed {
        /// The entity's name.
        name: String,
        /// Where.
        offset: u64,
    },
    /// An element CLIXML does not have, or one in a place it cannot be.
    #[error("Unexpected element '{name}' in CLIXML{context} (at byte {offset}).")]
    UnexpectedElement {
        /// The element's name.
        name: String,
        /// Where it was (", inside 'X'"), or empty.
        context: String,
        /// Where.
        offset: u64,
    },
    /// Text where CLIXML has elements only.
    #[error("Unexpected text in CLIXML{context} (at byte {offset}).")]
    UnexpectedText {
        /// Where it was, or empty.
        context: String,
        /// Where.
        offset: u64,
    },
    /// The root element is not `<Objs>` (documents) or not a value (message bodies).
    #[error("The CLIXML root element must be '{expected}', not '{found}' (at byte {offset}).")]
    BadRoot {
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
        /// Where.
        offset: u64,
    },
    /// A required attribute (`RefId` of `Ref`/`TNRef`) is missing.
    #[error("The element '{element}' needs the attribute '{attribute}' (at byte {offset}).")]
    MissingAttribute {
        /// The element.
        element: String,
        /// The attribute.
        attribute: String,
        /// Where.
        offset: u64,
    },
    /// A `RefId` that is not a number.
    #[error("The reference id '{id}' is not valid (at byte {offset}).")]
    BadRefId {
        /// The text.
        id: String,
        /// Where.
        offset: u64,
    },
    /// A `Ref`/`TNRef` to an id not defined before it.
    #[error(
        "The reference id '{id}' refers to an object that has not been read yet (at byte {offset})."
    )]
    UnknownRefId {
        /// The id.
        id: String,
        /// Where.
        offset: u64,
    },
    /// Two objects (or two type-name lists) with the same `RefId`.
    #[error("The reference id '{id}' is used by more than one object (at byte {offset}).")]
    DuplicateRefId {
        /// The id.
        id: String,
        /// Where.
        offset: u64,
    },
    /// A primitive element whose text is not a value of its type.
    #[error("Cannot convert the value '{text}' of element '{tag}' (at byte {offset}).")]
    InvalidValue {
        /// The element.
        tag: String,
        /// Its text (shortened).
        text: String,
        /// Where.
        offset: u64,
    },
    /// An `<SS>` whose text cannot be decrypted.
    #[error("Cannot read the SecureString: {reason} (at byte {offset}).")]
    SecureString {
        /// Why.
        reason: String,
        /// Where.
        offset: u64,
    },
    /// A malformed `_xHHHH_` escape.
    #[error("The string contains an invalid escape sequence '{text}' (at byte {offset}).")]
    BadEscape {
        /// The text from the escape on (shortened).
        text: String,
        /// Where.
        offset: u64,
    },
    /// Nesting deeper than the limit.
    #[error("The deserialized object has more than {limit} levels of nesting (at byte {offset}).")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where.
        offset: u64,
    },
    /// The document is larger than the limit.
    #[error("The CLIXML document is {size} bytes, more than the limit of {limit} bytes.")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// More elements than the limit.
    #[error("The CLIXML document has more than {limit} objects (at byte {offset}).")]
    TooManyObjects {
        /// The limit.
        limit: usize,
        /// Where.
        offset: u64,
    },
    /// A string longer than the limit.
    #[error(
        "A string in the CLIXML document is longer than {limit} characters (at byte {offset})."
    )]
    StringTooLong {
        /// The limit.
        limit: usize,
        /// Where.
        offset: u64,
    },
    /// Type names referred to so often that reading them would take memory out of proportion
    /// to the document.
    #[error(
        "The CLIXML document refers to more type-name data than its size allows (at byte {offset})."
    )]
    TooMuchTypeData {
        /// Where.
        offset: u64,
    },
}

impl SerializationError {
    /// The byte offset the error was found at, when it has one.
    pub fn offset(&self) -> Option<u64> {
        use SerializationError as E;
        match self {
            E::TooLarge { .. } => None,
            E::Xml { offset, .. }
            | E::Truncated { offset, .. }
            | E::InvalidUtf8 { offset }
            | E::DtdNotAllowed { offset }
            | E::EntityNotAllowed { offset, .. }
            | E::UnexpectedElement { offset, .. }
            | E::UnexpectedText { offset, .. }
            | E::BadRoot { offset, .. }
            | E::MissingAttribute { offset, .. }
            | E::BadRefId { offset, .. }
            | E::UnknownRefId { offset, .. }
            | E::DuplicateRefId { offset, .. }
            | E::InvalidValue { offset, .. }
            | E::SecureString { offset, .. }
            | E::BadEscape { offset, .. }
            | E::TooDeep { offset, .. }
            | E::TooManyObjects { offset, .. }
            | E::StringTooLong { offset, .. }
            | E::TooMuchTypeData { offset } => Some(*offset),
        }
    }
}
