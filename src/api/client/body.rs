//! Reading a response body with a ceiling, so a broken or hostile server (or proxy) cannot make
//! dormant buffer an unbounded answer. Owns the ceiling; must not interpret the body.

use reqwest::Response;
use reqwest::header::CONTENT_LENGTH;

/// Largest response body dormant reads, in bytes. The largest legitimate answer is a 100-record
/// `users/search` page with every expansion (~2 KiB a record, ~200 KiB a page); 8 MiB leaves a
/// 40× margin for long names and product lists while keeping a hostile body from costing more
/// than a few pages' worth of memory per request in flight.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The server declared, or sent, more than the ceiling; `declared` is its `Content-Length`.
    TooLarge { declared: Option<u64> },
    /// The connection failed mid-body.
    Transport(reqwest::Error),
}

/// The whole body of `response` when it is at most `limit` bytes. A declared length over the
/// limit is refused before reading; an undeclared (chunked) body is cut off as it crosses it.
pub(crate) async fn read_capped(mut response: Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge { declared });
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |length| length as usize));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: Vec<u8>, declared: Option<usize>) -> Response {
        let mut builder = axum::http::Response::builder();
        if let Some(length) = declared {
            builder = builder.header(CONTENT_LENGTH, length);
        }
        Response::from(builder.body(body).unwrap())
    }

    #[tokio::test]
    async fn a_body_up_to_the_limit_is_read_whole() {
        let body = read_capped(response(vec![b'x'; 64], None), 64).await.unwrap();
        assert_eq!(body.len(), 64);
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_before_reading() {
        let result = read_capped(response(vec![b'x'; 10], Some(65)), 64).await;
        assert!(matches!(result, Err(BodyError::TooLarge { declared: Some(65) })));
    }

    #[tokio::test]
    async fn an_undeclared_body_is_cut_off_as_it_crosses_the_limit() {
        let result = read_capped(response(vec![b'x'; 65], None), 64).await;
        assert!(matches!(result, Err(BodyError::TooLarge { declared: None })));
    }
}
