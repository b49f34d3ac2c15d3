//! The `reqwest` request a call sends: built afresh for every attempt and
//! every redirect hop, so a multipart body (a stream, sent once) can be
//! sent again.

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use reqwest::{Method, Url};

use std::sync::Arc;

use crate::call::{Body, Call, form};
use crate::invalid::InvalidRequest;

impl Call {
    /// The request this call sends, built as every attempt builds it: the
    /// URL with its query, the client's and the call's headers, the body.
    pub fn to_reqwest(&self) -> Result<reqwest::Request, InvalidRequest> {
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        self.build_request(self.endpoint.method.clone(), self.url()?, true)
    }

    /// This call's request sent by `method` to `url`, with its body or
    /// without (a `303` redirect drops it).
    pub(crate) fn build_request(
        &self,
        method: Method,
        url: Url,
        with_body: bool,
    ) -> Result<reqwest::Request, InvalidRequest> {
        let inner = self.client.inner();
        let mut headers = inner.headers.clone();
        // The call's headers replace the client's of the same name.
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let mut request = inner.http.request(method, url);
        match self.body.as_ref().filter(|_| with_body) {
            Some(Body::Json(json)) => {
                // A content type the call set (`application/merge-patch+json`)
                // is kept.
                headers
                    .entry(CONTENT_TYPE)
                    .or_insert(HeaderValue::from_static("application/json"));
                request = request.body(json.clone());
            }
            // reqwest sets the multipart content type with its boundary.
            Some(Body::Form(parts)) => request = request.multipart(form(parts)?),
            None => {}
        }
        let mut request = request
            .build()
            .map_err(|e| InvalidRequest::Build(Arc::new(e.without_url())))?;
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
}
