//! The binary as a script would use it: exit codes, messages, `--json`, imports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use std::path::PathBuf;
use std::process::{Command, Output};

struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("callsheet-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self { dir }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_callsheet"))
            .current_dir(&self.dir)
            .env_remove("CALLSHEET_DATABASE_URL")
            .env_remove("CALLSHEET_USER")
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs and expects success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects failure with `code`; returns stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.dir.join(name), text).unwrap();
        name.to_string()
    }

    /// A database with a project NJ, a producer pat and an artist ada.
    fn seeded(name: &str) -> Self {
        let s = Self::new(name);
        s.ok(&["init"]);
        s.ok(&[
            "person",
            "create",
            "pat",
            "--name",
            "Pat Producer",
            "--studio-role",
            "producer",
        ]);
        s.ok(&["person", "create", "ada", "--name", "Ada Artist"]);
        s.ok(&["--as", "pat", "project", "create", "NJ", "Nightjar"]);
        s.ok(&[
            "--as",
            "pat",
            "member",
            "add",
            "NJ",
            "ada",
            "--role",
            "member",
            "--department",
            "art",
        ]);
        s
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn init_creates_the_default_database_and_migrate_is_idempotent() {
    let s = Sandbox::new("init");
    let out = s.ok(&["init"]);
    assert!(
        out.contains("Database ready at callsheet-data/callsheet.db"),
        "{out}"
    );
    assert!(s.dir.join("callsheet-data/callsheet.db").exists());
    let latest = callsheet_app::latest_schema_version();
    assert!(
        s.ok(&["migrate"])
            .contains(&format!("Already at schema version {latest}"))
    );
    let err = s.fails(1, &["--database-url", "nowhere/else.db", "project", "list"]);
    assert!(err.contains("run `callsheet init` first"), "{err}");
    std::fs::create_dir_all(s.dir.join("empty")).unwrap();
    std::fs::write(s.dir.join("empty/x.db"), b"").unwrap();
    let err = s.fails(1, &["--database-url", "empty/x.db", "project", "list"]);
    assert!(
        err.contains(&format!(
            "is at schema version 0; this callsheet needs {latest}: run `callsheet migrate` first"
        )),
        "{err}"
    );
}

#[test]
fn a_producer_files_edits_and_finds_work() {
    let s = Sandbox::seeded("work");
    let out = s.ok(&[
        "--as",
        "pat",
        "item",
        "create",
        "NJ",
        "--kind",
        "bug",
        "--title",
        "Cape clips through armour",
        "--priority",
        "high",
        "--severity",
        "major",
        "--assignee",
        "ada",
        "--label",
        "cert",
        "--due",
        "2026-12-01",
    ]);
    assert_eq!(out.trim(), "Created NJ-1: Cape clips through armour");
    s.ok(&["--as", "ada", "item", "move", "NJ-1", "In Progress"]);
    s.ok(&[
        "--as",
        "ada",
        "item",
        "comment",
        "NJ-1",
        "Fixed the weights.",
    ]);
    s.ok(&[
        "--as",
        "pat",
        "item",
        "create",
        "NJ",
        "--title",
        "Ship the cape",
    ]);
    s.ok(&[
        "--as",
        "pat",
        "item",
        "link",
        "NJ-2",
        "depends_on",
        "NJ-1",
        "--dep-type",
        "ss",
        "--lag",
        "-1",
    ]);
    let list = s.ok(&[
        "--as",
        "ada",
        "item",
        "list",
        "NJ",
        "-q",
        "assignee = me() AND label = cert",
    ]);
    assert!(list.starts_with("KEY   KIND  STATUS       PRIORITY  ASSIGNEE  DUE         TITLE\nNJ-1  bug   In Progress  high      ada       2026-12-01  Cape clips"), "{list}");
    let blocked = s.ok(&["item", "list", "NJ", "-q", "blocked"]);
    assert!(
        blocked.contains("No items match"),
        "NJ-2 waits its turn: {blocked}"
    );
    s.ok(&["--as", "pat", "item", "move", "NJ-2", "In Progress"]);
    let blocked = s.ok(&["item", "list", "NJ", "-q", "blocked"]);
    assert!(
        blocked.contains("NJ-2") && !blocked.contains("NJ-1 "),
        "under way before what it depends on is done: {blocked}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["--json", "item", "show", "NJ-2"])).unwrap();
    assert_eq!(json["key"], "NJ-2");
    assert_eq!(json["links"][0]["dep_type"], "ss");
    assert_eq!(json["links"][0]["lag_days"], -1);
    let card = s.ok(&["item", "show", "NJ-1"]);
    assert!(card.contains("is needed by NJ-2 [SS -1d]"), "{card}");
    assert!(card.contains("Fixed the weights."), "{card}");
    let history = s.ok(&["item", "history", "NJ-1"]);
    assert!(
        history.contains("ada  moved\n    status: Backlog -> In Progress"),
        "{history}"
    );
}

#[test]
fn bad_input_gets_one_clear_message_and_a_stable_exit_code() {
    let s = Sandbox::seeded("bad");
    s.ok(&[
        "--as",
        "pat",
        "item",
        "create",
        "NJ",
        "--title",
        "Light the hangar",
    ]);
    s.ok(&[
        "item",
        "update",
        "NJ-1",
        "--title",
        "Light the hangar at dusk",
        "--if-version",
        "1",
    ]);
    let err = s.fails(
        5,
        &[
            "item",
            "update",
            "NJ-1",
            "--title",
            "Mine",
            "--if-version",
            "1",
        ],
    );
    assert!(
        err.contains(
            "NJ-1 was changed by someone else since you read it (you had version 1, it is now at 2)"
        ),
        "{err}"
    );
    assert_eq!(
        s.fails(3, &["item", "show", "NJ-9"]).trim(),
        "error: no item \"NJ-9\""
    );
    assert_eq!(
        s.fails(3, &["item", "list", "ZZ"]).trim(),
        "error: no project \"ZZ\""
    );
    let err = s.fails(
        4,
        &["item", "list", "NJ", "-q", "priority >= high AND due >="],
    );
    assert_eq!(
        err.trim(),
        "error: query: expected a value after '>=' at 1:28"
    );
    let err = s.fails(
        4,
        &[
            "item",
            "create",
            "NJ",
            "--title",
            "x",
            "--field",
            "Budget=12",
        ],
    );
    assert!(
        err.contains("field: \"Budget\" is not valid: NJ has no such field"),
        "{err}"
    );
    s.ok(&["field", "add", "NJ", "Budget", "--type", "number"]);
    let err = s.fails(4, &["item", "update", "NJ-1", "--field", "Budget=lots"]);
    assert_eq!(
        err.trim(),
        "error: Budget: \"lots\" is not valid: expected a number"
    );
    let err = s.fails(4, &["item", "update", "NJ-1", "--parent", "NJ-1"]);
    assert!(err.contains("makes a cycle (NJ-1 -> NJ-1)"), "{err}");
    assert!(
        s.fails(5, &["project", "create", "NJ", "Again"])
            .contains("already exists")
    );
    let err = s.fails(2, &["item", "frobnicate"]);
    assert!(err.contains("unrecognized subcommand"), "{err}");
    // None of the refused changes reached the log.
    let history = s.ok(&["--json", "item", "history", "NJ-1"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&history)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn imports_are_all_or_nothing_and_point_at_the_bad_line() {
    let s = Sandbox::seeded("import");
    let bad_json = s.write(
        "bad.jsonl",
        "{\"title\":\"Epic\"}\n{\"title\":\"Child\",\"parent\":\"#1\",\"priority\":5}\n",
    );
    let err = s.fails(4, &["item", "import", "NJ", &bad_json]);
    assert_eq!(
        err.trim(),
        "error: bad.jsonl:2:43: invalid type: integer `5`, expected a string"
    );
    let bad_value = s.write(
        "value.jsonl",
        "{\"title\":\"Epic\"}\n\n{\"title\":\"Child\",\"assignee\":\"zed\"}\n",
    );
    let err = s.fails(4, &["item", "import", "NJ", &bad_value]);
    assert_eq!(
        err.trim(),
        "error: value.jsonl:3:1: assignee: \"zed\" is not valid: zed is not a member of NJ (nothing was imported)"
    );
    assert_eq!(s.ok(&["item", "list", "NJ"]).trim(), "No items match.");
    let good = s.write(
        "good.jsonl",
        "{\"kind\":\"deliverable\",\"title\":\"Hangar level\"}\n{\"title\":\"Blockout\",\"parent\":\"#1\",\"assignee\":\"ada\",\"labels\":[\"level\"]}\n{\"title\":\"Lighting\",\"parent\":\"#1\",\"links\":[{\"type\":\"depends_on\",\"to\":\"#2\"}]}\n",
    );
    assert_eq!(
        s.ok(&["item", "import", "NJ", &good]).trim(),
        "Created 3 items, NJ-1 to NJ-3."
    );
    let children = s.ok(&["item", "list", "NJ", "-q", "parent = NJ-1 ORDER BY key"]);
    assert_eq!(children.lines().count(), 3, "{children}");
}

#[test]
fn workflows_and_projects_read_back() {
    let s = Sandbox::seeded("workflow");
    s.ok(&[
        "workflow",
        "add-status",
        "NJ",
        "QA Verify",
        "--category",
        "review",
    ]);
    s.ok(&["workflow", "forbid", "NJ", "--from", "*", "--to", "Done"]);
    s.ok(&[
        "workflow",
        "allow",
        "NJ",
        "--from",
        "QA Verify",
        "--to",
        "Done",
    ]);
    let shown = s.ok(&["workflow", "show", "NJ"]);
    assert!(
        shown.contains(
            "QA Verify    review       Backlog, To Do, In Progress, In Review, Done, Cancelled"
        ),
        "{shown}"
    );
    s.ok(&["item", "create", "NJ", "--title", "t"]);
    let err = s.fails(4, &["item", "move", "NJ-1", "Done"]);
    assert!(
        err.contains("the workflow does not allow \"Backlog\" -> \"Done\""),
        "{err}"
    );
    let project = s.ok(&["project", "show", "NJ"]);
    assert!(project.contains("ada     member  art"), "{project}");
    assert!(
        project.contains("Kinds: action, bug, deliverable, milestone, request, task"),
        "{project}"
    );
}

#[test]
fn completions_and_help_read_well() {
    let s = Sandbox::new("help");
    let bash = s.ok(&["completions", "bash"]);
    assert!(
        bash.contains("_callsheet()"),
        "bash completion defines its function"
    );
    let help = s.ok(&["--help"]);
    assert!(help.contains("Exit codes: 0 done, 1 failure"), "{help}");
    assert!(help.contains("item") && help.contains("workflow"), "{help}");
    let item_help = s.ok(&["item", "create", "--help"]);
    assert!(item_help.contains("--field <NAME=VALUE>"), "{item_help}");
}

#[test]
fn the_demo_seeds_a_production_once() {
    let s = Sandbox::new("demo");
    let out = s.ok(&["demo", "--no-serve"]);
    assert!(
        out.starts_with("Created the Nightjar demo production in callsheet-demo/callsheet.db"),
        "{out}"
    );
    assert!(out.contains("\"nightjar-demo\""), "{out}");
    let vendor_sees = s.ok(&[
        "--database-url",
        "callsheet-demo/callsheet.db",
        "--as",
        "lumen",
        "item",
        "list",
        "NJ",
    ]);
    assert_eq!(
        vendor_sees.lines().count(),
        5,
        "a header and the four Lumen VFX deliverables, whoever of Lumen has them: {vendor_sees}"
    );
    assert!(
        vendor_sees.contains("Hangar explosion sim delivery"),
        "{vendor_sees}"
    );
    assert!(!vendor_sees.contains("Kite"), "{vendor_sees}");
    let again = s.ok(&["demo", "--no-serve"]);
    assert!(again.starts_with("Reusing"), "{again}");
    let bugs = s.ok(&[
        "--database-url",
        "callsheet-demo/callsheet.db",
        "item",
        "list",
        "NJ",
        "-q",
        "kind = bug AND title ~ \"Crash when\" AND severity = blocker",
    ]);
    assert!(
        bugs.lines().filter(|l| l.contains("Crash when")).count() > 10,
        "{bugs}"
    );

    // A production mid-way, whatever day the demo is made.
    let count = |q: &str| -> usize {
        let out = s.ok(&[
            "--database-url",
            "callsheet-demo/callsheet.db",
            "--as",
            "maya",
            "--json",
            "item",
            "list",
            "NJ",
            "--limit",
            "1000",
            "-q",
            q,
        ]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["items"].as_array().unwrap().len()
    };
    const OPEN: &str = "status.category NOT IN (done, cancelled)";
    let open = count(OPEN);
    let overdue = count(&format!("due < now() AND {OPEN}"));
    let blocked = count(&format!("blocked AND {OPEN}"));
    let critical = count(&format!("critical = true AND {OPEN}"));
    let report = format!("{open} open, {overdue} overdue, {blocked} blocked, {critical} critical");
    assert!(open > 150 && open < 400, "{report}");
    assert!(
        overdue * 100 >= open * 5 && overdue * 100 <= open * 12,
        "5-10% overdue: {report}"
    );
    assert!((3..=12).contains(&blocked), "a handful blocked: {report}");
    assert!(
        critical >= 5 && critical * 100 <= open * 10,
        "a clear critical chain: {report}"
    );
    // Every milestone waits on work; only Alpha is at risk.
    let schedule: serde_json::Value = serde_json::from_str(&s.ok(&[
        "--database-url",
        "callsheet-demo/callsheet.db",
        "--as",
        "maya",
        "--json",
        "project",
        "schedule",
        "NJ",
    ]))
    .unwrap();
    let lines = schedule["lines"].as_array().unwrap();
    for line in lines.iter().filter(|l| l["milestone"] == true) {
        let key = line["key"].as_str().unwrap();
        assert!(
            count(&format!("milestone = {key}")) > 0,
            "{key} waits on work"
        );
        let title = line["title"].as_str().unwrap_or_default();
        let float = line["total_float_days"].as_f64().unwrap();
        match title {
            "Alpha" => assert!(float < 0.0, "Alpha is at risk: {float}"),
            "Beta" | "Certification submission" => assert!(float >= 5.0, "{title}: {float}"),
            _ => {}
        }
    }
    // Ninety days of history: something moved on most days.
    let history = s.ok(&[
        "--database-url",
        "callsheet-demo/callsheet.db",
        "--json",
        "item",
        "history",
        "NJ-200",
    ]);
    assert!(history.contains("\"moved\""), "{history}");
}

#[test]
fn init_creates_a_postgresql_database_when_one_is_configured() {
    let Some(server) = std::env::var("CALLSHEET_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        callsheet_testkit::skip_without(
            "PostgreSQL",
            "set CALLSHEET_TEST_DATABASE_URL=postgres://127.0.0.1:5432/test",
        );
        return;
    };
    let name = format!("callsheet_cli_{}", std::process::id());
    let url = callsheet_testkit::with_database(&server, &name);
    let s = Sandbox::new("postgres");
    let drop_db = || {
        let admin = Command::new("psql")
            .args([
                server.as_str(),
                "-qc",
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ])
            .output();
        drop(admin);
    };
    drop_db();
    s.ok(&["--database-url", &url, "init"]);
    s.ok(&[
        "--database-url",
        &url,
        "person",
        "create",
        "pat",
        "--name",
        "Pat",
        "--studio-role",
        "producer",
    ]);
    s.ok(&[
        "--database-url",
        &url,
        "--as",
        "pat",
        "project",
        "create",
        "NJ",
        "Nightjar",
    ]);
    s.ok(&[
        "--database-url",
        &url,
        "--as",
        "pat",
        "item",
        "create",
        "NJ",
        "--title",
        "Cape",
        "--label",
        "cert",
    ]);
    let listed = s.ok(&[
        "--database-url",
        &url,
        "item",
        "list",
        "NJ",
        "-q",
        "label = cert",
    ]);
    drop_db();
    assert!(listed.contains("NJ-1  task  Backlog"), "{listed}");
}

#[test]
fn admins_create_users_and_people_make_tokens() {
    use std::io::Write;
    let s = Sandbox::seeded("tokens");
    let mut child = Command::new(env!("CARGO_BIN_EXE_callsheet"))
        .current_dir(&s.dir)
        .args(["admin", "create-user", "quinn", "--name", "Quinn QA"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "quinn can now sign in."
    );
    let created: serde_json::Value =
        serde_json::from_str(&s.ok(&["--as", "ada", "--json", "token", "create", "ci"])).unwrap();
    assert!(created["token"].as_str().unwrap().starts_with("cs_t_"));
    let listed = s.ok(&["--as", "ada", "token", "list"]);
    assert!(
        listed.contains("ci") && listed.contains("never") && listed.contains("live"),
        "{listed}"
    );
    let id = created["id"].as_i64().unwrap().to_string();
    assert_eq!(
        s.fails(3, &["--as", "pat", "token", "revoke", &id]).trim(),
        format!("error: no token \"{id}\"")
    );
    s.ok(&["--as", "ada", "token", "revoke", &id]);
    assert!(s.ok(&["--as", "ada", "token", "list"]).contains("revoked"));
    let err = s.fails(
        6,
        &[
            "--as",
            "ada",
            "workflow",
            "add-status",
            "NJ",
            "Polish",
            "--category",
            "review",
        ],
    );
    assert!(
        err.contains("not allowed: a member of NJ cannot change the project's workflow"),
        "{err}"
    );
    // --as acts with that person's studio rights, exactly as the server does.
    let err = s.fails(
        6,
        &["--as", "ada", "project", "create", "XX", "Side project"],
    );
    assert!(
        err.contains("a studio member cannot create projects"),
        "{err}"
    );
    let err = s.fails(
        6,
        &["--as", "pat", "person", "create", "zed", "--name", "Zed"],
    );
    assert!(err.contains("a studio producer cannot add people"), "{err}");
    s.fails(6, &["--as", "ada", "department", "add", "audio"]);
    s.ok(&["--as", "pat", "department", "add", "audio"]);
    s.ok(&["person", "set-role", "ada", "producer"]);
    s.ok(&["--as", "ada", "project", "create", "XX", "Side project"]);
    let people = s.ok(&["person", "list"]);
    assert!(
        people.contains("STUDIO ROLE") && people.contains("producer"),
        "{people}"
    );
}

#[test]
fn schedule_prints_the_critical_path_of_a_plan_file_as_csv() {
    let s = Sandbox::new("schedule");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/vertical-slice.json"
    );
    let out = s.ok(&["schedule", example, "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "id,name,start,finish,total_float_days,critical");
    assert!(
        lines.contains(&"2,Hangar lighting bake,2027-02-08T08:00,2027-02-10T17:00,0,true"),
        "{out}"
    );
    assert!(
        lines.contains(&"4,Streaming budget review,2027-02-05T08:00,2027-02-08T17:00,4,false"),
        "{out}"
    );
    // A bad file names the place and changes nothing; a cycle names its tasks.
    std::fs::write(
        s.dir.join("bad.json"),
        "{\"start\": \"2027-02-01\",\n \"tasks\": [ {\"id\": \"a\", \"duration\": 5} ]}",
    )
    .unwrap();
    let err = s.fails(4, &["schedule", "bad.json"]);
    assert!(err.contains("bad.json:2:"), "{err}");
    std::fs::write(
        s.dir.join("loop.json"),
        r#"{"start":"2027-02-01","tasks":[{"id":"a","after":["b"]},{"id":"b","after":["a"]}]}"#,
    )
    .unwrap();
    let err = s.fails(4, &["schedule", "loop.json"]);
    assert!(err.contains("dependency cycle: b -> a -> b"), "{err}");
    // MS Project XML is read when the file is XML; its mistakes have a line and column.
    std::fs::write(
        s.dir.join("bad.xml"),
        "<Project>\n<StartDate>2027-02-01T08:00:00</StartDate>\n<Tasks>\n  <Task><UID>1</UID><Duration>soon</Duration></Task>\n</Tasks></Project>",
    )
    .unwrap();
    let err = s.fails(4, &["schedule", "bad.xml"]);
    assert!(
        err.contains("bad.xml:4:")
            && err.contains("<Duration> \"soon\" is not a duration like PT40H0M0S"),
        "{err}"
    );
}

/// Runs the real TaskJuggler 3 on a generated plan and checks that every task's start and
/// finish from `callsheet schedule` is the same in working time. Skips with a note when
/// tj3 is not installed (CI installs it).
#[test]
fn schedule_agrees_with_taskjuggler_on_a_generated_plan() {
    let on_path = |p: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(p).is_file()))
    };
    if !on_path("tj3") || !on_path("python3") {
        callsheet_testkit::skip_without("TaskJuggler (tj3)", "apt-get install tj3");
        return;
    }
    let s = Sandbox::new("tj3");
    let bench = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/schedule");
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program)
            .args(args)
            .current_dir(&s.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        "python3",
        &[
            &format!("{bench}/gen_plan.py"),
            "300",
            "plan",
            "--seed",
            "11",
        ],
    );
    run("tj3", &["--silent", "plan.tjp"]);
    let ours = s.ok(&["schedule", "plan.json", "--format", "csv"]);
    std::fs::write(s.dir.join("ours.csv"), ours).unwrap();
    let verdict = run(
        "python3",
        &[
            &format!("{bench}/compare.py"),
            "plan.json",
            "ours.csv",
            "tj3.csv",
        ],
    );
    assert!(
        verdict.starts_with("compared ") && verdict.contains(": 0 differ"),
        "{verdict}"
    );

    // Leveling the same kind of plan, every task effort-driven by one of four people:
    // checked independently (nobody on two tasks at once, every link kept), and finished
    // no later than TaskJuggler's leveled schedule.
    run(
        "python3",
        &[
            &format!("{bench}/gen_plan.py"),
            "300",
            "plan",
            "--seed",
            "11",
            "--people",
            "4",
            "--links",
            "fs",
        ],
    );
    run("tj3", &["--silent", "plan.tjp"]);
    let ours = s.ok(&["schedule", "plan.json", "--level", "--format", "csv"]);
    std::fs::write(s.dir.join("leveled.csv"), ours).unwrap();
    let dir = s.dir.display().to_string();
    let verdict = run(
        "python3",
        &[
            &format!("{bench}/check_level.py"),
            &format!("{dir}/plan.json"),
            &format!("{dir}/leveled.csv"),
            &format!("{dir}/tj3.csv"),
        ],
    );
    assert!(verdict.starts_with("0 violations"), "{verdict}");
    let ratio: f64 = verdict
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|r| r.parse().ok())
        .unwrap();
    assert!(ratio <= 1.0, "later than tj3: {verdict}");
}

/// MS Project interchange against MPXJ, both ways, on a generated plan with all four link
/// types, leads and assignments: a file MPXJ wrote schedules here exactly as MPXJ's own
/// MS Project scheduler does it (dates, float, critical flags), and a file we export
/// schedules in MPXJ exactly as it does here. Skips with a note without MPXJ (CI installs
/// it: `pip install mpxj JPype1`).
#[test]
fn mspdi_round_trips_through_mpxj_with_the_same_dates() {
    let python = |code: &str| {
        std::process::Command::new("python3")
            .args(["-c", code])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !python("import mpxj, jpype") {
        callsheet_testkit::skip_without("MPXJ", "pip install mpxj JPype1 (with Java)");
        return;
    }
    let s = Sandbox::new("mpxj");
    let bench = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/schedule");
    let dir = s.dir.display().to_string();
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program)
            .args(args)
            .current_dir(&s.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        "python3",
        &[
            &format!("{bench}/gen_plan.py"),
            "400",
            "plan",
            "--seed",
            "5",
            "--links",
            "fs,ss,ff,sf",
            "--leads",
            "--people",
            "6",
        ],
    );
    let mpxj = |file: &str, extra: &[&str]| {
        let mut args = vec![
            format!("{bench}/mpxj_schedule.py"),
            format!("{dir}/{file}"),
            "2027-02-01T08:00".to_string(),
            "--uid".to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run("python3", &args)
    };
    let compare = |ours: &str, theirs: &str| {
        std::fs::write(s.dir.join("ours.csv"), ours).unwrap();
        std::fs::write(s.dir.join("theirs.csv"), theirs).unwrap();
        run(
            "python3",
            &[
                &format!("{bench}/compare.py"),
                "plan.json",
                "ours.csv",
                "theirs.csv",
            ],
        )
    };
    // A file MPXJ wrote, scheduled by both.
    let rewritten = format!("{dir}/mpxj.xml");
    let theirs = mpxj("plan.xml", &["--rewrite", &rewritten]);
    let ours = s.ok(&["schedule", "mpxj.xml", "--format", "csv"]);
    let verdict = compare(&ours, &theirs);
    assert!(verdict.starts_with("compared 4"), "{verdict}");
    assert!(verdict.contains(": 0 differ"), "{verdict}");
    // Our export, scheduled by both.
    let exported = s.ok(&["schedule", "plan.json", "--format", "mspdi"]);
    std::fs::write(s.dir.join("exported.xml"), &exported).unwrap();
    let theirs = mpxj("exported.xml", &[]);
    let ours = s.ok(&["schedule", "exported.xml", "--format", "csv"]);
    let verdict = compare(&ours, &theirs);
    assert!(verdict.contains(": 0 differ"), "{verdict}");
    // Milestones: one moment each, where MPXJ puts it (the project's start when nothing
    // comes before; 17:00 after the work before it).
    let gates = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/gates.json"
    );
    let exported = s.ok(&["schedule", gates, "--format", "mspdi"]);
    std::fs::write(s.dir.join("gates.xml"), &exported).unwrap();
    let theirs = run(
        "python3",
        &[
            &format!("{bench}/mpxj_schedule.py"),
            &format!("{dir}/gates.xml"),
            "2025-01-06T08:00",
        ],
    );
    let ours = s.ok(&["schedule", gates, "--format", "csv"]);
    let moments = |csv: &str, name_at: usize| -> Vec<(String, String, String)> {
        csv.lines()
            .skip(1)
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (
                    f[name_at].to_string(),
                    f[name_at + 1].to_string(),
                    f[name_at + 2].to_string(),
                )
            })
            .collect()
    };
    let (ours, theirs) = (moments(&ours, 1), moments(&theirs, 0));
    assert_eq!(ours, theirs);
    for (name, start, finish) in &ours {
        if name.contains("review") || name == "Kick-off" || name == "Ship" {
            assert_eq!(start, finish, "{name}");
        }
    }
}

