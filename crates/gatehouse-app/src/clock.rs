//! Time comes from a clock passed in, so tests and simulations are reproducible.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock, for hosts.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told, for tests.
pub struct FixedClock(pub std::sync::Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn at(rfc3339: &str) -> FixedClock {
        let t = DateTime::parse_from_rfc3339(rfc3339)
            .expect("valid RFC 3339 time")
            .with_timezone(&Utc);
        FixedClock(std::sync::Mutex::new(t))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().expect("clock lock");
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}

/// A clock running at real speed from another moment: now is `Utc::now() + offset`.
pub struct ShiftedClock {
    offset: chrono::Duration,
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// The environment variable that moves a host's clock: `GATEHOUSE_NOW=2026-12-02T09:00:00Z`
/// (or a date, read as midnight UTC) makes the program start at that moment and run on
/// from there, for reproducible demos, workshops and tests.
pub const NOW_VARIABLE: &str = "GATEHOUSE_NOW";

/// The clock of a host program (the CLI, the desktop): the system's, or the one
/// `GATEHOUSE_NOW` asks for. A value that is neither an RFC 3339 time nor a date is an
/// error naming the variable, never silently ignored.
pub fn host_clock() -> Result<std::sync::Arc<dyn Clock>, crate::AppError> {
    match std::env::var(NOW_VARIABLE) {
        Err(_) => Ok(std::sync::Arc::new(SystemClock)),
        Ok(text) => {
            let start = parse_moment(&text).ok_or_else(|| {
                crate::AppError::new(
                    crate::ErrorCode::InvalidDate,
                    format!(
                        "${NOW_VARIABLE} is {text:?}: give a time such as 2026-12-02T09:00:00Z or a date such as 2026-12-02, or unset it"
                    ),
                )
            })?;
            Ok(std::sync::Arc::new(ShiftedClock {
                offset: start - Utc::now(),
            }))
        }
    }
}

fn parse_moment(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_a_time_or_a_date_and_nothing_else() {
        assert_eq!(
            parse_moment("2026-12-02T09:30:00+01:00").map(|t| t.to_rfc3339()),
            Some("2026-12-02T08:30:00+00:00".to_string())
        );
        assert_eq!(
            parse_moment(" 2027-02-01 ").map(|t| t.to_rfc3339()),
            Some("2027-02-01T00:00:00+00:00".to_string())
        );
        assert_eq!(parse_moment("02/12/2026"), None);
        assert_eq!(parse_moment("tomorrow"), None);
    }

    #[test]
    fn a_shifted_clock_starts_where_it_is_told_and_runs_on() {
        let start = parse_moment("2030-01-01T00:00:00Z").unwrap();
        let clock = ShiftedClock {
            offset: start - Utc::now(),
        };
        let first = clock.now();
        assert!((first - start).num_seconds().abs() < 5, "{first}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > first);
    }
}
