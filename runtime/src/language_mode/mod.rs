//! Language modes (`about_Language_Modes`): what a runspace lets scripts do, enforced as a
//! security boundary.
//!
//! - FullLanguage: everything.
//! - ConstrainedLanguage: the whole language, but .NET is limited to the *core types*
//!   ([`constrained`]): method calls, property sets, construction and conversions are
//!   refused on other types. Checked at run time, where members, casts and `new` are bound.
//! - RestrictedLanguage: commands, literals, `if` and most operators; checked statically over
//!   the tree before any of it runs ([`restricted`]), as PowerShell's
//!   `RestrictedLanguageChecker` does. Also what `data { }` sections are held to.
//! - NoLanguage: no script text at all; only commands built through the API (a remote
//!   pipeline's named commands) run.
//!
//! The runspace keeps the current mode; script blocks remember the mode they were created in
//! and run in it (see `interp::trust`).

pub mod constrained;
pub mod restricted;

pub use restricted::{DATA_SECTION_COMMANDS, check_restricted};

use crate::value::{EnumId, EnumValue, Value};

/// A runspace's language mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LanguageMode {
    /// Everything is allowed.
    #[default]
    FullLanguage,
    /// Only core types for .NET access; no method calls, property sets, construction or
    /// conversions involving other types.
    ConstrainedLanguage,
    /// Commands, literals, `if`, most operators and five variables.
    RestrictedLanguage,
    /// No script text at all; only commands.
    NoLanguage,
}

impl LanguageMode {
    /// Every mode, least restrictive first.
    pub const ALL: [LanguageMode; 4] = [
        LanguageMode::FullLanguage,
        LanguageMode::ConstrainedLanguage,
        LanguageMode::RestrictedLanguage,
        LanguageMode::NoLanguage,
    ];

    /// The `PSLanguageMode` value (`FullLanguage` is 0, `ConstrainedLanguage` 3).
    pub fn code(self) -> i64 {
        match self {
            LanguageMode::FullLanguage => 0,
            LanguageMode::RestrictedLanguage => 1,
            LanguageMode::NoLanguage => 2,
            LanguageMode::ConstrainedLanguage => 3,
        }
    }

    /// The mode with a `PSLanguageMode` value.
    pub fn from_code(code: i64) -> Option<LanguageMode> {
        LanguageMode::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The mode's name (`ConstrainedLanguage`).
    pub fn name(self) -> &'static str {
        match self {
            LanguageMode::FullLanguage => "FullLanguage",
            LanguageMode::ConstrainedLanguage => "ConstrainedLanguage",
            LanguageMode::RestrictedLanguage => "RestrictedLanguage",
            LanguageMode::NoLanguage => "NoLanguage",
        }
    }

    /// The mode named `name` (case-insensitive), as `PSLanguageMode` parses it.
    pub fn parse(name: &str) -> Option<LanguageMode> {
        let name = name.trim();
        LanguageMode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(name))
    }

    /// How much the mode forbids: each mode allows a subset of what the one before it
    /// allows (FullLanguage 0, ConstrainedLanguage 1, RestrictedLanguage 2, NoLanguage 3).
    pub fn restrictiveness(self) -> u8 {
        match self {
            LanguageMode::FullLanguage => 0,
            LanguageMode::ConstrainedLanguage => 1,
            LanguageMode::RestrictedLanguage => 2,
            LanguageMode::NoLanguage => 3,
        }
    }

    /// The more restrictive of two modes.
    pub fn stricter(self, other: LanguageMode) -> LanguageMode {
        if other.restrictiveness() > self.restrictiveness() {
            other
        } else {
            self
        }
    }

    /// Whether .NET access is limited to the core types: every mode but FullLanguage.
    /// (RestrictedLanguage and NoLanguage forbid more still; what their text cannot say,
    /// the runtime refuses anyway.)
    pub fn limits_types(self) -> bool {
        self != LanguageMode::FullLanguage
    }

    /// The mode as a `PSLanguageMode` enum value.
    pub fn to_value(self) -> Value {
        Value::Enum(EnumValue::new(
            EnumId::named("System.Management.Automation.PSLanguageMode"),
            self.code(),
        ))
    }
}

impl std::fmt::Display for LanguageMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The environment variable that carries a restricted session's language mode to the
/// programs it starts: a rosh started from a ConstrainedLanguage session (a child shell)
/// starts in ConstrainedLanguage too, and can only go lower.
pub const INHERITED_MODE_ENV: &str = "ROSH_LANGUAGE_MODE";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_order() {
        for m in LanguageMode::ALL {
            assert_eq!(LanguageMode::parse(&m.name().to_lowercase()), Some(m));
            assert_eq!(LanguageMode::from_code(m.code()), Some(m));
        }
        assert_eq!(LanguageMode::parse("Constrained"), None);
        assert_eq!(
            LanguageMode::FullLanguage.stricter(LanguageMode::ConstrainedLanguage),
            LanguageMode::ConstrainedLanguage
        );
        assert_eq!(
            LanguageMode::NoLanguage.stricter(LanguageMode::RestrictedLanguage),
            LanguageMode::NoLanguage
        );
        assert!(!LanguageMode::FullLanguage.limits_types());
        assert!(LanguageMode::RestrictedLanguage.limits_types());
    }
}