#[test]
fn schedule_level_delays_work_until_nobody_is_over_allocated() {
    let s = Sandbox::new("level");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/crunch.json"
    );
    // Without leveling Inês has two tasks at once; Kofi's day off already pauses his.
    let plain = s.ok(&["schedule", example, "--format", "csv"]);
    assert!(
        plain.contains("A,Explosion VFX,2027-02-01T08:00,2027-02-03T17:00,"),
        "{plain}"
    );
    assert!(
        plain.contains("D,Mix pass,2027-02-05T08:00,2027-02-09T17:00,0,true"),
        "{plain}"
    );
    let out = s.ok(&["schedule", example, "--level"]);
    assert!(
        out.contains(
            "before leveling Inês Carvalho was over-allocated on 2 days (2027-02-01 to 2027-02-02)"
        ),
        "{out}"
    );
    // The higher-priority door goes first; the explosion waits behind it.
    assert!(
        out.contains(
            "A Explosion VFX waits 2 working days for Inês Carvalho (busy on C Hangar door VFX)"
        ),
        "{out}"
    );
    assert!(out.contains("leveling does not move the finish"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["schedule", example, "--level", "--format", "json"])).unwrap();
    assert_eq!(json["leveling"]["delays"][0]["id"], "A");
    assert_eq!(json["leveling"]["delays"][0]["behind"], "C");
    assert_eq!(json["leveling"]["still_over_allocated"], 0);
    let a = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "A")
        .unwrap();
    assert_eq!(a["start"], "2027-02-03T08:00");
}

