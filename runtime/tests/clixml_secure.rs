//! SecureStrings and PSCredentials in CLIXML: the `ConvertFrom-SecureString` form outside
//! remoting, a session's cipher in remoting, and PSCredential rehydration.

use rosh_runtime::serialization::{
    Limits, SecureStringCipher, SerializationError, deserialize, deserialize_document,
    deserialize_secure, secure_string, secure_string_text, serialize, serialize_document,
    serialize_secure,
};
use rosh_runtime::value::{PsObject, Value};

/// A stand-in for a session key: reverses the text and marks it.
struct Mirror;

impl SecureStringCipher for Mirror {
    fn encrypt(&self, plain: &str) -> Result<String, String> {
        Ok(format!("enc:{}", plain.chars().rev().collect::<String>()))
    }
    fn decrypt(&self, text: &str) -> Result<String, String> {
        text.strip_prefix("enc:")
            .map(|t| t.chars().rev().collect())
            .ok_or_else(|| "not mine".to_string())
    }
}

/// A cipher without a key.
struct NoKey;

impl SecureStringCipher for NoKey {
    fn encrypt(&self, _: &str) -> Result<String, String> {
        Err("no session key".into())
    }
    fn decrypt(&self, _: &str) -> Result<String, String> {
        Err("no session key".into())
    }
}

#[test]
fn outside_remoting_secure_strings_are_hex_of_utf16le() {
    let xml = serialize(&secure_string("P@ss".into()), 1);
    assert_eq!(xml, "<SS>5000400073007300</SS>");
    let back = deserialize(xml.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(secure_string_text(&back).as_deref(), Some("P@ss"));
}

#[test]
fn a_session_cipher_seals_and_opens_secure_strings() {
    let xml = serialize_secure(&secure_string("abc".into()), 1, &Mirror);
    assert_eq!(xml, "<SS>enc:cba</SS>");
    let back = deserialize_secure(xml.as_bytes(), &Limits::default(), &Mirror).unwrap();
    assert_eq!(secure_string_text(&back).as_deref(), Some("abc"));
    // Nested in an object too.
    let o = PsObject::custom();
    o.set("Secret", secure_string("x y".into()));
    let xml = serialize_secure(&Value::Object(o), 1, &Mirror);
    assert!(xml.contains("<SS N=\"Secret\">enc:y x</SS>"), "{xml}");
}

#[test]
fn what_cannot_be_sealed_is_nil_and_what_cannot_be_opened_is_an_error() {
    assert_eq!(
        serialize_secure(&secure_string("abc".into()), 1, &NoKey),
        "<Nil />"
    );
    let e = deserialize_secure(b"<SS>enc:x</SS>", &Limits::default(), &NoKey).unwrap_err();
    assert!(matches!(e, SerializationError::SecureString { .. }), "{e}");
    let e = deserialize(b"<SS>not hex</SS>", &Limits::default()).unwrap_err();
    assert!(matches!(e, SerializationError::SecureString { .. }), "{e}");
}

#[test]
fn a_credential_comes_back_live() {
    let c = PsObject::with_type_names(vec![
        "System.Management.Automation.PSCredential".into(),
        "System.Object".into(),
    ]);
    c.set("UserName", Value::from("bob"));
    c.set("Password", secure_string("secret".into()));
    c.set_to_string("System.Management.Automation.PSCredential".into());
    let xml = serialize_document(&[Value::Object(c)], 2);
    assert!(
        xml.contains("<SS N=\"Password\">730065006300720065007400</SS>"),
        "{xml}"
    );
    let back = deserialize_document(xml.as_bytes(), &Limits::default()).unwrap();
    let Value::Object(o) = &back[0] else {
        panic!("not an object")
    };
    assert_eq!(
        o.type_names()[0],
        "System.Management.Automation.PSCredential"
    );
    assert_eq!(
        secure_string_text(&o.get("Password").unwrap()).as_deref(),
        Some("secret")
    );
}
