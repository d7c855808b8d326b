//! What ConvertTo-Csv and Export-Csv share (PowerShell's `BaseCsvWritingCommand` and
//! `ExportCsvHelper`): the options, the columns an object gives, and its lines of text.

use crate::util::command_error;
use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::member_info::{MemberKind, instance_members};
use rosh_runtime::{Eval, Runspace, Value};

/// `-UseQuotes`: which fields are put in double quotes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteKind {
    /// No field.
    Never,
    /// Every field (the default).
    Always,
    /// Fields holding the delimiter, a double quote or a line feed.
    AsNeeded,
}

/// The writing options of one call, and the columns once the first object fixed them.
pub(crate) struct CsvWriter {
    delimiter: char,
    quote: QuoteKind,
    quote_fields: Option<Vec<String>>,
    /// `-IncludeTypeInformation`: a `#TYPE` line before the header.
    pub(crate) include_type: bool,
    /// `-NoHeader`.
    pub(crate) no_header: bool,
    /// The columns, from the first object (or an appended file's header).
    pub(crate) names: Option<Vec<String>>,
}

/// The delimiter of a CSV command: `-Delimiter`, `-UseCulture` (the invariant culture's list
/// separator, a comma, as rosh's culture has) or a comma.
pub(crate) fn delimiter(command: &str, args: &BoundArgs) -> Eval<char> {
    let Some(v) = args.get("Delimiter") else {
        return Ok(',');
    };
    let text = to_str(v);
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(command_error(
            command,
            "CannotConvertArgumentNoMessage",
            ErrorCategory::InvalidArgument,
            "System.Management.Automation.ParameterBindingException",
            format!(
                "Cannot bind parameter 'Delimiter'. Cannot convert value \"{text}\" to type \"System.Char\". Error: \"String must be exactly one character long.\""
            ),
        )),
    }
}

fn invalid(command: &str, id: &str, message: &str) -> rosh_runtime::Flow {
    command_error(
        command,
        &format!(
            "{id},Microsoft.PowerShell.Commands.{}Command",
            command.replace('-', "")
        ),
        ErrorCategory::InvalidData,
        "System.InvalidOperationException",
        message,
    )
}

impl CsvWriter {
    /// The options of a ConvertTo-Csv or Export-Csv call, checked as PowerShell's
    /// `BeginProcessing` checks them.
    pub(crate) fn from_args(command: &str, args: &BoundArgs) -> Eval<CsvWriter> {
        if args.has("QuoteFields") && args.has("UseQuotes") {
            return Err(invalid(
                command,
                "CannotSpecifyQuoteFieldsAndUseQuotes",
                "You must specify either the -UseQuotes or -QuoteFields parameters, but not both.",
            ));
        }
        if args.has("IncludeTypeInformation") && args.has("NoTypeInformation") {
            return Err(invalid(
                command,
                "CannotSpecifyIncludeTypeInformationAndNoTypeInformation",
                "You must specify either the -IncludeTypeInformation or -NoTypeInformation parameters, but not both.",
            ));
        }
        let quote = match args.get("UseQuotes").map(to_str) {
            None => QuoteKind::Always,
            Some(q) => match q.to_ascii_lowercase().as_str() {
                "never" => QuoteKind::Never,
                "always" => QuoteKind::Always,
                "asneeded" => QuoteKind::AsNeeded,
                _ => {
                    return Err(command_error(
                        command,
                        "CannotConvertArgumentNoMessage",
                        ErrorCategory::InvalidArgument,
                        "System.Management.Automation.ParameterBindingException",
                        format!(
                            "Cannot bind parameter 'UseQuotes'. Cannot convert value \"{q}\" to type \"Microsoft.PowerShell.Commands.BaseCsvWritingCommand+QuoteKind\". Error: \"Unable to match the identifier name {q} to a valid enumerator name. Specify one of the following enumerator names and try again:\nNever, Always, AsNeeded\""
                        ),
                    ));
                }
            },
        };
        let quote_fields = args
            .has("QuoteFields")
            .then(|| crate::util::strings(args, "QuoteFields"));
        Ok(CsvWriter {
            delimiter: delimiter(command, args)?,
            quote,
            quote_fields,
            include_type: args.switch("IncludeTypeInformation"),
            no_header: args.switch("NoHeader"),
            names: None,
        })
    }

