//! Resource leveling: delay tasks until nobody is asked for more than they can give.
//!
//! A serial heuristic, as MS Project and TaskJuggler use. Tasks are taken one at a time,
//! each once everything it depends on has been placed, highest priority first and then
//! least float first (the latest start the critical path method allows). Each goes to
//! the earliest time its dependencies allow at which every person assigned has the
//! capacity for it throughout; it may fill a gap earlier tasks left. A person's time off
//! pauses their tasks. Must-start-on tasks stay where they are and the others go round
//! them. Dependencies are never broken: the result is rescheduled by the critical path
//! method with each task held at its leveled start, which also gives float.

use super::cpm::{Graph, adjacency, bounds, build};
use super::time_off::{Pauses, fit, pauses, pieces};
use super::{Constraint, DayLoad, Plan, Schedule, ScheduleError, overloads, schedule};
use crate::item::DepType;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// A task leveling moved, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    pub task: usize,
    /// Working minutes later than its dependencies alone would start it.
    pub by: i64,
    /// The person it waited for.
    pub resource: usize,
    /// The task that person was busy with when it last had to wait.
    pub behind: Option<usize>,
}

/// A leveled schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Leveled {
    pub schedule: Schedule,
    /// Tasks that start later than without leveling, in plan order.
    pub delays: Vec<Delay>,
    /// Who was over-allocated on which day before leveling.
    pub before: Vec<DayLoad>,
    /// What remains over-allocated: only must-start-on tasks that overlap each other.
    pub after: Vec<DayLoad>,
    /// The plan as leveled: each task held at its leveled start, for reports and what-if.
    pub plan: Plan,
}

/// Each person's load over time: from each key until the next, this many percent.
#[derive(Debug, Clone, Default)]
struct Profile {
    steps: BTreeMap<i64, u32>,
    /// (start, end, task) of what is placed, to say who a task waited behind.
    placed: Vec<(i64, i64, usize)>,
}

impl Profile {
    fn load_at(&self, minute: i64) -> u32 {
        self.steps
            .range(..=minute)
            .next_back()
            .map_or(0, |(_, l)| *l)
    }

    /// The first minute after `[from, to)` stops being too busy for `units` more, if any
    /// of it is too busy.
    fn busy_until(&self, from: i64, to: i64, units: u32, capacity: u32) -> Option<i64> {
        let start = self.load_at(from);
        let mut over = (start + units > capacity).then_some(from);
        if over.is_none() {
            over = self
                .steps
                .range(from + 1..to)
                .find(|(_, l)| **l + units > capacity)
                .map(|(k, _)| *k);
        }
        let at = over?;
        // The load only changes at keys; the first key after `at` with room ends it.
        Some(
            self.steps
                .range(at + 1..)
                .find(|(_, l)| **l + units <= capacity)
                .map_or(i64::MAX / 4, |(k, _)| *k),
        )
    }

    fn add(&mut self, from: i64, to: i64, units: u32, task: usize) {
        if to <= from || units == 0 {
            return;
        }
        let before_to = self.load_at(to);
        self.steps.entry(to).or_insert(before_to);
        let before_from = self.load_at(from);
        self.steps.entry(from).or_insert(before_from);
        for (_, l) in self.steps.range_mut(from..to) {
            *l += units;
        }
        self.placed.push((from, to, task));
    }

    fn holder(&self, minute: i64) -> Option<usize> {
        self.placed
            .iter()
            .rev()
            .find(|(a, b, _)| *a <= minute && minute < *b)
            .map(|(_, _, t)| *t)
    }
}

/// Where a node may start given where its predecessors were placed: the start bound
/// (finish-to-start and start-to-start links) and the finish bound (finish-to-finish and
/// start-to-finish links).
fn earliest(graph: &Graph, incoming: &[usize], es: &[i64], ef: &[i64]) -> (i64, i64) {
    let mut start = i64::MIN;
    let mut finish = i64::MIN;
    for &k in incoming {
        let e = graph.edges[k];
        match e.kind {
            DepType::FinishToStart => start = start.max(ef[e.from] + e.lag),
            DepType::StartToStart => start = start.max(es[e.from] + e.lag),
            DepType::FinishToFinish => finish = finish.max(ef[e.from] + e.lag),
            DepType::StartToFinish => finish = finish.max(es[e.from] + e.lag),
        }
    }
    (start, finish)
}

