//! Static member tables for Get-Member -Static: `[Math]`, `[Convert]`, `[IO.Path]`,
//! `[IO.File]`, `[IO.Directory]`, `[Environment]` and `[Text.Encoding]`, with the .NET
//! definitions PowerShell shows. Only members rosh implements are listed.

use crate::member_info::{Member, method, property};

/// The static members of `[System.Math]`.
pub const MATH: &[Member] = &[
    method(
        "Abs",
        "static double Abs(double value), static int Abs(int value), static long Abs(long value), static decimal Abs(decimal value)",
    ),
    method("Acos", "static double Acos(double d)"),
    method("Acosh", "static double Acosh(double d)"),
    method("Asin", "static double Asin(double d)"),
    method("Asinh", "static double Asinh(double d)"),
    method("Atan", "static double Atan(double d)"),
    method("Atan2", "static double Atan2(double y, double x)"),
    method("Atanh", "static double Atanh(double d)"),
    method("BigMul", "static long BigMul(int a, int b)"),
    method("BitDecrement", "static double BitDecrement(double x)"),
    method("BitIncrement", "static double BitIncrement(double x)"),
    method("Cbrt", "static double Cbrt(double d)"),
    method(
        "Ceiling",
        "static decimal Ceiling(decimal d), static double Ceiling(double a)",
    ),
    method(
        "Clamp",
        "static int Clamp(int value, int min, int max), static long Clamp(long value, long min, long max), static double Clamp(double value, double min, double max), static decimal Clamp(decimal value, decimal min, decimal max)",
    ),
    method("CopySign", "static double CopySign(double x, double y)"),
    method("Cos", "static double Cos(double d)"),
    method("Cosh", "static double Cosh(double d)"),
    method(
        "DivRem",
        "static System.ValueTuple[int,int] DivRem(int left, int right), static System.ValueTuple[long,long] DivRem(long left, long right)",
    ),
    method("Exp", "static double Exp(double d)"),
    method(
        "Floor",
        "static decimal Floor(decimal d), static double Floor(double d)",
    ),
    method(
        "FusedMultiplyAdd",
        "static double FusedMultiplyAdd(double x, double y, double z)",
    ),
    method(
        "IEEERemainder",
        "static double IEEERemainder(double x, double y)",
    ),
    method("ILogB", "static int ILogB(double x)"),
    method(
        "Log",
        "static double Log(double d), static double Log(double a, double newBase)",
    ),
    method("Log10", "static double Log10(double d)"),
    method("Log2", "static double Log2(double x)"),
    method(
        "Max",
        "static int Max(int val1, int val2), static long Max(long val1, long val2), static double Max(double val1, double val2), static decimal Max(decimal val1, decimal val2)",
    ),
    method(
        "MaxMagnitude",
        "static double MaxMagnitude(double x, double y)",
    ),
    method(
        "Min",
        "static int Min(int val1, int val2), static long Min(long val1, long val2), static double Min(double val1, double val2), static decimal Min(decimal val1, decimal val2)",
    ),
    method(
        "MinMagnitude",
        "static double MinMagnitude(double x, double y)",
    ),
    method("Pow", "static double Pow(double x, double y)"),
    method(
        "ReciprocalEstimate",
        "static double ReciprocalEstimate(double d)",
    ),
    method(
        "ReciprocalSqrtEstimate",
        "static double ReciprocalSqrtEstimate(double d)",
    ),
    method(
        "Round",
        "static double Round(double a), static double Round(double value, int digits), static double Round(double value, System.MidpointRounding mode), static double Round(double value, int digits, System.MidpointRounding mode), static decimal Round(decimal d), static decimal Round(decimal d, int decimals), static decimal Round(decimal d, System.MidpointRounding mode), static decimal Round(decimal d, int decimals, System.MidpointRounding mode)",
    ),
    method("ScaleB", "static double ScaleB(double x, int n)"),
    method(
        "Sign",
        "static int Sign(double value), static int Sign(int value), static int Sign(long value), static int Sign(decimal value)",
    ),
    method("Sin", "static double Sin(double a)"),
    method(
        "SinCos",
        "static System.ValueTuple[double,double] SinCos(double x)",
    ),
    method("Sinh", "static double Sinh(double value)"),
    method("Sqrt", "static double Sqrt(double d)"),
    method("Tan", "static double Tan(double a)"),
    method("Tanh", "static double Tanh(double value)"),
    method(
        "Truncate",
        "static decimal Truncate(decimal d), static double Truncate(double d)",
    ),
    property("E", "static double E"),
    property("PI", "static double PI"),
    property("Tau", "static double Tau"),
];

