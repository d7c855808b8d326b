//! A script block as a value: its tree and the language mode it was created in.
//!
//! PowerShell's script blocks remember the runspace's mode at creation; running one switches
//! to that mode for its duration (a FullLanguage function keeps working in a session lowered
//! to ConstrainedLanguage, and a block written under ConstrainedLanguage stays constrained
//! when trusted code runs it). See `interp::trust`.
//!
//! `GetNewClosure()` gives a block bound to its own variables: a copy of the variables of
//! the scope it was made in, which every run of the block sees (and `$script:` changes), as
//! PowerShell's dynamic module for the closure keeps them.

use crate::interp::scope::Variable;
use crate::language_mode::LanguageMode;
use rosh_lang::ast::ScriptBlock;
use std::sync::{Arc, Mutex};

/// The variables a closure carries, shared by its copies.
pub type ClosureVariables = Arc<Mutex<Vec<Variable>>>;

/// A script block value. Clones share the tree (and compare equal by identity).
#[derive(Clone, Debug)]
pub struct ScriptBlockValue {
    block: Arc<ScriptBlock>,
    mode: LanguageMode,
    closure: Option<ClosureVariables>,
}

impl ScriptBlockValue {
    /// A block created while `mode` was in force.
    pub fn new(block: Arc<ScriptBlock>, mode: LanguageMode) -> Self {
        ScriptBlockValue {
            block,
            mode,
            closure: None,
        }
    }

    /// `GetNewClosure()`: the same block bound to a copy of `variables`.
    pub fn with_closure(&self, variables: Vec<Variable>) -> Self {
        ScriptBlockValue {
            block: self.block.clone(),
            mode: self.mode,
            closure: Some(Arc::new(Mutex::new(variables))),
        }
    }

    /// The variables a closure is bound to; `None` for a plain block.
    pub fn closure(&self) -> Option<&ClosureVariables> {
        self.closure.as_ref()
    }

    /// A block whose text the host itself wrote (a built-in script property, a default
    /// function): trusted, so it runs in FullLanguage whatever mode its caller is in, as
    /// PowerShell runs its own built-in script members.
    pub fn trusted(block: Arc<ScriptBlock>) -> Self {
        ScriptBlockValue::new(block, LanguageMode::FullLanguage)
    }

    /// The tree.
    pub fn block(&self) -> &Arc<ScriptBlock> {
        &self.block
    }

    /// The mode the block was created in, which it runs in.
    pub fn language_mode(&self) -> LanguageMode {
        self.mode
    }

    /// Whether two values are the same block object.
    pub fn ptr_eq(&self, other: &ScriptBlockValue) -> bool {
        Arc::ptr_eq(&self.block, &other.block)
    }
}

impl std::ops::Deref for ScriptBlockValue {
    type Target = ScriptBlock;

    fn deref(&self) -> &ScriptBlock {
        &self.block
    }
}
