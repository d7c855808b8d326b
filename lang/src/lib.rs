//! rosh's language front end: the self-driving modal lexer ([`lexer`]), the lalrpop grammar
//! ([`parser`]), the typed syntax tree with spans ([`ast`]) and the diagnostics
//! ([`diagnostics`]).
//!
//! **Architecture invariant:** this crate depends on no other rosh crate, and parsing never
//! fails: [`parse`] always returns a tree and a list of errors, never panics, and finishes in
//! time proportional to its input.

pub mod ast;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
pub mod semantic;
pub mod span;
pub mod token;
pub mod tokenize;
pub mod using;

pub use diagnostics::ParseError;
pub use lexer::Spanned;
pub use parser::{ParseOutput, parse};
pub use span::{LineCol, LineIndex, Span};
pub use tokenize::tokenize;
