//! Scopes and variables, with PowerShell's dynamic scoping: a child scope reads its parents'
//! variables; writing creates a local copy unless a scope is named (`$global:`, `$script:`).

use crate::types::TypeInfo;
use crate::value::Value;
use rosh_lang::ast::FunctionDefinition;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::Arc;

/// A name folded for lookup, without allocating when it is already lower case.
fn key(name: &str) -> Cow<'_, str> {
    if name.chars().any(char::is_uppercase) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// A variable.
#[derive(Clone, Debug)]
pub struct Variable {
    /// The name as first written.
    pub name: String,
    /// Its value.
    pub value: Value,
    /// `[int]$x = ...` keeps converting later assignments.
    pub constraint: Option<TypeInfo>,
    /// `$private:x` is invisible to child scopes.
    pub private: bool,
}

/// A function defined with `function`/`filter`.
#[derive(Clone, Debug)]
pub struct FunctionInfo {
    /// Its definition.
    pub def: Arc<FunctionDefinition>,
    /// The language mode it was defined in, which its body runs in.
    pub language_mode: crate::language_mode::LanguageMode,
}

/// One scope.
#[derive(Debug, Default)]
pub struct Scope {
    vars: HashMap<String, Variable>,
    functions: HashMap<String, FunctionInfo>,
    /// The scope of a script file (the target of `$script:`).
    pub is_script: bool,
}

impl Scope {
    /// A script scope holding `vars` (a closure's variables while it runs).
    pub fn with_variables(vars: Vec<Variable>) -> Scope {
        Scope {
            vars: vars
                .into_iter()
                .map(|v| (v.name.to_lowercase(), v))
                .collect(),
            functions: HashMap::default(),
            is_script: true,
        }
    }

    /// The scope's variables.
    pub fn into_variables(self) -> Vec<Variable> {
        self.vars.into_values().collect()
    }
}

/// The stack of scopes, global first.
#[derive(Debug)]
pub struct Scopes {
    stack: Vec<Scope>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            stack: vec![Scope {
                is_script: true,
                ..Scope::default()
            }],
        }
    }
}

/// Which scope a qualifier names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The current scope (no qualifier, `local:`, `private:`).
    Local,
    /// `global:`
    Global,
    /// `script:`
    Script,
    /// `-Scope N`: N scopes up from the current one (0 is the current scope).
    Parent(usize),
}

impl Scopes {
    /// Enter a new child scope.
    pub fn push(&mut self, is_script: bool) {
        self.stack.push(Scope {
            is_script,
            ..Scope::default()
        });
    }

    /// Enter an existing scope (a function's, kept between its pipeline phases).
    pub fn push_scope(&mut self, scope: Scope) {
        self.stack.push(scope);
    }

    /// Leave the innermost scope and keep it (never the global one).
    pub fn pop_scope(&mut self) -> Option<Scope> {
        if self.stack.len() > 1 {
            self.stack.pop()
        } else {
            None
        }
    }

