//! What Format-Table and Format-List share: their `-Property` and `-GroupBy` arguments
//! (names, wildcards, calculated properties) and running the formatting engine with the
//! interpreter evaluating script-block fields.

use crate::util::items;
use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::output::{
    FORMAT_DATA_TYPE, FieldExpr, FieldSpec, FormatRequest, PropertyArg, format_values,
};
use rosh_runtime::value::{Hashtable, PsObject};
use rosh_runtime::views::Align;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// The keys a calculated property may use, each matched by any unambiguous prefix.
const KEYS: &[&str] = &[
    "name",
    "label",
    "expression",
    "formatstring",
    "width",
    "alignment",
];

/// `FormatTable` to `Format-Table`.
fn display_name(command: &str) -> String {
    command.replacen("Format", "Format-", 1)
}

fn illegal_key(command: &str, key: &str) -> Flow {
    crate::util::command_error(
        &display_name(command),
        &format!("DictionaryKeyIllegal,Microsoft.PowerShell.Commands.{command}Command"),
        ErrorCategory::InvalidArgument,
        "System.NotSupportedException",
        format!("The \"{key}\" key is not valid."),
    )
}

/// A calculated property from its hashtable.
fn calculated(command: &str, h: &Hashtable) -> Eval<FieldSpec> {
    let mut label: Option<String> = None;
    let mut expr: Option<Value> = None;
    let mut width = 0;
    let mut align = None;
    let mut format = None;
    for (k, v) in h.entries() {
        let key = to_str(&k);
        let lower = key.to_ascii_lowercase();
        let hits: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|n| !lower.is_empty() && n.starts_with(lower.as_str()))
            .collect();
        let name = match hits.as_slice() {
            [one] => *one,
            // `n` is Name and `l` is Label though other keys share the letter.
            _ if lower == "n" => "name",
            _ if lower == "l" => "label",
            _ => return Err(illegal_key(command, &key)),
        };
        match name {
            "name" | "label" => label = Some(to_str(&v)),
            "expression" => expr = Some(v),
            "formatstring" => format = Some(to_str(&v)),
            "width" => {
                width = rosh_runtime::convert::to_numeric(&v)
                    .and_then(|n| rosh_runtime::convert::as_f64(&n))
                    .map_or(0, |f| f.max(0.0) as usize)
            }
            _ => {
                let a = to_str(&v).to_ascii_lowercase();
                align = Some(if !a.is_empty() && "right".starts_with(&a) {
                    Align::Right
                } else if !a.is_empty() && "center".starts_with(&a) {
                    Align::Center
                } else {
                    Align::Left
                });
            }
        }
    }
    let Some(expr) = expr else {
        return Err(crate::util::command_error(
            &display_name(command),
            &format!("DictionaryKeyMandatoryEntry,Microsoft.PowerShell.Commands.{command}Command"),
            ErrorCategory::InvalidArgument,
            "System.NotSupportedException",
            "The \"expression\" key is missing.",
        ));
    };
    let (expr, default_label) = match &expr {
        Value::ScriptBlock(sb) => (FieldExpr::Script(expr.clone()), sb.text().to_string()),
        other => {
            let n = to_str(other);
            (FieldExpr::Property(n.clone()), n)
        }
    };
    Ok(FieldSpec {
        label: label.unwrap_or(default_label),
        expr,
        width,
        align,
        format,
    })
}

/// The `-Property` argument as the formatting engine takes it.
pub fn property_args(command: &str, args: &BoundArgs) -> Eval<Option<Vec<PropertyArg>>> {
    if !args.has("Property") {
        return Ok(None);
    }
    let mut out = Vec::new();
    for p in items(args.get("Property")) {
        match p {
            Value::Hashtable(h) => out.push(PropertyArg::Calculated(calculated(command, &h)?)),
            Value::ScriptBlock(sb) => out.push(PropertyArg::Calculated(FieldSpec {
                label: sb.text().to_string(),
                expr: FieldExpr::Script(Value::ScriptBlock(sb)),
                width: 0,
                align: None,
                format: None,
            })),
            other => out.push(PropertyArg::Name(to_str(&other))),
        }
    }
    Ok(Some(out))
}

/// The `-GroupBy` argument.
pub fn group_by(command: &str, args: &BoundArgs) -> Eval<Option<FieldSpec>> {
    match args.get("GroupBy") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Hashtable(h)) => Ok(Some(calculated(command, h)?)),
        Some(Value::ScriptBlock(sb)) => Ok(Some(FieldSpec {
            label: sb.text().to_string(),
            expr: FieldExpr::Script(Value::ScriptBlock(sb.clone())),
            width: 0,
            align: None,
            format: None,
        })),
        Some(other) => Ok(Some(FieldSpec::property(&to_str(other)))),
    }
}

/// Run the formatting engine over the gathered input and emit its text as one format object
/// (what Out-Default and Out-String print as it is).
pub fn emit_formatted(
    rs: &mut Runspace,
    out: &mut dyn Sink,
    input: &[Value],
    req: &FormatRequest,
) -> Eval<()> {
    let text = {
        let mut eval = |item: &Value, expr: &FieldExpr| -> Value {
            match expr {
                FieldExpr::Property(name) => rs.get_member(item, name),
                FieldExpr::Script(Value::ScriptBlock(sb)) => rs
                    .invoke_with_dollar_underscore(sb, item.clone())
                    .unwrap_or(Value::Null),
                FieldExpr::Script(_) => Value::Null,
                FieldExpr::Computed(f) => Value::from(f(item)),
            }
        };
        format_values(input, req, &mut eval)
    };
    if text.is_empty() {
        return Ok(());
    }
    let o = PsObject::with_type_names(vec![
        FORMAT_DATA_TYPE.into(),
        "Microsoft.PowerShell.Commands.Internal.Format.FormatInfoData".into(),
        "System.Object".into(),
    ]);
    o.set_default_view(text);
    out.emit(rs, Value::Object(o))
}
