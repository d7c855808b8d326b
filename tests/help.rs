//! Get-Help and the help around it through the binary: a built-in command's help in
//! PowerShell's layout (default, -Full, -Examples, -Parameter), comment-based help of
//! functions and scripts, the about_ topics, finding commands by parameter (Get-Help
//! -Parameter, Get-Command -ParameterName), Get-Command -Syntax, the help function and
//! PowerShell's errors.

use std::process::Command;

/// Runs `script` with `rosh -NoProfile -Command`; (stdout, stderr).
fn run(script: &str) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rosh"))
        .args(["-NoProfile", "-Command", script])
        .current_dir(std::env::temp_dir())
        .output()
        .expect("rosh runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn stdout_of(script: &str) -> String {
    let (out, err) = run(script);
    assert!(
        err.is_empty(),
        "unexpected errors:\n{err}\n(stdout:\n{out})"
    );
    out
}

/// The text from `start` up to (not including) `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let a = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} in:\n{text}"));
    let b = text[a..]
        .find(end)
        .map(|k| a + k)
        .unwrap_or_else(|| panic!("{end:?} after {start:?} in:\n{text}"));
    &text[a..b]
}

#[test]
fn help_of_a_command_has_powershells_sections_in_order() {
    let out = stdout_of("Get-Help Get-Command");
    assert!(
        out.starts_with(
            "\nNAME\n    Get-Command\n\nSYNOPSIS\n    Gets all commands.\n\n\nSYNTAX\n    Get-Command [[-ArgumentList] <Object[]>] [-Module <string[]>] [-Noun <string[]>] [-Verb <string[]>]"
        ),
        "{out}"
    );
    // One syntax line per parameter set, the default (CmdletSet) first.
    assert!(
        out.contains(
            "\n\n    Get-Command [[-Name] <string[]>] [[-ArgumentList] <Object[]>] [-CommandType <CommandTypes>]"
        ),
        "{out}"
    );
    let order: Vec<usize> = [
        "\nNAME\n",
        "\nSYNOPSIS\n",
        "\nSYNTAX\n",
        "\nDESCRIPTION\n",
        "\nRELATED LINKS\n",
        "\nREMARKS\n",
    ]
    .iter()
    .map(|s| out.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{out}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(
        out.ends_with(
            "REMARKS\n    To see the examples, type: \"Get-Help Get-Command -Examples\"\n    For more information, type: \"Get-Help Get-Command -Detailed\"\n    For technical information, type: \"Get-Help Get-Command -Full\"\n\n"
        ),
        "{out}"
    );
    assert!(!out.contains("PARAMETERS"), "{out}");
    // The object behind the text.
    let out = stdout_of(
        "$h = Get-Help Get-Command\n\
         $h.psobject.TypeNames[0]; $h.Name; $h.Category; $h.ModuleName; $h.Synopsis\n\
         $h.Syntax.SyntaxItem.Count",
    );
    assert_eq!(
        out,
        "MamlCommandHelpInfo\nGet-Command\nCmdlet\nMicrosoft.PowerShell.Core\nGets all commands.\n2\n"
    );
}

#[test]
fn full_help_details_every_parameter_and_shows_the_examples() {
    let out = stdout_of("Get-Help Get-ChildItem -Full");
    assert_eq!(
        between(&out, "    -Path <string[]>\n", "    -Filter"),
        "    -Path <string[]>\n        The directories (or files) to list; wildcards allowed. The current location by default.\n\n        Required?                    false\n        Position?                    0\n        Default value                None\n        Accept pipeline input?       True (ByValue)\n        Accept wildcard characters?  true\n\n"
    );
    assert!(
        out.contains("    -LiteralPath <string[]>\n        The directories to list, taken exactly as written: no character is a wildcard.\n\n        Required?                    true\n        Position?                    named\n"),
        "{out}"
    );
    assert!(out.contains("    -Recurse [<SwitchParameter>]\n"), "{out}");
    assert!(
        out.contains("    <CommonParameters>\n        This cmdlet supports the common parameters: Verbose, Debug, ErrorAction,"),
        "{out}"
    );
    let order: Vec<usize> = [
        "\nDESCRIPTION\n",
        "\nPARAMETERS\n",
        "\nINPUTS\n",
        "\nOUTPUTS\n",
        "Example 1:",
        "\nRELATED LINKS\n",
    ]
    .iter()
    .map(|s| out.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{out}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(
        stdout_of("(Get-Help Get-ChildItem -Full).psobject.TypeNames[0]")
            == "MamlCommandHelpInfo#FullView\n"
    );
}

#[test]
fn examples_view_has_the_name_synopsis_and_numbered_examples_only() {
    let out = stdout_of("Get-Help Split-Path -Examples");
    assert!(
        out.starts_with(
            "\nNAME\n    Split-Path\n\nSYNOPSIS\n    Returns the specified part of a path.\n\n\n    -------------- Example 1: Get the parent of a path --------------\n\n    Split-Path -Path /var/log/app.log\n\n    /var/log\n\n"
        ),
        "{out}"
    );
    assert!(out.contains(" Example 2: "), "{out}");
    assert!(!out.contains("SYNTAX"), "{out}");
    assert!(!out.contains("PARAMETERS"), "{out}");
}

#[test]
fn parameter_help_and_its_errors() {
    let out = stdout_of("Get-Help Invoke-Command -Parameter ComputerName");
    assert!(
        out.starts_with("\n-ComputerName <string[]>\n    The computers to run on."),
        "{out}"
    );
    assert!(
        out.contains("\n    Required?                    false\n    Position?                    0\n    Default value                None\n    Accept pipeline input?       False\n    Accept wildcard characters?  false\n"),
        "{out}"
    );
    // Wildcards name several parameters.
    assert_eq!(
        stdout_of("Get-Help Get-ChildItem -Parameter *Path | ForEach-Object name"),
        "Path\nLiteralPath\n"
    );
    let (out, err) = run("Get-Help Get-Date -Parameter Nope");
    assert_eq!(out, "");
    assert!(
        err.contains("Get-Help: No parameter matches criteria Nope."),
        "{err}"
    );
    let (_, err) = run("Get-Help Get-Date -Full -Examples");
    assert!(
        err.contains("Parameter set cannot be resolved using the specified named parameters."),
        "{err}"
    );
    let (_, err) = run("Get-Help Get-Date -Online");
    assert!(
        err.contains("The online version of this Help topic cannot be displayed because the Internet address (URI) of the Help topic is not specified"),
        "{err}"
    );
}

const GREETING: &str = r#"
<#
.SYNOPSIS
    Greets someone.
.DESCRIPTION
    Writes a greeting for each name given.
.PARAMETER Name
    The names to greet.
.EXAMPLE
    PS> Send-Greeting -Name World
    Hello, World

    Greets the world.
.LINK
    Write-Output
#>
function Send-Greeting {
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'ByName')]
        [Alias('Who')]
        [string[]]$Name,
        # How many times to say it.
        [int]$Count = 1,
        [Parameter(Mandatory, ParameterSetName = 'Everyone')]
        [switch]$All
    )
    process { foreach ($n in $Name) { "Hello, $n" } }
}
function Get-Sum {
    <#
    .SYNOPSIS
    Adds two numbers.
    #>
    param([int]$A, [int]$B)
    $A + $B
}
function plain($x) { $x }
"#;

