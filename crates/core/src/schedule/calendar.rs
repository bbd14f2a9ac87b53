//! Working time: which weekdays are worked, the working hours of each (with breaks),
//! and holidays. The scheduler counts in working minutes from the project start, so
//! every duration and lag is working time; a [`Timeline`] turns those counts back into
//! dates and times of day.

use crate::Date;
use jiff::civil::Weekday;
use std::collections::BTreeSet;

/// A span of working time within a day, in minutes after midnight: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: u16,
    pub end: u16,
}

/// A working-time calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Shifts per weekday, Monday first; an empty list is a day off.
    pub week: [Vec<Shift>; 7],
    /// Dates not worked, whatever their weekday.
    pub holidays: BTreeSet<Date>,
    /// Minutes in "a day" of duration or lag (MS Project's default: 480, eight hours).
    pub minutes_per_day: i64,
}

impl Default for Calendar {
    /// Monday to Friday, 08:00–12:00 and 13:00–17:00, no holidays: MS Project's standard.
    fn default() -> Self {
        let day = vec![
            Shift {
                start: 8 * 60,
                end: 12 * 60,
            },
            Shift {
                start: 13 * 60,
                end: 17 * 60,
            },
        ];
        Calendar {
            week: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                Vec::new(),
                Vec::new(),
            ],
            holidays: BTreeSet::new(),
            minutes_per_day: 480,
        }
    }
}

fn weekday_index(date: Date) -> usize {
    match date.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

impl Calendar {
    /// The shifts worked on a date (none on a holiday or a day off).
    pub fn shifts(&self, date: Date) -> &[Shift] {
        if self.holidays.contains(&date) {
            return &[];
        }
        &self.week[weekday_index(date)]
    }

    /// Working minutes on a date.
    pub fn minutes_on(&self, date: Date) -> i64 {
        self.shifts(date)
            .iter()
            .map(|s| i64::from(s.end.saturating_sub(s.start)))
            .sum()
    }

    /// Whether any day of the week is worked (a calendar without one cannot schedule).
    pub fn has_working_time(&self) -> bool {
        self.week.iter().any(|d| d.iter().any(|s| s.end > s.start))
    }
}

/// A date and a minute of that day: what a working-minute count stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub date: Date,
    pub minute: u16,
}

impl Moment {
    /// Reads `2027-02-01T08:00` (seconds, if written, are ignored).
    pub fn parse(text: &str) -> Option<Moment> {
        let (date, time) = text.trim().split_once('T')?;
        let date: Date = date.parse().ok()?;
        let mut parts = time.split(':');
        let h: u16 = parts.next()?.parse().ok()?;
        let m: u16 = parts.next()?.parse().ok()?;
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(Moment {
            date,
            minute: h * 60 + m,
        })
    }
}

impl std::fmt::Display for Moment {
    /// ISO 8601 local date-time to the minute: `2027-02-01T08:00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}",
            self.date,
            self.minute / 60,
            self.minute % 60
        )
    }
}

/// The working days from a project's start, with the working minutes before each, so a
/// working-minute count maps to a moment in O(log days). It grows as far as asked.
#[derive(Debug, Clone)]
pub struct Timeline {
    calendar: Calendar,
    /// (date, working minutes before this date) for every working day so far.
    days: Vec<(Date, i64)>,
    /// The first date not yet looked at.
    next: Date,
    total: i64,
    /// Working days before the start, nearest first: (date, its first minute, negative).
    back: Vec<(Date, i64)>,
    /// The last date looked at going back.
    prev: Date,
    /// The date the timeline was made from.
    origin: Date,
}

/// The longest a timeline looks for working time: 200 years.
const MAX_DAYS: usize = 73_000;

