//! Command visibility, for session configurations (`about_Session_Configurations`): which
//! commands the user of a restricted session may run, and which code is the configuration's
//! own.
//!
//! A configuration with any `Visible*` key (or a restricted session type) makes every command
//! private unless it lists it. Private commands do not exist for the user, whatever the
//! route: a plain name, an alias, a module-qualified name, `& $commandInfo` (which goes by
//! name), `$function:name` or Get-Command. The configuration's own code (its function
//! definitions, role capability functions, startup scripts) is *trusted*: lookups made while
//! it runs see every command. Trust belongs to code, not to the call stack: a script block
//! is trusted when it was parsed from a text the configuration registered
//! ([`Runspace::trust_source`]), so a user's script block handed to a trusted function and
//! invoked there still runs as the user's. Trusted code ignores the aliases and functions
//! the user defined, so a user cannot hijack the commands it calls.

use super::Runspace;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What kind of command a visibility entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// An alias.
    Alias,
    /// A function.
    Function,
    /// A built-in command.
    Cmdlet,
    /// An external program (or script) found by path.
    Application,
}

/// One parameter a restricted command exposes (`VisibleCmdlets = @{ Name = 'X';
/// Parameters = @{ Name = 'P'; ValidateSet = ...; ValidatePattern = ... } }`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParameterRestriction {
    /// The parameter's name.
    pub name: String,
    /// `ValidateSet`: the values allowed (compared without case); empty means any.
    pub valid_set: Vec<String>,
    /// `ValidatePattern`: regular expressions; a value must match one of them whole
    /// (PowerShell builds `^(p1|p2)$`). Empty means any.
    pub valid_patterns: Vec<String>,
    /// `ValidateCount(0, n)`: at most this many values.
    pub max_count: Option<usize>,
    /// `ValidateLength(0, n)`: no value longer than this many characters.
    pub max_length: Option<usize>,
}

impl ParameterRestriction {
    /// A parameter exposed without validation.
    pub fn any(name: &str) -> Self {
        ParameterRestriction {
            name: name.to_string(),
            ..Default::default()
        }
    }

    /// Whether values pass unchecked.
    pub fn is_open(&self) -> bool {
        self.valid_set.is_empty()
            && self.valid_patterns.is_empty()
            && self.max_count.is_none()
            && self.max_length.is_none()
    }
}

/// A runspace's command visibility.
#[derive(Debug, Default)]
pub struct CommandVisibility {
    /// Whether commands not made public are private.
    restricted: bool,
    /// The public commands, by kind and lower-case name.
    public: HashSet<(CommandKind, String)>,
    /// The external programs the user may run: full paths, or `*` for all.
    public_applications: Vec<String>,
    /// The parameters restricted commands expose, by lower-case command name.
    parameters: HashMap<String, Vec<ParameterRestriction>>,
    /// The texts of the configuration's own code.
    trusted: Vec<Arc<str>>,
    /// Aliases the user (untrusted code) defined, lower-case.
    user_aliases: HashSet<String>,
    /// The providers the user may use (canonical names); `None` when all are public.
    public_providers: Option<Vec<String>>,
}

impl Runspace {
    /// Make every command private unless made public with [`Runspace::make_public`]. Code
    /// registered with [`Runspace::trust_source`] still sees all of them.
    pub fn restrict_commands(&mut self) {
        self.visibility.restricted = true;
    }

    /// Make every provider private but `visible` (`VisibleProviders`: FileSystem,
    /// Environment, Variable, Function, Alias). Trusted code still sees all of them.
    pub fn restrict_providers(&mut self, visible: Vec<String>) {
        self.visibility.public_providers = Some(visible);
    }

    /// Whether this runspace hides some providers from its user.
    pub fn providers_restricted(&self) -> bool {
        self.visibility.public_providers.is_some()
    }

    /// Whether the running code may use the provider `name`.
    pub fn provider_visible(&self, name: &str) -> bool {
        if self.runs_trusted_code() {
            return true;
        }
        match &self.visibility.public_providers {
            None => true,
            Some(public) => public.iter().any(|p| p.eq_ignore_ascii_case(name)),
        }
    }

    /// Whether this runspace hides commands from its user.
    pub fn commands_restricted(&self) -> bool {
        self.visibility.restricted
    }

    /// Make a command public.
    pub fn make_public(&mut self, kind: CommandKind, name: &str) {
        self.visibility
            .public
            .insert((kind, name.to_ascii_lowercase()));
    }

