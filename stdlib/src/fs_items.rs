//! The file system as the location and item commands see it: `System.IO.FileInfo` and
//! `DirectoryInfo` objects, paths given to `-Path` (wildcards expanded one segment at a time)
//! or `-LiteralPath`, directory listings in PowerShell's order, and the errors those commands
//! share.

use crate::util::items;
use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord, InvocationInfo};
use rosh_runtime::value::{PsDateTime, PsObject, Value};
use rosh_runtime::{Flow, Runspace};
use std::fs::Metadata;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The provider qualifier of `PSPath` and `PSParentPath`.
pub(crate) const PROVIDER: &str = "Microsoft.PowerShell.Core\\FileSystem";

/// A path as a command was given it: from `-Path` (wildcards expand) or `-LiteralPath`.
#[derive(Clone, Debug)]
pub(crate) struct PathArg {
    /// The text as written (with any provider qualifier removed).
    pub text: String,
    /// True for `-LiteralPath` and for items piped in.
    pub literal: bool,
}

/// The text without a `Microsoft.PowerShell.Core\FileSystem::` (or `FileSystem::`) qualifier.
pub(crate) fn strip_provider(text: &str) -> &str {
    for prefix in ["Microsoft.PowerShell.Core\\FileSystem::", "FileSystem::"] {
        if text.len() >= prefix.len()
            && text.is_char_boundary(prefix.len())
            && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return &text[prefix.len()..];
        }
    }
    text
}

/// The path a piped value stands for: an item's full path (taken literally, as PowerShell
/// binds `PSPath` to `-LiteralPath`), or the text of anything else (which may hold wildcards).
pub(crate) fn piped_path(v: &Value) -> PathArg {
    if let Value::Object(o) = v {
        for name in ["PSPath", "FullName", "Path"] {
            if let Some(p) = o.get(name).filter(|p| !p.is_null()) {
                return PathArg {
                    text: strip_provider(&to_str(&p)).to_string(),
                    literal: name != "Path",
                };
            }
        }
    }
    PathArg {
        text: strip_provider(&to_str(v)).to_string(),
        literal: false,
    }
}

/// The paths of one call: the piped object when there is one, else `-Path` and
/// `-LiteralPath` (or `default` when neither is given).
pub(crate) fn path_args(
    args: &BoundArgs,
    input: Option<&Value>,
    path_param: &str,
    default: Option<&str>,
) -> Vec<PathArg> {
    if let Some(v) = input {
        return items(Some(v)).iter().map(piped_path).collect();
    }
    let mut out: Vec<PathArg> = items(args.get(path_param))
        .iter()
        .map(|v| match v {
            Value::Object(_) => piped_path(v),
            other => PathArg {
                text: strip_provider(&to_str(other)).to_string(),
                literal: false,
            },
        })
        .collect();
    out.extend(items(args.get("LiteralPath")).iter().map(|v| {
        let mut p = piped_path(v);
        p.literal = true;
        p
    }));
    if out.is_empty()
        && let Some(d) = default
    {
        out.push(PathArg {
            text: d.to_string(),
            literal: false,
        });
    }
    out
}

/// True when the text has PowerShell wildcard characters (`*`, `?`, `[`) not escaped by a
/// backtick.
pub(crate) fn has_wildcard(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                chars.next();
            }
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// The text with wildcard escapes (a backtick before a character) removed.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '`' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What a path argument resolved to.
pub(crate) enum Resolved {
    /// Existing items (none when a wildcard matched nothing).
    Found(Vec<PathBuf>),
    /// A path without wildcards that names nothing (absolute).
    Missing(PathBuf),
}

/// True when something (even a dangling symbolic link) is at `path`.
pub(crate) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Resolve a path argument against the runspace's location: a literal path names one item,
/// a wildcard path the items matching it segment by segment (hidden items only with `force`).
pub(crate) fn resolve(rs: &Runspace, arg: &PathArg, force: bool) -> Resolved {
    if arg.literal || !has_wildcard(&arg.text) {
        let text = if arg.literal {
            arg.text.clone()
        } else {
            unescape(&arg.text)
        };
        let p = rs.resolve_path(&text);
        return if exists(&p) {
            Resolved::Found(vec![p])
        } else {
            Resolved::Missing(p)
        };
    }
    Resolved::Found(glob(rs, &arg.text, force))
}

