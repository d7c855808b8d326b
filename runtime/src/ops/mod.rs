//! Operators with PowerShell's rules: the left operand decides the conversion, integer
//! overflow widens to double, comparisons ignore case unless `-c...`, a collection on the
//! left of a comparison filters it.

use crate::convert::{as_decimal, as_f64, as_i128, is_true, to_numeric, to_str};
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::{Array, Hashtable, Value};
use rosh_lang::token::{BinaryOp, CompareOp};
use std::cmp::Ordering;

mod value_types;

#[derive(Clone, Copy, PartialEq)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// An integer operand's .NET `TypeCode` (SByte 5 ... UInt64 12): the larger of the two
/// operands' codes picks the operation's type, as PowerShell's binder does.
fn int_type_code(v: &Value) -> Option<u8> {
    Some(match v {
        Value::SByte(_) => 5,
        Value::Byte(_) => 6,
        Value::Short(_) => 7,
        Value::UShort(_) => 8,
        Value::Int(_) => 9,
        Value::UInt(_) => 10,
        Value::Long(_) => 11,
        Value::ULong(_) => 12,
        _ => return None,
    })
}

/// The type an integer operation computes in.
#[derive(Clone, Copy, PartialEq)]
enum IntOpType {
    Int,
    UInt,
    Long,
    ULong,
    Decimal,
}

/// PowerShell's choice of operation type for two integers: up to Int32 in `int`; an
/// unsigned operand with a negative signed one widens (`uint` to `long`, `ulong` to
/// `decimal`).
fn int_op_type(l: &Value, r: &Value, a: i128, b: i128) -> Option<IntOpType> {
    let (lc, rc) = (int_type_code(l)?, int_type_code(r)?);
    let negative_signed = (a < 0 && lc % 2 == 1) || (b < 0 && rc % 2 == 1);
    Some(match lc.max(rc) {
        ..=9 => IntOpType::Int,
        10 if negative_signed => IntOpType::Long,
        10 => IntOpType::UInt,
        11 => IntOpType::Long,
        _ if negative_signed => IntOpType::Decimal,
        _ => IntOpType::ULong,
    })
}

fn to_number_for(v: &Value, left: &Value) -> Eval<Value> {
    to_numeric(v).ok_or_else(|| {
        let t = if left.is_number() { left.type_name() } else { "System.Int32".to_string() };
        Flow::error(
            "InvalidCastFromStringToInteger",
            ErrorCategory::InvalidArgument,
            format!("Cannot convert value \"{0}\" to type \"{t}\". Error: \"The input string '{0}' was not in a correct format.\"", to_str(v)),
        )
    })
}

fn divide_by_zero() -> Flow {
    Flow::Error(Box::new({
        // PowerShell wraps .NET's DivideByZeroException in a RuntimeException.
        let mut e = ErrorRecord::new(
            "RuntimeException",
            ErrorCategory::NotSpecified,
            "Attempted to divide by zero.",
        );
        e.inner_exception_type = Some("System.DivideByZeroException".into());
        e
    }))
}

/// Arithmetic with a `[bigint]` operand: BigInteger's operators, the other operand converted
/// as .NET's explicit conversion does (doubles truncated), division truncating.
fn bigint_arith(op: Arith, a: &Value, b: &Value) -> Eval<Value> {
    let (Some(x), Some(y)) = (
        crate::convert::to_bigint_truncating(a),
        crate::convert::to_bigint_truncating(b),
    ) else {
        return Err(Flow::error(
            "OverflowException",
            ErrorCategory::InvalidOperation,
            "Value was either too large or too small for a BigInteger.",
        ));
    };
    let zero = num_bigint::BigInt::from(0);
    if y == zero && matches!(op, Arith::Div | Arith::Rem) {
        return Err(divide_by_zero());
    }
    Ok(Value::from(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::Rem => x % y,
    }))
}

