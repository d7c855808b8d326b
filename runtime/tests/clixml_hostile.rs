//! The CLIXML reader against hostile input: one test per class of attack or damage, and a
//! property test over random and mutated documents (never a panic, never a hang; a value or
//! a clear error).

use proptest::prelude::*;
use rosh_runtime::serialization::{
    Limits, SerializationError as E, deserialize, deserialize_document, serialize,
};
use rosh_runtime::value::Value;
use std::path::PathBuf;

fn doc(body: &str) -> String {
    format!(
        "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">{body}</Objs>"
    )
}

fn read_doc(text: &str) -> Result<Vec<Value>, E> {
    deserialize_document(text.as_bytes(), &Limits::default())
}

fn read_one(text: &str) -> Result<Value, E> {
    deserialize(text.as_bytes(), &Limits::default())
}

#[test]
fn no_dtd_ever() {
    let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<Objs Version="1.1.0.1"><S>&lol2;</S></Objs>"#;
    let err = read_doc(billion_laughs).expect_err("DTD");
    assert!(matches!(err, E::DtdNotAllowed { .. }), "{err}");
    assert!(
        err.to_string().contains("document type definition"),
        "{err}"
    );
    let external = r#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><Objs/>"#;
    assert!(matches!(read_doc(external), Err(E::DtdNotAllowed { .. })));
}

#[test]
fn no_entities_but_xmls_own() {
    let err = read_doc(&doc("<S>&lol;</S>")).expect_err("entity");
    assert!(
        matches!(&err, E::EntityNotAllowed { name, .. } if name == "lol"),
        "{err}"
    );
    let err = read_doc(&doc("<S N=\"&x;\">a</S>")).expect_err("entity in attribute");
    assert!(matches!(err, E::Xml { .. }), "{err}");
    let ok = read_doc(&doc("<S>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;</S>")).expect("predefined");
    assert_eq!(rosh_runtime::convert::to_str(&ok[0]), "<>&'\"AB");
    assert!(read_doc(&doc("<S>&#0;</S>")).is_err());
    assert!(read_doc(&doc("<S>&#xD800;</S>")).is_err());
}

fn nested_lists(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("<Obj RefId=\"{i}\"><LST>"));
    }
    s.push_str("<I32>1</I32>");
    for _ in 0..n {
        s.push_str("</LST></Obj>");
    }
    s
}

#[test]
fn nesting_stops_at_fifty() {
    assert!(read_one(&nested_lists(50)).is_ok());
    let err = read_one(&nested_lists(51)).expect_err("too deep");
    assert!(matches!(err, E::TooDeep { limit: 50, .. }), "{err}");
    // Far deeper than any stack could take: still a clean error.
    let err = read_one(&nested_lists(100_000)).expect_err("too deep");
    assert!(matches!(err, E::TooDeep { .. }), "{err}");
    // A configured limit above the hard bound is held to it.
    let limits = Limits {
        max_depth: usize::MAX,
        ..Limits::default()
    };
    assert!(deserialize(nested_lists(10_000).as_bytes(), &limits).is_err());
}

#[test]
fn limits_on_count_length_and_size() {
    let items: String = (0..20).map(|i| format!("<I32>{i}</I32>")).collect();
    let text = doc(&items);
    let small = Limits {
        max_objects: 10,
        ..Limits::default()
    };
    let err = deserialize_document(text.as_bytes(), &small).expect_err("count");
    assert!(matches!(err, E::TooManyObjects { limit: 10, .. }), "{err}");

    let long = doc(&format!("<S>{}</S>", "a".repeat(100)));
    let short = Limits {
        max_string_len: 50,
        ..Limits::default()
    };
    let err = deserialize_document(long.as_bytes(), &short).expect_err("length");
    assert!(matches!(err, E::StringTooLong { limit: 50, .. }), "{err}");
    // Long strings made of many entity references are caught too.
    let refs = doc(&format!("<S>{}</S>", "&amp;".repeat(100)));
    assert!(deserialize_document(refs.as_bytes(), &short).is_err());

    let tiny = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    let err = deserialize_document(long.as_bytes(), &tiny).expect_err("size");
    assert!(matches!(err, E::TooLarge { limit: 10, .. }), "{err}");
}

#[test]
fn type_name_references_cannot_amplify_memory() {
    let names: String = (0..100)
        .map(|i| format!("<T>{}{i}</T>", "N".repeat(1000)))
        .collect();
    let mut body = format!("<Obj RefId=\"0\"><TN RefId=\"0\">{names}</TN><MS /></Obj>");
    for i in 1..2000 {
        body.push_str(&format!(
            "<Obj RefId=\"{i}\"><TNRef RefId=\"0\" /><MS /></Obj>"
        ));
    }
    let err = read_doc(&doc(&body)).expect_err("amplification");
    assert!(matches!(err, E::TooMuchTypeData { .. }), "{err}");
}

