//! `callsheet demo`: "Nightjar", a console action game 14 months from vertical slice to
//! launch, in a local SQLite file: 28 people in seven departments and two vendor studios,
//! five milestones, epics, about 800 items, links, comments and 90 days of history. The
//! command then serves it.
//!
//! Every date is relative to the day the demo is made, so it always looks like a real
//! production mid-way: the vertical slice shipped, work done before today is done (a few
//! items slipped past their due dates, a handful are blocked), Alpha is at risk with a
//! clear critical chain, and the later milestones have float. The same items and history
//! come out every time; only the calendar under them moves.

use anyhow::Result;
use callsheet_app::input::{ItemRef, LinkRequest, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;

/// The password every demo person signs in with.
pub const DEMO_PASSWORD: &str = "nightjar-demo";

/// The demo's "today" is day 90 of its history.
const TODAY: i64 = 90;
const DAY_MS: i64 = 86_400_000;

/// 09:00 UTC on day 0: ninety days before the day the demo is made.
fn start_ms(now_ms: i64) -> i64 {
    (now_ms.div_euclid(DAY_MS) - TODAY) * DAY_MS + 9 * 3_600_000
}

/// (handle, name, role, department, organisation).
const PEOPLE: &[(&str, &str, &str, &str, &str)] = &[
    ("maya", "Maya Okafor", "producer", "production", ""),
    ("theo", "Theo Lindqvist", "producer", "production", ""),
    ("priya", "Priya Raman", "member", "production", ""),
    ("ines", "Inês Carvalho", "member", "art", ""),
    ("kofi", "Kofi Mensah", "member", "art", ""),
    ("yuki", "Yuki Tanabe", "member", "art", ""),
    ("bram", "Bram de Vries", "member", "art", ""),
    ("hana", "Hana Sato", "member", "animation", ""),
    ("diego", "Diego Fernández", "member", "animation", ""),
    ("raj", "Raj Patel", "member", "engineering", ""),
    ("lena", "Lena Fischer", "member", "engineering", ""),
    ("tomasz", "Tomasz Wójcik", "member", "engineering", ""),
    ("amara", "Amara Nwosu", "member", "engineering", ""),
    ("omar", "Omar Haddad", "member", "design", ""),
    ("sven", "Sven Olsen", "member", "design", ""),
    ("camille", "Camille Laurent", "member", "design", ""),
    ("quinn", "Quinn Murphy", "member", "qa", ""),
    ("ravi", "Ravi Shankar", "member", "qa", ""),
    ("elif", "Elif Yılmaz", "member", "qa", ""),
    ("sofia", "Sofía Reyes", "member", "audio", ""),
    ("noah", "Noah Brennan", "member", "audio", ""),
    ("mei", "Mei Chen", "viewer", "marketing", ""),
    ("gwen", "Gwen Adebayo", "viewer", "production", ""),
    (
        "lumen",
        "Lumen VFX (vendor lead)",
        "vendor",
        "vfx",
        "Lumen VFX",
    ),
    (
        "lumen-jo",
        "Jo Park (Lumen VFX)",
        "vendor",
        "vfx",
        "Lumen VFX",
    ),
    (
        "kite",
        "Kite Audio (vendor lead)",
        "vendor",
        "audio",
        "Kite Audio",
    ),
    (
        "kite-sam",
        "Sam Okoro (Kite Audio)",
        "vendor",
        "audio",
        "Kite Audio",
    ),
    (
        "felix",
        "Felix Grant (executive)",
        "viewer",
        "production",
        "",
    ),
];

/// The logins `demo` prints: one of each kind of user.
pub const LOGINS: [(&str, &str); 5] = [
    (
        "maya",
        "producer: runs the schedule, the board and the reports",
    ),
    ("ines", "artist: her own work, fast"),
    ("quinn", "QA tester: files and verifies bugs"),
    (
        "lumen",
        "vendor (Lumen VFX): sees only Lumen's briefs and deliveries",
    ),
    ("felix", "executive: reads the summaries"),
];

/// Milestones: (title, due day). Alpha, Beta, certification and launch are set again
/// from the schedule once the work is in (see `set_milestone_dates`).
const MILESTONES: &[(&str, i64)] = &[
    ("Vertical slice", 30),
    ("Alpha", 150),
    ("Beta", 270),
    ("Certification submission", 360),
    ("Launch", 420),
];

/// Work that only certification and launch wait for: (title, department, milestone, start day, estimate).
const RELEASE_WORK: &[(&str, &str, usize, i64, &str)] = &[
    ("Submission candidate build", "engineering", 3, 250, "5d"),
    ("TRC compliance pass (PS5)", "qa", 3, 255, "10d"),
    ("XR compliance pass (Xbox Series)", "qa", 3, 255, "10d"),
    ("Age-rating questionnaires", "production", 3, 240, "3d"),
    ("Day-one patch", "engineering", 4, 300, "15d"),
    ("Launch trailer cut", "art", 4, 290, "10d"),
    ("Store page assets", "art", 4, 280, "5d"),
];

/// Epics: (name, lead department, the things it is made of).
const EPICS: &[(&str, &str, &[&str])] = &[
    (
        "Raven traversal",
        "design",
        &[
            "glide",
            "wall-run",
            "ledge grab",
            "grapple",
            "dive bomb",
            "updraft",
        ],
    ),
    (
        "Hero character",
        "art",
        &[
            "hero body",
            "hero cape",
            "hero face",
            "hero armour",
            "hero boots",
        ],
    ),
    (
        "Combat",
        "engineering",
        &[
            "parry",
            "stagger",
            "lock-on",
            "combo buffer",
            "finisher",
            "dodge",
        ],
    ),
    (
        "Enemy roster",
        "animation",
        &[
            "sentinel",
            "brute",
            "swarmling",
            "warden boss",
            "sniper drone",
        ],
    ),
    (
        "Hangar level",
        "art",
        &[
            "hangar floor",
            "hangar catwalks",
            "hangar doors",
            "hangar skybox",
        ],
    ),
    (
        "Cliffside level",
        "art",
        &["cliff path", "lighthouse", "rope bridge", "storm sky"],
    ),
    (
        "Performance",
        "engineering",
        &["streaming", "GPU frame", "memory budget", "load times"],
    ),
    (
        "UI and HUD",
        "design",
        &["HUD", "pause menu", "map screen", "inventory", "subtitles"],
    ),
    (
        "Audio",
        "audio",
        &[
            "combat mix",
            "ambience beds",
            "raven calls",
            "music stingers",
        ],
    ),
    (
        "Platform and cert",
        "engineering",
        &[
            "PS5 trophies",
            "Xbox achievements",
            "save system",
            "suspend resume",
        ],
    ),
    (
        "Cinematics",
        "animation",
        &["opening cinematic", "hangar reveal", "boss intro", "ending"],
    ),
    (
        "Accessibility",
        "design",
        &[
            "colour-blind modes",
            "remappable controls",
            "aim assist",
            "text size",
        ],
    ),
    (
        "Stealth",
        "design",
        &[
            "sight cones",
            "noise meter",
            "hiding spots",
            "takedowns",
            "alert states",
            "search patterns",
        ],
    ),
    (
        "Photo mode",
        "engineering",
        &["free camera", "filters", "depth of field", "pose presets"],
    ),
];

/// Work per thing, by the epic's department: "{verb} {thing}".
fn steps(dept: &str) -> &'static [&'static str] {
    match dept {
        "art" => &[
            "Concept sheet for",
            "Blockout of",
            "High-poly sculpt of",
            "Textures for",
            "LODs for",
            "Lighting pass on",
        ],
        "animation" => &[
            "Mocap cleanup for",
            "Keyframe pass on",
            "Facial animation for",
            "Animation polish on",
            "Blend trees for",
        ],
        "engineering" => &[
            "Prototype",
            "Implement",
            "Profile",
            "Unit tests for",
            "Fix edge cases in",
            "Optimise",
        ],
        "design" => &[
            "Paper design for",
            "Greybox",
            "Tuning pass on",
            "Playtest notes for",
            "Final balance of",
        ],
        _ => &[
            "Temp assets for",
            "Record session for",
            "Mix pass on",
            "Implement",
            "Final master of",
        ],
    }
}

