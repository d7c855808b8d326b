//! The .NET enums scripts meet (`[ConsoleColor]`, `[DayOfWeek]`, `ActionPreference`, ...): a
//! value is a number of an enum type, shown by its member name.

/// An enum type: its full name, members and whether it is a `[Flags]` enum.
#[derive(Debug)]
pub struct EnumType {
    /// The .NET full name.
    pub full_name: &'static str,
    /// Members in declaration order.
    pub members: &'static [(&'static str, i64)],
    /// Whether values combine as bit flags (`ReadOnly, Hidden`).
    pub flags: bool,
}

/// Which enum type a value has: an index into [`ENUMS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumId(u8);

/// A value of an enum type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumValue {
    /// Its type.
    pub id: EnumId,
    /// Its number.
    pub value: i64,
}

const fn e(
    full_name: &'static str,
    members: &'static [(&'static str, i64)],
    flags: bool,
) -> EnumType {
    EnumType {
        full_name,
        members,
        flags,
    }
}

/// The known enums.
pub static ENUMS: &[EnumType] = &[
    e(
        "System.DayOfWeek",
        &[
            ("Sunday", 0),
            ("Monday", 1),
            ("Tuesday", 2),
            ("Wednesday", 3),
            ("Thursday", 4),
            ("Friday", 5),
            ("Saturday", 6),
        ],
        false,
    ),
    e(
        "System.DateTimeKind",
        &[("Unspecified", 0), ("Utc", 1), ("Local", 2)],
        false,
    ),
    e(
        "System.ConsoleColor",
        &[
            ("Black", 0),
            ("DarkBlue", 1),
            ("DarkGreen", 2),
            ("DarkCyan", 3),
            ("DarkRed", 4),
            ("DarkMagenta", 5),
            ("DarkYellow", 6),
            ("Gray", 7),
            ("DarkGray", 8),
            ("Blue", 9),
            ("Green", 10),
            ("Cyan", 11),
            ("Red", 12),
            ("Magenta", 13),
            ("Yellow", 14),
            ("White", 15),
        ],
        false,
    ),
    e(
        "System.Management.Automation.ActionPreference",
        &[
            ("SilentlyContinue", 0),
            ("Stop", 1),
            ("Continue", 2),
            ("Inquire", 3),
            ("Ignore", 4),
            ("Suspend", 5),
            ("Break", 6),
        ],
        false,
    ),
    e(
        "System.Management.Automation.PSLanguageMode",
        &[
            ("FullLanguage", 0),
            ("RestrictedLanguage", 1),
            ("NoLanguage", 2),
            ("ConstrainedLanguage", 3),
        ],
        false,
    ),
    e(
        "System.StringSplitOptions",
        &[("None", 0), ("RemoveEmptyEntries", 1), ("TrimEntries", 2)],
        true,
    ),
    e(
        "System.StringComparison",
        &[
            ("CurrentCulture", 0),
            ("CurrentCultureIgnoreCase", 1),
            ("InvariantCulture", 2),
            ("InvariantCultureIgnoreCase", 3),
            ("Ordinal", 4),
            ("OrdinalIgnoreCase", 5),
        ],
        false,
    ),
    e(
        "System.MidpointRounding",
        &[
            ("ToEven", 0),
            ("AwayFromZero", 1),
            ("ToZero", 2),
            ("ToNegativeInfinity", 3),
            ("ToPositiveInfinity", 4),
        ],
        false,
    ),
    e(
        "System.IO.SearchOption",
        &[("TopDirectoryOnly", 0), ("AllDirectories", 1)],
        false,
    ),
    e(
        "System.EnvironmentVariableTarget",
        &[("Process", 0), ("User", 1), ("Machine", 2)],
        false,
    ),
    e(
        "System.Environment+SpecialFolder",
        &[
            ("Desktop", 0),
            ("Programs", 2),
            ("MyDocuments", 5),
            ("Personal", 5),
            ("Favorites", 6),
            ("Startup", 7),
            ("Recent", 8),
            ("SendTo", 9),
            ("StartMenu", 11),
            ("MyMusic", 13),
            ("MyVideos", 14),
            ("DesktopDirectory", 16),
            ("MyComputer", 17),
            ("NetworkShortcuts", 19),
            ("Fonts", 20),
            ("Templates", 21),
            ("CommonStartMenu", 22),
            ("CommonPrograms", 23),
            ("CommonStartup", 24),
            ("CommonDesktopDirectory", 25),
            ("ApplicationData", 26),
            ("PrinterShortcuts", 27),
            ("LocalApplicationData", 28),
            ("InternetCache", 32),
            ("Cookies", 33),
            ("History", 34),
            ("CommonApplicationData", 35),
            ("Windows", 36),
            ("System", 37),
            ("ProgramFiles", 38),
            ("MyPictures", 39),
            ("UserProfile", 40),
            ("SystemX86", 41),
            ("ProgramFilesX86", 42),
            ("CommonProgramFiles", 43),
            ("CommonProgramFilesX86", 44),
            ("CommonTemplates", 45),
            ("CommonDocuments", 46),
            ("CommonAdminTools", 47),
            ("AdminTools", 48),
            ("CommonMusic", 53),
            ("CommonPictures", 54),
            ("CommonVideos", 55),
            ("Resources", 56),
            ("LocalizedResources", 57),
            ("CommonOemLinks", 58),
            ("CDBurning", 59),
        ],
        false,
    ),
    e(
        "System.Environment+SpecialFolderOption",
        &[("None", 0), ("Create", 16384), ("DoNotVerify", 4096)],
        false,
    ),
    e(
        "System.Text.RegularExpressions.RegexOptions",
        &[
            ("None", 0),
            ("IgnoreCase", 1),
            ("Multiline", 2),
            ("ExplicitCapture", 4),
            ("Compiled", 8),
            ("Singleline", 16),
            ("IgnorePatternWhitespace", 32),
            ("RightToLeft", 64),
            ("ECMAScript", 256),
            ("CultureInvariant", 512),
            ("NonBacktracking", 1024),
        ],
        true,
    ),
    e(
        "System.IO.FileAttributes",
        &[
            ("ReadOnly", 1),
            ("Hidden", 2),
            ("System", 4),
            ("Directory", 16),
            ("Archive", 32),
            ("Device", 64),
            ("Normal", 128),
            ("Temporary", 256),
            ("SparseFile", 512),
            ("ReparsePoint", 1024),
            ("Compressed", 2048),
            ("Offline", 4096),
            ("NotContentIndexed", 8192),
            ("Encrypted", 16384),
        ],
        true,
    ),
    e(
        "System.Management.Automation.ErrorCategory",
        &[
            ("NotSpecified", 0),
            ("OpenError", 1),
            ("CloseError", 2),
            ("DeviceError", 3),
            ("DeadlockDetected", 4),
            ("InvalidArgument", 5),
            ("InvalidData", 6),
            ("InvalidOperation", 7),
            ("InvalidResult", 8),
            ("InvalidType", 9),
            ("MetadataError", 10),
            ("NotImplemented", 11),
            ("NotInstalled", 12),
            ("ObjectNotFound", 13),
            ("OperationStopped", 14),
            ("OperationTimeout", 15),
            ("SyntaxError", 16),
            ("ParserError", 17),
            ("PermissionDenied", 18),
            ("ResourceBusy", 19),
            ("ResourceExists", 20),
            ("ResourceUnavailable", 21),
            ("ReadError", 22),
            ("WriteError", 23),
            ("FromStdErr", 24),
            ("SecurityError", 25),
            ("ProtocolError", 26),
            ("ConnectionError", 27),
            ("AuthenticationError", 28),
            ("LimitsExceeded", 29),
            ("QuotaExceeded", 30),
            ("NotEnabled", 31),
        ],
        false,
    ),
    e(
        "System.Diagnostics.ProcessPriorityClass",
        &[
            ("Normal", 32),
            ("Idle", 64),
            ("High", 128),
            ("RealTime", 256),
            ("BelowNormal", 16384),
            ("AboveNormal", 32768),
        ],
        false,
    ),
];

