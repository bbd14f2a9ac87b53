//! Localization through the use cases, on SQLite and (when CALLSHEET_TEST_DATABASE_URL is
//! set) PostgreSQL: imports, stale translations, history, hand-offs and deliveries,
//! check runs that file one bug per key, allow lists, and who may do what.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use callsheet_app::loc::handoff::{ExportRequest, Scope};
use callsheet_app::loc::{Settings, StringFilter};
use callsheet_app::{App, AppError, Ctx};
use callsheet_core::loc::table::Status;
use callsheet_formats::strings::TableFormat;
use callsheet_formats::xliff::Version;
use callsheet_testkit::backends;

const T0: i64 = 1_795_000_000_000; // 2026-11-18

fn at(day_offset: i64) -> i64 {
    T0 + day_offset * 86_400_000
}

const TABLE: &str = "key,en,max_length,fr,de
menu.play,Play %s,,Jouer %s,Spielen %s
menu.quit,Quit,6,Quitter le jeu maintenant,Ende
hud.ammo,\"{n, plural, one {# bullet} other {# bullets}}\",,\"{n, plural, one {# balle} many {# balles} other {# balles}}\",
tip.start,Press <b>Start</b>,,,Drücke <b>Start</b>
";

/// A project NJ with a producer, a member and a vendor, and the table imported.
async fn seeded(app: &App) -> Ctx {
    let sys = Ctx::system(at(0));
    for (handle, name) in [
        ("pat", "Pat Producer"),
        ("lou", "Lou Loc"),
        ("vera", "Vera Vendor"),
    ] {
        app.create_person(&sys, handle, name, None).await.unwrap();
    }
    app.set_studio_role(&sys, "pat", "producer").await.unwrap();
    let pat = Ctx::person("pat", at(0));
    app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
    app.set_member(&pat, "NJ", "lou", "member", None)
        .await
        .unwrap();
    app.set_member(&pat, "NJ", "vera", "vendor", None)
        .await
        .unwrap();
    let report = app
        .loc_import(&pat, "NJ", "strings.csv", TABLE.as_bytes(), None, None)
        .await
        .unwrap();
    assert_eq!(report.strings_added, 4);
    assert_eq!(report.translations_set, 6);
    pat
}

fn all() -> StringFilter {
    StringFilter::default()
}

#[tokio::test]
async fn an_import_fills_the_table_and_its_completeness() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        assert_eq!(t.locales, ["fr", "de"], "{}", db.label);
        assert_eq!(t.total, 4);
        let fr = t.completeness.iter().find(|c| c.locale == "fr").unwrap();
        assert_eq!((fr.translated, fr.new, fr.percent_done), (3, 1, 75));
        // fr: menu.quit over its limit, tip.start missing; de: hud.ammo missing.
        assert_eq!(fr.failing, 2, "{t:#?}");
        let failing: Vec<(&str, &str)> = t
            .strings
            .iter()
            .flat_map(|s| {
                s.findings
                    .iter()
                    .filter(|f| f.severity == callsheet_core::loc::checks::Severity::Error)
            })
            .map(|f| (f.key.as_str(), f.check))
            .collect();
        assert!(
            failing.contains(&("menu.quit", "max_length")),
            "{failing:?}"
        );
        assert!(failing.contains(&("hud.ammo", "missing")), "{failing:?}");
        // Filters: a check, a status in a locale, words.
        let f = StringFilter {
            check: Some("max_length".into()),
            ..all()
        };
        let keys: Vec<String> = app
            .loc_strings(&pat, "NJ", &f)
            .await
            .unwrap()
            .strings
            .into_iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(keys, ["menu.quit"]);
        let f = StringFilter {
            status: Some(Status::New),
            locale: Some("de".into()),
            ..all()
        };
        let keys: Vec<String> = app
            .loc_strings(&pat, "NJ", &f)
            .await
            .unwrap()
            .strings
            .into_iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(keys, ["hud.ammo"]);
        let f = StringFilter {
            text: Some("BALLE".into()),
            ..all()
        };
        assert_eq!(app.loc_strings(&pat, "NJ", &f).await.unwrap().matching, 1);
        // Tags come with a later file and are found by a whole word.
        let tagged = "key,en,tags\ntip.start,Press <b>Start</b>,tutorial onboarding\n";
        let r = app
            .loc_import(&pat, "NJ", "tags.csv", tagged.as_bytes(), None, None)
            .await
            .unwrap();
        assert_eq!((r.sources_changed, r.strings_added), (0, 0));
        let f = StringFilter {
            text: Some("Onboarding".into()),
            ..all()
        };
        let found = app.loc_strings(&pat, "NJ", &f).await.unwrap();
        assert_eq!(found.strings[0].key, "tip.start");
        assert_eq!(found.strings[0].tags, ["tutorial", "onboarding"]);
        // The same file again changes nothing.
        let again = app
            .loc_import(&pat, "NJ", "strings.csv", TABLE.as_bytes(), None, None)
            .await
            .unwrap();
        assert_eq!(
            (
                again.strings_added,
                again.translations_set,
                again.sources_changed
            ),
            (0, 0, 0)
        );
    }
}

