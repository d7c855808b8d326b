//! Rendering diagnostics for people: miette's graphical report, in colour on a terminal and
//! plain when `NO_COLOR` is set or stderr is redirected.

use rosh_lang::ParseError;
use std::io::IsTerminal;
use std::sync::Arc;

/// True when diagnostics may use colour.
fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// A parse error as PowerShell users read it: `file:line:column`, the id, the message, and the
/// source line with the position marked.
pub fn render_parse_error(name: &str, source: &Arc<str>, e: &ParseError) -> String {
    let lc = e.line_col(source);
    let mut out = format!(
        "{name}:{}:{}: {}: {}\n",
        lc.line, lc.column, e.id, e.message
    );
    let theme = if colour() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let diagnostic = e.to_diagnostic(name, source.clone());
    if handler.render_report(&mut out, &diagnostic).is_err() {
        // The one-line summary above is already complete.
    }
    out
}
