//! The OpenAPI document: the committed `docs/openapi.json` is what the server serves,
//! and every API route is in it with every method it answers.
//! `CALLSHEET_UPDATE_OPENAPI=1 cargo test -p callsheet-web --test openapi` rewrites the file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use axum::body::Body;
use axum::http::{Request, StatusCode};
use callsheet_app::App;
use callsheet_testkit::TestDb;
use std::collections::BTreeSet;
use std::path::PathBuf;
use tower::ServiceExt;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[test]
fn the_committed_document_is_what_the_server_serves() {
    let generated = callsheet_web::openapi_document();
    if std::env::var("CALLSHEET_UPDATE_OPENAPI").as_deref() == Ok("1") {
        std::fs::write(committed(), &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/openapi.json is out of date with the API; run \
         CALLSHEET_UPDATE_OPENAPI=1 cargo test -p callsheet-web --test openapi and commit it"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
}

#[tokio::test]
async fn every_api_route_and_method_is_documented() {
    let doc: serde_json::Value = serde_json::from_str(&callsheet_web::openapi_document()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let documented: BTreeSet<String> = paths.keys().cloned().collect();
    let routed: BTreeSet<String> = callsheet_web::routes()
        .into_iter()
        .map(|(p, _)| p.to_string())
        .filter(|p| p.starts_with("/api/v1/"))
        .collect();
    assert_eq!(routed, documented, "API routes and documented paths differ");

    // Each documented method is answered (not 405), and each method a route answers
    // beyond those is caught by asking with the others.
    let db = TestDb::sqlite().await;
    // Hundreds of anonymous calls from one address: no rate limit here.
    let unlimited = callsheet_web::RateLimit {
        per_second: 0,
        burst: 0,
    };
    let router = callsheet_web::router_with(App::new(db.store.clone()), unlimited);
    for (path, ops) in paths {
        let concrete = path
            .replace("{key}", "NJ")
            .replace("{id}", "1")
            .replace("{handle}", "ada")
            .replace("{status}", "Backlog")
            .replace("{kind}", "blocks")
            .replace("{to}", "NJ-2");
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let req = Request::builder()
                .method(method)
                .uri(&concrete)
                .body(Body::empty())
                .unwrap();
            let status = router.clone().oneshot(req).await.unwrap().status();
            let is_documented = ops.get(method.to_ascii_lowercase()).is_some();
            assert_eq!(
                status != StatusCode::METHOD_NOT_ALLOWED,
                is_documented,
                "{method} {path}: answered {status}, documented: {is_documented}"
            );
        }
    }
}
