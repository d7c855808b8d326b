//! Language modes (`about_Language_Modes`): what a runspace lets scripts do. The runspace
//! carries its mode; `$ExecutionContext.SessionState.LanguageMode` reports it. Enforcement
//! comes with session configurations.

use crate::value::{EnumId, EnumValue, Value};

/// A runspace's language mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LanguageMode {
    /// Everything is allowed.
    #[default]
    FullLanguage,
    /// Only core types, no method calls on other types, no `Add-Type`.
    ConstrainedLanguage,
    /// Only literals, a few operators and variables in data sections.
    RestrictedLanguage,
    /// No script text at all; only commands.
    NoLanguage,
}

impl LanguageMode {
    /// The mode as a `PSLanguageMode` enum value.
    pub fn to_value(self) -> Value {
        let n = match self {
            LanguageMode::FullLanguage => 0,
            LanguageMode::RestrictedLanguage => 1,
            LanguageMode::NoLanguage => 2,
            LanguageMode::ConstrainedLanguage => 3,
        };
        Value::Enum(EnumValue::new(
            EnumId::named("System.Management.Automation.PSLanguageMode"),
            n,
        ))
    }
}
