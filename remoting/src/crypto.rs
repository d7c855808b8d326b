//! The session-key exchange of MS-PSRP (2.2.2.3 to 2.2.2.5) and the SecureString cipher it
//! sets up, as PowerShell's `PSRSACryptoServiceProvider` (`CryptoUtils.cs`) and psrpcore's
//! `_crypto.py` do it. All cryptography is RustCrypto's; this module only lays out the
//! Windows CAPI blobs PowerShell puts on the wire.
//!
//! - PUBLIC_KEY: the client's RSA-2048 public key as a CAPI `PUBLICKEYBLOB`: `06 02 00 00`
//!   (type, version, reserved), ALG_ID `CALG_RSA_KEYX` (`00 A4 00 00`), magic `RSA1`, the bit
//!   length and the public exponent as little-endian DWORDs, then the modulus little-endian.
//! - ENCRYPTED_SESSION_KEY: a random 256-bit AES key, RSA-encrypted with PKCS#1 v1.5 under
//!   that public key, as a CAPI `SIMPLEBLOB`: `01 02 00 00`, ALG_ID `CALG_AES_256`
//!   (`10 66 00 00`), the wrapping key's ALG_ID `CALG_RSA_KEYX` (`00 A4 00 00`), then the
//!   RSA ciphertext byte-reversed (little-endian).
//! - `<SS>`: base64 of AES-256-CBC with an all-zero IV and PKCS#7 padding over the
//!   UTF-16LE text.
//!
//! Every blob is base64 in its message.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, PrivateKey, PublicKey};

/// `PUBLICKEYBLOB` header length (BLOBHEADER + RSAPUBKEY).
const PUBLICKEYBLOB_HEADER_LEN: usize = 20;
/// `SIMPLEBLOB` header length (BLOBHEADER + the wrapping key's ALG_ID).
const SIMPLEBLOB_HEADER_LEN: usize = 12;
/// The RSA key size PowerShell and psrpcore use.
const RSA_BITS: usize = 2048;
/// PowerShell's IV: none (all zero).
const ZERO_IV: [u8; 16] = [0; 16];

type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;
type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

/// Why a key or a SecureString could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// Not base64.
    #[error("the {0} is not valid base64")]
    Base64(&'static str),
    /// A blob that is not what its message carries.
    #[error("the {0} is not a valid key blob")]
    Blob(&'static str),
    /// RSA or the system's random source failed.
    #[error("RSA failed: {0}")]
    Rsa(String),
    /// The decrypted session key is not 256 bits.
    #[error("the session key is {0} bytes, not 32")]
    KeyLength(usize),
    /// A SecureString that does not decrypt (wrong key or damaged text).
    #[error("the SecureString cannot be decrypted with the session key")]
    Decrypt,
}

/// A session's 256-bit AES key.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionKey([u8; 32]);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey(..)")
    }
}

impl SessionKey {
    /// A new random key (the server makes one per runspace pool).
    pub fn generate() -> Result<SessionKey, CryptoError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| CryptoError::Rsa(e.to_string()))?;
        Ok(SessionKey(key))
    }

    /// A key from its bytes.
    pub fn from_bytes(key: [u8; 32]) -> SessionKey {
        SessionKey(key)
    }

    /// The `<SS>` text of `plain`: base64 of AES-256-CBC (zero IV, PKCS#7) of its UTF-16LE.
    pub fn encrypt(&self, plain: &str) -> String {
        let data: Vec<u8> = plain.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let sealed =
            Aes256CbcEnc::new(&self.0.into(), &ZERO_IV.into()).encrypt_padded_vec::<Pkcs7>(&data);
        BASE64.encode(sealed)
    }

    /// The text of an `<SS>` element's text.
    pub fn decrypt(&self, text: &str) -> Result<String, CryptoError> {
        let sealed = BASE64
            .decode(text.trim())
            .map_err(|_| CryptoError::Base64("SecureString"))?;
        let data = Aes256CbcDec::new(&self.0.into(), &ZERO_IV.into())
            .decrypt_padded_vec::<Pkcs7>(&sealed)
            .map_err(|_| CryptoError::Decrypt)?;
        if data.len() % 2 != 0 {
            return Err(CryptoError::Decrypt);
        }
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(String::from_utf16_lossy(&units))
    }
}

/// The client's RSA key pair for one exchange.
pub struct ExchangeKey(PrivateKey);

impl std::fmt::Debug for ExchangeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExchangeKey(..)")
    }
}

impl ExchangeKey {
    /// A new RSA-2048 key pair (public exponent 65537).
    pub fn generate() -> Result<ExchangeKey, CryptoError> {
        PrivateKey::new(&mut getrandom::SysRng, RSA_BITS)
            .map(ExchangeKey)
            .map_err(|e| CryptoError::Rsa(e.to_string()))
    }

    /// The PUBLIC_KEY message's text: the public key as a base64 CAPI `PUBLICKEYBLOB`.
    pub fn public_blob(&self) -> String {
        let n = self.0.n_bytes();
        let e = self.0.e_bytes();
        let mut blob = Vec::with_capacity(PUBLICKEYBLOB_HEADER_LEN + n.len());
        blob.extend_from_slice(&[0x06, 0x02, 0x00, 0x00, 0x00, 0xA4, 0x00, 0x00]);
        blob.extend_from_slice(b"RSA1");
        blob.extend_from_slice(&((n.len() * 8) as u32).to_le_bytes());
        let mut exponent = [0u8; 4];
        for (i, b) in e.iter().rev().take(4).enumerate() {
            exponent[i] = *b;
        }
        blob.extend_from_slice(&exponent);
        blob.extend(n.iter().rev());
        BASE64.encode(blob)
    }

