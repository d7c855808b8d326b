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
    /// Pad on both sides.
    Center,
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
    /// Its width in characters; 0 lets the table size it (from the data, or from the room
    /// left on the line when other columns have widths).
    pub width: usize,
}

/// A table view for a type.
pub struct TableView {
    /// The type name it applies to (the first matching entry of `.psobject.TypeNames`).
    pub type_name: &'static str,
    /// The columns, left to right.
    pub columns: &'static [Column],
    /// Objects are grouped under a heading when this computes a different text (the
    /// `Directory: /path` heading of Get-ChildItem). The text is the whole heading line.
    pub group_by: Option<fn(&Value) -> String>,
}

impl Column {
    /// A left-aligned column showing a property, sized by the table.
    pub const fn property(label: &'static str) -> Column {
        Column {
            label,
            cell: Cell::Property(label),
            align: Align::Left,
            width: 0,
        }
    }

    /// A left-aligned column computed from the object, sized by the table.
    pub const fn computed(label: &'static str, f: fn(&Value) -> String) -> Column {
        Column {
            label,
            cell: Cell::Computed(f),
            align: Align::Left,
            width: 0,
        }
    }

    /// The same column with a fixed width.
    pub const fn width(mut self, width: usize) -> Column {
        self.width = width;
        self
    }

    /// The same column aligned right.
    pub const fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }
}

/// The types PowerShell shows with a custom control: each object as the text its
/// default view holds (`PsObject::default_view`), the run framed by blank lines.
const CUSTOM_CONTROL_TYPES: &[&str] = &["Microsoft.PowerShell.Commands.MatchInfo"];

/// Whether an object is shown by a custom control (see [`CUSTOM_CONTROL_TYPES`]).
pub fn is_custom_control(v: &Value) -> bool {
    match v {
        Value::Object(o) => o
            .type_names()
            .first()
            .is_some_and(|t| CUSTOM_CONTROL_TYPES.contains(&t.as_str())),
        _ => false,
    }
}

const PATH_INFO: TableView = TableView {
    type_name: "System.Management.Automation.PathInfo",
    columns: &[Column::property("Path")],
    group_by: None,
};

/// Hashtables are shown as their entries, in PowerShell's `Dictionary` view.
const DICTIONARY_ENTRY: TableView = TableView {
    type_name: "System.Collections.DictionaryEntry",
    columns: &[
        Column::property("Name").width(30),
        Column::property("Value"),
    ],
    group_by: None,
};

const PS_VARIABLE: TableView = TableView {
    type_name: "System.Management.Automation.PSVariable",
    columns: &[
        Column::property("Name").width(30),
        Column::property("Value"),
    ],
    group_by: None,
};

/// Group-Object's output.
const GROUP_INFO: TableView = TableView {
    type_name: "Microsoft.PowerShell.Commands.GroupInfo",
    columns: &[
        Column::property("Count").width(5).right(),
        Column::property("Name").width(25),
        Column::property("Group"),
    ],
    group_by: None,
};

/// PSSessions, as PowerShell's format data shows them.
const PS_SESSION: TableView = TableView {
    type_name: "System.Management.Automation.Runspaces.PSSession",
    columns: &[
        Column::property("Id").width(3).right(),
        Column::property("Name").width(15),
        Column::property("Transport").width(9),
        Column::property("ComputerName").width(15),
        Column::property("ComputerType").width(15),
        Column::property("State").width(13),
        Column::property("ConfigurationName").width(20),
        Column::property("Availability").width(13).right(),
    ],
    group_by: None,
};

/// Jobs (Start-Job, Invoke-Command -AsJob), as PowerShell's format data shows them.
const JOB: TableView = TableView {
    type_name: "System.Management.Automation.Job",
    columns: &[
        Column::property("Id").width(6),
        Column::property("Name").width(15),
        Column::property("PSJobTypeName").width(15),
        Column::property("State").width(13),
        Column::property("HasMoreData").width(15),
        Column::property("Location").width(20),
        Column::property("Command"),
    ],
    group_by: None,
};

