//! The history sheets: the pinned simulation results (one row each) with the Monte Carlo
//! percentiles per gate, the named versions, and the changes since one of them.

use gatehouse_core::SimulationKind;

use super::cells::{Cell, SheetWriter};
use crate::history::{clip, field_changes, pinned, pinned_event, PinnedResult};

/// Characters of a changed value a cell holds (Excel's limit is 32,767).
const VALUE_CHARS: usize = 4_000;
use crate::{ExportError, Sheet, Snapshot};

fn yes_no(b: bool) -> Cell<'static> {
    Cell::from(if b { "yes" } else { "no" })
}

/// What a pinned result came to, in a few words.
fn outcome(result: &PinnedResult) -> String {
    match result {
        PinnedResult::Request(s) => format!("verdict: {}", s.verdict.as_str().replace('_', " ")),
        PinnedResult::Deck(d) => format!(
            "{} promotion(s) of {} request(s), {} blocked",
            d.metrics.promotions, d.metrics.requests, d.metrics.blocked_attempts
        ),
        PinnedResult::MonteCarlo(r) => match &r.overall {
            Some(o) => format!("overall p50 {} h, p90 {} h, p99 {} h", o.p50, o.p90, o.p99),
            None => "none got through".into(),
        },
        PinnedResult::Unreadable(why) => format!("(the result cannot be read: {why})"),
    }
}

/// Writes the sheet `w.sheet` of the pinned results.
pub(crate) fn simulations(w: &mut SheetWriter, s: &Snapshot) -> Result<(), ExportError> {
    let pins = pinned(&s.model);
    if w.sheet == Sheet::Simulations {
        let rows = pins.iter().map(|p| {
            vec![
                Cell::from(p.pin.id.as_str()),
                Cell::from(p.pin.name.as_str()),
                Cell::from(p.pin.kind.as_str()),
                Cell::from(clip(&p.pin.summary, VALUE_CHARS)),
                Cell::from(outcome(&p.result)),
                p.pin.seed.map_or(Cell::Empty, |x| Cell::Number(x as f64)),
                Cell::DateTime(p.pin.pinned_at),
                Cell::from(p.pin.pinned_by.as_str()),
                Cell::from(p.pin.fingerprint.as_str()),
                yes_no(p.current),
                pinned_event(&s.events, p.pin).map_or(Cell::Empty, |seq| Cell::Number(seq as f64)),
            ]
        });
        let cols = [
            "Id",
            "Name",
            "Kind",
            "Summary",
            "Outcome",
            "Seed",
            "Pinned at (UTC)",
            "Pinned by",
            "Computed on model (SHA-256)",
            "Matches the model as exported",
            "Pinned in audit event",
        ];
        w.register(
            0,
            &cols,
            rows,
            "The model has no pinned simulation results.",
        )?;
        return Ok(());
    }
    let mut rows = Vec::new();
    for p in &pins {
        let PinnedResult::MonteCarlo(r) = &p.result else {
            continue;
        };
        let overall = r
            .overall
            .iter()
            .map(|o| ("(overall)", "Arrival to promotion", r.promoted, o));
        let gates = r
            .gates
            .iter()
            .map(|g| (g.gate.as_str(), g.name.as_str(), g.requests, &g.hours));
        for (id, name, n, h) in gates.chain(overall) {
            rows.push(vec![
                Cell::from(p.pin.id.as_str()),
                Cell::from(p.pin.name.as_str()),
                Cell::from(id),
                Cell::from(name),
                Cell::Number(f64::from(n)),
                Cell::Number(h.p50),
                Cell::Number(h.p90),
                Cell::Number(h.p99),
                Cell::Number(h.mean),
                Cell::Number(h.max),
                Cell::Number(r.blocked_share),
            ]);
        }
    }
    let cols = [
        "Pin id",
        "Pin",
        "Gate id",
        "Gate",
        "Requests",
        "p50 (h)",
        "p90 (h)",
        "p99 (h)",
        "Mean (h)",
        "Max (h)",
        "Share blocked",
    ];
    let empty = if pins
        .iter()
        .any(|p| p.pin.kind == SimulationKind::MonteCarlo)
    {
        "No pinned Monte Carlo run has a request that got through."
    } else {
        "The model has no pinned Monte Carlo result."
    };
    w.register(0, &cols, rows, empty)?;
    Ok(())
}

/// Writes the sheet `w.sheet` of the named versions and the changes since one.
pub(crate) fn versions(w: &mut SheetWriter, s: &Snapshot) -> Result<(), ExportError> {
    let none = crate::history::Versions::default();
    let v = s.versions.as_ref().unwrap_or(&none);
    if w.sheet == Sheet::Versions {
        let rows = v.list.iter().map(|n| {
            vec![
                Cell::from(n.name.as_str()),
                Cell::DateTime(n.at),
                Cell::from(n.actor.as_str()),
                Cell::from(n.approved_by.as_deref()),
                Cell::from(n.note.as_str()),
                Cell::from(n.model_sha256.as_str()),
                yes_no(n.model_sha256 == s.provenance.model_hash),
            ]
        });
        let cols = [
            "Version",
            "Named at (UTC)",
            "By",
            "Approved by",
            "Note",
            "Model SHA-256",
            "Is the model as exported",
        ];
        w.register(
            0,
            &cols,
            rows,
            "No version of the model has been named yet.",
        )?;
        return Ok(());
    }
    let mut rows = Vec::new();
    let empty = match &v.changes {
        None => "No version of the model has been named yet.".to_string(),
        Some(c) => {
            if let Some((before, after)) = &c.diff.meta {
                for (field, b, a) in [
                    ("name", &before.name, &after.name),
                    ("description", &before.description, &after.description),
                ] {
                    if b != a {
                        rows.push([
                            c.since.clone(),
                            "model".into(),
                            String::new(),
                            "changed".into(),
                            field.into(),
                            b.clone(),
                            a.clone(),
                        ]);
                    }
                }
            }
            for e in &c.diff.entities {
                for f in field_changes(e.change, e.before.as_ref(), e.after.as_ref()) {
                    rows.push([
                        c.since.clone(),
                        e.kind.to_string(),
                        e.key.clone(),
                        e.change.to_string(),
                        f.field,
                        clip(&f.before, VALUE_CHARS),
                        clip(&f.after, VALUE_CHARS),
                    ]);
                }
            }
            format!(
                "Nothing changed since version \"{}\" ({}).",
                c.since,
                c.basis.describe()
            )
        }
    };
    let cols = [
        "Since version",
        "Kind",
        "Key",
        "Change",
        "Field",
        "Before",
        "After",
    ];
    let rows = rows
        .into_iter()
        .map(|r| r.into_iter().map(Cell::from).collect::<Vec<_>>());
    w.register(0, &cols, rows, &empty)?;
    Ok(())
}
