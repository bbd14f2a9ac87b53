//! Form bodies and query strings as ordered name/value pairs, so a field may repeat
//! (`keys=NJ-1&keys=NJ-2` from the list's checkboxes).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

/// Decoded `name=value` pairs.
#[derive(Debug, Default, Clone)]
pub(crate) struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    pub fn parse(raw: &[u8]) -> Self {
        Pairs(form_urlencoded::parse(raw).into_owned().collect())
    }

    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a field, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

/// A `application/x-www-form-urlencoded` body.
pub(crate) struct Form(pub Pairs);

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = super::PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| super::PageError::bad_request(&e.body_text()))?;
        Ok(Form(Pairs::parse(&bytes)))
    }
}

/// The query string.
pub(crate) struct QueryPairs(pub Pairs);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryPairs(Pairs::parse(
            parts.uri.query().unwrap_or("").as_bytes(),
        )))
    }
}

/// Percent-encodes a value for a URL query.
pub(crate) fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
