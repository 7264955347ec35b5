//! The binder's PDF signature: an incremental update (the unsigned binder's bytes stay as
//! they are) adding a `/Sig` dictionary (`adbe.pkcs7.detached`), an invisible signature
//! widget on the first page and the `/AcroForm` that lists it. `/ByteRange` covers the whole
//! file but the `/Contents` hex string, which holds the CMS signature ([`super::cms`]).

use chrono::{DateTime, Utc};
use lopdf::{dictionary, IncrementalDocument, Object, StringFormat};
use sha2::{Digest, Sha256};

use crate::error::{ExportError, Result};
use crate::sign::{cms, SigningKey};

/// Room for the CMS signature, in bytes (the hex string is twice as long): a P-256
/// signature with its certificate takes about 1 KB; an organisation's certificate with a
/// longer subject fits too.
const CONTENTS_BYTES: usize = 8192;
/// A ByteRange number as wide as any real one (a file below 10 GB), so patching the real
/// numbers in keeps every offset of the file.
const PLACEHOLDER: i64 = 9_999_999_999;

/// Who signed, and why, as the signature dictionary says it.
pub struct SignatureInfo<'a> {
    pub reason: &'a str,
    pub location: &'a str,
}

/// `pdf` with a CMS signature by `key` at `time` (the as-of time).
pub fn sign(
    pdf: &[u8],
    key: &SigningKey,
    time: DateTime<Utc>,
    info: &SignatureInfo<'_>,
) -> Result<Vec<u8>> {
    let unsignable = |what: String| ExportError::PdfStructure(what);
    let mut doc = IncrementalDocument::load_from(pdf)
        .map_err(|e| unsignable(format!("it cannot be read as a PDF: {e}")))?;
    let prev = doc.get_prev_documents();
    let root = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| unsignable("it has no document catalog".into()))?;
    if prev.catalog().is_ok_and(|c| c.has(b"AcroForm")) {
        return Err(unsignable(
            "it already has a form (/AcroForm); the binder is made without one".into(),
        ));
    }
    let page = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| unsignable("it has no pages".into()))?;
    let annots = match prev
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Annots").ok())
    {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Reference(id)) => prev
            .get_object(*id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let new = &mut doc.new_document;
    let sig = new.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "adbe.pkcs7.detached",
        "ByteRange" => vec![0.into(), PLACEHOLDER.into(), PLACEHOLDER.into(), PLACEHOLDER.into()],
        "Contents" => Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        "M" => Object::string_literal(time.format("D:%Y%m%d%H%M%S+00'00'").to_string()),
        "Name" => Object::String(key.signer_name().into_bytes(), StringFormat::Literal),
        "Reason" => Object::string_literal(info.reason),
        "Location" => Object::string_literal(info.location),
    });
    let widget = new.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => Object::string_literal("Gatehouse signature"),
        "V" => sig,
        "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        "F" => 132,
        "P" => page,
    });
    for id in [root, page] {
        doc.opt_clone_object_to_new_document(id)
            .map_err(|e| unsignable(format!("object {id:?}: {e}")))?;
    }
    let new = &mut doc.new_document;
    let mut annots = annots;
    annots.push(widget.into());
    new.get_dictionary_mut(page)
        .map_err(|e| unsignable(format!("the first page: {e}")))?
        .set("Annots", annots);
    new.get_dictionary_mut(root)
        .map_err(|e| unsignable(format!("the catalog: {e}")))?
        .set(
            "AcroForm",
            dictionary! { "Fields" => vec![widget.into()], "SigFlags" => 3 },
        );
    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 1024);
    doc.save_to(&mut out)
        .map_err(|e| unsignable(format!("writing the update: {e}")))?;
    let (start, end) = contents_span(&out)
        .ok_or_else(|| unsignable("the signature's placeholder was not written".into()))?;
    patch_byte_range(&mut out, start, end)?;
    let digest = Sha256::new()
        .chain_update(&out[..start])
        .chain_update(&out[end..])
        .finalize();
    let signature = cms::sign_detached(key, &digest, time)?;
    if signature.len() > CONTENTS_BYTES {
        return Err(ExportError::Signing(format!(
            "the signature takes {} bytes, more than the {CONTENTS_BYTES} reserved (is the certificate chain very long?)",
            signature.len()
        )));
    }
    let hex = super::hex(&signature).to_ascii_uppercase();
    out[start + 1..start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// Where the zero-filled `/Contents` placeholder is: the `<` and one past the `>`.
fn contents_span(out: &[u8]) -> Option<(usize, usize)> {
    let mut zeros = Vec::with_capacity(2 * CONTENTS_BYTES + 2);
    zeros.push(b'<');
    zeros.resize(2 * CONTENTS_BYTES + 1, b'0');
    zeros.push(b'>');
    let start = find(out, &zeros)?;
    Some((start, start + zeros.len()))
}

fn patch_byte_range(out: &mut [u8], start: usize, end: usize) -> Result<()> {
    let p = PLACEHOLDER.to_string();
    let placeholder = format!("0 {p} {p} {p}");
    let at = find(out, placeholder.as_bytes()).ok_or_else(|| {
        ExportError::PdfStructure("the /ByteRange placeholder was not written".into())
    })?;
    let real = format!("0 {start} {end} {}", out.len() - end);
    let padded = format!("{real:<width$}", width = placeholder.len());
    out[at..at + padded.len()].copy_from_slice(padded.as_bytes());
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What a binder's signature check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verified: cms::Verified,
    pub byte_range: [usize; 4],
}

/// Checks the PDF's signature: one signature, its `/ByteRange` covers the whole file but
/// the `/Contents` string, and the CMS signature verifies over that range. Says what is
/// wrong when it does not hold.
pub fn verify(pdf: &[u8]) -> Result<Checked, String> {
    let key = b"/ByteRange";
    let count = pdf.windows(key.len()).filter(|w| w == key).count();
    match count {
        0 => return Err("it has no signature (/ByteRange)".into()),
        1 => {}
        n => {
            return Err(format!(
                "it has {n} signatures or updates after the signature; Gatehouse signs once"
            ))
        }
    }
    let at = find(pdf, key).unwrap_or(0) + key.len();
    let rest = &pdf[at..pdf.len().min(at + 80)];
    let text = String::from_utf8_lossy(rest);
    let inner = text
        .trim_start()
        .strip_prefix('[')
        .and_then(|t| t.split(']').next())
        .ok_or("its /ByteRange is not an array")?;
    let numbers: Vec<usize> = inner
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| "its /ByteRange holds something other than numbers")?;
    let [a, b, c, d]: [usize; 4] = numbers
        .try_into()
        .map_err(|_| "its /ByteRange does not hold four numbers")?;
    if a != 0 || c.checked_add(d) != Some(pdf.len()) || b >= c {
        return Err(format!(
            "its signed range [{a} {b} {c} {d}] does not cover the whole file ({} bytes) but the signature",
            pdf.len()
        ));
    }
    if pdf[b] != b'<' || pdf[c - 1] != b'>' {
        return Err("the gap in its signed range is not the /Contents string".into());
    }
    let contents = decode_hex(&pdf[b + 1..c - 1]).ok_or("its /Contents is not hexadecimal")?;
    let digest = Sha256::new()
        .chain_update(&pdf[..b])
        .chain_update(&pdf[c..])
        .finalize();
    let verified = cms::verify_detached(&contents, &digest)?;
    Ok(Checked {
        verified,
        byte_range: [a, b, c, d],
    })
}

fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let digits: Vec<u8> = text
        .iter()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|&c| digit(c))
        .collect::<Option<_>>()?;
    Some(
        digits
            .chunks(2)
            .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
            .collect(),
    )
}