/// The static members of `[System.Convert]`.
pub const CONVERT: &[Member] = &[
    method(
        "FromBase64String",
        "static byte[] FromBase64String(string s)",
    ),
    method("FromHexString", "static byte[] FromHexString(string s)"),
    method(
        "ToBase64String",
        "static string ToBase64String(byte[] inArray), static string ToBase64String(byte[] inArray, int offset, int length)",
    ),
    method(
        "ToBoolean",
        "static bool ToBoolean(System.Object value), static bool ToBoolean(string value), static bool ToBoolean(int value), static bool ToBoolean(long value), static bool ToBoolean(double value), static bool ToBoolean(decimal value)",
    ),
    method(
        "ToByte",
        "static byte ToByte(System.Object value), static byte ToByte(string value), static byte ToByte(string value, int fromBase), static byte ToByte(int value), static byte ToByte(double value)",
    ),
    method(
        "ToChar",
        "static char ToChar(System.Object value), static char ToChar(string value), static char ToChar(int value)",
    ),
    method(
        "ToDateTime",
        "static datetime ToDateTime(System.Object value), static datetime ToDateTime(string value)",
    ),
    method(
        "ToDecimal",
        "static decimal ToDecimal(System.Object value), static decimal ToDecimal(string value), static decimal ToDecimal(int value), static decimal ToDecimal(double value)",
    ),
    method(
        "ToDouble",
        "static double ToDouble(System.Object value), static double ToDouble(string value), static double ToDouble(int value), static double ToDouble(decimal value)",
    ),
    method(
        "ToHexString",
        "static string ToHexString(byte[] inArray), static string ToHexString(byte[] inArray, int offset, int length)",
    ),
    method(
        "ToInt16",
        "static int16 ToInt16(System.Object value), static int16 ToInt16(string value), static int16 ToInt16(string value, int fromBase)",
    ),
    method(
        "ToInt32",
        "static int ToInt32(System.Object value), static int ToInt32(string value), static int ToInt32(string value, int fromBase), static int ToInt32(double value), static int ToInt32(decimal value), static int ToInt32(long value)",
    ),
    method(
        "ToInt64",
        "static long ToInt64(System.Object value), static long ToInt64(string value), static long ToInt64(string value, int fromBase), static long ToInt64(double value), static long ToInt64(decimal value), static long ToInt64(int value)",
    ),
    method(
        "ToSByte",
        "static sbyte ToSByte(System.Object value), static sbyte ToSByte(string value), static sbyte ToSByte(string value, int fromBase)",
    ),
    method(
        "ToSingle",
        "static float ToSingle(System.Object value), static float ToSingle(string value), static float ToSingle(double value)",
    ),
    method(
        "ToString",
        "static string ToString(System.Object value), static string ToString(int value), static string ToString(int value, int toBase), static string ToString(long value), static string ToString(long value, int toBase), static string ToString(byte value, int toBase), static string ToString(int16 value, int toBase), static string ToString(double value)",
    ),
    method(
        "ToUInt16",
        "static uint16 ToUInt16(System.Object value), static uint16 ToUInt16(string value), static uint16 ToUInt16(string value, int fromBase)",
    ),
    method(
        "ToUInt32",
        "static uint32 ToUInt32(System.Object value), static uint32 ToUInt32(string value), static uint32 ToUInt32(string value, int fromBase)",
    ),
    method(
        "ToUInt64",
        "static uint64 ToUInt64(System.Object value), static uint64 ToUInt64(string value), static uint64 ToUInt64(string value, int fromBase)",
    ),
];

