//! Business-hours arithmetic: when a calendar is open, the next open moment, and a number
//! of working hours added to a moment. A gate without a calendar runs around the clock,
//! in UTC.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::model::{Calendar, Weekday};

/// How far ahead to look for an open day before concluding there is none (ten years).
const HORIZON_DAYS: u32 = 3_660;

/// The hours a gate runs on: around the clock, or a calendar's working hours.
#[derive(Debug, Clone, Copy)]
pub enum Hours<'m> {
    AroundTheClock,
    Calendar(&'m Calendar),
}

impl Calendar {
    fn offset(&self) -> FixedOffset {
        // Validation keeps the offset within ±18 hours; fall back to UTC otherwise.
        FixedOffset::east_opt(self.utc_offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// The local date of `t` in the calendar's time zone.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.offset()).date_naive()
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        let weekday = Weekday::ALL[day.weekday().num_days_from_monday() as usize];
        self.working_days.contains(&weekday) && !self.holidays.contains(&day)
    }

    /// The open period of a local day, in UTC: `[opens, closes)`, if it is a working day.
    fn period(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(day) || self.closes <= self.opens {
            return None;
        }
        let at = |time| {
            self.offset()
                .from_local_datetime(&day.and_time(time))
                .single()
                .map(|t| t.with_timezone(&Utc))
        };
        Some((at(self.opens)?, at(self.closes)?))
    }

    /// Local midnight starting `day`, in UTC.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        self.offset()
            .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)))
    }

    /// The open periods that end after `t`, in order (within the horizon).
    fn periods_from(
        &self,
        t: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        // Start a day early: a period of the previous local day may still be open in UTC.
        let first = self.local_date(t) - Duration::days(1);
        (0..HORIZON_DAYS)
            .filter_map(move |i| self.period(first + Duration::days(i64::from(i))))
            .filter(move |(_, end)| *end > t)
    }
}

impl Hours<'_> {
    /// The local date of `t` (UTC without a calendar).
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            Hours::AroundTheClock => t.date_naive(),
            Hours::Calendar(c) => c.local_date(t),
        }
    }

    /// Local midnight starting `day`, in UTC.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        match self {
            Hours::AroundTheClock => Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)),
            Hours::Calendar(c) => c.start_of(day),
        }
    }

    /// `t` if open then, else the next opening; `None` if the calendar never opens.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Hours::AroundTheClock => Some(t),
            Hours::Calendar(c) => c.periods_from(t).next().map(|(start, _)| start.max(t)),
        }
    }

    /// The moment `hours` working hours after `t` (counting only open periods).
    pub fn add_working_hours(&self, t: DateTime<Utc>, hours: u32) -> Option<DateTime<Utc>> {
        self.add_working_time(t, Duration::hours(i64::from(hours)))
    }

    /// The moment `span` of working time after `t` (counting only open periods).
    pub fn add_working_time(&self, t: DateTime<Utc>, span: Duration) -> Option<DateTime<Utc>> {
        let mut left = span;
        match self {
            Hours::AroundTheClock => Some(t + left),
            Hours::Calendar(c) => {
                if left <= Duration::zero() {
                    return Some(t);
                }
                for (start, end) in c.periods_from(t) {
                    let start = start.max(t);
                    let span = end - start;
                    if span >= left {
                        return Some(start + left);
                    }
                    left -= span;
                }
                None
            }
        }
    }

    /// The working hours in one open day (24 around the clock).
    pub fn day_length_hours(&self) -> f64 {
        match self {
            Hours::AroundTheClock => 24.0,
            Hours::Calendar(c) if c.closes > c.opens => {
                (c.closes - c.opens).num_seconds() as f64 / 3_600.0
            }
            Hours::Calendar(_) => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn office(offset_minutes: i32) -> Calendar {
        Calendar {
            id: "office".into(),
            name: "Office".into(),
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            utc_offset_minutes: offset_minutes,
            holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
        }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_friday_evening_opens_on_monday_morning() {
        let c = office(0);
        // 2026-12-04 is a Friday.
        let open = Hours::Calendar(&c).next_open(utc("2026-12-04T18:00:00Z"));
        assert_eq!(open, Some(utc("2026-12-07T09:00:00Z")));
    }

    #[test]
    fn working_hours_skip_the_weekend_and_a_holiday() {
        let c = office(0);
        // Thu 2026-12-24 15:00 + 8 working hours: 2 on Thursday, Friday 25th is a holiday,
        // the weekend is off, 6 on Monday the 28th: 15:00.
        let end = Hours::Calendar(&c).add_working_hours(utc("2026-12-24T15:00:00Z"), 8);
        assert_eq!(end, Some(utc("2026-12-28T15:00:00Z")));
    }

    #[test]
    fn the_offset_moves_the_day_boundary() {
        // Friday 23:30 UTC is Saturday 09:30 in UTC+10: closed until Monday 09:00 local,
        // which is Sunday 23:00 UTC.
        let c = office(600);
        let open = Hours::Calendar(&c).next_open(utc("2026-12-04T23:30:00Z"));
        assert_eq!(open, Some(utc("2026-12-06T23:00:00Z")));
        assert_eq!(
            c.local_date(utc("2026-12-04T23:30:00Z")).to_string(),
            "2026-12-05"
        );
    }

    #[test]
    fn a_calendar_without_working_days_never_opens() {
        let mut c = office(0);
        c.working_days.clear();
        assert_eq!(
            Hours::Calendar(&c).next_open(utc("2026-12-04T10:00:00Z")),
            None
        );
        assert_eq!(
            Hours::Calendar(&c).add_working_hours(utc("2026-12-04T10:00:00Z"), 1),
            None
        );
    }
}