#[test]
fn functions_get_help_from_their_comments_and_param_block() {
    let out = stdout_of(&format!("{GREETING}\nGet-Help Send-Greeting"));
    assert_eq!(
        out,
        "\nNAME\n    Send-Greeting\n\nSYNOPSIS\n    Greets someone.\n\n\nSYNTAX\n    Send-Greeting [-Name] <String[]> [-Count <Int32>] [<CommonParameters>]\n\n    Send-Greeting -All [-Count <Int32>] [<CommonParameters>]\n\n\nDESCRIPTION\n    Writes a greeting for each name given.\n\n\nRELATED LINKS\n    Write-Output\n\nREMARKS\n    To see the examples, type: \"Get-Help Send-Greeting -Examples\"\n    For more information, type: \"Get-Help Send-Greeting -Detailed\"\n    For technical information, type: \"Get-Help Send-Greeting -Full\"\n\n"
    );
    let full = stdout_of(&format!("{GREETING}\nGet-Help Send-Greeting -Full"));
    // Positions count from 1 in help built from comments, as PowerShell shows them.
    assert!(
        full.contains("    -Name <String[]>\n        The names to greet.\n\n        Required?                    true\n        Position?                    1\n        Default value\n        Accept pipeline input?       true (ByValue)\n"),
        "{full}"
    );
    assert!(
        full.contains("    -Count <Int32>\n        How many times to say it.\n\n        Required?                    false\n        Position?                    named\n        Default value                1\n"),
        "{full}"
    );
    assert!(
        full.contains("    -------------------------- EXAMPLE 1 --------------------------\n\n    PS>Send-Greeting -Name World\n    Hello, World\n\n    Greets the world.\n"),
        "{full}"
    );
    // Help at the start of the body; a function without help gets PowerShell's reduced view.
    assert_eq!(
        stdout_of(&format!(
            "{GREETING}\n(Get-Help Get-Sum).Synopsis\n(Get-Help Get-Sum).Syntax.SyntaxItem[0].Parameter | ForEach-Object {{ \"$_\" }}"
        )),
        "Adds two numbers.\n[[-A] <Int32>]\n[[-B] <Int32>]\n"
    );
    assert_eq!(
        stdout_of(&format!("{GREETING}\nGet-Help plain")),
        "\nNAME\n    plain\n\nSYNTAX\n    plain [[-x] <Object>]\n\n\nALIASES\n    None\n\nREMARKS\n    None\n\n"
    );
    assert_eq!(
        stdout_of(&format!(
            "{GREETING}\n(Get-Help Send-Greeting -Parameter Count).description[0].Text\n(Get-Help Send-Greeting).Examples.Example[0].Code"
        )),
        "How many times to say it.\nSend-Greeting -Name World\nHello, World\n"
    );
}

