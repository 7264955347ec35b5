//! The bag's detached Ed25519 signature in minisign's format, over the tag manifest, so
//! `minisign -Vm tagmanifest-sha256.txt -p signer.pub` checks it without Gatehouse. The
//! trusted comment is given (without one the crate writes the clock's time into it); the
//! signature itself still differs from run to run, the one file of a bag that does.

use std::io::Cursor;

use crate::error::{signing, Result};
use crate::sign::SigningKey;

/// `signer.pub`: what `minisign -G` writes.
pub fn public_key_text(pk: &minisign::PublicKey) -> String {
    pk.to_box().map(|b| b.into_string()).unwrap_or_else(|_| {
        format!(
            "untrusted comment: minisign public key\n{}\n",
            pk.to_base64()
        )
    })
}

/// The `.minisig` text of `data`, with `trusted_comment` signed along.
pub fn sign(key: &SigningKey, data: &[u8], trusted_comment: &str) -> Result<String> {
    let (sk, pk) = key.minisign_keys();
    let signature = minisign::sign(
        Some(pk),
        sk,
        Cursor::new(data),
        Some(trusted_comment),
        Some("signature of the bag's tag manifest, from Gatehouse"),
    )
    .map_err(|e| signing("minisign")(e.to_string()))?;
    Ok(signature.into_string())
}

/// Checks a `.minisig` text over `data` with the public key text of `signer.pub`; says
/// what is wrong when it does not hold.
pub fn verify(public_key: &str, signature: &str, data: &[u8]) -> Result<(), String> {
    let pk = minisign::PublicKeyBox::from_string(public_key)
        .and_then(|b| b.into_public_key())
        .map_err(|e| format!("not a minisign public key: {e}"))?;
    let text = signature;
    let signature = minisign::SignatureBox::from_string(text)
        .map_err(|e| format!("not a minisign signature: {e}"))?;
    // The parser forgives stray whitespace; a signature file as written reads back as itself.
    if signature.to_string() != text {
        return Err(
            "the signature file is not exactly as minisign writes it: it was changed".into(),
        );
    }
    minisign::verify(&pk, &signature, Cursor::new(data), true, false, false)
        .map_err(|e| format!("the signature does not verify: {e}"))
}
