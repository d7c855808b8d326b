//! Members: properties, methods, indexes and static members of the curated types, with
//! member-access enumeration over collections.

use super::Runspace;
use crate::convert::{self, as_f64, as_i128, to_numeric, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, Hashtable, PsObject, Value};
use rosh_lang::span::Span;

fn method_not_found(t: &Value, name: &str) -> Flow {
    Flow::Error(Box::new(
        crate::error::ErrorRecord::new(
            "MethodNotFound",
            ErrorCategory::InvalidOperation,
            format!(
                "Method invocation failed because [{}] does not contain a method named '{name}'.",
                t.type_name()
            ),
        )
        .with_exception("System.Management.Automation.RuntimeException"),
    ))
}

/// A key and value converted to a generic dictionary's types (as they are for a hashtable).
fn dictionary_entry(h: &Hashtable, k: Value, v: Value) -> Eval<(Value, Value)> {
    let Some(t) = h.dictionary_type() else {
        return Ok((k, v));
    };
    let k = match t.key_argument() {
        Some(kt) => convert::convert(&k, kt)?,
        None => k,
    };
    let v = match t.generic_argument() {
        Some(vt) => convert::convert(&v, vt)?,
        None => v,
    };
    Ok((k, v))
}

/// The default value of a type: zero for numbers, false, `$null` for reference types.
pub(crate) fn default_of(t: &TypeInfo) -> Value {
    if t.array_depth() > 0 {
        return Value::Null;
    }
    match t.known() {
        KnownType::Int => Value::Int(0),
        KnownType::Long => Value::Long(0),
        KnownType::Double | KnownType::Single => Value::Double(0.0),
        KnownType::Decimal => Value::Decimal(rust_decimal::Decimal::ZERO),
        KnownType::Byte => Value::Byte(0),
        KnownType::SByte => Value::SByte(0),
        KnownType::Short => Value::Short(0),
        KnownType::UShort => Value::UShort(0),
        KnownType::UInt => Value::UInt(0),
        KnownType::ULong => Value::ULong(0),
        KnownType::Bool => Value::Bool(false),
        KnownType::Char => Value::Char('\0'),
        _ => Value::Null,
    }
}

/// A .NET exception raised inside a method call, as PowerShell reports it: a
/// MethodInvocationException around the original, with the call named in the message.
fn method_exception(e: Flow, name: &str, argc: usize) -> Flow {
    match e {
        Flow::Error(mut rec)
            if rec.invocation.is_none()
                && rec.error_id != "MethodNotFound"
                && !rec.error_id.starts_with("MethodArgumentConversion") =>
        {
            rec.message = format!(
                "Exception calling \"{name}\" with \"{argc}\" argument(s): \"{}\"",
                rec.message
            );
            let generic = rec.exception_type == "System.Management.Automation.RuntimeException";
            rec.inner_exception_type = Some(if generic && rec.error_id.ends_with("Exception") {
                format!("System.{}", rec.error_id)
            } else {
                rec.exception_type.clone()
            });
            rec.exception_type = "System.Management.Automation.MethodInvocationException".into();
            rec.category = ErrorCategory::NotSpecified;
            Flow::Error(rec)
        }
        other => other,
    }
}

/// `[Math]::Abs` of the smallest integer.
fn abs_overflow(name: &str) -> Flow {
    method_exception(
        super::dotnet_io::exception(
            "System.OverflowException",
            ErrorCategory::NotSpecified,
            "Negating the minimum value of a twos complement number is invalid.".into(),
        ),
        name,
        1,
    )
}

fn arg_str(args: &[Value], i: usize) -> String {
    args.get(i).map(to_str).unwrap_or_default()
}

fn arg_int(args: &[Value], i: usize) -> Eval<i64> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    match convert::convert(&v, &TypeInfo::of(KnownType::Long))? {
        Value::Long(l) => Ok(l),
        _ => Ok(0),
    }
}

fn arg_f64(args: &[Value], i: usize) -> f64 {
    args.get(i)
        .and_then(to_numeric)
        .and_then(|n| as_f64(&n))
        .unwrap_or(0.0)
}

