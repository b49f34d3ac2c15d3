//! A response read whole, decoded as the action's documented type or
//! turned into the matching error.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, Deserializer};

use crate::error::{ApiError, Error, is_blank};
use crate::kept::{self, Skipped};
use crate::response::Response;
use crate::undocumented;

/// How the body of a documented success becomes its Rust type: by the
/// type's `Deserialize` for any JSON type, or by the status for the enum a
/// generated crate declares for an action whose success statuses carry
/// different bodies (`by_status!`).
pub trait DecodeSuccess: Sized {
    /// Reads the body of a success of `status`.
    fn decode<'de, D: Deserializer<'de>>(status: StatusCode, body: D) -> Result<Self, D::Error>;
}

impl<T: DeserializeOwned> DecodeSuccess for T {
    fn decode<'de, D: Deserializer<'de>>(_: StatusCode, body: D) -> Result<Self, D::Error> {
        T::deserialize(body)
    }
}

/// A response with its whole body, not yet decoded.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The body decoded as `T` (a documented success) or `E`. `action`
    /// names the call in the reports of undocumented properties: of those
    /// whose values were skipped whenever a subscriber wants it, of all of
    /// them when `report` (the client's setting) says so too.
    pub(crate) fn decode<T: DecodeSuccess, E: DeserializeOwned>(
        self,
        success: &[u16],
        action: &str,
        report: bool,
    ) -> Result<Response<T>, Error<E>> {
        let RawResponse {
            status,
            headers,
            body,
        } = self;
        let documented =
            success.contains(&status.as_u16()) || (success.is_empty() && status.is_success());
        if !documented {
            return Err(error_status(status, headers, body));
        }
        match decode_documented::<T>(status, &body, action, report) {
            Ok(value) => Ok(Response::new(status, headers, value)),
            Err(Undecodable { path, source }) => Err(Error::Decode {
                status,
                path,
                source,
                body,
            }),
        }
    }
}

/// Why a body is not its documented type: where, and serde's error.
struct Undecodable {
    path: String,
    source: serde_json::Error,
}

/// The body of a documented success as `T`, with the values of undocumented properties kept as
/// written or skipped; `action` names the call in the reports of
/// undocumented properties: of those whose values were skipped whenever a
/// subscriber wants it, of all of them when `report` (the client's
/// setting) says so too.
fn decode_documented<T: DecodeSuccess>(
    status: StatusCode,
    body: &Bytes,
    action: &str,
    report: bool,
) -> Result<T, Undecodable> {
    // An empty body decodes as JSON `null`: `()` for "no content".
    let null = Bytes::from_static(b"null");
    let json = if is_blank(Some(body)) { &null } else { body };
    // While a subscriber wants the report, the one decode also notes the
    // properties the type does not describe.
    let ((decoded, skipped), found) = if report && undocumented::wanted() {
        let mut decoded = None;
        let found = undocumented::undocumented(json, &mut || {
            decoded = Some(decode_json::<T>(status, json));
        });
        let decoded = decoded.unwrap_or_else(|| decode_json::<T>(status, json));
        (decoded, Some(found))
    } else {
        (decode_json::<T>(status, json), None)
    };
    match decoded {
        Ok(value) => {
            undocumented::report_skipped(action, json, &skipped);
            if let Some(found) = found {
                undocumented::report(action, &found);
            }
            Ok(value)
        }
        // Decoded again to find where: tracking the path costs time on
        // every success, and only a failure needs it.
        Err(source) => {
            let tracked = || {
                let mut deserializer = serde_json::Deserializer::from_slice(json);
                let mut track = serde_path_to_error::Track::new();
                let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
                match T::decode(status, tracked) {
                    Err(_) => track.path().to_string(),
                    Ok(_) => String::from("."),
                }
            };
            let (path, ..) = kept::reading(json, true, tracked);
            Err(Undecodable { path, source })
        }
    }
}

/// The error of a status that is not a documented success: the API's
/// error (400 or above, its body decoded as `E` when it is one), else an
/// unexpected status.
pub(crate) fn error_status<E: DeserializeOwned>(
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
) -> Error<E> {
    if status.as_u16() >= 400 {
        let (decoded, _) = decode_json::<E>(status, &body);
        return Error::Api(Box::new(ApiError {
            status,
            headers,
            body: decoded.ok(),
            raw: body,
        }));
    }
    Error::UnexpectedStatus {
        status,
        headers: Box::new(headers),
        body,
    }
}

/// The whole of `json` as a `T`, nothing after it but white space, with
/// the values of undocumented properties kept as written or skipped (the
/// second element: see `kept.rs`).
fn decode_json<T: DecodeSuccess>(
    status: StatusCode,
    json: &Bytes,
) -> (serde_json::Result<T>, Skipped) {
    let (first, escaped, skipped) = kept::reading(json, false, || decode_whole(status, json));
    // A value under a name with an escape, read by the decoder, may be
    // what failed: once more with those skipped.
    if first.is_err() && escaped {
        let (second, _, skipped) = kept::reading(json, true, || decode_whole(status, json));
        if second.is_ok() {
            return (second, skipped);
        }
    }
    (first, skipped)
}

fn decode_whole<T: DecodeSuccess>(status: StatusCode, json: &[u8]) -> serde_json::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = T::decode(status, &mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}
