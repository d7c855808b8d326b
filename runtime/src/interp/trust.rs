//! Language modes in the interpreter: the runspace's mode, script text admitted under it,
//! script blocks running in the mode they were created in, and ConstrainedLanguage's checks
//! on members, construction and conversions (`crate::language_mode` has the rules and
//! errors; this is where the interpreter asks).
//!
//! **Invariant:** script text only becomes runnable through [`Runspace::admit_script`] (or
//! [`Runspace::run_script`], which calls it): NoLanguage refuses it, RestrictedLanguage checks
//! it whole first. Script can lower the mode but never raise it: the runspace keeps the most
//! restrictive mode it was ever put in (its *floor*), and text admitted later, Invoke-
//! Expression included, is held to the floor even inside trusted code.

use super::Runspace;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow, InvocationInfo};
use crate::language_mode::{LanguageMode, constrained};
use crate::types::{KnownType, TypeInfo};
use crate::value::{ScriptBlockValue, Value};
use rosh_lang::ast::ScriptBlock;
use rosh_lang::span::{LineIndex, Span};
use std::sync::Arc;

impl Runspace {
    /// The language mode in force now (a running block's own mode while it runs).
    pub fn language_mode(&self) -> LanguageMode {
        self.language_mode
    }

    /// The mode script text given to this runspace is held to: the current mode, or the
    /// most restrictive one the session was ever put in when that is stricter. Child
    /// sessions and jobs inherit it.
    pub fn session_language_mode(&self) -> LanguageMode {
        self.language_mode.stricter(self.language_floor)
    }

    /// Puts the runspace in `mode`: the host's choice (a session configuration, the server's
    /// command line), before it runs anything.
    pub fn set_language_mode(&mut self, mode: LanguageMode) {
        self.language_mode = mode;
        self.language_floor = mode;
    }

    /// `$ExecutionContext.SessionState.LanguageMode = value`: a script may make its session
    /// more restrictive, never less (`PropertySetterNotSupportedInConstrainedLanguage`).
    pub(crate) fn set_language_mode_from_script(&mut self, value: &Value, span: Span) -> Eval<()> {
        let enum_type = TypeInfo::of(KnownType::Enum(crate::value::EnumId::named(
            "System.Management.Automation.PSLanguageMode",
        )));
        let converted =
            crate::convert::convert(value, &enum_type).map_err(|e| self.locate(e, span))?;
        let mode = match converted {
            Value::Enum(e) => LanguageMode::from_code(e.value),
            _ => None,
        }
        .unwrap_or(self.language_mode);
        if mode.restrictiveness() < self.language_mode.restrictiveness() {
            return Err(self.refuse(constrained::property_set_refused(), span));
        }
        self.language_mode = mode;
        self.language_floor = self.language_floor.stricter(mode);
        Ok(())
    }

    /// Makes script text runnable under the session's mode: NoLanguage refuses it
    /// (`ScriptsNotAllowed`); RestrictedLanguage checks it whole and refuses it with the
    /// first error the check finds. The block runs in the session's mode.
    pub fn admit_script(&self, block: Arc<ScriptBlock>) -> Eval<ScriptBlockValue> {
        let mode = self.session_language_mode();
        match mode {
            LanguageMode::NoLanguage => {
                return Err(text_error(
                    &block.source,
                    block.body_span,
                    constrained::scripts_refused(),
                ));
            }
            LanguageMode::RestrictedLanguage => {
                if let Err(errors) =
                    crate::language_mode::check_restricted(&block, None, None, false)
                    && let Some(first) = errors.into_iter().next()
                {
                    return Err(text_error(
                        &block.source,
                        first.span,
                        parse_error_record(&first),
                    ));
                }
            }
            // `class` is a parse error in rosh whatever the mode, so ConstrainedLanguage's
            // refusal of it has nothing left to catch here.
            LanguageMode::ConstrainedLanguage | LanguageMode::FullLanguage => {}
        }
        Ok(ScriptBlockValue::new(block, mode))
    }

    /// Runs `f` in a block's language mode, back to the caller's afterwards (or to a
    /// stricter one when the block lowered the session). A block run in the caller's scope
    /// (`dotted`: ForEach-Object's, `-NoNewScope`) never runs less restricted than its
    /// caller, as PowerShell refuses a ConstrainedLanguage to FullLanguage switch there.
    pub(crate) fn in_block_mode<T>(
        &mut self,
        mode: LanguageMode,
        dotted: bool,
        f: impl FnOnce(&mut Self) -> Eval<T>,
    ) -> Eval<T> {
        let caller = self.language_mode;
        if mode == caller || (dotted && mode.restrictiveness() < caller.restrictiveness()) {
            return f(self);
        }
        let floor = self.language_floor;
        self.language_mode = mode;
        let result = f(self);
        self.language_mode = if self.language_floor != floor {
            caller.stricter(self.language_floor)
        } else {
            caller
        };
        result
    }

