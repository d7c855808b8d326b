//! `Get-FileHash`: the hash of a file's content (SHA256 by default; SHA1, SHA384, SHA512,
//! MD5) through the RustCrypto hash crates, as upper-case hex in a `FileHash` object.

use crate::fs_items::{Resolved, not_found, path_args, resolve};
use crate::util::command_error;
use md5::Md5;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha384, Sha512};
use std::io::Read;
use std::path::Path;

/// `Get-FileHash [-Path] <string[]> [[-Algorithm] <string>]` (or `-LiteralPath`).
pub struct GetFileHash;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .from_pipeline()
        .of("string[]")
        .mandatory()
        .in_sets(&["Path"])
        .wildcards()
        .describe("The files to hash."),
    ParamSpec::value("LiteralPath")
        .aliases(&["PSPath", "LP"])
        .of("string[]")
        .mandatory()
        .in_sets(&["LiteralPath"])
        .describe("The files to hash, taken exactly as written: no character is a wildcard."),
    ParamSpec::value("Algorithm")
        .at(1)
        .of("string")
        .describe("The hash algorithm: SHA1, SHA256 (the default), SHA384, SHA512 or MD5."),
];

const ALGORITHMS: &[&str] = &["SHA1", "SHA256", "SHA384", "SHA512", "MD5"];

struct Run {
    args: BoundArgs,
    algorithm: &'static str,
}

impl Command for GetFileHash {
    fn name(&self) -> &'static str {
        "Get-FileHash"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let algorithm = match args.get("Algorithm").map(to_str) {
            None => "SHA256",
            Some(a) => match ALGORITHMS.iter().find(|x| x.eq_ignore_ascii_case(&a)) {
                Some(x) => x,
                None => {
                    return Err(command_error(
                        "Get-FileHash",
                        "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.GetFileHashCommand",
                        ErrorCategory::InvalidData,
                        "System.Management.Automation.ParameterBindingValidationException",
                        format!(
                            "Cannot validate argument on parameter 'Algorithm'. The argument \"{a}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                            ALGORITHMS.join(",")
                        ),
                    ));
                }
            },
        };
        Ok(Box::new(Run { args, algorithm }))
    }
    fn synopsis(&self) -> &'static str {
        "Computes the hash value for a file by using a specified hash algorithm."
    }
    fn description(&self) -> &'static str {
        "The Get-FileHash cmdlet computes the hash of each file's content with SHA256, or with the algorithm -Algorithm names (SHA1, SHA384, SHA512, MD5), and returns an object with the Algorithm, the Hash as upper-case hexadecimal, and the file's Path."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Path")
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Hash a file with SHA256 and with MD5.",
            code: "$f = \"/tmp/rosh-hash-$PID.txt\"\nSet-Content $f -Value 'hello' -NoNewline\n(Get-FileHash $f).Hash\n(Get-FileHash $f -Algorithm MD5).Hash\nRemove-Item $f",
            output: "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824\n5D41402ABC4B2A76B9719D911017C592",
        }]
    }
}

/// The hash of a reader's bytes, read in blocks.
fn digest<D: Digest>(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = D::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect())
}

impl Run {
    fn hash(&self, path: &Path) -> std::io::Result<String> {
        let file = std::fs::File::open(path)?;
        match self.algorithm {
            "SHA1" => digest::<Sha1>(file),
            "SHA384" => digest::<Sha384>(file),
            "SHA512" => digest::<Sha512>(file),
            "MD5" => digest::<Md5>(file),
            _ => digest::<Sha256>(file),
        }
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        for arg in path_args(&self.args, input.as_ref(), "Path", None) {
            let found = match resolve(rs, &arg, false) {
                Resolved::Found(found) => found,
                Resolved::Missing(p) => {
                    rs.write_error(not_found("GetFileHashCommand", &p))?;
                    continue;
                }
            };
            for p in found {
                if p.is_dir() {
                    continue;
                }
                match self.hash(&p) {
                    Ok(hash) => {
                        let o = PsObject::with_type_names(vec![
                            "Microsoft.Powershell.Utility.FileHash".into(),
                            "System.Management.Automation.PSCustomObject".into(),
                            "System.Object".into(),
                        ]);
                        o.set("Algorithm", Value::from(self.algorithm));
                        o.set("Hash", Value::from(hash));
                        o.set("Path", Value::from(p.to_string_lossy().into_owned()));
                        out.emit(rs, Value::Object(o))?;
                    }
                    Err(e) => rs.write_error(
                        ErrorRecord::new(
                            "FileReadError,Microsoft.PowerShell.Commands.GetFileHashCommand",
                            ErrorCategory::ReadError,
                            crate::fs_items::io_message(&e, &p),
                        )
                        .with_exception("System.IO.IOException")
                        .with_target(Value::from(p.to_string_lossy().into_owned())),
                    )?,
                }
            }
        }
        Ok(())
    }
}