impl EnumId {
    /// The enum with a full name (case-insensitive; `System.` may be omitted).
    pub fn find(name: &str) -> Option<EnumId> {
        let lower = name.to_ascii_lowercase();
        let bare = lower.strip_prefix("system.").unwrap_or(&lower);
        ENUMS
            .iter()
            .position(|t| {
                let full = t.full_name.to_ascii_lowercase();
                full == lower
                    || full.strip_prefix("system.") == Some(bare)
                    // PowerShell resolves `ActionPreference` without its namespace too.
                    || full.strip_prefix("system.management.automation.") == Some(bare)
            })
            .and_then(|i| u8::try_from(i).ok())
            .map(EnumId)
    }

    /// The enum with a full name, which must be in [`ENUMS`].
    pub fn named(full_name: &str) -> EnumId {
        EnumId::find(full_name).unwrap_or(EnumId(0))
    }

    /// Its definition.
    pub fn ty(self) -> &'static EnumType {
        &ENUMS[usize::from(self.0)]
    }

    /// The member names, joined as .NET lists them in conversion errors.
    pub fn names(self) -> String {
        self.ty()
            .members
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parse a member name (case-insensitive), a comma-separated list for a flags enum, or a
    /// number.
    pub fn parse(self, text: &str) -> Option<EnumValue> {
        let t = self.ty();
        let mut total = 0i64;
        for part in text.split(',') {
            let p = part.trim();
            if let Ok(n) = p.parse::<i64>() {
                total |= n;
                continue;
            }
            let (_, v) = t.members.iter().find(|(n, _)| n.eq_ignore_ascii_case(p))?;
            if !t.flags && text.contains(',') {
                return None;
            }
            total |= v;
        }
        Some(EnumValue {
            id: self,
            value: total,
        })
    }
}

impl EnumValue {
    /// A value of an enum.
    pub fn new(id: EnumId, value: i64) -> EnumValue {
        EnumValue { id, value }
    }

    /// Its text: the member's name, `A, B` for combined flags, or the number.
    pub fn name(&self) -> String {
        let t = self.id.ty();
        if let Some((n, _)) = t.members.iter().find(|(_, v)| *v == self.value) {
            return (*n).to_string();
        }
        if t.flags && self.value > 0 {
            let mut rest = self.value;
            let mut names = Vec::new();
            for (n, v) in t.members.iter().rev() {
                if *v != 0 && rest & v == *v {
                    names.push(*n);
                    rest &= !v;
                }
            }
            if rest == 0 {
                names.reverse();
                return names.join(", ");
            }
        }
        self.value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_parsing() {
        let dow = EnumId::find("DayOfWeek").unwrap();
        assert_eq!(dow.parse("friday").unwrap().value, 5);
        assert_eq!(EnumValue::new(dow, 1).name(), "Monday");
        assert_eq!(EnumValue::new(dow, 9).name(), "9");
        let attrs = EnumId::find("System.IO.FileAttributes").unwrap();
        let v = attrs.parse("ReadOnly, Hidden").unwrap();
        assert_eq!(v.value, 3);
        assert_eq!(v.name(), "ReadOnly, Hidden");
        assert!(dow.parse("Funday").is_none());
        assert!(EnumId::find("ActionPreference").is_some());
    }
}
