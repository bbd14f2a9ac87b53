//! The critical path method: a forward pass for early dates, a backward pass for late
//! dates, then float. Summaries become two zero-length gates, a start that their
//! children wait for and a finish that waits for their children, so links to and from
//! summaries are ordinary edges. Everything is O(tasks + links).

use super::time_off::{Pauses, back, fit, pauses};
use super::{Constraint, Dates, Link, Plan, Schedule, ScheduleError, Timeline, Violation};
use crate::item::DepType;

/// One edge of the scheduling graph: `to` is constrained by `from`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) kind: DepType,
    pub(super) lag: i64,
}

/// The graph the passes run on: node `i < tasks` is task `i` (for a summary, its start
/// gate); node `tasks + k` is the finish gate of the `k`th summary.
pub(super) struct Graph {
    pub(super) durations: Vec<i64>,
    /// The task each node stands for.
    pub(super) task_of: Vec<usize>,
    pub(super) edges: Vec<Edge>,
    /// For each task, the node its finish is read from.
    pub(super) finish_node: Vec<usize>,
}

pub(super) fn build(plan: &Plan) -> Result<Graph, ScheduleError> {
    let n = plan.tasks.len();
    let mut is_summary = vec![false; n];
    for (i, t) in plan.tasks.iter().enumerate() {
        if let Some(p) = t.parent {
            if p >= n || p == i {
                return Err(ScheduleError::BadTask {
                    task: t.id.clone(),
                    reason: "its parent is not another task of the plan".into(),
                });
            }
            is_summary[p] = true;
        }
    }
    // A parent chain that loops would make a summary its own ancestor.
    for (i, t) in plan.tasks.iter().enumerate() {
        let mut at = t.parent;
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            if p == i || steps > n {
                return Err(ScheduleError::BadTask {
                    task: t.id.clone(),
                    reason: "it is its own ancestor".into(),
                });
            }
            at = plan.tasks[p].parent;
        }
    }
    let mut durations = Vec::with_capacity(n);
    for (i, summary) in is_summary.iter().enumerate() {
        durations.push(if *summary { 0 } else { plan.duration_of(i)? });
    }
    let mut task_of: Vec<usize> = (0..n).collect();
    let mut finish_node: Vec<usize> = (0..n).collect();
    for (i, summary) in is_summary.iter().enumerate() {
        if *summary {
            finish_node[i] = durations.len();
            durations.push(0);
            task_of.push(i);
        }
    }
    let mut edges = Vec::with_capacity(plan.links.len() + 2 * n);
    for (i, t) in plan.tasks.iter().enumerate() {
        if let Some(p) = t.parent {
            edges.push(Edge {
                from: p,
                to: i,
                kind: DepType::StartToStart,
                lag: 0,
            });
            edges.push(Edge {
                from: finish_node[i],
                to: finish_node[p],
                kind: DepType::FinishToFinish,
                lag: 0,
            });
        }
    }
    for link in &plan.links {
        let Link {
            from,
            to,
            kind,
            lag,
        } = *link;
        if from >= n || to >= n {
            return Err(ScheduleError::BadTask {
                task: plan
                    .tasks
                    .get(from.min(to))
                    .map_or_else(String::new, |t| t.id.clone()),
                reason: "a link names a task that is not in the plan".into(),
            });
        }
        if from == to {
            return Err(ScheduleError::Cycle(vec![
                plan.tasks[from].id.clone(),
                plan.tasks[from].id.clone(),
            ]));
        }
        let from_node = match kind {
            DepType::FinishToStart | DepType::FinishToFinish => finish_node[from],
            DepType::StartToStart | DepType::StartToFinish => from,
        };
        let to_node = match kind {
            DepType::FinishToStart | DepType::StartToStart => to,
            DepType::FinishToFinish | DepType::StartToFinish => finish_node[to],
        };
        edges.push(Edge {
            from: from_node,
            to: to_node,
            kind,
            lag,
        });
    }
    Ok(Graph {
        durations,
        task_of,
        edges,
        finish_node,
    })
}

/// Compressed adjacency: the edges leaving (or entering) each node.
pub(super) fn adjacency(nodes: usize, edges: &[Edge], outgoing: bool) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; nodes + 1];
    for e in edges {
        start[if outgoing { e.from } else { e.to } + 1] += 1;
    }
    for i in 0..nodes {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0usize; edges.len()];
    for (k, e) in edges.iter().enumerate() {
        let at = if outgoing { e.from } else { e.to };
        list[fill[at]] = k;
        fill[at] += 1;
    }
    (start, list)
}

