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

/// A calendar's open periods over a stretch of days, laid out once with the open time
/// before each: the next opening and working time added become two binary searches
/// instead of a walk day by day. For a simulation that asks the same calendar millions of
/// times. Outside the stretch it answers `None`, and the caller asks [`Hours`].
pub(crate) struct Schedule {
    /// The stretch's first moment, Unix seconds.
    from: i64,
    /// Open periods `[opens, closes)` in Unix seconds, in order.
    periods: Vec<(i64, i64)>,
    /// Open seconds in the periods before each one, and up to its end.
    before: Vec<i64>,
    after: Vec<i64>,
}

impl Schedule {
    /// The periods of `calendar` that end after `from`, over the next `days` days.
    pub(crate) fn new(calendar: &Calendar, from: DateTime<Utc>, days: u32) -> Schedule {
        let first = calendar.local_date(from) - Duration::days(1);
        let mut periods = Vec::new();
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut open = 0;
        for i in 0..=days {
            if let Some((start, end)) = calendar.period(first + Duration::days(i64::from(i))) {
                if end > from {
                    periods.push((start.timestamp(), end.timestamp()));
                    before.push(open);
                    open += end.timestamp() - start.timestamp();
                    after.push(open);
                }
            }
        }
        Schedule {
            from: from.timestamp(),
            periods,
            before,
            after,
        }
    }

    /// The period `t` falls in or the next one, if `t` is a whole second in the stretch.
    fn index(&self, t: DateTime<Utc>) -> Option<(usize, i64)> {
        if t.timestamp_subsec_nanos() != 0 {
            return None;
        }
        let t = t.timestamp();
        if t < self.from {
            return None;
        }
        let i = self.periods.partition_point(|p| p.1 <= t);
        (i < self.periods.len()).then_some((i, t))
    }

    /// As [`Hours::next_open`]; `None` outside the stretch.
    pub(crate) fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let (i, t) = self.index(t)?;
        DateTime::from_timestamp(self.periods[i].0.max(t), 0)
    }

    /// As [`Hours::add_working_time`] for a span of whole seconds; `None` outside the
    /// stretch.
    pub(crate) fn add_working_seconds(&self, t: DateTime<Utc>, span: i64) -> Option<DateTime<Utc>> {
        if span <= 0 {
            return Some(t);
        }
        let (i, t) = self.index(t)?;
        let (start, _) = self.periods[i];
        let target = self.before[i] + (start.max(t) - start) + span;
        // The first period whose end reaches the target: at `i` or after (those before it
        // end at or before `before[i]`, below the target).
        let k = self.after.partition_point(|open| *open < target);
        let (start, _) = self.periods.get(k)?;
        DateTime::from_timestamp(start + (target - self.before[k]), 0)
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

    proptest::proptest! {
        /// The laid-out schedule answers exactly as the calendar itself, inside its stretch
        /// and (as `None`, for the caller to ask the calendar) outside it.
        #[test]
        fn a_schedule_agrees_with_its_calendar(
            offset in -720i32..=840,
            minutes in 0i64..(60 * 24 * 120),
            seconds in 0i64..(3_600 * 2_000),
        ) {
            let c = office(offset);
            let from = utc("2026-12-01T00:00:00Z");
            let schedule = Schedule::new(&c, from, 90);
            let hours = Hours::Calendar(&c);
            let t = from + Duration::minutes(minutes);
            if let Some(open) = schedule.next_open(t) {
                proptest::prop_assert_eq!(Some(open), hours.next_open(t));
            } else {
                // Only near the end of the stretch, past its last opening.
                proptest::prop_assert!(minutes > 60 * 24 * 80);
            }
            if let Some(end) = schedule.add_working_seconds(t, seconds) {
                proptest::prop_assert_eq!(
                    Some(end),
                    hours.add_working_time(t, Duration::seconds(seconds))
                );
            }
            proptest::prop_assert_eq!(schedule.next_open(from - Duration::seconds(1)), None);
        }
    }

    #[test]
    fn a_schedule_answers_across_the_holiday_as_the_calendar_does() {
        let c = office(0);
        let s = Schedule::new(&c, utc("2026-12-01T00:00:00Z"), 60);
        let t = utc("2026-12-24T15:00:00Z");
        assert_eq!(
            s.add_working_seconds(t, 8 * 3_600),
            Some(utc("2026-12-28T15:00:00Z"))
        );
        assert_eq!(
            s.next_open(utc("2026-12-24T17:00:00Z")),
            Some(utc("2026-12-28T09:00:00Z"))
        );
        // Exactly a whole period: the end of the day, not the next morning.
        assert_eq!(
            s.add_working_seconds(utc("2026-12-28T09:00:00Z"), 8 * 3_600),
            Some(utc("2026-12-28T17:00:00Z"))
        );
        // Beyond the stretch the schedule does not answer.
        assert_eq!(s.add_working_seconds(t, 8 * 3_600 * 100), None);
    }
}
