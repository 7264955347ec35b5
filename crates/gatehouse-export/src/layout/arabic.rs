//! Joining Arabic letters: each letter takes its isolated, final, initial or medial form
//! (Unicode's Arabic Presentation Forms-B, which DejaVu Sans carries) from its neighbours,
//! so a name reads joined as it is written. The text extracted from the PDF stays the
//! letters typed (the writer maps each form back to its letter).

/// The first presentation form of a letter (isolated) and how many forms it has: 4 for a
/// letter that joins on both sides, 2 for one that joins only to the letter before it.
fn forms(c: char) -> Option<(u32, u32)> {
    let (base, n) = match c as u32 {
        0x0622 => (0xFE81, 2),
        0x0623 => (0xFE83, 2),
        0x0624 => (0xFE85, 2),
        0x0625 => (0xFE87, 2),
        0x0626 => (0xFE89, 4),
        0x0627 => (0xFE8D, 2),
        0x0628 => (0xFE8F, 4),
        0x0629 => (0xFE93, 2),
        cp @ 0x062A..=0x062E => (0xFE95 + (cp - 0x062A) * 4, 4),
        cp @ 0x062F..=0x0632 => (0xFEA9 + (cp - 0x062F) * 2, 2),
        cp @ 0x0633..=0x063A => (0xFEB1 + (cp - 0x0633) * 4, 4),
        cp @ 0x0641..=0x0647 => (0xFED1 + (cp - 0x0641) * 4, 4),
        0x0648 => (0xFEED, 2),
        0x0649 => (0xFEEF, 2),
        0x064A => (0xFEF1, 4),
        _ => return None,
    };
    Some((base, n))
}

/// Marks (vowel signs) that sit on a letter and do not break its joining.
fn is_transparent(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670)
}

pub fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| forms(c).is_some())
}

/// Each character of `text` (logical order) with the character to draw for it.
pub fn shape(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    let neighbour = |from: usize, step: isize| -> Option<char> {
        let mut i = from as isize + step;
        while i >= 0 && (i as usize) < chars.len() {
            let c = chars[i as usize];
            if !is_transparent(c) {
                return Some(c);
            }
            i += step;
        }
        None
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let Some((base, n)) = forms(c) else {
                return (c, c);
            };
            let after_joiner = neighbour(i, -1)
                .and_then(forms)
                .is_some_and(|(_, pn)| pn == 4);
            let before_letter = n == 4 && neighbour(i, 1).and_then(forms).is_some();
            let offset = match (after_joiner, before_letter) {
                (false, false) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (true, true) => 3,
            };
            (c, char::from_u32(base + offset).unwrap_or(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(text: &str) -> Vec<u32> {
        shape(text).into_iter().map(|(_, d)| d as u32).collect()
    }

    #[test]
    fn letters_take_their_joined_forms() {
        // سارة: seen initial, alef final, reh isolated (alef does not join on), teh marbuta isolated.
        assert_eq!(drawn("سارة"), [0xFEB3, 0xFE8E, 0xFEAD, 0xFE93]);
        // علي: ain initial, lam medial, yeh final.
        assert_eq!(drawn("علي"), [0xFECB, 0xFEE0, 0xFEF2]);
    }

    #[test]
    fn other_scripts_and_spaces_are_untouched() {
        let text = "Łukasz 张伟 (x)";
        assert!(shape(text).iter().all(|(c, d)| c == d));
        assert!(!has_arabic(text));
        assert!(has_arabic("سارة علي"));
    }
}