    /// Let the user run the external program at `path` (`*`: any program).
    pub fn make_application_public(&mut self, path: &str) {
        self.visibility.public_applications.push(path.to_string());
    }

    /// Expose only `parameters` of `command` to the user, with their validation.
    pub fn restrict_parameters(&mut self, command: &str, parameters: Vec<ParameterRestriction>) {
        self.visibility
            .parameters
            .insert(command.to_ascii_lowercase(), parameters);
    }

    /// The parameters the user may give `command`, when they are restricted.
    pub fn parameter_restrictions(&self, command: &str) -> Option<&[ParameterRestriction]> {
        if !self.visibility.restricted || self.trusted_code {
            return None;
        }
        self.visibility
            .parameters
            .get(&command.to_ascii_lowercase())
            .map(Vec::as_slice)
    }

    /// Trust the code parsed from `source` (the very text, not an equal one): commands it
    /// runs see private commands.
    pub fn trust_source(&mut self, source: Arc<str>) {
        if !self.is_trusted_source(&source) {
            self.visibility.trusted.push(source);
        }
    }

    /// Whether `source` is one of the configuration's texts.
    pub fn is_trusted_source(&self, source: &Arc<str>) -> bool {
        self.visibility
            .trusted
            .iter()
            .any(|t| Arc::ptr_eq(t, source))
    }

    /// Whether the code running now is the configuration's (or nothing is restricted).
    pub fn runs_trusted_code(&self) -> bool {
        !self.visibility.restricted || self.trusted_code
    }

    /// Note that the code parsed from `source` starts running; returns what to hand to
    /// [`Runspace::leave_code`] when it stops. Code runs trusted when its text is the
    /// configuration's and either its caller is trusted or it is entered as a function the
    /// caller may run (`through_function`): a script block of the configuration's that the
    /// user got hold of (`$function:f`, `(Get-Command f).ScriptBlock`) and invokes runs as
    /// the user's code, so it cannot bypass the function's visibility or restrictions.
    pub(crate) fn enter_code(&mut self, source: &Arc<str>, through_function: bool) -> bool {
        let before = self.trusted_code;
        if self.visibility.restricted {
            self.trusted_code = self.is_trusted_source(source) && (before || through_function);
        }
        before
    }

    /// The code entered with [`Runspace::enter_code`] stopped.
    pub(crate) fn leave_code(&mut self, before: bool) {
        self.trusted_code = before;
    }

    /// Whether the running code may use the built-in command (or program, by path) `name`.
    pub fn command_visible(&self, kind: CommandKind, name: &str) -> bool {
        if self.runs_trusted_code() {
            return true;
        }
        match kind {
            CommandKind::Application => self
                .visibility
                .public_applications
                .iter()
                .any(|p| p == "*" || p == name),
            _ => self
                .visibility
                .public
                .contains(&(kind, name.to_ascii_lowercase())),
        }
    }

    /// Whether the running code may use the function `name` whose body was parsed from
    /// `source`: the user sees their own functions and the public ones; the
    /// configuration's code sees only the configuration's.
    pub fn function_visible(&self, name: &str, source: &Arc<str>) -> bool {
        if !self.visibility.restricted {
            return true;
        }
        let configuration_function = self.is_trusted_source(source);
        if self.trusted_code {
            configuration_function
        } else {
            !configuration_function || self.command_visible(CommandKind::Function, name)
        }
    }

    /// Whether the running code may read the script block of the function `name`
    /// (`$function:name`): the user never gets the configuration's functions' blocks, only
    /// their own (the configuration's code gets any it sees).
    pub fn function_block_visible(&self, name: &str, source: &Arc<str>) -> bool {
        self.function_visible(name, source)
            && (self.runs_trusted_code() || !self.is_trusted_source(source))
    }

    /// Whether the running code may use the alias `name` (see [`Runspace::function_visible`]).
    pub fn alias_visible(&self, name: &str) -> bool {
        if !self.visibility.restricted {
            return true;
        }
        let users = self
            .visibility
            .user_aliases
            .contains(&name.to_ascii_lowercase());
        if self.trusted_code {
            !users
        } else {
            users || self.command_visible(CommandKind::Alias, name)
        }
    }

    /// Record who defined the alias `name` (called as it is defined).
    pub(crate) fn note_alias_definer(&mut self, name: &str) {
        if !self.visibility.restricted {
            return;
        }
        let key = name.to_ascii_lowercase();
        if self.trusted_code {
            self.visibility.user_aliases.remove(&key);
        } else {
            self.visibility.user_aliases.insert(key);
        }
    }
}
