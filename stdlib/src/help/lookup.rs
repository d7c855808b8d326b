//! Finding help by name: aliases (which show their command's help), functions, built-in
//! commands, `about_` topics and script files; wildcard patterns give every match, in that
//! order, and a plain word found nowhere is searched for in the help text itself, as
//! PowerShell does.

use super::model::CommandHelp;
use super::render::listed_synopsis;
use super::topics::{TOPICS, Topic, synopsis};
use crate::command_info::bare_function_name;
use crate::util::wildcard_match;
use rosh_runtime::Runspace;

/// Something help was found for.
pub enum Item {
    /// A command (built-in, function or script).
    Command(Box<CommandHelp>),
    /// An alias, listed as such when a pattern matches it.
    Alias {
        /// The alias.
        name: String,
        /// What it stands for.
        target: String,
    },
    /// An `about_` topic.
    Topic(&'static Topic),
}

impl Item {
    /// Its name.
    pub fn name(&self) -> &str {
        match self {
            Item::Command(h) => &h.name,
            Item::Alias { name, .. } => name,
            Item::Topic(t) => t.name,
        }
    }

    /// Its help category.
    pub fn category(&self) -> &'static str {
        match self {
            Item::Command(h) => h.category.name(),
            Item::Alias { .. } => "Alias",
            Item::Topic(_) => "HelpFile",
        }
    }

    /// The module it comes from (empty for functions, aliases and topics).
    pub fn module(&self) -> &str {
        match self {
            Item::Command(h) => &h.module,
            _ => "",
        }
    }

    /// Its synopsis (an alias's is the command it stands for).
    pub fn synopsis(&self) -> String {
        match self {
            Item::Command(h) => listed_synopsis(h),
            Item::Alias { target, .. } => target.clone(),
            Item::Topic(t) => synopsis(t.text),
        }
    }

    /// The text a content search looks in.
    fn text(&self) -> String {
        match self {
            Item::Command(h) => format!("{}\n{}", h.synopsis, h.description),
            Item::Alias { .. } => String::new(),
            Item::Topic(t) => t.text.to_string(),
        }
    }
}

/// The aliases that stand for `command`.
fn aliases_of(rs: &Runspace, command: &str) -> Vec<String> {
    rs.alias_list()
        .into_iter()
        .filter(|(_, t)| t.eq_ignore_ascii_case(command))
        .map(|(a, _)| a)
        .collect()
}

/// The help of a function or built-in command named exactly `name` (a function wins, as it
/// would run), following a function's `.FORWARDHELPTARGETNAME` once.
pub fn command_help(rs: &Runspace, name: &str) -> Option<CommandHelp> {
    resolve(rs, name, true)
}

/// The help of the function or built-in command named exactly `name` itself (its syntax
/// is its own even when its help forwards elsewhere).
pub fn declared_help(rs: &Runspace, name: &str) -> Option<CommandHelp> {
    resolve(rs, name, false)
}

fn resolve(rs: &Runspace, name: &str, follow: bool) -> Option<CommandHelp> {
    if let Some(f) = rs.function(name) {
        let bare = bare_function_name(&f.def.name).to_string();
        let (h, forward) = super::function::function(&bare, &f.def, aliases_of(rs, &bare));
        if let Some(target) = forward.filter(|_| follow)
            && !target.eq_ignore_ascii_case(name)
            && let Some(t) = builtin_help(rs, &target)
        {
            return Some(t);
        }
        return Some(h);
    }
    builtin_help(rs, name)
}

fn builtin_help(rs: &Runspace, name: &str) -> Option<CommandHelp> {
    let c = rs.command(name)?;
    let names = rs.command_names();
    Some(super::builtin::help(
        c.as_ref(),
        aliases_of(rs, c.name()),
        &names,
    ))
}

fn is_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Everything `pattern` names. A plain name gives at most one item: an alias's command, a
/// function, a built-in, a topic or a script file.
pub fn find(rs: &Runspace, pattern: &str) -> Vec<Item> {
    if !is_wildcard(pattern) {
        let target = rs.alias(pattern).map(str::to_string);
        let name = target.as_deref().unwrap_or(pattern);
        if let Some(h) = command_help(rs, name) {
            return vec![Item::Command(Box::new(h))];
        }
        if let Some(t) = TOPICS.iter().find(|t| t.name.eq_ignore_ascii_case(pattern)) {
            return vec![Item::Topic(t)];
        }
        if pattern.ends_with(".ps1") || pattern.contains('/') {
            let path = rs.resolve_path(pattern);
            if let Ok(text) = std::fs::read_to_string(&path) {
                let shown = path.to_string_lossy().into_owned();
                return vec![Item::Command(Box::new(super::function::script(
                    &shown, &text,
                )))];
            }
        }
        return vec![];
    }
    let mut out = Vec::new();
    for (alias, target) in rs.alias_list() {
        if wildcard_match(pattern, &alias) {
            out.push(Item::Alias {
                name: alias,
                target,
            });
        }
    }
    let mut functions: Vec<String> = rs
        .function_names()
        .iter()
        .map(|f| bare_function_name(f).to_string())
        .collect();
    functions.sort_by_key(|f| f.to_lowercase());
    for bare in functions {
        // Listed as itself, even when its help forwards elsewhere.
        if wildcard_match(pattern, &bare)
            && let Some(h) = declared_help(rs, &bare)
        {
            out.push(Item::Command(Box::new(h)));
        }
    }
    for name in rs.command_names() {
        if wildcard_match(pattern, name)
            && let Some(h) = builtin_help(rs, name)
        {
            out.push(Item::Command(Box::new(h)));
        }
    }
    for t in TOPICS {
        if wildcard_match(pattern, t.name) {
            out.push(Item::Topic(t));
        }
    }
    out
}

/// Commands and topics whose help mentions `word`, for a plain name found nowhere.
pub fn search(rs: &Runspace, word: &str) -> Vec<Item> {
    let needle = word.to_lowercase();
    find(rs, "*")
        .into_iter()
        .filter(|i| !matches!(i, Item::Alias { .. }))
        .filter(|i| i.text().to_lowercase().contains(&needle))
        .collect()
}