impl Timeline {
    /// A timeline whose minute 0 is the first working minute on or after `start`.
    pub fn new(calendar: Calendar, start: Date) -> Self {
        Timeline {
            calendar,
            days: Vec::new(),
            next: start,
            total: 0,
            back: Vec::new(),
            prev: start,
            origin: start,
        }
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Extends the timeline until it holds working minute `minute` (false if it cannot).
    fn reach(&mut self, minute: i64) -> bool {
        let mut looked = 0;
        while self.total <= minute {
            if self.days.len() >= MAX_DAYS || looked > MAX_DAYS {
                return false;
            }
            let date = self.next;
            let worked = self.calendar.minutes_on(date);
            if worked > 0 {
                self.days.push((date, self.total));
                self.total += worked;
            }
            looked += 1;
            match date.tomorrow() {
                Ok(d) => self.next = d,
                Err(_) => return false,
            }
        }
        true
    }

    /// Extends the timeline to cover a date (every working day before it).
    fn reach_date(&mut self, date: Date) -> bool {
        while self.next <= date {
            let before = self.total;
            if !self.reach(before) {
                return false;
            }
            if self.total == before {
                return false;
            }
        }
        true
    }

    /// Looks at one more day before the start.
    fn step_back(&mut self) -> bool {
        match self.prev.yesterday() {
            Ok(d) => self.prev = d,
            Err(_) => return false,
        }
        let worked = self.calendar.minutes_on(self.prev);
        if worked > 0 {
            let first = self.back.last().map_or(0, |(_, f)| *f) - worked;
            self.back.push((self.prev, first));
        }
        true
    }

    /// Extends the timeline backwards until it holds (negative) working minute `minute`:
    /// leads can schedule work before the project starts, as MS Project allows.
    fn reach_back(&mut self, minute: i64) -> bool {
        let mut looked = 0;
        while self.back.last().map_or(0, |(_, first)| *first) > minute {
            if looked > MAX_DAYS || !self.step_back() {
                return false;
            }
            looked += 1;
        }
        true
    }

    /// The working day holding `minute`, and the minutes of it before `minute`.
    fn day_of(&mut self, minute: i64) -> Option<(Date, i64)> {
        if minute < 0 {
            if !self.reach_back(minute) {
                return None;
            }
            // `back` runs from the start backwards, so first minutes decrease.
            let i = self.back.partition_point(|(_, first)| *first > minute);
            let (date, first) = *self.back.get(i)?;
            return Some((date, minute - first));
        }
        if !self.reach(minute) {
            return None;
        }
        let i = self.days.partition_point(|(_, before)| *before <= minute) - 1;
        let (date, before) = *self.days.get(i)?;
        Some((date, minute - before))
    }

    /// The working day holding working minute `minute`: its date and the working minutes
    /// `[first, end)` it spans.
    pub fn working_day(&mut self, minute: i64) -> Option<(Date, i64, i64)> {
        let (date, into) = self.day_of(minute)?;
        let first = minute - into;
        Some((date, first, first + self.calendar.minutes_on(date)))
    }

    /// The moment working minute `minute` begins (where a task starting there starts).
    pub fn start_of(&mut self, minute: i64) -> Option<Moment> {
        let (date, mut left) = self.day_of(minute)?;
        for s in self.calendar.shifts(date) {
            let len = i64::from(s.end - s.start);
            if left < len {
                return Some(Moment {
                    date,
                    minute: s.start + left as u16,
                });
            }
            left -= len;
        }
        None
    }

    /// The moment working minute `minute - 1` ends (where a task finishing there finishes:
    /// 17:00 on its last day, not 08:00 the next). Minute 0 ends where the timeline begins,
    /// so a milestone at the project's start sits there.
    pub fn end_of(&mut self, minute: i64) -> Option<Moment> {
        if minute == 0 {
            return self.start_of(0);
        }
        self.finish_of(minute)
    }

    /// Where work finishing at `minute` finishes: the end of working minute `minute - 1`,
    /// even for minute 0 (work that began before the project ends at 17:00 the day before).
    pub fn finish_of(&mut self, minute: i64) -> Option<Moment> {
        let last = self.start_of(minute - 1)?;
        Some(Moment {
            minute: last.minute + 1,
            ..last
        })
    }

    /// Working minutes before the start of `date` (for constraints given as dates);
    /// negative before the timeline's start.
    pub fn minute_of_date(&mut self, date: Date) -> Option<i64> {
        if date < self.origin {
            let mut looked = 0;
            while self.prev > date {
                if looked > MAX_DAYS || !self.step_back() {
                    return None;
                }
                looked += 1;
            }
            // `back` runs from the start backwards: the last entry on or after `date`.
            let on_or_after = self.back.partition_point(|(d, _)| *d >= date);
            return Some(match on_or_after.checked_sub(1) {
                Some(i) => self.back[i].1,
                None => 0,
            });
        }
        if !self.reach_date(date) {
            return None;
        }
        let i = self.days.partition_point(|(d, _)| *d < date);
        Some(match self.days.get(i) {
            Some((_, before)) => *before,
            None => self.total,
        })
    }

    /// The working minute a moment stands at: its day's first minute plus the working
    /// minutes of that day before it.
    pub fn minute_at(&mut self, at: Moment) -> Option<i64> {
        let first = self.minute_of_date(at.date)?;
        let into: i64 = self
            .calendar
            .shifts(at.date)
            .iter()
            .map(|s| i64::from(at.minute.clamp(s.start, s.end) - s.start))
            .sum();
        Some(first + into)
    }

    /// Working minutes before the end of `date` (for "finish no later than" a date).
    pub fn minute_after_date(&mut self, date: Date) -> Option<i64> {
        let next = date.tomorrow().ok()?;
        self.minute_of_date(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::constant(y, m, day)
    }

    #[test]
    fn minutes_map_to_working_moments_across_breaks_weekends_and_holidays() {
        let mut cal = Calendar::default();
        cal.holidays.insert(d(2027, 2, 8)); // a Monday
        // 2027-02-01 is a Monday.
        let mut t = Timeline::new(cal, d(2027, 1, 30)); // a Saturday: work starts Monday
        assert_eq!(t.start_of(0).unwrap().to_string(), "2027-02-01T08:00");
        assert_eq!(t.start_of(240).unwrap().to_string(), "2027-02-01T13:00");
        assert_eq!(t.end_of(240).unwrap().to_string(), "2027-02-01T12:00");
        assert_eq!(t.end_of(480).unwrap().to_string(), "2027-02-01T17:00");
        assert_eq!(t.start_of(480).unwrap().to_string(), "2027-02-02T08:00");
        // Five days end on Friday; the sixth starts after the weekend and the holiday.
        assert_eq!(t.end_of(5 * 480).unwrap().to_string(), "2027-02-05T17:00");
        assert_eq!(t.start_of(5 * 480).unwrap().to_string(), "2027-02-09T08:00");
        assert_eq!(t.minute_of_date(d(2027, 2, 9)), Some(5 * 480));
        assert_eq!(t.minute_of_date(d(2027, 2, 8)), Some(5 * 480));
        assert_eq!(t.minute_after_date(d(2027, 2, 2)), Some(2 * 480));
        // Before the start: Friday 2027-01-29 is the working day before Monday.
        assert_eq!(t.start_of(-480).unwrap().to_string(), "2027-01-29T08:00");
        assert_eq!(t.start_of(-240).unwrap().to_string(), "2027-01-29T13:00");
        assert_eq!(t.end_of(-480).unwrap().to_string(), "2027-01-28T17:00");
        assert_eq!(t.start_of(-481).unwrap().to_string(), "2027-01-28T16:59");
        // Dates before the start count back: Thursday 2027-01-28 is two days before.
        assert_eq!(t.minute_of_date(d(2027, 1, 28)), Some(-960));
        assert_eq!(
            t.minute_of_date(d(2027, 1, 30)),
            Some(0),
            "the weekend before Monday"
        );
        let m = Moment {
            date: d(2027, 1, 29),
            minute: 13 * 60,
        };
        assert_eq!(t.minute_at(m), Some(-240));
        assert_eq!(Moment::parse("2027-01-29T13:00"), Some(m));
        assert_eq!(
            t.minute_at(Moment {
                date: d(2027, 2, 2),
                minute: 17 * 60
            }),
            Some(960)
        );
    }

    #[test]
    fn a_calendar_with_no_working_time_never_loops_forever() {
        let cal = Calendar {
            week: Default::default(),
            holidays: BTreeSet::new(),
            minutes_per_day: 480,
        };
        assert!(!cal.has_working_time());
        let mut t = Timeline::new(cal, d(2027, 1, 1));
        assert_eq!(t.start_of(10), None);
    }
}