/// The static members of `[System.IO.Path]`.
pub const PATH: &[Member] = &[
    method(
        "ChangeExtension",
        "static string ChangeExtension(string path, string extension)",
    ),
    method(
        "Combine",
        "static string Combine(string path1, string path2), static string Combine(string path1, string path2, string path3), static string Combine(string path1, string path2, string path3, string path4), static string Combine(Params string[] paths)",
    ),
    method(
        "EndsInDirectorySeparator",
        "static bool EndsInDirectorySeparator(string path)",
    ),
    method(
        "GetDirectoryName",
        "static string GetDirectoryName(string path)",
    ),
    method("GetExtension", "static string GetExtension(string path)"),
    method("GetFileName", "static string GetFileName(string path)"),
    method(
        "GetFileNameWithoutExtension",
        "static string GetFileNameWithoutExtension(string path)",
    ),
    method(
        "GetFullPath",
        "static string GetFullPath(string path), static string GetFullPath(string path, string basePath)",
    ),
    method(
        "GetInvalidFileNameChars",
        "static char[] GetInvalidFileNameChars()",
    ),
    method("GetInvalidPathChars", "static char[] GetInvalidPathChars()"),
    method("GetPathRoot", "static string GetPathRoot(string path)"),
    method("GetRandomFileName", "static string GetRandomFileName()"),
    method(
        "GetRelativePath",
        "static string GetRelativePath(string relativeTo, string path)",
    ),
    method("GetTempFileName", "static string GetTempFileName()"),
    method("GetTempPath", "static string GetTempPath()"),
    method("HasExtension", "static bool HasExtension(string path)"),
    method(
        "IsPathFullyQualified",
        "static bool IsPathFullyQualified(string path)",
    ),
    method("IsPathRooted", "static bool IsPathRooted(string path)"),
    method(
        "Join",
        "static string Join(string path1, string path2), static string Join(string path1, string path2, string path3), static string Join(string path1, string path2, string path3, string path4), static string Join(Params string[] paths)",
    ),
    method(
        "TrimEndingDirectorySeparator",
        "static string TrimEndingDirectorySeparator(string path)",
    ),
    property(
        "AltDirectorySeparatorChar",
        "static char AltDirectorySeparatorChar",
    ),
    property(
        "DirectorySeparatorChar",
        "static char DirectorySeparatorChar",
    ),
    property("PathSeparator", "static char PathSeparator"),
    property("VolumeSeparatorChar", "static char VolumeSeparatorChar"),
];

