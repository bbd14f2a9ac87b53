//! Errors as RFC 9457 `application/problem+json` documents.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use callsheet_app::AppError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// What really went wrong behind a 5xx: for the log, never for the client.
    #[serde(skip)]
    pub cause: Option<String>,
}

/// The cause of a 5xx, carried on the response for the request log (see `metrics::track`),
/// which writes it with the request id.
#[derive(Debug, Clone)]
pub struct Fault(pub String);

impl Problem {
    pub fn new(status: StatusCode, detail: &str) -> Self {
        Self {
            kind: "about:blank".to_string(),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail: detail.to_string(),
            cause: None,
        }
    }

    /// A 500 whose cause goes to the log and whose detail goes to the client.
    pub fn internal(detail: &str, cause: impl std::fmt::Display) -> Self {
        Self {
            cause: Some(cause.to_string()),
            ..Self::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
        }
    }

    /// The fault to log for this problem, when it is the server's.
    pub(crate) fn fault(&self) -> Option<Fault> {
        (self.status >= 500)
            .then(|| Fault(self.cause.clone().unwrap_or_else(|| self.detail.clone())))
    }
}

impl From<AppError> for Problem {
    fn from(err: AppError) -> Self {
        let status = match &err {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Invalid(_)
            | AppError::Query(_)
            | AppError::Cycle(_)
            | AppError::InBatch { .. } => StatusCode::BAD_REQUEST,
            AppError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        // Database errors are for the log, not for the client.
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            return Problem::internal("the server could not complete this; try again", err);
        }
        Problem::new(status, &err.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fault = self.fault();
        let mut response = (status, axum::Json(self)).into_response();
        if let Some(fault) = fault {
            response.extensions_mut().insert(fault);
        }
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}
