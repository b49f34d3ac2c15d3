//! Every item of this crate that a generated crate's public API shows.
//!
//! A generated crate re-exports this module whole
//! (`pub use mdsdk_runtime::exports::*`), and [`crates`](crate::crates)
//! too, so its users name all of these through it and never depend on this
//! crate, or on another version of reqwest, themselves. These two modules
//! are the one list: an item a generated crate's API comes to show (a type
//! in a signature of something listed here, or one the generated code
//! names in its own signatures) is added here, and
//! `cargo test -p xtask --test exports` fails until it is. The one
//! exception is [`Error`](crate::Error), which each generated crate names
//! as its own `Error`, with its API's error body.
//!
//! With the `mock` feature, the generated crate's `mock` module re-exports
//! [`mock`](crate::mock) whole in the same way.

pub use crate::call::{Endpoint, File, Request, ResponseFuture};
pub use crate::client::{
    Api, ApiDefaults, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT,
};
pub use crate::decode::DecodeSuccess;
pub use crate::encode::EncodeSuccess;
pub use crate::error::{ApiError, ApiErrorBody, BoxError, TimeLimit};
pub use crate::hook::RequestHook;
pub use crate::invalid::InvalidRequest;
pub use crate::nullable::Nullable;
pub use crate::paging::{Page, PageStream};
pub use crate::param::{NumberValue, ParamValue};
pub use crate::redirect::RedirectRefusal;
pub use crate::response::Response;
pub use crate::retry::RetryPolicy;
pub use crate::stream::{
    DEFAULT_MAX_EVENT_SIZE, DEFAULT_RECONNECT_TIME, Event, EventStream, StreamError, StreamEvent,
    StreamRequest,
};

/// What a [`PageStream`] is, and the methods to read one
/// (`TryStreamExt::try_next`), re-exported so users need no crate of
/// their own for them.
pub use futures_util::{Stream, StreamExt, TryStreamExt};