/// Expand a wildcard path one segment at a time, in PowerShell's listing order.
pub(crate) fn glob(rs: &Runspace, pattern: &str, force: bool) -> Vec<PathBuf> {
    let absolute = rs.resolve_path(pattern);
    let mut current = vec![PathBuf::from("/")];
    for segment in absolute
        .components()
        .skip(1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
    {
        let mut next = Vec::new();
        if has_wildcard(&segment) {
            let Some(re) = rosh_runtime::ops::wildcard_regex(&segment, false) else {
                return vec![];
            };
            for dir in &current {
                let mut matched: Vec<Entry> = list_dir(dir)
                    .into_iter()
                    .filter(|e| (force || !e.hidden()) && re.is_match(&e.name))
                    .collect();
                sort_entries(&mut matched);
                next.extend(matched.into_iter().map(|e| e.path));
            }
        } else {
            let segment = unescape(&segment);
            for dir in &current {
                let p = dir.join(&segment);
                if exists(&p) {
                    next.push(p);
                }
            }
        }
        current = next;
        if current.is_empty() {
            break;
        }
    }
    current
}

/// One directory entry.
pub(crate) struct Entry {
    /// Its name.
    pub name: String,
    /// Its full path.
    pub path: PathBuf,
    /// True for a directory (or a link to one).
    pub is_dir: bool,
}

impl Entry {
    /// Hidden, as .NET sees it on Unix: the name starts with a dot.
    pub fn hidden(&self) -> bool {
        self.name.starts_with('.')
    }
}

/// The entries of a directory, unsorted (nothing when it cannot be read).
pub(crate) fn list_dir(dir: &Path) -> Vec<Entry> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return vec![];
    };
    rd.filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            Entry {
                name: e.file_name().to_string_lossy().into_owned(),
                is_dir: path.is_dir(),
                path,
            }
        })
        .collect()
}

/// Sort entries as Get-ChildItem lists them: directories first, then files, each by name
/// ignoring case.
pub(crate) fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| compare_names(&a.name, &b.name))
    });
}

/// Names compared ignoring case, then ordinally.
pub(crate) fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// The `PathNotFound` error PowerShell's item commands write for a path that names nothing.
pub(crate) fn not_found(command_class: &str, path: &Path) -> ErrorRecord {
    let p = path.to_string_lossy().into_owned();
    ErrorRecord::new(
        format!("PathNotFound,Microsoft.PowerShell.Commands.{command_class}"),
        ErrorCategory::ObjectNotFound,
        format!("Cannot find path '{p}' because it does not exist."),
    )
    .with_exception("System.Management.Automation.ItemNotFoundException")
    .with_target(Value::from(p))
}

/// An error record for a command's I/O failure.
pub(crate) fn io_error(
    id: &str,
    command_class: &str,
    category: ErrorCategory,
    message: String,
    target: &Path,
) -> ErrorRecord {
    ErrorRecord::new(
        format!("{id},Microsoft.PowerShell.Commands.{command_class}"),
        category,
        message,
    )
    .with_exception("System.IO.IOException")
    .with_target(Value::from(target.to_string_lossy().into_owned()))
}

/// A terminating error raised by the command `command` (shown as `Command: message`).
pub(crate) fn terminating(command: &str, mut e: ErrorRecord) -> Flow {
    e.invocation = Some(InvocationInfo {
        command_name: Some(command.to_string()),
        ..InvocationInfo::default()
    });
    Flow::Error(Box::new(e))
}

/// .NET's message for an I/O error on `path`.
pub(crate) fn io_message(e: &std::io::Error, path: &Path) -> String {
    let p = path.display();
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("Could not find a part of the path '{p}'."),
        std::io::ErrorKind::PermissionDenied => format!("Access to the path '{p}' is denied."),
        std::io::ErrorKind::AlreadyExists => format!("The file '{p}' already exists."),
        _ => format!("{e} : '{p}'"),
    }
}