/// Nodes in an order where every edge goes forward, or the tasks of one cycle.
fn topological(
    plan: &Plan,
    graph: &Graph,
    out_start: &[usize],
    out_list: &[usize],
) -> Result<Vec<usize>, ScheduleError> {
    let nodes = graph.durations.len();
    let mut indegree = vec![0usize; nodes];
    for e in &graph.edges {
        indegree[e.to] += 1;
    }
    let mut order: Vec<usize> = (0..nodes).filter(|&i| indegree[i] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let node = order[head];
        head += 1;
        for &k in &out_list[out_start[node]..out_start[node + 1]] {
            let to = graph.edges[k].to;
            indegree[to] -= 1;
            if indegree[to] == 0 {
                order.push(to);
            }
        }
    }
    if order.len() == nodes {
        return Ok(order);
    }
    Err(ScheduleError::Cycle(find_cycle(plan, graph, &indegree)))
}

/// One cycle among the nodes Kahn's algorithm could not order, as task ids, first
/// repeated at the end: `A -> B -> C -> A`. Every such node still waits on another such
/// node, so walking back along those predecessors must come round to a node seen before.
fn find_cycle(plan: &Plan, graph: &Graph, indegree: &[usize]) -> Vec<String> {
    let nodes = graph.durations.len();
    let (in_start, in_list) = adjacency(nodes, &graph.edges, false);
    let stuck = |n: usize| indegree[n] > 0;
    let Some(first) = (0..nodes).find(|&n| stuck(n)) else {
        return Vec::new();
    };
    let mut seen = vec![usize::MAX; nodes];
    let mut path = Vec::new();
    let mut at = first;
    while seen[at] == usize::MAX {
        seen[at] = path.len();
        path.push(at);
        match in_list[in_start[at]..in_start[at + 1]]
            .iter()
            .map(|&k| graph.edges[k].from)
            .find(|&from| stuck(from))
        {
            Some(prev) => at = prev,
            None => break,
        }
    }
    // path[seen[at]..] runs backwards around the cycle; turn it forwards.
    let mut cycle: Vec<usize> = path[seen[at].min(path.len())..].to_vec();
    cycle.reverse();
    if let Some(&start) = cycle.first() {
        cycle.push(start);
    }
    let mut names: Vec<String> = Vec::new();
    for n in cycle {
        let id = &plan.tasks[graph.task_of[n]].id;
        if names.last() != Some(id) {
            names.push(id.clone());
        }
    }
    names
}

/// What the plan's constraints say about each node, in working minutes.
pub(super) struct Bounds {
    /// The earliest a node may start (0: not before the project).
    pub(super) floor: Vec<i64>,
    /// Where a must-start-on node starts, whatever its predecessors say.
    pub(super) pinned: Vec<Option<i64>>,
    /// The latest a finish node may finish.
    pub(super) deadline: Vec<Option<i64>>,
    /// Tasks under way or done: where they started, and finished if they have.
    pub(super) started: Vec<Option<i64>>,
    pub(super) finished: Vec<Option<i64>>,
    /// Work still to do on tasks under way, when someone said so.
    pub(super) remaining: Vec<Option<i64>>,
    /// The status date as a working minute (the start of it), if the plan has one.
    pub(super) status: Option<i64>,
}

pub(super) fn bounds(plan: &Plan, graph: &Graph) -> Bounds {
    let nodes = graph.durations.len();
    let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
    // Under MS Project's rule a node's predecessors alone decide its start.
    let unbounded = if plan.ms_project_start { i64::MIN } else { 0 };
    let status = plan.status_date.and_then(|d| timeline.minute_of_date(d));
    let mut b = Bounds {
        floor: vec![unbounded; nodes],
        pinned: vec![None; nodes],
        deadline: vec![None; nodes],
        started: vec![None; nodes],
        finished: vec![None; nodes],
        remaining: vec![None; nodes],
        status,
    };
    for (i, t) in plan.tasks.iter().enumerate() {
        let leaf = graph.finish_node[i] == i;
        if let (Some(a), true) = (t.actual, leaf) {
            b.started[i] = timeline.minute_of_date(a.start);
            b.finished[i] = a.finish.and_then(|f| timeline.minute_after_date(f));
            b.remaining[i] = a.remaining;
        } else if let Some(now) = status {
            // Work not started yet cannot start in the past.
            b.floor[i] = b.floor[i].max(now);
        }
        match t.constraint {
            Some(Constraint::StartNoEarlierThan(d)) => {
                b.floor[i] = timeline.minute_of_date(d).unwrap_or(i64::MAX / 4);
            }
            Some(Constraint::MustStartOn(d)) => {
                b.pinned[i] = Some(timeline.minute_of_date(d).unwrap_or(i64::MAX / 4));
            }
            Some(Constraint::StartNotBefore(minute)) => b.floor[i] = minute.max(unbounded),
            None => {}
        }
        if let Some(d) = t.deadline {
            b.deadline[graph.finish_node[i]] = timeline.minute_after_date(d);
        }
    }
    b
}

