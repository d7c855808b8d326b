//! Writing `.pssc` and `.psrc` files in PowerShell's layout (`SessionConfigurationUtils`
//! in PowerShell's `NewPSSessionConfigurationFile.cs`): an `@{` line, then per key a comment
//! line and `Key = value` (commented out when it is only an example), values single-quoted
//! and hashtables written with their keys sorted.

use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::Hashtable;

/// A file being written.
#[derive(Debug, Default)]
pub struct ConfigText {
    text: String,
}

impl ConfigText {
    /// A file with its opening `@{` and blank line.
    pub fn new() -> Self {
        ConfigText {
            text: "@{\n\n".to_string(),
        }
    }

    /// One key: `# comment`, then `Key = value` (prefixed with `# ` for an example), then a
    /// blank line.
    pub fn fragment(&mut self, key: &str, comment: &str, value: &str, example: bool) {
        self.text.push_str("# ");
        self.text.push_str(comment);
        self.text.push('\n');
        if example {
            self.text.push_str("# ");
        }
        self.text.push_str(key);
        self.text.push_str(" = ");
        self.text.push_str(value);
        self.text.push_str("\n\n");
    }

    /// The finished file, with its closing `}`.
    pub fn finish(mut self) -> String {
        self.text.push('}');
        self.text
    }
}

/// A single-quoted string literal, embedded quotes (and their typographic look-alikes)
/// doubled.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Quoted strings joined with `, ` (empty ones left out).
pub fn string_list(values: &[String]) -> String {
    values
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| quote(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A hashtable literal: `@{`, each key on its own line indented by four spaces per level
/// (keys sorted), ` }`.
pub fn hashtable(table: &Hashtable, indent: usize) -> String {
    let mut entries = table.entries();
    entries.sort_by_key(|(k, _)| to_str(k).to_lowercase());
    let mut out = String::from("@{");
    for (k, v) in entries {
        out.push('\n');
        out.push_str(&" ".repeat(4 * (indent + 1)));
        out.push_str(&quote(&to_str(&k)));
        out.push_str(" = ");
        out.push_str(&value(&v, indent + 1));
    }
    out.push_str(" }");
    out
}

/// A value inside a hashtable: a script block in braces, a hashtable, hashtables joined
/// with `, `, or quoted strings.
fn value(v: &Value, indent: usize) -> String {
    match v {
        Value::ScriptBlock(sb) => format!("{{{}}}", sb.text()),
        Value::Hashtable(h) => hashtable(h, indent),
        Value::Array(a) if a.is_empty() => "@()".to_string(),
        Value::Array(a) => {
            let items = a.to_vec();
            if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Hashtable(_))) {
                items
                    .iter()
                    .map(|i| value(i, indent))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                string_list(&items.iter().map(to_str).collect::<Vec<_>>())
            }
        }
        other => quote(&to_str(other)),
    }
}

/// Hashtables joined with `, `.
pub fn hashtable_list(tables: &[Hashtable]) -> String {
    tables
        .iter()
        .map(|t| hashtable(t, 0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strings quoted and hashtables written, joined with `, ` (`VisibleCmdlets`,
/// `ModulesToImport`); `None` when there is anything else.
pub fn strings_or_hashtables(values: &[Value]) -> Option<String> {
    let mut parts = Vec::with_capacity(values.len());
    for v in values {
        match v {
            Value::Hashtable(h) => parts.push(hashtable(h, 0)),
            Value::String(s) if !s.is_empty() => parts.push(quote(s)),
            _ => return None,
        }
    }
    Some(parts.join(", "))
}

/// `RequiredGroups`: `@{ 'And' = 'a', @{ 'Or' = 'b', 'c' } }`; the error is PowerShell's.
pub fn required_groups(table: &Hashtable) -> Result<String, String> {
    let entries = table.entries();
    let [(key, v)] = entries.as_slice() else {
        return Err("RequiredGroups property hashtable must contain only a single key.".into());
    };
    let items = match v {
        Value::Array(a) => a.to_vec(),
        other => vec![other.clone()],
    };
    let mut parts = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            Value::String(s) => parts.push(quote(s)),
            Value::Hashtable(h) => parts.push(required_groups(h)?),
            _ => {
                return Err("Unknown value in Required Groups configuration.  Required Groups hashtable can only contain values that are either group names or another logical hashtable.".into());
            }
        }
    }
    Ok(format!(
        "@{{ {} = {} }}",
        quote(&to_str(key)),
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powershell_layout() {
        let mut t = ConfigText::new();
        t.fragment(
            "SchemaVersion",
            "Version number of the schema used for this document",
            &quote("2.0.0.0"),
            false,
        );
        t.fragment(
            "Description",
            "Description of the functionality provided by these settings",
            "''",
            true,
        );
        assert_eq!(
            t.finish(),
            "@{\n\n# Version number of the schema used for this document\nSchemaVersion = '2.0.0.0'\n\n# Description of the functionality provided by these settings\n# Description = ''\n\n}"
        );
        assert_eq!(quote("it's"), "'it''s'");
        let h = Hashtable::new(false);
        h.insert(Value::str("Name"), Value::str("x"));
        h.insert(Value::str("A"), Value::str("y"));
        assert_eq!(hashtable(&h, 0), "@{\n    'A' = 'y'\n    'Name' = 'x' }");
    }
}
