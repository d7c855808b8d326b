//! `[regex]`: regex objects (`[regex]'\d+'`, `[regex]::new(p, options)`), their instance
//! methods, the static `[regex]::Match/Matches/Split/Replace/IsMatch`, and the Match objects
//! they return (`Value`, `Success`, `Index`, `Length`, `Groups`).

use super::Runspace;
use crate::convert::to_str;
use crate::error::Eval;
use crate::value::{Array, Hashtable, PsObject, Value};

const REGEX_TYPE: &str = "System.Text.RegularExpressions.Regex";

/// `RegexOptions` flags rosh honours, as .NET numbers them.
const IGNORE_CASE: i64 = 1;
const MULTILINE: i64 = 2;
const SINGLELINE: i64 = 16;
const IGNORE_PATTERN_WHITESPACE: i64 = 32;

/// The numeric value of a `RegexOptions` argument (`'IgnoreCase'`, `[RegexOptions]::Multiline`,
/// `'IgnoreCase, Multiline'`, or a number).
fn options_of(v: Option<&Value>) -> i64 {
    let Some(v) = v else { return 0 };
    if let Value::Enum(e) = v {
        return e.value;
    }
    if let Some(n) = crate::convert::to_numeric(v) {
        return to_str(&n).parse().unwrap_or(0);
    }
    to_str(v)
        .split(',')
        .map(|p| match p.trim().to_ascii_lowercase().as_str() {
            "ignorecase" => IGNORE_CASE,
            "multiline" => MULTILINE,
            "singleline" => SINGLELINE,
            "ignorepatternwhitespace" => IGNORE_PATTERN_WHITESPACE,
            _ => 0,
        })
        .fold(0, |a, b| a | b)
}

/// Compile a .NET pattern with options (case-sensitive unless `IgnoreCase`, as .NET is).
fn compile(pattern: &str, options: i64) -> Eval<regex::Regex> {
    let mut flags = String::new();
    for (bit, flag) in [
        (IGNORE_CASE, 'i'),
        (MULTILINE, 'm'),
        (SINGLELINE, 's'),
        (IGNORE_PATTERN_WHITESPACE, 'x'),
    ] {
        if options & bit != 0 {
            flags.push(flag);
        }
    }
    let full = if flags.is_empty() {
        pattern.to_string()
    } else {
        format!("(?{flags}){pattern}")
    };
    crate::ops::dotnet_regex(&full, true)
}

/// A `[regex]` object.
pub(crate) fn regex_object(pattern: &str, options: i64) -> Eval<Value> {
    compile(pattern, options)?;
    let o = PsObject::with_type_names(vec![REGEX_TYPE.into(), "System.Object".into()]);
    o.set("Options", Value::Long(options));
    o.set("Pattern", Value::str(pattern));
    o.set_to_string(pattern.to_string());
    Ok(Value::Object(o))
}

fn regex_of(o: &PsObject) -> Option<(String, i64)> {
    if o.type_names().first().map(String::as_str) != Some(REGEX_TYPE) {
        return None;
    }
    let pattern = o.get("Pattern").map(|p| to_str(&p))?;
    let options = options_of(o.get("Options").as_ref());
    Some((pattern, options))
}

fn utf16_index(s: &str, byte: usize) -> i32 {
    s.get(..byte).map_or(0, |p| p.encode_utf16().count() as i32)
}

fn group_object(text: &str, name: &str, m: Option<regex::Match<'_>>) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Text.RegularExpressions.Group".into(),
        "System.Text.RegularExpressions.Capture".into(),
        "System.Object".into(),
    ]);
    let value = m.map(|m| m.as_str()).unwrap_or_default();
    o.set("Success", Value::Bool(m.is_some()));
    o.set("Name", Value::str(name));
    o.set(
        "Index",
        Value::Int(m.map_or(0, |m| utf16_index(text, m.start()))),
    );
    o.set("Length", Value::Int(value.encode_utf16().count() as i32));
    o.set("Value", Value::str(value));
    o.set_to_string(value.to_string());
    Value::Object(o)
}