fn numeric(op: Arith, l: &Value, r: &Value) -> Eval<Value> {
    let ln = to_number_for(l, r)?;
    let rn = to_number_for(r, &ln)?;
    if matches!(ln, Value::BigInt(_)) || matches!(rn, Value::BigInt(_)) {
        return bigint_arith(op, &ln, &rn);
    }
    if matches!(ln, Value::Decimal(_)) || matches!(rn, Value::Decimal(_)) {
        let (Some(a), Some(b)) = (as_decimal(&ln), as_decimal(&rn)) else {
            return Ok(Value::Double(f64::NAN));
        };
        let v = match op {
            Arith::Add => a.checked_add(b),
            Arith::Sub => a.checked_sub(b),
            Arith::Mul => a.checked_mul(b),
            Arith::Div if b.is_zero() => return Err(divide_by_zero()),
            Arith::Div => a.checked_div(b),
            Arith::Rem if b.is_zero() => return Err(divide_by_zero()),
            Arith::Rem => a.checked_rem(b),
        };
        return v.map(Value::Decimal).ok_or_else(|| {
            Flow::error(
                "OverflowException",
                ErrorCategory::InvalidOperation,
                "Value was either too large or too small for a Decimal.",
            )
        });
    }
    if let (Some(a), Some(b)) = (as_i128(&ln), as_i128(&rn))
        && let Some(op_type) = int_op_type(&ln, &rn, a, b)
    {
        if b == 0 && matches!(op, Arith::Div | Arith::Rem) {
            return Err(divide_by_zero());
        }
        if op_type == IntOpType::Decimal {
            let (da, db) = (
                rust_decimal::Decimal::from_i128_with_scale(a, 0),
                rust_decimal::Decimal::from_i128_with_scale(b, 0),
            );
            let exact = match op {
                Arith::Add => da.checked_add(db),
                Arith::Sub => da.checked_sub(db),
                Arith::Mul => da.checked_mul(db),
                Arith::Div => da.checked_div(db),
                Arith::Rem => da.checked_rem(db),
            };
            if let Some(x) = exact {
                return Ok(Value::Decimal(x));
            }
        } else {
            let exact = match op {
                Arith::Add => Some(a + b),
                Arith::Sub => Some(a - b),
                Arith::Mul => a.checked_mul(b),
                Arith::Div => (a % b == 0).then(|| a / b),
                Arith::Rem => Some(a % b),
            };
            if let Some(x) = exact {
                let fits = match op_type {
                    IntOpType::Int => i32::try_from(x).ok().map(Value::Int),
                    IntOpType::UInt => u32::try_from(x).ok().map(Value::UInt),
                    IntOpType::Long => i64::try_from(x).ok().map(Value::Long),
                    _ => u64::try_from(x).ok().map(Value::ULong),
                };
                if let Some(v) = fits {
                    return Ok(v);
                }
            }
        }
        // Overflow or an inexact division: double.
    }
    let (Some(a), Some(b)) = (as_f64(&ln), as_f64(&rn)) else {
        return Ok(Value::Double(f64::NAN));
    };
    Ok(Value::Double(match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => {
            if b == 0.0
                && (matches!(ln, Value::Int(_) | Value::Long(_))
                    && matches!(rn, Value::Int(_) | Value::Long(_)))
            {
                return Err(divide_by_zero());
            }
            a / b
        }
        Arith::Rem => a % b,
    }))
}

/// The elements of a collection operand, or the value alone.
pub fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.to_vec(),
        Value::Null => vec![],
        other => vec![other.clone()],
    }
}

fn count_for_repeat(r: &Value) -> Eval<usize> {
    let n = to_number_for(r, &Value::Int(0))?;
    let n = as_f64(&n).unwrap_or(0.0).round_ties_even();
    if n < 0.0 {
        return Err(Flow::error(
            "ArgumentOutOfRange",
            ErrorCategory::InvalidArgument,
            "The value must be non-negative.",
        ));
    }
    Ok(n as usize)
}

/// The common integer and double cases, without conversions.
fn arith_fast(op: Arith, l: &Value, r: &Value) -> Option<Value> {
    let (a, b) = match (l, r) {
        (Value::Int(a), Value::Int(b)) => (i64::from(*a), i64::from(*b)),
        (Value::Long(a), Value::Long(b)) => (*a, *b),
        (Value::Int(a), Value::Long(b)) => (i64::from(*a), *b),
        (Value::Long(a), Value::Int(b)) => (*a, i64::from(*b)),
        (Value::Double(a), Value::Double(b)) => {
            return match op {
                Arith::Add => Some(Value::Double(a + b)),
                Arith::Sub => Some(Value::Double(a - b)),
                Arith::Mul => Some(Value::Double(a * b)),
                _ => None,
            };
        }
        _ => return None,
    };
    let wide = matches!(l, Value::Long(_)) || matches!(r, Value::Long(_));
    let v = match op {
        Arith::Add => a.checked_add(b)?,
        Arith::Sub => a.checked_sub(b)?,
        Arith::Mul => a.checked_mul(b)?,
        _ => return None,
    };
    match (wide, i32::try_from(v)) {
        (false, Ok(i)) => Some(Value::Int(i)),
        (false, Err(_)) => None,
        (true, _) => Some(Value::Long(v)),
    }
}

