//! What Get-Help knows about a command, whichever kind it is: a built-in command's metadata
//! or a function's `param()` block and comment-based help, in one shape the syntax generator
//! and the views read.

/// One parameter's membership of a parameter set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetEntry {
    /// The set; `None` for every set.
    pub set: Option<String>,
    /// Required in this set.
    pub mandatory: bool,
    /// Position in this set (0-based); `None` when named only.
    pub position: Option<usize>,
    /// Takes pipeline input by value.
    pub by_value: bool,
    /// Takes pipeline input by property name.
    pub by_property: bool,
}

impl SetEntry {
    fn applies(&self, set: &str) -> bool {
        self.set
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case(set))
    }
}

/// One parameter.
#[derive(Clone, Debug, Default)]
pub struct ParamHelp {
    /// Its name.
    pub name: String,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// Its type in PowerShell's short notation (`string[]`, `int`, `Object`).
    pub type_name: String,
    /// Its type as .NET's `Type.Name` (`String`, `Int32[]`), which comment-based help shows;
    /// `None` for built-in commands.
    pub net_type: Option<String>,
    /// A switch parameter.
    pub switch: bool,
    /// Its parameter sets; empty means every set, optional, named.
    pub entries: Vec<SetEntry>,
    /// Accepts wildcard characters.
    pub wildcards: bool,
    /// What it does.
    pub description: String,
    /// Its default value as help shows it.
    pub default: String,
}

impl ParamHelp {
    /// Its membership of `set`, when it belongs to it.
    pub fn entry(&self, set: &str) -> Option<SetEntry> {
        if self.entries.is_empty() {
            return Some(SetEntry::default());
        }
        let mut hits = self.entries.iter().filter(|e| e.applies(set));
        let first = hits.next()?.clone();
        Some(hits.fold(first, |mut acc, e| {
            acc.mandatory |= e.mandatory;
            acc.position = acc.position.or(e.position);
            acc.by_value |= e.by_value;
            acc.by_property |= e.by_property;
            acc
        }))
    }

    /// Its membership in the first set that names it (or every set), for the PARAMETERS
    /// section, which shows one line per attribute.
    pub fn main_entry(&self) -> SetEntry {
        self.entries
            .iter()
            .find(|e| e.set.is_none())
            .or_else(|| self.entries.first())
            .cloned()
            .unwrap_or_default()
    }

    /// The type shown after the name (`<string[]>`), by the command's kind of help.
    pub fn shown_type(&self, net: bool) -> &str {
        match (&self.net_type, net) {
            (Some(t), true) => t,
            _ => &self.type_name,
        }
    }

    /// `Accept pipeline input?` as help shows it.
    pub fn pipeline_text(&self, lower: bool) -> String {
        let e = self.main_entry();
        let how = match (e.by_value, e.by_property) {
            (true, true) => "(ByValue, ByPropertyName)",
            (true, false) => "(ByValue)",
            (false, true) => "(ByPropertyName)",
            (false, false) => "",
        };
        let word = match (how.is_empty(), lower) {
            (true, true) => "false",
            (true, false) => "False",
            (false, true) => "true",
            (false, false) => "True",
        };
        if how.is_empty() {
            word.to_string()
        } else {
            format!("{word} {how}")
        }
    }
}

/// What kind of command a help topic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// A built-in command.
    Cmdlet,
    /// A function.
    Function,
    /// A filter.
    Filter,
    /// A script file.
    ExternalScript,
}

impl Category {
    /// Its name in `HelpCategory`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Cmdlet => "Cmdlet",
            Category::Function => "Function",
            Category::Filter => "Filter",
            Category::ExternalScript => "ExternalScript",
        }
    }
}

/// One example.
#[derive(Clone, Debug, Default)]
pub struct ExampleHelp {
    /// The title line, dashes included.
    pub title: String,
    /// Text before the code (comment-based help's `PS > ` prompt).
    pub introduction: String,
    /// The code.
    pub code: String,
    /// What it writes.
    pub output: String,
    /// Remarks after the code.
    pub remarks: String,
}

/// Everything help shows about one command.
#[derive(Clone, Debug)]
pub struct CommandHelp {
    /// The command's name.
    pub name: String,
    /// Its kind.
    pub category: Category,
    /// Its module (empty for functions).
    pub module: String,
    /// One sentence.
    pub synopsis: String,
    /// Paragraphs.
    pub description: String,
    /// Its parameters, in declaration order.
    pub params: Vec<ParamHelp>,
    /// The default parameter set, listed first.
    pub default_set: Option<String>,
    /// Takes the common parameters (shown as `[<CommonParameters>]`).
    pub common: bool,
    /// Has `-WhatIf` and `-Confirm`.
    pub should_process: bool,
    /// Examples.
    pub examples: Vec<ExampleHelp>,
    /// RELATED LINKS entries.
    pub links: Vec<String>,
    /// INPUTS entries.
    pub inputs: Vec<String>,
    /// OUTPUTS entries.
    pub outputs: Vec<String>,
    /// NOTES.
    pub notes: String,
    /// `.COMPONENT`, `.ROLE`, `.FUNCTIONALITY` of comment-based help.
    pub component: String,
    /// `.ROLE`.
    pub role: String,
    /// `.FUNCTIONALITY`.
    pub functionality: String,
    /// The aliases that name the command.
    pub aliases: Vec<String>,
    /// Written help exists (a built-in command's, or comment-based help); without it help
    /// shows PowerShell's reduced view (name, syntax, aliases).
    pub written: bool,
    /// Comment-based help: positions counted from 1 and .NET type names, as PowerShell's
    /// help built from comments shows them.
    pub from_comments: bool,
}

impl CommandHelp {
    /// A command with nothing filled in yet.
    pub fn new(name: &str, category: Category) -> Self {
        CommandHelp {
            name: name.to_string(),
            category,
            module: String::new(),
            synopsis: String::new(),
            description: String::new(),
            params: vec![],
            default_set: None,
            common: false,
            should_process: false,
            examples: vec![],
            links: vec![],
            inputs: vec![],
            outputs: vec![],
            notes: String::new(),
            component: String::new(),
            role: String::new(),
            functionality: String::new(),
            aliases: vec![],
            written: false,
            from_comments: false,
        }
    }

    /// The parameter set names, the default first, then in order of first mention; one
    /// unnamed set when the parameters name none.
    pub fn set_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mentioned = self
            .params
            .iter()
            .flat_map(|p| p.entries.iter().filter_map(|e| e.set.clone()));
        for s in self.default_set.clone().into_iter().chain(mentioned) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        }
        if out.is_empty() {
            out.push(ALL_SETS.to_string());
        }
        out
    }

    /// A parameter by name or alias.
    pub fn param(&self, name: &str) -> Option<&ParamHelp> {
        self.params.iter().find(|p| {
            p.name.eq_ignore_ascii_case(name)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }
}

/// The name of the one set of a command that names none.
pub const ALL_SETS: &str = "__AllParameterSets";
