//! `callsheet demo`: "Nightjar", a console action game 14 months from vertical slice to
//! launch, in a local SQLite file, the same every time: 28 people in seven departments
//! and two vendor studios, milestones, epics, about 800 items, links, comments and 90
//! days of history. The command then serves it.

use anyhow::Result;
use callsheet_app::input::{ItemRef, LinkRequest, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;

/// The password every demo person signs in with.
pub const DEMO_PASSWORD: &str = "nightjar-demo";

/// 2026-08-30 09:00 UTC: the demo's history starts 90 days before its "today".
const START_MS: i64 = 1_788_080_400_000;
const DAY_MS: i64 = 86_400_000;

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

/// Milestones: (title, due).
const MILESTONES: &[(&str, &str)] = &[
    ("Vertical slice", "2026-09-30"),
    ("Alpha", "2027-01-29"),
    ("Beta", "2027-05-28"),
    ("Certification submission", "2027-08-20"),
    ("Launch", "2027-10-15"),
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
    let fresh = app.projects(&Ctx::system(START_MS)).await?.is_empty();
    if fresh {
        seed(&app).await?;
    }
    let now = Ctx::person("maya", START_MS + 90 * DAY_MS);
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

async fn seed(app: &App) -> Result<()> {
    let at = |day: i64| START_MS + day * DAY_MS;
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
            due: Some((*due).into()),
            ..NewItemInput::default()
        })
        .collect();
    let milestone_keys = app.create_items(&maya, "NJ", &milestones).await?;

    let mut dice = Dice::new(0x5EED_CA11);
    let in_dept = |dept: &str| -> Vec<&'static str> {
        PEOPLE
            .iter()
            .filter(|p| p.2 == "member" && p.3 == dept)
            .map(|p| p.0)
            .collect()
    };
    let members: Vec<&str> = PEOPLE
        .iter()
        .filter(|p| p.2 == "member")
        .map(|p| p.0)
        .collect();
    let day = |d: i64| -> Result<String> {
        Ok(jiff::civil::date(2026, 8, 30)
            .checked_add(jiff::Span::new().days(d))?
            .to_string())
    };
    let mut batch = Vec::new();
    for (e, (epic, dept, things)) in EPICS.iter().enumerate() {
        let epic_index = batch.len();
        // Early epics aim at Alpha, later ones at Beta.
        let milestone = milestone_keys[if e < 7 { 1 } else { 2 }].clone();
        batch.push(NewItemInput {
            kind: "deliverable".into(),
            title: (*epic).into(),
            department: Some((*dept).into()),
            milestone: Some(ItemRef::Key(milestone.clone())),
            ..NewItemInput::default()
        });
        let people = in_dept(dept);
        for thing in *things {
            for (n, step) in steps(dept).iter().enumerate() {
                let start_day = 10 + (e as i64) * 6 + (n as i64) * 9 + dice.below(20) as i64;
                let mut links = Vec::new();
                if n > 0 {
                    links.push(callsheet_app::input::LinkInput {
                        kind: "depends_on".into(),
                        target: ItemRef::Batch(batch.len() - 1),
                        dep_type: None,
                        lag_days: 0,
                    });
                }
                batch.push(NewItemInput {
                    kind: "task".into(),
                    title: format!("{step} {thing}"),
                    department: Some((*dept).into()),
                    assignee: Some(people[dice.below(people.len() as u64) as usize].into()),
                    priority: Some(
                        ["low", "medium", "medium", "medium", "high", "highest"]
                            [dice.below(6) as usize]
                            .into(),
                    ),
                    estimate: Some(format!("{}d", 1 + dice.below(8))),
                    start: Some(day(start_day)?),
                    due: Some(day(start_day + 4 + dice.below(18) as i64)?),
                    parent: Some(ItemRef::Batch(epic_index)),
                    milestone: Some(ItemRef::Key(milestone.clone())),
                    custom: vec![("Story points".into(), (1 + dice.below(8)).to_string())],
                    links,
                    ..NewItemInput::default()
                });
            }
        }
    }
    let testers = in_dept("qa");
    for n in 0..BUGS {
        let (symptom, severity) = SYMPTOMS[dice.below(SYMPTOMS.len() as u64) as usize];
        let place = PLACES[dice.below(PLACES.len() as u64) as usize];
        let platform = PLATFORMS[dice.below(PLATFORMS.len() as u64) as usize];
        let dept = ["engineering", "art", "design", "audio", "animation"][dice.below(5) as usize];
        let people = in_dept(dept);
        let found = 5 + dice.below(85) as i64;
        batch.push(NewItemInput {
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
            assignee: Some(people[dice.below(people.len() as u64) as usize].into()),
            labels: match severity {
                "blocker" | "critical" => vec![
                    "cert".into(),
                    platform.to_ascii_lowercase().replace(' ', "-"),
                ],
                _ => vec!["playtest".into()],
            },
            custom: vec![("Platform".into(), platform.into())],
            milestone: Some(ItemRef::Key(milestone_keys[1].clone())),
            due: Some(day(found + 7 + dice.below(21) as i64)?),
            ..NewItemInput::default()
        });
    }
    let keys = app.create_items(&maya, "NJ", &batch).await?;

    // Ninety days of work: items move along the workflow, people comment. Moves made
    // by one person on one day to one status are saved together, as a team would.
    let path = ["To Do", "In Progress", "In Review", "Done"];
    let mut moves: std::collections::BTreeMap<(i64, &str, &str), Vec<String>> =
        std::collections::BTreeMap::new();
    let mut comments = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let input = &batch[i];
        let who = input
            .assignee
            .as_deref()
            .and_then(|a| members.iter().find(|m| **m == a).copied())
            .unwrap_or(members[i % members.len()]);
        let mut d = 3 + dice.below(30) as i64;
        let steps = if input.kind == "deliverable" {
            1
        } else {
            // Older work is further along.
            (dice.below(5) as usize).min(4)
        };
        for status in path.iter().take(steps) {
            if d > 89 {
                break;
            }
            moves.entry((d, who, status)).or_default().push(key.clone());
            d += 1 + dice.below(15) as i64;
        }
        if dice.below(4) == 0 {
            let author = ["quinn", "ravi", "elif", "maya", "theo", who][dice.below(6) as usize];
            let text = COMMENTS[dice.below(COMMENTS.len() as u64) as usize];
            comments.push((d.min(89), author, key.clone(), text));
        }
    }
    for ((d, who, status), keys) in &moves {
        let patch = callsheet_app::input::ItemPatch {
            status: Some((*status).to_string()),
            ..Default::default()
        };
        // A move the workflow refuses for one item would refuse the lot; each day's
        // moves follow the path in order, so none is refused.
        app.update_items(&Ctx::person(who, at(*d)), keys, &patch)
            .await?;
    }
    for (d, author, key, text) in comments {
        app.comment(&Ctx::person(author, at(d)), &key, text).await?;
    }
    // Some bugs block work, as they do.
    let bug_start = keys.len() - BUGS;
    for n in 0..40 {
        let bug = &keys[bug_start + (n * 7) % BUGS];
        let task = &keys[milestone_keys.len() + (n * 13) % (bug_start - milestone_keys.len())];
        let request = LinkRequest::new(bug, "blocks", task);
        // A pair may repeat; an existing link is left as it is.
        let _ = app
            .link(
                &Ctx::person("quinn", at(60 + n as i64 % 30)),
                &request,
                false,
            )
            .await;
    }
    // The vendors' briefs and deliveries: the only items each studio can see.
    let vendor_items: Vec<NewItemInput> = [
        (
            "Raven cape FX pass (Lumen brief)",
            "lumen",
            "vfx",
            "2026-12-18",
        ),
        (
            "Hangar explosion sim delivery",
            "lumen-jo",
            "vfx",
            "2027-01-15",
        ),
        (
            "Storm sky volumetrics (Lumen brief)",
            "lumen",
            "vfx",
            "2027-02-05",
        ),
        (
            "Warden boss death FX delivery",
            "lumen-jo",
            "vfx",
            "2027-03-12",
        ),
        (
            "Combat foley pack (Kite brief)",
            "kite",
            "audio",
            "2026-12-11",
        ),
        (
            "Raven call variations delivery",
            "kite-sam",
            "audio",
            "2027-01-22",
        ),
        (
            "Cliffside ambience beds (Kite brief)",
            "kite",
            "audio",
            "2027-02-19",
        ),
    ]
    .iter()
    .map(|(title, who, dept, due)| NewItemInput {
        kind: "deliverable".into(),
        title: (*title).into(),
        assignee: Some((*who).into()),
        reporter: Some("theo".into()),
        department: Some((*dept).into()),
        due: Some((*due).into()),
        milestone: Some(ItemRef::Key(milestone_keys[1].clone())),
        ..NewItemInput::default()
    })
    .collect();
    app.create_items(&Ctx::person("theo", at(75)), "NJ", &vendor_items)
        .await?;
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
