//! What drives a date: for a milestone, the chain of tasks whose links hold it where it
//! is. Each step back is the predecessor whose link is binding (the one that decides
//! the start, or the finish for finish-to-finish and start-to-finish links).

use super::{Plan, Schedule};
use crate::item::DepType;

/// The tasks driving `task`, nearest first. Stops at a task nothing holds back (it
/// starts at the project start, a constraint or its real start).
pub fn driving_chain(plan: &Plan, schedule: &Schedule, task: usize) -> Vec<usize> {
    let n = plan.tasks.len();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, l) in plan.links.iter().enumerate() {
        if l.to < n && l.from < n {
            incoming[l.to].push(k);
        }
    }
    let mut chain = Vec::new();
    let mut at = task;
    while chain.len() < n {
        let Some(d) = schedule.tasks.get(at) else {
            break;
        };
        let binding = incoming[at]
            .iter()
            .map(|&k| plan.links[k])
            .filter(|l| {
                let p = &schedule.tasks[l.from];
                match l.kind {
                    DepType::FinishToStart => p.early_finish + l.lag == d.early_start,
                    DepType::StartToStart => p.early_start + l.lag == d.early_start,
                    DepType::FinishToFinish => p.early_finish + l.lag == d.early_finish,
                    DepType::StartToFinish => p.early_start + l.lag == d.early_finish,
                }
            })
            .max_by_key(|l| {
                (
                    schedule.tasks[l.from].early_finish,
                    std::cmp::Reverse(l.from),
                )
            });
        match binding {
            Some(l) if !chain.contains(&l.from) && l.from != task => {
                chain.push(l.from);
                at = l.from;
            }
            _ => break,
        }
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Link, Task, Work, schedule};
    use super::*;
    use crate::Date;

    #[test]
    fn the_chain_follows_the_binding_links_back() {
        // A(3) -> B(2) -> M; C(1) -> M. B holds M; A holds B; C has float.
        let fs = |from, to| Link {
            from,
            to,
            kind: DepType::FinishToStart,
            lag: 0,
        };
        let plan = Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks: vec![
                Task::new("A", "A", Work::Duration(3 * 480)),
                Task::new("B", "B", Work::Duration(2 * 480)),
                Task::new("C", "C", Work::Duration(480)),
                Task::new("M", "Alpha", Work::Milestone),
            ],
            links: vec![fs(0, 1), fs(1, 3), fs(2, 3)],
            resources: Vec::new(),
            ms_project_start: false,
            status_date: None,
        };
        let s = schedule(&plan).unwrap();
        assert_eq!(driving_chain(&plan, &s, 3), vec![1, 0]);
        assert_eq!(driving_chain(&plan, &s, 2), Vec::<usize>::new());
    }
}
