//! Parameter binding: named (with unambiguous prefixes), positional, switches, splatting,
//! pipeline input by value and by property name, for built-in commands and for functions.

use super::Runspace;
use crate::command::{BoundArgs, ParamKind, ParamSpec};
use crate::convert::to_str;
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

pub(crate) const COMMON_ALIASES: &[(&str, &str)] = &[
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

/// A parameter binding error of `command`: the concise view labels it with the command's
/// name (`f: A parameter cannot be found ...`), and the message is the bare reason, as in
/// PowerShell's ParameterBindingException.
pub(crate) fn binding_failure(
    command: &str,
    id: &str,
    category: ErrorCategory,
    message: String,
) -> Flow {
    let mut e = crate::error::ErrorRecord::new(id, category, message)
        .with_exception("System.Management.Automation.ParameterBindingException");
    e.invocation = Some(crate::error::InvocationInfo {
        command_name: Some(command.to_string()),
        ..Default::default()
    });
    Flow::Error(Box::new(e))
}

/// `-Name` given with no value after it.
pub(crate) fn missing_argument(command: &str, name: &str, type_name: &str) -> Flow {
    binding_failure(
        command,
        "MissingArgument",
        ErrorCategory::InvalidArgument,
        format!(
            "Missing an argument for parameter '{name}'. Specify a parameter of type '{type_name}' and try again."
        ),
    )
}

pub(crate) fn not_found(command: &str, name: &str) -> Flow {
    binding_failure(
        command,
        "NamedParameterNotFound",
        ErrorCategory::InvalidArgument,
        format!("A parameter cannot be found that matches parameter name '{name}'."),
    )
}

fn ambiguous(command: &str, name: &str, candidates: &[String]) -> Flow {
    binding_failure(
        command,
        "AmbiguousParameter",
        ErrorCategory::InvalidArgument,
        format!(
            "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
            candidates
                .iter()
                .map(|c| format!("-{c}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    )
}

/// Find the parameter a (possibly abbreviated) name means among `names` (canonical, aliases).
pub(crate) fn resolve_name(
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

/// Adds the common parameters (`-ErrorAction`, `-Verbose`, ...) and their aliases to a
/// table of parameter names and aliases.
pub(crate) fn add_common_parameters(table: &mut Vec<(String, Vec<String>)>) {
    for c in COMMON {
        let aliases = COMMON_ALIASES
            .iter()
            .filter(|(_, t)| t == c)
            .map(|(a, _)| a.to_string())
            .collect();
        table.push((c.to_string(), aliases));
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
    add_common_parameters(&mut table);
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
                            return Err(missing_argument(command, &canonical, "System.Object"));
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
    // Parameters of different parameter sets may share a position; one argument fills it.
    let mut taken: Vec<usize> = by_position
        .iter()
        .filter(|s| bound.has(s.name))
        .filter_map(|s| s.position)
        .collect();
    for spec in by_position {
        if bound.has(spec.name) || spec.position.is_some_and(|p| taken.contains(&p)) {
            continue;
        }
        taken.extend(spec.position);
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
        return Err(positional_not_found(command, &extra));
    }
    Ok(bound)
}

/// One `[Parameter()]` attribute of a parameter: its membership of a parameter set.
#[derive(Clone, Debug, Default)]
pub struct SetMembership {
    /// `ParameterSetName`; `None` means every set (`__AllParameterSets`).
    pub set: Option<String>,
    /// `Mandatory` in this set.
    pub mandatory: bool,
    /// `Position` in this set.
    pub position: Option<usize>,
    /// `ValueFromPipeline` in this set.
    pub from_pipeline: bool,
    /// `ValueFromPipelineByPropertyName` in this set.
    pub by_property: bool,
}

impl SetMembership {
    fn in_set(&self, set: &str) -> bool {
        self.set
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case(set))
    }
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
    /// `Position = n` (in any set).
    pub position: Option<usize>,
    /// `Mandatory` (in any set).
    pub mandatory: bool,
    /// `ValueFromPipeline` (in any set).
    pub from_pipeline: bool,
    /// `ValueFromPipelineByPropertyName` (in any set).
    pub by_property: bool,
    /// `ValueFromRemainingArguments`.
    pub remaining: bool,
    /// The default value expression.
    pub default: Option<rosh_lang::ast::Expr>,
    /// One entry per `[Parameter()]` attribute; empty for a parameter without one (in
    /// every set, optional).
    pub sets: Vec<SetMembership>,
    /// Validation attributes (`[ValidateSet()]`, `[AllowNull()]`, ...), checked on binding.
    pub validators: Vec<rosh_lang::ast::Attribute>,
}

impl FunctionParam {
    /// Whether the parameter belongs to parameter set `set`.
    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|m| m.in_set(set))
    }

    /// Whether the parameter is mandatory in parameter set `set`.
    pub fn mandatory_in(&self, set: &str) -> bool {
        self.sets.iter().any(|m| m.mandatory && m.in_set(set))
    }

    /// Whether the parameter takes pipeline input in parameter set `set`.
    pub fn pipeline_in(&self, set: &str) -> bool {
        self.sets
            .iter()
            .any(|m| (m.from_pipeline || m.by_property) && m.in_set(set))
    }
}

/// What a function declares: its parameters and its `[CmdletBinding()]`.
#[derive(Clone, Debug, Default)]
pub struct FunctionSignature {
    /// The parameters, in declaration order.
    pub params: Vec<FunctionParam>,
    /// `[CmdletBinding()]` or any `[Parameter()]`: common parameters apply.
    pub advanced: bool,
    /// `DefaultParameterSetName`.
    pub default_set: Option<String>,
    /// `SupportsShouldProcess`: `-WhatIf` and `-Confirm` apply.
    pub supports_should_process: bool,
}

impl FunctionSignature {
    /// The parameter set names declared, in order of first appearance.
    pub fn set_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let declared = self
            .params
            .iter()
            .flat_map(|p| p.sets.iter().filter_map(|m| m.set.clone()))
            .chain(self.default_set.clone());
        for s in declared {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        }
        out
    }
}

/// Whether an attribute argument's value expression means "on" (`Mandatory`,
/// `Mandatory = $true`); `$false` and `0` mean off.
fn attribute_flag(value: Option<&rosh_lang::ast::Expr>) -> bool {
    value.is_none_or(|v| match &v.kind {
        rosh_lang::ast::ExprKind::Variable(var) => !var.name.eq_ignore_ascii_case("false"),
        rosh_lang::ast::ExprKind::Number(rosh_lang::token::NumberValue::Int32(0)) => false,
        _ => true,
    })
}

/// The text of a constant string attribute argument (`ParameterSetName = 'X'`).
fn attribute_text(value: Option<&rosh_lang::ast::Expr>) -> Option<String> {
    match value.map(|v| &v.kind) {
        Some(rosh_lang::ast::ExprKind::String { value, .. }) => Some(value.clone()),
        _ => None,
    }
}

/// The validation attributes rosh checks when it binds a parameter.
const VALIDATION_ATTRIBUTES: &[&str] = &[
    "ValidateSet",
    "ValidateRange",
    "ValidateNotNull",
    "ValidateNotNullOrEmpty",
    "ValidateNotNullOrWhiteSpace",
    "ValidateLength",
    "ValidateCount",
    "ValidatePattern",
    "ValidateScript",
    "AllowNull",
    "AllowEmptyString",
    "AllowEmptyCollection",
];

/// The signature of a function or script block: the parameters written after its name
/// (`function f($a)`), then those of its param block.
pub fn declared_signature(explicit: Option<&[Parameter]>, body: &ScriptBlock) -> FunctionSignature {
    let mut ps: Vec<Parameter> = explicit.map(<[Parameter]>::to_vec).unwrap_or_default();
    if let Some(pb) = &body.param_block {
        ps.extend(pb.parameters.iter().cloned());
    }
    function_signature(&ps, body)
}

/// The signature a function declares (`function f($a)` parameters, then its param block).
pub fn function_signature(params: &[Parameter], body: &ScriptBlock) -> FunctionSignature {
    let mut sig = FunctionSignature::default();
    if let Some(pb) = &body.param_block {
        for a in &pb.attributes {
            if !a.name.name.eq_ignore_ascii_case("CmdletBinding") {
                continue;
            }
            sig.advanced = true;
            for n in &a.named {
                match n.name.to_ascii_lowercase().as_str() {
                    "defaultparametersetname" => {
                        sig.default_set = attribute_text(n.value.as_ref());
                    }
                    "supportsshouldprocess" => {
                        sig.supports_should_process = attribute_flag(n.value.as_ref());
                    }
                    _ => {}
                }
            }
        }
    }
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
            sets: vec![],
            validators: vec![],
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
                    sig.advanced = true;
                    let mut m = SetMembership::default();
                    for n in &attr.named {
                        let on = attribute_flag(n.value.as_ref());
                        match n.name.to_ascii_lowercase().as_str() {
                            "mandatory" => m.mandatory = on,
                            "valuefrompipeline" => m.from_pipeline = on,
                            "valuefrompipelinebypropertyname" => m.by_property = on,
                            "valuefromremainingarguments" => fp.remaining = on,
                            "parametersetname" => {
                                m.set = attribute_text(n.value.as_ref())
                                    .filter(|s| !s.eq_ignore_ascii_case("__AllParameterSets"));
                            }
                            "position" => {
                                if let Some(rosh_lang::ast::Expr {
                                    kind:
                                        rosh_lang::ast::ExprKind::Number(
                                            rosh_lang::token::NumberValue::Int32(i),
                                        ),
                                    ..
                                }) = n.value.as_ref()
                                {
                                    m.position = usize::try_from(*i).ok();
                                }
                            }
                            _ => {}
                        }
                    }
                    fp.mandatory |= m.mandatory;
                    fp.from_pipeline |= m.from_pipeline;
                    fp.by_property |= m.by_property;
                    fp.position = fp.position.or(m.position);
                    fp.sets.push(m);
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
                AttributeOrType::Attribute(attr)
                    if VALIDATION_ATTRIBUTES
                        .iter()
                        .any(|v| attr.name.name.eq_ignore_ascii_case(v)) =>
                {
                    fp.validators.push(attr.clone());
                }
                _ => {}
            }
        }
        sig.params.push(fp);
    }
    sig
}

