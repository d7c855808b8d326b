//! `Test-PSSessionConfigurationFile`: whether a `.pssc` file is valid; `-Verbose` says why
//! not.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{error, fail, verbose};
use crate::session_config::{data_file, keys};

const NAME: &str = "Test-PSSessionConfigurationFile";

/// `Test-PSSessionConfigurationFile [-Path] <string>`
pub struct TestPSSessionConfigurationFile;

const PARAMS: &[ParamSpec] = &[ParamSpec::value("Path")
    .at(0)
    .mandatory()
    .from_pipeline()
    .of("string")
    .describe("The .pssc file to check.")];

struct Run {
    args: BoundArgs,
}

impl Command for TestPSSessionConfigurationFile {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Verifies the keys and values in a session configuration file."
    }
    fn description(&self) -> &'static str {
        "The Test-PSSessionConfigurationFile cmdlet reads a session configuration file (.pssc) and returns True when it is a data file holding one hashtable whose keys are all valid, with values of the right types, a SchemaVersion, absolute paths for ScriptsToProcess and .ps1/.psm1 scripts; False otherwise. With -Verbose it says what is wrong.

The file is read without running it: it may hold only literals, arrays, hashtables and script blocks."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "New-PSSessionConfigurationFile",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "A key that is not a session configuration key makes the file invalid; -Verbose says which.",
            code: "$f = \"/tmp/rosh-test-pssc-$PID.pssc\"\n\
                   Set-Content -Path $f -Value \"@{ SchemaVersion = '2.0.0.0'; Colour = 'blue' }\"\n\
                   Test-PSSessionConfigurationFile -Path $f -Verbose 4>&1 | ForEach-Object { \"$_\" -replace [regex]::Escape($f), 'FILE' }\n\
                   Remove-Item $f",
            output: "The member 'Colour' is not a valid key. Please change the member to a valid key in the file FILE.\nFalse",
        }]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let path = input
            .or_else(|| self.args.get("Path").cloned())
            .map(|v| to_str(&v))
            .unwrap_or_default();
        let full = rs.resolve_path(&path);
        if !full.exists() {
            return rs.write_error(error(
                NAME,
                "PSSessionConfigurationFileNotFound",
                ErrorCategory::ResourceUnavailable,
                format!("The specified configuration file '{path}' was not loaded because no valid configuration file was found."),
            ));
        }
        if !full
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pssc"))
        {
            return Err(fail(
                NAME,
                "InvalidPSSessionConfigurationFilePath",
                ErrorCategory::InvalidArgument,
                format!(
                    "PSSession Configuration file path '{}' is not valid. The path argument must resolve to a single file in the file system with a '.pssc' extension. Please fix the path specification and try again.",
                    full.display()
                ),
            ));
        }
        let shown = full.to_string_lossy().into_owned();
        let valid = match data_file::read(&full) {
            Ok(table) => {
                let mut reasons = Vec::new();
                let valid = keys::verify(&table, &shown, &mut |m| reasons.push(m));
                for r in reasons {
                    verbose(rs, &self.args, &r);
                }
                valid
            }
            Err(e) => {
                verbose(
                    rs,
                    &self.args,
                    &format!(
                        "Error parsing configuration file {shown} with the following message: {e}"
                    ),
                );
                false
            }
        };
        out.emit(rs, Value::Bool(valid))
    }
}
