//! Runspace-pool and pipeline states, their wire values and the transitions the protocol
//! allows.

/// A runspace pool's state. The first nine have wire values (`RunspaceState` in
/// RUNSPACEPOOL_STATE); the negotiation states are the client's own bookkeeping, as in
/// psrpcore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunspacePoolState {
    /// Created, not opened.
    BeforeOpen,
    /// Opening.
    Opening,
    /// Open: pipelines may run.
    Opened,
    /// Closed for good.
    Closed,
    /// Closing.
    Closing,
    /// Failed for good.
    Broken,
    /// Being disconnected (WS-Man).
    Disconnecting,
    /// Disconnected: the server keeps it running without a client.
    Disconnected,
    /// A client is connecting to it.
    Connecting,
    /// Client side: SESSION_CAPABILITY sent, the server's not yet received.
    NegotiationSent,
    /// Client side: the server's SESSION_CAPABILITY was accepted.
    NegotiationSucceeded,
}

impl RunspacePoolState {
    /// The wire value, for the states that have one.
    pub fn code(self) -> Option<i32> {
        Some(match self {
            RunspacePoolState::BeforeOpen => 0,
            RunspacePoolState::Opening => 1,
            RunspacePoolState::Opened => 2,
            RunspacePoolState::Closed => 3,
            RunspacePoolState::Closing => 4,
            RunspacePoolState::Broken => 5,
            RunspacePoolState::Disconnecting => 6,
            RunspacePoolState::Disconnected => 7,
            RunspacePoolState::Connecting => 8,
            RunspacePoolState::NegotiationSent | RunspacePoolState::NegotiationSucceeded => {
                return None;
            }
        })
    }

    /// The state with wire value `code`.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => RunspacePoolState::BeforeOpen,
            1 => RunspacePoolState::Opening,
            2 => RunspacePoolState::Opened,
            3 => RunspacePoolState::Closed,
            4 => RunspacePoolState::Closing,
            5 => RunspacePoolState::Broken,
            6 => RunspacePoolState::Disconnecting,
            7 => RunspacePoolState::Disconnected,
            8 => RunspacePoolState::Connecting,
            _ => return None,
        })
    }

    /// Whether the pool can never be used again.
    pub fn is_final(self) -> bool {
        matches!(self, RunspacePoolState::Closed | RunspacePoolState::Broken)
    }

    /// Whether a pool may go from `self` to `to`. Any live state may break or start
    /// closing; a closing pool may only close (or break).
    pub fn can_transition_to(self, to: RunspacePoolState) -> bool {
        use RunspacePoolState as S;
        if self.is_final() {
            return false;
        }
        match to {
            S::Broken => true,
            S::Closing => !matches!(self, S::Closing),
            S::Closed => true,
            S::BeforeOpen => false,
            S::Opening => matches!(self, S::BeforeOpen),
            S::NegotiationSent => matches!(self, S::Opening | S::Connecting),
            S::NegotiationSucceeded => matches!(self, S::NegotiationSent),
            S::Opened => matches!(
                self,
                S::Opening | S::NegotiationSent | S::NegotiationSucceeded | S::Connecting
            ),
            S::Disconnecting => matches!(self, S::Opened),
            S::Disconnected => matches!(self, S::Disconnecting),
            S::Connecting => matches!(self, S::Disconnected | S::BeforeOpen),
        }
    }
}

/// A pipeline's state (`PSInvocationState`; `PipelineState` in PIPELINE_STATE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipelineState {
    /// Created, not started.
    NotStarted,
    /// Running.
    Running,
    /// A stop was asked for.
    Stopping,
    /// Stopped (terminal).
    Stopped,
    /// Finished (terminal).
    Completed,
    /// Failed (terminal).
    Failed,
    /// Disconnected (WS-Man).
    Disconnected,
}

