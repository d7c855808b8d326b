//! The progress bar of a fan-out: how many of its targets are done, and how many failed.

use rosh_remoting::session::PipelineEvent;
use rosh_runtime::Runspace;
use rosh_runtime::host::{ProgressRecord, ProgressRecordType};

use super::fan_out::{Delivered, Delivery};

/// The activity id of a fan-out's bar, apart from the ids scripts give Write-Progress (and
/// the ones remote commands send back).
const ACTIVITY_ID: i32 = 0x7273_6800;

/// Counts a fan-out's targets as they finish.
pub struct FanOutProgress {
    total: usize,
    done: usize,
    failed: usize,
    shown: bool,
}

impl FanOutProgress {
    /// A bar for `total` targets; none is drawn for a single target.
    pub fn new(total: usize) -> Self {
        FanOutProgress {
            total,
            done: 0,
            failed: 0,
            shown: false,
        }
    }

    /// Counts `d` if it ends its target.
    pub fn note(&mut self, d: &Delivery) {
        match &d.what {
            Delivered::OpenFailed(_) | Delivered::Event(PipelineEvent::Broken(_)) => {
                self.done += 1;
                self.failed += 1;
            }
            Delivered::Event(PipelineEvent::Finished { .. }) => self.done += 1,
            _ => {}
        }
    }

    /// Draws the bar as it stands.
    pub fn show(&mut self, rs: &mut Runspace) {
        if self.total < 2 {
            return;
        }
        self.shown = true;
        let mut status = format!("{} of {} targets done", self.done, self.total);
        if self.failed > 0 {
            status.push_str(&format!(", {} failed", self.failed));
        }
        rs.write_progress(&self.record(status, ProgressRecordType::Processing));
    }

    /// Removes the bar.
    pub fn complete(&mut self, rs: &mut Runspace) {
        if self.shown {
            rs.write_progress(&self.record(String::new(), ProgressRecordType::Completed));
        }
    }

    fn record(&self, status: String, record_type: ProgressRecordType) -> ProgressRecord {
        ProgressRecord {
            activity_id: ACTIVITY_ID,
            parent_activity_id: -1,
            activity: "Invoke-Command".into(),
            status_description: status,
            current_operation: None,
            percent_complete: (self.done * 100 / self.total.max(1)) as i32,
            seconds_remaining: -1,
            record_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_ends_a_target() {
        let mut p = FanOutProgress::new(3);
        let d = |what| Delivery {
            computer: "h".into(),
            runspace_id: uuid::Uuid::nil(),
            what,
        };
        p.note(&d(Delivered::Event(PipelineEvent::Output(
            "<I32>1</I32>".into(),
        ))));
        assert_eq!((p.done, p.failed), (0, 0));
        p.note(&d(Delivered::Event(PipelineEvent::Broken("gone".into()))));
        assert_eq!((p.done, p.failed), (1, 1));
        let r = p.record("s".into(), ProgressRecordType::Processing);
        assert_eq!(
            (r.percent_complete, r.activity.as_str()),
            (33, "Invoke-Command")
        );
    }
}
