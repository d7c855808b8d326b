//! The command line, parsed as pwsh parses its own: single-dash, case-insensitive options that
//! may be abbreviated to any unambiguous prefix (`-nop`, `-c`, `-f`).

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Mode {
    /// `-Command text...` (or `-Command -` to read it from standard input).
    Command(String),
    /// `-File script args...` or a bare script path.
    File(String, Vec<String>),
    /// `--check FILE...`
    Check(Vec<String>),
    /// `-Version`
    Version,
    /// `-Help`
    Help,
    /// Nothing to run (the REPL arrives with the interactive host).
    Interactive,
    /// `-ServerMode` (`-s`): a PSRP server over stdin/stdout, as `pwsh -s`; `ssh` for
    /// `-SSHServerMode` (`-sshs`), the same under sshd's subsystem.
    Server {
        /// Started as an SSH subsystem.
        ssh: bool,
    },
}

/// Options that do not choose the mode.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// `-NoProfile`
    pub no_profile: bool,
    /// `-NonInteractive`
    pub non_interactive: bool,
    /// `-NoLogo`
    pub no_logo: bool,
    /// `-ConfigurationName`: the session configuration a server (`-s`, `-sshs`) gives.
    pub configuration_name: Option<String>,
    /// `-ConfigurationFile`: a `.pssc` applied to this session.
    pub configuration_file: Option<String>,
    /// `-RoshJob`: rosh's own, hidden option for the server of a background job, which uses
    /// no session configuration.
    pub job: bool,
    /// `-RoshLanguageMode <mode>`: rosh's own, hidden option putting the runspace in a
    /// language mode (the loopback servers of sessions and jobs started from a restricted
    /// runspace get it). Not a pwsh option; session configuration files will be the public
    /// way.
    pub language_mode: Option<rosh_runtime::language_mode::LanguageMode>,
}

/// pwsh's options that rosh knows, with the short forms pwsh documents.
const OPTIONS: &[(&str, &[&str])] = &[
    ("Command", &["c"]),
    ("File", &["f"]),
    ("NoProfile", &["nop"]),
    ("NonInteractive", &["noni"]),
    ("NoLogo", &["nol"]),
    ("NoExit", &["noe"]),
    ("Version", &["v"]),
    ("ServerMode", &["s"]),
    ("SSHServerMode", &["sshs"]),
    ("Help", &["h", "?"]),
    ("ExecutionPolicy", &["ex", "ep"]),
    ("InputFormat", &["inp", "if"]),
    ("OutputFormat", &["o", "of"]),
    ("WorkingDirectory", &["wd"]),
    ("ConfigurationName", &["config"]),
    ("ConfigurationFile", &[]),
    // rosh's own, hidden: see `Options::language_mode`.
    ("RoshLanguageMode", &[]),
    ("RoshJob", &[]),
];

fn option(arg: &str) -> Result<Option<&'static str>, String> {
    // Only `-` starts an option: on Unix pwsh takes `/path/script.ps1` as a script, not as
    // the Windows-style `/Option`.
    let Some(name) = arg.strip_prefix('-').filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let lower = name.trim_start_matches('-').to_ascii_lowercase();
    if let Some((full, _)) = OPTIONS
        .iter()
        .find(|(full, short)| full.eq_ignore_ascii_case(&lower) || short.contains(&lower.as_str()))
    {
        return Ok(Some(full));
    }
    let hits: Vec<&str> = OPTIONS
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| f.to_ascii_lowercase().starts_with(&lower))
        .collect();
    match hits.as_slice() {
        [one] => Ok(Some(one)),
        [] => Err(format!(
            "The argument '{arg}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
        )),
        many => Err(format!(
            "Parameter cannot be processed because the parameter name '{arg}' is ambiguous. Possible matches include: {}.",
            many.iter()
                .map(|m| format!("-{m}"))
                .collect::<Vec<_>>()
                .join(" ")
        )),
    }
}

