//! Breaking text into lines that fit a width.

use super::font::{Fonts, Style};

/// The lines of `text` at `size` points that each fit `width` points: breaks at spaces,
/// keeps explicit line breaks, and breaks a word that is wider than the line between
/// characters (a long id is never cut off). An empty text is one empty line.
pub fn wrap(fonts: &Fonts, text: &str, size: f32, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(fonts, paragraph, size, style, width, &mut lines);
    }
    lines
}

fn wrap_paragraph(
    fonts: &Fonts,
    text: &str,
    size: f32,
    style: Style,
    width: f32,
    lines: &mut Vec<String>,
) {
    let space = fonts.width(" ", size, style);
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width = fonts.width(word, size, style);
        if !line.is_empty() && line_width + space + word_width <= width {
            line.push(' ');
            line.push_str(word);
            line_width += space + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_width <= width {
            line.push_str(word);
            line_width = word_width;
        } else {
            // Too wide for any line: break between characters.
            line_width = 0.0;
            for c in word.chars() {
                let w = fonts.glyph(c, style).advance * size;
                if !line.is_empty() && line_width + w > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += w;
            }
        }
    }
    lines.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::shipped()
    }

    #[test]
    fn short_text_is_one_line_and_long_text_breaks_at_spaces() {
        let f = fonts();
        assert_eq!(
            wrap(f, "Payroll clerk", 9.0, Style::Regular, 200.0),
            ["Payroll clerk"]
        );
        let text = "Approves supplier invoices above the threshold set by finance";
        let lines = wrap(f, text, 9.0, Style::Regular, 100.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(f.width(line, 9.0, Style::Regular) <= 100.0, "{line:?} fits");
        }
        assert_eq!(lines.join(" "), text, "no word lost or reordered");
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_between_characters() {
        let f = fonts();
        let id = "capability-with-a-very-long-identifier-0123456789";
        let lines = wrap(f, id, 9.0, Style::Regular, 60.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), id, "every character kept, in order");
        for line in &lines {
            assert!(f.width(line, 9.0, Style::Regular) <= 60.0);
        }
    }

    #[test]
    fn explicit_breaks_are_kept_and_empty_text_is_one_line() {
        let f = fonts();
        assert_eq!(wrap(f, "a\nb", 9.0, Style::Regular, 100.0), ["a", "b"]);
        assert_eq!(wrap(f, "", 9.0, Style::Regular, 100.0), [""]);
    }

    #[test]
    fn chinese_names_measure_with_the_fallback_font() {
        let f = fonts();
        let lines = wrap(f, "张伟 李娜 王芳 刘洋", 10.0, Style::Regular, 25.0);
        assert_eq!(
            lines,
            ["张伟", "李娜", "王芳", "刘洋"],
            "two CJK glyphs are 20 pt wide"
        );
    }
}
