//! Errors as PowerShell has them: `ErrorRecord` (plain data, so it can be serialized for
//! remoting), and `Flow`, the non-local exits of the interpreter (`break`, `continue`,
//! `return`, `exit`, terminating errors).

use crate::value::Value;

/// PowerShell's error categories (the ones rosh reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCategory {
    /// `NotSpecified`
    NotSpecified,
    /// `InvalidArgument`
    InvalidArgument,
    /// `InvalidOperation`
    InvalidOperation,
    /// `InvalidData`
    InvalidData,
    /// `ObjectNotFound`
    ObjectNotFound,
    /// `ParserError`
    ParserError,
    /// `OperationStopped` (from `throw`)
    OperationStopped,
    /// `WriteError`
    WriteError,
    /// `PermissionDenied`
    PermissionDenied,
    /// `ResourceUnavailable`
    ResourceUnavailable,
    /// `ResourceExists`
    ResourceExists,
    /// `CloseError`
    CloseError,
    /// `InvalidType`
    InvalidType,
    /// `OpenError`
    OpenError,
    /// `ReadError`
    ReadError,
}

impl ErrorCategory {
    /// Every category rosh knows.
    pub const ALL: &'static [ErrorCategory] = &[
        ErrorCategory::NotSpecified,
        ErrorCategory::InvalidArgument,
        ErrorCategory::InvalidOperation,
        ErrorCategory::InvalidData,
        ErrorCategory::ObjectNotFound,
        ErrorCategory::ParserError,
        ErrorCategory::OperationStopped,
        ErrorCategory::WriteError,
        ErrorCategory::PermissionDenied,
        ErrorCategory::ResourceUnavailable,
        ErrorCategory::ResourceExists,
        ErrorCategory::CloseError,
        ErrorCategory::InvalidType,
        ErrorCategory::OpenError,
        ErrorCategory::ReadError,
    ];

    /// The category with this name (case-insensitive).
    pub fn from_name(name: &str) -> Option<ErrorCategory> {
        ErrorCategory::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// The category's name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCategory::NotSpecified => "NotSpecified",
            ErrorCategory::InvalidArgument => "InvalidArgument",
            ErrorCategory::InvalidOperation => "InvalidOperation",
            ErrorCategory::InvalidData => "InvalidData",
            ErrorCategory::ObjectNotFound => "ObjectNotFound",
            ErrorCategory::ParserError => "ParserError",
            ErrorCategory::OperationStopped => "OperationStopped",
            ErrorCategory::WriteError => "WriteError",
            ErrorCategory::PermissionDenied => "PermissionDenied",
            ErrorCategory::ResourceUnavailable => "ResourceUnavailable",
            ErrorCategory::ResourceExists => "ResourceExists",
            ErrorCategory::CloseError => "CloseError",
            ErrorCategory::InvalidType => "InvalidType",
            ErrorCategory::OpenError => "OpenError",
            ErrorCategory::ReadError => "ReadError",
        }
    }
}

/// Where an error happened, as `$_.InvocationInfo` reports it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InvocationInfo {
    /// The script's path, when the code came from a file.
    pub script_name: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The text of the line.
    pub line_text: String,
    /// The width of the failing extent on that line.
    pub width: usize,
    /// The command that failed, if any.
    pub command_name: Option<String>,
}

/// An error record.
#[derive(Clone, Debug)]
pub struct ErrorRecord {
    /// `Exception.Message`.
    pub message: String,
    /// The exception's .NET type name.
    pub exception_type: String,
    /// `FullyQualifiedErrorId`.
    pub error_id: String,
    /// `CategoryInfo.Category`.
    pub category: ErrorCategory,
    /// `TargetObject`.
    pub target: Option<Value>,
    /// Where it happened.
    pub invocation: Option<InvocationInfo>,
    /// The object given to `throw`, when it was not a string or an error.
    pub thrown: Option<Value>,
    /// True for an error written by `Write-Error` (shown as `Write-Error: message`).
    pub from_write_error: bool,
    /// True for errors that end the script (from `throw` or an error action of `Stop`);
    /// other runtime errors end only the statement that raised them.
    pub script_terminating: bool,
    /// True for an error raised by the `throw` statement.
    pub from_throw: bool,
    /// The type of the exception wrapped by the reported one (a .NET exception raised inside
    /// an operation is reported as a RuntimeException around it); `catch` matches either.
    pub inner_exception_type: Option<String>,
    /// The computer a remote error came from (PowerShell's `OriginInfo.PSComputerName`); it
    /// keeps the remote command's name rather than taking the local one.
    pub origin: Option<String>,
}