    /// Leave the innermost scope (never the global one).
    pub fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// How many scopes are open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    fn index(&self, target: Target) -> usize {
        match target {
            Target::Local => self.stack.len() - 1,
            Target::Global => 0,
            Target::Script => self.stack.iter().rposition(|s| s.is_script).unwrap_or(0),
            Target::Parent(n) => (self.stack.len() - 1).saturating_sub(n),
        }
    }

    /// Look a variable up from the current scope outwards.
    pub fn get(&self, name: &str) -> Option<&Variable> {
        let key = key(name);
        let top = self.stack.len() - 1;
        for (i, scope) in self.stack.iter().enumerate().rev() {
            if let Some(v) = scope.vars.get(key.as_ref()) {
                if v.private && i != top {
                    continue;
                }
                return Some(v);
            }
        }
        None
    }

    /// Look a variable up in one scope.
    pub fn get_in(&self, target: Target, name: &str) -> Option<&Variable> {
        self.stack[self.index(target)].vars.get(key(name).as_ref())
    }

    /// The type constraint a variable has where an assignment would land.
    pub fn constraint(&self, target: Target, name: &str) -> Option<TypeInfo> {
        match target {
            Target::Local => self
                .stack
                .last()
                .and_then(|s| s.vars.get(key(name).as_ref()))
                .and_then(|v| v.constraint.clone()),
            t => self.get_in(t, name).and_then(|v| v.constraint.clone()),
        }
    }

    /// Set a variable in the target scope.
    /// Set a variable in the target scope, converting the value to the variable's type
    /// constraint when it has one; one lookup.
    pub fn assign(
        &mut self,
        target: Target,
        name: &str,
        value: Value,
        convert: impl FnOnce(&Value, &TypeInfo) -> crate::error::Eval<Value>,
    ) -> crate::error::Eval<()> {
        let i = self.index(target);
        let scope = &mut self.stack[i];
        match scope.vars.get_mut(key(name).as_ref()) {
            Some(v) => {
                v.value = match &v.constraint {
                    Some(t) => convert(&value, t)?,
                    None => value,
                };
            }
            None => {
                scope.vars.insert(
                    name.to_lowercase(),
                    Variable {
                        name: name.to_string(),
                        value,
                        constraint: None,
                        private: false,
                    },
                );
            }
        }
        Ok(())
    }

    /// Set a variable in the target scope.
    pub fn set(&mut self, target: Target, name: &str, value: Value) {
        let i = self.index(target);
        let scope = &mut self.stack[i];
        match scope.vars.get_mut(key(name).as_ref()) {
            Some(v) => v.value = value,
            None => {
                scope.vars.insert(
                    name.to_lowercase(),
                    Variable {
                        name: name.to_string(),
                        value,
                        constraint: None,
                        private: false,
                    },
                );
            }
        }
    }

    /// Define a variable with options in the target scope, replacing any there.
    pub fn define(&mut self, target: Target, var: Variable) {
        let i = self.index(target);
        self.stack[i].vars.insert(var.name.to_lowercase(), var);
    }

    /// Set the variable the name finds (innermost visible) to `$null`; false when there is
    /// none. `Clear-Variable` keeps the variable, its type constraint unapplied.
    pub fn clear(&mut self, name: &str) -> bool {
        let key = key(name);
        let top = self.stack.len() - 1;
        for (i, scope) in self.stack.iter_mut().enumerate().rev() {
            if let Some(v) = scope.vars.get_mut(key.as_ref()) {
                if v.private && i != top {
                    continue;
                }
                v.value = Value::Null;
                return true;
            }
        }
        false
    }

    /// Remove a variable from the innermost scope that has it.
    pub fn remove(&mut self, name: &str) -> bool {
        let key = key(name);
        for scope in self.stack.iter_mut().rev() {
            if scope.vars.remove(key.as_ref()).is_some() {
                return true;
            }
        }
        false
    }

    /// The variables defined in the current scope itself.
    pub fn locals(&self) -> Vec<Variable> {
        self.stack
            .last()
            .map(|s| s.vars.values().cloned().collect())
            .unwrap_or_default()
    }

    /// All visible variables, innermost definitions winning.
    pub fn visible(&self) -> Vec<Variable> {
        let mut seen: HashMap<String, Variable> = HashMap::default();
        for scope in &self.stack {
            for (k, v) in &scope.vars {
                seen.insert(k.clone(), v.clone());
            }
        }
        let mut v: Vec<Variable> = seen.into_values().collect();
        v.sort_by_key(|a| a.name.to_lowercase());
        v
    }

    /// Define a function in the target scope.
    pub fn set_function(&mut self, target: Target, name: &str, f: FunctionInfo) {
        let i = self.index(target);
        self.stack[i].functions.insert(name.to_lowercase(), f);
    }

    /// Find a function from the current scope outwards.
    pub fn function(&self, name: &str) -> Option<&FunctionInfo> {
        let key = key(name);
        self.stack
            .iter()
            .rev()
            .find_map(|s| s.functions.get(key.as_ref()))
    }

    /// Every visible function name.
    pub fn function_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .stack
            .iter()
            .flat_map(|s| s.functions.values().map(|f| f.def.name.clone()))
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup_by_key(|n| n.to_lowercase());
        names
    }
}
