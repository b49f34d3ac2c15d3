//! A limit on how many requests of a client are in flight at once: each
//! holds a connection, so without one, 10,000 concurrent calls open about
//! as many connections to one host.

use std::fmt;

use tokio::sync::{Semaphore, SemaphorePermit};

/// Permits for the requests in flight: one is held from sending a request
/// to the end of reading its response.
pub(crate) struct Concurrency {
    max: usize,
    permits: Semaphore,
}

impl Concurrency {
    /// At most `max` requests in flight; `None`, no limit, when `max` is
    /// more than a semaphore counts (`usize::MAX >> 3`, more requests than
    /// a process can hold).
    pub(crate) fn new(max: usize) -> Option<Self> {
        (max <= Semaphore::MAX_PERMITS).then(|| Concurrency {
            max,
            permits: Semaphore::new(max),
        })
    }

    /// Waits for a request's turn. (The semaphore is never closed, so this
    /// only ever returns a permit.)
    pub(crate) async fn permit(&self) -> Option<SemaphorePermit<'_>> {
        self.permits.acquire().await.ok()
    }
}

impl fmt::Debug for Concurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at most {} requests in flight", self.max)
    }
}
