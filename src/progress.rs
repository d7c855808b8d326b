//! Progress bars: the records Write-Progress reported, kept by activity, drawn as lines of
//! text (nested activities indented under their parent), as PowerShell's minimal view shows
//! them.

use rosh_runtime::host::{ProgressRecord, ProgressRecordType};

/// The activities still going on, in the order they started.
#[derive(Debug, Default)]
pub struct ProgressPane {
    records: Vec<(i64, ProgressRecord)>,
}

impl ProgressPane {
    /// Take a record: a new activity is added, a known one updated, a completed one (and
    /// the activities under it) removed.
    pub fn update(&mut self, source_id: i64, record: &ProgressRecord) {
        let key = (source_id, record.activity_id);
        if record.record_type == ProgressRecordType::Completed {
            let mut gone = vec![record.activity_id];
            while let Some(id) = gone.pop() {
                self.records.retain(|(s, r)| {
                    if *s != source_id {
                        return true;
                    }
                    if r.parent_activity_id == id && r.activity_id != id {
                        gone.push(r.activity_id);
                        return false;
                    }
                    r.activity_id != id
                });
            }
            return;
        }
        match self
            .records
            .iter_mut()
            .find(|(s, r)| (*s, r.activity_id) == key)
        {
            Some(slot) => slot.1 = record.clone(),
            None => self.records.push((source_id, record.clone())),
        }
    }

    /// True when nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The lines to draw for a terminal `width` columns wide: parents before children,
    /// each level indented by two more spaces. `colour` uses reverse video for the bar.
    pub fn lines(&self, width: usize, colour: bool) -> Vec<String> {
        let mut out = Vec::new();
        for (source, r) in &self.records {
            let is_root = r.parent_activity_id < 0
                || !self
                    .records
                    .iter()
                    .any(|(s, p)| s == source && p.activity_id == r.parent_activity_id);
            if is_root {
                self.draw(*source, r, 0, width, colour, &mut out);
            }
        }
        out
    }

    fn draw(
        &self,
        source: i64,
        r: &ProgressRecord,
        depth: usize,
        width: usize,
        colour: bool,
        out: &mut Vec<String>,
    ) {
        if depth > 16 {
            return;
        }
        out.push(bar_line(r, depth * 2, width, colour));
        for (s, child) in &self.records {
            if *s == source
                && child.parent_activity_id == r.activity_id
                && child.activity_id != r.activity_id
            {
                self.draw(source, child, depth + 1, width, colour, out);
            }
        }
    }
}

/// One activity: `Activity [=====     ] 50% Status`, cut to the width.
fn bar_line(r: &ProgressRecord, indent: usize, width: usize, colour: bool) -> String {
    let mut status = r.status_description.clone();
    if let Some(op) = &r.current_operation {
        status = format!("{status} {op}");
    }
    if r.seconds_remaining >= 0 {
        status = format!("{status} ({}s left)", r.seconds_remaining);
    }
    let label = format!("{}{} ", " ".repeat(indent), r.activity);
    let bar_width = 30usize;
    let bar = if r.percent_complete >= 0 {
        let filled = (r.percent_complete.clamp(0, 100) as usize * bar_width) / 100;
        let (on, off) = if colour {
            (
                format!("\x1b[7m{}\x1b[0m", " ".repeat(filled)),
                " ".repeat(bar_width - filled),
            )
        } else {
            ("=".repeat(filled), " ".repeat(bar_width - filled))
        };
        format!("[{on}{off}] {:>3}% ", r.percent_complete)
    } else {
        String::new()
    };
    let plain_len = label.chars().count()
        + if r.percent_complete >= 0 {
            bar_width + 8
        } else {
            0
        };
    let room = width.saturating_sub(plain_len + 1);
    let status: String = status.chars().take(room).collect();
    let label: String = label.chars().take(width.saturating_sub(1)).collect();
    if colour {
        format!("\x1b[33;1m{label}\x1b[0m{bar}{status}")
    } else {
        format!("{label}{bar}{status}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: i32, parent: i32, activity: &str, pct: i32) -> ProgressRecord {
        ProgressRecord {
            activity_id: id,
            parent_activity_id: parent,
            activity: activity.into(),
            status_description: "Working".into(),
            current_operation: None,
            percent_complete: pct,
            seconds_remaining: -1,
            record_type: ProgressRecordType::Processing,
        }
    }

    #[test]
    fn nested_bars_are_indented_and_completed_ones_go() {
        let mut pane = ProgressPane::default();
        pane.update(0, &rec(1, -1, "Outer", 50));
        pane.update(0, &rec(2, 1, "Inner", 10));
        let lines = pane.lines(100, false);
        assert_eq!(
            lines,
            vec![
                format!("Outer [{}{}]  50% Working", "=".repeat(15), " ".repeat(15)),
                format!("  Inner [{}{}]  10% Working", "=".repeat(3), " ".repeat(27)),
            ]
        );
        let mut done = rec(1, -1, "Outer", 100);
        done.record_type = ProgressRecordType::Completed;
        pane.update(0, &done);
        assert!(pane.is_empty());
    }

    #[test]
    fn lines_fit_the_terminal() {
        let mut pane = ProgressPane::default();
        let mut r = rec(1, -1, "Copying", 20);
        r.status_description = "x".repeat(200);
        pane.update(0, &r);
        assert!(pane.lines(60, false)[0].chars().count() < 60);
    }
}