/// A `Match` object for one match of `re` in `text` (or a failed match).
fn match_object(re: &regex::Regex, text: &str, caps: Option<regex::Captures<'_>>) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Text.RegularExpressions.Match".into(),
        "System.Text.RegularExpressions.Group".into(),
        "System.Text.RegularExpressions.Capture".into(),
        "System.Object".into(),
    ]);
    let groups = Hashtable::new(true);
    let whole = caps.as_ref().and_then(|c| c.get(0));
    for (i, name) in re.capture_names().enumerate() {
        let m = caps.as_ref().and_then(|c| c.get(i));
        let label = name.map_or_else(|| i.to_string(), str::to_string);
        let g = group_object(text, &label, m);
        groups.insert(Value::Int(i as i32), g.clone());
        if let Some(n) = name {
            groups.insert(Value::str(n), g);
        }
    }
    let value = whole.map(|m| m.as_str()).unwrap_or_default();
    o.set("Groups", Value::Hashtable(groups));
    o.set("Success", Value::Bool(whole.is_some()));
    o.set("Name", Value::str("0"));
    o.set(
        "Index",
        Value::Int(whole.map_or(0, |m| utf16_index(text, m.start()))),
    );
    o.set("Length", Value::Int(value.encode_utf16().count() as i32));
    o.set("Value", Value::str(value));
    o.set_to_string(value.to_string());
    Value::Object(o)
}

/// Match objects for a .NET pattern in `text`: the first match, or with `all` every match
/// (Select-String's `Matches`); empty when the pattern does not match.
pub fn find_matches(pattern: &str, ignore_case: bool, text: &str, all: bool) -> Eval<Vec<Value>> {
    let re = compile(pattern, if ignore_case { IGNORE_CASE } else { 0 })?;
    Ok(if all {
        re.captures_iter(text)
            .map(|c| match_object(&re, text, Some(c)))
            .collect()
    } else {
        re.captures(text)
            .map(|c| match_object(&re, text, Some(c)))
            .into_iter()
            .collect()
    })
}

/// Compile a .NET pattern, to report a bad one before any input comes.
pub fn check_pattern(pattern: &str, ignore_case: bool) -> Eval<()> {
    compile(pattern, if ignore_case { IGNORE_CASE } else { 0 }).map(|_| ())
}

/// .NET's replacement syntax (`$1`, `${name}`, `$$`, `$0`) in the regex crate's terms.
fn replacement(r: &str) -> String {
    crate::ops::dotnet_replacement(r)
}

impl Runspace {
    /// `-replace` with a script block: each match is `$_`, the block's output replaces it.
    pub(crate) fn replace_with_block(
        &mut self,
        input: &Value,
        pattern: &str,
        case_sensitive: bool,
        sb: &crate::value::ScriptBlockValue,
    ) -> Eval<Value> {
        let re = crate::ops::dotnet_regex(pattern, case_sensitive)?;
        let mut one = |text: &str| -> Eval<Value> {
            self.replace_matches(&re, text, |rs, m| rs.invoke_with_dollar_underscore(sb, m))
                .map(Value::from)
        };
        match input {
            Value::Array(a) => Ok(Value::Array(Array::new(
                a.to_vec()
                    .iter()
                    .map(|e| one(&to_str(e)))
                    .collect::<Eval<Vec<_>>>()?,
            ))),
            other => one(&to_str(other)),
        }
    }

    /// `-split` with a script block: each character is `$_`; where the block is true the
    /// string splits (the character goes). A positive `max` caps the pieces.
    pub(crate) fn split_with_block(
        &mut self,
        input: &Value,
        sb: &crate::value::ScriptBlockValue,
        max: i64,
    ) -> Eval<Value> {
        let mut out = Vec::new();
        for s in crate::ops::items(input) {
            let text = to_str(&s);
            let mut piece = String::new();
            let mut pieces = 1;
            for c in text.chars() {
                let capped = max > 0 && pieces >= max;
                if !capped
                    && crate::convert::is_true(
                        &self.invoke_with_dollar_underscore(sb, Value::Char(c))?,
                    )
                {
                    out.push(Value::from(std::mem::take(&mut piece)));
                    pieces += 1;
                } else {
                    piece.push(c);
                }
            }
            out.push(Value::from(piece));
        }
        Ok(Value::Array(Array::new(out)))
    }

