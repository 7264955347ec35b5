//! Pages as lists of positioned items, and the flow that fills them top to bottom.
//!
//! Coordinates are points from the page's top-left corner (the PDF writer turns them
//! round); a text item's `y` is its baseline.

use super::font::{Fonts, Style};
use super::wrap::wrap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    pub const A4_PORTRAIT: PageSize = PageSize {
        width: 595.28,
        height: 841.89,
    };
    pub const A4_LANDSCAPE: PageSize = PageSize {
        width: 841.89,
        height: 595.28,
    };
}

/// Space kept free around the content on every side.
pub const MARGIN: f32 = 40.0;
/// Space kept free above the bottom margin for the footer.
pub const FOOTER: f32 = 18.0;

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.25;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        text: String,
    },
    /// A horizontal rule from `x` over `width` at height `y`.
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
    },
    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`) (a chart's axis and ticks).
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
    },
    /// A grey box (0 black … 1 white): behind a header row, or a chart's bar.
    Shade {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
}

impl Item {
    /// The item moved by `dx` to the right and `dy` down.
    pub fn moved(self, dx: f32, dy: f32) -> Item {
        match self {
            Item::Text {
                x,
                y,
                size,
                style,
                text,
            } => Item::Text {
                x: x + dx,
                y: y + dy,
                size,
                style,
                text,
            },
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => Item::Rule {
                x: x + dx,
                y: y + dy,
                width,
                thickness,
            },
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                thickness,
            } => Item::Line {
                x1: x1 + dx,
                y1: y1 + dy,
                x2: x2 + dx,
                y2: y2 + dy,
                thickness,
            },
            Item::Shade {
                x,
                y,
                width,
                height,
                grey,
            } => Item::Shade {
                x: x + dx,
                y: y + dy,
                width,
                height,
                grey,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub size: PageSize,
    pub items: Vec<Item>,
}

impl Page {
    /// The texts of the page in drawing order (for tests and the contents).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// A table: column widths in points, a header row repeated on every page it spans, rows
/// whose cells wrap; a row taller than what is left of the page goes to the next page
/// whole, and one taller than a page continues there, never cut off.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub widths: Vec<f32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub size: f32,
    /// Shown above the table, and again with "(continued)" on each page it continues on.
    pub caption: Option<String>,
}

impl Table {
    /// A table whose columns share `total` points in proportion to `weights`.
    pub fn new(weights: &[f32], total: f32, header: &[&str], size: f32) -> Table {
        let sum: f32 = weights.iter().sum();
        Table {
            widths: weights.iter().map(|w| w / sum * total).collect(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            size,
            caption: None,
        }
    }

    /// A table whose column widths [`fit_widths`] chooses from the content, over the width
    /// of the page it is set on.
    pub fn auto(header: &[&str], size: f32) -> Table {
        Table {
            widths: Vec::new(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            size,
            caption: None,
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// Space between a cell's text and its edges.
const PAD: f32 = 2.5;

/// Fills pages top to bottom, starting a new page when the next thing does not fit.
pub struct Flow<'f> {
    fonts: &'f Fonts,
    pub pages: Vec<Page>,
    size: PageSize,
    /// The top of the free space on the current page.
    y: f32,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts) -> Flow<'f> {
        Flow {
            fonts,
            pages: Vec::new(),
            size: PageSize::A4_PORTRAIT,
            y: MARGIN,
        }
    }

    pub fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    /// Starts a new page of `size`; what follows flows onto pages of that size.
    pub fn new_page(&mut self, size: PageSize) {
        self.size = size;
        self.pages.push(Page {
            size,
            items: Vec::new(),
        });
        self.y = MARGIN;
    }

    /// The index of the current page (0 for the first).
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    pub fn content_width(&self) -> f32 {
        self.size.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.size.height - MARGIN - FOOTER
    }

    /// The height still free on the current page.
    pub fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    fn push(&mut self, item: Item) {
        if self.pages.is_empty() {
            self.new_page(self.size);
        }
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// Makes room for `height` points, on a new page if the current one has less.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.remaining() < height {
            self.new_page(self.size);
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    fn line_height(size: f32) -> f32 {
        size * LEADING
    }

    fn text_at(&mut self, x: f32, top: f32, size: f32, style: Style, text: String) {
        let ascent = self.fonts.faces[0].ascent;
        let y = top + (Self::line_height(size) - size) / 2.0 + ascent * size;
        self.push(Item::Text {
            x,
            y,
            size,
            style,
            text,
        });
    }

    /// A heading, kept on the same page as at least a few lines of what follows.
    pub fn heading(&mut self, text: &str, size: f32) {
        let lines = wrap(self.fonts, text, size, Style::Bold, self.content_width());
        self.ensure(Self::line_height(size) * lines.len() as f32 + 40.0);
        for line in lines {
            self.text_at(MARGIN, self.y, size, Style::Bold, line);
            self.y += Self::line_height(size);
        }
        self.y += size * 0.4;
    }

    /// Wrapped text over the content width, continuing on the next page when needed.
    pub fn paragraph(&mut self, text: &str, size: f32, style: Style) {
        self.paragraph_at(MARGIN, self.content_width(), text, size, style);
    }

    fn paragraph_at(&mut self, x: f32, width: f32, text: &str, size: f32, style: Style) {
        for line in wrap(self.fonts, text, size, style, width) {
            self.ensure(Self::line_height(size));
            self.text_at(x, self.y, size, style, line);
            self.y += Self::line_height(size);
        }
    }

    /// A text at the right edge of the content on the current line, without moving on.
    pub fn right_aligned(&mut self, text: &str, size: f32, style: Style, top: f32) {
        let w = self.fonts.width(text, size, style);
        let x = MARGIN + self.content_width() - w;
        self.text_at(x, top, size, style, text.to_string());
    }

    /// Places `items` drawn from (0, 0) as the top-left corner of a block `height` points
    /// high at the cursor (on a new page if it does not fit), and moves past it.
    pub fn block(&mut self, items: Vec<Item>, height: f32) {
        self.ensure(height);
        let dy = self.y;
        for item in items {
            self.push(item.moved(MARGIN, dy));
        }
        self.y += height;
    }

    /// The top of the free space (for [`Flow::right_aligned`] on the line about to be set).
    pub fn cursor(&self) -> f32 {
        self.y
    }

    pub fn rule(&mut self) {
        let width = self.content_width();
        self.push(Item::Rule {
            x: MARGIN,
            y: self.y,
            width,
            thickness: 0.5,
        });
        self.y += 4.0;
    }

    /// Sets a table: see [`Table`]. A table made with [`Table::auto`] gets its column widths
    /// here, from its content and the page's width.
    pub fn table(&mut self, table: &Table) {
        if table.widths.is_empty() {
            let mut fitted = table.clone();
            fitted.widths = fit_widths(self.fonts, table, self.content_width());
            return self.table(&fitted);
        }
        let size = table.size;
        let lh = Self::line_height(size);
        // A table without header cells (label and value pairs) has no header row.
        let header = if table.header.is_empty() {
            Vec::new()
        } else {
            self.wrap_row(&table.header, table, Style::Bold)
        };
        let header_height = if header.is_empty() {
            0.0
        } else {
            row_height(&header, lh)
        };
        let caption_height = if table.caption.is_some() {
            lh + 2.0
        } else {
            0.0
        };
        // The caption, the header and one line of the first row stay together.
        self.ensure(caption_height + header_height + lh + 2.0 * PAD);
        self.caption(table, false);
        self.header_row(&header, table, header_height);
        for row in &table.rows {
            let mut cells = self.wrap_row(row, table, Style::Regular);
            let mut height = row_height(&cells, lh);
            let full_page = self.bottom() - MARGIN - caption_height - header_height;
            if height > self.remaining() && height <= full_page {
                self.continue_table(table, &header, header_height);
            }
            // A row taller than a whole page: set what fits, continue with the rest.
            while height > self.remaining() {
                let fit = (((self.remaining() - 2.0 * PAD) / lh).floor() as usize).max(1);
                let rest: Vec<Vec<String>> = cells
                    .iter_mut()
                    .map(|c| c.split_off(fit.min(c.len())))
                    .collect();
                self.body_row(&cells, table, lh);
                self.continue_table(table, &header, header_height);
                cells = rest;
                height = row_height(&cells, lh);
            }
            self.body_row(&cells, table, lh);
        }
        self.y += size * 0.8;
    }

    fn wrap_row(&self, cells: &[String], table: &Table, style: Style) -> Vec<Vec<String>> {
        table
            .widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map_or("", String::as_str);
                wrap(
                    self.fonts,
                    text,
                    table.size,
                    style,
                    (w - 2.0 * PAD).max(1.0),
                )
            })
            .collect()
    }

    fn caption(&mut self, table: &Table, continued: bool) {
        if let Some(caption) = &table.caption {
            let text = if continued {
                format!("{caption} (continued)")
            } else {
                caption.clone()
            };
            self.text_at(MARGIN, self.y, table.size, Style::Bold, text);
            self.y += Self::line_height(table.size) + 2.0;
        }
    }

    fn continue_table(&mut self, table: &Table, header: &[Vec<String>], header_height: f32) {
        self.new_page(self.size);
        self.caption(table, true);
        self.header_row(header, table, header_height);
    }

    fn header_row(&mut self, cells: &[Vec<String>], table: &Table, height: f32) {
        if cells.is_empty() {
            return;
        }
        let width: f32 = table.widths.iter().sum();
        self.push(Item::Shade {
            x: MARGIN,
            y: self.y,
            width,
            height,
            grey: 0.88,
        });
        self.cells(cells, table, Style::Bold);
        self.y += height;
    }

    fn body_row(&mut self, cells: &[Vec<String>], table: &Table, lh: f32) {
        self.cells(cells, table, Style::Regular);
        self.y += row_height(cells, lh);
        let width: f32 = table.widths.iter().sum();
        self.push(Item::Rule {
            x: MARGIN,
            y: self.y,
            width,
            thickness: 0.25,
        });
    }

    fn cells(&mut self, cells: &[Vec<String>], table: &Table, style: Style) {
        let lh = Self::line_height(table.size);
        let mut x = MARGIN;
        for (lines, w) in cells.iter().zip(&table.widths) {
            for (i, line) in lines.iter().enumerate() {
                if !line.is_empty() {
                    let top = self.y + PAD + i as f32 * lh;
                    self.text_at(x + PAD, top, table.size, style, line.clone());
                }
            }
            x += w;
        }
    }
}

/// Column widths that fill `total` points, as a browser lays out an automatic table: each
/// column at least as wide as its widest word (up to 75 % of the table, so one long id
/// cannot squeeze the rest) and the rest of the width shared by how much more each
/// column's longest text wants.
pub fn fit_widths(fonts: &Fonts, table: &Table, total: f32) -> Vec<f32> {
    let columns = table
        .header
        .len()
        .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Vec::new();
    }
    let size = table.size;
    let cap = total * 0.75;
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    let mut measure = |i: usize, text: &str, style: Style| {
        for line in text.split('\n') {
            let words = line.split(' ').map(|w| fonts.width(w, size, style));
            let widest = words.fold(0.0f32, f32::max);
            min[i] = min[i].max(widest.min(cap) + 2.0 * PAD);
            max[i] = max[i].max(fonts.width(line, size, style) + 2.0 * PAD);
        }
    };
    for (i, h) in table.header.iter().enumerate() {
        measure(i, h, Style::Bold);
    }
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            measure(i, cell, Style::Regular);
        }
    }
    let (sum_min, sum_max): (f32, f32) = (min.iter().sum(), max.iter().sum());
    if sum_max <= total {
        // Everything fits on one line: share the spare width by content.
        return max.iter().map(|m| m / sum_max * total).collect();
    }
    if sum_min >= total {
        return min.iter().map(|m| m / sum_min * total).collect();
    }
    let spare = total - sum_min;
    let want = sum_max - sum_min;
    min.iter()
        .zip(&max)
        .map(|(lo, hi)| lo + (hi - lo) / want * spare)
        .collect()
}

fn row_height(cells: &[Vec<String>], lh: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * PAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: usize, cell: &str) -> Table {
        let mut t = Table::new(&[1.0, 3.0], 400.0, &["Id", "Description"], 9.0);
        for i in 0..rows {
            t.row(vec![format!("row-{i}"), cell.to_string()]);
        }
        t
    }

    #[test]
    fn a_long_table_breaks_across_pages_repeating_its_header_and_losing_no_row() {
        let fonts = Fonts::shipped();
        let mut flow = Flow::new(fonts);
        flow.new_page(PageSize::A4_PORTRAIT);
        let mut t = table(300, "short");
        t.caption = Some("Roles".into());
        flow.table(&t);
        assert!(
            flow.pages.len() >= 5,
            "300 rows need several pages: {}",
            flow.pages.len()
        );
        for (n, page) in flow.pages.iter().enumerate() {
            let texts: Vec<&str> = page.texts().collect();
            assert!(
                texts.contains(&"Description"),
                "page {n} repeats the header"
            );
            if n > 0 {
                assert!(
                    texts.contains(&"Roles (continued)"),
                    "page {n} says it continues"
                );
            }
        }
        let ids: Vec<&str> = flow
            .pages
            .iter()
            .flat_map(Page::texts)
            .filter(|t| t.starts_with("row-"))
            .collect();
        let expected: Vec<String> = (0..300).map(|i| format!("row-{i}")).collect();
        assert_eq!(ids, expected, "every row once, in order");
    }

    #[test]
    fn nothing_is_set_below_the_footer_line() {
        let fonts = Fonts::shipped();
        let mut flow = Flow::new(fonts);
        flow.new_page(PageSize::A4_PORTRAIT);
        flow.table(&table(
            200,
            "a description long enough to wrap onto two or three lines of the cell",
        ));
        let bottom = PageSize::A4_PORTRAIT.height - MARGIN - FOOTER;
        for page in &flow.pages {
            for item in &page.items {
                if let Item::Text { y, .. } = item {
                    assert!(*y <= bottom, "text at {y} below {bottom}");
                }
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next_page() {
        let fonts = Fonts::shipped();
        let mut flow = Flow::new(fonts);
        flow.new_page(PageSize::A4_PORTRAIT);
        let long: Vec<String> = (0..120).map(|i| format!("line{i}")).collect();
        flow.table(&table(1, &long.join("\n")));
        assert!(flow.pages.len() >= 2);
        let lines: Vec<&str> = flow
            .pages
            .iter()
            .flat_map(Page::texts)
            .filter(|t| t.starts_with("line"))
            .collect();
        assert_eq!(lines, long, "all 120 lines of the cell, in order");
    }

    #[test]
    fn automatic_widths_keep_words_whole_and_fill_the_width() {
        let fonts = Fonts::shipped();
        let mut t = Table::auto(&["Id", "Kind", "Description"], 8.5);
        t.row(vec![
            "security-reviewer".into(),
            "citizen_developer".into(),
            "Reviews changes to critical assets and runs access reviews, quarterly and on demand when asked".into(),
        ]);
        let widths = fit_widths(fonts, &t, 400.0);
        assert!(
            (widths.iter().sum::<f32>() - 400.0).abs() < 0.01,
            "fills the width"
        );
        for (i, word) in [(0, "security-reviewer"), (1, "citizen_developer")] {
            assert!(
                widths[i] >= fonts.width(word, 8.5, Style::Regular) + 2.0 * PAD,
                "{word} fits unbroken in {}",
                widths[i]
            );
        }
        assert!(widths[2] > widths[0], "the long text gets the spare width");
        let short = fit_widths(fonts, &Table::auto(&["Id", "Id"], 9.0), 300.0);
        assert!(
            (short[0] - short[1]).abs() < 1.0,
            "equal headers, equal columns"
        );
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom_of_a_page() {
        let fonts = Fonts::shipped();
        let mut flow = Flow::new(fonts);
        flow.new_page(PageSize::A4_PORTRAIT);
        flow.space(flow.remaining() - 20.0);
        flow.heading("Findings", 14.0);
        assert_eq!(flow.pages.len(), 2, "the heading moved to the next page");
        assert_eq!(flow.pages[1].texts().next(), Some("Findings"));
    }
}