#[test]
fn schedule_slip_says_what_moves_and_saves_nothing() {
    let s = Sandbox::new("slip");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/vertical-slice.json"
    );
    let before = std::fs::read_to_string(example).unwrap();
    let out = s.ok(&["schedule", example, "--slip", "4=5d"]);
    assert!(
        out.contains("the project finishes 1 working day later, 2027-02-16 17:00"),
        "{out}"
    );
    assert!(
        out.contains("milestone 5 Vertical slice moves 1 working day"),
        "{out}"
    );
    let quiet = s.ok(&["schedule", example, "--slip", "4=2d"]);
    assert!(
        quiet.contains("the slip fits in the task's float"),
        "{quiet}"
    );
    let err = s.fails(4, &["schedule", example, "--slip", "99=2d"]);
    assert!(err.contains("no task in the plan has this id"), "{err}");
    assert_eq!(std::fs::read_to_string(example).unwrap(), before);
}

#[test]
fn the_project_schedule_follows_the_items_from_the_command_line() {
    let s = Sandbox::seeded("tracker-schedule");
    for (title, estimate) in [("Blockout", "3d"), ("Lighting", "2d"), ("Props", "1d")] {
        s.ok(&[
            "--as",
            "pat",
            "item",
            "create",
            "NJ",
            "--title",
            title,
            "--estimate",
            estimate,
        ]);
    }
    s.ok(&["--as", "pat", "item", "link", "NJ-2", "depends_on", "NJ-1"]);
    let csv = s.ok(&[
        "--as", "ada", "project", "schedule", "NJ", "--format", "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "id,name,start,finish,total_float_days,critical");
    assert!(
        lines[1].starts_with("NJ-1,Blockout,") && lines[1].ends_with(",0,true"),
        "{csv}"
    );
    assert!(
        lines[3].starts_with("NJ-3,Props,") && lines[3].ends_with(",4,false"),
        "{csv}"
    );
    // A loop is refused by name and changes nothing.
    let err = s.fails(
        4,
        &["--as", "pat", "item", "link", "NJ-1", "depends_on", "NJ-2"],
    );
    assert!(
        err.contains("NJ-1 -> NJ-2 -> NJ-1") || err.contains("NJ-2 -> NJ-1 -> NJ-2"),
        "{err}"
    );
    let what_if = s.ok(&[
        "--as", "ada", "project", "schedule", "NJ", "--slip", "NJ-3=5d",
    ]);
    assert!(
        what_if.contains("the project finishes 1 working day later"),
        "{what_if}"
    );
    assert!(
        what_if.starts_with("If NJ-3 Props finishes 5 working days later:"),
        "{what_if}"
    );
    // Members cannot take baselines; producers can, and slips are then measured.
    let err = s.fails(
        6,
        &[
            "--as",
            "ada",
            "project",
            "schedule",
            "NJ",
            "--baseline",
            "Plan",
        ],
    );
    assert!(err.contains("not allowed"), "{err}");
    s.ok(&[
        "--as",
        "pat",
        "project",
        "schedule",
        "NJ",
        "--baseline",
        "Plan",
    ]);
    s.ok(&["--as", "pat", "item", "update", "NJ-1", "--estimate", "4d"]);
    let slipped = s.ok(&[
        "--as",
        "pat",
        "item",
        "list",
        "NJ",
        "-q",
        "slipped > 0d ORDER BY key",
    ]);
    assert!(
        slipped.contains("NJ-1") && slipped.contains("NJ-2"),
        "{slipped}"
    );
    assert!(!slipped.contains("NJ-3"), "{slipped}");
    let xml = s.ok(&[
        "--as", "pat", "project", "schedule", "NJ", "--format", "mspdi",
    ]);
    assert!(xml.contains("<Name>Lighting</Name>"), "{xml}");
}

#[test]
fn loc_check_gates_a_build_on_error_findings() {
    let s = Sandbox::new("loc");
    std::fs::write(
        s.dir.join("fr.po"),
        "msgid \"\"\nmsgstr \"\"\n\"Language: fr_FR\\n\"\n\n#: menu.play\nmsgid \"Play %s\"\nmsgstr \"Jouer\"\n\n#: inv.count\nmsgid \"{n, plural, one {# item} other {# items}}\"\nmsgstr \"{n, plural, one {# objet} many {# d'objets} other {# objets}}\"\n",
    )
    .unwrap();
    let out = s.fails(7, &["loc", "check", "fr.po"]);
    assert!(
        out.contains("1 error finding: the strings are not ready to ship"),
        "{out}"
    );
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_callsheet"))
        .args(["loc", "check", "fr.po", "--format", "json"])
        .current_dir(&s.dir)
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(7));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["key"], "menu.play");
    assert_eq!(findings[0]["locale"], "fr-FR");
    assert_eq!(findings[0]["check"], "placeholders");
    assert_eq!(findings[0]["severity"], "error");
    // Fixed, it passes; a broken file names its place.
    std::fs::write(
        s.dir.join("fr.po"),
        "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n#: menu.play\nmsgid \"Play %s\"\nmsgstr \"Jouer %s\"\n",
    )
    .unwrap();
    assert!(
        s.ok(&["loc", "check", "fr.po"])
            .contains("0 findings: 0 errors")
    );
    std::fs::write(
        s.dir.join("bad.po"),
        "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"x\n",
    )
    .unwrap();
    let err = s.fails(4, &["loc", "check", "bad.po"]);
    assert!(
        err.contains("bad.po:5:7: expected a string in double quotes"),
        "{err}"
    );
}

