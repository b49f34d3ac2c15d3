//! A success body written back as the API would send it: what a mock
//! answers a call with.

use serde::Serialize;

/// How a value of an action's success type is sent as a response: any
/// JSON type as itself with the action's first documented success status,
/// and the enum a generated crate declares for an action whose success
/// statuses carry different bodies (`by_status!`) with its variant's
/// status and body.
pub trait EncodeSuccess {
    /// The status this value is the body of, when it says: `None` for the
    /// action's first documented success status.
    fn success_status(&self) -> Option<u16>;
    /// The body as JSON, `None` when its status has none.
    fn success_json(&self) -> Result<Option<Vec<u8>>, serde_json::Error>;
}

impl<T: Serialize + ?Sized> EncodeSuccess for T {
    fn success_status(&self) -> Option<u16> {
        None
    }

    fn success_json(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(self).map(Some)
    }
}
