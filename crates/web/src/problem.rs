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
}

impl Problem {
    pub fn new(status: StatusCode, detail: &str) -> Self {
        Self {
            kind: "about:blank".to_string(),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail: detail.to_string(),
        }
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
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            "the server could not complete this; try again".to_string()
        } else {
            err.to_string()
        };
        Problem::new(status, &detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}
