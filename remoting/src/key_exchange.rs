//! The SecureString cipher of one remoting session, shared by the thread that talks to the
//! peer and the threads that serialize values. Serializing or reading a SecureString needs
//! the session key; without one it asks for the exchange (the client sends PUBLIC_KEY, the
//! server PUBLIC_KEY_REQUEST) and waits, as PowerShell's `RunKeyExchangeIfRequired` does.
//! The wait is bounded and ends early when the session ends or its pipeline is stopped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rosh_runtime::serialization::{SecureStringCipher, protect, unprotect};

use crate::crypto::SessionKey;

/// How long a SecureString waits for the key exchange at most. A peer that takes part
/// answers within a second (an RSA-2048 key pair and one round trip); one that ignores
/// PUBLIC_KEY_REQUEST (pypsrp does) should not stall the pipeline for long.
pub const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting thread looks at its stop flag.
const POLL: Duration = Duration::from_millis(50);

#[derive(Default)]
struct State {
    key: Option<SessionKey>,
    asked: bool,
    ended: Option<String>,
}

/// A session's key, once exchanged, and the way to ask for it.
pub struct SessionCipher {
    state: Mutex<State>,
    changed: Condvar,
    /// Starts the exchange; false when the session can no longer do it.
    ask: Box<dyn Fn() -> bool + Send + Sync>,
    stop: Option<Arc<AtomicBool>>,
}

impl std::fmt::Debug for SessionCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionCipher(..)")
    }
}

impl SessionCipher {
    /// A cipher without a key; `ask` starts the exchange when a SecureString needs it.
    pub fn new(ask: impl Fn() -> bool + Send + Sync + 'static) -> SessionCipher {
        SessionCipher {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            ask: Box::new(ask),
            stop: None,
        }
    }

    /// Waits give up when `stop` is set (a stopped pipeline).
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> SessionCipher {
        self.stop = Some(stop);
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The exchange is done: this is the key.
    pub fn set_key(&self, key: SessionKey) {
        let mut s = self.lock();
        s.key = Some(key);
        self.changed.notify_all();
    }

    /// The exchange failed or the session ended: waiting threads give up with `why`.
    pub fn end(&self, why: impl Into<String>) {
        let mut s = self.lock();
        if s.key.is_none() {
            s.ended = Some(why.into());
        }
        s.asked = false;
        self.changed.notify_all();
    }

    /// Whether the key has been exchanged.
    pub fn has_key(&self) -> bool {
        self.lock().key.is_some()
    }

    /// The session key, exchanging it first when needed.
    pub fn key(&self) -> Result<SessionKey, String> {
        let deadline = Instant::now() + EXCHANGE_TIMEOUT;
        let mut s = self.lock();
        loop {
            if let Some(k) = &s.key {
                return Ok(k.clone());
            }
            if let Some(why) = &s.ended {
                return Err(why.clone());
            }
            if !s.asked {
                s.asked = true;
                drop(s);
                let asked = (self.ask)();
                s = self.lock();
                if !asked {
                    s.asked = false;
                    return Err("the session cannot exchange keys any more".into());
                }
                continue;
            }
            if self.stop.as_ref().is_some_and(|f| f.load(Ordering::SeqCst)) {
                return Err("the pipeline was stopped".into());
            }
            let now = Instant::now();
            if now >= deadline {
                s.asked = false;
                return Err("the session key exchange did not finish in time".into());
            }
            s = self
                .changed
                .wait_timeout(s, POLL.min(deadline - now))
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }
}

impl SessionCipher {
    /// Serialized values going to the peer: their SecureStrings, written in
    /// `ConvertFrom-SecureString`'s form (what `serialization::serialize` writes), sealed
    /// with the session key. The commands serialize once for every session they send to;
    /// each session seals with its own key here.
    pub fn seal_xml(&self, xml: String) -> Result<String, String> {
        if !xml.contains("<SS") {
            return Ok(xml);
        }
        map_secure_strings(&xml, |text| {
            let plain = unprotect(text).ok_or("a SecureString is not in its exported form")?;
            self.encrypt(&plain)
        })
    }

    /// Serialized values from the peer: their sealed SecureStrings opened and written in
    /// `ConvertFrom-SecureString`'s form, which `serialization::deserialize` reads.
    pub fn open_xml(&self, xml: String) -> Result<String, String> {
        if !xml.contains("<SS") {
            return Ok(xml);
        }
        map_secure_strings(&xml, |text| Ok(protect(&self.decrypt(text)?)))
    }
}

/// Rewrites the text of every `<SS>` element of serialized object XML with `f`. SecureString
/// text is base64 or hex, which XML never escapes, and `<SS` outside a tag is always
/// escaped, so the elements are found by their tags.
fn map_secure_strings(
    xml: &str,
    mut f: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(i) = rest.find("<SS") {
        let after = &rest[i + 3..];
        if !after.starts_with(['>', '/', ' ', '\t', '\r', '\n']) {
            out.push_str(&rest[..i + 3]);
            rest = after;
            continue;
        }
        // The end of the start tag, outside attribute quotes.
        let mut quote = None;
        let mut end = None;
        for (j, c) in after.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '>' => {
                    end = Some(j);
                    break;
                }
                None => {}
            }
        }
        let end = end.ok_or("a SecureString element is not closed")?;
        let tag_end = i + 3 + end + 1;
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
        if after[..end].ends_with('/') {
            continue;
        }
        let close = rest
            .find("</SS>")
            .ok_or("a SecureString element is not closed")?;
        out.push_str(&f(&rest[..close])?);
        out.push_str("</SS>");
        rest = &rest[close + 5..];
    }
    out.push_str(rest);
    Ok(out)
}

