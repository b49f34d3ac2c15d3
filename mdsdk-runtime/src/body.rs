//! Reading a response body, never holding more than a limit of it: a
//! server that sends an endless or huge body gets an error, not our memory.
//!
//! Public, and hidden, only for the bench that compares it with
//! `reqwest::Response::bytes`.

use bytes::Bytes;

/// How many bytes of a body over the limit the error keeps, to show what
/// the server sent.
pub const PREFIX_KEPT: usize = 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// The body is longer than the limit (its declared length, or what
    /// arrived).
    TooLarge {
        /// At most [`PREFIX_KEPT`] bytes from the start of the body; none
        /// when its declared length was over the limit.
        prefix: Bytes,
    },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// Reads `response`'s body whole, failing as soon as it is longer than
/// `limit` bytes: at once, reading nothing, when its `Content-Length` says
/// so, else when the chunk that crosses the limit arrives.
pub async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, BodyError> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge {
            prefix: Bytes::new(),
        });
    }
    // One chunk is kept as it came (no copy, as `bytes()` does); a second
    // one starts a buffer of the declared length.
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        let held = first.as_ref().map_or(buffer.len(), Bytes::len);
        if chunk.len() > limit - held {
            let start = first.as_deref().unwrap_or(&buffer);
            return Err(BodyError::TooLarge {
                prefix: prefix(start, &chunk),
            });
        }
        if let Some(first) = first.take() {
            // The declared length (at most the limit) is reserved when the
            // allocator grants it: with no limit to speak of
            // (`usize::MAX`), a server may declare more than any memory.
            let expected = declared.map_or(0, |length| length as usize);
            let needed = held + chunk.len();
            if buffer.try_reserve_exact(expected.max(needed)).is_err() {
                buffer.reserve_exact(needed);
            }
            buffer.extend_from_slice(&first);
        } else if buffer.is_empty() {
            first = Some(chunk);
            continue;
        }
        grow_within(&mut buffer, chunk.len(), limit);
        buffer.extend_from_slice(&chunk);
    }
    Ok(first.unwrap_or_else(|| buffer.into()))
}

/// Makes room for `more` bytes, doubling as `Vec` does but never past
/// `budget`: a limit of 32 MiB must not mean a 64 MiB allocation.
fn grow_within(buffer: &mut Vec<u8>, more: usize, budget: usize) {
    let needed = buffer.len() + more;
    if needed > buffer.capacity() {
        let wanted = buffer
            .capacity()
            .saturating_mul(2)
            .clamp(needed, budget.max(needed));
        buffer.reserve_exact(wanted - buffer.len());
    }
}

/// The first [`PREFIX_KEPT`] bytes of `start` followed by `chunk`.
fn prefix(start: &[u8], chunk: &[u8]) -> Bytes {
    let mut kept = Vec::with_capacity(PREFIX_KEPT);
    kept.extend_from_slice(&start[..start.len().min(PREFIX_KEPT)]);
    let room = PREFIX_KEPT - kept.len();
    kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
    kept.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_stops_at_the_budget() {
        let mut buffer = vec![0; 600];
        grow_within(&mut buffer, 100, 1000);
        assert_eq!(buffer.capacity(), 1000);
        let mut small = Vec::with_capacity(10);
        grow_within(&mut small, 20, 1000);
        assert!((20..=1000).contains(&small.capacity()));
    }

    #[test]
    fn the_prefix_is_bounded() {
        assert_eq!(prefix(b"ab", b"cd"), Bytes::from_static(b"abcd"));
        assert_eq!(prefix(&[1; 2000], b"x").len(), PREFIX_KEPT);
        assert_eq!(prefix(&[1; 1000], &[2; 100])[1000..], [2; 24]);
    }
}
