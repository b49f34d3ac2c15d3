//! Sending a call: attempts with retries, the request hook, a tracing span,
//! and decoding. Everything but the final decode is independent of the
//! response type, so it is compiled once, not once per action.

use std::time::Instant;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::call::{Body, Call, ResponseFuture, form};
use crate::error::{ApiError, BoxError, Error};
use crate::response::Response;
use crate::retry::Outcome;

impl Call {
    /// Sends the request and decodes a documented success status as `T`,
    /// an error status's body as `E`.
    pub fn send<T, E>(self) -> ResponseFuture<T, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        Box::pin(async move {
            let success = self.endpoint.success;
            let raw = self.execute().await.map_err(Failure::into_error)?;
            Ok(raw.decode::<T, E>(success)?.into_body())
        })
    }

    /// Like [`Call::send`], keeping the status and headers of the response.
    pub fn send_with_response<T, E>(self) -> ResponseFuture<Response<T>, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        Box::pin(async move {
            let success = self.endpoint.success;
            let raw = self.execute().await.map_err(Failure::into_error)?;
            raw.decode(success)
        })
    }

    /// Sends the request, retrying as the client's policy says, inside a
    /// span that records the action, method, path template, status,
    /// attempts and elapsed time, and never the token or a body.
    /// The request this call sends, built as every attempt builds it: the
    /// URL with its query, the client's and the call's headers, the body.
    pub fn to_reqwest(&self) -> Result<reqwest::Request, String> {
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        let url = self.url()?;
        let inner = self.client.inner();
        let mut headers = inner.headers.clone();
        // The call's headers replace the client's of the same name.
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let mut request = inner.http.request(self.endpoint.method.clone(), url);
        match &self.body {
            Some(Body::Json(json)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                request = request.body(json.clone());
            }
            // reqwest sets the multipart content type with its boundary.
            Some(Body::Form(parts)) => request = request.multipart(form(parts)?),
            None => {}
        }
        if let Some(timeout) = self.timeout.unwrap_or(inner.timeout) {
            request = request.timeout(timeout);
        }
        let mut request = request.build().map_err(|e| e.to_string())?;
        // Moved in whole rather than copied header by header; then what the
        // builder set (a multipart content type) goes back on top.
        let set_by_builder = std::mem::replace(request.headers_mut(), headers);
        for (name, value) in set_by_builder {
            if let Some(name) = name {
                request.headers_mut().insert(name, value);
            }
        }
        Ok(request)
    }

    async fn execute(self) -> Result<RawResponse, Failure> {
        let inner = self.client.inner();
        let method = self.endpoint.method.clone();
        let span = tracing::info_span!(
            "request",
            action = self.endpoint.action,
            method = %method,
            path = self.endpoint.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let attempts = async {
            let mut attempt = 1;
            loop {
                let mut request = self.to_reqwest().map_err(Failure::Invalid)?;
                if let Some(hook) = &inner.hook {
                    hook.on_request(&mut request).await.map_err(Failure::Hook)?;
                }
                let result = inner.http.execute(request).await;
                let outcome = match &result {
                    Ok(response) => Outcome::Status(response.status(), response.headers()),
                    Err(e) if e.is_connect() => Outcome::ConnectFailed,
                    Err(_) => Outcome::OtherFailure,
                };
                if let Some(delay) =
                    inner
                        .retry
                        .next_delay(&method, attempt, started.elapsed(), outcome)
                {
                    match &result {
                        Ok(response) => tracing::debug!(
                            attempt,
                            status = response.status().as_u16(),
                            ?delay,
                            "retrying"
                        ),
                        Err(e) => {
                            tracing::debug!(attempt, error = %e.without_url_ref(), ?delay, "retrying")
                        }
                    }
                    drop(result);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
                tracing::Span::current().record("attempts", attempt);
                let mut response = result.map_err(Failure::Transport)?;
                let status = response.status();
                tracing::Span::current().record("status", status.as_u16());
                let headers = std::mem::take(response.headers_mut());
                let body = response.bytes().await.map_err(Failure::Transport)?;
                return Ok(RawResponse {
                    status,
                    headers,
                    body,
                });
            }
        };
        // Without a subscriber that wants the span, skip the bookkeeping.
        if span.is_disabled() {
            return attempts.await;
        }
        let result: Result<RawResponse, Failure> = attempts.instrument(span.clone()).await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        if let Err(failure) = &result {
            span.in_scope(|| tracing::debug!(failure = %failure.kind(), "request failed"));
        }
        result
    }
}

/// The URL-free display of a transport error, for logs.
trait WithoutUrl {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(url.as_str(), "<url>");
        }
        text
    }
}

/// Why a request got no response.
enum Failure {
    Invalid(String),
    Transport(reqwest::Error),
    Hook(BoxError),
}

impl Failure {
    fn kind(&self) -> &'static str {
        match self {
            Failure::Invalid(_) => "invalid request",
            Failure::Transport(_) => "transport",
            Failure::Hook(_) => "request hook",
        }
    }

    fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Invalid(why) => Error::InvalidRequest(why),
            Failure::Transport(e) => Error::transport(e),
            Failure::Hook(e) => Error::Hook(e),
        }
    }
}

struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    fn decode<T: DeserializeOwned, E: DeserializeOwned>(
        self,
        success: &[u16],
    ) -> Result<Response<T>, Error<E>> {
        let RawResponse {
            status,
            headers,
            body,
        } = self;
        let documented =
            success.contains(&status.as_u16()) || (success.is_empty() && status.is_success());
        if documented {
            // An empty body decodes as JSON `null`: `()` for "no content".
            let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
                b"null"
            } else {
                &body
            };
            return match serde_json::from_slice(json) {
                Ok(value) => Ok(Response::new(status, headers, value)),
                // Decoded again to find where: tracking the path costs time
                // on every success, and only a failure needs it.
                Err(source) => {
                    let mut deserializer = serde_json::Deserializer::from_slice(json);
                    let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                        Err(e) => e.path().to_string(),
                        Ok(_) => String::from("."),
                    };
                    Err(Error::Decode {
                        status,
                        path,
                        source,
                        body,
                    })
                }
            };
        }
        if status.as_u16() >= 400 {
            let decoded = serde_json::from_slice(&body).ok();
            return Err(Error::Api(Box::new(ApiError {
                status,
                headers,
                body: decoded,
                raw: body,
            })));
        }
        Err(Error::UnexpectedStatus {
            status,
            headers: Box::new(headers),
            body,
        })
    }
}