/// What binding a function's arguments decided.
pub(crate) struct FunctionBinding {
    /// Arguments no parameter took (`$args`).
    pub unbound: Vec<Value>,
    /// Parameters left for pipeline input.
    pub pipeline: Vec<usize>,
    /// The parameter set in use (`$PSCmdlet.ParameterSetName`).
    pub set: String,
    /// The common parameters given.
    pub common: super::common_params::CommonParams,
}

/// The name PowerShell gives the one parameter set of a function that declares none.
pub const ALL_PARAMETER_SETS: &str = "__AllParameterSets";

fn ambiguous_set(command: &str) -> Flow {
    binding_failure(
        command,
        &format!("AmbiguousParameterSet,{command}"),
        ErrorCategory::InvalidArgument,
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.".to_string(),
    )
}

/// Choose the parameter set from the parameters bound by name and position.
fn resolve_set(
    command: &str,
    sig: &FunctionSignature,
    bound: &[Option<Value>],
    has_input: bool,
) -> Eval<String> {
    let sets = sig.set_names();
    if sets.is_empty() {
        return Ok(ALL_PARAMETER_SETS.to_string());
    }
    let candidates: Vec<&String> = sets
        .iter()
        .filter(|s| {
            sig.params
                .iter()
                .zip(bound)
                .all(|(p, b)| b.is_none() || p.in_set(s))
        })
        .collect();
    let satisfied = |s: &str| {
        sig.params
            .iter()
            .zip(bound)
            .all(|(p, b)| b.is_some() || !p.mandatory_in(s) || (has_input && p.pipeline_in(s)))
    };
    match candidates.as_slice() {
        [] => Err(ambiguous_set(command)),
        [one] => Ok((*one).clone()),
        many => {
            let complete: Vec<&&String> = many.iter().filter(|s| satisfied(s)).collect();
            if let Some(default) = &sig.default_set
                && let Some(d) = many.iter().find(|s| s.eq_ignore_ascii_case(default))
                && (satisfied(d) || complete.is_empty())
            {
                return Ok((*d).clone());
            }
            match complete.as_slice() {
                [one] => Ok((**one).clone()),
                _ => Err(ambiguous_set(command)),
            }
        }
    }
}