/// `[version]` values: fixed widths, left-aligned.
const VERSION: TableView = TableView {
    type_name: "System.Version",
    columns: &[
        Column::property("Major").width(6),
        Column::property("Minor").width(6),
        Column::property("Build").width(6),
        Column::property("Revision").width(8),
    ],
    group_by: None,
};

/// `$PSVersionTable.PSVersion`.
const SEMANTIC_VERSION: TableView = TableView {
    type_name: "System.Management.Automation.SemanticVersion",
    columns: &[
        Column::property("Major").width(6),
        Column::property("Minor").width(6),
        Column::property("Patch").width(6),
        Column::property("PreReleaseLabel").width(15),
        Column::property("BuildLabel").width(11),
    ],
    group_by: None,
};

fn member_type_name(v: &Value) -> String {
    format!(
        "   TypeName: {}",
        crate::convert::to_str(&property(v, "TypeName"))
    )
}

/// Get-Member's output, grouped by type.
const MEMBER_DEFINITION: TableView = TableView {
    type_name: "Microsoft.PowerShell.Commands.MemberDefinition",
    columns: &[
        Column::property("Name"),
        Column::property("MemberType"),
        Column::property("Definition"),
    ],
    group_by: Some(member_type_name),
};

fn command_name(v: &Value) -> String {
    let is_alias = crate::convert::to_str(&property(v, "CommandType")) == "Alias";
    let name = if is_alias { "DisplayName" } else { "Name" };
    crate::convert::to_str(&property(v, name))
}

/// Get-Command and Get-Alias output: aliases, cmdlets, functions and programs share the
/// view of their base type.
const COMMAND_INFO: TableView = TableView {
    type_name: "System.Management.Automation.CommandInfo",
    columns: &[
        Column::property("CommandType").width(15),
        Column::computed("Name", command_name).width(50),
        Column::property("Version").width(10),
        Column::property("Source"),
    ],
    group_by: None,
};

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
    match property(v, "LastWriteTime") {
        Value::DateTime(d) => format!(
            "{} {}",
            format_datetime(d, "d", &INVARIANT).unwrap_or_default(),
            format_datetime(d, "HH:mm", &INVARIANT).unwrap_or_default()
        ),
        _ => String::new(),
    }
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
        Column::property("UnixMode").width(10),
        Column::property("User").width(10).right(),
        Column::property("Group").width(10),
        Column::computed("LastWriteTime", fs_last_write)
            .width(16)
            .right(),
        Column::property("Size").width(12).right(),
        Column::computed("Name", fs_name),
    ],
    group_by: Some(fs_directory),
};

/// Get-Help's listings (`Get-Help about_*`).
const HELP_INFO_SHORT: TableView = TableView {
    type_name: "HelpInfoShort",
    columns: &[
        Column::property("Name").width(33),
        Column::property("Category").width(9),
        Column {
            label: "Module",
            cell: Cell::Property("ModuleName"),
            align: Align::Left,
            width: 25,
        },
        Column::property("Synopsis"),
    ],
    group_by: None,
};

/// A number of bytes as PowerShell's process view shows it:
/// `"{0:N2}" -f [float]($_.WS / 1MB)`.
fn megabytes(v: &Value, name: &str) -> String {
    let bytes = crate::convert::as_f64(&property(v, name)).unwrap_or(0.0);
    two_places(bytes / 1_048_576.0)
}

/// `"{0:N2}" -f [float]$x`: single precision, two decimals, thousands grouped.
fn two_places(x: f64) -> String {
    let single = f64::from(x as f32);
    crate::format::format_value(&Value::Double(single), Some("N2")).unwrap_or_default()
}

fn process_npm(v: &Value) -> String {
    let bytes = crate::convert::as_f64(&property(v, "NonpagedSystemMemorySize64")).unwrap_or(0.0);
    format!("{}", (bytes / 1024.0).round_ties_even() as i64)
}