    /// The `#TYPE` line for an object: its first type name, less a `CSV:` prefix.
    pub(crate) fn type_line(v: &Value) -> String {
        match v.type_names().first() {
            None => "#TYPE".into(),
            Some(t) => {
                let t = match t.get(..4) {
                    Some(p) if p.eq_ignore_ascii_case("CSV:") => &t[4..],
                    _ => t.as_str(),
                };
                format!("#TYPE {t}")
            }
        }
    }

    /// The header line of the columns.
    pub(crate) fn header_line(&self) -> String {
        let names = self.names.as_deref().unwrap_or_default();
        let fields: Vec<Option<String>> = names.iter().map(|n| Some(n.clone())).collect();
        self.join(names, &fields)
    }

    /// The line of one object's values, in the columns' order.
    pub(crate) fn row(&self, rs: &mut Runspace, v: &Value) -> String {
        let names = self.names.as_deref().unwrap_or_default();
        let fields: Vec<Option<String>> = names.iter().map(|n| field_text(rs, v, n)).collect();
        self.join(names, &fields)
    }

    fn join(&self, names: &[String], fields: &[Option<String>]) -> String {
        let mut out = String::new();
        for (i, (name, field)) in names.iter().zip(fields).enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            // A property without a value (absent or null) is an empty field, never quoted.
            let Some(text) = field else { continue };
            let quoted = match &self.quote_fields {
                Some(list) => list.iter().any(|q| q.eq_ignore_ascii_case(name)),
                None => match self.quote {
                    QuoteKind::Always => true,
                    QuoteKind::Never => false,
                    QuoteKind::AsNeeded => text.contains([self.delimiter, '\n', '"']),
                },
            };
            if quoted {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(text);
            }
        }
        out
    }
}

/// The columns an object gives: a dictionary's keys, else its properties in order (note,
/// script and alias properties of a custom object; a .NET value's public properties).
pub(crate) fn property_names(v: &Value) -> Vec<String> {
    match v {
        Value::Hashtable(h) => h.keys().iter().map(to_str).collect(),
        Value::Object(_) => rosh_runtime::output::property_names(v),
        Value::Null => vec![],
        other => instance_members(other)
            .iter()
            .filter(|m| m.kind == MemberKind::Property)
            .map(|m| m.name.to_string())
            .collect(),
    }
}

/// One field's text: the property's value as .NET's `ToString()` gives it; `None` for a
/// missing property or a null value.
fn field_text(rs: &mut Runspace, v: &Value, name: &str) -> Option<String> {
    let value = match v {
        Value::Hashtable(h) => h.get(&Value::str(name))?,
        Value::Object(o) if !o.has(name) && o.member(name).is_none() => return None,
        _ => rs.get_member(v, name),
    };
    net_to_string(rs, &value)
}

/// .NET's `ToString()` of a value (`None` for null): a collection's is its type name.
pub(crate) fn net_to_string(rs: &mut Runspace, v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Array(a) => Some(a.type_name()),
        Value::Hashtable(h) if h.is_ordered() => {
            Some("System.Collections.Specialized.OrderedDictionary".into())
        }
        Value::Hashtable(_) => Some("System.Collections.Hashtable".into()),
        Value::String(s) => Some(s.to_string()),
        other => Some(
            rs.property_or_method(other, "ToString", vec![])
                .map(|s| to_str(&s))
                .unwrap_or_else(|_| to_str(other)),
        ),
    }
}
