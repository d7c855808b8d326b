//! ConstrainedLanguage: the core types and the errors for what is refused on other types.
//!
//! The core types are PowerShell's `CoreTypes.Items` (`engine/parser/TypeResolver.cs`): the
//! types safe to hand to an attacker (every constructor, method and property). Any enum and
//! arrays of core types count too. One deliberate addition: `PSCustomObject`, which
//! PowerShell lists under its `pscustomobject` accelerator but whose literal conversion 7.4
//! refuses by mistake (PowerShell issue 20767); allowing it exposes nothing new.

use crate::error::{ErrorCategory, ErrorRecord, Flow};

/// The full names of the core types (`CoreTypes.Items` on Unix, plus `PSCustomObject`).
const CORE_TYPE_NAMES: &[&str] = &[
    "Microsoft.Management.Infrastructure.CimClass",
    "Microsoft.Management.Infrastructure.CimConverter",
    "Microsoft.Management.Infrastructure.CimInstance",
    "Microsoft.Management.Infrastructure.CimSession",
    "Microsoft.Management.Infrastructure.CimType",
    "Microsoft.PowerShell.Commands.ModuleSpecification",
    "System.Array",
    "System.Boolean",
    "System.Byte",
    "System.Char",
    "System.Collections.Hashtable",
    "System.Collections.Specialized.OrderedDictionary",
    "System.DateTime",
    "System.Decimal",
    "System.Double",
    "System.Globalization.CultureInfo",
    "System.Guid",
    "System.Int16",
    "System.Int32",
    "System.Int64",
    "System.Management.Automation.AliasAttribute",
    "System.Management.Automation.AllowEmptyCollectionAttribute",
    "System.Management.Automation.AllowEmptyStringAttribute",
    "System.Management.Automation.AllowNullAttribute",
    "System.Management.Automation.ArgumentCompleterAttribute",
    "System.Management.Automation.ArgumentCompletionsAttribute",
    "System.Management.Automation.CmdletBindingAttribute",
    "System.Management.Automation.DscLocalConfigurationManagerAttribute",
    "System.Management.Automation.DscPropertyAttribute",
    "System.Management.Automation.DscResourceAttribute",
    "System.Management.Automation.ExperimentAction",
    "System.Management.Automation.ExperimentalAttribute",
    "System.Management.Automation.ExperimentalFeature",
    "System.Management.Automation.Language.NoRunspaceAffinityAttribute",
    "System.Management.Automation.Language.NullString",
    "System.Management.Automation.OutputTypeAttribute",
    "System.Management.Automation.PSCredential",
    "System.Management.Automation.PSCustomObject",
    "System.Management.Automation.PSDefaultValueAttribute",
    "System.Management.Automation.PSListModifier",
    "System.Management.Automation.PSObject",
    "System.Management.Automation.PSPrimitiveDictionary",
    "System.Management.Automation.PSReference",
    "System.Management.Automation.PSTypeNameAttribute",
    "System.Management.Automation.ParameterAttribute",
    "System.Management.Automation.SemanticVersion",
    "System.Management.Automation.SupportsWildcardsAttribute",
    "System.Management.Automation.SwitchParameter",
    "System.Management.Automation.ValidateCountAttribute",
    "System.Management.Automation.ValidateDriveAttribute",
    "System.Management.Automation.ValidateLengthAttribute",
    "System.Management.Automation.ValidateNotNullAttribute",
    "System.Management.Automation.ValidateNotNullOrEmptyAttribute",
    "System.Management.Automation.ValidateNotNullOrWhiteSpaceAttribute",
    "System.Management.Automation.ValidatePatternAttribute",
    "System.Management.Automation.ValidateRangeAttribute",
    "System.Management.Automation.ValidateScriptAttribute",
    "System.Management.Automation.ValidateSetAttribute",
    "System.Management.Automation.ValidateTrustedDataAttribute",
    "System.Management.Automation.ValidateUserDriveAttribute",
    "System.Management.Automation.WildcardPattern",
    "System.Net.IPAddress",
    "System.Net.IPEndPoint",
    "System.Net.Mail.MailAddress",
    "System.Net.NetworkInformation.PhysicalAddress",
    "System.Numerics.BigInteger",
    "System.Object[]",
    "System.SByte",
    "System.Security.AccessControl.ObjectSecurity",
    "System.Security.Cryptography.X509Certificates.X500DistinguishedName",
    "System.Security.Cryptography.X509Certificates.X509Certificate",
    "System.Security.SecureString",
    "System.Single",
    "System.String",
    "System.Text.RegularExpressions.Regex",
    "System.TimeSpan",
    "System.UInt16",
    "System.UInt32",
    "System.UInt64",
    "System.Uri",
    "System.Version",
    "System.Void",
    "System.Xml.XmlDocument",
];