fn arith(op: Arith, l: Value, r: Value) -> Eval<Value> {
    if let Some(v) = arith_fast(op, &l, &r) {
        return Ok(v);
    }
    if let Some(v) = value_types::arith(op, &l, &r) {
        return v;
    }
    match (&l, op) {
        (Value::Null, Arith::Add) => Ok(r),
        (Value::String(s), Arith::Add) => Ok(Value::from(format!("{s}{}", to_str(&r)))),
        (Value::String(s), Arith::Mul) => {
            let n = count_for_repeat(&r)?;
            if s.len().saturating_mul(n) > 1 << 30 {
                return Err(Flow::error(
                    "OutOfMemory",
                    ErrorCategory::InvalidOperation,
                    "The string would be too large.",
                ));
            }
            Ok(Value::from(s.repeat(n)))
        }
        (Value::Array(a), Arith::Add) => {
            let mut v = a.to_vec();
            v.extend(items(&r));
            if matches!(r, Value::Null) {
                v.push(Value::Null);
            }
            Ok(Value::Array(Array::new(v)))
        }
        (Value::Array(a), Arith::Mul) => {
            let n = count_for_repeat(&r)?;
            let base = a.to_vec();
            let mut v = Vec::with_capacity(base.len().saturating_mul(n).min(1 << 20));
            for _ in 0..n {
                v.extend(base.iter().cloned());
            }
            Ok(Value::Array(Array::new(v)))
        }
        (Value::Hashtable(h), Arith::Add) => {
            let Value::Hashtable(h2) = &r else {
                return Err(Flow::error(
                    "AddHashTableToNonHashTable",
                    ErrorCategory::InvalidOperation,
                    "A hash table can only be added to another hash table.",
                ));
            };
            let out = h.shallow_clone();
            for (k, v) in h2.entries() {
                if out.contains_key(&k) {
                    return Err(Flow::error(
                        "DuplicateKeyInHashLiteral",
                        ErrorCategory::InvalidOperation,
                        format!(
                            "Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                            to_str(&k),
                            to_str(&k)
                        ),
                    ));
                }
                out.insert(k, v);
            }
            Ok(Value::Hashtable(out))
        }
        (Value::Array(_) | Value::Hashtable(_) | Value::Object(_) | Value::ScriptBlock(_), _) => {
            Err(Flow::error(
                "OperatorNotSupported",
                ErrorCategory::InvalidOperation,
                format!(
                    "Method invocation failed because [{}] does not contain a method named 'op_{}'.",
                    l.type_name(),
                    op_name(op)
                ),
            ))
        }
        _ => numeric(op, &l, &r),
    }
}

fn op_name(op: Arith) -> &'static str {
    match op {
        Arith::Add => "Addition",
        Arith::Sub => "Subtraction",
        Arith::Mul => "Multiply",
        Arith::Div => "Division",
        Arith::Rem => "Modulus",
    }
}

/// Compare two scalars the way `-eq` does: the right side converted to the left's type,
/// strings case-insensitive unless `case_sensitive`.
pub fn equals(l: &Value, r: &Value, case_sensitive: bool) -> bool {
    if let Some(l) = l.wrapped_scalar() {
        return equals(&l, r, case_sensitive);
    }
    if let Some(r) = r.wrapped_scalar() {
        return equals(l, &r, case_sensitive);
    }
    match (l, r) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::String(a), _) => {
            let b = to_str(r);
            if case_sensitive {
                **a == *b
            } else {
                a.to_lowercase() == b.to_lowercase()
            }
        }
        (Value::Char(a), _) => {
            let b = to_str(r);
            if case_sensitive {
                a.to_string() == b
            } else {
                a.to_lowercase().to_string() == b.to_lowercase()
            }
        }
        (Value::Bool(a), _) => *a == is_true(r),
        (a, b) if let Some(eq) = value_types::equals(a, b) => eq,
        (a, b) if a.is_number() => match to_numeric(b) {
            Some(bn) if matches!(a, Value::BigInt(_)) || matches!(bn, Value::BigInt(_)) => {
                match (crate::convert::as_bigint(a), crate::convert::as_bigint(&bn)) {
                    (Some(x), Some(y)) => x == y,
                    _ => as_f64(a) == as_f64(&bn),
                }
            }
            Some(bn) => match (as_i128(a), as_i128(&bn)) {
                (Some(x), Some(y)) => x == y,
                _ => match (as_decimal(a), as_decimal(&bn)) {
                    (Some(x), Some(y))
                        if matches!(a, Value::Decimal(_)) || matches!(bn, Value::Decimal(_)) =>
                    {
                        x == y
                    }
                    _ => as_f64(a) == as_f64(&bn),
                },
            },
            None => false,
        },
        (a, b) if a.same_reference(b) => true,
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::ScriptBlock(a), Value::ScriptBlock(b)) => a.ptr_eq(b),
        _ => false,
    }
}

