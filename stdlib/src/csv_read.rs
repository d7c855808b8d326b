//! What ConvertFrom-Csv and Import-Csv share (PowerShell's `ImportCsvHelper`): records split
//! by the `csv-core` parser with PowerShell's leniencies (blanks around fields ignored), the
//! `#TYPE` line, the header (`#` lines before it skipped, W3C `#Fields: ` headers, trailing
//! empty names dropped, missing names as `H1`, `H2`, ...), and one custom object per record.

use crate::util::command_error;
use csv_core::{ReadFieldResult, ReaderBuilder};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::host::HostStream;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// The state of one reading call: the header and type name carry over from one input text
/// to the next (ConvertFrom-Csv's piped lines), as does whether the warning was given.
pub(crate) struct CsvReader {
    /// The command, for errors and warnings.
    pub(crate) command: &'static str,
    delimiter: char,
    header: Option<Vec<String>>,
    type_name: Option<String>,
    warned: bool,
}

const UNSPECIFIED_WARNING: &str = "One or more headers were not specified. Default names starting with \"H\" have been used in place of any missing headers.";

impl CsvReader {
    /// A reader with `-Delimiter` and `-Header` (when given).
    pub(crate) fn new(command: &'static str, delimiter: char, header: Option<Vec<String>>) -> Self {
        CsvReader {
            command,
            delimiter,
            header,
            type_name: None,
            warned: false,
        }
    }

    /// Read one text: its type line and header when they are still to come, then emit an
    /// object per record.
    pub(crate) fn import(&mut self, rs: &mut Runspace, text: &str, out: &mut dyn Sink) -> Eval<()> {
        let records = self.take_header(text)?;
        for values in records {
            if values.len() == 1 && values[0].is_empty() {
                continue;
            }
            let object = self.object(rs, values);
            out.emit(rs, object)?;
        }
        Ok(())
    }

    /// Read the type line and the header, when they are still to come, from the start of
    /// a text; the records after them are returned.
    pub(crate) fn take_header(&mut self, text: &str) -> Eval<std::vec::IntoIter<Vec<String>>> {
        let mut text = text;
        if self.type_name.is_none() && text.starts_with('#') {
            let (line, rest) = split_line(text);
            text = rest;
            if line.len() >= 5 && line[..5].eq_ignore_ascii_case("#type") {
                let t = line[5..].trim();
                if !t.is_empty() {
                    self.type_name = Some(t.to_string());
                }
            }
        }
        let mut records = parse_records(text, self.delimiter).into_iter();
        while self.header.is_none() {
            let Some(mut values) = records.next() else {
                break;
            };
            while values.len() > 1 && values.last().is_some_and(|v| v.is_empty()) {
                values.pop();
            }
            match values.first() {
                Some(first) if first.starts_with("#Fields: ") => {
                    values[0] = first["#Fields: ".len()..].to_string();
                    self.header = Some(values);
                }
                Some(first) if first.starts_with('#') => {}
                _ => self.header = Some(values),
            }
        }
        if let Some(header) = &self.header {
            self.check_names(header)?;
        }
        Ok(records)
    }

    /// PowerShell refuses a header that names a column twice (ignoring case).
    fn check_names(&self, names: &[String]) -> Eval<()> {
        let mut seen: Vec<String> = Vec::new();
        for name in names.iter().filter(|n| !n.is_empty()) {
            let lower = name.to_lowercase();
            if seen.contains(&lower) {
                return Err(command_error(
                    self.command,
                    &format!(
                        "AlreadyPresentPSMemberInfoInternalCollectionAdd,Microsoft.PowerShell.Commands.{}Command",
                        self.command.replace('-', "")
                    ),
                    ErrorCategory::NotSpecified,
                    "System.Management.Automation.ExtendedTypeSystemException",
                    format!("The member \"{name}\" is already present."),
                ));
            }
            seen.push(lower);
        }
        Ok(())
    }

    fn object(&mut self, rs: &mut Runspace, values: Vec<String>) -> Value {
        let o = PsObject::custom();
        let names = self.header.clone().unwrap_or_default();
        let mut unspecified = 1;
        let mut values = values.into_iter();
        for name in names {
            let name = if name.is_empty() {
                unspecified += 1;
                format!("H{}", unspecified - 1)
            } else {
                name
            };
            // A record shorter than the header leaves its last properties null.
            o.set(&name, values.next().map(Value::from).unwrap_or(Value::Null));
        }
        if !self.warned && unspecified != 1 {
            self.warned = true;
            warn(rs, UNSPECIFIED_WARNING);
        }
        if let Some(t) = &self.type_name {
            let o2 = PsObject::with_type_names(vec![t.clone(), format!("CSV:{t}")]);
            o2.set_many(
                o.properties()
                    .into_iter()
                    .map(|p| (p.name, p.value))
                    .collect(),
            );
            return Value::Object(o2);
        }
        Value::Object(o)
    }

    /// Whether the missing-name warning was given (Import-Csv gives it once per call).
    pub(crate) fn warned(&self) -> bool {
        self.warned
    }

    /// Carry over whether the missing-name warning was given.
    pub(crate) fn set_warned(&mut self, warned: bool) {
        self.warned = warned;
    }

