//! Out-Default: how objects and errors look on the console, following PowerShell's
//! formatting engine. A run of output is one *document*: values of the scalar types print
//! on a line each (out of band); the first object decides the shape (its type's table view,
//! else a generated table for up to four properties or a list for more), and later objects
//! go into that shape when it applies to them, else they print out of band as a list.
//! Hashtables show as their entries (the `Dictionary` view); errors in the concise view.
//!
//! Tables size their columns from the data (PowerShell's 300 ms auto-size cache) unless the
//! view gives widths, fit in [`SCREEN_WIDTH`] characters, and truncate cells with `…`.
//! Format-Table and Format-List use the same engine with [`FormatRequest`].

use crate::convert::to_str;
use crate::error::{ErrorRecord, InvocationInfo};
use crate::value::{PsObject, Value};
use crate::views::{Align, Cell, TableView};

/// The width PowerShell formats to when the output is not a console (redirected, or
/// `Out-String`).
pub const SCREEN_WIDTH: usize = 120;

/// How many elements of a collection a cell shows (`$FormatEnumerationLimit`).
pub const ENUMERATION_LIMIT: usize = 4;

/// The type name of the objects Format-Table and Format-List emit: their text is already
/// laid out, and Out-Default prints it as it is.
pub const FORMAT_DATA_TYPE: &str = "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData";

/// True for values printed on one line by themselves (a scalar wrapped with note properties
/// counts: it prints as the scalar).
pub fn is_scalar_like(v: &Value) -> bool {
    match v {
        Value::Hashtable(_) => false,
        Value::Object(_) => v.wrapped_scalar().is_some(),
        _ => true,
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The text of one element inside a collection cell (`{1, 2, 3}`).
fn element_text(v: &Value) -> String {
    match v {
        Value::DateTime(d) => crate::value::datetime_format::format_datetime(
            *d,
            "",
            &crate::value::datetime_format::EN_US,
        )
        .unwrap_or_default(),
        Value::Array(a) => a.type_name(),
        other => to_str(other),
    }
}

fn enumerate_text(items: Vec<String>) -> String {
    let more = items.len() > ENUMERATION_LIMIT;
    let shown: Vec<String> = items.into_iter().take(ENUMERATION_LIMIT).collect();
    format!("{{{}{}}}", shown.join(", "), if more { "…" } else { "" })
}

/// The text of one cell in a table or list, as PowerShell's formatter shows a value:
/// collections as `{a, b, c, d…}` (at most [`ENUMERATION_LIMIT`] elements), dictionaries as
/// their entries, other values as their string.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Array(a) => enumerate_text(a.to_vec().iter().map(element_text).collect()),
        Value::Hashtable(h) => enumerate_text(
            h.entries()
                .iter()
                .map(|(k, v)| format!("[{}, {}]", element_text(k), element_text(v)))
                .collect(),
        ),
        Value::DateTime(_) => element_text(v),
        other => to_str(other),
    }
}

/// True when a value makes its column align right: the scalar types other than strings.
pub fn aligns_right(v: &Value) -> bool {
    v.is_number() || matches!(v, Value::Bool(_) | Value::Char(_))
}

/// A hashtable's entries as the `DictionaryEntry` objects the formatter shows.
pub fn dictionary_entries(h: &crate::value::Hashtable) -> Vec<Value> {
    if let Some(t) = h.dictionary_type() {
        return h
            .entries()
            .into_iter()
            .map(|(k, v)| key_value_pair(&t, k, v))
            .collect();
    }
    h.entries()
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
        .collect()
}

/// An entry of a generic `Dictionary[K,V]` of type `t`: a `KeyValuePair[K,V]`.
pub fn key_value_pair(t: &crate::types::TypeInfo, k: Value, v: Value) -> Value {
    let arg = |a: Option<&crate::types::TypeInfo>| {
        crate::types::qualified(&a.map_or_else(|| "System.Object".to_string(), |a| a.full_name()))
    };
    let e = PsObject::with_type_names(vec![
        format!(
            "System.Collections.Generic.KeyValuePair`2[{},{}]",
            arg(t.key_argument()),
            arg(t.generic_argument())
        ),
        "System.ValueType".into(),
        "System.Object".into(),
    ]);
    e.set_to_string(format!("[{}, {}]", to_str(&k), to_str(&v)));
    e.set("Key", k);
    e.set("Value", v);
    Value::Object(e)
}