/// `PSPath`-style text for a path.
pub(crate) fn ps_path(path: &Path) -> String {
    format!("{PROVIDER}::{}", path.display())
}

/// The parent of a path (`/` for top-level items, empty for the root).
pub(crate) fn parent_of(path: &Path) -> Option<PathBuf> {
    path.parent().map(Path::to_path_buf)
}

/// The item at `path` as a `FileInfo` or `DirectoryInfo` object, or `None` when nothing is
/// there.
pub(crate) fn item(path: &Path) -> Option<Value> {
    let link = std::fs::symlink_metadata(path).ok()?;
    let target = std::fs::metadata(path).ok();
    Some(build(path, &link, target.as_ref(), true))
}

/// The item at `path`, built as a `DirectoryInfo` even when nothing is there (`Directory`
/// and `Parent` properties of items).
fn directory_info(path: &Path) -> Value {
    match std::fs::symlink_metadata(path) {
        Ok(link) => {
            let target = std::fs::metadata(path).ok();
            build(path, &link, target.as_ref(), false)
        }
        Err(_) => Value::from(path.to_string_lossy().into_owned()),
    }
}

/// The last segment of a path (the path itself for the root).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// The extension of a name as .NET gives it (`.gz` for `a.tar.gz`, `.bashrc` for `.bashrc`,
/// empty for `a.`).
fn extension(name: &str) -> String {
    match name.rfind('.') {
        Some(i) if i + 1 < name.len() => name[i..].to_string(),
        _ => String::new(),
    }
}