/// How many bugs QA has filed.
const BUGS: usize = 420;

/// Bug symptoms and places: "{symptom} {place}".
const SYMPTOMS: &[(&str, &str)] = &[
    ("Crash when", "blocker"),
    ("Frame drop below 30 fps", "critical"),
    ("Softlock after", "critical"),
    ("Player falls through the world", "major"),
    ("Camera clips through geometry", "major"),
    ("Missing sound", "minor"),
    ("Texture flickers", "minor"),
    ("Z-fighting", "minor"),
    ("Subtitle overlaps HUD", "trivial"),
    ("Wrong localisation key", "trivial"),
];

const PLACES: &[&str] = &[
    "during glide over the hangar",
    "entering the cliffside checkpoint",
    "when parrying the warden boss",
    "in the pause menu",
    "on the rope bridge in rain",
    "after resuming from suspend",
    "at the lighthouse cinematic",
    "while locked on to a sniper drone",
    "loading a save from chapter 2",
    "in the map screen with 4:3 output",
    "with remapped controls",
    "on the hangar catwalks",
];

const PLATFORMS: &[&str] = &["PS5", "Xbox Series", "PC", "All"];

const COMMENTS: &[&str] = &[
    "Checked on the latest build: still reproduces on the PS5 dev kit.",
    "Repro rate is about 1 in 5. Attached a capture to the share.",
    "Fixed in changelist 48213, please verify on the next nightly.",
    "Blocked until the new rig lands from animation.",
    "Discussed at stand-up: keep it in Alpha, it touches the cert checklist.",
    "Looks great in the review session. Two small notes on silhouettes.",
    "Moved the due date: the vendor delivery slipped a week.",
    "Can we split this? The **art** part can go ahead without engineering.",
];

