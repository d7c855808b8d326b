//! Out-Default: how objects and errors look on the console. Scalars print one per line;
//! objects with up to four properties as a table, more as a list; hashtables as a
//! Name/Value table; errors in PowerShell's concise view.

use crate::convert::to_str;
use crate::error::{ErrorRecord, InvocationInfo};
use crate::value::Value;

/// True for values printed on one line by themselves.
pub fn is_scalar_like(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Hashtable(_))
}

/// The text of one cell in a table or list.
fn cell(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let items: Vec<String> = a.to_vec().iter().map(cell).collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(_) | Value::Hashtable(_) => to_str(v),
        other => to_str(other),
    }
}

fn right_aligned(v: &Value) -> bool {
    v.is_number()
}

/// Format a table with the given headers and rows; numeric columns align right.
pub fn table(headers: &[String], rows: &[Vec<Value>]) -> String {
    table_aligned(headers, rows, None)
}

/// Format a table; `right` says per column whether it aligns right (else: numeric columns do).
pub fn table_aligned(headers: &[String], rows: &[Vec<Value>], right: Option<&[bool]>) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let right: Vec<bool> = (0..headers.len())
        .map(|i| {
            if let Some(r) = right {
                return r.get(i).copied().unwrap_or(false);
            }
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|v| right_aligned(v) || v.is_null()))
                && rows.iter().any(|r| r.get(i).is_some_and(right_aligned))
        })
        .collect();
    let line = |parts: Vec<String>| -> String {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            let w = widths[i];
            let padded = if right[i] {
                format!("{p:>w$}")
            } else {
                format!("{p:<w$}")
            };
            s.push_str(&padded);
            if i + 1 < parts.len() {
                s.push(' ');
            }
        }
        s.trim_end().to_string()
    };
    let mut out = String::from("\n");
    out.push_str(&line(headers.to_vec()));
    out.push('\n');
    out.push_str(&line(
        headers
            .iter()
            .map(|h| "-".repeat(h.chars().count()))
            .collect(),
    ));
    out.push('\n');
    for r in cells {
        out.push_str(&line(r));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Format objects as a list (`Name : value`).
pub fn list(objects: &[Vec<(String, Value)>]) -> String {
    let mut out = String::from("\n");
    for props in objects {
        let width = props
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (n, v) in props {
            out.push_str(format!("{n:<width$} : {}", cell(v)).trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

fn properties(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Object(o) => o
            .properties()
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect(),
        _ => vec![],
    }
}

/// Format a run of values for the console, as Out-Default does.
pub fn format_default(items: &[Value]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Value::Null => i += 1,
            Value::Hashtable(_) => {
                let mut rows = Vec::new();
                while let Some(Value::Hashtable(h)) = items.get(i) {
                    rows.extend(h.entries().into_iter().map(|(k, v)| vec![k, v]));
                    i += 1;
                }
                out.push_str(&hashtable_table(&rows));
            }
            Value::Object(o) if o.default_view().is_some() => {
                out.push_str(&o.default_view().unwrap_or_default());
                i += 1;
            }
            Value::Object(o) if o.to_string_override().is_some() && o.properties().is_empty() => {
                out.push_str(&to_str(&items[i]));
                out.push('\n');
                i += 1;
            }
            Value::Object(_) if crate::views::table_view(&items[i]).is_some() => {
                let view = crate::views::table_view(&items[i]);
                let start = i;
                while i < items.len() && same_view(crate::views::table_view(&items[i]), view) {
                    i += 1;
                }
                if let Some(view) = view {
                    out.push_str(&view_table(view, &items[start..i]));
                }
            }
            Value::Object(first) => {
                let names: Vec<String> = first.properties().into_iter().map(|p| p.name).collect();
                let mut group = vec![properties(&items[i])];
                i += 1;
                while let Some(Value::Object(o)) = items.get(i) {
                    let these: Vec<String> = o.properties().into_iter().map(|p| p.name).collect();
                    if these != names {
                        break;
                    }
                    group.push(properties(&items[i]));
                    i += 1;
                }
                if names.is_empty() {
                    continue;
                }
                if names.len() <= 4 {
                    let rows: Vec<Vec<Value>> = group
                        .into_iter()
                        .map(|p| p.into_iter().map(|(_, v)| v).collect())
                        .collect();
                    out.push_str(&table(&names, &rows));
                } else {
                    out.push_str(&list(&group));
                }
            }
            other => {
                out.push_str(&to_str(other));
                out.push('\n');
                i += 1;
            }
        }
    }
    out
}

fn same_view(
    a: Option<&'static crate::views::TableView>,
    b: Option<&'static crate::views::TableView>,
) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    }
}

