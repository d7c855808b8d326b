//! Parameter binding: named (with unambiguous prefixes), positional, switches, splatting,
//! pipeline input by value and by property name, for built-in commands and for functions.

use super::Runspace;
use crate::command::{BoundArgs, ParamKind, ParamSpec};
use crate::convert::{self, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::Value;
use rosh_lang::ast::{AttributeOrType, Parameter, ScriptBlock};

/// An argument as written at a call site, evaluated.
#[derive(Clone, Debug)]
pub enum Arg {
    /// `-Name` or `-Name:value`.
    Named {
        /// The name as written (without the dash).
        name: String,
        /// The value joined with a colon.
        value: Option<Value>,
    },
    /// A positional value.
    Positional(Value),
}

/// The common parameters every advanced command accepts.
pub const COMMON: &[&str] = &[
    "ErrorAction",
    "ErrorVariable",
    "WarningAction",
    "WarningVariable",
    "InformationAction",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "Verbose",
    "Debug",
    "ProgressAction",
];

const COMMON_ALIASES: &[(&str, &str)] = &[
    ("ea", "ErrorAction"),
    ("ev", "ErrorVariable"),
    ("wa", "WarningAction"),
    ("wv", "WarningVariable"),
    ("infa", "InformationAction"),
    ("iv", "InformationVariable"),
    ("ov", "OutVariable"),
    ("ob", "OutBuffer"),
    ("pv", "PipelineVariable"),
    ("vb", "Verbose"),
    ("db", "Debug"),
    ("proga", "ProgressAction"),
];

fn not_found(command: &str, name: &str) -> Flow {
    Flow::error(
        "NamedParameterNotFound",
        ErrorCategory::InvalidArgument,
        format!("{command}: A parameter cannot be found that matches parameter name '{name}'."),
    )
}

fn ambiguous(command: &str, name: &str, candidates: &[String]) -> Flow {
    Flow::error(
        "AmbiguousParameter",
        ErrorCategory::InvalidArgument,
        format!(
            "{command}: Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
            candidates
                .iter()
                .map(|c| format!("-{c}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    )
}

/// Find the parameter a (possibly abbreviated) name means among `names` (canonical, aliases).
fn resolve_name(
    command: &str,
    written: &str,
    params: &[(String, Vec<String>)],
) -> Eval<Option<usize>> {
    let w = written.to_ascii_lowercase();
    // Exact names and aliases first.
    for (i, (name, aliases)) in params.iter().enumerate() {
        if name.eq_ignore_ascii_case(&w) || aliases.iter().any(|a| a.eq_ignore_ascii_case(&w)) {
            return Ok(Some(i));
        }
    }
    let hits: Vec<usize> = params
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n.to_ascii_lowercase().starts_with(&w))
        .map(|(i, _)| i)
        .collect();
    match hits.len() {
        0 => Ok(None),
        1 => Ok(Some(hits[0])),
        _ => Err(ambiguous(
            command,
            written,
            &hits
                .iter()
                .map(|i| params[*i].0.clone())
                .collect::<Vec<_>>(),
        )),
    }
}

/// Bind arguments to a built-in command's parameters.
pub fn bind_builtin(command: &str, specs: &[ParamSpec], args: Vec<Arg>) -> Eval<BoundArgs> {
    let mut table: Vec<(String, Vec<String>)> = specs
        .iter()
        .map(|s| {
            (
                s.name.to_string(),
                s.aliases.iter().map(|a| a.to_string()).collect(),
            )
        })
        .collect();
    for c in COMMON {
        let aliases = COMMON_ALIASES
            .iter()
            .filter(|(_, t)| t == c)
            .map(|(a, _)| a.to_string())
            .collect();
        table.push((c.to_string(), aliases));
    }
    let mut bound = BoundArgs::default();
    let mut positional: Vec<Value> = Vec::new();
    let mut iter = args.into_iter().peekable();
    while let Some(arg) = iter.next() {
        match arg {
            Arg::Positional(v) => positional.push(v),
            Arg::Named { name, value } => {
                let Some(i) = resolve_name(command, &name, &table)? else {
                    return Err(not_found(command, &name));
                };
                let canonical = table[i].0.clone();
                let is_switch = i >= specs.len()
                    && matches!(canonical.as_str(), "Verbose" | "Debug")
                    || specs.get(i).is_some_and(|s| s.kind == ParamKind::Switch);
                let v = match value {
                    Some(v) => v,
                    None if is_switch => Value::Bool(true),
                    None => match iter.peek() {
                        Some(Arg::Positional(_)) => match iter.next() {
                            Some(Arg::Positional(v)) => v,
                            _ => Value::Null,
                        },
                        _ => {
                            return Err(Flow::error(
                                "MissingArgument",
                                ErrorCategory::InvalidArgument,
                                format!(
                                    "{command}: Missing an argument for parameter '{canonical}'. Specify a parameter of type 'System.Object' and try again."
                                ),
                            ));
                        }
                    },
                };
                bound.set(&canonical, v);
            }
        }
    }
    // Positional arguments fill unbound positional parameters in order.
    let mut by_position: Vec<&ParamSpec> = specs.iter().filter(|s| s.position.is_some()).collect();
    by_position.sort_by_key(|s| s.position);
    let mut rest = positional.into_iter();
    for spec in by_position {
        if bound.has(spec.name) {
            continue;
        }
        if spec.remaining {
            let all: Vec<Value> = rest.by_ref().collect();
            if !all.is_empty() {
                bound.set(spec.name, Value::Array(crate::value::Array::new(all)));
            }
            break;
        }
        match rest.next() {
            Some(v) => bound.set(spec.name, v),
            None => break,
        }
    }
    if let Some(extra) = rest.next() {
        return Err(Flow::error(
            "PositionalParameterNotFound",
            ErrorCategory::InvalidArgument,
            format!(
                "{command}: A positional parameter cannot be found that accepts argument '{}'.",
                to_str(&extra)
            ),
        ));
    }
    Ok(bound)
}

/// What a function's parameter declares.
#[derive(Clone, Debug)]
pub struct FunctionParam {
    /// The variable name.
    pub name: String,
    /// Aliases from `[Alias()]`.
    pub aliases: Vec<String>,
    /// The type constraint.
    pub ty: Option<TypeInfo>,
    /// `[switch]`.
    pub switch: bool,
    /// `Position = n`.
    pub position: Option<usize>,
    /// `Mandatory`.
    pub mandatory: bool,
    /// `ValueFromPipeline`.
    pub from_pipeline: bool,
    /// `ValueFromPipelineByPropertyName`.
    pub by_property: bool,
    /// `ValueFromRemainingArguments`.
    pub remaining: bool,
    /// The default value expression.
    pub default: Option<rosh_lang::ast::Expr>,
}

/// The parameters a function declares, and whether it is an advanced function.
pub fn function_params(params: &[Parameter], body: &ScriptBlock) -> (Vec<FunctionParam>, bool) {
    let mut advanced = body.param_block.as_ref().is_some_and(|p| {
        p.attributes
            .iter()
            .any(|a| a.name.name.eq_ignore_ascii_case("CmdletBinding"))
    });
    let mut out = Vec::new();
    for p in params {
        let mut fp = FunctionParam {
            name: p.name.name.to_string(),
            aliases: vec![],
            ty: None,
            switch: false,
            position: None,
            mandatory: false,
            from_pipeline: false,
            by_property: false,
            remaining: false,
            default: p.default.as_deref().cloned(),
        };
        for a in &p.attributes {
            match a {
                AttributeOrType::Type(t) => {
                    let ty = TypeInfo::resolve(t);
                    fp.switch = ty
                        .as_ref()
                        .is_some_and(|t| t.known() == KnownType::Switch && t.array_depth() == 0);
                    fp.ty = ty;
                }
                AttributeOrType::Attribute(attr)
                    if attr.name.name.eq_ignore_ascii_case("Parameter") =>
                {
                    advanced = true;
                    for n in &attr.named {
                        let on = n.value.as_ref().is_none_or(|v| match &v.kind {
                            rosh_lang::ast::ExprKind::Variable(var) => {
                                !var.name.eq_ignore_ascii_case("false")
                            }
                            rosh_lang::ast::ExprKind::Number(
                                rosh_lang::token::NumberValue::Int32(0),
                            ) => false,
                            _ => true,
                        });
                        match n.name.to_ascii_lowercase().as_str() {
                            "mandatory" => fp.mandatory = on,
                            "valuefrompipeline" => fp.from_pipeline = on,
                            "valuefrompipelinebypropertyname" => fp.by_property = on,
                            "valuefromremainingarguments" => fp.remaining = on,
                            "position" => {
                                if let Some(rosh_lang::ast::Expr {
                                    kind:
                                        rosh_lang::ast::ExprKind::Number(
                                            rosh_lang::token::NumberValue::Int32(i),
                                        ),
                                    ..
                                }) = n.value.as_ref()
                                {
                                    fp.position = usize::try_from(*i).ok();
                                }
                            }
                            _ => {}
                        }
                    }
                }
                AttributeOrType::Attribute(attr)
                    if attr.name.name.eq_ignore_ascii_case("Alias") =>
                {
                    for v in &attr.positional {
                        if let rosh_lang::ast::ExprKind::String { value, .. } = &v.kind {
                            fp.aliases.push(value.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        out.push(fp);
    }
    (out, advanced)
}

impl Runspace {
    /// Bind a function's arguments into the current (new) scope. Returns the unbound
    /// arguments (for `$args`).
    pub(crate) fn bind_function(
        &mut self,
        command: &str,
        params: &[FunctionParam],
        advanced: bool,
        args: Vec<Arg>,
    ) -> Eval<(Vec<Value>, Vec<usize>)> {
        let table: Vec<(String, Vec<String>)> = params
            .iter()
            .map(|p| (p.name.clone(), p.aliases.clone()))
            .chain(if advanced {
                COMMON
                    .iter()
                    .map(|c| (c.to_string(), vec![]))
                    .collect::<Vec<_>>()
            } else {
                vec![]
            })
            .collect();
        let mut bound: Vec<Option<Value>> = vec![None; params.len()];
        let mut positional = Vec::new();
        let mut iter = args.into_iter().peekable();
        while let Some(arg) = iter.next() {
            match arg {
                Arg::Positional(v) => positional.push(v),
                Arg::Named { name, value } => {
                    let hit = resolve_name(command, &name, &table)?;
                    match hit {
                        Some(i) if i < params.len() => {
                            let v = match value {
                                Some(v) => v,
                                None if params[i].switch => Value::Bool(true),
                                None => match iter.next() {
                                    Some(Arg::Positional(v)) => v,
                                    _ => {
                                        return Err(Flow::error(
                                            "MissingArgument",
                                            ErrorCategory::InvalidArgument,
                                            format!(
                                                "{command}: Missing an argument for parameter '{}'. Specify a parameter of type 'System.Object' and try again.",
                                                params[i].name
                                            ),
                                        ));
                                    }
                                },
                            };
                            bound[i] = Some(v);
                        }
                        Some(_) => {
                            // A common parameter.
                            if value.is_none()
                                && let Some(Arg::Positional(_)) = iter.peek()
                            {
                                let lower = name.to_ascii_lowercase();
                                if !"verbose".starts_with(&lower) && !"debug".starts_with(&lower) {
                                    iter.next();
                                }
                            }
                        }
                        None if advanced => return Err(not_found(command, &name)),
                        None => positional.push(Value::from(format!("-{name}"))),
                    }
                }
            }
        }
        // Positional: explicit positions first, then declaration order for simple functions.
        let mut order: Vec<usize> = (0..params.len()).filter(|i| !params[*i].switch).collect();
        let any_position = params.iter().any(|p| p.position.is_some());
        if any_position {
            order.retain(|i| params[*i].position.is_some());
            order.sort_by_key(|i| params[*i].position);
        }
        let mut rest = positional.into_iter();
        let mut unbound = Vec::new();
        for i in order {
            if bound[i].is_some() {
                continue;
            }
            if params[i].remaining {
                let all: Vec<Value> = rest.by_ref().collect();
                bound[i] = Some(Value::Array(crate::value::Array::new(all)));
                break;
            }
            match rest.next() {
                Some(v) => bound[i] = Some(v),
                None => break,
            }
        }
        unbound.extend(rest);
        if advanced && let Some(extra) = unbound.first() {
            return Err(Flow::error(
                "PositionalParameterNotFound",
                ErrorCategory::InvalidArgument,
                format!(
                    "{command}: A positional parameter cannot be found that accepts argument '{}'.",
                    to_str(extra)
                ),
            ));
        }
        let mut missing_pipeline = Vec::new();
        let bound_parameters = crate::value::Hashtable::new(true);
        for (i, p) in params.iter().enumerate() {
            let explicit = bound[i].is_some();
            let value = match bound[i].take() {
                Some(v) => Some(v),
                None if p.switch => Some(Value::Bool(false)),
                None if p.from_pipeline || p.by_property => {
                    missing_pipeline.push(i);
                    p.default.as_ref().map(|d| self.eval(d)).transpose()?
                }
                None if p.mandatory => {
                    return Err(Flow::error(
                        "ParameterArgumentValidationErrorNullNotAllowed",
                        ErrorCategory::InvalidArgument,
                        format!(
                            "{command}: Cannot process command because of one or more missing mandatory parameters: {}.",
                            p.name
                        ),
                    ));
                }
                None => match &p.default {
                    Some(d) => Some(self.eval(d)?),
                    None => None,
                },
            };
            let value = match (value, &p.ty) {
                (Some(v), Some(t)) => {
                    Some(convert::convert(&v, t).map_err(|e| bind_error(command, &p.name, e))?)
                }
                (v, _) => v,
            };
            if explicit && let Some(v) = &value {
                bound_parameters.insert(Value::from(p.name.clone()), v.clone());
            }
            self.scopes.define(
                super::scope::Target::Local,
                super::scope::Variable {
                    name: p.name.clone(),
                    value: value.unwrap_or(Value::Null),
                    constraint: p.ty.clone(),
                    private: false,
                },
            );
        }
        self.scopes.set(
            super::scope::Target::Local,
            "PSBoundParameters",
            Value::Hashtable(bound_parameters),
        );
        Ok((unbound, missing_pipeline))
    }
}

fn bind_error(command: &str, param: &str, e: Flow) -> Flow {
    match e {
        Flow::Error(rec) => Flow::error(
            "ParameterArgumentTransformationError",
            ErrorCategory::InvalidArgument,
            format!(
                "{command}: Cannot process argument transformation on parameter '{param}'. {}",
                rec.message
            ),
        ),
        other => other,
    }
}