/// What leveling works from: the graph and, per task, who it needs and when they are off.
struct Leveler<'a> {
    plan: &'a Plan,
    graph: Graph,
    limits: super::cpm::Bounds,
    out_start: Vec<usize>,
    out_list: Vec<usize>,
    in_start: Vec<usize>,
    in_list: Vec<usize>,
    capacity: Vec<u32>,
    units: Vec<Vec<(usize, u32)>>,
    task_off: Vec<Pauses>,
}

/// One pass of the serial heuristic.
struct Pass {
    es: Vec<i64>,
    ef: Vec<i64>,
    delays: Vec<Delay>,
    finish: i64,
}

impl<'a> Leveler<'a> {
    fn new(plan: &'a Plan) -> Result<Self, ScheduleError> {
        let graph = build(plan)?;
        let nodes = graph.durations.len();
        let n = plan.tasks.len();
        let mut limits = bounds(plan, &graph);
        // Work under way or done is not moved: it holds its real start.
        for (pin, started) in limits.pinned.iter_mut().zip(&limits.started) {
            if started.is_some() {
                *pin = *started;
            }
        }
        let (out_start, out_list) = adjacency(nodes, &graph.edges, true);
        let (in_start, in_list) = adjacency(nodes, &graph.edges, false);
        // Summary start gates are nodes below n too; only leaves carry work.
        let units: Vec<Vec<(usize, u32)>> = (0..n)
            .map(|i| {
                if graph.finish_node[i] == i {
                    plan.units_of(i)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let task_off = pauses(plan);
        Ok(Leveler {
            plan,
            capacity: plan.resources.iter().map(|r| r.capacity.max(1)).collect(),
            graph,
            limits,
            out_start,
            out_list,
            in_start,
            in_list,
            units,
            task_off,
        })
    }

    /// Places every node, taking ready tasks by priority and then by `rank` (lower
    /// first): the serial schedule generation scheme.
    fn pass(&self, rank: &[i64]) -> Pass {
        let graph = &self.graph;
        let nodes = graph.durations.len();
        let n = self.plan.tasks.len();
        let mut profiles = vec![Profile::default(); self.plan.resources.len()];
        // Pinned tasks hold their place; load them first so the others go round them.
        for i in 0..n {
            if let Some(at) = self.limits.pinned[i] {
                let (parts, _) = pieces(at, graph.durations[i], &self.task_off[i]);
                for &(r, u) in &self.units[i] {
                    for &(a, b) in &parts {
                        profiles[r].add(a, b, u, i);
                    }
                }
            }
        }
        let mut es = vec![0i64; nodes];
        let mut ef = vec![0i64; nodes];
        let mut waiting: Vec<usize> = (0..nodes)
            .map(|k| self.in_start[k + 1] - self.in_start[k])
            .collect();
        // Nodes without work for anyone go first: they hold nobody up.
        let key = |node: usize| {
            let busy = node < n && !self.units[node].is_empty() && graph.durations[node] > 0;
            if !busy {
                return (false, Reverse(0u16), i64::MIN, node);
            }
            (
                true,
                Reverse(self.plan.tasks[node].priority),
                rank[node],
                node,
            )
        };
        let mut ready: BinaryHeap<Reverse<_>> = (0..nodes)
            .filter(|&k| waiting[k] == 0)
            .map(|k| Reverse(key(k)))
            .collect();
        let mut delays = Vec::new();
        let no_off: &[(i64, i64)] = &[];
        while let Some(Reverse((_, _, _, node))) = ready.pop() {
            let (start_bound, finish_bound) = earliest(
                graph,
                &self.in_list[self.in_start[node]..self.in_start[node + 1]],
                &es,
                &ef,
            );
            let work = graph.durations[node];
            let task = node < n;
            let skip = if task {
                &self.task_off[node][..]
            } else {
                no_off
            };
            // The earliest placement at or after `at` that meets the finish bound.
            let place = |at: i64| {
                let (first, finish) = fit(at, work, finish_bound, skip);
                (first, finish, pieces(first, work, skip).0)
            };
            if let Some(at) = self.limits.pinned[node] {
                (es[node], ef[node]) = fit(at, work, i64::MIN, skip);
            } else {
                // Without anyone to wait for: the start the dependencies allow.
                let (mut start, mut finish, mut parts) =
                    place(self.limits.floor[node].max(start_bound).max(0));
                let free_start = start;
                let mut waited: Option<(usize, Option<usize>)> = None;
                let assigned: &[(usize, u32)] = if task { &self.units[node] } else { &[] };
                'place: loop {
                    for &(r, u) in assigned {
                        for &(a, b) in &parts {
                            if let Some(next) = profiles[r].busy_until(a, b, u, self.capacity[r]) {
                                waited = Some((r, profiles[r].holder(a.max(next - 1))));
                                (start, finish, parts) = place(next.max(start + 1));
                                continue 'place;
                            }
                        }
                    }
                    break;
                }
                for &(r, u) in assigned {
                    for &(a, b) in &parts {
                        profiles[r].add(a, b, u, node);
                    }
                }
                es[node] = start;
                ef[node] = finish;
                if let Some((resource, behind)) = waited
                    && start > free_start
                {
                    delays.push(Delay {
                        task: node,
                        by: start - free_start,
                        resource,
                        behind,
                    });
                }
            }
            for &k in &self.out_list[self.out_start[node]..self.out_start[node + 1]] {
                let to = graph.edges[k].to;
                waiting[to] -= 1;
                if waiting[to] == 0 {
                    ready.push(Reverse(key(to)));
                }
            }
        }
        let finish = ef.iter().copied().max().unwrap_or(0);
        Pass {
            es,
            ef,
            delays,
            finish,
        }
    }

    /// Forward-backward improvement: pack the schedule against its finish, latest
    /// finishers first, then pack it forward again in the order that gives; repeat while
    /// it helps (a pass that does not beat the best may still lead to one that does).
    fn improve(&self, first: Pass) -> Pass {
        let mut best = first;
        let mut last: Option<Pass> = None;
        for _ in 0..IMPROVEMENT_PASSES {
            let packed = self.backward(last.as_ref().unwrap_or(&best));
            let next = self.pass(&packed);
            if next.finish < best.finish {
                best = next;
                last = None;
            } else if last.as_ref().is_some_and(|l| l.finish == next.finish) {
                break;
            } else {
                last = Some(next);
            }
        }
        best
    }

    /// The same tasks scheduled backwards from `pass`'s finish, latest finishers first,
    /// as far right as dependencies and people allow: each node's start there, a rank for
    /// the next forward pass. Constraints are left to that forward pass.
    fn backward(&self, pass: &Pass) -> Vec<i64> {
        let end = pass.finish;
        let n = self.plan.tasks.len();
        let graph = &self.graph;
        let nodes = graph.durations.len();
        let reversed_edges: Vec<super::cpm::Edge> = graph
            .edges
            .iter()
            .map(|e| super::cpm::Edge {
                from: e.to,
                to: e.from,
                kind: match e.kind {
                    DepType::StartToStart => DepType::FinishToFinish,
                    DepType::FinishToFinish => DepType::StartToStart,
                    other => other,
                },
                lag: e.lag,
            })
            .collect();
        let (out_start, out_list) = adjacency(nodes, &reversed_edges, true);
        let (in_start, in_list) = adjacency(nodes, &reversed_edges, false);
        let mirror = |ranges: &[(i64, i64)]| -> Vec<(i64, i64)> {
            ranges
                .iter()
                .rev()
                .map(|&(a, b)| (end - b, end - a))
                .collect()
        };
        let back = Leveler {
            plan: self.plan,
            graph: Graph {
                durations: graph.durations.clone(),
                task_of: graph.task_of.clone(),
                edges: reversed_edges,
                finish_node: graph.finish_node.clone(),
            },
            limits: super::cpm::Bounds {
                floor: vec![0; nodes],
                pinned: vec![None; nodes],
                deadline: vec![None; nodes],
                started: vec![None; nodes],
                finished: vec![None; nodes],
                remaining: vec![None; nodes],
                status: None,
            },
            out_start,
            out_list,
            in_start,
            in_list,
            capacity: self.capacity.clone(),
            units: self.units.clone(),
            task_off: self.task_off.iter().map(|o| mirror(o)).collect(),
        };
        let rank: Vec<i64> = (0..nodes).map(|k| end - pass.ef[k]).collect();
        let packed = back.pass(&rank);
        (0..nodes)
            .map(|k| if k < n { end - packed.ef[k] } else { 0 })
            .collect()
    }
}

/// How many forward-backward improvements leveling tries at most.
const IMPROVEMENT_PASSES: usize = 4;
/// Restarts cost a few passes each; a plan of `n` nodes gets `RESTART_BUDGET / n`.
const RESTART_BUDGET: usize = 100_000;
const MAX_RESTARTS: usize = 80;

/// Levels a plan's resources. Errors are the critical path method's (a cycle, a bad
/// task) or an assignment to a resource the plan does not have.
pub fn level(plan: &Plan) -> Result<Leveled, ScheduleError> {
    for t in &plan.tasks {
        if t.assignments
            .iter()
            .any(|(r, _)| *r >= plan.resources.len())
        {
            return Err(ScheduleError::BadTask {
                task: t.id.clone(),
                reason: "it is assigned to a resource the plan does not list".into(),
            });
        }
    }
    let unleveled = schedule(plan)?;
    let leveler = Leveler::new(plan)?;
    let nodes = leveler.graph.durations.len();
    let n = plan.tasks.len();
    // First by the latest start the critical path allows (least float first), then by
    // the order the best pass found, while that helps.
    let mut rank: Vec<i64> = unleveled.tasks.iter().map(|d| d.late_start).collect();
    rank.resize(nodes, 0);
    let mut best = leveler.improve(leveler.pass(&rank));
    // Restarts from shuffled ranks, as long as the plan is small enough to afford them:
    // a serial heuristic is sensitive to ties, and the best of several is markedly better.
    let restarts = (RESTART_BUDGET / nodes.max(1)).min(MAX_RESTARTS);
    let mut dice = crate::dice::Dice::new(7);
    let spread = (best.finish / 8).max(1) as u64;
    // Every other restart favours the busiest people's work: they are the bottleneck.
    let mut booked = vec![0i64; plan.resources.len()];
    for (i, units) in leveler.units.iter().enumerate() {
        for &(r, u) in units {
            booked[r] += leveler.graph.durations[i] * i64::from(u) / 100;
        }
    }
    let bottleneck: Vec<i64> = (0..nodes)
        .map(|k| {
            let most = leveler
                .units
                .get(k)
                .into_iter()
                .flatten()
                .map(|(r, _)| booked[*r])
                .max();
            rank[k] - most.unwrap_or(0)
        })
        .collect();
    for attempt in 0..restarts {
        // A third of the restarts search near the best schedule so far: its starts, shaken
        // a little less (iterated local search).
        let (base, noise) = match attempt % 3 {
            0 => (rank.clone(), spread),
            1 => (bottleneck.clone(), spread),
            _ => (best.es.clone(), (spread / 4).max(1)),
        };
        let shuffled: Vec<i64> = base.iter().map(|r| r + dice.below(noise) as i64).collect();
        let tried = leveler.improve(leveler.pass(&shuffled));
        if tried.finish < best.finish {
            best = tried;
        }
    }
    let Pass { es, mut delays, .. } = best;
    let is_leaf: Vec<bool> = (0..n).map(|i| leveler.graph.finish_node[i] == i).collect();
    let limits = &leveler.limits;
    delays.sort_by_key(|d| d.task);

    // Hold every leaf at its leveled start, and let the critical path method give the
    // float and the summaries (it pauses tasks for time off as leveling did).
    let mut held = plan.clone();
    for (i, t) in held.tasks.iter_mut().enumerate() {
        if is_leaf[i] && limits.pinned[i].is_none() {
            t.constraint = Some(Constraint::StartNotBefore(es[i]));
        }
    }
    let leveled = schedule(&held)?;
    Ok(Leveled {
        before: overloads(plan, &unleveled),
        after: overloads(&held, &leveled),
        schedule: leveled,
        delays,
        plan: held,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Link, Resource, Task, Work, daily_load};
    use super::*;
    use crate::Date;

    const DAY: i64 = 480;

    fn plan(tasks: Vec<Task>, links: Vec<Link>, people: usize) -> Plan {
        Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks,
            links,
            resources: (0..people)
                .map(|i| Resource::new(&format!("r{i}"), &format!("Person {i}")))
                .collect(),
            ms_project_start: false,
            status_date: None,
        }
    }

    fn job(id: &str, days: i64, who: &[usize]) -> Task {
        let mut t = Task::new(id, id, Work::Duration(days * DAY));
        t.assignments = who.iter().map(|r| (*r, 100)).collect();
        t
    }

    #[test]
    fn two_tasks_for_one_person_run_one_after_the_other() {
        let p = plan(vec![job("A", 3, &[0]), job("B", 2, &[0])], vec![], 1);
        let l = level(&p).unwrap();
        assert_eq!(l.before.len(), 2, "both days of overlap are reported");
        assert!(l.after.is_empty());
        // B has more float (2 days), so A goes first and B waits behind it.
        assert_eq!(l.schedule.tasks[0].early_start, 0);
        assert_eq!(l.schedule.tasks[1].early_start, 3 * DAY);
        assert_eq!(l.schedule.finish, 5 * DAY);
        assert_eq!(
            l.delays,
            vec![Delay {
                task: 1,
                by: 3 * DAY,
                resource: 0,
                behind: Some(0)
            }]
        );
    }

    #[test]
    fn priority_comes_before_float() {
        let mut b = job("B", 2, &[0]);
        b.priority = 900;
        let p = plan(vec![job("A", 3, &[0]), b], vec![], 1);
        let l = level(&p).unwrap();
        assert_eq!(l.schedule.tasks[1].early_start, 0);
        assert_eq!(l.schedule.tasks[0].early_start, 2 * DAY);
    }

    #[test]
    fn a_half_time_person_takes_twice_as_long_on_effort_and_is_never_over_allocated() {
        let mut p = plan(vec![], vec![], 1);
        p.resources[0].capacity = 50;
        let mut t = Task::new("A", "A", Work::Effort(2 * DAY));
        t.assignments = vec![(0, 100)];
        p.tasks.push(t);
        let l = level(&p).unwrap();
        assert_eq!(l.schedule.tasks[0].early_finish, 4 * DAY);
        assert!(l.before.is_empty() && l.after.is_empty());
    }

    #[test]
    fn time_off_pauses_a_task() {
        let mut p = plan(vec![job("A", 3, &[0])], vec![], 1);
        // Tuesday off: three days of work run Monday, Wednesday, Thursday.
        p.resources[0].time_off.insert(Date::constant(2027, 2, 2));
        let l = level(&p).unwrap();
        assert_eq!(l.schedule.tasks[0].early_start, 0);
        assert_eq!(l.schedule.tasks[0].early_finish, 4 * DAY);
        let load = daily_load(&l.plan, &l.schedule);
        let days: Vec<String> = load.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(days, ["2027-02-01", "2027-02-03", "2027-02-04"]);
    }

    #[test]
    fn a_must_start_on_task_holds_and_others_go_round_it() {
        let mut pinned = job("P", 2, &[0]);
        pinned.constraint = Some(Constraint::MustStartOn(Date::constant(2027, 2, 2)));
        let p = plan(vec![job("A", 2, &[0]), pinned], vec![], 1);
        let l = level(&p).unwrap();
        assert_eq!(l.schedule.tasks[1].early_start, DAY);
        // A cannot fit in the one free day before P: it goes after.
        assert_eq!(l.schedule.tasks[0].early_start, 3 * DAY);
        assert!(l.after.is_empty());
    }

    #[test]
    fn a_task_fills_a_gap_left_earlier() {
        // A (person 0, 4d) -> C (person 1, 1d). B (person 1, 2d) has lots of float and
        // fits before C.
        let fs = Link {
            from: 0,
            to: 2,
            kind: DepType::FinishToStart,
            lag: 0,
        };
        let p = plan(
            vec![job("A", 4, &[0]), job("B", 2, &[1]), job("C", 1, &[1])],
            vec![fs],
            2,
        );
        let l = level(&p).unwrap();
        assert!(l.delays.is_empty());
        assert_eq!(l.schedule.finish, 5 * DAY);
    }

    #[test]
    fn assigning_someone_the_plan_does_not_have_is_an_error() {
        let p = plan(vec![job("A", 1, &[3])], vec![], 1);
        assert!(matches!(level(&p), Err(ScheduleError::BadTask { .. })));
    }

    proptest::proptest! {
        /// Leveling never over-allocates anyone, never breaks a dependency, and never
        /// finishes before the unleveled schedule.
        #[test]
        fn leveling_never_over_allocates_and_keeps_every_dependency(
            jobs in proptest::collection::vec((0i64..6, 0usize..4, 0usize..4, 25u32..=100), 1..30),
            raw in proptest::collection::vec((0usize..30, 0usize..30, 0usize..4, -2i64..3), 0..40),
            part_time in 0usize..4,
            off in proptest::collection::vec(0i64..20, 0..4),
        ) {
            let n = jobs.len();
            let kinds = [DepType::FinishToStart, DepType::StartToStart, DepType::FinishToFinish, DepType::StartToFinish];
            let tasks = jobs.iter().enumerate().map(|(i, (d, a, b, u))| {
                let mut t = Task::new(&format!("T{i}"), "t", if *d == 0 { Work::Milestone } else { Work::Duration(d * DAY) });
                t.assignments = vec![(*a, *u)];
                if b != a { t.assignments.push((*b, 100)); }
                t
            }).collect();
            let links = raw.iter().filter(|(a, b, _, _)| a % n != b % n).map(|(a, b, k, lag)| Link {
                from: (a % n).min(b % n), to: (a % n).max(b % n), kind: kinds[*k], lag: lag * DAY,
            }).collect();
            let mut p = plan(tasks, links, 4);
            p.resources[part_time].capacity = 50;
            for d in off {
                if let Ok(date) = Date::constant(2027, 2, 1).checked_add(jiff::Span::new().days(d)) {
                    p.resources[(d % 4) as usize].time_off.insert(date);
                }
            }
            let l = level(&p).unwrap();
            proptest::prop_assert!(l.after.is_empty(), "over-allocated: {:?}", l.after);
            let s = &l.schedule.tasks;
            for link in &p.links {
                let (a, b) = (s[link.from], s[link.to]);
                let holds = match link.kind {
                    DepType::FinishToStart => b.early_start >= a.early_finish + link.lag,
                    DepType::StartToStart => b.early_start >= a.early_start + link.lag,
                    DepType::FinishToFinish => b.early_finish >= a.early_finish + link.lag,
                    DepType::StartToFinish => b.early_finish >= a.early_start + link.lag,
                };
                proptest::prop_assert!(holds, "{:?} broken: {:?} {:?}", link, a, b);
            }
            let unleveled = schedule(&p).unwrap();
            proptest::prop_assert!(l.schedule.finish >= unleveled.finish);
        }
    }
}
