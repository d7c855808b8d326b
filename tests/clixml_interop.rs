//! CLIXML interoperability with psrpcore (a third-party Python implementation of PSRP), in
//! both directions: what rosh writes, psrpcore reads with the expected types and values; what
//! psrpcore writes, rosh reads.
//!
//! psrpcore runs from the venv `tests/run` creates at `.venv/` (pinned in
//! `tests/requirements.txt`); `ROSH_INTEROP_PYTHON` may name another interpreter. Without it
//! the test fails, unless `ROSH_SKIP_INTEROP=1` asks to skip it.

#[path = "support/interop_python.rs"]
mod interop_python;
use interop_python::python;

use rosh_runtime::serialization::{Limits, deserialize, deserialize_document, serialize};
use rosh_runtime::value::datetime::Civil;
use rosh_runtime::value::{
    Array, DateKind, EnumId, EnumValue, Hashtable, PsDateTime, PsObject, PsTimeSpan, PsVersion,
    Value,
};
use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::Command;

fn oracle(python: &PathBuf, args: &[&str]) -> Json {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/psrpcore_oracle.py");
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "psrpcore_oracle.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle output is JSON")
}

fn custom(props: &[(&str, Value)]) -> Value {
    let o = PsObject::custom();
    for (n, v) in props {
        o.set(n, v.clone());
    }
    Value::Object(o)
}

fn rosh_values() -> Vec<(&'static str, Value)> {
    let h = Hashtable::new(false);
    h.insert(Value::str("a"), Value::Int(1));
    h.insert(Value::str("b"), Value::str("x"));
    let shared = custom(&[("Id", Value::Int(1))]);
    vec![
        ("string", Value::str("tab\there <&> _x0041_ \u{1F600} é")),
        ("empty", Value::str("")),
        ("int", Value::Int(-7)),
        ("long", Value::Long(1 << 40)),
        ("byte", Value::Byte(200)),
        ("short", Value::Short(-3)),
        ("ulong", Value::ULong(u64::MAX)),
        ("double", Value::Double(0.1)),
        ("negzero", Value::Double(-0.0)),
        ("decimal", Value::Decimal("1.50".parse().expect("decimal"))),
        ("bool", Value::Bool(true)),
        ("null", Value::Null),
        ("char", Value::Char('A')),
        (
            "datetime",
            Value::DateTime(
                PsDateTime::from_civil(
                    Civil {
                        year: 2024,
                        month: 1,
                        day: 2,
                        hour: 3,
                        minute: 4,
                        second: 5,
                        fraction: 1_234_567,
                    },
                    DateKind::Utc,
                )
                .expect("date"),
            ),
        ),
        ("timespan", Value::TimeSpan(PsTimeSpan(90 * 10_000_000))),
        (
            "guid",
            Value::Guid(
                "6c1f0b1e-2f4b-4a8e-9d2b-0123456789ab"
                    .parse()
                    .expect("guid"),
            ),
        ),
        ("version", Value::Version(PsVersion::new(1, 2, 3, -1))),
        ("bytes", Value::Array(Array::bytes(&[0, 255]))),
        (
            "array",
            Value::Array(Array::new(vec![
                Value::Int(1),
                Value::str("two"),
                Value::Null,
            ])),
        ),
        ("hashtable", Value::Hashtable(h)),
        (
            "custom",
            custom(&[
                ("Name", Value::str("outer")),
                ("Child", custom(&[("Value", Value::Int(7))])),
            ]),
        ),
        (
            "enum",
            Value::Enum(EnumValue::new(EnumId::named("System.ConsoleColor"), 12)),
        ),
        (
            "shared",
            Value::Array(Array::new(vec![shared.clone(), shared])),
        ),
    ]
}

fn first_type(d: &Json) -> &str {
    d["type_names"][0].as_str().unwrap_or("")
}