impl Runspace {
    /// Bind a function's arguments into the current (new) scope: named, positional, the
    /// parameter set, defaults, type conversion and validation. `has_input` says whether
    /// the function is fed by a pipeline.
    pub(crate) fn bind_function(
        &mut self,
        command: &str,
        sig: &FunctionSignature,
        args: Vec<Arg>,
        has_input: bool,
    ) -> Eval<FunctionBinding> {
        let params = &sig.params;
        let advanced = sig.advanced;
        let mut table: Vec<(String, Vec<String>)> = params
            .iter()
            .map(|p| (p.name.clone(), p.aliases.clone()))
            .collect();
        if advanced {
            add_common_parameters(&mut table);
            if sig.supports_should_process {
                table.push(("WhatIf".into(), vec!["wi".into()]));
                table.push(("Confirm".into(), vec!["cf".into()]));
            }
        }
        let mut common = super::common_params::CommonParams::default();
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
                                        let ty = params[i]
                                            .ty
                                            .as_ref()
                                            .map_or("System.Object".to_string(), |t| t.full_name());
                                        return Err(missing_argument(
                                            command,
                                            &params[i].name,
                                            &ty,
                                        ));
                                    }
                                },
                            };
                            bound[i] = Some(v);
                        }
                        Some(i) => {
                            let canonical = table[i].0.clone();
                            let is_switch = matches!(
                                canonical.as_str(),
                                "Verbose" | "Debug" | "WhatIf" | "Confirm"
                            );
                            let v = match value {
                                Some(v) => v,
                                None if is_switch => Value::Bool(true),
                                None => match iter.next() {
                                    Some(Arg::Positional(v)) => v,
                                    _ => {
                                        return Err(missing_argument(
                                            command,
                                            &canonical,
                                            "System.Object",
                                        ));
                                    }
                                },
                            };
                            common.set(&canonical, &v);
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
            return Err(binding_failure(
                command,
                "PositionalParameterNotFound",
                ErrorCategory::InvalidArgument,
                format!(
                    "A positional parameter cannot be found that accepts argument '{}'.",
                    to_str(extra)
                ),
            ));
        }
        let set = resolve_set(command, sig, &bound, has_input)?;
        let mut missing_pipeline = Vec::new();
        let mut missing_mandatory = Vec::new();
        let bound_parameters = crate::value::Hashtable::new(true);
        for (i, p) in params.iter().enumerate() {
            let explicit = bound[i].is_some();
            let mandatory = p.mandatory_in(&set);
            let value = match bound[i].take() {
                Some(v) => Some(v),
                None if p.switch => Some(Value::Bool(false)),
                None if has_input && p.pipeline_in(&set) => {
                    missing_pipeline.push(i);
                    p.default.as_ref().map(|d| self.eval(d)).transpose()?
                }
                None if mandatory => {
                    missing_mandatory.push(p.name.clone());
                    None
                }
                None => match &p.default {
                    Some(d) => Some(self.eval(d)?),
                    None => None,
                },
            };
            let value = match (value, &p.ty) {
                (Some(v), Some(t)) => Some(
                    self.convert_checked(&v, t)
                        .map_err(|e| bind_error(command, &p.name, e))?,
                ),
                (v, _) => v,
            };
            if explicit && let Some(v) = &value {
                self.validate_argument(command, p, mandatory, v)?;
                bound_parameters.insert(Value::from(p.name.clone()), v.clone());
            }
            // Defined at once: a later default may refer to it.
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
        if !missing_mandatory.is_empty() {
            return Err(binding_failure(
                command,
                &format!("MissingMandatoryParameter,{command}"),
                ErrorCategory::InvalidArgument,
                format!(
                    "Cannot process command because of one or more missing mandatory parameters: {}.",
                    missing_mandatory.join(" ")
                ),
            ));
        }
        self.scopes.set(
            super::scope::Target::Local,
            "PSBoundParameters",
            Value::Hashtable(bound_parameters),
        );
        Ok(FunctionBinding {
            unbound,
            pipeline: missing_pipeline,
            set,
            common,
        })
    }
}

fn bind_error(command: &str, param: &str, e: Flow) -> Flow {
    match e {
        Flow::Error(rec) => binding_failure(
            command,
            "ParameterArgumentTransformationError",
            ErrorCategory::InvalidArgument,
            format!(
                "Cannot process argument transformation on parameter '{param}'. {}",
                rec.message
            ),
        ),
        other => other,
    }
}

/// PowerShell's error for an argument no positional parameter takes.
pub(crate) fn positional_not_found(command: &str, extra: &Value) -> Flow {
    binding_failure(
        command,
        "PositionalParameterNotFound",
        ErrorCategory::InvalidArgument,
        format!(
            "A positional parameter cannot be found that accepts argument '{}'.",
            to_str(extra)
        ),
    )
}