#[tokio::test]
async fn a_source_edit_turns_translations_stale_and_history_tells_it() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let lou = Ctx::person("lou", at(1));
        let d = app
            .set_loc_source(&lou, "NJ", "menu.play", "Play %s now")
            .await
            .unwrap();
        assert_eq!(
            d.string.translations["fr"].status,
            Status::Stale,
            "{}",
            db.label
        );
        assert_eq!(d.string.translations["de"].status, Status::Stale);
        assert!(d.string.findings.iter().any(|f| f.check == "stale"));
        let d = app
            .set_translation(
                &lou,
                "NJ",
                "menu.play",
                "fr",
                "Jouer %s maintenant",
                Some("reviewed"),
            )
            .await
            .unwrap();
        assert_eq!(d.string.translations["fr"].status, Status::Reviewed);
        assert_eq!(d.string.translations["fr"].by.as_deref(), Some("lou"));
        let actions: Vec<&str> = d.history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "created",
                "translated",
                "translated",
                "updated",
                "translated"
            ],
            "{}",
            db.label
        );
        let last = d.history.last().unwrap();
        assert_eq!(last.actor.as_deref(), Some("lou"));
        assert!(last.changes.iter().any(|c| c.field == "fr"
            && c.before.as_deref() == Some("Jouer %s")
            && c.after.as_deref() == Some("Jouer %s maintenant")));
        let updated = &d.history[3];
        assert!(
            updated
                .changes
                .iter()
                .any(|c| c.field == "stale" && c.after.as_deref() == Some("de fr")),
            "{updated:?}"
        );
        // Bad input names the field and saves nothing.
        let e = app
            .set_translation(&lou, "NJ", "menu.play", "it", "Gioca", None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("add the locale"), "{e}");
        let e = app
            .set_translation(&lou, "NJ", "menu.play", "fr", "x", Some("done"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("\"done\""), "{e}");
        let e = app
            .set_translation(&lou, "NJ", "nope", "fr", "x", None)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound { .. }), "{e}");
        let _ = pat;
    }
}

#[tokio::test]
async fn a_broken_file_names_its_place_and_changes_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let bad = "key,en,fr\nnew.one,New,Nouveau\nmenu.play,Play %s,Jouer\nnew.one,Again,Encore\n";
        let e = app
            .loc_import(&pat, "NJ", "more.csv", bad.as_bytes(), None, None)
            .await
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("more.csv:4:1: key \"new.one\" is already on line 2"),
            "{e}"
        );
        let xlf = "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"fr\"><body>\n<trans-unit id=\"x\"><source>a</source></body></file></xliff>";
        let e = app
            .loc_import(&pat, "NJ", "fr.xlf", xlf.as_bytes(), None, None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("fr.xlf:2:"), "{e}");
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        assert_eq!(t.total, 4, "{}", db.label);
        assert_eq!(
            t.strings
                .iter()
                .find(|s| s.key == "menu.play")
                .unwrap()
                .translations["fr"]
                .text,
            "Jouer %s"
        );
    }
}

