//! Members added with Add-Member that run script: script properties, script methods and
//! alias properties. The interpreter's member access asks here before its own rules.

use crate::error::Eval;
use crate::interp::Runspace;
use crate::interp::scope::Target;
use crate::value::{PsObject, ScriptMember, Value};

/// Run a script member's block with `$this` set to the object.
pub fn invoke_with_this(
    rs: &mut Runspace,
    this: &Value,
    block: &Value,
    args: &[Value],
) -> Eval<Value> {
    let Value::ScriptBlock(sb) = block else {
        return Ok(Value::Null);
    };
    rs.scopes.push(false);
    rs.scopes.set(Target::Local, "this", this.clone());
    let r = rs.invoke_block(sb, args);
    rs.scopes.pop();
    r
}

/// What the serializer evaluates script properties with: the getter run with `$this`;
/// `None` when it fails (the property is then left out, as PowerShell leaves it).
pub fn property_evaluator(rs: &mut Runspace) -> impl FnMut(&Value, &Value) -> Option<Value> + '_ {
    move |this, getter| invoke_with_this(rs, this, getter, &[]).ok()
}

/// `$obj.Name` for a script or alias property; `None` when the object has no such member.
pub fn get_property(rs: &mut Runspace, this: &Value, o: &PsObject, name: &str) -> Option<Value> {
    match o.member(name)?.member {
        ScriptMember::Property { getter, .. } => {
            Some(invoke_with_this(rs, this, &getter, &[]).unwrap_or(Value::Null))
        }
        ScriptMember::Alias { target } if !target.eq_ignore_ascii_case(name) => {
            Some(rs.get_member(this, &target))
        }
        _ => None,
    }
}

/// `$obj.Name(args)` for a script method; `None` when the object has no such method.
pub fn call_method(
    rs: &mut Runspace,
    this: &Value,
    o: &PsObject,
    name: &str,
    args: &[Value],
) -> Option<Eval<Value>> {
    match o.member(name)?.member {
        ScriptMember::Method(block) => Some(invoke_with_this(rs, this, &block, args)),
        _ => None,
    }
}

/// `$obj.Name = v` for a script property with a setter, or an alias property; `None` when
/// the object has no such member.
pub fn set_property(
    rs: &mut Runspace,
    this: &Value,
    o: &PsObject,
    name: &str,
    v: Value,
) -> Option<Eval<()>> {
    match o.member(name)?.member {
        ScriptMember::Property {
            setter: Some(setter),
            ..
        } => Some(invoke_with_this(rs, this, &setter, &[v]).map(|_| ())),
        ScriptMember::Alias { target } if o.has(&target) => {
            o.set(&target, v);
            Some(Ok(()))
        }
        _ => None,
    }
}
