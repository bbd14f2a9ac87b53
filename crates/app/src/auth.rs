//! Signing in: argon2id passwords, browser sessions and personal API tokens.
//!
//! Secrets handed out (session ids, tokens) are 32 random bytes, shown once; only
//! their SHA-256 hashes are stored, so a copy of the database signs nobody in.

use crate::{App, AppError, Ctx, Result, actor_id};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use callsheet_core::activity::FieldChange;
use callsheet_core::ids::parse_handle;
use callsheet_store::activity::NewEvent;
use callsheet_store::auth::{self as store, TokenInfo};
use callsheet_store::people::Person;
use callsheet_store::{activity, commit, people};
use sha2::{Digest, Sha256};

/// How long a browser session lasts.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per handle within [`THROTTLE_WINDOW_MS`].
pub const MAX_FAILURES: i64 = 5;
/// The window failed sign-ins are counted over: 15 minutes.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60_000;
/// How stale a token's "last used" may get before it is written again.
pub const TOKEN_TOUCH_MS: i64 = 60_000;
/// The shortest password we accept.
pub const MIN_PASSWORD: usize = 10;

/// A fresh secret: a prefix and 32 random bytes in hex.
fn secret(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Conflict(format!("no randomness available: {e}")))?;
    Ok(format!("{prefix}{}", hex(&bytes)))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The stored form of a secret.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// A new browser session: the secret for the cookie, and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub secret: String,
    pub person: String,
    pub expires_ms: i64,
}

/// How long a first-run setup link works.
const SETUP_LINK_MS: i64 = 86_400_000;

impl App {
    /// Sets (or resets) a person's password, ending their sessions.
    pub async fn set_password(&self, ctx: &Ctx, handle: &str, password: &str) -> Result<()> {
        if password.chars().count() < MIN_PASSWORD {
            return Err(AppError::invalid(
                "password",
                "(hidden)",
                format!("use at least {MIN_PASSWORD} characters"),
            ));
        }
        let handle = parse_handle(handle)?;
        let hash = Argon2::default()
            .hash_password(password.as_bytes())
            .map_err(|e| AppError::Conflict(format!("could not hash the password: {e}")))?
            .to_string();
        let mut tx = self.begin().await?;
        let person = people::by_handle(&mut tx, &handle)
            .await?
            .ok_or_else(|| AppError::not_found("person", handle.clone()))?;
        let actor = actor_id(&mut tx, ctx).await?;
        store::set_password_hash(&mut tx, person.id, &hash).await?;
        store::delete_sessions_of(&mut tx, person.id).await?;
        let change = FieldChange {
            field: "password".into(),
            before: None,
            after: Some("(changed)".into()),
        };
        activity::append(
            &mut tx,
            &[NewEvent::person(
                ctx.now_ms,
                actor,
                person.id,
                "password",
                vec![change],
            )],
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }

    /// Checks a handle and password and opens a session. Wrong handle and wrong
    /// password get the same answer.
    pub async fn log_in(&self, handle: &str, password: &str, now_ms: i64) -> Result<Session> {
        let refused = || AppError::Forbidden("that handle and password do not match".into());
        let typed = handle.trim().to_ascii_lowercase();
        let mut tx = self.begin().await?;
        let (failures, oldest) =
            store::failures_since(&mut tx, &typed, now_ms - THROTTLE_WINDOW_MS).await?;
        if failures >= MAX_FAILURES {
            let retry_after_s =
                (oldest.unwrap_or(now_ms) + THROTTLE_WINDOW_MS - now_ms).max(1000) / 1000;
            return Err(AppError::Throttled {
                handle: typed,
                retry_after_s,
            });
        }
        let found = match parse_handle(&typed) {
            Ok(h) => store::password_hash(&mut tx, &h).await?,
            Err(_) => None,
        };
        let verified = match &found {
            Some((_, Some(hash))) => PasswordHash::new(hash).ok().is_some_and(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            }),
            _ => {
                // Spend the same effort as a real check, so timing does not tell who exists.
                let _ = Argon2::default().hash_password(password.as_bytes());
                false
            }
        };
        let Some((person, _)) = found.filter(|_| verified) else {
            store::record_failure(&mut tx, &typed, now_ms).await?;
            commit(tx).await?;
            return Err(refused());
        };
        store::clear_failures(&mut tx, &typed).await?;
        let secret = secret("cs_s_")?;
        let expires_ms = now_ms + SESSION_DAYS * 86_400_000;
        store::insert_session(&mut tx, person.id, &digest(&secret), now_ms, expires_ms).await?;
        commit(tx).await?;
        Ok(Session {
            secret,
            person: person.handle,
            expires_ms,
        })
    }