#[tokio::test]
async fn a_hand_off_goes_out_and_its_delivery_is_diffed_applied_and_dated() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.set_loc_source(&pat, "NJ", "menu.quit", "Quit game")
            .await
            .unwrap();
        let out = app
            .loc_export(
                &pat,
                "NJ",
                &ExportRequest {
                    locale: "fr".into(),
                    scope: Scope::Needed,
                    format: TableFormat::Xliff(Version::V12),
                    vendor: Some("Lingo Studio".into()),
                    due: Some("2026-11-20".into()),
                },
            )
            .await
            .unwrap();
        // fr needs tip.start (new) and menu.quit (stale now).
        assert_eq!(out.strings, 2, "{}", db.label);
        let xml = String::from_utf8(out.bytes.clone()).unwrap();
        assert!(
            xml.contains("resname=\"tip.start\"") && xml.contains("resname=\"menu.quit\""),
            "{xml}"
        );
        assert!(xml.contains("maxwidth=\"6\""), "{xml}");
        let handoff = out.handoff.unwrap();
        // The vendor's file: one new translation, one for the old source, one unknown key.
        let back = xml
            .replace("<source>Press &lt;b&gt;Start&lt;/b&gt;</source>", "<source>Press &lt;b&gt;Start&lt;/b&gt;</source>\n        <target state=\"translated\">Appuyez sur &lt;b&gt;Start&lt;/b&gt;</target>")
            .replace("<target state=\"needs-review-translation\">Quitter le jeu maintenant</target>", "<target state=\"translated\">Quitter</target>")
            .replace("</body>", "<trans-unit id=\"ghost\" resname=\"ghost\"><source>Boo</source><target>Bouh</target></trans-unit></body>");
        let late = Ctx::person("lou", at(4));
        let preview = app
            .loc_delivery_preview(&late, "NJ", "fr.xlf", back.as_bytes(), None)
            .await
            .unwrap();
        let changes: Vec<(&str, &str)> = preview
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.change))
            .collect();
        assert!(changes.contains(&("tip.start", "added")), "{changes:?}");
        assert!(changes.contains(&("menu.quit", "changed")), "{changes:?}");
        assert!(changes.contains(&("ghost", "unknown")), "{changes:?}");
        assert_eq!(preview.to_apply, 2);
        // Nothing saved by the preview.
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        assert!(
            !t.strings
                .iter()
                .find(|s| s.key == "tip.start")
                .unwrap()
                .translations
                .contains_key("fr")
        );
        let done = app
            .loc_delivery_apply(&late, "NJ", "fr.xlf", back.as_bytes(), None, Some(handoff))
            .await
            .unwrap();
        assert_eq!(
            (done.to_apply, done.days_late),
            (2, Some(2)),
            "{}",
            db.label
        );
        let h = &app.loc_handoffs(&pat, "NJ").await.unwrap()[0];
        assert_eq!(
            (h.vendor.as_str(), h.applied, h.days_late),
            ("Lingo Studio", Some(2), Some(2))
        );
        assert_eq!(h.delivered_on.as_deref(), Some("2026-11-22"));
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        let quit = t.strings.iter().find(|s| s.key == "menu.quit").unwrap();
        assert_eq!(
            (
                quit.translations["fr"].text.as_str(),
                quit.translations["fr"].status
            ),
            ("Quitter", Status::Translated)
        );
        // A file made for an older source is kept, but stale.
        let old = back.replace("<source>Quit game</source>", "<source>Quit</source>");
        let p = app
            .loc_delivery_preview(&late, "NJ", "fr.xlf", old.as_bytes(), None)
            .await
            .unwrap();
        assert!(
            p.rows.iter().any(|r| r.key == "menu.quit"
                && r.change == "outdated"
                && r.status_after == "stale")
        );
    }
}