fn process_pm(v: &Value) -> String {
    megabytes(v, "PagedMemorySize64")
}

fn process_ws(v: &Value) -> String {
    megabytes(v, "WorkingSet64")
}

fn process_cpu(v: &Value) -> String {
    two_places(crate::convert::as_f64(&property(v, "CPU")).unwrap_or(0.0))
}

/// Get-Process's view (`process`).
const PROCESS: TableView = TableView {
    type_name: "System.Diagnostics.Process",
    columns: &[
        Column::computed("NPM(K)", process_npm).width(7).right(),
        Column::computed("PM(M)", process_pm).width(8).right(),
        Column::computed("WS(M)", process_ws).width(10).right(),
        Column::computed("CPU(s)", process_cpu).width(10).right(),
        Column::property("Id").width(7).right(),
        Column {
            label: "SI",
            cell: Cell::Property("SessionId"),
            align: Align::Right,
            width: 3,
        },
        Column::property("ProcessName"),
    ],
    group_by: None,
};

/// The built-in table views.
static TABLE_VIEWS: &[&TableView] = &[
    &PATH_INFO,
    &DICTIONARY_ENTRY,
    &PS_VARIABLE,
    &GROUP_INFO,
    &VERSION,
    &SEMANTIC_VERSION,
    &MEMBER_DEFINITION,
    &COMMAND_INFO,
    &FILE_SYSTEM_INFO,
    &PS_SESSION,
    &JOB,
    &HELP_INFO_SHORT,
    &PROCESS,
];

/// A type name without the `Deserialized.` prefix: a deserialized object is formatted with
/// its original type's view, as PowerShell does.
fn original(type_name: &str) -> &str {
    type_name.strip_prefix("Deserialized.").unwrap_or(type_name)
}

/// Every table view rosh has, for Get-FormatData.
pub fn all_table_views() -> &'static [&'static TableView] {
    TABLE_VIEWS
}

/// The table view for a value, found by its type names, most derived first.
pub fn table_view(v: &Value) -> Option<&'static TableView> {
    let Value::Object(o) = v else { return None };
    o.type_names().iter().find_map(|t| {
        TABLE_VIEWS
            .iter()
            .copied()
            .find(|view| view.type_name.eq_ignore_ascii_case(original(t)))
    })
}

/// True when a value's type names include the view's type.
pub fn applies(view: &TableView, v: &Value) -> bool {
    let Value::Object(o) = v else { return false };
    o.type_names()
        .iter()
        .any(|t| view.type_name.eq_ignore_ascii_case(original(t)))
}

/// The properties a list view shows for a type, when it has one (`Format-List` of a
/// hashtable's entries shows their Name and Value).
pub fn list_view(v: &Value) -> Option<&'static [&'static str]> {
    let Value::Object(o) = v else { return None };
    let names = o.type_names();
    if names
        .iter()
        .any(|t| original(t) == "System.Collections.DictionaryEntry")
    {
        return Some(&["Name", "Value"]);
    }
    // Get-PSSessionConfiguration's objects.
    if names.first().is_some_and(|t| {
        original(t)
            == "Microsoft.PowerShell.Commands.PSSessionConfigurationCommands#PSSessionConfiguration"
    }) {
        return Some(&[
            "Name",
            "PSVersion",
            "StartupScript",
            "RunAsUser",
            "Permission",
        ]);
    }
    // A process's DefaultDisplayPropertySet.
    if names
        .first()
        .is_some_and(|t| original(t) == "System.Diagnostics.Process")
    {
        return Some(&["Id", "Handles", "CPU", "SI", "Name"]);
    }
    None
}

/// A property's value for a view cell (`$null` when the object has no such property).
pub fn property(v: &Value, name: &str) -> Value {
    match v {
        Value::Object(o) => o.get(name).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
