//! The scheduler alone (no file parsing or printing) on generated plans of 20,000 and
//! 100,000 tasks with about 1.4 links each: work packages under summaries, in parallel
//! streams, finish-to-start and start-to-start links with lags, a Mon-Fri calendar.
//! `cargo bench -p callsheet-core --bench schedule`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use callsheet_core::Date;
use callsheet_core::dice::Dice;
use callsheet_core::item::DepType;
use callsheet_core::schedule::{Calendar, Link, Plan, Task, Work, schedule};
use criterion::{Criterion, criterion_group, criterion_main};

fn plan(n: usize) -> Plan {
    let mut dice = Dice::new(7);
    let streams = (n / 500).max(4);
    let mut tasks = Vec::new();
    let mut links = Vec::new();
    let mut packages: Vec<Vec<usize>> = Vec::new();
    let mut made = 0;
    while made < n {
        let wp = tasks.len();
        tasks.push(Task::new(&format!("wp{wp}"), "package", Work::Milestone));
        let mut members = Vec::new();
        let earlier = packages
            .len()
            .checked_sub(streams)
            .map(|k| packages[k].clone());
        for _ in 0..(5 + dice.below(21)) {
            if made >= n {
                break;
            }
            made += 1;
            let i = tasks.len();
            let mut t = Task::new(
                &format!("t{i}"),
                "task",
                Work::Duration((1 + dice.below(10) as i64) * 480),
            );
            t.parent = Some(wp);
            tasks.push(t);
            for _ in 0..(1 + dice.below(2)) {
                let pool: &[usize] = match &earlier {
                    Some(e) if dice.below(10) < 3 || members.is_empty() => e,
                    _ => &members,
                };
                if pool.is_empty() {
                    continue;
                }
                let from = pool[dice.below(pool.len() as u64) as usize];
                let kind = if dice.below(2) == 0 {
                    DepType::FinishToStart
                } else {
                    DepType::StartToStart
                };
                links.push(Link {
                    from,
                    to: i,
                    kind,
                    lag: dice.below(3) as i64 * 480,
                });
            }
            members.push(i);
        }
        packages.push(members);
    }
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

fn bench(c: &mut Criterion) {
    for n in [20_000, 100_000] {
        let p = plan(n);
        eprintln!("{n}: {} tasks, {} links", p.tasks.len(), p.links.len());
        c.bench_function(&format!("schedule {n} tasks"), |b| {
            b.iter(|| schedule(&p).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
