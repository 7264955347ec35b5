//! binder.pdf: the audit binder, laid out by [`crate::layout`] and written with printpdf.
//!
//! The binder is a pure function of the [`Snapshot`] (and the [`BinderOptions`]): the same
//! snapshot gives the same bytes, in one process or in two. The PDF is unsigned; the
//! signature is added afterwards in an incremental update (`crate::sign`), so the binder
//! carries no form of its own.

mod changes;
mod dashboard;
mod evidence;
mod front;
mod governance;
mod registers;
mod render;
mod reviews;
mod simulations;
mod versions;

use crate::error::ExportError;
use crate::layout::{Flow, Fonts, Item, Page, PageSize, Style};
use crate::snapshot::{Section, Snapshot};

pub use render::hex;
pub use simulations::percentile_chart;

/// What the binder needs beyond the snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BinderOptions {
    /// Who signs the binder, as the signature page shows it (e.g. the certificate's subject
    /// and fingerprint). Without it the page names the certificate file only.
    pub signer: Option<String>,
}

/// The binder's errors are the crate's ([`ExportError::BinderFont`],
/// [`ExportError::BinderWrite`]).
pub type PdfError = ExportError;

/// The unsigned binder.pdf of `snapshot`.
pub fn binder(snapshot: &Snapshot) -> Result<Vec<u8>, PdfError> {
    binder_with(snapshot, &BinderOptions::default())
}

pub fn binder_with(snapshot: &Snapshot, options: &BinderOptions) -> Result<Vec<u8>, PdfError> {
    write_pages(&layout(snapshot, options), snapshot, options)
}

/// Writes pages laid out by [`layout`] as the binder of `snapshot` (the second half of
/// [`binder_with`], apart for the benchmark).
pub fn write_pages(
    pages: &[Page],
    snapshot: &Snapshot,
    options: &BinderOptions,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::shipped();
    let p = &snapshot.provenance;
    let info = render::DocInfo {
        title: format!("Audit binder: {}", snapshot.model.meta.name),
        subject: format!(
            "Access-governance evidence as of {}",
            snapshot.as_of.to_rfc3339()
        ),
        author: p.produced_by.clone(),
        timestamp: snapshot.as_of.timestamp(),
        identity: format!(
            "gatehouse-binder/1|{}|{}|{}|{}|{:?}|{:?}",
            p.model_hash,
            p.chain_head,
            snapshot.as_of.to_rfc3339(),
            p.app_version,
            snapshot.sections,
            options.signer
        ),
    };
    render::render(pages, fonts, &info)
}

/// A section of the body, as the contents lists it.
struct Entry {
    title: String,
    page: usize,
}

/// The binder's pages, laid out (public for tests of the layout of whole binders).
pub fn layout(snapshot: &Snapshot, options: &BinderOptions) -> Vec<Page> {
    let fonts = Fonts::shipped();
    let mut flow = Flow::new(fonts);
    flow.new_page(PageSize::A4_PORTRAIT);
    front::cover(&mut flow, snapshot);
    flow.new_page(PageSize::A4_PORTRAIT);
    front::production(&mut flow, snapshot);
    flow.new_page(PageSize::A4_PORTRAIT);
    let contents_page = flow.page_index();

    let mut entries = Vec::new();
    for section in body_sections(snapshot) {
        let size = if section == Section::Matrix {
            PageSize::A4_LANDSCAPE
        } else {
            PageSize::A4_PORTRAIT
        };
        flow.new_page(size);
        entries.push(Entry {
            title: section.title().to_string(),
            page: flow.page_index(),
        });
        flow.heading(section.title(), 16.0);
        match section {
            Section::Roles => registers::roles(&mut flow, snapshot),
            Section::Matrix => registers::matrix(&mut flow, snapshot),
            Section::Ownership => registers::ownership(&mut flow, snapshot),
            Section::Assignments => registers::assignments(&mut flow, snapshot),
            Section::Sod => governance::sod(&mut flow, snapshot),
            Section::Exceptions => governance::exceptions(&mut flow, snapshot),
            Section::Criteria => governance::criteria(&mut flow, snapshot),
            Section::Gates => governance::gates(&mut flow, snapshot),
            Section::Escalations => governance::escalations(&mut flow, snapshot),
            Section::Findings => governance::findings(&mut flow, snapshot),
            Section::Simulations => simulations::simulations(&mut flow, snapshot),
            Section::ChangeLog => changes::changes(&mut flow, snapshot),
            Section::AccessReviews => reviews::reviews(&mut flow, snapshot),
            Section::Versions => versions::versions(&mut flow, snapshot),
            Section::AuditLog => governance::audit_log(&mut flow, snapshot),
            Section::Controls => evidence::index(&mut flow, snapshot, &entries),
            Section::Dashboard => dashboard::dashboard(&mut flow, snapshot),
        }
    }
    flow.new_page(PageSize::A4_PORTRAIT);
    entries.push(Entry {
        title: "Signature".into(),
        page: flow.page_index(),
    });
    front::signature(&mut flow, snapshot, options);

    let mut pages = flow.pages;
    let contents = front::contents(fonts, &entries);
    pages[contents_page].items.extend(contents);
    footers(&mut pages, snapshot);
    pages
}

/// The sections the body holds, in binder order: those asked for that are built (the
/// others are listed on the production page with why).
fn body_sections(snapshot: &Snapshot) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|s| snapshot.includes(*s))
        .collect()
}

/// "page x of y" and the model snapshot's hash at the foot of every page.
fn footers(pages: &mut [Page], snapshot: &Snapshot) {
    use crate::layout::page::{FOOTER, MARGIN};
    let fonts = Fonts::shipped();
    let total = pages.len();
    let size = 7.5;
    let hash = &snapshot.provenance.model_hash;
    let left = format!("Model snapshot {hash}");
    for (i, page) in pages.iter_mut().enumerate() {
        let y = page.size.height - MARGIN - FOOTER + 12.0 + size;
        let right = format!("page {} of {total}", i + 1);
        let w = fonts.width(&right, size, Style::Regular);
        page.items.push(Item::Rule {
            x: MARGIN,
            y: page.size.height - MARGIN - FOOTER + 6.0,
            width: page.size.width - 2.0 * MARGIN,
            thickness: 0.3,
        });
        page.items.push(Item::Text {
            x: MARGIN,
            y,
            size,
            style: Style::Regular,
            text: left.clone(),
        });
        page.items.push(Item::Text {
            x: page.size.width - MARGIN - w,
            y,
            size,
            style: Style::Regular,
            text: right,
        });
    }
}

#[cfg(test)]
mod tests;