fn build(path: &Path, link: &Metadata, target: Option<&Metadata>, with_parent: bool) -> Value {
    let is_link = link.file_type().is_symlink();
    let meta = target.unwrap_or(link);
    let is_dir = meta.is_dir();
    let name = file_name(path);
    let full = path.to_string_lossy().into_owned();
    let ext = extension(&name);
    let hidden = name.starts_with('.');
    let read_only = is_read_only(link);
    let type_names: Vec<String> = if is_dir {
        vec!["System.IO.DirectoryInfo".into()]
    } else {
        vec!["System.IO.FileInfo".into()]
    };
    let mut type_names = type_names;
    type_names.extend([
        "System.IO.FileSystemInfo".to_string(),
        "System.MarshalByRefObject".to_string(),
        "System.Object".to_string(),
    ]);
    let o = PsObject::with_type_names(type_names);
    let parent = parent_of(path);
    o.set("PSPath", Value::from(ps_path(path)));
    o.set(
        "PSParentPath",
        Value::from(parent.as_deref().map(ps_path).unwrap_or_default()),
    );
    o.set("PSChildName", Value::from(name.clone()));
    o.set("PSDrive", Value::str("/"));
    o.set("PSProvider", Value::str(PROVIDER));
    o.set("PSIsContainer", Value::Bool(is_dir));
    let hard_link = !is_dir && link.nlink() > 1;
    o.set(
        "Mode",
        Value::from(mode(is_dir, is_link || hard_link, read_only, hidden)),
    );
    o.set(
        "ModeWithoutHardLink",
        Value::from(mode(is_dir, is_link, read_only, hidden)),
    );
    let base = if is_dir || ext.is_empty() {
        name.clone()
    } else {
        name[..name.len() - ext.len()].to_string()
    };
    o.set("BaseName", Value::from(base));
    let link_target = if is_link {
        std::fs::read_link(path)
            .ok()
            .map(|t| Value::from(t.to_string_lossy().into_owned()))
            .unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    o.set("Target", link_target.clone());
    o.set(
        "LinkType",
        if is_link {
            Value::str("SymbolicLink")
        } else if hard_link {
            Value::str("HardLink")
        } else {
            Value::Null
        },
    );
    if is_dir {
        o.set("Name", Value::from(name.clone()));
        o.set("FullName", Value::from(full.clone()));
        o.set(
            "Parent",
            match (&parent, with_parent) {
                (Some(p), true) => directory_info(p),
                (Some(p), false) => Value::from(p.to_string_lossy().into_owned()),
                (None, _) => Value::Null,
            },
        );
        o.set("Exists", Value::Bool(true));
        o.set("Root", Value::str("/"));
        o.set("Extension", Value::from(ext));
        set_times(&o, meta);
    } else {
        o.set("Length", Value::from(meta.len() as i64));
        let dir_name = parent
            .as_deref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        o.set("DirectoryName", Value::from(dir_name));
        o.set(
            "Directory",
            match (&parent, with_parent) {
                (Some(p), true) => directory_info(p),
                (Some(p), false) => Value::from(p.to_string_lossy().into_owned()),
                (None, _) => Value::Null,
            },
        );
        o.set("IsReadOnly", Value::Bool(read_only));
        o.set("FullName", Value::from(full.clone()));
        o.set("Extension", Value::from(ext));
        o.set("Name", Value::from(name.clone()));
        o.set("Exists", Value::Bool(target.is_some()));
        set_times(&o, meta);
    }
    o.set("LinkTarget", link_target);
    o.set(
        "Attributes",
        Value::from(attributes(is_dir, is_link, read_only, hidden)),
    );
    o.set("UnixMode", Value::from(unix_mode(link)));
    o.set("User", Value::from(user_name(link.uid())));
    o.set("Group", Value::from(group_name(link.gid())));
    o.set("Size", Value::from(link.len() as i64));
    o.set_to_string(full);
    Value::Object(o)
}

/// The time properties, local and UTC, as .NET's `FileSystemInfo` has them. The creation
/// time is the birth time where the file system keeps one, else the older of the change and
/// write times (as .NET does on Unix).
fn set_times(o: &PsObject, meta: &Metadata) {
    let time = |t: Option<std::time::SystemTime>| -> (Value, Value) {
        match t.and_then(PsDateTime::from_system_time) {
            Some(local) => (
                Value::DateTime(local),
                Value::DateTime(local.to_universal()),
            ),
            None => (Value::Null, Value::Null),
        }
    };
    let changed = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
        meta.ctime().max(0) as u64,
        meta.ctime_nsec().clamp(0, 999_999_999) as u32,
    ));
    let written = meta.modified().ok();
    let created = meta.created().ok().or(match (changed, written) {
        (Some(c), Some(w)) => Some(c.min(w)),
        (c, w) => c.or(w),
    });
    for (name, t) in [
        ("CreationTime", created),
        ("LastAccessTime", meta.accessed().ok()),
        ("LastWriteTime", written),
    ] {
        let (local, utc) = time(t);
        o.set(name, local);
        o.set(&format!("{name}Utc"), utc);
    }
}

/// `Mode`: one letter per attribute (`darhs`, `l` for links).
fn mode(is_dir: bool, is_link: bool, read_only: bool, hidden: bool) -> String {
    let mut s = String::new();
    s.push(if is_link {
        'l'
    } else if is_dir {
        'd'
    } else {
        '-'
    });
    s.push('-');
    s.push(if read_only { 'r' } else { '-' });
    s.push(if hidden { 'h' } else { '-' });
    s.push('-');
    s
}

/// `Attributes` as .NET's `FileAttributes` prints.
fn attributes(is_dir: bool, is_link: bool, read_only: bool, hidden: bool) -> String {
    let mut parts = Vec::new();
    if read_only {
        parts.push("ReadOnly");
    }
    if hidden {
        parts.push("Hidden");
    }
    if is_dir {
        parts.push("Directory");
    }
    if is_link {
        parts.push("ReparsePoint");
    }
    if parts.is_empty() {
        parts.push("Normal");
    }
    parts.join(", ")
}