/// Schedules a plan: early and late dates, float, the critical path, and what could not
/// be honoured. A dependency cycle is an error naming every task in it.
pub fn schedule(plan: &Plan) -> Result<Schedule, ScheduleError> {
    if !plan.calendar.has_working_time() {
        return Err(ScheduleError::NoWorkingTime);
    }
    let graph = build(plan)?;
    let nodes = graph.durations.len();
    let (out_start, out_list) = adjacency(nodes, &graph.edges, true);
    let order = topological(plan, &graph, &out_start, &out_list)?;
    let dur = &graph.durations;
    let Bounds {
        floor,
        pinned,
        deadline,
        started,
        finished,
        remaining,
        status,
    } = bounds(plan, &graph);
    let mut violations = Vec::new();

    // Forward pass. A task whose people have time off pauses on those days.
    let pauses = pauses(plan);
    let no_pauses: Pauses = Vec::new();
    let off = |n: usize| pauses.get(n).unwrap_or(&no_pauses);
    let (in_start, in_list) = adjacency(nodes, &graph.edges, false);
    let mut es = vec![0i64; nodes];
    let mut ef = vec![0i64; nodes];
    // Under MS Project's rule a summary with nothing before it holds nothing back: its
    // start gate is free, and links from a free gate bind nobody.
    const FREE: i64 = i64::MIN / 4;
    let leaf = |n: usize| n < plan.tasks.len() && graph.finish_node[n] == n;
    for &n in &order {
        if let Some(at) = started[n] {
            // Under way or done: its real start stands, and only what is left is scheduled.
            es[n] = at;
            ef[n] = match (finished[n], remaining[n]) {
                (Some(done), _) => done.max(at),
                (None, Some(left)) => fit(at.max(status.unwrap_or(at)), left, i64::MIN, off(n)).1,
                (None, None) => fit(at, dur[n], i64::MIN, off(n))
                    .1
                    .max(status.unwrap_or(at)),
            };
            continue;
        }
        let mut start = floor[n];
        let mut finish_at_least = i64::MIN;
        let mut bound = start > i64::MIN;
        for &k in &in_list[in_start[n]..in_start[n + 1]] {
            let e = graph.edges[k];
            if es[e.from] == FREE {
                continue;
            }
            bound = true;
            match e.kind {
                DepType::FinishToStart => start = start.max(ef[e.from] + e.lag),
                DepType::StartToStart => start = start.max(es[e.from] + e.lag),
                DepType::FinishToFinish => {
                    finish_at_least = finish_at_least.max(ef[e.from] + e.lag);
                    // MS Project never lets a finish-to-finish link pull a task before
                    // the project starts (leads and start-to-finish links may).
                    if leaf(n) {
                        start = start.max(0);
                    }
                }
                DepType::StartToFinish => finish_at_least = finish_at_least.max(es[e.from] + e.lag),
            }
        }
        if !bound && pinned[n].is_none() {
            if n < plan.tasks.len() && !leaf(n) {
                es[n] = FREE;
                ef[n] = FREE;
                continue;
            }
            start = 0;
        }
        if start == i64::MIN {
            // Only a finish bound: start as late as it allows.
            start = finish_at_least.saturating_sub(dur[n]);
        }
        let (mut first, mut last) = fit(start, dur[n], finish_at_least, off(n));
        if let Some(at) = pinned[n] {
            if first > at {
                violations.push(Violation::ConstraintConflict {
                    task: graph.task_of[n],
                    by: first - at,
                });
            }
            (first, last) = fit(at, dur[n], i64::MIN, off(n));
        }
        es[n] = first;
        ef[n] = last;
    }
    let finish = ef.iter().copied().max().unwrap_or(0);

    // Backward pass.
    let mut lf = vec![finish; nodes];
    let mut ls = vec![0i64; nodes];
    for &n in order.iter().rev() {
        if finished[n].is_some() {
            // Done: nothing left to slip.
            (ls[n], lf[n]) = (es[n], ef[n]);
            continue;
        }
        let mut late = deadline[n].map_or(finish, |d| d.min(finish));
        let mut start_by = i64::MAX;
        for &k in &out_list[out_start[n]..out_start[n + 1]] {
            let e = graph.edges[k];
            if finished[e.to].is_some() {
                continue; // a successor already done waits for nothing
            }
            match e.kind {
                DepType::FinishToStart => late = late.min(ls[e.to] - e.lag),
                DepType::StartToStart => start_by = start_by.min(ls[e.to] - e.lag),
                DepType::FinishToFinish => late = late.min(lf[e.to] - e.lag),
                DepType::StartToFinish => start_by = start_by.min(lf[e.to] - e.lag),
            }
        }
        if let Some(at) = pinned[n] {
            late = late.min(fit(at, dur[n], i64::MIN, off(n)).1);
        }
        let mut latest = back(late, dur[n], off(n));
        if latest > start_by {
            latest = start_by;
            late = fit(latest, dur[n], i64::MIN, off(n)).1;
        }
        if started[n].is_some() {
            // Under way: its start is history; only its finish can slip.
            latest = es[n];
        }
        lf[n] = late;
        ls[n] = latest;
        if let Some(d) = deadline[n]
            && ef[n] > d
        {
            violations.push(Violation::DeadlineMissed {
                task: graph.task_of[n],
                by: ef[n] - d,
            });
        }
    }

    // Free float: the slack before the nearest successor (or the project finish).
    let free: Vec<i64> = (0..nodes)
        .map(|n| {
            let mut slack = finish - ef[n];
            for &k in &out_list[out_start[n]..out_start[n + 1]] {
                let e = graph.edges[k];
                let s = match e.kind {
                    DepType::FinishToStart => es[e.to] - (ef[n] + e.lag),
                    DepType::StartToStart => es[e.to] - (es[n] + e.lag),
                    DepType::FinishToFinish => ef[e.to] - (ef[n] + e.lag),
                    DepType::StartToFinish => ef[e.to] - (es[n] + e.lag),
                };
                slack = slack.min(s);
            }
            slack.min(ls[n] - es[n]).max(0)
        })
        .collect();

    let n = plan.tasks.len();
    let mut tasks: Vec<Dates> = (0..n)
        .map(|i| {
            let f = graph.finish_node[i];
            // A task that pauses for time off can have less room at one end than the
            // other: its float is the smaller.
            let total = if f == i && started[i].is_none() {
                (lf[f] - ef[f]).min(ls[i] - es[i])
            } else {
                lf[f] - ef[f]
            };
            Dates {
                early_start: es[i],
                early_finish: ef[f],
                late_start: ls[i],
                late_finish: lf[f],
                total_float: total,
                free_float: free[f].min(total.max(0)),
                // Finished work is no longer critical, whatever its float.
                critical: total <= 0 && finished[f].is_none(),
            }
        })
        .collect();
    // A summary rolls up its children, deepest first (as MS Project does): its earliest
    // child's start and late start, its latest child's finish and late finish, and float
    // the least of its start and finish float.
    let depth = plan.depths();
    let mut by_depth: Vec<usize> = (0..n).collect();
    by_depth.sort_by_key(|&i| std::cmp::Reverse(depth[i]));
    let mut rolled: Vec<Option<Dates>> = vec![None; n];
    for &i in &by_depth {
        if let Some(r) = rolled[i] {
            let total = (r.late_start - r.early_start).min(r.late_finish - r.early_finish);
            tasks[i] = Dates {
                total_float: total,
                free_float: tasks[i].free_float.min(total.max(0)),
                critical: total <= 0,
                ..r
            };
        }
        if let Some(p) = plan.tasks[i].parent {
            let c = tasks[i];
            rolled[p] = Some(match rolled[p] {
                Some(r) => Dates {
                    early_start: r.early_start.min(c.early_start),
                    early_finish: r.early_finish.max(c.early_finish),
                    late_start: r.late_start.min(c.late_start),
                    late_finish: r.late_finish.max(c.late_finish),
                    ..r
                },
                None => c,
            });
        }
    }
    violations.sort_by_key(|v| match v {
        Violation::DeadlineMissed { task, .. } | Violation::ConstraintConflict { task, .. } => {
            *task
        }
    });
    Ok(Schedule {
        tasks,
        finish,
        violations,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Task, Work};
    use super::*;
    use crate::Date;
    use proptest::prelude::*;

    const DAY: i64 = 480;

    fn plan(tasks: Vec<Task>, links: Vec<Link>) -> Plan {
        Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks,
            links,
            resources: Vec::new(),
            ms_project_start: false,
            status_date: None,
        }
    }

    fn task(id: &str, days: i64) -> Task {
        Task::new(id, id, Work::Duration(days * DAY))
    }

    fn link(from: usize, to: usize, kind: DepType, lag_days: i64) -> Link {
        Link {
            from,
            to,
            kind,
            lag: lag_days * DAY,
        }
    }

    #[test]
    fn a_chain_and_a_side_branch_give_the_critical_path_and_float() {
        // A(5) -> B(3) -> D(2); A -> C(1) -> D. C has 2 days of float.
        let p = plan(
            vec![task("A", 5), task("B", 3), task("C", 1), task("D", 2)],
            vec![
                link(0, 1, DepType::FinishToStart, 0),
                link(1, 3, DepType::FinishToStart, 0),
                link(0, 2, DepType::FinishToStart, 0),
                link(2, 3, DepType::FinishToStart, 0),
            ],
        );
        let s = schedule(&p).unwrap();
        assert_eq!(s.finish, 10 * DAY);
        let c = s.tasks[2];
        assert_eq!((c.early_start, c.late_start), (5 * DAY, 7 * DAY));
        assert_eq!((c.total_float, c.free_float), (2 * DAY, 2 * DAY));
        let critical: Vec<bool> = s.tasks.iter().map(|t| t.critical).collect();
        assert_eq!(critical, vec![true, true, false, true]);
    }

    #[test]
    fn each_link_type_and_lag_is_honoured() {
        let p = plan(
            vec![
                task("A", 4),
                task("SS", 2),
                task("FF", 2),
                task("SF", 1),
                task("LEAD", 2),
            ],
            vec![
                link(0, 1, DepType::StartToStart, 1),
                link(0, 2, DepType::FinishToFinish, 1),
                link(0, 3, DepType::StartToFinish, 3),
                link(0, 4, DepType::FinishToStart, -2),
            ],
        );
        let s = schedule(&p).unwrap();
        let t = |i: usize| (s.tasks[i].early_start / DAY, s.tasks[i].early_finish / DAY);
        assert_eq!(t(1), (1, 3)); // starts a day after A starts
        assert_eq!(t(2), (3, 5)); // finishes a day after A finishes
        assert_eq!(t(3), (2, 3)); // finishes three days after A starts
        assert_eq!(t(4), (2, 4)); // two days of lead before A's finish
    }

    #[test]
    fn effort_is_shared_by_the_people_assigned() {
        let mut t = Task::new("E", "Effort", Work::Effort(10 * DAY));
        t.assignments = vec![(0, 100), (1, 100)];
        let s = schedule(&plan(vec![t], vec![])).unwrap();
        assert_eq!(s.tasks[0].early_finish, 5 * DAY);
    }

    #[test]
    fn summaries_span_their_children_and_links_to_them_reach_the_children() {
        // S { A(2), B(3) after A }, X(1) before S, Y(1) after S.
        let mut a = task("A", 2);
        a.parent = Some(1);
        let mut b = task("B", 3);
        b.parent = Some(1);
        let p = plan(
            vec![
                task("X", 1),
                Task::new("S", "Summary", Work::Milestone),
                a,
                b,
                task("Y", 1),
            ],
            vec![
                link(2, 3, DepType::FinishToStart, 0),
                link(0, 1, DepType::FinishToStart, 0),
                link(1, 4, DepType::FinishToStart, 0),
            ],
        );
        let s = schedule(&p).unwrap();
        let span = |i: usize| (s.tasks[i].early_start / DAY, s.tasks[i].early_finish / DAY);
        assert_eq!(span(2), (1, 3));
        assert_eq!(span(3), (3, 6));
        assert_eq!(span(1), (1, 6));
        assert_eq!(span(4), (6, 7));
        assert!(s.tasks.iter().all(|t| t.critical));
    }

    #[test]
    fn a_missed_deadline_is_reported_with_negative_float() {
        let mut b = task("B", 5);
        b.deadline = Some(Date::constant(2027, 2, 5)); // Friday of the first week
        let p = plan(
            vec![task("A", 2), b],
            vec![link(0, 1, DepType::FinishToStart, 0)],
        );
        let s = schedule(&p).unwrap();
        assert_eq!(
            s.violations,
            vec![Violation::DeadlineMissed {
                task: 1,
                by: 2 * DAY
            }]
        );
        assert_eq!(s.tasks[1].total_float, -2 * DAY);
        assert_eq!(s.tasks[0].total_float, -2 * DAY);
        assert!(s.tasks[0].critical);
    }

    #[test]
    fn constraints_pin_or_hold_back_a_start() {
        let mut b = task("B", 1);
        b.constraint = Some(Constraint::StartNoEarlierThan(Date::constant(2027, 2, 10)));
        let mut c = task("C", 1);
        c.constraint = Some(Constraint::MustStartOn(Date::constant(2027, 2, 2)));
        let p = plan(
            vec![task("A", 3), b, c],
            vec![link(0, 2, DepType::FinishToStart, 0)],
        );
        let s = schedule(&p).unwrap();
        assert_eq!(s.tasks[1].early_start, 7 * DAY); // Wed of week two
        assert_eq!(s.tasks[2].early_start, DAY);
        assert_eq!(
            s.violations,
            vec![Violation::ConstraintConflict {
                task: 2,
                by: 2 * DAY
            }]
        );
    }

    #[test]
    fn work_under_way_or_done_keeps_its_real_dates() {
        use super::super::Actual;
        let d = |day| Date::constant(2027, 2, day);
        // A(3) -> B(4) -> C(2); A finished late, B started and has 1 day left; status date
        // Wednesday of week two (2027-02-10, working minute 7 days in).
        let mut a = task("A", 3);
        a.actual = Some(Actual {
            start: d(2),
            finish: Some(d(8)),
            remaining: None,
        });
        let mut b = task("B", 4);
        b.actual = Some(Actual {
            start: d(9),
            finish: None,
            remaining: Some(DAY),
        });
        let mut p = plan(
            vec![a, b, task("C", 2), task("D", 1)],
            vec![
                link(0, 1, DepType::FinishToStart, 0),
                link(1, 2, DepType::FinishToStart, 0),
            ],
        );
        p.status_date = Some(d(10));
        let s = schedule(&p).unwrap();
        assert_eq!(
            (s.tasks[0].early_start, s.tasks[0].early_finish),
            (DAY, 6 * DAY)
        );
        assert!(!s.tasks[0].critical, "finished work is not critical");
        // B runs from its real start to a day after the status date.
        assert_eq!(
            (s.tasks[1].early_start, s.tasks[1].early_finish),
            (6 * DAY, 8 * DAY)
        );
        assert_eq!(s.tasks[2].early_start, 8 * DAY);
        assert!(s.tasks[1].critical && s.tasks[2].critical);
        // D has no links, but cannot start in the past.
        assert_eq!(s.tasks[3].early_start, 7 * DAY);
        // Without a remaining estimate, B runs its whole duration from its start.
        p.tasks[1].actual = p.tasks[1].actual.map(|a| Actual {
            remaining: None,
            ..a
        });
        let s = schedule(&p).unwrap();
        assert_eq!(s.tasks[1].early_finish, 10 * DAY);
    }

    #[test]
    fn a_cycle_names_every_task_in_it() {
        let p = plan(
            vec![task("A", 1), task("B", 1), task("C", 1), task("D", 1)],
            vec![
                link(0, 1, DepType::FinishToStart, 0),
                link(1, 2, DepType::FinishToStart, 0),
                link(2, 3, DepType::FinishToStart, 0),
                link(3, 1, DepType::StartToStart, 0),
            ],
        );
        match schedule(&p) {
            Err(ScheduleError::Cycle(names)) => {
                assert_eq!(names.len(), 4, "{names:?}");
                assert_eq!(names.first(), names.last());
                let mut inner: Vec<&String> = names[..3].iter().collect();
                inner.sort();
                assert_eq!(inner, vec!["B", "C", "D"]);
            }
            other => panic!("expected a cycle, got {other:?}"),
        }
    }

    /// A random acyclic plan: links only go from lower to higher index. Two people have
    /// a few days off; a third of the tasks are each one's, so they pause.
    fn arb_plan() -> impl Strategy<Value = Plan> {
        (2usize..40)
            .prop_flat_map(|n| {
                let durations = proptest::collection::vec(0i64..10, n);
                let links = proptest::collection::vec(
                    (0usize..n, 0usize..n, 0usize..4, -3i64..4),
                    0..(n * 2),
                );
                let off = proptest::collection::vec(0i64..40, 0..6);
                (durations, links, off)
            })
            .prop_map(|(durations, raw, off)| {
                let tasks: Vec<Task> = durations
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let mut t = task(&format!("T{i}"), *d);
                        if i % 3 < 2 {
                            t.assignments = vec![(i % 3, 100)];
                        }
                        t
                    })
                    .collect();
                let kinds = [
                    DepType::FinishToStart,
                    DepType::StartToStart,
                    DepType::FinishToFinish,
                    DepType::StartToFinish,
                ];
                let links = raw
                    .into_iter()
                    .filter(|(a, b, _, _)| a != b)
                    .map(|(a, b, k, lag)| link(a.min(b), a.max(b), kinds[k], lag))
                    .collect();
                let mut p = plan(tasks, links);
                p.resources = vec![
                    super::super::Resource::new("a", "A"),
                    super::super::Resource::new("b", "B"),
                ];
                for d in off {
                    if let Ok(date) = p.start.checked_add(jiff::Span::new().days(d)) {
                        p.resources[(d % 2) as usize].time_off.insert(date);
                    }
                }
                p
            })
    }

    fn holds(s: &Schedule, l: &Link) -> bool {
        let (p, q) = (s.tasks[l.from], s.tasks[l.to]);
        let need = match l.kind {
            DepType::FinishToStart => (q.early_start, p.early_finish),
            DepType::StartToStart => (q.early_start, p.early_start),
            DepType::FinishToFinish => (q.early_finish, p.early_finish),
            DepType::StartToFinish => (q.early_finish, p.early_start),
        };
        let late = match l.kind {
            DepType::FinishToStart => (q.late_start, p.late_finish),
            DepType::StartToStart => (q.late_start, p.late_start),
            DepType::FinishToFinish => (q.late_finish, p.late_finish),
            DepType::StartToFinish => (q.late_finish, p.late_start),
        };
        need.0 >= need.1 + l.lag && late.0 >= late.1 + l.lag
    }

    proptest! {
        #[test]
        fn every_dependency_holds_and_float_is_never_negative(p in arb_plan()) {
            let s = schedule(&p).unwrap();
            for l in &p.links {
                prop_assert!(holds(&s, l), "{l:?} broken: {:?} {:?}", s.tasks[l.from], s.tasks[l.to]);
            }
            for t in &s.tasks {
                prop_assert!(t.total_float >= 0, "{t:?}");
                prop_assert!(t.free_float <= t.total_float, "{t:?}");
                prop_assert!(t.early_start <= t.late_start);
                prop_assert!(t.early_finish <= s.finish);
            }
            prop_assert!(s.tasks.iter().any(|t| t.critical));
        }

        /// MS Project's rule may start work before the project, never against a link.
        #[test]
        fn under_ms_projects_rule_every_dependency_holds_too(p in arb_plan()) {
            let mut p = p;
            p.ms_project_start = true;
            let s = schedule(&p).unwrap();
            for l in &p.links {
                prop_assert!(holds(&s, l), "{l:?} broken: {:?} {:?}", s.tasks[l.from], s.tasks[l.to]);
            }
            for t in &s.tasks {
                prop_assert!(t.total_float >= 0, "{t:?}");
                prop_assert!(t.early_start <= t.late_start);
            }
        }

        #[test]
        fn adding_a_dependency_never_brings_the_finish_forward(p in arb_plan(), a in 0usize..40, b in 0usize..40, lag in -2i64..3) {
            let n = p.tasks.len();
            let (a, b) = (a % n, b % n);
            prop_assume!(a != b);
            let before = schedule(&p).unwrap().finish;
            let mut more = p.clone();
            more.links.push(link(a.min(b), a.max(b), DepType::FinishToStart, lag));
            let after = schedule(&more).unwrap().finish;
            prop_assert!(after >= before, "{before} -> {after}");
        }
    }
}