impl SecureStringCipher for SessionCipher {
    fn encrypt(&self, plain: &str) -> Result<String, String> {
        Ok(self.key()?.encrypt(plain))
    }

    fn decrypt(&self, text: &str) -> Result<String, String> {
        self.key()?.decrypt(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_secure_string_waits_for_the_exchange_it_starts() {
        let asked = Arc::new(AtomicUsize::new(0));
        let cipher = Arc::new_cyclic(|weak: &std::sync::Weak<SessionCipher>| {
            let weak = weak.clone();
            let asked = asked.clone();
            SessionCipher::new(move || {
                asked.fetch_add(1, Ordering::SeqCst);
                let weak = weak.clone();
                // The peer answers later, on another thread.
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(20));
                    if let Some(c) = weak.upgrade() {
                        c.set_key(SessionKey::from_bytes([3; 32]));
                    }
                });
                true
            })
        });
        let sealed = cipher.encrypt("pw").unwrap();
        assert_eq!(cipher.decrypt(&sealed).unwrap(), "pw");
        assert_eq!(asked.load(Ordering::SeqCst), 1, "one exchange");
    }

    #[test]
    fn serialized_secure_strings_are_sealed_and_opened_in_place() {
        let cipher = SessionCipher::new(|| false);
        cipher.set_key(SessionKey::from_bytes([9; 32]));
        let plain = "<Obj RefId=\"0\"><MS><SS N=\"a>b\">7800</SS><S N=\"t\">&lt;SS&gt;</S><SS>7900</SS><SS /></MS></Obj>".to_string();
        let sealed = cipher.seal_xml(plain.clone()).unwrap();
        assert!(
            !sealed.contains(">7800<") && !sealed.contains(">7900<"),
            "{sealed}"
        );
        assert!(sealed.contains("<S N=\"t\">&lt;SS&gt;</S>"), "{sealed}");
        assert!(sealed.contains("<SS />"), "{sealed}");
        assert_eq!(cipher.open_xml(sealed).unwrap(), plain);
        let none = "<S>no secrets</S>".to_string();
        assert_eq!(cipher.seal_xml(none.clone()).unwrap(), none);
        assert!(cipher.seal_xml("<SS>zz</SS>".into()).is_err());
        assert!(cipher.open_xml("<SS>AAAA".into()).is_err());
    }

    #[test]
    fn an_ended_session_or_a_stop_ends_the_wait() {
        let cipher = SessionCipher::new(|| false);
        assert!(cipher.encrypt("x").is_err());
        let cipher = SessionCipher::new(|| true);
        cipher.end("the session ended");
        assert_eq!(cipher.encrypt("x"), Err("the session ended".into()));
        let stop = Arc::new(AtomicBool::new(true));
        let cipher = SessionCipher::new(|| true).with_stop(stop);
        assert_eq!(cipher.encrypt("x"), Err("the pipeline was stopped".into()));
    }
}
