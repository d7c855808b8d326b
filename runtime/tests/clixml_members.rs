//! Members the writer evaluates: script properties (with the caller's evaluator) and alias
//! properties travel with their values among the extended members.

use rosh_runtime::serialization::{ScriptPropertyEval, SerializeOptions, Serializer};
use rosh_runtime::value::{PsObject, ScriptMember, Value};

fn document(v: &Value, eval: Option<&mut ScriptPropertyEval<'_>>) -> String {
    let mut s = Serializer::new(SerializeOptions::EXPORT);
    match eval {
        Some(e) => s.write_evaluating(v, e),
        None => s.write(v),
    }
    s.finish()
}

#[test]
fn script_properties_are_written_with_their_values() {
    let o = PsObject::custom();
    o.set("A", Value::Int(2));
    o.set_member(
        "Twice",
        ScriptMember::Property {
            getter: Value::from("twice"),
            setter: None,
        },
    );
    o.set_member(
        "Fails",
        ScriptMember::Property {
            getter: Value::from("fails"),
            setter: None,
        },
    );
    let v = Value::Object(o);
    let mut seen = Vec::new();
    let mut eval = |this: &Value, getter: &Value| {
        seen.push(rosh_runtime::convert::to_str(getter));
        let Value::Object(o) = this else { return None };
        match rosh_runtime::convert::to_str(getter).as_str() {
            "twice" => match o.get("A") {
                Some(Value::Int(a)) => Some(Value::Int(a * 2)),
                _ => None,
            },
            _ => None,
        }
    };
    let xml = document(&v, Some(&mut eval));
    assert!(xml.contains("<I32 N=\"Twice\">4</I32>"), "{xml}");
    assert!(
        !xml.contains("Fails"),
        "a failing getter leaves its property out: {xml}"
    );
    assert_eq!(seen, ["twice", "fails"]);
    // Without an evaluator (no runspace) they are left out.
    let xml = document(&v, None);
    assert!(!xml.contains("Twice"), "{xml}");
}