/// Order two scalars as `-lt`/`-gt` do.
pub fn compare(l: &Value, r: &Value, case_sensitive: bool) -> Eval<Ordering> {
    if let Some(l) = l.wrapped_scalar() {
        return compare(&l, r, case_sensitive);
    }
    if let Some(r) = r.wrapped_scalar() {
        return compare(l, &r, case_sensitive);
    }
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => return Ok(a.cmp(b)),
        (Value::Long(a), Value::Long(b)) => return Ok(a.cmp(b)),
        (Value::Int(a), Value::Long(b)) => return Ok(i64::from(*a).cmp(b)),
        (Value::Long(a), Value::Int(b)) => return Ok(a.cmp(&i64::from(*b))),
        _ => {}
    }
    match (l, r) {
        (Value::Null, Value::Null) => Ok(Ordering::Equal),
        (Value::Null, _) => Ok(Ordering::Less),
        (_, Value::Null) => Ok(Ordering::Greater),
        (a, b) if let Some(o) = value_types::compare(a, b) => o,
        (Value::String(a), _) => {
            let b = to_str(r);
            Ok(if case_sensitive {
                compare_text(a, &b)
            } else {
                compare_text(&a.to_lowercase(), &b.to_lowercase())
            })
        }
        (a, b) if a.is_number() || matches!(a, Value::Bool(_) | Value::Char(_)) => {
            let an = to_numeric(a).unwrap_or(Value::Int(0));
            let bn = to_number_for(b, &an)?;
            if let (Some(x), Some(y)) = (as_i128(&an), as_i128(&bn)) {
                return Ok(x.cmp(&y));
            }
            if let (Some(x), Some(y)) = (
                crate::convert::as_bigint(&an),
                crate::convert::as_bigint(&bn),
            ) {
                return Ok(x.cmp(&y));
            }
            let (x, y) = (
                as_f64(&an).unwrap_or(f64::NAN),
                as_f64(&bn).unwrap_or(f64::NAN),
            );
            Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal))
        }
        _ => Err(Flow::error(
            "NotIcomparable",
            ErrorCategory::InvalidOperation,
            format!(
                "Cannot compare \"{}\" because it is not IComparable.",
                to_str(l)
            ),
        )),
    }
}

/// Case-sensitive text order close to .NET's culture comparison: letters compare
/// alphabetically regardless of case first; only text equal but for case is ordered by it,
/// lower case first (`'macOS' -clt 'MacOS'`).
fn compare_text(a: &str, b: &str) -> Ordering {
    let folded = a.to_lowercase().cmp(&b.to_lowercase());
    if folded != Ordering::Equal {
        return folded;
    }
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            return match (x.is_lowercase(), y.is_lowercase()) {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => x.cmp(&y),
            };
        }
    }
    a.len().cmp(&b.len())
}

/// Compile a PowerShell wildcard (`*`, `?`, `[a-z]`, backtick escapes) to a regex.
pub fn wildcard_regex(pattern: &str, case_sensitive: bool) -> Option<regex::Regex> {
    let mut re = String::from(if case_sensitive { "^(?s)" } else { "^(?is)" });
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '`' => {
                if let Some(n) = chars.next() {
                    re.push_str(&regex::escape(&n.to_string()));
                }
            }
            '[' => {
                let mut class = String::from("[");
                let mut closed = false;
                for n in chars.by_ref() {
                    if n == ']' {
                        closed = true;
                        break;
                    }
                    if n == '\\' || n == '[' || n == '^' {
                        class.push('\\');
                    }
                    class.push(n);
                }
                if !closed {
                    return None;
                }
                class.push(']');
                re.push_str(&class);
            }
            other => re.push_str(&regex::escape(&other.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).ok()
}

/// Compile a .NET-style regex, case-insensitive unless asked.
pub fn dotnet_regex(pattern: &str, case_sensitive: bool) -> Eval<regex::Regex> {
    /// Compiled patterns, so `-match` in a loop compiles its pattern once. Bounded: cleared
    /// when full.
    const CACHE_LIMIT: usize = 128;
    thread_local! {
        static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<(String, bool), regex::Regex>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    let key = (pattern.to_string(), case_sensitive);
    if let Some(re) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(re);
    }
    let translated = dotnet_class_dashes(pattern);
    let p = if case_sensitive {
        translated
    } else {
        format!("(?i){translated}")
    };
    let re = regex::Regex::new(&p).map_err(|e| {
        Flow::error(
            "InvalidRegularExpression",
            ErrorCategory::InvalidOperation,
            format!("The regular expression pattern {pattern} is not valid. {e}"),
        )
    })?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, re.clone());
    });
    Ok(re)
}

/// The result of a binary operation, plus the captures of a scalar `-match` (for `$Matches`).
pub struct BinaryResult {
    /// The value.
    pub value: Value,
    /// Groups of a successful scalar `-match`: (name, value).
    pub matches: Option<Vec<(String, String)>>,
}

impl From<Value> for BinaryResult {
    fn from(value: Value) -> Self {
        BinaryResult {
            value,
            matches: None,
        }
    }
}

/// The groups of a successful `-match`: (name, value).
type MatchGroups = Vec<(String, String)>;

