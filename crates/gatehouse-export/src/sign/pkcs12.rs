//! The organisation's signing key from a PKCS#12 file (what `openssl pkcs12 -export` and
//! the usual certificate tools write): its ECDSA P-256 key and certificate sign binders, a
//! new Ed25519 minisign key signs bags. Any other key is refused, saying what it is: the
//! binder's signatures are ECDSA P-256 (RFC 6979), never RSA (RUSTSEC-2023-0071).

use const_oid::ObjectIdentifier;
use der::Decode;
use p256::pkcs8::DecodePrivateKey;
use x509_cert::Certificate;

use super::{cms, SigningKey};
use crate::error::{signing, ExportError, Result};

const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

fn refused(why: impl Into<String>) -> ExportError {
    ExportError::KeyImportRefused(why.into())
}

/// What kind of key the certificate names, when it is not ECDSA P-256.
fn other_key(cert: &Certificate) -> Option<String> {
    let alg = &cert.tbs_certificate.subject_public_key_info.algorithm;
    if alg.oid == RSA {
        return Some("an RSA key".into());
    }
    if alg.oid == ED25519 {
        return Some("an Ed25519 key".into());
    }
    if alg.oid != EC {
        return Some(format!("a key of algorithm {}", alg.oid));
    }
    let curve = alg
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    match curve {
        Some(c) if c == P256 => None,
        Some(c) if c == P384 => Some("an ECDSA key on the P-384 curve".into()),
        Some(c) if c == P521 => Some("an ECDSA key on the P-521 curve".into()),
        Some(c) => Some(format!("an EC key on the curve {c}")),
        None => Some("an EC key without a named curve".into()),
    }
}

impl SigningKey {
    /// The key and certificate of the PKCS#12 file `data`, opened with `passphrase`, with a
    /// new minisign key. Refused: a wrong passphrase, a file without a private key and its
    /// certificate, a key that is not ECDSA P-256, a certificate that is not the key's.
    pub fn from_pkcs12(data: &[u8], passphrase: &str) -> Result<SigningKey> {
        let store = p12_keystore::KeyStore::from_pkcs12(data, passphrase).map_err(|e| match e {
            p12_keystore::error::Error::MacError(_) => ExportError::KeyImportPassphrase,
            other => refused(format!("it does not read as PKCS#12 ({other})")),
        })?;
        let (_, chain) = store.private_key_chain().ok_or_else(|| {
            refused(
                "it holds no private key with its certificate (make it with `openssl pkcs12 \
                 -export -inkey KEY.pem -in CERT.pem`)",
            )
        })?;
        let cert_der = chain
            .chain()
            .first()
            .map(|c| c.as_der())
            .ok_or_else(|| refused("its private key comes without a certificate"))?;
        let certificate = Certificate::from_der(cert_der)
            .map_err(|e| refused(format!("its certificate does not parse ({e})")))?;
        if let Some(kind) = other_key(&certificate) {
            return Err(refused(format!(
                "its key is {kind}; binders are signed with ECDSA P-256 only. Ask for a P-256 \
                 certificate (`openssl ecparam -name prime256v1`), or make a self-signed one \
                 with `gatehouse keygen --signing --name NAME`"
            )));
        }
        let ecdsa = p256::ecdsa::SigningKey::from_pkcs8_der(chain.key())
            .map_err(|e| refused(format!("its private key is not an ECDSA P-256 key ({e})")))?;
        let named = cms::certificate_key(&certificate)?.to_encoded_point(false);
        if named != ecdsa.verifying_key().to_encoded_point(false) {
            return Err(refused("its certificate is not the private key's"));
        }
        let pair = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|e| signing("generating the minisign key")(e.to_string()))?;
        Ok(SigningKey {
            ecdsa,
            certificate,
            minisign_sk: pair.sk,
            minisign_pk: pair.pk,
        })
    }
}