/// A column of a laid-out table.
#[derive(Clone, Debug)]
pub struct TableColumn {
    /// The header text.
    pub label: String,
    /// The width it asks for; 0 leaves it to the table.
    pub width: usize,
    /// Its alignment.
    pub align: Align,
}

/// A line of a table: a row of cells, or text printed between rows (out of band).
#[derive(Clone, Debug)]
pub enum TableEntry {
    /// A row of cell texts, one per column.
    Row(Vec<String>),
    /// Text printed as it is (ends with a newline).
    Text(String),
}

/// A run of table entries under one heading.
#[derive(Clone, Debug, Default)]
pub struct TableGroup {
    /// The heading line (`   TypeName: System.String`), if the table is grouped.
    pub heading: Option<String>,
    /// Rows and out-of-band text, in order.
    pub entries: Vec<TableEntry>,
}

/// How a table is laid out.
#[derive(Clone, Debug, Default)]
pub struct TableLayout {
    /// The columns.
    pub columns: Vec<TableColumn>,
    /// Size every column from the data, even those with a width (`-AutoSize`).
    pub autosize: bool,
    /// Leave out the header and its dashes (`-HideTableHeaders`).
    pub hide_header: bool,
    /// Wrap long cells onto more lines instead of truncating them (`-Wrap`).
    pub wrap: bool,
}

/// PowerShell's column width manager: give unsized columns the room left on the line, then
/// shrink or hide columns from the right until the table fits.
fn fit_widths(widths: &mut [isize], screen: usize) {
    let screen = screen as isize;
    let total = |w: &[isize]| -> isize {
        let visible: Vec<isize> = w.iter().copied().filter(|x| *x > 0).collect();
        visible.iter().sum::<isize>() + (visible.len() as isize - 1).max(0)
    };
    if widths.iter().any(|w| *w <= 0) {
        let fixed: Vec<bool> = widths.iter().map(|w| *w > 0).collect();
        for w in widths.iter_mut() {
            if *w <= 0 {
                *w = 1;
            }
        }
        let mut available = screen - total(widths);
        if available >= 0 {
            while available > 0 {
                for (k, w) in widths.iter_mut().enumerate() {
                    if fixed[k] {
                        continue;
                    }
                    *w += 1;
                    available -= 1;
                    if available == 0 {
                        break;
                    }
                }
            }
            return;
        }
    } else if total(widths) <= screen {
        return;
    }
    loop {
        let excess = total(widths) - screen;
        if excess <= 0 {
            return;
        }
        let last = widths
            .iter()
            .position(|w| *w < 0)
            .map_or(widths.len() as isize - 1, |p| p as isize - 1);
        if last < 0 {
            return;
        }
        let last = last as usize;
        let shrunk = widths[last] - excess;
        if shrunk < 1 {
            widths[last] = -1;
        } else {
            widths[last] = shrunk;
        }
    }
}

