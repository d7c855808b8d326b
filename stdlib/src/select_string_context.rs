//! `Select-String -Context`: PowerShell's context tracking. Matches wait here until the
//! lines around them are known. *Logical* context (`PreContext`/`PostContext`) holds up to
//! N lines on each side, other matches included; *display* context (`DisplayPreContext`/
//! `DisplayPostContext`, what the match prints with) leaves out lines shown already, so a run
//! of matches prints each line once.

use rosh_runtime::value::{Array, PsObject};
use rosh_runtime::{Value, convert::to_str};
use std::collections::VecDeque;

/// A line seen while tracking: plain text or a match.
#[derive(Clone)]
enum Entry {
    Line(String),
    Match(PsObject),
}

impl Entry {
    fn text(&self) -> String {
        match self {
            Entry::Line(l) => l.clone(),
            Entry::Match(m) => m.get("Line").map(|l| to_str(&l)).unwrap_or_default(),
        }
    }
}

/// Where matches wait for their context; without context they are ready at once.
pub(crate) struct Tracker {
    pre: usize,
    post: usize,
    ready: Vec<PsObject>,
    display: Display,
    logical: Logical,
}

impl Tracker {
    /// A tracker collecting `pre` lines before and `post` after each match.
    pub(crate) fn new(pre: usize, post: usize) -> Tracker {
        Tracker {
            pre,
            post,
            ready: Vec::new(),
            display: Display::new(pre, post),
            logical: Logical::new(pre, post),
        }
    }

    fn tracks(&self) -> bool {
        self.pre > 0 || self.post > 0
    }

    /// A line that did not match.
    pub(crate) fn track_line(&mut self, line: &str) {
        if self.tracks() {
            self.display.track(Entry::Line(line.to_string()));
            self.logical.track(Entry::Line(line.to_string()));
            self.ready.append(&mut self.logical.emitted);
        }
    }

    /// A match.
    pub(crate) fn track_match(&mut self, m: PsObject) {
        if self.tracks() {
            self.display.track(Entry::Match(m.clone()));
            self.logical.track(Entry::Match(m));
            self.ready.append(&mut self.logical.emitted);
        } else {
            self.ready.push(m);
        }
    }

    /// The end of the input: matches still waiting for lines after them are ready.
    pub(crate) fn track_eof(&mut self) {
        if self.tracks() {
            self.display.eof();
            self.logical.eof();
            self.ready.append(&mut self.logical.emitted);
        }
    }

    /// Whether a match is ready.
    pub(crate) fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    /// The matches ready to be written, in order.
    pub(crate) fn take_ready(&mut self) -> Vec<PsObject> {
        std::mem::take(&mut self.ready)
    }
}

fn strings(lines: impl IntoIterator<Item = String>) -> Value {
    Value::Array(Array::typed(
        rosh_runtime::types::TypeInfo::of(rosh_runtime::types::KnownType::String),
        lines.into_iter().map(Value::from).collect(),
    ))
}

/// Set one of the context arrays of a match's `Context` object.
fn set_context(m: &PsObject, name: &str, lines: Vec<String>) {
    if let Some(Value::Object(c)) = m.get("Context") {
        c.set(name, strings(lines));
    }
}

#[derive(PartialEq)]
enum State {
    Initial,
    CollectPre,
    CollectPost,
}

/// PowerShell's `DisplayContextTracker`.
struct Display {
    pre: usize,
    post: usize,
    state: State,
    collected_pre: VecDeque<String>,
    collected_post: Vec<String>,
    current: Option<PsObject>,
}

impl Display {
    fn new(pre: usize, post: usize) -> Display {
        let mut d = Display {
            pre,
            post,
            state: State::Initial,
            collected_pre: VecDeque::new(),
            collected_post: Vec::new(),
            current: None,
        };
        d.reset();
        d
    }

    fn track(&mut self, entry: Entry) {
        match entry {
            Entry::Line(line) => match self.state {
                State::Initial => {}
                State::CollectPre => {
                    if self.collected_pre.len() == self.pre {
                        self.collected_pre.pop_front();
                    }
                    self.collected_pre.push_back(line);
                }
                State::CollectPost => {
                    self.collected_post.push(line);
                    if self.collected_post.len() >= self.post {
                        self.finish();
                    }
                }
            },
            Entry::Match(m) => {
                if self.state == State::CollectPost {
                    self.finish();
                }
                self.current = Some(m);
                if self.post > 0 {
                    self.state = State::CollectPost;
                } else {
                    self.finish();
                }
            }
        }
    }

    fn eof(&mut self) {
        if self.state == State::CollectPost {
            self.finish();
        }
    }

    fn finish(&mut self) {
        if let Some(m) = self.current.take() {
            set_context(
                &m,
                "DisplayPreContext",
                self.collected_pre.iter().cloned().collect(),
            );
            set_context(&m, "DisplayPostContext", self.collected_post.clone());
            self.reset();
        }
    }

    fn reset(&mut self) {
        self.state = if self.pre > 0 {
            State::CollectPre
        } else {
            State::Initial
        };
        self.collected_pre.clear();
        self.collected_post.clear();
        self.current = None;
    }
}

/// PowerShell's `LogicalContextTracker`: a window of `pre + 1 + post` entries; a match in its
/// middle has all its context.
struct Logical {
    pre: usize,
    post: usize,
    window: VecDeque<Entry>,
    processed_early: bool,
    emitted: Vec<PsObject>,
}

impl Logical {
    fn new(pre: usize, post: usize) -> Logical {
        Logical {
            pre,
            post,
            window: VecDeque::new(),
            processed_early: false,
            emitted: Vec::new(),
        }
    }

    fn capacity(&self) -> usize {
        self.pre + self.post + 1
    }

    fn track(&mut self, entry: Entry) {
        if self.window.len() == self.capacity() {
            self.window.pop_front();
        }
        self.window.push_back(entry);
        if self.window.len() == self.capacity() {
            if self.processed_early {
                self.emit_range(self.pre, self.pre);
            } else {
                // The first entries may not have had all their lines before them.
                self.emit_range(0, self.pre);
                self.processed_early = true;
            }
        }
    }

    fn eof(&mut self) {
        let start = if self.window.len() == self.capacity() {
            self.pre + 1
        } else {
            0
        };
        if !self.window.is_empty() {
            self.emit_range(start, self.window.len() - 1);
        }
    }

    fn emit_range(&mut self, start: usize, end: usize) {
        for i in start..=end {
            let Some(Entry::Match(m)) = self.window.get(i).cloned() else {
                continue;
            };
            let pre_start = i.saturating_sub(self.pre);
            let post_len = self.post.min(self.window.len() - i - 1);
            let text = |r: std::ops::Range<usize>| -> Vec<String> {
                r.filter_map(|j| self.window.get(j).map(Entry::text))
                    .collect()
            };
            set_context(&m, "PreContext", text(pre_start..i));
            set_context(&m, "PostContext", text(i + 1..i + 1 + post_len));
            self.emitted.push(m);
        }
    }
}
