//! The CMS SignedData (RFC 5652) of a PDF signature, `adbe.pkcs7.detached`: the content is
//! the PDF's signed byte range, not enclosed; the signed attributes carry its SHA-256, the
//! content type and the signing time (the as-of time, never the clock); the signature is
//! ECDSA P-256 with SHA-256 and RFC 6979 deterministic nonces, so the same input gives the
//! same bytes. Built from the `cms` crate's types (its builder stamps the clock's time).

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::db::rfc4519::{CN, O};
use const_oid::db::rfc5911::{
    ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME,
};
use const_oid::db::rfc5912::{ECDSA_WITH_SHA_256, ID_SHA_256};
use der::asn1::{OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Tag, Tagged};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{DerSignature, VerifyingKey};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::error::{signing, ExportError, Result};
use crate::sign::SigningKey;

fn algorithm(oid: const_oid::ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

fn attribute(oid: const_oid::ObjectIdentifier, value: Any) -> Result<Attribute> {
    let values =
        SetOfVec::try_from(vec![value]).map_err(|e| signing("an attribute")(e.to_string()))?;
    Ok(Attribute { oid, values })
}

/// The DER of a detached CMS signature over content whose SHA-256 is `digest`.
pub fn sign_detached(
    key: &SigningKey,
    digest: &[u8],
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let err = |what: &'static str| move |e: der::Error| signing(what)(e.to_string());
    let seconds = u64::try_from(signing_time.timestamp()).unwrap_or(0);
    let time = UtcTime::from_unix_duration(std::time::Duration::from_secs(seconds))
        .map_err(err("the signing time (UTCTime covers 1950 to 2049)"))?;
    let attrs = SetOfVec::try_from(vec![
        attribute(
            ID_CONTENT_TYPE,
            Any::encode_from(&ID_DATA).map_err(err("content type"))?,
        )?,
        attribute(
            ID_SIGNING_TIME,
            Any::encode_from(&time).map_err(err("signing time"))?,
        )?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(err("digest"))?)
                .map_err(err("digest"))?,
        )?,
    ])
    .map_err(err("signed attributes"))?;
    let signed = attrs.to_der().map_err(err("signed attributes"))?;
    let signature: DerSignature = key.ecdsa().sign(&signed);
    let cert = key.certificate();
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: algorithm(ID_SHA_256),
        signed_attrs: Some(attrs),
        signature_algorithm: algorithm(ECDSA_WITH_SHA_256),
        signature: OctetString::new(signature.as_bytes()).map_err(err("signature"))?,
        unsigned_attrs: None,
    };
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(ID_SHA_256)])
            .map_err(err("digest algorithms"))?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(vec![CertificateChoices::Certificate(cert.clone())])
                .map_err(err("certificates"))?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(err("signer"))?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&data).map_err(err("signed data"))?,
    }
    .to_der()
    .map_err(err("content info"))
}

/// What a valid detached signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signer's certificate, DER.
    pub certificate: Vec<u8>,
    pub signer: String,
    pub signing_time: Option<DateTime<Utc>>,
}

/// Checks a detached CMS signature (`der` may carry trailing zero padding, as /Contents
/// does) over content whose SHA-256 is `digest`; says what is wrong when it does not hold.
pub fn verify_detached(der: &[u8], digest: &[u8]) -> Result<Verified, String> {
    let mut reader = der::SliceReader::new(der).map_err(|e| e.to_string())?;
    let info = ContentInfo::decode(&mut reader).map_err(|e| format!("not a CMS structure: {e}"))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err("the CMS structure is not SignedData".into());
    }
    let data: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("the SignedData is malformed: {e}"))?;
    let signer = data
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("the signature has no signer")?;
    let cert = data
        .certificates
        .as_ref()
        .and_then(|set| {
            set.0.iter().find_map(|c| match c {
                CertificateChoices::Certificate(c) => Some(c),
                _ => None,
            })
        })
        .ok_or("the signature carries no certificate")?;
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or("the signature has no signed attributes")?;
    let find = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let signed_digest = find(ID_MESSAGE_DIGEST)
        .ok_or("the signature has no message digest")?
        .decode_as::<OctetString>()
        .map_err(|e| e.to_string())?;
    if signed_digest.as_bytes() != digest {
        return Err("the signed digest does not match the file's signed byte range (the file was changed after signing)".into());
    }
    let signing_time = find(ID_SIGNING_TIME).and_then(|t| match t.tag() {
        Tag::UtcTime => t.decode_as::<UtcTime>().ok().map(|u| u.to_unix_duration()),
        _ => None,
    });
    let key = certificate_key(cert).map_err(|e| e.to_string())?;
    let signature = DerSignature::from_bytes(signer.signature.as_bytes())
        .map_err(|e| format!("the ECDSA signature is malformed: {e}"))?;
    let signed = attrs.to_der().map_err(|e| e.to_string())?;
    key.verify(&signed, &signature).map_err(|_| {
        "the ECDSA signature does not verify against the certificate's key".to_string()
    })?;
    Ok(Verified {
        certificate: cert.to_der().map_err(|e| e.to_string())?,
        signer: common_name(cert),
        signing_time: signing_time
            .and_then(|d| DateTime::from_timestamp(i64::try_from(d.as_secs()).ok()?, 0)),
    })
}

/// The P-256 public key a certificate names.
pub fn certificate_key(cert: &Certificate) -> Result<VerifyingKey> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes()).map_err(|_| {
        ExportError::SigningKey("the certificate's key is not an ECDSA P-256 key".into())
    })
}

/// The subject's common name (empty when it has none).
pub fn common_name(cert: &Certificate) -> String {
    subject_field(cert, CN).unwrap_or_default()
}

/// The subject's organisation, when it names one.
pub fn organization(cert: &Certificate) -> Option<String> {
    subject_field(cert, O).filter(|o| !o.is_empty())
}

fn subject_field(cert: &Certificate, oid: const_oid::ObjectIdentifier) -> Option<String> {
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| {
            atv.value
                .decode_as::<der::asn1::Utf8StringRef<'_>>()
                .map(|s| s.to_string())
                .or_else(|_| {
                    atv.value
                        .decode_as::<der::asn1::PrintableStringRef<'_>>()
                        .map(|s| s.to_string())
                })
                .ok()
        })
}
