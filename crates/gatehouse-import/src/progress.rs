//! How far an import has got, and a way to stop it. The reporter and the stage vocabulary
//! are `gatehouse_core::progress`'s (shared by every kind of long work); what is the
//! import's own is here: the share of the whole import each of its stages takes, and that
//! a cancel stops it with [`ImportError::Cancelled`]. The importer looks at the flag every
//! few thousand cells and between stages; a cancelled import has changed nothing.

use std::sync::atomic::AtomicBool;

use gatehouse_core::progress::Reporter;
pub use gatehouse_core::progress::{Stage, Step};

use crate::error::ImportError;

/// Shares of the whole import at which each stage starts (reading dominates).
const STARTS: [(Stage, f64); 4] = [
    (Stage::Reading, 0.0),
    (Stage::Recognising, 0.70),
    (Stage::Matching, 0.80),
    (Stage::Checking, 0.92),
];

fn span(stage: Stage) -> (f64, f64) {
    let i = STARTS.iter().position(|(s, _)| *s == stage).unwrap_or(0);
    let start = STARTS[i].1;
    let end = STARTS.get(i + 1).map(|(_, f)| *f).unwrap_or(1.0);
    (start, end)
}

/// An import's view of a [`Reporter`]: stage-relative reports and the cancel check.
/// [`Progress::none`] for callers that need neither (tests, tools).
#[derive(Clone, Copy, Default)]
pub struct Progress<'a>(Reporter<'a>);

impl<'a> From<Reporter<'a>> for Progress<'a> {
    fn from(reporter: Reporter<'a>) -> Progress<'a> {
        Progress(reporter)
    }
}

impl<'a> Progress<'a> {
    pub fn none() -> Progress<'static> {
        Progress::default()
    }

    /// Reports to `report`; stops when `cancel` becomes true.
    pub fn new(report: &'a (dyn Fn(&Step) + Sync), cancel: &'a AtomicBool) -> Progress<'a> {
        Progress(Reporter::new(report, cancel))
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Reports that `stage` is `part` (0 to 1) done.
    pub(crate) fn report(&self, stage: Stage, part: f64, detail: impl FnOnce() -> String) {
        let (start, end) = span(stage);
        self.0
            .report(stage, start + (end - start) * part.clamp(0.0, 1.0), detail);
    }

    /// Starts `stage`, unless the import was cancelled.
    pub(crate) fn begin(
        &self,
        file: &str,
        stage: Stage,
        detail: impl FnOnce() -> String,
    ) -> Result<(), ImportError> {
        self.check(file)?;
        self.report(stage, 0.0, detail);
        Ok(())
    }

    /// `Err(Cancelled)` once the cancel flag is set.
    pub(crate) fn check(&self, file: &str) -> Result<(), ImportError> {
        if self.is_cancelled() {
            return Err(ImportError::Cancelled { file: file.into() });
        }
        Ok(())
    }
}

/// `n` of a thing, singular or plural: "1 warning", "3 warnings".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `109227` → `109,227`: numbers in progress details as people read them.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (200_001, "200,001"),
        ];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn fractions_rise_through_the_stages_and_cancel_stops() {
        let seen = Mutex::new(Vec::new());
        let report = |s: &Step| seen.lock().unwrap().push((s.stage, s.fraction));
        let cancel = AtomicBool::new(false);
        let p = Progress::new(&report, &cancel);
        p.report(Stage::Reading, 0.5, String::new);
        p.begin("f.xlsx", Stage::Matching, String::new).unwrap();
        p.report(Stage::Checking, 1.0, String::new);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                (Stage::Reading, 0.35),
                (Stage::Matching, 0.80),
                (Stage::Checking, 1.0)
            ]
        );
        cancel.store(true, Ordering::Relaxed);
        let err = p.begin("f.xlsx", Stage::Checking, String::new).unwrap_err();
        assert_eq!(err.code(), "import_cancelled");
        assert_eq!(
            err.to_string(),
            "f.xlsx: import cancelled; nothing was changed"
        );
        assert!(!Progress::none().is_cancelled());
    }
}