/// The static members of `[System.IO.File]`.
pub const FILE: &[Member] = &[
    method(
        "AppendAllLines",
        "static void AppendAllLines(string path, System.Collections.Generic.IEnumerable[string] contents), static void AppendAllLines(string path, System.Collections.Generic.IEnumerable[string] contents, System.Text.Encoding encoding)",
    ),
    method(
        "AppendAllText",
        "static void AppendAllText(string path, string contents), static void AppendAllText(string path, string contents, System.Text.Encoding encoding)",
    ),
    method(
        "Copy",
        "static void Copy(string sourceFileName, string destFileName), static void Copy(string sourceFileName, string destFileName, bool overwrite)",
    ),
    method("Delete", "static void Delete(string path)"),
    method("Exists", "static bool Exists(string path)"),
    method(
        "GetCreationTime",
        "static datetime GetCreationTime(string path)",
    ),
    method(
        "GetCreationTimeUtc",
        "static datetime GetCreationTimeUtc(string path)",
    ),
    method(
        "GetLastAccessTime",
        "static datetime GetLastAccessTime(string path)",
    ),
    method(
        "GetLastAccessTimeUtc",
        "static datetime GetLastAccessTimeUtc(string path)",
    ),
    method(
        "GetLastWriteTime",
        "static datetime GetLastWriteTime(string path)",
    ),
    method(
        "GetLastWriteTimeUtc",
        "static datetime GetLastWriteTimeUtc(string path)",
    ),
    method(
        "Move",
        "static void Move(string sourceFileName, string destFileName), static void Move(string sourceFileName, string destFileName, bool overwrite)",
    ),
    method("ReadAllBytes", "static byte[] ReadAllBytes(string path)"),
    method(
        "ReadAllLines",
        "static string[] ReadAllLines(string path), static string[] ReadAllLines(string path, System.Text.Encoding encoding)",
    ),
    method(
        "ReadAllText",
        "static string ReadAllText(string path), static string ReadAllText(string path, System.Text.Encoding encoding)",
    ),
    method(
        "ReadLines",
        "static System.Collections.Generic.IEnumerable[string] ReadLines(string path), static System.Collections.Generic.IEnumerable[string] ReadLines(string path, System.Text.Encoding encoding)",
    ),
    method(
        "SetLastAccessTime",
        "static void SetLastAccessTime(string path, datetime lastAccessTime)",
    ),
    method(
        "SetLastAccessTimeUtc",
        "static void SetLastAccessTimeUtc(string path, datetime lastAccessTimeUtc)",
    ),
    method(
        "SetLastWriteTime",
        "static void SetLastWriteTime(string path, datetime lastWriteTime)",
    ),
    method(
        "SetLastWriteTimeUtc",
        "static void SetLastWriteTimeUtc(string path, datetime lastWriteTimeUtc)",
    ),
    method(
        "WriteAllBytes",
        "static void WriteAllBytes(string path, byte[] bytes)",
    ),
    method(
        "WriteAllLines",
        "static void WriteAllLines(string path, string[] contents), static void WriteAllLines(string path, System.Collections.Generic.IEnumerable[string] contents), static void WriteAllLines(string path, string[] contents, System.Text.Encoding encoding), static void WriteAllLines(string path, System.Collections.Generic.IEnumerable[string] contents, System.Text.Encoding encoding)",
    ),
    method(
        "WriteAllText",
        "static void WriteAllText(string path, string contents), static void WriteAllText(string path, string contents, System.Text.Encoding encoding)",
    ),
];

