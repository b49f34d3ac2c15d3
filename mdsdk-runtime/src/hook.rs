//! A hook that sees, and may change, every request before it is sent.

use std::future::{self, Future};
use std::pin::Pin;

use crate::error::BoxError;

/// Runs before each attempt of each request: to refresh a token, add a
/// header, sign the request. An error stops the call with
/// [`Error::Hook`](crate::Error::Hook).
///
/// A plain closure `Fn(&mut reqwest::Request) -> Result<(), BoxError>` is a
/// hook; implement the trait for one that needs to await.
pub trait RequestHook: Send + Sync + 'static {
    /// Inspects or changes `request` before it is sent.
    fn on_request<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;
}

impl<F> RequestHook for F
where
    F: Fn(&mut reqwest::Request) -> Result<(), BoxError> + Send + Sync + 'static,
{
    fn on_request<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>> {
        Box::pin(future::ready(self(request)))
    }
}
