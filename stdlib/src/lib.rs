//! rosh's built-in commands, one per file under `commands/`, each with its parameter
//! metadata. [`register`] puts them (and the standard aliases) into a runspace.

mod alias_writer;
mod command_info;
pub mod commands;
mod content_writer;
mod csv_read;
mod csv_write;
mod drives;
mod format_args;
mod fs_items;
pub mod help;
mod host_input;
mod parallel;
mod process_args;
mod process_info;
mod process_launch;
mod process_object;
mod process_select;
pub mod remote;
mod select_string_context;
pub mod session_config;
mod sshd_config;
mod stream_message;
mod text_decode;
mod util;

use rosh_runtime::{Runspace, Value};
use std::sync::Arc;

/// The standard aliases PowerShell defines for these commands on Linux (where it leaves out
/// aliases that shadow native programs: `sort`, `sleep`, `cat`, ...).
pub const ALIASES: &[(&str, &str)] = &[
    ("cls", "Clear-Host"),
    ("etsn", "Enter-PSSession"),
    ("exsn", "Exit-PSSession"),
    ("%", "ForEach-Object"),
    ("foreach", "ForEach-Object"),
    ("?", "Where-Object"),
    ("where", "Where-Object"),
    ("select", "Select-Object"),
    ("sls", "Select-String"),
    ("group", "Group-Object"),
    ("measure", "Measure-Object"),
    ("echo", "Write-Output"),
    ("gv", "Get-Variable"),
    ("sv", "Set-Variable"),
    ("set", "Set-Variable"),
    ("rv", "Remove-Variable"),
    ("gc", "Get-Content"),
    ("type", "Get-Content"),
    ("gl", "Get-Location"),
    ("pwd", "Get-Location"),
    ("sl", "Set-Location"),
    ("cd", "Set-Location"),
    ("chdir", "Set-Location"),
    ("pushd", "Push-Location"),
    ("popd", "Pop-Location"),
    ("rvpa", "Resolve-Path"),
    ("gci", "Get-ChildItem"),
    ("dir", "Get-ChildItem"),
    ("gi", "Get-Item"),
    ("ni", "New-Item"),
    ("ri", "Remove-Item"),
    ("del", "Remove-Item"),
    ("erase", "Remove-Item"),
    ("rd", "Remove-Item"),
    ("copy", "Copy-Item"),
    ("cpi", "Copy-Item"),
    ("move", "Move-Item"),
    ("mi", "Move-Item"),
    ("ren", "Rename-Item"),
    ("rni", "Rename-Item"),
    ("ft", "Format-Table"),
    ("fl", "Format-List"),
    ("gm", "Get-Member"),
    ("nv", "New-Variable"),
    ("gal", "Get-Alias"),
    ("sal", "Set-Alias"),
    ("nal", "New-Alias"),
    ("gcm", "Get-Command"),
    ("iex", "Invoke-Expression"),
    ("clv", "Clear-Variable"),
    ("gu", "Get-Unique"),
    ("icm", "Invoke-Command"),
    ("nsn", "New-PSSession"),
    ("gsn", "Get-PSSession"),
    ("rsn", "Remove-PSSession"),
    ("sajb", "Start-Job"),
    ("gjb", "Get-Job"),
    ("rcjb", "Receive-Job"),
    ("wjb", "Wait-Job"),
    ("spjb", "Stop-Job"),
    ("rjb", "Remove-Job"),
    ("gps", "Get-Process"),
    ("spps", "Stop-Process"),
    ("saps", "Start-Process"),
    ("epcsv", "Export-Csv"),
    ("compare", "Compare-Object"),
    ("oh", "Out-Host"),
    ("fw", "Format-Wide"),
    ("ipcsv", "Import-Csv"),
];