    /// Replace each match of `re` in `text` with the text of what `evaluate` gives for its
    /// Match object (a MatchEvaluator, or `-replace`'s script block).
    fn replace_matches(
        &mut self,
        re: &regex::Regex,
        text: &str,
        mut evaluate: impl FnMut(&mut Runspace, Value) -> Eval<Value>,
    ) -> Eval<String> {
        let mut out = String::new();
        let mut last = 0;
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            out.push_str(&text[last..m.start()]);
            let end = m.end();
            let arg = match_object(re, text, Some(c));
            out.push_str(&to_str(&evaluate(self, arg)?));
            last = end;
        }
        out.push_str(&text[last..]);
        Ok(out)
    }

    fn regex_match(
        &mut self,
        pattern: &str,
        options: i64,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        let re = match compile(pattern, options) {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let text = args.first().map(to_str).unwrap_or_default();
        Some(Ok(match lower {
            "ismatch" => Value::Bool(re.is_match(&text)),
            "match" => match_object(&re, &text, re.captures(&text)),
            "matches" => Value::Array(Array::new(
                re.captures_iter(&text)
                    .map(|c| match_object(&re, &text, Some(c)))
                    .collect(),
            )),
            "split" => {
                let mut parts = Vec::new();
                let mut last = 0;
                for c in re.captures_iter(&text) {
                    let Some(m) = c.get(0) else { continue };
                    parts.push(Value::str(&text[last..m.start()]));
                    // .NET includes captured groups in the result.
                    for g in c.iter().skip(1).flatten() {
                        parts.push(Value::str(g.as_str()));
                    }
                    last = m.end();
                }
                parts.push(Value::str(&text[last..]));
                Value::Array(Array::typed(
                    crate::types::TypeInfo::of(crate::types::KnownType::String),
                    parts,
                ))
            }
            "replace" => match args.get(1) {
                Some(Value::ScriptBlock(sb)) => {
                    match self.replace_matches(&re, &text, |rs, m| rs.invoke_block(sb, &[m])) {
                        Ok(out) => Value::from(out),
                        Err(e) => return Some(Err(e)),
                    }
                }
                other => {
                    let r = replacement(&other.map(to_str).unwrap_or_default());
                    Value::from(re.replace_all(&text, r.as_str()).into_owned())
                }
            },
            "getgroupnames" => Value::Array(Array::new(
                re.capture_names()
                    .enumerate()
                    .map(|(i, n)| Value::from(n.map_or_else(|| i.to_string(), str::to_string)))
                    .collect(),
            )),
            _ => return None,
        }))
    }

    /// Methods of a `[regex]` object.
    pub(crate) fn regex_instance_method(
        &mut self,
        o: &PsObject,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        let (pattern, options) = regex_of(o)?;
        self.regex_match(&pattern, options, lower, args)
    }

    /// `[regex]::Match(text, pattern[, options])` and its siblings, and `[regex]::new`.
    pub(crate) fn regex_static_method(
        &mut self,
        lower: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        let pattern = args.get(1).map(to_str).unwrap_or_default();
        match lower {
            "new" => Some(regex_object(
                &args.first().map(to_str).unwrap_or_default(),
                options_of(args.get(1)),
            )),
            "match" | "matches" | "split" | "ismatch" => {
                let options = options_of(args.get(2));
                self.regex_match(&pattern, options, lower, &args[..1.min(args.len())])
            }
            "replace" => {
                let options = options_of(args.get(3));
                let rest: Vec<Value> = [args.first(), args.get(2)]
                    .into_iter()
                    .map(|v| v.cloned().unwrap_or(Value::Null))
                    .collect();
                self.regex_match(&pattern, options, lower, &rest)
            }
            _ => None,
        }
    }
}