pub async fn run(path: &str, json: bool) -> Result<App> {
    let app = App::open(path, true).await?;
    app.migrate().await?;
    let now_ms = callsheet_web::now_ms();
    let fresh = app.projects(&Ctx::system(now_ms)).await?.is_empty();
    if fresh {
        seed(&app, start_ms(now_ms)).await?;
    }
    let now = Ctx::person("maya", now_ms);
    let counts = app.item_counts(&now, "NJ", "").await?;
    let all: i64 = counts.iter().map(|(_, n)| n).sum();
    let open: i64 = counts
        .iter()
        .filter(|(c, _)| !matches!(c.as_str(), "done" | "cancelled"))
        .map(|(_, n)| n)
        .sum();
    if json {
        say!(
            "{}",
            serde_json::json!({"database": path, "created": fresh, "project": "NJ", "items": all, "open": open})
        );
        return Ok(app);
    }
    say!(
        "{} the Nightjar demo production in {path}: {all} items, {open} open.",
        if fresh { "Created" } else { "Reusing" }
    );
    say!(
        "{} people, among them maya (producer), ines (artist), quinn (QA), lumen and kite (vendors).",
        PEOPLE.len()
    );
    say!("Everyone signs in with the password {DEMO_PASSWORD:?}.");
    say!(
        "From the command line: callsheet --database-url {path} --as maya item list NJ -q 'kind = bug AND status.category != done ORDER BY priority DESC'"
    );
    Ok(app)
}