    /// The header read so far (Export-Csv -Append reads an existing file's columns).
    pub(crate) fn header(&self) -> Option<&[String]> {
        self.header.as_deref()
    }
}

/// A warning from a command, as `WriteWarning` gives it: captured, then shown or not by
/// `-WarningAction`/`$WarningPreference`.
fn warn(rs: &mut Runspace, message: &str) {
    rs.capture_stream(HostStream::Warning, message);
    let pref = rs.warning_action().to_ascii_lowercase();
    if pref == "continue" || pref == "inquire" || pref == "stop" {
        rs.write_stream(HostStream::Warning, message, false);
    }
}

/// The first line of a text (without its line break) and the rest.
fn split_line(text: &str) -> (&str, &str) {
    match text.find(['\r', '\n']) {
        None => (text, ""),
        Some(i) => {
            let rest = &text[i..];
            let rest = rest
                .strip_prefix("\r\n")
                .or_else(|| rest.strip_prefix('\n'))
                .or_else(|| rest.strip_prefix('\r'))
                .unwrap_or(rest);
            (&text[..i], rest)
        }
    }
}

/// The records of a text, each a list of fields. `csv-core` splits them (quotes, doubled
/// quotes, line breaks inside quotes, blank lines skipped) after [`lenient`] has applied
/// PowerShell's leniencies about blanks.
pub(crate) fn parse_records(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let text = lenient(text, delimiter);
    // csv-core splits on a byte: another delimiter stands in for a character beyond ASCII.
    let (owned, delim) = if delimiter.is_ascii() {
        (None, delimiter as u8)
    } else {
        (Some(text.replace(delimiter, "\u{1f}")), 0x1f)
    };
    let input = owned.as_deref().unwrap_or(&text).as_bytes();
    let mut reader = ReaderBuilder::new().delimiter(delim).build();
    let mut out = vec![0u8; input.len() + 1];
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut rest = input;
    let mut value: Vec<u8> = Vec::new();
    let mut eof = false;
    loop {
        let now: &[u8] = if eof { &[] } else { rest };
        let (result, nin, nout) = reader.read_field(now, &mut out);
        value.extend_from_slice(&out[..nout]);
        rest = &rest[nin..];
        match result {
            ReadFieldResult::InputEmpty => eof = rest.is_empty(),
            ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                fields.push(String::from_utf8_lossy(&std::mem::take(&mut value)).into_owned());
                if record_end {
                    records.push(std::mem::take(&mut fields));
                }
            }
            ReadFieldResult::End => break,
        }
    }
    if owned.is_some() {
        let d = delimiter.to_string();
        for r in &mut records {
            for f in r.iter_mut() {
                *f = f.replace('\u{1f}', &d);
            }
        }
    }
    records
}

/// Where [`lenient`] is in a field.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Start,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// PowerShell's reader ignores blanks before a field (a quote after them still opens a
/// quoted field), blanks after a closing quote, and blanks that end an unquoted field when
/// only blanks follow its first blank (`foo  ` is `foo`, `foo bar ` stays). This drops those
/// blanks, so that csv-core reads what PowerShell reads.
fn lenient(text: &str, delim: char) -> String {
    let blank = |c: char| c == ' ' || c == '\t';
    let ends_field = |c: char| c == delim || c == '\r' || c == '\n';
    let mut out = String::with_capacity(text.len());
    let mut tail = String::new();
    let mut in_tail = false;
    let mut at = At::Start;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match at {
            At::Start if blank(c) => {}
            At::Start if c == '"' => {
                out.push(c);
                at = At::Quoted;
            }
            At::Start if ends_field(c) => out.push(c),
            At::Start => {
                out.push(c);
                at = At::Unquoted;
            }
            At::Quoted => {
                out.push(c);
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        out.push('"');
                    } else {
                        at = At::AfterQuote;
                    }
                }
            }
            At::Unquoted | At::AfterQuote if ends_field(c) => {
                if tail.chars().any(|t| !blank(t)) {
                    out.push_str(&tail);
                }
                tail.clear();
                in_tail = false;
                out.push(c);
                at = At::Start;
            }
            At::Unquoted | At::AfterQuote => {
                if in_tail || blank(c) {
                    in_tail = true;
                    tail.push(c);
                } else {
                    out.push(c);
                }
            }
        }
    }
    if tail.chars().any(|t| !blank(t)) {
        out.push_str(&tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_records;

    fn rec(text: &str, d: char) -> Vec<Vec<String>> {
        parse_records(text, d)
    }

    #[test]
    fn blanks_around_fields_follow_powershell() {
        assert_eq!(
            rec("a, b , \"x, y\" ,foo bar ,\"q\" z\n", ','),
            vec![vec!["a", "b", "x, y", "foo bar ", "q z"]]
        );
    }

    #[test]
    fn quotes_line_breaks_and_blank_lines() {
        assert_eq!(
            rec("\"a\"\"b\",\"l1\nl2\"\r\n\r\nc,d", ','),
            vec![vec!["a\"b", "l1\nl2"], vec!["c", "d"]]
        );
    }

    #[test]
    fn delimiter_beyond_ascii() {
        assert_eq!(rec("a§\"b§c\"", '§'), vec![vec!["a", "b§c"]]);
    }
}
