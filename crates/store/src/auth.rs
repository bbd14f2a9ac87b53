//! Sign-in records: password hashes, browser sessions and personal API tokens.
//! Session ids and tokens arrive here already hashed (SHA-256); nothing stores them plain.

use crate::people::person;
use crate::{Conn, Result};
use callsheet_core::person::{Person, TokenInfo};
use sqlx::Row;

const PERSON: &str = "p.id, p.handle, p.display_name, p.email, p.organisation, p.studio_role";

pub async fn set_password_hash(conn: &mut Conn, person_id: i64, hash: &str) -> Result<()> {
    sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A person and their password hash, by handle.
pub async fn password_hash(
    conn: &mut Conn,
    handle: &str,
) -> Result<Option<(Person, Option<String>)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {PERSON}, p.password_hash FROM people p WHERE p.handle = $1"
    ));
    let row = sqlx::query(sql)
        .bind(handle)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((person(&r)?, r.try_get("password_hash")?)))
        .transpose()
}

pub async fn insert_session(
    conn: &mut Conn,
    person_id: i64,
    token_hash: &str,
    now_ms: i64,
    expires_ms: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO sessions (person_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(person_id)
        .bind(token_hash)
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The person a live session belongs to.
pub async fn session_person(
    conn: &mut Conn,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<Person>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {PERSON} FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ));
    let row = sqlx::query(sql)
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(person).transpose()
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of a person (after a password reset).
pub async fn delete_sessions_of(conn: &mut Conn, person_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn insert_token(
    conn: &mut Conn,
    person_id: i64,
    name: &str,
    token_hash: &str,
    now_ms: i64,
) -> Result<i64> {
    let row = sqlx::query("INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(person_id)
        .bind(name)
        .bind(token_hash)
        .bind(now_ms)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

/// The person a live (not revoked) token belongs to, and when it was last used.
pub async fn token_person(
    conn: &mut Conn,
    token_hash: &str,
) -> Result<Option<(Person, Option<i64>)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {PERSON}, t.last_used_at FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
    ));
    let row = sqlx::query(sql)
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((person(&r)?, r.try_get("last_used_at")?)))
        .transpose()
}

/// Records that a token was used.
pub async fn touch_token(conn: &mut Conn, token_hash: &str, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
        .bind(now_ms)
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn tokens_of(conn: &mut Conn, person_id: i64) -> Result<Vec<TokenInfo>> {
    let rows = sqlx::query("SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE person_id = $1 ORDER BY id")
        .bind(person_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenInfo {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked_at: r.try_get("revoked_at")?,
            })
        })
        .collect()
}

/// Revokes one of a person's tokens; returns whether a live one was found.
pub async fn revoke_token(
    conn: &mut Conn,
    person_id: i64,
    token_id: i64,
    now_ms: i64,
) -> Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(token_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Records a failed sign-in from a client (its address) for a handle.
pub async fn record_failure(
    conn: &mut Conn,
    client: &str,
    handle: &str,
    now_ms: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO login_failures (client, handle, at) VALUES ($1, $2, $3)")
        .bind(client)
        .bind(handle)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Failed sign-ins from a client since a moment, for one handle or for any, and the
/// oldest of them.
pub async fn failures_since(
    conn: &mut Conn,
    client: &str,
    handle: Option<&str>,
    since_ms: i64,
) -> Result<(i64, Option<i64>)> {
    let row = match handle {
        Some(handle) => sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE client = $1 AND handle = $2 AND at > $3",
        )
        .bind(client)
        .bind(handle)
        .bind(since_ms),
        None => sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE client = $1 AND at > $2",
        )
        .bind(client)
        .bind(since_ms),
    }
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

/// Forgets a client's failures for a handle after a good sign-in.
pub async fn clear_failures(conn: &mut Conn, client: &str, handle: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE client = $1 AND handle = $2")
        .bind(client)
        .bind(handle)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets failures too old to count, so the table stays small under a flood.
pub async fn forget_failures_before(conn: &mut Conn, before_ms: i64) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(before_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether anyone at all can sign in yet (someone has a password).
pub async fn anyone_can_sign_in(conn: &mut Conn) -> Result<bool> {
    let row = sqlx::query("SELECT 1 AS one FROM people WHERE password_hash IS NOT NULL LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// Records a first-run setup link by its digest.
pub async fn insert_setup_link(conn: &mut Conn, digest: &str, now_ms: i64) -> Result<()> {
    sqlx::query("INSERT INTO setup_links (digest, created_at) VALUES ($1, $2)")
        .bind(digest)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Uses up a setup link made after `not_before`; false when it is unknown, used or too old.
pub async fn use_setup_link(
    conn: &mut Conn,
    digest: &str,
    not_before: i64,
    now_ms: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE setup_links SET used_at = $1 WHERE digest = $2 AND used_at IS NULL AND created_at >= $3",
    )
    .bind(now_ms)
    .bind(digest)
    .bind(not_before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
