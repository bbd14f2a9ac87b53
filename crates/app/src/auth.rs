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
use callsheet_core::item::StudioRole;
use callsheet_core::person::Person;
use callsheet_core::person::TokenInfo;
use callsheet_core::policy::StudioAction;
use callsheet_store::activity::NewEvent;
use callsheet_store::auth as store;
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

/// Failed sign-ins allowed from one client across all handles within the window
/// (someone trying one password on many accounts).
pub const MAX_CLIENT_FAILURES: i64 = 30;

/// Refuses a sign-in from a client that failed too often lately, for this handle or any.
async fn throttle(
    tx: &mut callsheet_store::Tx,
    client: &str,
    handle: &str,
    now_ms: i64,
) -> Result<()> {
    let since = now_ms - THROTTLE_WINDOW_MS;
    let (for_handle, oldest) = store::failures_since(tx, client, Some(handle), since).await?;
    let (for_client, oldest_any) = store::failures_since(tx, client, None, since).await?;
    let oldest = if for_handle >= MAX_FAILURES {
        oldest
    } else if for_client >= MAX_CLIENT_FAILURES {
        oldest_any
    } else {
        return Ok(());
    };
    let retry_after_s = (oldest.unwrap_or(now_ms) + THROTTLE_WINDOW_MS - now_ms).max(1000) / 1000;
    Err(AppError::Throttled {
        handle: handle.to_string(),
        retry_after_s,
    })
}

/// Password hashing, off the async executor and a few at a time: argon2id takes tens of
/// milliseconds and 19 MiB per check, so a flood of wrong passwords waits its turn here
/// instead of stalling every other request or exhausting memory.
#[derive(Debug, Clone)]
pub(crate) struct Hasher {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Hasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hasher {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(cores.clamp(1, 8))),
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| AppError::Conflict(format!("password checks stopped: {e}")))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::Conflict(format!("password check failed: {e}")))
    }

    /// Whether the password matches the stored hash. Without a hash (no such person, or
    /// no password), the same work is spent, so timing does not tell who exists.
    pub async fn verify(&self, password: &str, hash: Option<String>) -> Result<bool> {
        let password = password.to_string();
        self.run(move || match hash.as_deref().map(PasswordHash::new) {
            Some(Ok(parsed)) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            _ => {
                let _ = Argon2::default().hash_password(password.as_bytes());
                false
            }
        })
        .await
    }

    /// A new argon2id hash of a password.
    pub async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_string();
        self.run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AppError::Conflict(format!("could not hash the password: {e}")))
        })
        .await?
    }
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
        {
            // Your own password, or someone else's as a studio admin.
            let mut tx = self.read().await?;
            if ctx.actor.as_deref() != Some(handle.as_str()) {
                crate::access::require_studio(&mut tx, ctx, StudioAction::ManagePeople).await?;
            }
        }
        let hash = self.hasher.hash(password).await?;
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
    /// password get the same answer. Failures count per client (its address) and handle,
    /// and per client across handles, so guesses from one place are slowed without
    /// letting a stranger lock anyone out from their own machine. The hash is checked with
    /// no transaction open, off the async executor and a few at a time (see [`Hasher`]).
    pub async fn log_in(
        &self,
        handle: &str,
        password: &str,
        client: &str,
        now_ms: i64,
    ) -> Result<Session> {
        let refused = || AppError::Forbidden("that handle and password do not match".into());
        let typed: String = handle
            .trim()
            .to_ascii_lowercase()
            .chars()
            .take(64)
            .collect();
        let client: String = client.chars().take(64).collect();
        let found = {
            let mut tx = self.read().await?;
            throttle(&mut tx, &client, &typed, now_ms).await?;
            match parse_handle(&typed) {
                Ok(h) => store::password_hash(&mut tx, &h).await?,
                Err(_) => None,
            }
        };
        let hash = found.as_ref().and_then(|(_, h)| h.clone());
        let verified = self.hasher.verify(password, hash).await?;
        let mut tx = self.begin().await?;
        let Some((person, _)) = found.filter(|_| verified) else {
            store::record_failure(&mut tx, &client, &typed, now_ms).await?;
            store::forget_failures_before(&mut tx, now_ms - THROTTLE_WINDOW_MS).await?;
            commit(tx).await?;
            return Err(refused());
        };
        store::clear_failures(&mut tx, &client, &typed).await?;
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
        self.add_person(&system, handle, name, None, StudioRole::Admin)
            .await?;
        self.set_password(&system, handle, password).await?;
        self.log_in(handle, password, "setup", now_ms).await
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
