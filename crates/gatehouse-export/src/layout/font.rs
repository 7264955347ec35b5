//! The binder's fonts and how wide a text is in them.
//!
//! printpdf places glyphs but does not measure them: widths come from each face's advances
//! (`hmtx`) over its units per em. A character the primary face lacks is taken from the next
//! face of the chain (per glyph), so a Chinese name set in DejaVu Sans comes out in Droid
//! Sans Fallback instead of empty boxes.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::arabic;

/// The fonts shipped with the crate (licences beside them in `fonts/`).
const DEJAVU: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const DEJAVU_BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("../../fonts/DroidSansFallback.ttf");

/// Which face a glyph comes from: an index into [`Fonts::faces`].
pub type FaceId = usize;

/// Regular or bold text; each has its own chain of faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
}

/// One parsed font face: the character map and advances the layout needs.
pub struct Face {
    pub name: &'static str,
    pub bytes: &'static [u8],
    cmap: HashMap<char, u16>,
    /// Advance of each glyph, in ems.
    advances: Vec<f32>,
    /// Ascender and descender, in ems (the descender is negative).
    pub ascent: f32,
    pub descent: f32,
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Face {
        let mut warnings = Vec::new();
        // The fonts are part of the crate: a parse failure is a build defect, caught by
        // every test that lays out text.
        let parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .unwrap_or_else(|| panic!("the shipped font {name} does not parse"));
        let upem = f32::from(parsed.units_per_em.max(1));
        let glyphs = parsed
            .glyph_widths
            .keys()
            .next_back()
            .map_or(0, |g| *g as usize + 1);
        let mut advances = vec![0.0; glyphs];
        for (gid, w) in &parsed.glyph_widths {
            advances[*gid as usize] = f32::from(*w) / upem;
        }
        let cmap = parsed
            .codepoint_to_glyph
            .iter()
            .filter_map(|(cp, gid)| char::from_u32(*cp).map(|c| (c, *gid)))
            .filter(|(_, gid)| *gid != 0)
            .collect();
        Face {
            name,
            bytes,
            cmap,
            advances,
            ascent: f32::from(parsed.font_metrics.ascent) / upem,
            descent: f32::from(parsed.font_metrics.descent) / upem,
        }
    }

    pub fn glyph(&self, c: char) -> Option<u16> {
        self.cmap.get(&c).copied()
    }

    /// The advance of a glyph, in ems.
    pub fn advance(&self, gid: u16) -> f32 {
        self.advances.get(gid as usize).copied().unwrap_or(0.0)
    }
}

/// A glyph chosen for a character: from which face, which glyph, how wide (in ems).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub face: FaceId,
    pub gid: u16,
    pub ch: char,
    pub advance: f32,
}

/// The faces and the fallback chain of each style.
pub struct Fonts {
    pub faces: Vec<Face>,
    regular: Vec<FaceId>,
    bold: Vec<FaceId>,
}

impl Fonts {
    /// The shipped fonts, parsed once per process.
    pub fn shipped() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            faces: vec![
                Face::parse("DejaVuSans", DEJAVU),
                Face::parse("DejaVuSans-Bold", DEJAVU_BOLD),
                Face::parse("DroidSansFallback", DROID_FALLBACK),
            ],
            regular: vec![0, 2],
            bold: vec![1, 0, 2],
        })
    }

    fn chain(&self, style: Style) -> &[FaceId] {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// The glyph for `c`: from the first face of the style's chain that has it, else the
    /// primary face's missing-glyph box (the text still extracts as `c`).
    pub fn glyph(&self, c: char, style: Style) -> Glyph {
        let chain = self.chain(style);
        let (face, gid) = chain
            .iter()
            .find_map(|&f| self.faces[f].glyph(c).map(|g| (f, g)))
            .unwrap_or((chain[0], 0));
        Glyph {
            face,
            gid,
            ch: c,
            advance: self.faces[face].advance(gid),
        }
    }

    /// Whether some face of the chain has a glyph for `c`.
    pub fn covers(&self, c: char, style: Style) -> bool {
        self.chain(style)
            .iter()
            .any(|&f| self.faces[f].glyph(c).is_some())
    }

    /// The glyphs of `text` in drawing order (see [`visual_order`]), Arabic letters in
    /// their joined forms; each glyph keeps the character it stands for.
    pub fn shape(&self, text: &str, style: Style) -> Vec<Glyph> {
        if !arabic::has_arabic(text) {
            return visual_order(text).map(|c| self.glyph(c, style)).collect();
        }
        let shaped = arabic::shape(text);
        let typed: String = shaped.iter().map(|(c, _)| *c).collect();
        visual_indices(&typed)
            .into_iter()
            .map(|i| {
                let (letter, drawn) = shaped[i];
                let g = self.glyph(drawn, style);
                if g.gid == 0 && drawn != letter {
                    // The face lacks the joined form: draw the letter itself.
                    return self.glyph(letter, style);
                }
                Glyph { ch: letter, ..g }
            })
            .collect()
    }

    /// The width of `text` at `size` points, in points.
    pub fn width(&self, text: &str, size: f32, style: Style) -> f32 {
        if arabic::has_arabic(text) {
            return self
                .shape(text, style)
                .iter()
                .map(|g| g.advance)
                .sum::<f32>()
                * size;
        }
        text.chars()
            .map(|c| self.glyph(c, style).advance)
            .sum::<f32>()
            * size
    }
}

