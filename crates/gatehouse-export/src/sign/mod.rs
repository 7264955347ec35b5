//! Signing keys and signatures of the package: an ECDSA P-256 key with a self-signed X.509
//! certificate signs the binder (a CMS signature inside the PDF), an Ed25519 minisign key
//! signs the bag's tag manifest. Both halves live in one [`SigningKey`], kept by the host in
//! one passphrase-protected file (its text is [`SigningKey::to_text`]).

pub mod cms;
pub mod minisig;
pub mod pdf;
mod pkcs12;

use chrono::{Datelike, NaiveDate};
use der::{DecodePem, Encode, EncodePem};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::error::{signing, ExportError, Result};

/// How long a certificate made by [`SigningKey::generate`] is valid.
const CERT_YEARS: i32 = 10;

/// The two keys of a signer, with the certificate that names them.
pub struct SigningKey {
    ecdsa: p256::ecdsa::SigningKey,
    certificate: Certificate,
    minisign_sk: minisign::SecretKey,
    minisign_pk: minisign::PublicKey,
}

const HEADER: &str = "# Gatehouse signing key: ECDSA P-256 (PDF) and Ed25519 minisign (bag)";
const MINISIGN_SECRET: &str = "minisign-secret-key: ";
const MINISIGN_PUBLIC: &str = "minisign-public-key: ";

impl SigningKey {
    /// A new signer named `name` (the certificate's common name, e.g. "Ana Silva,
    /// Compliance") of `organization`, valid from `today` for ten years.
    pub fn generate(name: &str, organization: &str, today: NaiveDate) -> Result<SigningKey> {
        let key_pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map_err(|e| signing("generating the ECDSA key")(e.to_string()))?;
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new())
            .map_err(|e| signing("certificate parameters")(e.to_string()))?;
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::CommonName, name);
        if !organization.is_empty() {
            dn.push(rcgen::DnType::OrganizationName, organization);
        }
        params.distinguished_name = dn;
        let month = u8::try_from(today.month()).unwrap_or(1);
        let day = u8::try_from(today.day()).unwrap_or(1).min(28);
        params.not_before = rcgen::date_time_ymd(today.year(), month, day);
        params.not_after = rcgen::date_time_ymd(today.year() + CERT_YEARS, month, day);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::DigitalSignature,
            rcgen::KeyUsagePurpose::ContentCommitment,
        ];
        let cert = params
            .self_signed(&key_pair)
            .map_err(|e| signing("self-signing the certificate")(e.to_string()))?;
        let ecdsa = p256::ecdsa::SigningKey::from_pkcs8_der(&key_pair.serialize_der())
            .map_err(|e| signing("reading the new ECDSA key")(e.to_string()))?;
        let certificate = <Certificate as der::Decode>::from_der(cert.der())
            .map_err(|e| signing("reading the new certificate")(e.to_string()))?;
        let pair = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|e| signing("generating the minisign key")(e.to_string()))?;
        Ok(SigningKey {
            ecdsa,
            certificate,
            minisign_sk: pair.sk,
            minisign_pk: pair.pk,
        })
    }

    /// The key as text: the PKCS#8 private key and the certificate as PEM, the minisign key
    /// pair as base64. The host encrypts it with a passphrase before it touches a disk.
    pub fn to_text(&self) -> Result<String> {
        let key_pem = self
            .ecdsa
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| signing("encoding the ECDSA key")(e.to_string()))?;
        let sk_box = self
            .minisign_sk
            .to_box(None)
            .map_err(|e| signing("encoding the minisign key")(e.to_string()))?
            .into_string();
        let sk_line = sk_box.lines().nth(1).unwrap_or_default();
        Ok(format!(
            "{HEADER}\n# signer: {}\n# certificate sha256: {}\n{}{}{MINISIGN_SECRET}{sk_line}\n{MINISIGN_PUBLIC}{}\n",
            self.signer_name(),
            self.fingerprint(),
            key_pem.as_str(),
            self.certificate_pem()?,
            self.minisign_pk.to_base64(),
        ))
    }

    /// Reads what [`SigningKey::to_text`] wrote.
    pub fn from_text(text: &str) -> Result<SigningKey> {
        let bad = |what: &str| ExportError::SigningKey(what.to_string());
        let block = |label: &str| -> Result<String> {
            let begin = format!("-----BEGIN {label}-----");
            let end = format!("-----END {label}-----");
            let start = text
                .find(&begin)
                .ok_or_else(|| bad(&format!("no {label} block")))?;
            let stop = text[start..]
                .find(&end)
                .ok_or_else(|| bad(&format!("the {label} block is cut short")))?;
            Ok(format!("{}\n", &text[start..start + stop + end.len()]))
        };
        let line = |prefix: &str| -> Result<&str> {
            text.lines()
                .find_map(|l| l.strip_prefix(prefix))
                .map(str::trim)
                .ok_or_else(|| bad(&format!("no {} line", prefix.trim_end_matches(": "))))
        };
        let ecdsa = p256::ecdsa::SigningKey::from_pkcs8_pem(&block("PRIVATE KEY")?)
            .map_err(|e| bad(&format!("the ECDSA key: {e}")))?;
        let certificate = Certificate::from_pem(block("CERTIFICATE")?.as_bytes())
            .map_err(|e| bad(&format!("the certificate: {e}")))?;
        let sk_box = format!(
            "untrusted comment: minisign secret key\n{}\n",
            line(MINISIGN_SECRET)?
        );
        let minisign_sk = minisign::SecretKeyBox::from_string(&sk_box)
            .and_then(|b| b.into_unencrypted_secret_key())
            .map_err(|e| bad(&format!("the minisign secret key: {e}")))?;
        let minisign_pk = minisign::PublicKey::from_base64(line(MINISIGN_PUBLIC)?)
            .map_err(|e| bad(&format!("the minisign public key: {e}")))?;
        let key = SigningKey {
            ecdsa,
            certificate,
            minisign_sk,
            minisign_pk,
        };
        if key.certificate_public_key()? != key.ecdsa.verifying_key().to_encoded_point(false) {
            return Err(bad("the certificate is not the ECDSA key's"));
        }
        Ok(key)
    }

    pub(crate) fn ecdsa(&self) -> &p256::ecdsa::SigningKey {
        &self.ecdsa
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    fn certificate_public_key(&self) -> Result<p256::EncodedPoint> {
        cms::certificate_key(&self.certificate).map(|k| k.to_encoded_point(false))
    }

    /// The certificate as PEM (`signer-cert.pem` in the bag).
    pub fn certificate_pem(&self) -> Result<String> {
        self.certificate
            .to_pem(LineEnding::LF)
            .map_err(|e| signing("encoding the certificate")(e.to_string()))
    }

    /// SHA-256 of the certificate's DER, lowercase hex: how a person names this signer.
    pub fn fingerprint(&self) -> String {
        let der = self.certificate.to_der().unwrap_or_default();
        hex(&Sha256::digest(der))
    }

    /// The certificate's subject common name.
    pub fn signer_name(&self) -> String {
        cms::common_name(&self.certificate)
    }

    /// The minisign public key file (`signer.pub`), as `minisign -G` writes it.
    pub fn minisign_public(&self) -> String {
        minisig::public_key_text(&self.minisign_pk)
    }

    pub(crate) fn minisign_keys(&self) -> (&minisign::SecretKey, &minisign::PublicKey) {
        (&self.minisign_sk, &self.minisign_pk)
    }
}

pub(crate) use gatehouse_core::audit::hex;