/// One piece of planned work: what is created, and the moves that make its history.
struct Planned {
    input: NewItemInput,
    /// (day, status), in order.
    moves: Vec<(i64, &'static str)>,
    /// Who moves it.
    who: &'static str,
}

/// The statuses a piece of work has passed through by today, given when it started and
/// finishes: (day, status) for each move.
fn history(start: i64, finish: i64, review_status: &'static str) -> Vec<(i64, &'static str)> {
    let mut moves = vec![((start - 2).max(1), "To Do")];
    if start < TODAY {
        moves.push((start, "In Progress"));
    }
    let review = (finish - 2).max(start + 1);
    if review < TODAY && review < finish {
        moves.push((review, review_status));
    }
    if finish < TODAY {
        moves.push((finish, "Done"));
    }
    moves
}

/// Calendar days a piece of work takes: five working days make a week.
fn calendar_days(working_days: i64) -> i64 {
    working_days + (working_days - 1) / 5 * 2
}

/// A due date for work planned from `start` to `finish`: done work met it or missed it by
/// a little; open work has room, but about one in four items under way has slipped past it.
fn due_for(dice: &mut Dice, start: i64, finish: i64) -> Option<i64> {
    if finish < TODAY {
        return Some(finish + dice.below(4) as i64 - 1);
    }
    if start < TODAY - 1 && dice.below(4) == 0 {
        return Some(TODAY - 1 - dice.below(6) as i64);
    }
    match dice.below(2) {
        0 => Some(finish + 10 + dice.below(30) as i64),
        _ => None,
    }
}

/// The epics' work: each thing an epic is made of goes through its department's steps in
/// order (each depends on the one before). The first thing of the first four epics made
/// the vertical slice; early epics aim at Alpha, later ones at Beta.
fn plan_epics(dice: &mut Dice, day: &dyn Fn(i64) -> String, milestones: &[String]) -> Vec<Planned> {
    let mut planned: Vec<Planned> = Vec::new();
    for (e, (epic, dept, things)) in EPICS.iter().enumerate() {
        let epic_index = planned.len();
        let people = in_dept(dept);
        let epic_milestone = milestones[if e < 7 { 1 } else { 2 }].clone();
        planned.push(Planned {
            input: NewItemInput {
                kind: "deliverable".into(),
                title: (*epic).into(),
                department: Some((*dept).into()),
                milestone: Some(ItemRef::Key(epic_milestone.clone())),
                ..NewItemInput::default()
            },
            moves: vec![(2 + e as i64, "To Do")],
            who: "maya",
        });
        for (t, thing) in things.iter().enumerate() {
            let vertical_slice = t == 0 && e < 4;
            let (milestone, mut at) = if vertical_slice {
                (milestones[0].clone(), 1 + dice.below(3) as i64)
            } else if e < 7 {
                (
                    epic_milestone.clone(),
                    8 + e as i64 * 5 + t as i64 * 9 + dice.below(6) as i64,
                )
            } else {
                (
                    epic_milestone.clone(),
                    80 + (e as i64 - 7) * 14 + t as i64 * 10,
                )
            };
            let who = people[dice.below(people.len() as u64) as usize];
            for (n, step) in steps(dept).iter().enumerate() {
                let estimate = if vertical_slice {
                    1 + dice.below(3)
                } else {
                    2 + dice.below(5)
                } as i64;
                let finish = at + calendar_days(estimate);
                let mut links = Vec::new();
                if n > 0 {
                    links.push(callsheet_app::input::LinkInput {
                        kind: "depends_on".into(),
                        target: ItemRef::Batch(planned.len() - 1),
                        dep_type: None,
                        lag_days: 0,
                    });
                }
                planned.push(Planned {
                    input: NewItemInput {
                        kind: "task".into(),
                        title: format!("{step} {thing}"),
                        department: Some((*dept).into()),
                        assignee: Some(who.into()),
                        priority: Some(
                            ["low", "medium", "medium", "medium", "high", "highest"]
                                [dice.below(6) as usize]
                                .into(),
                        ),
                        estimate: Some(format!("{estimate}d")),
                        start: (at >= TODAY).then(|| day(at)),
                        due: due_for(dice, at, finish).map(day),
                        parent: Some(ItemRef::Batch(epic_index)),
                        milestone: Some(ItemRef::Key(milestone.clone())),
                        custom: vec![("Story points".into(), (1 + dice.below(8)).to_string())],
                        links,
                        ..NewItemInput::default()
                    },
                    moves: history(at, finish, "In Review"),
                    who,
                });
                at = finish + dice.below(2) as i64;
            }
        }
    }
    planned
}

/// The people of a department who are studio members (not vendors or viewers).
fn in_dept(dept: &str) -> Vec<&'static str> {
    PEOPLE
        .iter()
        .filter(|p| p.2 == "member" && p.3 == dept)
        .map(|p| p.0)
        .collect()
}

