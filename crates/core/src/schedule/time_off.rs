//! People's time off in working minutes: a task pauses on a day any of its people has
//! off, so its work runs in pieces around those days. Both the critical path method and
//! leveling place work through these functions, so the two agree.

use super::{Plan, Timeline};

/// Sorted, disjoint `[start, end)` ranges of working minutes when a task cannot be worked.
pub(super) type Pauses = Vec<(i64, i64)>;

/// The pauses of every task: the union of its people's time off (empty for most tasks).
pub(super) fn pauses(plan: &Plan) -> Vec<Pauses> {
    if plan.resources.iter().all(|r| r.time_off.is_empty()) {
        return vec![Vec::new(); plan.tasks.len()];
    }
    let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
    let off: Vec<Pauses> = plan
        .resources
        .iter()
        .map(|r| {
            r.time_off
                .iter()
                .filter_map(|d| {
                    let a = timeline.minute_of_date(*d)?;
                    let b = timeline.minute_after_date(*d)?;
                    (b > a).then_some((a, b))
                })
                .collect()
        })
        .collect();
    plan.tasks
        .iter()
        .map(|t| {
            let mut all: Pauses = t
                .assignments
                .iter()
                .filter_map(|(r, _)| off.get(*r))
                .flatten()
                .copied()
                .collect();
            all.sort_unstable();
            let mut out: Pauses = Vec::with_capacity(all.len());
            for (a, b) in all {
                match out.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => out.push((a, b)),
                }
            }
            out
        })
        .collect()
}

/// The pieces `work` minutes starting at `start` occupy around `off`, and the finish.
pub(super) fn pieces(start: i64, work: i64, off: &[(i64, i64)]) -> (Vec<(i64, i64)>, i64) {
    let mut out = Vec::new();
    let mut at = start;
    let mut left = work;
    let mut k = off.partition_point(|&(_, e)| e <= at);
    while left > 0 {
        if let Some(&(a, b)) = off.get(k)
            && a <= at
        {
            at = at.max(b);
            k += 1;
            continue;
        }
        let stop = off.get(k).map_or(i64::MAX, |&(a, _)| a);
        let take = left.min(stop.saturating_sub(at));
        out.push((at, at + take));
        at += take;
        left -= take;
    }
    (out, at)
}

/// The earliest placement of `work` minutes at or after `start` that finishes at
/// `finish_at_least` or later: (first minute worked, finish).
pub(super) fn fit(start: i64, work: i64, finish_at_least: i64, off: &[(i64, i64)]) -> (i64, i64) {
    if off.is_empty() {
        let s = start.max(finish_at_least.saturating_sub(work));
        return (s, s + work);
    }
    let mut target = finish_at_least;
    loop {
        let at = if target == i64::MIN {
            start
        } else {
            start.max(back(target, work, off))
        };
        let (parts, finish) = pieces(at, work, off);
        if finish >= finish_at_least {
            return (parts.first().map_or(at, |p| p.0), finish);
        }
        // The target fell in a pause, where no work ends: aim just past it.
        let k = off.partition_point(|&(a, _)| a < target);
        target = match k.checked_sub(1).and_then(|k| off.get(k)) {
            Some(&(_, end)) if end >= target => end + 1,
            _ => target + 1,
        };
    }
}

/// The latest start from which `work` minutes are done by `finish`, around `off`.
pub(super) fn back(finish: i64, work: i64, off: &[(i64, i64)]) -> i64 {
    let mut at = finish;
    let mut left = work;
    let mut k = off.partition_point(|&(a, _)| a < at);
    while left > 0 {
        if k > 0 && off[k - 1].1 >= at {
            at = at.min(off[k - 1].0);
            k -= 1;
            continue;
        }
        let stop = if k > 0 { off[k - 1].1 } else { i64::MIN };
        let take = left.min(at.saturating_sub(stop));
        at -= take;
        left -= take;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_started_before_the_plan_with_no_pause_ahead_finishes() {
        // Found by the fuzzer: a task under way since before the plan's start (negative
        // minutes) with every pause behind it overflowed `i64::MAX - at`; released builds
        // then looped without end.
        let (parts, finish) = pieces(-40_000, 100, &[(-50_000, -45_000)]);
        assert_eq!(parts, vec![(-40_000, -39_900)]);
        assert_eq!(finish, -39_900);
        let plan = r#"{ "start": "2027-03-01",
          "resources": [ { "id": "raj", "time_off": ["2027-02-10"] } ],
          "tasks": [ { "id": "1", "effort": "10d", "assign": ["raj"], "started": "2027-02-08", "remaining": "3d" } ] }"#;
        let file = crate::schedule::parse_plan(plan).unwrap();
        assert!(crate::schedule::schedule(&file.plan).is_ok());
    }

    #[test]
    fn work_runs_around_pauses_both_ways() {
        let off = [(10, 20), (30, 35)];
        assert_eq!(pieces(5, 10, &off), (vec![(5, 10), (20, 25)], 25));
        assert_eq!(pieces(12, 12, &off), (vec![(20, 30), (35, 37)], 37));
        assert_eq!(fit(0, 5, 0, &off), (0, 5));
        assert_eq!(
            fit(0, 5, 12, &off),
            (6, 21),
            "a finish at 12 falls in the pause"
        );
        assert_eq!(fit(0, 5, 22, &off), (7, 22));
        assert_eq!(
            fit(0, 10, 25, &off),
            (5, 25),
            "not 15, which would end at 30"
        );
        assert_eq!(back(25, 10, &off), 5);
        assert_eq!(
            back(37, 12, &off),
            20,
            "2 minutes in 35..37 and 10 in 20..30"
        );
        assert_eq!(fit(0, 4, 100, &[]), (96, 100));
    }

    proptest::proptest! {
        /// Going back from where work finishes lands at or after where it started, and
        /// going forward again from there finishes at the same place.
        #[test]
        fn back_undoes_pieces(start in 0i64..200, work in 0i64..100, raw in proptest::collection::vec((0i64..300, 1i64..20), 0..6)) {
            let mut off: Vec<(i64, i64)> = raw.iter().map(|(a, l)| (*a, a + l)).collect();
            off.sort_unstable();
            let mut merged: Vec<(i64, i64)> = Vec::new();
            for (a, b) in off {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            let (_, finish) = pieces(start, work, &merged);
            let latest = back(finish, work, &merged);
            proptest::prop_assert!(latest >= start);
            proptest::prop_assert_eq!(pieces(latest, work, &merged).1, finish);
            // Fitting to finish no earlier than that finish gives it back exactly.
            proptest::prop_assert_eq!(fit(0, work, finish, &merged).1, finish);
        }
    }
}