    /// The session key in an ENCRYPTED_SESSION_KEY message's text.
    pub fn open_session_key(&self, text: &str) -> Result<SessionKey, CryptoError> {
        let blob = BASE64
            .decode(text.trim())
            .map_err(|_| CryptoError::Base64("encrypted session key"))?;
        if blob.len() <= SIMPLEBLOB_HEADER_LEN || blob[0] != 0x01 || blob[1] != 0x02 {
            return Err(CryptoError::Blob("encrypted session key"));
        }
        let sealed: Vec<u8> = blob[SIMPLEBLOB_HEADER_LEN..]
            .iter()
            .rev()
            .copied()
            .collect();
        let key = self
            .0
            .pkcs1v15_decrypt(&sealed)
            .map_err(|e| CryptoError::Rsa(e.to_string()))?;
        let key: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::KeyLength(key.len()))?;
        Ok(SessionKey(key))
    }
}

/// The ENCRYPTED_SESSION_KEY message's text: `key` wrapped with the client's public key
/// (the PUBLIC_KEY message's text), as a base64 CAPI `SIMPLEBLOB`.
pub fn seal_session_key(public_blob: &str, key: &SessionKey) -> Result<String, CryptoError> {
    let blob = BASE64
        .decode(public_blob.trim())
        .map_err(|_| CryptoError::Base64("public key"))?;
    let bad = CryptoError::Blob("public key");
    if blob.len() <= PUBLICKEYBLOB_HEADER_LEN
        || blob[0] != 0x06
        || blob[1] != 0x02
        || &blob[8..12] != b"RSA1"
    {
        return Err(bad);
    }
    let bits = u32::from_le_bytes([blob[12], blob[13], blob[14], blob[15]]) as usize;
    let len = bits / 8;
    if len == 0 || blob.len() < PUBLICKEYBLOB_HEADER_LEN + len {
        return Err(bad);
    }
    let exponent = u32::from_le_bytes([blob[16], blob[17], blob[18], blob[19]]);
    let modulus: Vec<u8> = blob[PUBLICKEYBLOB_HEADER_LEN..PUBLICKEYBLOB_HEADER_LEN + len]
        .iter()
        .rev()
        .copied()
        .collect();
    let public = PublicKey::new(
        BoxedUint::from_be_slice_vartime(&modulus),
        BoxedUint::from(u64::from(exponent)),
    )
    .map_err(|e| CryptoError::Rsa(e.to_string()))?;
    let sealed = public
        .pkcs1v15_encrypt(&key.0)
        .map_err(|e| CryptoError::Rsa(e.to_string()))?;
    let mut out = Vec::with_capacity(SIMPLEBLOB_HEADER_LEN + sealed.len());
    out.extend_from_slice(&[
        0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00, 0xA4, 0x00, 0x00,
    ]);
    out.extend(sealed.iter().rev());
    Ok(BASE64.encode(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector_key() -> SessionKey {
        let mut k = [0u8; 32];
        for (i, b) in k.iter_mut().enumerate() {
            *b = i as u8;
        }
        SessionKey::from_bytes(k)
    }

    #[test]
    fn secure_strings_match_psrpcore() {
        // clixml-vectors/46-securestring.txt: psrpcore with the key bytes(range(32)).
        let key = vector_key();
        assert_eq!(
            key.encrypt("P@ssw0rd"),
            "kPNWa8duthiZkv++WNVtS1KaBD0LLWvb9kQs7tFq2SU="
        );
        assert_eq!(
            key.decrypt("kPNWa8duthiZkv++WNVtS1KaBD0LLWvb9kQs7tFq2SU=")
                .as_deref(),
            Ok("P@ssw0rd")
        );
        for s in ["", "x", "ünïcödé €", "😀 sixteen bytes!"] {
            assert_eq!(key.decrypt(&key.encrypt(s)).as_deref(), Ok(s));
        }
    }

    #[test]
    fn a_wrong_key_or_damaged_text_does_not_decrypt() {
        let other = SessionKey::from_bytes([7; 32]);
        let sealed = vector_key().encrypt("secret");
        // A wrong key fails the padding check or gives other text, never the secret.
        assert_ne!(other.decrypt(&sealed).ok().as_deref(), Some("secret"));
        assert_eq!(
            vector_key().decrypt("not base64!"),
            Err(CryptoError::Base64("SecureString"))
        );
        assert_eq!(vector_key().decrypt("AAAA"), Err(CryptoError::Decrypt));
    }

    #[test]
    fn the_exchange_hands_the_session_key_over() {
        let client = ExchangeKey::generate().unwrap();
        let public = client.public_blob();
        let blob = BASE64.decode(&public).unwrap();
        assert_eq!(blob.len(), 20 + 256);
        assert_eq!(
            &blob[..16],
            &[
                6, 2, 0, 0, 0, 0xA4, 0, 0, b'R', b'S', b'A', b'1', 0, 8, 0, 0
            ]
        );
        assert_eq!(&blob[16..20], &[1, 0, 1, 0]);
        let key = SessionKey::generate().unwrap();
        let sealed = seal_session_key(&public, &key).unwrap();
        let sealed_blob = BASE64.decode(&sealed).unwrap();
        assert_eq!(
            &sealed_blob[..12],
            &[1, 2, 0, 0, 0x10, 0x66, 0, 0, 0, 0xA4, 0, 0]
        );
        assert_eq!(sealed_blob.len(), 12 + 256);
        assert_eq!(client.open_session_key(&sealed).unwrap(), key);
    }

    #[test]
    fn bad_blobs_are_refused() {
        let key = vector_key();
        assert!(seal_session_key("AAAA", &key).is_err());
        assert!(seal_session_key("%%", &key).is_err());
        let client = ExchangeKey::generate().unwrap();
        assert!(client.open_session_key("AQIAAA==").is_err());
    }
}
