//! What is fuzzed: every parser a person can hand a file or a query to, each with seeds
//! (real documents our own writers make), the words of its format, and what it runs on an
//! input (parse, then whatever reads the parsed value next: resolve and SQL for a query,
//! the scheduler for a plan).

use callsheet_core::field::{FieldDef, FieldType};
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::Table;
use callsheet_core::query;
use callsheet_formats::xliff::Version;
use callsheet_formats::{csv_table, mspdi, po, xliff, xlsx_table};
use std::io::{Cursor, Read, Write};

/// One parser under fuzzing.
pub struct Target {
    pub name: &'static str,
    pub seeds: Vec<Vec<u8>>,
    pub words: &'static [&'static [u8]],
    pub run: fn(&[u8]),
}

/// Every target, by name.
pub fn all() -> Vec<Target> {
    let table = sample_table();
    let fr = locale("fr");
    vec![
        Target {
            name: "query",
            seeds: QUERIES.iter().map(|q| q.as_bytes().to_vec()).collect(),
            words: &[
                b"(",
                b")",
                b"NOT ",
                b" AND ",
                b" OR ",
                b" ORDER BY ",
                b" DESC",
                b"\"",
                b" ~ ",
                b" IN (",
                b", ",
                b" IS EMPTY",
                b"now() + 3d",
                b"me()",
                b"linked(NJ-1)",
                b"-2w",
                b"2027-02-30",
                b"\"Budget\"",
                b"status.category",
                b"'",
                b"\\",
            ],
            run: run_query,
        },
        Target {
            name: "csv",
            seeds: vec![
                csv_table::write(&table).into_bytes(),
                CSV.as_bytes().to_vec(),
            ],
            words: &[
                b",",
                b";",
                b"\t",
                b"\"",
                b"\"\"",
                b"\r\n",
                b"'=",
                b"\xef\xbb\xbf",
                b"key",
                b"max_length",
            ],
            run: run_csv,
        },
        Target {
            name: "po",
            seeds: vec![po::write(&table, &fr).into_bytes()],
            words: &[
                b"msgid ",
                b"msgstr ",
                b"msgstr[1] ",
                b"msgctxt ",
                b"msgid_plural ",
                b"#, fuzzy\n",
                b"\"\n\"",
                b"\\n",
                b"\\\"",
                b"#~ ",
                b"#| ",
                b"\"Plural-Forms: nplurals=2;\\n\"",
            ],
            run: run_po,
        },
        Target {
            name: "xliff12",
            seeds: vec![xliff::write(&table, &fr, Version::V12).into_bytes()],
            words: XML_WORDS,
            run: run_xliff,
        },
        Target {
            name: "xliff20",
            seeds: vec![xliff::write(&table, &fr, Version::V20).into_bytes()],
            words: XML_WORDS,
            run: run_xliff,
        },
        Target {
            name: "xlsx",
            seeds: vec![xlsx_parts(&table)],
            words: &[
                b"<c r=\"XFD1048576\" t=\"s\"><v>0</v></c>",
                b"<row r=\"9\">",
                b"</row>",
                b"<si><t>",
                b"</t></si>",
                b"uniqueCount=\"99999999999\"",
                b" t=\"inlineStr\"",
                b"<dimension ref=\"A1:XFD1048576\"/>",
                b"<v>",
                b"</v>",
                PARTS_SPLIT,
            ],
            run: run_xlsx,
        },
        Target {
            name: "mspdi",
            seeds: vec![mspdi_seed()],
            words: XML_WORDS,
            run: run_mspdi,
        },
        Target {
            name: "plan",
            seeds: vec![PLAN.as_bytes().to_vec()],
            words: &[
                b"{",
                b"}",
                b"[",
                b"]",
                b"\"after\": [\"1\"]",
                b"\"duration\": \"5d\"",
                b"\"milestone\": true",
                b"\"parent\": \"1\"",
                b"-2d",
                b"\"capacity\": \"50%\"",
                b"\"lag\": \"-9999d\"",
                b"\"effort\": \"100000w\"",
            ],
            run: run_plan,
        },
    ]
}

