//! The job runner: a job reports its steps, stops when cancelled, and its result is kept
//! only while the model revision (and the input) it was computed on are current.

use std::sync::Mutex;

use gatehouse_app::job::{Basis, Job, Reporter, Slot, Stage, Stale, Step, Work};
use gatehouse_app::{AppError, AppResult, ErrorCode};

/// Counts to `n`, reporting each number and stopping when cancelled.
struct Count {
    n: u32,
}

impl Work for Count {
    type Output = u32;

    fn stale(why: Stale) -> AppError {
        let what = match why {
            Stale::Input => "input",
            Stale::Model => "model",
        };
        AppError::new(ErrorCode::ImportStale, format!("the {what} moved on"))
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<u32> {
        for i in 1..=self.n {
            if progress.is_cancelled() {
                return Err(AppError::new(ErrorCode::ImportCancelled, "stopped"));
            }
            progress.report(Stage::Reading, f64::from(i) / f64::from(self.n), || {
                format!("{i} of {}", self.n)
            });
        }
        Ok(self.n)
    }
}

fn count(n: u32) -> Count {
    Count { n }
}

#[test]
fn a_job_reports_its_steps_and_its_result_is_kept_while_current() {
    let seen = Mutex::new(Vec::<Step>::new());
    let mut slot = Slot::<Count>::default();
    let basis = Basis::revision(7).with_input("abc");
    let job = slot.start(count(4), basis.clone());
    let done = job.run(&|s| seen.lock().unwrap().push(s.clone())).unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen.iter().map(|s| s.fraction).collect::<Vec<_>>(),
        [0.25, 0.5, 0.75, 1.0]
    );
    assert_eq!(seen[3].detail, "4 of 4");
    assert_eq!(
        done.basis(),
        &basis,
        "the result says what it was computed on"
    );
    assert_eq!(*slot.keep(done, &basis).unwrap(), 4);
    assert_eq!(slot.kept(), Some(&4));
    assert_eq!(slot.take(&basis).unwrap().unwrap(), 4);
    assert!(slot.take(&basis).is_none(), "taken once");
}

#[test]
fn a_result_of_another_revision_or_input_is_stale_with_the_kinds_error() {
    let mut slot = Slot::<Count>::default();
    let basis = Basis::revision(7).with_input("abc");

    let done = slot.start(count(1), basis.clone()).run(&|_| {}).unwrap();
    let err = slot
        .keep(done, &Basis::revision(8).with_input("abc"))
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::ImportStale, "the model moved on")
    );
    assert!(slot.kept().is_none(), "a stale result is not kept");

    let done = slot.start(count(1), basis.clone()).run(&|_| {}).unwrap();
    let err = slot
        .keep(done, &Basis::revision(8).with_input("def"))
        .unwrap_err();
    assert_eq!(
        err.message, "the input moved on",
        "another file comes first"
    );

    // A kept result goes stale when the model moves on before it is taken.
    let done = slot.start(count(1), basis.clone()).run(&|_| {}).unwrap();
    slot.keep(done, &basis).unwrap();
    let err = slot
        .take(&Basis::revision(9).with_input("abc"))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.message, "the model moved on");
    assert!(
        slot.kept().is_none(),
        "a stale result is dropped when taken"
    );
}

#[test]
fn cancelling_stops_the_running_job_and_not_the_next() {
    let mut slot = Slot::<Count>::default();
    let basis = Basis::revision(1);
    let job = slot.start(count(3), basis.clone());
    slot.cancel();
    let err = job.run(&|_| {}).err().expect("a cancelled job stops");
    assert_eq!(err.code, ErrorCode::ImportCancelled);

    // A cancel while it runs, from outside, is seen at the next check.
    let slot = Mutex::new(Slot::<Count>::default());
    let job = {
        let mut s = slot.lock().unwrap();
        s.start(count(10), basis.clone())
    };
    let steps = Mutex::new(0);
    let result = std::thread::scope(|scope| {
        let handle = scope.spawn(|| {
            job.run(&|_| {
                let mut n = steps.lock().unwrap();
                *n += 1;
                if *n == 3 {
                    slot.lock().unwrap().cancel();
                }
            })
        });
        handle.join().unwrap()
    });
    assert_eq!(result.err().unwrap().code, ErrorCode::ImportCancelled);
    assert_eq!(*steps.lock().unwrap(), 3, "no step after the cancel");

    // The next job has a fresh flag.
    let job = slot.lock().unwrap().start(count(2), basis.clone());
    assert_eq!(job.run(&|_| {}).unwrap().into_output(), 2);
}

#[test]
fn a_job_run_in_place_is_never_cancelled() {
    let job = Job::new(count(2), Basis::revision(3));
    let done = job.run(&|_| {}).unwrap();
    assert_eq!(done.basis().model_revision(), 3);
    assert_eq!(done.into_output(), 2);
}