    /// On a database where nobody can sign in yet, makes a one-time link (valid for a day)
    /// for creating the first person; otherwise None.
    pub async fn setup_link(&self, now_ms: i64) -> Result<Option<String>> {
        let mut tx = self.begin().await?;
        if store::anyone_can_sign_in(&mut tx).await? {
            return Ok(None);
        }
        let secret = secret("cs_setup_")?;
        store::insert_setup_link(&mut tx, &digest(&secret), now_ms).await?;
        commit(tx).await?;
        Ok(Some(secret))
    }

    /// Creates the first person with a setup link, and signs them in. The link works once,
    /// within a day, and only while nobody else can sign in.
    pub async fn set_up(
        &self,
        link: &str,
        handle: &str,
        name: &str,
        password: &str,
        now_ms: i64,
    ) -> Result<Session> {
        let refused = || {
            AppError::Forbidden(
                "this setup link is used, expired or unknown; run `callsheet admin create-user` instead"
                    .into(),
            )
        };
        // Check what can be checked before the link is spent.
        parse_handle(handle)?;
        if name.trim().is_empty() {
            return Err(AppError::invalid(
                "name",
                name,
                "a person needs a display name",
            ));
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(AppError::invalid(
                "password",
                "(hidden)",
                format!("use at least {MIN_PASSWORD} characters"),
            ));
        }
        {
            let mut tx = self.begin().await?;
            if store::anyone_can_sign_in(&mut tx).await?
                || !store::use_setup_link(&mut tx, &digest(link), now_ms - SETUP_LINK_MS, now_ms)
                    .await?
            {
                return Err(refused());
            }
            commit(tx).await?;
        }
        let system = Ctx::system(now_ms);
        self.create_person(&system, handle, name, None).await?;
        self.set_password(&system, handle, password).await?;
        self.log_in(handle, password, now_ms).await
    }

    /// Ends a session; ending one that is gone is not an error.
    pub async fn log_out(&self, secret: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        store::delete_session(&mut tx, &digest(secret)).await?;
        commit(tx).await?;
        Ok(())
    }

    /// The person a session secret or an API token belongs to, if it is live. Reading
    /// takes no write lock; a token's "last used" is written at most once a minute, so
    /// a busy script does not turn every request into a write.
    pub async fn authenticate(&self, secret: &str, now_ms: i64) -> Result<Option<Person>> {
        let hash = digest(secret);
        // One statement each: no transaction needed, and every request passes here.
        let mut conn = self.store.conn().await?;
        if secret.starts_with("cs_s_") {
            return Ok(store::session_person(&mut conn, &hash, now_ms).await?);
        }
        let Some((person, last_used)) = store::token_person(&mut conn, &hash).await? else {
            return Ok(None);
        };
        drop(conn);
        if last_used.is_none_or(|at| now_ms - at >= TOKEN_TOUCH_MS) {
            let mut tx = self.begin().await?;
            store::touch_token(&mut tx, &hash, now_ms).await?;
            commit(tx).await?;
        }
        Ok(Some(person))
    }

    /// Creates a personal API token for the acting person. The token is returned
    /// once and never again.
    pub async fn create_token(&self, ctx: &Ctx, name: &str) -> Result<(TokenInfo, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::invalid(
                "token name",
                name,
                "name the token in 1 to 80 characters, like \"ci pipeline\"",
            ));
        }
        let mut tx = self.begin().await?;
        let person = actor_id(&mut tx, ctx).await?.ok_or_else(|| {
            AppError::invalid("--as", "", "a token belongs to a person: say who with --as")
        })?;
        let token = secret("cs_t_")?;
        let id = store::insert_token(&mut tx, person, name, &digest(&token), ctx.now_ms).await?;
        let info = store::tokens_of(&mut tx, person)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| AppError::not_found("token", id.to_string()))?;
        commit(tx).await?;
        Ok((info, token))
    }

    pub async fn tokens(&self, ctx: &Ctx) -> Result<Vec<TokenInfo>> {
        let mut tx = self.read().await?;
        let person = actor_id(&mut tx, ctx)
            .await?
            .ok_or_else(|| AppError::invalid("--as", "", "say whose tokens with --as"))?;
        Ok(store::tokens_of(&mut tx, person).await?)
    }

    pub async fn revoke_token(&self, ctx: &Ctx, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let person = actor_id(&mut tx, ctx)
            .await?
            .ok_or_else(|| AppError::invalid("--as", "", "say whose token with --as"))?;
        if !store::revoke_token(&mut tx, person, id, ctx.now_ms).await? {
            return Err(AppError::not_found("token", id.to_string()));
        }
        commit(tx).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_stored_hashed() {
        let a = secret("cs_t_").unwrap();
        let b = secret("cs_t_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 5 + 64);
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
    }
}