#[test]
fn scripts_get_help_from_the_comment_at_their_top() {
    let dir = std::env::temp_dir().join(format!("rosh-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("Backup-Logs.ps1");
    std::fs::write(
        &script,
        "<#\n.SYNOPSIS\nCopies the logs somewhere safe.\n#>\nparam([Parameter(Mandatory)][string]$Destination)\nCopy-Item /var/log/*.log $Destination\n",
    )
    .expect("script written");
    let path = script.to_string_lossy().into_owned();
    let out = stdout_of(&format!("Get-Help '{path}'"));
    assert!(
        out.contains(&format!(
            "SYNOPSIS\n    Copies the logs somewhere safe.\n\n\nSYNTAX\n    {path} [-Destination] <String> [<CommonParameters>]\n"
        )),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn about_topics_are_listed_and_shown() {
    let out = stdout_of("Get-Help about_*");
    let names: Vec<&str> = out
        .lines()
        .skip(3)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "about_Jobs",
            "about_Language_Modes",
            "about_Profiles",
            "about_PSSessions",
            "about_Remote",
            "about_Remote_FAQ",
            "about_Remote_Output",
            "about_Remote_Variables",
            "about_Session_Configurations",
        ]
    );
    assert!(
        out.starts_with("\nName                              Category  Module                    Synopsis\n----                              --------  ------                    --------\nabout_Jobs                        HelpFile                            Background jobs"),
        "{out}"
    );
    assert_eq!(
        stdout_of("Get-Help about_Remot* | ForEach-Object { $_.Name + ' ' + $_.Category }"),
        "about_Remote HelpFile\nabout_Remote_FAQ HelpFile\nabout_Remote_Output HelpFile\nabout_Remote_Variables HelpFile\n"
    );
    let topic = stdout_of("Get-Help about_Remote");
    assert!(
        topic.starts_with("TOPIC\n    about_Remote\n\nSHORT DESCRIPTION\n"),
        "{topic}"
    );
    assert!(topic.contains("rosh -s"), "{topic}");
    let config = stdout_of("Get-Help about_Session_Configurations");
    assert!(config.contains("Match User"), "{config}");
    assert!(
        config.contains("ForceCommand /usr/local/bin/rosh -sshs -ConfigurationName"),
        "{config}"
    );
    let profiles = stdout_of("help about_Profiles");
    assert!(
        profiles.contains("~/.config/rosh/profile.ps1"),
        "{profiles}"
    );
    assert!(
        profiles.contains("$PSHOME/Microsoft.PowerShell_profile.ps1"),
        "{profiles}"
    );
}

#[test]
fn commands_are_found_by_parameter() {
    let out = stdout_of("Get-Help * -Parameter ComputerName");
    assert_eq!(
        out,
        "\nName                              Category  Module                    Synopsis\n\
         ----                              --------  ------                    --------\n\
         Enter-PSSession                   Cmdlet    Microsoft.PowerShell.Core Starts an interactive session with a remote compu…\n\
         Get-PSSession                     Cmdlet    Microsoft.PowerShell.Core Gets the PSSessions of the session.\n\
         Invoke-Command                    Cmdlet    Microsoft.PowerShell.Core Runs commands on local and remote computers.\n\
         New-PSSession                     Cmdlet    Microsoft.PowerShell.Core Creates persistent connections to local or remote…\n\
         Remove-PSSession                  Cmdlet    Microsoft.PowerShell.Core Closes PSSessions.\n\n"
    );
    assert_eq!(
        stdout_of("Get-Command -ParameterName ComputerName | ForEach-Object Name"),
        "Enter-PSSession\nGet-PSSession\nInvoke-Command\nNew-PSSession\nRemove-PSSession\n"
    );
    // Parameter aliases count, for cmdlets and functions; advanced functions (help among
    // them) have the common parameters.
    assert_eq!(
        stdout_of(
            "function Test-Host { param([Alias('Cn')][string]$Server) }\n\
             function Test-Adv { [CmdletBinding()] param($X) }\n\
             Get-Command -ParameterName Cn | ForEach-Object Name\n\
             '--'\n\
             Get-Command -ParameterName ErrorAction -CommandType Function | ForEach-Object Name"
        ),
        "Test-Host\nEnter-PSSession\nGet-PSSession\nInvoke-Command\nNew-PSSession\nRemove-PSSession\n--\nhelp\nTest-Adv\n"
    );
}

#[test]
fn get_command_syntax() {
    assert_eq!(
        stdout_of("Get-Command Start-Sleep -Syntax"),
        "\nStart-Sleep [-Seconds] <double> [<CommonParameters>]\n\nStart-Sleep -Milliseconds <int> [<CommonParameters>]\n\nStart-Sleep -Duration <timespan> [<CommonParameters>]\n\n"
    );
    assert_eq!(
        stdout_of("Get-Command gcm -Syntax")
            .lines()
            .take(3)
            .collect::<Vec<_>>(),
        [
            "gcm (alias) -> Get-Command",
            "",
            "gcm [[-ArgumentList] <Object[]>] [-Module <string[]>] [-Noun <string[]>] [-Verb <string[]>] [-ParameterName <string[]>] [-All] [-TotalCount <int>] [-Syntax] [-ListImported] [<CommonParameters>]",
        ]
    );
    assert_eq!(
        stdout_of("function f([int]$n, [switch]$q) {}\nGet-Command f -Syntax"),
        "\nf [[-n] <int>] [-q]\n\n"
    );
}

#[test]
fn help_is_a_function_that_shows_get_help() {
    assert_eq!(stdout_of("(Get-Command help).CommandType"), "Function\n");
    assert_eq!(
        stdout_of("help Get-Date -Examples"),
        stdout_of("Get-Help Get-Date -Examples")
    );
    // An alias shows its command's help.
    assert_eq!(stdout_of("(help gci).Name"), "Get-ChildItem\n");
    // help's own help is Get-Help's, as in PowerShell; a listing shows it as a function.
    assert_eq!(stdout_of("(Get-Help help).Name"), "Get-Help\n");
    assert_eq!(stdout_of("(Get-Help he*).Name"), "Get-Help\n");
    assert_eq!(
        stdout_of(
            "function Test-One {}\nGet-Help -Category Function | ForEach-Object { $_.Name + ' ' + $_.Category }"
        ),
        "help Function\nprompt Function\nTest-One Function\n"
    );
}

#[test]
fn unknown_help_is_powershells_error() {
    let (out, err) = run("Get-Help Nonexistent");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "Get-Help: Get-Help could not find Nonexistent in a help file in this session. To download updated help topics type: \"Update-Help\". To get help online, search for the help topic in the TechNet library at https:/go.microsoft.com/fwlink/?LinkID=107116.\n"
    );
    assert_eq!(
        stdout_of(
            "try { Get-Help Nonexistent -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }"
        ),
        "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand\nResourceUnavailable\n"
    );
}