#[test]
fn psrpcore_reads_what_rosh_writes() {
    let Some(py) = python() else { return };
    let values = rosh_values();
    let elements: serde_json::Map<String, Json> = values
        .iter()
        .map(|(n, v)| (n.to_string(), Json::from(serialize(v, 1))))
        .collect();
    let doc = rosh_runtime::serialization::serialize_document(
        &[
            custom(&[("A", Value::Int(1))]),
            Value::str("two"),
            Value::Int(3),
        ],
        2,
    );
    let input = serde_json::json!({ "elements": elements, "document": doc });
    let file = std::env::temp_dir().join(format!("rosh-interop-{}.json", std::process::id()));
    std::fs::write(&file, input.to_string()).expect("write input");
    let got = oracle(&py, &["read", &file.to_string_lossy()]);
    let _ = std::fs::remove_file(&file);
    let e = &got["elements"];
    let check = |name: &str, py_class: &str, type_name: &str, value: Json| {
        let d = &e[name];
        assert_eq!(d["py"], py_class, "{name}: {d}");
        assert_eq!(first_type(d), type_name, "{name}: {d}");
        if !value.is_null() {
            assert_eq!(d["value"], value, "{name}: {d}");
        }
    };
    check(
        "string",
        "PSString",
        "System.String",
        Json::from("tab\there <&> _x0041_ \u{1F600} é"),
    );
    check("empty", "PSString", "System.String", Json::from(""));
    check("int", "PSInt", "System.Int32", Json::from(-7));
    check("long", "PSInt64", "System.Int64", Json::from(1i64 << 40));
    check("byte", "PSByte", "System.Byte", Json::from(200));
    check("short", "PSInt16", "System.Int16", Json::from(-3));
    check("ulong", "PSUInt64", "System.UInt64", Json::from(u64::MAX));
    check("double", "PSDouble", "System.Double", Json::from("0.1"));
    check("negzero", "PSDouble", "System.Double", Json::from("-0.0"));
    check("decimal", "PSDecimal", "System.Decimal", Json::from("1.50"));
    check("char", "PSChar", "System.Char", Json::Null);
    check(
        "datetime",
        "PSDateTime",
        "System.DateTime",
        Json::from("2024-01-02T03:04:05.123456+00:00"),
    );
    assert_eq!(e["datetime"]["nanosecond"], 700, "100 ns ticks survive");
    check(
        "timespan",
        "PSDuration",
        "System.TimeSpan",
        Json::from(90_000_000),
    );
    check(
        "guid",
        "PSGuid",
        "System.Guid",
        Json::from("6c1f0b1e-2f4b-4a8e-9d2b-0123456789ab"),
    );
    check(
        "version",
        "PSVersion",
        "System.Version",
        Json::from("1.2.3"),
    );
    check("bytes", "PSByteArray", "System.Byte[]", Json::from("AP8="));
    assert_eq!(e["bool"]["value"], true);
    assert!(e["null"]["value"].is_null());
    // Containers.
    let arr = &e["array"];
    assert_eq!(first_type(arr), "Deserialized.System.Object[]", "{arr}");
    assert_eq!(arr["value"][0]["value"], 1);
    assert_eq!(arr["value"][1]["value"], "two");
    assert!(arr["value"][2]["value"].is_null());
    let ht = &e["hashtable"];
    assert_eq!(first_type(ht), "System.Collections.Hashtable", "{ht}");
    assert_eq!(ht["value"][0][0]["value"], "a");
    assert_eq!(ht["value"][0][1]["value"], 1);
    assert_eq!(ht["value"][1][1]["value"], "x");
    // Objects.
    let c = &e["custom"];
    assert_eq!(c["py"], "PSCustomObject", "{c}");
    assert_eq!(c["props"]["Name"]["value"], "outer");
    assert_eq!(c["props"]["Child"]["props"]["Value"]["value"], 7);
    let en = &e["enum"];
    assert_eq!(first_type(en), "System.ConsoleColor", "{en}");
    assert_eq!(en["to_string"], "Red", "{en}");
    let shared = &e["shared"]["value"];
    assert_eq!(shared[0], shared[1], "a Ref reads as the same object");
    // The document.
    let d = got["document"].as_array().expect("document");
    assert_eq!(d.len(), 3);
    assert_eq!(d[0]["props"]["A"]["value"], 1);
    assert_eq!(d[1]["value"], "two");
    assert_eq!(d[2]["value"], 3);
}