fn scalar_compare(
    op: CompareOp,
    cs: bool,
    l: &Value,
    r: &Value,
) -> Eval<(bool, Option<MatchGroups>)> {
    Ok(match op {
        CompareOp::Eq => (equals(l, r, cs), None),
        CompareOp::Ne => (!equals(l, r, cs), None),
        CompareOp::Gt => (compare(l, r, cs)? == Ordering::Greater, None),
        CompareOp::Ge => (compare(l, r, cs)? != Ordering::Less, None),
        CompareOp::Lt => (compare(l, r, cs)? == Ordering::Less, None),
        CompareOp::Le => (compare(l, r, cs)? != Ordering::Greater, None),
        CompareOp::Like | CompareOp::NotLike => {
            let pattern = to_str(r);
            let re = wildcard_regex(&pattern, cs).ok_or_else(|| {
                Flow::error(
                    "WildcardPatternException",
                    ErrorCategory::InvalidArgument,
                    format!("The specified wildcard character pattern is not valid: {pattern}"),
                )
            })?;
            let m = re.is_match(&to_str(l));
            (if op == CompareOp::Like { m } else { !m }, None)
        }
        CompareOp::Match | CompareOp::NotMatch => {
            let re = dotnet_regex(&to_str(r), cs)?;
            let text = to_str(l);
            match re.captures(&text) {
                Some(caps) => {
                    let mut groups = Vec::new();
                    for (i, name) in re.capture_names().enumerate() {
                        if let Some(m) = caps.get(i) {
                            groups.push((
                                name.map(str::to_string).unwrap_or_else(|| i.to_string()),
                                m.as_str().to_string(),
                            ));
                        }
                    }
                    (op == CompareOp::Match, Some(groups))
                }
                None => (op == CompareOp::NotMatch, None),
            }
        }
        _ => (false, None),
    })
}

/// `-replace`: regex replacement with `$1`, `${name}`, `$0`, `$$`.
fn replace(l: &Value, r: &Value, cs: bool) -> Eval<Value> {
    let (pattern, replacement) = match r {
        Value::Array(a) => {
            let v = a.to_vec();
            if v.len() > 2 {
                return Err(Flow::error(
                    "BadReplaceArgument",
                    ErrorCategory::InvalidOperation,
                    "The -replace operator allows only two elements to follow it, not 3."
                        .to_string(),
                ));
            }
            (
                v.first().map(to_str).unwrap_or_default(),
                v.get(1).map(to_str).unwrap_or_default(),
            )
        }
        other => (to_str(other), String::new()),
    };
    let re = dotnet_regex(&pattern, cs)?;
    let rep = dotnet_replacement(&replacement);
    let apply = |s: &str| Value::from(re.replace_all(s, rep.as_str()).into_owned());
    Ok(match l {
        Value::Array(a) => Value::Array(Array::new(
            a.to_vec().iter().map(|e| apply(&to_str(e))).collect(),
        )),
        other => apply(&to_str(other)),
    })
}

/// Translate a .NET replacement string (`$1`, `${n}`, `$$`, `$&`) to the regex crate's syntax.
pub(crate) fn dotnet_replacement(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('$') => {
                chars.next();
                out.push_str("$$");
            }
            Some('&') => {
                chars.next();
                out.push_str("${0}");
            }
            Some('{') => {
                chars.next();
                let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                out.push_str(&format!("${{{name}}}"));
            }
            Some(d) if d.is_ascii_digit() => {
                let mut num = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    num.push(d);
                    chars.next();
                }
                out.push_str(&format!("${{{num}}}"));
            }
            _ => out.push_str("$$"),
        }
    }
    out
}

