//! Format views: how Out-Default and Format-Table show objects of a known type, as
//! PowerShell's format data (`*.format.ps1xml`) does. A type without a view is shown by the
//! generic rule in [`crate::output`]: up to four properties as a table, more as a list.

use crate::value::Value;

/// How a column's cell is computed from the object.
#[derive(Clone, Copy)]
pub enum Cell {
    /// The value of a property.
    Property(&'static str),
    /// Text computed from the whole object (PowerShell's script-block columns).
    Computed(fn(&Value) -> String),
}

/// Alignment of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Pad on the right.
    Left,
    /// Pad on the left (numbers).
    Right,
}

/// One column of a table view.
#[derive(Clone, Copy)]
pub struct Column {
    /// The header.
    pub label: &'static str,
    /// Where the cell comes from.
    pub cell: Cell,
    /// Its alignment.
    pub align: Align,
}

/// A table view for a type.
pub struct TableView {
    /// The type name it applies to (the first matching entry of `.psobject.TypeNames`).
    pub type_name: &'static str,
    /// The columns, left to right.
    pub columns: &'static [Column],
    /// Objects are grouped under a heading when this computes a different text (the
    /// `Directory: /path` heading of Get-ChildItem).
    pub group_by: Option<fn(&Value) -> String>,
}

impl Column {
    /// A left-aligned column showing a property.
    pub const fn property(label: &'static str) -> Column {
        Column {
            label,
            cell: Cell::Property(label),
            align: Align::Left,
        }
    }
}

const PATH_INFO: TableView = TableView {
    type_name: "System.Management.Automation.PathInfo",
    columns: &[Column::property("Path")],
    group_by: None,
};

/// A property's text, padded to a fixed column width as PowerShell's fixed-width columns are.
fn padded(v: &Value, name: &str, width: usize, align: Align) -> String {
    let text = crate::convert::to_str(&property(v, name));
    match align {
        Align::Left => format!("{text:<width$}"),
        Align::Right => format!("{text:>width$}"),
    }
}

/// `Name`, or `Name -> target` for a symbolic link (PowerShell's `NameString`).
fn fs_name(v: &Value) -> String {
    let name = crate::convert::to_str(&property(v, "Name"));
    match property(v, "LinkTarget") {
        Value::Null => name,
        target => format!("{name} -> {}", crate::convert::to_str(&target)),
    }
}

/// The `LastWriteTime` column (`{0:d} {0:HH}:{0:mm}`).
fn fs_last_write(v: &Value) -> String {
    use crate::value::datetime_format::{INVARIANT, format_datetime};
    let text = match property(v, "LastWriteTime") {
        Value::DateTime(d) => format!(
            "{} {}",
            format_datetime(d, "d", &INVARIANT).unwrap_or_default(),
            format_datetime(d, "HH:mm", &INVARIANT).unwrap_or_default()
        ),
        _ => String::new(),
    };
    format!("{text:>16}")
}

/// The `    Directory: /path` heading of file system items.
fn fs_directory(v: &Value) -> String {
    let parent = crate::convert::to_str(&property(v, "PSParentPath"));
    let path = parent
        .strip_prefix("Microsoft.PowerShell.Core\\FileSystem::")
        .unwrap_or(&parent);
    format!("    Directory: {path}")
}

/// Get-ChildItem's view on Unix (`childrenWithUnixStat`): fixed widths for all columns but
/// the name.
const FILE_SYSTEM_INFO: TableView = TableView {
    type_name: "System.IO.FileSystemInfo",
    columns: &[
        Column {
            label: "UnixMode",
            cell: Cell::Computed(|v| padded(v, "UnixMode", 10, Align::Left)),
            align: Align::Left,
        },
        Column {
            label: "User",
            cell: Cell::Computed(|v| padded(v, "User", 10, Align::Right)),
            align: Align::Right,
        },
        Column {
            label: "Group",
            cell: Cell::Computed(|v| padded(v, "Group", 10, Align::Left)),
            align: Align::Left,
        },
        Column {
            label: "LastWriteTime",
            cell: Cell::Computed(fs_last_write),
            align: Align::Right,
        },
        Column {
            label: "Size",
            cell: Cell::Computed(|v| padded(v, "Size", 12, Align::Right)),
            align: Align::Right,
        },
        Column {
            label: "Name",
            cell: Cell::Computed(fs_name),
            align: Align::Left,
        },
    ],
    group_by: Some(fs_directory),
};

/// The built-in table views.
static TABLE_VIEWS: &[&TableView] = &[&PATH_INFO, &FILE_SYSTEM_INFO];

/// The table view for a value, found by its type names, most derived first.
pub fn table_view(v: &Value) -> Option<&'static TableView> {
    let Value::Object(o) = v else { return None };
    o.type_names().iter().find_map(|t| {
        TABLE_VIEWS
            .iter()
            .copied()
            .find(|view| view.type_name.eq_ignore_ascii_case(t))
    })
}

/// A property's value for a view cell (`$null` when the object has no such property).
pub fn property(v: &Value, name: &str) -> Value {
    match v {
        Value::Object(o) => o.get(name).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