/// QA's bugs: found over the ninety days and mostly fixed within two weeks, so the open
/// ones are the recent ones; cert blockers go to Alpha.
fn plan_bugs(dice: &mut Dice, day: &dyn Fn(i64) -> String, alpha: &str) -> Vec<Planned> {
    let testers = in_dept("qa");
    (0..BUGS)
        .map(|n| {
            let (symptom, severity) = SYMPTOMS[dice.below(SYMPTOMS.len() as u64) as usize];
            let place = PLACES[dice.below(PLACES.len() as u64) as usize];
            let platform = PLATFORMS[dice.below(PLATFORMS.len() as u64) as usize];
            let dept =
                ["engineering", "art", "design", "audio", "animation"][dice.below(5) as usize];
            let people = in_dept(dept);
            let who = people[dice.below(people.len() as u64) as usize];
            let found = 3 + (n as i64 * 86) / BUGS as i64;
            let fixed = found + 2 + dice.below(if severity == "minor" { 30 } else { 14 }) as i64;
            let mut moves = history(found + 1, fixed, "QA Verify");
            moves[0].0 = found;
            let due = if fixed < TODAY {
                Some(found + 14)
            } else if dice.below(2) == 0 {
                Some(TODAY - 1 - dice.below(5) as i64)
            } else {
                Some(found + 21 + dice.below(30) as i64)
            };
            Planned {
                input: NewItemInput {
                    kind: "bug".into(),
                    title: format!("{symptom} {place} ({platform})"),
                    severity: Some(severity.into()),
                    priority: Some(
                        match severity {
                            "blocker" => "highest",
                            "critical" => "high",
                            "major" => ["high", "medium"][dice.below(2) as usize],
                            _ => ["medium", "low", "lowest"][dice.below(3) as usize],
                        }
                        .into(),
                    ),
                    department: Some(dept.into()),
                    reporter: Some(testers[n % testers.len()].into()),
                    assignee: Some(who.into()),
                    labels: match severity {
                        "blocker" | "critical" => vec![
                            "cert".into(),
                            platform.to_ascii_lowercase().replace(' ', "-"),
                        ],
                        _ => vec!["playtest".into()],
                    },
                    custom: vec![("Platform".into(), platform.into())],
                    milestone: Some(ItemRef::Key(alpha.into())),
                    estimate: Some(format!("{}d", 1 + dice.below(2))),
                    due: due.map(day),
                    ..NewItemInput::default()
                },
                moves,
                who,
            }
        })
        .collect()
}

/// What certification and launch wait for, all ahead.
fn plan_release(day: &dyn Fn(i64) -> String, milestones: &[String]) -> Vec<Planned> {
    RELEASE_WORK
        .iter()
        .map(|(title, dept, milestone, start, estimate)| Planned {
            input: NewItemInput {
                kind: "task".into(),
                title: (*title).into(),
                department: Some((*dept).into()),
                estimate: Some((*estimate).into()),
                start: Some(day(*start)),
                milestone: Some(ItemRef::Key(milestones[*milestone].clone())),
                ..NewItemInput::default()
            },
            moves: vec![(85, "To Do")],
            who: "maya",
        })
        .collect()
}