/// Register every built-in command and alias.
pub fn register(rs: &mut Runspace) {
    rs.add_command(Arc::new(commands::add_content::AddContent));
    rs.add_command(Arc::new(commands::get_job::GetJob));
    rs.add_command(Arc::new(commands::get_pssession::GetPSSession));
    rs.add_command(Arc::new(commands::invoke_command::InvokeCommand));
    rs.add_command(Arc::new(commands::new_pssession::NewPSSession));
    rs.add_command(Arc::new(commands::enable_sshremoting::EnableSSHRemoting));
    rs.add_command(Arc::new(commands::receive_job::ReceiveJob));
    rs.add_command(Arc::new(commands::remove_job::RemoveJob));
    rs.add_command(Arc::new(commands::remove_pssession::RemovePSSession));
    rs.add_command(Arc::new(commands::start_job::StartJob));
    rs.add_command(Arc::new(commands::stop_job::StopJob));
    rs.add_command(Arc::new(commands::wait_job::WaitJob));
    rs.add_command(Arc::new(commands::add_member::AddMember));
    rs.add_command(Arc::new(commands::clear_variable::ClearVariable));
    rs.add_command(Arc::new(commands::convertfrom_clixml::ConvertFromCliXml));
    rs.add_command(Arc::new(commands::convertfrom_json::ConvertFromJson));
    rs.add_command(Arc::new(commands::convertto_clixml::ConvertToCliXml));
    rs.add_command(Arc::new(
        commands::convertto_securestring::ConvertToSecureString,
    ));
    rs.add_command(Arc::new(
        commands::convertfrom_securestring::ConvertFromSecureString,
    ));
    rs.add_command(Arc::new(commands::convertto_json::ConvertToJson));
    rs.add_command(Arc::new(commands::copy_item::CopyItem));
    rs.add_command(Arc::new(commands::compare_object::CompareObject));
    rs.add_command(Arc::new(commands::convertto_csv::ConvertToCsv));
    rs.add_command(Arc::new(commands::convertfrom_csv::ConvertFromCsv));
    rs.add_command(Arc::new(commands::export_csv::ExportCsv));
    rs.add_command(Arc::new(commands::import_csv::ImportCsv));
    rs.add_command(Arc::new(commands::export_clixml::ExportClixml));
    rs.add_command(Arc::new(commands::foreach_object::ForEachObject));
    rs.add_command(Arc::new(commands::get_child_item::GetChildItem));
    rs.add_command(Arc::new(commands::get_content::GetContent));
    rs.add_command(Arc::new(commands::get_date::GetDate));
    rs.add_command(Arc::new(commands::get_item::GetItem));
    rs.add_command(Arc::new(commands::get_location::GetLocation));
    rs.add_command(Arc::new(commands::get_process::GetProcess));
    rs.add_command(Arc::new(commands::start_process::StartProcess));
    rs.add_command(Arc::new(commands::stop_process::StopProcess));
    rs.add_command(Arc::new(commands::format_list::FormatList));
    rs.add_command(Arc::new(commands::format_table::FormatTable));
    rs.add_command(Arc::new(commands::format_wide::FormatWide));
    rs.add_command(Arc::new(commands::get_alias::GetAlias));
    rs.add_command(Arc::new(commands::get_command::GetCommand));
    rs.add_command(Arc::new(commands::get_format_data::GetFormatData));
    rs.add_command(Arc::new(commands::get_file_hash::GetFileHash));
    rs.add_command(Arc::new(commands::get_help::GetHelp));
    rs.add_command(Arc::new(commands::get_member::GetMember));
    rs.add_command(Arc::new(commands::get_random::GetRandom));
    rs.add_command(Arc::new(commands::invoke_expression::InvokeExpression));
    rs.add_command(Arc::new(commands::get_variable::GetVariable));
    rs.add_command(Arc::new(commands::group_object::GroupObject));
    rs.add_command(Arc::new(commands::import_clixml::ImportClixml));
    rs.add_command(Arc::new(commands::join_path::JoinPath));
    rs.add_command(Arc::new(commands::join_string::JoinString));
    rs.add_command(Arc::new(commands::get_unique::GetUnique));
    rs.add_command(Arc::new(commands::measure_object::MeasureObject));
    rs.add_command(Arc::new(commands::new_timespan::NewTimeSpan));
    rs.add_command(Arc::new(commands::move_item::MoveItem));
    rs.add_command(Arc::new(commands::new_item::NewItem));
    rs.add_command(Arc::new(commands::new_variable::NewVariable));
    rs.add_command(Arc::new(commands::new_alias::NewAlias));
    rs.add_command(Arc::new(commands::new_object::NewObject));
    rs.add_command(Arc::new(commands::out_default::OutDefault));
    rs.add_command(Arc::new(commands::out_file::OutFile));
    rs.add_command(Arc::new(commands::out_host::OutHost));
    rs.add_command(Arc::new(commands::out_null::OutNull));
    rs.add_command(Arc::new(commands::out_string::OutString));
    rs.add_command(Arc::new(commands::pop_location::PopLocation));
    rs.add_command(Arc::new(commands::push_location::PushLocation));
    rs.add_command(Arc::new(commands::remove_item::RemoveItem));
    rs.add_command(Arc::new(commands::remove_variable::RemoveVariable));
    rs.add_command(Arc::new(commands::rename_item::RenameItem));
    rs.add_command(Arc::new(commands::resolve_path::ResolvePath));
    rs.add_command(Arc::new(commands::select_object::SelectObject));
    rs.add_command(Arc::new(commands::select_string::SelectString));
    rs.add_command(Arc::new(commands::set_alias::SetAlias));
    rs.add_command(Arc::new(commands::set_content::SetContent));
    rs.add_command(Arc::new(commands::set_location::SetLocation));
    rs.add_command(Arc::new(commands::set_variable::SetVariable));
    rs.add_command(Arc::new(commands::sort_object::SortObject));
    rs.add_command(Arc::new(commands::split_path::SplitPath));
    rs.add_command(Arc::new(commands::start_sleep::StartSleep));
    rs.add_command(Arc::new(commands::tee_object::TeeObject));
    rs.add_command(Arc::new(commands::test_path::TestPath));
    rs.add_command(Arc::new(commands::where_object::WhereObject));
    rs.add_command(Arc::new(commands::write_debug::WriteDebug));
    rs.add_command(Arc::new(commands::write_error::WriteError));
    rs.add_command(Arc::new(commands::write_host::WriteHost));
    rs.add_command(Arc::new(commands::write_information::WriteInformation));
    rs.add_command(Arc::new(commands::write_output::WriteOutput));
    rs.add_command(Arc::new(commands::write_verbose::WriteVerbose));
    rs.add_command(Arc::new(commands::write_warning::WriteWarning));
    rs.add_command(Arc::new(commands::read_host::ReadHost));
    rs.add_command(Arc::new(commands::get_credential::GetCredential));
    rs.add_command(Arc::new(commands::clear_host::ClearHost));
    rs.add_command(Arc::new(commands::enter_pssession::EnterPSSession));
    rs.add_command(Arc::new(commands::exit_pssession::ExitPSSession));
    rs.add_command(Arc::new(commands::write_progress::WriteProgress));
    rs.add_command(Arc::new(
        commands::new_pssessionconfigurationfile::NewPSSessionConfigurationFile,
    ));
    rs.add_command(Arc::new(
        commands::new_psrolecapabilityfile::NewPSRoleCapabilityFile,
    ));
    rs.add_command(Arc::new(
        commands::test_pssessionconfigurationfile::TestPSSessionConfigurationFile,
    ));
    rs.add_command(Arc::new(
        commands::register_pssessionconfiguration::RegisterPSSessionConfiguration,
    ));
    rs.add_command(Arc::new(
        commands::get_pssessionconfiguration::GetPSSessionConfiguration,
    ));
    rs.add_command(Arc::new(
        commands::set_pssessionconfiguration::SetPSSessionConfiguration,
    ));
    rs.add_command(Arc::new(
        commands::unregister_pssessionconfiguration::UnregisterPSSessionConfiguration,
    ));
    rs.add_command(Arc::new(
        commands::enable_pssessionconfiguration::EnablePSSessionConfiguration,
    ));
    rs.add_command(Arc::new(
        commands::disable_pssessionconfiguration::DisablePSSessionConfiguration,
    ));
    rs.add_command(Arc::new(commands::enable_psremoting::EnablePSRemoting));
    for (alias, target) in ALIASES {
        rs.add_alias(alias, target);
    }
    rs.set_module_resolver(module_of);
    rs.set_item_builder(fs_items::item);
    help::help_function::define(rs);
    define_prompt(rs);
}

/// The module PowerShell ships a built-in command in.
fn module_of(name: &str) -> &'static str {
    command_info::cmdlet_module(name).0
}

/// PowerShell's default `prompt` function (`PS /current/path> `), which every runspace has:
/// the interactive shell shows it, and a remote session's shows at `[computer]: `.
const DEFAULT_PROMPT: &str =
    "function global:prompt { \"PS $($PWD.Path)$('>' * ($NestedPromptLevel + 1)) \" }";

fn define_prompt(rs: &mut Runspace) {
    rs.scopes.set(
        rosh_runtime::interp::scope::Target::Global,
        "NestedPromptLevel",
        Value::Int(0),
    );
    let out = rosh_lang::parse(DEFAULT_PROMPT);
    let text: std::sync::Arc<str> = std::sync::Arc::from(DEFAULT_PROMPT);
    let _ = rs.run_script(
        &out.script,
        rosh_runtime::interp::SourceInfo {
            path: None,
            lines: std::sync::Arc::new(rosh_lang::LineIndex::new(DEFAULT_PROMPT)),
            text,
        },
    );
    rs.source = None;
}