    /// `. $block` or `. function` from a ConstrainedLanguage or RestrictedLanguage scope:
    /// a block of another mode may not be dotted in (`DotSourceNotSupported`).
    pub(crate) fn check_dot_source(&self, mode: LanguageMode, span: Span) -> Eval<()> {
        let here = self.language_mode;
        let guarded = matches!(
            here,
            LanguageMode::ConstrainedLanguage | LanguageMode::RestrictedLanguage
        );
        if guarded && mode != here {
            return Err(self.refuse(constrained::dot_source_refused(), span));
        }
        Ok(())
    }

    /// A method call under ConstrainedLanguage: allowed on core types (for a static call,
    /// the type itself), and `ToString()` on anything.
    pub(crate) fn check_method_call(
        &self,
        target: &Value,
        name: &str,
        is_static: bool,
        span: Span,
    ) -> Eval<()> {
        if !self.language_mode.limits_types() || name.eq_ignore_ascii_case("tostring") {
            return Ok(());
        }
        let allowed = match (target, is_static) {
            (Value::Type(t), true) if name.eq_ignore_ascii_case("new") => {
                if t.is_core() {
                    return Ok(());
                }
                return Err(self.refuse(constrained::create_type_refused(), span));
            }
            (Value::Type(t), true) => t.is_core(),
            (v, _) => value_is_core(v),
        };
        if allowed {
            Ok(())
        } else {
            Err(self.refuse(constrained::method_invocation_refused(), span))
        }
    }

    /// A property set under ConstrainedLanguage: allowed on core types only.
    pub(crate) fn check_property_set(&self, target: &Value, span: Span) -> Eval<()> {
        if !self.language_mode.limits_types() || value_is_core(target) {
            return Ok(());
        }
        Err(self.refuse(constrained::property_set_refused(), span))
    }

    /// Whether ConstrainedLanguage lets a value become a `t`: a core type, `[object]`, or a
    /// value that already is one (nothing is built).
    pub fn conversion_allowed(&self, v: &Value, t: &TypeInfo) -> bool {
        !self.language_mode.limits_types()
            || t.is_core()
            || (t.known() == KnownType::Object && t.array_depth() == 0 && !t.is_named())
            || v.type_names().first().is_some_and(|n| *n == t.full_name())
    }

    /// Converts for a cast, a typed variable or a typed parameter, refusing conversions to
    /// non-core types under ConstrainedLanguage (`ConversionSupportedOnlyToCoreTypes`).
    pub fn convert_checked(&self, v: &Value, t: &TypeInfo) -> Eval<Value> {
        if !self.conversion_allowed(v, t) {
            return Err(constrained::flow(constrained::conversion_refused(
                &t.full_name(),
            )));
        }
        crate::convert::convert(v, t)
    }

    /// Whether `[T]::new()` and New-Object may build a `t` here.
    pub fn construction_allowed(&self, t: &TypeInfo) -> bool {
        !self.language_mode.limits_types() || t.is_core()
    }

    /// A refusal positioned at `span`.
    fn refuse(&self, mut e: ErrorRecord, span: Span) -> Flow {
        if span != Span::default() {
            e.invocation = Some(self.position(span));
        }
        Flow::Error(Box::new(e))
    }
}

/// Whether a value's type is a core type, for method calls and property sets on it.
fn value_is_core(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(o) if o.type_names().iter().any(|n| n.ends_with("PSCustomObject")) => true,
        Value::ScriptBlock(_) | Value::Type(_) => false,
        other => super::members::type_of_value(other).is_core(),
    }
}

/// A parse error from a restricted-language check as an error record.
pub(crate) fn parse_error_record(e: &rosh_lang::ParseError) -> ErrorRecord {
    ErrorRecord::new(e.id, ErrorCategory::ParserError, e.message.clone())
        .with_exception("System.Management.Automation.ParseException")
}

/// An error about script text, positioned in that text.
fn text_error(text: &Arc<str>, span: Span, mut e: ErrorRecord) -> Flow {
    let lines = LineIndex::new(text);
    let lc = lines.line_col(text, span.start);
    e.invocation = Some(InvocationInfo {
        script_name: None,
        line: lc.line,
        column: lc.column,
        line_text: lines.line_text(text, lc.line).to_string(),
        width: span
            .text(text)
            .lines()
            .next()
            .map_or(1, |l| l.chars().count().max(1)),
        command_name: None,
    });
    Flow::Error(Box::new(e))
}