/// .NET reads `-` after a class escape inside brackets (`[\w-.]`) as a literal dash; Rust's
/// regex would take it for a range and refuse the pattern. Escape such dashes.
fn dotnet_class_dashes(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            out.push(c);
            out.push(chars[i + 1]);
            let shorthand = matches!(chars[i + 1], 'w' | 'W' | 'd' | 'D' | 's' | 'S');
            i += 2;
            if in_class && shorthand && chars.get(i) == Some(&'-') && chars.get(i + 1) != Some(&']')
            {
                out.push_str("\\-");
                i += 1;
            }
            continue;
        }
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `-split` with its optional max-count and options (SimpleMatch, IgnoreCase, Multiline,
/// Singleline, IgnorePatternWhitespace, ExplicitCapture). A negative max-count splits from
/// the end, as .NET's RightToLeft does; captured groups are part of the result.
fn split(l: &Value, r: &Value, cs: bool) -> Eval<Value> {
    let args = items(r);
    let pattern = args.first().map(to_str).unwrap_or_default();
    let max = args
        .get(1)
        .and_then(to_numeric)
        .and_then(|m| as_i128(&m))
        .unwrap_or(0);
    let options = args.get(2).map(to_str).unwrap_or_default().to_lowercase();
    let simple = options.contains("simplematch");
    let cs = cs && !options.contains("ignorecase");
    let explicit = options.contains("explicitcapture");
    let mut flags = String::new();
    if options.contains("multiline") {
        flags.push('m');
    }
    if options.contains("singleline") {
        flags.push('s');
    }
    if options.contains("ignorepatternwhitespace") {
        flags.push('x');
    }
    let pattern = if simple {
        regex::escape(&pattern)
    } else if flags.is_empty() {
        pattern
    } else {
        format!("(?{flags}){pattern}")
    };
    let re = dotnet_regex(&pattern, cs)?;
    let names: Vec<Option<&str>> = re.capture_names().collect();
    let mut out = Vec::new();
    for s in items(l) {
        let text = to_str(&s);
        let all: Vec<regex::Captures<'_>> = re.captures_iter(&text).collect();
        // Which matches split: the first max-1, the last |max|-1, or all.
        let used: &[regex::Captures<'_>] = match max {
            0 => &all,
            m if m > 0 => &all[..all.len().min((m - 1) as usize)],
            m => {
                let keep = all.len().min((-m - 1) as usize);
                &all[all.len() - keep..]
            }
        };
        let mut last = 0;
        for caps in used {
            let Some(m) = caps.get(0) else { continue };
            out.push(Value::from(&text[last..m.start()]));
            for (i, g) in caps.iter().enumerate().skip(1) {
                let named = names.get(i).copied().flatten().is_some();
                if let Some(g) = g
                    && (!explicit || named)
                {
                    out.push(Value::from(g.as_str()));
                }
            }
            last = m.end();
        }
        out.push(Value::from(&text[last..]));
    }
    Ok(Value::Array(Array::new(out)))
}

/// Unary `-split`: split on whitespace, dropping empty entries.
pub fn split_whitespace(v: &Value) -> Value {
    let out: Vec<Value> = items(v)
        .iter()
        .flat_map(|s| {
            to_str(s)
                .split_whitespace()
                .map(Value::from)
                .collect::<Vec<_>>()
        })
        .collect();
    Value::Array(Array::new(out))
}

/// `-join` and unary `-join`.
pub fn join(l: &Value, sep: &str) -> Value {
    Value::from(items(l).iter().map(to_str).collect::<Vec<_>>().join(sep))
}

fn contains(collection: &Value, item: &Value, cs: bool) -> bool {
    items(collection).iter().any(|e| equals(e, item, cs))
}

fn type_of(r: &Value) -> Eval<TypeInfo> {
    match r {
        Value::Type(t) => Ok(t.clone()),
        Value::String(s) => {
            let tn = rosh_lang::token::TypeName::simple(s.to_string());
            TypeInfo::resolve(&tn).ok_or_else(|| {
                Flow::error(
                    "TypeNotFound",
                    ErrorCategory::InvalidType,
                    format!("Unable to find type [{s}]."),
                )
            })
        }
        _ => Err(Flow::error(
            "TypeNotFound",
            ErrorCategory::InvalidType,
            "The right operand of '-is' must be a type.",
        )),
    }
}

/// True for the .NET value types among the known types (not covariant in arrays).
fn is_value_type(k: KnownType) -> bool {
    matches!(
        k,
        KnownType::Int
            | KnownType::Long
            | KnownType::Double
            | KnownType::Decimal
            | KnownType::Byte
            | KnownType::SByte
            | KnownType::Short
            | KnownType::UShort
            | KnownType::UInt
            | KnownType::ULong
            | KnownType::Char
            | KnownType::Bool
            | KnownType::DateTime
            | KnownType::TimeSpan
            | KnownType::Guid
            | KnownType::Enum(_)
    )
}

/// `-is`: whether a value is of a type.
pub fn is_type(v: &Value, t: &TypeInfo) -> bool {
    if t.array_depth() > 0 {
        let Value::Array(a) = v else {
            return false;
        };
        return match (a.element_type(), t.element()) {
            // Every array is an object[] to `-is`, as .NET's array covariance makes it for
            // arrays of reference types.
            (have, Some(e))
                if e.known() == KnownType::Object && e.array_depth() == 0 && !e.is_named() =>
            {
                have.is_none_or(|h| h.array_depth() > 0 || !is_value_type(h.known()))
            }
            (Some(have), Some(want)) => *have == want,
            _ => false,
        };
    }
    match t.known() {
        KnownType::Object => !v.is_null(),
        KnownType::PsObject => !v.is_null(),
        KnownType::Int => matches!(v, Value::Int(_)),
        KnownType::Long => matches!(v, Value::Long(_)),
        KnownType::Double => matches!(v, Value::Double(_)),
        KnownType::Decimal => matches!(v, Value::Decimal(_)),
        KnownType::Byte => matches!(v, Value::Byte(_)),
        KnownType::SByte => matches!(v, Value::SByte(_)),
        KnownType::Short => matches!(v, Value::Short(_)),
        KnownType::UShort => matches!(v, Value::UShort(_)),
        KnownType::UInt => matches!(v, Value::UInt(_)),
        KnownType::ULong => matches!(v, Value::ULong(_)),
        KnownType::BigInt => matches!(v, Value::BigInt(_)),
        KnownType::String => matches!(v, Value::String(_)),
        KnownType::Char => matches!(v, Value::Char(_)),
        KnownType::Bool => matches!(v, Value::Bool(_)),
        KnownType::Array => {
            matches!(v, Value::Array(a) if a.kind() == crate::value::CollectionKind::Array)
        }
        KnownType::Hashtable => {
            matches!(v, Value::Hashtable(h) if !h.is_ordered() && h.dictionary_type().is_none())
        }
        KnownType::Dictionary => {
            matches!(v, Value::Hashtable(h) if h.dictionary_type().is_some_and(|d| d == *t))
        }
        KnownType::Ordered => matches!(v, Value::Hashtable(h) if h.is_ordered()),
        KnownType::PsCustomObject => {
            matches!(v, Value::Object(o) if o.type_names().iter().any(|n| n == "System.Management.Automation.PSCustomObject"))
        }
        KnownType::ScriptBlock => matches!(v, Value::ScriptBlock(_)),
        KnownType::Type => matches!(v, Value::Type(_)),
        KnownType::DateTime => matches!(v, Value::DateTime(_)),
        KnownType::TimeSpan => matches!(v, Value::TimeSpan(_)),
        KnownType::Guid => matches!(v, Value::Guid(_)),
        KnownType::Version => matches!(v, Value::Version(_)),
        KnownType::Enum(id) => matches!(v, Value::Enum(e) if e.id == id),
        KnownType::EnumBase => matches!(v, Value::Enum(_)),
        KnownType::ValueType => {
            v.is_number()
                || matches!(
                    v,
                    Value::Bool(_)
                        | Value::Char(_)
                        | Value::DateTime(_)
                        | Value::TimeSpan(_)
                        | Value::Guid(_)
                        | Value::Enum(_)
                )
        }
        KnownType::IComparable => {
            v.is_number()
                || matches!(
                    v,
                    Value::Bool(_)
                        | Value::Char(_)
                        | Value::String(_)
                        | Value::DateTime(_)
                        | Value::TimeSpan(_)
                        | Value::Guid(_)
                        | Value::Version(_)
                        | Value::Enum(_)
                )
        }
        KnownType::IFormattable => {
            v.is_number()
                || matches!(
                    v,
                    Value::Char(_)
                        | Value::DateTime(_)
                        | Value::TimeSpan(_)
                        | Value::Guid(_)
                        | Value::Version(_)
                        | Value::Enum(_)
                )
        }
        KnownType::IConvertible => {
            v.is_number()
                || matches!(
                    v,
                    Value::Bool(_)
                        | Value::Char(_)
                        | Value::String(_)
                        | Value::DateTime(_)
                        | Value::Enum(_)
                )
        }
        KnownType::IEnumerable => {
            matches!(v, Value::Array(_) | Value::Hashtable(_) | Value::String(_))
        }
        KnownType::ICollection => matches!(v, Value::Array(_) | Value::Hashtable(_)),
        KnownType::IList => matches!(v, Value::Array(_)),
        KnownType::IDictionary => matches!(v, Value::Hashtable(_)),
        KnownType::IOrderedDictionary => matches!(v, Value::Hashtable(h) if h.is_ordered()),
        _ => match v {
            Value::Object(o) => o
                .type_names()
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&t.full_name())),
            _ => false,
        },
    }
}

