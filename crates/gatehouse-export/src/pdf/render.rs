//! Laid-out pages to PDF bytes with printpdf: the fonts subset to the glyphs used, ids
//! derived from content so the same pages give the same bytes in any process.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use super::PdfError;
use crate::layout::{FaceId, Fonts, Glyph, Item, Page};

/// What the document says about itself (its info dictionary).
pub struct DocInfo {
    pub title: String,
    pub subject: String,
    pub author: String,
    /// Seconds since 1970: the document's creation and modification date (the as-of
    /// time, never the clock).
    pub timestamp: i64,
    /// The content hash the trailer's `/ID` is derived from.
    pub identity: String,
}

/// A face as embedded: its resource id and the subset's glyph ids.
struct Embedded {
    id: FontId,
    /// Original glyph id → glyph id in the subset.
    remap: BTreeMap<u16, u16>,
}

pub fn render(pages: &[Page], fonts: &Fonts, info: &DocInfo) -> Result<Vec<u8>, PdfError> {
    let shaped: Vec<Vec<Vec<Glyph>>> = pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .map(|item| match item {
                    Item::Text { text, style, .. } => fonts.shape(text, *style),
                    _ => Vec::new(),
                })
                .collect()
        })
        .collect();
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for glyph in shaped.iter().flatten().flatten() {
        used.entry(glyph.face).or_default().insert(glyph.gid);
    }

    let mut doc = PdfDocument::new(&info.title);
    let mut embedded = BTreeMap::new();
    for (face, gids) in &used {
        let e = embed(&mut doc, fonts, *face, gids)?;
        embedded.insert(*face, e);
    }

    let pdf_pages = pages
        .iter()
        .zip(&shaped)
        .map(|(page, glyphs)| page_ops(page, glyphs, &embedded))
        .collect();
    doc.with_pages(pdf_pages);
    set_info(&mut doc, info)?;

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    lo.compress();
    // printpdf fills the trailer's /ID from a process-wide counter; the PDF spec asks for
    // a hash of the content, which also makes the file reproducible.
    let id = hex(&Sha256::digest(info.identity.as_bytes())[..16]);
    if let Ok(ids) = lo.trailer.get_mut(b"ID").and_then(|o| o.as_array_mut()) {
        for part in ids.iter_mut() {
            if let Ok(bytes) = part.as_str_mut() {
                *bytes = id.clone().into_bytes();
            }
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::BinderWrite(e.to_string()))?;
    Ok(bytes)
}

/// Subsets `face` to `gids` (with .notdef first, as PDF requires) and registers it under
/// an id derived from the subset's bytes.
fn embed(
    doc: &mut PdfDocument,
    fonts: &Fonts,
    face: FaceId,
    gids: &BTreeSet<u16>,
) -> Result<Embedded, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let f = &fonts.faces[face];
    let fail = |message: String| PdfError::BinderFont {
        font: f.name,
        message,
    };
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.iter().copied().filter(|g| *g != 0))
        .collect();
    let data = ReadScope::new(f.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| fail(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(e.to_string()))?;
    let bytes = subset(
        &provider,
        &ids,
        &SubsetProfile::Pdf,
        CmapTarget::Unrestricted,
    )
    .map_err(|e| fail(e.to_string()))?;
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("the subset does not parse".into()))?;
    // The id is the font's resource name and printpdf's /BaseFont: a subset tag of six
    // capitals derived from the subset's bytes (PDF 32000 9.6.4), then the face's name.
    let tag: String = Sha256::digest(&bytes)[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let id = FontId(format!("{tag}+{}", f.name));
    doc.resources
        .fonts
        .map
        .insert(id.clone(), PdfFont::new(parsed));
    let remap = ids
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new as u16))
        .collect();
    Ok(Embedded { id, remap })
}

fn page_ops(page: &Page, glyphs: &[Vec<Glyph>], fonts: &BTreeMap<FaceId, Embedded>) -> PdfPage {
    let h = page.size.height;
    let mut ops = Vec::new();
    for (item, glyphs) in page.items.iter().zip(glyphs) {
        match item {
            Item::Text { x, y, size, .. } => {
                ops.push(Op::StartTextSection);
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(*x),
                        y: Pt(h - y),
                    },
                });
                for run in glyphs.chunk_by(|a, b| a.face == b.face) {
                    let Some(font) = fonts.get(&run[0].face) else {
                        continue;
                    };
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font.id.clone()),
                        size: Pt(*size),
                    });
                    let codepoints = run
                        .iter()
                        .map(|g| Codepoint {
                            gid: font.remap.get(&g.gid).copied().unwrap_or(0),
                            offset: 0.0,
                            cid: Some(g.ch.to_string()),
                        })
                        .collect();
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(codepoints)],
                    });
                }
                ops.push(Op::EndTextSection);
            }
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => stroke(&mut ops, h, (*x, *y), (x + width, *y), *thickness),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                thickness,
            } => stroke(&mut ops, h, (*x1, *y1), (*x2, *y2), *thickness),
            Item::Shade {
                x,
                y,
                width,
                height,
                grey: g,
            } => {
                ops.push(Op::SetFillColor { col: grey(*g) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(h - y - height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
                ops.push(Op::SetFillColor { col: grey(0.0) });
            }
        }
    }
    PdfPage::new(Mm::from(Pt(page.size.width)), Mm::from(Pt(h)), ops)
}

/// A grey line from `a` to `b` (top-left coordinates) on a page `h` points high.
fn stroke(ops: &mut Vec<Op>, h: f32, a: (f32, f32), b: (f32, f32), thickness: f32) {
    let point = |(x, y): (f32, f32)| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(h - y),
        },
        bezier: false,
    };
    ops.push(Op::SetOutlineColor { col: grey(0.55) });
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![point(a), point(b)],
            is_closed: false,
        },
    });
}

fn grey(percent: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent,
        icc_profile: None,
    })
}

fn set_info(doc: &mut PdfDocument, info: &DocInfo) -> Result<(), PdfError> {
    let date = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp)
        .map_err(|e| PdfError::BinderWrite(format!("the as-of time {}: {e}", info.timestamp)))?;
    let meta = &mut doc.metadata.info;
    meta.creation_date = date;
    meta.modification_date = date;
    meta.metadata_date = date;
    meta.subject = info.subject.clone();
    meta.author = info.author.clone();
    meta.creator = "Gatehouse".into();
    meta.producer = format!("Gatehouse {} (printpdf)", env!("CARGO_PKG_VERSION"));
    meta.identifier = info.identity.clone();
    Ok(())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
