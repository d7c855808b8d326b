//! Help: what Get-Help shows. Built-in commands describe themselves through their
//! `ParamSpec` metadata, synopsis, description and examples; functions and scripts through
//! their `param()` blocks and comment-based help; conceptual `about_` topics are text files
//! under `stdlib/help/`. Everything becomes one [`model::CommandHelp`], from which
//! [`syntax`] generates syntax diagrams and [`render`] PowerShell's help views.

pub mod builtin;
pub mod comment_help;
pub mod function;
pub mod help_function;
pub mod lookup;
pub mod model;
pub mod objects;
pub mod render;
pub mod syntax;
pub mod topics;