const XML_WORDS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"&amp;",
    b"&#x1F600;",
    b"&#0;",
    b"&bogus;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<g id=\"1\">",
    b"</g>",
    b"<x id=\"2\"/>",
    b"<pc id=\"1\">",
    b"</pc>",
    b"<mrk mtype=\"seg\">",
    b"<trans-unit id=\"a\">",
    b"<segment>",
    b"<target>",
    b"xml:space=\"preserve\"",
    b"<Task>",
    b"</Task>",
    b"<Duration>PT8H0M0S</Duration>",
    b"<PredecessorLink>",
    b"<OutlineLevel>9</OutlineLevel>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"&a;",
];

const QUERIES: &[&str] = &[
    "kind = bug AND status.category != done AND (priority >= high OR label = \"cert\") AND assignee = me() ORDER BY due ASC",
    "due < now() + 3d AND updated >= -7d AND kind NOT IN (bug, task) AND due IS NOT EMPTY",
    "blocked AND NOT linked(NJ-12) ORDER BY priority DESC, created",
    "title ~ \"cape\" AND Budget > 1000 AND Region IN (EU, JP) AND \"Ship date\" < 2027-03-01",
    "critical = true OR float < 2d OR slipped > 1d",
    "Owner = me() AND Notes ~ todo AND parent = NJ-1 AND milestone IS EMPTY",
];

const CSV: &str = "key,en,fr,de,max_length,notes,context,tags\nmenu.play,Play %s,Jouer %s,Spielen %s,12,Title screen,verb,ui menu\nshop.armor,'+10 Armor,'+10 Armure,,,,,\n";

const PLAN: &str = r#"{ "start": "2027-02-01",
  "calendar": { "days": ["mon","tue","wed","thu","fri"], "hours": ["08:00-12:00", "13:00-17:00"], "holidays": ["2027-04-05"] },
  "resources": [ { "id": "ines", "capacity": "50%" }, { "id": "raj", "time_off": ["2027-02-10"] } ],
  "tasks": [
    { "id": "1", "name": "Design", "duration": "5d" },
    { "id": "2", "name": "Build", "effort": "10d", "assign": ["ines", "raj"], "after": ["1"], "started": "2027-02-08", "remaining": "3d" },
    { "id": "3", "name": "Test", "duration": "3d", "depends": [ { "on": "2", "type": "ss", "lag": "2d" } ] },
    { "id": "4", "name": "Ship", "milestone": true, "after": ["3"], "deadline": "2027-03-01" } ] }"#;

/// Separates the worksheet from the shared strings in an XLSX target's input.
const PARTS_SPLIT: &[u8] = b"\n<!--PART-->\n";

fn locale(code: &str) -> Locale {
    Locale::parse(code).unwrap_or_else(|_| unreachable!("a known locale"))
}

fn sample_table() -> Table {
    csv_table::read(CSV, &locale("en"), &csv_table::Options::default())
        .unwrap_or_else(|e| unreachable!("the sample reads: {e}"))
}

fn fields() -> Vec<FieldDef> {
    vec![
        FieldDef {
            name: "Budget".into(),
            field_type: FieldType::Number,
        },
        FieldDef {
            name: "Region".into(),
            field_type: FieldType::Enum(vec!["EU".into(), "NA".into(), "JP".into()]),
        },
        FieldDef {
            name: "Owner".into(),
            field_type: FieldType::Person,
        },
        FieldDef {
            name: "Notes".into(),
            field_type: FieldType::Text,
        },
        FieldDef {
            name: "Ship date".into(),
            field_type: FieldType::Date,
        },
    ]
}