/// Parse the arguments after the program name.
pub fn parse(args: &[String]) -> Result<(Mode, Options), String> {
    let mut opts = Options::default();
    let mut server: Option<bool> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--check" {
            return Ok((Mode::Check(args[i + 1..].to_vec()), opts));
        }
        if arg == "--version" {
            return Ok((Mode::Version, opts));
        }
        if arg == "--help" {
            return Ok((Mode::Help, opts));
        }
        match option(arg)? {
            None => return Ok((Mode::File(arg.clone(), args[i + 1..].to_vec()), opts)),
            Some("Command") => {
                let rest = &args[i + 1..];
                if rest.is_empty() {
                    return Err("Missing the argument to -Command.".into());
                }
                return Ok((Mode::Command(rest.join(" ")), opts));
            }
            Some("File") => {
                let Some(path) = args.get(i + 1) else {
                    return Err("Missing the argument to -File.".into());
                };
                return Ok((Mode::File(path.clone(), args[i + 2..].to_vec()), opts));
            }
            Some("NoProfile") => opts.no_profile = true,
            Some("NonInteractive") => opts.non_interactive = true,
            Some("NoLogo") => opts.no_logo = true,
            Some("NoExit") => {}
            Some("RoshJob") => opts.job = true,
            Some("RoshLanguageMode") => {
                let value = args.get(i + 1).map(String::as_str).unwrap_or_default();
                let Some(mode) = rosh_runtime::language_mode::LanguageMode::parse(value) else {
                    return Err(format!(
                        "Cannot process the command line: '{value}' is not a language mode. Specify one of the following: FullLanguage, ConstrainedLanguage, RestrictedLanguage, NoLanguage."
                    ));
                };
                opts.language_mode = Some(mode);
                i += 1;
            }
            Some("Version") => return Ok((Mode::Version, opts)),
            Some("ServerMode") => server = Some(false),
            Some("SSHServerMode") => server = Some(true),
            Some(option @ ("ConfigurationName" | "ConfigurationFile")) => {
                let Some(value) = args.get(i + 1) else {
                    return Err(format!("Missing the argument to -{option}."));
                };
                if option == "ConfigurationName" {
                    opts.configuration_name = Some(value.clone());
                } else {
                    opts.configuration_file = Some(value.clone());
                }
                i += 1;
            }
            Some("Help") => return Ok((Mode::Help, opts)),
            Some(_) => {
                // Options with a value that rosh accepts and ignores.
                i += 1;
            }
        }
        i += 1;
    }
    if let Some(ssh) = server {
        return Ok((Mode::Server { ssh }, opts));
    }
    Ok((Mode::Interactive, opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<(Mode, Options), String> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn pwsh_style_options() {
        assert_eq!(
            p(&["-NoProfile", "-c", "1", "+", "2"]).unwrap().0,
            Mode::Command("1 + 2".into())
        );
        assert!(p(&["-nop", "-noni", "-Command", "x"]).unwrap().1.no_profile);
        assert_eq!(p(&["-COMMAND", "x"]).unwrap().0, Mode::Command("x".into()));
        assert_eq!(
            p(&["-f", "a.ps1", "1"]).unwrap().0,
            Mode::File("a.ps1".into(), vec!["1".into()])
        );
        assert_eq!(p(&["a.ps1"]).unwrap().0, Mode::File("a.ps1".into(), vec![]));
        assert_eq!(p(&["-Vers"]).unwrap().0, Mode::Version);
        assert!(p(&["-No"]).is_err());
        let (mode, o) = p(&["-sshs", "-ConfigurationName", "Ops"]).unwrap();
        assert_eq!(mode, Mode::Server { ssh: true });
        assert_eq!(o.configuration_name.as_deref(), Some("Ops"));
        assert_eq!(
            p(&["-config", "Ops", "-s"])
                .unwrap()
                .1
                .configuration_name
                .as_deref(),
            Some("Ops")
        );
        assert!(p(&["-Bogus"]).is_err());
        let (mode, opts) = p(&["-RoshLanguageMode", "NoLanguage", "-s"]).unwrap();
        assert_eq!(mode, Mode::Server { ssh: false });
        assert_eq!(
            opts.language_mode,
            Some(rosh_runtime::language_mode::LanguageMode::NoLanguage)
        );
        assert!(p(&["-RoshLanguageMode", "Constrained", "-c", "1"]).is_err());
    }
}