/// Whether the type with this full name is a core type (an exact, case-sensitive .NET name).
pub fn is_core_type_name(full_name: &str) -> bool {
    CORE_TYPE_NAMES.binary_search(&full_name).is_ok()
}

/// "Cannot invoke method. Method invocation is supported only on core types in this
/// language mode." (`MethodInvocationNotSupportedInConstrainedLanguage`)
pub fn method_invocation_refused() -> ErrorRecord {
    ErrorRecord::new(
        "MethodInvocationNotSupportedInConstrainedLanguage",
        ErrorCategory::InvalidOperation,
        "Cannot invoke method. Method invocation is supported only on core types in this language mode.",
    )
}

/// "Cannot set property. Property setting is supported only on core types in this language
/// mode." (`PropertySetterNotSupportedInConstrainedLanguage`)
pub fn property_set_refused() -> ErrorRecord {
    ErrorRecord::new(
        "PropertySetterNotSupportedInConstrainedLanguage",
        ErrorCategory::InvalidOperation,
        "Cannot set property. Property setting is supported only on core types in this language mode.",
    )
}

/// "Cannot create type. Only core types are supported in this language mode."
/// (`CannotCreateTypeConstrainedLanguage`, from `[T]::new()`.)
pub fn create_type_refused() -> ErrorRecord {
    ErrorRecord::new(
        "CannotCreateTypeConstrainedLanguage",
        ErrorCategory::InvalidOperation,
        "Cannot create type. Only core types are supported in this language mode.",
    )
}

/// "Cannot convert value to type "T". Only core types are supported in this language
/// mode." (`ConversionSupportedOnlyToCoreTypes`)
pub fn conversion_refused(type_full_name: &str) -> ErrorRecord {
    ErrorRecord::new(
        "ConversionSupportedOnlyToCoreTypes",
        ErrorCategory::InvalidArgument,
        format!(
            "Cannot convert value to type \"{type_full_name}\". Only core types are supported in this language mode."
        ),
    )
    .with_exception("System.Management.Automation.PSInvalidCastException")
}

/// "Cannot define data section. Definition of additional supported commands is not
/// supported in this language mode." (`DataSectionAllowedCommandDisallowed`)
pub fn data_section_commands_refused() -> ErrorRecord {
    ErrorRecord::new(
        "DataSectionAllowedCommandDisallowed",
        ErrorCategory::ParserError,
        "Cannot define data section. Definition of additional supported commands is not supported in this language mode.",
    )
    .with_exception("System.Management.Automation.ParseException")
}

/// "Cannot dot-source this command because it was defined in a different language mode.
/// ..." (`DotSourceNotSupported`): a block of another mode dotted into a ConstrainedLanguage
/// or RestrictedLanguage scope.
pub fn dot_source_refused() -> ErrorRecord {
    ErrorRecord::new(
        "DotSourceNotSupported",
        ErrorCategory::InvalidOperation,
        "Cannot dot-source this command because it was defined in a different language mode. To invoke this command without importing its contents, omit the '.' operator.",
    )
    .with_exception("System.NotSupportedException")
}

/// "The syntax is not supported by this runspace. This can occur if the runspace is in
/// no-language mode." (`ScriptsNotAllowed`)
pub fn scripts_refused() -> ErrorRecord {
    ErrorRecord::new(
        "ScriptsNotAllowed",
        ErrorCategory::ParserError,
        "The syntax is not supported by this runspace. This can occur if the runspace is in no-language mode.",
    )
    .with_exception("System.Management.Automation.ParseException")
}

/// "Cannot invoke a method in the restricted language mode."
/// (`NoMethodInvocationInRestrictedLanguageMode`, ForEach-Object's member invocation.)
pub fn restricted_method_refused() -> ErrorRecord {
    ErrorRecord::new(
        "NoMethodInvocationInRestrictedLanguageMode",
        ErrorCategory::InvalidOperation,
        "Cannot invoke a method in the restricted language mode.",
    )
    .with_exception("System.Management.Automation.PSInvalidOperationException")
}

/// An error record as a terminating error.
pub fn flow(e: ErrorRecord) -> Flow {
    Flow::Error(Box::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_list_is_sorted_for_binary_search() {
        assert!(CORE_TYPE_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_core_type_name("System.String"));
        assert!(is_core_type_name(
            "System.Management.Automation.PSReference"
        ));
        assert!(!is_core_type_name("System.IO.File"));
        assert!(!is_core_type_name("System.Math"));
        assert!(!is_core_type_name("System.Object"));
        assert!(!is_core_type_name("Deserialized.System.String"));
    }
}