/// The first line of a cell, with `…` when more lines follow.
fn first_line(s: &str) -> String {
    match s.find(['\n', '\r']) {
        Some(i) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Pad or truncate a cell to its column, as PowerShell's table writer does.
fn fit_cell(s: &str, width: usize, align: Align, pad: bool) -> String {
    let len = char_len(s);
    if len < width {
        let n = width - len;
        return match align {
            Align::Right => format!("{}{s}", " ".repeat(n)),
            Align::Center => {
                let left = n / 2;
                let right = if pad { n - left } else { 0 };
                format!("{}{s}{}", " ".repeat(left), " ".repeat(right))
            }
            Align::Left => {
                if pad {
                    format!("{s}{}", " ".repeat(n))
                } else {
                    s.to_string()
                }
            }
        };
    }
    if len == width {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    if width > 1 {
        let keep = width - 1;
        match align {
            Align::Right => format!("…{}", chars[len - keep..].iter().collect::<String>()),
            _ => format!("{}…", chars[..keep].iter().collect::<String>()),
        }
    } else {
        match align {
            Align::Right => chars[len - width..].iter().collect(),
            _ => chars[..width].iter().collect(),
        }
    }
}

/// Split text into pieces of at most `width` characters, honouring newlines.
fn split_lines(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in s.replace('\r', "").split('\n') {
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() || width == 0 {
            out.push(line.to_string());
            continue;
        }
        for chunk in chars.chunks(width) {
            out.push(chunk.iter().collect());
        }
    }
    out
}

struct Fitted {
    widths: Vec<usize>,
    aligns: Vec<Align>,
}

impl Fitted {
    fn visible(&self) -> Vec<usize> {
        (0..self.widths.len())
            .filter(|&k| self.widths[k] > 0)
            .collect()
    }

    /// One line of a row, each cell already a single line.
    fn line(&self, cells: &[String]) -> String {
        let visible = self.visible();
        let mut s = String::new();
        for (i, &k) in visible.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let pad = i + 1 < visible.len();
            let cell = cells.get(k).map(String::as_str).unwrap_or("");
            s.push_str(&fit_cell(cell, self.widths[k], self.aligns[k], pad));
        }
        s.push('\n');
        s
    }

    /// A row whose cells may wrap onto more lines (headers, `-Wrap`).
    fn wrapped(&self, cells: &[String]) -> String {
        let visible = self.visible();
        let columns: Vec<Vec<String>> = visible
            .iter()
            .map(|&k| {
                split_lines(
                    cells.get(k).map(String::as_str).unwrap_or(""),
                    self.widths[k],
                )
            })
            .collect();
        let rows = columns.iter().map(Vec::len).max().unwrap_or(1);
        let mut out = String::new();
        for r in 0..rows {
            let mut line = String::new();
            for (i, &k) in visible.iter().enumerate() {
                if i > 0 {
                    line.push(' ');
                }
                let cell = columns[i].get(r).map(String::as_str).unwrap_or("");
                let pad = i + 1 < visible.len();
                line.push_str(&fit_cell(cell, self.widths[k], self.aligns[k], pad));
            }
            if rows > 1 {
                line.truncate(line.trim_end().len());
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

impl TableLayout {
    /// The widths for one group of rows.
    fn fit(&self, group: &TableGroup) -> Fitted {
        let auto = self.autosize || self.columns.first().is_some_and(|c| c.width == 0);
        let mut widths: Vec<isize> = if auto {
            let mut w: Vec<isize> = self
                .columns
                .iter()
                .map(|c| char_len(&c.label) as isize)
                .collect();
            for e in &group.entries {
                if let TableEntry::Row(cells) = e {
                    for (k, c) in cells.iter().enumerate() {
                        if let Some(x) = w.get_mut(k) {
                            *x = (*x).max(char_len(c) as isize);
                        }
                    }
                }
            }
            w
        } else {
            self.columns.iter().map(|c| c.width as isize).collect()
        };
        fit_widths(&mut widths, SCREEN_WIDTH);
        Fitted {
            widths: widths.iter().map(|w| (*w).max(0) as usize).collect(),
            aligns: self.columns.iter().map(|c| c.align).collect(),
        }
    }

    /// Lay out the groups of a table, with the blank lines PowerShell puts before and after.
    pub fn render(&self, groups: &[TableGroup]) -> String {
        let mut out = String::from("\n");
        for (i, group) in groups.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(h) = &group.heading {
                out.push_str(h);
                out.push_str("\n\n");
            }
            let fitted = self.fit(group);
            if !self.hide_header && !self.columns.is_empty() {
                let labels: Vec<String> = self.columns.iter().map(|c| c.label.clone()).collect();
                out.push_str(&fitted.wrapped(&labels));
                let dashes: Vec<String> = self
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(k, c)| "-".repeat(char_len(&c.label).min(fitted.widths[k])))
                    .collect();
                out.push_str(&fitted.line(&dashes));
            }
            for e in &group.entries {
                match e {
                    TableEntry::Row(cells) if self.wrap => out.push_str(&fitted.wrapped(cells)),
                    TableEntry::Row(cells) => {
                        let cells: Vec<String> = cells.iter().map(|c| first_line(c)).collect();
                        out.push_str(&fitted.line(&cells));
                    }
                    TableEntry::Text(t) => out.push_str(t),
                }
            }
        }
        out.push('\n');
        out
    }
}

/// One object as a list: `Label : value` lines (labels padded to the longest), then a blank
/// line. Long values wrap and continuation lines are indented under the value.
pub fn list_entry(fields: &[(String, String)]) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let max_label = SCREEN_WIDTH.saturating_sub(3 + 1);
    let label_width = fields
        .iter()
        .map(|(l, _)| char_len(l))
        .max()
        .unwrap_or(0)
        .min(max_label);
    let field_width = SCREEN_WIDTH.saturating_sub(label_width + 3).max(1);
    let indent = " ".repeat(label_width + 3);
    let mut out = String::new();
    for (label, value) in fields {
        let label: String = label.chars().take(label_width).collect();
        let head = format!("{label:<label_width$} : ");
        for (i, line) in value.replace('\r', "").split('\n').enumerate() {
            for (j, piece) in split_lines(line, field_width).iter().enumerate() {
                if i == 0 && j == 0 {
                    out.push_str(&head);
                } else {
                    out.push_str(&indent);
                }
                out.push_str(piece);
                out.push('\n');
            }
        }
    }
    out.push('\n');
    out
}

/// What a formatting command asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    /// Out-Default's choice: the type's view, else a table for up to four properties.
    #[default]
    Default,
    /// Format-Table.
    Table,
    /// Format-List.
    List,
}

/// Where a field's value comes from.
#[derive(Clone)]
pub enum FieldExpr {
    /// A property (or hashtable key) by name.
    Property(String),
    /// A script block run with `$_` set to the object (evaluated by the caller).
    Script(Value),
    /// Text computed by a view.
    Computed(fn(&Value) -> String),
}

/// A field of a table or list: a property, a view column, or a calculated property
/// (`@{Name=...; Expression=...; Width=...; Alignment=...; FormatString=...}`).
#[derive(Clone)]
pub struct FieldSpec {
    /// The header or label.
    pub label: String,
    /// How the value is computed.
    pub expr: FieldExpr,
    /// The column width asked for (0: sized by the table).
    pub width: usize,
    /// The alignment asked for (else: right for numbers in the first object).
    pub align: Option<Align>,
    /// A .NET format string for the value (`FormatString = 'N2'`).
    pub format: Option<String>,
}

impl FieldSpec {
    /// A field showing a property under its own name.
    pub fn property(name: &str) -> FieldSpec {
        FieldSpec {
            label: name.to_string(),
            expr: FieldExpr::Property(name.to_string()),
            width: 0,
            align: None,
            format: None,
        }
    }
}

/// A `-Property` argument: a name (wildcards allowed) or a calculated property.
#[derive(Clone)]
pub enum PropertyArg {
    /// A property name or wildcard pattern.
    Name(String),
    /// A calculated property.
    Calculated(FieldSpec),
}

/// The arguments of a formatting command.
#[derive(Clone, Default)]
pub struct FormatRequest {
    /// Table, list, or Out-Default's choice.
    pub shape: Shape,
    /// `-Property`, when given.
    pub properties: Option<Vec<PropertyArg>>,
    /// `-AutoSize`.
    pub autosize: bool,
    /// `-HideTableHeaders`.
    pub hide_headers: bool,
    /// `-Wrap`.
    pub wrap: bool,
    /// `-GroupBy`.
    pub group_by: Option<FieldSpec>,
}

/// Evaluates fields whose value needs the interpreter (script blocks); Out-Default's
/// evaluator handles properties and view columns only.
pub type FieldEval<'a> = dyn FnMut(&Value, &FieldExpr) -> Value + 'a;

/// The value of a field for an object, without the interpreter.
pub fn eval_field(item: &Value, expr: &FieldExpr) -> Value {
    match expr {
        FieldExpr::Property(name) => property_value(item, name),
        FieldExpr::Computed(f) => Value::from(f(item)),
        FieldExpr::Script(_) => Value::Null,
    }
}

/// A property of a value by name: note properties, hashtable keys, a string's `Length`.
pub fn property_value(item: &Value, name: &str) -> Value {
    match item {
        Value::Object(o) => o.get(name).unwrap_or(Value::Null),
        Value::Hashtable(h) => h.get(&Value::str(name)).unwrap_or(Value::Null),
        Value::String(s) if name.eq_ignore_ascii_case("Length") => {
            Value::Int(s.encode_utf16().count() as i32)
        }
        Value::Array(a)
            if name.eq_ignore_ascii_case("Length") || name.eq_ignore_ascii_case("Count") =>
        {
            Value::Int(a.len() as i32)
        }
        _ => Value::Null,
    }
}

/// The properties default views show: all but `PSShowComputerName`, which remoting adds to
/// say whether `PSComputerName` is shown and which PowerShell's views never show.
pub fn shown_property_names(v: &Value) -> Vec<String> {
    let mut names = property_names(v);
    names.retain(|n| !n.eq_ignore_ascii_case("PSShowComputerName"));
    names
}

/// The property names of an object, in order (what `*` expands to): note properties, then
/// script and alias properties.
pub fn property_names(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .properties()
            .into_iter()
            .map(|p| p.name)
            .chain(o.members().into_iter().filter_map(|m| match m.member {
                crate::value::ScriptMember::Method(_) => None,
                _ => Some(m.name),
            }))
            .collect(),
        Value::String(_) => vec!["Length".into()],
        _ => vec![],
    }
}

/// Expand `-Property` arguments against an object: wildcards become the matching property
/// names; other names stay even when the object lacks them.
pub fn expand_properties(args: &[PropertyArg], first: &Value) -> Vec<FieldSpec> {
    let mut out = Vec::new();
    for a in args {
        match a {
            PropertyArg::Name(n) if n.contains(['*', '?', '[']) => {
                if let Some(re) = crate::ops::wildcard_regex(n, false) {
                    for name in property_names(first) {
                        if re.is_match(&name) && !out.iter().any(|f: &FieldSpec| f.label == name) {
                            out.push(FieldSpec::property(&name));
                        }
                    }
                }
            }
            PropertyArg::Name(n) => out.push(FieldSpec::property(n)),
            PropertyArg::Calculated(f) => out.push(f.clone()),
        }
    }
    out
}

fn field_text(v: &Value, f: &FieldSpec) -> String {
    if let Some(fmt) = &f.format
        && !v.is_null()
        && let Ok(s) = crate::format::format_value(v, Some(fmt))
    {
        return s;
    }
    cell_text(v)
}

/// The `PSComputerName` column PowerShell adds to a view's columns for objects that came
/// back from a remote command (`PSShowComputerName` true).
fn computer_name_column(item: &Value) -> Option<FieldSpec> {
    let Value::Object(o) = item else { return None };
    let show = o
        .get("PSShowComputerName")
        .is_some_and(|v| crate::convert::is_true(&v));
    (show && o.has("PSComputerName")).then(|| FieldSpec {
        label: "PSComputerName".into(),
        expr: FieldExpr::Property("PSComputerName".into()),
        width: 0,
        align: None,
        format: None,
    })
}

/// True for objects that print as their string, out of band: scalars, objects without
/// properties, and scalars wrapped with note properties (`$PROFILE`).
fn prints_as_text(v: &Value) -> bool {
    match v {
        Value::Object(o) => {
            o.properties().is_empty() || o.base_value().is_some_and(|b| is_scalar_like(&b))
        }
        Value::Hashtable(_) => false,
        _ => true,
    }
}

fn is_format_data(v: &Value) -> Option<String> {
    match v {
        Value::Object(o)
            if o.type_names()
                .first()
                .is_some_and(|t| t == FORMAT_DATA_TYPE) =>
        {
            Some(o.default_view().unwrap_or_default())
        }
        _ => None,
    }
}

/// An object out of band as a list of its properties.
fn out_of_band_list(item: &Value, eval: &mut FieldEval<'_>) -> String {
    let fields: Vec<(String, String)> = shown_property_names(item)
        .iter()
        .map(|n| {
            let v = eval(item, &FieldExpr::Property(n.clone()));
            (n.clone(), cell_text(&v))
        })
        .collect();
    if fields.is_empty() {
        return format!("{}\n", to_str(item));
    }
    format!("\n{}", list_entry(&fields))
}

enum Doc {
    Table {
        layout: TableLayout,
        fields: Vec<FieldSpec>,
        view: Option<&'static TableView>,
        heading: Option<fn(&Value) -> String>,
        groups: Vec<TableGroup>,
    },
    List {
        fields: Option<Vec<FieldSpec>>,
        heading: Option<String>,
    },
}

/// The formatting engine over a run of values.
struct Formatter<'a, 'e> {
    req: &'a FormatRequest,
    eval: &'a mut FieldEval<'e>,
    doc: Option<Doc>,
    out: String,
    /// Inside a run of objects shown by a custom control (MatchInfo).
    custom_open: bool,
}

impl Formatter<'_, '_> {
    fn text(&mut self, t: String) {
        match &mut self.doc {
            Some(Doc::Table { groups, .. }) => {
                if groups.is_empty() {
                    groups.push(TableGroup::default());
                }
                if let Some(g) = groups.last_mut() {
                    g.entries.push(TableEntry::Text(t));
                }
            }
            _ => self.out.push_str(&t),
        }
    }

    fn close(&mut self) {
        if let Some(Doc::Table { layout, groups, .. }) = self.doc.take() {
            self.out.push_str(&layout.render(&groups));
        }
    }

    fn group_heading(&mut self, item: &Value) -> Option<String> {
        let g = self.req.group_by.clone()?;
        let v = (self.eval)(item, &g.expr);
        Some(format!("   {}: {}", g.label, field_text(&v, &g)))
    }

    fn start(&mut self, item: &Value) {
        let view = match self.req.shape {
            Shape::List => None,
            _ if self.req.properties.is_some() => None,
            _ => crate::views::table_view(item),
        };
        let fields: Option<Vec<FieldSpec>> = self
            .req
            .properties
            .as_ref()
            .map(|p| expand_properties(p, item));
        let table = match self.req.shape {
            Shape::Table => true,
            Shape::List => false,
            Shape::Default => view.is_some() || shown_property_names(item).len() <= 4,
        };
        if !table {
            self.out.push('\n');
            self.doc = Some(Doc::List {
                fields,
                heading: None,
            });
            return;
        }
        let fields: Vec<FieldSpec> = match (fields, view) {
            (Some(f), _) => f,
            (None, Some(v)) => v
                .columns
                .iter()
                .map(|c| FieldSpec {
                    label: c.label.to_string(),
                    expr: match c.cell {
                        Cell::Property(p) => FieldExpr::Property(p.to_string()),
                        Cell::Computed(f) => FieldExpr::Computed(f),
                    },
                    width: c.width,
                    align: Some(c.align),
                    format: None,
                })
                .chain(computer_name_column(item))
                .collect(),
            (None, None) => shown_property_names(item)
                .iter()
                .map(|n| FieldSpec::property(n))
                .collect(),
        };
        let columns = fields
            .iter()
            .map(|f| TableColumn {
                label: f.label.clone(),
                width: f.width,
                align: f.align.unwrap_or_else(|| {
                    if aligns_right(&(self.eval)(item, &f.expr)) {
                        Align::Right
                    } else {
                        Align::Left
                    }
                }),
            })
            .collect();
        self.doc = Some(Doc::Table {
            layout: TableLayout {
                columns,
                autosize: self.req.autosize,
                hide_header: self.req.hide_headers,
                wrap: self.req.wrap,
            },
            fields,
            view,
            heading: view.and_then(|v| v.group_by),
            groups: vec![],
        });
    }

    fn applies(&self, item: &Value) -> bool {
        match &self.doc {
            Some(Doc::Table {
                view: Some(view), ..
            }) => crate::views::applies(view, item),
            _ => true,
        }
    }

    fn payload(&mut self, item: &Value) {
        let heading = self.group_heading(item);
        match self.doc.take() {
            Some(Doc::Table {
                layout,
                fields,
                view,
                heading: view_heading,
                mut groups,
            }) => {
                let heading = heading.or_else(|| view_heading.map(|f| f(item)));
                let cells: Vec<String> = fields
                    .iter()
                    .map(|f| field_text(&(self.eval)(item, &f.expr), f))
                    .collect();
                let new_group = match groups.last() {
                    None => true,
                    Some(g) => heading.is_some() && g.heading != heading,
                };
                if new_group {
                    groups.push(TableGroup {
                        heading,
                        entries: vec![],
                    });
                }
                if let Some(g) = groups.last_mut() {
                    g.entries.push(TableEntry::Row(cells));
                }
                self.doc = Some(Doc::Table {
                    layout,
                    fields,
                    view,
                    heading: view_heading,
                    groups,
                });
            }
            Some(Doc::List {
                fields,
                heading: current,
            }) => {
                if heading.is_some() && heading != current {
                    if current.is_some() {
                        self.out.push('\n');
                    }
                    if let Some(h) = &heading {
                        self.out.push_str(h);
                        self.out.push_str("\n\n");
                    }
                }
                let specs: Vec<FieldSpec> = match &fields {
                    Some(f) => f.clone(),
                    None => match crate::views::list_view(item) {
                        Some(names) => names.iter().map(|n| FieldSpec::property(n)).collect(),
                        None => shown_property_names(item)
                            .iter()
                            .map(|n| FieldSpec::property(n))
                            .collect(),
                    },
                };
                let pairs: Vec<(String, String)> = specs
                    .iter()
                    .map(|f| (f.label.clone(), field_text(&(self.eval)(item, &f.expr), f)))
                    .collect();
                self.out.push_str(&list_entry(&pairs));
                self.doc = Some(Doc::List {
                    fields,
                    heading: heading.or(current),
                });
            }
            None => {}
        }
    }

    /// End a run of custom-control objects with its blank line.
    fn end_custom(&mut self) {
        if self.custom_open {
            self.out.push('\n');
            self.custom_open = false;
        }
    }

    fn push(&mut self, item: &Value) {
        if !matches!(item, Value::Null | Value::Array(_) | Value::Object(_)) {
            self.end_custom();
        }
        match item {
            Value::Null => {}
            Value::Array(a) => {
                for v in a.to_vec() {
                    self.push(&v);
                }
            }
            Value::Hashtable(h) => {
                for e in dictionary_entries(h) {
                    self.push(&e);
                }
            }
            Value::Object(o) => {
                let custom = crate::views::is_custom_control(item);
                if custom && self.req.shape == Shape::Default && self.req.properties.is_none() {
                    // A custom control's objects print one after another, framed by a
                    // blank line before the first and after the last.
                    if !self.custom_open {
                        self.close();
                        self.out.push('\n');
                        self.custom_open = true;
                    }
                    self.out.push_str(&o.default_view().unwrap_or_default());
                    self.out.push('\n');
                    return;
                }
                self.end_custom();
                if let Some(text) = is_format_data(item) {
                    self.close();
                    self.out.push_str(&text);
                } else if !custom && let Some(view) = o.default_view() {
                    self.text(view);
                } else if self.req.properties.is_none()
                    && let Some(scalar) = item.wrapped_scalar()
                {
                    // A scalar with note properties shows as the scalar (a deserialized
                    // enum as the name its ToString gave).
                    match o.to_string_override() {
                        Some(text) => self.text(format!("{text}\n")),
                        None => self.push(&scalar),
                    }
                } else if self.req.properties.is_none() && prints_as_text(item) {
                    self.text(format!("{}\n", to_str(item)));
                } else {
                    if self.doc.is_none() {
                        self.start(item);
                    }
                    if self.applies(item) {
                        self.payload(item);
                    } else {
                        let t = out_of_band_list(item, self.eval);
                        self.text(t);
                    }
                }
            }
            Value::DateTime(_) | Value::TimeSpan(_) | Value::Version(_) | Value::Guid(_) => {
                self.push(&value_type_display(item))
            }
            other => self.text(format!("{}\n", to_str(other))),
        }
    }
}

/// How Out-Default shows a DateTime (its long form, with blank lines around it, as the
/// DateTime view does), TimeSpan (a list of its parts), Version and Guid (tables): an object
/// the generic rules render that way.
fn value_type_display(v: &Value) -> Value {
    use crate::value::PsObject;
    let type_names = |n: &str| {
        vec![
            n.to_string(),
            "System.ValueType".into(),
            "System.Object".into(),
        ]
    };
    let member =
        |n: &str| crate::interp::value_property(v, &n.to_ascii_lowercase()).unwrap_or(Value::Null);
    let o = PsObject::with_type_names(type_names(&v.type_name()));
    match v {
        Value::DateTime(d) => {
            let text = crate::value::datetime_format::format_datetime(
                *d,
                "F",
                &crate::value::datetime_format::EN_US,
            )
            .unwrap_or_default();
            o.set_default_view(format!("\n{text}\n\n"));
        }
        Value::TimeSpan(_) => {
            for n in [
                "Days",
                "Hours",
                "Minutes",
                "Seconds",
                "Milliseconds",
                "Ticks",
                "TotalDays",
                "TotalHours",
                "TotalMinutes",
                "TotalSeconds",
                "TotalMilliseconds",
            ] {
                o.set(n, member(n));
            }
        }
        Value::Version(_) => {
            for n in ["Major", "Minor", "Build", "Revision"] {
                o.set(n, member(n));
            }
        }
        _ => o.set("Guid", Value::from(to_str(v))),
    }
    Value::Object(o)
}

/// Format a run of values for a formatting command (or Out-Default with the default
/// request), evaluating script-block fields with `eval`.
pub fn format_values(items: &[Value], req: &FormatRequest, eval: &mut FieldEval<'_>) -> String {
    let mut f = Formatter {
        req,
        eval,
        doc: None,
        out: String::new(),
        custom_open: false,
    };
    for item in items {
        f.push(item);
    }
    f.end_custom();
    f.close();
    f.out
}

/// Format a run of values for the console, as Out-Default does, without running script
/// (script properties show empty).
pub fn format_default(items: &[Value]) -> String {
    format_values(items, &FormatRequest::default(), &mut eval_field)
}

/// The value of a field, running script blocks and script properties in the runspace.
pub fn eval_in(rs: &mut crate::interp::Runspace, item: &Value, expr: &FieldExpr) -> Value {
    match expr {
        FieldExpr::Property(name) => rs.get_member(item, name),
        FieldExpr::Script(Value::ScriptBlock(sb)) => rs
            .invoke_with_dollar_underscore(sb, item.clone())
            .unwrap_or(Value::Null),
        FieldExpr::Script(_) => Value::Null,
        FieldExpr::Computed(f) => Value::from(f(item)),
    }
}

/// Format a run of values as Out-Default does, evaluating script properties in the
/// runspace.
pub fn format_in(rs: &mut crate::interp::Runspace, items: &[Value]) -> String {
    format_values(items, &FormatRequest::default(), &mut |item, expr| {
        eval_in(rs, item, expr)
    })
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
    // A remote error shows where on the remote side it happened, under the computer's name.
    match e
        .invocation
        .as_ref()
        .filter(|i| (i.script_name.is_some() || e.origin.is_some()) && i.line > 0)
    {
        Some(inv) => {
            let script = match (&inv.script_name, &e.origin) {
                (Some(s), _) => s.clone(),
                (None, Some(computer)) => format!("[{computer}]"),
                (None, None) => String::new(),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(props: &[(&str, Value)]) -> Value {
        let o = PsObject::custom();
        for (n, v) in props {
            o.set(n, v.clone());
        }
        Value::Object(o)
    }

    #[test]
    fn generated_table_sizes_from_data_and_aligns_numbers() {
        let text = format_default(&[
            obj(&[("name", Value::str("x")), ("value", Value::Int(10))]),
            obj(&[("name", Value::str("longer")), ("value", Value::Int(2))]),
        ]);
        assert_eq!(
            text,
            "\nname   value\n----   -----\nx         10\nlonger     2\n\n"
        );
    }

    #[test]
    fn more_than_four_properties_make_a_list() {
        let text = format_default(&[obj(&[
            ("a", Value::Int(1)),
            ("bb", Value::Int(2)),
            ("c", Value::Int(3)),
            ("d", Value::Int(4)),
            ("e", Value::Int(5)),
        ])]);
        assert_eq!(text, "\na  : 1\nbb : 2\nc  : 3\nd  : 4\ne  : 5\n\n");
    }

    #[test]
    fn scalars_print_out_of_band_inside_a_table() {
        let text = format_default(&[
            obj(&[("a", Value::Int(1))]),
            Value::str("x"),
            obj(&[("a", Value::Int(2))]),
        ]);
        assert_eq!(text, "\na\n-\n1\nx\n2\n\n");
    }

    #[test]
    fn cells_truncate_with_ellipsis() {
        assert_eq!(fit_cell("abcdef", 4, Align::Left, true), "abc…");
        assert_eq!(fit_cell("abcdef", 4, Align::Right, true), "…def");
        assert_eq!(
            cell_text(&Value::from(vec![Value::Int(1); 6])),
            "{1, 1, 1, 1…}"
        );
    }

    #[test]
    fn widths_fill_the_line_for_unsized_columns() {
        let mut w = vec![15, 0, 10];
        fit_widths(&mut w, 120);
        assert_eq!(w, vec![15, 93, 10]);
        let mut w = vec![100, 50];
        fit_widths(&mut w, 120);
        assert_eq!(w, vec![100, 19]);
    }
}
