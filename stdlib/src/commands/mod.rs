//! The built-in commands, one per file.

pub mod add_content;
pub mod foreach_object;
pub mod get_content;
pub mod get_variable;
pub mod group_object;
pub mod join_path;
pub mod measure_object;
pub mod out_default;
pub mod out_null;
pub mod out_string;
pub mod remove_variable;
pub mod select_object;
pub mod set_content;
pub mod set_variable;
pub mod sort_object;
pub mod split_path;
pub mod start_sleep;
pub mod test_path;
pub mod where_object;
pub mod write_debug;
pub mod write_error;
pub mod write_host;
pub mod write_information;
pub mod write_output;
pub mod write_verbose;
pub mod write_warning;