fn run_query(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let ctx = query::Context {
        now_ms: 1_795_000_000_000,
        today: callsheet_core::utc_date(1_795_000_000_000),
        me: Some("pat".into()),
    };
    let Ok(resolved) = query::compile(&text, &fields(), &ctx) else {
        return;
    };
    use callsheet_core::page::Page;
    use callsheet_store::query::{Scope, Visibility, compile};
    let scope = Scope {
        project_id: Some(1),
        visibility: Visibility::Projects {
            person: 7,
            full: vec![1],
            shared: vec![2],
        },
    };
    for backend in [
        callsheet_store::Backend::Sqlite,
        callsheet_store::Backend::Postgres,
    ] {
        let c = compile(
            &resolved,
            scope.clone(),
            backend,
            Page {
                limit: 50,
                offset: 0,
            },
        );
        assert!(!c.sql.contains(';'), "one statement only: {}", c.sql);
    }
}

fn run_csv(input: &[u8]) {
    if let Ok(text) = std::str::from_utf8(input) {
        let _ = csv_table::read(text, &locale("en"), &csv_table::Options::default());
    }
}

fn run_po(input: &[u8]) {
    if let Ok(text) = std::str::from_utf8(input) {
        let _ = po::read(text, &locale("en"), Some(&locale("fr")));
    }
}

fn run_xliff(input: &[u8]) {
    // What was read writes back out, in both versions.
    if let Ok(text) = std::str::from_utf8(input)
        && let Ok(table) = xliff::read(text, &locale("en"), Some(&locale("fr")))
        && let Some(l) = table.locales.first()
    {
        let _ = xliff::write(&table, l, Version::V12);
        let _ = xliff::write(&table, l, Version::V20);
    }
}

/// The parts of a real workbook, unzipped once.
fn workbook_parts(table: &Table) -> Vec<(String, Vec<u8>)> {
    let bytes = xlsx_table::write(table).unwrap_or_default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let Ok(mut f) = zip.by_index(i) else { continue };
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        let _ = f.read_to_end(&mut data);
        parts.push((name, data));
    }
    parts
}

/// An XLSX seed: the worksheet and the shared strings, the parts worth mutating.
fn xlsx_parts(table: &Table) -> Vec<u8> {
    let parts = workbook_parts(table);
    let part = |suffix: &str| {
        parts
            .iter()
            .find(|(n, _)| n.ends_with(suffix))
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    let mut seed = part("sheet1.xml");
    seed.extend_from_slice(PARTS_SPLIT);
    seed.extend_from_slice(&part("sharedStrings.xml"));
    seed
}

fn run_xlsx(input: &[u8]) {
    static PARTS: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    let parts = PARTS.get_or_init(|| workbook_parts(&sample_table()));
    let (sheet, strings) = match input
        .windows(PARTS_SPLIT.len())
        .position(|w| w == PARTS_SPLIT)
    {
        Some(at) => (&input[..at], &input[at + PARTS_SPLIT.len()..]),
        None => (input, &[][..]),
    };
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        let body: &[u8] = if name.ends_with("sheet1.xml") {
            sheet
        } else if name.ends_with("sharedStrings.xml") {
            strings
        } else {
            data
        };
        if zip.start_file(name.as_str(), stored).is_err() || zip.write_all(body).is_err() {
            return;
        }
    }
    let Ok(bytes) = zip.finish().map(Cursor::into_inner) else {
        return;
    };
    let _ = xlsx_table::read(&bytes, &locale("en"), &csv_table::Options::default());
}

fn mspdi_seed() -> Vec<u8> {
    let Ok(file) = callsheet_core::schedule::parse_plan(PLAN) else {
        return Vec::new();
    };
    match callsheet_core::schedule::schedule(&file.plan) {
        Ok(s) => mspdi::write("Fuzz", &file.plan, &s).into_bytes(),
        Err(_) => Vec::new(),
    }
}

fn run_mspdi(input: &[u8]) {
    if let Ok(text) = std::str::from_utf8(input)
        && let Ok(imported) = mspdi::read(text)
    {
        let _ = callsheet_core::schedule::schedule(&imported.plan);
    }
}

fn run_plan(input: &[u8]) {
    if let Ok(text) = std::str::from_utf8(input)
        && let Ok(file) = callsheet_core::schedule::parse_plan(text)
    {
        let _ = callsheet_core::schedule::schedule(&file.plan);
    }
}