#[tokio::test]
async fn check_runs_file_one_bug_per_failing_key_and_never_twice() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let run = app
            .loc_check_run(&pat, "NJ", "2026.11.1", true)
            .await
            .unwrap();
        // menu.quit (fr too long), tip.start (fr missing), hud.ammo (de missing).
        assert_eq!(run.bugs_filed.len(), 3, "{run:#?} {}", db.label);
        let bug = app.item(&pat, &run.bugs_filed[0]).await.unwrap();
        assert!(
            bug.item
                .title
                .starts_with("Localization: hud.ammo fails missing in de"),
            "{}",
            bug.item.title
        );
        assert!(bug.item.description.contains("2026.11.1"));
        app.set_translation(&pat, "NJ", "menu.quit", "fr", "Sortir", None)
            .await
            .unwrap();
        let again = app
            .loc_check_run(&pat, "NJ", "2026.11.2", true)
            .await
            .unwrap();
        assert!(again.bugs_filed.is_empty(), "{again:#?}");
        assert_eq!(again.bugs_updated.len(), 2, "{again:#?}");
        let updated = app.item(&pat, &again.bugs_updated[0]).await.unwrap();
        assert!(updated.item.description.contains("2026.11.2"));
        let runs = app.loc_runs(&pat, "NJ").await.unwrap();
        assert_eq!(
            runs.iter().map(|r| r.build.as_str()).collect::<Vec<_>>(),
            ["2026.11.2", "2026.11.1"]
        );
        assert_eq!((runs[0].errors, runs[1].errors), (2, 3));
        let e = app
            .loc_check_run(&pat, "NJ", "  ", false)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("build"), "{e}");
    }
}

#[tokio::test]
async fn allow_lists_mute_with_a_reason_and_vendors_get_no_table() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let e = app
            .loc_allow(&pat, "NJ", Some("menu.quit"), "max_length", " ")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("say why"), "{e}");
        let e = app
            .loc_allow(&pat, "NJ", None, "spelling", "x")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("\"spelling\""), "{e}");
        app.loc_allow(
            &pat,
            "NJ",
            Some("menu.quit"),
            "max_length",
            "the button scrolls",
        )
        .await
        .unwrap();
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        assert!(
            !t.strings
                .iter()
                .flat_map(|s| &s.findings)
                .any(|f| f.check == "max_length"),
            "{}",
            db.label
        );
        let list = app.loc_allow_list(&pat, "NJ").await.unwrap();
        assert_eq!(
            (list[0].reason.as_str(), list[0].by.as_deref()),
            ("the button scrolls", Some("pat"))
        );
        let lou = Ctx::person("lou", at(1));
        assert!(matches!(
            app.loc_allow(&lou, "NJ", None, "identical", "ok").await,
            Err(AppError::Forbidden(_))
        ));
        let vera = Ctx::person("vera", at(1));
        assert!(matches!(
            app.loc_strings(&vera, "NJ", &all()).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.loc_import(&vera, "NJ", "s.csv", TABLE.as_bytes(), None, None)
                .await,
            Err(AppError::Forbidden(_))
        ));
        // Settings canonicalise locales and refuse nonsense.
        let s = app
            .set_loc_settings(
                &pat,
                "NJ",
                &Settings {
                    source_locale: "en_US".into(),
                    length_unit: "graphemes".into(),
                    locales: vec!["fr".into(), "pt_br".into(), "fr".into()],
                    do_not_translate: vec!["Nightjar".into()],
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (s.source_locale.as_str(), s.locales.clone()),
            ("en-US", vec!["fr".to_string(), "pt-BR".to_string()])
        );
        let e = app
            .set_loc_settings(
                &pat,
                "NJ",
                &Settings {
                    length_unit: "pixels".into(),
                    ..s.clone()
                },
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("\"pixels\""), "{e}");
        // Settings and allow-list changes are in the project's log, with who made them.
        let rows = sqlx::query(
            "SELECT action, changes FROM activity WHERE entity_type = 'project' AND action IN ('localization settings', 'allowed') ORDER BY id",
        )
        .fetch_all(db.store.pool())
        .await
        .unwrap();
        use sqlx::Row;
        let actions: Vec<String> = rows.iter().map(|r| r.get::<String, _>("action")).collect();
        assert_eq!(
            actions,
            ["allowed", "localization settings"],
            "{}",
            db.label
        );
        let changes: String = rows[1].get("changes");
        assert!(
            changes.contains("graphemes") && changes.contains("pt-BR"),
            "{changes}"
        );
    }
}