/// Apply a binary operator to two evaluated operands. `-and`, `-or` and `??` short-circuit in
/// the interpreter and are not handled here.
pub fn binary(op: BinaryOp, l: Value, r: Value) -> Eval<BinaryResult> {
    let (l, r) = (l.unwrapped(), r.unwrapped());
    Ok(match op {
        BinaryOp::Add => arith(Arith::Add, l, r)?.into(),
        BinaryOp::Subtract => arith(Arith::Sub, l, r)?.into(),
        BinaryOp::Multiply => arith(Arith::Mul, l, r)?.into(),
        BinaryOp::Divide => arith(Arith::Div, l, r)?.into(),
        BinaryOp::Remainder => arith(Arith::Rem, l, r)?.into(),
        BinaryOp::Range => range(&l, &r)?.into(),
        BinaryOp::Format => {
            Value::from(crate::format::format_operator(&to_str(&l), &items(&r))?).into()
        }
        BinaryOp::Join => join(&l, &to_str(&r)).into(),
        BinaryOp::Is => Value::Bool(is_type(&l, &type_of(&r)?)).into(),
        BinaryOp::IsNot => Value::Bool(!is_type(&l, &type_of(&r)?)).into(),
        BinaryOp::As => match crate::convert::convert(&l, &type_of(&r)?) {
            Ok(v) => v.into(),
            Err(_) => Value::Null.into(),
        },
        BinaryOp::Band | BinaryOp::Bor | BinaryOp::Bxor | BinaryOp::Shl | BinaryOp::Shr => {
            bitwise(op, &l, &r)?.into()
        }
        BinaryOp::And => Value::Bool(is_true(&l) && is_true(&r)).into(),
        BinaryOp::Or => Value::Bool(is_true(&l) || is_true(&r)).into(),
        BinaryOp::Xor => Value::Bool(is_true(&l) != is_true(&r)).into(),
        BinaryOp::Coalesce => if l.is_null() { r } else { l }.into(),
        BinaryOp::Compare(CompareOp::Replace, cs) => replace(&l, &r, cs)?.into(),
        BinaryOp::Compare(CompareOp::Split, cs) => split(&l, &r, cs)?.into(),
        BinaryOp::Compare(CompareOp::Contains, cs) => Value::Bool(contains(&l, &r, cs)).into(),
        BinaryOp::Compare(CompareOp::NotContains, cs) => Value::Bool(!contains(&l, &r, cs)).into(),
        BinaryOp::Compare(CompareOp::In, cs) => Value::Bool(contains(&r, &l, cs)).into(),
        BinaryOp::Compare(CompareOp::NotIn, cs) => Value::Bool(!contains(&r, &l, cs)).into(),
        BinaryOp::Compare(cmp, cs) => match &l {
            Value::Array(a) => {
                let mut kept = Vec::new();
                for e in a.to_vec() {
                    if scalar_compare(cmp, cs, &e, &r)?.0 {
                        kept.push(e);
                    }
                }
                Value::Array(Array::new(kept)).into()
            }
            _ => {
                let (b, matches) = scalar_compare(cmp, cs, &l, &r)?;
                BinaryResult {
                    value: Value::Bool(b),
                    matches,
                }
            }
        },
    })
}