/// Whether `c` is written right to left (Hebrew, Arabic and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// The characters of one line in the order they are drawn left to right: a run of
/// right-to-left letters (with the spaces between them) is reversed, the rest stays.
/// A minimal bidi: enough for a name written in Arabic or Hebrew inside a Latin line.
pub fn visual_order(text: &str) -> impl Iterator<Item = char> {
    let chars: Vec<char> = text.chars().collect();
    visual_indices(text).into_iter().map(move |i| chars[i])
}

/// The positions of `text`'s characters in drawing order (see [`visual_order`]).
fn visual_indices(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if is_rtl(chars[i]) {
            let mut end = i;
            // Extend over RTL letters and neutral spaces followed by more RTL letters.
            let mut j = i;
            while j < chars.len() && (is_rtl(chars[j]) || chars[j] == ' ') {
                if is_rtl(chars[j]) {
                    end = j + 1;
                }
                j += 1;
            }
            out.extend((i..end).rev());
            i = end;
        } else {
            out.push(i);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_advances_and_scale_with_size() {
        let fonts = Fonts::shipped();
        let w10 = fonts.width("Approver", 10.0, Style::Regular);
        let w20 = fonts.width("Approver", 20.0, Style::Regular);
        assert!(
            w10 > 30.0 && w10 < 60.0,
            "8 letters at 10 pt are about 45 pt wide: {w10}"
        );
        assert!(
            (w20 - 2.0 * w10).abs() < 1e-3,
            "width is linear in the size"
        );
        assert!(fonts.width("W", 10.0, Style::Regular) > fonts.width("i", 10.0, Style::Regular));
        assert!(
            fonts.width("Approver", 10.0, Style::Bold) > w10,
            "bold is wider than regular"
        );
    }

    #[test]
    fn latin_greek_cyrillic_arabic_come_from_dejavu_and_chinese_falls_back() {
        let fonts = Fonts::shipped();
        for c in ['ü', 'Ł', 'é', 'Ω', 'Ж', 'م'] {
            assert_eq!(
                fonts.glyph(c, Style::Regular).face,
                0,
                "{c} is in DejaVu Sans"
            );
        }
        for c in ['张', '伟', '李'] {
            let g = fonts.glyph(c, Style::Regular);
            assert_eq!(
                fonts.faces[g.face].name, "DroidSansFallback",
                "{c} falls back"
            );
            assert!(
                g.gid != 0 && g.advance > 0.5,
                "a CJK glyph is about one em wide"
            );
        }
        assert!(fonts.covers('张', Style::Bold), "bold falls back too");
    }

    #[test]
    fn arabic_is_drawn_joined_and_keeps_the_typed_letters() {
        let fonts = Fonts::shipped();
        let glyphs = fonts.shape("سارة", Style::Regular);
        let typed: String = glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(
            typed, "ةراس",
            "drawn right to left, each glyph standing for its letter"
        );
        let initial_seen = fonts.glyph('\u{FEB3}', Style::Regular).gid;
        assert_eq!(
            glyphs[3].gid, initial_seen,
            "seen is drawn in its initial form"
        );
        assert!(fonts.width("سارة", 10.0, Style::Regular) > 0.0);
    }

    #[test]
    fn right_to_left_runs_are_reversed_for_drawing_only() {
        let drawn: String = visual_order("Role سارة علي (HR)").collect();
        assert_eq!(drawn, "Role يلع ةراس (HR)");
        let plain: String = visual_order("Łukasz Müller").collect();
        assert_eq!(plain, "Łukasz Müller");
    }
}