/// `UnixMode`: `ls -l`'s permission text (`-rw-r--r--`, `drwxr-xr-x`).
pub(crate) fn unix_mode(meta: &Metadata) -> String {
    let ft = meta.file_type();
    let kind = if ft.is_symlink() {
        'l'
    } else if ft.is_dir() {
        'd'
    } else {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_block_device() {
            'b'
        } else if ft.is_char_device() {
            'c'
        } else if ft.is_fifo() {
            'p'
        } else if ft.is_socket() {
            's'
        } else {
            '-'
        }
    };
    let m = meta.permissions().mode();
    let mut s = String::from(kind);
    let bit = |mask: u32, c: char| if m & mask != 0 { c } else { '-' };
    let exec = |x: u32, special: u32, set: char, unset: char| match (m & x != 0, m & special != 0) {
        (true, true) => set,
        (false, true) => unset,
        (true, false) => 'x',
        (false, false) => '-',
    };
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(exec(0o100, 0o4000, 's', 'S'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(exec(0o010, 0o2000, 's', 'S'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(exec(0o001, 0o1000, 't', 'T'));
    s
}

/// The effective user id of this process (from `/proc/self/status`).
fn effective_uid() -> Option<u32> {
    static UID: OnceLock<Option<u32>> = OnceLock::new();
    *UID.get_or_init(|| {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("Uid:"))?;
        line.split_whitespace().nth(2)?.parse().ok()
    })
}

/// Read-only as .NET decides on Unix: the process may not write the item.
fn is_read_only(meta: &Metadata) -> bool {
    let m = meta.permissions().mode();
    match effective_uid() {
        Some(0) => false,
        Some(uid) if uid == meta.uid() => m & 0o200 == 0,
        _ => m & 0o222 == 0,
    }
}

/// Names from an `/etc/passwd`-style file by numeric id.
fn names(file: &str) -> &'static Vec<(u32, String)> {
    static PASSWD: OnceLock<Vec<(u32, String)>> = OnceLock::new();
    static GROUP: OnceLock<Vec<(u32, String)>> = OnceLock::new();
    let cell = if file == "/etc/passwd" {
        &PASSWD
    } else {
        &GROUP
    };
    cell.get_or_init(|| {
        std::fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let mut parts = l.split(':');
                let name = parts.next()?.to_string();
                let id = parts.nth(1)?.parse().ok()?;
                Some((id, name))
            })
            .collect()
    })
}

fn lookup(file: &str, id: u32) -> String {
    names(file)
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The owner's name (the number when it has none).
pub(crate) fn user_name(uid: u32) -> String {
    lookup("/etc/passwd", uid)
}

/// The group's name (the number when it has none).
pub(crate) fn group_name(gid: u32) -> String {
    lookup("/etc/group", gid)
}

/// The text of a relative path from `base` to `path` (`./a`, `../b/c`).
pub(crate) fn relative_path(base: &Path, path: &Path) -> String {
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".into());
    }
    for c in &p[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        return ".".into();
    }
    if parts[0] == ".." {
        parts.join("/")
    } else {
        format!("./{}", parts.join("/"))
    }
}

/// Change the runspace's location to the directory `arg` names, as Set-Location and
/// Push-Location do; writes PowerShell's error and returns false when it names none.
pub(crate) fn change_location(
    rs: &mut Runspace,
    arg: &PathArg,
    command_class: &str,
) -> rosh_runtime::Eval<bool> {
    let text = if arg.text.is_empty() { "~" } else { &arg.text };
    let arg = PathArg {
        text: text.to_string(),
        literal: arg.literal,
    };
    let target = match resolve(rs, &arg, false) {
        Resolved::Found(found) if found.len() == 1 => found.into_iter().next(),
        Resolved::Found(found) if found.len() > 1 => {
            rs.write_error(
                ErrorRecord::new(
                    format!("PathResolvedToMultiple,Microsoft.PowerShell.Commands.{command_class}"),
                    ErrorCategory::InvalidArgument,
                    format!(
                        "Cannot set the location because path '{}' resolved to multiple containers. You can only set the same location to a single container at a time.",
                        arg.text
                    ),
                )
                .with_exception("System.Management.Automation.PSArgumentException"),
            )?;
            return Ok(false);
        }
        Resolved::Found(_) => None,
        Resolved::Missing(p) => {
            rs.write_error(not_found(command_class, &p))?;
            return Ok(false);
        }
    };
    match target {
        Some(p) if p.is_dir() => {
            rs.set_location(p);
            Ok(true)
        }
        Some(p) => {
            rs.write_error(not_found(command_class, &p))?;
            Ok(false)
        }
        None => {
            let p = rs.resolve_path(&arg.text);
            rs.write_error(not_found(command_class, &p))?;
            Ok(false)
        }
    }
}