fn bitwise(op: BinaryOp, l: &Value, r: &Value) -> Eval<Value> {
    let a = to_number_for(l, r)?;
    let b = to_number_for(r, &a)?;
    let (x, y) = (
        as_i128(&a).unwrap_or_else(|| as_f64(&a).unwrap_or(0.0).round_ties_even() as i128),
        as_i128(&b).unwrap_or_else(|| as_f64(&b).unwrap_or(0.0).round_ties_even() as i128),
    );
    let wide = matches!(a, Value::Long(_) | Value::ULong(_))
        || matches!(b, Value::Long(_) | Value::ULong(_));
    let v = match op {
        BinaryOp::Band => x & y,
        BinaryOp::Bor => x | y,
        BinaryOp::Bxor => x ^ y,
        BinaryOp::Shl => {
            if wide {
                i128::from((x as i64).wrapping_shl((y & 63) as u32))
            } else {
                i128::from((x as i32).wrapping_shl((y & 31) as u32))
            }
        }
        _ => {
            if wide {
                i128::from((x as i64).wrapping_shr((y & 63) as u32))
            } else {
                i128::from((x as i32).wrapping_shr((y & 31) as u32))
            }
        }
    };
    Ok(if wide {
        Value::Long(v as i64)
    } else {
        i32::try_from(v)
            .map(Value::Int)
            .unwrap_or(Value::Long(v as i64))
    })
}

/// The most elements a range may produce.
pub const MAX_RANGE: i128 = 50_000_000;

fn range(l: &Value, r: &Value) -> Eval<Value> {
    // Characters: 'a'..'e'.
    if let (Value::String(a), Value::String(b)) = (l, r)
        && a.chars().count() == 1
        && b.chars().count() == 1
    {
        let (x, y) = (
            a.chars().next().unwrap_or('a') as u32,
            b.chars().next().unwrap_or('a') as u32,
        );
        let v: Vec<Value> = if x <= y {
            (x..=y)
                .filter_map(char::from_u32)
                .map(Value::Char)
                .collect()
        } else {
            (y..=x)
                .rev()
                .filter_map(char::from_u32)
                .map(Value::Char)
                .collect()
        };
        return Ok(Value::Array(Array::new(v)));
    }
    let int = TypeInfo::of(KnownType::Int);
    let a = match crate::convert::convert(l, &int) {
        Ok(Value::Int(i)) => i128::from(i),
        _ => {
            return Err(Flow::error(
                "InvalidCast",
                ErrorCategory::InvalidArgument,
                format!(
                    "Cannot convert value \"{}\" to type \"System.Int32\".",
                    to_str(l)
                ),
            ));
        }
    };
    let b = match crate::convert::convert(r, &int) {
        Ok(Value::Int(i)) => i128::from(i),
        _ => {
            return Err(Flow::error(
                "InvalidCast",
                ErrorCategory::InvalidArgument,
                format!(
                    "Cannot convert value \"{}\" to type \"System.Int32\".",
                    to_str(r)
                ),
            ));
        }
    };
    if (a - b).abs() >= MAX_RANGE {
        return Err(Flow::error(
            "RangeTooLarge",
            ErrorCategory::InvalidOperation,
            "The range is too large.",
        ));
    }
    let v: Vec<Value> = if a <= b {
        (a..=b).map(|i| Value::Int(i as i32)).collect()
    } else {
        (b..=a).rev().map(|i| Value::Int(i as i32)).collect()
    };
    Ok(Value::Array(Array::new(v)))
}

/// An empty hashtable, for callers building results.
pub fn new_hashtable() -> Hashtable {
    Hashtable::new(false)
}