/// XLIFF against translate-toolkit, both ways: the file its csv2po and po2xliff make from
/// our CSV (XLIFF 1.1, ordinal ids, the key as a po-reference, no target language) is
/// checked here under the real keys, and the XLIFF 1.2 and 2.0 we write read back in
/// translate-toolkit with the same keys, sources, targets and states. XLSX is checked
/// like the CSV it came from. Skips with a note without translate-toolkit (CI installs it).
#[test]
fn loc_xliff_and_xlsx_agree_with_translate_toolkit() {
    let have = std::process::Command::new("python3")
        .args(["-c", "import translate.storage.xliff2"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        callsheet_testkit::skip_without("translate-toolkit", "pip install translate-toolkit");
        return;
    }
    let s = Sandbox::new("xliff");
    std::fs::write(
        s.dir.join("strings.csv"),
        "key,en,fr,notes,max_length\nmenu.play,Play %s,Jouer,Main menu,\nmenu.quit,Quit & save,Quitter & enregistrer,,12\nhud.ammo,\"{n, plural, one {# bullet} other {# bullets}}\",\"{n, plural, one {# balle} many {# balles} other {# balles}}\",,\ntip.new,Press <b>A</b>,,,\n",
    )
    .unwrap();
    // translate-toolkit's own conversion, read here.
    std::fs::write(
        s.dir.join("tt.csv"),
        "location,source,target\nmenu.play,Play %s,Jouer\nmenu.quit,Quit & save,Quitter & enregistrer\ntip.new,Press <b>A</b>,\n",
    )
    .unwrap();
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program)
            .args(args)
            .current_dir(&s.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run("csv2po", &["tt.csv", "tt.po"]);
    run("po2xliff", &["tt.po", "tt.xlf"]);
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_callsheet"))
        .args([
            "loc",
            "check",
            "tt.xlf",
            "--target-locale",
            "fr",
            "--format",
            "json",
        ])
        .current_dir(&s.dir)
        .output()
        .unwrap();
    assert_eq!(
        json.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["key"].as_str().unwrap().to_string(),
                f["check"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [("menu.play", "placeholders"), ("tip.new", "missing")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, c)| (k.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expected, "{v}");
    // Ours, read by translate-toolkit.
    s.ok(&["loc", "convert", "strings.csv", "fr.xlf", "--locale", "fr"]);
    s.ok(&[
        "loc",
        "convert",
        "strings.csv",
        "fr2.xlf",
        "--locale",
        "fr",
        "--to-format",
        "xliff2",
    ]);
    let dump = r#"
import sys
from translate.storage import factory, xliff2
path, v2 = sys.argv[1], sys.argv[2] == "2"
store = xliff2.Xliff2File.parsefile(path) if v2 else factory.getobject(path)
for u in store.units:
    if u.isheader():
        continue
    key = u.getid() if v2 else u.xmlelement.get("resname")
    print("|".join([key, u.source, u.target or "", "fuzzy" if u.isfuzzy() else "ok"]))
"#;
    for (file, v) in [("fr.xlf", "1"), ("fr2.xlf", "2")] {
        let out = run("python3", &["-c", dump, file, v]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "menu.play|Play %s|Jouer|ok",
                "menu.quit|Quit & save|Quitter & enregistrer|ok",
                "hud.ammo|{n, plural, one {# bullet} other {# bullets}}|{n, plural, one {# balle} many {# balles} other {# balles}}|ok",
                "tip.new|Press <b>A</b>||ok",
            ],
            "{file}"
        );
    }
    // XLSX: the same findings as the CSV it was made from.
    s.ok(&["loc", "convert", "strings.csv", "strings.xlsx"]);
    let findings = |file: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_callsheet"))
            .args(["loc", "check", file, "--format", "json"])
            .current_dir(&s.dir)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["findings"].clone()
    };
    let csv = findings("strings.csv");
    assert!(csv.as_array().is_some_and(|a| a.len() >= 3), "{csv}");
    assert_eq!(findings("strings.xlsx"), csv);
    // A broken XLIFF names its place and changes nothing.
    std::fs::write(
        s.dir.join("bad.xlf"),
        "<xliff version=\"1.2\">\n  <file source-language=\"en\" target-language=\"fr\">\n    <body>\n      <trans-unit id=\"a\"><source>x</target>\n",
    )
    .unwrap();
    let err = s.fails(4, &["loc", "check", "bad.xlf"]);
    assert!(err.contains("bad.xlf:4:"), "{err}");
}

/// The tracker's string table from the command line: import, status, a check run that
/// gates the build (exit 7) and files bugs, a hand-off and a delivery diffed then applied.
#[test]
fn strings_in_the_tracker_from_the_command_line() {
    let s = Sandbox::seeded("strings");
    std::fs::write(
        s.dir.join("strings.csv"),
        "key,en,fr\nmenu.play,Play %s,Jouer\nmenu.quit,Quit,Quitter\n",
    )
    .unwrap();
    let out = s.ok(&["--as", "pat", "strings", "import", "NJ", "strings.csv"]);
    assert!(out.contains("2 strings added"), "{out}");
    let out = s.ok(&[
        "--as", "pat", "strings", "status", "NJ", "--check", "errors",
    ]);
    assert!(out.contains("fr"), "{out}");
    assert!(out.contains("menu.play [fr] placeholders"), "{out}");
    let err = s.fails(
        7,
        &[
            "--as",
            "pat",
            "strings",
            "check",
            "NJ",
            "--build",
            "0.1",
            "--file-bugs",
        ],
    );
    assert!(err.contains("1 error finding"), "{err}");
    let out = s.ok(&[
        "--as",
        "pat",
        "item",
        "list",
        "NJ",
        "-q",
        "labels = localization",
    ]);
    assert!(
        out.contains("Localization: menu.play fails placeholders in fr"),
        "{out}"
    );
    s.ok(&[
        "--as",
        "pat",
        "strings",
        "export",
        "NJ",
        "--locale",
        "fr",
        "--scope",
        "all",
        "--vendor",
        "Lingo",
        "--due",
        "2026-01-01",
        "-o",
        "fr.xlf",
    ]);
    let xlf = std::fs::read_to_string(s.dir.join("fr.xlf")).unwrap();
    let fixed = xlf.replace(">Jouer<", ">Jouer %s<");
    std::fs::write(s.dir.join("fr.xlf"), fixed).unwrap();
    let out = s.ok(&["--as", "pat", "strings", "deliver", "NJ", "fr.xlf"]);
    assert!(
        out.contains("menu.play") && out.contains("changed") && out.contains("to apply"),
        "{out}"
    );
    let out = s.ok(&[
        "--as",
        "pat",
        "strings",
        "deliver",
        "NJ",
        "fr.xlf",
        "--handoff",
        "1",
        "--apply",
    ]);
    assert!(
        out.contains("1 strings applied") && out.contains("days late"),
        "{out}"
    );
    s.ok(&["--as", "pat", "strings", "check", "NJ", "--build", "0.2"]);
    let err = s.fails(
        4,
        &[
            "--as", "pat", "strings", "import", "NJ", "fr.xlf", "--locale", "xx-!!",
        ],
    );
    assert!(err.contains("locale"), "{err}");
}