fn char_index(s: &str, utf16: i64) -> Option<usize> {
    // .NET indexes strings by UTF-16 unit.
    if utf16 < 0 {
        return None;
    }
    let mut units = 0i64;
    for (b, c) in s.char_indices() {
        if units == utf16 {
            return Some(b);
        }
        units += c.len_utf16() as i64;
    }
    (units == utf16).then_some(s.len())
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// An index outside a string: wrapped by the caller as a method exception, as .NET's
/// ArgumentOutOfRangeException is.
fn out_of_range(_name: &str) -> Flow {
    Flow::Error(Box::new(
        crate::error::ErrorRecord::new(
            "ArgumentOutOfRangeException",
            ErrorCategory::InvalidArgument,
            "Index and length must refer to a location within the string. (Parameter 'length')",
        )
        .with_exception("System.ArgumentOutOfRangeException"),
    ))
}

impl Runspace {
    /// `$x.Name`: a property, a hashtable key, or member-access enumeration over a collection.
    pub fn get_member(&mut self, target: &Value, name: &str) -> Value {
        let lower = name.to_ascii_lowercase();
        // A wrapped scalar: its note properties first, then the scalar's members.
        if let Value::Object(o) = target
            && let Some(scalar) = target.wrapped_scalar()
            && !o.has(name)
            && !matches!(lower.as_str(), "psobject" | "pstypenames" | "psbase")
            && o.member(name).is_none()
        {
            return self.get_member(&scalar, name);
        }
        match target {
            // PowerShell gives every value, `$null` included, a Count and a Length.
            Value::Null => match lower.as_str() {
                "count" | "length" => Value::Int(0),
                _ => Value::Null,
            },
            Value::String(s) => match lower.as_str() {
                "length" => Value::Int(utf16_len(s) as i32),
                "count" => Value::Int(1),
                _ => Value::Null,
            },
            Value::Array(a) => match lower.as_str() {
                "count" | "length" => Value::Int(a.len() as i32),
                "longlength" => Value::Long(a.len() as i64),
                "rank" => Value::Int(1),
                "psobject" => psobject_view(target),
                _ => {
                    // Member-access enumeration.
                    let mut out = Vec::new();
                    for item in a.to_vec() {
                        match self.get_member(&item, name) {
                            Value::Null => {}
                            Value::Array(inner) => out.extend(inner.to_vec()),
                            v => out.push(v),
                        }
                    }
                    match out.len() {
                        0 => Value::Null,
                        1 => out.pop().unwrap_or(Value::Null),
                        _ => Value::Array(Array::new(out)),
                    }
                }
            },
            Value::Hashtable(h) => {
                if let Some(v) = h.get(&Value::str(name)) {
                    return v;
                }
                match lower.as_str() {
                    "count" => Value::Int(h.len() as i32),
                    "keys" => Value::Array(Array::new(h.keys())),
                    "values" => Value::Array(Array::new(h.values())),
                    "psobject" => psobject_view(target),
                    "pstypenames" => type_names_array(target),
                    _ => Value::Null,
                }
            }
            Value::Object(o) => {
                if let Some(v) = o.get(name) {
                    return v;
                }
                if let Some(v) = crate::script_members::get_property(self, target, o, name) {
                    return v;
                }
                match lower.as_str() {
                    "psobject" => psobject_view(target),
                    "pstypenames" => type_names_array(target),
                    "count" | "length" => Value::Int(1),
                    _ => Value::Null,
                }
            }
            Value::Type(t) => match lower.as_str() {
                "name" => Value::from(t.name()),
                "fullname" => Value::from(t.full_name()),
                _ => Value::Null,
            },
            Value::ScriptBlock(_) => Value::Null,
            other if let Some(v) = super::value_members::property(other, &lower) => v,
            // A `[switch]` parameter holds a Boolean here; `.IsPresent` reads it.
            Value::Bool(b) if lower == "ispresent" => Value::Bool(*b),
            other => match lower.as_str() {
                "count" | "length" => Value::Int(1),
                "psobject" => psobject_view(other),
                "pstypenames" => type_names_array(other),
                _ => Value::Null,
            },
        }
    }

    /// `$x.Name = v`.
    pub(crate) fn set_member(
        &mut self,
        target: &Value,
        name: &str,
        v: Value,
        span: Span,
    ) -> Eval<()> {
        if let Value::Object(o) = target
            && o.type_names().first().map(String::as_str)
                == Some("System.Management.Automation.SessionState")
            && name.eq_ignore_ascii_case("LanguageMode")
        {
            return self.set_language_mode_from_script(&v, span);
        }
        self.check_property_set(target, span)?;
        match target {
            Value::Hashtable(h) => {
                let (k, v) =
                    dictionary_entry(h, Value::str(name), v).map_err(|e| self.locate(e, span))?;
                h.insert(k, v);
                Ok(())
            }
            Value::Object(o) => {
                if let Some(r) =
                    crate::script_members::set_property(self, target, o, name, v.clone())
                {
                    return r;
                }
                if o.has(name) || o.type_names().iter().any(|n| n.contains("PSCustomObject")) {
                    o.set(name, v);
                    Ok(())
                } else {
                    Err(self.property_not_found(name, span))
                }
            }
            _ => Err(self.property_not_found(name, span)),
        }
    }

    fn property_not_found(&self, name: &str, span: Span) -> Flow {
        self.error_at(
            span,
            "PropertyNotFound",
            ErrorCategory::InvalidOperation,
            format!("The property '{name}' cannot be found on this object. Verify that the property exists and can be set."),
        )
    }

    /// `$x[i]`.
    pub(crate) fn get_index(&mut self, target: &Value, index: &Value, span: Span) -> Eval<Value> {
        match target {
            Value::Hashtable(h) => match index {
                Value::Array(keys) => Ok(Value::Array(Array::new(
                    keys.to_vec()
                        .iter()
                        .map(|k| h.get(k).unwrap_or(Value::Null))
                        .collect(),
                ))),
                k => Ok(h.get(k).unwrap_or(Value::Null)),
            },
            Value::Null => Err(self.error_at(
                span,
                "NullArray",
                ErrorCategory::InvalidOperation,
                "Cannot index into a null array.",
            )),
            // `.psobject.Properties['a']`: the property of that name, else nothing.
            Value::Array(a) if a.kind() == crate::value::CollectionKind::PropertyCollection => {
                let by_name = |i: &Value| {
                    let name = to_str(i);
                    a.to_vec()
                        .into_iter()
                        .find(|p| match p {
                            Value::Object(o) => o
                                .get("Name")
                                .is_some_and(|n| to_str(&n).eq_ignore_ascii_case(&name)),
                            _ => false,
                        })
                        .unwrap_or(Value::Null)
                };
                Ok(match index {
                    Value::Array(ix) => {
                        Value::Array(Array::new(ix.to_vec().iter().map(by_name).collect()))
                    }
                    i => by_name(i),
                })
            }
            _ => {
                let items: Vec<Value> = match target {
                    Value::Array(a) => a.to_vec(),
                    // `$tuple[0]`: an ITuple's items.
                    Value::Object(o) if let Some(items) = super::tuple_members::items(o) => items,
                    Value::String(s) => s.chars().map(Value::Char).collect(),
                    other => vec![other.clone()],
                };
                let pick = |i: &Value| -> Value {
                    let Some(n) = to_numeric(i).and_then(|n| {
                        as_i128(&n).or_else(|| as_f64(&n).map(|f| f.round_ties_even() as i128))
                    }) else {
                        return Value::Null;
                    };
                    let len = items.len() as i128;
                    let idx = if n < 0 { len + n } else { n };
                    if idx < 0 || idx >= len {
                        Value::Null
                    } else {
                        items[idx as usize].clone()
                    }
                };
                Ok(match index {
                    Value::Array(ix) => {
                        Value::Array(Array::new(ix.to_vec().iter().map(pick).collect()))
                    }
                    i => pick(i),
                })
            }
        }
    }

    /// `$x[i] = v`.
    pub(crate) fn set_index(
        &mut self,
        target: &Value,
        index: &Value,
        v: Value,
        span: Span,
    ) -> Eval<()> {
        match target {
            Value::Hashtable(h) => {
                let (k, v) =
                    dictionary_entry(h, index.clone(), v).map_err(|e| self.locate(e, span))?;
                h.insert(k, v);
                Ok(())
            }
            Value::Array(a) => {
                let n = to_numeric(index)
                    .and_then(|n| as_i128(&n))
                    .unwrap_or(i128::MAX);
                let len = a.len() as i128;
                let idx = if n < 0 { len + n } else { n };
                // A typed array converts what is stored in it (`$ints[0] = '5'`).
                let v = match a.element_type() {
                    Some(t) => crate::convert::convert(&v, t).map_err(|e| self.locate(e, span))?,
                    None => v,
                };
                if idx < 0 || idx >= len || !a.set(idx as usize, v) {
                    return Err(self.error_at(
                        span,
                        "IndexOutOfRange",
                        ErrorCategory::InvalidOperation,
                        "Index was outside the bounds of the array.",
                    ));
                }
                Ok(())
            }
            _ => Err(self.error_at(
                span,
                "CannotIndex",
                ErrorCategory::InvalidOperation,
                format!(
                    "Unable to index into an object of type \"{}\".",
                    target.type_name()
                ),
            )),
        }
    }

    /// `$x.Method(args)`.
    pub(crate) fn call_method(
        &mut self,
        target: &Value,
        name: &str,
        args: Vec<Value>,
        span: Span,
    ) -> Eval<Value> {
        if target.is_null() {
            return Err(self.error_at(
                span,
                "InvokeMethodOnNull",
                ErrorCategory::InvalidOperation,
                "You cannot call a method on a null-valued expression.",
            ));
        }
        // `.Where()` and `.ForEach()` are the language's own, not .NET methods.
        if !name.eq_ignore_ascii_case("where") && !name.eq_ignore_ascii_case("foreach") {
            self.check_method_call(target, name, false, span)?;
        }
        if let Value::Object(o) = target
            && let Some(r) = crate::script_members::call_method(self, target, o, name, &args)
        {
            return r;
        }
        if let Some(scalar) = target.wrapped_scalar() {
            return self.call_method(&scalar, name, args, span);
        }
        let lower = name.to_ascii_lowercase();
        if let Value::Object(o) = target
            && let Some(r) = super::bytes_members::encoding_method(o, &lower, &args)
                .or_else(|| self.regex_instance_method(o, &lower, &args))
                .or_else(|| super::string_builder::method(target, o, &lower, &args))
        {
            return r.map_err(|e| self.locate(method_exception(e, name, args.len()), span));
        }
        if let Some(r) = super::value_members::method(target, &lower, &args) {
            return r.map_err(|e| self.locate(method_exception(e, name, args.len()), span));
        }
        if lower == "tostring" && args.is_empty() {
            // .NET Core's Double.ToString() is the shortest round-trip text, where
            // PowerShell's own string conversion keeps 15 digits.
            if let Value::Double(d) = target {
                return Ok(Value::from(crate::value::format_double_round_trip(*d)));
            }
            // An array has no ToString of its own: Object.ToString gives its type's name
            // (`System.Object[]`), unlike the `"$a"` conversion.
            if let Value::Array(_) = target {
                return Ok(Value::from(target.type_name()));
            }
            return Ok(Value::from(to_str(target)));
        }
        // A number's ToString(format): the format strings `-f` uses.
        if lower == "tostring"
            && args.len() == 1
            && matches!(
                target,
                Value::Int(_)
                    | Value::Long(_)
                    | Value::Double(_)
                    | Value::Decimal(_)
                    | Value::Byte(_)
                    | Value::SByte(_)
                    | Value::Short(_)
                    | Value::UShort(_)
                    | Value::UInt(_)
                    | Value::ULong(_)
                    | Value::BigInt(_)
            )
        {
            let spec = to_str(&args[0]);
            return crate::format::format_value(target, Some(&spec))
                .map(Value::from)
                .map_err(|e| self.locate(method_exception(e, name, args.len()), span));
        }
        if lower == "gettype" && args.is_empty() {
            return Ok(Value::Type(type_of_value(target)));
        }
        if lower == "equals" && args.len() == 1 {
            return Ok(Value::Bool(crate::ops::equals(target, &args[0], true)));
        }
        match target {
            Value::String(s) => string_method(s, &lower, name, &args)
                .map_err(|e| self.locate(method_exception(e, name, args.len()), span)),
            Value::Array(a) => match self.array_method(a, &lower, name, &args) {
                Some(r) => r.map_err(|e| self.locate(e, span)),
                None => Err(method_not_found(target, name)),
            },
            Value::Hashtable(h) => {
                match lower.as_str() {
                    "containskey" | "contains" => Ok(Value::Bool(
                        h.contains_key(args.first().unwrap_or(&Value::Null)),
                    )),
                    "containsvalue" => Ok(Value::Bool(h.values().iter().any(|v| {
                        crate::ops::equals(v, args.first().unwrap_or(&Value::Null), true)
                    }))),
                    "add" if h.dictionary_type().is_some() => {
                        let (k, v) = dictionary_entry(
                            h,
                            args.first().cloned().unwrap_or(Value::Null),
                            args.get(1).cloned().unwrap_or(Value::Null),
                        )
                        .map_err(|e| self.locate(method_exception(e, name, args.len()), span))?;
                        if h.contains_key(&k) {
                            let e = Flow::error(
                                "ArgumentException",
                                ErrorCategory::InvalidArgument,
                                format!(
                                    "An item with the same key has already been added. Key: {}",
                                    to_str(&k)
                                ),
                            );
                            return Err(self.locate(method_exception(e, name, args.len()), span));
                        }
                        h.insert(k, v);
                        Ok(Value::Null)
                    }
                    // `TryGetValue(key, [ref]$v)`: the value (or the type's default) goes
                    // into the reference.
                    "trygetvalue" if h.dictionary_type().is_some() && args.len() == 2 => {
                        let found = h.get(&args[0]);
                        if let Value::Object(r) = &args[1] {
                            let default = h
                                .dictionary_type()
                                .and_then(|t| t.generic_argument().cloned())
                                .map(|t| default_of(&t))
                                .unwrap_or(Value::Null);
                            r.set("Value", found.clone().unwrap_or(default));
                        }
                        Ok(Value::Bool(found.is_some()))
                    }
                    "add" => {
                        let k = args.first().cloned().unwrap_or(Value::Null);
                        if h.contains_key(&k) {
                            return Err(Flow::error(
                                "ArgumentException",
                                ErrorCategory::InvalidArgument,
                                format!(
                                    "Exception calling \"Add\" with \"2\" argument(s): \"Item has already been added. Key in dictionary: '{0}'  Key being added: '{0}'\"",
                                    to_str(&k)
                                ),
                            ));
                        }
                        h.insert(k, args.get(1).cloned().unwrap_or(Value::Null));
                        Ok(Value::Null)
                    }
                    "remove" => {
                        h.remove(args.first().unwrap_or(&Value::Null));
                        Ok(Value::Null)
                    }
                    "clear" => {
                        for k in h.keys() {
                            h.remove(&k);
                        }
                        Ok(Value::Null)
                    }
                    "clone" => Ok(Value::Hashtable(h.shallow_clone())),
                    "getenumerator" if h.dictionary_type().is_some() => Ok(Value::Array(
                        Array::new(crate::output::dictionary_entries(h)),
                    )),
                    "getenumerator" => {
                        let entries: Vec<Value> = h
                            .entries()
                            .into_iter()
                            .map(|(k, v)| {
                                let e = PsObject::with_type_names(vec![
                                    "System.Collections.DictionaryEntry".into(),
                                    "System.ValueType".into(),
                                    "System.Object".into(),
                                ]);
                                e.set("Name", k.clone());
                                e.set("Key", k);
                                e.set("Value", v);
                                Value::Object(e)
                            })
                            .collect();
                        Ok(Value::Array(Array::new(entries)))
                    }
                    _ => Err(method_not_found(target, name)),
                }
            }
            Value::ScriptBlock(sb) if lower == "invoke" || lower == "invokereturnasis" => {
                self.invoke_block(sb, &args)
            }
            // A copy of the current scope's variables goes with the block.
            Value::ScriptBlock(sb) if lower == "getnewclosure" && args.is_empty() => {
                Ok(Value::ScriptBlock(sb.with_closure(self.scopes.locals())))
            }
            _ => Err(method_not_found(target, name)).map_err(|e| self.locate(e, span)),
        }
    }

    /// What `ForEach-Object -MemberName` and `.ForEach('Name')` do with a name: the property's
    /// value, or, given arguments or when no property has a value, the method's result
    /// (nothing when there is no such method either).
    pub fn property_or_method(
        &mut self,
        target: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> Eval<Value> {
        if args.is_empty() {
            let v = self.get_member(target, name);
            if !v.is_null() {
                return Ok(v);
            }
        }
        if matches!(
            self.language_mode(),
            crate::language_mode::LanguageMode::RestrictedLanguage
                | crate::language_mode::LanguageMode::NoLanguage
        ) {
            let refused = crate::language_mode::constrained::restricted_method_refused();
            return Err(Flow::Error(Box::new(refused)));
        }
        match self.call_method(target, name, args, Span::default()) {
            Err(Flow::Error(e))
                if e.error_id == "MethodNotFound" || e.error_id == "InvokeMethodOnNull" =>
            {
                Ok(Value::Null)
            }
            other => other,
        }
    }

    /// `[T]::Name`.
    pub(crate) fn static_member(&mut self, target: &Value, name: &str, span: Span) -> Eval<Value> {
        let Value::Type(t) = target else {
            return Ok(Value::Null);
        };
        let lower = name.to_ascii_lowercase();
        if t.known() == KnownType::Path
            && let Some(v) = super::path_members::static_property(&lower)
        {
            return Ok(v);
        }
        if t.known() == KnownType::Environment
            && let Some(v) = self.environment_property(&lower)
        {
            return Ok(v);
        }
        if let Some(v) = super::value_members::static_property(t.known(), &lower)
            .or_else(|| super::bytes_members::static_property(t.known(), &lower))
        {
            return Ok(v);
        }
        Ok(match (t.known(), lower.as_str()) {
            (KnownType::Int, "maxvalue") => Value::Int(i32::MAX),
            (KnownType::Int, "minvalue") => Value::Int(i32::MIN),
            (KnownType::Long, "maxvalue") => Value::Long(i64::MAX),
            (KnownType::Long, "minvalue") => Value::Long(i64::MIN),
            (KnownType::Byte, "maxvalue") => Value::Byte(u8::MAX),
            (KnownType::Byte, "minvalue") => Value::Byte(u8::MIN),
            (KnownType::SByte, "maxvalue") => Value::SByte(i8::MAX),
            (KnownType::SByte, "minvalue") => Value::SByte(i8::MIN),
            (KnownType::Short, "maxvalue") => Value::Short(i16::MAX),
            (KnownType::Short, "minvalue") => Value::Short(i16::MIN),
            (KnownType::UShort, "maxvalue") => Value::UShort(u16::MAX),
            (KnownType::UShort, "minvalue") => Value::UShort(u16::MIN),
            (KnownType::UInt, "maxvalue") => Value::UInt(u32::MAX),
            (KnownType::UInt, "minvalue") => Value::UInt(u32::MIN),
            (KnownType::ULong, "maxvalue") => Value::ULong(u64::MAX),
            (KnownType::ULong, "minvalue") => Value::ULong(u64::MIN),
            (KnownType::Decimal, "maxvalue") => Value::Decimal(rust_decimal::Decimal::MAX),
            (KnownType::Decimal, "minvalue") => Value::Decimal(rust_decimal::Decimal::MIN),
            (KnownType::BigInt, "zero") => Value::from(num_bigint::BigInt::from(0)),
            (KnownType::BigInt, "one") => Value::from(num_bigint::BigInt::from(1)),
            (KnownType::BigInt, "minusone") => Value::from(num_bigint::BigInt::from(-1)),
            (KnownType::Decimal, "zero") => Value::Decimal(rust_decimal::Decimal::ZERO),
            (KnownType::Decimal, "one") => Value::Decimal(rust_decimal::Decimal::ONE),
            (KnownType::Decimal, "minusone") => Value::Decimal(rust_decimal::Decimal::NEGATIVE_ONE),
            (KnownType::Double, "maxvalue") => Value::Double(f64::MAX),
            (KnownType::Double, "minvalue") => Value::Double(f64::MIN),
            (KnownType::Double, "nan") => Value::Double(f64::NAN),
            (KnownType::Double, "positiveinfinity") => Value::Double(f64::INFINITY),
            (KnownType::Double, "negativeinfinity") => Value::Double(f64::NEG_INFINITY),
            (KnownType::String, "empty") => Value::str(""),
            (KnownType::Math, "pi") => Value::Double(std::f64::consts::PI),
            (KnownType::Math, "e") => Value::Double(std::f64::consts::E),
            (KnownType::Math, "tau") => Value::Double(std::f64::consts::TAU),
            _ => {
                return Err(self.error_at(
                    span,
                    "PropertyNotFound",
                    ErrorCategory::InvalidOperation,
                    format!(
                        "The property '{name}' cannot be found on type [{}].",
                        t.full_name()
                    ),
                ));
            }
        })
    }

    /// `[T]::new(args)`: construct a value of a type, as New-Object does.
    pub fn construct(&mut self, t: &TypeInfo, args: Vec<Value>) -> Eval<Value> {
        self.call_static(&Value::Type(t.clone()), "new", args, Span::default())
    }

    /// `[T]::Method(args)`.
    pub(crate) fn call_static(
        &mut self,
        target: &Value,
        name: &str,
        args: Vec<Value>,
        span: Span,
    ) -> Eval<Value> {
        let Value::Type(t) = target else {
            return Err(method_not_found(target, name));
        };
        self.check_method_call(target, name, true, span)?;
        let lower = name.to_ascii_lowercase();
        if lower == "new"
            && t.array_depth() == 0
            && let Some(full) = crate::exceptions::canonical_name(&t.full_name())
        {
            let message = args.first().map(to_str);
            let inner = args.get(1).cloned();
            if let Some(ex) = crate::exceptions::construct(full, message, inner) {
                return Ok(ex);
            }
        }
        if t.known() == KnownType::Regex
            && t.array_depth() == 0
            && let Some(r) = self.regex_static_method(&lower, &args)
        {
            return r.map_err(|e| method_exception(e, name, args.len()));
        }
        if t.known() == KnownType::Tuple && t.array_depth() == 0 && lower == "create" {
            return super::tuple_members::create(&args).map_err(|e| self.locate(e, span));
        }
        if t.known() == KnownType::Path
            && t.array_depth() == 0
            && let Some(r) = super::path_members::static_method(&lower, &args)
        {
            return r.map_err(|e| method_exception(e, name, args.len()));
        }
        if t.known() == KnownType::Environment
            && t.array_depth() == 0
            && let Some(r) = self.environment_method(&lower, &args)
        {
            return r.map_err(|e| method_exception(e, name, args.len()));
        }
        if t.known() == KnownType::Directory
            && t.array_depth() == 0
            && let Some(r) = self.directory_static_method(&lower, &args)
        {
            return r.map_err(|e| method_exception(e, name, args.len()));
        }
        if let Some(r) = super::value_members::static_method(t.known(), &lower, &args)
            .or_else(|| super::bytes_members::static_method(t.known(), &lower, &args))
            .or_else(|| super::text_members::static_method(t.known(), &lower, &args))
            .or_else(|| match t.known() {
                KnownType::Array => super::array_methods::static_method(&lower, &args),
                KnownType::Convert if t.array_depth() == 0 => {
                    super::convert_statics::static_method(&lower, &args)
                }
                KnownType::Math if t.array_depth() == 0 => {
                    super::math_statics::static_method(&lower, &args)
                }
                KnownType::File if t.array_depth() == 0 => {
                    super::file_statics::static_method(&lower, &args)
                }
                _ => None,
            })
        {
            return r.map_err(|e| method_exception(e, name, args.len()));
        }
        // `[scriptblock]::Create(text)`: text admitted as any script text is (refused in
        // NoLanguage, checked in RestrictedLanguage), the block in the session's mode.
        if t.known() == KnownType::ScriptBlock
            && t.array_depth() == 0
            && lower == "create"
            && args.len() == 1
        {
            let text = to_str(&args[0]);
            let parsed = rosh_lang::parse(&text);
            if let Some(first) = parsed.errors.first() {
                return Err(method_exception(
                    Flow::error(
                        "ParseException",
                        ErrorCategory::ParserError,
                        format!("At line:{} {}", first.line_col(&text).line, first.message),
                    ),
                    name,
                    args.len(),
                ));
            }
            return self
                .admit_script(std::sync::Arc::new(parsed.script))
                .map(Value::ScriptBlock);
        }
        let f = |i: usize| arg_f64(&args, i);
        Ok(match (t.known(), lower.as_str()) {
            (KnownType::Math, "round") => {
                // Round(x), Round(x, digits), Round(x, mode), Round(x, digits, mode).
                let is_mode = |v: &Value| {
                    matches!(v, Value::Enum(_))
                        || matches!(v, Value::String(s) if s.parse::<i64>().is_err())
                };
                let (digits, mode) = match &args[1.min(args.len())..] {
                    [m] if is_mode(m) => (0, Some(m.clone())),
                    [_, m, ..] => (arg_int(&args, 1)?, Some(m.clone())),
                    [_] => (arg_int(&args, 1)?, None),
                    _ => (0, None),
                };
                if !(0..=15).contains(&digits) {
                    return Err(method_exception(
                        super::dotnet_io::exception(
                            "System.ArgumentOutOfRangeException",
                            ErrorCategory::InvalidArgument,
                            "Rounding digits must be between 0 and 15, inclusive. (Parameter 'digits')"
                                .into(),
                        ),
                        name,
                        args.len(),
                    ));
                }
                let mode = mode.map(|m| to_str(&m).to_ascii_lowercase());
                let strategy = match mode.as_deref() {
                    Some("awayfromzero" | "1") => {
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero
                    }
                    Some("tozero" | "2") => rust_decimal::RoundingStrategy::ToZero,
                    Some("tonegativeinfinity" | "3") => {
                        rust_decimal::RoundingStrategy::ToNegativeInfinity
                    }
                    Some("topositiveinfinity" | "4") => {
                        rust_decimal::RoundingStrategy::ToPositiveInfinity
                    }
                    _ => rust_decimal::RoundingStrategy::MidpointNearestEven,
                };
                match args.first() {
                    Some(Value::Decimal(d)) => {
                        Value::Decimal(d.round_dp_with_strategy(digits as u32, strategy))
                    }
                    _ => {
                        let p = 10f64.powi(digits as i32);
                        let scaled = f(0) * p;
                        let r = match strategy {
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero => scaled.round(),
                            rust_decimal::RoundingStrategy::ToZero => scaled.trunc(),
                            rust_decimal::RoundingStrategy::ToNegativeInfinity => scaled.floor(),
                            rust_decimal::RoundingStrategy::ToPositiveInfinity => scaled.ceil(),
                            _ => scaled.round_ties_even(),
                        };
                        Value::Double(r / p)
                    }
                }
            }
            (KnownType::BigInt, "pow" | "abs" | "parse") => {
                let big = |i: usize| {
                    convert::convert(
                        args.get(i).unwrap_or(&Value::Null),
                        &TypeInfo::of(KnownType::BigInt),
                    )
                    .map_err(|e| method_exception(e, name, args.len()))
                };
                let Value::BigInt(x) = big(0)? else {
                    return Ok(Value::Null);
                };
                match lower.as_str() {
                    "pow" => {
                        let e = arg_int(&args, 1)?;
                        let e = u32::try_from(e).map_err(|_| {
                            method_exception(
                                Flow::error(
                                    "ArgumentOutOfRangeException",
                                    ErrorCategory::InvalidArgument,
                                    "The number must be greater than or equal to zero. (Parameter 'exponent')",
                                ),
                                name,
                                args.len(),
                            )
                        })?;
                        Value::from(x.pow(e))
                    }
                    "abs" => Value::from(num_bigint::BigInt::from(x.magnitude().clone())),
                    _ => Value::BigInt(x),
                }
            }
            (KnownType::Math, "sign") => match args.first().and_then(to_numeric) {
                Some(Value::Int(i)) => Value::Int(i.signum()),
                Some(Value::Long(i)) => Value::Int(i.signum() as i32),
                Some(Value::Decimal(d)) => Value::Int(if d.is_zero() {
                    0
                } else if d.is_sign_negative() {
                    -1
                } else {
                    1
                }),
                _ => {
                    let x = f(0);
                    Value::Int(if x == 0.0 {
                        0
                    } else if x < 0.0 {
                        -1
                    } else {
                        1
                    })
                }
            },
            (KnownType::Math, "floor") => Value::Double(f(0).floor()),
            (KnownType::Math, "ceiling") => Value::Double(f(0).ceil()),
            (KnownType::Math, "truncate") => Value::Double(f(0).trunc()),
            (KnownType::Math, "sqrt") => Value::Double(f(0).sqrt()),
            (KnownType::Math, "pow") => Value::Double(f(0).powf(f(1))),
            (KnownType::Math, "log") if args.len() == 2 => Value::Double(f(0).log(f(1))),
            (KnownType::Math, "log") => Value::Double(f(0).ln()),
            (KnownType::Math, "log10") => Value::Double(f(0).log10()),
            (KnownType::Math, "exp") => Value::Double(f(0).exp()),
            (KnownType::Math, "abs") => match args.first().and_then(to_numeric) {
                Some(Value::Int(i)) => {
                    Value::Int(i.checked_abs().ok_or_else(|| abs_overflow(name))?)
                }
                Some(Value::Long(i)) => {
                    Value::Long(i.checked_abs().ok_or_else(|| abs_overflow(name))?)
                }
                Some(Value::Decimal(d)) => Value::Decimal(d.abs()),
                _ => Value::Double(f(0).abs()),
            },
            (KnownType::Math, "max" | "min") => {
                // .NET binds the numbers under wrapped ones (a deserialized enum).
                let (a, b) = (
                    args.first().cloned().unwrap_or(Value::Null).unwrapped(),
                    args.get(1).cloned().unwrap_or(Value::Null).unwrapped(),
                );
                let ord = crate::ops::compare(&a, &b, false)?;
                let pick_a = if lower == "max" {
                    ord != std::cmp::Ordering::Less
                } else {
                    ord != std::cmp::Ordering::Greater
                };
                if pick_a { a } else { b }
            }
            (KnownType::String, "isnullorempty") => Value::Bool(
                args.first()
                    .is_none_or(|v| v.is_null() || to_str(v).is_empty()),
            ),
            (KnownType::String, "isnullorwhitespace") => Value::Bool(
                args.first()
                    .is_none_or(|v| v.is_null() || to_str(v).trim().is_empty()),
            ),
            (KnownType::String, "join") => {
                let sep = arg_str(&args, 0);
                let items: Vec<String> = args
                    .iter()
                    .skip(1)
                    .flat_map(|v| match v {
                        Value::Array(a) => a.to_vec(),
                        other => vec![other.clone()],
                    })
                    .map(|v| to_str(&v))
                    .collect();
                Value::from(items.join(&sep))
            }
            (KnownType::String, "format") => Value::from(crate::format::format_operator(
                &arg_str(&args, 0),
                &args[1.min(args.len())..],
            )?),
            (KnownType::String, "concat") => {
                Value::from(args.iter().map(to_str).collect::<String>())
            }
            (KnownType::Regex, "escape") => Value::from(regex::escape(&arg_str(&args, 0))),
            (KnownType::Regex, "ismatch") => Value::Bool(
                crate::ops::dotnet_regex(&arg_str(&args, 1), true)?.is_match(&arg_str(&args, 0)),
            ),
            (KnownType::ArrayList, "new") => Value::Array(Array::array_list(vec![])),
            // new(), new(capacity) or new(collection): a Stack pushes the collection's items
            // in order (so it enumerates them reversed), a Queue enqueues them.
            (KnownType::Stack | KnownType::Queue, "new") => {
                let mut items = match args.first() {
                    Some(Value::Array(a)) => a.to_vec(),
                    _ => vec![],
                };
                Value::Array(if t.known() == KnownType::Stack {
                    items.reverse();
                    Array::stack(items)
                } else {
                    Array::queue(items)
                })
            }
            (KnownType::List, "new") => {
                let element = t
                    .generic_argument()
                    .cloned()
                    .unwrap_or_else(|| TypeInfo::of(KnownType::Object));
                // new(IEnumerable) copies; new(capacity) starts empty.
                let items = match args.first() {
                    Some(Value::Array(a)) => a
                        .to_vec()
                        .iter()
                        .map(|v| convert::convert(v, &element))
                        .collect::<Eval<Vec<_>>>()?,
                    _ => vec![],
                };
                Value::Array(Array::list(element, items))
            }
            (KnownType::StringBuilder, "new") => {
                super::string_builder::new(args.first().map(to_str).unwrap_or_default())
            }
            (KnownType::Dictionary, "new") if args.is_empty() => {
                Value::Hashtable(Hashtable::dictionary(t.clone()))
            }
            (KnownType::PsCustomObject | KnownType::Hashtable | KnownType::Ordered, "new") => {
                convert::convert(&Value::Hashtable(Hashtable::new(false)), t)?
            }
            _ => {
                return Err(Flow::error(
                    "MethodNotFound",
                    ErrorCategory::InvalidOperation,
                    format!(
                        "Method invocation failed because [{}] does not contain a method named '{name}'.",
                        t.full_name()
                    ),
                ));
            }
        })
    }
}

fn string_method(s: &str, lower: &str, name: &str, args: &[Value]) -> Eval<Value> {
    let a0 = || arg_str(args, 0);
    Ok(match lower {
        "toupper" | "toupperinvariant" => Value::from(s.to_uppercase()),
        "tolower" | "tolowerinvariant" => Value::from(s.to_lowercase()),
        "trim" if args.is_empty() => Value::from(s.trim()),
        "trimstart" if args.is_empty() => Value::from(s.trim_start()),
        "trimend" if args.is_empty() => Value::from(s.trim_end()),
        "trim" | "trimstart" | "trimend" => {
            let set: Vec<char> = args
                .iter()
                .flat_map(|a| to_str(a).chars().collect::<Vec<_>>())
                .collect();
            Value::from(match lower {
                "trim" => s.trim_matches(set.as_slice()),
                "trimstart" => s.trim_start_matches(set.as_slice()),
                _ => s.trim_end_matches(set.as_slice()),
            })
        }
        "contains" => Value::Bool(s.contains(&a0())),
        "startswith" => Value::Bool(s.starts_with(&a0())),
        "endswith" => Value::Bool(s.ends_with(&a0())),
        "indexof" => Value::Int(s.find(&a0()).map_or(-1, |b| utf16_len(&s[..b]) as i32)),
        "lastindexof" => Value::Int(s.rfind(&a0()).map_or(-1, |b| utf16_len(&s[..b]) as i32)),
        "replace" => Value::from(s.replace(&a0(), &arg_str(args, 1))),
        "substring" => {
            let start = char_index(s, arg_int(args, 0)?).ok_or_else(|| out_of_range(name))?;
            if args.len() > 1 {
                let len = arg_int(args, 1)?;
                let from_start = utf16_len(&s[..start]) as i64;
                let end = char_index(s, from_start + len).ok_or_else(|| out_of_range(name))?;
                Value::from(&s[start..end])
            } else {
                Value::from(&s[start..])
            }
        }
        "split" => {
            let seps: Vec<char> = args
                .iter()
                .flat_map(|a| to_str(a).chars().collect::<Vec<_>>())
                .collect();
            let parts: Vec<Value> = if seps.is_empty() {
                s.split(char::is_whitespace).map(Value::from).collect()
            } else {
                s.split(seps.as_slice()).map(Value::from).collect()
            };
            Value::Array(Array::new(parts))
        }
        "padleft" | "padright" => {
            let width = arg_int(args, 0)?.max(0) as usize;
            let fill = args
                .get(1)
                .map(to_str)
                .and_then(|f| f.chars().next())
                .unwrap_or(' ');
            let len = utf16_len(s);
            let pad: String = std::iter::repeat_n(fill, width.saturating_sub(len)).collect();
            Value::from(if lower == "padleft" {
                format!("{pad}{s}")
            } else {
                format!("{s}{pad}")
            })
        }
        "insert" => {
            let at = char_index(s, arg_int(args, 0)?).ok_or_else(|| out_of_range(name))?;
            Value::from(format!("{}{}{}", &s[..at], arg_str(args, 1), &s[at..]))
        }
        "remove" => {
            let start = char_index(s, arg_int(args, 0)?).ok_or_else(|| out_of_range(name))?;
            if args.len() > 1 {
                let end = char_index(s, utf16_len(&s[..start]) as i64 + arg_int(args, 1)?)
                    .ok_or_else(|| out_of_range(name))?;
                Value::from(format!("{}{}", &s[..start], &s[end..]))
            } else {
                Value::from(&s[..start])
            }
        }
        "tochararray" => Value::Array(Array::new(s.chars().map(Value::Char).collect())),
        "equals" => Value::Bool(s == a0()),
        "compareto" => Value::Int(match s.cmp(&a0()) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }),
        "getenumerator" => Value::Array(Array::new(s.chars().map(Value::Char).collect())),
        _ => return Err(method_not_found(&Value::str(s), name)),
    })
}

/// The type of a value, as `GetType()` returns it.
pub(crate) fn type_of_value(v: &Value) -> TypeInfo {
    if let Some(scalar) = v.wrapped_scalar() {
        return type_of_value(&scalar);
    }
    let known = match v {
        Value::Int(_) => KnownType::Int,
        Value::Long(_) => KnownType::Long,
        Value::Double(_) => KnownType::Double,
        Value::Decimal(_) => KnownType::Decimal,
        Value::Byte(_) => KnownType::Byte,
        Value::SByte(_) => KnownType::SByte,
        Value::Short(_) => KnownType::Short,
        Value::UShort(_) => KnownType::UShort,
        Value::UInt(_) => KnownType::UInt,
        Value::ULong(_) => KnownType::ULong,
        Value::BigInt(_) => KnownType::BigInt,
        Value::Char(_) => KnownType::Char,
        Value::Bool(_) => KnownType::Bool,
        Value::String(_) => KnownType::String,
        Value::Hashtable(h) if let Some(t) = h.dictionary_type() => return t,
        Value::Hashtable(h) if h.is_ordered() => KnownType::Ordered,
        Value::Hashtable(_) => KnownType::Hashtable,
        Value::Object(o) if o.type_names().iter().any(|n| n.ends_with("PSCustomObject")) => {
            KnownType::PsCustomObject
        }
        Value::Object(o) => match o.type_names().first() {
            Some(n) if n != "System.Object" => return TypeInfo::named(n),
            _ => KnownType::Object,
        },
        Value::ScriptBlock(_) => KnownType::ScriptBlock,
        Value::Type(_) => KnownType::Type,
        Value::Enum(e) => KnownType::Enum(e.id),
        Value::DateTime(_) => KnownType::DateTime,
        Value::TimeSpan(_) => KnownType::TimeSpan,
        Value::Guid(_) => KnownType::Guid,
        Value::Version(_) => KnownType::Version,
        Value::Array(a) => {
            let element = a
                .element_type()
                .cloned()
                .unwrap_or_else(|| TypeInfo::of(KnownType::Object));
            return match a.kind() {
                crate::value::CollectionKind::Array => element.array_of(),
                crate::value::CollectionKind::ArrayList => TypeInfo::of(KnownType::ArrayList),
                crate::value::CollectionKind::Stack => TypeInfo::of(KnownType::Stack),
                crate::value::CollectionKind::Queue => TypeInfo::of(KnownType::Queue),
                crate::value::CollectionKind::List => TypeInfo::list_of(element),
                crate::value::CollectionKind::PropertyCollection => TypeInfo::named(&a.type_name()),
            };
        }
        _ => KnownType::Object,
    };
    TypeInfo::of(known)
}

/// `$x.pstypenames`: the type names, most derived first.
fn type_names_array(v: &Value) -> Value {
    Value::Array(Array::new(
        v.type_names().into_iter().map(Value::from).collect(),
    ))
}

/// `$x.psobject`: a view with `Properties` and `TypeNames`.
fn psobject_view(v: &Value) -> Value {
    let view = PsObject::with_type_names(vec![
        "System.Management.Automation.PSObject".into(),
        "System.Object".into(),
    ]);
    let props: Vec<Value> = match v {
        Value::Object(o) => o
            .properties()
            .into_iter()
            .map(|p| {
                let prop = PsObject::with_type_names(vec![
                    "System.Management.Automation.PSNoteProperty".into(),
                    "System.Object".into(),
                ]);
                prop.set("Name", Value::from(p.name.clone()));
                prop.set("Value", p.value);
                prop.set("MemberType", Value::str("NoteProperty"));
                Value::Object(prop)
            })
            .collect(),
        _ => vec![],
    };
    view.set(
        "Properties",
        Value::Array(Array::property_collection(props)),
    );
    view.set(
        "TypeNames",
        Value::Array(Array::new(
            v.type_names().into_iter().map(Value::from).collect(),
        )),
    );
    view.set("BaseObject", v.clone());
    Value::Object(view)
}
