//! `callsheet demo`: a small, realistic "Nightjar" production in a local SQLite file,
//! the same every time. The server issue grows it into a full demo that it serves.

use anyhow::Result;
use callsheet_app::input::{ItemRef, LinkRequest, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;
use callsheet_store::Store;
use callsheet_store::query::Page;

/// The password every demo person signs in with.
pub const DEMO_PASSWORD: &str = "nightjar-demo";

/// 2026-08-30 09:00 UTC: the demo's history starts 90 days before its "today".
const START_MS: i64 = 1_788_080_400_000;
const DAY_MS: i64 = 86_400_000;

const PEOPLE: &[(&str, &str, &str, &str)] = &[
    ("maya", "Maya Okafor", "producer", "production"),
    ("theo", "Theo Lindqvist", "producer", "production"),
    ("ines", "Inês Carvalho", "member", "art"),
    ("kofi", "Kofi Mensah", "member", "art"),
    ("hana", "Hana Sato", "member", "animation"),
    ("raj", "Raj Patel", "member", "engineering"),
    ("lena", "Lena Fischer", "member", "engineering"),
    ("omar", "Omar Haddad", "member", "design"),
    ("quinn", "Quinn Murphy", "member", "qa"),
    ("sofia", "Sofía Reyes", "member", "audio"),
    ("mei", "Mei Chen", "viewer", "marketing"),
    ("lumen", "Lumen VFX (vendor)", "vendor", "vfx"),
];

/// Milestones: (title, due).
const MILESTONES: &[(&str, &str)] = &[
    ("Vertical slice", "2026-09-30"),
    ("Alpha", "2027-01-29"),
    ("Beta", "2027-05-28"),
    ("Certification submission", "2027-08-20"),
    ("Launch", "2027-10-15"),
];

/// Epics and their work: (epic, department, [task titles]).
const EPICS: &[(&str, &str, &[&str])] = &[
    (
        "Raven traversal",
        "design",
        &[
            "Glide tuning pass",
            "Wall-run prototype",
            "Ledge grab edge cases",
            "Traversal tutorial beats",
        ],
    ),
    (
        "Hero character",
        "art",
        &[
            "Hero sculpt final",
            "Cape cloth sim",
            "Face rig blendshapes",
            "Hero LOD chain",
            "Armour material pass",
        ],
    ),
    (
        "Combat",
        "engineering",
        &[
            "Parry window timing",
            "Enemy stagger states",
            "Lock-on camera",
            "Combo input buffer",
        ],
    ),
    (
        "Hangar level",
        "art",
        &[
            "Hangar blockout",
            "Hangar lighting bake",
            "Hangar set dressing",
            "Hangar audio ambience",
        ],
    ),
    (
        "Performance",
        "engineering",
        &[
            "Streaming budget for hangar",
            "GPU frame capture review",
            "Memory budget per level",
        ],
    ),
];

const BUGS: &[(&str, &str, &str, &str)] = &[
    (
        "Crash when equipping Raven cape during glide",
        "blocker",
        "highest",
        "engineering",
    ),
    ("Cape clips through shoulder armour", "major", "high", "art"),
    (
        "Z-fighting on hangar floor decals",
        "minor",
        "medium",
        "art",
    ),
    ("Parry sound plays twice", "minor", "low", "audio"),
    (
        "Lock-on loses target behind pillars",
        "major",
        "high",
        "engineering",
    ),
    ("Subtitle overlaps HUD at 4:3", "minor", "medium", "design"),
    (
        "Frame drop to 41 fps entering hangar",
        "critical",
        "highest",
        "engineering",
    ),
    (
        "Missing localisation key in pause menu",
        "trivial",
        "low",
        "localization",
    ),
];

pub async fn run(path: &str, json: bool) -> Result<()> {
    let store = Store::open(path, true).await?;
    store.migrate().await?;
    let app = App::new(store);
    let fresh = app.projects(&Ctx::system(START_MS)).await?.is_empty();
    if fresh {
        seed(&app).await?;
    }
    let now = Ctx::person("maya", START_MS + 90 * DAY_MS);
    let open = app
        .list_items(
            &now,
            Some("NJ"),
            "status.category NOT IN (done, cancelled)",
            Page {
                limit: 1000,
                offset: 0,
            },
        )
        .await?
        .items
        .len();
    let all = app
        .list_items(
            &now,
            Some("NJ"),
            "",
            Page {
                limit: 1000,
                offset: 0,
            },
        )
        .await?
        .items
        .len();
    if json {
        say!(
            "{}",
            serde_json::json!({"database": path, "created": fresh, "project": "NJ", "items": all, "open": open})
        );
        return Ok(());
    }
    say!(
        "{} the Nightjar demo production in {path}: {all} items, {open} open.",
        if fresh { "Created" } else { "Reusing" }
    );
    say!(
        "People (use --as HANDLE): maya and theo (producers), ines (artist), quinn (QA), lumen (a vendor), and {} more.",
        PEOPLE.len() - 5
    );
    say!(
        "Sign-in for the API (`callsheet serve`): any of them with the password {DEMO_PASSWORD:?}."
    );
    say!();
    say!(
        "Try (from a checkout, `callsheet` is target/release/callsheet, or `cargo run --release --`):"
    );
    say!("  callsheet --database-url {path} project show NJ");
    say!(
        "  callsheet --database-url {path} --as maya item list NJ -q 'kind = bug AND status.category != done ORDER BY priority DESC'"
    );
    say!("  callsheet --database-url {path} item list NJ -q 'blocked'");
    say!("  callsheet --database-url {path} item show NJ-7");
    say!("  callsheet --database-url {path} item history NJ-7");
    say!();
    say!("The web UI arrives with `callsheet serve` (see README).");
    Ok(())
}

async fn seed(app: &App) -> Result<()> {
    let at = |day: i64| START_MS + day * DAY_MS;
    let sys = Ctx::system(at(0));
    for (handle, name, _, _) in PEOPLE {
        app.create_person(
            &sys,
            handle,
            name,
            Some(&format!("{handle}@nightjar.example")),
        )
        .await?;
    }
    let maya = Ctx::person("maya", at(0));
    app.create_project(&maya, "NJ", "Nightjar").await?;
    for (handle, _, role, dept) in PEOPLE.iter().skip(1) {
        app.set_member(&maya, "NJ", handle, role, Some(dept))
            .await?;
    }
    app.set_member(&maya, "NJ", "maya", "producer", Some("production"))
        .await?;
    app.add_status(&maya, "NJ", "QA Verify", "review").await?;
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
    let members: Vec<&str> = PEOPLE
        .iter()
        .filter(|p| p.2 == "member")
        .map(|p| p.0)
        .collect();
    let mut batch = Vec::new();
    for (epic, dept, tasks) in EPICS {
        let epic_index = batch.len();
        batch.push(NewItemInput {
            kind: "deliverable".into(),
            title: (*epic).into(),
            department: Some((*dept).into()),
            milestone: Some(ItemRef::Key(milestone_keys[1].clone())),
            ..NewItemInput::default()
        });
        for (n, task) in tasks.iter().enumerate() {
            let start_day = 95 + dice.below(60) as i64;
            let start = jiff::civil::date(2026, 9, 1)
                .checked_add(jiff::Span::new().days(start_day - 60))?;
            let due = start.checked_add(jiff::Span::new().days(5 + dice.below(20) as i64))?;
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
                title: (*task).into(),
                department: Some((*dept).into()),
                assignee: Some(members[dice.below(members.len() as u64) as usize].into()),
                priority: Some(["low", "medium", "medium", "high"][dice.below(4) as usize].into()),
                estimate: Some(format!("{}d", 1 + dice.below(8))),
                start: Some(start.to_string()),
                due: Some(due.to_string()),
                parent: Some(ItemRef::Batch(epic_index)),
                milestone: Some(ItemRef::Key(milestone_keys[1].clone())),
                custom: vec![("Story points".into(), (1 + dice.below(8)).to_string())],
                links,
                ..NewItemInput::default()
            });
        }
    }
    for (title, severity, priority, dept) in BUGS {
        batch.push(NewItemInput {
            kind: "bug".into(),
            title: (*title).into(),
            severity: Some((*severity).into()),
            priority: Some((*priority).into()),
            department: Some((*dept).into()),
            reporter: Some("quinn".into()),
            assignee: Some(members[dice.below(members.len() as u64) as usize].into()),
            labels: if *severity == "blocker" || *severity == "critical" {
                vec!["cert".into(), "ps5".into()]
            } else {
                vec!["playtest".into()]
            },
            custom: vec![(
                "Platform".into(),
                ["PS5", "Xbox Series", "PC", "All"][dice.below(4) as usize].into(),
            )],
            milestone: Some(ItemRef::Key(milestone_keys[1].clone())),
            due: Some(format!(
                "2026-{}-{:02}",
                11 + dice.below(2),
                1 + dice.below(28)
            )),
            ..NewItemInput::default()
        });
    }
    let keys = app.create_items(&maya, "NJ", &batch).await?;

    // Ninety days of work: items move along the workflow, people comment.
    let path = ["To Do", "In Progress", "In Review", "Done"];
    for (i, key) in keys.iter().enumerate() {
        let steps = dice.below(5) as usize;
        let mut day = 5 + dice.below(40) as i64;
        let who = members[i % members.len()];
        for status in path.iter().take(steps) {
            app.move_item(&Ctx::person(who, at(day)), key, status, None)
                .await?;
            day += 1 + dice.below(12) as i64;
        }
        if dice.below(3) == 0 {
            app.comment(
                &Ctx::person("quinn", at(day.min(89))),
                key,
                "Checked on the latest build: still reproduces on PS5 dev kit.",
            )
            .await?;
        }
    }
    // The crash blocks the cape work; the frame drop blocks the hangar lighting.
    let find = |title: &str| {
        batch
            .iter()
            .position(|b| b.title == title)
            .and_then(|i| keys.get(i).cloned())
            .unwrap_or_default()
    };
    let request = LinkRequest::new(
        &find("Crash when equipping Raven cape during glide"),
        "blocks",
        &find("Cape cloth sim"),
    );
    app.link(&Ctx::person("quinn", at(60)), &request, false)
        .await?;
    let request = LinkRequest::new(
        &find("Frame drop to 41 fps entering hangar"),
        "blocks",
        &find("Hangar lighting bake"),
    );
    app.link(&Ctx::person("raj", at(70)), &request, false)
        .await?;
    // The vendor's brief and delivery: the only items Lumen can see.
    let lumen_items = [
        NewItemInput {
            kind: "deliverable".into(),
            title: "Raven cape FX pass (Lumen brief)".into(),
            assignee: Some("lumen".into()),
            department: Some("vfx".into()),
            due: Some("2026-12-18".into()),
            ..NewItemInput::default()
        },
        NewItemInput {
            kind: "deliverable".into(),
            title: "Hangar explosion sim delivery".into(),
            assignee: Some("lumen".into()),
            department: Some("vfx".into()),
            due: Some("2027-01-15".into()),
            ..NewItemInput::default()
        },
    ];
    app.create_items(&Ctx::person("maya", at(75)), "NJ", &lumen_items)
        .await?;
    for (handle, _, _, _) in PEOPLE {
        app.set_password(&sys, handle, DEMO_PASSWORD).await?;
    }
    Ok(())
}