#[test]
fn unknown_elements() {
    let err = read_doc(&doc("<Foo>1</Foo>")).expect_err("unknown");
    assert!(
        matches!(&err, E::UnexpectedElement { name, .. } if name == "Foo"),
        "{err}"
    );
    assert!(err.to_string().contains("'Foo'"), "{err}");
    assert!(read_doc(&doc("<Obj RefId=\"0\"><Bogus /></Obj>")).is_err());
    assert!(read_doc(&doc("<Obj RefId=\"0\"><TN RefId=\"0\"><X>a</X></TN></Obj>")).is_err());
    assert!(read_doc(&doc("<Obj RefId=\"0\"><DCT><X /></DCT></Obj>")).is_err());
    assert!(read_doc(&doc("<I32><I32>1</I32></I32>")).is_err());
    assert!(matches!(
        read_doc("<Root><S>a</S></Root>"),
        Err(E::BadRoot { .. })
    ));
    assert!(read_doc(&format!("{}<S>x</S>", doc(""))).is_err());
    assert!(read_doc(&doc("text")).is_err());
}

#[test]
fn bad_ref_ids() {
    for bad in ["x", "-1", "", "1.5", "99999999999999999999999"] {
        let err = read_doc(&doc(&format!("<Obj RefId=\"{bad}\"><MS /></Obj>"))).expect_err(bad);
        assert!(matches!(err, E::BadRefId { .. }), "{bad}: {err}");
        let err = read_doc(&doc(&format!("<Ref RefId=\"{bad}\" />"))).expect_err(bad);
        assert!(matches!(err, E::BadRefId { .. }), "{bad}: {err}");
    }
    let err = read_doc(&doc("<Ref />")).expect_err("no id");
    assert!(matches!(err, E::MissingAttribute { .. }), "{err}");
    let err = read_doc(&doc("<Obj><TNRef /></Obj>")).expect_err("no id");
    assert!(matches!(err, E::MissingAttribute { .. }), "{err}");
}

#[test]
fn forward_references() {
    let err = read_doc(&doc("<Ref RefId=\"0\" /><Obj RefId=\"0\"><MS /></Obj>")).expect_err("fwd");
    assert!(matches!(err, E::UnknownRefId { .. }), "{err}");
    let err = read_doc(&doc("<Obj RefId=\"0\"><TNRef RefId=\"3\" /></Obj>")).expect_err("fwd tn");
    assert!(matches!(err, E::UnknownRefId { .. }), "{err}");
    assert!(err.to_string().contains("has not been read yet"), "{err}");
}

#[test]
fn duplicate_ids() {
    let err = read_doc(&doc(
        "<Obj RefId=\"0\"><MS /></Obj><Obj RefId=\"0\"><MS /></Obj>",
    ))
    .expect_err("dup");
    assert!(matches!(err, E::DuplicateRefId { .. }), "{err}");
    let err = read_doc(&doc(
        "<Obj RefId=\"0\"><TN RefId=\"0\"><T>a</T></TN></Obj><Obj RefId=\"1\"><TN RefId=\"0\"><T>b</T></TN></Obj>",
    ))
    .expect_err("dup tn");
    assert!(matches!(err, E::DuplicateRefId { .. }), "{err}");
    let err = read_doc(&doc(
        "<Obj RefId=\"0\"><LST><Obj RefId=\"0\"><MS /></Obj></LST></Obj>",
    ))
    .expect_err("dup nested");
    assert!(matches!(err, E::DuplicateRefId { .. }), "{err}");
}

#[test]
fn bad_escapes() {
    for bad in ["_x12", "_x12G4_", "_x", "ab_xZZZZ_"] {
        let err = read_doc(&doc(&format!("<S>{bad}</S>"))).expect_err(bad);
        assert!(matches!(err, E::BadEscape { .. }), "{bad}: {err}");
    }
    let err = read_doc(&doc("<S N=\"_x1\">a</S>")).expect_err("name");
    assert!(matches!(err, E::BadEscape { .. }), "{err}");
}

#[test]
fn invalid_utf8() {
    let mut bytes = doc("<S>").into_bytes();
    let at = bytes.len();
    bytes.extend([0xC3, 0x28]);
    bytes.extend(b"</S></Objs>");
    let err = deserialize_document(&bytes, &Limits::default()).expect_err("utf8");
    assert_eq!(err, E::InvalidUtf8 { offset: at as u64 });
    // UTF-16 with a BOM is read (Export-Clixml -Encoding Unicode), a lone surrogate is not.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(doc("<S>é</S>").encode_utf16().flat_map(u16::to_le_bytes));
    let v = deserialize_document(&utf16, &Limits::default()).expect("utf-16");
    assert_eq!(rosh_runtime::convert::to_str(&v[0]), "é");
    let mut bad16 = vec![0xFF, 0xFE];
    bad16.extend([0x00, 0xD8, 0x41, 0x00]);
    assert!(matches!(
        deserialize_document(&bad16, &Limits::default()),
        Err(E::InvalidUtf8 { .. })
    ));
}