async fn seed(app: &App, start_ms: i64) -> Result<()> {
    let at = |day: i64| start_ms + day * DAY_MS;
    let day0 = callsheet_core::utc_date(start_ms);
    let day = move |d: i64| -> String {
        day0.checked_add(jiff::Span::new().days(d))
            .map_or_else(|_| day0.to_string(), |date| date.to_string())
    };
    let sys = Ctx::system(at(0));
    for (handle, name, _, _, org) in PEOPLE {
        app.create_person(
            &sys,
            handle,
            name,
            Some(&format!("{handle}@nightjar.example")),
        )
        .await?;
        if !org.is_empty() {
            app.set_organisation(&sys, handle, Some(org)).await?;
        }
    }
    app.set_studio_role(&sys, "maya", "producer").await?;
    let maya = Ctx::person("maya", at(0));
    app.create_project(&maya, "NJ", "Nightjar").await?;
    for (handle, _, role, dept, _) in PEOPLE.iter().skip(1) {
        app.set_member(&maya, "NJ", handle, role, Some(dept))
            .await?;
    }
    app.set_member(&maya, "NJ", "maya", "producer", Some("production"))
        .await?;
    app.add_status(&maya, "NJ", "QA Verify", "review").await?;
    app.set_wip_limit(&maya, "NJ", "In Progress", Some(150))
        .await?;
    app.set_wip_limit(&maya, "NJ", "In Review", Some(140))
        .await?;
    app.define_field(
        &maya,
        "NJ",
        "Platform",
        "enum",
        Some("PS5,Xbox Series,PC,All"),
    )
    .await?;
    app.define_field(&maya, "NJ", "Story points", "number", None)
        .await?;

    let milestones: Vec<NewItemInput> = MILESTONES
        .iter()
        .map(|(title, due)| NewItemInput {
            kind: "milestone".into(),
            title: (*title).into(),
            due: Some(day(*due)),
            ..NewItemInput::default()
        })
        .collect();
    let milestone_keys = app.create_items(&maya, "NJ", &milestones).await?;

    let mut dice = Dice::new(0x5EED_CA11);
    let mut planned = plan_epics(&mut dice, &day, &milestone_keys);
    planned.extend(plan_bugs(&mut dice, &day, &milestone_keys[1]));
    planned.extend(plan_release(&day, &milestone_keys));
    let batch: Vec<NewItemInput> = planned.iter().map(|p| p.input.clone()).collect();
    let keys = app.create_items(&maya, "NJ", &batch).await?;
    replay_history(app, &at, &planned, &keys, &mut dice).await?;
    // The vertical slice shipped on time.
    app.move_item(
        &Ctx::person("maya", at(MILESTONES[0].1 - 2)),
        &milestone_keys[0],
        "Done",
        None,
    )
    .await?;
    block_a_handful(app, &at, &planned, &keys).await?;
    vendor_work(app, &at, &day, &milestone_keys).await?;
    set_milestone_dates(app, &at, &day, &milestone_keys).await?;
    crate::demo_strings::seed(
        app,
        &Ctx::person("maya", at(70)),
        &Ctx::person("quinn", at(72)),
        &Ctx::person("maya", at(85)),
    )
    .await?;
    for (handle, _, _, _, _) in PEOPLE {
        app.set_password(&sys, handle, DEMO_PASSWORD).await?;
    }
    Ok(())
}

/// Ninety days of work: items move along the workflow on the days the plan says, and
/// people comment. Moves made by one person on one day to one status are saved together,
/// as a team would.
async fn replay_history(
    app: &App,
    at: &dyn Fn(i64) -> i64,
    planned: &[Planned],
    keys: &[String],
    dice: &mut Dice,
) -> Result<()> {
    let mut moves: std::collections::BTreeMap<(i64, &str, &str), Vec<String>> =
        std::collections::BTreeMap::new();
    let mut comments = Vec::new();
    for (p, key) in planned.iter().zip(keys) {
        for (d, status) in &p.moves {
            if *d < TODAY {
                moves
                    .entry((*d, p.who, status))
                    .or_default()
                    .push(key.clone());
            }
        }
        if dice.below(4) == 0 {
            let last = p
                .moves
                .last()
                .map_or(TODAY - 1, |m| m.0)
                .clamp(1, TODAY - 1);
            let author = ["quinn", "ravi", "elif", "maya", "theo", p.who][dice.below(6) as usize];
            let text = COMMENTS[dice.below(COMMENTS.len() as u64) as usize];
            comments.push((last, author, key.clone(), text));
        }
    }
    for ((d, who, status), keys) in &moves {
        let patch = callsheet_app::input::ItemPatch {
            status: Some((*status).to_string()),
            ..Default::default()
        };
        // Each item's moves follow the workflow in order, so none is refused.
        app.update_items(&Ctx::person(who, at(*d)), keys, &patch)
            .await?;
    }
    comments.sort_by_key(|c| c.0);
    for (d, author, key, text) in comments {
        app.comment(&Ctx::person(author, at(d)), &key, text).await?;
    }
    Ok(())
}

