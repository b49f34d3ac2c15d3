//! The crates whose types the items of [`exports`](crate::exports) show,
//! re-exported whole. A generated crate re-exports this module's contents
//! too (`pub use mdsdk_runtime::crates::*`), each shown in its docs as a
//! re-export rather than copied into them.

/// The body bytes an [`Error`](crate::Error) keeps
/// ([`Error::raw_body`](crate::Error::raw_body)) and a [`File`](crate::File) holds.
#[doc(no_inline)]
pub use bytes;
/// The HTTP client underneath: statuses, headers, requests a
/// [`RequestHook`](crate::RequestHook) sees, and a client of your own for
/// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).
#[doc(no_inline)]
pub use reqwest;
/// The traits the models implement.
#[doc(no_inline)]
pub use serde;
/// JSON values, and the error of a body that did not decode
/// ([`Error::Decode`](crate::Error::Decode)).
#[doc(no_inline)]
pub use serde_json;
/// The error of a URL that does not parse
/// ([`InvalidRequest::BaseUrl`](crate::InvalidRequest::BaseUrl)).
#[doc(no_inline)]
pub use url;