#[test]
fn truncated_documents() {
    let full = doc(
        "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T></TN><MS><S N=\"a\">x_x000A_y</S><Obj N=\"l\" RefId=\"1\"><LST><I32>1</I32></LST></Obj></MS></Obj>",
    );
    assert!(read_doc(&full).is_ok());
    for cut in 0..full.len() {
        let err = read_doc(&full[..cut]).expect_err("truncated");
        let text = err.to_string();
        assert!(!text.is_empty());
    }
    let err = read_doc(&full[..full.len() - 7]).expect_err("truncated");
    assert!(matches!(err, E::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("ended unexpectedly"), "{err}");
}

#[test]
fn invalid_values() {
    for (tag, text) in [
        ("I32", "abc"),
        ("I32", "2147483648"),
        ("By", "256"),
        ("B", "yes"),
        ("Db", "1.2.3"),
        ("DT", "yesterday"),
        ("TS", "P"),
        ("G", "not-a-guid"),
        ("Version", "1"),
        ("BA", "***"),
        ("C", "70000"),
        ("D", "1e"),
    ] {
        let err = read_doc(&doc(&format!("<{tag}>{text}</{tag}>"))).expect_err(text);
        assert!(matches!(err, E::InvalidValue { .. }), "{tag} {text}: {err}");
    }
    assert!(
        read_doc(&doc(
            "<Obj RefId=\"0\"><DCT><En><Nil N=\"Key\" /></En></DCT></Obj>"
        ))
        .is_err()
    );
    assert!(read_doc(&doc("<Obj RefId=\"0\"><MS><I32>1</I32></MS></Obj>")).is_err());
}

fn vector_elements() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/clixml-vectors/vectors.json");
    let text = std::fs::read_to_string(&path).expect("vectors.json beside the repository");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| c["element"].as_str().map(str::to_string))
        .collect()
}

/// Read, and when it reads, write it again and read that: never a panic.
fn survive(bytes: &[u8]) {
    if let Ok(v) = deserialize(bytes, &Limits::default()) {
        let again = serialize(&v, 1);
        deserialize(again.as_bytes(), &Limits::default()).expect("rosh reads what it writes");
    }
    let _ = deserialize_document(bytes, &Limits::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        survive(&bytes);
    }

    #[test]
    fn random_markup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("<Obj RefId=\"0\">"), Just("<Obj RefId=\"1\">"), Just("</Obj>"), Just("<LST>"),
        Just("</LST>"), Just("<DCT>"), Just("</DCT>"), Just("<En>"), Just("</En>"),
        Just("<S N=\"Key\">k</S>"), Just("<I32 N=\"Value\">1</I32>"), Just("<Ref RefId=\"0\" />"),
        Just("<Ref RefId=\"1\" />"), Just("<TN RefId=\"0\"><T>A</T></TN>"), Just("<TNRef RefId=\"0\" />"),
        Just("<MS>"), Just("</MS>"), Just("<Props>"), Just("</Props>"), Just("<ToString>x</ToString>"),
        Just("<S>_x0041_</S>"), Just("<Nil />"), Just("<STK>"), Just("</STK>"), Just("&amp;"),
        Just("_x"), Just("<PR>"), Just("</PR>"), Just("<AV>a</AV>"), Just("<B>true</B>"),
    ], 0..60)) {
        let body: String = parts.concat();
        survive(body.as_bytes());
        survive(doc(&body).as_bytes());
    }

    #[test]
    fn mutated_vectors_never_panic(
        pick in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let elements = vector_elements();
        let mut bytes = elements[pick.index(elements.len())].clone().into_bytes();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        survive(&bytes);
    }

    #[test]
    fn strings_round_trip(s in any::<String>(), name in "[a-zA-Z_ ]{0,12}") {
        let o = rosh_runtime::value::PsObject::custom();
        o.set(if name.is_empty() { "n" } else { &name }, Value::from(s.clone()));
        let text = serialize(&Value::Object(o), 1);
        let back = deserialize(text.as_bytes(), &Limits::default()).expect("reads");
        let Value::Object(b) = back else { panic!("object") };
        let got = b.properties()[0].value.clone();
        prop_assert_eq!(rosh_runtime::convert::to_str(&got), s);
    }
}

#[test]
fn the_deepest_read_fits_a_small_thread_stack() {
    // Remoting reads on runtime worker threads (2 MiB stacks): the hard bound of 100 levels
    // must fit there, and asking for more is held to it.
    let limits = Limits {
        max_depth: usize::MAX,
        ..Limits::default()
    };
    let result = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            (
                deserialize(nested_lists(100).as_bytes(), &limits).is_ok(),
                deserialize(nested_lists(101).as_bytes(), &limits).is_err(),
            )
        })
        .expect("thread")
        .join()
        .expect("no overflow");
    assert_eq!(result, (true, true));
}