/// A handful of open bugs block open work, as they do.
async fn block_a_handful(
    app: &App,
    at: &dyn Fn(i64) -> i64,
    planned: &[Planned],
    keys: &[String],
) -> Result<()> {
    let open = |p: &Planned| p.moves.last().is_some_and(|m| m.1 != "Done");
    let bugs: Vec<&String> = planned
        .iter()
        .zip(keys)
        .filter(|(p, _)| {
            p.input.kind == "bug" && open(p) && p.input.severity.as_deref() != Some("minor")
        })
        .map(|(_, k)| k)
        .collect();
    let work: Vec<&String> = planned
        .iter()
        .zip(keys)
        .filter(|(p, _)| p.input.kind == "task" && open(p))
        .map(|(_, k)| k)
        .collect();
    for n in 0..6 {
        let (Some(bug), Some(task)) = (bugs.get(n * 3), work.get(n * 17)) else {
            break;
        };
        let request = LinkRequest::new(bug, "blocks", task);
        app.link(&Ctx::person("quinn", at(80 + n as i64)), &request, false)
            .await?;
    }
    Ok(())
}

/// The vendors' briefs and deliveries: the only items each studio can see.
async fn vendor_work(
    app: &App,
    at: &dyn Fn(i64) -> i64,
    day: &dyn Fn(i64) -> String,
    milestones: &[String],
) -> Result<()> {
    let briefs = [
        ("Raven cape FX pass (Lumen brief)", "lumen", "vfx", 108),
        ("Hangar explosion sim delivery", "lumen-jo", "vfx", 126),
        ("Storm sky volumetrics (Lumen brief)", "lumen", "vfx", 146),
        ("Warden boss death FX delivery", "lumen-jo", "vfx", 181),
        ("Combat foley pack (Kite brief)", "kite", "audio", 101),
        ("Raven call variations delivery", "kite-sam", "audio", 133),
        ("Cliffside ambience beds (Kite brief)", "kite", "audio", 160),
    ];
    let items: Vec<NewItemInput> = briefs
        .iter()
        .map(|(title, who, dept, due)| NewItemInput {
            kind: "deliverable".into(),
            title: (*title).into(),
            assignee: Some((*who).into()),
            reporter: Some("theo".into()),
            department: Some((*dept).into()),
            estimate: Some("10d".into()),
            due: Some(day(*due)),
            milestone: Some(ItemRef::Key(
                milestones[if *due < 150 { 1 } else { 2 }].clone(),
            )),
            ..NewItemInput::default()
        })
        .collect();
    app.create_items(&Ctx::person("theo", at(75)), "NJ", &items)
        .await?;
    Ok(())
}

/// Sets the milestones' dates from the schedule the work makes: Alpha is due three working
/// days before its forecast (at risk, with a critical chain to show), Beta and
/// certification a month after theirs, and launch is fixed some weeks after the last work.
async fn set_milestone_dates(
    app: &App,
    at: &dyn Fn(i64) -> i64,
    day: &dyn Fn(i64) -> String,
    milestones: &[String],
) -> Result<()> {
    let maya = Ctx::person("maya", at(86));
    let schedule = app.project_schedule(&maya, "NJ").await?;
    let forecast = |key: &str| -> Option<jiff::civil::Date> {
        let line = schedule.lines.iter().find(|l| l.key == key)?;
        line.finish.get(..10)?.parse().ok()
    };
    let shifted = |date: jiff::civil::Date, days: i64| {
        date.checked_add(jiff::Span::new().days(days))
            .map_or_else(|_| date.to_string(), |d| d.to_string())
    };
    let latest = schedule
        .lines
        .iter()
        .filter_map(|l| l.finish.get(..10)?.parse::<jiff::civil::Date>().ok())
        .max();
    let plans = [
        (1, forecast(&milestones[1]).map(|d| shifted(d, -4)), None),
        (2, forecast(&milestones[2]).map(|d| shifted(d, 30)), None),
        (3, forecast(&milestones[3]).map(|d| shifted(d, 25)), None),
        (
            4,
            latest.map(|d| shifted(d, 45)),
            latest.map(|d| shifted(d, 45)),
        ),
    ];
    for (index, due, start) in plans {
        let patch = callsheet_app::input::ItemPatch {
            due: Some(due.unwrap_or_else(|| day(MILESTONES[index].1))),
            start,
            ..Default::default()
        };
        app.update_item(&maya, &milestones[index], &patch).await?;
    }
    Ok(())
}