impl PipelineState {
    /// The wire value.
    pub fn code(self) -> i32 {
        match self {
            PipelineState::NotStarted => 0,
            PipelineState::Running => 1,
            PipelineState::Stopping => 2,
            PipelineState::Stopped => 3,
            PipelineState::Completed => 4,
            PipelineState::Failed => 5,
            PipelineState::Disconnected => 6,
        }
    }

    /// The state with wire value `code`.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => PipelineState::NotStarted,
            1 => PipelineState::Running,
            2 => PipelineState::Stopping,
            3 => PipelineState::Stopped,
            4 => PipelineState::Completed,
            5 => PipelineState::Failed,
            6 => PipelineState::Disconnected,
            _ => return None,
        })
    }

    /// Whether the pipeline has finished.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            PipelineState::Stopped | PipelineState::Completed | PipelineState::Failed
        )
    }

    /// Whether a pipeline may go from `self` to `to`. PowerShell's server reports only
    /// terminal states, so a client must accept NotStarted straight to a terminal state.
    pub fn can_transition_to(self, to: PipelineState) -> bool {
        use PipelineState as S;
        if self.is_terminal() {
            return false;
        }
        match to {
            S::NotStarted => false,
            S::Running => matches!(self, S::NotStarted | S::Disconnected),
            S::Stopping => matches!(self, S::NotStarted | S::Running | S::Disconnected),
            S::Stopped => true,
            // A pipeline may finish on its own while a stop is on its way.
            S::Completed | S::Failed => true,
            S::Disconnected => matches!(self, S::Running),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_codes_round_trip() {
        for code in 0..=8 {
            let s = RunspacePoolState::from_code(code).unwrap();
            assert_eq!(s.code(), Some(code as i32));
        }
        assert_eq!(RunspacePoolState::from_code(9), None);
        assert_eq!(RunspacePoolState::NegotiationSent.code(), None);
        for code in 0..=6 {
            assert_eq!(PipelineState::from_code(code).unwrap().code(), code as i32);
        }
        assert_eq!(PipelineState::from_code(-1), None);
    }

    #[test]
    fn pool_transitions() {
        use RunspacePoolState as S;
        let open_path = [
            S::BeforeOpen,
            S::Opening,
            S::NegotiationSent,
            S::NegotiationSucceeded,
            S::Opened,
            S::Closing,
            S::Closed,
        ];
        for w in open_path.windows(2) {
            assert!(w[0].can_transition_to(w[1]), "{:?} -> {:?}", w[0], w[1]);
        }
        assert!(!S::BeforeOpen.can_transition_to(S::Opened));
        assert!(!S::Opened.can_transition_to(S::Opening));
        assert!(!S::Closed.can_transition_to(S::Opened));
        assert!(!S::Broken.can_transition_to(S::Closed));
        assert!(!S::Closing.can_transition_to(S::Opened));
        assert!(S::Opening.can_transition_to(S::Broken));
        assert!(S::Opened.can_transition_to(S::Disconnecting));
        assert!(S::Disconnected.can_transition_to(S::Connecting));
        assert!(S::Connecting.can_transition_to(S::Opened));
    }

    #[test]
    fn pipeline_transitions() {
        use PipelineState as S;
        assert!(S::NotStarted.can_transition_to(S::Running));
        assert!(S::NotStarted.can_transition_to(S::Completed));
        assert!(S::Running.can_transition_to(S::Stopping));
        assert!(S::Stopping.can_transition_to(S::Stopped));
        assert!(S::Stopping.can_transition_to(S::Failed));
        assert!(S::Stopping.can_transition_to(S::Completed));
        assert!(!S::Stopping.can_transition_to(S::Running));
        assert!(!S::Running.can_transition_to(S::NotStarted));
        for terminal in [S::Stopped, S::Completed, S::Failed] {
            assert!(terminal.is_terminal());
            assert!(!terminal.can_transition_to(S::Running));
            assert!(!terminal.can_transition_to(S::Stopped));
        }
    }
}
