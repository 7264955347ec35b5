//! A small layout engine for the binder (printpdf places glyphs; it does not measure or
//! wrap): measure with the fonts' advances, wrap, fill pages, break tables across pages
//! with repeated header rows, split a wide matrix into blocks of columns, draw bar charts.

pub mod arabic;
pub mod chart;
pub mod font;
pub mod matrix;
pub mod page;
pub mod wrap;

pub use font::{FaceId, Fonts, Glyph, Style};
pub use page::{Flow, Item, Page, PageSize, Table};
pub use wrap::wrap;