/// The static members of `[System.IO.Directory]`.
pub const DIRECTORY: &[Member] = &[
    method(
        "CreateDirectory",
        "static System.IO.DirectoryInfo CreateDirectory(string path)",
    ),
    method(
        "Delete",
        "static void Delete(string path), static void Delete(string path, bool recursive)",
    ),
    method(
        "EnumerateDirectories",
        "static System.Collections.Generic.IEnumerable[string] EnumerateDirectories(string path), static System.Collections.Generic.IEnumerable[string] EnumerateDirectories(string path, string searchPattern), static System.Collections.Generic.IEnumerable[string] EnumerateDirectories(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method(
        "EnumerateFileSystemEntries",
        "static System.Collections.Generic.IEnumerable[string] EnumerateFileSystemEntries(string path), static System.Collections.Generic.IEnumerable[string] EnumerateFileSystemEntries(string path, string searchPattern), static System.Collections.Generic.IEnumerable[string] EnumerateFileSystemEntries(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method(
        "EnumerateFiles",
        "static System.Collections.Generic.IEnumerable[string] EnumerateFiles(string path), static System.Collections.Generic.IEnumerable[string] EnumerateFiles(string path, string searchPattern), static System.Collections.Generic.IEnumerable[string] EnumerateFiles(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method("Exists", "static bool Exists(string path)"),
    method("GetCurrentDirectory", "static string GetCurrentDirectory()"),
    method(
        "GetDirectories",
        "static string[] GetDirectories(string path), static string[] GetDirectories(string path, string searchPattern), static string[] GetDirectories(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method(
        "GetFileSystemEntries",
        "static string[] GetFileSystemEntries(string path), static string[] GetFileSystemEntries(string path, string searchPattern), static string[] GetFileSystemEntries(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method(
        "GetFiles",
        "static string[] GetFiles(string path), static string[] GetFiles(string path, string searchPattern), static string[] GetFiles(string path, string searchPattern, System.IO.SearchOption searchOption)",
    ),
    method(
        "GetParent",
        "static System.IO.DirectoryInfo GetParent(string path)",
    ),
    method(
        "Move",
        "static void Move(string sourceDirName, string destDirName)",
    ),
];

/// The static members of `[System.Environment]`.
pub const ENVIRONMENT: &[Member] = &[
    method(
        "ExpandEnvironmentVariables",
        "static string ExpandEnvironmentVariables(string name)",
    ),
    method("GetCommandLineArgs", "static string[] GetCommandLineArgs()"),
    method(
        "GetEnvironmentVariable",
        "static string GetEnvironmentVariable(string variable), static string GetEnvironmentVariable(string variable, System.EnvironmentVariableTarget target)",
    ),
    method(
        "GetEnvironmentVariables",
        "static System.Collections.IDictionary GetEnvironmentVariables(), static System.Collections.IDictionary GetEnvironmentVariables(System.EnvironmentVariableTarget target)",
    ),
    method(
        "GetFolderPath",
        "static string GetFolderPath(System.Environment+SpecialFolder folder), static string GetFolderPath(System.Environment+SpecialFolder folder, System.Environment+SpecialFolderOption option)",
    ),
    method(
        "SetEnvironmentVariable",
        "static void SetEnvironmentVariable(string variable, string value), static void SetEnvironmentVariable(string variable, string value, System.EnvironmentVariableTarget target)",
    ),
    property("CommandLine", "static string CommandLine {get;}"),
    property(
        "CurrentDirectory",
        "static string CurrentDirectory {get;set;}",
    ),
    property(
        "Is64BitOperatingSystem",
        "static bool Is64BitOperatingSystem {get;}",
    ),
    property("Is64BitProcess", "static bool Is64BitProcess {get;}"),
    property("MachineName", "static string MachineName {get;}"),
    property("NewLine", "static string NewLine {get;}"),
    property(
        "OSVersion",
        "static System.OperatingSystem OSVersion {get;}",
    ),
    property("ProcessId", "static int ProcessId {get;}"),
    property("ProcessPath", "static string ProcessPath {get;}"),
    property("ProcessorCount", "static int ProcessorCount {get;}"),
    property("SystemPageSize", "static int SystemPageSize {get;}"),
    property("TickCount", "static int TickCount {get;}"),
    property("TickCount64", "static long TickCount64 {get;}"),
    property("UserDomainName", "static string UserDomainName {get;}"),
    property("UserInteractive", "static bool UserInteractive {get;}"),
    property("UserName", "static string UserName {get;}"),
];

/// The static members of `[System.Text.Encoding]`.
pub const ENCODING: &[Member] = &[
    method(
        "GetEncoding",
        "static System.Text.Encoding GetEncoding(int codepage), static System.Text.Encoding GetEncoding(string name)",
    ),
    property("ASCII", "static System.Text.Encoding ASCII {get;}"),
    property(
        "BigEndianUnicode",
        "static System.Text.Encoding BigEndianUnicode {get;}",
    ),
    property("Default", "static System.Text.Encoding Default {get;}"),
    property("Latin1", "static System.Text.Encoding Latin1 {get;}"),
    property("Unicode", "static System.Text.Encoding Unicode {get;}"),
    property("UTF32", "static System.Text.Encoding UTF32 {get;}"),
    property("UTF8", "static System.Text.Encoding UTF8 {get;}"),
];