/// A table of `n` keys; keys below `changed` get a new source in the second version, and
/// every key gets French text.
fn big_table(n: usize, changed: usize, version: u8) -> String {
    let mut csv = String::from("key,en,fr\n");
    for k in 0..n {
        let source = if version == 2 && k < changed {
            format!("Line {k} rewritten")
        } else {
            format!("Line {k}")
        };
        csv.push_str(&format!("k.{k:05},{source},Ligne {k} v{version}\n"));
    }
    csv
}

/// Imports version `version` of the big table (see [`big_table`]) as `big.csv`.
async fn import(
    app: &App,
    ctx: &Ctx,
    n: usize,
    changed: usize,
    version: u8,
) -> callsheet_app::loc::ImportReport {
    let csv = big_table(n, changed, version);
    app.loc_import(ctx, "NJ", "big.csv", csv.as_bytes(), None, None)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_larger_than_a_batch_is_read_and_written_whole() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        // 4,500 keys: more than two of the import's batches of 2,000.
        let first = import(&app, &pat, 4_500, 0, 1).await;
        assert_eq!(
            (
                first.strings_added,
                first.translations_set,
                first.sources_changed
            ),
            (4_500, 4_500, 0),
            "{}",
            db.label
        );
        // Again, with 3,000 sources rewritten (across batches) and every French line new.
        let again = import(&app, &pat, 4_500, 3_000, 2).await;
        assert_eq!(
            (
                again.strings_added,
                again.sources_changed,
                again.marked_stale,
                again.translations_set
            ),
            (0, 3_000, 3_000, 4_500),
            "{}",
            db.label
        );
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        assert_eq!(t.total, 4 + 4_500);
        // A key in the last batch and one in the first: each has its text and its history.
        for (key, source) in [("k.04499", "Line 4499"), ("k.00001", "Line 1 rewritten")] {
            let s = app.loc_string(&pat, "NJ", key).await.unwrap();
            assert_eq!(s.string.source, source, "{}", db.label);
            let fr = &s.string.translations["fr"];
            assert_eq!(
                fr.text,
                format!("Ligne {} v2", key[2..].trim_start_matches('0'))
            );
            let actions: Vec<&str> = s.history.iter().map(|e| e.action.as_str()).collect();
            assert!(
                actions.starts_with(&["created", "translated"]),
                "{actions:?}"
            );
            assert_eq!(actions.last(), Some(&"translated"), "{actions:?}");
        }
        // An unchanged file changes nothing.
        let same = import(&app, &pat, 4_500, 3_000, 2).await;
        assert_eq!((same.sources_changed, same.translations_set), (0, 0));
    }
}

