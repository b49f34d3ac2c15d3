//! A response read whole, decoded as the action's documented type or
//! turned into the matching error.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, is_blank};
use crate::response::Response;
use crate::undocumented;

/// A response with its whole body, not yet decoded.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The body decoded as `T` (a documented success) or `E`; `action`,
    /// when the client reports undocumented properties, names the call
    /// in that report.
    pub(crate) fn decode<T: DeserializeOwned, E: DeserializeOwned>(
        self,
        success: &[u16],
        action: Option<&str>,
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
            let json: &[u8] = if is_blank(Some(&body)) {
                b"null"
            } else {
                &body
            };
            return match serde_json::from_slice(json) {
                Ok(value) => {
                    if let Some(action) = action {
                        undocumented::report::<T>(action, json);
                    }
                    Ok(Response::new(status, headers, value))
                }
                // Decoded again to find where: tracking the path costs time
                // on every success, and only a failure needs it.
                Err(source) => {
                    let path = match undocumented::decode_tracked::<T>(json, &mut |_| {}) {
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