impl ErrorRecord {
    /// PowerShell's `PipelineStoppedException`: the pipeline was stopped (Ctrl+C, Stop-Job, a
    /// remote stop). It ends the script; `catch` and `trap` do not see it.
    pub fn pipeline_stopped() -> Self {
        let mut e = ErrorRecord::new(
            "PipelineStopped",
            ErrorCategory::OperationStopped,
            "The pipeline has been stopped.",
        )
        .with_exception(PIPELINE_STOPPED);
        e.script_terminating = true;
        e
    }

    /// Whether this is the error of a stopped pipeline.
    pub fn is_pipeline_stopped(&self) -> bool {
        self.exception_type == PIPELINE_STOPPED
    }

    /// A runtime error with an id and message.
    pub fn new(id: impl Into<String>, category: ErrorCategory, message: impl Into<String>) -> Self {
        ErrorRecord {
            message: message.into(),
            exception_type: "System.Management.Automation.RuntimeException".into(),
            error_id: id.into(),
            category,
            target: None,
            invocation: None,
            thrown: None,
            from_write_error: false,
            origin: None,
            script_terminating: false,
            from_throw: false,
            inner_exception_type: None,
        }
    }

    /// Set the exception type.
    pub fn with_exception(mut self, exception_type: &str) -> Self {
        self.exception_type = exception_type.into();
        self
    }

    /// Set the target object.
    pub fn with_target(mut self, target: Value) -> Self {
        self.target = Some(target);
        self
    }

    /// The short exception name for the concise view (`RuntimeException` → `Exception`).
    pub fn view_label(&self) -> String {
        if self.from_write_error {
            return "Write-Error".into();
        }
        if let Some(cmd) = self
            .invocation
            .as_ref()
            .and_then(|i| i.command_name.clone())
        {
            return cmd;
        }
        if self.from_throw {
            // A thrown exception object is labelled by its category, a thrown string or
            // other value as "Exception".
            let exception_object = self
                .thrown
                .as_ref()
                .is_some_and(|t| crate::exceptions::of_value(t).is_some());
            if !exception_object {
                return "Exception".into();
            }
        }
        if self.category != ErrorCategory::NotSpecified {
            return self.category.name().to_string();
        }
        self.exception_type
            .rsplit('.')
            .next()
            .unwrap_or(&self.exception_type)
            .to_string()
    }
}

/// The exception type of a stopped pipeline.
pub const PIPELINE_STOPPED: &str = "System.Management.Automation.PipelineStoppedException";

/// A non-local exit from evaluation.
#[derive(Clone, Debug)]
pub enum Flow {
    /// `break [label]`
    Break(Option<String>),
    /// `continue [label]`
    Continue(Option<String>),
    /// `return`
    Return,
    /// `exit [code]`
    Exit(i32),
    /// A terminating error.
    Error(Box<ErrorRecord>),
    /// A downstream command needs no more input (`Select-Object -First`).
    StopUpstream,
}

impl Flow {
    /// A terminating runtime error.
    pub fn error(id: &str, category: ErrorCategory, message: impl Into<String>) -> Flow {
        Flow::Error(Box::new(ErrorRecord::new(id, category, message)))
    }
}

impl From<ErrorRecord> for Flow {
    fn from(e: ErrorRecord) -> Self {
        Flow::Error(Box::new(e))
    }
}

/// The result of evaluation.
pub type Eval<T> = Result<T, Flow>;
