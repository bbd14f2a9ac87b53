//! The command line, as clap reads it. `callsheet --help` and each subcommand's
//! `--help` are generated from the doc comments here.

use clap::{Args, Parser, Subcommand};

/// Callsheet: production coordination for game, TV, film and digital teams.
///
/// Exit codes: 0 done, 1 failure (database, IO), 2 bad usage, 3 not found,
/// 4 invalid input (a field, a value, a query), 5 conflict (exists already, or
/// changed by someone else since you read it), 6 not allowed for your role.
#[derive(Debug, Parser)]
#[command(
    name = "callsheet",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Database: a SQLite file path, sqlite://PATH, or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "CALLSHEET_DATABASE_URL",
        default_value = "callsheet-data/callsheet.db"
    )]
    pub database_url: String,

    /// Act as this person (their handle): recorded in the activity log, used by me().
    #[arg(
        long = "as",
        global = true,
        env = "CALLSHEET_USER",
        value_name = "HANDLE"
    )]
    pub actor: Option<String>,

    /// Print JSON instead of text, for scripts.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Create the database (SQLite by default) and bring it to the current schema.
    Init,
    /// Bring an existing database to the current schema.
    Migrate,
    /// Serve the web UI and the JSON API. Creates and migrates the database if needed.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CALLSHEET_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Requests a second each caller may make (bursts of four times that); 0 turns the limit off.
        #[arg(long, env = "CALLSHEET_RATE_LIMIT", default_value_t = 50)]
        rate_limit: u32,
    },
    /// Create (or reuse) the demo production "Nightjar" in ./callsheet-demo and serve it.
    Demo {
        /// Where the demo database lives.
        #[arg(long, default_value = "callsheet-demo/callsheet.db")]
        path: String,
        /// Address to serve the demo on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Only create the demo database; do not serve it.
        #[arg(long)]
        no_serve: bool,
    },
    /// People in the studio.
    #[command(subcommand)]
    Person(PersonCmd),
    /// The studio's departments (art, engineering, qa ...).
    #[command(subcommand)]
    Department(DepartmentCmd),
    /// Projects.
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Project members and their roles.
    #[command(subcommand)]
    Member(MemberCmd),
    /// Item kinds a project uses (task, bug, ... plus its own).
    #[command(subcommand)]
    Kind(KindCmd),
    /// Custom fields a project defines.
    #[command(subcommand)]
    Field(FieldCmd),
    /// A project's statuses and allowed transitions.
    #[command(subcommand)]
    Workflow(WorkflowCmd),
    /// Work items: tasks, bugs, requests, actions, milestones, deliverables.
    #[command(subcommand)]
    Item(ItemCmd),
    /// Sign-in administration: people with passwords.
    #[command(subcommand)]
    Admin(AdminCmd),
    /// Personal API tokens for scripts (`Authorization: Bearer ...`).
    #[command(subcommand)]
    Token(TokenCmd),
    /// Schedule a plan file (no database): early dates, float and the critical path.
    /// PLAN is Callsheet's JSON plan format (docs/schedule.md).
    Schedule {
        plan: String,
        /// table, json or csv (csv: id,name,start,finish,total_float_days,critical).
        #[arg(long, value_enum, default_value = "table")]
        format: ScheduleFormat,
        /// What if a task slips: `ID=3d` (finishes 3 working days late) or `ID@2027-03-04`
        /// (finishes that day). Prints what moves; nothing is saved.
        #[arg(long, value_name = "ID=3d|ID@DATE")]
        slip: Option<String>,
        /// Level resources first: delay tasks until nobody is over-allocated, and say
        /// what moved and why.
        #[arg(long)]
        level: bool,
    },
    /// Localization without a database: `callsheet loc check strings/fr.po`.
    #[command(subcommand)]
    Loc(LocCmd),
    /// A project's string table in the tracker: import, status, hand-offs, deliveries
    /// and check runs for builds.
    #[command(subcommand)]
    Strings(StringsCmd),
    /// Print a shell completion script: `callsheet completions bash > /etc/bash_completion.d/callsheet`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Add a person: `callsheet person create ada --name "Ada Lovelace"`.
    Create {
        handle: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// admin (people and projects), producer (creates projects) or member.
        #[arg(long, default_value = "member")]
        studio_role: String,
    },
    /// Give a person a studio role: `callsheet person set-role maya producer`.
    SetRole { handle: String, studio_role: String },
    /// List people.
    List {
        #[command(flatten)]
        page: PageArgs,
    },
    /// Say which company (vendor studio) a person works for; no name clears it. Vendors see
    /// what is shared with anyone of their organisation: `callsheet person set-org jo "Lumen VFX"`.
    SetOrg {
        handle: String,
        organisation: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCmd {
    /// Add a person who can sign in; the password is read from standard input.
    CreateUser {
        handle: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// admin (people and projects), producer (creates projects) or member.
        #[arg(long, default_value = "member")]
        studio_role: String,
    },
    /// Set a new password (read from standard input) and end the person's sessions.
    ResetPassword { handle: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Create a token for the person named by --as; it is printed once, never again.
    Create { name: String },
    /// List the tokens of the person named by --as.
    List,
    /// Revoke one of your tokens by its id.
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum DepartmentCmd {
    /// Add a department.
    Add { name: String },
    /// List departments.
    List,
}

/// How to read a string-table file, shared by the `loc` commands.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// The language the source strings are in, when the file does not say.
    #[arg(long, default_value = "en")]
    pub source_locale: String,
    /// The language a PO or XLIFF file holds, when the file does not say.
    #[arg(long)]
    pub target_locale: Option<String>,
    /// CSV/XLSX: the key column's header, when it is not key or id.
    #[arg(long)]
    pub key_column: Option<String>,
    /// CSV/XLSX: the source column's header, when it is not source or the locale code.
    #[arg(long)]
    pub source_column: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LocCmd {
    /// Run the string QA checks on files (PO, CSV, XLSX, XLIFF 1.2 or 2.0); exit code 7
    /// when errors remain (a build gate).
    Check {
        #[arg(required = true)]
        files: Vec<String>,
        #[command(flatten)]
        table: TableArgs,
        /// How length limits count: codepoints, graphemes, utf8 or utf16.
        #[arg(long)]
        length_unit: Option<String>,
        /// A term never translated (a brand, a product name); repeat for more.
        #[arg(long = "do-not-translate", value_name = "TERM")]
        do_not_translate: Vec<String>,
        /// Mute a check for a key (`menu.title:identical`) or everywhere (`*:double_space`).
        #[arg(long, value_name = "KEY:CHECK")]
        allow: Vec<String>,
        /// Run only the error checks (what a build gate needs); warnings are skipped.
        #[arg(long)]
        errors_only: bool,
        /// text or json (`{"findings":[{"key","locale","check","severity","message"}]}`).
        #[arg(long, value_enum, default_value = "text")]
        format: LocFormat,
    },
    /// Print the table as CSV with a pseudo-locale column (accented, longer, bracketed):
    /// `callsheet loc pseudo strings.csv --grow 40 > pseudo.csv`.
    Pseudo {
        file: String,
        #[command(flatten)]
        table: TableArgs,
        /// The pseudo locale's code.
        #[arg(long, default_value = "en-XA")]
        locale: String,
        /// How much longer, in percent.
        #[arg(long, default_value_t = 30)]
        grow: u32,
    },
    /// Convert a string table between formats, by the files' names:
    /// `callsheet loc convert strings.csv fr.xlf --locale fr`.
    Convert {
        from: String,
        to: String,
        #[command(flatten)]
        table: TableArgs,
        /// The locale a PO or XLIFF output holds (default: the table's first).
        #[arg(long)]
        locale: Option<String>,
        /// The output format when the name does not say, or XLIFF's version: po, csv,
        /// xlsx, xliff (1.2), xliff2.
        #[arg(long = "to-format")]
        to_format: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StringsCmd {
    /// Each locale's completeness and the strings that fail a check:
    /// `callsheet strings status NJ --locale fr --check errors`.
    Status {
        key: String,
        #[arg(long)]
        locale: Option<String>,
        /// new, translated, reviewed, final or stale.
        #[arg(long)]
        status: Option<String>,
        /// A check id, or `errors` for any error.
        #[arg(long)]
        check: Option<String>,
        /// Words in the key, source or translations.
        #[arg(long, short)]
        q: Option<String>,
    },
    /// Import a string table file (CSV, XLSX, PO, XLIFF); all or nothing.
    Import {
        key: String,
        file: String,
        /// The locale a PO or XLIFF file holds when it does not say.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Write what a locale needs (or everything) to a file; with --vendor the hand-off
    /// is recorded with its deadline.
    Export {
        key: String,
        #[arg(long)]
        locale: String,
        /// needed (new and stale) or all.
        #[arg(long, default_value = "needed")]
        scope: String,
        /// xliff (1.2), xliff2, xlsx, po or csv.
        #[arg(long, default_value = "xliff")]
        format: String,
        #[arg(long)]
        vendor: Option<String>,
        /// The delivery deadline: 2027-03-01.
        #[arg(long)]
        due: Option<String>,
        /// Where to write the file.
        #[arg(long, short)]
        out: String,
    },
    /// Compare a vendor's file with the table, string by string; --apply writes it.
    Deliver {
        key: String,
        file: String,
        #[arg(long)]
        locale: Option<String>,
        /// The hand-off this delivers (marked delivered, on time or late).
        #[arg(long)]
        handoff: Option<i64>,
        #[arg(long)]
        apply: bool,
    },
    /// Check every string for a build and record the run; exit code 7 while errors
    /// remain. --file-bugs files or updates one bug per failing key.
    Check {
        key: String,
        #[arg(long)]
        build: String,
        #[arg(long)]
        file_bugs: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// Create a project: `callsheet project create NJ "Nightjar"`.
    Create { key: String, name: String },
    /// List projects.
    List,
    /// Show a project: members, kinds, fields, workflow.
    Show { key: String },
    /// The project's schedule: each item's dates, float and critical flag, kept up to
    /// date by the tracker. `--slip NJ-12=3d` asks what a slip moves (nothing saved);
    /// `--baseline NAME` saves the dates as a baseline that slips are measured against.
    Schedule {
        key: String,
        /// table, json, csv or mspdi (MS Project XML).
        #[arg(long, value_enum, default_value = "table")]
        format: ScheduleFormat,
        /// What if an item slips: `NJ-12=3d` or `NJ-12@2027-03-04`.
        #[arg(long, value_name = "KEY=3d|KEY@DATE")]
        slip: Option<String>,
        /// Take a baseline with this name (producers and admins).
        #[arg(long, value_name = "NAME")]
        baseline: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add a member or change their role: `callsheet member add NJ ada --role member --department art`.
    Add {
        project: String,
        handle: String,
        /// admin, producer, member, vendor or viewer.
        #[arg(long)]
        role: String,
        #[arg(long)]
        department: Option<String>,
    },
    /// List a project's members.
    List { project: String },
}

#[derive(Debug, Subcommand)]
pub enum KindCmd {
    /// Add an item kind to a project: `callsheet kind add NJ shot`.
    Add { project: String, kind: String },
    /// List a project's kinds.
    List { project: String },
}

#[derive(Debug, Subcommand)]
pub enum FieldCmd {
    /// Define a custom field: `callsheet field add NJ "Region" --type enum --options "EU,NA,JP"`.
    Add {
        project: String,
        name: String,
        /// text, number, date, enum or person.
        #[arg(long = "type")]
        field_type: String,
        /// For enum fields: the options, comma-separated.
        #[arg(long)]
        options: Option<String>,
    },
    /// List a project's custom fields.
    List { project: String },
}

#[derive(Debug, Subcommand)]
pub enum WorkflowCmd {
    /// Show statuses, their categories, and allowed transitions.
    Show { project: String },
    /// Add a status: `callsheet workflow add-status NJ "QA Verify" --category review`.
    AddStatus {
        project: String,
        name: String,
        /// backlog, todo, in_progress, review, done or cancelled.
        #[arg(long)]
        category: String,
    },
    /// Allow a move; `--from '*'` allows it from any status.
    Allow {
        project: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Forbid a move that was allowed.
    Forbid {
        project: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Set a board column's work-in-progress limit; no number clears it:
    /// `callsheet workflow wip-limit NJ "In Progress" 12`.
    WipLimit {
        project: String,
        status: String,
        limit: Option<i64>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct PageArgs {
    /// How many to show.
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
    /// How many to skip (the previous page's `next offset`).
    #[arg(long, default_value_t = 0)]
    pub offset: i64,
}

/// Fields shared by `item create` and `item update`.
#[derive(Debug, Clone, Default, Args)]
pub struct ItemFieldArgs {
    #[arg(long)]
    pub title: Option<String>,
    /// Markdown. `-` reads it from standard input.
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// lowest, low, medium, high, highest.
    #[arg(long)]
    pub priority: Option<String>,
    /// For bugs: trivial, minor, major, critical, blocker.
    #[arg(long)]
    pub severity: Option<String>,
    /// A member's handle; "none" clears it.
    #[arg(long)]
    pub assignee: Option<String>,
    #[arg(long)]
    pub reporter: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    /// Like 4h, 3d, 1w 2d (a day is 8 hours).
    #[arg(long)]
    pub estimate: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub start: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
    /// The parent item's key (an epic or work package).
    #[arg(long)]
    pub parent: Option<String>,
    /// The milestone item's key.
    #[arg(long)]
    pub milestone: Option<String>,
    /// A custom field value, NAME=VALUE; repeatable. An empty VALUE clears it.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ItemCmd {
    /// Create an item: `callsheet item create NJ --kind bug --title "Cape clips" --priority high`.
    Create {
        project: String,
        #[arg(long, default_value = "task")]
        kind: String,
        #[command(flatten)]
        fields: ItemFieldArgs,
        /// A label; repeatable.
        #[arg(long = "label")]
        labels: Vec<String>,
        /// A person to watch the item; repeatable.
        #[arg(long = "watcher")]
        watchers: Vec<String>,
    },
    /// Create many items from a JSON-lines file, all or nothing (see docs/tracker.md).
    Import {
        project: String,
        /// The file; `-` reads standard input.
        file: String,
    },
    /// List items, filtered and sorted by a query (see docs/query-language.md).
    List {
        /// Only this project's items; all projects when left out.
        project: Option<String>,
        #[arg(long, short, default_value = "")]
        query: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show an item with its links, children, comments and watchers.
    Show { key: String },
    /// Change fields of an item.
    Update {
        key: String,
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        fields: ItemFieldArgs,
        #[arg(long = "add-label")]
        add_labels: Vec<String>,
        #[arg(long = "remove-label")]
        remove_labels: Vec<String>,
        /// Refuse the change if the item is no longer at this version.
        #[arg(long)]
        if_version: Option<i64>,
    },
    /// Move an item to another status: `callsheet item move NJ-12 "In Review"`.
    Move {
        key: String,
        status: String,
        #[arg(long)]
        if_version: Option<i64>,
    },
    /// Comment on an item (Markdown). `-` reads the comment from standard input.
    Comment { key: String, body: String },
    /// Link two items: `callsheet item link NJ-3 depends_on NJ-2 --dep-type ss --lag 2`.
    Link {
        key: String,
        /// blocks, relates, duplicates or depends_on.
        link_type: String,
        other: String,
        /// For depends_on: fs (default), ss, ff or sf.
        #[arg(long)]
        dep_type: Option<String>,
        /// For depends_on: lag in working days; negative for lead time.
        #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
        lag: i64,
    },
    /// Remove a link.
    Unlink {
        key: String,
        link_type: String,
        other: String,
    },
    /// Watch an item (yourself, or the person named).
    Watch { key: String, handle: Option<String> },
    /// Stop watching an item.
    Unwatch { key: String, handle: Option<String> },
    /// The item's history from the activity log: who changed what, before and after.
    History {
        key: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

/// How `callsheet loc check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LocFormat {
    Text,
    Json,
}

/// How a schedule is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScheduleFormat {
    Table,
    Json,
    Csv,
    /// MS Project XML with the computed dates, for MS Project, MPXJ and friends.
    Mspdi,
}