#[test]
fn rosh_reads_what_psrpcore_writes() {
    let Some(py) = python() else { return };
    let got = oracle(&py, &["write"]);
    let limits = Limits::default();
    let read = |name: &str| -> Value {
        let text = got["elements"][name].as_str().expect("element");
        deserialize(text.as_bytes(), &limits).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"))
    };
    let s = |v: &Value| rosh_runtime::convert::to_str(v);
    assert_eq!(s(&read("string")), "tab\there <&> _x0041_ \u{1F600}");
    assert!(matches!(read("int"), Value::Int(-7)));
    assert!(matches!(read("long"), Value::Long(1_099_511_627_776)));
    assert!(matches!(read("double"), Value::Double(d) if d == 0.1));
    assert!(matches!(read("single"), Value::Double(d) if d == 1.5));
    assert_eq!(s(&read("decimal")), "1.50");
    assert!(matches!(read("bool"), Value::Bool(true)));
    assert!(read("null").is_null());
    let Value::DateTime(d) = read("datetime") else {
        panic!("datetime")
    };
    assert_eq!(d.kind(), DateKind::Utc);
    assert_eq!(d.civil().fraction, 1_234_560);
    assert!(matches!(read("timespan"), Value::TimeSpan(PsTimeSpan(t)) if t == 937_845_000_000));
    assert_eq!(s(&read("guid")), "6c1f0b1e-2f4b-4a8e-9d2b-0123456789ab");
    let Value::Array(b) = read("bytes") else {
        panic!("bytes")
    };
    assert_eq!(b.len(), 5);
    assert!(matches!(b.get(2), Some(Value::Byte(255))));
    assert_eq!(s(&read("version")), "1.2.3.4");
    assert!(matches!(read("char"), Value::Char('A')));
    let Value::Array(list) = read("list") else {
        panic!("list")
    };
    assert_eq!(list.len(), 4);
    assert!(matches!(list.get(3), Some(Value::Array(inner)) if inner.len() == 2));
    let Value::Hashtable(h) = read("dict") else {
        panic!("dict")
    };
    assert!(
        matches!(h.get(&Value::str("A")), Some(Value::Int(1))),
        "keys ignore case"
    );
    assert!(matches!(h.get(&Value::str("b")), Some(Value::Hashtable(_))));
    let Value::Object(c) = read("custom") else {
        panic!("custom")
    };
    assert_eq!(
        c.type_names(),
        [
            "Deserialized.System.Management.Automation.PSCustomObject",
            "Deserialized.System.Object"
        ]
    );
    assert_eq!(s(&c.get("Name").expect("Name")), "outer");
    let Some(Value::Object(child)) = c.get("Child") else {
        panic!("child")
    };
    assert!(matches!(child.get("Id"), Some(Value::Int(7))));
    let Value::Object(w) = read("widget") else {
        panic!("widget")
    };
    assert_eq!(w.type_names()[0], "Deserialized.My.Namespace.Widget");
    assert_eq!(s(&w.get("Label").expect("Label")), "big_xlabel");
    let Value::Array(shared) = read("shared") else {
        panic!("shared")
    };
    let items = shared.to_vec();
    assert!(items[0].same_reference(&items[1]));
    let doc = got["document"].as_str().expect("document");
    let values = deserialize_document(doc.as_bytes(), &limits).expect("document");
    assert_eq!(values.len(), 3);
    assert_eq!(s(&values[1]), "two");
    assert!(matches!(values[2], Value::Int(3)));
}