/// The table's stored findings and totals equal a fresh check of the whole table.
async fn assert_current(app: &App, pat: &Ctx, when: &str) {
    let t = app.loc_strings(pat, "NJ", &all()).await.unwrap();
    let run = app.loc_check_run(pat, "NJ", "fresh", false).await.unwrap();
    let mut stored: Vec<(String, String, &str, String)> = t
        .strings
        .iter()
        .flat_map(|s| &s.findings)
        .map(|f| (f.key.clone(), f.locale.clone(), f.check, f.message.clone()))
        .collect();
    let mut fresh: Vec<(String, String, &str, String)> = run
        .findings
        .iter()
        .map(|f| (f.key.clone(), f.locale.clone(), f.check, f.message.clone()))
        .collect();
    stored.sort();
    fresh.sort();
    assert_eq!(stored, fresh, "{when}");
    assert_eq!((t.errors, t.warnings), (run.errors, run.warnings), "{when}");
    assert_eq!(t.total, t.strings.len(), "{when}");
    for c in &t.completeness {
        let status = |s: &callsheet_app::loc::StringView| {
            s.translations
                .get(&c.locale)
                .filter(|t| !t.text.trim().is_empty())
                .map_or(Status::New, |t| t.status)
        };
        let count = |want: Status| t.strings.iter().filter(|s| status(s) == want).count();
        let failing = t
            .strings
            .iter()
            .filter(|s| {
                s.findings.iter().any(|f| {
                    f.locale == c.locale
                        && f.severity == callsheet_core::loc::checks::Severity::Error
                })
            })
            .count();
        assert_eq!(
            (c.total, c.new, c.translated, c.reviewed, c.stale, c.failing),
            (
                t.strings.len(),
                count(Status::New),
                count(Status::Translated),
                count(Status::Reviewed),
                count(Status::Stale),
                failing
            ),
            "{when}: {}",
            c.locale
        );
    }
}

#[tokio::test]
async fn stored_findings_and_totals_follow_every_kind_of_change() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        assert_current(&app, &pat, &format!("{}: after the import", db.label)).await;
        app.set_translation(
            &pat,
            "NJ",
            "tip.start",
            "fr",
            "Appuie sur <b>Start</b>",
            None,
        )
        .await
        .unwrap();
        assert_current(&app, &pat, "a translation filled in").await;
        // menu.play takes menu.quit's source: one source, two German translations.
        app.set_loc_source(&pat, "NJ", "menu.play", "Quit")
            .await
            .unwrap();
        app.set_translation(&pat, "NJ", "menu.play", "de", "Beenden", Some("reviewed"))
            .await
            .unwrap();
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        let inconsistent = t
            .strings
            .iter()
            .flat_map(|s| &s.findings)
            .filter(|f| f.check == "inconsistent")
            .count();
        assert_eq!(inconsistent, 2, "French and German differ: {t:#?}");
        // A check filter finds the strings through their stored findings.
        for (locale, matching) in [(None, 1), (Some("de"), 1), (Some("ja"), 0)] {
            let only = StringFilter {
                check: Some("inconsistent".into()),
                locale: locale.map(str::to_string),
                ..StringFilter::default()
            };
            let t = app.loc_strings(&pat, "NJ", &only).await;
            match (locale, t) {
                (Some("ja"), Err(e)) => assert!(e.to_string().contains("ja"), "{e}"),
                (_, Ok(t)) => {
                    assert_eq!(t.matching, matching, "{locale:?}");
                    assert!(t.strings.iter().all(|s| s.key == "menu.quit"));
                }
                (_, Err(e)) => panic!("{e}"),
            }
        }
        assert_current(&app, &pat, "two strings of one source translated two ways").await;
        // Its source moves away again: the inconsistency leaves the other string too.
        app.set_loc_source(&pat, "NJ", "menu.play", "Play now")
            .await
            .unwrap();
        assert_current(&app, &pat, "a source moved out of a group").await;
        app.set_loc_source(&pat, "NJ", "menu.back", "Back")
            .await
            .unwrap();
        assert_current(&app, &pat, "a new string").await;
        app.loc_allow(&pat, "NJ", None, "stale", "sources are being rewritten")
            .await
            .unwrap();
        assert_current(&app, &pat, "an allow-list entry").await;
        let mut settings = app.loc_settings(&pat, "NJ").await.unwrap();
        settings.locales.push("es".into());
        app.set_loc_settings(&pat, "NJ", &settings).await.unwrap();
        assert_current(&app, &pat, "a locale added").await;
        let t = app.loc_strings(&pat, "NJ", &all()).await.unwrap();
        let es = t.completeness.iter().find(|c| c.locale == "es").unwrap();
        assert_eq!((es.new, es.total), (5, 5));
    }
}