/// Objects of one type in the table its view defines, under a heading per group.
pub fn view_table(view: &crate::views::TableView, items: &[Value]) -> String {
    use crate::views::{Align, Cell};
    let headers: Vec<String> = view.columns.iter().map(|c| c.label.to_string()).collect();
    let mut out = String::new();
    let mut start = 0;
    while start < items.len() {
        let heading = view.group_by.map(|g| g(&items[start]));
        let mut end = start + 1;
        while end < items.len() && view.group_by.map(|g| g(&items[end])) == heading {
            end += 1;
        }
        if let Some(h) = &heading {
            out.push_str(&format!("\n{h}\n"));
        }
        let rows: Vec<Vec<Value>> = items[start..end]
            .iter()
            .map(|item| {
                view.columns
                    .iter()
                    .map(|c| match c.cell {
                        Cell::Property(p) => crate::views::property(item, p),
                        Cell::Computed(f) => Value::from(f(item)),
                    })
                    .collect()
            })
            .collect();
        let align: Vec<bool> = view
            .columns
            .iter()
            .map(|c| c.align == Align::Right)
            .collect();
        out.push_str(&table_aligned(&headers, &rows, Some(&align)));
        start = end;
    }
    out
}

fn hashtable_table(rows: &[Vec<Value>]) -> String {
    // PowerShell's hashtable view gives the Name column a fixed width of 30 unless a key is
    // longer.
    let width = rows
        .iter()
        .map(|r| cell(&r[0]).chars().count())
        .max()
        .unwrap_or(0)
        .max(30);
    let mut out = String::from("\n");
    out.push_str(&format!("{:<width$} Value\n", "Name"));
    out.push_str(&format!("{:<width$} -----\n", "----"));
    for r in rows {
        out.push_str(format!("{:<width$} {}", cell(&r[0]), cell(&r[1])).trim_end());
        out.push('\n');
    }
    out.push('\n');
    out
}

/// `PositionMessage`: the script position and the marked line.
pub fn position_message(inv: &InvocationInfo) -> String {
    let script = inv.script_name.clone().unwrap_or_default();
    let marker = format!(
        "{}{}",
        " ".repeat(inv.column.saturating_sub(1)),
        "~".repeat(inv.width.max(1))
    );
    format!(
        "At {script}:{} char:{}\n+ {}\n+ {marker}",
        inv.line, inv.column, inv.line_text
    )
}

/// An error in PowerShell's concise view.
pub fn render_error(e: &ErrorRecord) -> String {
    let label = e.view_label();
    match e
        .invocation
        .as_ref()
        .filter(|i| i.script_name.is_some() && i.line > 0)
    {
        Some(inv) => {
            let script = inv.script_name.clone().unwrap_or_default();
            let marker = format!(
                "{}{}",
                " ".repeat(inv.column.saturating_sub(1)),
                "~".repeat(inv.width.max(1))
            );
            let mut s = format!(
                "{label}: {script}:{}\nLine |\n{:>4} |  {}\n     |  {marker}\n",
                inv.line, inv.line, inv.line_text
            );
            for l in e.message.lines() {
                s.push_str(&format!("     | {l}\n"));
            }
            s
        }
        None => format!("{label}: {}\n", e.message),
    }
}