/// A compiled wildcard pattern, matched ignoring case.
pub(crate) struct Wildcard(Box<dyn Fn(&str) -> bool + Send + Sync>);

impl Wildcard {
    /// Compile a PowerShell wildcard (`None` when it is malformed).
    pub(crate) fn new(pattern: &str) -> Option<Wildcard> {
        let re = rosh_runtime::ops::wildcard_regex(pattern, false)?;
        Some(Wildcard(Box::new(move |s| re.is_match(s))))
    }

    /// True when the text matches.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        (self.0)(text)
    }
}

/// The `-Filter`, `-Include` and `-Exclude` of an item command, applied to item names.
pub(crate) struct NameFilter {
    filter: Option<Wildcard>,
    include: Vec<Wildcard>,
    exclude: Vec<Wildcard>,
}

impl NameFilter {
    /// The filter a command's arguments ask for.
    pub(crate) fn from_args(args: &BoundArgs) -> NameFilter {
        let list = |name: &str| -> Vec<Wildcard> {
            items(args.get(name))
                .iter()
                .filter_map(|v| Wildcard::new(&to_str(v)))
                .collect()
        };
        NameFilter {
            filter: args
                .get("Filter")
                .map(to_str)
                .filter(|f| !f.is_empty())
                .and_then(|f| Wildcard::new(&f)),
            include: list("Include"),
            exclude: list("Exclude"),
        }
    }

    /// True when no filter was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.filter.is_none() && self.include.is_empty() && self.exclude.is_empty()
    }

    /// True when a name passes the filter.
    pub(crate) fn matches(&self, name: &str) -> bool {
        self.filter.as_ref().is_none_or(|f| f.is_match(name))
            && (self.include.is_empty() || self.include.iter().any(|r| r.is_match(name)))
            && !self.exclude.iter().any(|r| r.is_match(name))
    }

    /// True when the last segment of a path passes the filter.
    pub(crate) fn matches_path(&self, path: &Path) -> bool {
        self.matches(&file_name(path))
    }
}

/// [`resolve`], for commands that stop at a path naming nothing (Import-Clixml, Import-Csv,
/// Select-String): the items found, or `command`'s terminating PathNotFound error.
pub(crate) fn resolve_or_stop(
    rs: &Runspace,
    arg: &PathArg,
    command: &str,
    command_class: &str,
) -> rosh_runtime::Eval<Vec<PathBuf>> {
    match resolve(rs, arg, false) {
        Resolved::Found(found) => Ok(found),
        Resolved::Missing(p) => Err(terminating(command, not_found(command_class, &p))),
    }
}

/// The `-Resolve` of Join-Path and Split-Path: the existing paths a path names (wildcards
/// expanded), or PowerShell's `PathNotFound` error when it names none.
pub(crate) fn resolve_existing(
    rs: &mut Runspace,
    text: &str,
    command_class: &str,
) -> rosh_runtime::Eval<Vec<String>> {
    let arg = PathArg {
        text: strip_provider(text).to_string(),
        literal: false,
    };
    let found = match resolve(rs, &arg, false) {
        Resolved::Found(found) if !found.is_empty() => found,
        Resolved::Found(_) => {
            let p = rs.resolve_path(&arg.text);
            rs.write_error(not_found(command_class, &p))?;
            return Ok(vec![]);
        }
        Resolved::Missing(p) => {
            rs.write_error(not_found(command_class, &p))?;
            return Ok(vec![]);
        }
    };
    Ok(found
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect())
}
